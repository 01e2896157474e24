//! The vendor's token broker: holds the Fortnox client secret and every
//! customer's refresh token, so the desktop app never does. Desktops
//! enroll as installations, register each authorization (hashed state and
//! a PKCE challenge) before the login, and may only obtain tokens for the
//! connections they bound themselves. Any number of replicas share one
//! database (SQLite embedded, or PostgreSQL). The protocol is
//! docs/broker-protocol.md, what it trusts docs/security.md; the server is
//! `fortnox-broker`.

#![warn(clippy::unwrap_used)]

pub mod config;
mod error;
mod event;
mod extract;
mod limits;
pub mod metrics;
mod outbox;
mod routes;
pub mod seal;
mod serve;
mod store;
mod tokens;
mod upstream;
pub mod webhook;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use axum::Router;
use axum::routing::{get, post};
use fortnox_oauth::broker::paths;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use url::Url;

pub use config::{BrokerConfig, Settings};
pub use error::BrokerError;
pub use outbox::Attention;
pub use store::InstallationRow;
pub use tokens::Rekeyed;

use crate::config::Chores;
use crate::limits::RateLimits;
use crate::seal::Keys;
use crate::store::Store;
use crate::tokens::LocalLocks;
use crate::upstream::Upstream;

/// The broker's shared state (one per process).
pub struct Broker {
    store: Store,
    keys: Keys,
    upstream: Arc<Upstream>,
    client_id: String,
    limits: RateLimits,
    chores: Chores,
    local_locks: LocalLocks,
    /// When this replica last renewed a connection because its desktop
    /// asked (`renew=true`), for the cooldown.
    forced: std::sync::Mutex<std::collections::HashMap<String, i64>>,
    /// This replica's name on the leases it takes.
    replica: String,
    /// Seconds added to the system clock (tests move time forward).
    clock_offset: AtomicI64,
    metrics: metrics::Metrics,
}

impl Broker {
    fn now(&self) -> i64 {
        time::OffsetDateTime::now_utc().unix_timestamp() + self.clock_offset.load(Ordering::Relaxed)
    }

    /// Connects to the database (migrating it) and gets ready to serve.
    async fn open(config: BrokerConfig) -> Result<Broker, BrokerError> {
        let mut store = Store::open(&config.database_url, &config.keys).await?;
        store.events = config.webhook.is_some();
        let http = fortnox_oauth::http::Http::new(concat!("FortnoxConnectBroker/", env!("CARGO_PKG_VERSION")));
        Ok(Broker {
            store,
            upstream: Arc::new(Upstream::new(&config, http)),
            keys: config.keys,
            client_id: config.client_id,
            limits: RateLimits::new(config.limits, config.client_address),
            chores: config.chores,
            local_locks: LocalLocks::default(),
            forced: Default::default(),
            replica: format!("replica_{}", fortnox_oauth::secret::random_token(8)),
            clock_offset: AtomicI64::new(0),
            metrics: metrics::Metrics::default(),
        })
    }
}

fn router(broker: Arc<Broker>) -> Router {
    Router::new()
        .route(&format!("/{}", paths::INSTALLATIONS), post(routes::enroll))
        .route(&format!("/{}", paths::ROTATE), post(routes::rotate))
        .route(&format!("/{}", paths::SIGN_OUT), post(routes::sign_out))
        .route(&format!("/{}", paths::AUTHORIZATIONS), post(routes::register))
        .route(&format!("/{}", paths::TOKEN), post(routes::token))
        .route(&format!("/{}", paths::CONFIRM), post(routes::confirm))
        .route(&format!("/{}", paths::REVOKE), post(routes::revoke))
        .route(&format!("/{}", paths::CONNECTIONS), get(routes::connections))
        .route(&format!("/{}", paths::HEALTH), get(routes::health))
        .fallback(routes::not_found)
        .method_not_allowed_fallback(routes::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(broker.clone(), log_request))
        .with_state(broker)
}

