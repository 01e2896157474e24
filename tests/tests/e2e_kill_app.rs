//! kill -9 the desktop app during a connect and during a refresh; after a
//! restart nothing is half-saved, and a connection works or says it needs
//! re-authorization.

use std::time::Duration;

use fortnox_connect_tests::Fixture;
use fortnox_connect_tests::wizard::*;
use fortnox_sandbox::{Fault, FaultKind};

fn state(fixture: &Fixture, data: &std::path::Path) -> serde_json::Value {
    match std::fs::read(fixture.profile_dir(data).join("state.json")) {
        Ok(bytes) => serde_json::from_slice(&bytes).expect("the state file always parses"),
        Err(_) => serde_json::json!({ "connections": [] }),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_the_app_during_a_connect_leaves_nothing_half_saved() {
    let fixture = Fixture::direct().await;
    let data = tempfile::tempdir().unwrap();
    let faults: [(&str, Option<Fault>); 3] = [
        ("login-open", None),
        (
            "exchanging",
            Some(Fault {
                kind: FaultKind::DelayResponse { secs: 30 },
                path_prefix: Some("/oauth-v1/token".into()),
                times: Some(1),
            }),
        ),
        (
            "verifying",
            Some(Fault {
                kind: FaultKind::Hang { secs: 30 },
                path_prefix: Some("/3/companyinformation".into()),
                times: Some(1),
            }),
        ),
    ];
    for (point, fault) in faults {
        let mut app = fixture.relaunch(&format!("app-kill-{point}"), "en", data.path().to_path_buf()).await;
        if app.driver.find(thirtyfour::By::Css("[data-testid=connect-another]")).await.is_ok() {
            app.click("connect-another").await;
            app.click("client-next").await;
        } else {
            app.click("welcome-start").await;
        }
        let before = fixture.count("GET", "/oauth-v1/auth");
        let login = app.choose_and_log_in(&fixture, Choices::default(), before).await;
        if let Some(fault) = fault {
            let path = fault.path_prefix.clone().unwrap();
            let seen = fixture.count("POST", &path) + fixture.count("GET", &path);
            fixture.sandbox.add_fault(fault);
            app.approve_as(&fixture, &login, ADMIN).await;
            for _ in 0..100 {
                if fixture.count("POST", &path) + fixture.count("GET", &path) > seen
                    || fixture.sandbox.requests().iter().any(|r| r.note.is_some())
                {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        app.kill_app().await;
        fixture.sandbox.clear_faults();
        assert!(
            state(&fixture, data.path())["connections"].as_array().unwrap().is_empty(),
            "{point}: nothing half-saved"
        );
        // Whatever login windows the dead app had are gone with it.
        for _ in 0..50 {
            if fortnox_connect_tests::login::open_windows().is_empty() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(fortnox_connect_tests::login::open_windows().is_empty(), "{point}: a login window outlived the app");
    }

    // After all that, the app starts and connects normally.
    let mut app = fixture.relaunch("app-kill-after", "en", data.path().to_path_buf()).await;
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
