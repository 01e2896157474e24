//! Helpers for talking to a sandbox over real HTTP, as a client would.
#![allow(dead_code)]

use std::collections::HashMap;

use fortnox_sandbox::seed::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_EMBEDDED_REDIRECT};
use fortnox_sandbox::{Sandbox, SandboxConfig};
use reqwest::{Client, Response, StatusCode, redirect};
use serde_json::Value;
use url::Url;

pub use fortnox_sandbox::seed::users::ADMIN as BERGSTROM_ADMIN;
// Each test binary uses a few of the sample users.
#[allow(unused_imports)]
pub use fortnox_sandbox::seed::users::*;
pub const BERGSTROM_TENANT: u64 = 1406221;

pub struct Harness {
    pub sandbox: Sandbox,
    pub http: Client,
}

pub async fn start() -> Harness {
    start_with(SandboxConfig::default()).await
}

pub async fn start_with(config: SandboxConfig) -> Harness {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let sandbox = Sandbox::start(config).await.expect("sandbox starts");
    let http = Client::builder().redirect(redirect::Policy::none()).no_proxy().build().unwrap();
    Harness { sandbox, http }
}

/// An authorize request's parameters, Fortnox-style.
pub struct Authorize {
    pub client_id: String,
    pub scope: String,
    pub state: Option<String>,
    pub redirect_uri: Option<String>,
    pub account_type: Option<String>,
    pub extra: Vec<(String, String)>,
}

impl Default for Authorize {
    fn default() -> Self {
        Authorize {
            client_id: DEMO_CLIENT_ID.to_string(),
            scope: "companyinformation invoice customer profile".to_string(),
            state: Some("state-123".to_string()),
            redirect_uri: Some(DEMO_EMBEDDED_REDIRECT.to_string()),
            account_type: None,
            extra: vec![],
        }
    }
}

impl Authorize {
    pub fn service(mut self) -> Self {
        self.account_type = Some("service".into());
        self
    }

    pub fn scope(mut self, scope: &str) -> Self {
        self.scope = scope.to_string();
        self
    }

    pub fn client(mut self, client_id: &str) -> Self {
        self.client_id = client_id.to_string();
        self
    }

    /// Scripted approval (sandbox only).
    pub fn login_as(mut self, user: &str, decision: &str) -> Self {
        self.extra.push(("sandbox_user".into(), user.into()));
        self.extra.push(("sandbox_password".into(), "sandbox".into()));
        self.extra.push(("sandbox_decision".into(), decision.into()));
        self
    }

    pub fn company(mut self, org: &str) -> Self {
        self.extra.push(("sandbox_company".into(), org.into()));
        self
    }

    pub fn url(&self, sandbox: &Sandbox) -> Url {
        let mut url = sandbox.url("/oauth-v1/auth");
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("client_id", &self.client_id);
            q.append_pair("response_type", "code");
            q.append_pair("scope", &self.scope);
            q.append_pair("access_type", "offline");
            if let Some(state) = &self.state {
                q.append_pair("state", state);
            }
            if let Some(uri) = &self.redirect_uri {
                q.append_pair("redirect_uri", uri);
            }
            if let Some(account_type) = &self.account_type {
                q.append_pair("account_type", account_type);
            }
            for (k, v) in &self.extra {
                q.append_pair(k, v);
            }
        }
        url
    }
}

/// The query of a redirect's Location, as a map.
pub fn location(response: &Response) -> (Url, HashMap<String, String>) {
    assert_eq!(response.status(), StatusCode::FOUND, "expected a 302 redirect");
    let location = response.headers()["location"].to_str().unwrap();
    let url = Url::parse(location).unwrap();
    let query = url.query_pairs().into_owned().collect();
    (url, query)
}

impl Harness {
    pub async fn get(&self, url: Url) -> Response {
        self.http.get(url).send().await.unwrap()
    }

    /// Runs a scripted authorize and returns the redirect's query.
    pub async fn authorize(&self, request: Authorize) -> HashMap<String, String> {
        let response = self.get(request.url(&self.sandbox)).await;
        location(&response).1
    }

    /// Scripted approval → the authorization code.
    pub async fn code_for(&self, request: Authorize) -> String {
        let query = self.authorize(request).await;
        query.get("code").cloned().unwrap_or_else(|| panic!("no code in {query:?}"))
    }

    pub async fn token(&self, form: &[(&str, &str)]) -> (StatusCode, Value) {
        self.token_with(form, Some((DEMO_CLIENT_ID, DEMO_CLIENT_SECRET)), None).await
    }

    pub async fn token_with(
        &self,
        form: &[(&str, &str)],
        basic: Option<(&str, &str)>,
        tenant: Option<&str>,
    ) -> (StatusCode, Value) {
        let mut request = self.http.post(self.sandbox.url("/oauth-v1/token")).form(form);
        if let Some((id, secret)) = basic {
            request = request.basic_auth(id, Some(secret));
        }
        if let Some(tenant) = tenant {
            request = request.header("TenantId", tenant);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        (status, response.json().await.unwrap())
    }

    /// Full connect: scripted approval + code exchange → token JSON.
    pub async fn connect(&self, request: Authorize) -> Value {
        let redirect = request.redirect_uri.clone().unwrap_or_else(|| DEMO_EMBEDDED_REDIRECT.to_string());
        let code = self.code_for(request).await;
        let (status, body) =
            self.token(&[("grant_type", "authorization_code"), ("code", &code), ("redirect_uri", &redirect)]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body
    }

    /// Any method with a raw body; returns status, headers and JSON.
    pub async fn send(
        &self,
        method: reqwest::Method,
        access_token: &str,
        path: &str,
        body: &str,
    ) -> (StatusCode, reqwest::header::HeaderMap, Value) {
        let response = self
            .http
            .request(method, self.sandbox.url(&format!("/3/{path}")))
            .bearer_auth(access_token)
            .header("Accept", "application/json")
            .header("Content-Type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        let (status, headers) = (response.status(), response.headers().clone());
        (status, headers, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn api(&self, access_token: &str, path: &str) -> (StatusCode, Value) {
        let response = self
            .http
            .get(self.sandbox.url(&format!("/3/{path}")))
            .bearer_auth(access_token)
            .header("Accept", "application/json")
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }
}

/// `{"ErrorInformation":{"code":…}}` (or `"Code"`) → the code.
pub fn error_code(body: &Value) -> u64 {
    let info = &body["ErrorInformation"];
    info["code"].as_u64().or_else(|| info["Code"].as_u64()).unwrap_or_else(|| panic!("no ErrorInformation in {body}"))
}
