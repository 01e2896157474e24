//! The Windows build under Wine, against the sandbox and the token broker
//! on 127.0.0.1 (docs/platform.md, "Windows"). The CLI: connect in direct
//! and in broker mode, tokens, a refresh that rotates, 30 concurrent
//! `token` calls making one refresh, status, export, errors, a refused
//! approval, the system browser, and secrets that are in Credential
//! Manager and nowhere in the data folder. The app: its windowless
//! keep-alive, and what it does without WebView2 (Wine has none): a
//! message in the person's language, and the hand-over to the running
//! instance.
//!
//! scripts/test.sh runs these after the Windows build, one at a time in
//! one Wine prefix; a plain `cargo nextest run` skips them (ignored).

#![cfg(target_os = "linux")]

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use fortnox_connect_tests::scan::{self, encodings};
use fortnox_connect_tests::wine::{ASA, WindowsCli, Wine, browse};
use fortnox_connect_tests::{Fixture, fixture, paths};
use serde_json::Value;

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|_| panic!("not JSON: {}", stdout(output)))
}

/// Every file under `dir`, with its bytes.
fn files_in(dir: &Path) -> Vec<(String, Vec<u8>)> {
    scan::files(dir).into_iter().map(|f| (f.display().to_string(), std::fs::read(&f).unwrap_or_default())).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the Windows build and Wine: scripts/test.sh runs it"]
async fn direct_mode_connects_renews_exports_and_keeps_secrets_in_credential_manager() {
    let wine = Wine::from_env();
    let fixture = Fixture::direct().await;
    fixture.sandbox.capture_secrets();
    let cli = WindowsCli::new(&wine, &fixture);

    let id = cli.connect("user").await;
    let token = cli.run(&["token", &id]).await;
    assert_eq!(token.status.code(), Some(0), "{}", String::from_utf8_lossy(&token.stderr));
    let first = stdout(&token).trim().to_string();
    assert!(first.len() > 100, "a JWT alone on stdout: {first:?}");
    let as_json = json(&cli.run(&["--json", "token", &id]).await);
    assert_eq!(as_json["access_token"], first.as_str(), "the cached token");
    assert_eq!(as_json["connection_id"], id.as_str());

    // Two refreshes: each spends the refresh token the one before saved.
    for round in 1..=2 {
        let refreshed = cli.run(&["--lang", "en", "refresh", &id]).await;
        assert_eq!(refreshed.status.code(), Some(0), "refresh {round}: {}", String::from_utf8_lossy(&refreshed.stderr));
        assert!(stdout(&refreshed).starts_with("Refreshed."), "{}", stdout(&refreshed));
    }
    assert_eq!(fixture.sandbox.token_requests("refresh_token").len(), 2, "two refreshes, each with a new token");
    let last = stdout(&cli.run(&["token", &id]).await).trim().to_string();
    assert_ne!(last, first, "a new access token");

    let status = cli.run(&["--lang", "sv", "status"]).await;
    assert!(stdout(&status).contains("Bergströms Bygg AB"), "{}", stdout(&status));
    let list = json(&cli.run(&["--json", "status"]).await);
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["state"], "enabled");
    assert_eq!(list[0]["account_type"], "user");

    let csv = cli.data.parent().expect("parent").join("Kunder och kopplingar.csv");
    let exported = cli.run(&["export", "--out", &wine.windows_path(&csv)]).await;
    assert_eq!(exported.status.code(), Some(0), "{}", String::from_utf8_lossy(&exported.stderr));
    let text = std::fs::read_to_string(&csv).expect("the CSV was written");
    assert_eq!(text.lines().count(), 2, "a header and one connection: {text}");
    assert!(text.contains("556677-8899"), "{text}");

    let errors = cli.run(&["--lang", "en", "errors"]).await;
    assert!(stdout(&errors).contains("state_mismatch"));
    let one = json(&cli.run(&["--json", "--lang", "sv", "errors", "keyring_unavailable"]).await);
    assert_eq!(one["code"], "keyring_unavailable", "{one}");

    // The refresh token and the cached access token are in Credential
    // Manager under this connection's names, and no secret that passed
    // through Fortnox is in any file of the data folder or the export.
    let credentials = cli.credentials();
    for key in [format!("{id}/refresh-token"), format!("{id}/access-token")] {
        assert!(credentials.iter().any(|c| c.starts_with(&key)), "{key} not in {credentials:?}");
    }
    let secrets = fixture.sandbox.captured_secrets();
    assert!(secrets.len() >= 4, "the sandbox saw the code and the tokens: {}", secrets.len());
    let mut haystacks = files_in(&cli.data);
    assert!(haystacks.len() >= 2, "the state and activity files: {haystacks:?}");
    haystacks.push(("export".into(), text.into_bytes()));
    let found = scan::search(&secrets, &haystacks);
    assert!(found.is_empty(), "secrets at rest outside Credential Manager: {found:?}");
    // The search finds a token where there is one (the positive control).
    let forms = encodings(&secrets[0]);
    let planted: Vec<(String, Vec<u8>)> =
        forms.iter().map(|(form, bytes)| (form.to_string(), [b"noise ", &bytes[..], b" noise"].concat())).collect();
    let found = scan::search(&secrets[..1], &planted);
    for (form, _) in &forms {
        assert!(found.iter().any(|f| f.form == *form && f.place == *form), "the scan finds a {form} secret");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the Windows build and Wine: scripts/test.sh runs it"]
async fn broker_mode_connects_a_service_account_and_serves_tokens() {
    let wine = Wine::from_env();
    let fixture = Fixture::start().await;
    let cli = WindowsCli::new(&wine, &fixture);
    let id = cli.connect("service").await;
    let token = cli.run(&["--json", "token", &id]).await;
    assert_eq!(token.status.code(), Some(0), "{}", String::from_utf8_lossy(&token.stderr));
    let token = json(&token);
    let access = token["access_token"].as_str().unwrap_or_else(|| panic!("{token}"));
    let refreshed = cli.run(&["--json", "refresh", &id]).await;
    assert_eq!(refreshed.status.code(), Some(0), "{}", String::from_utf8_lossy(&refreshed.stderr));
    assert!(!stdout(&refreshed).contains(access), "refresh prints no token");
    let renewed = json(&cli.run(&["--json", "token", &id]).await);
    let renewed = renewed["access_token"].as_str().unwrap_or_else(|| panic!("{renewed}"));
    assert_ne!(renewed, access, "renewed through the broker");
    let answer = reqwest::Client::new()
        .get(fixture.sandbox.url("/3/companyinformation"))
        .bearer_auth(renewed)
        .send()
        .await
        .expect("sandbox");
    assert_eq!(answer.status(), 200, "the token works at Fortnox");
    let credentials = cli.credentials();
    assert!(credentials.iter().any(|c| c.starts_with("broker-installation")), "{credentials:?}");
    assert!(
        !credentials.iter().any(|c| c.contains("refresh-token")),
        "the broker keeps refresh tokens: {credentials:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the Windows build and Wine: scripts/test.sh runs it"]
async fn thirty_concurrent_token_calls_make_one_refresh() {
    let wine = Wine::from_env();
    let fixture = Fixture::direct().await;
    let cli = WindowsCli::new(&wine, &fixture);
    let id = cli.connect("user").await;
    // No cached access token: every call wants a new one.
    let cached = cli.credentials().into_iter().find(|c| c.starts_with(&format!("{id}/access-token"))).expect("cached");
    wine.delete_credential(&cached);
    fixture.sandbox.clear_requests();

    let children: Vec<Child> = (0..30)
        .map(|_| cli.command(&["token", &id]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn"))
        .collect();
    let outputs = tokio::task::spawn_blocking(move || {
        children.into_iter().map(|c| c.wait_with_output().expect("wait")).collect::<Vec<_>>()
    })
    .await
    .expect("join");
    let failed: Vec<String> = outputs
        .iter()
        .filter(|o| !o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stderr).into_owned())
        .collect();
    assert!(failed.is_empty(), "{failed:?}");
    let tokens: BTreeSet<String> = outputs.iter().map(|o| stdout(o).trim().to_string()).collect();
    assert_eq!(tokens.len(), 1, "all 30 print the same token");
    assert_eq!(fixture.sandbox.token_requests("refresh_token").len(), 1, "exactly one refresh at Fortnox");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the Windows build and Wine: scripts/test.sh runs it"]
async fn a_refused_approval_exits_3_with_its_catalogue_code() {
    let wine = Wine::from_env();
    let fixture = Fixture::direct().await;
    let cli = WindowsCli::new(&wine, &fixture);
    let (child, stdout, event) = cli.start_connect(&["--no-browser", "--account", "user"]).await;
    browse(event["url"].as_str().expect("url"), "deny").await;
    let (code, lines) = WindowsCli::finish(child, stdout).await;
    assert_eq!(code, 3, "a person must act: {lines:?}");
    let error = lines.iter().find(|l| l["event"] == "error").unwrap_or_else(|| panic!("{lines:?}"));
    assert_eq!(error["error"]["code"], "authorization_not_completed", "{error}");
    assert!(fixture.sandbox.token_requests("authorization_code").is_empty(), "nothing to exchange");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the Windows build and Wine: scripts/test.sh runs it"]
async fn the_login_opens_in_the_system_browser() {
    let wine = Wine::from_env();
    let fixture = Fixture::direct().await;
    let cli = WindowsCli::new(&wine, &fixture);
    // Wine hands http addresses to the first of these Linux programs: a
    // stand-in browser that writes down the address it was given.
    let opened = fixture.dir.path().join("opened.txt");
    let browser = fixture.dir.path().join("browser.sh");
    std::fs::write(
        &browser,
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}.tmp' && mv '{0}.tmp' '{0}'\n", opened.display()),
    )
    .expect("browser");
    std::fs::set_permissions(&browser, std::os::unix::fs::PermissionsExt::from_mode(0o755)).expect("executable");
    let set = wine.reg(&[
        "add",
        r"HKCU\Software\Wine\WineBrowser",
        "/v",
        "Browsers",
        "/d",
        &browser.display().to_string(),
        "/f",
    ]);
    assert!(set.status.success(), "{}", String::from_utf8_lossy(&set.stderr));

    let (child, stdout, event) = cli.start_connect(&["--account", "user"]).await;
    let deadline = Instant::now() + Duration::from_secs(60);
    while !opened.exists() {
        assert!(Instant::now() < deadline, "the system browser was never opened");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let url = std::fs::read_to_string(&opened).expect("address");
    assert_eq!(url, event["url"].as_str().expect("url"), "the browser got the printed login address");
    browse(&url, "approve").await;
    let (code, lines) = WindowsCli::finish(child, stdout).await;
    assert_eq!(code, 0, "{lines:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the Windows build and Wine: scripts/test.sh runs it"]
async fn without_a_data_folder_named_the_connections_live_in_local_app_data() {
    let wine = Wine::from_env();
    let fixture = Fixture::direct().await;
    // Åsa's local application data, as Windows names it for her.
    let local = wine.user_home(ASA).join("AppData").join("Local");
    let _ = std::fs::remove_dir_all(local.join("fortnox-connect"));
    let set = wine.reg(&[
        "add",
        r"HKCU\Software\Microsoft\Windows\CurrentVersion\Explorer\User Shell Folders",
        "/v",
        "Local AppData",
        "/t",
        "REG_EXPAND_SZ",
        "/d",
        &wine.windows_path(&local),
        "/f",
    ]);
    assert!(set.status.success(), "{}", String::from_utf8_lossy(&set.stderr));
    let status = wine
        .program("fortnox-connect")
        .args(["--profile", &wine.windows_path(&fixture.profile), "--lang", "en", "status"])
        .output()
        .expect("runs");
    assert_eq!(status.status.code(), Some(0), "{}", String::from_utf8_lossy(&status.stderr));
    assert!(stdout(&status).contains("No connections yet"), "{}", stdout(&status));
    assert!(local.join("fortnox-connect").is_dir(), "{} was not made", local.join("fortnox-connect").display());
}

/// The connection file's `refresh_issued_at`, moved `days` back.
fn age_refresh_token(data: &Path, fixture: &Fixture, id: &str, days: i64) {
    let profile = fortnox_core::profile::Profile::load(&fixture.profile).expect("profile");
    let file = fortnox_core::paths::profile_dir(data, &profile).join("connections").join(format!("{id}.json"));
    let mut connection: Value = serde_json::from_slice(&std::fs::read(&file).expect("connection file")).expect("JSON");
    let rfc3339 = time::format_description::well_known::Rfc3339;
    let issued = connection["refresh_issued_at"].as_str().expect("a refresh time");
    let issued = time::OffsetDateTime::parse(issued, &rfc3339).expect("RFC 3339");
    connection["refresh_issued_at"] = (issued - time::Duration::days(days)).format(&rfc3339).expect("format").into();
    std::fs::write(&file, serde_json::to_vec(&connection).expect("JSON")).expect("written");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the Windows build and Wine: scripts/test.sh runs it"]
async fn the_app_renews_old_connections_without_a_window() {
    let wine = Wine::from_env();
    let fixture = Fixture::direct().await;
    let cli = WindowsCli::new(&wine, &fixture);
    let id = cli.connect("user").await;
    let keepalive = |wine: &Wine| {
        wine.program("fortnox-connect-app")
            .args(["--keepalive", "--profile", &wine.windows_path(&fixture.profile)])
            .args(["--data-dir", &wine.windows_path(&cli.data)])
            .env(fixture::CLIENT_SECRET_ENV, fortnox_sandbox::seed::DEMO_CLIENT_SECRET)
            .env_remove("DISPLAY")
            .output()
            .expect("runs")
    };
    let fresh = keepalive(&wine);
    assert_eq!(fresh.status.code(), Some(0), "{}", String::from_utf8_lossy(&fresh.stderr));
    assert!(fixture.sandbox.token_requests("refresh_token").is_empty(), "a fresh connection is left alone");
    age_refresh_token(&cli.data, &fixture, &id, 31);
    let old = keepalive(&wine);
    assert_eq!(old.status.code(), Some(0), "{}", String::from_utf8_lossy(&old.stderr));
    assert_eq!(fixture.sandbox.token_requests("refresh_token").len(), 1, "the 31-day-old refresh token renewed");
    assert!(
        String::from_utf8_lossy(&old.stderr).contains("refreshed 1, failed 0"),
        "{}",
        String::from_utf8_lossy(&old.stderr)
    );
}

/// The title of a top-level window with `title` on the X display, once
/// it is there.
fn wait_for_window(title: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let found = Command::new("xdotool").args(["search", "--name", title]).output().expect("xdotool");
        if let Some(window) = String::from_utf8_lossy(&found.stdout).lines().next() {
            let name = Command::new("xdotool").args(["getwindowname", window]).output().expect("xdotool");
            return String::from_utf8_lossy(&name.stdout).trim().to_string();
        }
        assert!(Instant::now() < deadline, "no window titled {title:?} appeared");
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
#[ignore = "needs the Windows build and Wine: scripts/test.sh runs it"]
fn without_webview2_the_app_says_so_in_the_persons_language_and_hands_over() {
    let wine = Wine::from_env();
    assert!(std::env::var_os("DISPLAY").is_some(), "needs the X display scripts/test.sh starts");
    let profile = wine.user_home(ASA).join("profile.toml");
    std::fs::write(&profile, std::fs::read(paths::workspace_root().join("packaging/profile.toml")).expect("profile"))
        .expect("written");
    for (lang, title, text) in [
        ("sv", "Fortnox Connect behöver Microsoft Edge WebView2", "som saknas på den här datorn"),
        ("en", "Fortnox Connect needs Microsoft Edge WebView2", "which is missing on this computer"),
    ] {
        let data = wine.user_home(ASA).join("AppData").join("Local").join(format!("webview-{lang}"));
        let app = || {
            wine.program("fortnox-connect-app")
                .args(["--lang", lang, "--profile", &wine.windows_path(&profile)])
                .args(["--data-dir", &wine.windows_path(&data)])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("the app starts")
        };
        let first = app();
        assert_eq!(wait_for_window(title), title);
        let shot = paths::artifacts_dir().join(format!("windows-webview2-missing-{lang}.png"));
        let _ = Command::new("import").args(["-window", "root"]).arg(&shot).status();

        // A second start with the same data hands over to the first and ends.
        let second = app().wait_with_output().expect("second start");
        assert_eq!(second.status.code(), Some(0), "{}", String::from_utf8_lossy(&second.stderr));

        // "No": the app ends, saying a person must act, without a panic.
        let window = Command::new("xdotool").args(["search", "--name", title]).output().expect("xdotool");
        let window = String::from_utf8_lossy(&window.stdout).lines().next().unwrap_or_default().to_string();
        let _ = Command::new("xdotool").args(["key", "--window", &window, "Escape"]).status();
        let output = first.wait_with_output().expect("the app ends");
        let log = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(3), "{log}");
        assert!(log.contains(text), "{log}");
        assert!(log.contains("another launch with the same data handed over"), "{log}");
        assert!(!log.contains("panicked"), "{log}");
    }
}
