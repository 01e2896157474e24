//! Stays under Fortnox's limit (25 requests per sliding 5 seconds per
//! client and tenant) by allowing 24, as Fortnox's own SDK does: waits
//! instead of getting 429s.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;

#[derive(Debug)]
pub struct RateLimiter {
    limit: usize,
    window: Duration,
    sent: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl RateLimiter {
    pub fn new(limit: usize, window: Duration) -> RateLimiter {
        RateLimiter { limit, window, sent: Mutex::new(HashMap::new()) }
    }

    pub fn fortnox() -> RateLimiter {
        RateLimiter::new(24, Duration::from_secs(5))
    }

    /// Waits until one more request for `key` fits in the window.
    pub async fn acquire(&self, key: &str) {
        loop {
            let wait = {
                let mut sent = self.sent.lock().await;
                let queue = sent.entry(key.to_string()).or_default();
                let now = Instant::now();
                while queue.front().is_some_and(|t| now.duration_since(*t) >= self.window) {
                    queue.pop_front();
                }
                if queue.len() < self.limit {
                    queue.push_back(now);
                    return;
                }
                let oldest = *queue.front().expect("the queue is full, so not empty");
                self.window.saturating_sub(now.duration_since(oldest))
            };
            tokio::time::sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_25th_request_waits_for_the_window() {
        let limiter = RateLimiter::fortnox();
        let start = Instant::now();
        for _ in 0..24 {
            limiter.acquire("t1").await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO);
        limiter.acquire("other tenant").await;
        assert_eq!(start.elapsed(), Duration::ZERO, "tenants have separate budgets");
        limiter.acquire("t1").await;
        assert_eq!(start.elapsed(), Duration::from_secs(5));
    }
}
