//! OAuth 2 with Fortnox: the authorize URL, the callback, one-time
//! `state`s, and the token endpoint (exchange, refresh, client credentials,
//! revoke) through the `oauth2` crate.

pub mod authorize;
pub mod callback;
pub mod login_window;
pub mod pending;
pub mod preflight;
pub mod token_source;

pub use fortnox_oauth::jwt;

pub use authorize::{AuthorizeRequest, RedirectKind, build_authorize_url};
pub use callback::{Callback, parse_callback};
pub use pending::{Pending, PendingStore};
pub use token_source::{Exchanged, TokenSource, Tokens};
