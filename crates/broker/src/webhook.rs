//! Telling the vendor when a connection changes (docs/broker-protocol.md,
//! "Webhook"). Each change is written as an event into the `outbox` table
//! together with the change itself; one replica at a time delivers them, in
//! the order they happened, each as a POST signed with HMAC-SHA256 over its
//! timestamp and body (the scheme Stripe and GitHub use), and deletes an
//! event once the receiver answered 2xx. A receiver that is down loses
//! nothing: the events wait and are tried again with back-off, the oldest
//! first, so the order holds. Delivery is at least once; the event id lets
//! a receiver drop a duplicate. `verify` is what a receiver does.

use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::Broker;
pub use crate::event::{Event, kind};

/// `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
pub const SIGNATURE_HEADER: &str = "Fortnox-Broker-Signature";
/// The event's id again, for a receiver that logs before it parses.
pub const EVENT_HEADER: &str = "Fortnox-Broker-Event";
/// How old a signed timestamp a receiver accepts: older is a replay.
pub const TOLERANCE_SECS: i64 = 300;

fn mac(secret: &[u8], at: i64, body: &[u8]) -> Hmac<Sha256> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(at.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The signature header's value for `body` sent at `at`.
pub fn sign(secret: &[u8], at: i64, body: &[u8]) -> String {
    format!("t={at},v1={}", hex(&mac(secret, at, body).finalize().into_bytes()))
}

/// Why a receiver refuses a delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    /// No `t=` and `v1=`.
    Malformed,
    /// Signed more than `TOLERANCE_SECS` away from now: a replay.
    Stale,
    /// The body or the timestamp was changed, or another secret signed it.
    BadSignature,
}

/// What a receiver checks before it trusts a delivery: the signature over
/// the timestamp and the exact body, and that the timestamp is recent.
pub fn verify(secret: &[u8], header: &str, body: &[u8], now: i64) -> Result<(), Rejection> {
    let field = |name: &str| header.split(',').find_map(|part| part.trim().strip_prefix(name));
    let (Some(at), Some(given)) = (field("t=").and_then(|t| t.parse::<i64>().ok()), field("v1=")) else {
        return Err(Rejection::Malformed);
    };
    if (now - at).abs() > TOLERANCE_SECS {
        return Err(Rejection::Stale);
    }
    let expected = hex(&mac(secret, at, body).finalize().into_bytes());
    if bool::from(expected.as_bytes().ct_eq(given.as_bytes())) { Ok(()) } else { Err(Rejection::BadSignature) }
}

/// Where events go, and the secret they are signed with.
#[derive(Clone)]
pub struct Webhook {
    pub url: url::Url,
    pub secret: zeroize::Zeroizing<Vec<u8>>,
    /// The longest wait between two tries of an event.
    pub max_backoff_secs: i64,
}

impl std::fmt::Debug for Webhook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Webhook({}, ***)", self.url)
    }
}

/// Waits before trying an event again after `attempts` failures: 1, 2,
/// 4 … seconds, at most `max`.
pub fn backoff(attempts: i64, max: i64) -> i64 {
    (1_i64 << attempts.clamp(0, 20)).min(max.max(1))
}

/// Delivers what the outbox holds, every second, while this replica holds
/// the sender's lease.
pub async fn deliver_forever(broker: std::sync::Arc<Broker>, webhook: Webhook) {
    // The product's one client set-up: TLS, timeouts, no redirects.
    let http = fortnox_oauth::http::client(concat!("FortnoxConnectBroker/", env!("CARGO_PKG_VERSION")));
    let mut every = tokio::time::interval(Duration::from_secs(1));
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if let Err(e) = deliver_due(&broker, &webhook, &http).await {
            tracing::warn!(error = %e, "webhook delivery round failed");
        }
    }
}

/// One round: the due events in order, until one fails (the next round
/// starts again from it, so no event overtakes an earlier one).
pub async fn deliver_due(
    broker: &Broker,
    webhook: &Webhook,
    http: &reqwest::Client,
) -> Result<usize, crate::BrokerError> {
    let now = broker.now();
    if !broker.store.take_sender_lease(&broker.replica, now, now + 30).await? {
        return Ok(0);
    }
    let mut delivered = 0;
    for pending in broker.store.due_events(now, 50).await? {
        // Signed with the wall clock the receiver checks against (the
        // broker's own clock can be moved in tests).
        let signature =
            sign(&webhook.secret, time::OffsetDateTime::now_utc().unix_timestamp(), pending.body.as_bytes());
        let answer = http
            .post(webhook.url.clone())
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(SIGNATURE_HEADER, signature)
            .header(EVENT_HEADER, &pending.id)
            .body(pending.body.clone())
            .send()
            .await;
        match answer {
            Ok(answer) if answer.status().is_success() => {
                broker.store.delete_event(&pending.id).await?;
                broker.metrics.webhook.get_or_create(&crate::metrics::label("outcome", "delivered")).inc();
                delivered += 1;
            }
            other => {
                let why = match other {
                    Ok(answer) => format!("HTTP {}", answer.status().as_u16()),
                    Err(e) => e.without_url().to_string(),
                };
                let wait = backoff(pending.attempts, webhook.max_backoff_secs);
                tracing::warn!(event = %pending.id, attempts = pending.attempts + 1, wait, %why, "webhook delivery failed; will retry");
                broker.metrics.webhook.get_or_create(&crate::metrics::label("outcome", "failed")).inc();
                broker.store.retry_event_later(&pending.id, broker.now() + wait).await?;
                break;
            }
        }
    }
    Ok(delivered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_receiver_accepts_the_signed_body_and_refuses_a_changed_stale_or_unsigned_one() {
        let (secret, body) = (b"whsec_test".as_slice(), br#"{"id":"evt_1"}"#.as_slice());
        let header = sign(secret, 1_000, body);
        assert_eq!(verify(secret, &header, body, 1_010), Ok(()));
        assert_eq!(verify(secret, &header, br#"{"id":"evt_2"}"#, 1_010), Err(Rejection::BadSignature));
        assert_eq!(verify(b"another", &header, body, 1_010), Err(Rejection::BadSignature));
        assert_eq!(verify(secret, &header, body, 1_000 + TOLERANCE_SECS + 1), Err(Rejection::Stale), "a replay");
        let moved = header.replace("t=1000", "t=1009");
        assert_eq!(verify(secret, &moved, body, 1_010), Err(Rejection::BadSignature), "the timestamp is signed");
        assert_eq!(verify(secret, "v1=abc", body, 1_010), Err(Rejection::Malformed));
    }

    #[test]
    fn retries_wait_longer_each_time_up_to_the_limit() {
        assert_eq!((0..6).map(|a| backoff(a, 3600)).collect::<Vec<_>>(), [1, 2, 4, 8, 16, 32]);
        assert_eq!(backoff(40, 3600), 3600);
        assert_eq!(backoff(5, 2), 2);
    }
}
