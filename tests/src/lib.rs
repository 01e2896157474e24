//! Test harness for end-to-end tests: starts the real desktop app through
//! `tauri-driver` + `WebKitWebDriver` (under the `DISPLAY` the test script
//! provides, normally Xvfb) and offers a few waiting helpers on top of
//! thirtyfour. Also shared helpers for cross-crate tests against the
//! sandbox.

#![warn(clippy::unwrap_used)]

pub mod desktop;
pub mod paths;

pub use desktop::{Desktop, Launch};
