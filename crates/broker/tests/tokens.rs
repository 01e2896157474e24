//! What the broker promises its own installations: one refresh for any
//! number of concurrent callers, a consent Fortnox refused is reported
//! (never silently broken), remove revokes at Fortnox, aging tokens are
//! kept alive, and tokens are sealed at rest.

mod common;

use std::sync::Arc;

use common::*;
use fortnox_oauth::broker::{AccountKind, ConnectionHealth};
use futures_util::future::join_all;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_concurrent_callers_on_an_expired_token_share_one_refresh() {
    let stack = Arc::new(stack().await);
    let installation = stack.enroll().await;
    let grant = stack.connect(&installation, ADMIN, AccountKind::User).await;
    stack.broker.advance_clock(3600);

    let calls = (0..100).map(|_| {
        let (stack, installation, id) = (stack.clone(), installation.clone(), grant.connection_id.clone());
        tokio::spawn(async move { stack.client.connection_token(&installation, &id, false).await })
    });
    let tokens: Vec<String> =
        join_all(calls).await.into_iter().map(|r| r.unwrap().unwrap().access_token.expose().to_string()).collect();
    assert_eq!(stack.refreshes(), 1, "exactly one refresh reached Fortnox");
    assert!(tokens.iter().all(|t| t == &tokens[0]), "everyone got the same token");
    assert_ne!(tokens[0], grant.tokens.access_token.expose(), "a new one");
}

#[tokio::test]
async fn renew_asks_fortnox_even_when_the_cached_token_is_fresh_but_not_within_a_minute_of_the_last() {
    let stack = stack().await;
    let installation = stack.enroll().await;
    let grant = stack.connect(&installation, ADMIN, AccountKind::User).await;
    let cached = stack.client.connection_token(&installation, &grant.connection_id, false).await.unwrap();
    assert_eq!(cached.access_token.expose(), grant.tokens.access_token.expose());
    assert_eq!(stack.refreshes(), 0);
    // Sixty renewals in a row: the first asks Fortnox, the others within
    // the minute get what it got.
    let first = stack.client.connection_token(&installation, &grant.connection_id, true).await.unwrap();
    assert_ne!(first.access_token.expose(), grant.tokens.access_token.expose(), "renewed");
    for _ in 0..59 {
        let again = stack.client.connection_token(&installation, &grant.connection_id, true).await.unwrap();
        assert_eq!(again.access_token.expose(), first.access_token.expose());
    }
    assert_eq!(stack.refreshes(), 1, "sixty renewals within a minute: one refresh");
    stack.broker.advance_clock(61);
    let later = stack.client.connection_token(&installation, &grant.connection_id, true).await.unwrap();
    assert_ne!(later.access_token.expose(), first.access_token.expose());
    assert_eq!(stack.refreshes(), 2, "a minute later, Fortnox is asked again");
}

#[tokio::test]
async fn a_consent_fortnox_refuses_is_marked_and_explained_not_retried() {
    let stack = stack().await;
    let installation = stack.enroll().await;
    let grant = stack.connect(&installation, ADMIN, AccountKind::User).await;
    stack.sandbox.revoke_tenant(1406221);
    stack.broker.advance_clock(3600);

    let refused = stack.client.connection_token(&installation, &grant.connection_id, false).await;
    assert_eq!(refusal(refused), (400, "invalid_grant".into()));
    let listed = stack.client.connections(&installation).await.unwrap().connections;
    assert_eq!(listed[0].state, ConnectionHealth::NeedsReauthorization);
    assert_eq!(listed[0].last_error.as_deref(), Some("invalid_grant"));

    let before = stack.refreshes();
    let again = stack.client.connection_token(&installation, &grant.connection_id, false).await;
    assert_eq!(refusal(again), (400, "invalid_grant".into()));
    assert_eq!(stack.refreshes(), before, "a refused consent is not tried again at Fortnox");
}

