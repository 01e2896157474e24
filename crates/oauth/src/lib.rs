//! The wire Fortnox Connect speaks with Fortnox's token endpoint and with a
//! vendor's token broker: secrets that cannot leak, the one HTTP client
//! configuration, the one retry policy, the token endpoint through the
//! `oauth2` crate, and the broker protocol (its types and a client). No
//! keyring and no Tauri: the desktop's core and the broker server share it.

#![warn(clippy::unwrap_used)]

pub mod broker;
pub mod endpoint;
pub mod error;
pub mod http;
pub mod jwt;
pub mod retry;
pub mod secret;

pub use endpoint::{TokenAnswer, TokenEndpoint};
pub use error::TokenError;
pub use retry::Backoff;
