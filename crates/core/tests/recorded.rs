//! Real Fortnox answers, recorded by public client libraries
//! (`fixtures/fortnox-recorded`, each naming its source), replayed to the
//! product through the sandbox: the token endpoint's JSON under text/plain
//! and text/html, the bare 401, capitalised and lower-case
//! `ErrorInformation`, numbers sent as strings, and the gateway's 429 with
//! and without `Retry-After`.

mod common;

use common::*;
use fortnox_core::store::secrets::keys;
use fortnox_core::verify::{CheckStatus, ScopeCheck, VerifyReport};
use fortnox_core::{AccountType, ConnectionState, ErrorCode};
use fortnox_sandbox::{Fault, FaultKind};

/// The recorded answer `name`, to be sent for requests under `path`.
fn replay(name: &str, path: &str, times: Option<u32>) -> Fault {
    let file = format!("{}/../../fixtures/fortnox-recorded/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let fixture: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    assert!(fixture["source"]["repository"].is_string(), "{name} names its source");
    let response = &fixture["exchanges"][0]["response"];
    Fault {
        kind: FaultKind::Body {
            status: response["status"].as_u64().unwrap() as u16,
            content_type: response["content_type"].as_str().unwrap().to_string(),
            body: response["body"].as_str().unwrap().to_string(),
        },
        path_prefix: Some(path.to_string()),
        times,
    }
}

fn scope<'a>(report: &'a VerifyReport, scope: &str) -> &'a ScopeCheck {
    report.options.iter().flat_map(|o| &o.scopes).find(|s| s.scope == scope).unwrap_or_else(|| panic!("{scope}"))
}

#[tokio::test]
async fn a_recorded_invalid_grant_under_text_html_needs_reauthorization() {
    let env = Env::direct().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    env.sandbox.add_fault(replay("token-400-invalid-grant", "/oauth-v1/token", None));
    let err = service.refresh(&id).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::RefreshTokenInvalid, "{err}");
    assert_eq!(service.connection(&id).unwrap().state, ConnectionState::NeedsReauthorization);
}

#[tokio::test]
async fn a_recorded_invalid_client_under_text_plain_blames_the_client_secret() {
    let env = Env::direct().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    env.sandbox.add_fault(replay("token-401-invalid-client", "/oauth-v1/token", None));
    let err = service.refresh(&id).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::ClientSecretRejected, "{err}");
    assert_eq!(service.connection(&id).unwrap().state, ConnectionState::Enabled, "nothing the user did");
}

#[tokio::test]
async fn a_recorded_successful_refresh_is_read_and_its_new_refresh_token_kept() {
    let env = Env::direct().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    env.sandbox.add_fault(replay("token-200-refresh", "/oauth-v1/token", Some(1)));
    let grant = service.refresh(&id).await.unwrap();
    let lifetime = grant.expires_at - service.now();
    assert!(lifetime.whole_minutes() >= 59 && lifetime.whole_minutes() <= 60, "{lifetime}");
    assert_eq!(env.secret(&keys::refresh_token(&id)).as_deref(), Some("<REFRESH_TOKEN>"), "rotated and stored");
}

#[tokio::test]
async fn recorded_lists_with_numbers_as_text_count_as_working() {
    let env = Env::direct().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    for (name, path) in
        [("customers-list", "/3/customers"), ("articles-list", "/3/articles"), ("invoices-list", "/3/invoices")]
    {
        env.sandbox.add_fault(replay(name, path, None));
    }
    let report = service.verify_again(&id).await.unwrap();
    for probed in ["customer", "article", "invoice"] {
        assert_eq!(scope(&report, probed).status, CheckStatus::Works, "{probed}: {report:?}");
    }
}

#[tokio::test]
async fn recorded_error_bodies_are_read_in_either_key_casing() {
    let env = Env::direct().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    env.sandbox.add_fault(replay("customers-404", "/3/customers", None));
    env.sandbox.add_fault(replay("invoices-400-invalid-filter", "/3/invoices", None));
    let report = service.verify_again(&id).await.unwrap();
    let customers = scope(&report, "customer");
    assert_eq!(customers.status, CheckStatus::NotChecked, "a 404 teaches nothing about the scope");
    assert!(customers.details.as_deref().unwrap().contains("Kan inte hitta kunden."), "{customers:?}");
    let invoices = scope(&report, "invoice");
    assert_eq!(invoices.status, CheckStatus::Fails);
    assert!(invoices.details.as_deref().unwrap().contains("Ett ogiltigt filter har använts."), "{invoices:?}");
    assert!(invoices.details.as_deref().unwrap().contains("2000587"), "the code is read: {invoices:?}");
}

#[tokio::test]
async fn the_recorded_bare_401_is_a_rejected_token() {
    let env = Env::direct().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    env.sandbox.add_fault(replay("api-401-expired-token", "/3/", None));
    let err = service.verify_again(&id).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::TokenRejected, "{err}");
    assert_eq!(env.sandbox.token_requests("refresh_token").len(), 1, "renewed once before giving up");
}

#[tokio::test]
async fn a_429_without_retry_after_is_retried_then_reported_as_rate_limited() {
    let env = Env::direct().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    env.sandbox.update_config(|c| {
        c.rate_limit_requests = 1;
        c.rate_limit_window_secs = 60;
    });
    // Whichever probes get through first, the rest are rate limited: a
    // transient "not checked", or — when company information is among
    // them — a transient error for the whole check.
    match service.verify_again(&id).await {
        Ok(report) => {
            let checks = report.options.iter().flat_map(|o| &o.scopes);
            let limited: Vec<&ScopeCheck> = checks.filter(|s| s.code == Some(ErrorCode::RateLimited)).collect();
            assert!(!limited.is_empty(), "{report:?}");
            assert!(limited.iter().all(|s| s.status == CheckStatus::NotChecked), "transient: not a failure");
        }
        Err(e) => assert!(e.code() == ErrorCode::RateLimited && e.is_transient(), "{e}"),
    }
}

#[tokio::test]
async fn a_429_with_retry_after_is_waited_out() {
    let env = Env::direct().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    // One request a second: the product's quick retries alone would give
    // up; waiting as Retry-After says gets every probe through.
    env.sandbox.update_config(|c| {
        c.rate_limit_requests = 3;
        c.rate_limit_window_secs = 1;
        c.rate_limit_retry_after = true;
    });
    let report = service.verify_again(&id).await.unwrap_or_else(|e| panic!("{e}"));
    let all: Vec<&ScopeCheck> = report.options.iter().flat_map(|o| &o.scopes).collect();
    assert!(all.iter().all(|s| s.status == CheckStatus::Works), "{report:?}");
}
