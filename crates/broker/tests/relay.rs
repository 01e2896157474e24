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
    assert!(
        stack.client.connections(&intruder).await.unwrap().connections.is_empty(),
        "the listing shows only one's own"
    );
    assert_eq!(upstream_token_calls(&stack), before, "nothing reached Fortnox");

    // The owner still has it.
    let listed = stack.client.connections(&owner).await.unwrap().connections;
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
    // The exchange asked once, to prove the service account.
    let proving = stack.sandbox.token_requests("client_credentials").len();
    stack.broker.advance_clock(3600);
    let token = stack.client.client_credentials(&with_service, BERGSTROM_TENANT).await.unwrap();
    assert!(!token.access_token.is_empty());
    assert_eq!(
        stack.sandbox.token_requests("client_credentials").len(),
        proving + 1,
        "a fresh token, by client credentials"
    );
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

// --- the broker's trust model (docs/security.md, "What the broker trusts") ---

/// The JWT's subject (`userId@tenantId`).
fn subject(token: &str) -> String {
    fortnox_oauth::jwt::subject(token).expect("a subject")
}

#[tokio::test]
async fn an_ordinary_user_who_registers_a_service_account_gets_only_her_own_connection() {
    let stack = stack().await;
    // The company's administrator connects its service account (B).
    let admins = stack.enroll().await;
    let service = stack.connect(&admins, ADMIN, AccountKind::Service).await;
    assert_eq!(service.account_type, Some(AccountKind::Service), "a real service account is bound as one");
    // Anna, an ordinary user, registers a service account on her own
    // installation (A), then logs in as herself, without
    // account_type=service at Fortnox.
    let annas = stack.enroll().await;
    let login =
        login_registered_as(&stack.sandbox, &stack.client, &annas, ANNA, AccountKind::Service, AccountKind::User).await;
    let grant =
        stack.client.exchange(&annas, &login.code, &login.redirect, &login.state, &login.verifier).await.unwrap();
    assert_eq!(grant.account_type, Some(AccountKind::User), "Fortnox issued her own token: bound as hers");
    let own = subject(grant.tokens.access_token.expose());
    assert_ne!(own, subject(service.tokens.access_token.expose()));

    // Renewing gives her own user's token, never the service account's.
    let before = stack.sandbox.token_requests("client_credentials").len();
    stack.broker.advance_clock(3600);
    let renewed = stack.client.connection_token(&annas, &grant.connection_id, true).await.unwrap();
    assert_eq!(subject(renewed.access_token.expose()), own, "her own user");
    assert_eq!(stack.sandbox.token_requests("client_credentials").len(), before, "no client credentials for her");
    let customers = reqwest::Client::new()
        .get(stack.sandbox.url("/3/customers"))
        .bearer_auth(renewed.access_token.expose())
        .send()
        .await
        .unwrap();
    assert_eq!(customers.status().as_u16(), 403, "her own rights: no customers");
    let listed = stack.client.connections(&annas).await.unwrap().connections;
    assert_eq!(listed[0].account_type, AccountKind::User);
    // And client credentials for the tenant stay the administrators'.
    let result = stack.client.client_credentials(&annas, BERGSTROM_TENANT).await;
    assert_eq!(refusal(result), (403, "unbound_tenant".into()));
}

