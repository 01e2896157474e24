//! The broker at scale, one replica on this machine: 10,000 enrolled
//! installations and 20,000 connections (written straight into its
//! database, sealed under its key), and cached access tokens asked for as
//! fast as 32 clients can: throughput and p50/p99, on SQLite and on
//! PostgreSQL, against the same load on `healthz` (the floor: HTTP and one
//! database query, no authentication, no token). Then the same load while
//! one connection's refresh hangs at Fortnox, and while the sealing key is
//! changed (`rekey`) over all 20,000.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use fortnox_broker::config::{CLIENT_SECRET_ENV, KEY_ENV, OLD_KEYS_ENV};
use fortnox_broker::seal::{Keys, Place, SealKey};
use fortnox_broker::{Admin, RunningBroker, Settings};
use fortnox_oauth::broker::{AccountKind, BrokerClient, CONNECTION_GRANT, Installation};
use fortnox_sandbox::{Fault, FaultKind, Sandbox, SandboxConfig, seed};
use sqlx::Any;

use super::{percentile, push};

const INSTALLATIONS: usize = 10_000;
const CONNECTIONS: usize = 20_000;
const CLIENTS: usize = 32;
const SECONDS: u64 = 8;

fn settings(base: &url::Url, data: &std::path::Path, database_url: Option<String>) -> Settings {
    let mut settings = super::broker::against_sandbox(base, data, database_url);
    // The load is one address: no per-address limit may count it.
    settings.limits.failed_auth_per_minute = 1_000_000;
    settings.limits.per_minute = 1_000_000;
    settings.limits.burst = 100_000;
    settings
}

fn config(settings: Settings, key: &str, old: Option<&str>) -> fortnox_broker::BrokerConfig {
    let (key, old) = (key.to_string(), old.map(str::to_string));
    settings
        .resolve(&move |name| match name {
            CLIENT_SECRET_ENV => Some(seed::DEMO_CLIENT_SECRET.to_string()),
            KEY_ENV => Some(key.clone()),
            OLD_KEYS_ENV => old.clone(),
            _ => None,
        })
        .expect("broker settings")
}

/// Writes the installations and connections, sealed under `key`.
async fn seed_database(url: &str, key: &str) -> Vec<(String, String, String)> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::any::AnyPoolOptions::new().max_connections(2).connect(url).await.expect("the database");
    let keys = Keys::new(SealKey::from_base64(key).expect("key"), vec![]);
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let installations: Vec<(String, String)> = (0..INSTALLATIONS)
        .map(|i| (format!("inst_bench{i:05}"), format!("secret-{i:05}-{}", fortnox_oauth::secret::random_token(8))))
        .collect();
    let mut tx = pool.begin().await.expect("transaction");
    for chunk in installations.chunks(500) {
        let sql = format!(
            "INSERT INTO installations (id, secret_hash, label, created_at, last_seen_at, secret_set_at) VALUES {}",
            placeholders(chunk.len(), 6)
        );
        let mut insert = sqlx::query::<Any>(&sql);
        for (id, secret) in chunk {
            insert =
                insert.bind(id.clone()).bind(keys.hash_secret(id, secret)).bind("bench").bind(now).bind(now).bind(now);
        }
        insert.execute(&mut *tx).await.expect("installations");
    }
    let connections: Vec<(String, String, String)> = (0..CONNECTIONS)
        .map(|c| {
            let (installation, secret) = &installations[c % INSTALLATIONS];
            (installation.clone(), secret.clone(), format!("conn_bench{c:05}"))
        })
        .collect();
    for chunk in connections.chunks(500) {
        let sql = format!(
            "INSERT INTO connections (id, installation_id, tenant_id, account_type, scopes, state, access_token, \
             access_expires_at, created_at, last_refresh_at, confirmed, last_used_at, binding) VALUES {}",
            placeholders(chunk.len(), 13)
        );
        let mut insert = sqlx::query::<Any>(&sql);
        for (installation, _, id) in chunk {
            let place = |field| Place { installation, connection: id, field };
            let token = format!("eyJ.bench.{id}");
            insert = insert
                .bind(id.clone())
                .bind(installation.clone())
                .bind("1406221")
                .bind("user")
                .bind("invoice")
                .bind("active")
                .bind(keys.seal(place("access_token"), &token))
                .bind(now + 86_400)
                .bind(now)
                .bind(now)
                .bind(1_i64)
                .bind(now)
                .bind(keys.seal(place("binding"), "user/1406221"));
        }
        insert.execute(&mut *tx).await.expect("connections");
    }
    tx.commit().await.expect("committed");
    pool.close().await;
    connections
}

