//! What the vendor's monitoring scrapes: `GET /metrics` in the OpenMetrics
//! text format (which Prometheus reads), on a listen address of its own
//! (`--metrics-listen`), never on the protocol's. The protocol faces the
//! internet behind the proxy; metrics say how many customers a vendor has
//! and which are failing, so they stay on an address only the vendor's
//! network reaches, with no credential to leak (docs/broker-protocol.md,
//! "Monitoring").

use std::sync::Arc;

use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

type Labels = Vec<(String, String)>;

/// The broker's counters, shared by every request of this replica.
pub struct Metrics {
    registry: Registry,
    /// Renewals that got a new access token from Fortnox.
    pub refreshes: Counter,
    /// Renewals Fortnox refused, by catalogue code (`invalid_grant` …).
    pub failures: Family<Labels, Counter>,
    /// Seconds Fortnox took to answer a token call.
    pub upstream_seconds: Histogram,
    /// Requests refused by a rate limit, by limit.
    pub rate_limited: Family<Labels, Counter>,
    /// Webhook deliveries, by outcome (`delivered`, `failed`).
    pub webhook: Family<Labels, Counter>,
    // Read from the database at each scrape.
    connections: Family<Labels, Gauge>,
    installations: Gauge,
    outbox: Gauge,
}

/// What the database says at a scrape.
pub struct Counts {
    pub connections_by_state: Vec<(String, i64)>,
    pub installations: i64,
    pub outbox: i64,
}

impl Default for Metrics {
    fn default() -> Metrics {
        let mut registry = Registry::with_prefix("fortnox_broker");
        let refreshes = Counter::default();
        let failures = Family::<Labels, Counter>::default();
        let upstream_seconds = Histogram::new(exponential_buckets(0.01, 2.0, 12));
        let rate_limited = Family::<Labels, Counter>::default();
        let webhook = Family::<Labels, Counter>::default();
        let connections = Family::<Labels, Gauge>::default();
        let (installations, outbox) = (Gauge::default(), Gauge::default());
        registry.register("refreshes", "Renewals that got a new access token from Fortnox", refreshes.clone());
        registry.register("failures", "Renewals Fortnox refused, by code", failures.clone());
        registry.register("upstream_seconds", "Time Fortnox took to answer a token call", upstream_seconds.clone());
        registry.register("rate_limited", "Requests refused by a rate limit, by limit", rate_limited.clone());
        registry.register("webhook_deliveries", "Webhook deliveries, by outcome", webhook.clone());
        registry.register("connections", "Connections, by state", connections.clone());
        registry.register("installations", "Enrolled installations (desktops)", installations.clone());
        registry.register("webhook_pending", "Events waiting to be delivered to the webhook", outbox.clone());
        Metrics {
            registry,
            refreshes,
            failures,
            upstream_seconds,
            rate_limited,
            webhook,
            connections,
            installations,
            outbox,
        }
    }
}

pub fn label(name: &str, value: &str) -> Labels {
    vec![(name.to_string(), value.to_string())]
}

impl Metrics {
    /// The exposition, with the database's counts as of now.
    pub fn render(&self, counts: &Counts) -> String {
        self.connections.clear();
        for (state, count) in &counts.connections_by_state {
            self.connections.get_or_create(&label("state", state)).set(*count);
        }
        self.installations.set(counts.installations);
        self.outbox.set(counts.outbox);
        let mut out = String::new();
        if encode(&mut out, &self.registry).is_err() {
            out.clear();
        }
        out
    }
}

/// `GET /metrics` on the metrics address.
pub fn router(broker: Arc<crate::Broker>) -> axum::Router {
    axum::Router::new().route("/metrics", axum::routing::get(scrape)).with_state(broker)
}

async fn scrape(
    axum::extract::State(broker): axum::extract::State<Arc<crate::Broker>>,
) -> Result<axum::response::Response, crate::BrokerError> {
    use axum::response::IntoResponse;
    let counts = broker.store.counts().await?;
    let body = broker.metrics.render(&counts);
    Ok(([(axum::http::header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")], body)
        .into_response())
}
