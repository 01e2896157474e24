//! A sandbox in the test process and a vendor profile pointing at it, so
//! a test can drive the app and then read the sandbox's request log,
//! inject faults and check grants.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fortnox_sandbox::{Sandbox, SandboxConfig, seed};

pub struct Fixture {
    pub sandbox: Sandbox,
    pub dir: tempfile::TempDir,
    pub profile: PathBuf,
}

impl Fixture {
    /// The demo app (every scope, service accounts allowed).
    pub async fn start() -> Fixture {
        Fixture::with_client(seed::DEMO_CLIENT_ID).await
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
        let base = sandbox.base_url().as_str().trim_end_matches('/').to_string();
        let loopback_port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        let template = include_str!("../../crates/core/src/profile/builtin_sandbox.toml");
        let text = template
            .replace("{sandbox}", &base)
            .replace("client_id = \"fortnox-connect-demo\"", &format!("client_id = \"{client_id}\""))
            .replace("http://127.0.0.1:47611/callback", &format!("http://127.0.0.1:{loopback_port}/callback"));
        let profile = dir.path().join("profile.toml");
        std::fs::write(&profile, text).expect("profile written");
        Fixture { sandbox, dir, profile }
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

    pub fn count(&self, method: &str, path: &str) -> usize {
        self.sandbox.requests().iter().filter(|r| r.method == method && r.path == path).count()
    }
}
