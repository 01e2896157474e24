//! A connection that needs a person, found while the app is closed: the
//! keep-alive tells them on the desktop, once per problem, with one summary
//! when several break at once; clicking the notice opens the app on that
//! connection's problem with the action that fixes it; and the app marks
//! what changed while it was closed. The notification service is a
//! stand-in on a D-Bus session of this test's own (so that no other test's
//! notices reach it), which records what the real one would show.

use std::process::Command;
use std::time::Duration;

use fortnox_connect_tests::cli::run;
use fortnox_connect_tests::notifications::Notifications;
use fortnox_connect_tests::scripted::connect_agency_clients;
use fortnox_connect_tests::{Desktop, Fixture, Launch, paths};
use fortnox_sandbox::agency::{FIRST_TENANT, company_name, org_number};
use thirtyfour::By;

/// Set for the run inside the private session.
const WORKER_ENV: &str = "FORTNOX_NOTIFY_TEST_WORKER";

#[test]
fn notices_are_told_once_summed_up_and_open_the_app_on_the_problem() {
    let exe = std::env::current_exe().expect("this test's program");
    let out = Command::new("dbus-run-session")
        .arg("--")
        .arg(paths::workspace_root().join("scripts/lib/in-keyring-session.sh"))
        .arg(exe)
        .args(["--exact", "notify_worker", "--ignored", "--nocapture", "--test-threads=1"])
        .env(WORKER_ENV, "1")
        .output()
        .expect("dbus-run-session and gnome-keyring are installed (scripts/setup.sh)");
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success() && stdout.contains("test result: ok. 1 passed"), "{stdout}\n{stderr}");
}

/// The app on `data`, for the direct-mode fixture (its secret in the
/// environment).
async fn app(fixture: &Fixture, name: &str, data: &std::path::Path) -> Desktop {
    Desktop::launch(name, Launch::direct(fixture, data)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "runs inside notices_are_told_once_summed_up_and_open_the_app_on_the_problem's own D-Bus session"]
async fn notify_worker() {
    assert!(std::env::var_os(WORKER_ENV).is_some(), "run through its parent test");
    let fixture = Fixture::direct().await;
    let notifications = Notifications::start().await;
    let data = fixture.dir.path().join("agency");
    let ids = connect_agency_clients(&fixture, &data, 0..4).await;
    // The consultant looked at the list once; what breaks after is marked.
    app(&fixture, "notify-before", &data).await.quit().await;

    // Fortnox stops accepting client 1's approval; the daily keep-alive
    // finds it: one notice that names the company, what and who.
    fixture.sandbox.revoke_tenant(FIRST_TENANT + 1);
    let keepalive = ["--lang", "en", "keepalive", "--older-than-days", "0"];
    let out = run(&fixture, &data, &keepalive).await;
    assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stdout));
    let shown = notifications.wait_for(1).await;
    let one = &shown[0];
    assert_eq!(one.summary, format!("{} ({})", company_name(1), org_number(1)));
    assert!(one.body.ends_with("You must act."), "{}", one.body);
    assert_eq!(one.actions, ["default", "Open"]);
    assert_eq!(one.app_name, "Fortnox Connect");
    assert_eq!(one.desktop_entry.as_deref(), Some("fortnox-connect"));

    // The next day's run: the same problem is not told again; nor by the
    // integration's own `token` call, which fails on it.
    run(&fixture, &data, &keepalive).await;
    let out = run(&fixture, &data, &["token", &ids[1]]).await;
    assert_eq!(out.status.code(), Some(3));
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(notifications.shown().len(), 1, "{:?}", notifications.shown());

    // Monday morning: two more at once, one summary.
    fixture.sandbox.revoke_tenant(FIRST_TENANT + 2);
    fixture.sandbox.revoke_tenant(FIRST_TENANT + 3);
    run(&fixture, &data, &keepalive).await;
    let shown = notifications.wait_for(2).await;
    assert_eq!(shown[1].summary, "2 client connections need you");
    let body = &shown[1].body;
    assert!(body.ends_with(" need attention.") && [2, 3].iter().all(|&n| body.contains(&company_name(n))), "{body}");
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(notifications.shown().len(), 2);

    // The app, opened: the three that broke while it was closed are marked.
    let mut app = app(&fixture, "notify-after", &data).await;
    app.driver.set_window_rect(0, 0, 1280, 800).await.expect("window resized");
    app.wait_css("[data-testid=connection] [data-testid=changed-mark]").await;
    let marked = app.driver.find_all(By::Css("[data-testid=connection] [data-testid=changed-mark]")).await.unwrap();
    assert_eq!(marked.len(), 3);
    app.screenshot("changed-while-closed").await;

    // The first notice is clicked: the running app opens on client 1's
    // problem, with Re-authorize, and the keyboard on its row.
    notifications.click(one.id).await;
    let panel = app.by_test_id("error-panel").await;
    let text = panel.text().await.unwrap();
    assert!(text.contains("Re-authorize") && text.contains(&company_name(1)), "{text}");
    for _ in 0..50 {
        let row = app
            .driver
            .execute("return document.activeElement?.closest('tr')?.dataset.id ?? null;", vec![])
            .await
            .unwrap();
        if row.json().as_str() == Some(ids[1].as_str()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let row = app.driver.execute("return document.activeElement?.closest('tr')?.dataset.id ?? null;", vec![]).await;
    assert_eq!(row.unwrap().json().as_str(), Some(ids[1].as_str()), "the focus is on its row");
    app.screenshot("opened-on-the-problem").await;
    notifications.close_all().await;
    app.quit().await;
}
