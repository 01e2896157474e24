//! kill -9 at each named point of a refresh and of a connect
//! (`fortnox_core::checkpoint`, plus the two points only the sandbox can
//! hold: the token call in flight, and Fortnox's answer held back after it
//! rotated). For each kill the test checks that the process really
//! stopped at that point, and what the next run shows: only "rotated at
//! Fortnox but not yet saved" may end in re-authorization; every other
//! point keeps the connection working, and a connect never leaves a
//! half-saved connection. The counts are printed (`RELIABILITY …`) and
//! quoted in the README.

use std::path::{Path, PathBuf};
use std::process::Child;
use std::time::{Duration, Instant};

use fortnox_connect_tests::Fixture;
use fortnox_connect_tests::cli::{self, browse, data_dir, run};
use fortnox_core::checkpoint::{self, PAUSE_AT_ENV, PAUSE_MARKER_ENV};
use fortnox_core::store::SecretStore;
use fortnox_core::store::secrets::keys;
use fortnox_sandbox::{Fault, FaultKind};

const ROUNDS: usize = 2;

/// What the next run showed after a kill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum After {
    Works,
    NeedsReauthorization,
}

fn marker(fixture: &Fixture, point: &str) -> PathBuf {
    fixture.dir.path().join(format!("{}.reached", point.replace(':', "-")))
}

/// Waits until `child` wrote that it stopped at `point`, then kills it.
async fn kill_at_checkpoint(fixture: &Fixture, mut child: Child, point: &str) {
    let marker = marker(fixture, point);
    let deadline = Instant::now() + Duration::from_secs(30);
    while !marker.exists() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("ended ({status}) without reaching {point}");
        }
        assert!(Instant::now() < deadline, "never reached {point}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(std::fs::read_to_string(&marker).unwrap(), point, "stopped where asked");
    std::fs::remove_file(&marker).unwrap();
    kill_9(child);
}

fn kill_9(mut child: Child) {
    // `kill` sends SIGKILL on Unix.
    let _ = child.kill();
    let _ = child.wait();
}

/// The sequence number the next sandbox request will have at the latest.
fn next_seq(fixture: &Fixture) -> u64 {
    fixture.sandbox.requests().last().map_or(0, |r| r.seq + 1)
}

/// Waits for a sandbox request to `path`, made from `since` on, that the
/// sandbox holds with a note starting with `note`, then kills `child`.
async fn kill_when_sandbox_holds(fixture: &Fixture, child: Child, since: u64, path: &str, note: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let held = fixture.sandbox.requests().iter().any(|r| {
            r.seq >= since && r.path == path && !r.answered() && r.note.as_deref().is_some_and(|n| n.starts_with(note))
        });
        if held {
            break;
        }
        assert!(Instant::now() < deadline, "the sandbox never held {path} ({note})");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    kill_9(child);
}

/// The state file parses and every live connection's refresh token is in
/// the keyring. Returns the connections.
fn check_at_rest(fixture: &Fixture, data: &Path) -> Vec<serde_json::Value> {
    let state =
        fortnox_core::store::StateFile::new(&fixture.profile_dir(data)).load().expect("the state always parses");
    let connections: Vec<serde_json::Value> =
        state.connections.iter().map(|c| serde_json::to_value(c).unwrap()).collect();
    let keyring = fixture.keyring();
    for c in &connections {
        let id = c["id"].as_str().unwrap();
        if matches!(c["state"].as_str(), Some("authorized" | "enabled" | "disabled")) {
            assert!(keyring.get(&keys::refresh_token(id)).unwrap().is_some(), "connection {id} lost its refresh token");
        }
    }
    connections
}

/// What `token` does next (with a stale cache, so it must refresh).
async fn after(fixture: &Fixture, data: &Path, id: &str) -> After {
    let _ = fixture.keyring().delete(&keys::access_token(id));
    let out = run(fixture, data, &["--json", "token", id]).await;
    if out.status.success() {
        return After::Works;
    }
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(out.status.code(), Some(3), "neither working nor explained: {value}");
    assert_eq!(value["error"]["code"], "refresh_interrupted", "the cause is named: {value}");
    let status = run(fixture, data, &["--json", "status", id]).await;
    let list: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(list[0]["state"], "needs_reauthorization", "the state says so too");
    After::NeedsReauthorization
}

