//! Secrets live in the OS keyring (Secret Service on Linux, Credential
//! Manager on Windows, Keychain on macOS) and nowhere else. If there is no
//! keyring, that is an error with a fix, never a plaintext fallback.

use crate::error::Error;

/// Where secrets are kept. The real one is `KeyringStore`; unit tests use
/// an in-memory store.
pub trait SecretStore: Send + Sync {
    /// `Ok(None)` when there is no such entry.
    fn get(&self, key: &str) -> Result<Option<String>, Error>;
    fn set(&self, key: &str, value: &str) -> Result<(), Error>;
    /// Deleting an entry that does not exist is fine.
    fn delete(&self, key: &str) -> Result<(), Error>;
}

/// Entry names. Each entry holds one secret, to stay far below Windows'
/// 2,560-byte limit.
pub mod keys {
    pub fn refresh_token(connection: &str) -> String {
        format!("{connection}/refresh-token")
    }

    pub fn access_token(connection: &str) -> String {
        format!("{connection}/access-token")
    }

    pub fn client_secret(client_id: &str) -> String {
        format!("client-secret/{client_id}")
    }
}

/// The OS keyring, under one service name.
#[derive(Debug, Clone)]
pub struct KeyringStore {
    service: String,
}

pub const KEYRING_SERVICE: &str = "fortnox-connect";

impl KeyringStore {
    pub fn new() -> KeyringStore {
        KeyringStore::with_service(KEYRING_SERVICE)
    }

    pub fn with_service(service: &str) -> KeyringStore {
        KeyringStore { service: service.to_string() }
    }

    fn entry(&self, key: &str) -> Result<keyring::Entry, Error> {
        keyring::Entry::new(&self.service, key).map_err(map_keyring)
    }
}

impl Default for KeyringStore {
    fn default() -> Self {
        KeyringStore::new()
    }
}

/// Turns keyring failures into catalogue errors: no keyring at all, or a
/// locked one.
fn map_keyring(err: keyring::Error) -> Error {
    let text = err.to_string();
    let debug = format!("{err:?}");
    let locked = debug.contains("IsLocked")
        || debug.to_ascii_lowercase().contains("locked")
        || text.to_ascii_lowercase().contains("locked");
    match err {
        keyring::Error::NoStorageAccess(_) => Error::KeyringLocked(text),
        keyring::Error::PlatformFailure(_) if locked => Error::KeyringLocked(text),
        keyring::Error::PlatformFailure(_) => Error::KeyringUnavailable(text),
        keyring::Error::TooLong(..) | keyring::Error::Invalid(..) | keyring::Error::BadEncoding(_) => {
            Error::KeyringUnavailable(text)
        }
        _ => Error::KeyringUnavailable(text),
    }
}

impl SecretStore for KeyringStore {
    fn get(&self, key: &str) -> Result<Option<String>, Error> {
        match self.entry(key)?.get_password() {
            Ok(value) => Ok(Some(value)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(err) => Err(map_keyring(err)),
        }
    }

    fn set(&self, key: &str, value: &str) -> Result<(), Error> {
        self.entry(key)?.set_password(value).map_err(map_keyring)
    }

    fn delete(&self, key: &str) -> Result<(), Error> {
        match self.entry(key)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(err) => Err(map_keyring(err)),
        }
    }
}

/// An in-memory store for unit tests.
#[cfg(test)]
#[derive(Debug, Default)]
pub struct MemoryStore {
    entries: std::sync::Mutex<std::collections::HashMap<String, String>>,
}

#[cfg(test)]
impl SecretStore for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<String>, Error> {
        Ok(self.entries.lock().unwrap().get(key).cloned())
    }

    fn set(&self, key: &str, value: &str) -> Result<(), Error> {
        self.entries.lock().unwrap().insert(key.to_string(), value.to_string());
        Ok(())
    }

    fn delete(&self, key: &str) -> Result<(), Error> {
        self.entries.lock().unwrap().remove(key);
        Ok(())
    }
}
