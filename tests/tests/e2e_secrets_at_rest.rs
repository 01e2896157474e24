//! Secrets never at rest outside the keyring: after a full connect,
//! refresh and remove cycle through the real app and the CLI, no token is
//! found in the data directory (webview data included), the logs, the
//! diagnostics bundle or the CLI's output.

use std::io::Read;
use std::path::{Path, PathBuf};

use fortnox_connect_tests::cli::run;
use fortnox_connect_tests::wizard::*;
use fortnox_connect_tests::{Fixture, paths};
use fortnox_core::store::secrets::keys;
use fortnox_core::store::{KeyringStore, SecretStore};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn read_secrets(fixture: &Fixture, id: &str, into: &mut Vec<String>) {
    let keyring = KeyringStore::for_profile(&fixture.core_profile());
    if let Some(refresh) = keyring.get(&keys::refresh_token(id)).unwrap() {
        into.push(refresh.expose().to_string());
    }
    if let Some(access) = keyring.get(&keys::access_token(id)).unwrap() {
        let access = access.expose().to_string();
        let token = access.split_once('\t').map(|(_, t)| t.to_string()).unwrap_or(access);
        // The signature-less JWT's payload alone would identify it too.
        if let Some(payload) = token.split('.').nth(1) {
            into.push(payload.to_string());
        }
        into.push(token);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_token_is_at_rest_outside_the_keyring_after_a_full_cycle() {
    let fixture = Fixture::start().await;
    let data = tempfile::tempdir().unwrap();
    let mut app = fixture.relaunch("secrets-at-rest", "en", data.path().to_path_buf()).await;
    let login = app.go_to_login(&fixture, Choices { account: "user", ..Choices::default() }).await;
    app.approve_as(&fixture, &login, ADMIN).await;
    app.click("verify-enable").await;
    app.click("done-connections").await;
    let id = app.by_test_id("connection").await.attr("data-id").await.unwrap().unwrap();

    let mut secrets = Vec::new();
    read_secrets(&fixture, &id, &mut secrets);
    let mut outputs = Vec::new();
    let refreshed = run(&fixture, data.path(), &["refresh", &id]).await;
    assert!(refreshed.status.success());
    outputs.push(refreshed);
    read_secrets(&fixture, &id, &mut secrets);
    let zip = fixture.dir.path().join("support.zip");
    outputs.push(run(&fixture, data.path(), &["diagnostics", "--out", zip.to_str().unwrap()]).await);
    outputs.push(run(&fixture, data.path(), &["--json", "status"]).await);
    assert!(secrets.len() >= 4, "collected the tokens seen: {}", secrets.len());
    // The login window is private: it keeps nothing on disk.
    let profile_dir = fortnox_core::paths::profile_dir(data.path(), &fixture.core_profile());
    assert!(!profile_dir.join("webview").exists());
    let webview: Vec<(String, Vec<u8>)> = Vec::new();

    app.click("action-remove").await;
    app.click("confirm-ok").await;
    for _ in 0..100 {
        if fixture.sandbox.grants().iter().all(|g| g.revoked) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    app.quit().await;

    let mut haystacks: Vec<(String, Vec<u8>)> = webview;
    for file in files(data.path()) {
        haystacks.push((file.display().to_string(), std::fs::read(&file).unwrap_or_default()));
    }
    let log = paths::artifacts_dir().join("secrets-at-rest.app.log");
    haystacks.push((log.display().to_string(), std::fs::read(&log).unwrap()));
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        haystacks.push((format!("support.zip/{}", entry.name()), bytes));
    }
    for (i, output) in outputs.iter().enumerate() {
        haystacks.push((format!("cli output {i}"), [output.stdout.clone(), output.stderr.clone()].concat()));
    }
    for (name, bytes) in &haystacks {
        let text = String::from_utf8_lossy(bytes);
        for secret in &secrets {
            assert!(!text.contains(secret.as_str()), "a token is at rest in {name}");
        }
    }
    println!(
        "RELIABILITY secrets: {} tokens searched for in {} files and outputs, 0 found",
        secrets.len(),
        haystacks.len()
    );
}
