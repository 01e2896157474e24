//! Cross-process locks: an OS file lock on a file beside the state. Held
//! until the guard is dropped (or the process dies: the OS releases it).

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use crate::error::Error;

#[derive(Debug)]
pub struct FileLock {
    file: File,
    path: PathBuf,
}

impl FileLock {
    /// Waits (off the async threads) until the lock is ours.
    pub async fn acquire(path: &Path) -> Result<FileLock, Error> {
        let path = path.to_path_buf();
        tokio::task::spawn_blocking(move || FileLock::acquire_blocking(&path))
            .await
            .map_err(|e| Error::Storage { path: PathBuf::new(), source: std::io::Error::other(e) })?
    }

    pub fn acquire_blocking(path: &Path) -> Result<FileLock, Error> {
        let storage = |source| Error::Storage { path: path.to_path_buf(), source };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(storage)?;
        }
        let file =
            OpenOptions::new().create(true).truncate(false).read(true).write(true).open(path).map_err(storage)?;
        file.lock().map_err(storage)?;
        Ok(FileLock { file, path: path.to_path_buf() })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn one_holder_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.lock");
        let inside = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let (path, inside) = (path.clone(), inside.clone());
            tasks.push(tokio::spawn(async move {
                let _guard = FileLock::acquire(&path).await.unwrap();
                assert_eq!(inside.fetch_add(1, Ordering::SeqCst), 0, "two holders at once");
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                inside.fetch_sub(1, Ordering::SeqCst);
            }));
        }
        for task in tasks {
            task.await.unwrap();
        }
    }
}
