//! Tokens at rest: sealed with XChaCha20-Poly1305 (random 192-bit nonces)
//! under the key from `FORTNOX_BROKER_KEY`. Each sealed value is bound to
//! its connection and field, so a value copied into another row or column
//! does not open.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

use crate::error::BrokerError;

const PREFIX: &str = "v1.";

/// The sealing key. No `Debug` that shows it; it leaves memory zeroed.
pub struct SealKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for SealKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealKey(***)")
    }
}

impl SealKey {
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
        Ok(SealKey(Zeroizing::new(key)))
    }

    /// A fresh random key (demo mode keeps it in the data directory).
    pub fn random() -> SealKey {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).expect("the operating system provides random bytes");
        SealKey(Zeroizing::new(key))
    }

    pub fn to_base64(&self) -> Zeroizing<String> {
        Zeroizing::new(STANDARD.encode(*self.0))
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new((&*self.0).into())
    }

    /// Seals `secret` for `connection`'s `field`.
    pub fn seal(&self, connection: &str, field: &str, secret: &str) -> String {
        let mut nonce = [0u8; 24];
        getrandom::fill(&mut nonce).expect("the operating system provides random bytes");
        let aad = aad(connection, field);
        let sealed = self
            .cipher()
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: secret.as_bytes(), aad: aad.as_bytes() })
            .expect("sealing a short value cannot fail");
        let mut out = nonce.to_vec();
        out.extend(sealed);
        format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(out))
    }

    /// Opens a value sealed for `connection`'s `field`.
    pub fn open(&self, connection: &str, field: &str, sealed: &str) -> Result<Zeroizing<String>, BrokerError> {
        let broken = || BrokerError::Sealed(format!("the stored {field} of connection {connection} cannot be opened"));
        let body = sealed.strip_prefix(PREFIX).ok_or_else(broken)?;
        let bytes = URL_SAFE_NO_PAD.decode(body).map_err(|_| broken())?;
        if bytes.len() < 24 {
            return Err(broken());
        }
        let (nonce, ciphertext) = bytes.split_at(24);
        let aad = aad(connection, field);
        let plain = self
            .cipher()
            .decrypt(XNonce::from_slice(nonce), Payload { msg: ciphertext, aad: aad.as_bytes() })
            .map_err(|_| broken())?;
        String::from_utf8(plain).map(Zeroizing::new).map_err(|_| broken())
    }
}

fn aad(connection: &str, field: &str) -> String {
    format!("fortnox-broker/v1/{connection}/{field}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_where_they_were_sealed() {
        let key = SealKey::random();
        let sealed = key.seal("c1", "refresh_token", "a7302e6b-b1cb");
        assert!(!sealed.contains("a7302e6b"));
        assert_eq!(key.open("c1", "refresh_token", &sealed).unwrap().as_str(), "a7302e6b-b1cb");
        assert!(key.open("c2", "refresh_token", &sealed).is_err(), "another connection");
        assert!(key.open("c1", "access_token", &sealed).is_err(), "another field");
        assert!(SealKey::random().open("c1", "refresh_token", &sealed).is_err(), "another key");
        assert_ne!(key.seal("c1", "refresh_token", "x"), key.seal("c1", "refresh_token", "x"), "fresh nonces");
    }

    #[test]
    fn keys_are_read_from_base64_of_32_bytes() {
        let key = SealKey::random();
        let again = SealKey::from_base64(&key.to_base64()).unwrap();
        let sealed = key.seal("c", "f", "v");
        assert_eq!(again.open("c", "f", &sealed).unwrap().as_str(), "v");
        assert!(SealKey::from_base64("c2hvcnQ=").is_err());
        assert!(SealKey::from_base64("not base64!").is_err());
        assert_eq!(format!("{key:?}"), "SealKey(***)");
    }
}
