//! The Windows build under Wine: its programs, paths as Windows sees
//! them, and the prefix's registry (where Wine keeps Credential Manager's
//! entries). scripts/test.sh builds the programs (their folder in
//! `FORTNOX_CONNECT_WINDOWS_BIN`), makes the prefix (`WINEPREFIX`) and
//! runs the tests that use this one at a time.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Output, Stdio};

use serde_json::Value;

use crate::fixture::{self, Fixture};

/// Wine's 64-bit loader on Debian.
const WINE: &str = "/usr/lib/wine/wine64";

/// Where Wine keeps Credential Manager's entries, one key per credential
/// (`Generic: <target>`); `reg query` prints it with the long root name.
const CREDENTIALS_KEY: &str = r"HKCU\Software\Wine\Credential Manager";
const CREDENTIALS_KEY_LONG: &str = r"HKEY_CURRENT_USER\Software\Wine\Credential Manager";

/// The sandbox's administrator of Bergströms Bygg AB.
const ADMIN: &str = "admin@bergstromsbygg.se";
/// A Swedish user name with a space and letters outside ASCII.
pub const ASA: &str = "Åsa Öberg";

pub struct Wine {
    pub prefix: PathBuf,
    pub bin: PathBuf,
}

impl Wine {
    /// The prefix and programs scripts/test.sh prepared.
    pub fn from_env() -> Wine {
        let var = |name: &str| {
            std::env::var_os(name)
                .map(PathBuf::from)
                .unwrap_or_else(|| panic!("{name} is not set: run the Windows tests through scripts/test.sh"))
        };
        Wine { prefix: var("WINEPREFIX"), bin: var("FORTNOX_CONNECT_WINDOWS_BIN") }
    }

    /// A program of the Windows build (`fortnox-connect`,
    /// `fortnox-connect-app`) to run under Wine.
    pub fn program(&self, name: &str) -> Command {
        let exe = self.bin.join(format!("{name}.exe"));
        assert!(exe.is_file(), "{} is not built", exe.display());
        let mut command = Command::new(WINE);
        command
            .arg(exe)
            .env("WINEPREFIX", &self.prefix)
            .env("WINEDEBUG", "-all")
            .env_remove("FORTNOX_CONNECT_PROFILE")
            .env_remove("FORTNOX_CONNECT_DATA_DIR");
        command
    }

    /// A `reg.exe` command in the prefix.
    pub fn reg(&self, args: &[&str]) -> std::process::Output {
        Command::new(WINE)
            .arg("reg")
            .args(args)
            .env("WINEPREFIX", &self.prefix)
            .env("WINEDEBUG", "-all")
            .output()
            .expect("reg runs")
    }

    /// `C:\…` for a path inside the prefix's drive C, `Z:\…` (Wine's view
    /// of the Linux root) for any other.
    pub fn windows_path(&self, path: &Path) -> String {
        let drive_c = self.prefix.join("drive_c");
        let (drive, rest) = match path.strip_prefix(&drive_c) {
            Ok(rest) => ("C:", rest.to_path_buf()),
            Err(_) => ("Z:", path.to_path_buf()),
        };
        let rest = rest.to_string_lossy().replace('/', "\\");
        format!("{drive}\\{}", rest.trim_start_matches('\\'))
    }

    /// A user's folder under `C:\users` (made if missing): `Åsa Öberg`
    /// has a space and letters outside ASCII, as many Swedish names do.
    pub fn user_home(&self, user: &str) -> PathBuf {
        let dir = self.prefix.join("drive_c").join("users").join(user);
        std::fs::create_dir_all(&dir).expect("user folder");
        dir
    }

