//! The non-secret state: settings in `state.json`, and each connection in
//! a file of its own under `connections/`, so renewing one connection
//! rewrites one small file, not the whole list (an agency has hundreds).
//! Every change happens under a cross-process lock and every file is
//! written atomically. Version 1 kept the connections inside
//! `state.json`; they move to their own files on the first change.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::lock::FileLock;
use crate::catalogue::code::ErrorCode;
use crate::connection::Connection;
use crate::error::{Error, Result};
use crate::lang::Lang;
use fortnox_platform::replace::write_atomic;

pub const STATE_VERSION: u32 = 2;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// The language the user picked in the app.
    pub lang: Option<Lang>,
    /// The problem each connection was last told about (its catalogue
    /// code), so that one problem is told once (service/attention.rs).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub notified: BTreeMap<String, ErrorCode>,
    /// When the app last showed the connections: what changed after it
    /// is marked at the next start.
    #[serde(default, with = "time::serde::rfc3339::option", skip_serializing_if = "Option::is_none")]
    pub looked_at: Option<time::OffsetDateTime>,
}

/// Everything, as one value for the code that changes it.
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

/// `state.json` as version 2 writes it: the settings only.
#[derive(Serialize)]
struct SettingsFile<'a> {
    version: u32,
    settings: &'a Settings,
}

/// Whether a read keeps each connection file's bytes: only a change
/// compares them, and 500 kept for nothing cost `status` its memory.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Bytes {
    Keep,
    Drop,
}

/// What is on disk, as read: the document, and each connection file's
/// bytes (to write back only what changed).
struct OnDisk {
    doc: StateDocument,
    files: BTreeMap<String, Vec<u8>>,
    /// Connections still inside `state.json` (version 1).
    legacy: bool,
}

#[derive(Debug, Clone)]
pub struct StateFile {
    path: PathBuf,
    connections_dir: PathBuf,
    lock_path: PathBuf,
}

fn storage(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Storage { path: path.to_path_buf(), source }
}

fn to_json<T: Serialize>(value: &T, path: &Path) -> Result<Vec<u8>> {
    serde_json::to_vec_pretty(value)
        .map_err(|e| Error::Storage { path: path.to_path_buf(), source: std::io::Error::other(e) })
}

impl StateFile {
    pub fn new(data_dir: &Path) -> StateFile {
        StateFile {
            path: data_dir.join("state.json"),
            connections_dir: data_dir.join("connections"),
            lock_path: data_dir.join("locks").join("state.lock"),
        }
    }

    /// `state.json` (settings).
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn connection_path(&self, id: &str) -> PathBuf {
        self.connections_dir.join(format!("{id}.json"))
    }

    fn corrupt(&self, path: &Path, detail: String) -> Error {
        Error::StateFileCorrupt { path: path.to_path_buf(), detail }
    }

    /// Reads the current state. Missing files are an empty state; a file
    /// that cannot be parsed is an error and is never overwritten.
    pub fn load(&self) -> Result<StateDocument> {
        Ok(self.read(Bytes::Drop)?.doc)
    }

    fn read(&self, bytes: Bytes) -> Result<OnDisk> {
        let mut doc = match std::fs::read(&self.path) {
            Ok(bytes) => self.parse_settings_file(&bytes)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => StateDocument::default(),
            Err(source) => return Err(Error::Storage { path: self.path.clone(), source }),
        };
        let legacy = !doc.connections.is_empty();
        // A version 1 file's connections win over files of the same id.
        let in_settings: HashSet<String> = doc.connections.iter().map(|c| c.id.clone()).collect();
        let mut files = BTreeMap::new();
        let paths: Vec<PathBuf> = match std::fs::read_dir(&self.connections_dir) {
            Ok(entries) => entries
                .flatten()
                .map(|entry| entry.path())
                // Skips temporary files of an interrupted write.
                .filter(|path| path.extension().is_some_and(|e| e == "json"))
                .collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(source) => return Err(Error::Storage { path: self.connections_dir.clone(), source }),
        };
        for read in self.read_connections(&paths, bytes) {
            let (connection, bytes) = read?;
            files.insert(connection.id.clone(), bytes);
            if !in_settings.contains(&connection.id) {
                doc.connections.push(connection);
            }
        }
        doc.connections.sort_by(|a, b| a.created_at.cmp(&b.created_at).then_with(|| a.id.cmp(&b.id)));
        Ok(OnDisk { doc, files, legacy })
    }

