//! No secret is at rest outside the keyring. A complete cycle through the
//! real app and the CLI — connect, a refresh by the app and one by the CLI,
//! re-authorize, export diagnostics, remove — runs with its own HOME, XDG
//! folders and TMPDIR; then every file there (the data directory, the main
//! window's WebKit data and caches, temporary files), the app's log, the
//! support bundle and the CLI's output are searched for every access
//! token, refresh token, authorization code, state and PKCE verifier that
//! passed through Fortnox, in UTF-8, UTF-16, URL and base64 encodings. A
//! token planted in each encoding proves the search finds what is there.

use std::io::Read;
use std::path::{Path, PathBuf};

use fortnox_connect_tests::cli;
use fortnox_connect_tests::scan::{self, encodings};
use fortnox_connect_tests::wizard::*;
use fortnox_connect_tests::{Desktop, Fixture, Launch, LoginWindow, paths};

/// HOME, XDG folders and TMPDIR under `root`, for the app and the CLI.
fn private_home(root: &Path) -> Vec<(String, String)> {
    let dirs = [
        ("HOME", ""),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
        ("TMPDIR", "tmp"),
    ];
    dirs.iter()
        .map(|(name, sub)| {
            let dir = root.join(sub);
            std::fs::create_dir_all(&dir).unwrap();
            (name.to_string(), dir.display().to_string())
        })
        .collect()
}

