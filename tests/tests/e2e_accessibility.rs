//! Everyone can use it: axe-core audits of every screen the wizard and
//! the connections view reach, in both languages and in the dark theme;
//! the whole wizard with the keyboard alone; no horizontal scrolling at
//! 800×600 or at 200 % zoom.

use std::time::Duration;

use fortnox_connect_tests::audit::audit;
use fortnox_connect_tests::keyboard::{press, tab_to, wait_focus};
use fortnox_connect_tests::wizard::*;
use fortnox_connect_tests::{Desktop, Fixture, Launch, LoginWindow};
use thirtyfour::Key;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_screen_passes_an_accessibility_audit_in_both_languages() {
    let fixture = Fixture::start().await;
    let mut app = fixture.launch("a11y", "en").await;
    let mut found = Vec::new();
    app.by_test_id("welcome-title").await;
    app.audit_both_languages("welcome", &mut found).await;
    app.click("welcome-start").await;
    app.by_test_id("options-title").await;
    app.audit_both_languages("options", &mut found).await;
    app.click("options-next").await;
    app.by_test_id("account-title").await;
    app.audit_both_languages("account", &mut found).await;
    let known = fortnox_connect_tests::login::open_windows();
    app.click("account-next").await;
    let login = LoginWindow::wait_new(&known).await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth", 1).await;
    app.by_test_id("login-title").await;
    found.extend(audit(&app, "login (en)").await);
    // Closed without approving: the error panel.
    login.close().await;
    app.by_test_id("error-panel").await;
    app.audit_both_languages("error panel", &mut found).await;
    let logins = fixture.count("GET", "/oauth-v1/auth");
    app.click("action-restart_authorization").await;
    let login = LoginWindow::wait().await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth", logins + 1).await;
    app.approve_as(&fixture, &login, ADMIN).await;
    app.by_test_id("verify-company").await;
    app.audit_both_languages("verify", &mut found).await;
    app.click("verify-enable").await;
    app.by_test_id("done-title").await;
    app.audit_both_languages("done", &mut found).await;
    app.click("done-connections").await;
    app.by_test_id("connection").await;
    app.audit_both_languages("connections", &mut found).await;
    app.click("action-activity").await;
    app.by_test_id("activity-dialog").await;
    found.extend(audit(&app, "activity dialog (en)").await);
    press(&app, Key::Escape).await;
    app.click("action-remove").await;
    app.by_test_id("confirm-dialog").await;
    found.extend(audit(&app, "confirm dialog (en)").await);
    press(&app, Key::Escape).await;
    // A connection Fortnox no longer accepts: the card's problem.
    fixture.sandbox.revoke_tenant(1406221);
    app.click("action-verify").await;
    app.by_test_id("error-panel").await;
    app.audit_both_languages("connection problem", &mut found).await;
    app.screenshot("connection-problem").await;
    assert!(found.is_empty(), "serious or critical accessibility findings:\n{}", found.join("\n"));
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_wizard_works_with_the_keyboard_alone() {
    let fixture = Fixture::start().await;
    let app = fixture.launch("keyboard", "en").await;
    wait_focus(&app, "welcome-title").await;
    tab_to(&app, "welcome-start").await;
    press(&app, Key::Enter).await;
    wait_focus(&app, "options-title").await;
    tab_to(&app, "options-next").await;
    press(&app, Key::Enter).await;
    wait_focus(&app, "account-title").await;
    tab_to(&app, "account-next").await;
    let known = fortnox_connect_tests::login::open_windows();
    press(&app, Key::Enter).await;
    let login = LoginWindow::wait_new(&known).await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth", 1).await;
    // The Fortnox login is typed: user, Tab, password, Enter, then Enter
    // on "Godkänn & aktivera" (approve_as presses keys only).
    let mut app = app;
    app.approve_as(&fixture, &login, ADMIN).await;
    wait_focus(&app, "verify-title").await;
    tab_to(&app, "verify-enable").await;
    press(&app, Key::Enter).await;
    wait_focus(&app, "done-title").await;
    tab_to(&app, "done-connections").await;
    press(&app, Key::Enter).await;
    wait_focus(&app, "connections-title").await;

    // A dialog keeps the focus inside, Escape closes it, and the focus
    // returns to the button that opened it.
    tab_to(&app, "action-remove").await;
    press(&app, Key::Enter).await;
    app.by_test_id("confirm-dialog").await;
    for _ in 0..6 {
        press(&app, Key::Tab).await;
        let inside = app
            .driver
            .execute("return !!document.activeElement.closest('dialog[open]');", vec![])
            .await
            .expect("focus read");
        assert_eq!(inside.json(), &serde_json::json!(true), "focus stays in the dialog");
    }
    press(&app, Key::Escape).await;
    wait_focus(&app, "action-remove").await;
    assert!(app.driver.find_all(thirtyfour::By::Css("dialog[open]")).await.expect("query").is_empty());
    app.screenshot("keyboard-connections").await;
    app.quit().await;
}

/// No horizontal scrolling: the page is no wider than the window.
async fn fits(app: &Desktop, what: &str) {
    let overflow = app
        .driver
        .execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth;", vec![])
        .await
        .expect("width read");
    assert!(overflow.json().as_i64().unwrap_or(1) <= 0, "{what}: {} px wider than the window", overflow.json());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn small_windows_200_percent_zoom_and_the_dark_theme() {
    let fixture = Fixture::start().await;
    let mut app = Desktop::launch(
        "dark",
        Launch {
            profile: Some(fixture.profile.clone()),
            lang: Some("sv"),
            env: vec![("GTK_THEME".into(), "Adwaita:dark".into())],
            ..Launch::default()
        },
    )
    .await;
    app.by_test_id("welcome-title").await;
    let dark = app
        .driver
        .execute("return matchMedia('(prefers-color-scheme: dark)').matches;", vec![])
        .await
        .expect("media query");
    assert_eq!(dark.json(), &serde_json::json!(true), "the system's dark theme reaches the page");
    let mut found = audit(&app, "welcome, dark (sv)").await;
    app.screenshot("welcome-dark").await;
    app.click("welcome-start").await;
    app.by_test_id("options-title").await;
    found.extend(audit(&app, "options, dark (sv)").await);
    app.screenshot("options-dark").await;

    app.driver.set_window_rect(0, 0, 800, 600).await.expect("window resized");
    tokio::time::sleep(Duration::from_millis(300)).await;
    fits(&app, "options at 800×600").await;
    app.screenshot("options-800x600").await;
    app.driver.set_window_rect(0, 0, 1280, 800).await.expect("window resized");
    app.driver.execute("document.documentElement.style.zoom = '2';", vec![]).await.expect("zoom");
    tokio::time::sleep(Duration::from_millis(300)).await;
    fits(&app, "options at 200 %").await;
    app.screenshot("options-zoom-200").await;
    // WebDriver cannot click into a zoomed page: zoom out, go on, zoom in.
    app.driver.execute("document.documentElement.style.zoom = '';", vec![]).await.expect("zoom");
    app.click("options-next").await;
    app.by_test_id("account-title").await;
    app.driver.execute("document.documentElement.style.zoom = '2';", vec![]).await.expect("zoom");
    tokio::time::sleep(Duration::from_millis(300)).await;
    fits(&app, "account at 200 %").await;
    app.screenshot("account-zoom-200").await;
    assert!(found.is_empty(), "serious or critical findings in the dark theme:\n{}", found.join("\n"));
    app.quit().await;
}
