//! What can go wrong at a token endpoint (Fortnox's or a broker's),
//! separating the server's answer from transport and parse failures.

use std::time::Duration;

use crate::http::{HttpError, MAX_REMOTE_TEXT, cut};
use crate::retry::Retry;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// The server answered with an OAuth error (`error`,
    /// `error_description`), or a broker with one of its refusal codes.
    #[error("{what} refused the request: {error}{}", description.as_deref().map(|d| format!(" ({d})")).unwrap_or_default())]
    Refused { what: String, status: u16, error: String, description: Option<String> },

    #[error("could not reach {what}: {detail}")]
    Unreachable { what: String, detail: String },

    /// 5xx, or 429 after the retries.
    #[error("{what} answered HTTP {status}")]
    Unavailable { what: String, status: u16, retry_after: Option<Duration> },

    #[error("{what}'s answer could not be read: {detail}")]
    Invalid { what: String, detail: String },
}

impl TokenError {
    pub(crate) fn refused(what: &str, status: u16, error: &str, description: Option<&str>) -> TokenError {
        TokenError::Refused {
            what: what.to_string(),
            status,
            error: cut(error, 80),
            description: description.map(|d| cut(d, MAX_REMOTE_TEXT)).filter(|d| !d.is_empty()),
        }
    }

    pub(crate) fn from_http(what: &str, error: HttpError) -> TokenError {
        match error {
            HttpError::Unreachable(detail) => TokenError::Unreachable { what: what.to_string(), detail },
            HttpError::TooLarge => TokenError::Invalid { what: what.to_string(), detail: error.to_string() },
        }
    }

    /// The OAuth `error` code, when the server refused.
    pub fn error_code(&self) -> Option<&str> {
        match self {
            TokenError::Refused { error, .. } => Some(error),
            _ => None,
        }
    }
}

impl Retry for TokenError {
    fn is_transient(&self) -> bool {
        matches!(self, TokenError::Unreachable { .. } | TokenError::Unavailable { .. })
    }

    fn retry_after(&self) -> Option<Duration> {
        match self {
            TokenError::Unavailable { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}
