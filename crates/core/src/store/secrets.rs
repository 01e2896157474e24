//! Secrets live in the OS keyring (Secret Service on Linux, Credential
//! Manager on Windows, Keychain on macOS) and nowhere else. If there is no
//! keyring, that is an error with a fix, never a plaintext fallback.
//!
//! `SecretStore` is the raw keyring (one value per secret; the platform
//! crate splits a value too long for one Windows credential); `Secrets` is
//! the typed view the rest of core uses, so a refresh token can only be
//! stored as a refresh token.

use std::sync::Arc;

use time::OffsetDateTime;

use crate::error::Error;
use crate::secret::{AccessToken, ClientSecret, InstallationSecret, RefreshToken, StoredSecret};

/// Where secrets are kept. The real one is `KeyringStore`; unit tests use
/// an in-memory store.
pub trait SecretStore: Send + Sync {
    /// `Ok(None)` when there is no such entry.
    fn get(&self, key: &str) -> Result<Option<StoredSecret>, Error>;
    fn set(&self, key: &str, value: &StoredSecret) -> Result<(), Error>;
    /// Deleting an entry that does not exist is fine.
    fn delete(&self, key: &str) -> Result<(), Error>;
}

/// Entry names.
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

    /// This desktop's credential at the broker at `origin` (scheme, host
    /// and port): a credential is sent to no other broker.
    pub fn installation(origin: &url::Url) -> String {
        format!("broker-installation/{}", origin.origin().ascii_serialization())
    }

    /// Where versions before the binding kept the one credential.
    pub const LEGACY_INSTALLATION: &str = "broker-installation";

    /// A throwaway entry written and read back before a login, to prove
    /// the keyring works.
    pub const PROBE: &str = "keyring-check";
}

/// The typed view of the keyring.
#[derive(Clone)]
pub struct Secrets {
    store: Arc<dyn SecretStore>,
}

impl Secrets {
    pub fn new(store: Arc<dyn SecretStore>) -> Secrets {
        Secrets { store }
    }

    pub fn refresh_token(&self, connection: &str) -> Result<Option<RefreshToken>, Error> {
        Ok(self.store.get(&keys::refresh_token(connection))?.map(|s| RefreshToken::new(s.expose())))
    }

    pub fn set_refresh_token(&self, connection: &str, token: &RefreshToken) -> Result<(), Error> {
        self.store.set(&keys::refresh_token(connection), &StoredSecret::new(token.expose()))
    }

    pub fn delete_refresh_token(&self, connection: &str) -> Result<(), Error> {
        self.store.delete(&keys::refresh_token(connection))
    }

    /// The cached access token and when it expires (`"<unix>\t<token>"`).
    pub fn access_token(&self, connection: &str) -> Result<Option<(AccessToken, OffsetDateTime)>, Error> {
        let Some(value) = self.store.get(&keys::access_token(connection))? else {
            return Ok(None);
        };
        let Some((exp, token)) = value.expose().split_once('\t') else {
            return Ok(None);
        };
        let expires_at = exp.parse::<i64>().ok().and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok());
        Ok(expires_at.map(|at| (AccessToken::new(token), at)))
    }

    pub fn set_access_token(
        &self,
        connection: &str,
        token: &AccessToken,
        expires_at: OffsetDateTime,
    ) -> Result<(), Error> {
        let value = StoredSecret::new(format!("{}\t{}", expires_at.unix_timestamp(), token.expose()));
        self.store.set(&keys::access_token(connection), &value)
    }

    pub fn delete_access_token(&self, connection: &str) -> Result<(), Error> {
        self.store.delete(&keys::access_token(connection))
    }

    pub fn client_secret(&self, client_id: &str) -> Result<Option<ClientSecret>, Error> {
        Ok(self
            .store
            .get(&keys::client_secret(client_id))?
            .map(|s| ClientSecret::new(s.expose()))
            .filter(|s| !s.is_empty()))
    }

    pub fn set_client_secret(&self, client_id: &str, secret: &ClientSecret) -> Result<(), Error> {
        self.store.set(&keys::client_secret(client_id), &StoredSecret::new(secret.expose()))
    }

    /// The installation at the broker of `broker` (`"<id>\t<secret>"`).
    pub fn installation(&self, broker: &url::Url) -> Result<Option<(String, InstallationSecret)>, Error> {
        read_installation(self.store.get(&keys::installation(broker))?)
    }

    pub fn set_installation(&self, broker: &url::Url, id: &str, secret: &InstallationSecret) -> Result<(), Error> {
        self.store.set(&keys::installation(broker), &StoredSecret::new(format!("{id}\t{}", secret.expose())))
    }

    pub fn delete_installation(&self, broker: &url::Url) -> Result<(), Error> {
        self.store.delete(&keys::installation(broker))
    }

    /// The credential of versions before the binding to a broker, moved to
    /// `broker`'s entry. Only for the profile installed with the app (or
    /// the built-in demo): that one names the broker the credential was
    /// made for. A profile named on the command line never receives it,
    /// so a profile pointing at another server cannot collect it.
    pub fn adopt_legacy_installation(&self, broker: &url::Url) -> Result<(), Error> {
        let Some(value) = self.store.get(keys::LEGACY_INSTALLATION)? else {
            return Ok(());
        };
        if self.store.get(&keys::installation(broker))?.is_none() {
            self.store.set(&keys::installation(broker), &value)?;
        }
        self.store.delete(keys::LEGACY_INSTALLATION)
    }

    /// Proves the keyring can store and read a secret, before anything
    /// depends on it (a login whose result could not be kept would leave
    /// an approval active at Fortnox).
    pub fn check_writable(&self) -> Result<(), Error> {
        let probe = StoredSecret::new(crate::secret::random_token(16));
        self.store.set(keys::PROBE, &probe)?;
        let read = self.store.get(keys::PROBE)?;
        let _ = self.store.delete(keys::PROBE);
        match read {
            Some(value) if value == probe => Ok(()),
            // Secret Service answers "no entry" when the keyring is locked.
            _ => Err(Error::KeyringLocked("a test entry could not be read back from the keyring".into())),
        }
    }
}

