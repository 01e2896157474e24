//! Each catalogue entry, produced end to end: a real login through the
//! sandbox, real HTTP, the real keyring, and the error code that the
//! panel and the CLI will explain.

mod common;

use std::time::Duration;

use common::*;
use fortnox_core::oauth::TokenSource;
use fortnox_core::profile::TokenAuth;
use fortnox_core::secret::StoredSecret;
use fortnox_core::store::SecretStore;
use fortnox_core::store::secrets::keys;
use fortnox_core::verify::CheckStatus;
use fortnox_core::{AccountType, AuthorizationSurface, ConnectOutcome, ErrorCode, Lang, SurfaceError};
use fortnox_sandbox::{Fault, FaultKind};
use url::Url;

async fn connect_error(
    env: &Env,
    surface: &Scripted,
    options: &[&str],
    account_type: AccountType,
) -> fortnox_core::Error {
    env.service().connect(surface, request(options, account_type), &quiet()).await.unwrap_err()
}

#[tokio::test]
async fn refusals_at_authorize_and_consent_are_each_explained() {
    let cases: [(&str, Scripted, &[&str], AccountType, ErrorCode); 9] = [
        ("demo-no-oauth", Scripted::approve(ADMIN), &["invoices"], AccountType::User, ErrorCode::VendorOauthNotEnabled),
        (
            "demo-no-service",
            Scripted::approve(ADMIN),
            &["invoices"],
            AccountType::Service,
            ErrorCode::ServiceAccountNotAllowed,
        ),
        ("demo-few-scopes", Scripted::approve(ADMIN), &["salary"], AccountType::User, ErrorCode::UnsupportedScope),
        (
            "fortnox-connect-demo",
            Scripted::approve(NO_INTEGRATION_LICENCE),
            &["invoices"],
            AccountType::User,
            ErrorCode::IntegrationLicenceMissing,
        ),
        (
            "demo-store",
            Scripted::approve(TWO_COMPANIES).company("556456-7898"),
            &["invoices"],
            AccountType::User,
            ErrorCode::IntegrationNotPurchased,
        ),
        (
            "demo-unpublished",
            Scripted::approve(ADMIN),
            &["invoices"],
            AccountType::User,
            ErrorCode::IntegrationNotPublished,
        ),
        (
            "fortnox-connect-demo",
            Scripted::approve(ANNA),
            &["salary"],
            AccountType::User,
            ErrorCode::NotLicensedForScope,
        ),
        (
            "fortnox-connect-demo",
            Scripted::approve(ANNA),
            &["invoices"],
            AccountType::Service,
            ErrorCode::SystemAdministratorRequired,
        ),
        (
            "fortnox-connect-demo",
            Scripted::approve(LOCKED),
            &["invoices"],
            AccountType::User,
            ErrorCode::LockedOrUnpaidAccount,
        ),
    ];
    for (client, surface, options, account_type, expected) in cases {
        let env = Env::with_client(client).await;
        let err = connect_error(&env, &surface, options, account_type).await;
        assert_eq!(err.code(), expected, "{client}: {err}");
        assert!(env.sandbox.token_requests("authorization_code").is_empty(), "no token request after a refusal");
        // Every one renders in both languages with the vendor named.
        let problem = problem(&env, &err, Lang::Sv);
        assert_eq!(problem.code, expected);
        assert!(!problem.steps.is_empty());
        assert!(problem.details.len() < 600, "details stay short: {}", problem.details);
    }
}

#[tokio::test]
async fn cancel_close_and_timeout_end_as_not_completed() {
    let env = Env::new().await;
    let err = connect_error(&env, &Scripted::deny(ADMIN), &["invoices"], AccountType::User).await;
    assert_eq!(err.code(), ErrorCode::AuthorizationNotCompleted);

    struct Gives(SurfaceError);
    impl AuthorizationSurface for Gives {
        async fn authorize(&self, _: &Url, _: &Url) -> Result<Url, SurfaceError> {
            Err(self.0.clone())
        }
    }
    for reason in [SurfaceError::Closed, SurfaceError::Cancelled] {
        let err = env
            .service()
            .connect(&Gives(reason), request(&["invoices"], AccountType::User), &quiet())
            .await
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::AuthorizationNotCompleted);
    }

    struct Never;
    impl AuthorizationSurface for Never {
        async fn authorize(&self, _: &Url, _: &Url) -> Result<Url, SurfaceError> {
            std::future::pending().await
        }
    }
    let service = env.service().with_authorize_timeout(Duration::from_millis(200));
    let err = service.connect(&Never, request(&["invoices"], AccountType::User), &quiet()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::AuthorizationNotCompleted);
    assert!(err.to_string().contains("TimedOut"));
}

