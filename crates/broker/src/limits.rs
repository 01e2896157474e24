//! Rate limits (GCRA through the `governor` crate), per replica: N
//! replicas allow N times as much in all.
//!
//! - every authenticated request, per installation;
//! - enrollment, the one unauthenticated write: per client address (IPv6
//!   by /64, where one host holds billions), and a ceiling for everyone;
//! - failed authentication, per client address;
//! - calls to Fortnox's token endpoint: a budget for the whole replica, so
//!   no caller can get the vendor's client id throttled at Fortnox, and
//!   code exchanges per installation.
//!
//! The client address is the connection's peer, unless the broker is told
//! how its reverse proxy passes it on (`ClientAddress`).

use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::num::NonZeroU32;
use std::time::Duration;

use axum::http::HeaderMap;
use fortnox_oauth::broker::Refusal;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::{ClientAddress, Limits};
use crate::error::BrokerError;

pub struct RateLimits {
    installations: DefaultKeyedRateLimiter<String>,
    enrollments: DefaultKeyedRateLimiter<IpAddr>,
    enrollments_all: DefaultDirectRateLimiter,
    failed_auth: FailedAuth,
    upstream: DefaultDirectRateLimiter,
    exchanges: DefaultKeyedRateLimiter<String>,
    client_address: ClientAddress,
}

fn quota(per_minute: u32, burst: u32) -> Quota {
    let per_minute = NonZeroU32::new(per_minute.max(1)).expect("at least 1");
    Quota::per_minute(per_minute).allow_burst(NonZeroU32::new(burst.max(1)).expect("at least 1"))
}

fn refused(detail: &str, wait: Duration) -> BrokerError {
    BrokerError::Refused {
        refusal: Refusal::RateLimited,
        detail: detail.into(),
        retry_after: Some(wait.max(Duration::from_secs(1))),
    }
}

fn wait(not_until: governor::NotUntil<governor::clock::QuantaInstant>) -> Duration {
    not_until.wait_time_from(DefaultClock::default().now())
}

/// Failed authentications per address in the current minute (a fixed
/// window: the limiter must be read before spending, which GCRA cannot).
struct FailedAuth {
    per_minute: u32,
    seen: std::sync::Mutex<std::collections::HashMap<IpAddr, (std::time::Instant, u32)>>,
}

impl FailedAuth {
    const WINDOW: Duration = Duration::from_secs(60);

    /// How long `address` must wait, if it is over the limit.
    fn blocked(&self, address: IpAddr) -> Option<Duration> {
        let seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        let (since, count) = seen.get(&address)?;
        let left = Self::WINDOW.checked_sub(since.elapsed())?;
        (*count >= self.per_minute).then_some(left)
    }

    fn note(&self, address: IpAddr) {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        let entry = seen.entry(address).or_insert((std::time::Instant::now(), 0));
        if entry.0.elapsed() >= Self::WINDOW {
            *entry = (std::time::Instant::now(), 0);
        }
        entry.1 += 1;
    }

    fn forget_old(&self) {
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).retain(|_, (since, _)| since.elapsed() < Self::WINDOW);
    }
}

/// IPv4 as it is, IPv6 by its /64 (one customer's network).
fn key(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
        v4 => v4,
    }
}

impl RateLimits {
    pub fn new(limits: Limits, client_address: ClientAddress) -> RateLimits {
        RateLimits {
            installations: RateLimiter::keyed(quota(limits.per_minute, limits.burst)),
            enrollments: RateLimiter::keyed(quota(limits.enroll_per_minute, limits.enroll_per_minute)),
            enrollments_all: RateLimiter::direct(quota(limits.enroll_all_per_minute, limits.enroll_all_per_minute)),
            failed_auth: FailedAuth { per_minute: limits.failed_auth_per_minute.max(1), seen: Default::default() },
            upstream: RateLimiter::direct(quota(limits.upstream_per_minute, limits.upstream_burst)),
            exchanges: RateLimiter::keyed(quota(
                limits.exchanges_per_hour.div_ceil(60).max(1),
                limits.exchanges_per_hour,
            )),
            client_address,
        }
    }

    pub fn installation(&self, id: &str) -> Result<(), BrokerError> {
        self.installations
            .check_key(&id.to_string())
            .map_err(|n| refused("too many requests from this installation; wait and try again", wait(n)))
    }

