//! Content-addressed file storage: a file is stored once under its SHA-256, however many
//! materials or people use it. In the database by default (`upload_blobs`: every app instance
//! reads every upload, and a backup of the database holds them); in a folder (`ab/abcdef…`) with
//! `--upload-store folder`, for one machine or a folder shared by all.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::db::{DbPool, blobs};

/// Where uploads are kept.
#[derive(Clone)]
pub enum Storage {
    /// The `upload_blobs` table.
    Database(DbPool),
    /// A folder on disk, outside `static/`.
    Folder(PathBuf),
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Storage::Database(_) => f.write_str("Storage::Database"),
            Storage::Folder(dir) => f.debug_tuple("Storage::Folder").field(dir).finish(),
        }
    }
}

fn io_error(e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

fn is_sha256(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl Storage {
    /// Storage in the folder `dir` (created when missing).
    pub fn new(dir: impl Into<PathBuf>) -> std::io::Result<Self> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir)?;
        Ok(Storage::Folder(dir))
    }

    fn path_of(dir: &Path, sha256: &str) -> Option<PathBuf> {
        is_sha256(sha256).then(|| dir.join(&sha256[..2]).join(sha256))
    }

    /// Stores `bytes` (atomically, once) and returns their SHA-256 as hex.
    pub async fn put(&self, bytes: Vec<u8>) -> std::io::Result<String> {
        let sha = hex::encode(Sha256::digest(&bytes));
        match self {
            Storage::Database(pool) => {
                let mut conn = pool.get().await.map_err(io_error)?;
                blobs::put(&mut conn, &sha, &bytes)
                    .await
                    .map_err(io_error)?;
            }
            Storage::Folder(dir) => {
                let path = Self::path_of(dir, &sha).ok_or_else(|| io_error("not a SHA-256"))?;
                if tokio::fs::try_exists(&path).await.unwrap_or(false) {
                    return Ok(sha);
                }
                let parent = path.parent().unwrap_or(Path::new("."));
                tokio::fs::create_dir_all(parent).await?;
                // A name of its own: the same file uploaded twice at once (by one instance or
                // two sharing the folder) must not write or move the other's temporary file.
                let tmp = parent.join(format!("{sha}.{}.tmp", &crate::auth::random_token()[..16]));
                tokio::fs::write(&tmp, &bytes).await?;
                tokio::fs::rename(&tmp, &path).await?;
            }
        }
        Ok(sha)
    }

    /// The bytes stored under `sha256`.
    pub async fn get(&self, sha256: &str) -> std::io::Result<Vec<u8>> {
        let missing = || std::io::Error::new(std::io::ErrorKind::NotFound, "no such upload");
        match self {
            Storage::Database(pool) => {
                if !is_sha256(sha256) {
                    return Err(missing());
                }
                let mut conn = pool.get().await.map_err(io_error)?;
                blobs::get(&mut conn, sha256)
                    .await
                    .map_err(io_error)?
                    .ok_or_else(missing)
            }
            Storage::Folder(dir) => match Self::path_of(dir, sha256) {
                Some(path) => tokio::fs::read(path).await,
                None => Err(missing()),
            },
        }
    }

    /// Removes stored contents that no upload names, stored before `before` (the folder: by the
    /// file's modification time); returns how many.
    pub async fn sweep(
        &self,
        pool: &DbPool,
        before: chrono::DateTime<chrono::Utc>,
    ) -> std::io::Result<usize> {
        let mut conn = pool.get().await.map_err(io_error)?;
        let dir = match self {
            Storage::Database(_) => {
                return blobs::sweep(&mut conn, before).await.map_err(io_error);
            }
            Storage::Folder(dir) => dir,
        };
        let mut removed = 0;
        for file in files_in(dir)? {
            let Some(sha) = file.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
                continue;
            };
            let old = std::fs::metadata(&file)
                .and_then(|m| m.modified())
                .is_ok_and(|t| chrono::DateTime::<chrono::Utc>::from(t) < before);
            if old
                && !crate::db::uploads::names_content(&mut conn, &sha)
                    .await
                    .map_err(io_error)?
            {
                tokio::fs::remove_file(&file).await?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// Copies the files of the folder `dir` (as `--upload-store folder` kept them) into this
    /// storage, skipping those it holds; returns how many were copied.
    pub async fn import_folder(&self, pool: &DbPool, dir: &Path) -> std::io::Result<usize> {
        if !matches!(self, Storage::Database(_)) || !dir.is_dir() {
            return Ok(0);
        }
        let mut conn = pool.get().await.map_err(io_error)?;
        let mut copied = 0;
        for file in files_in(dir)? {
            let Some(sha) = file.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
                continue;
            };
            if blobs::has(&mut conn, &sha).await.map_err(io_error)? {
                continue;
            }
            let bytes = tokio::fs::read(&file).await?;
            // Only a file whose name is its content's hash.
            if hex::encode(Sha256::digest(&bytes)) == sha {
                blobs::put(&mut conn, &sha, &bytes)
                    .await
                    .map_err(io_error)?;
                copied += 1;
            }
        }
        Ok(copied)
    }
}

/// The stored files of a folder (`ab/<sha256>`), not the temporary ones.
fn files_in(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for shard in std::fs::read_dir(dir)? {
        let shard = shard?.path();
        if !shard.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&shard)? {
            let path = file?.path();
            if path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(is_sha256)
            {
                files.push(path);
            }
        }
    }
    Ok(files)
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
