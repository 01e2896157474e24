//! The HTTP surface (docs/broker-protocol.md): each handler takes its
//! caller and body through the extractors (`extract`), calls one method
//! of `Broker` and answers in JSON. Bodies are small and never logged.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use fortnox_oauth::broker::{
    AuthorizationRegistered, AuthorizationRequest, CONNECTION_GRANT, ConnectionList, EnrollRequest, Enrolled,
    PROTOCOL_HEADER, PROTOCOL_VERSION, Refusal, TokenIssued,
};
use fortnox_oauth::secret::AccessToken;
use serde_json::json;

use crate::Broker;
use crate::error::BrokerError;
use crate::extract::{Caller, FormBody, JsonBody};
use crate::tokens::{Exchange, Issued, Want};

type Shared = State<Arc<Broker>>;

fn ok(status: StatusCode, body: impl serde::Serialize) -> Response {
    let mut response = (status, Json(body)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(PROTOCOL_HEADER, HeaderValue::from(PROTOCOL_VERSION));
    response
}

fn invalid(detail: impl Into<String>) -> BrokerError {
    BrokerError::refused(Refusal::InvalidRequest, detail)
}

pub async fn enroll(
    State(broker): Shared,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<JsonBody<EnrollRequest>, BrokerError>,
) -> Result<Response, BrokerError> {
    // The limit before the body: a flood costs a counter, not a parse.
    broker.limits.enrollment(peer, &headers)?;
    let JsonBody(request) = body?;
    let (id, secret) = broker.enroll(request.client_id.trim(), request.label.as_deref()).await?;
    Ok(ok(
        StatusCode::CREATED,
        Enrolled { installation_id: id, installation_secret: secret, protocol: PROTOCOL_VERSION },
    ))
}

/// A new secret for the calling installation; the old one stops working.
pub async fn rotate(State(broker): Shared, caller: Caller) -> Result<Response, BrokerError> {
    let secret = broker.rotate(&caller.installation).await?;
    Ok(ok(
        StatusCode::OK,
        Enrolled { installation_id: caller.installation, installation_secret: secret, protocol: PROTOCOL_VERSION },
    ))
}

/// "Sign this computer out": every connection revoked, the installation
/// forgotten.
pub async fn sign_out(State(broker): Shared, caller: Caller) -> Result<Response, BrokerError> {
    let connections = broker.remove_installation(&caller.installation).await?;
    Ok(ok(StatusCode::OK, json!({ "signed_out": true, "connections_revoked": connections })))
}

pub async fn register(
    State(broker): Shared,
    caller: Caller,
    JsonBody(request): JsonBody<AuthorizationRequest>,
) -> Result<Response, BrokerError> {
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
    Ok(ok(StatusCode::CREATED, AuthorizationRegistered { expires_in }))
}

fn issued(issued: Issued) -> Response {
    ok(
        StatusCode::OK,
        TokenIssued {
            access_token: AccessToken::new(issued.access_token.as_str()),
            token_type: "bearer".into(),
            expires_in: issued.expires_in,
            scope: issued.scope,
            connection_id: issued.connection_id,
            tenant_id: issued.tenant_id,
            account_type: Some(issued.account_type),
        },
    )
}

pub async fn token(
    State(broker): Shared,
    caller: Caller,
    headers: HeaderMap,
    form: FormBody,
) -> Result<Response, BrokerError> {
    let inst = caller.installation.as_str();
    let result = match form.get("grant_type") {
        Some("authorization_code") => {
            let exchange = Exchange {
                code: form.get("code"),
                redirect_uri: form.get("redirect_uri"),
                state: form.get("state"),
                code_verifier: form.get("code_verifier"),
            };
            // Protocol 1 desktops never confirm: their connections are kept
            // at once, as before.
            broker.exchange(inst, exchange, caller.protocol < 2).await
        }
        Some("client_credentials") => {
            let tenant = headers.get("TenantId").and_then(|v| v.to_str().ok()).filter(|t| !t.trim().is_empty());
            let tenant = tenant.ok_or_else(|| invalid("the TenantId header is required"))?;
            broker.client_credentials(inst, tenant).await
        }
        Some(CONNECTION_GRANT) => {
            let id = form.get("connection_id").ok_or_else(|| invalid("connection_id is required"))?;
            let want = if form.get("renew") == Some("true") { broker.forced_renewal(id) } else { Want::Cached };
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

/// The desktop saved the connection it made: the broker keeps it.
pub async fn confirm(State(broker): Shared, caller: Caller, form: FormBody) -> Result<Response, BrokerError> {
    let id = form.get("connection_id").ok_or_else(|| invalid("connection_id is required"))?;
    broker.confirm(&caller.installation, id).await?;
    Ok(ok(StatusCode::OK, json!({ "confirmed": true })))
}

pub async fn revoke(State(broker): Shared, caller: Caller, form: FormBody) -> Result<Response, BrokerError> {
    let id = form.get("connection_id").ok_or_else(|| invalid("connection_id is required"))?;
    broker.revoke(&caller.installation, id, form.get("force") == Some("true")).await?;
    Ok(ok(StatusCode::OK, json!({ "revoked": true })))
}

pub async fn connections(State(broker): Shared, caller: Caller) -> Result<Response, BrokerError> {
    let connections = broker.list(&caller.installation).await?;
    let installation_secret_age = Some(broker.secret_age(&caller.installation).await?);
    Ok(ok(StatusCode::OK, ConnectionList { connections, installation_secret_age }))
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

pub async fn method_not_allowed() -> Response {
    BrokerError::refused(Refusal::MethodNotAllowed, "this endpoint does not take that method (docs/broker-protocol.md)")
        .into_response()
}
