//! The OS keyring (Secret Service on Linux, Credential Manager on Windows,
//! Keychain on macOS), one service name per profile, with values stored
//! as bytes (UTF-8).
//!
//! Windows' Credential Manager holds at most 2,560 bytes per credential
//! (`CRED_MAX_CREDENTIAL_BLOB_SIZE`). A Fortnox access token is a JWT
//! whose length Fortnox does not promise, so a value longer than one entry
//! is split: its pieces go to entries of their own, named after the
//! value's hash, and the entry itself then holds a small manifest naming
//! them. Pieces are written before the manifest and the old pieces
//! deleted after it, so a crash leaves the old value or the new one.

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// The most one entry holds on this system.
pub const ENTRY_LIMIT: usize = if cfg!(windows) { 2560 } else { 64 * 1024 };

/// A manifest starts with a NUL, which no token, secret or id has.
const MANIFEST_PREFIX: &str = "\u{0}fortnox-connect-pieces:v1:";

#[derive(Debug, thiserror::Error)]
pub enum KeyringError {
    /// No keyring can be reached (no Secret Service, no session bus).
    #[error("the keyring is unavailable: {0}")]
    Unavailable(String),
    /// The keyring is there but locked.
    #[error("the keyring is locked: {0}")]
    Locked(String),
    /// An entry holds something this program did not write, or a piece
    /// of a split value is missing.
    #[error("the keyring entry {key:?} cannot be read: {reason}")]
    Damaged { key: String, reason: &'static str },
}

/// One keyring's raw entries: what `Keyring` splits values across.
pub trait Entries: Send + Sync {
    /// `Ok(None)` when there is no such entry.
    fn get(&self, key: &str) -> Result<Option<Zeroizing<Vec<u8>>>, KeyringError>;
    fn set(&self, key: &str, value: &[u8]) -> Result<(), KeyringError>;
    /// Deleting an entry that does not exist is fine.
    fn delete(&self, key: &str) -> Result<(), KeyringError>;
}

/// Values of any length over entries of at most `limit` bytes.
#[derive(Debug, Clone)]
pub struct Keyring<E: Entries = OsEntries> {
    entries: E,
    limit: usize,
}

impl Keyring<OsEntries> {
    /// The OS keyring under `service`.
    pub fn os(service: &str) -> Keyring<OsEntries> {
        Keyring::over(OsEntries { service: service.to_string() }, ENTRY_LIMIT)
    }
}

impl<E: Entries> Keyring<E> {
    pub fn over(entries: E, limit: usize) -> Keyring<E> {
        // A manifest must fit in one entry.
        Keyring { entries, limit: limit.max(MANIFEST_PREFIX.len() + 96) }
    }

    pub fn get(&self, key: &str) -> Result<Option<Zeroizing<String>>, KeyringError> {
        let Some(stored) = self.entries.get(key)? else { return Ok(None) };
        let bytes = match Manifest::parse(&stored) {
            Some(manifest) => self.join(key, &manifest)?,
            None => stored,
        };
        let text = String::from_utf8(bytes.to_vec())
            .map_err(|_| KeyringError::Damaged { key: key.to_string(), reason: "not text" })?;
        Ok(Some(Zeroizing::new(text)))
    }

    pub fn set(&self, key: &str, value: &str) -> Result<(), KeyringError> {
        let old = self.manifest(key)?;
        let bytes = value.as_bytes();
        if bytes.len() <= self.limit && !bytes.starts_with(MANIFEST_PREFIX.as_bytes()) {
            self.entries.set(key, bytes)?;
        } else {
            let manifest = Manifest::of(bytes, self.limit);
            if old.as_ref().is_some_and(|old| old.hash == manifest.hash) {
                return Ok(());
            }
            for (index, piece) in bytes.chunks(self.limit).enumerate() {
                self.entries.set(&manifest.piece_key(key, index), piece)?;
            }
            self.entries.set(key, manifest.render().as_bytes())?;
        }
        if let Some(old) = old {
            old.delete_pieces(&self.entries, key);
        }
        Ok(())
    }

    pub fn delete(&self, key: &str) -> Result<(), KeyringError> {
        let old = self.manifest(key)?;
        self.entries.delete(key)?;
        if let Some(old) = old {
            old.delete_pieces(&self.entries, key);
        }
        Ok(())
    }

