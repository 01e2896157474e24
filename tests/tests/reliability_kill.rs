//! kill -9 at every point of a refresh and of a connect. Afterwards the
//! state file always parses, a saved connection always has its refresh
//! token, and the connection either still works or says clearly that it
//! needs re-authorization — never silently broken.

use std::path::Path;
use std::process::Child;
use std::time::Duration;

use fortnox_connect_tests::Fixture;
use fortnox_connect_tests::cli::{self, browse, data_dir, run, start_connect};
use fortnox_core::store::SecretStore;
use fortnox_core::store::secrets::keys;
use fortnox_sandbox::{Fault, FaultKind};

#[derive(Debug, Default)]
struct Tally {
    kills: usize,
    intact: usize,
    explained: usize,
}

/// A small deterministic generator, so a failing round can be replayed.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn kill_now(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

/// The state file parses and every live connection's refresh token is in
/// the keyring. Returns the connections.
fn check_at_rest(fixture: &Fixture, data: &Path) -> Vec<serde_json::Value> {
    let path = fixture.profile_dir(data).join("state.json");
    let Ok(bytes) = std::fs::read(&path) else {
        return vec![];
    };
    let state: serde_json::Value = serde_json::from_slice(&bytes).expect("the state file always parses");
    let connections = state["connections"].as_array().cloned().unwrap_or_default();
    let keyring = fixture.keyring();
    for c in &connections {
        let id = c["id"].as_str().unwrap();
        let live = matches!(c["state"].as_str(), Some("authorized" | "enabled" | "disabled"));
        if live {
            assert!(keyring.get(&keys::refresh_token(id)).unwrap().is_some(), "connection {id} lost its refresh token");
        }
    }
    connections
}

/// Still works, or clearly needs re-authorization.
async fn classify(fixture: &Fixture, data: &Path, id: &str, tally: &mut Tally) -> bool {
    let out = run(fixture, data, &["--json", "token", id]).await;
    if out.status.success() {
        tally.intact += 1;
        return true;
    }
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let code = value["error"]["code"].as_str().unwrap_or_default().to_string();
    assert_eq!(out.status.code(), Some(3), "neither working nor explained: {}", String::from_utf8_lossy(&out.stdout));
    assert!(
        matches!(code.as_str(), "refresh_interrupted" | "refresh_token_invalid" | "connection_needs_reauthorization"),
        "unexpected {code}"
    );
    let status = run(fixture, data, &["--json", "status", id]).await;
    let list: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(list[0]["state"], "needs_reauthorization", "the state says so too");
    tally.explained += 1;
    false
}

