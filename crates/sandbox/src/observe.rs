//! Middleware: applies injected faults and latency, and writes the request
//! log (secrets masked).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::connect_info::{ConnectInfo, Connected};
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::serve::IncomingStream;

use crate::faults::FaultKind;
use crate::request_log::{LoggedRequest, mask_fields, mask_header};
use crate::state::{Shared, lock};

const MAX_BODY: usize = 1 << 20;

/// One TCP connection to the sandbox: whether it has answered yet, so the
/// first answer can pay the simulated connection set-up.
#[derive(Clone)]
pub struct Connection {
    new: Arc<AtomicBool>,
}

impl Connected<IncomingStream<'_, tokio::net::TcpListener>> for Connection {
    fn connect_info(_: IncomingStream<'_, tokio::net::TcpListener>) -> Self {
        Connection { new: Arc::new(AtomicBool::new(true)) }
    }
}

/// The connection's first request (`false` for requests made without a
/// connection, as in tests that call the router directly).
fn first_on_its_connection(parts: &axum::http::request::Parts) -> bool {
    parts.extensions.get::<ConnectInfo<Connection>>().is_some_and(|ConnectInfo(c)| c.new.swap(false, Ordering::Relaxed))
}

pub async fn observe(State(s): State<Shared>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(bytes) => bytes,
        Err(_) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
    };
    let path = parts.uri.path().to_string();
    let is_form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if lock(&s.captured).is_some() {
        capture_request(&s, &parts, &bytes);
    }
    let mut entry = LoggedRequest {
        seq: s.seq.fetch_add(1, Ordering::Relaxed),
        at_unix_ms: (s.clock.now().unix_timestamp_nanos() / 1_000_000) as i64,
        method: parts.method.to_string(),
        path: path.clone(),
        query: mask_fields(url::form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes()).into_owned()),
        headers: parts
            .headers
            .iter()
            .map(|(k, v)| (k.to_string(), mask_header(k.as_str(), v.to_str().unwrap_or("<binary>"))))
            .collect(),
        form: if is_form { mask_fields(url::form_urlencoded::parse(&bytes).into_owned()) } else { Default::default() },
        status: 0,
        note: None,
    };

    // The control API is never faulted, so tests can always clean up.
    let controllable = !path.starts_with("/sandbox/");
    // Logged when it arrives (status 0: in flight), so a test can wait
    // for "the refresh is under way"; completed when answered.
    let seq = entry.seq;
    let _counted = controllable.then(|| InFlight::enter(&s));
    if controllable {
        lock(&s.log).push(entry.clone());
    }
    let first = first_on_its_connection(&parts);
    let (latency, setup, fault) = if controllable {
        let mut faults = s.faults();
        let setup = if faults.connection_setup && first { faults.latency_ms } else { 0 };
        (faults.latency_ms, setup, faults.take(&path))
    } else {
        (0, 0, None)
    };
    if setup > 0 {
        // Tests see which requests paid for a new connection.
        entry.note = Some("connection_setup".into());
    }
    if latency + setup > 0 {
        tokio::time::sleep(Duration::from_millis(latency + setup)).await;
    }

    let response = match fault {
        Some(FaultKind::Status { status }) => {
            entry.note = Some(format!("fault:status:{status}"));
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, "Fortnox sandbox: injected server error").into_response()
        }
        Some(FaultKind::RateLimited) => {
            entry.note = Some("fault:rate_limited".into());
            (StatusCode::TOO_MANY_REQUESTS, axum::Json(serde_json::json!({ "message": "Too Many Requests" })))
                .into_response()
        }
        Some(FaultKind::Hang { secs }) => {
            entry.note = Some(format!("fault:hang:{secs}"));
            note_in_flight(&s, seq, &entry.note);
            tokio::time::sleep(Duration::from_secs(secs)).await;
            StatusCode::GATEWAY_TIMEOUT.into_response()
        }
        Some(FaultKind::Drop) => {
            entry.note = Some("fault:drop".into());
            // Headers go out, then the connection is cut before the body.
            let stream = futures_util::stream::once(async {
                Err::<Bytes, std::io::Error>(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "dropped"))
            });
            Response::builder()
                .status(StatusCode::OK)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from_stream(stream))
                .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
        }
        Some(FaultKind::DelayResponse { secs }) => {
            entry.note = Some(format!("fault:delay_response:{secs}"));
            let request = Request::from_parts(parts, Body::from(bytes));
            let response = next.run(request).await;
            // The work is done; only the answer is held back.
            note_in_flight(&s, seq, &Some(format!("fault:delay_response:{secs}:done")));
            tokio::time::sleep(Duration::from_secs(secs)).await;
            response
        }
        Some(FaultKind::Body { status, content_type, body }) => {
            entry.note = Some(format!("fault:body:{status}"));
            Response::builder()
                .status(StatusCode::from_u16(status).unwrap_or(StatusCode::OK))
                .header(header::CONTENT_TYPE, content_type)
                .body(Body::from(body))
                .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
        }
        None => {
            let request = Request::from_parts(parts, Body::from(bytes));
            next.run(request).await
        }
    };
    entry.status = response.status().as_u16();
    if controllable && let Some(logged) = lock(&s.log).iter_mut().rev().find(|e| e.seq == seq) {
        *logged = entry;
    }
    response
}

/// Counts a request as in flight until it is answered (or dropped).
struct InFlight(Shared);

impl InFlight {
    fn enter(s: &Shared) -> InFlight {
        let now = s.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        s.in_flight_peak.fetch_max(now, Ordering::SeqCst);
        InFlight(s.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Tells tests what an unanswered request is doing (hanging, or done and
/// held back).
fn note_in_flight(s: &Shared, seq: u64, note: &Option<String>) {
    if let Some(logged) = lock(&s.log).iter_mut().rev().find(|e| e.seq == seq) {
        logged.note = note.clone();
    }
}

/// The plain secrets of a request, for `Sandbox::capture_secrets`.
fn capture_request(s: &Shared, parts: &axum::http::request::Parts, body: &[u8]) {
    let query = url::form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes()).into_owned();
    let form = url::form_urlencoded::parse(body).into_owned();
    for (name, value) in query.chain(form) {
        if matches!(name.as_str(), "code" | "refresh_token" | "access_token" | "token" | "code_verifier" | "state") {
            s.capture(&value);
        }
    }
    if let Some(bearer) = crate::http_util::bearer_token(&parts.headers) {
        s.capture(bearer);
    }
}
