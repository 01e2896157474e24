//! An accounting consultant with many clients: connects three in a row
//! through the Digital byrå client picker's search (the next client with
//! the same choices, straight to the login), then the connections view
//! finds, filters and checks them, re-authorizes the one that needs it
//! through the picker, and exports the list.

use std::time::Duration;

use fortnox_connect_tests::scripted::connect_agency_clients;
use fortnox_connect_tests::wizard::{Choices, PASSWORD, log_in};
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
    log_in(fixture, login, AGENCY_USERNAME, PASSWORD).await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth/continue", continues + 1).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    login.type_text(search).await;
    login.key("Return").await; // the first client the search shows
    fixture.wait_for_requests("GET", "/oauth-v1/auth/continue", continues + 2).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    login.key("Return").await; // approve
    login.wait_closed().await;
}

/// Verifies, enables and waits for the done screen.
async fn enable_and_finish(app: &Desktop, client: usize) {
    app.wait_text("verify-company", &company_name(client)).await;
    assert_eq!(app.text("verify-org").await, org_number(client));
    app.click("verify-enable").await;
    app.wait_text_starting("done-title", &format!("Connected to {}", company_name(client))).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consultant_connects_clients_in_a_row_then_finds_checks_reauthorizes_and_exports() {
    let fixture = Fixture::start().await;
    fixture.sandbox.capture_secrets();
    let data = fixture.dir.path().join("agency-data");
    // Three clients from earlier days.
    let ids = connect_agency_clients(&fixture, &data, 0..3).await;
    let mut app = fixture.relaunch("agency", "en", data.clone()).await;
    app.wait_text("connections-summary", "3 connected, 0 need attention").await;

    // Three more in a row through the Digital byrå picker's search: by
    // organisation number, by name, by the number's digits alone.
    app.click("connect-another").await;
    let logins = fixture.count("GET", "/oauth-v1/auth");
    app.click("client-next").await;
    let login = app.choose_and_log_in(&fixture, Choices { account: "user", ..Choices::default() }, logins).await;
    pick_client(&fixture, &login, &org_number(3)).await;
    enable_and_finish(&app, 3).await;
    // (The login window is typed into with xdotool, which types ASCII:
    // "Gran" finds Granströms, the first client by that name.)
    for (client, search) in [(5, "Gran".to_string()), (4, org_number(4).replace('-', ""))] {
        app.click("done-another").await;
        let logins = fixture.count("GET", "/oauth-v1/auth");
        app.click("client-next").await;
        // The same options and account type, straight to the login.
        let login = LoginWindow::wait().await;
        fixture.wait_for_requests("GET", "/oauth-v1/auth", logins + 1).await;
        pick_client(&fixture, &login, &search).await;
        enable_and_finish(&app, client).await;
    }
    app.click("done-connections").await;
    app.wait_text("connections-summary", "6 connected, 0 need attention").await;
    let cards = wait_cards(&app, 6).await;
    for n in 0..6 {
        assert!(cards.contains(&format!("{} ({})", company_name(n), org_number(n))), "client {n} in {cards:?}");
    }

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

    // Fortnox stops accepting client 4's approval. Check all: it now
    // needs attention, the others not.
    fixture.sandbox.revoke_tenant(FIRST_TENANT + 4);
    app.click("check-all").await;
    app.wait_text("connections-status", "Checked 6: 1 needs attention.").await;
    app.wait_text("connections-summary", "6 connected, 1 needs attention").await;
    let filter = app.by_test_id("connections-filter").await;
    filter.find(By::Css("option[value=attention]")).await.unwrap().click().await.unwrap();
    assert!(wait_cards(&app, 1).await[0].starts_with(&company_name(4)));
    app.screenshot("needs-attention").await;

    // Re-authorize those that need it: one login, the picker's search.
    let logins = fixture.count("GET", "/oauth-v1/auth");
    app.click("reauthorize-all").await;
    let login = LoginWindow::wait().await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth", logins + 1).await;
    pick_client(&fixture, &login, &org_number(4)).await;
    app.wait_text_starting("done-title", &format!("Connected to {}", company_name(4))).await;
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
    for n in 0..6 {
        let row = lines.iter().find(|l| l.contains(&org_number(n))).unwrap_or_else(|| panic!("client {n} in {csv}"));
        assert!(row.contains(",enabled,"), "{row}");
    }
    assert!(ids.iter().all(|id| csv.contains(id.as_str())), "each row names its connection id");
    for secret in fixture.sandbox.captured_secrets() {
        assert!(!csv.contains(secret.as_str()), "a token in the export");
    }
    app.quit().await;
}

/// 50 clients: the list puts 20 cards on the page, the next 20 come when
/// it is scrolled to the end, the rest with "Show more"; a search finds a
/// client that was not on the page, and clearing it starts from the top.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_list_grows_as_it_is_scrolled_and_search_covers_every_client() {
    const CLIENTS: usize = 50;
    let fixture = Fixture::start().await;
    fixture.sandbox.update_config(|c| c.companies.iter_mut().for_each(|company| company.integration_licence = true));
    let data = fixture.dir.path().join("agency-data");
    connect_agency_clients(&fixture, &data, 0..CLIENTS).await;
    let mut app = fixture.relaunch("agency-long", "en", data).await;
    app.wait_text("connections-summary", &format!("{CLIENTS} connected, 0 need attention")).await;
    wait_cards(&app, 20).await;
    app.wait_text("connections-status", &format!("Showing 20 of {CLIENTS}")).await;

    // Scrolled to the end by the person: the next 20 arrive on their own.
    app.driver.execute("window.scrollTo(0, document.body.scrollHeight)", vec![]).await.unwrap();
    wait_cards(&app, 40).await;
    app.wait_text("connections-more", "Show more (10 not shown yet)").await;
    app.screenshot("agency-long-list-more").await;
    app.click("connections-more").await;
    let all = wait_cards(&app, CLIENTS).await;
    assert!(app.driver.find_all(By::Css("[data-testid=connections-more]")).await.unwrap().is_empty());

    // The last client by name was never among the first 20.
    let last = all.last().unwrap().clone();
    let search = app.by_test_id("connections-search").await;
    clear(&search).await;
    search.send_keys(&last).await.unwrap();
    assert_eq!(wait_cards(&app, 1).await, [last]);
    clear(&search).await;
    wait_cards(&app, 20).await;
    app.quit().await;
}