#[tokio::test]
async fn fortnox_being_down_is_transient_and_loses_nothing() {
    let stack = stack().await;
    let installation = stack.enroll().await;
    let grant = stack.connect(&installation, ADMIN, AccountKind::User).await;
    stack.broker.advance_clock(3600);
    stack.sandbox.add_fault(fortnox_sandbox::Fault {
        kind: fortnox_sandbox::FaultKind::Status { status: 503 },
        path_prefix: Some("/oauth-v1/token".into()),
        times: None,
    });
    match stack.client.connection_token(&installation, &grant.connection_id, false).await {
        Err(fortnox_oauth::TokenError::Unavailable { status: 502, .. }) => {}
        other => panic!("expected 502 upstream_unavailable, got {other:?}"),
    }
    stack.sandbox.clear_faults();
    stack.client.connection_token(&installation, &grant.connection_id, false).await.expect("works again");
    assert_eq!(stack.client.connections(&installation).await.unwrap().connections[0].state, ConnectionHealth::Active);
}

#[tokio::test]
async fn remove_revokes_at_fortnox_and_forgets() {
    let stack = stack().await;
    let installation = stack.enroll().await;
    let grant = stack.connect(&installation, ADMIN, AccountKind::User).await;
    assert_eq!(stack.sandbox.grants().iter().filter(|g| !g.revoked).count(), 1);
    stack.client.revoke(&installation, &grant.connection_id, false).await.unwrap();
    assert_eq!(stack.sandbox.grants().iter().filter(|g| !g.revoked).count(), 0, "revoked at Fortnox");
    assert!(stack.client.connections(&installation).await.unwrap().connections.is_empty());
    let gone = stack.client.connection_token(&installation, &grant.connection_id, false).await;
    assert_eq!(refusal(gone), (404, "connection_not_found".into()));
}

#[tokio::test]
async fn aging_refresh_tokens_are_kept_alive() {
    let stack = stack().await;
    let installation = stack.enroll().await;
    stack.connect(&installation, ADMIN, AccountKind::User).await;
    assert_eq!(stack.broker.keep_alive(30).await, (0, 0), "a new token is left alone");
    stack.broker.advance_clock(31 * 86_400);
    assert_eq!(stack.broker.keep_alive(30).await, (1, 0));
    assert_eq!(stack.refreshes(), 1);
    assert_eq!(stack.broker.keep_alive(30).await, (0, 0), "now it is fresh");
}

#[tokio::test]
async fn tokens_are_sealed_at_rest() {
    let stack = stack().await;
    let installation = stack.enroll().await;
    let grant = stack.connect(&installation, ADMIN, AccountKind::User).await;
    let access = grant.tokens.access_token.expose().to_string();
    // Let SQLite write everything down.
    stack.broker.advance_clock(0);
    let mut searched = 0;
    for entry in std::fs::read_dir(stack.dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        searched += bytes.len();
        assert!(
            !bytes.windows(access.len()).any(|w| w == access.as_bytes()),
            "the access token is in {} in plain text",
            path.display()
        );
        assert!(
            !bytes.windows(installation.secret.expose().len()).any(|w| w == installation.secret.expose().as_bytes()),
            "the installation secret is in {}",
            path.display()
        );
    }
    assert!(searched > 4096, "the database files were searched ({searched} bytes)");
}

/// Waits until a refresh request is in flight at the sandbox.
async fn refresh_in_flight(sandbox: &fortnox_sandbox::Sandbox) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !sandbox.token_requests("refresh_token").iter().any(|r| r.status == 0) {
        assert!(std::time::Instant::now() < deadline, "no refresh reached the sandbox");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_refresh_that_hangs_at_fortnox_holds_up_no_other_installation() {
    let stack = Arc::new(stack().await);
    let (first, second) = (stack.enroll().await, stack.enroll().await);
    let hung = stack.connect(&first, ADMIN, AccountKind::User).await;
    let other = stack.connect(&second, ANNA, AccountKind::User).await;
    stack.broker.advance_clock(3600);
    stack.sandbox.add_fault(fortnox_sandbox::Fault {
        kind: fortnox_sandbox::FaultKind::Hang { secs: 25 },
        path_prefix: Some("/oauth-v1/token".into()),
        times: Some(1),
    });
    let (client, id) = (stack.client.clone(), hung.connection_id.clone());
    let stuck = tokio::spawn(async move { client.connection_token(&first, &id, false).await });
    refresh_in_flight(&stack.sandbox).await;
    // Meanwhile the rest of the broker works, SQLite included: another
    // installation's refresh writes, and a new desktop enrolls.
    stack.client.connection_token(&second, &other.connection_id, false).await.expect("another refresh");
    stack.enroll().await;
    assert!(!stuck.is_finished(), "the hung refresh is still waiting for Fortnox");
    stuck.abort();
}

/// The broker's SQLite database, opened beside it (an attacker with write
/// access to it).
async fn database(stack: &Stack) -> sqlx::SqliteConnection {
    use sqlx::Connection;
    let path = stack.dir.path().join("broker.sqlite");
    sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display())).await.expect("the database opens")
}

