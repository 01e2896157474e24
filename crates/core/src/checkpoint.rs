//! Named points of a refresh and a connect, where the reliability tests
//! kill the process (`tests/tests/reliability_kill.rs`,
//! `tests/tests/e2e_kill_app.rs`) to prove that nothing is half-saved.
//!
//! Only debug builds can stop here, and only when
//! `FORTNOX_CONNECT_PAUSE_AT` names the point: the process writes the
//! point's name to the file `FORTNOX_CONNECT_PAUSE_MARKER` names and waits
//! to be killed. Release builds (the .deb) compile this to nothing.

/// The points, in the order a refresh and a connect pass them. A new
/// connection passes `CONNECT_SAVING` and `CONNECT_SECRETS_SAVED` on the
/// keyring's thread while it is verified (`service/write_ahead.rs`).
pub const REFRESH_STARTED: &str = "refresh:started";
pub const REFRESH_ANSWERED: &str = "refresh:answered";
pub const REFRESH_TOKEN_SAVED: &str = "refresh:refresh-token-saved";
pub const REFRESH_SAVED: &str = "refresh:saved";
pub const CONNECT_EXCHANGING: &str = "connect:exchanging";
pub const CONNECT_VERIFYING: &str = "connect:verifying";
pub const CONNECT_SAVING: &str = "connect:saving";
pub const CONNECT_SECRETS_SAVED: &str = "connect:secrets-saved";
pub const CONNECT_SAVED: &str = "connect:saved";

pub const PAUSE_AT_ENV: &str = "FORTNOX_CONNECT_PAUSE_AT";
pub const PAUSE_MARKER_ENV: &str = "FORTNOX_CONNECT_PAUSE_MARKER";

/// Passes `point`, or (debug builds, when asked) stops here for good.
pub fn reached(point: &str) {
    #[cfg(debug_assertions)]
    if std::env::var(PAUSE_AT_ENV).is_ok_and(|wanted| wanted == point) {
        if let Ok(marker) = std::env::var(PAUSE_MARKER_ENV) {
            // Whole or not at all: a test that sees the file reads the point.
            let partial = format!("{marker}.partial");
            if std::fs::write(&partial, point).is_ok() {
                let _ = std::fs::rename(&partial, marker);
            }
        }
        tracing::warn!(point, "stopped at a reliability test's checkpoint");
        loop {
            std::thread::sleep(std::time::Duration::from_secs(3600));
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = point;
}
