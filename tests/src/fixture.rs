//! A sandbox and the real token broker in the test process, and a vendor
//! profile pointing at them, so a test can drive the app and then read the
//! sandbox's request log, inject faults and check grants.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fortnox_broker::RunningBroker;
use fortnox_sandbox::{Sandbox, SandboxConfig, seed};

/// Direct mode (`Fixture::direct`): the client secret is in this
/// environment variable of the app's and the CLI's processes.
pub const CLIENT_SECRET_ENV: &str = "FORTNOX_E2E_CLIENT_SECRET";

pub struct Fixture {
    pub sandbox: Sandbox,
    pub broker: RunningBroker,
    pub dir: tempfile::TempDir,
    pub profile: PathBuf,
}

impl Fixture {
    /// The demo app (every scope, service accounts allowed).
    pub async fn start() -> Fixture {
        Fixture::with_client(seed::DEMO_CLIENT_ID).await
    }

    /// The client secret on this machine: the desktop keeps the refresh
    /// tokens (an in-house integration).
    pub async fn direct() -> Fixture {
        let fixture = Fixture::start().await;
        let text = std::fs::read_to_string(&fixture.profile).expect("profile");
        let broker_line = format!("broker_url = \"{}\"", fixture.broker.base_url().as_str().trim_end_matches('/'));
        let text = text.replace(&broker_line, &format!("client_secret_env = \"{CLIENT_SECRET_ENV}\""));
        assert!(text.contains(CLIENT_SECRET_ENV), "the profile template names the broker as expected");
        std::fs::write(&fixture.profile, text).expect("profile written");
        fixture
    }

    /// The profile's folder in a data directory.
    pub fn profile_dir(&self, data_dir: &std::path::Path) -> PathBuf {
        fortnox_core::paths::profile_dir(data_dir, &self.core_profile())
    }

    /// The profile's keyring entries.
    pub fn keyring(&self) -> fortnox_core::store::KeyringStore {
        fortnox_core::store::KeyringStore::for_profile(&self.core_profile())
    }

    pub async fn with_client(client_id: &str) -> Fixture {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let sandbox = Sandbox::start(SandboxConfig::default()).await.expect("sandbox starts");
        sandbox.update_config(|c| {
            for app in &mut c.apps {
                app.loopback_any_port = true;
            }
        });
        let dir = tempfile::tempdir().expect("temp dir");
        let broker = RunningBroker::start_demo(
            sandbox.base_url(),
            client_id,
            seed::DEMO_CLIENT_SECRET,
            &dir.path().join("broker"),
            None,
        )
        .await
        .expect("broker starts");
        let base = sandbox.base_url().as_str().trim_end_matches('/').to_string();
        let loopback_port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        let template = include_str!("../../crates/core/src/profile/builtin_sandbox.toml");
        let text = template
            .replace("{sandbox}", &base)
            .replace("{broker}", broker.base_url().as_str().trim_end_matches('/'))
            .replace("client_id = \"fortnox-connect-demo\"", &format!("client_id = \"{client_id}\""))
            .replace("http://127.0.0.1:47611/callback", &format!("http://127.0.0.1:{loopback_port}/callback"));
        let profile = dir.path().join("profile.toml");
        std::fs::write(&profile, text).expect("profile written");
        Fixture { sandbox, broker, dir, profile }
    }

    /// The installations the broker knows (its database, as the vendor's
    /// `fortnox-broker installations list` reads it).
    pub async fn broker_installations(&self) -> Vec<String> {
        let base = self.sandbox.base_url().as_str().trim_end_matches('/').to_string();
        let settings = fortnox_broker::Settings {
            fortnox_auth_base: base.clone(),
            fortnox_api_base: base,
            client_id: Some(seed::DEMO_CLIENT_ID.into()),
            data_dir: self.dir.path().join("broker"),
            demo: true,
            ..fortnox_broker::Settings::default()
        };
        let config = settings
            .resolve(&|name| {
                (name == fortnox_broker::config::CLIENT_SECRET_ENV).then(|| seed::DEMO_CLIENT_SECRET.into())
            })
            .expect("the broker's settings");
        let admin = fortnox_broker::Admin::open(config).await.expect("the broker's database");
        let ids = admin.installations().await.expect("listed").into_iter().map(|i| i.id).collect();
        admin.close().await;
        ids
    }

    /// Waits until the sandbox has answered `count` requests to `path`
    /// (e.g. the login page was served), so the page exists before typing.
    pub async fn wait_for_requests(&self, method: &str, path: &str, count: usize) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let seen = self.count(method, path);
            if seen >= count {
                return;
            }
            assert!(Instant::now() < deadline, "only {seen} of {count} {method} {path} requests arrived");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Requests to `path` from a browser or the login window (not the
    /// product's own HTTP client), answered or not.
    pub fn browser_requests(&self, path: &str) -> Vec<fortnox_sandbox::LoggedRequest> {
        self.sandbox
            .requests()
            .into_iter()
            .filter(|r| {
                r.path == path && !r.headers.get("user-agent").is_some_and(|ua| ua.starts_with("FortnoxConnect/"))
            })
            .collect()
    }

    /// Requests the sandbox has answered to a browser or the login window
    /// (not the product's own HTTP client, which asks the authorize
    /// address once before opening the login to catch refusals early).
    pub fn count(&self, method: &str, path: &str) -> usize {
        let from_a_browser = |r: &fortnox_sandbox::LoggedRequest| {
            !r.headers.get("user-agent").is_some_and(|ua| ua.starts_with("FortnoxConnect/"))
        };
        self.sandbox
            .requests()
            .iter()
            .filter(|r| r.method == method && r.path == path && r.answered() && from_a_browser(r))
            .count()
    }

    /// The profile as core reads it.
    pub fn core_profile(&self) -> fortnox_core::profile::Profile {
        fortnox_core::profile::Profile::load(&self.profile).expect("the fixture's profile loads")
    }
}
