//! The Fortnox API client: Bearer token, `Accept: application/json`, at
//! most 24 requests per 5 seconds per tenant, automatic back-off on 429,
//! and every failure read as a catalogue error.

pub mod probes;
mod rate_limit;

use std::sync::Arc;

use serde_json::Value;

use crate::catalogue::{ErrorInformation, classify_api_error};
use crate::error::{Error, Result};
use crate::http::{self, Backoff};
use crate::profile::Endpoints;
use crate::secret::AccessToken;
use fortnox_oauth::retry::{Retry, with_retries};

pub use rate_limit::RateLimiter;

/// A warm-up that takes longer than this has not helped anyone.
const WARM_UP_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

#[derive(Clone)]
pub struct FortnoxApi {
    http: fortnox_oauth::http::Http,
    endpoints: Endpoints,
    limiter: Arc<RateLimiter>,
    backoff: Backoff,
}

/// What a request needed, so a refusal can be explained (scope missing
/// versus the user's permission).
#[derive(Debug, Clone, Copy)]
pub struct Needs<'a> {
    pub scope: Option<&'a str>,
    /// Whether the connection's token includes that scope.
    pub granted: bool,
}

impl FortnoxApi {
    pub fn new(http: fortnox_oauth::http::Http, endpoints: Endpoints) -> FortnoxApi {
        FortnoxApi { http, endpoints, limiter: Arc::new(RateLimiter::fortnox()), backoff: Backoff::default() }
    }

    pub fn with_backoff(mut self, backoff: Backoff) -> FortnoxApi {
        self.backoff = backoff;
        self
    }

    /// Opens `connections` connections to the API host in the background,
    /// while the person logs in, so that the verification round after the
    /// code exchange pays no connection set-up (TCP, and TLS over the
    /// internet: a round trip or more each). Each is a `HEAD` of the host's
    /// root: no token is sent and the answer is not read. Requests go over
    /// HTTP/1.1 (HTTP/2 support is left out of the binaries), so each probe
    /// of the round needs a connection of its own.
    pub fn warm_up(&self, connections: usize) {
        let mut root = self.endpoints.api_base.clone();
        root.set_path("/");
        root.set_query(None);
        let Ok(runtime) = tokio::runtime::Handle::try_current() else { return };
        for _ in 0..connections {
            let request = self.http.head(root.clone()).timeout(WARM_UP_TIMEOUT);
            runtime.spawn(async move {
                if let Err(e) = request.send().await {
                    tracing::debug!(error = %e, "could not open a connection to Fortnox ahead of time");
                }
            });
        }
    }

    /// `GET /3/{resource}` as JSON. `tenant` keys the rate limit (tokens
    /// rotate; the limit is per tenant). Network trouble, 5xx and 429 are
    /// retried (429 no sooner than `Retry-After` says).
    pub async fn get(&self, token: &AccessToken, tenant: &str, resource: &str, needs: Needs<'_>) -> Result<Value> {
        let url = self.endpoints.api_url(resource);
        let path = url.path().to_string();
        with_retries(self.backoff, "a Fortnox API call", || async {
            self.limiter.acquire(tenant).await;
            let request = self
                .http
                .get(url.clone())
                .bearer_auth(token.expose())
                .header(reqwest::header::ACCEPT, "application/json");
            let answer = http::send(request, &path).await.map_err(Attempt::from)?;
            read(answer, &path, needs)
        })
        .await
        .map_err(|attempt| attempt.error)
    }
}

/// One try's failure, with the wait the server asked for.
struct Attempt {
    error: Error,
    retry_after: Option<std::time::Duration>,
}

impl From<Error> for Attempt {
    fn from(error: Error) -> Attempt {
        Attempt { error, retry_after: None }
    }
}

impl std::fmt::Display for Attempt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.error.fmt(f)
    }
}

impl Retry for Attempt {
    fn is_transient(&self) -> bool {
        self.error.is_transient()
    }

    fn retry_after(&self) -> Option<std::time::Duration> {
        self.retry_after
    }
}

/// An answer as JSON, or as the catalogue error it means.
fn read(answer: http::Answer, path: &str, needs: Needs<'_>) -> std::result::Result<Value, Attempt> {
    let path = path.to_string();
    match answer.status {
        200..=299 => serde_json::from_slice(&answer.body).map_err(|e| {
            Attempt::from(Error::InvalidResponse { what: path, detail: format!("not JSON ({})", e.classify_name()) })
        }),
        429 => Err(Attempt { retry_after: answer.retry_after(), error: Error::RateLimited { what: path } }),
        status if status >= 500 => Err(Attempt::from(Error::ServerError { what: path, status })),
        status => {
            let info = ErrorInformation::parse(&answer.body);
            Err(Attempt::from(Error::Api {
                code: classify_api_error(status, info.as_ref(), needs.scope, needs.granted),
                status,
                path,
                fortnox_code: info.as_ref().and_then(|i| i.code),
                message: info.and_then(|i| i.message).map(|m| http::cut(&m, http::MAX_REMOTE_TEXT)),
            }))
        }
    }
}

trait ClassifyName {
    fn classify_name(&self) -> &'static str;
}

impl ClassifyName for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "read error",
            serde_json::error::Category::Syntax => "syntax error",
            serde_json::error::Category::Data => "unexpected data",
            serde_json::error::Category::Eof => "cut off",
        }
    }
}
