//! Fault injection for tests and demos: latency, server errors, dropped
//! connections, hangs and 429 storms, each optionally limited to a path
//! prefix and a number of requests.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// Answer with this HTTP status (e.g. 500, 502, 503).
    Status { status: u16 },
    /// Send the headers, then cut the connection before the body.
    Drop,
    /// Never answer within any sensible client timeout.
    Hang { secs: u64 },
    /// Answer 429 Too Many Requests.
    RateLimited,
    /// Do the work (a refresh really rotates), then hold the answer back:
    /// a client killed meanwhile never learns the new token.
    DelayResponse { secs: u64 },
    /// Answer with this status and body (malformed, oversized or hostile
    /// answers).
    Body { status: u16, content_type: String, body: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fault {
    #[serde(flatten)]
    pub kind: FaultKind,
    /// Only requests whose path starts with this (e.g. "/oauth-v1/token").
    #[serde(default)]
    pub path_prefix: Option<String>,
    /// How many matching requests it applies to; `None` = until cleared.
    #[serde(default)]
    pub times: Option<u32>,
}

/// How the consent page hands the code back, to test the login window
/// against every way a page can reach the redirect URI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallbackStyle {
    /// A 302 redirect (what Fortnox does).
    #[default]
    Redirect,
    /// A page that sets `location.href` from script.
    Script,
    /// A page that loads the callback in an iframe.
    Iframe,
    /// A page that calls `window.open(callback)`.
    WindowOpen,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Faults {
    #[serde(default)]
    pub latency_ms: u64,
    /// A new connection pays one more `latency_ms` before its first
    /// answer, as a TLS handshake costs a round trip over the internet.
    #[serde(default)]
    pub connection_setup: bool,
    #[serde(default)]
    pub rules: Vec<Fault>,
    #[serde(default)]
    pub callback_style: CallbackStyle,
    /// Send ErrorInformation with capitalised keys and the code as a string,
    /// as some real responses do.
    #[serde(default)]
    pub odd_error_casing: bool,
    /// Show a "Logga in med BankID" link (a `bankid:` URL) on the login page.
    #[serde(default)]
    pub bankid_link: bool,
    /// Serve a hostile page instead of the login page: it tries every app
    /// command over the desktop's IPC and reports to `/sandbox/report`.
    #[serde(default)]
    pub hostile_login: bool,
    /// The app's own command names for the hostile page to try, besides
    /// the plugin commands it always tries (tests pass the app's real list).
    #[serde(default)]
    pub hostile_commands: Vec<String>,
    /// Serve a page that tries to navigate the login window to this URL
    /// (e.g. plain http elsewhere) and reports to `/sandbox/report`
    /// whether it is still there a moment later.
    #[serde(default)]
    pub login_escapes_to: Option<String>,
}

impl Faults {
    /// The fault for this request, if any; counts it down.
    pub fn take(&mut self, path: &str) -> Option<FaultKind> {
        let index = self.rules.iter().position(|rule| {
            rule.path_prefix.as_deref().is_none_or(|prefix| path.starts_with(prefix)) && rule.times != Some(0)
        })?;
        let rule = &mut self.rules[index];
        let kind = rule.kind.clone();
        if let Some(times) = rule.times.as_mut() {
            *times -= 1;
            if *times == 0 {
                self.rules.remove(index);
            }
        }
        Some(kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_faults_run_out_and_prefixes_filter() {
        let mut faults = Faults {
            rules: vec![Fault {
                kind: FaultKind::Status { status: 503 },
                path_prefix: Some("/oauth-v1/token".into()),
                times: Some(2),
            }],
            ..Faults::default()
        };
        assert_eq!(faults.take("/3/customers"), None);
        assert_eq!(faults.take("/oauth-v1/token"), Some(FaultKind::Status { status: 503 }));
        assert_eq!(faults.take("/oauth-v1/token"), Some(FaultKind::Status { status: 503 }));
        assert_eq!(faults.take("/oauth-v1/token"), None);
    }

    #[test]
    fn uncounted_faults_stay() {
        let mut faults = Faults {
            rules: vec![Fault { kind: FaultKind::Drop, path_prefix: None, times: None }],
            ..Faults::default()
        };
        for _ in 0..5 {
            assert_eq!(faults.take("/anything"), Some(FaultKind::Drop));
        }
    }
}
