//! `/oauth-v1/auth`: every rule checked before login and at consent, via
//! the scripted approval.

mod common;

use common::*;
use fortnox_sandbox::seed::{self, DEMO_EMBEDDED_REDIRECT};
use reqwest::StatusCode;

#[tokio::test]
async fn approval_redirects_with_code_and_state() {
    let h = start().await;
    let (url, query) =
        location(&h.get(Authorize::default().login_as(BERGSTROM_ADMIN, "approve").url(&h.sandbox)).await);
    assert!(url.as_str().starts_with(DEMO_EMBEDDED_REDIRECT));
    assert_eq!(query["state"], "state-123");
    assert!(query["code"].len() >= 20);
    assert!(!query.contains_key("error"));
}

#[tokio::test]
async fn cancel_is_access_denied_with_state() {
    let h = start().await;
    let query = h.authorize(Authorize::default().login_as(BERGSTROM_ADMIN, "deny")).await;
    assert_eq!(query["error"], "access_denied");
    assert_eq!(query["state"], "state-123");
    assert!(!query.contains_key("code"));
}

#[tokio::test]
async fn unknown_client_gets_an_error_page_not_a_redirect() {
    let h = start().await;
    let response = h.get(Authorize::default().client("nobody").url(&h.sandbox)).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(response.text().await.unwrap().contains("Auth code or ClientID supplied is invalid"));
}

#[tokio::test]
async fn redirect_uri_must_match_exactly_or_an_error_page_is_shown() {
    let h = start().await;
    for bad in [
        "https://connect.sandbox.invalid/fortnox/callback/",
        "https://connect.sandbox.invalid/fortnox/callback?x=1",
        "https://evil.example/fortnox/callback",
        "http://127.0.0.1:47612/callback",
    ] {
        let request = Authorize { redirect_uri: Some(bad.to_string()), ..Authorize::default() };
        let response = h.get(request.url(&h.sandbox)).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
        assert!(response.headers().get("location").is_none());
        assert!(response.text().await.unwrap().contains("RedirectURI is missing or mismatch"));
    }
}

#[tokio::test]
async fn any_loopback_port_is_accepted_only_when_the_app_allows_it() {
    let h = start().await;
    h.sandbox.update_config(|c| c.app_mut(seed::DEMO_CLIENT_ID).unwrap().loopback_any_port = true);
    let mut request = Authorize::default().login_as(BERGSTROM_ADMIN, "approve");
    request.redirect_uri = Some("http://127.0.0.1:50001/callback".to_string());
    let (url, query) = location(&h.get(request.url(&h.sandbox)).await);
    assert_eq!(url.port(), Some(50001));
    assert!(query.contains_key("code"));
}

#[tokio::test]
async fn an_omitted_redirect_uri_uses_the_registered_default() {
    let h = start().await;
    let mut request = Authorize::default().login_as(BERGSTROM_ADMIN, "approve");
    request.redirect_uri = None;
    let (url, _) = location(&h.get(request.url(&h.sandbox)).await);
    assert!(url.as_str().starts_with(DEMO_EMBEDDED_REDIRECT));
}

#[tokio::test]
async fn errors_before_login_come_back_on_the_redirect() {
    let h = start().await;
    let cases = [
        (Authorize::default().client("demo-no-oauth"), "invalid_client", "Auth code or ClientID supplied is invalid"),
        (
            Authorize::default().client("demo-no-service").service(),
            "unauthorized_client",
            "Client does not allow service account",
        ),
        (Authorize::default().scope("companyinformation salary"), "", ""),
        (
            Authorize::default().client("demo-few-scopes").scope("companyinformation salary"),
            "invalid_scope",
            "An unsupported scope was requested",
        ),
        (
            Authorize::default().scope("companyinformation,invoice"),
            "invalid_scope",
            "An unsupported scope was requested",
        ),
        (
            Authorize::default().scope("companyinformation Invoice"),
            "invalid_scope",
            "An unsupported scope was requested",
        ),
    ];
    for (request, error, description) in cases {
        // No login happens: these are answered before the login page.
        let response = h.get(request.url(&h.sandbox)).await;
        if error.is_empty() {
            assert_eq!(response.status(), StatusCode::OK, "a valid request shows the login page");
            continue;
        }
        let (_, query) = location(&response);
        assert_eq!(query["error"], error);
        assert_eq!(query["error_description"], description);
        assert_eq!(query["state"], "state-123");
    }
}

