//! The one HTTP client configuration: TLS, timeouts, no redirects, a user
//! agent, and a cap on how much of an answer is read.

use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use reqwest::header::HeaderMap;

/// Answers larger than this are refused (a token or API answer is a few
/// kilobytes; anything far bigger is broken or hostile).
pub const MAX_BODY: usize = 2 * 1024 * 1024;

/// A client for talking to Fortnox or a broker. `user_agent` names the
/// program ("FortnoxConnect/0.1.0").
pub fn client(user_agent: &str) -> reqwest::Client {
    // reqwest is built without a default TLS provider (ring is smaller and
    // faster to build than aws-lc); install it once per process.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .user_agent(user_agent)
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        // Connections opened while the person logs in (minutes at most)
        // are still there when the code comes back.
        .pool_idle_timeout(Duration::from_secs(300))
        // OAuth endpoints must not be followed elsewhere.
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("the HTTP client configuration is valid")
}

/// The client, built when first used: building it reads every CA
/// certificate of the system (about 150 files on Debian), which commands
/// that never go online — `token` with a cached token, `status` — should
/// not pay. Clones share one client and its connections.
#[derive(Clone)]
pub struct Http(Arc<LazyClient>);

struct LazyClient {
    user_agent: String,
    client: OnceLock<reqwest::Client>,
}

impl Http {
    pub fn new(user_agent: &str) -> Http {
        Http(Arc::new(LazyClient { user_agent: user_agent.to_string(), client: OnceLock::new() }))
    }
}

impl Deref for Http {
    type Target = reqwest::Client;

    fn deref(&self) -> &reqwest::Client {
        self.0.client.get_or_init(|| client(&self.0.user_agent))
    }
}

/// A response read whole (up to `MAX_BODY`). Its `Debug` shows the status
/// and the size only: the body may hold tokens.
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl fmt::Debug for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Answer").field("status", &self.status).field("body_bytes", &self.body.len()).finish()
    }
}

impl Answer {
    /// `Retry-After` in seconds, capped at a minute.
    pub fn retry_after(&self) -> Option<Duration> {
        retry_after(&self.headers)
    }
}

pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let secs: u64 = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim().parse().ok()?;
    Some(Duration::from_secs(secs.min(60)))
}

/// Why no answer could be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HttpError {
    /// Connect, timeout, TLS, or the connection broke.
    #[error("{0}")]
    Unreachable(String),
    #[error("answer larger than {MAX_BODY} bytes")]
    TooLarge,
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
pub async fn send(request: reqwest::RequestBuilder) -> Result<Answer, HttpError> {
    let unreachable = |e: reqwest::Error| HttpError::Unreachable(describe(&e));
    let mut response = request.send().await.map_err(unreachable)?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    if response.content_length().is_some_and(|len| len as usize > MAX_BODY) {
        return Err(HttpError::TooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(unreachable)? {
        if body.len() + chunk.len() > MAX_BODY {
            return Err(HttpError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Answer { status, headers, body })
}

/// Cuts a text from the other side (an `error_description`, an API
/// message) so that a hostile or broken server cannot fill state files,
/// logs or the UI.
pub fn cut(text: &str, max_chars: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max_chars).collect();
    out.push('…');
    out
}

/// How long a text from the other side may be.
pub const MAX_REMOTE_TEXT: usize = 300;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_text_is_cut() {
        assert_eq!(cut("  short  ", 10), "short");
        let long = "å".repeat(400);
        let cut_text = cut(&long, MAX_REMOTE_TEXT);
        assert_eq!(cut_text.chars().count(), MAX_REMOTE_TEXT + 1);
        assert!(cut_text.ends_with('…'));
    }

    #[test]
    fn an_answer_never_prints_its_body() {
        let answer = Answer { status: 200, headers: HeaderMap::new(), body: b"{\"access_token\":\"eyJ\"}".to_vec() };
        let text = format!("{answer:?}");
        assert!(!text.contains("eyJ"), "{text}");
        assert!(text.contains("200"));
    }
}