#[tokio::test]
async fn write_access_to_the_database_alone_yields_no_token() {
    let stack = stack().await;
    let (owner, attacker) = (stack.enroll().await, stack.enroll().await);
    let grant = stack.connect(&owner, ADMIN, AccountKind::User).await;
    let mut db = database(&stack).await;
    // Move the connection to the attacker's installation.
    sqlx::query("UPDATE connections SET installation_id = $1 WHERE id = $2")
        .bind(&attacker.id)
        .bind(&grant.connection_id)
        .execute(&mut db)
        .await
        .unwrap();
    let moved = stack.client.connection_token(&attacker, &grant.connection_id, false).await;
    assert!(moved.is_err(), "a token sealed for another installation does not open: {moved:?}");
    // Plant a secret of one's own choosing, the old way and the new.
    use base64::Engine;
    use sha2::Digest;
    let chosen = "chosen-secret";
    let plain = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(chosen.as_bytes()));
    let stored: String = sqlx::query_scalar("SELECT secret_hash FROM installations WHERE id = $1")
        .bind(&attacker.id)
        .fetch_one(&mut db)
        .await
        .unwrap();
    let key_id = stored.split('.').nth(1).unwrap().to_string();
    for planted in [plain.clone(), format!("v2.{key_id}.{plain}")] {
        sqlx::query("UPDATE installations SET secret_hash = $1 WHERE id = $2")
            .bind(&planted)
            .bind(&attacker.id)
            .execute(&mut db)
            .await
            .unwrap();
        let forged = fortnox_oauth::broker::Installation {
            id: attacker.id.clone(),
            secret: fortnox_oauth::secret::InstallationSecret::new(chosen),
        };
        assert_eq!(refusal(stack.client.connections(&forged).await), (401, "invalid_installation".into()), "{planted}");
    }
}

#[tokio::test]
async fn a_service_account_planted_or_edited_in_the_database_gets_no_client_credentials() {
    let stack = stack().await;
    let (victim, attacker) = (stack.enroll().await, stack.enroll().await);
    let service = stack.connect(&victim, ADMIN, AccountKind::Service).await;
    let own = stack.connect(&attacker, ADMIN, AccountKind::User).await;
    let tenant = service.tenant_id.clone().expect("a tenant");
    let mut db = database(&stack).await;
    let binding: String = sqlx::query_scalar("SELECT binding FROM connections WHERE id = $1")
        .bind(&service.connection_id)
        .fetch_one(&mut db)
        .await
        .unwrap();
    // A row of its own for the victim's tenant: without a binding, and
    // with the victim's copied beside it.
    for (id, planted) in [("conn_planted", None), ("conn_copied", Some(binding.as_str()))] {
        sqlx::query(
            "INSERT INTO connections (id, installation_id, tenant_id, account_type, scopes, state, created_at, binding) \
             VALUES ($1, $2, $3, 'service', 'invoice', 'active', 0, $4)",
        )
        .bind(id)
        .bind(&attacker.id)
        .bind(&tenant)
        .bind(planted)
        .execute(&mut db)
        .await
        .unwrap();
        let calls = stack.sandbox.token_requests("client_credentials").len();
        let result = stack.client.client_credentials(&attacker, &tenant).await;
        assert_eq!(refusal(result), (403, "unbound_tenant".into()), "{id}");
        assert_eq!(stack.sandbox.token_requests("client_credentials").len(), calls, "{id}: Fortnox was not asked");
        sqlx::query("DELETE FROM connections WHERE id = $1").bind(id).execute(&mut db).await.unwrap();
    }
    // Its own person's connection turned into a service account.
    sqlx::query("UPDATE connections SET account_type = 'service' WHERE id = $1")
        .bind(&own.connection_id)
        .execute(&mut db)
        .await
        .unwrap();
    stack.broker.advance_clock(3600);
    let calls = stack.sandbox.token_requests("client_credentials").len();
    assert_eq!(refusal(stack.client.client_credentials(&attacker, &tenant).await), (403, "unbound_tenant".into()));
    let edited = stack.client.connection_token(&attacker, &own.connection_id, false).await;
    assert_eq!(refusal(edited), (403, "unbound_tenant".into()));
    assert_eq!(stack.sandbox.token_requests("client_credentials").len(), calls, "Fortnox was not asked");
    // The victim's own is served as before.
    stack.client.client_credentials(&victim, &tenant).await.expect("the real binding");
}

