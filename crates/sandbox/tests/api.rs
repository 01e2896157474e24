//! `/3/…`: Bearer tokens, scope versus licence versus permission errors,
//! Fortnox's ErrorInformation body, and the rate limit.

mod common;

use common::*;
use fortnox_sandbox::seed;
use reqwest::StatusCode;

async fn access_token(h: &Harness, request: Authorize) -> String {
    h.connect(request).await["access_token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn company_information_identifies_the_tenant() {
    let h = start().await;
    let token = access_token(&h, Authorize::default().login_as(BERGSTROM_ADMIN, "approve")).await;
    let (status, body) = h.api(&token, "companyinformation").await;
    assert_eq!(status, StatusCode::OK);
    let info = &body["CompanyInformation"];
    assert_eq!(info["CompanyName"], "Bergströms Bygg AB");
    assert_eq!(info["OrganizationNumber"], "556677-8899");
    assert_eq!(info["DatabaseNumber"], BERGSTROM_TENANT);
    for field in
        ["Address", "City", "CountryCode", "VisitAddress", "VisitCity", "VisitCountryCode", "VisitZipCode", "ZipCode"]
    {
        assert!(info.get(field).is_some(), "{field}");
    }
}

#[tokio::test]
async fn me_tells_who_approved_and_whether_they_are_an_administrator() {
    let h = start().await;
    let admin = access_token(&h, Authorize::default().login_as(BERGSTROM_ADMIN, "approve")).await;
    let (status, body) = h.api(&admin, "me").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["Me"]["Name"], "Erik Bergström");
    assert_eq!(body["Me"]["Email"], BERGSTROM_ADMIN);
    assert_eq!(body["Me"]["SysAdmin"], true);
    let anna = access_token(&h, Authorize::default().login_as(ANNA, "approve")).await;
    assert_eq!(h.api(&anna, "me").await.1["Me"]["SysAdmin"], false);
    let no_profile =
        access_token(&h, Authorize::default().scope("companyinformation").login_as(BERGSTROM_ADMIN, "approve")).await;
    let (status, body) = h.api(&no_profile, "me").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(error_code(&body), 2000663);
}

#[tokio::test]
async fn lists_and_items_answer_under_their_scope() {
    let h = start().await;
    let token = access_token(
        &h,
        Authorize::default()
            .scope("companyinformation customer article invoice order project supplier supplierinvoice bookkeeping costcenter salary settings")
            .login_as(BERGSTROM_ADMIN, "approve"),
    )
    .await;
    for (path, key) in [
        ("customers", "Customers"),
        ("articles", "Articles"),
        ("invoices", "Invoices"),
        ("orders", "Orders"),
        ("projects", "Projects"),
        ("suppliers", "Suppliers"),
        ("supplierinvoices", "SupplierInvoices"),
        ("vouchers", "Vouchers"),
        ("accounts", "Accounts"),
        ("costcenters", "CostCenters"),
        ("employees", "Employees"),
    ] {
        let (status, body) = h.api(&token, path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        assert!(!body[key].as_array().unwrap().is_empty(), "{path}");
        assert!(body["MetaInformation"]["@TotalResources"].as_u64().unwrap() > 0);
    }
    let (status, body) = h.api(&token, "customers/100").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["Customer"]["CustomerNumber"], "100");
    let (status, body) = h.api(&token, "customers/99999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body["ErrorInformation"]["message"].is_string());
    let (status, body) = h.api(&token, "settings/company").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["CompanySettings"]["DatabaseNumber"], BERGSTROM_TENANT);
}

