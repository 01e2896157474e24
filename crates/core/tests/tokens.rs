//! Tokens that are never lost: cached tokens, refresh rotation persisted
//! before use, one refresh for 50 concurrent callers in several processes,
//! kill -9 in the middle of a refresh, reuse detection, and what happens
//! when Fortnox is down. Most run with the client secret here (this
//! desktop keeps the refresh token); the broker-mode tests show the same
//! promises when the vendor's broker keeps it.

mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

use common::*;
use fortnox_core::store::secrets::keys;
use fortnox_core::{AccountType, ConnectionState, ErrorCode};
use fortnox_sandbox::{Fault, FaultKind};

/// Reads this test binary's own worker mode: several processes sharing
/// one data directory, like the app, the CLI and the runtime do.
const WORKER_ENV: &str = "FORTNOX_CORE_TEST_WORKER";

#[tokio::test]
async fn a_cached_token_is_reused_and_an_old_one_refreshed_with_rotation() {
    let env = Env::direct().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    let first = service.access_token(&id).await.unwrap();
    assert!(!first.renewed);
    assert!(env.sandbox.token_requests("refresh_token").is_empty());

    // 56 minutes later the cached token has less than 5 minutes left.
    env.clock.advance(56 * 60);
    let r1 = env.secret(&keys::refresh_token(&id)).unwrap();
    let second = service.access_token(&id).await.unwrap();
    assert!(second.renewed);
    assert_ne!(second.access_token, first.access_token);
    let r2 = env.secret(&keys::refresh_token(&id)).unwrap();
    assert_ne!(r1, r2, "the rotated refresh token is stored");
    assert_eq!(env.sandbox.token_requests("refresh_token").len(), 1);
    let third = service.access_token(&id).await.unwrap();
    assert_eq!(third.access_token, second.access_token);
    let connection = service.connection(&id).unwrap();
    assert!(connection.refresh_started_at.is_none());
}

#[tokio::test]
async fn a_reused_refresh_token_ends_in_needs_reauthorization() {
    let env = Env::direct().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    // Someone else spends the refresh token (a copy of the keyring, a bug
    // elsewhere): the stored one is no longer valid.
    let stolen = env.secret(&keys::refresh_token(&id)).unwrap();
    let _ = rustls::crypto::ring::default_provider().install_default();
    let response = reqwest::Client::new()
        .post(env.sandbox.url("/oauth-v1/token"))
        .basic_auth(fortnox_sandbox::seed::DEMO_CLIENT_ID, Some(fortnox_sandbox::seed::DEMO_CLIENT_SECRET))
        .form(&[("grant_type", "refresh_token"), ("refresh_token", stolen.as_str())])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());

    env.clock.advance(3600);
    let err = service.access_token(&id).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::RefreshTokenInvalid);
    let connection = service.connection(&id).unwrap();
    assert_eq!(connection.state, ConnectionState::NeedsReauthorization);
    assert!(connection.resume_enabled);
    assert_eq!(connection.last_error.unwrap().code, ErrorCode::RefreshTokenInvalid);
    // And it stays refused, without asking Fortnox again.
    let before = env.sandbox.token_requests("refresh_token").len();
    assert_eq!(service.access_token(&id).await.unwrap_err().code(), ErrorCode::RefreshTokenInvalid);
    assert_eq!(env.sandbox.token_requests("refresh_token").len(), before);

    // Re-authorizing brings it back, enabled, with the same id.
    reauthorize(&env, &id, Scripted::approve(ADMIN)).await.unwrap();
    assert_eq!(service.connection(&id).unwrap().state, ConnectionState::Enabled);
    service.access_token(&id).await.unwrap();
}

#[tokio::test]
async fn an_expired_refresh_token_after_45_days_needs_reauthorization() {
    let env = Env::direct().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    env.sandbox.advance_clock(45 * 24 * 3600 + 1);
    env.clock.advance(45 * 24 * 3600 + 1);
    let err = service.access_token(&id).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::RefreshTokenInvalid);
}

