//! Runs the real `fortnox-connect` binary against a sandbox, with a
//! profile file and a data directory of its own, in the D-Bus session
//! (real keyring) that scripts/test.sh provides.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};

use fortnox_sandbox::{Sandbox, SandboxConfig, seed};
use serde_json::Value;

// Each test binary uses a few of the sample users.
#[allow(unused_imports)]
pub use fortnox_sandbox::seed::users::*;

pub struct Cli {
    pub sandbox: Sandbox,
    /// The token broker (broker mode, as vendors ship it).
    pub broker: Option<fortnox_broker::RunningBroker>,
    pub dir: tempfile::TempDir,
    pub profile: PathBuf,
}

/// Direct mode: the client secret is in this environment variable of the
/// CLI's process.
const SECRET_ENV: &str = "FORTNOX_CLI_TEST_CLIENT_SECRET";

impl Cli {
    /// Tokens through the vendor's broker.
    pub async fn start() -> Cli {
        Cli::with_mode(true).await
    }

    /// The client secret on this machine (an in-house integration).
    pub async fn direct() -> Cli {
        Cli::with_mode(false).await
    }

    /// The client secret on this machine, for one of the sandbox's apps.
    pub async fn direct_for(client_id: &str) -> Cli {
        Cli::with(false, client_id).await
    }

    async fn with_mode(broker: bool) -> Cli {
        Cli::with(broker, seed::DEMO_CLIENT_ID).await
    }

    async fn with(broker: bool, client_id: &str) -> Cli {
        let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
        sandbox.update_config(|c| {
            for app in &mut c.apps {
                app.loopback_any_port = true;
            }
        });
        let dir = tempfile::tempdir().unwrap();
        let base = sandbox.base_url().as_str().trim_end_matches('/').to_string();
        let broker = match broker {
            true => Some(
                fortnox_broker::RunningBroker::start_demo(
                    sandbox.base_url(),
                    client_id,
                    seed::DEMO_CLIENT_SECRET,
                    &dir.path().join("broker"),
                    None,
                )
                .await
                .unwrap(),
            ),
            false => None,
        };
        let token_auth = match &broker {
            Some(broker) => format!("broker_url = \"{}\"", broker.base_url().as_str().trim_end_matches('/')),
            None => format!("client_secret_env = \"{SECRET_ENV}\""),
        };
        let profile = dir.path().join("profile.toml");
        std::fs::write(
            &profile,
            format!(
                r#"
name = "Demo Sync"
vendor = "Demo AB"
vendor_contact = "support@demo.example"
client_id = "{client}"

[redirect]
embedded = "{embedded}"
loopback = "http://127.0.0.1:{port}/callback"

[fortnox]
auth_base = "{base}"
api_base = "{base}"

[token_auth]
{token_auth}

[verify]
identify_user = true

[[options]]
id = "invoices"
scopes = ["invoice", "customer", "article"]
default = true
label = {{ sv = "Kundfakturor", en = "Customer invoices" }}

[[options]]
id = "bookkeeping"
scopes = ["bookkeeping"]
label = {{ sv = "Bokföring", en = "Bookkeeping" }}

[[options]]
id = "salary"
scopes = ["salary"]
label = {{ sv = "Lön", en = "Payroll" }}
"#,
                client = client_id,
                embedded = seed::DEMO_EMBEDDED_REDIRECT,
                port = fortnox_sandbox::free_port(),
            ),
        )
        .unwrap();
        Cli { sandbox, broker, dir, profile }
    }

    /// This profile's keyring entries.
    pub fn keyring(&self) -> fortnox_core::store::KeyringStore {
        fortnox_core::store::KeyringStore::for_profile(&fortnox_core::profile::Profile::load(&self.profile).unwrap())
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn command(&self, args: &[&str]) -> Command {
        self.command_in(&self.data_dir(), args)
    }

    /// A command of this profile on another data directory.
    pub fn command_in(&self, data_dir: &std::path::Path, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_fortnox-connect"));
        command
            .arg("--profile")
            .arg(&self.profile)
            .arg("--data-dir")
            .arg(data_dir)
            .args(args)
            .env_remove("FORTNOX_CONNECT_PROFILE")
            .env_remove("FORTNOX_CONNECT_DATA_DIR")
            .env(SECRET_ENV, seed::DEMO_CLIENT_SECRET);
        command
    }

    /// Runs a command to the end (off the async threads).
    pub async fn run(&self, args: &[&str]) -> Output {
        let mut command = self.command(args);
        tokio::task::spawn_blocking(move || command.output().unwrap()).await.unwrap()
    }

    /// `connect --json --no-browser …`, logging in as `user` through the
    /// printed URL like a browser would. Returns the exit code and the
    /// JSON lines.
    pub async fn connect(&self, user: &str, company: Option<&str>, args: &[&str]) -> (i32, Vec<Value>) {
        let mut all = vec!["--json", "connect", "--no-browser"];
        all.extend_from_slice(args);
        let mut child: Child = self.command(&all).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let first = tokio::task::spawn_blocking(move || {
            let mut line = String::new();
            stdout.read_line(&mut line).unwrap();
            (line, stdout)
        })
        .await
        .unwrap();
        let (first_line, mut stdout) = first;
        let event: Value = serde_json::from_str(&first_line).unwrap_or_else(|_| panic!("not JSON: {first_line:?}"));
        let mut lines = vec![event.clone()];
        if event["event"] == "authorize_url" {
            browse(event["url"].as_str().unwrap(), user, company).await;
        }
        let rest = tokio::task::spawn_blocking(move || {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut stdout, &mut text).unwrap();
            let status = child.wait().unwrap();
            (text, status)
        })
        .await
        .unwrap();
        lines
            .extend(rest.0.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str::<Value>(l).unwrap()));
        (rest.1.code().unwrap(), lines)
    }

    /// Connects (service account, enabled) and returns the connection id.
    pub async fn connected(&self) -> String {
        let (code, lines) = self.connect(ADMIN, None, &["--account", "service", "--enable"]).await;
        assert_eq!(code, 0, "{lines:?}");
        lines.last().unwrap()["connection"]["id"].as_str().unwrap().to_string()
    }
}

/// The user's browser: scripted login at the sandbox, then the redirect to
/// the CLI's loopback listener.
pub async fn browse(authorize_url: &str, user: &str, company: Option<&str>) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let mut url = url::Url::parse(authorize_url).unwrap();
    url.query_pairs_mut()
        .append_pair("sandbox_user", user)
        .append_pair("sandbox_password", "sandbox")
        .append_pair("sandbox_decision", "approve");
    if let Some(org) = company {
        url.query_pairs_mut().append_pair("sandbox_company", org);
    }
    let answer = client.get(url).send().await.unwrap();
    let callback = answer.headers()["location"].to_str().unwrap().to_string();
    let answer = client.get(&callback).header("sec-fetch-mode", "navigate").send().await.unwrap();
    assert_eq!(answer.status(), 303);
    let done = url::Url::parse(&callback).unwrap().join("/done").unwrap();
    let _ = client.get(done).send().await;
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

pub fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|_| panic!("not JSON: {}", stdout(output)))
}
