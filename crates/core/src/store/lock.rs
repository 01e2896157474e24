//! Cross-process locks: an OS file lock on a file beside the state. Held
//! until the guard is dropped (or the process dies: the OS releases it).
//! Waiting has a deadline: a holder that is stuck (say, on a keyring
//! unlock prompt) makes others fail with a clear, transient error instead
//! of hanging forever.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::Error;

#[derive(Debug)]
pub struct FileLock {
    file: File,
    path: PathBuf,
}

/// How long to wait for a lock before saying who holds it.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(150);

impl FileLock {
    /// Waits until the lock is ours, at most `wait`; `what` names it in
    /// the error ("the connection's refresh").
    pub async fn acquire(path: &Path, wait: Duration, what: &str) -> Result<FileLock, Error> {
        let file = open(path)?;
        let started = tokio::time::Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(FileLock { file, path: path.to_path_buf() }),
                Err(std::fs::TryLockError::WouldBlock) if started.elapsed() < wait => {
                    tokio::time::sleep(Duration::from_millis(25)).await;
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(Error::Busy { what: what.to_string(), waited_secs: wait.as_secs() });
                }
                Err(std::fs::TryLockError::Error(source)) => {
                    return Err(Error::Storage { path: path.to_path_buf(), source });
                }
            }
        }
    }

    /// Waits without a deadline (off the async threads). It asks again
    /// every few milliseconds instead of sleeping in the OS's blocking
    /// lock: under Wine a waiter in `LockFileEx` was once never woken when
    /// the holder's process ended, and hung (the holds here are short).
    pub fn acquire_blocking(path: &Path) -> Result<FileLock, Error> {
        let file = open(path)?;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(FileLock { file, path: path.to_path_buf() }),
                Err(std::fs::TryLockError::WouldBlock) => std::thread::sleep(Duration::from_millis(5)),
                Err(std::fs::TryLockError::Error(source)) => {
                    return Err(Error::Storage { path: path.to_path_buf(), source });
                }
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn open(path: &Path) -> Result<File, Error> {
    let storage = |source| Error::Storage { path: path.to_path_buf(), source };
    if let Some(dir) = path.parent() {
        fortnox_platform::private::create_dir(dir).map_err(storage)?;
    }
    fortnox_platform::private::options().create(true).truncate(false).read(true).write(true).open(path).map_err(storage)
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
                let _guard = FileLock::acquire(&path, DEFAULT_WAIT, "test").await.unwrap();
                assert_eq!(inside.fetch_add(1, Ordering::SeqCst), 0, "two holders at once");
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                inside.fetch_sub(1, Ordering::SeqCst);
            }));
        }
        for task in tasks {
            task.await.unwrap();
        }
    }

    #[tokio::test]
    async fn a_stuck_holder_makes_waiters_fail_clearly_not_hang() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.lock");
        let _held = FileLock::acquire_blocking(&path).unwrap();
        let err = FileLock::acquire(&path, Duration::from_millis(200), "the connection's refresh").await.unwrap_err();
        assert!(matches!(err, Error::Busy { .. }), "{err:?}");
        assert!(err.to_string().contains("the connection's refresh"), "{err}");
        assert!(err.is_transient());
    }
}
