//! Shared setup for core's integration tests: a sandbox over real HTTP,
//! the real token broker in front of it (as vendors ship the app) or a
//! client secret on this machine (an in-house integration), a fresh data
//! directory, the real OS keyring (run inside the D-Bus session
//! scripts/test.sh provides), and a scripted login.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use fortnox_broker::RunningBroker;
use fortnox_core::clock::OffsetClock;
use fortnox_core::http::Backoff;
use fortnox_core::operations::{Host, Operations, ProgressView, RunInfo};
use fortnox_core::profile::{Profile, TokenAuth, builtin_sandbox_profile};
use fortnox_core::secret::StoredSecret;
use fortnox_core::store::{KeyringStore, SecretStore};
use fortnox_core::{
    AccountType, AuthorizationSurface, AuthorizeRequest, ConnectOutcome, Connection, FortnoxConnect, RedirectKind,
    SurfaceError,
};
use fortnox_sandbox::{Sandbox, SandboxConfig};
use url::Url;

// Each test binary uses a few of the sample users.
#[allow(unused_imports)]
pub use fortnox_sandbox::seed::users::*;
pub const BERGSTROM_ORG: &str = "556677-8899";
pub const BERGSTROM_TENANT: u64 = 1406221;

pub fn fast() -> Backoff {
    Backoff { attempts: 3, first_delay: Duration::from_millis(20) }
}

pub struct Env {
    pub sandbox: Sandbox,
    /// The token broker (broker mode).
    pub broker: Option<RunningBroker>,
    pub data: tempfile::TempDir,
    pub profile: Profile,
    pub clock: Arc<OffsetClock>,
    pub secrets: Arc<RecordingKeyring>,
}

impl Env {
    /// Broker mode, as vendors ship the app.
    pub async fn new() -> Env {
        Env::with_client(fortnox_sandbox::seed::DEMO_CLIENT_ID).await
    }

    /// Broker mode for the given registered app.
    pub async fn with_client(client_id: &str) -> Env {
        let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
        let data = tempfile::tempdir().unwrap();
        let broker = RunningBroker::start_demo(
            sandbox.base_url(),
            client_id,
            fortnox_sandbox::seed::DEMO_CLIENT_SECRET,
            &data.path().join("broker"),
            None,
        )
        .await
        .unwrap();
        let mut profile = builtin_sandbox_profile(sandbox.base_url(), broker.base_url()).unwrap();
        profile.client_id = client_id.to_string();
        Env::assemble(sandbox, Some(broker), data, profile)
    }

    /// The client secret on this machine (in the keyring), no broker: an
    /// in-house integration, where this desktop keeps the refresh tokens.
    pub async fn direct() -> Env {
        Env::direct_with_client(fortnox_sandbox::seed::DEMO_CLIENT_ID).await
    }

    pub async fn direct_with_client(client_id: &str) -> Env {
        let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
        let mut profile = builtin_sandbox_profile(sandbox.base_url(), sandbox.base_url()).unwrap();
        profile.client_id = client_id.to_string();
        profile.token_auth = TokenAuth::ClientSecretKeyring;
        let env = Env::assemble(sandbox, None, tempfile::tempdir().unwrap(), profile);
        env.secrets
            .set(
                &fortnox_core::store::secrets::keys::client_secret(client_id),
                &StoredSecret::new(fortnox_sandbox::seed::DEMO_CLIENT_SECRET),
            )
            .unwrap();
        env
    }

    fn assemble(sandbox: Sandbox, broker: Option<RunningBroker>, data: tempfile::TempDir, mut profile: Profile) -> Env {
        // Each test's sandbox is its own issuer, so tests never share
        // keyring entries.
        profile.issuer_id = profile.endpoints.issuer();
        let secrets = Arc::new(RecordingKeyring::new(KeyringStore::for_profile(&profile)));
        Env { sandbox, broker, data, profile, clock: Arc::new(OffsetClock::default()), secrets }
    }

    /// Moves time forward for this desktop and its broker (cached access
    /// tokens expire; the sandbox's own clock is separate).
    pub fn advance(&self, secs: i64) {
        self.clock.advance(secs);
        if let Some(broker) = &self.broker {
            broker.advance_clock(secs);
        }
    }

    /// A service over this environment (several may share it, like the
    /// app and the CLI do).
    pub fn service(&self) -> FortnoxConnect {
        FortnoxConnect::new(self.profile.clone(), self.data.path(), self.secrets.clone())
            .with_backoff(fast())
            .with_clock(self.clock.clone())
            .with_authorize_timeout(Duration::from_secs(20))
    }

    /// The operations over a service of this environment, logging in as
    /// `login` scripts (what the app and the CLI run).
    pub fn operations(&self, login: Scripted) -> Operations<TestHost> {
        let host = TestHost {
            login: std::sync::Mutex::new(login),
            progress: Default::default(),
            notices: Default::default(),
            update: Default::default(),
            installs: Default::default(),
            restarts: Default::default(),
        };
        Operations::new(self.service(), host, RunInfo::default(), Some(fortnox_core::Lang::En), fortnox_core::Lang::En)
    }

