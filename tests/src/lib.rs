//! Test harness for end-to-end tests: starts the real desktop app through
//! `tauri-driver` + `WebKitWebDriver` (under the `DISPLAY` the test script
//! provides, normally Xvfb), a sandbox and a profile for it, and drives the
//! Fortnox login window with real X input.

#![warn(clippy::unwrap_used)]

pub mod audit;
pub mod cli;
pub mod desktop;
pub mod fixture;
pub mod keyboard;
mod launch;
pub mod login;
pub mod memory;
pub mod notifications;
pub mod paths;
pub mod procs;
pub mod scan;
pub mod scripted;
pub mod update_feed;
pub mod wine;
pub mod wizard;

pub use desktop::{Desktop, Launch};
pub use fixture::Fixture;
pub use login::LoginWindow;