#[tokio::test]
async fn the_sealing_key_is_changed_while_tokens_keep_being_served() {
    use fortnox_broker::config::{KEY_ENV, OLD_KEYS_ENV};
    let sandbox = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (fortnox_broker::seal::SealKey::random(), fortnox_broker::seal::SealKey::random());
    let (old, new) = (old.to_base64().to_string(), new.to_base64().to_string());
    let before =
        fortnox_broker::RunningBroker::start(config_with(&sandbox, dir.path(), |_| {}, &[(KEY_ENV, old.clone())]))
            .await
            .unwrap();
    let client = client_for(before.base_url());
    let installation = client.enroll("rekey").await.unwrap();
    // A desktop that stays switched off the whole time the keys change.
    let quiet = client.enroll("switched off").await.unwrap();
    let login = login(&sandbox, &client, &installation, ADMIN, AccountKind::User).await;
    let grant =
        client.exchange(&installation, &login.code, &login.redirect, &login.state, &login.verifier).await.unwrap();
    client.confirm(&installation, &grant.connection_id).await.unwrap();
    before.stop().await;

    // Replicas restarted with the new key and the old one beside it.
    let both = [(KEY_ENV, new.clone()), (OLD_KEYS_ENV, old.clone())];
    let during = fortnox_broker::RunningBroker::start(config_with(&sandbox, dir.path(), |_| {}, &both)).await.unwrap();
    let client = client_for(during.base_url());
    client.connection_token(&installation, &grant.connection_id, false).await.expect("served under both keys");
    let admin = fortnox_broker::Admin::open(config_with(&sandbox, dir.path(), |_| {}, &both)).await.unwrap();
    let done = admin.rekey(&|_| {}).await.unwrap();
    // The desktop that called re-hashed its own secret already.
    assert_eq!((done.connections, done.installations), (1, 1), "one connection, the quiet installation");
    assert_eq!(admin.rekey(&|_| {}).await.unwrap(), fortnox_broker::Rekeyed::default(), "nothing left");
    admin.close().await;
    client.connection_token(&installation, &grant.connection_id, false).await.expect("served during the change");
    during.stop().await;

    // The old key dropped: everything opens under the new one, renewals too.
    let after = fortnox_broker::RunningBroker::start(config_with(&sandbox, dir.path(), |_| {}, &[(KEY_ENV, new)]))
        .await
        .unwrap();
    after.advance_clock(3600);
    let client = client_for(after.base_url());
    client.connection_token(&installation, &grant.connection_id, false).await.expect("renewed under the new key");
    client.connections(&quiet).await.expect("the quiet desktop signs in under the new key alone");
}

#[tokio::test]
async fn a_vendor_lists_and_revokes_an_installation() {
    let sandbox = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let broker = broker_with(&sandbox, dir.path(), |_| {}).await;
    let client = client_for(broker.base_url());
    let stack_login = |installation| {
        let (sandbox, client) = (&sandbox, &client);
        async move {
            let login = login(sandbox, client, installation, ADMIN, AccountKind::User).await;
            client.exchange(installation, &login.code, &login.redirect, &login.state, &login.verifier).await.unwrap()
        }
    };
    let kept = client.enroll("kept").await.unwrap();
    let lost = client.enroll("a stolen laptop").await.unwrap();
    stack_login(&lost).await;
    stack_login(&lost).await;
    let admin = fortnox_broker::Admin::open(config_with(&sandbox, dir.path(), |_| {}, &[])).await.unwrap();
    let listed = admin.installations().await.unwrap();
    let row = listed.iter().find(|i| i.id == lost.id).unwrap();
    assert_eq!((row.label.as_deref(), row.connections), (Some("a stolen laptop"), 2));
    assert_eq!(admin.revoke_installation(&lost.id).await.unwrap(), Some(2));
    assert_eq!(admin.revoke_installation("inst_nobody").await.unwrap(), None);
    admin.close().await;
    assert_eq!(sandbox.grants().iter().filter(|g| !g.revoked).count(), 0, "its consents are revoked at Fortnox");
    assert_eq!(refusal(client.connections(&lost).await), (401, "invalid_installation".into()));
    client.connections(&kept).await.expect("the others are untouched");
}

