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
async fn renew_asks_fortnox_even_when_the_cached_token_is_fresh() {
    let stack = stack().await;
    let installation = stack.enroll().await;
    let grant = stack.connect(&installation, ADMIN, AccountKind::User).await;
    let cached = stack.client.connection_token(&installation, &grant.connection_id, false).await.unwrap();
    assert_eq!(cached.access_token.expose(), grant.tokens.access_token.expose());
    assert_eq!(stack.refreshes(), 0);
    let renewed = stack.client.connection_token(&installation, &grant.connection_id, true).await.unwrap();
    assert_ne!(renewed.access_token.expose(), grant.tokens.access_token.expose());
    assert_eq!(stack.refreshes(), 1);
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
    let listed = stack.client.connections(&installation).await.unwrap();
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
    assert_eq!(stack.client.connections(&installation).await.unwrap()[0].state, ConnectionHealth::Active);
}

#[tokio::test]
async fn remove_revokes_at_fortnox_and_forgets() {
    let stack = stack().await;
    let installation = stack.enroll().await;
    let grant = stack.connect(&installation, ADMIN, AccountKind::User).await;
    assert_eq!(stack.sandbox.grants().iter().filter(|g| !g.revoked).count(), 1);
    stack.client.revoke(&installation, &grant.connection_id, false).await.unwrap();
    assert_eq!(stack.sandbox.grants().iter().filter(|g| !g.revoked).count(), 0, "revoked at Fortnox");
    assert!(stack.client.connections(&installation).await.unwrap().is_empty());
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