#[tokio::test]
async fn keepalive_refreshes_only_old_refresh_tokens() {
    let env = Env::direct().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    let done = service.keepalive(time::Duration::days(30), 4, &|_, _| {}).await.unwrap();
    assert!(done.refreshed.is_empty() && done.failed.is_empty());
    assert_eq!(done.skipped, vec![id.clone()]);
    env.sandbox.advance_clock(31 * 24 * 3600);
    env.clock.advance(31 * 24 * 3600);
    let before = service.connection(&id).unwrap().refresh_expires_at().unwrap();
    let done = service.keepalive(time::Duration::days(30), 4, &|_, _| {}).await.unwrap();
    assert_eq!(done.refreshed, vec![id.clone()]);
    let after = service.connection(&id).unwrap().refresh_expires_at().unwrap();
    assert_eq!((after - before).whole_days(), 31, "a fresh 45 days from now");
}

#[tokio::test]
async fn fortnox_down_leaves_the_connection_as_it_was() {
    let env = Env::direct().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    env.clock.advance(3600);
    env.sandbox.clear_requests();
    env.sandbox.add_fault(Fault {
        kind: FaultKind::Status { status: 503 },
        path_prefix: Some("/oauth-v1/token".into()),
        times: None,
    });
    let err = service.access_token(&id).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::FortnoxUnavailable);
    assert!(err.is_transient());
    let retries = env.sandbox.requests().iter().filter(|r| r.path == "/oauth-v1/token").count();
    assert_eq!(retries, 3, "retried with back-off");
    assert_eq!(service.connection(&id).unwrap().state, ConnectionState::Enabled);
    env.sandbox.clear_faults();
    assert!(service.access_token(&id).await.unwrap().renewed, "works again once Fortnox answers");

    // A flaky network that drops one answer is retried transparently.
    env.clock.advance(3600);
    env.sandbox.add_fault(Fault { kind: FaultKind::Drop, path_prefix: Some("/3/".into()), times: Some(1) });
    service.verify_again(&id).await.unwrap();
}

#[tokio::test]
async fn the_service_account_keeps_its_refresh_token_while_fortnox_is_down() {
    let env = Env::direct().await;
    let (service, id) = connected_and_enabled(&env, AccountType::Service).await;
    env.clock.advance(3600);
    env.sandbox.add_fault(Fault {
        kind: FaultKind::Status { status: 500 },
        path_prefix: Some("/oauth-v1/token".into()),
        times: Some(3),
    });
    let err = service.access_token(&id).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::FortnoxUnavailable);
    assert!(env.sandbox.token_requests("refresh_token").is_empty(), "a server error spends no refresh token");
    assert_eq!(env.sandbox.token_requests("client_credentials").len(), 3, "retried with back-off");

    env.sandbox.clear_faults();
    assert!(service.access_token(&id).await.unwrap().renewed, "works again once Fortnox answers");
    assert!(env.sandbox.token_requests("refresh_token").is_empty());
}

#[tokio::test]
async fn the_service_account_falls_back_to_the_refresh_token_when_client_credentials_are_refused() {
    let env = Env::direct().await;
    let (service, id) = connected_and_enabled(&env, AccountType::Service).await;
    env.clock.advance(3600);
    env.sandbox.add_fault(Fault {
        kind: FaultKind::Status { status: 400 },
        path_prefix: Some("/oauth-v1/token".into()),
        times: Some(1),
    });
    let grant = service.access_token(&id).await.unwrap();
    assert!(grant.renewed);
    assert_eq!(env.sandbox.token_requests("refresh_token").len(), 1, "fell back to the refresh token");
}

// ---- several processes ----

