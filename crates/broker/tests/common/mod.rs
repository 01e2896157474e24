//! A sandbox playing Fortnox, the real broker in front of it, and a
//! desktop's side of the protocol (`BrokerClient`), all over real HTTP.
#![allow(dead_code)]

use std::time::Duration;

use fortnox_broker::{RunningBroker, Settings};
use fortnox_oauth::Backoff;
use fortnox_oauth::broker::{AccountKind, BrokerClient, BrokerGrant, Installation};
use fortnox_oauth::secret::{AuthorizationCode, PkceVerifier, random_token};
use fortnox_sandbox::seed::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_EMBEDDED_REDIRECT};
use fortnox_sandbox::{Sandbox, SandboxConfig};
use url::Url;

pub use fortnox_sandbox::seed::users::*;

pub struct Stack {
    pub sandbox: Sandbox,
    pub broker: RunningBroker,
    pub dir: tempfile::TempDir,
    pub client: BrokerClient,
    pub http: reqwest::Client,
}

/// A login that Fortnox approved: what the desktop holds afterwards.
pub struct Login {
    pub state: String,
    pub verifier: PkceVerifier,
    pub code: AuthorizationCode,
    pub redirect: Url,
}

pub fn http() -> fortnox_oauth::http::Http {
    fortnox_oauth::http::Http::new("broker-tests")
}

pub fn client_for(base: &Url) -> BrokerClient {
    BrokerClient::new(http(), base, DEMO_CLIENT_ID)
        .with_backoff(Backoff { attempts: 1, first_delay: Duration::from_millis(10) })
}

pub async fn sandbox() -> Sandbox {
    Sandbox::start(SandboxConfig::default()).await.expect("sandbox starts")
}

pub async fn stack() -> Stack {
    let sandbox = sandbox().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let broker = RunningBroker::start_demo(sandbox.base_url(), DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, dir.path(), None)
        .await
        .expect("broker starts");
    let client = client_for(broker.base_url());
    Stack { sandbox, broker, dir, client, http: reqwest::Client::clone(&http()) }
}

/// A broker with other settings, in front of `sandbox`.
pub async fn broker_with(
    sandbox: &Sandbox,
    dir: &std::path::Path,
    change: impl FnOnce(&mut Settings),
) -> RunningBroker {
    RunningBroker::start(config_with(sandbox, dir, change, &[])).await.expect("broker starts")
}

/// The configuration `broker_with` starts, with more environment (keys).
pub fn config_with(
    sandbox: &Sandbox,
    dir: &std::path::Path,
    change: impl FnOnce(&mut Settings),
    env: &[(&str, String)],
) -> fortnox_broker::BrokerConfig {
    let base = sandbox.base_url().as_str().trim_end_matches('/').to_string();
    let mut settings = Settings {
        fortnox_auth_base: base.clone(),
        fortnox_api_base: base,
        client_id: Some(DEMO_CLIENT_ID.into()),
        data_dir: dir.to_path_buf(),
        demo: true,
        ..Settings::default()
    };
    change(&mut settings);
    let env: Vec<(String, String)> = env.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    settings
        .resolve(&move |name| {
            if name == fortnox_broker::config::CLIENT_SECRET_ENV {
                return Some(DEMO_CLIENT_SECRET.to_string());
            }
            env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
        })
        .expect("valid settings")
}

impl Stack {
    pub async fn enroll(&self) -> Installation {
        self.client.enroll("broker tests").await.expect("enrolled")
    }

    /// Registers an authorization for `installation`, then logs in as
    /// `user` through the sandbox's scripted approval.
    pub async fn login(&self, installation: &Installation, user: &str, account: AccountKind) -> Login {
        login(&self.sandbox, &self.client, installation, user, account).await
    }

    /// A whole connect as a desktop does it: register, log in, exchange,
    /// confirm that it was saved.
    pub async fn connect(&self, installation: &Installation, user: &str, account: AccountKind) -> BrokerGrant {
        let grant = self.connect_unconfirmed(installation, user, account).await;
        self.client.confirm(installation, &grant.connection_id).await.expect("confirmed");
        grant
    }

    /// Register, log in, exchange: a desktop that never got to save it.
    pub async fn connect_unconfirmed(
        &self,
        installation: &Installation,
        user: &str,
        account: AccountKind,
    ) -> BrokerGrant {
        let login = self.login(installation, user, account).await;
        self.client
            .exchange(installation, &login.code, &login.redirect, &login.state, &login.verifier)
            .await
            .expect("exchanged")
    }

    /// Refresh requests that reached Fortnox.
    pub fn refreshes(&self) -> usize {
        self.sandbox.token_requests("refresh_token").len()
    }
}

pub async fn login(
    sandbox: &Sandbox,
    client: &BrokerClient,
    installation: &Installation,
    user: &str,
    account: AccountKind,
) -> Login {
    login_registered_as(sandbox, client, installation, user, account, account).await
}

/// A login registered at the broker as `registered`, but done at Fortnox
/// as `at_fortnox` (the authorize URL is the desktop's: it can leave out
/// `account_type=service` whatever it registered).
pub async fn login_registered_as(
    sandbox: &Sandbox,
    client: &BrokerClient,
    installation: &Installation,
    user: &str,
    registered: AccountKind,
    at_fortnox: AccountKind,
) -> Login {
    let account = at_fortnox;
    let state = random_token(32);
    let verifier = PkceVerifier::random();
    let redirect = Url::parse(DEMO_EMBEDDED_REDIRECT).expect("a URL");
    client.register(installation, &state, &verifier, &redirect, registered).await.expect("registered");
    let mut url = sandbox.url("/oauth-v1/auth");
    url.query_pairs_mut()
        .append_pair("client_id", DEMO_CLIENT_ID)
        .append_pair("response_type", "code")
        .append_pair("scope", "companyinformation invoice customer")
        .append_pair("access_type", "offline")
        .append_pair("state", &state)
        .append_pair("redirect_uri", redirect.as_str())
        .append_pair("sandbox_user", user)
        .append_pair("sandbox_password", fortnox_sandbox::seed::PASSWORD)
        .append_pair("sandbox_decision", "approve");
    if account == AccountKind::Service {
        url.query_pairs_mut().append_pair("account_type", "service");
    }
    let answer = http().get(url).send().await.expect("sandbox answers");
    let location = answer.headers().get("location").expect("a redirect").to_str().expect("text");
    let callback = Url::parse(location).expect("a URL");
    let code = callback.query_pairs().find(|(k, _)| k == "code").map(|(_, v)| v.into_owned()).expect("a code");
    Login { state, verifier, code: AuthorizationCode::new(code), redirect }
}

/// The broker's refusal code, or panics.
pub fn refusal<T: std::fmt::Debug>(result: Result<T, fortnox_oauth::TokenError>) -> (u16, String) {
    match result {
        Err(fortnox_oauth::TokenError::Refused { status, error, .. }) => (status, error),
        other => panic!("expected a refusal, got {other:?}"),
    }
}
