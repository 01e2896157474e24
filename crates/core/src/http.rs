//! The one HTTP client configuration: TLS, timeouts, no redirects, a
//! user agent, and a cap on how much of an answer is read.

use std::time::Duration;

use reqwest::header::HeaderMap;

use crate::error::Error;

/// Answers larger than this are refused (a token or API answer is a few
/// kilobytes; anything far bigger is broken or hostile).
pub const MAX_BODY: usize = 2 * 1024 * 1024;

pub fn client() -> reqwest::Client {
    // reqwest is built without a default TLS provider (ring is smaller and
    // faster to build than aws-lc); install it once per process.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .user_agent(concat!("FortnoxConnect/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        // OAuth endpoints must not be followed elsewhere.
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("the HTTP client configuration is valid")
}

/// A response read whole (up to `MAX_BODY`).
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

/// Describes a transport failure without the URL (which could carry a
/// code in a query).
pub fn describe(err: &reqwest::Error) -> String {
    let kind = if err.is_timeout() {
        "timed out"
    } else if err.is_connect() {
        "could not connect"
    } else if err.is_body() || err.is_decode() {
        "the connection broke while reading the answer"
    } else if err.is_request() {
        "the request failed"
    } else {
        "network error"
    };
    let mut detail = kind.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        detail.push_str(": ");
        detail.push_str(&s.to_string());
        source = s.source();
    }
    detail
}

/// Sends and reads the whole answer, capped at `MAX_BODY`.
pub async fn send(request: reqwest::RequestBuilder, what: &str) -> Result<Answer, Error> {
    let unreachable = |e: reqwest::Error| Error::Unreachable { what: what.to_string(), detail: describe(&e) };
    let mut response = request.send().await.map_err(unreachable)?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    if response.content_length().is_some_and(|len| len as usize > MAX_BODY) {
        return Err(Error::InvalidResponse {
            what: what.to_string(),
            detail: format!("answer larger than {MAX_BODY} bytes"),
        });
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(unreachable)? {
        if body.len() + chunk.len() > MAX_BODY {
            return Err(Error::InvalidResponse {
                what: what.to_string(),
                detail: format!("answer larger than {MAX_BODY} bytes"),
            });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Answer { status, headers, body })
}

/// Retry waits: 0.5 s, 1 s, 2 s … (tests shorten them).
#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    pub attempts: u32,
    pub first_delay: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff { attempts: 4, first_delay: Duration::from_millis(500) }
    }
}

impl Backoff {
    pub fn delay(&self, attempt: u32) -> Duration {
        self.first_delay * 2u32.saturating_pow(attempt)
    }
}