/// Worker mode: when the env var is set, this "test" is a process that
/// asks for access tokens; otherwise it does nothing.
#[test]
fn worker() {
    let Ok(spec) = std::env::var(WORKER_ENV) else {
        return;
    };
    let spec: serde_json::Value = serde_json::from_str(&spec).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async move {
        let profile = profile_from_spec(&spec["profile"]);
        let keyring = std::sync::Arc::new(fortnox_core::store::KeyringStore::for_profile(&profile));
        let clock = std::sync::Arc::new(fortnox_core::clock::OffsetClock::default());
        clock.advance(spec["clock_offset"].as_i64().unwrap());
        let service = std::sync::Arc::new(
            fortnox_core::FortnoxConnect::new(profile, std::path::Path::new(spec["data"].as_str().unwrap()), keyring)
                .with_backoff(fast())
                .with_clock(clock),
        );
        let id = spec["id"].as_str().unwrap().to_string();
        let calls = spec["calls"].as_u64().unwrap();
        let mut tasks = Vec::new();
        for _ in 0..calls {
            let (service, id) = (service.clone(), id.clone());
            tasks.push(tokio::spawn(async move { service.access_token(&id).await }));
        }
        for task in tasks {
            match task.await.unwrap() {
                Ok(grant) => println!("TOKEN {}", fingerprint(grant.access_token.expose())),
                Err(e) => println!("ERROR {}", e.code().as_str()),
            }
        }
    });
}

/// A short stand-in for a token in test output (not the token itself).
fn fingerprint(token: &str) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    token.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

