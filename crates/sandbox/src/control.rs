//! `/sandbox/…`: inspection and fault injection over HTTP, for demos and
//! for tests in other processes. Not part of Fortnox.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use crate::faults::Faults;
use crate::http_util::json;
use crate::state::{Shared, lock};

pub async fn requests(State(s): State<Shared>) -> Response {
    json(StatusCode::OK, &*lock(&s.log))
}

pub async fn clear_requests(State(s): State<Shared>) -> Response {
    lock(&s.log).clear();
    StatusCode::NO_CONTENT.into_response()
}

pub async fn get_faults(State(s): State<Shared>) -> Response {
    json(StatusCode::OK, &*s.faults())
}

pub async fn put_faults(State(s): State<Shared>, Json(faults): Json<Faults>) -> Response {
    *s.faults() = faults;
    StatusCode::NO_CONTENT.into_response()
}

#[derive(Deserialize)]
pub struct ClockChange {
    #[serde(default)]
    advance_secs: Option<i64>,
    #[serde(default)]
    offset_secs: Option<i64>,
}

pub async fn clock(State(s): State<Shared>, Json(change): Json<ClockChange>) -> Response {
    if let Some(offset) = change.offset_secs {
        s.clock.set_offset(offset);
    }
    if let Some(secs) = change.advance_secs {
        s.clock.advance(secs);
    }
    json(StatusCode::OK, &json!({ "offset_secs": s.clock.offset() }))
}

pub async fn grants(State(s): State<Shared>) -> Response {
    json(StatusCode::OK, &s.store().grants())
}

pub async fn tenant_action(State(s): State<Shared>, Path((tenant, action)): Path<(u64, String)>) -> Response {
    let now = s.clock.unix();
    let affected = match action.as_str() {
        "revoke" => s.store().revoke_tenant(tenant),
        "expire-refresh" => s.store().expire_refresh_tokens(tenant, now),
        "expire-access" => s.store().expire_access_tokens(tenant, now),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    json(StatusCode::OK, &json!({ "affected": affected }))
}

pub async fn report(State(s): State<Shared>, body: Bytes) -> Response {
    let value = serde_json::from_slice(&body).unwrap_or_else(|_| json!(String::from_utf8_lossy(&body)));
    lock(&s.reports).push(value);
    StatusCode::NO_CONTENT.into_response()
}

pub async fn reports(State(s): State<Shared>) -> Response {
    json(StatusCode::OK, &*lock(&s.reports))
}

/// A page that behaves like a compromised login page: it tries to reach
/// the desktop app's IPC (every command and plugin the app has, and some
/// it does not) and reports what happened to `/sandbox/report`.
/// A page that tries to take the login window to `target`, and says
/// whether it was allowed to.
pub fn escape(target: &str) -> Response {
    let target = serde_json::to_string(target).unwrap_or_else(|_| "\"about:blank\"".into());
    Html(ESCAPE_PAGE.replace("TARGET", &target)).into_response()
}

const ESCAPE_PAGE: &str = r#"<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Fortnox (sandlåda)</title></head>
<body><h1>Omdirigerar …</h1>
<script>
const report = (where) => fetch("/sandbox/report", { method: "POST", keepalive: true,
  headers: { "content-type": "application/json" }, body: JSON.stringify({ kind: "escape", where }) });
report("leaving").then(() => {
  setTimeout(() => report("still-here"), 1500);
  location.href = TARGET;
});
</script></body></html>"#;

pub async fn hostile(State(s): State<Shared>) -> Response {
    let commands = serde_json::to_string(&s.faults().hostile_commands).unwrap_or_else(|_| "[]".into());
    Html(HOSTILE_PAGE.replace("APP_COMMANDS", &commands)).into_response()
}

const HOSTILE_PAGE: &str = r#"<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Fortnox (sandlåda)</title></head>
<body><h1 id="status">Kontrollerar …</h1>
<script>
(async () => {
  const commands = [
    ...APP_COMMANDS,
    "plugin:opener|open_url", "plugin:shell|execute", "plugin:fs|read_text_file",
    "plugin:event|emit", "plugin:event|listen", "plugin:window|close", "plugin:webview|create_webview_window",
    "plugin:app|version", "plugin:single-instance|focus"
  ];
  const results = {};
  const internals = window.__TAURI_INTERNALS__;
  results.__has_internals = typeof internals;
  for (const cmd of commands) {
    try {
      if (!internals || typeof internals.invoke !== "function") { results[cmd] = "no-ipc"; continue; }
      const value = await Promise.race([
        internals.invoke(cmd, {}),
        new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 3000)),
      ]);
      results[cmd] = "ALLOWED: " + JSON.stringify(value);
    } catch (e) {
      results[cmd] = "refused: " + String(e && e.message ? e.message : e);
    }
  }
  await fetch("/sandbox/report", { method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ kind: "hostile", results }) });
  document.getElementById("status").textContent = "Klar";
})();
</script></body></html>"#;
