//! The broker's one error type. Every refusal leaves as an OAuth-shaped
//! JSON body with a stable code (docs/broker-protocol.md); Fortnox's own
//! refusals are passed through; internal failures say nothing about
//! internals to the caller and are logged without secrets.

use std::time::Duration;

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use fortnox_oauth::broker::{ErrorBody, Refusal};
use fortnox_oauth::{TokenError, http};

#[derive(Debug, thiserror::Error)]
pub enum BrokerError {
    /// One of the protocol's refusals.
    #[error("{}: {detail}", refusal.code())]
    Refused { refusal: Refusal, detail: String, retry_after: Option<Duration> },

    /// Fortnox refused (passed through with its own code and status).
    #[error("Fortnox refused: {error}")]
    Fortnox { status: u16, error: String, description: Option<String> },

    #[error("configuration: {0}")]
    Config(String),

    #[error("database: {0}")]
    Database(#[from] sqlx::Error),

    #[error("migrations: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),

    #[error("{0}")]
    Sealed(String),
}

impl BrokerError {
    pub fn refused(refusal: Refusal, detail: impl Into<String>) -> BrokerError {
        BrokerError::Refused { refusal, detail: detail.into(), retry_after: None }
    }

    /// Fortnox's answer: refusals pass through, trouble reaching it is ours.
    pub fn from_fortnox(error: TokenError) -> BrokerError {
        match error {
            TokenError::Refused { status, error, description, .. } => {
                BrokerError::Fortnox { status: status.clamp(400, 499), error, description }
            }
            TokenError::Unavailable { status, retry_after, .. } => BrokerError::Refused {
                refusal: Refusal::UpstreamUnavailable,
                detail: format!("Fortnox answered HTTP {status}"),
                retry_after,
            },
            other => BrokerError::refused(Refusal::UpstreamUnavailable, other.to_string()),
        }
    }

    /// Fortnox's `invalid_grant`: the consent is gone.
    pub fn is_invalid_grant(&self) -> bool {
        matches!(self, BrokerError::Fortnox { error, .. } if error == "invalid_grant")
    }
}

impl IntoResponse for BrokerError {
    fn into_response(self) -> Response {
        let (status, body, retry_after) = match &self {
            BrokerError::Refused { refusal, detail, retry_after } => (
                StatusCode::from_u16(refusal.status()).unwrap_or(StatusCode::BAD_REQUEST),
                ErrorBody { error: refusal.code().to_string(), error_description: Some(detail.clone()) },
                *retry_after,
            ),
            BrokerError::Fortnox { status, error, description } => (
                StatusCode::from_u16(*status).unwrap_or(StatusCode::BAD_REQUEST),
                ErrorBody {
                    error: error.clone(),
                    error_description: description.as_deref().map(|d| http::cut(d, http::MAX_REMOTE_TEXT)),
                },
                None,
            ),
            internal => {
                tracing::error!(error = %internal, "internal error");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    ErrorBody {
                        error: "temporarily_unavailable".into(),
                        error_description: Some("the broker could not complete the request; try again".into()),
                    },
                    Some(Duration::from_secs(1)),
                )
            }
        };
        let mut response = (status, Json(body)).into_response();
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Some(wait) = retry_after
            && let Ok(value) = HeaderValue::from_str(&wait.as_secs().max(1).to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}