#[tokio::test]
async fn an_installation_rotates_its_secret_and_signs_out() {
    let stack = stack().await;
    let installation = stack.enroll().await;
    let grant = stack.connect(&installation, ADMIN, AccountKind::User).await;
    let rotated = stack.client.rotate(&installation).await.unwrap();
    assert_eq!(rotated.id, installation.id);
    assert_eq!(refusal(stack.client.connections(&installation).await), (401, "invalid_installation".into()));
    let listed = stack.client.connections(&rotated).await.unwrap();
    assert_eq!(listed.connections.len(), 1);
    assert!(listed.installation_secret_age.unwrap() < 60, "a new secret");
    stack.client.connection_token(&rotated, &grant.connection_id, false).await.expect("its connections stay");

    stack.client.sign_out(&rotated).await.unwrap();
    assert_eq!(stack.sandbox.grants().iter().filter(|g| !g.revoked).count(), 0, "revoked at Fortnox");
    assert_eq!(refusal(stack.client.connections(&rotated).await), (401, "invalid_installation".into()));
}

#[tokio::test]
async fn a_connection_no_desktop_confirmed_is_revoked_within_the_hour() {
    let stack = stack().await;
    let installation = stack.enroll().await;
    let saved = stack.connect(&installation, ADMIN, AccountKind::User).await;
    let abandoned = stack.connect_unconfirmed(&installation, ADMIN, AccountKind::User).await;
    let listed = stack.client.connections(&installation).await.unwrap().connections;
    assert!(!listed.iter().find(|c| c.connection_id == abandoned.connection_id).unwrap().confirmed);
    stack.broker.run_chores().await;
    assert_eq!(stack.client.connections(&installation).await.unwrap().connections.len(), 2, "not yet an hour");
    stack.broker.advance_clock(3601);
    stack.broker.run_chores().await;
    let listed = stack.client.connections(&installation).await.unwrap().connections;
    assert_eq!(listed.iter().map(|c| c.connection_id.as_str()).collect::<Vec<_>>(), [saved.connection_id.as_str()]);
    assert_eq!(stack.sandbox.grants().iter().filter(|g| g.revoked).count(), 1, "the abandoned one, at Fortnox");
}

#[tokio::test]
async fn installations_nobody_uses_are_forgotten() {
    let stack = stack().await;
    let idle = stack.enroll().await;
    let busy = stack.enroll().await;
    stack.connect(&busy, ADMIN, AccountKind::User).await;
    stack.broker.advance_clock(91 * 86_400);
    stack.broker.run_chores().await;
    assert_eq!(refusal(stack.client.connections(&idle).await), (401, "invalid_installation".into()));
    stack.client.connections(&busy).await.expect("an installation with a connection stays");
}

#[tokio::test]
async fn a_sqlite_url_as_the_help_writes_it_creates_a_private_database() {
    let sandbox = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    // The vendor's own folder, readable by others: left as it is.
    let shared = dir.path().join("srv");
    std::fs::create_dir(&shared).unwrap();
    #[cfg(unix)]
    std::fs::set_permissions(&shared, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let file = shared.join("broker.db");
    let url = format!("sqlite:{}", file.display());
    let broker = broker_with(&sandbox, dir.path(), |s| s.database_url = Some(url)).await;
    client_for(broker.base_url()).enroll("first start").await.expect("the database was created and works");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&shared), 0o755, "an existing folder is not changed");
        assert_eq!(mode(&file), 0o600);
        for wal in ["broker.db-wal", "broker.db-shm"] {
            if shared.join(wal).exists() {
                assert_eq!(mode(&shared.join(wal)), 0o600, "{wal}");
            }
        }
    }
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_cut_off() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let sandbox = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let broker =
        broker_with(&sandbox, dir.path(), |s| s.limits.header_read_timeout = std::time::Duration::from_secs(1)).await;
    let address = format!("{}:{}", broker.base_url().host_str().unwrap(), broker.base_url().port().unwrap());
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream.write_all(b"POST /token HTTP/1.1\r\nHost: broker\r\nContent-Ty").await.unwrap();
    let mut buffer = Vec::new();
    let read = tokio::time::timeout(std::time::Duration::from_secs(60), stream.read_to_end(&mut buffer)).await;
    assert!(read.is_ok(), "the broker closed the half-sent request");
}