/// `($1, $2, …), (…)` for `rows` rows of `columns` values: the same text
/// on SQLite and PostgreSQL (the `Any` query builder writes `?`, which
/// PostgreSQL does not take).
fn placeholders(rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|r| format!("({})", (1..=columns).map(|c| format!("${}", r * columns + c)).collect::<Vec<_>>().join(", ")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a load run saw.
struct Load {
    per_second: f64,
    p50: f64,
    p99: f64,
    errors: usize,
}

/// `CLIENTS` clients ask for cached tokens (or `healthz`) for `SECONDS`.
async fn load(base: &url::Url, connections: Arc<Vec<(String, String, String)>>, floor: bool) -> Load {
    let http = reqwest::Client::builder().pool_max_idle_per_host(CLIENTS).build().expect("client");
    let stop = Arc::new(AtomicBool::new(false));
    let errors = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..CLIENTS)
        .map(|w| {
            let (http, stop, errors, connections, base) =
                (http.clone(), stop.clone(), errors.clone(), connections.clone(), base.clone());
            tokio::spawn(async move {
                let mut waits = Vec::new();
                let mut n = w * 7919;
                while !stop.load(Ordering::Relaxed) {
                    n = (n + 104_729) % connections.len();
                    let (installation, secret, id) = &connections[n];
                    let request = if floor {
                        http.get(base.join("healthz").expect("url"))
                    } else {
                        http.post(base.join("token").expect("url"))
                            .basic_auth(installation, Some(secret))
                            .form(&[("grant_type", CONNECTION_GRANT), ("connection_id", id.as_str())])
                    };
                    let at = Instant::now();
                    match request.send().await {
                        Ok(answer) if answer.status().is_success() => {
                            let _ = answer.bytes().await;
                            waits.push(at.elapsed().as_secs_f64() * 1000.0);
                        }
                        _ => {
                            errors.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
                waits
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(SECONDS)).await;
    stop.store(true, Ordering::Relaxed);
    let mut waits = Vec::new();
    for worker in workers {
        waits.extend(worker.await.expect("worker"));
    }
    let elapsed = started.elapsed().as_secs_f64();
    Load {
        per_second: waits.len() as f64 / elapsed,
        p50: percentile(waits.clone(), 0.5),
        p99: percentile(waits, 0.99),
        errors: errors.load(Ordering::Relaxed),
    }
}

fn describe(load: &Load) -> String {
    format!("{:.0} requests/s, p50 {:.1} ms, p99 {:.1} ms, {} errors", load.per_second, load.p50, load.p99, load.errors)
}

/// One real connection (through the sandbox) whose access token has
/// expired, so that asking for it refreshes at Fortnox.
async fn real_connection(sandbox: &Sandbox, broker: &RunningBroker) -> (BrokerClient, Installation, String) {
    let client = BrokerClient::new(fortnox_oauth::http::Http::new("bench"), broker.base_url(), seed::DEMO_CLIENT_ID);
    let installation = client.enroll("bench").await.expect("enrolled");
    let (state, verifier) = (fortnox_oauth::secret::random_token(32), fortnox_oauth::secret::PkceVerifier::random());
    let redirect = url::Url::parse(seed::DEMO_EMBEDDED_REDIRECT).expect("url");
    client.register(&installation, &state, &verifier, &redirect, AccountKind::User).await.expect("registered");
    let mut url = sandbox.url("/oauth-v1/auth");
    url.query_pairs_mut()
        .append_pair("client_id", seed::DEMO_CLIENT_ID)
        .append_pair("response_type", "code")
        .append_pair("scope", "companyinformation invoice")
        .append_pair("state", &state)
        .append_pair("redirect_uri", redirect.as_str())
        .append_pair("sandbox_user", seed::users::ADMIN)
        .append_pair("sandbox_password", seed::PASSWORD)
        .append_pair("sandbox_decision", "approve");
    let plain = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let answer = plain.get(url).send().await.expect("sandbox");
    let location = url::Url::parse(answer.headers()["location"].to_str().expect("text")).expect("url");
    let code = location.query_pairs().find(|(k, _)| k == "code").expect("code").1.into_owned();
    let grant = client
        .exchange(&installation, &fortnox_oauth::secret::AuthorizationCode::new(code), &redirect, &state, &verifier)
        .await
        .expect("exchanged");
    client.confirm(&installation, &grant.connection_id).await.expect("confirmed");
    (client, installation, grant.connection_id)
}

/// A new, empty database on the PostgreSQL server scripts/bench.sh starts.
async fn fresh_postgres_database(server: &str) -> String {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(server).await.expect("the PostgreSQL server answers");
    let name = format!("bench_{}", fortnox_oauth::secret::random_token(8).to_lowercase().replace('-', "_"));
    sqlx::raw_sql(&format!("CREATE DATABASE \"{name}\"")).execute(&mut conn).await.expect("database created");
    let mut url = url::Url::parse(server).expect("a URL");
    url.set_path(&format!("/{name}"));
    url.to_string()
}

pub async fn measure() -> Vec<(String, String)> {
    let mut rows = Vec::new();
    let mut row = |what: &str, value: String| push(&mut rows, what, value);
    let sandbox = Sandbox::start(SandboxConfig::default()).await.expect("sandbox");
    let dir = tempfile::tempdir().expect("temp dir");
    let base = sandbox.base_url().clone();
    let mut databases = vec![("SQLite", None)];
    if let Ok(url) = std::env::var("FORTNOX_TEST_POSTGRES_URL") {
        databases.push(("PostgreSQL", Some(url)));
    }
    row(
        &format!(
            "One replica, {INSTALLATIONS} installations, {CONNECTIONS} connections; {CLIENTS} clients for {SECONDS} s each"
        ),
        String::new(),
    );
    for (name, url) in databases {
        let data = dir.path().join(name);
        std::fs::create_dir_all(&data).expect("dir");
        let url = match url {
            Some(server) => fresh_postgres_database(&server).await,
            None => format!("sqlite://{}?mode=rwc", data.join("broker.sqlite").display()),
        };
        let (key, new_key) = (SealKey::random().to_base64().to_string(), SealKey::random().to_base64().to_string());
        // Migrate, then seed beside it.
        RunningBroker::start(config(settings(&base, &data, Some(url.clone())), &key, None))
            .await
            .expect("broker")
            .stop()
            .await;
        let connections = Arc::new(seed_database(&url, &key).await);
        let broker =
            RunningBroker::start(config(settings(&base, &data, Some(url.clone())), &key, None)).await.expect("broker");
        let floor = load(broker.base_url(), connections.clone(), true).await;
        let cached = load(broker.base_url(), connections.clone(), false).await;
        row(&format!("{name}: healthz (the floor)"), describe(&floor));
        row(
            &format!("{name}: cached access tokens (goal ≥ 2,000/s at p99 ≤ 20 ms)"),
            format!(
                "{}; ratio to the floor {:.2} (throughput)",
                describe(&cached),
                cached.per_second / floor.per_second
            ),
        );

        // One refresh hangs at Fortnox meanwhile.
        // (A forced renewal, not a later clock: an hour on, every first
        // request of the hour would write its "last used" too.)
        let (client, installation, hung) = real_connection(&sandbox, &broker).await;
        sandbox.add_fault(Fault {
            kind: FaultKind::Hang { secs: 25 },
            path_prefix: Some("/oauth-v1/token".into()),
            times: Some(1),
        });
        let stuck = tokio::spawn(async move { client.connection_token(&installation, &hung, true).await });
        tokio::time::sleep(Duration::from_millis(300)).await;
        let during = load(broker.base_url(), connections.clone(), false).await;
        row(
            &format!("{name}: the same while one refresh hangs at Fortnox"),
            format!(
                "{}; p99 ratio to no hang {:.2}; the hung one still waiting: {}",
                describe(&during),
                during.p99 / cached.p99,
                !stuck.is_finished()
            ),
        );
        stuck.abort();
        sandbox.clear_faults();
        broker.stop().await;

        // The key changes while tokens are served.
        let broker = RunningBroker::start(config(settings(&base, &data, Some(url.clone())), &new_key, Some(&key)))
            .await
            .expect("broker");
        let admin =
            Admin::open(config(settings(&base, &data, Some(url.clone())), &new_key, Some(&key))).await.expect("admin");
        let served = tokio::spawn({
            let (base, connections) = (broker.base_url().clone(), connections.clone());
            async move { load(&base, connections, false).await }
        });
        let started = Instant::now();
        let resealed = admin.rekey(&|_| {}).await.expect("rekey").connections;
        let took = started.elapsed().as_secs_f64();
        let served = served.await.expect("load");
        admin.close().await;
        row(
            &format!("{name}: rekey of {resealed} connections while served"),
            format!("{took:.1} s; meanwhile {}", describe(&served)),
        );
        broker.stop().await;
    }
    rows
}