fn read_installation(value: Option<StoredSecret>) -> Result<Option<(String, InstallationSecret)>, Error> {
    Ok(value.and_then(|v| {
        v.expose().split_once('\t').map(|(id, secret)| (id.to_string(), InstallationSecret::new(secret)))
    }))
}

/// The OS keyring, under one service name. Long values are split across
/// entries where one entry is too small (Windows: 2,560 bytes), by
/// `fortnox_platform::keyring`.
#[derive(Debug, Clone)]
pub struct KeyringStore {
    keyring: fortnox_platform::keyring::Keyring,
}

pub const KEYRING_SERVICE: &str = "fortnox-connect";

impl KeyringStore {
    pub fn new() -> KeyringStore {
        KeyringStore::with_service(KEYRING_SERVICE)
    }

    /// The keyring entries of one profile's connections (one service name
    /// per issuer and client id).
    pub fn for_profile(profile: &crate::profile::Profile) -> KeyringStore {
        KeyringStore::with_service(&format!("{KEYRING_SERVICE}/{}", profile.namespace()))
    }

    pub fn with_service(service: &str) -> KeyringStore {
        KeyringStore { keyring: fortnox_platform::keyring::Keyring::os(service) }
    }
}

impl Default for KeyringStore {
    fn default() -> Self {
        KeyringStore::new()
    }
}

/// Keyring failures as catalogue errors: no keyring at all (or an entry
/// it cannot give back whole), or a locked one.
fn map_keyring(err: fortnox_platform::keyring::KeyringError) -> Error {
    use fortnox_platform::keyring::KeyringError;
    match err {
        KeyringError::Locked(text) => Error::KeyringLocked(text),
        KeyringError::Unavailable(text) => Error::KeyringUnavailable(text),
        damaged @ KeyringError::Damaged { .. } => Error::KeyringUnavailable(damaged.to_string()),
    }
}

impl SecretStore for KeyringStore {
    fn get(&self, key: &str) -> Result<Option<StoredSecret>, Error> {
        Ok(self.keyring.get(key).map_err(map_keyring)?.map(|value| StoredSecret::new(value.as_str())))
    }

    fn set(&self, key: &str, value: &StoredSecret) -> Result<(), Error> {
        self.keyring.set(key, value.expose()).map_err(map_keyring)
    }

    fn delete(&self, key: &str) -> Result<(), Error> {
        self.keyring.delete(key).map_err(map_keyring)
    }
}

/// An in-memory store for unit tests.
#[cfg(test)]
#[derive(Default)]
pub struct MemoryStore {
    entries: std::sync::Mutex<std::collections::HashMap<String, StoredSecret>>,
}

#[cfg(test)]
impl SecretStore for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<StoredSecret>, Error> {
        Ok(self.entries.lock().unwrap().get(key).cloned())
    }

    fn set(&self, key: &str, value: &StoredSecret) -> Result<(), Error> {
        self.entries.lock().unwrap().insert(key.to_string(), value.clone());
        Ok(())
    }

    fn delete(&self, key: &str) -> Result<(), Error> {
        self.entries.lock().unwrap().remove(key);
        Ok(())
    }
}