/// The number on the exposition's line that starts with `name`.
fn metric(exposition: &str, name: &str) -> f64 {
    exposition
        .lines()
        .find(|l| l.starts_with(name))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0)
}

#[tokio::test]
async fn the_vendor_scrapes_metrics_on_an_address_of_their_own_and_sees_a_failure() {
    let sandbox = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let broker = broker_with(&sandbox, dir.path(), |s| s.metrics_listen = Some("127.0.0.1:0".parse().unwrap())).await;
    let metrics = broker.metrics_url().expect("metrics are served").clone();
    assert_ne!(metrics.port(), broker.base_url().port(), "not on the protocol's address");
    let on_protocol =
        reqwest::Client::clone(&http()).get(broker.base_url().join("metrics").unwrap()).send().await.unwrap();
    assert_eq!(on_protocol.status(), 400, "the internet-facing address has no metrics");
    assert!(!on_protocol.text().await.unwrap().contains("fortnox_broker_"));
    let http = reqwest::Client::clone(&http());
    let scrape = || async { http.get(metrics.clone()).send().await.unwrap().text().await.unwrap() };

    let client = client_for(broker.base_url());
    let installation = client.enroll("metrics").await.unwrap();
    let login = login(&sandbox, &client, &installation, ADMIN, AccountKind::User).await;
    let grant =
        client.exchange(&installation, &login.code, &login.redirect, &login.state, &login.verifier).await.unwrap();
    client.confirm(&installation, &grant.connection_id).await.unwrap();
    client.connection_token(&installation, &grant.connection_id, true).await.unwrap();
    let before = scrape().await;
    assert_eq!(metric(&before, "fortnox_broker_connections{state=\"active\"}"), 1.0, "{before}");
    assert_eq!(metric(&before, "fortnox_broker_installations "), 1.0);
    assert_eq!(metric(&before, "fortnox_broker_refreshes_total"), 1.0);
    assert_eq!(metric(&before, "fortnox_broker_failures_total{code=\"invalid_grant\"}"), 0.0);
    assert!(before.contains("fortnox_broker_upstream_seconds_count"), "{before}");

    // Fortnox refuses it from now on.
    sandbox.revoke_tenant(1406221);
    broker.advance_clock(3600);
    assert!(client.connection_token(&installation, &grant.connection_id, false).await.is_err());
    let after = scrape().await;
    assert_eq!(metric(&after, "fortnox_broker_failures_total{code=\"invalid_grant\"}"), 1.0, "{after}");
    assert_eq!(metric(&after, "fortnox_broker_connections{state=\"needs_reauthorization\"}"), 1.0);
    assert_eq!(metric(&after, "fortnox_broker_connections{state=\"active\"}"), 0.0);
    // The same list without a webhook: `connections --needs-attention`.
    let admin = fortnox_broker::Admin::open(config_with(&sandbox, dir.path(), |_| {}, &[])).await.unwrap();
    let attention = admin.needing_attention().await.unwrap();
    assert_eq!(attention.len(), 1);
    assert_eq!(
        (attention[0].connection_id.as_str(), attention[0].code.as_deref()),
        (grant.connection_id.as_str(), Some("invalid_grant"))
    );
    admin.close().await;
}

