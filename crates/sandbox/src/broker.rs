//! The token broker a vendor would run: `/broker/token` and
//! `/broker/revoke` take the same form bodies as Fortnox's endpoints but
//! no client credentials, and forward them with the app's secret, so the
//! desktop never holds it.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::http_util::{json, parse_form};
use crate::seed::DEMO_CLIENT_ID;
use crate::state::Shared;

pub async fn token(State(s): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    forward(&s, "oauth-v1/token", &headers, body).await
}

pub async fn revoke(State(s): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    forward(&s, "oauth-v1/revoke", &headers, body).await
}

async fn forward(s: &Shared, path: &str, headers: &HeaderMap, body: Bytes) -> Response {
    // The broker serves the app named in the body (`client_id`, which
    // oauth2 clients add when they have no secret), else the demo app.
    let form = parse_form(&body);
    let credentials = {
        let config = s.config();
        let app = form.get("client_id").and_then(|id| config.app(id)).or_else(|| config.app(DEMO_CLIENT_ID));
        app.map(|a| (a.client_id.clone(), a.client_secret.clone()))
    };
    let Some((client_id, secret)) = credentials else {
        return json(StatusCode::BAD_GATEWAY, &json!({ "error": "broker_misconfigured" }));
    };
    let body: Vec<(String, String)> = form.into_iter().filter(|(k, _)| k != "client_id").collect();
    let mut request =
        s.http.post(s.base_url.join(path).expect("static path")).basic_auth(client_id, Some(secret)).form(&body);
    if let Some(tenant) = headers.get("TenantId") {
        request = request.header("TenantId", tenant);
    }
    match request.send().await {
        Ok(upstream) => {
            let status = upstream.status();
            let content_type = upstream.headers().get(header::CONTENT_TYPE).cloned();
            let bytes = upstream.bytes().await.unwrap_or_default();
            let mut response = (status, bytes).into_response();
            response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            if let Some(ct) = content_type {
                response.headers_mut().insert(header::CONTENT_TYPE, ct);
            }
            response
        }
        Err(_) => json(StatusCode::BAD_GATEWAY, &json!({ "error": "upstream_unavailable" })),
    }
}
