//! The broker tried as an attacker would try an open relay: every way of
//! getting a token without having bound the connection is refused with a
//! stable code, and nothing is sent to Fortnox for it.

mod common;

use common::*;
use fortnox_oauth::broker::AccountKind;
use fortnox_oauth::secret::PkceVerifier;
use serde_json::Value;

const BERGSTROM_TENANT: &str = "1406221";

/// Token requests that reached the sandbox (any grant).
fn upstream_token_calls(stack: &Stack) -> usize {
    stack.sandbox.requests().iter().filter(|r| r.path == "/oauth-v1/token").count()
}

async fn post_token(
    stack: &Stack,
    basic: Option<(&str, &str)>,
    tenant: Option<&str>,
    form: &[(&str, &str)],
) -> (u16, Value) {
    let mut request = stack.http.post(stack.broker.base_url().join("token").unwrap()).form(form);
    if let Some((id, secret)) = basic {
        request = request.basic_auth(id, Some(secret));
    }
    if let Some(tenant) = tenant {
        request = request.header("TenantId", tenant);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn no_installation_credential_gets_nothing() {
    let stack = stack().await;
    // Someone with a service-account connection exists for the tenant.
    let owner = stack.enroll().await;
    stack.connect(&owner, ADMIN, AccountKind::Service).await;
    let before = upstream_token_calls(&stack);

    // The old open relay: client credentials with only a TenantId.
    let (status, body) =
        post_token(&stack, None, Some(BERGSTROM_TENANT), &[("grant_type", "client_credentials")]).await;
    assert_eq!((status, body["error"].as_str()), (401, Some("invalid_installation")));
    // A made-up or guessed credential.
    let (status, body) = post_token(
        &stack,
        Some((&owner.id, "not-the-secret")),
        Some(BERGSTROM_TENANT),
        &[("grant_type", "client_credentials")],
    )
    .await;
    assert_eq!((status, body["error"].as_str()), (401, Some("invalid_installation")));
    let (status, _) = post_token(&stack, Some(("inst_unknown", "x")), None, &[("grant_type", "refresh_token")]).await;
    assert_eq!(status, 401);
    for path in ["connections"] {
        let response = stack.http.get(stack.broker.base_url().join(path).unwrap()).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 401, "{path}");
    }
    assert_eq!(upstream_token_calls(&stack), before, "nothing reached Fortnox");
}

#[tokio::test]
async fn another_installations_credential_cannot_use_refresh_or_remove_a_connection() {
    let stack = stack().await;
    let owner = stack.enroll().await;
    let intruder = stack.enroll().await;
    let grant = stack.connect(&owner, ADMIN, AccountKind::User).await;
    let before = upstream_token_calls(&stack);

    for renew in [false, true] {
        let result = stack.client.connection_token(&intruder, &grant.connection_id, renew).await;
        assert_eq!(refusal(result), (404, "connection_not_found".into()), "renew={renew}");
    }
    let result = stack.client.revoke(&intruder, &grant.connection_id, true).await;
    assert_eq!(refusal(result), (404, "connection_not_found".into()));
    assert!(stack.client.connections(&intruder).await.unwrap().is_empty(), "the listing shows only one's own");
    assert_eq!(upstream_token_calls(&stack), before, "nothing reached Fortnox");

    // The owner still has it.
    let listed = stack.client.connections(&owner).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].tenant_id.as_deref(), Some(BERGSTROM_TENANT));
    stack.client.connection_token(&owner, &grant.connection_id, false).await.unwrap();
}

#[tokio::test]
async fn client_credentials_only_for_a_tenant_bound_as_a_service_account() {
    let stack = stack().await;
    let stranger = stack.enroll().await;
    let with_user = stack.enroll().await;
    stack.connect(&with_user, ADMIN, AccountKind::User).await;

    for installation in [&stranger, &with_user] {
        let result = stack.client.client_credentials(installation, BERGSTROM_TENANT).await;
        assert_eq!(refusal(result), (403, "unbound_tenant".into()));
    }
    assert_eq!(stack.sandbox.token_requests("client_credentials").len(), 0);

    let with_service = stack.enroll().await;
    stack.connect(&with_service, ADMIN, AccountKind::Service).await;
    stack.broker.advance_clock(3600);
    let token = stack.client.client_credentials(&with_service, BERGSTROM_TENANT).await.unwrap();
    assert!(!token.access_token.is_empty());
    assert_eq!(stack.sandbox.token_requests("client_credentials").len(), 1, "a fresh token, by client credentials");
    assert_eq!(stack.refreshes(), 0, "no refresh token spent");
}

