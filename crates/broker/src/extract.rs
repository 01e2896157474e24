//! What every handler takes from a request, as axum extractors that
//! refuse in the protocol's own JSON shape (docs/broker-protocol.md):
//! the calling installation (HTTP Basic, checked in constant time,
//! rate-limited, failed attempts limited per address), and bodies of the
//! one content type each endpoint takes, at most 16 KiB.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use base64::Engine;
use fortnox_oauth::broker::{PROTOCOL_HEADER, Refusal};
use serde::de::DeserializeOwned;

use crate::Broker;
use crate::error::BrokerError;

/// Every request body of the protocol is far below this.
pub const MAX_BODY: usize = 16 * 1024;

/// An authenticated installation, and the protocol version it speaks.
#[derive(Debug, Clone)]
pub struct Caller {
    pub installation: String,
    pub protocol: u32,
}

fn basic(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let (id, secret) = std::str::from_utf8(&decoded).ok()?.split_once(':')?;
    Some((id.to_string(), secret.to_string()))
}

/// The protocol version a desktop sends (1 when it sends none).
pub fn protocol(headers: &HeaderMap) -> u32 {
    headers.get(PROTOCOL_HEADER).and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse().ok()).unwrap_or(1)
}

pub fn peer(parts: &Parts) -> SocketAddr {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0)
        .unwrap_or_else(|| SocketAddr::from(([0, 0, 0, 0], 0)))
}

impl FromRequestParts<Arc<Broker>> for Caller {
    type Rejection = BrokerError;

    async fn from_request_parts(parts: &mut Parts, broker: &Arc<Broker>) -> Result<Caller, BrokerError> {
        let refused = || {
            BrokerError::refused(
                Refusal::InvalidInstallation,
                "enroll first, then send the installation id and secret with HTTP Basic",
            )
        };
        let peer = peer(parts);
        broker.limits.auth_allowed(peer, &parts.headers)?;
        let accepted = match basic(&parts.headers) {
            Some((id, secret)) if !id.is_empty() && id.len() <= 100 && secret.len() <= 200 => {
                broker.authenticate(&id, &secret).await?.then_some(id)
            }
            _ => None,
        };
        let Some(installation) = accepted else {
            broker.limits.failed(peer, &parts.headers);
            return Err(refused());
        };
        broker.limits.installation(&installation)?;
        Ok(Caller { installation, protocol: protocol(&parts.headers) })
    }
}

/// The body, if its content type is `expected` and it is small enough.
async fn body(request: Request, expected: &str) -> Result<Bytes, BrokerError> {
    let content_type = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if !essence.eq_ignore_ascii_case(expected) {
        return Err(BrokerError::refused(Refusal::UnsupportedMediaType, format!("this endpoint takes {expected}")));
    }
    axum::body::to_bytes(request.into_body(), MAX_BODY)
        .await
        .map_err(|_| BrokerError::refused(Refusal::PayloadTooLarge, "the request body is larger than 16 KiB"))
}

/// A JSON body (`application/json` only: a form or text body would make
/// the request one a web page may send without asking, CORS-simple).
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = BrokerError;

    async fn from_request(request: Request, _: &S) -> Result<JsonBody<T>, BrokerError> {
        let bytes = body(request, "application/json").await?;
        serde_json::from_slice(&bytes).map(JsonBody).map_err(|e| {
            let what = match e.classify() {
                serde_json::error::Category::Data => "a field is missing or has the wrong type",
                _ => "not JSON",
            };
            BrokerError::refused(Refusal::InvalidRequest, format!("the JSON body does not fit: {what}"))
        })
    }
}

/// A form body (`application/x-www-form-urlencoded`, as OAuth's token
/// endpoint takes).
pub struct FormBody(pub HashMap<String, String>);

impl FormBody {
    /// A field, if present and not empty.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str).filter(|v| !v.is_empty())
    }
}

impl<S: Send + Sync> FromRequest<S> for FormBody {
    type Rejection = BrokerError;

    async fn from_request(request: Request, _: &S) -> Result<FormBody, BrokerError> {
        let bytes = body(request, "application/x-www-form-urlencoded").await?;
        Ok(FormBody(url::form_urlencoded::parse(&bytes).into_owned().collect()))
    }
}
