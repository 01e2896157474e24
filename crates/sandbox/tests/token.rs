//! `/oauth-v1/token` and `/oauth-v1/revoke`: client authentication, code
//! single use and expiry, redirect URI identity, refresh rotation and
//! reuse, client credentials with TenantId, and revoke.

mod common;

use common::*;
use fortnox_sandbox::jwt;
use fortnox_sandbox::seed::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_EMBEDDED_REDIRECT};
use reqwest::StatusCode;

const REDIRECT: &str = DEMO_EMBEDDED_REDIRECT;

#[tokio::test]
async fn a_code_exchange_answers_as_fortnox_documents() {
    let h = start().await;
    let body = h.connect(Authorize::default().login_as(BERGSTROM_ADMIN, "approve")).await;
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["expires_in"], 3600);
    assert_eq!(body["scope"], "companyinformation invoice customer profile");
    assert!(body["refresh_token"].as_str().unwrap().len() >= 32);
    let claims = jwt::decode(body["access_token"].as_str().unwrap()).expect("access token is a JWT");
    assert_eq!(claims.tenant_id, BERGSTROM_TENANT);
    assert_eq!(claims.exp - claims.iat, 3600);
}

#[tokio::test]
async fn the_token_endpoint_requires_basic_auth() {
    let h = start().await;
    let code = h.code_for(Authorize::default().login_as(BERGSTROM_ADMIN, "approve")).await;
    let form = [("grant_type", "authorization_code"), ("code", code.as_str()), ("redirect_uri", REDIRECT)];
    let (status, body) = h.token_with(&form, None, None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_client");
    let (status, body) = h.token_with(&form, Some((DEMO_CLIENT_ID, "wrong")), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "invalid_client");
    // Client id and secret in the body are not accepted instead of Basic.
    let body_form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT),
        ("client_id", DEMO_CLIENT_ID),
        ("client_secret", DEMO_CLIENT_SECRET),
    ];
    let (_, body) = h.token_with(&body_form, None, None).await;
    assert_eq!(body["error"], "invalid_client");
    // The code survived the failed attempts.
    let (status, _) = h.token(&form).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_code_is_single_use() {
    let h = start().await;
    let code = h.code_for(Authorize::default().login_as(BERGSTROM_ADMIN, "approve")).await;
    assert_eq!(exchange(&h, &code).await.0, StatusCode::OK);
    let (status, body) = exchange(&h, &code).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_grant");
}

async fn exchange(h: &Harness, code: &str) -> (StatusCode, serde_json::Value) {
    h.token(&[("grant_type", "authorization_code"), ("code", code), ("redirect_uri", REDIRECT)]).await
}

#[tokio::test]
async fn a_code_expires_after_ten_minutes() {
    let h = start().await;
    let fresh = h.code_for(Authorize::default().login_as(BERGSTROM_ADMIN, "approve")).await;
    let stale = h.code_for(Authorize::default().login_as(BERGSTROM_ADMIN, "approve")).await;
    h.sandbox.advance_clock(9 * 60 + 50);
    assert_eq!(exchange(&h, &fresh).await.0, StatusCode::OK);
    h.sandbox.advance_clock(11);
    let (status, body) = exchange(&h, &stale).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_grant");
    assert_eq!(body["error_description"], "The authorization code has expired");
}

#[tokio::test]
async fn the_redirect_uri_must_be_identical_to_the_one_at_authorize() {
    let h = start().await;
    for bad in
        [None, Some("http://127.0.0.1:47611/callback"), Some("https://connect.sandbox.invalid/fortnox/callback/")]
    {
        let code = h.code_for(Authorize::default().login_as(BERGSTROM_ADMIN, "approve")).await;
        let mut form = vec![("grant_type", "authorization_code"), ("code", code.as_str())];
        if let Some(uri) = bad {
            form.push(("redirect_uri", uri));
        }
        let (status, body) = h.token(&form).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad:?}");
        assert_eq!(body["error_description"], "The redirect URI is missing or do not match");
    }
}

