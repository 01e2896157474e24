//! An accounting consultant with many clients: connects three in a row
//! through the Digital byrå client picker's search (the next client with
//! the same choices, straight to the login), then the connections view
//! finds, filters and checks them, re-authorizes the one that needs it
//! through the picker, and exports the list.

use std::time::Duration;

use fortnox_connect_tests::audit::audit;
use fortnox_connect_tests::keyboard::{self, focused, focused_within, tab_to, wait_focus};
use fortnox_connect_tests::scripted::connect_agency_clients;
use fortnox_connect_tests::wizard::{Choices, PASSWORD, log_in};
use fortnox_connect_tests::{Desktop, Fixture, Launch, LoginWindow};
use fortnox_sandbox::agency::{AGENCY_USERNAME, FIRST_TENANT, company_name, org_number};
use thirtyfour::{By, Key};

/// The connections on the page (cards, or the table's rows built), by
/// company label: "Name (556677-8899)" (a row shows the number apart,
/// and the whole label when pointed at).
async fn cards(app: &Desktop) -> Vec<String> {
    let mut labels = Vec::new();
    for card in app.driver.find_all(By::Css("[data-testid=connection] [data-testid=connection-company]")).await.unwrap()
    {
        let title = card.attr("title").await.unwrap();
        labels.push(match title {
            Some(title) => title,
            None => card.text().await.unwrap(),
        });
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

/// The connections table's geometry in the page: rows wholly in view
/// below its sticky header, and rows built at all.
async fn rows_in_view(app: &Desktop) -> (u64, u64) {
    let answer = app
        .driver
        .execute(
            "const box = document.querySelector('[data-testid=connections-table-scroll]').getBoundingClientRect();
             const head = document.querySelector('[data-testid=connections-table] thead').getBoundingClientRect();
             const bottom = Math.min(box.bottom, window.innerHeight);
             const rows = [...document.querySelectorAll('[data-testid=connection]')];
             const whole = rows.filter((r) => { const b = r.getBoundingClientRect();
                 return b.top >= head.bottom - 1 && b.bottom <= bottom + 1; });
             return [whole.length, rows.length];",
            vec![],
        )
        .await
        .expect("geometry read");
    let value = answer.json();
    (value[0].as_u64().unwrap_or(0), value[1].as_u64().unwrap_or(0))
}

/// Scrolls the table to `top` pixels (as the wheel would) and waits a frame.
async fn scroll_table(app: &Desktop, top: &str) {
    app.driver
        .execute_async(
            &format!(
                "const done = arguments[0]; const box = document.querySelector('[data-testid=connections-table-scroll]');
                 box.scrollTop = {top}; requestAnimationFrame(() => setTimeout(done, 0));"
            ),
            vec![],
        )
        .await
        .expect("scrolled");
}

/// 60 clients in the dark theme at 1280×800: the table shows at least 15
/// rows, builds only those in view (and a few around), reaches the last
/// client when scrolled to the end, and a search finds a client that was
/// never built. axe finds nothing serious on the table, its row menu and
/// its confirmation, in either language.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_clients_as_a_table_fifteen_rows_in_view_only_those_built_audited_in_the_dark() {
    const CLIENTS: usize = 60;
    let fixture = Fixture::start().await;
    fixture.sandbox.update_config(|c| c.companies.iter_mut().for_each(|company| company.integration_licence = true));
    let data = fixture.dir.path().join("agency-data");
    connect_agency_clients(&fixture, &data, 0..CLIENTS).await;
    let mut app = Desktop::launch(
        "agency-table-dark",
        Launch {
            profile: Some(fixture.profile.clone()),
            lang: Some("en"),
            data_dir: Some(data),
            env: vec![("GTK_THEME".into(), "Adwaita:dark".into())],
            ..Launch::default()
        },
    )
    .await;
    app.driver.set_window_rect(0, 0, 1280, 800).await.expect("window resized");
    app.wait_text("connections-summary", &format!("{CLIENTS} connected, 0 need attention")).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    app.screenshot("agency-table-dark").await;
    let (whole, built) = rows_in_view(&app).await;
    assert!(whole >= 15, "{whole} rows wholly in view at 1280×800");
    assert!(built < CLIENTS as u64, "{built} of {CLIENTS} rows built");

    // Scrolled to the end: the last client by name is there.
    // (The last by name is the first when the column is reversed.)
    app.click("sort-name").await;
    let last = cards(&app).await.first().cloned().expect("rows");
    app.click("sort-name").await;
    assert!(!cards(&app).await.contains(&last), "the last client is not built before it is scrolled to");
    scroll_table(&app, "box.scrollHeight").await;
    assert_eq!(cards(&app).await.last(), Some(&last));
    scroll_table(&app, "0").await;
    let search = app.by_test_id("connections-search").await;
    search.send_keys(&last).await.unwrap();
    assert_eq!(wait_cards(&app, 1).await, [last]);
    clear(&search).await;

    let mut found = Vec::new();
    app.audit_both_languages("connections table, dark", &mut found).await;
    app.driver.find(By::Css("[data-testid=connection] [data-testid=row-menu]")).await.unwrap().click().await.unwrap();
    app.by_test_id("row-menu-items").await;
    found.extend(audit(&app, "row menu, dark (en)").await);
    app.screenshot("agency-table-menu-dark").await;
    keyboard::press(&app, Key::Escape).await;
    app.click("select-all").await;
    app.wait_text("selection-count", &format!("{CLIENTS} selected")).await;
    app.click("bulk-disable").await;
    app.by_test_id("confirm-dialog").await;
    found.extend(audit(&app, "bulk confirmation, dark (en)").await);
    assert!(found.is_empty(), "serious or critical findings on the table:\n{}", found.join("\n"));
    app.quit().await;
}

/// With the keyboard alone, at 1280×800: tick three rows with Space and
/// the arrows and check them (the count is announced, the focus stays);
/// the one Fortnox no longer accepts is re-authorized from its row, and
/// back from the login the focus is on that row again; its menu opens,
/// moves and closes with the keys. axe finds nothing serious, in either
/// language.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consultant_with_the_keyboard_alone_checks_a_selection_and_reauthorizes_one_row() {
    const CLIENTS: usize = 30;
    let fixture = Fixture::start().await;
    fixture.sandbox.update_config(|c| c.companies.iter_mut().for_each(|company| company.integration_licence = true));
    let data = fixture.dir.path().join("agency-data");
    connect_agency_clients(&fixture, &data, 0..CLIENTS).await;
    let mut app = fixture.relaunch("agency-keyboard", "en", data).await;
    app.driver.set_window_rect(0, 0, 1280, 800).await.expect("window resized");
    app.wait_text("connections-summary", &format!("{CLIENTS} connected, 0 need attention")).await;
    wait_focus(&app, "connections-title").await;

    // Fortnox stops accepting the second client by name.
    let shown = cards(&app).await;
    let second = (0..CLIENTS).find(|&n| shown[1].contains(&org_number(n))).expect("a client");
    fixture.sandbox.revoke_tenant(FIRST_TENANT + second as u64);

    // Into the table (the first row), tick three rows.
    tab_to(&app, "select-row").await;
    for n in 0..3 {
        keyboard::press(&app, Key::Space).await;
        app.wait_text("selection-count", &format!("{} selected", n + 1)).await;
        if n < 2 {
            keyboard::press(&app, Key::Down).await;
        }
    }
    app.screenshot("agency-table-selection").await;
    // Back up to "Check" and check the three.
    keyboard::tab_until(&app, "bulk-check", true).await;
    keyboard::press(&app, Key::Enter).await;
    app.wait_text("connections-status", "Checked 3: 1 needs attention.").await;
    assert_eq!(focused(&app).await, "bulk-check", "the focus stays where the action was");
    let checks: Vec<_> = fixture.sandbox.requests().into_iter().filter(|r| r.path.starts_with("/3/")).collect();
    assert!(!checks.is_empty(), "the checks reached Fortnox");

    // Its row now offers Re-authorize, one Tab after the row's box.
    let row = fixture_row(&app, second).await;
    tab_to(&app, "select-row").await;
    while focused_within(&app, "data-id").await.as_deref() != Some(row.as_str()) {
        keyboard::press(&app, Key::Up).await;
    }
    keyboard::press(&app, Key::Tab).await;
    assert_eq!(focused(&app).await, "action-reauthorize");
    app.screenshot("agency-table-attention").await;
    let logins = fixture.count("GET", "/oauth-v1/auth");
    keyboard::press(&app, Key::Enter).await;
    let login = LoginWindow::wait().await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth", logins + 1).await;
    pick_client(&fixture, &login, &org_number(second)).await;
    app.wait_text_starting("done-title", &format!("Connected to {}", company_name(second))).await;
    tab_to(&app, "done-connections").await;
    keyboard::press(&app, Key::Enter).await;
    app.wait_text("connections-summary", &format!("{CLIENTS} connected, 0 need attention")).await;

    // Back on the same row, on its menu button; the menu works by keys.
    wait_focus(&app, "row-menu").await;
    assert_eq!(focused_within(&app, "data-id").await.as_deref(), Some(row.as_str()));
    keyboard::press(&app, Key::Enter).await;
    app.by_test_id("row-menu-items").await;
    assert!(focused(&app).await.starts_with("menu-"), "the first item has the focus");
    keyboard::press(&app, Key::Down).await;
    keyboard::press(&app, Key::Escape).await;
    assert_eq!(focused(&app).await, "row-menu");
    assert!(app.driver.find_all(By::Css("[data-testid=row-menu-items]")).await.unwrap().is_empty());

    let mut found = Vec::new();
    app.audit_both_languages("connections table", &mut found).await;
    assert!(found.is_empty(), "serious or critical findings on the table:\n{}", found.join("\n"));
    app.quit().await;
}

/// The `data-id` of client `n`'s row.
async fn fixture_row(app: &Desktop, n: usize) -> String {
    for row in app.driver.find_all(By::Css("[data-testid=connection]")).await.unwrap() {
        if row.text().await.unwrap_or_default().contains(&org_number(n)) {
            return row.attr("data-id").await.unwrap().expect("a row has its id");
        }
    }
    panic!("client {n} has no row on the page");
}