#[tokio::test]
async fn a_stolen_code_redeemed_first_elsewhere_is_contested_and_revoked() {
    let stack = stack().await;
    let victim = stack.enroll().await;
    let thief = stack.enroll().await;
    let victims = stack.login(&victim, ADMIN, AccountKind::User).await;
    // The thief has the code (not the state or the verifier: those never
    // leave the victim's computer), registers a login of its own, and
    // exchanges the code under it before the victim does.
    let (state, verifier) = (fortnox_oauth::secret::random_token(32), PkceVerifier::random());
    stack.client.register(&thief, &state, &verifier, &victims.redirect, AccountKind::User).await.unwrap();
    let stolen = stack
        .client
        .exchange(&thief, &victims.code, &victims.redirect, &state, &verifier)
        .await
        .expect("Fortnox cannot tell whose code it is");
    assert_eq!(stack.sandbox.grants().iter().filter(|g| !g.revoked).count(), 1);

    // The victim's own exchange reveals it: refused, and the connection the
    // thief made is revoked at Fortnox; nothing is asked of Fortnox again.
    let exchanges = stack.sandbox.token_requests("authorization_code").len();
    let result =
        stack.client.exchange(&victim, &victims.code, &victims.redirect, &victims.state, &victims.verifier).await;
    assert_eq!(refusal(result), (409, "code_contested".into()));
    assert_eq!(stack.sandbox.token_requests("authorization_code").len(), exchanges, "the code was not sent again");
    assert_eq!(stack.sandbox.grants().iter().filter(|g| !g.revoked).count(), 0, "the thief's consent is revoked");
    let after = stack.client.connection_token(&thief, &stolen.connection_id, true).await;
    assert_eq!(refusal(after), (400, "invalid_grant".into()), "the thief's connection gives nothing more");
    let listed = stack.client.connections(&thief).await.unwrap().connections;
    assert_eq!(listed[0].last_error.as_deref(), Some("code_contested"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_code_contested_while_its_first_exchange_waits_for_fortnox_gives_neither_a_connection() {
    let stack = std::sync::Arc::new(stack().await);
    let victim = stack.enroll().await;
    let thief = stack.enroll().await;
    let victims = stack.login(&victim, ADMIN, AccountKind::User).await;
    let (state, verifier) = (fortnox_oauth::secret::random_token(32), PkceVerifier::random());
    stack.client.register(&thief, &state, &verifier, &victims.redirect, AccountKind::User).await.unwrap();
    // Fortnox makes the thief's tokens, then holds its answer back.
    stack.sandbox.add_fault(fortnox_sandbox::Fault {
        kind: fortnox_sandbox::FaultKind::DelayResponse { secs: 2 },
        path_prefix: Some("/oauth-v1/token".into()),
        times: Some(1),
    });
    let (s, code, redirect) = (stack.clone(), victims.code.clone(), victims.redirect.clone());
    let first = tokio::spawn(async move { s.client.exchange(&thief, &code, &redirect, &state, &verifier).await });
    while !stack.sandbox.token_requests("authorization_code").iter().any(|r| r.status == 0) {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // The victim's exchange arrives while the thief's is still waiting.
    let result =
        stack.client.exchange(&victim, &victims.code, &victims.redirect, &victims.state, &victims.verifier).await;
    assert_eq!(refusal(result), (409, "code_contested".into()));
    assert!(!first.is_finished(), "the first exchange was still waiting");
    assert_eq!(refusal(first.await.unwrap()), (409, "code_contested".into()), "the first learns it too");
    assert_eq!(stack.sandbox.grants().iter().filter(|g| !g.revoked).count(), 0, "what it made is revoked");
}

#[tokio::test]
async fn a_code_is_exchanged_once_even_by_its_own_installation() {
    let stack = stack().await;
    let installation = stack.enroll().await;
    let first = stack.login(&installation, ADMIN, AccountKind::User).await;
    stack.client.exchange(&installation, &first.code, &first.redirect, &first.state, &first.verifier).await.unwrap();
    // The same code under a new registration of the same installation.
    let second = stack.login(&installation, ADMIN, AccountKind::User).await;
    let again =
        stack.client.exchange(&installation, &first.code, &second.redirect, &second.state, &second.verifier).await;
    assert_eq!(refusal(again), (400, "code_replayed".into()));
    assert_eq!(stack.sandbox.token_requests("authorization_code").len(), 1);
    // The registration it tried to use is spent; its own code still works.
    let rightful =
        stack.client.exchange(&installation, &second.code, &second.redirect, &second.state, &second.verifier).await;
    assert_eq!(refusal(rightful), (400, "state_replayed".into()));
}

/// Raw requests with chosen headers and bodies.
async fn raw(stack: &Stack, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, Value) {
    let mut request =
        stack.http.request(method.parse().unwrap(), stack.broker.base_url().join(path).unwrap()).body(body.to_string());
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or_else(|_| panic!("{status}: not JSON: {text:?}")))
}

#[tokio::test]
async fn every_refusal_is_json_with_a_stable_code() {
    let stack = stack().await;
    let enroll = serde_json::json!({ "client_id": fortnox_sandbox::seed::DEMO_CLIENT_ID }).to_string();
    // JSON under another content type would be a CORS-simple request.
    let (status, body) = raw(&stack, "POST", "installations", &[("content-type", "text/plain")], &enroll).await;
    assert_eq!((status, body["error"].as_str()), (415, Some("unsupported_media_type")));
    let (status, body) =
        raw(&stack, "POST", "installations", &[("content-type", "application/json")], &"x".repeat(20_000)).await;
    assert_eq!((status, body["error"].as_str()), (413, Some("payload_too_large")));
    let (status, body) = raw(&stack, "GET", "token", &[], "").await;
    assert_eq!((status, body["error"].as_str()), (405, Some("method_not_allowed")));
    let (status, body) = raw(&stack, "GET", "no/such/path", &[], "").await;
    assert_eq!((status, body["error"].as_str()), (400, Some("invalid_request")));
    let (status, body) = raw(&stack, "POST", "installations", &[("content-type", "application/json")], &enroll).await;
    assert_eq!(status, 201, "{body}");
}

#[tokio::test]
async fn a_script_redirect_is_refused_and_a_wrong_redirect_spends_nothing() {
    let stack = stack().await;
    let installation = stack.enroll().await;
    let verifier = PkceVerifier::random();
    for bad in ["javascript:alert(1)", "data:text/html,x", "http://evil.example/cb", "file:///etc/passwd"] {
        let result = stack
            .client
            .register(
                &installation,
                &fortnox_oauth::secret::random_token(32),
                &verifier,
                &url::Url::parse(bad).unwrap(),
                AccountKind::User,
            )
            .await;
        assert_eq!(refusal(result), (400, "invalid_request".into()), "{bad}");
    }
    let login = stack.login(&installation, ADMIN, AccountKind::User).await;
    let elsewhere = url::Url::parse("https://evil.example/callback").unwrap();
    let moved = stack.client.exchange(&installation, &login.code, &elsewhere, &login.state, &login.verifier).await;
    assert_eq!(refusal(moved), (400, "redirect_mismatch".into()));
    stack
        .client
        .exchange(&installation, &login.code, &login.redirect, &login.state, &login.verifier)
        .await
        .expect("the registration was not spent by the wrong redirect");
}

#[tokio::test]
async fn enrollment_is_limited_by_the_address_the_proxy_saw_not_the_one_the_client_wrote() {
    let sandbox = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let broker = broker_with(&sandbox, dir.path(), |s| {
        s.client_address = "forwarded-for".parse().unwrap();
        s.limits.enroll_per_minute = 5;
    })
    .await;
    let http = reqwest::Client::clone(&common::http());
    let enroll = serde_json::json!({ "client_id": fortnox_sandbox::seed::DEMO_CLIENT_ID });
    let mut created = 0;
    for i in 0..30 {
        // The client writes a new address each time; the proxy appends the
        // one it saw, always the same.
        let response = http
            .post(broker.base_url().join("installations").unwrap())
            .header("x-forwarded-for", format!("10.9.{i}.1, 203.0.113.7"))
            .json(&enroll)
            .send()
            .await
            .unwrap();
        match response.status().as_u16() {
            201 => created += 1,
            429 => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(created, 5, "one address, five enrollments a minute");
}

#[tokio::test]
async fn enrollment_has_a_ceiling_for_everyone_together() {
    let sandbox = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let broker = broker_with(&sandbox, dir.path(), |s| {
        s.client_address = "header:x-real-ip".parse().unwrap();
        s.limits.enroll_all_per_minute = 8;
    })
    .await;
    let http = reqwest::Client::clone(&common::http());
    let enroll = serde_json::json!({ "client_id": fortnox_sandbox::seed::DEMO_CLIENT_ID });
    let mut created = 0;
    for i in 0..40 {
        let response = http
            .post(broker.base_url().join("installations").unwrap())
            .header("x-real-ip", format!("2001:db8:{i}::1"))
            .json(&enroll)
            .send()
            .await
            .unwrap();
        created += usize::from(response.status().as_u16() == 201);
    }
    assert_eq!(created, 8, "forty addresses, eight enrollments in all");
}

#[tokio::test]
async fn failed_sign_ins_are_limited_per_address() {
    let sandbox = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let broker = broker_with(&sandbox, dir.path(), |s| s.limits.failed_auth_per_minute = 10).await;
    let client = client_for(broker.base_url());
    let real = client.enroll("real").await.unwrap();
    let wrong = fortnox_oauth::broker::Installation {
        id: real.id.clone(),
        secret: fortnox_oauth::secret::InstallationSecret::new("guess"),
    };
    let mut statuses = Vec::new();
    for _ in 0..15 {
        statuses.push(match client.connections(&wrong).await {
            Err(fortnox_oauth::TokenError::Refused { status, .. }) => status,
            Err(fortnox_oauth::TokenError::Unavailable { status, .. }) => status,
            other => panic!("expected a refusal, got {other:?}"),
        });
    }
    assert_eq!(statuses.iter().filter(|s| **s == 401).count(), 10);
    assert!(statuses[10..].iter().all(|s| *s == 429), "{statuses:?}");
    // Even the right secret waits now, from this address.
    match client.connections(&real).await {
        Err(fortnox_oauth::TokenError::Unavailable { status: 429, .. }) => {}
        other => panic!("expected 429, got {other:?}"),
    }
}

#[tokio::test]
async fn fortnox_is_asked_no_more_than_the_replicas_budget() {
    let sandbox = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let broker = broker_with(&sandbox, dir.path(), |s| {
        s.limits.upstream_per_minute = 5;
        s.limits.upstream_burst = 5;
    })
    .await;
    let client = client_for(broker.base_url());
    let mut refused = 0;
    // Made-up codes from free installations, each under a registration.
    for _ in 0..10 {
        let installation = client.enroll("free").await.unwrap();
        let verifier = PkceVerifier::random();
        let state = fortnox_oauth::secret::random_token(32);
        let redirect = url::Url::parse(fortnox_sandbox::seed::DEMO_EMBEDDED_REDIRECT).unwrap();
        client.register(&installation, &state, &verifier, &redirect, AccountKind::User).await.unwrap();
        let code = fortnox_oauth::secret::AuthorizationCode::new(fortnox_oauth::secret::random_token(20));
        match client.exchange(&installation, &code, &redirect, &state, &verifier).await {
            Err(fortnox_oauth::TokenError::Unavailable { status: 429, .. }) => refused += 1,
            Err(fortnox_oauth::TokenError::Refused { .. }) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(sandbox.token_requests("authorization_code").len(), 5, "the budget, no more");
    assert_eq!(refused, 5);
}
