//! The broker's keys: sealing tokens at rest and keying the hashes of
//! installation secrets, both from `FORTNOX_BROKER_KEY`, with old keys
//! still accepted while a new one takes over (`fortnox-broker rekey`).
//!
//! - A sealed value is `v2.<key id>.<base64url(nonce ‖ ciphertext)>`:
//!   XChaCha20-Poly1305 with a random 192-bit nonce, its associated data
//!   binding it to its installation, connection and field, so a value
//!   copied into another row, column or installation does not open.
//! - An installation secret is stored as its SHA-256, sealed like a token
//!   (bound to its installation): write access to the database alone can
//!   neither check a guess offline nor plant a secret of its own choosing,
//!   and `rekey` seals it again under a new key like any other value (a
//!   keyed hash could not be moved to a new key without the secret).
//! - A connection's binding (its account type and tenant) is sealed too:
//!   a row planted or edited in the database does not get client
//!   credentials for a tenant (`Broker::check_binding`).
//! - Schema 1 (`v1.…` sealed values bound to connection and field only,
//!   plain SHA-256 secret hashes) is converted once, when schema 2 is
//!   applied (`store::upgrade`). After that neither v1 form is accepted: a
//!   plain hash or a v1 value planted in the database opens nothing.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::error::BrokerError;

/// One 256-bit key and its id (derived from it, so nothing to configure).
pub struct SealKey {
    key: Zeroizing<[u8; 32]>,
    id: String,
}

impl std::fmt::Debug for SealKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SealKey({}, ***)", self.id)
    }
}

impl SealKey {
    fn new(key: [u8; 32]) -> SealKey {
        let digest = Sha256::new().chain_update(b"fortnox-broker key id\0").chain_update(key).finalize();
        let id = URL_SAFE_NO_PAD.encode(&digest[..6]);
        SealKey { key: Zeroizing::new(key), id }
    }

    /// From base64 (standard or URL-safe) of exactly 32 bytes, as
    /// `openssl rand -base64 32` prints.
    pub fn from_base64(text: &str) -> Result<SealKey, BrokerError> {
        let text = text.trim();
        let bytes = STANDARD
            .decode(text)
            .or_else(|_| URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')))
            .map_err(|_| BrokerError::Config("FORTNOX_BROKER_KEY is not base64".into()))?;
        let key: [u8; 32] = bytes.try_into().map_err(|b: Vec<u8>| {
            BrokerError::Config(format!(
                "FORTNOX_BROKER_KEY must be 32 bytes, not {} (openssl rand -base64 32)",
                b.len()
            ))
        })?;
        Ok(SealKey::new(key))
    }

    /// A fresh random key (demo mode keeps it in the data directory).
    pub fn random() -> SealKey {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).expect("the operating system provides random bytes");
        SealKey::new(key)
    }

    pub fn to_base64(&self) -> Zeroizing<String> {
        Zeroizing::new(STANDARD.encode(*self.key))
    }

    /// The key's id, as it appears in what it sealed and hashed.
    pub fn id(&self) -> &str {
        &self.id
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new((&*self.key).into())
    }
}

/// Where a sealed value belongs.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    pub installation: &'a str,
    pub connection: &'a str,
    pub field: &'a str,
}

impl Place<'_> {
    fn aad(&self, version: u8) -> String {
        match version {
            1 => format!("fortnox-broker/v1/{}/{}", self.connection, self.field),
            _ => format!("fortnox-broker/v2/{}/{}/{}", self.installation, self.connection, self.field),
        }
    }
}

/// The current key and the old ones still accepted.
#[derive(Debug)]
pub struct Keys {
    current: SealKey,
    old: Vec<SealKey>,
}

/// What checking an installation secret found.
#[derive(Debug, PartialEq, Eq)]
pub enum SecretCheck {
    Valid,
    /// Valid, but sealed under an old key: store this instead.
    ValidRehash(String),
    Invalid,
}

impl Keys {
    pub fn new(current: SealKey, old: Vec<SealKey>) -> Keys {
        Keys { current, old }
    }

    pub fn current(&self) -> &SealKey {
        &self.current
    }

    fn by_id(&self, id: &str) -> Option<&SealKey> {
        std::iter::once(&self.current).chain(&self.old).find(|k| k.id == id)
    }

