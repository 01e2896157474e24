//! `POST /oauth-v1/token` and `POST /oauth-v1/revoke`.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::json;

use crate::http_util::{basic_credentials, json, parse_form};
use crate::state::Shared;
use crate::store::OAuthFailure;

/// A refusal with Fortnox's JSON body, under the content type it was
/// recorded with (docs/fortnox.md §5.3): `invalid_client` as text/plain,
/// `invalid_grant` as text/html; other refusals were not recorded and are
/// sent as application/json.
fn failure(f: OAuthFailure) -> Response {
    let status = StatusCode::from_u16(f.status).unwrap_or(StatusCode::BAD_REQUEST);
    let mut response = json(status, &json!({ "error": f.error, "error_description": f.description }));
    let content_type = match f.error {
        "invalid_client" => Some("text/plain;charset=UTF-8"),
        "invalid_grant" => Some("text/html; charset=UTF-8"),
        _ => None,
    };
    if let Some(value) = content_type {
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(value));
    }
    response
}

/// The client must authenticate with HTTP Basic, like Fortnox requires.
fn authenticate(s: &Shared, headers: &HeaderMap) -> Result<String, OAuthFailure> {
    let Some((id, secret)) = basic_credentials(headers) else {
        return Err(OAuthFailure::new(
            400,
            "invalid_client",
            "Client credentials were not found in the headers or body",
        ));
    };
    let config = s.config();
    match config.app(&id) {
        Some(app) if app.client_secret == secret => {
            if !app.oauth2_enabled {
                return Err(OAuthFailure::new(401, "invalid_client", super::rules::INVALID_CLIENT));
            }
            Ok(id)
        }
        _ => Err(OAuthFailure::new(401, "invalid_client", "The client credentials are invalid")),
    }
}

pub async fn token(State(s): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let form = parse_form(&body);
    let client_id = match authenticate(&s, &headers) {
        Ok(id) => id,
        // Wrong credentials are a 401 on the other grants (recorded) but a
        // 400 on client_credentials (UNCONFIRMED, docs/fortnox.md §17).
        Err(mut f) => {
            if form.get("grant_type").map(String::as_str) == Some("client_credentials") {
                f.status = 400;
            }
            return failure(f);
        }
    };
    let field = |k: &str| form.get(k).map(String::as_str).filter(|v| !v.is_empty());
    let now = s.clock.unix();
    let issuer = s.issuer();
    let result = match field("grant_type") {
        Some("authorization_code") => {
            let Some(code) = field("code") else {
                return failure(OAuthFailure::new(400, "invalid_request", "Missing parameter: \"code\" is required"));
            };
            let default_redirect =
                s.config().app(&client_id).and_then(|a| a.redirect_uris.first().cloned()).unwrap_or_default();
            s.store().exchange_code(&client_id, code, field("redirect_uri"), &default_redirect, &issuer, now)
        }
        Some("refresh_token") => match field("refresh_token") {
            Some(token) => s.store().refresh(&client_id, token, &issuer, now),
            None => Err(OAuthFailure::new(400, "invalid_request", "Missing parameter: \"refresh_token\" is required")),
        },
        Some("client_credentials") => {
            let tenant =
                headers.get("TenantId").and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok());
            match tenant {
                Some(tenant) => s.store().client_credentials(&client_id, tenant, &issuer, now),
                None => Err(OAuthFailure::new(
                    400,
                    "invalid_request",
                    "Missing or invalid header: \"TenantId\" is required",
                )),
            }
        }
        Some(other) => {
            Err(OAuthFailure::new(400, "unsupported_grant_type", format!("Grant type \"{other}\" not supported")))
        }
        None => Err(OAuthFailure::new(400, "invalid_request", "The grant type was not specified in the request")),
    };
    match result {
        Ok(response) => {
            s.capture(&response.access_token);
            if let Some(refresh) = &response.refresh_token {
                s.capture(refresh);
            }
            json(StatusCode::OK, &response)
        }
        Err(f) => failure(f),
    }
}

pub async fn revoke(State(s): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let client_id = match authenticate(&s, &headers) {
        Ok(id) => id,
        Err(f) => return failure(f),
    };
    let form = parse_form(&body);
    let Some(token) = form.get("token").filter(|t| !t.is_empty()) else {
        return failure(OAuthFailure::new(400, "invalid_request", "Missing parameter: \"token\" is required"));
    };
    s.store().revoke(&client_id, token);
    json(StatusCode::OK, &json!({ "revoked": true }))
}
