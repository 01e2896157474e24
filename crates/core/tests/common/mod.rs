//! Shared setup for core's integration tests: a sandbox over real HTTP,
//! a fresh data directory, the real OS keyring (run inside the D-Bus
//! session scripts/test.sh provides), and a scripted login.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use fortnox_core::clock::OffsetClock;
use fortnox_core::http::Backoff;
use fortnox_core::profile::{Profile, builtin_sandbox_profile};
use fortnox_core::store::{KeyringStore, SecretStore};
use fortnox_core::{
    AccountType, AuthorizationSurface, AuthorizeRequest, ConnectOutcome, ConnectionSummary, FortnoxConnect,
    RedirectKind, SurfaceError,
};
use fortnox_sandbox::{Sandbox, SandboxConfig};
use url::Url;

// Each test binary uses a few of the sample users.
#[allow(unused_imports)]
pub use fortnox_sandbox::seed::users::*;
pub const BERGSTROM_ORG: &str = "556677-8899";
pub const BERGSTROM_TENANT: u64 = 1406221;

pub fn fast() -> Backoff {
    Backoff { attempts: 3, first_delay: Duration::from_millis(20) }
}

pub struct Env {
    pub sandbox: Sandbox,
    pub data: tempfile::TempDir,
    pub profile: Profile,
    pub clock: Arc<OffsetClock>,
    pub secrets: Arc<KeyringStore>,
}

impl Env {
    pub async fn new() -> Env {
        Env::with_client(fortnox_sandbox::seed::DEMO_CLIENT_ID).await
    }

    /// A sandbox and a profile for the given registered app.
    pub async fn with_client(client_id: &str) -> Env {
        let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
        let mut profile = builtin_sandbox_profile(sandbox.base_url()).unwrap();
        profile.client_id = client_id.to_string();
        Env {
            sandbox,
            data: tempfile::tempdir().unwrap(),
            profile,
            clock: Arc::new(OffsetClock::default()),
            secrets: Arc::new(KeyringStore::new()),
        }
    }

    /// A service over this environment (several may share it, like the
    /// app and the CLI do).
    pub fn service(&self) -> FortnoxConnect {
        FortnoxConnect::new(self.profile.clone(), self.data.path(), self.secrets.clone())
            .with_backoff(fast())
            .with_clock(self.clock.clone())
            .with_authorize_timeout(Duration::from_secs(20))
    }

    pub fn secret(&self, key: &str) -> Option<String> {
        self.secrets.get(key).unwrap()
    }
}

/// Logs in through the sandbox's scripted approval over real HTTP and
/// returns where Fortnox redirected.
pub struct Scripted {
    pub user: &'static str,
    pub decision: &'static str,
    pub company: Option<&'static str>,
    /// Change the callback before it is handed back (tests of tampering).
    pub tamper: Option<fn(Url) -> Url>,
}

impl Scripted {
    pub fn approve(user: &'static str) -> Scripted {
        Scripted { user, decision: "approve", company: None, tamper: None }
    }

    pub fn deny(user: &'static str) -> Scripted {
        Scripted { decision: "deny", ..Scripted::approve(user) }
    }

    pub fn company(mut self, org: &'static str) -> Scripted {
        self.company = Some(org);
        self
    }
}

impl AuthorizationSurface for Scripted {
    async fn authorize(&self, url: &Url, _redirect_uri: &Url) -> Result<Url, SurfaceError> {
        let mut url = url.clone();
        url.query_pairs_mut()
            .append_pair("sandbox_user", self.user)
            .append_pair("sandbox_password", "sandbox")
            .append_pair("sandbox_decision", self.decision);
        if let Some(org) = self.company {
            url.query_pairs_mut().append_pair("sandbox_company", org);
        }
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let response = client.get(url).send().await.map_err(|e| SurfaceError::Failed(e.to_string()))?;
        let Some(location) = response.headers().get("location") else {
            // An error page: the user would read it and close the window.
            return Err(SurfaceError::Closed);
        };
        let callback = Url::parse(location.to_str().unwrap()).unwrap();
        Ok(match self.tamper {
            Some(tamper) => tamper(callback),
            None => callback,
        })
    }
}

pub fn request(options: &[&str], account_type: AccountType) -> AuthorizeRequest {
    AuthorizeRequest::new(options.iter().map(|s| s.to_string()).collect(), account_type, RedirectKind::Embedded)
}

pub fn quiet() -> impl Fn(fortnox_core::ConnectProgress) + Send + Sync {
    |_| {}
}

/// Connects and expects a saved connection.
pub async fn connect(service: &FortnoxConnect, surface: &Scripted, request: AuthorizeRequest) -> ConnectionSummary {
    match service.connect(surface, request, &quiet()).await.unwrap() {
        ConnectOutcome::Connected { connection, .. } => *connection,
        other => panic!("expected a connection, got {other:?}"),
    }
}

/// Connects as the Bergström admin and enables.
pub async fn connected_and_enabled(env: &Env, account_type: AccountType) -> (FortnoxConnect, String) {
    let service = env.service();
    let summary =
        connect(&service, &Scripted::approve(ADMIN), request(&["invoices", "bookkeeping"], account_type)).await;
    service.enable(&summary.id).await.unwrap();
    (service, summary.id)
}