    /// Seals `secret` for `place` under the current key.
    pub fn seal(&self, place: Place<'_>, secret: &str) -> String {
        let mut nonce = [0u8; 24];
        getrandom::fill(&mut nonce).expect("the operating system provides random bytes");
        let aad = place.aad(2);
        let sealed = self
            .current
            .cipher()
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: secret.as_bytes(), aad: aad.as_bytes() })
            .expect("sealing a short value cannot fail");
        let mut out = nonce.to_vec();
        out.extend(sealed);
        format!("v2.{}.{}", self.current.id, URL_SAFE_NO_PAD.encode(out))
    }

    /// Opens a value sealed for `place` under any accepted key.
    pub fn open(&self, place: Place<'_>, sealed: &str) -> Result<Zeroizing<String>, BrokerError> {
        let broken = || broken(place);
        let rest = sealed.strip_prefix("v2.").ok_or_else(broken)?;
        let (id, body) = rest.split_once('.').ok_or_else(broken)?;
        let key = self.by_id(id).ok_or_else(broken)?;
        decrypt(&[key], place, 2, body)
    }

    /// A value as schema 1 sealed it (bound to connection and field only).
    #[cfg(test)]
    pub(crate) fn seal_v1(&self, place: Place<'_>, secret: &str) -> String {
        let nonce = [7u8; 24];
        let aad = place.aad(1);
        let sealed = self
            .current
            .cipher()
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: secret.as_bytes(), aad: aad.as_bytes() })
            .expect("sealing a short value cannot fail");
        format!("v1.{}", URL_SAFE_NO_PAD.encode([nonce.to_vec(), sealed].concat()))
    }

    /// Opens a schema 1 value, once, to seal it again (`store::upgrade`).
    pub(crate) fn open_v1(&self, place: Place<'_>, sealed: &str) -> Result<Zeroizing<String>, BrokerError> {
        let body = sealed.strip_prefix("v1.").ok_or_else(|| broken(place))?;
        let keys: Vec<&SealKey> = std::iter::once(&self.current).chain(&self.old).collect();
        decrypt(&keys, place, 1, body)
    }

    /// Whether `sealed` is under the current key in the current format
    /// (what `rekey` leaves alone).
    pub fn is_current(&self, sealed: &str) -> bool {
        sealed.strip_prefix("v2.").and_then(|rest| rest.split_once('.')).is_some_and(|(id, _)| id == self.current.id)
    }

    /// The stored form of `installation`'s secret.
    pub fn hash_secret(&self, installation: &str, secret: &str) -> String {
        self.seal_hash(installation, &plain_hash(secret))
    }

    /// A schema 1 hash (base64url SHA-256 of the secret) in today's form,
    /// once (`store::upgrade`).
    pub(crate) fn seal_hash(&self, installation: &str, hash: &str) -> String {
        self.seal(secret_place(installation), hash)
    }

    /// Checks `secret` against its stored form, in constant time.
    pub fn check_secret(&self, installation: &str, secret: &str, stored: &str) -> SecretCheck {
        let Ok(expected) = self.open(secret_place(installation), stored) else { return SecretCheck::Invalid };
        if !bool::from(plain_hash(secret).as_bytes().ct_eq(expected.as_bytes())) {
            SecretCheck::Invalid
        } else if self.is_current(stored) {
            SecretCheck::Valid
        } else {
            SecretCheck::ValidRehash(self.seal_hash(installation, &expected))
        }
    }

    /// The same work as checking a secret, for an installation that does
    /// not exist: an unknown id answers as slowly as a wrong secret.
    pub fn check_nothing(&self, secret: &str) {
        static DECOY: std::sync::OnceLock<(SealKey, String)> = std::sync::OnceLock::new();
        let (key, sealed) = DECOY.get_or_init(|| {
            let keys = Keys::new(SealKey::random(), Vec::new());
            let sealed = keys.hash_secret("-", "-");
            (keys.current, sealed)
        });
        let body = sealed.rsplit('.').next().unwrap_or_default();
        let opened = decrypt(&[key], secret_place("-"), 2, body).unwrap_or_default();
        let _ = std::hint::black_box(plain_hash(secret).as_bytes().ct_eq(opened.as_bytes()));
    }

    /// Re-seals `installation`'s stored secret hash under the current key
    /// (`rekey`); `None` when it already is.
    pub fn reseal_hash(&self, installation: &str, stored: &str) -> Result<Option<String>, BrokerError> {
        if self.is_current(stored) {
            return Ok(None);
        }
        Ok(Some(self.seal_hash(installation, &self.open(secret_place(installation), stored)?)))
    }
}

/// Where an installation's secret hash is sealed.
fn secret_place(installation: &str) -> Place<'_> {
    Place { installation, connection: "-", field: "installation_secret" }
}

/// base64url SHA-256 (what schema 1 stored as it was).
pub(crate) fn plain_hash(secret: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(secret.as_bytes()))
}

fn broken(place: Place<'_>) -> BrokerError {
    BrokerError::Sealed(format!("the stored {} of connection {} cannot be opened", place.field, place.connection))
}

