//! The one retry policy for calls that are safe to repeat: exponential
//! waits (0.5 s, 1 s, 2 s …) through the `backon` crate, only for
//! transient failures, and never shorter than a `Retry-After` the server
//! asked for.

use std::future::Future;
use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};

/// How often and how patiently to retry (tests shorten the waits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// Attempts in all, the first one included.
    pub attempts: u32,
    pub first_delay: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff { attempts: 4, first_delay: Duration::from_millis(500) }
    }
}

impl Backoff {
    /// No retries at all.
    pub const ONCE: Backoff = Backoff { attempts: 1, first_delay: Duration::ZERO };

    fn builder(&self) -> ExponentialBuilder {
        ExponentialBuilder::default()
            .with_min_delay(self.first_delay)
            .with_max_delay(Duration::from_secs(60))
            .with_factor(2.0)
            .with_max_times(self.attempts.saturating_sub(1) as usize)
    }
}

/// What a failure says about trying again.
pub trait Retry {
    /// Worth another attempt (network, 5xx, 429).
    fn is_transient(&self) -> bool;
    /// The wait the server asked for, if any.
    fn retry_after(&self) -> Option<Duration> {
        None
    }
}

/// Runs `operation` until it succeeds, fails for good, or the attempts
/// are spent.
pub async fn with_retries<T, E, F, Fut>(backoff: Backoff, what: &str, operation: F) -> Result<T, E>
where
    E: Retry + std::fmt::Display,
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    operation
        .retry(backoff.builder())
        .sleep(tokio::time::sleep)
        .when(|e: &E| e.is_transient())
        .adjust(|e: &E, planned| match (e.retry_after(), planned) {
            (Some(asked), Some(planned)) => Some(asked.max(planned)),
            (_, planned) => planned,
        })
        .notify(|e: &E, wait| tracing::warn!(error = %e, ?wait, "{what} failed; retrying"))
        .await
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    #[derive(Debug)]
    struct Failure(bool);

    impl std::fmt::Display for Failure {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "transient: {}", self.0)
        }
    }

    impl Retry for Failure {
        fn is_transient(&self) -> bool {
            self.0
        }
    }

    #[tokio::test(start_paused = true)]
    async fn transient_failures_are_retried_until_the_attempts_are_spent() {
        let calls = AtomicU32::new(0);
        let started = tokio::time::Instant::now();
        let result: Result<(), Failure> = with_retries(Backoff::default(), "test", || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err(Failure(true))
        })
        .await;
        assert!(result.is_err());
        assert_eq!(calls.load(Ordering::SeqCst), 4);
        assert_eq!(started.elapsed(), Duration::from_millis(500 + 1000 + 2000));
    }

    #[tokio::test(start_paused = true)]
    async fn lasting_failures_are_not_retried() {
        let calls = AtomicU32::new(0);
        let result: Result<(), Failure> = with_retries(Backoff::default(), "test", || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err(Failure(false))
        })
        .await;
        assert!(result.is_err());
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }
}