#[tokio::test]
async fn a_code_without_its_verifier_is_worthless_and_cannot_be_burnt() {
    let stack = stack().await;
    let installation = stack.enroll().await;
    let login = stack.login(&installation, ADMIN, AccountKind::User).await;

    let (status, body) = post_token(
        &stack,
        Some((&installation.id, installation.secret.expose())),
        None,
        &[
            ("grant_type", "authorization_code"),
            ("code", login.code.expose()),
            ("redirect_uri", login.redirect.as_str()),
            ("state", &login.state),
        ],
    )
    .await;
    assert_eq!((status, body["error"].as_str()), (400, Some("invalid_verifier")));
    let wrong =
        stack.client.exchange(&installation, &login.code, &login.redirect, &login.state, &PkceVerifier::random()).await;
    assert_eq!(refusal(wrong), (400, "invalid_verifier".into()));
    assert_eq!(upstream_token_calls(&stack), 0, "the code never reached Fortnox");

    // The rightful exchange still works: a wrong verifier burns nothing.
    let grant = stack
        .client
        .exchange(&installation, &login.code, &login.redirect, &login.state, &login.verifier)
        .await
        .unwrap();
    assert!(grant.tokens.refresh_token.is_none(), "the refresh token stays at the broker");
    assert_eq!(grant.tenant_id.as_deref(), Some(BERGSTROM_TENANT));
}

#[tokio::test]
async fn a_replayed_state_is_refused() {
    let stack = stack().await;
    let installation = stack.enroll().await;
    let login = stack.login(&installation, ADMIN, AccountKind::User).await;
    stack.client.exchange(&installation, &login.code, &login.redirect, &login.state, &login.verifier).await.unwrap();
    let again = stack.client.exchange(&installation, &login.code, &login.redirect, &login.state, &login.verifier).await;
    assert_eq!(refusal(again), (400, "state_replayed".into()));
    assert_eq!(stack.sandbox.token_requests("authorization_code").len(), 1);

    // Registering a state twice is refused too.
    let verifier = PkceVerifier::random();
    let reuse = stack.client.register(&installation, &login.state, &verifier, &login.redirect, AccountKind::User).await;
    assert_eq!(refusal(reuse), (400, "state_replayed".into()));
}

#[tokio::test]
async fn a_stolen_code_state_and_verifier_are_useless_to_another_installation() {
    let stack = stack().await;
    let victim = stack.enroll().await;
    let thief = stack.enroll().await;
    let login = stack.login(&victim, ADMIN, AccountKind::User).await;
    let stolen = stack.client.exchange(&thief, &login.code, &login.redirect, &login.state, &login.verifier).await;
    assert_eq!(refusal(stolen), (400, "unknown_state".into()));
    assert_eq!(upstream_token_calls(&stack), 0);
    stack.client.exchange(&victim, &login.code, &login.redirect, &login.state, &login.verifier).await.unwrap();
}

#[tokio::test]
async fn an_old_registration_and_another_redirect_are_refused() {
    let stack = stack().await;
    let installation = stack.enroll().await;
    let login = stack.login(&installation, ADMIN, AccountKind::User).await;
    let elsewhere = url::Url::parse("https://evil.example/callback").unwrap();
    let moved = stack.client.exchange(&installation, &login.code, &elsewhere, &login.state, &login.verifier).await;
    assert_eq!(refusal(moved), (400, "redirect_mismatch".into()));

    let late = stack.login(&installation, ADMIN, AccountKind::User).await;
    stack.broker.advance_clock(601);
    let expired = stack.client.exchange(&installation, &late.code, &late.redirect, &late.state, &late.verifier).await;
    assert_eq!(refusal(expired), (400, "authorization_expired".into()));
    assert_eq!(upstream_token_calls(&stack), 0);
}

#[tokio::test]
async fn a_profile_for_another_fortnox_app_cannot_enroll() {
    let stack = stack().await;
    let result = fortnox_oauth::broker::BrokerClient::new(common::http(), stack.broker.base_url(), "another-app")
        .with_backoff(fortnox_oauth::Backoff::ONCE)
        .enroll("x")
        .await;
    assert_eq!(refusal(result), (400, "client_mismatch".into()));
}

#[tokio::test]
async fn each_installation_is_rate_limited() {
    let sandbox = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let broker = broker_with(&sandbox, dir.path(), |s| {
        s.limits.per_minute = 60;
        s.limits.burst = 3;
    })
    .await;
    let client = client_for(broker.base_url());
    let busy = client.enroll("busy").await.unwrap();
    let calm = client.enroll("calm").await.unwrap();
    let mut limited = None;
    for _ in 0..10 {
        if let Err(e) = client.connections(&busy).await {
            limited = Some(e);
            break;
        }
    }
    match limited {
        Some(fortnox_oauth::TokenError::Unavailable { status: 429, retry_after: Some(wait), .. }) => {
            assert!(wait.as_secs() >= 1);
        }
        other => panic!("expected 429 with Retry-After, got {other:?}"),
    }
    client.connections(&calm).await.expect("another installation is not limited");
}
