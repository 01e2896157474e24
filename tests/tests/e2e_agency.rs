//! An accounting consultant with many clients: the connections view finds,
//! filters and checks them, re-authorizes the one that needs it through the
//! Digital byrå client picker's search, exports the list, and connects the
//! next client with the same choices.

use std::time::Duration;

use fortnox_connect_tests::scripted::connect_agency_clients;
use fortnox_connect_tests::wizard::{Choices, PASSWORD};
use fortnox_connect_tests::{Desktop, Fixture, LoginWindow};
use fortnox_sandbox::agency::{AGENCY_USERNAME, FIRST_TENANT, company_name, org_number};
use thirtyfour::{By, Key};

/// The cards the list shows now, by company label.
async fn cards(app: &Desktop) -> Vec<String> {
    let mut labels = Vec::new();
    for card in app.driver.find_all(By::Css("[data-testid=connection] [data-testid=connection-company]")).await.unwrap()
    {
        labels.push(card.text().await.unwrap());
    }
    labels
}

async fn wait_cards(app: &Desktop, count: usize) -> Vec<String> {
    for _ in 0..100 {
        let shown = cards(app).await;
        if shown.len() == count {
            return shown;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("expected {count} cards, saw {:?}", cards(app).await);
}

/// Empties a field the way a person does (WebDriver's clear sends no
/// input event in WebKit).
async fn clear(field: &thirtyfour::WebElement) {
    field.send_keys(Key::Control + "a").await.unwrap();
    field.send_keys(Key::Backspace).await.unwrap();
}

/// Logs in as the agency's consultant, finds `client` in the picker by
/// typing `search`, and approves.
async fn pick_client(fixture: &Fixture, login: &LoginWindow, search: &str) {
    let continues = fixture.count("GET", "/oauth-v1/auth/continue");
    login.log_in(AGENCY_USERNAME, PASSWORD).await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth/continue", continues + 1).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    login.type_text(search).await;
    login.key("Return").await; // the first client the search shows
    fixture.wait_for_requests("GET", "/oauth-v1/auth/continue", continues + 2).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    login.key("Return").await; // approve
    login.wait_closed().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consultant_finds_checks_reauthorizes_exports_and_connects_the_next_client() {
    let fixture = Fixture::start().await;
    fixture.sandbox.capture_secrets();
    let data = fixture.dir.path().join("agency-data");
    let ids = connect_agency_clients(&fixture, &data, 0..6).await;
    // Fortnox stops accepting client 2's approval (someone removed it).
    fixture.sandbox.revoke_tenant(FIRST_TENANT + 2);

    let mut app = fixture.relaunch("agency", "en", data.clone()).await;
    app.wait_text("connections-summary", "6 connected, 0 need attention").await;
    wait_cards(&app, 6).await;

    // Search by organisation number (typed without the dash) and by name.
    let search = app.by_test_id("connections-search").await;
    search.send_keys(org_number(3).replace('-', "")).await.unwrap();
    assert_eq!(wait_cards(&app, 1).await[0], format!("{} ({})", company_name(3), org_number(3)));
    app.wait_text("connections-status", "Showing 1 of 6").await;
    clear(&search).await;
    search.send_keys(company_name(4).to_lowercase()).await.unwrap();
    assert!(wait_cards(&app, 1).await[0].starts_with(&company_name(4)));
    clear(&search).await;
    wait_cards(&app, 6).await;

    // Check all: the revoked client now needs attention, the others not.
    app.click("check-all").await;
    app.wait_text("connections-status", "Checked 6: 1 needs attention.").await;
    app.wait_text("connections-summary", "6 connected, 1 needs attention").await;
    let filter = app.by_test_id("connections-filter").await;
    filter.find(By::Css("option[value=attention]")).await.unwrap().click().await.unwrap();
    assert!(wait_cards(&app, 1).await[0].starts_with(&company_name(2)));
    app.screenshot("needs-attention").await;

    // Re-authorize those that need it: one login, the picker's search.
    let logins = fixture.count("GET", "/oauth-v1/auth");
    app.click("reauthorize-all").await;
    let login = LoginWindow::wait().await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth", logins + 1).await;
    pick_client(&fixture, &login, &org_number(2)).await;
    app.wait_text_starting("done-title", &format!("Connected to {}", company_name(2))).await;
    app.click("done-connections").await;
    app.wait_text("connections-summary", "6 connected, 0 need attention").await;

    // Export: one row per client, the codes beside the labels, no secrets.
    app.click("export-csv").await;
    let notice = app.wait_text_starting("connections-status", "Saved").await;
    let path = notice.split_once(": ").map(|(_, p)| p.trim().to_string()).unwrap_or_default();
    let csv = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("company,org_number,tenant_id,state"), "{}", lines[0]);
    assert_eq!(lines.len(), 7, "{csv}");
    for (n, id) in ids.iter().enumerate() {
        let row = lines.iter().find(|l| l.contains(id.as_str())).unwrap_or_else(|| panic!("{id} in {csv}"));
        assert!(row.contains(&org_number(n)) && row.contains(",enabled,"), "{row}");
    }
    for secret in fixture.sandbox.captured_secrets() {
        assert!(!csv.contains(secret.as_str()), "a token in the export");
    }

    // The next client, found in the picker by name.
    app.click("connect-another").await;
    let logins = fixture.count("GET", "/oauth-v1/auth");
    app.click("client-next").await;
    let login = app.choose_and_log_in(&fixture, Choices { account: "user", ..Choices::default() }, logins).await;
    pick_client(&fixture, &login, &company_name(7)).await;
    app.wait_text("verify-company", &company_name(7)).await;
    app.click("verify-enable").await;
    app.click("done-connections").await;
    app.wait_text("connections-summary", "7 connected, 0 need attention").await;
    app.quit().await;
}
