//! The token broker under load: 200 installations, each with its own
//! connection, ask at the same moment for a renewed access token (forced,
//! so the broker refreshes at Fortnox); p50 and p99 with SQLite and with
//! PostgreSQL, against 200 direct refreshes with the client secret on the
//! machine, in the same run.

use std::sync::Arc;
use std::time::Instant;

use fortnox_broker::{RunningBroker, Settings};
use fortnox_connect_tests::memory::MemoryKeyring;
use fortnox_connect_tests::scripted::Scripted;
use fortnox_core::oauth::{AuthorizeRequest, RedirectKind};
use fortnox_core::profile::{Profile, TokenAuth, builtin_sandbox_profile};
use fortnox_core::secret::StoredSecret;
use fortnox_core::store::SecretStore;
use fortnox_core::store::secrets::keys;
use fortnox_core::{AccountType, ConnectOutcome, FortnoxConnect};
use fortnox_sandbox::agency::{AGENCY_USERNAME, org_number};
use fortnox_sandbox::{Sandbox, SandboxConfig, seed};

use super::{percentile, push};

const INSTALLATIONS: usize = 200;

/// `INSTALLATIONS` desktops, each connected to its own agency client.
async fn installations(profile: &Profile, dir: &std::path::Path) -> Vec<(Arc<FortnoxConnect>, String)> {
    let mut all = Vec::new();
    for n in 0..INSTALLATIONS {
        let secrets = MemoryKeyring::default();
        if matches!(profile.token_auth, TokenAuth::ClientSecretKeyring) {
            secrets
                .set(&keys::client_secret(&profile.client_id), &StoredSecret::new(seed::DEMO_CLIENT_SECRET))
                .expect("memory");
        }
        let service = FortnoxConnect::new(profile.clone(), &dir.join(n.to_string()), Arc::new(secrets));
        let surface = Scripted::new(AGENCY_USERNAME, Some(org_number(n)));
        let request = AuthorizeRequest::new(vec!["invoices".into()], AccountType::User, RedirectKind::Embedded);
        let id = match service.connect(&surface, request, &|_| {}).await {
            Ok(ConnectOutcome::Connected { connection, .. }) => connection.id,
            other => panic!("installation {n} did not connect: {other:?}"),
        };
        service.enable(&id).await.expect("enabled");
        all.push((Arc::new(service), id));
    }
    all
}

/// Every installation renews at once; milliseconds each waited.
async fn renew_all(all: &[(Arc<FortnoxConnect>, String)]) -> Vec<f64> {
    let tasks: Vec<_> = all
        .iter()
        .map(|(service, id)| {
            let (service, id) = (service.clone(), id.clone());
            tokio::spawn(async move {
                let started = Instant::now();
                service.refresh(&id).await.expect("renewed");
                started.elapsed().as_secs_f64() * 1000.0
            })
        })
        .collect();
    let mut waits = Vec::new();
    for task in tasks {
        waits.push(task.await.expect("task"));
    }
    waits
}

fn summary(waits: &[f64]) -> (f64, f64) {
    (percentile(waits.to_vec(), 0.5), percentile(waits.to_vec(), 0.99))
}

/// A broker's settings for the sandbox at `base`, with the demo client
/// and its data in `data`; callers set the limits their load needs.
pub fn against_sandbox(base: &url::Url, data: &std::path::Path, database_url: Option<String>) -> Settings {
    let base = base.as_str().trim_end_matches('/').to_string();
    Settings {
        fortnox_auth_base: base.clone(),
        fortnox_api_base: base,
        client_id: Some(seed::DEMO_CLIENT_ID.to_string()),
        database_url,
        data_dir: data.to_path_buf(),
        ..Settings::default()
    }
}

/// The demo broker, except that 200 installations may enroll from this
/// one address within a minute (a vendor's broker allows 20) and all 200
/// may renew at Fortnox at once (the default budget is 100 at once).
async fn start_broker(base: &url::Url, data: &std::path::Path, database_url: Option<String>) -> RunningBroker {
    let mut settings = Settings { demo: true, ..against_sandbox(base, data, database_url) };
    settings.limits.enroll_per_minute = 10 * INSTALLATIONS as u32;
    settings.limits.enroll_all_per_minute = 10 * INSTALLATIONS as u32;
    settings.limits.upstream_per_minute = 100 * INSTALLATIONS as u32;
    settings.limits.upstream_burst = 10 * INSTALLATIONS as u32;
    let config = settings
        .resolve(&|name| (name == fortnox_broker::config::CLIENT_SECRET_ENV).then(|| seed::DEMO_CLIENT_SECRET.into()))
        .expect("broker settings");
    RunningBroker::start(config).await.expect("broker starts")
}

pub async fn measure() -> Vec<(String, String)> {
    let mut rows = Vec::new();
    let mut row = |what: &str, value: String| push(&mut rows, what, value);
    let sandbox = Sandbox::start(SandboxConfig::default()).await.expect("sandbox");
    sandbox.update_config(|c| c.companies.iter_mut().for_each(|company| company.integration_licence = true));
    let dir = tempfile::tempdir().expect("temp dir");
    let base = sandbox.base_url().clone();

    let mut direct_profile = builtin_sandbox_profile(&base, &base).expect("profile");
    direct_profile.token_auth = TokenAuth::ClientSecretKeyring;
    let direct = installations(&direct_profile, &dir.path().join("direct")).await;
    let (d50, d99) = summary(&renew_all(&direct).await);

    row(
        &format!("{INSTALLATIONS} installations renew at the same moment (forced refresh at the sandbox)"),
        String::new(),
    );
    row("Direct (client secret on each machine): p50 / p99", format!("{d50:.1} ms / {d99:.1} ms"));
    let mut databases = vec![("SQLite", None)];
    match std::env::var("FORTNOX_TEST_POSTGRES_URL") {
        Ok(url) => databases.push(("PostgreSQL", Some(url))),
        Err(_) => row("PostgreSQL", "not measured: no FORTNOX_TEST_POSTGRES_URL".into()),
    }
    for (name, url) in databases {
        let data = dir.path().join(format!("broker-{name}"));
        std::fs::create_dir_all(&data).expect("broker dir");
        let broker = start_broker(&base, &data, url).await;
        let profile = builtin_sandbox_profile(&base, broker.base_url()).expect("profile");
        let all = installations(&profile, &dir.path().join(name)).await;
        let before = sandbox.token_requests("refresh_token").len();
        let (b50, b99) = summary(&renew_all(&all).await);
        let refreshes = sandbox.token_requests("refresh_token").len() - before;
        row(
            &format!("Through the broker, {name}: p50 / p99"),
            format!(
                "{b50:.1} ms / {b99:.1} ms; ratio to direct {:.2} / {:.2}; {refreshes} refreshes",
                b50 / d50,
                b99 / d99
            ),
        );
    }
    rows
}
