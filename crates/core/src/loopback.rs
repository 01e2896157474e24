//! The loopback redirect for the system browser and the CLI (RFC 8252):
//! listens on 127.0.0.1 only, on the registered port, without
//! SO_REUSEADDR; answers the browser with a small self-contained page in
//! the user's language, after moving it to a bare `/done` so the code
//! leaves the address bar; closes after the callback, a timeout or a
//! cancel.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use tokio::sync::oneshot;
use url::Url;

use crate::lang::Lang;
use crate::messages::{self, keys};
use crate::oauth::callback::{answers_login_with_state, expected_state};
use crate::surface::{AuthorizationSurface, SurfaceError};

/// Binds `127.0.0.1:port` without SO_REUSEADDR, so a port already in use
/// is an error instead of a shared socket, and on Windows exclusively, so
/// no other program can bind it after us and take the callback.
pub fn bind_loopback(port: u16) -> Result<tokio::net::TcpListener, SurfaceError> {
    use socket2::{Domain, Protocol, Socket, Type};
    let failed = |e: std::io::Error| SurfaceError::Failed(format!("cannot listen on 127.0.0.1:{port}: {e}"));
    let socket = Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::TCP)).map_err(failed)?;
    socket.set_nonblocking(true).map_err(failed)?;
    fortnox_platform::net::claim_port_exclusively(&socket).map_err(failed)?;
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    if let Err(e) = socket.bind(&addr.into()) {
        return Err(if e.kind() == std::io::ErrorKind::AddrInUse { SurfaceError::PortBusy(port) } else { failed(e) });
    }
    socket.listen(16).map_err(failed)?;
    tokio::net::TcpListener::from_std(socket.into()).map_err(failed)
}

struct Shared {
    callback_path: String,
    /// The state this login's callback must bring back.
    expected_state: Option<String>,
    lang: Lang,
    captured: Mutex<Option<oneshot::Sender<Url>>>,
    done: Mutex<Option<oneshot::Sender<()>>>,
    base: Url,
}

/// Only a top-level navigation counts: a request another web page makes
/// (fetch, a form post, an image) carries an `Origin` or a non-navigate
/// `Sec-Fetch-Mode`, and is refused.
fn is_navigation(headers: &HeaderMap) -> bool {
    let mode = headers.get("sec-fetch-mode").and_then(|v| v.to_str().ok());
    let dest = headers.get("sec-fetch-dest").and_then(|v| v.to_str().ok());
    headers.get(header::ORIGIN).is_none()
        && mode.is_none_or(|m| m == "navigate")
        && dest.is_none_or(|d| d == "document")
}

fn secured(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'"),
    );
    headers.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    response
}

async fn handle(State(shared): State<Arc<Shared>>, uri: Uri, headers: HeaderMap) -> Response {
    if uri.path() == "/done" {
        if let Some(done) = shared.done.lock().unwrap_or_else(|e| e.into_inner()).take() {
            let _ = done.send(());
        }
        return secured(Html(page(shared.lang, keys::LOOPBACK_DONE_TITLE, keys::LOOPBACK_DONE_TEXT)).into_response());
    }
    if uri.path() != shared.callback_path {
        return secured((StatusCode::NOT_FOUND, "Not found").into_response());
    }
    if !is_navigation(&headers) {
        return secured((StatusCode::FORBIDDEN, "Refused: not a browser navigation").into_response());
    }
    let mut url = shared.base.clone();
    url.set_path(uri.path());
    url.set_query(uri.query());
    if !answers_login_with_state(&url, &shared.base, shared.expected_state.as_deref()) {
        // Another page's (or an older login's) callback, or one with no
        // answer at all: it must not end this login. Say so, and go on
        // waiting.
        let (title, text) = match uri.query() {
            None | Some("") => (keys::LOOPBACK_EMPTY_TITLE, keys::LOOPBACK_EMPTY_TEXT),
            Some(_) => (keys::LOOPBACK_OTHER_TITLE, keys::LOOPBACK_OTHER_TEXT),
        };
        return secured((StatusCode::BAD_REQUEST, Html(page(shared.lang, title, text))).into_response());
    }
    match shared.captured.lock().unwrap_or_else(|e| e.into_inner()).take() {
        Some(sender) => {
            let _ = sender.send(url);
            // Never redirect to a URL taken from the query.
            secured((StatusCode::SEE_OTHER, [(header::LOCATION, "/done")]).into_response())
        }
        None => secured((StatusCode::GONE, "This login has already been answered.").into_response()),
    }
}

