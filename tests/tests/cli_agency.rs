//! The CLI for an agency's runtime: `status`, `--json status`, `export`
//! and `keepalive` over many client connections; keep-alive renews with
//! bounded concurrency and one failure never stops the others.

use fortnox_connect_tests::Fixture;
use fortnox_connect_tests::cli::run;
use fortnox_connect_tests::scripted::connect_agency_clients;
use fortnox_sandbox::agency::{FIRST_TENANT, company_name, org_number};

const CLIENTS: usize = 24;

fn text(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_export_and_keepalive_over_many_clients() {
    let fixture = Fixture::direct().await;
    fixture.sandbox.capture_secrets();
    let data = fixture.dir.path().join("data");
    let ids = connect_agency_clients(&fixture, &data, 0..CLIENTS).await;

    let out = run(&fixture, &data, &["--lang", "en", "status"]).await;
    assert_eq!(out.status.code(), Some(0));
    for n in 0..CLIENTS {
        assert!(text(&out).contains(&format!("{} ({})", company_name(n), org_number(n))), "client {n}");
    }
    assert!(text(&out).contains(&format!("{CLIENTS} connected, 0 need attention")), "{}", text(&out));
    let out = run(&fixture, &data, &["--json", "status"]).await;
    let list: Vec<serde_json::Value> = serde_json::from_str(text(&out).trim()).unwrap();
    assert_eq!(list.len(), CLIENTS, "one entry per connection");
    assert!(list.iter().all(|c| c["state"] == "enabled"));

    let csv = fixture.dir.path().join("clients.csv");
    let out = run(&fixture, &data, &["--lang", "en", "export", "--out", csv.to_str().unwrap()]).await;
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let written = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(written.lines().count(), CLIENTS + 1, "a header and one row per client");
    assert!(ids.iter().all(|id| written.contains(id.as_str())));
    assert!(fixture.sandbox.captured_secrets().iter().all(|s| !written.contains(s.as_str())), "no secrets");

    // A folder that is not there: the catalogue's storage error, someone
    // must act (exit 3), and the earlier export is untouched.
    let nowhere = fixture.dir.path().join("no-such-folder").join("clients.csv");
    let out = run(&fixture, &data, &["--json", "export", "--out", nowhere.to_str().unwrap()]).await;
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    let error: serde_json::Value = serde_json::from_str(text(&out).trim()).unwrap();
    assert_eq!(error["error"]["code"], "storage_failed", "{error}");
    assert!(!nowhere.exists());
    assert_eq!(std::fs::read_to_string(&csv).unwrap(), written);

    // Fortnox no longer accepts client 5's approval; every refresh takes
    // 100 ms. Four at a time: the others are renewed, client 5 reported.
    fixture.sandbox.revoke_tenant(FIRST_TENANT + 5);
    fixture.sandbox.update_faults(|f| f.latency_ms = 100);
    fixture.sandbox.take_in_flight_peak();
    let before = fixture.sandbox.token_requests("refresh_token").len();
    let out =
        run(&fixture, &data, &["--lang", "en", "keepalive", "--older-than-days", "0", "--concurrency", "4"]).await;
    let peak = fixture.sandbox.take_in_flight_peak();
    fixture.sandbox.update_faults(|f| f.latency_ms = 0);
    assert_eq!(out.status.code(), Some(3), "the first failure's exit code: {}", text(&out));
    let summary = format!("refreshed {}, failed 1, skipped 0", CLIENTS - 1);
    assert!(text(&out).contains(&summary), "{}", text(&out));
    assert!(text(&out).contains(&format!("Failed: {}", ids[5])), "{}", text(&out));
    assert_eq!(fixture.sandbox.token_requests("refresh_token").len() - before, CLIENTS, "each renewed once");
    assert!((2..=4).contains(&peak), "at most four at a time, and more than one: {peak}");

    // Renewed, so a second keep-alive has nothing to do for them.
    let out = run(&fixture, &data, &["--json", "keepalive"]).await;
    let results: serde_json::Value = serde_json::from_str(text(&out).trim()).unwrap();
    assert_eq!(results.as_array().map(Vec::len), Some(0), "{results}");
}
