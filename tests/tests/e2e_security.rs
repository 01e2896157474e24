//! The login window as a fence: no IPC for the pages it loads, the
//! callback captured once whatever way a page reaches it, no second
//! window, non-web links to the OS, no cookies shared between connections,
//! and Fortnox's texts shown inert.

use std::time::Duration;

use fortnox_connect_tests::login::open_windows;
use fortnox_connect_tests::wizard::*;
use fortnox_connect_tests::{Fixture, LoginWindow};
use fortnox_sandbox::{CallbackStyle, Fault, FaultKind};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_page_in_the_login_window_can_invoke_nothing() {
    let fixture = Fixture::start().await;
    fixture.sandbox.update_faults(|f| f.hostile_login = true);
    let mut app = fixture.launch("hostile-page", "en").await;
    let login = app.go_to_login(&fixture, Choices::default()).await;
    let mut reports = Vec::new();
    for _ in 0..150 {
        reports = fixture.sandbox.reports();
        if !reports.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let results = reports.first().expect("the hostile page reported")["results"].clone();
    let results = results.as_object().unwrap();
    assert!(results.len() >= 20, "{results:?}");
    for (command, outcome) in results {
        if command == "__has_internals" {
            continue;
        }
        let outcome = outcome.as_str().unwrap();
        assert!(!outcome.starts_with("ALLOWED"), "{command} was allowed: {outcome}");
    }
    login.screenshot("hostile-page-01-window");
    assert_eq!(app.text("login-title").await, "Log into Fortnox", "the app is unharmed");
    app.click("login-cancel").await;
    app.by_test_id("error-panel").await;
    app.quit().await;
}

async fn connect_with_callback_style(name: &str, style: CallbackStyle) -> (bool, usize) {
    let fixture = Fixture::start().await;
    fixture.sandbox.update_faults(|f| f.callback_style = style);
    let mut app = fixture.launch(name, "en").await;
    let login = app.go_to_login(&fixture, Choices::default()).await;
    let consents = fixture.count("GET", "/oauth-v1/auth/continue");
    login.log_in(ADMIN, PASSWORD).await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth/continue", consents + 1).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    login.key("Return").await;
    // Whatever the page does, there is never a second window.
    let mut most_windows = 0;
    for _ in 0..30 {
        most_windows = most_windows.max(open_windows().len());
        if !login.is_open() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let connected = !login.is_open();
    if connected {
        app.wait_text("verify-company", "Bergströms Bygg AB").await;
        app.screenshot("verify").await;
    } else {
        login.screenshot(&format!("{name}-01-denied"));
        login.close().await;
        app.by_test_id("error-panel").await;
    }
    // The code was used once at most.
    assert!(fixture.sandbox.token_requests("authorization_code").len() <= 1);
    app.quit().await;
    (connected, most_windows)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_callback_is_caught_from_a_302_or_a_script_navigation() {
    for (name, style) in [("callback-302", CallbackStyle::Redirect), ("callback-script", CallbackStyle::Script)] {
        let (connected, windows) = connect_with_callback_style(name, style).await;
        assert!(connected, "{name}: the code was captured");
        assert!(windows <= 1, "{name}: never a second window");
    }
}

/// A page that opens the callback in a popup or an iframe: WebKit blocks
/// script popups and the iframe's load is not a navigation of the login
/// page, so the code is denied (the user closes the window and starts
/// again) — or captured once; never a second window.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_callback_in_a_popup_or_iframe_is_captured_once_or_denied_never_a_second_window() {
    for (name, style) in
        [("callback-window-open", CallbackStyle::WindowOpen), ("callback-iframe", CallbackStyle::Iframe)]
    {
        let (_connected, windows) = connect_with_callback_style(name, style).await;
        assert!(windows <= 1, "{name}: never a second window");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bankid_link_goes_to_the_operating_system_not_a_window() {
    let fixture = Fixture::start().await;
    fixture.sandbox.update_faults(|f| f.bankid_link = true);
    let mut app = fixture.launch("bankid-link", "en").await;
    let login = app.go_to_login(&fixture, Choices::default()).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    // Username, password, the login button, then the BankID link.
    login.key("Tab").await;
    login.key("Tab").await;
    login.key("Tab").await;
    login.screenshot("bankid-link-01-focused");
    login.key("Return").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(open_windows().len(), 1, "no second window");
    assert!(login.is_open(), "the login page stays");
    let log =
        std::fs::read_to_string(fortnox_connect_tests::paths::artifacts_dir().join("bankid-link.app.log")).unwrap();
    assert!(log.contains("handing a bankid: link to the operating system"), "{log}");
    // The login still works afterwards.
    login.key("shift+Tab").await;
    login.key("shift+Tab").await;
    login.key("shift+Tab").await;
    app.approve_as(&fixture, &login, ADMIN).await;
    app.wait_text("verify-company", "Bergströms Bygg AB").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_connections_in_a_row_share_no_cookie_and_someone_else_clears_them() {
    let fixture = Fixture::start().await;
    let mut app = fixture.launch("no-shared-cookies", "en").await;
    let login = app.go_to_login(&fixture, Choices::default()).await;
    app.approve_as(&fixture, &login, ADMIN).await;
    app.click("verify-enable").await;
    app.click("done-another").await;
    app.click("client-next").await;
    let before = fixture.count("GET", "/oauth-v1/auth");
    let login = app.choose_and_log_in(&fixture, Choices::default(), before).await;
    let second = fixture.sandbox.requests().into_iter().filter(|r| r.path == "/oauth-v1/auth").nth(1).unwrap();
    assert!(!second.headers.contains_key("cookie"), "the second connection's login shares no cookie");
    login.screenshot("no-shared-cookies-01-fresh-login");
    app.click("login-cancel").await;
    app.by_test_id("error-panel").await;

    // Re-authorizing the first connection reuses its own login (cookie)…
    app.click("nav-connections").await;
    app.click("action-reauthorize").await;
    let login = LoginWindow::wait().await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth", before + 2).await;
    let third = fixture.sandbox.requests().into_iter().filter(|r| r.path == "/oauth-v1/auth").nth(2).unwrap();
    assert!(third.headers.contains_key("cookie"), "re-authorizing keeps this connection's login");
    // …until "log in as someone else" clears it.
    app.click("login-someone-else").await;
    login.wait_closed().await;
    let _login = LoginWindow::wait().await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth", before + 3).await;
    let fourth = fixture.sandbox.requests().into_iter().filter(|r| r.path == "/oauth-v1/auth").nth(3).unwrap();
    assert!(!fourth.headers.contains_key("cookie"), "cleared");
    app.click("login-cancel").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn texts_from_fortnox_are_shown_as_text_never_as_html() {
    let fixture = Fixture::start().await;
    let mut app = fixture.launch("hostile-texts", "en").await;
    let login = app.go_to_login(&fixture, Choices::default()).await;
    let hostile = r#"<img src=x onerror="document.title='owned'"><script>document.title='owned'</script><b>bold</b>"#;
    fixture.sandbox.add_fault(Fault {
        kind: FaultKind::Body {
            status: 400,
            content_type: "application/json".into(),
            body: serde_json::json!({ "error": "server_error", "error_description": hostile }).to_string(),
        },
        path_prefix: Some("/oauth-v1/token".into()),
        times: Some(1),
    });
    app.approve_as(&fixture, &login, ADMIN).await;
    app.by_test_id("error-panel").await;
    app.driver.find(thirtyfour::By::Css(".error-details summary")).await.unwrap().click().await.unwrap();
    let details = app.text("error-details").await;
    assert!(details.contains("<script>"), "shown literally: {details}");
    let images = app.driver.find_all(thirtyfour::By::Css(".error-panel img, .error-panel b")).await.unwrap();
    assert!(images.is_empty(), "no markup from Fortnox was rendered");
    assert_ne!(app.driver.title().await.unwrap(), "owned");
    app.screenshot("inert").await;
    app.quit().await;
}
