//! Per-installation and per-address rate limits (GCRA through the
//! `governor` crate). Limits are per replica: N replicas allow N times
//! as much in all.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::time::Duration;

use axum::http::HeaderMap;
use fortnox_oauth::broker::Refusal;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::Limits;
use crate::error::BrokerError;

pub struct RateLimits {
    installations: DefaultKeyedRateLimiter<String>,
    enrollments: DefaultKeyedRateLimiter<IpAddr>,
    trust_forwarded_for: bool,
}

fn quota(per_minute: u32, burst: u32) -> Quota {
    let per_minute = NonZeroU32::new(per_minute.max(1)).expect("at least 1");
    Quota::per_minute(per_minute).allow_burst(NonZeroU32::new(burst.max(1)).expect("at least 1"))
}

fn refused(wait: Duration) -> BrokerError {
    BrokerError::Refused {
        refusal: Refusal::RateLimited,
        detail: "too many requests; wait and try again".into(),
        retry_after: Some(wait.max(Duration::from_secs(1))),
    }
}

impl RateLimits {
    pub fn new(limits: Limits, trust_forwarded_for: bool) -> RateLimits {
        RateLimits {
            installations: RateLimiter::keyed(quota(limits.per_minute, limits.burst)),
            enrollments: RateLimiter::keyed(quota(limits.enroll_per_minute, limits.enroll_per_minute)),
            trust_forwarded_for,
        }
    }

    pub fn installation(&self, id: &str) -> Result<(), BrokerError> {
        self.installations
            .check_key(&id.to_string())
            .map_err(|not_until| refused(not_until.wait_time_from(DefaultClock::default().now())))
    }

    /// Enrollment is the one unauthenticated write: limited per address.
    pub fn enrollment(&self, peer: SocketAddr, headers: &HeaderMap) -> Result<(), BrokerError> {
        let address = self.client_address(peer, headers);
        self.enrollments
            .check_key(&address)
            .map_err(|not_until| refused(not_until.wait_time_from(DefaultClock::default().now())))
    }

    fn client_address(&self, peer: SocketAddr, headers: &HeaderMap) -> IpAddr {
        if self.trust_forwarded_for
            && let Some(first) = headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .and_then(|v| v.trim().parse().ok())
        {
            return first;
        }
        peer.ip()
    }

    /// Forgets keys that have been quiet (run now and then).
    pub fn forget_quiet(&self) {
        self.installations.retain_recent();
        self.enrollments.retain_recent();
    }
}
