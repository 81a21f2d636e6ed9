//! Content-addressed file storage on disk, outside `static/`: a file is stored once under its
//! SHA-256 (`ab/abcdef…`), however many materials or people use it.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The upload folder.
#[derive(Debug, Clone)]
pub struct Storage {
    dir: PathBuf,
}

impl Storage {
    /// Storage rooted at `dir` (created when missing).
    pub fn new(dir: impl Into<PathBuf>) -> std::io::Result<Self> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir)?;
        Ok(Self { dir })
    }

    fn path_of(&self, sha256: &str) -> Option<PathBuf> {
        let ok = sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit());
        ok.then(|| self.dir.join(&sha256[..2]).join(sha256))
    }

    /// Stores `bytes` (atomically, once) and returns their SHA-256 as hex.
    pub async fn put(&self, bytes: Vec<u8>) -> std::io::Result<String> {
        let sha = hex::encode(Sha256::digest(&bytes));
        let path = self.path_of(&sha).ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a SHA-256 in hex")
        })?;
        if tokio::fs::try_exists(&path).await.unwrap_or(false) {
            return Ok(sha);
        }
        let parent = path.parent().unwrap_or(Path::new("."));
        tokio::fs::create_dir_all(parent).await?;
        let tmp = parent.join(format!("{sha}.{}.tmp", std::process::id()));
        tokio::fs::write(&tmp, &bytes).await?;
        tokio::fs::rename(&tmp, &path).await?;
        Ok(sha)
    }

    /// The bytes stored under `sha256`.
    pub async fn get(&self, sha256: &str) -> std::io::Result<Vec<u8>> {
        match self.path_of(sha256) {
            Some(path) => tokio::fs::read(path).await,
            None => Err(std::io::Error::new(std::io::ErrorKind::NotFound, "bad key")),
        }
    }
}
