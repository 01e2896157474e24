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

pub use rate_limit::RateLimiter;

#[derive(Clone)]
pub struct FortnoxApi {
    http: reqwest::Client,
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
    pub fn new(http: reqwest::Client, endpoints: Endpoints) -> FortnoxApi {
        FortnoxApi { http, endpoints, limiter: Arc::new(RateLimiter::fortnox()), backoff: Backoff::default() }
    }

    pub fn with_backoff(mut self, backoff: Backoff) -> FortnoxApi {
        self.backoff = backoff;
        self
    }

    /// `GET /3/{resource}` as JSON. `tenant` keys the rate limit (tokens
    /// rotate; the limit is per tenant).
    pub async fn get(&self, token: &AccessToken, tenant: &str, resource: &str, needs: Needs<'_>) -> Result<Value> {
        let url = self.endpoints.api_url(resource);
        let path = url.path().to_string();
        let mut tries = 0;
        loop {
            self.limiter.acquire(tenant).await;
            let request = self
                .http
                .get(url.clone())
                .bearer_auth(token.expose())
                .header(reqwest::header::ACCEPT, "application/json");
            let outcome = http::send(request, &path).await;
            let retry_after = match &outcome {
                Ok(answer) if answer.status == 429 => {
                    Some(retry_after(answer).unwrap_or_else(|| self.backoff.delay(tries)))
                }
                Ok(answer) if answer.status >= 500 => Some(self.backoff.delay(tries)),
                Err(e) if e.is_transient() => Some(self.backoff.delay(tries)),
                _ => None,
            };
            tries += 1;
            match (retry_after, outcome) {
                (Some(wait), _) if tries < self.backoff.attempts => {
                    tracing::debug!(%path, ?wait, "Fortnox API busy or unreachable; retrying");
                    tokio::time::sleep(wait).await;
                }
                (_, Err(e)) => return Err(e),
                (_, Ok(answer)) if answer.status == 429 => {
                    return Err(Error::RateLimited { what: path });
                }
                (_, Ok(answer)) if (200..300).contains(&answer.status) => {
                    return serde_json::from_slice(&answer.body).map_err(|e| Error::InvalidResponse {
                        what: path,
                        detail: format!("not JSON ({})", e.classify_name()),
                    });
                }
                (_, Ok(answer)) if answer.status >= 500 => {
                    return Err(Error::ServerError { what: path, status: answer.status });
                }
                (_, Ok(answer)) => {
                    let info = ErrorInformation::parse(&answer.body);
                    return Err(Error::Api {
                        code: classify_api_error(answer.status, info.as_ref(), needs.scope, needs.granted),
                        status: answer.status,
                        path,
                        fortnox_code: info.as_ref().and_then(|i| i.code),
                        message: info.and_then(|i| i.message).map(|m| truncate(&m, 300)),
                    });
                }
            }
        }
    }
}

fn retry_after(answer: &http::Answer) -> Option<std::time::Duration> {
    let secs: u64 = answer.headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim().parse().ok()?;
    Some(std::time::Duration::from_secs(secs.min(60)))
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max).collect();
    out.push('…');
    out
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