    /// How another process rebuilds this environment's profile.
    pub fn profile_spec(&self) -> serde_json::Value {
        serde_json::json!({
            "base": self.sandbox.base_url().as_str(),
            "broker": self.broker.as_ref().map(|b| b.base_url().as_str().to_string()),
            "client_id": self.profile.client_id,
        })
    }

    /// This profile's folder in the data directory.
    pub fn profile_dir(&self) -> std::path::PathBuf {
        fortnox_core::paths::profile_dir(self.data.path(), &self.profile)
    }

    /// A raw keyring entry of this profile.
    pub fn secret(&self, key: &str) -> Option<String> {
        self.secrets.get(key).unwrap().map(|s| s.expose().to_string())
    }

    /// Token entries still in the keyring for connections the state does
    /// not hold: what a result nobody saved would leave behind.
    pub fn unsaved_entries(&self, service: &FortnoxConnect) -> Vec<String> {
        // An unreadable state names no connection.
        let saved: BTreeSet<String> = service.connections().unwrap_or_default().into_iter().map(|c| c.id).collect();
        let written = self.secrets.written.lock().unwrap().clone();
        written
            .into_iter()
            .filter(|key| key.ends_with("/refresh-token") || key.ends_with("/access-token"))
            .filter(|key| !saved.contains(key.split('/').next().unwrap_or_default()))
            .filter(|key| self.secret(key).is_some())
            .collect()
    }
}

type WriteHook = Arc<dyn Fn(&str) + Send + Sync>;

/// The real keyring, remembering every entry written, and calling a
/// test's hook before each write.
pub struct RecordingKeyring {
    inner: KeyringStore,
    written: Mutex<BTreeSet<String>>,
    hook: Mutex<Option<WriteHook>>,
}

impl RecordingKeyring {
    fn new(inner: KeyringStore) -> RecordingKeyring {
        RecordingKeyring { inner, written: Mutex::default(), hook: Mutex::default() }
    }

    /// Runs `hook` with the entry's name before each write, on the
    /// writing thread.
    pub fn before_each_write(&self, hook: impl Fn(&str) + Send + Sync + 'static) {
        *self.hook.lock().unwrap() = Some(Arc::new(hook));
    }
}

impl SecretStore for RecordingKeyring {
    fn get(&self, key: &str) -> fortnox_core::Result<Option<StoredSecret>> {
        self.inner.get(key)
    }

    fn set(&self, key: &str, value: &StoredSecret) -> fortnox_core::Result<()> {
        let hook = self.hook.lock().unwrap().clone();
        if let Some(hook) = hook {
            hook(key);
        }
        self.written.lock().unwrap().insert(key.to_string());
        self.inner.set(key, value)
    }

    fn delete(&self, key: &str) -> fortnox_core::Result<()> {
        self.inner.delete(key)
    }
}

/// Logs in through the sandbox's scripted approval over real HTTP and
/// returns where Fortnox redirected.
#[derive(Clone, Copy)]
pub struct Scripted {
    pub user: &'static str,
    pub decision: &'static str,
    pub company: Option<&'static str>,
    /// Change the callback before it is handed back (tests of tampering).
    pub tamper: Option<fn(Url) -> Url>,
}

impl Scripted {
    pub fn approve(user: &'static str) -> Scripted {
        Scripted { user, decision: "approve", company: None, tamper: None }
    }

    pub fn deny(user: &'static str) -> Scripted {
        Scripted { decision: "deny", ..Scripted::approve(user) }
    }

    pub fn company(mut self, org: &'static str) -> Scripted {
        self.company = Some(org);
        self
    }
}

impl AuthorizationSurface for Scripted {
    async fn authorize(&self, url: &Url, _redirect_uri: &Url) -> Result<Url, SurfaceError> {
        let mut url = url.clone();
        url.query_pairs_mut()
            .append_pair("sandbox_user", self.user)
            .append_pair("sandbox_password", "sandbox")
            .append_pair("sandbox_decision", self.decision);
        if let Some(org) = self.company {
            url.query_pairs_mut().append_pair("sandbox_company", org);
        }
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let response = client.get(url).send().await.map_err(|e| SurfaceError::Failed(e.to_string()))?;
        let Some(location) = response.headers().get("location") else {
            // An error page: the user would read it and close the window.
            return Err(SurfaceError::Closed);
        };
        let callback = Url::parse(location.to_str().unwrap()).unwrap();
        Ok(match self.tamper {
            Some(tamper) => tamper(callback),
            None => callback,
        })
    }
}

/// The operations' host in tests: the scripted login, progress recorded.
pub struct TestHost {
    pub login: std::sync::Mutex<Scripted>,
    pub progress: std::sync::Mutex<Vec<fortnox_core::ConnectProgress>>,
    /// The desktop notifications the operations asked for.
    pub notices: std::sync::Mutex<Vec<fortnox_core::operations::Notice>>,
    /// The update a check finds (none: this host cannot update).
    pub update: std::sync::Mutex<Option<fortnox_core::update::Offer>>,
    /// Installs asked for.
    pub installs: std::sync::atomic::AtomicUsize,
    /// Restarts asked for.
    pub restarts: std::sync::atomic::AtomicUsize,
}

