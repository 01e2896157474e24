//! Fortnox Connect's product logic: the integration profile, the
//! authorization flow, tokens, verification, connections and the error
//! catalogue. Nothing here knows about Tauri; the desktop app and the CLI
//! are thin adapters over this crate.

#![warn(clippy::unwrap_used)]

pub mod error;
pub mod lang;
pub mod paths;
pub mod profile;

pub use error::{Error, Result};
pub use lang::{Lang, Localized};