fn spawn_worker(env: &Env, id: &str, calls: u64, clock_offset: i64) -> std::process::Child {
    let spec = serde_json::json!({
        "profile": env.profile_spec(),
        "data": env.data.path(),
        "id": id,
        "calls": calls,
        "clock_offset": clock_offset,
    });
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "worker", "--nocapture", "--test-threads=1", "--quiet"])
        .env(WORKER_ENV, spec.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn lines_of(child: std::process::Child) -> Vec<String> {
    let out = child.wait_with_output().unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("TOKEN ") || l.starts_with("ERROR "))
        .map(String::from)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_callers_in_five_processes_cause_exactly_one_refresh() {
    fifty_callers_one_refresh(Env::direct().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn through_the_broker_fifty_callers_in_five_processes_cause_exactly_one_refresh() {
    fifty_callers_one_refresh(Env::new().await).await;
}

async fn fifty_callers_one_refresh(env: Env) {
    let (_service, id) = connected_and_enabled(&env, AccountType::User).await;
    if let Some(broker) = &env.broker {
        // The broker's cached token must be too old as well.
        broker.advance_clock(56 * 60);
    }
    env.sandbox.clear_requests();
    // Every process sees the cached token as too old.
    let children: Vec<_> = (0..5).map(|_| spawn_worker(&env, &id, 10, 56 * 60)).collect();
    let lines: Vec<String> =
        tokio::task::spawn_blocking(move || children.into_iter().flat_map(lines_of).collect()).await.unwrap();
    assert_eq!(lines.len(), 50, "{lines:?}");
    assert!(lines.iter().all(|l| l.starts_with("TOKEN ")), "{lines:?}");
    let distinct: std::collections::HashSet<_> = lines.iter().collect();
    assert_eq!(distinct.len(), 1, "everyone got the same fresh token");
    assert_eq!(env.sandbox.token_requests("refresh_token").len(), 1, "exactly one refresh");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_before_fortnox_answers_loses_nothing() {
    let env = Env::direct().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    // The refresh hangs before Fortnox handles it; the process is killed.
    env.sandbox.add_fault(Fault {
        kind: FaultKind::Hang { secs: 30 },
        path_prefix: Some("/oauth-v1/token".into()),
        times: Some(1),
    });
    let mut child = spawn_worker(&env, &id, 1, 56 * 60);
    wait_until(|| env.sandbox.token_requests("refresh_token").iter().any(|r| !r.answered())).await;
    child.kill().unwrap();
    child.wait().unwrap();

    env.clock.advance(56 * 60);
    let grant = service.access_token(&id).await.expect("nothing was lost");
    assert!(grant.renewed);
    let connection = service.connection(&id).unwrap();
    assert_eq!(connection.state, ConnectionState::Enabled);
    assert!(connection.refresh_started_at.is_none(), "the marker is cleared by the next success");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_after_fortnox_rotated_ends_in_a_clear_needs_reauthorization() {
    let env = Env::direct().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    // Fortnox rotates the token, but the answer is held back and the
    // process dies before it reaches the keyring: the unavoidable window.
    env.sandbox.add_fault(Fault {
        kind: FaultKind::DelayResponse { secs: 30 },
        path_prefix: Some("/oauth-v1/token".into()),
        times: Some(1),
    });
    let mut child = spawn_worker(&env, &id, 1, 56 * 60);
    wait_until(|| env.sandbox.refreshes_used() == 1).await;
    child.kill().unwrap();
    child.wait().unwrap();

    env.clock.advance(56 * 60);
    let err = service.access_token(&id).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::RefreshInterrupted, "explained, not silently broken");
    let connection = service.connection(&id).unwrap();
    assert_eq!(connection.state, ConnectionState::NeedsReauthorization);
    assert_eq!(connection.last_error.unwrap().code, ErrorCode::RefreshInterrupted);
}

async fn wait_until(condition: impl Fn() -> bool) {
    for _ in 0..200 {
        if condition() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("condition not met within 5 s");
}

#[tokio::test]
async fn without_a_keyring_the_error_says_so_and_nothing_is_written_in_plaintext() {
    // A child process with no D-Bus session has no Secret Service.
    let env = Env::direct().await;
    let (_service, id) = connected_and_enabled(&env, AccountType::User).await;
    let spec = serde_json::json!({
        "profile": env.profile_spec(),
        "data": env.data.path(),
        "id": id,
        "calls": 1,
        "clock_offset": 0,
    });
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "worker", "--nocapture", "--test-threads=1", "--quiet"])
        .env(WORKER_ENV, spec.to_string())
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("ERROR keyring_unavailable"), "{stdout}");
    // The token itself is nowhere in the data directory.
    let refresh = env.secret(&fortnox_core::store::secrets::keys::refresh_token(&id)).unwrap();
    for file in walk(env.data.path()) {
        let bytes = std::fs::read(&file).unwrap_or_default();
        assert!(!String::from_utf8_lossy(&bytes).contains(&refresh), "no plaintext fallback in {}", file.display());
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() { out.extend(walk(&path)) } else { out.push(path) }
    }
    out
}

// ---- broker mode ----

#[tokio::test]
async fn through_the_broker_no_refresh_token_is_ever_on_this_computer() {
    let env = Env::new().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    assert!(env.secret(&keys::refresh_token(&id)).is_none(), "the broker keeps it");
    assert!(service.connection(&id).unwrap().broker_connection.is_some());
    let first = service.access_token(&id).await.unwrap();
    assert!(!first.renewed, "cached");

    env.advance(56 * 60);
    let second = service.access_token(&id).await.unwrap();
    assert!(second.renewed);
    assert_ne!(second.access_token, first.access_token);
    assert_eq!(env.sandbox.token_requests("refresh_token").len(), 1, "the broker refreshed once");
    assert!(env.secret(&keys::refresh_token(&id)).is_none());

    // `refresh` asks the broker for a new token even when its own is fresh.
    let third = service.refresh(&id).await.unwrap();
    assert_ne!(third.access_token, second.access_token);
    assert_eq!(env.sandbox.token_requests("refresh_token").len(), 2);
}

#[tokio::test]
async fn through_the_broker_a_refused_consent_needs_reauthorization_and_reauthorizing_mends_it() {
    let env = Env::new().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    env.sandbox.revoke_tenant(BERGSTROM_TENANT);
    env.advance(3600);
    let err = service.access_token(&id).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::RefreshTokenInvalid);
    assert_eq!(service.connection(&id).unwrap().state, ConnectionState::NeedsReauthorization);

    let old = service.connection(&id).unwrap().broker_connection.unwrap();
    reauthorize(&env, &id, Scripted::approve(ADMIN)).await.unwrap();
    let connection = service.connection(&id).unwrap();
    assert_eq!(connection.state, ConnectionState::Enabled);
    assert_ne!(connection.broker_connection.as_deref(), Some(old.as_str()), "a new approval at the broker");
    service.access_token(&id).await.unwrap();
}

#[tokio::test]
async fn through_the_broker_fortnox_down_is_transient_and_changes_nothing() {
    let env = Env::new().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    env.advance(3600);
    env.sandbox.add_fault(Fault {
        kind: FaultKind::Status { status: 503 },
        path_prefix: Some("/oauth-v1/token".into()),
        times: None,
    });
    let err = service.access_token(&id).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::FortnoxUnavailable);
    assert!(err.is_transient());
    assert_eq!(service.connection(&id).unwrap().state, ConnectionState::Enabled);
    env.sandbox.clear_faults();
    assert!(service.access_token(&id).await.unwrap().renewed);
}

