//! The authorize endpoint's rules, shared by the HTML pages and the
//! scripted approval: what is checked before login, after login and at
//! consent, and the error each failure produces.

use std::collections::HashMap;

use url::Url;

use crate::config::{AppConfig, Company, SaleMode, SandboxConfig, User, UserKind};
use crate::store::{AccountType, AuthRequest, redirect_registered};

/// Text of the error page for an unknown client id.
pub const INVALID_CLIENT: &str = "Auth code or ClientID supplied is invalid";
/// Text of the error page for a redirect URI that is not registered.
pub const REDIRECT_MISMATCH: &str = "RedirectURI is missing or mismatch";

/// A refusal of the authorize request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The client or redirect URI cannot be trusted: show a page, never
    /// redirect.
    Page { title: String, message: String },
    /// Send the error back to the (validated) redirect URI.
    Redirect(Url),
}

/// An OAuth error to send back to the redirect URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedirectError {
    pub error: &'static str,
    pub description: &'static str,
}

impl RedirectError {
    const fn new(error: &'static str, description: &'static str) -> Self {
        RedirectError { error, description }
    }
}

pub const MISSING_LICENSE: RedirectError = RedirectError::new("error_missing_license", "Missing license");
pub const NOT_PURCHASED: RedirectError =
    RedirectError::new("error_missing_license", "Missing license (purchasable integration)");
pub const NOT_PUBLISHED: RedirectError =
    RedirectError::new("error_missing_license", "Resource owner does not have enough licenses");
pub const NOT_LICENSED_FOR_SCOPE: RedirectError =
    RedirectError::new("error_missing_license", "Not licensed for requested scope");
pub const MISSING_SYSADMIN: RedirectError =
    RedirectError::new("error_missing_system_admin_right", "Missing system administrator");
pub const ACCESS_DENIED: RedirectError =
    RedirectError::new("access_denied", "The user denied access to your application");

/// `redirect_uri` with the given parameters added to its query.
pub fn redirect_with(redirect_uri: &str, params: &[(&str, &str)]) -> Url {
    let mut url = Url::parse(redirect_uri).expect("registered redirect URIs are URLs");
    {
        let mut query = url.query_pairs_mut();
        for (k, v) in params {
            query.append_pair(k, v);
        }
    }
    url
}

pub fn error_redirect(request_redirect: &str, state: Option<&str>, error: &RedirectError) -> Url {
    let mut params = vec![("error", error.error), ("error_description", error.description)];
    if let Some(state) = state {
        params.push(("state", state));
    }
    redirect_with(request_redirect, &params)
}

/// Checks everything Fortnox checks before showing the login page.
pub fn validate(config: &SandboxConfig, params: &HashMap<String, String>) -> Result<AuthRequest, Refusal> {
    let get = |k: &str| params.get(k).map(String::as_str).filter(|v| !v.is_empty());

    let app = match get("client_id").and_then(|id| config.app(id)) {
        Some(app) => app,
        None => {
            return Err(Refusal::Page { title: "Ogiltig klient".into(), message: INVALID_CLIENT.into() });
        }
    };

    let (redirect_uri, given) = match get("redirect_uri") {
        Some(uri) if redirect_registered(config, &app.client_id, uri) => (uri.to_string(), true),
        Some(_) => {
            return Err(Refusal::Page {
                title: "Felaktig omdirigeringsadress".into(),
                message: REDIRECT_MISMATCH.into(),
            });
        }
        None => (app.redirect_uris[0].clone(), false),
    };
    let state = get("state");
    let fail = |error: &'static str, description: &'static str| {
        Refusal::Redirect(error_redirect(&redirect_uri, state, &RedirectError::new(error, description)))
    };

    if !app.oauth2_enabled {
        return Err(fail("invalid_client", INVALID_CLIENT));
    }
    if get("response_type") != Some("code") {
        return Err(fail("unsupported_response_type", "Invalid or missing response type"));
    }
    let Some(state) = state else {
        return Err(fail("invalid_request", "The state parameter is required"));
    };
    let account_type = match get("account_type") {
        None => AccountType::User,
        Some("service") => AccountType::Service,
        Some(_) => return Err(fail("invalid_request", "Invalid account type")),
    };
    if let Some(access_type) = get("access_type")
        && access_type != "offline"
        && access_type != "online"
    {
        return Err(fail("invalid_request", "Invalid access type"));
    }
    let Some(scope) = get("scope") else {
        return Err(fail("invalid_request", "The scope parameter is required"));
    };
    // Space-delimited and case-sensitive: "invoice,customer" is one
    // (unknown) scope, "Invoice" is not "invoice".
    let scopes: Vec<String> = scope.split(' ').filter(|s| !s.is_empty()).map(String::from).collect();
    if scopes.is_empty() || scopes.iter().any(|s| !app.scopes.contains(s)) {
        return Err(fail("invalid_scope", "An unsupported scope was requested"));
    }
    if account_type == AccountType::Service && !app.service_accounts {
        return Err(fail("unauthorized_client", "Client does not allow service account"));
    }
    Ok(AuthRequest {
        client_id: app.client_id.clone(),
        redirect_uri,
        redirect_uri_given: given,
        scopes,
        state: state.to_string(),
        account_type,
    })
}