/// A small page of its own (no script, no link), worded in Fluent.
fn page(lang: Lang, title: &str, text: &str) -> String {
    let escape = |s: String| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let (title, text) = (escape(messages::text(lang, title)), escape(messages::text(lang, text)));
    format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{title}</title>\
<style>body{{font:16px system-ui,sans-serif;display:grid;place-items:center;height:90vh;margin:0;background:#f4f6f5;color:#17231e}}\
main{{background:#fff;padding:32px 40px;border-radius:10px;box-shadow:0 2px 12px rgba(0,0,0,.08);max-width:420px}}\
h1{{font-size:22px;margin:0 0 8px;color:#0b6e4f}}</style></head>\
<body><main><h1>{title}</h1><p>{text}</p></main></body></html>",
        lang.code()
    )
}

/// Accepts connections until `stop`, then drops the listener and every
/// connection at once. Accepted sockets linger 0, so dropping them resets
/// the connection instead of leaving the port in TIME_WAIT: without
/// SO_REUSEADDR, a graceful close (or a browser's kept-alive connection)
/// would block the next login's bind for a minute or more.
async fn serve(listener: tokio::net::TcpListener, app: Router, mut stop: oneshot::Receiver<()>) {
    let mut connections = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => {
                let Ok((tcp, _)) = accepted else { continue };
                let _ = socket2::SockRef::from(&tcp).set_linger(Some(Duration::ZERO));
                let service = hyper_util::service::TowerToHyperService::new(app.clone());
                connections.spawn(async move {
                    let io = hyper_util::rt::TokioIo::new(tcp);
                    let _ = hyper::server::conn::http1::Builder::new().serve_connection(io, service).await;
                });
            }
        }
    }
    drop(listener);
    connections.abort_all();
    while connections.join_next().await.is_some() {}
}

/// Serves one authorization on the loopback redirect URI.
pub struct LoopbackSurface {
    lang: Lang,
    open_browser: bool,
    on_url: Box<dyn Fn(&Url) + Send + Sync>,
}

impl LoopbackSurface {
    /// `on_url` is told the authorize URL once the port is ours (the CLI
    /// prints it); the system browser opens it unless `open_browser` is
    /// false.
    pub fn new(lang: Lang, open_browser: bool, on_url: impl Fn(&Url) + Send + Sync + 'static) -> LoopbackSurface {
        LoopbackSurface { lang, open_browser, on_url: Box::new(on_url) }
    }
}

impl AuthorizationSurface for LoopbackSurface {
    async fn authorize(&self, url: &Url, redirect_uri: &Url) -> Result<Url, SurfaceError> {
        let port =
            redirect_uri.port().ok_or_else(|| SurfaceError::Failed("the loopback redirect URI has no port".into()))?;
        let listener = bind_loopback(port)?;
        let (captured_tx, captured_rx) = oneshot::channel();
        let (done_tx, done_rx) = oneshot::channel();
        let shared = Arc::new(Shared {
            callback_path: redirect_uri.path().to_string(),
            expected_state: expected_state(url),
            lang: self.lang,
            captured: Mutex::new(Some(captured_tx)),
            done: Mutex::new(Some(done_tx)),
            base: redirect_uri.clone(),
        });
        let app = Router::new().fallback(get(handle)).with_state(shared);
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        let server = tokio::spawn(serve(listener, app, stop_rx));

        (self.on_url)(url);
        if self.open_browser {
            // No shell: the URL's `&`s reach the browser intact.
            // The error text repeats the URL; the log gets only the fact.
            if open::that_detached(url.as_str()).is_err() {
                tracing::warn!("could not open the system browser; the login address is shown instead");
            }
        }

        let result = match captured_rx.await {
            Ok(callback) => {
                // Let the browser fetch the "you can close" page (briefly).
                let _ = tokio::time::timeout(Duration::from_secs(3), done_rx).await;
                Ok(callback)
            }
            Err(_) => Err(SurfaceError::Failed("the loopback listener stopped".into())),
        };
        let _ = stop_tx.send(());
        let abort = server.abort_handle();
        if tokio::time::timeout(Duration::from_secs(2), server).await.is_err() {
            abort.abort();
        }
        result
    }
}