/// A surface that logs in for real, then changes the callback.
struct Tampered(Scripted, fn(Url) -> Url);

impl AuthorizationSurface for Tampered {
    async fn authorize(&self, url: &Url, redirect: &Url) -> Result<Url, SurfaceError> {
        Ok((self.1)(self.0.authorize(url, redirect).await?))
    }
}

fn set_param(url: Url, name: &str, value: Option<&str>) -> Url {
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().filter(|(k, _)| k != name).collect();
    let mut url = url;
    url.set_query(None);
    for (k, v) in pairs {
        url.query_pairs_mut().append_pair(&k, &v);
    }
    if let Some(value) = value {
        url.query_pairs_mut().append_pair(name, value);
    }
    url
}

#[tokio::test]
async fn forged_or_foreign_callbacks_are_refused_without_a_token_request() {
    let env = Env::new().await;
    type Tamper = fn(Url) -> Url;
    let cases: [(Tamper, ErrorCode); 4] = [
        (|u| set_param(u, "state", Some("forged")), ErrorCode::StateMismatch),
        (|u| set_param(u, "state", None), ErrorCode::StateMismatch),
        (|u| set_param(u, "iss", Some("https://apps.fortnox.se")), ErrorCode::StateMismatch),
        (
            |u| {
                let mut u = u;
                u.set_host(Some("evil.example")).unwrap();
                u
            },
            ErrorCode::StateMismatch,
        ),
    ];
    for (tamper, expected) in cases {
        let surface = Tampered(Scripted::approve(ADMIN), tamper);
        let err =
            env.service().connect(&surface, request(&["invoices"], AccountType::User), &quiet()).await.unwrap_err();
        assert_eq!(err.code(), expected, "{err}");
    }
    assert!(env.sandbox.token_requests("authorization_code").is_empty());
}

#[tokio::test]
async fn a_replayed_callback_is_refused() {
    let env = Env::new().await;
    let service = env.service();
    // The same callback handed in twice.
    struct Capture(std::sync::Mutex<Option<Url>>);
    impl AuthorizationSurface for Capture {
        async fn authorize(&self, url: &Url, redirect: &Url) -> Result<Url, SurfaceError> {
            let callback = Scripted::approve(ADMIN).authorize(url, redirect).await?;
            *self.0.lock().unwrap() = Some(callback.clone());
            Ok(callback)
        }
    }
    let capture = Capture(std::sync::Mutex::new(None));
    service.connect(&capture, request(&["invoices"], AccountType::User), &quiet()).await.unwrap();
    let callback = capture.0.lock().unwrap().clone().unwrap();
    let state = callback.query_pairs().find(|(k, _)| k == "state").unwrap().1.to_string();
    let redirect = service.profile().redirect.embedded.clone();
    let err = service.complete(&state, &redirect, &callback, &quiet()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::StateMismatch);
    assert!(err.to_string().contains("Reused"), "{err}");
    assert_eq!(env.sandbox.token_requests("authorization_code").len(), 1);
}

/// Logs in, then lets the sandbox's clock pass the code's 10 minutes.
struct SlowUser<'a>(&'a fortnox_sandbox::Sandbox);

impl AuthorizationSurface for SlowUser<'_> {
    async fn authorize(&self, url: &Url, redirect: &Url) -> Result<Url, SurfaceError> {
        let callback = Scripted::approve(ADMIN).authorize(url, redirect).await?;
        self.0.advance_clock(601);
        Ok(callback)
    }
}

#[tokio::test]
async fn an_expired_code_asks_to_start_again() {
    let env = Env::new().await;
    let err = env
        .service()
        .connect(&SlowUser(&env.sandbox), request(&["invoices"], AccountType::User), &quiet())
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::AuthorizationCodeExpired);
}

