//! The HTTP surface (docs/broker-protocol.md): each handler authenticates,
//! applies the rate limit, reads its form or JSON and calls one method of
//! `Broker`. Bodies are small and never logged.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use fortnox_oauth::broker::{
    AuthorizationRegistered, AuthorizationRequest, CONNECTION_GRANT, ConnectionList, EnrollRequest, PROTOCOL_HEADER,
    PROTOCOL_VERSION, Refusal,
};
use serde_json::json;

use crate::Broker;
use crate::auth::{Caller, authenticate};
use crate::error::BrokerError;
use crate::tokens::{Exchange, Issued, Want};

type Shared = State<Arc<Broker>>;

fn ok(status: StatusCode, body: serde_json::Value) -> Response {
    let mut response = (status, Json(body)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(PROTOCOL_HEADER, HeaderValue::from(PROTOCOL_VERSION));
    response
}

fn invalid(detail: impl Into<String>) -> BrokerError {
    BrokerError::refused(Refusal::InvalidRequest, detail)
}

async fn caller(broker: &Broker, headers: &HeaderMap) -> Result<Caller, BrokerError> {
    let caller = authenticate(&broker.store, headers).await?;
    broker.limits.installation(&caller.installation)?;
    Ok(caller)
}

fn json_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, BrokerError> {
    serde_json::from_slice(body).map_err(|e| invalid(format!("the JSON body does not fit: {}", e.classify_text())))
}

trait Classify {
    fn classify_text(&self) -> &'static str;
}

impl Classify for serde_json::Error {
    fn classify_text(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Data => "a field is missing or has the wrong type",
            _ => "not JSON",
        }
    }
}

pub async fn enroll(
    State(broker): Shared,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, BrokerError> {
    broker.limits.enrollment(peer, &headers)?;
    let request: EnrollRequest = json_body(&body)?;
    let (id, secret) = broker.enroll(request.client_id.trim(), request.label.as_deref()).await?;
    Ok(ok(
        StatusCode::CREATED,
        json!({ "installation_id": id, "installation_secret": secret.expose(), "protocol": PROTOCOL_VERSION }),
    ))
}

pub async fn register(State(broker): Shared, headers: HeaderMap, body: Bytes) -> Result<Response, BrokerError> {
    let caller = caller(&broker, &headers).await?;
    let request: AuthorizationRequest = json_body(&body)?;
    let expires_in = broker
        .register(
            &caller.installation,
            &request.state_hash,
            &request.code_challenge,
            &request.code_challenge_method,
            &request.redirect_uri,
            request.account_type,
        )
        .await?;
    Ok(ok(StatusCode::CREATED, json!(AuthorizationRegistered { expires_in })))
}

fn issued(issued: Issued) -> Response {
    ok(
        StatusCode::OK,
        json!({
            "access_token": issued.access_token.as_str(),
            "token_type": "bearer",
            "expires_in": issued.expires_in,
            "scope": issued.scope,
            "connection_id": issued.connection_id,
            "tenant_id": issued.tenant_id,
        }),
    )
}

pub async fn token(State(broker): Shared, headers: HeaderMap, body: Bytes) -> Result<Response, BrokerError> {
    let caller = caller(&broker, &headers).await?;
    let form: std::collections::HashMap<String, String> = url::form_urlencoded::parse(&body).into_owned().collect();
    let field = |name: &str| form.get(name).map(String::as_str).filter(|v| !v.is_empty());
    let inst = caller.installation.as_str();
    let result = match field("grant_type") {
        Some("authorization_code") => {
            broker
                .exchange(
                    inst,
                    Exchange {
                        code: field("code"),
                        redirect_uri: field("redirect_uri"),
                        state: field("state"),
                        code_verifier: field("code_verifier"),
                    },
                )
                .await
        }
        Some("client_credentials") => {
            let tenant = headers.get("TenantId").and_then(|v| v.to_str().ok()).filter(|t| !t.trim().is_empty());
            let tenant = tenant.ok_or_else(|| invalid("the TenantId header is required"))?;
            broker.client_credentials(inst, tenant).await
        }
        Some(CONNECTION_GRANT) => {
            let id = field("connection_id").ok_or_else(|| invalid("connection_id is required"))?;
            let want = if field("renew") == Some("true") { Want::RenewedSince(broker.now()) } else { Want::Cached };
            broker.token(inst, id, want).await
        }
        Some("refresh_token") => {
            Err(invalid("refresh tokens stay at the broker: ask for a connection token (docs/broker-protocol.md)"))
        }
        Some(other) => Err(BrokerError::Fortnox {
            status: 400,
            error: "unsupported_grant_type".into(),
            description: Some(format!("grant type {} is not supported", fortnox_oauth::http::cut(other, 60))),
        }),
        None => Err(invalid("grant_type is required")),
    };
    result.map(issued)
}

pub async fn revoke(State(broker): Shared, headers: HeaderMap, body: Bytes) -> Result<Response, BrokerError> {
    let caller = caller(&broker, &headers).await?;
    let form: std::collections::HashMap<String, String> = url::form_urlencoded::parse(&body).into_owned().collect();
    let id = form.get("connection_id").filter(|v| !v.is_empty()).ok_or_else(|| invalid("connection_id is required"))?;
    let force = form.get("force").is_some_and(|v| v == "true");
    broker.revoke(&caller.installation, id, force).await?;
    Ok(ok(StatusCode::OK, json!({ "revoked": true })))
}

pub async fn connections(State(broker): Shared, headers: HeaderMap) -> Result<Response, BrokerError> {
    let caller = caller(&broker, &headers).await?;
    let connections = broker.list(&caller.installation).await?;
    Ok(ok(StatusCode::OK, json!(ConnectionList { connections })))
}

pub async fn health(State(broker): Shared) -> Response {
    if broker.store.healthy().await {
        ok(StatusCode::OK, json!({ "status": "ok", "protocol": PROTOCOL_VERSION }))
    } else {
        ok(StatusCode::SERVICE_UNAVAILABLE, json!({ "status": "database unavailable", "protocol": PROTOCOL_VERSION }))
    }
}

pub async fn not_found() -> Response {
    BrokerError::refused(Refusal::InvalidRequest, "no such endpoint (docs/broker-protocol.md)").into_response()
}