/// One line per request: method, path, status, time. Never a body, a
/// header value or a query (none of the protocol's requests has one). A
/// rate limit's refusal is counted for the metrics, by path.
async fn log_request(
    axum::extract::State(broker): axum::extract::State<Arc<Broker>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let (method, path) = (request.method().clone(), request.uri().path().to_string());
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    if response.status() == axum::http::StatusCode::TOO_MANY_REQUESTS {
        broker.metrics.rate_limited.get_or_create(&metrics::label("path", &path)).inc();
    }
    tracing::info!(%method, %path, status = response.status().as_u16(), ms = started.elapsed().as_millis() as u64, "request");
    response
}

/// A running broker. Dropping it stops the server.
pub struct RunningBroker {
    broker: Arc<Broker>,
    base_url: Url,
    /// `http://ADDRESS:PORT/metrics`, when `--metrics-listen` is set.
    metrics_url: Option<Url>,
    shutdown: Option<oneshot::Sender<()>>,
    tasks: Vec<JoinHandle<()>>,
}

impl RunningBroker {
    /// Connects to the database (migrating it), binds, and serves.
    pub async fn start(config: BrokerConfig) -> Result<RunningBroker, BrokerError> {
        let (listen, metrics_listen, webhook) = (config.listen, config.metrics_listen, config.webhook.clone());
        let limits = config.limits;
        let keepalive_after_days = config.chores.keepalive_after_days;
        let broker = Arc::new(Broker::open(config).await?);
        let (listener, base_url) = bind(listen).await?;
        let (tx, rx) = oneshot::channel::<()>();
        let mut tasks = vec![
            tokio::spawn(serve::serve(listener, router(broker.clone()), limits, async {
                let _ = rx.await;
            })),
            tokio::spawn(chores(broker.clone(), keepalive_after_days)),
        ];
        let mut metrics_url = None;
        if let Some(address) = metrics_listen {
            let (listener, url) = bind(address).await?;
            let app = metrics::router(broker.clone());
            tasks.push(tokio::spawn(async move {
                let _ = axum::serve(listener, app).await;
            }));
            metrics_url = url.join("metrics").ok();
        }
        if let Some(webhook) = webhook {
            tasks.push(tokio::spawn(webhook::deliver_forever(broker.clone(), webhook)));
        }
        Ok(RunningBroker { broker, base_url, metrics_url, shutdown: Some(tx), tasks })
    }

    /// Where the metrics are scraped, if they are served.
    pub fn metrics_url(&self) -> Option<&Url> {
        self.metrics_url.as_ref()
    }

    /// A broker for the demo and for tests: on a free port of 127.0.0.1,
    /// against a local Fortnox (the sandbox), SQLite and the sealing key
    /// in `data_dir`. Never for a vendor: their key must not sit beside
    /// the data.
    pub async fn start_demo(
        fortnox_base: &Url,
        client_id: &str,
        client_secret: &str,
        data_dir: &std::path::Path,
        database_url: Option<String>,
    ) -> Result<RunningBroker, BrokerError> {
        let base = fortnox_base.as_str().trim_end_matches('/').to_string();
        let settings = Settings {
            fortnox_auth_base: base.clone(),
            fortnox_api_base: base,
            client_id: Some(client_id.to_string()),
            database_url,
            data_dir: data_dir.to_path_buf(),
            demo: true,
            ..Settings::default()
        };
        let secret = client_secret.to_string();
        let config = settings.resolve(&move |name| (name == config::CLIENT_SECRET_ENV).then(|| secret.clone()))?;
        RunningBroker::start(config).await
    }

    /// `http://127.0.0.1:PORT/`: the `broker_url` for a profile.
    pub fn base_url(&self) -> &Url {
        &self.base_url
    }

    /// Moves the broker's clock (tests: cached access tokens expire).
    pub fn advance_clock(&self, secs: i64) {
        self.broker.clock_offset.fetch_add(secs, Ordering::Relaxed);
    }

    /// Runs the keep-alive now (it also runs hourly by itself).
    pub async fn keep_alive(&self, older_than_days: u32) -> (usize, usize) {
        self.broker.keep_alive(older_than_days).await
    }