#[tokio::test]
async fn the_token_endpoint_needs_the_identical_redirect_uri() {
    let env = Env::direct().await;
    let service = env.service();
    let client = TokenSource::new(
        service.profile(),
        fortnox_core::http::client(),
        fortnox_core::store::secrets::Secrets::new(env.secrets.clone()),
    );
    let mut url = service.profile().endpoints.authorize_url();
    url.query_pairs_mut()
        .append_pair("client_id", &env.profile.client_id)
        .append_pair("response_type", "code")
        .append_pair("state", "s")
        .append_pair("scope", "companyinformation")
        .append_pair("redirect_uri", env.profile.redirect.embedded.as_str());
    let callback = Scripted::approve(ADMIN).authorize(&url, &env.profile.redirect.embedded).await.unwrap();
    let code = callback.query_pairs().find(|(k, _)| k == "code").unwrap().1.to_string();
    let other = env.profile.redirect.loopback.clone().unwrap();
    let err =
        client.exchange(&fortnox_core::secret::AuthorizationCode::new(code), &other, "s", None).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::RedirectUriMismatch);
}

#[tokio::test]
async fn client_secrets_from_the_keyring_work_and_a_wrong_one_is_the_vendors_problem() {
    // Right secret in the keyring: works.
    let env = Env::direct_with_client("demo-few-scopes").await;
    connect(&env.service(), &Scripted::approve(ADMIN), request(&["invoices"], AccountType::User)).await;
    let token_request = env.sandbox.token_requests("authorization_code").pop().unwrap();
    assert_eq!(token_request.headers["authorization"], "Basic ***");

    // Wrong secret: the vendor must act.
    let env = Env::direct_with_client("demo-no-service").await;
    env.secrets.set(&keys::client_secret("demo-no-service"), &StoredSecret::new("wrong")).unwrap();
    let err = connect_error(&env, &Scripted::approve(ADMIN), &["invoices"], AccountType::User).await;
    assert_eq!(err.code(), ErrorCode::ClientSecretRejected);

    // No secret at all: said before anyone logs in.
    let mut env = Env::new().await;
    env.profile.token_auth = TokenAuth::ClientSecretEnv { var: "FORTNOX_CONNECT_TEST_SECRET_THAT_IS_NOT_SET".into() };
    let err = connect_error(&env, &Scripted::approve(ADMIN), &["invoices"], AccountType::User).await;
    assert_eq!(err.code(), ErrorCode::ClientSecretMissing);
    assert!(env.sandbox.requests().is_empty(), "the login never opened");
}

#[tokio::test]
async fn verification_tells_licence_from_permission_per_option() {
    let env = Env::new().await;
    let service = env.service();
    // Fjällbacka has no Lön: payroll fails with a licence problem, the
    // rest works.
    let outcome = service
        .connect(&Scripted::approve(NO_PAYROLL), request(&["invoices", "salary"], AccountType::User), &quiet())
        .await
        .unwrap();
    let ConnectOutcome::Connected { report, .. } = outcome else { panic!() };
    let by_id = |id: &str| report.options.iter().find(|o| o.option_id == id).unwrap().clone();
    assert_eq!(by_id("invoices").status, CheckStatus::Works);
    assert_eq!(by_id("salary").status, CheckStatus::Fails);
    assert_eq!(by_id("salary").failure(), Some(ErrorCode::ModuleLicenceMissing));

    // Anna may not see customers or projects: a permission problem.
    let env = Env::new().await;
    let outcome = env
        .service()
        .connect(
            &Scripted::approve(ANNA),
            request(&["invoices", "bookkeeping", "projects"], AccountType::User),
            &quiet(),
        )
        .await
        .unwrap();
    let ConnectOutcome::Connected { report, .. } = outcome else { panic!() };
    let by_id = |id: &str| report.options.iter().find(|o| o.option_id == id).unwrap().clone();
    assert_eq!(by_id("invoices").failure(), Some(ErrorCode::MissingPermission));
    assert_eq!(by_id("projects").failure(), Some(ErrorCode::MissingPermission));
    assert_eq!(by_id("bookkeeping").status, CheckStatus::Works);
    assert_eq!(report.approved_by.unwrap().sysadmin, Some(false));
}

