//! The login window as a fence: no IPC for the pages it loads, the
//! callback captured once whatever way a page reaches it, no second
//! window, non-web links to the OS, no cookies shared between connections,
//! and Fortnox's texts shown inert.

use std::time::Duration;

use fortnox_connect_tests::wizard::*;
use fortnox_connect_tests::{Fixture, LoginWindow};
use fortnox_sandbox::{CallbackStyle, Fault, FaultKind};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_page_in_the_login_window_can_invoke_nothing() {
    let fixture = Fixture::start().await;
    // Every command the app really has, from the one list they are made from.
    let app_commands: Vec<String> = fortnox_core::operations::IPC_OPERATIONS.iter().map(|c| c.to_string()).collect();
    fixture.sandbox.update_faults(|f| {
        f.hostile_login = true;
        f.hostile_commands = app_commands.clone();
    });
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
    for command in &app_commands {
        assert!(results.contains_key(command), "{command} was tried: {results:?}");
    }
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
    log_in(&fixture, &login, ADMIN, PASSWORD).await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth/continue", consents + 1).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    // The count sees the login window (by process, whatever its title).
    assert_eq!(app.windows().len(), 2, "{name}: the main window and the login window");
    login.key("Return").await;
    // Whatever the page does, the app never has more than its main window
    // and the one login window.
    let mut most_windows = 0;
    for _ in 0..30 {
        most_windows = most_windows.max(app.windows().len());
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
        assert!(windows <= 2, "{name}: never a third window");
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
        assert!(windows <= 2, "{name}: never a third window");
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
    assert_eq!(app.windows().len(), 2, "the main window and the login window, no third");
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

/// The login window's cookies are not kept: every login — another
/// connection, re-authorizing one made a moment ago in the same run, or
/// "log in as someone else" — starts at Fortnox's login page with no
/// earlier user's session, and nothing of a login stays on disk.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_login_starts_without_an_earlier_session_and_leaves_no_cookies() {
    let fixture = Fixture::start().await;
    let data = tempfile::tempdir().unwrap();
    let mut app = fixture.relaunch("no-shared-cookies", "en", data.path().to_path_buf()).await;
    let login = app.go_to_login(&fixture, Choices::default()).await;
    app.approve_as(&fixture, &login, ADMIN).await;
    app.click("verify-enable").await;
    // The next client: the same choices, straight to a fresh login.
    app.click("done-another").await;
    let before = fixture.count("GET", "/oauth-v1/auth");
    let known = fortnox_connect_tests::login::open_windows();
    app.click("client-next").await;
    let login = LoginWindow::wait_new(&known).await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth", before + 1).await;
    login.screenshot("no-shared-cookies-01-fresh-login");
    app.click("login-cancel").await;
    app.by_test_id("error-panel").await;

    // Re-authorizing the connection made a moment ago, in the same run.
    app.click("nav-connections").await;
    app.click("action-reauthorize").await;
    let login = LoginWindow::wait().await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth", before + 2).await;
    // "Log in as someone else" is a new login too.
    app.click("login-someone-else").await;
    login.wait_closed().await;
    let login = LoginWindow::wait().await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth", before + 3).await;
    login.screenshot("no-shared-cookies-02-someone-else");
    let logins = fixture.browser_requests("/oauth-v1/auth");
    assert_eq!(logins.len(), 4);
    for (i, request) in logins.iter().enumerate() {
        assert!(!request.headers.contains_key("cookie"), "login {i} brought an earlier session's cookie");
    }
    // Each one showed the login form: typing the password logs in again.
    app.approve_as(&fixture, &login, ADMIN).await;
    app.by_test_id("done-title").await;
    assert_eq!(fixture.count("POST", "/oauth-v1/auth/login"), 2, "the first login and this one");
    app.quit().await;
    let mut files = vec![];
    let mut stack = vec![data.path().to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() { stack.push(path) } else { files.push(path) }
        }
    }
    let cookies: Vec<_> = files.iter().filter(|f| f.to_string_lossy().to_lowercase().contains("cookie")).collect();
    assert!(cookies.is_empty(), "no login's cookies stay on disk: {cookies:?}");
    assert!(!fixture.profile_dir(data.path()).join("webview").exists(), "the login window keeps nothing on disk");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_login_window_refuses_plain_http_away_from_this_computer() {
    stays_on_fortnox("plain-http", "http://fortnox.example.invalid/login", "plain http away from this computer").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_login_window_refuses_another_site_than_fortnox() {
    // A page dressed as Fortnox's login, on another https site.
    stays_on_fortnox("other-site", "https://fortnox-login.example.invalid/login", "another site than Fortnox").await;
}

/// The sandbox's login page tries to send the window to `escape`: the
/// navigation is refused, the page stays, and the log says why.
async fn stays_on_fortnox(name: &str, escape: &str, why: &str) {
    let fixture = Fixture::start().await;
    fixture.sandbox.update_faults(|f| f.login_escapes_to = Some(escape.into()));
    let mut app = fixture.launch(name, "en").await;
    let login = app.go_to_login(&fixture, Choices::default()).await;
    let mut wheres = Vec::new();
    for _ in 0..100 {
        wheres = fixture.sandbox.reports().iter().filter_map(|r| r["where"].as_str().map(String::from)).collect();
        if wheres.contains(&"still-here".to_string()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(wheres, ["leaving", "still-here"], "the navigation to {escape} was refused");
    let log =
        std::fs::read_to_string(fortnox_connect_tests::paths::artifacts_dir().join(format!("{name}.app.log"))).unwrap();
    assert!(log.contains("refused a navigation in the login window") && log.contains(why), "{log}");
    login.screenshot(&format!("{name}-01-stayed"));
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
