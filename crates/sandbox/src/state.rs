//! The state every handler shares.

use std::sync::atomic::AtomicU64;
use std::sync::{Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

use url::Url;

use crate::clock::Clock;
use crate::config::SandboxConfig;
use crate::faults::Faults;
use crate::rate_limit::RateLimiter;
use crate::request_log::LoggedRequest;
use crate::store::Store;

pub struct Inner {
    pub config: RwLock<SandboxConfig>,
    pub store: Mutex<Store>,
    pub clock: Clock,
    pub faults: Mutex<Faults>,
    pub log: Mutex<Vec<LoggedRequest>>,
    pub seq: AtomicU64,
    /// Requests being answered now, and the most at once since the last
    /// reset (`Sandbox::in_flight_peak`): how a test sees bounded
    /// concurrency from outside.
    pub in_flight: std::sync::atomic::AtomicUsize,
    pub in_flight_peak: std::sync::atomic::AtomicUsize,
    pub rate: Mutex<RateLimiter>,
    pub base_url: Url,
    /// What test pages (e.g. the hostile page) reported back.
    pub reports: Mutex<Vec<serde_json::Value>>,
    /// Each company's API records.
    pub records: Mutex<crate::api::records::Records>,
    /// Secrets seen in plain text, kept only when a test asks
    /// (`Sandbox::capture_secrets`) so it can search the disk for them.
    pub captured: Mutex<Option<Vec<String>>>,
}

impl Inner {
    /// Keeps `secret` if a test asked for captured secrets.
    pub fn capture(&self, secret: &str) {
        if let Some(list) = lock(&self.captured).as_mut()
            && !secret.is_empty()
            && !list.iter().any(|s| s == secret)
        {
            list.push(secret.to_string());
        }
    }
}

pub type Shared = std::sync::Arc<Inner>;

/// A poisoned lock only means another handler panicked; the data is still
/// the best we have.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl Inner {
    pub fn config(&self) -> RwLockReadGuard<'_, SandboxConfig> {
        self.config.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn config_mut(&self) -> RwLockWriteGuard<'_, SandboxConfig> {
        self.config.write().unwrap_or_else(|e| e.into_inner())
    }

    pub fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
    }

    pub fn faults(&self) -> MutexGuard<'_, Faults> {
        lock(&self.faults)
    }

    /// The issuer claim of tokens: the sandbox's own origin.
    pub fn issuer(&self) -> String {
        self.base_url.origin().ascii_serialization()
    }
}