fn refresh(fixture: &Fixture, data: &Path, id: &str, pause_at: Option<&str>) -> Child {
    let mut command = cli::cli(fixture, data, &["refresh", id]);
    if let Some(point) = pause_at {
        command.env(PAUSE_AT_ENV, point).env(PAUSE_MARKER_ENV, marker(fixture, point));
    }
    command.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).spawn().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_at_each_named_point_of_a_refresh() {
    let fixture = Fixture::direct().await;
    let data = data_dir(&fixture);
    let mut id = cli::connect(&fixture, &data, "user").await;
    // (point, what the next run must show)
    let points: [(&str, After); 6] = [
        (checkpoint::REFRESH_STARTED, After::Works),
        ("token call in flight", After::Works),
        ("rotated at Fortnox, answer held back", After::NeedsReauthorization),
        (checkpoint::REFRESH_ANSWERED, After::NeedsReauthorization),
        (checkpoint::REFRESH_TOKEN_SAVED, After::Works),
        (checkpoint::REFRESH_SAVED, After::Works),
    ];
    let mut report = Vec::new();
    for (point, expected) in points {
        for _ in 0..ROUNDS {
            match point {
                "token call in flight" => {
                    let fault = FaultKind::Hang { secs: 30 };
                    fixture.sandbox.add_fault(Fault {
                        kind: fault,
                        path_prefix: Some("/oauth-v1/token".into()),
                        times: Some(1),
                    });
                    let since = next_seq(&fixture);
                    let child = refresh(&fixture, &data, &id, None);
                    kill_when_sandbox_holds(&fixture, child, since, "/oauth-v1/token", "fault:hang").await;
                }
                "rotated at Fortnox, answer held back" => {
                    let fault = FaultKind::DelayResponse { secs: 30 };
                    fixture.sandbox.add_fault(Fault {
                        kind: fault,
                        path_prefix: Some("/oauth-v1/token".into()),
                        times: Some(1),
                    });
                    let since = next_seq(&fixture);
                    let child = refresh(&fixture, &data, &id, None);
                    let held = "fault:delay_response:30:done";
                    kill_when_sandbox_holds(&fixture, child, since, "/oauth-v1/token", held).await;
                }
                checkpoint => {
                    let child = refresh(&fixture, &data, &id, Some(checkpoint));
                    kill_at_checkpoint(&fixture, child, checkpoint).await;
                }
            }
            fixture.sandbox.clear_faults();
            check_at_rest(&fixture, &data);
            let seen = after(&fixture, &data, &id).await;
            assert_eq!(seen, expected, "killed at {point}");
            report.push((point, seen));
            if seen == After::NeedsReauthorization {
                let _ = run(&fixture, &data, &["remove", &id, "--force"]).await;
                id = cli::connect(&fixture, &data, "user").await;
            }
        }
    }
    for (point, expected) in points {
        let kills = report.iter().filter(|(p, _)| *p == point).count();
        println!("RELIABILITY refresh: killed at {point:<40} {kills} times → {expected:?} every time");
    }
    println!("RELIABILITY refresh: {} kills, 0 broken", report.len());
}

fn connect_child(fixture: &Fixture, data: &Path, pause_at: Option<&str>) -> std::process::Command {
    let mut command = cli::cli(fixture, data, &["--json", "connect", "--no-browser", "--account", "user", "--enable"]);
    if let Some(point) = pause_at {
        command.env(PAUSE_AT_ENV, point).env(PAUSE_MARKER_ENV, marker(fixture, point));
    }
    command
}

/// Starts a connect and returns it with the login address it printed.
async fn start(fixture: &Fixture, data: &Path, pause_at: Option<&str>) -> (Child, String) {
    use std::io::BufRead;
    let mut child = connect_child(fixture, data, pause_at)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        let _ = std::io::BufReader::new(stdout).read_line(&mut line);
        line
    })
    .await
    .unwrap();
    let event: serde_json::Value = serde_json::from_str(&line).unwrap();
    (child, event["url"].as_str().unwrap().to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_at_each_named_point_of_a_connect() {
    let fixture = Fixture::direct().await;
    let data = data_dir(&fixture);
    let points = [
        "login open",
        checkpoint::CONNECT_EXCHANGING,
        checkpoint::CONNECT_VERIFYING,
        checkpoint::CONNECT_SAVING,
        checkpoint::CONNECT_SECRETS_SAVED,
        checkpoint::CONNECT_SAVED,
    ];
    let mut report = Vec::new();
    for point in points {
        for _ in 0..ROUNDS {
            let pause_at = (point != "login open").then_some(point);
            let (child, url) = start(&fixture, &data, pause_at).await;
            if pause_at.is_some() {
                let browser = tokio::spawn(async move { browse(&url, "admin@bergstromsbygg.se").await });
                kill_at_checkpoint(&fixture, child, point).await;
                browser.abort();
            } else {
                kill_9(child);
            }
            let connections = check_at_rest(&fixture, &data);
            let saved = point == checkpoint::CONNECT_SAVED;
            if saved {
                assert_eq!(connections.len(), 1, "{point}: saved whole");
                assert!(connections[0]["company"]["name"].is_string(), "{point}: a saved connection is complete");
                let id = connections[0]["id"].as_str().unwrap().to_string();
                // Killed before `--enable`: saved, verified, not yet enabled.
                assert_eq!(connections[0]["state"], "authorized");
                let out = run(&fixture, &data, &["enable", &id]).await;
                assert!(out.status.success());
                assert_eq!(after(&fixture, &data, &id).await, After::Works, "{point}");
                let _ = run(&fixture, &data, &["remove", &id]).await;
            } else {
                assert!(connections.is_empty(), "{point}: nothing half-saved: {connections:?}");
            }
            report.push((point, saved));
            // And the next connect works.
            let id = cli::connect(&fixture, &data, "user").await;
            assert_eq!(check_at_rest(&fixture, &data).len(), 1, "one connection, no leftovers");
            let _ = run(&fixture, &data, &["remove", &id]).await;
        }
    }
    for point in points {
        let kills = report.iter().filter(|(p, _)| *p == point).count();
        let outcome = if point == checkpoint::CONNECT_SAVED { "saved whole, works" } else { "nothing saved" };
        println!("RELIABILITY connect: killed at {point:<24} {kills} times → {outcome}; the next connect works");
    }
    println!("RELIABILITY connect: {} kills, 0 half-saved", report.len());
}
