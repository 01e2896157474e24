//! The authorize URL, exactly as Fortnox documents it: `client_id`,
//! `redirect_uri`, space-separated `scope`, `state`, `access_type=offline`,
//! `response_type=code`, and `account_type=service` when chosen.

use oauth2::basic::BasicClient;
use oauth2::{AuthUrl, ClientId, CsrfToken, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope};

use crate::secret::PkceVerifier;
use time::OffsetDateTime;
use url::Url;

use super::pending::{Pending, new_state};
use crate::connection::AccountType;
use crate::error::{Error, Result};
use crate::profile::Profile;

/// Which registered redirect URI the authorization returns to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedirectKind {
    /// Intercepted in the app's login window.
    Embedded,
    /// `http://127.0.0.1:PORT/…`: the system browser and the CLI.
    Loopback,
}

/// What the user asked to connect.
#[derive(Debug, Clone)]
pub struct AuthorizeRequest {
    pub options: Vec<String>,
    pub account_type: AccountType,
    pub redirect: RedirectKind,
    pub expected_org: Option<String>,
    /// Re-authorize this connection instead of creating a new one.
    pub connection_id: Option<String>,
    /// Remove this connection once the new one is saved (switching
    /// between user and service account).
    pub replaces: Option<String>,
}

impl AuthorizeRequest {
    pub fn new(options: Vec<String>, account_type: AccountType, redirect: RedirectKind) -> AuthorizeRequest {
        AuthorizeRequest { options, account_type, redirect, expected_org: None, connection_id: None, replaces: None }
    }
}

/// Builds the URL and the pending record that will match its callback.
pub fn build_authorize_url(
    profile: &Profile,
    request: &AuthorizeRequest,
    now: OffsetDateTime,
) -> Result<(Url, Pending)> {
    if request.options.is_empty() {
        return Err(Error::NoOptionsChosen);
    }
    if request.account_type == AccountType::Service && !profile.service_account.offered {
        return Err(Error::ServiceAccountNotOffered);
    }
    let scopes = profile.scopes_for(&request.options)?;
    let redirect_uri = match request.redirect {
        RedirectKind::Embedded => profile.redirect.embedded.clone(),
        RedirectKind::Loopback => profile
            .redirect
            .loopback
            .clone()
            .ok_or_else(|| Error::invalid("redirect.loopback", "is needed to log in through the browser"))?,
    };
    let auth_url = AuthUrl::from_url(profile.endpoints.authorize_url());
    let client = BasicClient::new(ClientId::new(profile.client_id.clone()))
        .set_auth_uri(auth_url)
        .set_redirect_uri(RedirectUrl::from_url(redirect_uri.clone()));

    let state = new_state();
    let state_for_url = state.clone();
    let mut builder = client
        .authorize_url(move || CsrfToken::new(state_for_url))
        .add_scopes(scopes.iter().map(|s| Scope::new(s.clone())))
        .add_extra_param("access_type", "offline");
    if request.account_type == AccountType::Service {
        builder = builder.add_extra_param("account_type", "service");
    }
    let mut pkce_verifier: Option<PkceVerifier> = None;
    if profile.pkce {
        let verifier = PkceVerifier::random();
        let challenge =
            PkceCodeChallenge::from_code_verifier_sha256(&PkceCodeVerifier::new(verifier.expose().to_string()));
        builder = builder.set_pkce_challenge(challenge);
        pkce_verifier = Some(verifier);
    }
    let (url, _) = builder.url();

    let pending = Pending {
        state,
        issuer: profile.endpoints.issuer(),
        redirect_uri,
        account_type: request.account_type,
        options: request.options.clone(),
        scopes,
        connection_id: request.connection_id.clone(),
        expected_org: request.expected_org.clone(),
        replaces: request.replaces.clone(),
        pkce_verifier,
        broker_verifier: None,
        created_at: now,
    };
    Ok((url, pending))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn profile(pkce: bool) -> Profile {
        let text = format!(
            r#"
name = "Acme Sync"
vendor = "Acme AB"
client_id = "abc123"
pkce = {pkce}
[redirect]
embedded = "https://acme.example/fortnox/callback"
loopback = "http://127.0.0.1:53682/callback"
[token_auth]
client_secret_env = "X"
[[options]]
id = "invoices"
scopes = ["invoice", "customer"]
label = {{ sv = "Fakturor", en = "Invoices" }}
"#
        );
        Profile::from_toml_str(&text).unwrap()
    }

    fn request(account_type: AccountType, redirect: RedirectKind) -> AuthorizeRequest {
        AuthorizeRequest {
            options: vec!["invoices".into()],
            account_type,
            redirect,
            expected_org: None,
            connection_id: None,
            replaces: None,
        }
    }

    #[test]
    fn the_url_has_exactly_fortnoxs_parameters() {
        let (url, pending) = build_authorize_url(
            &profile(false),
            &request(AccountType::Service, RedirectKind::Embedded),
            OffsetDateTime::now_utc(),
        )
        .unwrap();
        assert_eq!(url.origin().ascii_serialization(), "https://apps.fortnox.se");
        assert_eq!(url.path(), "/oauth-v1/auth");
        let q: HashMap<String, String> = url.query_pairs().into_owned().collect();
        assert_eq!(q["client_id"], "abc123");
        assert_eq!(q["response_type"], "code");
        assert_eq!(q["redirect_uri"], "https://acme.example/fortnox/callback");
        assert_eq!(q["scope"], "companyinformation invoice customer");
        assert_eq!(q["access_type"], "offline");
        assert_eq!(q["account_type"], "service");
        assert_eq!(q["state"], pending.state);
        assert!(!q.contains_key("code_challenge"), "PKCE is off by default");
        // Spaces are encoded, never commas.
        assert!(url.as_str().contains("scope=companyinformation+invoice+customer"));
        assert_eq!(pending.issuer, "https://apps.fortnox.se");
    }

    #[test]
    fn a_user_account_has_no_account_type_and_pkce_can_be_switched_on() {
        let (url, pending) = build_authorize_url(
            &profile(true),
            &request(AccountType::User, RedirectKind::Loopback),
            OffsetDateTime::now_utc(),
        )
        .unwrap();
        let q: HashMap<String, String> = url.query_pairs().into_owned().collect();
        assert!(!q.contains_key("account_type"));
        assert_eq!(q["redirect_uri"], "http://127.0.0.1:53682/callback");
        assert_eq!(q["code_challenge_method"], "S256");
        assert!(pending.pkce_verifier.is_some());
    }

    #[test]
    fn nothing_chosen_is_refused() {
        let mut r = request(AccountType::User, RedirectKind::Embedded);
        r.options.clear();
        assert!(matches!(
            build_authorize_url(&profile(false), &r, OffsetDateTime::now_utc()),
            Err(Error::NoOptionsChosen)
        ));
    }
}
