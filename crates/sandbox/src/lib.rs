//! A local Fortnox simulator: the OAuth 2 server (`/oauth-v1/…`) with
//! Swedish login, company-picker and consent pages, an API subset under
//! `/3/…` with scope and licence checks and the rate limit, fault
//! injection and a request log. Behaves as
//! `docs/fortnox.md` describes Fortnox, so code that works here works
//! there. Used by the app's built-in profile and by every test.

#![warn(clippy::unwrap_used)]

pub mod agency;
mod api;
mod clock;
pub mod config;
mod control;
pub mod faults;
mod http_util;
pub mod jwt;
mod oauth;
mod observe;
pub mod org_number;
mod rate_limit;
pub mod request_log;
pub mod seed;
mod state;
pub mod store;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::routing::{get, post};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use url::Url;

pub use config::{AppConfig, Company, Membership, Module, SaleMode, SandboxConfig, User, UserKind};
pub use faults::{CallbackStyle, Fault, FaultKind, Faults};
pub use request_log::LoggedRequest;
pub use store::Grant;

use state::{Inner, Shared, lock};

fn router(shared: Shared) -> Router {
    Router::new()
        .route("/oauth-v1/auth", get(oauth::authorize::authorize))
        .route("/oauth-v1/auth/login", post(oauth::authorize::login))
        .route("/oauth-v1/auth/logout", get(oauth::authorize::logout))
        .route("/oauth-v1/auth/logged-out", get(oauth::authorize::logged_out))
        .route("/oauth-v1/auth/continue", get(oauth::authorize::resume))
        .route("/oauth-v1/auth/company", post(oauth::authorize::pick_company))
        .route("/oauth-v1/auth/consent", post(oauth::authorize::consent))
        .route("/oauth-v1/token", post(oauth::token::token))
        .route("/oauth-v1/revoke", post(oauth::token::revoke))
        .route("/3/{*rest}", axum::routing::any(api::api))
        .route("/sandbox/requests", get(control::requests).delete(control::clear_requests))
        .route("/sandbox/faults", get(control::get_faults).put(control::put_faults))
        .route("/sandbox/clock", post(control::clock))
        .route("/sandbox/grants", get(control::grants))
        .route("/sandbox/tenants/{tenant}/{action}", post(control::tenant_action))
        .route("/sandbox/report", post(control::report))
        .route("/sandbox/reports", get(control::reports))
        .route("/sandbox/hostile", get(control::hostile))
        .layer(axum::middleware::from_fn_with_state(shared.clone(), observe::observe))
        .with_state(shared)
}