#[tokio::test]
async fn without_redirect_uri_at_authorize_the_token_request_may_omit_it() {
    let h = start().await;
    let mut request = Authorize::default().login_as(BERGSTROM_ADMIN, "approve");
    request.redirect_uri = None;
    let code = h.code_for(request).await;
    let (status, _) = h.token(&[("grant_type", "authorization_code"), ("code", &code)]).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_code_is_bound_to_its_client() {
    let h = start().await;
    let code = h.code_for(Authorize::default().login_as(BERGSTROM_ADMIN, "approve")).await;
    let form = [("grant_type", "authorization_code"), ("code", code.as_str()), ("redirect_uri", REDIRECT)];
    let (status, body) = h.token_with(&form, Some(("demo-few-scopes", DEMO_CLIENT_SECRET)), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_grant");
}

#[tokio::test]
async fn refresh_rotates_and_a_reused_refresh_token_is_invalid() {
    let h = start().await;
    let first = h.connect(Authorize::default().login_as(BERGSTROM_ADMIN, "approve")).await;
    let r1 = first["refresh_token"].as_str().unwrap().to_string();
    let (status, second) = h.token(&[("grant_type", "refresh_token"), ("refresh_token", &r1)]).await;
    assert_eq!(status, StatusCode::OK);
    let r2 = second["refresh_token"].as_str().unwrap().to_string();
    assert_ne!(r1, r2, "a new refresh token every time");
    assert_eq!(second["scope"], first["scope"]);

    let (status, body) = h.token(&[("grant_type", "refresh_token"), ("refresh_token", &r1)]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_grant");
    assert_eq!(body["error_description"], "Invalid refresh token");

    let (status, _) = h.token(&[("grant_type", "refresh_token"), ("refresh_token", &r2)]).await;
    assert_eq!(status, StatusCode::OK, "the newest token still works");
}

#[tokio::test]
async fn refresh_tokens_live_45_days_from_their_last_use() {
    let h = start().await;
    let first = h.connect(Authorize::default().login_as(BERGSTROM_ADMIN, "approve")).await;
    let r1 = first["refresh_token"].as_str().unwrap().to_string();
    h.sandbox.advance_clock(44 * 24 * 3600);
    let (status, second) = h.token(&[("grant_type", "refresh_token"), ("refresh_token", &r1)]).await;
    assert_eq!(status, StatusCode::OK);
    let r2 = second["refresh_token"].as_str().unwrap().to_string();
    h.sandbox.advance_clock(44 * 24 * 3600);
    assert_eq!(h.token(&[("grant_type", "refresh_token"), ("refresh_token", &r2)]).await.0, StatusCode::OK);

    let other = h.connect(Authorize::default().login_as(BERGSTROM_ADMIN, "approve")).await;
    h.sandbox.advance_clock(45 * 24 * 3600);
    let (status, body) =
        h.token(&[("grant_type", "refresh_token"), ("refresh_token", other["refresh_token"].as_str().unwrap())]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error_description"], "Invalid refresh token");
}

#[tokio::test]
async fn client_credentials_need_a_service_account_consent_and_the_tenant_header() {
    let h = start().await;
    let basic = Some((DEMO_CLIENT_ID, DEMO_CLIENT_SECRET));
    let form = [("grant_type", "client_credentials")];
    let tenant = BERGSTROM_TENANT.to_string();

    // A user-account consent is not enough.
    h.connect(Authorize::default().login_as(BERGSTROM_ADMIN, "approve")).await;
    let (status, _) = h.token_with(&form, basic, Some(&tenant)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    h.connect(Authorize::default().service().login_as(BERGSTROM_ADMIN, "approve")).await;
    let (status, body) = h.token_with(&form, basic, Some(&tenant)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.get("refresh_token").is_none(), "no refresh token for client credentials");
    assert_eq!(body["expires_in"], 3600);
    let claims = jwt::decode(body["access_token"].as_str().unwrap()).unwrap();
    assert_eq!(claims.tenant_id, BERGSTROM_TENANT);
    let (status, info) = h.api(body["access_token"].as_str().unwrap(), "companyinformation").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(info["CompanyInformation"]["OrganizationNumber"], "556677-8899");

    let (status, body) = h.token_with(&form, basic, None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_request");
    let (status, _) = h.token_with(&form, basic, Some("1406222")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "no consent for another tenant");
}

#[tokio::test]
async fn revoke_ends_the_grant_for_refresh_but_not_the_access_token_already_issued() {
    let h = start().await;
    let tokens = h.connect(Authorize::default().login_as(BERGSTROM_ADMIN, "approve")).await;
    let refresh = tokens["refresh_token"].as_str().unwrap();
    let access = tokens["access_token"].as_str().unwrap();
    assert_eq!(h.api(access, "companyinformation").await.0, StatusCode::OK);

    let response = h
        .http
        .post(h.sandbox.url("/oauth-v1/revoke"))
        .basic_auth(DEMO_CLIENT_ID, Some(DEMO_CLIENT_SECRET))
        .form(&[("token_type_hint", "refresh_token"), ("token", refresh)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.json::<serde_json::Value>().await.unwrap(), serde_json::json!({ "revoked": true }));

    let (status, body) = h.token(&[("grant_type", "refresh_token"), ("refresh_token", refresh)]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error_description"], "Invalid refresh token");
    // Fortnox cannot revoke an access token: it lives until it expires.
    assert_eq!(h.api(access, "companyinformation").await.0, StatusCode::OK);
}

#[tokio::test]
async fn unknown_grant_types_are_refused() {
    let h = start().await;
    let (status, body) = h.token(&[("grant_type", "password")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "unsupported_grant_type");
}

#[tokio::test]
async fn refusals_come_with_the_content_types_fortnox_was_recorded_with() {
    let h = start().await;
    let send = |form: Vec<(&'static str, &'static str)>, secret: &'static str| {
        h.http
            .post(h.sandbox.url("/oauth-v1/token"))
            .basic_auth(DEMO_CLIENT_ID, Some(secret))
            .header("TenantId", "1406221")
            .form(&form)
            .send()
    };
    let wrong_client = send(vec![("grant_type", "refresh_token"), ("refresh_token", "x")], "wrong").await.unwrap();
    assert_eq!(wrong_client.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(wrong_client.headers()["content-type"], "text/plain;charset=UTF-8");
    let body: serde_json::Value = serde_json::from_str(&wrong_client.text().await.unwrap()).unwrap();
    assert_eq!(body["error"], "invalid_client", "a JSON body all the same");

    let used = send(vec![("grant_type", "refresh_token"), ("refresh_token", "not-a-token")], DEMO_CLIENT_SECRET)
        .await
        .unwrap();
    assert_eq!(used.status(), StatusCode::BAD_REQUEST);
    assert_eq!(used.headers()["content-type"], "text/html; charset=UTF-8");
    let body: serde_json::Value = serde_json::from_str(&used.text().await.unwrap()).unwrap();
    assert_eq!(body, serde_json::json!({ "error": "invalid_grant", "error_description": "Invalid refresh token" }));

    let service = send(vec![("grant_type", "client_credentials")], "wrong").await.unwrap();
    assert_eq!(service.status(), StatusCode::BAD_REQUEST, "client_credentials answers 400 (docs/fortnox.md §17)");
}
