//! HTTP for core: the shared client configuration and the capped read
//! from `fortnox-oauth`, with failures turned into catalogue errors.

pub use fortnox_oauth::http::{Answer, Http, HttpError, MAX_BODY, MAX_REMOTE_TEXT, cut, describe};
pub use fortnox_oauth::retry::Backoff;

use crate::error::Error;

pub fn client() -> Http {
    Http::new(concat!("FortnoxConnect/", env!("CARGO_PKG_VERSION")))
}

/// Sends and reads the whole answer, capped at `MAX_BODY`.
pub async fn send(request: reqwest::RequestBuilder, what: &str) -> Result<Answer, Error> {
    fortnox_oauth::http::send(request).await.map_err(|e| match e {
        HttpError::Unreachable(detail) => Error::Unreachable { what: what.to_string(), detail },
        HttpError::TooLarge => Error::InvalidResponse { what: what.to_string(), detail: e.to_string() },
    })
}
