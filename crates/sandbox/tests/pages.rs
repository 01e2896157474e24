//! The HTML login flow, followed like a browser would (cookies, forms,
//! redirects): login with a wrong then a right password, the company
//! picker, consent, cancel, and the login session cookie. The pages are
//! also driven in the real login webview by the desktop end-to-end tests.

mod common;

use common::*;
use fortnox_sandbox::seed;
use reqwest::{Client, StatusCode, redirect};
use url::Url;

fn browser() -> Client {
    Client::builder().cookie_store(true).redirect(redirect::Policy::none()).no_proxy().build().unwrap()
}

/// Pulls `name="flow" value="…"` out of a page.
fn flow_id(page: &str) -> String {
    let at = page.find("name=\"flow\" value=\"").expect("page has a flow field") + 19;
    page[at..].split('"').next().unwrap().to_string()
}

async fn follow(browser: &Client, base: &Url, response: reqwest::Response) -> reqwest::Response {
    let mut response = response;
    while response.status() == StatusCode::SEE_OTHER {
        let location = response.headers()["location"].to_str().unwrap().to_string();
        response = browser.get(base.join(&location).unwrap()).send().await.unwrap();
    }
    response
}

async fn login(browser: &Client, base: &Url, page: &str, user: &str, password: &str) -> reqwest::Response {
    let response = browser
        .post(base.join("/oauth-v1/auth/login").unwrap())
        .form(&[("flow", flow_id(page).as_str()), ("username", user), ("password", password)])
        .send()
        .await
        .unwrap();
    follow(browser, base, response).await
}

#[tokio::test]
async fn login_wrong_password_then_right_then_consent() {
    let h = start().await;
    let base = h.sandbox.base_url().clone();
    let b = browser();
    let page = b.get(Authorize::default().url(&h.sandbox)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Logga in") && page.contains(BERGSTROM_ADMIN), "login page lists sample users");

    let wrong = login(&b, &base, &page, BERGSTROM_ADMIN, "nope").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let wrong = wrong.text().await.unwrap();
    assert!(wrong.contains("Fel e-postadress eller lösenord"));

    let consent = login(&b, &base, &wrong, BERGSTROM_ADMIN, "sandbox").await;
    assert_eq!(consent.status(), StatusCode::OK);
    let consent = consent.text().await.unwrap();
    assert!(consent.contains("Aktivering"));
    assert!(consent.contains("Godkänn &amp; aktivera"));
    assert!(consent.contains("Avbryt"));
    assert!(consent.contains("Bergströms Bygg AB"));
    assert!(consent.contains("Fakturor") && consent.contains("Kunder"), "scopes in words");

    let response = b
        .post(base.join("/oauth-v1/auth/consent").unwrap())
        .form(&[("flow", flow_id(&consent).as_str()), ("decision", "approve")])
        .send()
        .await
        .unwrap();
    let (url, query) = location(&response);
    assert!(url.as_str().starts_with(seed::DEMO_EMBEDDED_REDIRECT));
    assert_eq!(query["state"], "state-123");
    assert!(query.contains_key("code"));

    // The login session cookie skips the login page next time…
    let again = b.get(Authorize::default().url(&h.sandbox)).send().await.unwrap().text().await.unwrap();
    assert!(again.contains("Aktivering"));
    // …and a fresh browser (no cookies) has to log in.
    let fresh = browser().get(Authorize::default().url(&h.sandbox)).send().await.unwrap().text().await.unwrap();
    assert!(fresh.contains("id=\"password\""));
}

#[tokio::test]
async fn cancel_on_the_consent_page_is_access_denied() {
    let h = start().await;
    let base = h.sandbox.base_url().clone();
    let b = browser();
    let page = b.get(Authorize::default().url(&h.sandbox)).send().await.unwrap().text().await.unwrap();
    let consent = login(&b, &base, &page, BERGSTROM_ADMIN, "sandbox").await.text().await.unwrap();
    let response = b
        .post(base.join("/oauth-v1/auth/consent").unwrap())
        .form(&[("flow", flow_id(&consent).as_str()), ("decision", "cancel")])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&response).1["error"], "access_denied");
}

#[tokio::test]
async fn the_client_picker_lists_the_consultants_clients() {
    let h = start().await;
    let base = h.sandbox.base_url().clone();
    let b = browser();
    let page = b.get(Authorize::default().url(&h.sandbox)).send().await.unwrap().text().await.unwrap();
    let picker = login(&b, &base, &page, CONSULTANT, "sandbox").await.text().await.unwrap();
    assert!(picker.contains("Välj klient"));
    for name in ["Kvarnens Café AB", "Solbergs Trädgård HB", "Åkessons Elektriska AB"] {
        assert!(picker.contains(name), "{name}");
    }
    let response = b
        .post(base.join("/oauth-v1/auth/company").unwrap())
        .form(&[("flow", flow_id(&picker).as_str()), ("org_number", seed::KVARNEN)])
        .send()
        .await
        .unwrap();
    let consent = follow(&b, &base, response).await.text().await.unwrap();
    assert!(consent.contains("Kvarnens Café AB"));

    // A client without the Integration licence: the error goes back.
    let page = b.get(Authorize::default().url(&h.sandbox)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Välj klient"), "already logged in: straight to the picker");
    let response = b
        .post(base.join("/oauth-v1/auth/company").unwrap())
        .form(&[("flow", flow_id(&page).as_str()), ("org_number", seed::AKESSON)])
        .send()
        .await
        .unwrap();
    let response = follow(&b, &base, response).await;
    assert_eq!(location(&response).1["error_description"], "Missing license");
}

#[tokio::test]
async fn logout_on_the_consent_page_lets_another_user_log_in() {
    let h = start().await;
    let base = h.sandbox.base_url().clone();
    let b = browser();
    let page = b.get(Authorize::default().url(&h.sandbox)).send().await.unwrap().text().await.unwrap();
    let consent = login(&b, &base, &page, ANNA, "sandbox").await.text().await.unwrap();
    let flow = flow_id(&consent);
    let response = b.get(base.join(&format!("/oauth-v1/auth/logout?flow={flow}")).unwrap()).send().await.unwrap();
    let login_page = follow(&b, &base, response).await.text().await.unwrap();
    assert!(login_page.contains("id=\"password\""));
    let consent = login(&b, &base, &login_page, BERGSTROM_ADMIN, "sandbox").await.text().await.unwrap();
    assert!(consent.contains("Erik Bergström"));
}