    /// Enrollment: per client address, and all together.
    pub fn enrollment(&self, peer: SocketAddr, headers: &HeaderMap) -> Result<(), BrokerError> {
        let address = key(self.client_address(peer, headers));
        self.enrollments
            .check_key(&address)
            .map_err(|n| refused("too many enrollments from this address; wait and try again", wait(n)))?;
        self.enrollments_all.check().map_err(|n| refused("too many enrollments; wait and try again", wait(n)))
    }

    /// Called before authenticating: an address that failed too often this
    /// minute is refused without even looking the installation up.
    pub fn auth_allowed(&self, peer: SocketAddr, headers: &HeaderMap) -> Result<(), BrokerError> {
        let address = key(self.client_address(peer, headers));
        self.failed_auth
            .blocked(address)
            .map_or(Ok(()), |wait| Err(refused("too many failed sign-ins from this address; wait and try again", wait)))
    }

    /// A failed authentication from this address.
    pub fn failed(&self, peer: SocketAddr, headers: &HeaderMap) {
        self.failed_auth.note(key(self.client_address(peer, headers)));
    }

    /// One call to Fortnox's token endpoint from this replica.
    pub fn upstream(&self) -> Result<(), BrokerError> {
        self.upstream
            .check()
            .map_err(|n| refused("the broker is asking Fortnox as much as it may right now; try again", wait(n)))
    }

    /// A code exchange by this installation (and its call to Fortnox).
    pub fn exchange(&self, installation: &str) -> Result<(), BrokerError> {
        self.exchanges
            .check_key(&installation.to_string())
            .map_err(|n| refused("too many logins from this installation; wait and try again", wait(n)))?;
        self.upstream()
    }

    /// Where the request came from: the peer, or what the trusted proxy in
    /// front says. A header the client could have written itself is never
    /// read: with `forwarded-for`, the entry the proxies appended (the last
    /// `hops`), not the first, which the client chose.
    fn client_address(&self, peer: SocketAddr, headers: &HeaderMap) -> IpAddr {
        let found = match &self.client_address {
            ClientAddress::Peer => None,
            ClientAddress::ForwardedFor { hops } => {
                let entries: Vec<&str> = headers
                    .get_all("x-forwarded-for")
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .flat_map(|v| v.split(','))
                    .map(str::trim)
                    .collect();
                entries.len().checked_sub(*hops as usize).and_then(|i| entries.get(i)).and_then(|e| e.parse().ok())
            }
            ClientAddress::Header(name) => {
                headers.get(name.as_str()).and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse().ok())
            }
        };
        found.unwrap_or_else(|| peer.ip())
    }

    /// Forgets keys that have been quiet (run now and then).
    pub fn forget_quiet(&self) {
        self.installations.retain_recent();
        self.enrollments.retain_recent();
        self.failed_auth.forget_old();
        self.exchanges.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(forwarded: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in forwarded {
            headers.append("x-forwarded-for", value.parse().unwrap());
        }
        headers.insert("x-real-ip", "203.0.113.9".parse().unwrap());
        headers
    }

    fn limits(client_address: ClientAddress) -> RateLimits {
        RateLimits::new(Limits::default(), client_address)
    }

    #[test]
    fn the_address_is_the_one_the_proxy_appended_never_the_clients_own() {
        let peer: SocketAddr = "10.0.0.2:5555".parse().unwrap();
        // The client wrote "1.2.3.4"; nginx appended the address it saw.
        let forged = headers(&["1.2.3.4, 198.51.100.7"]);
        let one_proxy = limits(ClientAddress::ForwardedFor { hops: 1 });
        assert_eq!(one_proxy.client_address(peer, &forged).to_string(), "198.51.100.7");
        let two_proxies = limits(ClientAddress::ForwardedFor { hops: 2 });
        assert_eq!(two_proxies.client_address(peer, &forged).to_string(), "1.2.3.4");
        assert_eq!(one_proxy.client_address(peer, &headers(&[])).to_string(), "10.0.0.2", "no header: the peer");
        let header = limits(ClientAddress::Header("x-real-ip".into()));
        assert_eq!(header.client_address(peer, &forged).to_string(), "203.0.113.9");
        assert_eq!(limits(ClientAddress::Peer).client_address(peer, &forged).to_string(), "10.0.0.2");
    }

    #[test]
    fn ipv6_addresses_are_counted_by_their_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::ffff".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(key(a), key(b));
        assert_ne!(key(a), key(c));
        assert_eq!(key("::ffff:192.0.2.1".parse().unwrap()).to_string(), "192.0.2.1");
    }
}
