//! The real `fortnox-connect` binary against the sandbox: every command,
//! the JSON shapes scripts rely on, the exit codes, and tokens that appear
//! nowhere but `token`'s stdout.

mod common;

use std::collections::BTreeSet;

use common::*;
use fortnox_core::store::SecretStore;
use fortnox_core::store::secrets::keys;
use fortnox_sandbox::{Fault, FaultKind};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connect_a_service_account_with_json_events_and_enable() {
    let cli = Cli::start().await;
    let (code, lines) =
        cli.connect(ADMIN, None, &["--account", "service", "--enable", "--options", "invoices,bookkeeping"]).await;
    assert_eq!(code, 0, "{lines:?}");
    assert_eq!(lines[0]["event"], "authorize_url");
    let url = url::Url::parse(lines[0]["url"].as_str().unwrap()).unwrap();
    let q: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
    assert_eq!(q["account_type"], "service");
    assert_eq!(q["scope"], "companyinformation invoice customer article bookkeeping profile");
    let last = lines.last().unwrap();
    assert_eq!(last["event"], "connected");
    let connection = &last["connection"];
    assert_eq!(connection["state"], "enabled");
    assert_eq!(connection["account_type"], "service");
    assert_eq!(connection["company_name"], "Bergströms Bygg AB");
    assert_eq!(connection["org_number"], "556677-8899");
    assert_eq!(connection["tenant_id"], "1406221");
    assert_eq!(connection["options"], serde_json::json!(["invoices", "bookkeeping"]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connect_a_user_account_in_swedish_text() {
    let cli = Cli::start().await;
    let mut child = cli
        .command(&["--lang", "sv", "connect", "--no-browser", "--account", "user"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let (url, stdout) = tokio::task::spawn_blocking(move || {
        let url = loop {
            let mut line = String::new();
            std::io::BufRead::read_line(&mut stdout, &mut line).unwrap();
            if line.trim().starts_with("http") {
                break line.trim().to_string();
            }
            assert!(!line.is_empty(), "no URL printed");
        };
        (url, stdout)
    })
    .await
    .unwrap();
    browse(&url, ADMIN, None).await;
    let text = tokio::task::spawn_blocking(move || {
        let mut stdout = stdout;
        let mut text = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut text).unwrap();
        assert!(child.wait().unwrap().success());
        text
    })
    .await
    .unwrap();
    assert!(text.contains("Ansluten till Bergströms Bygg AB (556677-8899) — Egen användare."), "{text}");
    assert!(text.contains("✓ Kundfakturor"), "{text}");
    assert!(text.contains("fortnox-connect enable"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unexpected_company_is_refused_with_exit_3_and_revoked() {
    let cli = Cli::start().await;
    let (code, lines) =
        cli.connect(CONSULTANT, Some("969712-3454"), &["--account", "user", "--expect-org", "556345-6788"]).await;
    assert_eq!(code, 3);
    let last = lines.last().unwrap();
    // A decision, not an error: a script cannot be asked, so nothing is kept.
    assert_eq!(last["event"], "declined");
    assert_eq!(last["decision"]["kind"], "wrong_company");
    assert!(last["decision"]["text"].as_str().unwrap().contains("Solbergs Trädgård HB"), "{last}");
    assert!(cli.sandbox.grants().iter().all(|g| g.revoked), "nothing kept");
    let status = cli.run(&["--json", "status"]).await;
    assert_eq!(json(&status), serde_json::json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_has_exactly_the_documented_fields() {
    let cli = Cli::direct().await;
    let id = cli.connected().await;
    let out = cli.run(&["--json", "status"]).await;
    assert_eq!(out.status.code(), Some(0));
    let list = json(&out);
    let keys: BTreeSet<&str> = list[0].as_object().unwrap().keys().map(String::as_str).collect();
    let expected: BTreeSet<&str> = [
        "id",
        "company_name",
        "org_number",
        "tenant_id",
        "account_type",
        "state",
        "options",
        "scopes",
        "refresh_expires_at",
        "last_error",
    ]
    .into_iter()
    .collect();
    assert_eq!(keys, expected);
    assert_eq!(list[0]["id"], id.as_str());
    assert!(list[0]["refresh_expires_at"].as_str().unwrap().contains('T'));

    let text = cli.run(&["--lang", "en", "status", &id]).await;
    let text = stdout(&text);
    assert!(text.contains("Bergströms Bygg AB (556677-8899)"));
    assert!(text.contains("Refresh token expires in 45 days unless used"), "{text}");
    let all = cli.run(&["--lang", "en", "status"]).await;
    assert!(stdout(&all).contains("0 need attention"), "the list ends with its summary: {}", stdout(&all));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_prints_the_cached_token_alone_and_refresh_rotates() {
    let cli = Cli::start().await;
    let id = cli.connected().await;
    let first = cli.run(&["token"]).await;
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let token = stdout(&first);
    assert_eq!(token.lines().count(), 1);
    assert!(token.starts_with("eyJ"), "a JWT alone on stdout");
    let proving = cli.sandbox.token_requests("client_credentials").len();
    let second = cli.run(&["token", &id]).await;
    assert_eq!(stdout(&second), token, "the cached token is reused");
    assert!(cli.sandbox.token_requests("refresh_token").is_empty());
    assert_eq!(cli.sandbox.token_requests("client_credentials").len(), proving, "nothing asked of Fortnox");

    let refreshed = cli.run(&["--json", "refresh", &id]).await;
    assert_eq!(refreshed.status.code(), Some(0));
    assert_eq!(json(&refreshed)["connection_id"], id.as_str());
    // A service account renews with client credentials: no refresh token spent.
    assert_eq!(cli.sandbox.token_requests("client_credentials").len(), proving + 1);
    let third = cli.run(&["--json", "token"]).await;
    let value = json(&third);
    assert_ne!(value["access_token"].as_str().unwrap(), token.trim());
    assert_eq!(value["tenant_id"], "1406221");
    assert_eq!(value["connection_id"], id.as_str());
    assert!(value["expires_at"].as_str().unwrap().contains('T'));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_accounts_refresh_rotates_the_refresh_token() {
    let cli = Cli::direct().await;
    let (code, lines) = cli.connect(ADMIN, None, &["--account", "user", "--enable"]).await;
    assert_eq!(code, 0, "{lines:?}");
    let id = lines.last().unwrap()["connection"]["id"].as_str().unwrap().to_string();
    let keyring = cli.keyring();
    let before = keyring.get(&keys::refresh_token(&id)).unwrap().unwrap().expose().to_string();
    let out = cli.run(&["refresh", &id]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let after = keyring.get(&keys::refresh_token(&id)).unwrap().unwrap().expose().to_string();
    assert_ne!(before, after);
    assert_eq!(cli.sandbox.token_requests("refresh_token").len(), 1);
    assert!(!stdout(&out).contains(&after) && !stderr(&out).contains(&after));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thirty_concurrent_token_processes_cause_one_refresh_and_agree() {
    let cli = Cli::direct().await;
    let (code, lines) = cli.connect(ADMIN, None, &["--account", "user", "--enable"]).await;
    assert_eq!(code, 0, "{lines:?}");
    let id = lines.last().unwrap()["connection"]["id"].as_str().unwrap().to_string();
    // The cached access token has expired.
    let keyring = cli.keyring();
    let cached = keyring.get(&keys::access_token(&id)).unwrap().unwrap().expose().to_string();
    let (_, token) = cached.split_once('\t').unwrap();
    keyring
        .set(&keys::access_token(&id), &fortnox_core::secret::StoredSecret::new(format!("1000000000\t{token}")))
        .unwrap();
    cli.sandbox.clear_requests();

    let children: Vec<_> = (0..30)
        .map(|_| {
            cli.command(&["token", &id])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outputs = tokio::task::spawn_blocking(move || {
        children.into_iter().map(|c| c.wait_with_output().unwrap()).collect::<Vec<_>>()
    })
    .await
    .unwrap();
    let tokens: BTreeSet<String> = outputs.iter().map(stdout).collect();
    assert!(outputs.iter().all(|o| o.status.success()), "{:?}", outputs.iter().map(stderr).collect::<Vec<_>>());
    assert_eq!(tokens.len(), 1, "all print the same token");
    assert_ne!(tokens.iter().next().unwrap().trim(), token, "a new one");
    assert_eq!(cli.sandbox.token_requests("refresh_token").len(), 1, "exactly one refresh");
    // The printed token is valid at Fortnox.
    let printed = tokens.into_iter().next().unwrap();
    let response = reqwest::Client::new()
        .get(cli.sandbox.url("/3/companyinformation"))
        .bearer_auth(printed.trim())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disabled_connections_are_refused_and_remove_revokes() {
    let cli = Cli::start().await;
    let id = cli.connected().await;
    let out = cli.run(&["--json", "disable", &id]).await;
    assert_eq!(json(&out)["state"], "disabled");
    let refused = cli.run(&["--json", "token", &id]).await;
    assert_eq!(refused.status.code(), Some(3));
    assert_eq!(json(&refused)["error"]["code"], "connection_not_enabled");
    assert!(refused.stdout.len() < 2000);
    let enabled = cli.run(&["enable", &id]).await;
    assert_eq!(enabled.status.code(), Some(0));

    let removed = cli.run(&["--json", "remove", &id]).await;
    assert_eq!(removed.status.code(), Some(0), "{}", stderr(&removed));
    assert_eq!(json(&removed)["removed"], id.as_str());
    assert!(cli.sandbox.grants().iter().all(|g| g.revoked), "revoked at Fortnox");
    let gone = cli.run(&["--json", "status", &id]).await;
    assert_eq!(gone.status.code(), Some(2), "an unknown id is a usage error");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_codes_say_who_must_act() {
    let cli = Cli::direct().await;
    // 2: usage and invalid input.
    assert_eq!(cli.run(&["token"]).await.status.code(), Some(2), "no enabled connection to pick");
    assert_eq!(cli.run(&["no-such-command"]).await.status.code(), Some(2));
    assert_eq!(cli.run(&["errors", "no_such_code"]).await.status.code(), Some(2));
    let bad = cli.dir.path().join("bad.toml");
    std::fs::write(&bad, "name = 1").unwrap();
    let out = cli.command(&["status"]).arg("--profile").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).to_lowercase().contains("profile"), "{}", stderr(&out));

    let id = cli.connected().await;
    // 4: Fortnox unreachable (the token endpoint fails, the cache is stale).
    let keyring = cli.keyring();
    keyring.delete(&keys::access_token(&id)).unwrap();
    cli.sandbox.add_fault(Fault {
        kind: FaultKind::Status { status: 503 },
        path_prefix: Some("/oauth-v1/token".into()),
        times: None,
    });
    let out = cli.run(&["--json", "token", &id]).await;
    assert_eq!(out.status.code(), Some(4), "{}", stdout(&out));
    assert_eq!(json(&out)["error"]["code"], "fortnox_unavailable");
    cli.sandbox.clear_faults();

    // 3: someone must act (the approval was revoked in Fortnox).
    cli.sandbox.revoke_tenant(1406221);
    let out = cli.run(&["--lang", "en", "token", &id]).await;
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(err.contains("Who needs to act"), "{err}");
    assert!(err.contains("Re-authorize"), "{err}");
    assert!(stdout(&out).is_empty(), "nothing on stdout but a token");

    // 0
    assert_eq!(cli.run(&["errors"]).await.status.code(), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keepalive_diagnostics_and_reauthorize() {
    let cli = Cli::direct().await;
    let id = cli.connected().await;
    let out = cli.run(&["--json", "keepalive"]).await;
    assert_eq!(json(&out), serde_json::json!([]), "nothing is old yet");
    let out = cli.run(&["--json", "keepalive", "--older-than-days", "0"]).await;
    assert_eq!(json(&out)[0]["refreshed"], true);

    let zip = cli.dir.path().join("diag.zip");
    let out = cli.command(&["diagnostics", "--out"]).arg(&zip).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(zip.metadata().unwrap().len() > 100);

    // Re-authorize through the browser keeps the id.
    let mut child = cli
        .command(&["--json", "reauthorize", &id, "--no-browser"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let (first, stdout) = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        std::io::BufRead::read_line(&mut stdout, &mut line).unwrap();
        (line, stdout)
    })
    .await
    .unwrap();
    let event: serde_json::Value = serde_json::from_str(&first).unwrap();
    browse(event["url"].as_str().unwrap_or_else(|| panic!("{event}")), ADMIN, None).await;
    let rest = tokio::task::spawn_blocking(move || {
        let mut stdout = stdout;
        let mut text = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut text).unwrap();
        child.wait().unwrap();
        text
    })
    .await
    .unwrap();
    let last: serde_json::Value =
        serde_json::from_str(rest.lines().last().unwrap_or_else(|| panic!("no result: {rest:?}"))).unwrap();
    assert_eq!(last["connection"]["id"], id.as_str());
    assert_eq!(last["reauthorized"], true);
}