    /// Reads and parses connection files, on every core for an agency's
    /// hundreds (BENCHMARKS.md: `status` at 500 connections).
    fn read_connections(&self, paths: &[PathBuf], keep: Bytes) -> Vec<Result<(Connection, Vec<u8>)>> {
        crate::parallel::map(paths, |path| {
            let bytes = std::fs::read(path).map_err(storage(path))?;
            let connection = serde_json::from_slice(&bytes).map_err(|e| self.corrupt(path, e.to_string()))?;
            Ok((connection, if keep == Bytes::Keep { bytes } else { Vec::new() }))
        })
    }

    fn parse_settings_file(&self, bytes: &[u8]) -> Result<StateDocument> {
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| self.corrupt(&self.path, e.to_string()))?;
        let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
        if version > u64::from(STATE_VERSION) {
            return Err(self.corrupt(
                &self.path,
                format!("written by a newer Fortnox Connect (state version {version}); update the app"),
            ));
        }
        serde_json::from_value(value).map_err(|e| self.corrupt(&self.path, e.to_string()))
    }

    async fn lock(&self) -> Result<FileLock> {
        FileLock::acquire(&self.lock_path, Duration::from_secs(30), "the connection list").await
    }

    /// Read, change and write the state under the cross-process lock.
    /// Only the files whose content changed are written.
    pub async fn update<R>(&self, change: impl FnOnce(&mut StateDocument) -> Result<R>) -> Result<R> {
        let _guard = self.lock().await?;
        let OnDisk { mut doc, files, legacy } = self.read(Bytes::Keep)?;
        let settings_before = doc.settings.clone();
        let result = change(&mut doc)?;
        for connection in &doc.connections {
            let path = self.connection_path(&connection.id);
            let bytes = to_json(connection, &path)?;
            if files.get(&connection.id) != Some(&bytes) {
                std::fs::create_dir_all(&self.connections_dir).map_err(storage(&self.connections_dir))?;
                write_atomic(&path, &bytes).map_err(storage(&path))?;
            }
        }
        for gone in files.keys().filter(|id| doc.connection(id).is_none()) {
            let path = self.connection_path(gone);
            std::fs::remove_file(&path).map_err(storage(&path))?;
        }
        if legacy || doc.settings != settings_before || !self.path.exists() {
            let bytes = to_json(&SettingsFile { version: STATE_VERSION, settings: &doc.settings }, &self.path)?;
            write_atomic(&self.path, &bytes).map_err(storage(&self.path))?;
        }
        Ok(result)
    }

    /// Changes the settings alone, reading and writing only `state.json`
    /// (an agency's 2,000 connection files are not read to note when the
    /// list was looked at).
    pub async fn update_settings<R>(&self, change: impl FnOnce(&mut Settings) -> R) -> Result<R> {
        let _guard = self.lock().await?;
        let mut doc = match std::fs::read(&self.path) {
            Ok(bytes) => self.parse_settings_file(&bytes)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => StateDocument::default(),
            Err(source) => return Err(Error::Storage { path: self.path.clone(), source }),
        };
        if !doc.connections.is_empty() {
            // Version 1: the whole-state path splits it first.
            drop(_guard);
            return self.update(|doc| Ok(change(&mut doc.settings))).await;
        }
        let result = change(&mut doc.settings);
        let bytes = to_json(&SettingsFile { version: STATE_VERSION, settings: &doc.settings }, &self.path)?;
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(storage(dir))?;
        }
        write_atomic(&self.path, &bytes).map_err(storage(&self.path))?;
        Ok(result)
    }

    /// Changes one connection, reading and writing only its own file.
    /// `None` when there is no such connection.
    pub async fn update_connection<R>(
        &self,
        id: &str,
        change: impl FnOnce(&mut Connection) -> Result<R>,
    ) -> Result<Option<R>> {
        let path = self.connection_path(id);
        if !path.exists() {
            // Not split yet (version 1), or gone: the whole-state path.
            return self.update(|doc| doc.connection_mut(id).map(change).transpose()).await;
        }
        let _guard = self.lock().await?;
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(Error::Storage { path, source }),
        };
        let mut connection: Connection =
            serde_json::from_slice(&bytes).map_err(|e| self.corrupt(&path, e.to_string()))?;
        let result = change(&mut connection)?;
        let changed = to_json(&connection, &path)?;
        if changed != bytes {
            write_atomic(&path, &changed).map_err(storage(&path))?;
        }
        Ok(Some(result))
    }
}