    /// The names (targets) of the generic credentials in Credential
    /// Manager whose target contains `part`.
    pub fn credentials(&self, part: &str) -> Vec<String> {
        let out = self.reg(&["query", CREDENTIALS_KEY]);
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|line| {
                line.trim().strip_prefix(&format!("{CREDENTIALS_KEY_LONG}\\Generic: ")).map(String::from)
            })
            .filter(|target| target.contains(part))
            .collect()
    }

    /// Deletes one credential behind the program's back.
    pub fn delete_credential(&self, target: &str) {
        let out = self.reg(&["delete", &format!("{CREDENTIALS_KEY}\\Generic: {target}"), "/f"]);
        assert!(out.status.success(), "reg delete {target}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

/// The CLI of the Windows build, on one fixture and one data folder.
pub struct WindowsCli<'a> {
    pub wine: &'a Wine,
    pub fixture: &'a Fixture,
    /// The data folder as Linux sees it (inside the prefix).
    pub data: PathBuf,
}

impl<'a> WindowsCli<'a> {
    /// A data folder under `C:\users\Åsa Öberg\AppData\Local`.
    pub fn new(wine: &'a Wine, fixture: &'a Fixture) -> WindowsCli<'a> {
        let name = fixture.dir.path().file_name().expect("temp name").to_string_lossy().into_owned();
        let data = wine.user_home(ASA).join("AppData").join("Local").join(name).join("fortnox-connect");
        WindowsCli { wine, fixture, data }
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = self.wine.program("fortnox-connect");
        command
            .arg("--profile")
            .arg(self.wine.windows_path(&self.fixture.profile))
            .arg("--data-dir")
            .arg(self.wine.windows_path(&self.data))
            .args(args)
            .env(fixture::CLIENT_SECRET_ENV, fortnox_sandbox::seed::DEMO_CLIENT_SECRET);
        command
    }

    pub async fn run(&self, args: &[&str]) -> Output {
        let mut command = self.command(args);
        tokio::task::spawn_blocking(move || command.output().expect("the CLI runs under Wine")).await.expect("join")
    }

    /// `--json connect …` up to its first line (the login address).
    pub async fn start_connect(&self, args: &[&str]) -> (Child, BufReader<ChildStdout>, Value) {
        let mut all = vec!["--json", "connect"];
        all.extend_from_slice(args);
        let mut child = self.command(&all).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let (line, stdout) = tokio::task::spawn_blocking(move || {
            let mut line = String::new();
            stdout.read_line(&mut line).expect("read");
            (line, stdout)
        })
        .await
        .expect("join");
        let event: Value = serde_json::from_str(&line).unwrap_or_else(|_| panic!("not JSON: {line:?}"));
        (child, stdout, event)
    }

    /// The rest of a connect's output: its exit code and JSON lines.
    pub async fn finish(child: Child, mut stdout: BufReader<ChildStdout>) -> (i32, Vec<Value>) {
        tokio::task::spawn_blocking(move || {
            let mut child = child;
            let mut text = String::new();
            std::io::Read::read_to_string(&mut stdout, &mut text).expect("read");
            let status = child.wait().expect("wait");
            let lines =
                text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).expect("JSON")).collect();
            (status.code().expect("exit code"), lines)
        })
        .await
        .expect("join")
    }

    /// Connects with `--no-browser`, approving as the company's admin, and
    /// returns the connection's id.
    pub async fn connect(&self, account: &str) -> String {
        let (child, stdout, event) = self.start_connect(&["--no-browser", "--account", account, "--enable"]).await;
        assert_eq!(event["event"], "authorize_url", "{event}");
        browse(event["url"].as_str().expect("url"), "approve").await;
        let (code, lines) = WindowsCli::finish(child, stdout).await;
        assert_eq!(code, 0, "{lines:?}");
        let connected = lines.iter().find(|l| l["event"] == "connected").unwrap_or_else(|| panic!("{lines:?}"));
        connected["connection"]["id"].as_str().expect("id").to_string()
    }

    /// This profile's credentials in Credential Manager.
    pub fn credentials(&self) -> Vec<String> {
        let profile = fortnox_core::profile::Profile::load(&self.fixture.profile).expect("profile");
        self.wine.credentials(&profile.namespace())
    }
}

/// The person's browser: the sandbox's scripted login, then the redirect
/// to the CLI's listener (which runs under Wine).
pub async fn browse(authorize_url: &str, decision: &str) {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let mut url = url::Url::parse(authorize_url).expect("URL");
    url.query_pairs_mut()
        .append_pair("sandbox_user", ADMIN)
        .append_pair("sandbox_password", "sandbox")
        .append_pair("sandbox_decision", decision);
    let answer = client.get(url).send().await.expect("sandbox answers");
    let callback = answer.headers()["location"].to_str().expect("redirect").to_string();
    let answer = client.get(&callback).header("sec-fetch-mode", "navigate").send().await.expect("listener answers");
    assert_eq!(answer.status(), 303, "the CLI's listener took the callback");
}