#[tokio::test]
async fn a_broker_that_cannot_be_reached_is_its_own_transient_error() {
    let env = Env::new().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    env.advance(3600);
    // Stop the broker: its port refuses connections.
    let mut env = env;
    env.broker.take().unwrap().stop().await;
    let err = service.access_token(&id).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::BrokerUnavailable);
    assert!(err.is_transient());
    assert_eq!(service.connection(&id).unwrap().state, ConnectionState::Enabled, "nothing changed");
}

#[tokio::test]
async fn a_broker_that_lost_its_data_is_explained_and_reauthorizing_enrolls_again() {
    let mut env = Env::new().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    drop(service);
    // The vendor's broker starts over with an empty database, at the same
    // address (the installation credential belongs to that origin).
    let old = env.broker.take().unwrap();
    let port = old.base_url().port().unwrap();
    old.stop().await;
    let base = env.sandbox.base_url().as_str().trim_end_matches('/').to_string();
    let settings = fortnox_broker::Settings {
        fortnox_auth_base: base.clone(),
        fortnox_api_base: base,
        client_id: Some(fortnox_sandbox::seed::DEMO_CLIENT_ID.into()),
        data_dir: env.data.path().join("broker-after-reset"),
        demo: true,
        port,
        ..fortnox_broker::Settings::default()
    };
    let config = settings
        .resolve(&|name| {
            (name == fortnox_broker::config::CLIENT_SECRET_ENV)
                .then(|| fortnox_sandbox::seed::DEMO_CLIENT_SECRET.to_string())
        })
        .unwrap();
    let broker = fortnox_broker::RunningBroker::start(config).await.unwrap();
    env.profile.token_auth = fortnox_core::profile::TokenAuth::Broker { url: broker.base_url().clone() };
    env.broker = Some(broker);
    let service = env.service();

    env.advance(3600);
    let err = service.access_token(&id).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::BrokerInstallationUnknown);
    assert_eq!(service.connection(&id).unwrap().state, ConnectionState::NeedsReauthorization);
    let problem = env.operations(Scripted::approve(ADMIN)).failure(&err, None).en;
    assert!(problem.offers(&fortnox_core::catalogue::Action::Reauthorize), "{problem:?}");

    // Re-authorizing enrolls again by itself and the connection works.
    reauthorize(&env, &id, Scripted::approve(ADMIN)).await.unwrap();
    assert_eq!(service.connection(&id).unwrap().state, ConnectionState::Enabled);
    service.access_token(&id).await.unwrap();
}