#[cfg(test)]
mod tests {
    use time::OffsetDateTime;

    use super::*;
    use crate::connection::AccountType;

    fn connection(id: &str, at: i64) -> Connection {
        Connection::new(id, AccountType::User, "issuer", "client", OffsetDateTime::from_unix_timestamp(at).unwrap())
    }

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
    async fn each_connection_is_a_file_and_only_the_changed_one_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let file = StateFile::new(dir.path());
        file.update(|doc| {
            doc.connections.push(connection("b", 2));
            doc.connections.push(connection("a", 1));
            Ok(())
        })
        .await
        .unwrap();
        let ids: Vec<String> = file.load().unwrap().connections.into_iter().map(|c| c.id).collect();
        assert_eq!(ids, ["a", "b"], "in the order they were made");
        let a = dir.path().join("connections/a.json");
        let b = dir.path().join("connections/b.json");
        let b_written = std::fs::metadata(&b).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        file.update_connection("a", |c| {
            c.options = vec!["invoices".into()];
            Ok(())
        })
        .await
        .unwrap();
        assert!(std::fs::read_to_string(&a).unwrap().contains("invoices"));
        assert_eq!(std::fs::metadata(&b).unwrap().modified().unwrap(), b_written, "b was not rewritten");
        file.update(|doc| {
            doc.connections.retain(|c| c.id != "b");
            Ok(())
        })
        .await
        .unwrap();
        assert!(!b.exists(), "a removed connection's file goes");
        assert_eq!(file.update_connection("b", |_| Ok(())).await.unwrap(), None);
    }

    #[tokio::test]
    async fn a_version_1_file_is_split_on_the_first_change() {
        let dir = tempfile::tempdir().unwrap();
        let old =
            serde_json::json!({ "version": 1, "connections": [connection("x", 5)], "settings": { "lang": "sv" } });
        std::fs::write(dir.path().join("state.json"), old.to_string()).unwrap();
        let file = StateFile::new(dir.path());
        assert_eq!(file.load().unwrap().connections[0].id, "x", "read before it is split");
        file.update_connection("x", |c| {
            c.options = vec!["salary".into()];
            Ok(())
        })
        .await
        .unwrap();
        assert!(dir.path().join("connections/x.json").exists());
        let settings = std::fs::read_to_string(dir.path().join("state.json")).unwrap();
        assert!(!settings.contains("connections") && settings.contains("\"version\": 2"), "{settings}");
        let doc = file.load().unwrap();
        assert_eq!((doc.connections.len(), doc.settings.lang), (1, Some(Lang::Sv)));
        assert_eq!(doc.connections[0].options, ["salary"]);
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
        // A corrupt connection file too.
        let dir = tempfile::tempdir().unwrap();
        let file = StateFile::new(dir.path());
        std::fs::create_dir_all(dir.path().join("connections")).unwrap();
        std::fs::write(dir.path().join("connections/z.json"), b"{").unwrap();
        assert!(matches!(file.load(), Err(Error::StateFileCorrupt { .. })));
        assert!(file.update(|_| Ok(())).await.is_err());
        assert_eq!(std::fs::read(dir.path().join("connections/z.json")).unwrap(), b"{");
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