#[tokio::test]
async fn missing_rights_for_orders_point_consultants_to_digital_byra() {
    let mut env = Env::new().await;
    env.profile.options.push(fortnox_core::profile::TransferOption {
        id: "orders".into(),
        scopes: vec!["order".into()],
        default: false,
        label: fortnox_core::Localized::new("Order", "Orders"),
        help: None,
    });
    env.sandbox.update_config(|c| {
        let anna = c.users.iter_mut().find(|u| u.username == ANNA).unwrap();
        anna.memberships[0].denied_scopes.push("order".into());
    });
    let outcome = env
        .service()
        .connect(&Scripted::approve(ANNA), request(&["orders"], AccountType::User), &quiet())
        .await
        .unwrap();
    let ConnectOutcome::Connected { report, .. } = outcome else { panic!() };
    assert_eq!(report.options[0].failure(), Some(ErrorCode::MissingRightsForDocuments));
}

#[tokio::test]
async fn options_added_later_are_reported_and_probed_as_not_granted() {
    let mut env = Env::new().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    drop(service);
    // The vendor's next version adds suppliers to the invoices option.
    env.profile.options[0].scopes.push("supplier".into());
    let service = env.service();
    let mut views = Vec::new();
    env.operations(Scripted::approve(ADMIN)).status(Some(&id), Lang::En, |view| views.push(view)).unwrap();
    let view = views.remove(0);
    assert_eq!(view.options_missing_scopes, ["invoices"]);
    assert!(view.needs_attention && view.actions[0].primary, "re-authorize comes first: {:?}", view.actions);
    let report = service.verify_again(&id).await.unwrap();
    let invoices = report.options.iter().find(|o| o.option_id == "invoices").unwrap();
    assert_eq!(invoices.failure(), Some(ErrorCode::ScopesMissingForOptions), "added after the approval");
}

#[tokio::test]
async fn api_licence_loss_and_odd_answers_are_recognised() {
    let env = Env::new().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;

    // Fortnox answers with capitalised keys and the code as a string.
    env.sandbox.update_faults(|f| f.odd_error_casing = true);
    env.sandbox.update_config(|c| {
        c.companies.iter_mut().find(|co| co.tenant_id == 1406221).unwrap().integration_licence = false
    });
    let report = service.verify_again(&id).await.unwrap();
    assert!(report.options.iter().all(|o| o.failure() == Some(ErrorCode::ApiLicenceMissing)), "{report:?}");
    env.sandbox.update_config(|c| {
        c.companies.iter_mut().find(|co| co.tenant_id == 1406221).unwrap().integration_licence = true
    });

    let info = |code: u64, message: &str| FaultKind::Body {
        status: 400,
        content_type: "application/json".into(),
        body: format!(r#"{{"ErrorInformation":{{"error":1,"message":"{message}","code":{code}}}}}"#),
    };
    for (kind, expected) in [
        (info(2001304, "Kunde inte hitta konto"), ErrorCode::AccountNotFound),
        (
            info(2000311, "Kan inte logga in, access-token eller client-secret saknas(2)."),
            ErrorCode::ApiCredentialsInvalid,
        ),
    ] {
        env.sandbox.add_fault(Fault { kind, path_prefix: Some("/3/accounts".into()), times: Some(1) });
        let report = service.verify_again(&id).await.unwrap();
        let bookkeeping = report.options.iter().find(|o| o.option_id == "bookkeeping").unwrap();
        assert_eq!(bookkeeping.failure(), Some(expected));
    }
}

#[tokio::test]
async fn a_token_fortnox_refuses_is_renewed_once_then_needs_reauthorization() {
    let env = Env::new().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    // The cached access token is refused, and renewing it is refused too.
    env.sandbox.revoke_tenant(1406221);
    let err = service.verify_again(&id).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::RefreshTokenInvalid);
    assert_eq!(service.connection(&id).unwrap().state, fortnox_core::ConnectionState::NeedsReauthorization);

    // Only the access token is dead (ended early): renewing fixes it.
    let env = Env::new().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    env.sandbox.expire_access_tokens(1406221);
    service.verify_again(&id).await.expect("renewed and verified");
    assert_eq!(env.sandbox.token_requests("refresh_token").len(), 1);
}

#[tokio::test]
async fn rate_limits_are_waited_out_and_reported_only_when_they_persist() {
    let env = Env::new().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    env.sandbox.add_fault(Fault {
        kind: FaultKind::RateLimited,
        path_prefix: Some("/3/companyinformation".into()),
        times: Some(1),
    });
    service.verify_again(&id).await.expect("one 429 is waited out");
    env.sandbox.add_fault(Fault {
        kind: FaultKind::RateLimited,
        path_prefix: Some("/3/companyinformation".into()),
        times: None,
    });
    let err = service.verify_again(&id).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::RateLimited);
    assert_eq!(service.connection(&id).unwrap().state, fortnox_core::ConnectionState::Enabled);
}