impl TestHost {
    /// The next login logs in like this.
    pub fn set_login(&self, login: Scripted) {
        *self.login.lock().unwrap() = login;
    }
}

impl Host for TestHost {
    type Surface = Scripted;

    fn surface(&self, _: RedirectKind, _: fortnox_core::Lang) -> Scripted {
        *self.login.lock().unwrap()
    }

    fn progress(&self, progress: ProgressView) {
        self.progress.lock().unwrap().push(progress.stage);
    }

    fn cancel_login(&self) {}

    fn open(&self, _: &str) -> bool {
        false
    }

    fn export_dir(&self) -> std::path::PathBuf {
        std::env::temp_dir()
    }

    fn notify(&self, notice: &fortnox_core::operations::Notice) -> bool {
        self.notices.lock().unwrap().push(notice.clone());
        true
    }

    fn updates_enabled(&self) -> bool {
        self.update.lock().unwrap().is_some()
    }

    async fn check_update(
        &self,
        _: &Url,
        _: &str,
    ) -> Result<Option<fortnox_core::update::Offer>, fortnox_core::update::Refused> {
        Ok(self.update.lock().unwrap().clone())
    }

    async fn install_update(&self) -> Result<(), fortnox_core::update::Refused> {
        self.installs.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }

    fn restart(&self) {
        self.restarts.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
}

pub fn request(options: &[&str], account_type: AccountType) -> AuthorizeRequest {
    AuthorizeRequest::new(options.iter().map(|s| s.to_string()).collect(), account_type, RedirectKind::Embedded)
}

pub fn quiet() -> impl Fn(fortnox_core::ConnectProgress) + Send + Sync {
    |_| {}
}

/// Connects and expects a saved connection.
pub async fn connect(service: &FortnoxConnect, surface: &Scripted, request: AuthorizeRequest) -> Connection {
    match service.connect(surface, request, &quiet()).await.unwrap() {
        ConnectOutcome::Connected { connection, .. } => connection,
        other => panic!("expected a connection, got {other:?}"),
    }
}

/// Connects as the Bergström admin, expects a failure after the code was
/// exchanged, and checks that nothing of the result was kept: the
/// approval is revoked at Fortnox and its keyring entries are gone.
/// Returns the error.
pub async fn fails_after_the_exchange_keeping_nothing(env: &Env, service: &FortnoxConnect) -> fortnox_core::Error {
    let err = service
        .connect(&Scripted::approve(ADMIN), request(&["invoices"], AccountType::User), &quiet())
        .await
        .unwrap_err();
    assert_eq!(env.sandbox.token_requests("authorization_code").len(), 1, "the code was exchanged: {err}");
    assert!(env.sandbox.grants().iter().all(|g| g.revoked), "the approval was revoked at Fortnox: {err}");
    assert_eq!(env.unsaved_entries(service), Vec::<String>::new(), "the tokens written are deleted: {err}");
    err
}

/// An error as the app and the CLI explain it, in one language.
pub fn problem(env: &Env, error: &fortnox_core::Error, lang: fortnox_core::Lang) -> fortnox_core::Problem {
    env.operations(Scripted::approve(ADMIN)).failure(error, None).into_lang(lang)
}

/// Approves a saved connection again through the operations (as the
/// app's and the CLI's "Re-authorize" do).
pub async fn reauthorize(
    env: &Env,
    id: &str,
    login: Scripted,
) -> Result<fortnox_core::operations::ConnectResult, fortnox_core::Problem> {
    use fortnox_core::operations::{ConnectRequest, ConnectTarget};
    let target = ConnectTarget::Reauthorize { connection_id: id.to_string() };
    let ops = env.operations(login);
    match ops.connect(ConnectRequest { target, browser: false }).await {
        Ok(result) => Ok(result.en),
        Err(failure) => Err(failure.en),
    }
}

/// Connects as the Bergström admin and enables.
pub async fn connected_and_enabled(env: &Env, account_type: AccountType) -> (FortnoxConnect, String) {
    let service = env.service();
    let summary =
        connect(&service, &Scripted::approve(ADMIN), request(&["invoices", "bookkeeping"], account_type)).await;
    service.enable(&summary.id).await.unwrap();
    (service, summary.id)
}

/// The profile `Env::profile_spec` describes.
pub fn profile_from_spec(spec: &serde_json::Value) -> Profile {
    let base = Url::parse(spec["base"].as_str().unwrap()).unwrap();
    let broker = spec["broker"].as_str().map(|b| Url::parse(b).unwrap());
    let mut profile = builtin_sandbox_profile(&base, broker.as_ref().unwrap_or(&base)).unwrap();
    profile.client_id = spec["client_id"].as_str().unwrap().to_string();
    if broker.is_none() {
        profile.token_auth = TokenAuth::ClientSecretKeyring;
    }
    profile.issuer_id = profile.endpoints.issuer();
    profile
}