    /// Runs the hourly chores now (tests).
    pub async fn run_chores(&self) {
        chore_round(&self.broker, 0).await;
    }

    pub async fn stop(mut self) {
        self.stop_now();
        for task in self.tasks.drain(..) {
            let abort = task.abort_handle();
            if tokio::time::timeout(Duration::from_secs(2), task).await.is_err() {
                abort.abort();
            }
        }
        self.broker.store.close().await;
    }

    fn stop_now(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

impl Drop for RunningBroker {
    fn drop(&mut self) {
        self.stop_now();
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// Binds `address`; its `http://HOST:PORT/` (a free port when 0).
async fn bind(address: std::net::SocketAddr) -> Result<(TcpListener, Url), BrokerError> {
    let listener = TcpListener::bind(address)
        .await
        .map_err(|e| BrokerError::Config(format!("cannot listen on {address}: {e}")))?;
    let local = listener.local_addr().map_err(|e| BrokerError::Config(e.to_string()))?;
    let host = match local.ip() {
        ip if ip.is_unspecified() => "127.0.0.1".to_string(),
        std::net::IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    let url =
        Url::parse(&format!("http://{host}:{}/", local.port())).map_err(|e| BrokerError::Config(e.to_string()))?;
    Ok((listener, url))
}

/// The vendor's administration (`fortnox-broker installations …`,
/// `fortnox-broker rekey`), on the database, beside running replicas.
pub struct Admin {
    broker: Broker,
}

impl Admin {
    pub async fn open(config: BrokerConfig) -> Result<Admin, BrokerError> {
        Ok(Admin { broker: Broker::open(config).await? })
    }

    pub async fn installations(&self) -> Result<Vec<InstallationRow>, BrokerError> {
        self.broker.installations().await
    }

    /// The connections Fortnox refused, the latest first
    /// (`connections --needs-attention`).
    pub async fn needing_attention(&self) -> Result<Vec<Attention>, BrokerError> {
        self.broker.store.needing_attention().await
    }

    /// Revokes every connection of the installation at Fortnox and forgets
    /// the installation: its credential works nowhere any more. Returns how
    /// many connections it had; `None` for an unknown id.
    pub async fn revoke_installation(&self, id: &str) -> Result<Option<usize>, BrokerError> {
        if self.broker.store.installation_secret_hash(id).await?.is_none() {
            return Ok(None);
        }
        self.broker.remove_installation(id).await.map(Some)
    }

    /// Seals every stored token, binding and secret hash again under the
    /// current key.
    pub async fn rekey(&self, progress: &dyn Fn(usize)) -> Result<Rekeyed, BrokerError> {
        self.broker.rekey(progress).await
    }

    pub async fn close(self) {
        self.broker.store.close().await;
    }
}

/// Hourly: keep aging refresh tokens alive, revoke what no desktop
/// confirmed, forget old registrations, idle installations and quiet
/// rate-limit keys.
async fn chores(broker: Arc<Broker>, keepalive_after_days: u32) {
    let mut every = tokio::time::interval(Duration::from_secs(3600));
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        chore_round(&broker, keepalive_after_days).await;
    }
}

async fn chore_round(broker: &Broker, keepalive_after_days: u32) {
    if keepalive_after_days > 0 {
        let (renewed, failed) = broker.keep_alive(keepalive_after_days).await;
        if renewed + failed > 0 {
            tracing::info!(renewed, failed, "keep-alive");
        }
    }
    let unconfirmed = broker.revoke_unconfirmed().await;
    if unconfirmed > 0 {
        tracing::info!(unconfirmed, "revoked connections no desktop confirmed");
    }
    let purged = broker.purge_idle_installations().await;
    if purged > 0 {
        tracing::info!(purged, "forgot idle installations");
    }
    if let Err(e) = broker.store.forget_old_authorizations(broker.now()).await {
        tracing::warn!(error = %e, "could not forget old authorizations");
    }
    broker.limits.forget_quiet();
}