#[tokio::test]
async fn malformed_and_oversized_answers_are_invalid_responses() {
    let env = Env::direct().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    for body in ["<html><body>Fortnox is down</body></html>".to_string(), "x".repeat(3 * 1024 * 1024)] {
        env.clock.advance(3600);
        env.sandbox.add_fault(Fault {
            kind: FaultKind::Body { status: 200, content_type: "application/json".into(), body },
            path_prefix: Some("/oauth-v1/token".into()),
            times: Some(1),
        });
        let err = service.access_token(&id).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidResponse, "{err}");
        assert_eq!(service.connection(&id).unwrap().state, fortnox_core::ConnectionState::Enabled);
    }
}

#[tokio::test]
async fn a_missing_keyring_entry_is_reported_not_treated_as_expired() {
    let env = Env::direct().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    env.secrets.delete(&keys::refresh_token(&id)).unwrap();
    env.clock.advance(3600);
    let err = service.access_token(&id).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::KeyringLocked);
    assert_eq!(service.connection(&id).unwrap().state, fortnox_core::ConnectionState::Enabled, "not marked dead");
}

#[tokio::test]
async fn a_state_file_that_cannot_be_written_is_a_storage_problem() {
    let env = Env::new().await;
    let service = env.service();
    std::fs::create_dir_all(env.profile_dir().join("state.json")).unwrap();
    let err = service.save_language(Lang::En).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::StorageFailed);
}

#[tokio::test]
async fn an_unsupported_scope_names_the_options_to_continue_without() {
    let env = Env::with_client("demo-few-scopes").await;
    let err =
        connect_error(&env, &Scripted::approve(ADMIN), &["invoices", "salary", "suppliers"], AccountType::User).await;
    assert_eq!(err.code(), ErrorCode::UnsupportedScope);
    let problem = problem(&env, &err, Lang::En);
    assert!(problem.cause.contains("Payroll") && problem.cause.contains("Supplier invoices"), "{}", problem.cause);
    assert!(!problem.cause.contains("Customer invoices"));
    assert!(problem.offers(&fortnox_core::catalogue::Action::ContinueWithoutOptions {
        options: vec!["salary".into(), "suppliers".into()]
    }));
    // Continuing without them works.
    env.service()
        .connect(&Scripted::approve(ADMIN), request(&["invoices"], AccountType::User), &quiet())
        .await
        .unwrap();
}

/// A login window that must not open.
struct NeverOpened;

impl fortnox_core::AuthorizationSurface for NeverOpened {
    async fn authorize(&self, _: &url::Url, _: &url::Url) -> Result<url::Url, fortnox_core::SurfaceError> {
        Err(fortnox_core::SurfaceError::Failed("the login window was opened".into()))
    }
}

#[tokio::test]
async fn refusals_fortnox_shows_as_a_page_are_explained_before_any_login_window_opens() {
    // A redirect URI Fortnox does not have for the app.
    let mut env = Env::direct().await;
    env.profile.redirect.embedded = url::Url::parse("https://elsewhere.example/fortnox/callback").unwrap();
    let err =
        env.service().connect(&NeverOpened, request(&["invoices"], AccountType::User), &quiet()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::RedirectUriMismatch, "{err}");
    assert!(err.details().contains("RedirectURI is missing or mismatch"), "Fortnox's words are kept: {err}");

    // A client id Fortnox does not know.
    let env = Env::direct_with_client("no-such-client").await;
    let err =
        env.service().connect(&NeverOpened, request(&["invoices"], AccountType::User), &quiet()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::VendorOauthNotEnabled, "{err}");

    // A scope the app may not ask for, with the options to drop named.
    let env = Env::direct_with_client("demo-few-scopes").await;
    let err = env
        .service()
        .connect(&NeverOpened, request(&["invoices", "salary"], AccountType::User), &quiet())
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::UnsupportedScope, "{err}");
    let problem = problem(&env, &err, Lang::En);
    assert!(
        problem.offers(&fortnox_core::catalogue::Action::ContinueWithoutOptions { options: vec!["salary".into()] })
    );
}