    fn manifest(&self, key: &str) -> Result<Option<Manifest>, KeyringError> {
        Ok(self.entries.get(key)?.and_then(|stored| Manifest::parse(&stored)))
    }

    fn join(&self, key: &str, manifest: &Manifest) -> Result<Zeroizing<Vec<u8>>, KeyringError> {
        let mut joined = Zeroizing::new(Vec::new());
        for index in 0..manifest.pieces {
            let piece = self
                .entries
                .get(&manifest.piece_key(key, index))?
                .ok_or(KeyringError::Damaged { key: key.to_string(), reason: "a piece is missing" })?;
            joined.extend_from_slice(&piece);
        }
        if hash(&joined) != manifest.hash {
            return Err(KeyringError::Damaged { key: key.to_string(), reason: "the pieces do not match" });
        }
        Ok(joined)
    }
}

/// What the entry of a split value holds: how many pieces, and the hash
/// of the whole value (which also names the pieces).
#[derive(Debug, PartialEq, Eq)]
struct Manifest {
    pieces: usize,
    hash: String,
}

impl Manifest {
    fn of(bytes: &[u8], limit: usize) -> Manifest {
        Manifest { pieces: bytes.len().div_ceil(limit), hash: hash(bytes) }
    }

    fn parse(stored: &[u8]) -> Option<Manifest> {
        let text = std::str::from_utf8(stored).ok()?.strip_prefix(MANIFEST_PREFIX)?;
        let (pieces, hash) = text.split_once(':')?;
        Some(Manifest { pieces: pieces.parse().ok()?, hash: hash.to_string() })
    }

    fn render(&self) -> String {
        format!("{MANIFEST_PREFIX}{}:{}", self.pieces, self.hash)
    }

    /// Only a prefix of the hash: enough to tell values apart, and short
    /// names stay far below every keyring's limit.
    fn piece_key(&self, key: &str, index: usize) -> String {
        format!("{key}#{}.{index}", &self.hash[..12])
    }

    /// Best effort: a piece left behind holds part of an old value, in
    /// the same keyring, and is never read again.
    fn delete_pieces(&self, entries: &dyn Entries, key: &str) {
        for index in 0..self.pieces {
            if let Err(e) = entries.delete(&self.piece_key(key, index)) {
                tracing::warn!(error = %e, "could not delete an old piece of a keyring value");
            }
        }
    }
}

fn hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The OS keyring's entries under one service name.
#[derive(Debug, Clone)]
pub struct OsEntries {
    service: String,
}

/// One call to the OS keyring at a time in this process. Each call opens a
/// D-Bus connection of its own and closes it; with four at once,
/// gnome-keyring 42 (Debian 12) aborted within the first 10 to 300 logins
/// of the agency bench (`gkd_secret_service_get_pkcs11_session: assertion
/// 'client' failed`), taking every secret of the session with it. One at a
/// time, 500 went through; it still aborted once near 1,000 entries, so
/// this narrows the daemon's race rather than removing it. The daemon
/// answers one call at a time anyway.
static ONE_CALL: std::sync::Mutex<()> = std::sync::Mutex::new(());

impl OsEntries {
    fn entry(&self, key: &str) -> Result<keyring::Entry, KeyringError> {
        keyring::Entry::new(&self.service, key).map_err(classify)
    }
}

fn one_call() -> std::sync::MutexGuard<'static, ()> {
    ONE_CALL.lock().unwrap_or_else(|e| e.into_inner())
}