async fn cli_in(fixture: &Fixture, home: &[(String, String)], data: &Path, args: &[&str]) -> std::process::Output {
    let mut command = cli::cli(fixture, data, args);
    command.envs(home.iter().map(|(k, v)| (k, v)));
    tokio::task::spawn_blocking(move || command.output().unwrap()).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_is_at_rest_outside_the_keyring_after_a_full_cycle() {
    // The client secret on this computer (the desktop keeps the refresh
    // tokens) and PKCE on, so every kind of secret passes through it.
    let fixture = Fixture::direct().await;
    let profile = std::fs::read_to_string(&fixture.profile).unwrap();
    std::fs::write(&fixture.profile, format!("pkce = true\n{profile}")).unwrap();
    fixture.sandbox.capture_secrets();
    let root = fixture.dir.path().join("home");
    let home = private_home(&root);
    let data: PathBuf = root.join(".local/share/fortnox-connect");

    let launch = Launch {
        profile: Some(fixture.profile.clone()),
        lang: Some("en"),
        data_dir: Some(data.clone()),
        env: home.clone(),
        ..Launch::default()
    };
    let mut app = Desktop::launch("secrets-at-rest", launch).await;
    let login = app.go_to_login(&fixture, Choices { account: "user", ..Choices::default() }).await;
    app.approve_as(&fixture, &login, ADMIN).await;
    app.click("verify-enable").await;
    app.click("done-connections").await;
    let id = app.by_test_id("connection").await.attr("data-id").await.unwrap().unwrap();

    // A refresh by the app: Fortnox refuses its access token, so "Check"
    // must renew.
    let refreshes = fixture.sandbox.token_requests("refresh_token").len();
    fixture.sandbox.expire_access_tokens(1406221);
    app.click("action-verify").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while fixture.sandbox.token_requests("refresh_token").len() == refreshes {
        assert!(std::time::Instant::now() < deadline, "the app did not renew");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    // A refresh by the CLI, then diagnostics and status.
    let mut outputs = vec![cli_in(&fixture, &home, &data, &["refresh", &id]).await];
    assert!(outputs[0].status.success());
    let zip = root.join("tmp/support.zip");
    outputs.push(cli_in(&fixture, &home, &data, &["diagnostics", "--out", zip.to_str().unwrap()]).await);
    outputs.push(cli_in(&fixture, &home, &data, &["--json", "status"]).await);
    outputs.push(cli_in(&fixture, &home, &data, &["--json", "token", &id]).await);
    let printed_token: serde_json::Value = serde_json::from_slice(&outputs[3].stdout).unwrap();
    let printed_token = printed_token["access_token"].as_str().unwrap().to_string();

    // Re-authorize in the app.
    let logins = fixture.count("GET", "/oauth-v1/auth");
    app.click("action-reauthorize").await;
    let login = LoginWindow::wait().await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth", logins + 1).await;
    app.approve_as(&fixture, &login, ADMIN).await;
    app.by_test_id("done-title").await;
    app.click("done-connections").await;

    // Remove: revoked at Fortnox, gone from the keyring.
    app.click("action-remove").await;
    app.click("confirm-ok").await;
    for _ in 0..100 {
        if fixture.sandbox.grants().iter().all(|g| g.revoked) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(fixture.sandbox.grants().iter().all(|g| g.revoked), "removed and revoked");
    app.quit().await;

    let mut secrets = fixture.sandbox.captured_secrets();
    let kinds = |f: &str| {
        fixture.sandbox.requests().iter().filter(|r| r.form.contains_key(f) || r.query.contains_key(f)).count()
    };
    assert!(
        kinds("code") >= 2 && kinds("code_verifier") >= 2 && kinds("state") >= 2,
        "codes, verifiers and states passed"
    );
    assert!(secrets.len() >= 10, "collected {} secrets", secrets.len());
    // The token the CLI printed on purpose is expected in its own output
    // only; everything else must be nowhere.
    let printed_index = secrets.iter().position(|s| *s == printed_token);

    // The haystacks: every file under the private HOME, the app's log, the
    // support bundle's contents and the CLI's outputs.
    let mut haystacks: Vec<(String, Vec<u8>)> = scan::files(&root)
        .into_iter()
        .map(|file| (file.display().to_string(), std::fs::read(&file).unwrap_or_default()))
        .collect();
    let files_searched = haystacks.len();
    assert!(
        haystacks.iter().any(|(name, _)| name.contains("/.local/share/") && !name.contains("fortnox-connect/")),
        "the main window's WebKit data is among them"
    );
    let log = paths::artifacts_dir().join("secrets-at-rest.app.log");
    haystacks.push((log.display().to_string(), std::fs::read(&log).unwrap()));
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let mut bundle = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        bundle.push(entry.name().to_string());
        haystacks.push((format!("support.zip/{}", entry.name()), bytes));
    }
    assert!(
        bundle.iter().any(|n| n == "connections.json") && bundle.iter().any(|n| n.starts_with("activity/")),
        "{bundle:?}"
    );
    for (i, output) in outputs.iter().enumerate() {
        let printed =
            if i == 3 { output.stderr.clone() } else { [output.stdout.clone(), output.stderr.clone()].concat() };
        haystacks.push((format!("cli output {i}"), printed));
    }

    let found = scan::search(&secrets, &haystacks);
    let leaks: Vec<String> = found
        .iter()
        .filter(|f| Some(f.secret) != printed_index || !f.place.starts_with("cli output"))
        .map(|f| format!("secret #{} ({}) in {}", f.secret, f.form, f.place))
        .collect();
    assert!(leaks.is_empty(), "secrets at rest: {leaks:#?}");

    // Positive control: a token planted in every encoding is found.
    let planted = "planted-Tk9+xQ2/aZ7mW4pL0sR8vN3eY6".to_string();
    let plant_dir = root.join(".local/share/planted");
    std::fs::create_dir_all(&plant_dir).unwrap();
    let forms = encodings(&planted);
    for (i, (form, bytes)) in forms.iter().enumerate() {
        let mut content = format!("noise {i} {form} ").into_bytes();
        content.extend_from_slice(bytes);
        content.extend_from_slice(b" more noise");
        std::fs::write(plant_dir.join(format!("{i}.bin")), content).unwrap();
    }
    let planted_haystacks: Vec<(String, Vec<u8>)> =
        scan::files(&plant_dir).into_iter().map(|f| (f.display().to_string(), std::fs::read(&f).unwrap())).collect();
    secrets.push(planted);
    let found = scan::search(&secrets[secrets.len() - 1..], &planted_haystacks);
    for (form, _) in &forms {
        assert!(found.iter().any(|f| f.form == *form), "the scan finds a {form} secret");
    }
    println!(
        "RELIABILITY secrets: {} secrets × {} encodings searched in {} files under HOME/XDG/TMPDIR, the app log, {} bundle entries and {} CLI outputs: 0 found; planted control found in {} of {} encodings",
        secrets.len() - 1,
        encodings(&secrets[0]).len(),
        files_searched,
        bundle.len(),
        outputs.len(),
        forms.len(),
        forms.len()
    );
}