#[tokio::test]
async fn a_service_account_never_spends_its_refresh_token_on_a_fortnox_outage() {
    let env = Env::direct().await;
    let (service, id) = connected_and_enabled(&env, AccountType::Service).await;
    env.clock.advance(3600);
    env.sandbox.add_fault(Fault {
        kind: FaultKind::Status { status: 503 },
        path_prefix: Some("/oauth-v1/token".into()),
        times: None,
    });
    let err = service.access_token(&id).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::FortnoxUnavailable);
    assert!(env.sandbox.token_requests("refresh_token").is_empty(), "the refresh token was not spent");
    env.sandbox.clear_faults();
    assert!(service.access_token(&id).await.unwrap().renewed);
    // Later refused for good: a plain "needs re-authorization", not an
    // interrupted renewal left over from the outage.
    env.sandbox.revoke_tenant(BERGSTROM_TENANT);
    env.clock.advance(3600);
    let err = service.access_token(&id).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::RefreshTokenInvalid, "{err}");
}

/// The broker's SQLite database in this environment (to play a crash).
async fn broker_database(env: &Env) -> sqlx::SqliteConnection {
    use sqlx::Connection;
    let path = env.data.path().join("broker").join("broker.sqlite");
    sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display())).await.unwrap()
}

#[tokio::test]
async fn reconciling_confirms_what_is_saved_here_revokes_what_nobody_saved_and_rotates_the_secret() {
    let env = Env::new().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    let saved = service.connection(&id).unwrap().broker_connection.unwrap();
    // A crash right after the exchange: saved here, but the confirmation
    // never reached the broker.
    let mut db = broker_database(&env).await;
    sqlx::query("UPDATE connections SET confirmed = 0 WHERE id = $1").bind(&saved).execute(&mut db).await.unwrap();
    // And a login nobody saved (the desktop died before saving).
    let ops = env.operations(Scripted::approve(ADMIN));
    let credential = env.secret(&keys::installation(env.broker.as_ref().unwrap().base_url())).unwrap();
    let (inst_id, inst_secret) = credential.split_once('\t').unwrap();
    let installation = fortnox_oauth::broker::Installation {
        id: inst_id.to_string(),
        secret: fortnox_oauth::secret::InstallationSecret::new(inst_secret),
    };
    let client = fortnox_oauth::broker::BrokerClient::new(
        fortnox_oauth::http::Http::new("test"),
        env.broker.as_ref().unwrap().base_url(),
        &env.profile.client_id,
    );
    let (state, verifier) = (fortnox_oauth::secret::random_token(32), fortnox_oauth::secret::PkceVerifier::random());
    let redirect = url::Url::parse(fortnox_sandbox::seed::DEMO_EMBEDDED_REDIRECT).unwrap();
    client
        .register(&installation, &state, &verifier, &redirect, fortnox_oauth::broker::AccountKind::User)
        .await
        .unwrap();
    let code = approve_at_sandbox(&env, &state, &redirect).await;
    let abandoned = client.exchange(&installation, &code, &redirect, &state, &verifier).await.unwrap().connection_id;

    // Younger than a login can take: left alone.
    ops.reconcile().await;
    let listed = client.connections(&installation).await.unwrap().connections;
    assert!(listed.iter().find(|c| c.connection_id == saved).unwrap().confirmed, "what is saved here is confirmed");
    assert!(listed.iter().any(|c| c.connection_id == abandoned), "a login under way is left alone");

    // A month on: the abandoned one is revoked, and the secret rotated.
    env.advance(31 * 86_400);
    ops.reconcile().await;
    let rotated = env.secret(&keys::installation(env.broker.as_ref().unwrap().base_url())).unwrap();
    assert_ne!(rotated, credential, "a new installation secret");
    let renewed = fortnox_oauth::broker::Installation {
        id: inst_id.to_string(),
        secret: fortnox_oauth::secret::InstallationSecret::new(rotated.split_once('\t').unwrap().1),
    };
    let listed = client.connections(&renewed).await.unwrap().connections;
    assert_eq!(listed.iter().map(|c| c.connection_id.as_str()).collect::<Vec<_>>(), [saved.as_str()]);
    assert!(client.connections(&installation).await.is_err(), "the old secret is refused");
    service.access_token(&id).await.expect("the saved connection works with the new secret");
}