#[tokio::test]
async fn missing_scope_missing_licence_and_missing_permission_are_told_apart() {
    let h = start().await;
    // Scope not in the token → 2000663.
    let token =
        access_token(&h, Authorize::default().scope("companyinformation invoice").login_as(BERGSTROM_ADMIN, "approve"))
            .await;
    let (status, body) = h.api(&token, "suppliers").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["ErrorInformation"]["error"], 1);
    assert_eq!(body["ErrorInformation"]["code"], 2000663);
    assert_eq!(body["ErrorInformation"]["message"], "Har inte behörighet för scope");

    // Company without Lön → 2001101.
    let token =
        access_token(&h, Authorize::default().scope("companyinformation salary").login_as(NO_PAYROLL, "approve")).await;
    let (status, body) = h.api(&token, "employees").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(error_code(&body), 2001101);
    assert_eq!(body["ErrorInformation"]["message"], "Det finns ingen aktiv licens för önskat scope");

    // User without permission (behörighet) for customers → "Saknar behörighet".
    let token = access_token(
        &h,
        Authorize::default().scope("companyinformation customer invoice project").login_as(ANNA, "approve"),
    )
    .await;
    let (status, body) = h.api(&token, "customers").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(error_code(&body), 2003275);
    assert!(body["ErrorInformation"]["message"].as_str().unwrap().starts_with("Saknar behörighet"));
    assert_eq!(h.api(&token, "invoices").await.0, StatusCode::OK, "other registers work");
    assert_eq!(h.api(&token, "projects").await.0, StatusCode::FORBIDDEN);

    // A service account does not depend on one person's permissions.
    let service = access_token(
        &h,
        Authorize::default().scope("companyinformation customer").service().login_as(BERGSTROM_ADMIN, "approve"),
    )
    .await;
    assert_eq!(h.api(&service, "customers").await.0, StatusCode::OK);
}

#[tokio::test]
async fn bad_expired_and_missing_tokens_get_401() {
    let h = start().await;
    let token = access_token(&h, Authorize::default().login_as(BERGSTROM_ADMIN, "approve")).await;
    assert_eq!(h.api("not-a-token", "companyinformation").await.0, StatusCode::UNAUTHORIZED);
    let forged = fortnox_sandbox::jwt::encode(&fortnox_sandbox::jwt::Claims {
        iss: "x".into(),
        sub: "x".into(),
        jti: "forged".into(),
        iat: 0,
        exp: i64::MAX,
        tenant_id: BERGSTROM_TENANT,
        client_id: seed::DEMO_CLIENT_ID.into(),
        scope: "companyinformation".into(),
        auth_source: "OAUTH2".into(),
    });
    assert_eq!(h.api(&forged, "companyinformation").await.0, StatusCode::UNAUTHORIZED);
    let response = h.http.get(h.sandbox.url("/3/companyinformation")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    h.sandbox.advance_clock(3601);
    let (status, body) = h.api(&token, "companyinformation").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body["ErrorInformation"].is_object());
}

#[tokio::test]
async fn the_26th_request_within_5_seconds_gets_429_per_tenant() {
    let h = start().await;
    let a = access_token(&h, Authorize::default().login_as(BERGSTROM_ADMIN, "approve")).await;
    let b = access_token(&h, Authorize::default().login_as(NO_PAYROLL, "approve")).await;
    for i in 1..=25 {
        assert_eq!(h.api(&a, "companyinformation").await.0, StatusCode::OK, "request {i}");
    }
    assert_eq!(h.api(&a, "companyinformation").await.0, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(h.api(&b, "companyinformation").await.0, StatusCode::OK, "another tenant has its own budget");
    // A refreshed token for the same tenant shares the budget.
    let again = access_token(&h, Authorize::default().login_as(BERGSTROM_ADMIN, "approve")).await;
    assert_eq!(h.api(&again, "companyinformation").await.0, StatusCode::TOO_MANY_REQUESTS);
    h.sandbox.advance_clock(6);
    assert_eq!(h.api(&a, "companyinformation").await.0, StatusCode::OK);
}

#[tokio::test]
async fn some_answers_capitalise_error_keys() {
    let h = start().await;
    h.sandbox.update_faults(|f| f.odd_error_casing = true);
    let token =
        access_token(&h, Authorize::default().scope("companyinformation").login_as(BERGSTROM_ADMIN, "approve")).await;
    let (_, body) = h.api(&token, "customers").await;
    assert_eq!(body["ErrorInformation"]["Code"], "2000663");
    assert_eq!(body["ErrorInformation"]["Message"], "Har inte behörighet för scope");
}