/// Makes the cached access token stale, so `token` must refresh.
fn expire_cache(fixture: &Fixture, id: &str) {
    let _ = fixture.keyring().delete(&keys::access_token(id));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_at_every_point_of_a_refresh() {
    let fixture = Fixture::direct().await;
    let data = data_dir(&fixture);
    let mut id = cli::connect(&fixture, &data, "user").await;
    let mut tally = Tally::default();

    // Before Fortnox handles the refresh: nothing is lost.
    fixture.sandbox.add_fault(Fault {
        kind: FaultKind::Hang { secs: 30 },
        path_prefix: Some("/oauth-v1/token".into()),
        times: Some(1),
    });
    let mut child = cli::cli(&fixture, &data, &["refresh", &id]).spawn().unwrap();
    fixture.wait_for_requests("POST", "/oauth-v1/token", 1).await;
    kill_now(&mut child);
    tally.kills += 1;
    check_at_rest(&fixture, &data);
    assert!(classify(&fixture, &data, &id, &mut tally).await, "a refresh killed before Fortnox answered loses nothing");

    // After Fortnox rotated, before the answer arrived: the unavoidable
    // window, ending in a clear "re-authorize".
    let used = fixture.sandbox.refreshes_used();
    fixture.sandbox.add_fault(Fault {
        kind: FaultKind::DelayResponse { secs: 30 },
        path_prefix: Some("/oauth-v1/token".into()),
        times: Some(1),
    });
    let mut child = cli::cli(&fixture, &data, &["refresh", &id]).spawn().unwrap();
    for _ in 0..100 {
        if fixture.sandbox.refreshes_used() > used {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    kill_now(&mut child);
    tally.kills += 1;
    check_at_rest(&fixture, &data);
    expire_cache(&fixture, &id);
    assert!(!classify(&fixture, &data, &id, &mut tally).await);
    let out = run(&fixture, &data, &["--json", "token", &id]).await;
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["error"]["code"], "refresh_interrupted", "the cause is named");

    // Everywhere else: kills at random moments, with some latency so the
    // kills land inside the refresh.
    fixture.sandbox.update_faults(|f| f.latency_ms = 25);
    let mut rng = Lcg(0x5eed);
    for _ in 0..24 {
        if fortnox_core::ConnectionState::Enabled.as_str() != status_of(&fixture, &data, &id).await {
            let _ = run(&fixture, &data, &["remove", &id, "--force"]).await;
            fixture.sandbox.update_faults(|f| f.latency_ms = 0);
            id = cli::connect(&fixture, &data, "user").await;
            fixture.sandbox.update_faults(|f| f.latency_ms = 25);
        }
        let mut child = cli::cli(&fixture, &data, &["refresh", &id]).spawn().unwrap();
        tokio::time::sleep(Duration::from_millis(rng.below(250))).await;
        kill_now(&mut child);
        tally.kills += 1;
        check_at_rest(&fixture, &data);
        expire_cache(&fixture, &id);
        classify(&fixture, &data, &id, &mut tally).await;
    }
    println!(
        "RELIABILITY refresh: {} kills, {} intact, {} explained (needs re-authorization), 0 broken",
        tally.kills, tally.intact, tally.explained
    );
    assert_eq!(tally.intact + tally.explained, tally.kills);
}

async fn status_of(fixture: &Fixture, data: &Path, id: &str) -> String {
    let out = run(fixture, data, &["--json", "status", id]).await;
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    list[0]["state"].as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_at_every_point_of_a_connect() {
    let fixture = Fixture::direct().await;
    let data = data_dir(&fixture);
    let mut kills = 0;
    let mut saved = 0;

    // While waiting for the login; during the code exchange; during
    // verification: nothing half-saved, and the next connect works.
    let points: [(&str, Option<Fault>); 3] = [
        ("waiting for the login", None),
        (
            "during the code exchange",
            Some(Fault {
                kind: FaultKind::DelayResponse { secs: 30 },
                path_prefix: Some("/oauth-v1/token".into()),
                times: Some(1),
            }),
        ),
        (
            "during verification",
            Some(Fault {
                kind: FaultKind::Hang { secs: 30 },
                path_prefix: Some("/3/companyinformation".into()),
                times: Some(1),
            }),
        ),
    ];
    for (point, fault) in points {
        let requests_before = fixture.sandbox.requests().len();
        let (mut child, url) = start_connect(&fixture, &data, &["--account", "user"]).await;
        let waiting_only = fault.is_none();
        if let Some(fault) = fault {
            fixture.sandbox.add_fault(fault);
            tokio::spawn({
                let url = url.clone();
                async move { browse(&url, "admin@bergstromsbygg.se").await }
            });
            for _ in 0..200 {
                let noted = fixture.sandbox.requests().iter().skip(requests_before).any(|r| r.note.is_some());
                let hanging = fixture.sandbox.requests().len() > requests_before + 1;
                if noted || hanging {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        kill_now(&mut child);
        kills += 1;
        let connections = check_at_rest(&fixture, &data);
        assert!(connections.is_empty(), "{point}: nothing half-saved");
        let _ = waiting_only;
        fixture.sandbox.clear_faults();
    }

    // At random moments after the approval.
    fixture.sandbox.update_faults(|f| f.latency_ms = 20);
    let mut rng = Lcg(0xc0ffee);
    for _ in 0..15 {
        let (mut child, url) = start_connect(&fixture, &data, &["--account", "user"]).await;
        let browser = tokio::spawn(async move { browse(&url, "admin@bergstromsbygg.se").await });
        tokio::time::sleep(Duration::from_millis(rng.below(1200))).await;
        kill_now(&mut child);
        browser.abort();
        kills += 1;
        let connections = check_at_rest(&fixture, &data);
        for c in &connections {
            let id = c["id"].as_str().unwrap();
            assert!(c["company"]["name"].is_string(), "a saved connection is complete");
            let out = run(&fixture, &data, &["--json", "token", id]).await;
            // Saved but not enabled yet (killed before --enable): refused
            // clearly; never broken.
            assert!(out.status.code() == Some(0) || out.status.code() == Some(3));
            saved += 1;
            let _ = run(&fixture, &data, &["remove", id, "--force"]).await;
        }
    }
    // The loopback port and everything else still work.
    fixture.sandbox.update_faults(|f| f.latency_ms = 0);
    let id = cli::connect(&fixture, &data, "user").await;
    assert!(run(&fixture, &data, &["token", &id]).await.status.success());
    println!("RELIABILITY connect: {kills} kills, {saved} completed before the kill, 0 half-saved");
}