fn decrypt(keys: &[&SealKey], place: Place<'_>, version: u8, body: &str) -> Result<Zeroizing<String>, BrokerError> {
    let broken = || broken(place);
    let bytes = URL_SAFE_NO_PAD.decode(body).map_err(|_| broken())?;
    if bytes.len() < 24 {
        return Err(broken());
    }
    let (nonce, ciphertext) = bytes.split_at(24);
    let aad = place.aad(version);
    let plain = keys
        .iter()
        .find_map(|key| {
            key.cipher().decrypt(XNonce::from_slice(nonce), Payload { msg: ciphertext, aad: aad.as_bytes() }).ok()
        })
        .ok_or_else(broken)?;
    String::from_utf8(plain).map(Zeroizing::new).map_err(|_| broken())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place<'a>(installation: &'a str, connection: &'a str, field: &'a str) -> Place<'a> {
        Place { installation, connection, field }
    }

    #[test]
    fn sealed_values_open_only_where_they_were_sealed() {
        let keys = Keys::new(SealKey::random(), vec![]);
        let here = place("i1", "c1", "refresh_token");
        let sealed = keys.seal(here, "a7302e6b-b1cb");
        assert!(!sealed.contains("a7302e6b"));
        assert!(sealed.starts_with(&format!("v2.{}.", keys.current().id())));
        assert_eq!(keys.open(here, &sealed).unwrap().as_str(), "a7302e6b-b1cb");
        assert!(keys.open(place("i1", "c2", "refresh_token"), &sealed).is_err(), "another connection");
        assert!(keys.open(place("i1", "c1", "access_token"), &sealed).is_err(), "another field");
        assert!(keys.open(place("i2", "c1", "refresh_token"), &sealed).is_err(), "another installation");
        assert!(Keys::new(SealKey::random(), vec![]).open(here, &sealed).is_err(), "another key");
        assert_ne!(keys.seal(here, "x"), keys.seal(here, "x"), "fresh nonces");
    }

    #[test]
    fn a_new_key_opens_what_the_old_one_sealed_while_the_old_one_is_named() {
        let old = SealKey::random();
        let old_b64 = old.to_base64();
        let before = Keys::new(old, vec![]);
        let here = place("i1", "c1", "refresh_token");
        let sealed = before.seal(here, "token");
        let after = Keys::new(SealKey::random(), vec![SealKey::from_base64(&old_b64).unwrap()]);
        assert_eq!(after.open(here, &sealed).unwrap().as_str(), "token");
        assert!(!after.is_current(&sealed));
        assert!(after.is_current(&after.seal(here, "token")));
        let without_old = Keys::new(SealKey::from_base64(&after.current().to_base64()).unwrap(), vec![]);
        assert!(without_old.open(here, &sealed).is_err(), "an old key no longer named");
    }

    #[test]
    fn schema_1_values_still_open() {
        let keys = Keys::new(SealKey::random(), vec![]);
        let sealed = keys.seal_v1(place("other", "c1", "refresh_token"), "old");
        assert_eq!(keys.open_v1(place("any", "c1", "refresh_token"), &sealed).unwrap().as_str(), "old");
        assert!(keys.open(place("any", "c1", "refresh_token"), &sealed).is_err(), "only the upgrade opens v1");
        assert!(!keys.is_current(&sealed));
    }

    #[test]
    fn installation_secrets_are_sealed_hashes_that_move_to_a_new_key() {
        let old = SealKey::random();
        let old_b64 = old.to_base64();
        let keys = Keys::new(old, vec![]);
        let stored = keys.hash_secret("i1", "s3cret");
        assert!(!stored.contains(&plain_hash("s3cret")), "not a plain hash");
        assert_eq!(keys.check_secret("i1", "s3cret", &stored), SecretCheck::Valid);
        assert_eq!(keys.check_secret("i1", "guess", &stored), SecretCheck::Invalid);
        assert_eq!(keys.check_secret("i2", "s3cret", &stored), SecretCheck::Invalid, "another installation's row");
        // Someone with the database plants sha256 of a secret of their
        // own, bare or dressed as a sealed value: neither opens.
        let planted = format!("v2.{}.{}", keys.current().id(), plain_hash("mine"));
        assert_eq!(keys.check_secret("i1", "mine", &planted), SecretCheck::Invalid);
        assert_eq!(keys.check_secret("i1", "mine", &plain_hash("mine")), SecretCheck::Invalid);
        // Schema 1's plain hash, sealed once by the upgrade, is accepted.
        let upgraded = keys.seal_hash("i1", &plain_hash("s3cret"));
        assert_eq!(keys.check_secret("i1", "s3cret", &upgraded), SecretCheck::Valid);
        // A new key: the old hash is still accepted while the old key is
        // named, and `rekey` moves it without knowing the secret.
        let after = Keys::new(SealKey::random(), vec![SealKey::from_base64(&old_b64).unwrap()]);
        assert!(
            matches!(after.check_secret("i1", "s3cret", &stored), SecretCheck::ValidRehash(h) if after.is_current(&h))
        );
        let moved = after.reseal_hash("i1", &stored).unwrap().expect("under the old key");
        assert_eq!(after.reseal_hash("i1", &moved).unwrap(), None, "already current");
        let only_new = Keys::new(SealKey::from_base64(&after.current().to_base64()).unwrap(), vec![]);
        assert_eq!(only_new.check_secret("i1", "s3cret", &moved), SecretCheck::Valid, "the old key can go");
        only_new.check_nothing("s3cret");
    }

    #[test]
    fn keys_are_read_from_base64_of_32_bytes() {
        let key = SealKey::random();
        let again = SealKey::from_base64(&key.to_base64()).unwrap();
        assert_eq!(again.id(), key.id());
        assert!(SealKey::from_base64("c2hvcnQ=").is_err());
        assert!(SealKey::from_base64("not base64!").is_err());
        assert_eq!(format!("{key:?}"), format!("SealKey({}, ***)", key.id()));
    }
}
