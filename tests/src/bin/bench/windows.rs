//! The Windows build, measured here: the sizes of the installer and the
//! programs against a minimal Tauri app built the same way, and
//! `fortnox-connect token` with a cached token under Wine against a
//! program that only reads one credential from Credential Manager under
//! Wine (the floor). scripts/bench.sh windows builds the release programs
//! and both installers first and names them in the environment.

use std::path::{Path, PathBuf};
use std::time::Instant;

use fortnox_connect_tests::Fixture;
use fortnox_connect_tests::wine::{WindowsCli, Wine};
use fortnox_core::store::secrets::{KEYRING_SERVICE, keys};

use super::{RUNS, median, push};

fn env_path(name: &str) -> PathBuf {
    std::env::var_os(name).map(PathBuf::from).unwrap_or_else(|| panic!("{name} is not set (scripts/bench.sh windows)"))
}

fn mib(path: &Path) -> f64 {
    std::fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).len() as f64 / 1024.0 / 1024.0
}

pub async fn measure() -> Vec<(String, String)> {
    let mut rows = Vec::new();
    let mut row = |what: &str, value: String| push(&mut rows, what, value);
    let wine = Wine::from_env();
    let ours = env_path("FORTNOX_CONNECT_WINDOWS_INSTALLER");
    let hello = env_path("FORTNOX_CONNECT_HELLO_INSTALLER");

    row("Sizes (release builds, x86_64-pc-windows-gnu; installers unsigned)", String::new());
    let (ours_mib, hello_mib) = (mib(&ours), mib(&hello));
    row(
        "Installer (NSIS, solid LZMA): ours / the minimal Tauri app's",
        format!("{ours_mib:.1} / {hello_mib:.1} MiB = {:.2}", ours_mib / hello_mib),
    );
    for exe in ["fortnox-connect-app.exe", "fortnox-connect.exe", "tauri-hello.exe"] {
        row(&format!("`{exe}`"), format!("{:.1} MiB", mib(&wine.bin.join(exe))));
    }

    row("`fortnox-connect token` under Wine 8 (the sandbox on 127.0.0.1)", String::new());
    let fixture = Fixture::direct().await;
    let cli = WindowsCli::new(&wine, &fixture);
    let id = cli.connect("user").await;
    let timed = |mut command: std::process::Command| -> f64 {
        let started = Instant::now();
        let out = command.output().expect("runs under Wine");
        assert!(out.status.success() && !out.stdout.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
        started.elapsed().as_secs_f64() * 1000.0
    };
    let service = format!("{KEYRING_SERVICE}/{}", fixture.core_profile().namespace());
    let mut token = Vec::new();
    let mut floor = Vec::new();
    // Interleaved, so a slow moment of the machine hits both alike.
    for _ in 0..RUNS * 2 {
        token.push(timed(cli.command(&["token", &id])));
        let mut read = wine.program("credential-floor");
        read.args([&service, &keys::access_token(&id)]);
        floor.push(timed(read));
    }
    let (token, floor) = (median(token), median(floor));
    row("With a cached access token", format!("{token:.0} ms"));
    row("A program that reads that token from Credential Manager (the floor)", format!("{floor:.0} ms"));
    row("token ratio to the floor", format!("{:.2}", token / floor));
    rows
}