/// A webhook receiver: every delivery it accepted, after checking the
/// signature as a vendor's would.
struct Receiver {
    refused: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

const WEBHOOK_SECRET: &str = "whsec_0123456789abcdef";

impl Receiver {
    async fn start(
        listener: tokio::net::TcpListener,
        seen: std::sync::Arc<std::sync::Mutex<Vec<fortnox_broker::webhook::Event>>>,
    ) -> Receiver {
        use axum::http::{HeaderMap, StatusCode};
        let refused = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let (state_seen, state_refused) = (seen.clone(), refused.clone());
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: axum::body::Bytes| {
                let (seen, refused) = (state_seen.clone(), state_refused.clone());
                async move {
                    let signature = headers
                        .get(fortnox_broker::webhook::SIGNATURE_HEADER)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("");
                    let now = time::OffsetDateTime::now_utc().unix_timestamp();
                    if fortnox_broker::webhook::verify(WEBHOOK_SECRET.as_bytes(), signature, &body, now).is_err() {
                        refused.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        return StatusCode::UNAUTHORIZED;
                    }
                    seen.lock().unwrap().push(serde_json::from_slice(&body).unwrap());
                    StatusCode::NO_CONTENT
                }
            }),
        );
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Receiver { refused, stop: Some(stop) }
    }

    fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

async fn wait_until(what: &str, check: impl Fn() -> bool) {
    for _ in 0..300 {
        if check() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("{what}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_change_reaches_the_webhook_signed_in_order_even_across_a_receiver_outage() {
    use fortnox_broker::webhook::kind;
    let sandbox = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut receiver = Receiver::start(listener, seen.clone()).await;
    let config = config_with(
        &sandbox,
        dir.path(),
        |s| {
            s.webhook_url = Some(format!("http://{address}/hook"));
            s.webhook_max_backoff_secs = 1;
        },
        &[(fortnox_broker::config::WEBHOOK_SECRET_ENV, WEBHOOK_SECRET.to_string())],
    );
    let broker = fortnox_broker::RunningBroker::start(config).await.unwrap();
    let client = client_for(broker.base_url());
    let installation = client.enroll("webhook").await.unwrap();
    let connect = |user| {
        let (sandbox, client, installation) = (&sandbox, &client, &installation);
        async move {
            let login = login(sandbox, client, installation, user, AccountKind::User).await;
            let grant = client
                .exchange(installation, &login.code, &login.redirect, &login.state, &login.verifier)
                .await
                .unwrap();
            client.confirm(installation, &grant.connection_id).await.unwrap();
            grant.connection_id
        }
    };
    let first = connect(ADMIN).await;
    wait_until("the first connection's event", || seen.lock().unwrap().len() == 1).await;

    // The receiver goes down; meanwhile a second connection is made and
    // Fortnox refuses the first, which is then removed.
    receiver.stop();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let second = connect(ANNA).await;
    sandbox.revoke_tenant(1406221);
    broker.advance_clock(3600);
    assert!(client.connection_token(&installation, &first, false).await.is_err());
    client.revoke(&installation, &first, true).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    assert_eq!(seen.lock().unwrap().len(), 1, "nothing arrived while it was down");

    // Back up on the same address: everything arrives, in order.
    let listener = tokio::net::TcpListener::bind(address).await.unwrap();
    let back = Receiver::start(listener, seen.clone()).await;
    let waited = tokio::time::timeout(std::time::Duration::from_secs(20), async {
        while seen.lock().unwrap().len() < 4 {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    })
    .await;
    assert!(waited.is_ok(), "every event after the outage: {:?}", seen.lock().unwrap());
    let events = seen.lock().unwrap().clone();
    let mut unique = Vec::new();
    for event in events {
        if !unique.iter().any(|e: &fortnox_broker::webhook::Event| e.id == event.id) {
            unique.push(event);
        }
    }
    let of = |id: &str| unique.iter().filter(|e| e.connection_id == id).map(|e| e.kind.as_str()).collect::<Vec<_>>();
    assert_eq!(of(&first), [kind::CREATED, kind::NEEDS_REAUTHORIZATION, kind::REMOVED], "in order");
    assert_eq!(of(&second), [kind::CREATED]);
    let refused = unique.iter().find(|e| e.kind == kind::NEEDS_REAUTHORIZATION).unwrap();
    assert_eq!(refused.code.as_deref(), Some("invalid_grant"));
    assert_eq!(refused.installation_id, installation.id);
    assert_eq!(refused.tenant_id.as_deref(), Some("1406221"));
    for receiver in [&receiver, &back] {
        assert_eq!(receiver.refused.load(std::sync::atomic::Ordering::SeqCst), 0, "every signature held");
    }
}