impl Entries for OsEntries {
    fn get(&self, key: &str) -> Result<Option<Zeroizing<Vec<u8>>>, KeyringError> {
        let _one = one_call();
        match self.entry(key)?.get_secret() {
            Ok(value) => Ok(Some(Zeroizing::new(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(err) => Err(classify(err)),
        }
    }

    fn set(&self, key: &str, value: &[u8]) -> Result<(), KeyringError> {
        let _one = one_call();
        self.entry(key)?.set_secret(value).map_err(classify)
    }

    fn delete(&self, key: &str) -> Result<(), KeyringError> {
        let _one = one_call();
        match self.entry(key)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(err) => Err(classify(err)),
        }
    }
}

/// No keyring at all, or a locked one.
fn classify(err: keyring::Error) -> KeyringError {
    let text = err.to_string();
    let locked =
        format!("{err:?}").to_ascii_lowercase().contains("locked") || text.to_ascii_lowercase().contains("locked");
    match err {
        keyring::Error::NoStorageAccess(_) => KeyringError::Locked(text),
        keyring::Error::PlatformFailure(_) if locked => KeyringError::Locked(text),
        _ => KeyringError::Unavailable(text),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Mutex;

    use super::*;

    /// Entries that refuse values over a limit, as Credential Manager does.
    #[derive(Default)]
    struct Limited {
        limit: usize,
        map: Mutex<BTreeMap<String, Vec<u8>>>,
    }

    impl Entries for &Limited {
        fn get(&self, key: &str) -> Result<Option<Zeroizing<Vec<u8>>>, KeyringError> {
            Ok(self.map.lock().expect("lock").get(key).cloned().map(Zeroizing::new))
        }
        fn set(&self, key: &str, value: &[u8]) -> Result<(), KeyringError> {
            assert!(value.len() <= self.limit, "{key}: {} bytes over the limit", value.len());
            self.map.lock().expect("lock").insert(key.to_string(), value.to_vec());
            Ok(())
        }
        fn delete(&self, key: &str) -> Result<(), KeyringError> {
            self.map.lock().expect("lock").remove(key);
            Ok(())
        }
    }

    fn token(len: usize, seed: u8) -> String {
        (0..len).map(|i| char::from(b'a' + ((i + usize::from(seed)) % 26) as u8)).collect()
    }

    #[test]
    fn a_4_kib_token_is_split_and_read_back_whole() {
        let entries = Limited { limit: 2560, ..Default::default() };
        let keyring = Keyring::over(&entries, 2560);
        let value = token(4096, 0);
        keyring.set("c1/access-token", &value).expect("set");
        assert_eq!(keyring.get("c1/access-token").expect("get").as_deref().map(String::as_str), Some(value.as_str()));
        assert_eq!(entries.map.lock().expect("lock").len(), 3, "a manifest and two pieces");
    }

    #[test]
    fn replacing_and_deleting_leave_no_pieces_behind() {
        let entries = Limited { limit: 200, ..Default::default() };
        let keyring = Keyring::over(&entries, 200);
        keyring.set("k", &token(1000, 1)).expect("long");
        keyring.set("k", &token(700, 2)).expect("another long");
        let keys: Vec<String> = entries.map.lock().expect("lock").keys().cloned().collect();
        assert_eq!(keys.len(), 1 + 4, "the manifest and the new value's four pieces, no old ones: {keys:?}");
        assert_eq!(keyring.get("k").expect("get").as_deref().map(String::as_str), Some(token(700, 2).as_str()));
    }

    #[test]
    fn short_values_stay_in_one_entry_and_old_pieces_go() {
        let entries = Limited { limit: 200, ..Default::default() };
        let keyring = Keyring::over(&entries, 200);
        keyring.set("k", &token(1000, 1)).expect("long");
        keyring.set("k", "short").expect("short");
        assert_eq!(entries.map.lock().expect("lock").keys().collect::<Vec<_>>(), ["k"]);
        assert_eq!(keyring.get("k").expect("get").as_deref().map(String::as_str), Some("short"));
        keyring.set("k", &token(1000, 3)).expect("long again");
        keyring.delete("k").expect("deleted");
        assert!(entries.map.lock().expect("lock").is_empty());
        assert!(keyring.get("k").expect("get").is_none());
    }

    #[test]
    fn a_missing_or_changed_piece_is_damage_not_a_wrong_value() {
        let entries = Limited { limit: 200, ..Default::default() };
        let keyring = Keyring::over(&entries, 200);
        keyring.set("k", &token(1000, 1)).expect("long");
        let piece = entries.map.lock().expect("lock").keys().find(|k| k.ends_with(".2")).cloned().expect("a piece");
        entries.map.lock().expect("lock").insert(piece.clone(), b"x".to_vec());
        assert!(matches!(keyring.get("k"), Err(KeyringError::Damaged { reason: "the pieces do not match", .. })));
        entries.map.lock().expect("lock").remove(&piece);
        assert!(matches!(keyring.get("k"), Err(KeyringError::Damaged { reason: "a piece is missing", .. })));
    }
}
