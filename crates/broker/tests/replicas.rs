//! Replicas on one real PostgreSQL server (scripts/test.sh starts a
//! throwaway cluster and names it in FORTNOX_TEST_POSTGRES_URL): one
//! refresh for a hundred callers spread over two replicas, and kill -9 of
//! the replica that is refreshing never leaves a connection silently
//! broken.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use fortnox_broker::RunningBroker;
use fortnox_oauth::broker::{AccountKind, BrokerClient, ConnectionHealth};
use fortnox_sandbox::seed::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET};
use fortnox_sandbox::{Fault, FaultKind, Sandbox};
use futures_util::future::join_all;
use sqlx::Connection;

fn server_url() -> String {
    std::env::var("FORTNOX_TEST_POSTGRES_URL").expect(
        "FORTNOX_TEST_POSTGRES_URL is not set: run the tests through scripts/test.sh, which starts a throwaway PostgreSQL",
    )
}

/// A new, empty database on the test server.
async fn fresh_database() -> String {
    let server = server_url();
    let mut conn = sqlx::PgConnection::connect(&server).await.expect("the test PostgreSQL answers");
    let name = format!("broker_{}", fortnox_oauth::secret::random_token(8).to_lowercase().replace('-', "_"));
    sqlx::raw_sql(&format!("CREATE DATABASE \"{name}\"")).execute(&mut conn).await.expect("database created");
    let mut url = url::Url::parse(&server).expect("a URL");
    url.set_path(&format!("/{name}"));
    url.to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_replicas_share_one_refresh_for_a_hundred_callers() {
    let sandbox = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let database = fresh_database().await;
    // Both replicas read the same sealing key from the shared folder.
    let start = || {
        RunningBroker::start_demo(
            sandbox.base_url(),
            DEMO_CLIENT_ID,
            DEMO_CLIENT_SECRET,
            dir.path(),
            Some(database.clone()),
        )
    };
    let (a, b) = (start().await.unwrap(), start().await.unwrap());
    let (client_a, client_b) = (client_for(a.base_url()), client_for(b.base_url()));
    let installation = client_a.enroll("replicas").await.unwrap();
    let login = login(&sandbox, &client_a, &installation, ADMIN, AccountKind::User).await;
    let grant =
        client_a.exchange(&installation, &login.code, &login.redirect, &login.state, &login.verifier).await.unwrap();
    a.advance_clock(3600);
    b.advance_clock(3600);

    let clients = Arc::new([client_a, client_b]);
    let calls = (0..100).map(|i| {
        let (clients, installation, id) = (clients.clone(), installation.clone(), grant.connection_id.clone());
        tokio::spawn(async move { clients[i % 2].connection_token(&installation, &id, false).await })
    });
    let tokens: Vec<String> =
        join_all(calls).await.into_iter().map(|r| r.unwrap().unwrap().access_token.expose().to_string()).collect();
    assert_eq!(sandbox.token_requests("refresh_token").len(), 1, "exactly one refresh at Fortnox");
    assert!(tokens.iter().all(|t| t == &tokens[0]), "every caller got the same token");
    assert_ne!(tokens[0], grant.tokens.access_token.expose());
    let introspect =
        reqwest::Client::new().get(sandbox.url("/3/companyinformation")).bearer_auth(&tokens[0]).send().await.unwrap();
    assert_eq!(introspect.status().as_u16(), 200, "the shared token is valid at Fortnox");
}

/// A `fortnox-broker` process on the shared database.
struct Replica {
    child: Child,
    client: BrokerClient,
}

const KEY: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

fn replica(sandbox: &Sandbox, database: &str) -> Replica {
    let base = sandbox.base_url().as_str().trim_end_matches('/');
    let mut child = Command::new(env!("CARGO_BIN_EXE_fortnox-broker"))
        .args(["--port", "0", "--client-id", DEMO_CLIENT_ID, "--database-url", database])
        .args(["--fortnox-auth-base", base, "--fortnox-api-base", base])
        // A killed replica holds its lease at most this long.
        .args(["--lease-secs", "3"])
        .env("FORTNOX_BROKER_CLIENT_SECRET", DEMO_CLIENT_SECRET)
        .env("FORTNOX_BROKER_KEY", KEY)
        .env("FORTNOX_BROKER_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("fortnox-broker starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("the base URL line");
    let base = url::Url::parse(line.trim()).expect("the first line is the base URL");
    Replica { child, client: client_for(&base) }
}

/// Waits until the sandbox shows a refresh request with this note.
async fn refresh_reaches(sandbox: &Sandbox, note: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !sandbox.token_requests("refresh_token").iter().any(|r| r.note.as_deref() == Some(note)) {
        assert!(Instant::now() < deadline, "no refresh request with note {note}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn kill_while_refreshing(
    fault: FaultKind,
    note: &str,
) -> (Sandbox, Replica, fortnox_oauth::broker::Installation, String) {
    let sandbox = sandbox().await;
    let database = fresh_database().await;
    let mut a = replica(&sandbox, &database);
    let b = replica(&sandbox, &database);
    let installation = a.client.enroll("kill test").await.unwrap();
    let login = login(&sandbox, &a.client, &installation, ADMIN, AccountKind::User).await;
    let grant =
        a.client.exchange(&installation, &login.code, &login.redirect, &login.state, &login.verifier).await.unwrap();
    sandbox.add_fault(Fault { kind: fault, path_prefix: Some("/oauth-v1/token".into()), times: Some(1) });

    let (client, inst, id) = (a.client.clone(), installation.clone(), grant.connection_id.clone());
    let pending = tokio::spawn(async move { client.connection_token(&inst, &id, true).await });
    refresh_reaches(&sandbox, note).await;
    a.child.kill().expect("kill -9");
    let _ = a.child.wait();
    let _ = pending.await;
    sandbox.clear_faults();
    (sandbox, b, installation, grant.connection_id)
}

#[tokio::test]
async fn killed_before_fortnox_answered_the_next_request_succeeds() {
    // Fortnox never did the work: the stored refresh token is still good.
    let (sandbox, mut b, installation, id) = kill_while_refreshing(FaultKind::Hang { secs: 30 }, "fault:hang:30").await;
    let token = b.client.connection_token(&installation, &id, true).await.expect("the other replica renews");
    assert!(!token.access_token.is_empty());
    let listed = b.client.connections(&installation).await.unwrap().connections;
    assert_eq!(listed[0].state, ConnectionHealth::Active);
    assert_eq!(sandbox.token_requests("refresh_token").iter().filter(|r| r.status == 200).count(), 1);
    let _ = b.child.kill();
}

#[tokio::test]
async fn killed_after_fortnox_rotated_the_connection_is_clearly_marked() {
    // Fortnox rotated, the broker died before committing: the stored
    // refresh token is spent. The connection says so; it is never a token
    // that silently fails.
    let (_sandbox, mut b, installation, id) =
        kill_while_refreshing(FaultKind::DelayResponse { secs: 30 }, "fault:delay_response:30:done").await;
    let refused = b.client.connection_token(&installation, &id, true).await;
    assert_eq!(refusal(refused), (400, "invalid_grant".into()));
    let listed = b.client.connections(&installation).await.unwrap().connections;
    assert_eq!(listed[0].state, ConnectionHealth::NeedsReauthorization);
    assert_eq!(listed[0].last_error.as_deref(), Some("invalid_grant"));
    let _ = b.child.kill();
}