/// Approves a registered login at the sandbox; returns the code.
async fn approve_at_sandbox(env: &Env, state: &str, redirect: &url::Url) -> fortnox_oauth::secret::AuthorizationCode {
    let mut url = env.sandbox.url("/oauth-v1/auth");
    url.query_pairs_mut()
        .append_pair("client_id", &env.profile.client_id)
        .append_pair("response_type", "code")
        .append_pair("scope", "companyinformation invoice customer")
        .append_pair("state", state)
        .append_pair("redirect_uri", redirect.as_str())
        .append_pair("sandbox_user", ADMIN)
        .append_pair("sandbox_password", "sandbox")
        .append_pair("sandbox_decision", "approve");
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let answer = client.get(url).send().await.unwrap();
    let location = url::Url::parse(answer.headers()["location"].to_str().unwrap()).unwrap();
    let code = location.query_pairs().find(|(k, _)| k == "code").unwrap().1.into_owned();
    fortnox_oauth::secret::AuthorizationCode::new(code)
}

#[tokio::test]
async fn signing_this_computer_out_revokes_everything_and_forgets_the_installation() {
    let env = Env::new().await;
    let (service, _) = connected_and_enabled(&env, AccountType::User).await;
    let second = request(&["invoices"], AccountType::User);
    connect(&service, &Scripted::approve(fortnox_sandbox::seed::users::NO_PAYROLL), second).await;
    let credential = keys::installation(env.broker.as_ref().unwrap().base_url());
    assert!(env.secret(&credential).is_some());
    let ops = env.operations(Scripted::approve(ADMIN));
    let signed_out = ops.sign_out(fortnox_core::operations::Nothing {}).await.unwrap();
    assert!(signed_out.en.notice.contains("2 connections"), "{}", signed_out.en.notice);
    assert!(signed_out.en.list.connections.is_empty());
    assert!(signed_out.en.list.sign_out.is_none(), "nothing left to sign out");
    assert!(env.sandbox.grants().iter().all(|g| g.revoked), "every consent revoked at Fortnox");
    assert_eq!(env.secret(&credential), None, "the credential is gone from the keyring");
}

/// Agency client `n`, connected and enabled through `service`.
async fn agency_client(service: &fortnox_core::FortnoxConnect, n: usize) -> String {
    let org: &'static str = Box::leak(fortnox_sandbox::agency::org_number(n).into_boxed_str());
    let login = Scripted::approve(fortnox_sandbox::agency::AGENCY_USERNAME).company(org);
    let made = connect(service, &login, request(&["invoices"], AccountType::User)).await;
    service.enable(&made.id).await.unwrap();
    made.id
}

