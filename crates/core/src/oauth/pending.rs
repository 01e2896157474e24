//! Authorizations under way, each under a one-time `state` of 256 random
//! bits, with what it was for (connection, account type, issuer) and when
//! it expires.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use oauth2::CsrfToken;
use time::{Duration, OffsetDateTime};
use url::Url;

use crate::connection::AccountType;
use crate::error::StateProblem;
use crate::secret::PkceVerifier;

/// A code is valid for 10 minutes; so is a pending authorization.
pub const PENDING_LIFETIME: Duration = Duration::minutes(10);

pub struct Pending {
    pub state: String,
    /// The authorization server the request went to.
    pub issuer: String,
    pub redirect_uri: Url,
    pub account_type: AccountType,
    pub options: Vec<String>,
    pub scopes: Vec<String>,
    /// Re-authorizing this connection (else: a new one).
    pub connection_id: Option<String>,
    /// The org number the user expects (consultants pick a client).
    pub expected_org: Option<String>,
    /// A connection this one replaces once saved (switching account type).
    pub replaces: Option<String>,
    /// Sent to Fortnox as a challenge when the profile asks for PKCE.
    pub pkce_verifier: Option<PkceVerifier>,
    /// The verifier whose challenge the token broker holds (broker mode).
    pub broker_verifier: Option<PkceVerifier>,
    pub created_at: OffsetDateTime,
}

/// Never prints the state or the verifiers.
impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending")
            .field("issuer", &self.issuer)
            .field("account_type", &self.account_type)
            .field("options", &self.options)
            .field("connection_id", &self.connection_id)
            .finish_non_exhaustive()
    }
}

impl Pending {
    pub fn expires_at(&self) -> OffsetDateTime {
        self.created_at + PENDING_LIFETIME
    }
}

/// A fresh `state`: 32 random bytes, base64url.
pub fn new_state() -> String {
    CsrfToken::new_random_len(32).into_secret()
}

#[derive(Default)]
pub struct PendingStore {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    pending: HashMap<String, Pending>,
    /// States already answered, to tell "reused" from "unknown".
    used: HashSet<String>,
}

impl PendingStore {
    pub fn insert(&self, pending: Pending) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.pending.insert(pending.state.clone(), pending);
    }

    /// Takes the pending authorization for `state`, once. The issuer must
    /// be the one the request went to, and it must not have expired.
    pub fn take(&self, state: Option<&str>, issuer: &str, now: OffsetDateTime) -> Result<Pending, StateProblem> {
        let state = state.filter(|s| !s.is_empty()).ok_or(StateProblem::Missing)?;
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let Some(pending) = inner.pending.remove(state) else {
            return Err(if inner.used.contains(state) { StateProblem::Reused } else { StateProblem::Unknown });
        };
        inner.used.insert(state.to_string());
        if pending.issuer != issuer {
            return Err(StateProblem::OtherIssuer);
        }
        if now >= pending.expires_at() {
            return Err(StateProblem::Expired);
        }
        Ok(pending)
    }

    /// Forgets a pending authorization that ended without a callback.
    pub fn cancel(&self, state: &str) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if inner.pending.remove(state).is_some() {
            inner.used.insert(state.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(state: &str, issuer: &str, at: OffsetDateTime) -> Pending {
        Pending {
            state: state.into(),
            issuer: issuer.into(),
            redirect_uri: Url::parse("https://x.example/cb").unwrap(),
            account_type: AccountType::User,
            options: vec![],
            scopes: vec![],
            connection_id: None,
            expected_org: None,
            replaces: None,
            pkce_verifier: None,
            broker_verifier: None,
            created_at: at,
        }
    }

    #[test]
    fn a_pending_login_never_prints_its_state_or_verifiers() {
        let mut p = pending("the-secret-state", "https://apps.fortnox.se", OffsetDateTime::now_utc());
        p.broker_verifier = Some(crate::secret::PkceVerifier::new("the-verifier"));
        let text = format!("{p:?}");
        assert!(!text.contains("the-secret-state") && !text.contains("the-verifier"), "{text}");
    }

    #[test]
    fn states_are_long_random_and_distinct() {
        let a = new_state();
        let b = new_state();
        assert_ne!(a, b);
        assert!(a.len() >= 43, "256 bits in base64url is 43 characters");
    }

    #[test]
    fn a_state_is_taken_once_for_its_issuer_before_it_expires() {
        let store = PendingStore::default();
        let now = OffsetDateTime::now_utc();
        store.insert(pending("s1", "https://apps.fortnox.se", now));
        store.insert(pending("s2", "https://apps.fortnox.se", now));
        store.insert(pending("s3", "http://127.0.0.1:1", now - Duration::minutes(11)));

        assert_eq!(store.take(None, "https://apps.fortnox.se", now).unwrap_err(), StateProblem::Missing);
        assert_eq!(store.take(Some("nope"), "https://apps.fortnox.se", now).unwrap_err(), StateProblem::Unknown);
        assert!(store.take(Some("s1"), "https://apps.fortnox.se", now).is_ok());
        assert_eq!(store.take(Some("s1"), "https://apps.fortnox.se", now).unwrap_err(), StateProblem::Reused);
        assert_eq!(store.take(Some("s2"), "http://127.0.0.1:1", now).unwrap_err(), StateProblem::OtherIssuer);
        assert_eq!(store.take(Some("s2"), "https://apps.fortnox.se", now).unwrap_err(), StateProblem::Reused);
        assert_eq!(store.take(Some("s3"), "http://127.0.0.1:1", now).unwrap_err(), StateProblem::Expired);
    }
}
