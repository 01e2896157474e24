//! Fortnox's OAuth 2 server: `/oauth-v1/auth`, `/oauth-v1/token`,
//! `/oauth-v1/revoke`.

pub mod authorize;
pub mod pages;
pub mod rules;
pub mod token;
