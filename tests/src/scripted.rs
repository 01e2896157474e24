//! Connections made without a window: the sandbox's scripted login
//! (`sandbox_user`, `sandbox_company`, `sandbox_decision`) through core's
//! real connect, for tests and benchmarks that need many connections in a
//! data directory before the app or the CLI starts.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use fortnox_core::oauth::{AuthorizeRequest, RedirectKind};
use fortnox_core::profile::TokenAuth;
use fortnox_core::secret::StoredSecret;
use fortnox_core::store::SecretStore;
use fortnox_core::store::secrets::keys;
use fortnox_core::{AccountType, AuthorizationSurface, ConnectOutcome, FortnoxConnect, SurfaceError};
use url::Url;

use crate::fixture::Fixture;

/// Logs in as `user`, picks `company` (an org number) when asked, approves,
/// and hands back the callback, noting when it did.
pub struct Scripted {
    pub user: String,
    pub company: Option<String>,
    pub handed_back: Mutex<Option<Instant>>,
    /// Log in only once this many connections opened ahead of time have
    /// been answered, as they are by the time a person has typed a password.
    pub after_warm_up: usize,
}

impl Scripted {
    pub fn new(user: &str, company: Option<String>) -> Scripted {
        Scripted { user: user.to_string(), company, handed_back: Mutex::new(None), after_warm_up: 0 }
    }

    /// Waits for `connections` warm-up requests before logging in.
    pub fn after_warm_up(mut self, connections: usize) -> Scripted {
        self.after_warm_up = connections;
        self
    }
}

/// The warm-up requests (`HEAD /`) the sandbox at `origin` has answered.
async fn warm_ups_answered(client: &reqwest::Client, origin: &Url) -> usize {
    let Ok(answer) = client.get(origin.join("/sandbox/requests").expect("a path")).send().await else { return 0 };
    let log: Vec<serde_json::Value> = answer.json().await.unwrap_or_default();
    log.iter().filter(|r| r["method"] == "HEAD" && r["path"] == "/" && r["status"] != 0).count()
}

impl AuthorizationSurface for Scripted {
    async fn authorize(&self, url: &Url, _redirect: &Url) -> Result<Url, SurfaceError> {
        let mut url = url.clone();
        url.query_pairs_mut()
            .append_pair("sandbox_user", &self.user)
            .append_pair("sandbox_password", fortnox_sandbox::seed::PASSWORD)
            .append_pair("sandbox_decision", "approve");
        if let Some(company) = &self.company {
            url.query_pairs_mut().append_pair("sandbox_company", company);
        }
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| SurfaceError::Failed(e.to_string()))?;
        while warm_ups_answered(&client, &url).await < self.after_warm_up {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        let answer = client.get(url).send().await.map_err(|e| SurfaceError::Failed(e.to_string()))?;
        let location = answer.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default();
        let callback = Url::parse(location).map_err(|e| SurfaceError::Failed(format!("{e}: {location}")))?;
        *self.handed_back.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now());
        Ok(callback)
    }
}

/// Core as the app and the CLI run it for the fixture's profile. In
/// direct mode the app and the CLI read the client secret from their
/// environment; this process keeps it in the keyring instead (same
/// secret, same namespace), so no process-wide variable is set.
pub fn service(fixture: &Fixture, data_dir: &Path) -> FortnoxConnect {
    service_with(fixture, data_dir, Arc::new(fixture.keyring()))
}

/// Core for the fixture's profile with its secrets in `keyring`.
pub fn service_with(fixture: &Fixture, data_dir: &Path, keyring: Arc<dyn SecretStore>) -> FortnoxConnect {
    let mut profile = fixture.core_profile();
    if matches!(profile.token_auth, TokenAuth::ClientSecretEnv { .. }) {
        profile.token_auth = TokenAuth::ClientSecretKeyring;
        let secret = StoredSecret::new(fortnox_sandbox::seed::DEMO_CLIENT_SECRET);
        if let Err(e) = keyring.set(&keys::client_secret(&profile.client_id), &secret) {
            panic!("the keyring keeps the client secret: {e}");
        }
    }
    FortnoxConnect::new(profile, data_dir, keyring)
}

/// Connects and enables the agency's clients `clients` (indexes into the
/// sandbox's generated list) in `data_dir`, with the secrets in the
/// system keyring; returns the connection ids in the same order.
pub async fn connect_agency_clients(
    fixture: &Fixture,
    data_dir: &Path,
    clients: impl IntoIterator<Item = usize>,
) -> Vec<String> {
    connect_agency_clients_with(&service(fixture, data_dir), clients).await
}

/// Connects and enables the agency's clients `clients` through `service`
/// as the agency's consultant with their own user, four at a time (one
/// login's round trips overlap another's keyring writes).
pub async fn connect_agency_clients_with(
    service: &FortnoxConnect,
    clients: impl IntoIterator<Item = usize>,
) -> Vec<String> {
    use futures_util::StreamExt;
    futures_util::stream::iter(clients)
        .map(|n| async move {
            let surface =
                Scripted::new(fortnox_sandbox::agency::AGENCY_USERNAME, Some(fortnox_sandbox::agency::org_number(n)));
            let request = AuthorizeRequest::new(vec!["invoices".into()], AccountType::User, RedirectKind::Embedded);
            let id = match service.connect(&surface, request, &|_| {}).await {
                Ok(ConnectOutcome::Connected { connection, .. }) => connection.id,
                other => panic!("client {n} did not connect: {other:?}"),
            };
            if let Err(e) = service.enable(&id).await {
                panic!("client {n} could not be enabled: {e}");
            }
            id
        })
        .buffered(4)
        .collect()
        .await
}
