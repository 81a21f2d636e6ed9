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
        // A name of its own: the same file uploaded twice at once (by one instance or two sharing
        // the folder) must not write or move the other's temporary file.
        let tmp = parent.join(format!("{sha}.{}.tmp", &crate::auth::random_token()[..16]));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_same_file_stored_many_times_at_once_is_stored_once() {
        let dir =
            std::env::temp_dir().join(format!("portal-storage-{}", crate::auth::random_token()));
        let storage = Storage::new(&dir).unwrap();
        let bytes = vec![7u8; 512 * 1024];
        let mut puts = tokio::task::JoinSet::new();
        for _ in 0..16 {
            let (storage, bytes) = (storage.clone(), bytes.clone());
            puts.spawn(async move { storage.put(bytes).await });
        }
        let shas: Vec<String> = puts
            .join_all()
            .await
            .into_iter()
            .map(|r| r.unwrap())
            .collect();
        assert!(shas.windows(2).all(|w| w[0] == w[1]));
        assert_eq!(storage.get(&shas[0]).await.unwrap(), bytes);
        let leftovers = std::fs::read_dir(dir.join(&shas[0][..2])).unwrap().count();
        assert_eq!(leftovers, 1, "one file, no temporary ones");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
