//! Returning users: the connections list, re-authorize in place, switch
//! account type in one guided action, remove (revoked), the activity log,
//! state that survives a restart, and a single app instance.

use std::time::Duration;

use fortnox_connect_tests::wizard::*;
use fortnox_connect_tests::{Desktop, Fixture, LoginWindow};

/// Connects as the Bergström admin with `account` and enables it.
async fn connected(app: &mut Desktop, fixture: &Fixture, account: &str) {
    let login = app.go_to_login(fixture, Choices { account, ..Choices::default() }).await;
    app.approve_as(fixture, &login, ADMIN).await;
    app.click("verify-enable").await;
    app.click("done-connections").await;
    app.by_test_id("connection").await;
}

async fn connection_id(app: &Desktop) -> String {
    app.by_test_id("connection").await.attr("data-id").await.unwrap().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reauthorize_keeps_the_connection_and_its_options() {
    let fixture = Fixture::start().await;
    let mut app = fixture.launch("reauthorize", "en").await;
    connected(&mut app, &fixture, "user").await;
    let id = connection_id(&app).await;
    // Fortnox stops accepting it: the list says so.
    fixture.sandbox.revoke_tenant(1406221);
    app.click("action-verify").await;
    app.by_test_id("error-panel").await;
    app.screenshot("rejected").await;

    let logins = fixture.count("GET", "/oauth-v1/auth");
    app.click("action-reauthorize").await;
    let login = LoginWindow::wait().await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth", logins + 1).await;
    let request = fixture.sandbox.requests().into_iter().rev().find(|r| r.path == "/oauth-v1/auth").unwrap();
    assert_eq!(request.query["scope"], "companyinformation invoice customer article bookkeeping profile");
    // No session is kept between logins: log in again, then approve.
    app.approve_as(&fixture, &login, ADMIN).await;
    app.wait_text("done-title", "Connected to Bergströms Bygg AB (556677-8899) — enabled").await;
    app.click("done-connections").await;
    assert_eq!(connection_id(&app).await, id, "the same connection");
    app.wait_text("connection-state", "Enabled").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn switching_account_type_is_one_guided_action() {
    let fixture = Fixture::start().await;
    let mut app = fixture.launch("switch-account", "en").await;
    connected(&mut app, &fixture, "user").await;
    let old = connection_id(&app).await;
    app.click("action-switch_account_type").await;
    app.by_test_id("confirm-dialog").await;
    app.screenshot("confirm").await;
    let logins = fixture.count("GET", "/oauth-v1/auth");
    app.click("confirm-ok").await;
    let login = LoginWindow::wait().await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth", logins + 1).await;
    let request = fixture.sandbox.requests().into_iter().rev().find(|r| r.path == "/oauth-v1/auth").unwrap();
    assert_eq!(request.query["account_type"], "service");
    app.approve_as(&fixture, &login, ADMIN).await;
    app.wait_text("verify-company", "Bergströms Bygg AB").await;
    app.click("verify-enable").await;
    app.click("done-connections").await;
    let cards = app.driver.find_all(thirtyfour::By::Css("[data-testid=connection]")).await.unwrap();
    assert_eq!(cards.len(), 1, "the old connection is gone");
    assert_ne!(connection_id(&app).await, old);
    assert!(app.text("connection").await.contains("Service account"));
    let live: Vec<_> = fixture.sandbox.grants().into_iter().filter(|g| !g.revoked).collect();
    assert_eq!(live.len(), 1, "the old approval was revoked");
    app.screenshot("switched").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn remove_asks_first_and_revokes_at_fortnox() {
    let fixture = Fixture::start().await;
    let mut app = fixture.launch("remove", "sv").await;
    connected(&mut app, &fixture, "service").await;
    app.click("action-activity").await;
    let dialog = app.by_test_id("activity-dialog").await;
    let text = dialog.text().await.unwrap();
    assert!(text.contains("Kopplad"), "{text}");
    assert!(text.contains("Kontrollerad: allt fungerar"), "{text}");
    assert!(text.contains("Påslagen"), "{text}");
    app.screenshot("activity").await;
    app.click("activity-close").await;

    app.click("action-remove").await;
    app.by_test_id("confirm-dialog").await;
    app.screenshot("confirm").await;
    app.click("confirm-cancel").await;
    assert!(fixture.sandbox.grants().iter().all(|g| !g.revoked), "cancel removes nothing");
    app.click("action-remove").await;
    app.click("confirm-ok").await;
    for _ in 0..100 {
        if app.driver.find_all(thirtyfour::By::Css("[data-testid=connection]")).await.unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(app.driver.find_all(thirtyfour::By::Css("[data-testid=connection]")).await.unwrap().is_empty());
    assert!(fixture.sandbox.grants().iter().all(|g| g.revoked), "revoked at Fortnox");
    app.screenshot("removed").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_survives_a_restart_and_a_second_launch_focuses_the_first() {
    let fixture = Fixture::start().await;
    let data = tempfile::tempdir().unwrap();
    let mut app = fixture.relaunch("restart-1", "en", data.path().to_path_buf()).await;
    connected(&mut app, &fixture, "service").await;

    // A second launch with the same data hands over to this one and exits.
    let second = std::process::Command::new(fortnox_connect_tests::paths::built_binary("fortnox-connect-app"))
        .arg("--profile")
        .arg(&fixture.profile)
        .arg("--data-dir")
        .arg(data.path())
        .output()
        .unwrap();
    assert!(second.status.success(), "{}", String::from_utf8_lossy(&second.stderr));
    app.by_test_id("connection").await;
    // The first instance was asked to show itself, and it is still the
    // only one, with one window.
    let log = std::fs::read_to_string(fortnox_connect_tests::paths::artifacts_dir().join("restart-1.app.log")).unwrap();
    assert!(log.contains("another launch with the same data handed over"), "the first was told to show itself");
    assert_eq!(app.windows().len(), 1, "one window, of the first instance");
    let instances = std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
        .filter(|cmd| {
            let text = String::from_utf8_lossy(cmd);
            text.contains("fortnox-connect-app") && text.contains(&*data.path().to_string_lossy())
        })
        .count();
    assert_eq!(instances, 1, "the second launch is gone");
    app.quit().await;

    let mut app = fixture.relaunch("restart-2", "en", data.path().to_path_buf()).await;
    app.wait_text("connection-company", "Bergströms Bygg AB (556677-8899)").await;
    app.wait_text("connection-state", "Enabled").await;
    app.screenshot("after-restart").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_this_computer_out_asks_then_stops_every_connection() {
    let fixture = Fixture::start().await;
    let mut app = fixture.launch("sign-out", "en").await;
    connected(&mut app, &fixture, "user").await;
    app.click("sign-out").await;
    app.by_test_id("confirm-dialog").await;
    let question = app.text("confirm-dialog").await;
    assert!(question.contains("The connection is removed from this computer and stopped in Fortnox"), "{question}");
    app.screenshot("confirm").await;
    app.click("confirm-ok").await;
    app.wait_text_starting("connections-notice", "This computer is signed out").await;
    assert!(app.driver.find_all(thirtyfour::By::Css("[data-testid=connection]")).await.unwrap().is_empty());
    assert!(fixture.sandbox.grants().iter().all(|g| g.revoked), "stopped in Fortnox");
    let listed = fixture.broker_installations().await;
    assert!(listed.is_empty(), "the broker forgot this computer: {listed:?}");
    app.screenshot("signed-out").await;
    app.quit().await;
}
