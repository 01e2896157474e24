//! Where the user logs into Fortnox: something that opens the authorize
//! URL and hands back the URL Fortnox redirected to. The desktop uses an
//! embedded webview, the CLI a loopback listener and the system browser,
//! tests a scripted HTTP client.

use std::future::Future;

use url::Url;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SurfaceError {
    #[error("the login window was closed")]
    Closed,
    #[error("the user cancelled")]
    Cancelled,
    #[error("no answer from Fortnox in time")]
    TimedOut,
    #[error("port {0} is in use")]
    PortBusy(u16),
    #[error("{0}")]
    Failed(String),
}

pub trait AuthorizationSurface: Send + Sync {
    /// Shows `url` and resolves with the full URL that arrived at
    /// `redirect_uri` (query included), or why none did.
    fn authorize(&self, url: &Url, redirect_uri: &Url) -> impl Future<Output = Result<Url, SurfaceError>> + Send;
}