/// What happens once the user has logged in.
#[derive(Debug)]
pub enum AfterLogin<'a> {
    /// A locked or unpaid account: back to the redirect URI with neither a
    /// code nor an error (as seen in the wild).
    Locked(Url),
    /// The user must pick a company (or, for a consultant, a client).
    PickCompany(Vec<&'a Company>),
    /// Ready for the consent page for this company.
    Consent(&'a Company),
}

pub fn after_login<'a>(
    config: &'a SandboxConfig,
    request: &AuthRequest,
    user: &User,
    chosen: Option<&str>,
) -> Result<AfterLogin<'a>, Refusal> {
    if user.locked {
        return Ok(AfterLogin::Locked(Url::parse(&request.redirect_uri).expect("registered redirect URIs are URLs")));
    }
    let companies: Vec<&Company> =
        user.memberships.iter().filter_map(|m| config.company_by_org(&m.org_number)).collect();
    if let Some(org) = chosen {
        return match companies.iter().find(|c| c.org_number == org) {
            Some(company) => Ok(AfterLogin::Consent(company)),
            None => Err(Refusal::Page {
                title: "Okänt företag".into(),
                message: format!("Användaren har inte tillgång till företaget {org}."),
            }),
        };
    }
    if companies.len() == 1 && user.kind == UserKind::Regular {
        return Ok(AfterLogin::Consent(companies[0]));
    }
    Ok(AfterLogin::PickCompany(companies))
}

/// Checks made when the consent page would be shown: licences, purchase,
/// publishing, administrator rights and the user's own licences.
pub fn consent_check(
    app: &AppConfig,
    request: &AuthRequest,
    user: &User,
    company: &Company,
) -> Result<(), RedirectError> {
    if !company.integration_licence {
        return Err(MISSING_LICENSE);
    }
    match app.sale {
        SaleMode::Free => {}
        SaleMode::BuyViaFortnox => {
            if !app.purchased_by.contains(&company.org_number) {
                return Err(NOT_PURCHASED);
            }
        }
        SaleMode::PurchasableNotPublished => return Err(NOT_PUBLISHED),
    }
    let membership = user.membership(&company.org_number);
    let sysadmin = membership.is_some_and(|m| m.sysadmin);
    if request.account_type == AccountType::Service && !sysadmin {
        return Err(MISSING_SYSADMIN);
    }
    if request.account_type == AccountType::User {
        let unlicensed = membership.map(|m| &m.unlicensed_scopes);
        if unlicensed.is_some_and(|u| request.scopes.iter().any(|s| u.contains(s))) {
            return Err(NOT_LICENSED_FOR_SCOPE);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed;

    fn params(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn base() -> Vec<(&'static str, &'static str)> {
        vec![
            ("client_id", seed::DEMO_CLIENT_ID),
            ("response_type", "code"),
            ("state", "s1"),
            ("scope", "companyinformation invoice"),
            ("redirect_uri", seed::DEMO_EMBEDDED_REDIRECT),
            ("access_type", "offline"),
        ]
    }

    fn with(
        mut pairs: Vec<(&'static str, &'static str)>,
        key: &'static str,
        value: &'static str,
    ) -> HashMap<String, String> {
        pairs.retain(|(k, _)| *k != key);
        pairs.push((key, value));
        params(&pairs)
    }

    fn redirected_error(result: Result<AuthRequest, Refusal>) -> (String, String) {
        match result {
            Err(Refusal::Redirect(url)) => {
                let q: HashMap<String, String> = url.query_pairs().into_owned().collect();
                (q["error"].clone(), q["error_description"].clone())
            }
            other => panic!("expected a redirect, got {other:?}"),
        }
    }

    #[test]
    fn a_good_request_validates() {
        let config = SandboxConfig::default();
        let request = validate(&config, &params(&base())).unwrap();
        assert_eq!(request.scopes, ["companyinformation", "invoice"]);
        assert!(request.redirect_uri_given);
        assert_eq!(request.account_type, AccountType::User);
    }

    #[test]
    fn scopes_are_space_delimited_and_case_sensitive() {
        let config = SandboxConfig::default();
        for bad in ["companyinformation,invoice", "Invoice", "invoice nosuchscope"] {
            let (error, description) = redirected_error(validate(&config, &with(base(), "scope", bad)));
            assert_eq!(error, "invalid_scope");
            assert_eq!(description, "An unsupported scope was requested");
        }
    }

    #[test]
    fn an_omitted_redirect_uri_defaults_to_the_registered_one() {
        let config = SandboxConfig::default();
        let mut pairs = base();
        pairs.retain(|(k, _)| *k != "redirect_uri");
        let request = validate(&config, &params(&pairs)).unwrap();
        assert_eq!(request.redirect_uri, seed::DEMO_EMBEDDED_REDIRECT);
        assert!(!request.redirect_uri_given);
    }

    #[test]
    fn untrusted_clients_and_redirects_get_a_page_not_a_redirect() {
        let config = SandboxConfig::default();
        assert!(matches!(
            validate(&config, &with(base(), "client_id", "nope")),
            Err(Refusal::Page { message, .. }) if message == INVALID_CLIENT
        ));
        assert!(matches!(
            validate(&config, &with(base(), "redirect_uri", "https://evil.example/cb")),
            Err(Refusal::Page { message, .. }) if message == REDIRECT_MISMATCH
        ));
    }

    #[test]
    fn app_settings_are_enforced_before_login() {
        let config = SandboxConfig::default();
        let (error, description) = redirected_error(validate(&config, &with(base(), "client_id", "demo-no-oauth")));
        assert_eq!((error.as_str(), description.as_str()), ("invalid_client", INVALID_CLIENT));
        let mut pairs = base();
        pairs.retain(|(k, _)| *k != "client_id");
        pairs.push(("client_id", "demo-no-service"));
        let (_, description) = redirected_error(validate(&config, &with(pairs, "account_type", "service")));
        assert_eq!(description, "Client does not allow service account");
        let (error, _) = redirected_error(validate(&config, &with(base(), "state", "")));
        assert_eq!(error, "invalid_request");
    }
}