#[tokio::test]
async fn a_problem_is_told_once_again_when_it_comes_back_and_many_at_once_as_one() {
    use fortnox_core::operations::NoticeTarget;
    use fortnox_sandbox::agency::{FIRST_TENANT, company_name, org_number};
    let env = Env::direct().await;
    let service = env.service();
    let mut ids = Vec::new();
    for n in 0..3 {
        ids.push(agency_client(&service, n).await);
    }
    let ops = env.operations(Scripted::approve(ADMIN));
    let told = || ops.host().notices.lock().unwrap().clone();
    let renew_all = || ops.keepalive(0, 4, &|_, _| {});

    // Fortnox stops accepting client 0's approval: one notice, naming it.
    env.sandbox.revoke_tenant(FIRST_TENANT);
    assert_eq!(renew_all().await.unwrap().told, 1);
    let first = told().pop().expect("a notice");
    assert_eq!(first.summary, format!("{} ({})", company_name(0), org_number(0)));
    assert!(first.body.ends_with("You must act."), "{}", first.body);
    assert_eq!(first.action, "Open");
    assert_eq!(first.open, NoticeTarget::Connection { id: ids[0].clone() });
    // The same problem the next day: not again.
    assert_eq!(renew_all().await.unwrap().told, 0);
    assert_eq!(told().len(), 1);

    // Approved again, then gone again: told again.
    let org: &'static str = Box::leak(org_number(0).into_boxed_str());
    let login = Scripted::approve(fortnox_sandbox::agency::AGENCY_USERNAME).company(org);
    reauthorize(&env, &ids[0], login).await.unwrap();
    assert_eq!(renew_all().await.unwrap().told, 0, "well again: forgotten");
    env.sandbox.revoke_tenant(FIRST_TENANT);
    assert_eq!(renew_all().await.unwrap().told, 1);
    assert_eq!(told().len(), 2);

    // Two at once: one summary, opening on those that need attention.
    env.sandbox.revoke_tenant(FIRST_TENANT + 1);
    env.sandbox.revoke_tenant(FIRST_TENANT + 2);
    assert_eq!(renew_all().await.unwrap().told, 2);
    let summary = told().pop().unwrap();
    assert_eq!(summary.summary, "2 client connections need you");
    assert_eq!(summary.body, format!("{}, {} need attention.", company_name(1), company_name(2)));
    assert_eq!(summary.open, NoticeTarget::Attention);
}

#[tokio::test]
async fn the_daily_check_finds_a_licence_lost_in_fortnox_without_a_renewal() {
    use fortnox_sandbox::agency::{FIRST_TENANT, company_name};
    let env = Env::direct().await;
    let service = env.service();
    let id = agency_client(&service, 0).await;
    let ops = env.operations(Scripted::approve(ADMIN));
    let checks = || env.sandbox.requests().iter().filter(|r| r.path == "/3/companyinformation").count();

    // The first keep-alive looks at it once; the same day, not again.
    let before = checks();
    let report = ops.keepalive(30, 4, &|_, _| {}).await.unwrap();
    assert_eq!((report.refreshed.len(), checks() - before), (0, 1), "no renewal due, one request");
    ops.keepalive(30, 4, &|_, _| {}).await.unwrap();
    assert_eq!(checks() - before, 1, "checked today already");

    // The company's Integration licence lapses; a day later the check
    // finds it and the person is told, with no renewal due.
    env.sandbox.update_config(|c| {
        c.companies.iter_mut().filter(|co| co.tenant_id == FIRST_TENANT).for_each(|co| co.integration_licence = false)
    });
    env.advance(25 * 3600);
    let report = ops.keepalive(30, 4, &|_, _| {}).await.unwrap();
    assert_eq!((report.refreshed.len(), report.failed.len(), report.told), (0, 1, 1));
    assert_eq!(report.failed[0].1.en.code, ErrorCode::ApiLicenceMissing);
    let notice = ops.host().notices.lock().unwrap().pop().unwrap();
    assert!(notice.summary.starts_with(&company_name(0)));
    let problem = ops.connection_problem(fortnox_core::operations::ConnectionRequest { id: id.clone() }).await;
    assert_eq!(problem.unwrap().expect("a problem to show").en.code, ErrorCode::ApiLicenceMissing);
    // Renewed licence: the next check clears it.
    env.sandbox.update_config(|c| c.companies.iter_mut().for_each(|co| co.integration_licence = true));
    env.advance(25 * 3600);
    let report = ops.keepalive(30, 4, &|_, _| {}).await.unwrap();
    assert_eq!(report.failed.len(), 0);
    assert!(service.connection(&id).unwrap().last_error.is_none());
}