/// A running sandbox. Dropping it stops the server.
pub struct Sandbox {
    shared: Shared,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Sandbox {
    /// Starts on a random free port on 127.0.0.1.
    pub async fn start(config: SandboxConfig) -> std::io::Result<Sandbox> {
        Sandbox::start_on(config, SocketAddr::from(([127, 0, 0, 1], 0))).await
    }

    /// Starts on the given address (use port 0 for a free one).
    pub async fn start_on(config: SandboxConfig, addr: SocketAddr) -> std::io::Result<Sandbox> {
        Sandbox::start_with_store(config, addr, store::Store::default()).await
    }

    /// Starts with grants and tokens kept (hashed) in `state` across
    /// restarts, as the app's built-in sandbox does.
    pub async fn start_persistent(
        config: SandboxConfig,
        addr: SocketAddr,
        state: std::path::PathBuf,
    ) -> std::io::Result<Sandbox> {
        Sandbox::start_with_store(config, addr, store::Store::persistent(state)).await
    }

    async fn start_with_store(
        config: SandboxConfig,
        addr: SocketAddr,
        store: store::Store,
    ) -> std::io::Result<Sandbox> {
        let config = config.with_agency_expanded();
        config.check().map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e.to_string()))?;
        let listener = TcpListener::bind(addr).await?;
        let local = listener.local_addr()?;
        let base_url = Url::parse(&format!("http://{local}/")).expect("socket address makes a URL");
        let shared: Shared = Arc::new(Inner {
            config: std::sync::RwLock::new(config),
            store: std::sync::Mutex::new(store),
            clock: Default::default(),
            faults: Default::default(),
            log: Default::default(),
            seq: Default::default(),
            in_flight: Default::default(),
            in_flight_peak: Default::default(),
            rate: Default::default(),
            base_url,
            reports: Default::default(),
            records: Default::default(),
            captured: Default::default(),
        });
        let app = router(shared.clone());
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let app = app.into_make_service_with_connect_info::<observe::Connection>();
            let server = axum::serve(listener, app).with_graceful_shutdown(async {
                let _ = rx.await;
            });
            if let Err(err) = server.await {
                tracing::error!(%err, "sandbox server stopped");
            }
        });
        Ok(Sandbox { shared, shutdown: Some(tx), task: Some(task) })
    }

    /// `http://127.0.0.1:PORT/`: both the auth and the API base.
    pub fn base_url(&self) -> &Url {
        &self.shared.base_url
    }

    pub fn url(&self, path: &str) -> Url {
        self.shared.base_url.join(path.trim_start_matches('/')).expect("path joins")
    }

    /// Every request seen so far (secrets masked).
    pub fn requests(&self) -> Vec<LoggedRequest> {
        lock(&self.shared.log).clone()
    }

    pub fn clear_requests(&self) {
        lock(&self.shared.log).clear();
    }

    /// Token-endpoint requests with this grant type.
    /// The most requests answered at the same time since the last call
    /// (which starts counting again).
    pub fn take_in_flight_peak(&self) -> usize {
        self.shared.in_flight_peak.swap(0, std::sync::atomic::Ordering::SeqCst)
    }

    pub fn token_requests(&self, grant_type: &str) -> Vec<LoggedRequest> {
        self.requests()
            .into_iter()
            .filter(|r| r.path == "/oauth-v1/token" && r.grant_type() == Some(grant_type))
            .collect()
    }

    pub fn set_faults(&self, faults: Faults) {
        *self.shared.faults() = faults;
    }

    pub fn update_faults(&self, change: impl FnOnce(&mut Faults)) {
        change(&mut self.shared.faults());
    }

    pub fn add_fault(&self, fault: Fault) {
        self.shared.faults().rules.push(fault);
    }

    pub fn clear_faults(&self) {
        *self.shared.faults() = Faults::default();
    }

    /// Moves the sandbox's clock forward (codes and tokens expire).
    pub fn advance_clock(&self, secs: i64) {
        self.shared.clock.advance(secs);
    }

    pub fn update_config(&self, change: impl FnOnce(&mut SandboxConfig)) {
        change(&mut self.shared.config_mut());
    }

    pub fn config(&self) -> SandboxConfig {
        self.shared.config().clone()
    }

    pub fn grants(&self) -> Vec<Grant> {
        self.shared.store().grants()
    }

    pub fn revoke_tenant(&self, tenant_id: u64) -> usize {
        self.shared.store().revoke_tenant(tenant_id)
    }

    pub fn expire_refresh_tokens(&self, tenant_id: u64) -> usize {
        let now = self.shared.clock.unix();
        self.shared.store().expire_refresh_tokens(tenant_id, now)
    }

    pub fn expire_access_tokens(&self, tenant_id: u64) -> usize {
        let now = self.shared.clock.unix();
        self.shared.store().expire_access_tokens(tenant_id, now)
    }

    pub fn refreshes_used(&self) -> usize {
        self.shared.store().refreshes_used()
    }

    /// From now on, keeps every code, token, state and verifier that
    /// passes through in plain text, for a test to search the disk for.
    /// Off by default: the sandbox otherwise keeps only hashes.
    pub fn capture_secrets(&self) {
        lock(&self.shared.captured).get_or_insert_with(Vec::new);
    }

    /// What `capture_secrets` kept.
    pub fn captured_secrets(&self) -> Vec<String> {
        lock(&self.shared.captured).clone().unwrap_or_default()
    }

    /// What test pages posted to `/sandbox/report`.
    pub fn reports(&self) -> Vec<serde_json::Value> {
        lock(&self.shared.reports).clone()
    }

    /// Stops accepting connections and waits (briefly) for the server.
    pub async fn stop(mut self) {
        self.shutdown_now();
        if let Some(task) = self.task.take() {
            let abort = task.abort_handle();
            if tokio::time::timeout(Duration::from_secs(2), task).await.is_err() {
                abort.abort();
            }
        }
    }

    fn shutdown_now(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.shutdown_now();
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// A port on 127.0.0.1 that was free a moment ago (for tests that must
/// name a port before something listens on it, such as a loopback
/// redirect URI). The one helper every test crate uses.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port on 127.0.0.1")
}
