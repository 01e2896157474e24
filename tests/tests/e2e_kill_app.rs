//! kill -9 the desktop app at each named point of a connect
//! (`fortnox_core::checkpoint`) and while Fortnox holds a rotated refresh;
//! after a restart nothing is half-saved, and a connection works or says
//! it needs re-authorization.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fortnox_connect_tests::wizard::*;
use fortnox_connect_tests::{Desktop, Fixture, Launch};
use fortnox_core::checkpoint::{self, PAUSE_AT_ENV, PAUSE_MARKER_ENV};
use fortnox_sandbox::{Fault, FaultKind};

fn state(fixture: &Fixture, data: &std::path::Path) -> serde_json::Value {
    let state =
        fortnox_core::store::StateFile::new(&fixture.profile_dir(data)).load().expect("the state always parses");
    serde_json::to_value(state).unwrap()
}

/// The app on `data`, stopping at `point` (a `fortnox_core::checkpoint`)
/// when one is given.
async fn app_stopping_at(fixture: &Fixture, name: &str, data: &Path, point: Option<&str>) -> Desktop {
    let mut env = Vec::new();
    if let Some(point) = point {
        env.push((PAUSE_AT_ENV.to_string(), point.to_string()));
        env.push((PAUSE_MARKER_ENV.to_string(), marker(data).display().to_string()));
    }
    let launch = Launch {
        profile: Some(fixture.profile.clone()),
        lang: Some("en"),
        data_dir: Some(data.to_path_buf()),
        env,
        ..Launch::default()
    };
    Desktop::launch(name, launch).await
}

fn marker(data: &Path) -> PathBuf {
    data.with_extension("reached")
}

/// Waits until the app wrote that it stopped at `point`.
async fn wait_for_checkpoint(data: &Path, point: &str) {
    let marker = marker(data);
    let deadline = Instant::now() + Duration::from_secs(30);
    while !marker.exists() {
        assert!(Instant::now() < deadline, "the app never reached {point}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(std::fs::read_to_string(&marker).unwrap(), point);
    std::fs::remove_file(&marker).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_the_app_at_each_point_of_a_connect_leaves_nothing_half_saved() {
    let fixture = Fixture::direct().await;
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let points = [
        "login-open",
        checkpoint::CONNECT_EXCHANGING,
        checkpoint::CONNECT_VERIFYING,
        checkpoint::CONNECT_SAVING,
        checkpoint::CONNECT_SECRETS_SAVED,
    ];
    for point in points {
        let stop_at = (point != "login-open").then_some(point);
        let name = format!("app-kill-{}", point.replace(':', "-"));
        let mut app = app_stopping_at(&fixture, &name, &data, stop_at).await;
        app.click("welcome-start").await;
        let before = fixture.count("GET", "/oauth-v1/auth");
        let login = app.choose_and_log_in(&fixture, Choices::default(), before).await;
        if let Some(point) = stop_at {
            app.approve_as(&fixture, &login, ADMIN).await;
            wait_for_checkpoint(&data, point).await;
        }
        app.kill_app().await;
        assert!(state(&fixture, &data)["connections"].as_array().unwrap().is_empty(), "{point}: nothing half-saved");
        // Whatever login windows the dead app had are gone with it.
        for _ in 0..50 {
            if fortnox_connect_tests::login::open_windows().is_empty() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(fortnox_connect_tests::login::open_windows().is_empty(), "{point}: a login window outlived the app");
        println!("RELIABILITY app connect: killed at {point} → nothing saved");
    }

    // After all that, the app starts and connects normally.
    let mut app = fixture.relaunch("app-kill-after", "en", data.clone()).await;
    let login = app.go_to_login(&fixture, Choices::default()).await;
    app.approve_as(&fixture, &login, ADMIN).await;
    app.wait_text("verify-company", "Bergströms Bygg AB").await;
    app.screenshot("recovered").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_the_app_during_a_refresh_then_it_works_or_says_so() {
    let fixture = Fixture::direct().await;
    let data = tempfile::tempdir().unwrap();
    let mut app = fixture.relaunch("app-kill-refresh", "en", data.path().to_path_buf()).await;
    let login = app.go_to_login(&fixture, Choices { account: "user", ..Choices::default() }).await;
    app.approve_as(&fixture, &login, ADMIN).await;
    app.click("verify-enable").await;
    app.click("done-connections").await;
    // The access token is refused, so "Check" must refresh; Fortnox
    // rotates, then the app dies before it hears back.
    fixture.sandbox.expire_access_tokens(1406221);
    fixture.sandbox.add_fault(Fault {
        kind: FaultKind::DelayResponse { secs: 30 },
        path_prefix: Some("/oauth-v1/token".into()),
        times: Some(1),
    });
    let used = fixture.sandbox.refreshes_used();
    app.click("action-verify").await;
    for _ in 0..100 {
        if fixture.sandbox.refreshes_used() > used {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(fixture.sandbox.refreshes_used() > used, "Fortnox rotated before the kill");
    app.kill_app().await;
    fixture.sandbox.clear_faults();
    let saved = state(&fixture, data.path());
    assert_eq!(saved["connections"].as_array().unwrap().len(), 1);

    let mut app = fixture.relaunch("app-kill-refresh-after", "en", data.path().to_path_buf()).await;
    app.click("action-verify").await;
    let panel = app.by_test_id("error-panel").await;
    assert_eq!(panel.attr("data-code").await.unwrap().as_deref(), Some("refresh_interrupted"));
    app.wait_text("connection-state", "Needs re-authorization").await;
    app.screenshot("explained").await;
    app.quit().await;
}
