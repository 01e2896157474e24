//! The vendor's token broker: holds the Fortnox client secret and every
//! customer's refresh token, so the desktop app never does. Desktops
//! enroll as installations, register each authorization (hashed state and
//! a PKCE challenge) before the login, and may only obtain tokens for the
//! connections they bound themselves. Any number of replicas share one
//! database (SQLite embedded, or PostgreSQL). The protocol is
//! docs/broker-protocol.md; the server is `fortnox-broker`.

#![warn(clippy::unwrap_used)]

mod auth;
pub mod config;
mod error;
mod limits;
mod routes;
pub mod seal;
mod store;
mod tokens;
mod upstream;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use fortnox_oauth::broker::paths;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use url::Url;

pub use config::{BrokerConfig, Settings};
pub use error::BrokerError;

use crate::limits::RateLimits;
use crate::seal::SealKey;
use crate::store::Store;
use crate::tokens::LocalLocks;
use crate::upstream::Upstream;

/// The broker's shared state (one per process).
pub struct Broker {
    store: Store,
    seal: SealKey,
    upstream: Arc<Upstream>,
    client_id: String,
    limits: RateLimits,
    local_locks: LocalLocks,
    /// Seconds added to the system clock (tests move time forward).
    clock_offset: AtomicI64,
}

impl Broker {
    fn now(&self) -> i64 {
        time::OffsetDateTime::now_utc().unix_timestamp() + self.clock_offset.load(Ordering::Relaxed)
    }
}

fn router(broker: Arc<Broker>) -> Router {
    Router::new()
        .route(&format!("/{}", paths::INSTALLATIONS), post(routes::enroll))
        .route(&format!("/{}", paths::AUTHORIZATIONS), post(routes::register))
        .route(&format!("/{}", paths::TOKEN), post(routes::token))
        .route(&format!("/{}", paths::REVOKE), post(routes::revoke))
        .route(&format!("/{}", paths::CONNECTIONS), get(routes::connections))
        .route(&format!("/{}", paths::HEALTH), get(routes::health))
        .fallback(routes::not_found)
        // Every request body of the protocol is far below this.
        .layer(DefaultBodyLimit::max(16 * 1024))
        .layer(axum::middleware::from_fn(log_request))
        .with_state(broker)
}

/// One line per request: method, path, status, time. Never a body, a
/// header value or a query (none of the protocol's requests has one).
async fn log_request(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let (method, path) = (request.method().clone(), request.uri().path().to_string());
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    tracing::info!(%method, %path, status = response.status().as_u16(), ms = started.elapsed().as_millis() as u64, "request");
    response
}

/// A running broker. Dropping it stops the server.
pub struct RunningBroker {
    broker: Arc<Broker>,
    base_url: Url,
    shutdown: Option<oneshot::Sender<()>>,
    tasks: Vec<JoinHandle<()>>,
}

impl RunningBroker {
    /// Connects to the database (migrating it), binds, and serves.
    pub async fn start(config: BrokerConfig) -> Result<RunningBroker, BrokerError> {
        let store = Store::open(&config.database_url).await?;
        let listener = TcpListener::bind(config.listen)
            .await
            .map_err(|e| BrokerError::Config(format!("cannot listen on {}: {e}", config.listen)))?;
        let local = listener.local_addr().map_err(|e| BrokerError::Config(e.to_string()))?;
        let host = match local.ip() {
            ip if ip.is_unspecified() => "127.0.0.1".to_string(),
            std::net::IpAddr::V6(ip) => format!("[{ip}]"),
            ip => ip.to_string(),
        };
        let base_url =
            Url::parse(&format!("http://{host}:{}/", local.port())).map_err(|e| BrokerError::Config(e.to_string()))?;
        let http = fortnox_oauth::http::Http::new(concat!("FortnoxConnectBroker/", env!("CARGO_PKG_VERSION")));
        let broker = Arc::new(Broker {
            store,
            upstream: Arc::new(Upstream::new(&config, http)),
            seal: config.key,
            client_id: config.client_id,
            limits: RateLimits::new(config.limits, config.trust_forwarded_for),
            local_locks: LocalLocks::default(),
            clock_offset: AtomicI64::new(0),
        });
        let (tx, rx) = oneshot::channel::<()>();
        let app = router(broker.clone()).into_make_service_with_connect_info::<SocketAddr>();
        let server = tokio::spawn(async move {
            let served = axum::serve(listener, app).with_graceful_shutdown(async {
                let _ = rx.await;
            });
            if let Err(e) = served.await {
                tracing::error!(error = %e, "broker server stopped");
            }
        });
        let chores = tokio::spawn(chores(broker.clone(), config.keepalive_after_days));
        Ok(RunningBroker { broker, base_url, shutdown: Some(tx), tasks: vec![server, chores] })
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

/// Hourly: keep aging refresh tokens alive, forget old registrations and
/// quiet rate-limit keys.
async fn chores(broker: Arc<Broker>, keepalive_after_days: u32) {
    let mut every = tokio::time::interval(Duration::from_secs(3600));
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if keepalive_after_days > 0 {
            let (renewed, failed) = broker.keep_alive(keepalive_after_days).await;
            if renewed + failed > 0 {
                tracing::info!(renewed, failed, "keep-alive");
            }
        }
        if let Err(e) = broker.store.forget_old_authorizations(broker.now()).await {
            tracing::warn!(error = %e, "could not forget old authorizations");
        }
        broker.limits.forget_quiet();
    }
}
