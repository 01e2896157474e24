//! Who is calling: HTTP Basic with the installation id and secret. The
//! secret is stored as a SHA-256 hash (it is 256 random bits, so a slow
//! hash adds nothing) and compared in constant time.

use axum::http::{HeaderMap, header};
use base64::Engine;
use fortnox_oauth::broker::Refusal;
use fortnox_oauth::secret::sha256_b64;
use subtle::ConstantTimeEq;

use crate::error::BrokerError;
use crate::store::Store;

/// An authenticated installation.
#[derive(Debug, Clone)]
pub struct Caller {
    pub installation: String,
}

fn basic(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let (id, secret) = std::str::from_utf8(&decoded).ok()?.split_once(':')?;
    Some((id.to_string(), secret.to_string()))
}

pub async fn authenticate(store: &Store, headers: &HeaderMap) -> Result<Caller, BrokerError> {
    let refused = || {
        BrokerError::refused(
            Refusal::InvalidInstallation,
            "enroll first, then send the installation id and secret with HTTP Basic",
        )
    };
    let (id, secret) = basic(headers).ok_or_else(refused)?;
    if id.is_empty() || id.len() > 100 || secret.len() > 200 {
        return Err(refused());
    }
    let stored = store.installation_secret_hash(&id).await?.ok_or_else(refused)?;
    if bool::from(sha256_b64(&secret).as_bytes().ct_eq(stored.as_bytes())) {
        Ok(Caller { installation: id })
    } else {
        Err(refused())
    }
}