#[tokio::test]
async fn state_is_required() {
    let h = start().await;
    let request = Authorize { state: None, ..Authorize::default() };
    let query = h.authorize(request).await;
    assert_eq!(query["error"], "invalid_request");
    assert!(!query.contains_key("state"));
}

#[tokio::test]
async fn consent_time_errors_cover_licences_purchase_publishing_and_admin_rights() {
    let h = start().await;
    let cases = [
        (Authorize::default().login_as(NO_INTEGRATION_LICENCE, "approve"), "error_missing_license", "Missing license"),
        (
            Authorize::default().client("demo-store").login_as(TWO_COMPANIES, "approve").company(seed::HAMNKONTORET),
            "error_missing_license",
            "Missing license (purchasable integration)",
        ),
        (
            Authorize::default().client("demo-unpublished").login_as(BERGSTROM_ADMIN, "approve"),
            "error_missing_license",
            "Resource owner does not have enough licenses",
        ),
        (
            Authorize::default().scope("companyinformation salary").login_as(ANNA, "approve"),
            "error_missing_license",
            "Not licensed for requested scope",
        ),
        (
            Authorize::default().service().login_as(ANNA, "approve"),
            "error_missing_system_admin_right",
            "Missing system administrator",
        ),
        (
            Authorize::default().login_as(CONSULTANT, "approve").company(seed::AKESSON),
            "error_missing_license",
            "Missing license",
        ),
    ];
    for (request, error, description) in cases {
        let query = h.authorize(request).await;
        assert_eq!(query.get("error").map(String::as_str), Some(error), "{query:?}");
        assert_eq!(query["error_description"], description);
        assert_eq!(query["state"], "state-123");
        assert!(!query.contains_key("code"));
    }
}

#[tokio::test]
async fn a_bought_store_integration_can_be_activated() {
    let h = start().await;
    let query = h.authorize(Authorize::default().client("demo-store").login_as(BERGSTROM_ADMIN, "approve")).await;
    assert!(query.contains_key("code"), "{query:?}");
}

#[tokio::test]
async fn locked_account_comes_back_with_neither_code_nor_state() {
    let h = start().await;
    let (url, query) = location(&h.get(Authorize::default().login_as(LOCKED, "approve").url(&h.sandbox)).await);
    assert!(url.as_str().starts_with(DEMO_EMBEDDED_REDIRECT));
    assert!(query.is_empty(), "{query:?}");
}

#[tokio::test]
async fn consultants_and_multi_company_users_must_pick_a_company() {
    let h = start().await;
    for user in [CONSULTANT, TWO_COMPANIES] {
        let response = h.get(Authorize::default().login_as(user, "approve").url(&h.sandbox)).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert!(response.text().await.unwrap().contains("sandbox_company"));
    }
    let query = h.authorize(Authorize::default().login_as(CONSULTANT, "approve").company(seed::KVARNEN)).await;
    assert!(query.contains_key("code"));
    let response =
        h.get(Authorize::default().login_as(CONSULTANT, "approve").company(seed::BERGSTROM).url(&h.sandbox)).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST, "not the consultant's client");
}

#[tokio::test]
async fn wrong_password_is_refused_in_scripted_mode_too() {
    let h = start().await;
    let mut request = Authorize::default().login_as(BERGSTROM_ADMIN, "approve");
    request.extra.retain(|(k, _)| k != "sandbox_password");
    request.extra.push(("sandbox_password".into(), "wrong".into()));
    let response = h.get(request.url(&h.sandbox)).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(response.text().await.unwrap().contains("Fel e-postadress eller lösenord"));
}
