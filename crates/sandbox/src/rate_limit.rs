//! Fortnox's limit: 25 requests per sliding 5 seconds per client id and
//! tenant; the 26th gets 429.

use std::collections::{HashMap, VecDeque};

#[derive(Debug, Default)]
pub struct RateLimiter {
    windows: HashMap<(String, u64), VecDeque<i64>>,
}

impl RateLimiter {
    /// Records a request at `now_ms` if it fits; `false` means 429.
    pub fn admit(&mut self, client_id: &str, tenant_id: u64, now_ms: i64, limit: usize, window_ms: i64) -> bool {
        let window = self.windows.entry((client_id.to_string(), tenant_id)).or_default();
        while window.front().is_some_and(|&t| t <= now_ms - window_ms) {
            window.pop_front();
        }
        if window.len() >= limit {
            return false;
        }
        window.push_back(now_ms);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_26th_request_in_5_seconds_is_refused() {
        let mut limiter = RateLimiter::default();
        for i in 0..25 {
            assert!(limiter.admit("c", 1, i * 100, 25, 5000), "request {}", i + 1);
        }
        assert!(!limiter.admit("c", 1, 2600, 25, 5000));
        // Another tenant has its own budget.
        assert!(limiter.admit("c", 2, 2600, 25, 5000));
        // Once the window slides past the first request, one more fits.
        assert!(limiter.admit("c", 1, 5001, 25, 5000));
        assert!(!limiter.admit("c", 1, 5002, 25, 5000));
    }
}
