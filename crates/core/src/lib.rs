//! Fortnox Connect's product logic: the integration profile, the
//! authorization flow, tokens, verification, connections and the error
//! catalogue. Nothing here knows about Tauri; the desktop app and the CLI
//! are thin adapters over this crate.

#![warn(clippy::unwrap_used)]

pub mod api;
pub mod catalogue;
pub mod checkpoint;
pub mod clock;
pub mod connection;
pub mod diagnostics;
pub mod error;
pub mod http;
pub mod lang;
pub mod loopback;
pub mod messages;
pub mod oauth;
pub mod operations;
mod parallel;
pub mod paths;
pub mod profile;
#[cfg(test)]
mod readability;
pub mod service;
pub mod store;
pub mod surface;
pub mod update;
pub mod verify;

/// Secrets that cannot leak (shared with the broker protocol).
pub use fortnox_oauth::secret;

pub use catalogue::{ErrorCode, Problem};
pub use connection::{AccountType, Connection, ConnectionState};
pub use error::{Error, Result};
pub use lang::{Lang, Localized};
pub use oauth::{AuthorizeRequest, RedirectKind};
pub use service::{ConnectOutcome, ConnectProgress, Decision, DecisionChoice, FortnoxConnect, TokenGrant};
pub use surface::{AuthorizationSurface, SurfaceError};
