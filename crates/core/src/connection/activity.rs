//! Each connection's activity log: what happened and when, in words a
//! support person can read. Never a secret. JSON lines, appended; a torn
//! last line (crash mid-write) is skipped when reading.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

use crate::catalogue::code::ErrorCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ActivityKind {
    Connected,
    Reauthorized,
    Verified,
    Enabled,
    Disabled,
    Refreshed,
    Error,
    Removed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ActivityEvent {
    #[serde(with = "time::serde::rfc3339")]
    #[ts(type = "string")]
    pub at: OffsetDateTime,
    pub kind: ActivityKind,
    pub code: Option<ErrorCode>,
    /// For an error: its technical details (never a secret), for support.
    /// Everything a person reads is worded when shown, in their language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    /// For `Verified`: the options that do not work.
    #[serde(default)]
    pub options: Vec<String>,
}

impl ActivityEvent {
    pub fn new(at: OffsetDateTime, kind: ActivityKind) -> ActivityEvent {
        ActivityEvent { at, kind, code: None, details: None, options: vec![] }
    }

    pub fn error(at: OffsetDateTime, code: ErrorCode, details: &str) -> ActivityEvent {
        ActivityEvent {
            code: Some(code),
            details: Some(fortnox_oauth::http::cut(details, 500)),
            ..ActivityEvent::new(at, ActivityKind::Error)
        }
    }
}

/// Keep the log readable: trim to the newest events past this size.
const MAX_EVENTS: usize = 1000;
const KEEP_EVENTS: usize = 500;

#[derive(Debug, Clone)]
pub struct ActivityLog {
    dir: PathBuf,
}

impl ActivityLog {
    pub fn new(data_dir: &Path) -> ActivityLog {
        ActivityLog { dir: data_dir.join("activity") }
    }

    fn path(&self, connection: &str) -> PathBuf {
        self.dir.join(format!("{connection}.jsonl"))
    }

    /// Appends one event. Processes take turns (a file lock), so an append
    /// and another process's trim never lose each other's events.
    pub fn append(&self, connection: &str, event: &ActivityEvent) -> std::io::Result<()> {
        fortnox_platform::private::create_dir(&self.dir)?;
        let lock_path = self.dir.join(format!(".{connection}.lock"));
        let _turn = crate::store::lock::FileLock::acquire_blocking(&lock_path).map_err(std::io::Error::other)?;
        let mut line = serde_json::to_vec(event).map_err(std::io::Error::other)?;
        line.push(b'\n');
        let path = self.path(connection);
        let mut file = fortnox_platform::private::options().create(true).append(true).open(&path)?;
        file.write_all(&line)?;
        drop(file);
        let events = self.read(connection);
        if events.len() > MAX_EVENTS {
            let keep = &events[events.len() - KEEP_EVENTS..];
            let mut text = Vec::new();
            for event in keep {
                text.extend(serde_json::to_vec(event).map_err(std::io::Error::other)?);
                text.push(b'\n');
            }
            fortnox_platform::replace::write_atomic(&path, &text)?;
        }
        Ok(())
    }

    /// Oldest first. Unreadable lines are skipped.
    pub fn read(&self, connection: &str) -> Vec<ActivityEvent> {
        let Ok(text) = std::fs::read_to_string(self.path(connection)) else {
            return Vec::new();
        };
        text.lines().filter_map(|line| serde_json::from_str(line).ok()).collect()
    }

    pub fn delete(&self, connection: &str) -> std::io::Result<()> {
        let _ = std::fs::remove_file(self.dir.join(format!(".{connection}.lock")));
        match std::fs::remove_file(self.path(connection)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(i: usize) -> ActivityEvent {
        ActivityEvent {
            options: vec![format!("event {i}")],
            ..ActivityEvent::new(OffsetDateTime::UNIX_EPOCH, ActivityKind::Refreshed)
        }
    }

    #[test]
    fn appends_skips_torn_lines_and_trims() {
        let dir = tempfile::tempdir().unwrap();
        let log = ActivityLog::new(dir.path());
        log.append("c1", &event(0)).unwrap();
        // A crash mid-write leaves half a line.
        let mut f = std::fs::OpenOptions::new().append(true).open(log.path("c1")).unwrap();
        f.write_all(b"{\"at\":\"2026-").unwrap();
        f.write_all(b"\n").unwrap();
        log.append("c1", &event(1)).unwrap();
        let events = log.read("c1");
        assert_eq!(events.iter().map(|e| e.options[0].as_str()).collect::<Vec<_>>(), ["event 0", "event 1"]);

        for i in 2..=MAX_EVENTS {
            log.append("c1", &event(i)).unwrap();
        }
        let events = log.read("c1");
        assert!(events.len() <= KEEP_EVENTS + 1);
        assert_eq!(events.last().unwrap().options[0], format!("event {MAX_EVENTS}"));
        log.delete("c1").unwrap();
        assert!(log.read("c1").is_empty());
    }
}
