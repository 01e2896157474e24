//! Running the real `fortnox-connect` binary against a fixture's sandbox,
//! sharing the data directory and the keyring like the runtime would.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use crate::fixture::Fixture;
use crate::paths;

pub fn cli(fixture: &Fixture, data_dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(paths::built_binary("fortnox-connect"));
    command
        .arg("--profile")
        .arg(&fixture.profile)
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("FORTNOX_CONNECT_PROFILE")
        .env_remove("FORTNOX_CONNECT_DATA_DIR")
        .env(crate::fixture::CLIENT_SECRET_ENV, fortnox_sandbox::seed::DEMO_CLIENT_SECRET);
    command
}

pub async fn run(fixture: &Fixture, data_dir: &Path, args: &[&str]) -> Output {
    let mut command = cli(fixture, data_dir, args);
    tokio::task::spawn_blocking(move || command.output().expect("the CLI runs")).await.expect("join")
}

/// Plays the browser for a `connect` that printed its URL: scripted
/// approval at the sandbox, then the redirect to the CLI's listener.
pub async fn browse(authorize_url: &str, user: &str) {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let mut url = url::Url::parse(authorize_url).expect("URL");
    url.query_pairs_mut()
        .append_pair("sandbox_user", user)
        .append_pair("sandbox_password", "sandbox")
        .append_pair("sandbox_decision", "approve");
    let Ok(answer) = client.get(url).send().await else { return };
    let Some(callback) = answer.headers().get("location").and_then(|v| v.to_str().ok()).map(String::from) else {
        return;
    };
    let _ = client.get(&callback).header("sec-fetch-mode", "navigate").send().await;
    // Browsers follow the listener's 303 to its "you can close" page.
    if let Ok(done) = url::Url::parse(&callback).and_then(|u| u.join("/done")) {
        let _ = client.get(done).send().await;
    }
}

/// Starts `connect --json --no-browser …` and returns the child once it
/// has printed the authorize URL.
pub async fn start_connect(fixture: &Fixture, data_dir: &Path, extra: &[&str]) -> (Child, String) {
    let mut args = vec!["--json", "connect", "--no-browser"];
    args.extend_from_slice(extra);
    let mut child = cli(fixture, data_dir, &args).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        line
    })
    .await
    .expect("join");
    let event: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
    (child, event["url"].as_str().unwrap_or_default().to_string())
}

/// Connects (service account unless told otherwise), enables, returns the id.
pub async fn connect(fixture: &Fixture, data_dir: &Path, account: &str) -> String {
    let (child, url) = start_connect(fixture, data_dir, &["--account", account, "--enable"]).await;
    browse(&url, "admin@bergstromsbygg.se").await;
    let output = tokio::task::spawn_blocking(move || child.wait_with_output().expect("wait")).await.expect("join");
    assert!(output.status.success(), "connect failed");
    let status = run(fixture, data_dir, &["--json", "status"]).await;
    let list: serde_json::Value = serde_json::from_slice(&status.stdout).expect("status JSON");
    list.as_array()
        .and_then(|a| a.iter().rev().find(|c| c["state"] == "enabled"))
        .and_then(|c| c["id"].as_str())
        .expect("an enabled connection")
        .to_string()
}

pub fn data_dir(fixture: &Fixture) -> PathBuf {
    fixture.dir.path().join("data")
}
