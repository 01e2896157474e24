//! The non-secret state: connections and settings, one versioned JSON
//! document, changed only under a cross-process lock and written
//! atomically.

use std::path::{Path, PathBuf};

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::atomic::write_atomic;
use super::lock::FileLock;
use crate::connection::Connection;
use crate::error::{Error, Result};
use crate::lang::Lang;

pub const STATE_VERSION: u32 = 1;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// The language the user picked in the app.
    pub lang: Option<Lang>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StateDocument {
    pub version: u32,
    #[serde(default)]
    pub connections: Vec<Connection>,
    #[serde(default)]
    pub settings: Settings,
}

impl Default for StateDocument {
    fn default() -> Self {
        StateDocument { version: STATE_VERSION, connections: Vec::new(), settings: Settings::default() }
    }
}

impl StateDocument {
    pub fn connection(&self, id: &str) -> Option<&Connection> {
        self.connections.iter().find(|c| c.id == id)
    }

    pub fn connection_mut(&mut self, id: &str) -> Option<&mut Connection> {
        self.connections.iter_mut().find(|c| c.id == id)
    }
}

#[derive(Debug, Clone)]
pub struct StateFile {
    path: PathBuf,
    lock_path: PathBuf,
}

impl StateFile {
    pub fn new(data_dir: &Path) -> StateFile {
        StateFile { path: data_dir.join("state.json"), lock_path: data_dir.join("locks").join("state.lock") }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the current state. A missing file is an empty state; a file
    /// that cannot be parsed is an error and is never overwritten.
    pub fn load(&self) -> Result<StateDocument> {
        let bytes = match std::fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(StateDocument::default());
            }
            Err(source) => {
                return Err(Error::Storage { path: self.path.clone(), source });
            }
        };
        let corrupt = |detail: String| Error::StateFileCorrupt { path: self.path.clone(), detail };
        let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| corrupt(e.to_string()))?;
        let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
        if version > u64::from(STATE_VERSION) {
            return Err(corrupt(format!(
                "written by a newer Fortnox Connect (state version {version}); update the app"
            )));
        }
        serde_json::from_value(value).map_err(|e| corrupt(e.to_string()))
    }

    /// Read, change and write the state under the cross-process lock.
    pub async fn update<R>(&self, change: impl FnOnce(&mut StateDocument) -> Result<R>) -> Result<R> {
        let _guard = FileLock::acquire(&self.lock_path, Duration::from_secs(30), "the connection list").await?;
        let mut doc = self.load()?;
        let result = change(&mut doc)?;
        doc.version = STATE_VERSION;
        let bytes = serde_json::to_vec_pretty(&doc)
            .map_err(|e| Error::Storage { path: self.path.clone(), source: std::io::Error::other(e) })?;
        write_atomic(&self.path, &bytes).map_err(|source| Error::Storage { path: self.path.clone(), source })?;
        Ok(result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn missing_is_empty_and_updates_persist() {
        let dir = tempfile::tempdir().unwrap();
        let file = StateFile::new(dir.path());
        assert!(file.load().unwrap().connections.is_empty());
        file.update(|doc| {
            doc.settings.lang = Some(Lang::En);
            Ok(())
        })
        .await
        .unwrap();
        assert_eq!(file.load().unwrap().settings.lang, Some(Lang::En));
    }

    #[tokio::test]
    async fn a_corrupt_file_is_reported_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let file = StateFile::new(dir.path());
        std::fs::write(file.path(), b"{\"version\":1,\"connections\":[{").unwrap();
        assert!(matches!(file.load(), Err(Error::StateFileCorrupt { .. })));
        let result = file.update(|_| Ok(())).await;
        assert!(result.is_err());
        assert_eq!(std::fs::read(file.path()).unwrap(), b"{\"version\":1,\"connections\":[{");
    }

    #[tokio::test]
    async fn a_newer_version_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = StateFile::new(dir.path());
        std::fs::write(file.path(), br#"{"version":99}"#).unwrap();
        let err = file.load().unwrap_err();
        assert!(err.to_string().contains("newer"), "{err}");
    }
}
