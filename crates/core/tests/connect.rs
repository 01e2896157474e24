//! Connecting end to end against the sandbox, with the real keyring.

mod common;

use common::*;
use fortnox_core::operations::{ConnectRequest, ConnectResult, ConnectTarget, NextStep};
use fortnox_core::store::secrets::keys;
use fortnox_core::verify::CheckStatus;
use fortnox_core::{
    AccountType, ConnectOutcome, ConnectProgress, ConnectionState, Decision, DecisionChoice, ErrorCode,
};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A connect as the app asks for it (everything not given is defaulted
/// by the operation).
fn new_connection(options: &[&str], account_type: AccountType) -> ConnectRequest {
    let options = Some(options.iter().map(|o| o.to_string()).collect());
    ConnectRequest {
        target: ConnectTarget::New { options, account_type: Some(account_type), expected_org: None },
        browser: false,
    }
}

#[tokio::test]
async fn a_user_account_connects_verifies_and_keeps_secrets_in_the_keyring_only() {
    let env = Env::direct().await;
    let ops = env.operations(Scripted::approve(ADMIN));
    let result = ops.connect(new_connection(&["invoices", "bookkeeping"], AccountType::User)).await.unwrap().en;
    let ConnectResult::Connected { connection, verify, next } = result else { panic!("{result:?}") };
    assert_eq!(next, NextStep::Verify);
    assert_eq!(connection.state, ConnectionState::Authorized, "enabled only by the user");
    assert_eq!(connection.company_name.as_deref(), Some("Bergströms Bygg AB"));
    assert_eq!(connection.org_number.as_deref(), Some(BERGSTROM_ORG));
    assert_eq!(connection.company_label, "Bergströms Bygg AB (556677-8899)");
    assert_eq!(connection.tenant_id.as_deref(), Some("1406221"));
    assert_eq!(connection.account_type, AccountType::User);
    assert_eq!(verify.approver_label.as_deref(), Some("Erik Bergström (system administrator)"));
    assert!(verify.all_work && verify.checks.iter().all(|c| c.status == CheckStatus::Works), "{verify:?}");
    assert_eq!(connection.refresh_expires_in_days, Some(45));
    let progress = ops.host().progress.lock().unwrap().clone();
    assert_eq!(progress.len(), 4, "waiting, exchanging, verifying, saving: {progress:?}");
    let service = ops.service();

    let refresh = env.secret(&keys::refresh_token(&connection.id)).expect("refresh token in the keyring");
    let access = env.secret(&keys::access_token(&connection.id)).expect("access token cached in the keyring");
    for file in walk(env.data.path()) {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        assert!(!text.contains(&refresh), "refresh token in {}", file.display());
        assert!(!text.contains(access.split('\t').nth(1).unwrap()), "access token in {}", file.display());
    }
    service.enable(&connection.id).await.unwrap();
    let grant = service.access_token(&connection.id).await.unwrap();
    assert!(!grant.renewed, "the cached token is handed out");
    assert_eq!(grant.tenant_id.as_deref(), Some("1406221"));
}

#[tokio::test]
async fn through_the_broker_the_desktop_keeps_only_its_installation_and_access_tokens() {
    let env = Env::new().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    assert!(env.secret(&keys::refresh_token(&id)).is_none(), "no refresh token on this computer");
    assert!(env.secret(&keys::access_token(&id)).is_some(), "the access token is cached");
    let installation = keys::installation(env.broker.as_ref().unwrap().base_url());
    assert!(env.secret(&installation).is_some(), "the installation credential is in the keyring, under its broker");
    assert!(env.secret(keys::LEGACY_INSTALLATION).is_none(), "not where any broker would get it");
    let connection = service.connection(&id).unwrap();
    let broker_connection = connection.broker_connection.expect("bound at the broker");
    // The state names the broker's connection, never a secret.
    let state = std::fs::read_to_string(env.profile_dir().join(format!("connections/{id}.json"))).unwrap();
    assert!(state.contains(&broker_connection));
    assert!(!state.contains(env.secret(&installation).unwrap().split('\t').nth(1).unwrap()));
    // Exchanges went through the broker, with the verifier; the sandbox
    // saw the broker's client credentials.
    let exchanges = env.sandbox.token_requests("authorization_code");
    assert_eq!(exchanges.len(), 1);
    assert_eq!(exchanges[0].headers["authorization"], "Basic ***");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[tokio::test]
async fn a_service_account_uses_client_credentials_for_tokens() {
    let env = Env::new().await;
    let (service, id) = connected_and_enabled(&env, AccountType::Service).await;
    let authorize = env.sandbox.requests().into_iter().find(|r| r.path == "/oauth-v1/auth").unwrap();
    assert_eq!(authorize.query["account_type"], "service");
    assert_eq!(service.connection(&id).unwrap().account_type, AccountType::Service, "proven by the broker");
    // The broker asked once at the exchange, to prove the service account.
    let proving = env.sandbox.token_requests("client_credentials").len();
    env.advance(3600);
    let grant = service.access_token(&id).await.unwrap();
    assert!(grant.renewed);
    let cc = env.sandbox.token_requests("client_credentials");
    assert_eq!(cc.len(), proving + 1);
    assert_eq!(cc[proving].headers["tenantid"], "1406221");
    assert!(env.sandbox.token_requests("refresh_token").is_empty(), "no refresh token spent");
}

#[tokio::test]
async fn a_consultant_picks_a_client_and_a_wrong_client_is_caught_before_saving() {
    let env = Env::new().await;
    let service = env.service();
    let mut ok = request(&["invoices"], AccountType::User);
    ok.expected_org = Some("556345-6788".into());
    let summary = connect(&service, &Scripted::approve(CONSULTANT).company("556345-6788"), ok).await;
    assert_eq!(summary.company.unwrap().name, "Kvarnens Café AB");

    let mut wrong = request(&["invoices"], AccountType::User);
    wrong.expected_org = Some("5563456788".into());
    let outcome =
        service.connect(&Scripted::approve(CONSULTANT).company("969712-3454"), wrong, &quiet()).await.unwrap();
    let ConnectOutcome::NeedsDecision { decision_id, decision, .. } = outcome else { panic!("{outcome:?}") };
    let Decision::WrongCompany { expected, actual } = decision else { panic!("{decision:?}") };
    assert_eq!(expected, "5563456788");
    assert_eq!(actual.unwrap().name, "Solbergs Trädgård HB");
    assert_eq!(service.connections().unwrap().len(), 1, "nothing saved before the decision");
    assert_eq!(env.unsaved_entries(&service), Vec::<String>::new(), "nor left in the keyring");

    // "Try again": the approval is revoked at Fortnox.
    assert!(service.decide(&decision_id, DecisionChoice::Discard).await.unwrap().is_none());
    let solberg: Vec<_> = env.sandbox.grants().into_iter().filter(|g| g.tenant_id == 1406232).collect();
    assert!(solberg.iter().all(|g| g.revoked));

    // "Keep anyway" saves it.
    let mut wrong = request(&["invoices"], AccountType::User);
    wrong.expected_org = Some("556345-6788".into());
    let ConnectOutcome::NeedsDecision { decision_id, .. } =
        service.connect(&Scripted::approve(CONSULTANT).company("969712-3454"), wrong, &quiet()).await.unwrap()
    else {
        panic!()
    };
    let kept = service.decide(&decision_id, DecisionChoice::Keep).await.unwrap().unwrap();
    assert!(matches!(kept, ConnectOutcome::Connected { .. }));
    assert_eq!(service.connections().unwrap().len(), 2);
    assert!(service.decide(&decision_id, DecisionChoice::Keep).await.is_err(), "a decision is taken once");
}

#[tokio::test]
async fn connecting_an_already_connected_company_offers_the_existing_connection() {
    let env = Env::direct().await;
    let service = env.service();
    let first = connect(&service, &Scripted::approve(ADMIN), request(&["invoices"], AccountType::User)).await;
    let first_refresh = env.secret(&keys::refresh_token(&first.id)).unwrap();
    let outcome = service
        .connect(&Scripted::approve(ADMIN), request(&["invoices", "bookkeeping"], AccountType::User), &quiet())
        .await
        .unwrap();
    let ConnectOutcome::NeedsDecision { decision_id, decision, .. } = outcome else { panic!("{outcome:?}") };
    assert!(matches!(decision, Decision::AlreadyConnected { ref existing } if existing.id == first.id));
    assert_eq!(env.unsaved_entries(&service), Vec::<String>::new(), "nothing of the new result in the keyring");
    let ConnectOutcome::Connected { connection, reauthorized, .. } =
        service.decide(&decision_id, DecisionChoice::UseExisting).await.unwrap().unwrap()
    else {
        panic!()
    };
    assert!(reauthorized);
    assert_eq!(connection.id, first.id, "no duplicate");
    assert_eq!(connection.options, ["invoices", "bookkeeping"]);
    assert_eq!(service.connections().unwrap().len(), 1);
    assert_ne!(env.secret(&keys::refresh_token(&first.id)).unwrap(), first_refresh);
    let live: Vec<_> = env.sandbox.grants().into_iter().filter(|g| !g.revoked).collect();
    assert_eq!(live.len(), 1, "the replaced approval was revoked");
}

#[tokio::test]
async fn reauthorize_keeps_id_and_options_and_revokes_the_old_approval() {
    let env = Env::new().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    let before = service.connection(&id).unwrap();
    let result = reauthorize(&env, &id, Scripted::approve(ADMIN)).await.unwrap();
    let ConnectResult::Connected { connection, next, .. } = result else { panic!("{result:?}") };
    assert_eq!(next, NextStep::Done, "an enabled connection approved again needs nothing more");
    assert_eq!(connection.id, id);
    assert_eq!(connection.options, before.options);
    assert_eq!(connection.state, ConnectionState::Enabled, "an enabled connection stays enabled");
    assert_eq!(env.sandbox.grants().iter().filter(|g| !g.revoked).count(), 1);
    let kinds: Vec<_> = service.activity(&id).iter().map(|e| e.kind).collect();
    assert!(kinds.contains(&fortnox_core::connection::ActivityKind::Reauthorized));
}

#[tokio::test]
async fn switching_account_type_replaces_the_connection_in_one_action() {
    let env = Env::new().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    let ops = env.operations(Scripted::approve(ADMIN));
    let target = ConnectTarget::SwitchAccountType { connection_id: id.clone() };
    let result = ops.connect(ConnectRequest { target, browser: false }).await.unwrap().en;
    let ConnectResult::Connected { connection, .. } = result else { panic!("{result:?}") };
    assert_eq!(connection.account_type, AccountType::Service);
    assert_eq!(connection.options, ["invoices", "bookkeeping"]);
    let ids: Vec<_> = service.connections().unwrap().into_iter().map(|c| c.id).collect();
    assert_eq!(ids, std::slice::from_ref(&connection.id), "the old connection is gone");
    assert!(env.secret(&keys::refresh_token(&id)).is_none());
    let live: Vec<_> = env.sandbox.grants().into_iter().filter(|g| !g.revoked).collect();
    assert_eq!(live.len(), 1);
    assert_eq!(live[0].account_type, fortnox_sandbox::store::AccountType::Service);
}

#[tokio::test]
async fn enable_disable_and_remove() {
    let env = Env::new().await;
    let service = env.service();
    let summary = connect(&service, &Scripted::approve(ADMIN), request(&["invoices"], AccountType::User)).await;
    let id = summary.id;
    let err = service.access_token(&id).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::ConnectionNotEnabled, "authorized but not enabled");
    service.enable(&id).await.unwrap();
    service.access_token(&id).await.unwrap();
    service.disable(&id).await.unwrap();
    assert_eq!(service.access_token(&id).await.unwrap_err().code(), ErrorCode::ConnectionNotEnabled);
    service.enable(&id).await.unwrap();

    service.remove(&id, false).await.unwrap();
    assert!(env.sandbox.grants().iter().all(|g| g.revoked), "revoked at Fortnox");
    assert!(env.sandbox.requests().iter().any(|r| r.path == "/oauth-v1/revoke"));
    assert!(env.secret(&keys::refresh_token(&id)).is_none());
    assert!(env.secret(&keys::access_token(&id)).is_none());
    assert_eq!(service.connection(&id).unwrap_err().code(), ErrorCode::ConnectionNotFound);
}

#[tokio::test]
async fn the_first_screen_given_to_the_page_is_what_the_page_would_ask_for() {
    use fortnox_core::operations::Nothing;
    let env = Env::direct().await;
    let ops = env.operations(Scripted::approve(ADMIN));
    assert!(ops.first_screen().expect("nothing saved reads as an empty list").list.en.connections.is_empty());
    ops.connect(new_connection(&["invoices"], AccountType::User)).await.unwrap();
    let given = ops.first_screen().expect("the list reads");
    assert_eq!(given.info, ops.app_info(Nothing {}).await.unwrap());
    assert_eq!(given.list, ops.list_connections(Nothing {}).await.unwrap());
    assert_eq!(given.list.en.connections.len(), 1);
    std::fs::write(env.profile_dir().join("state.json"), "{ not json").unwrap();
    assert!(ops.first_screen().is_none(), "an unreadable list is left to the page, which asks and shows why");
}

#[tokio::test]
async fn remove_keeps_the_connection_when_fortnox_is_unreachable_unless_forced() {
    let env = Env::new().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    env.sandbox.add_fault(fortnox_sandbox::Fault {
        kind: fortnox_sandbox::FaultKind::Status { status: 503 },
        path_prefix: Some("/oauth-v1/revoke".into()),
        times: None,
    });
    let err = service.remove(&id, false).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::FortnoxUnavailable);
    assert!(service.connection(&id).is_ok(), "nothing removed");
    service.remove(&id, true).await.unwrap();
    assert!(service.connection(&id).is_err());
}

#[tokio::test]
async fn diagnostics_hold_no_secrets() {
    let env = Env::direct().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    env.clock.advance(3600);
    service.access_token(&id).await.unwrap();
    let refresh = env.secret(&keys::refresh_token(&id)).unwrap();
    let access = env.secret(&keys::access_token(&id)).unwrap();
    let path = env.data.path().join("diag.zip");
    service.export_diagnostics(&path, "fortnox-connect-test 0").unwrap();
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut names = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        names.push(file.name().to_string());
        let mut text = String::new();
        std::io::Read::read_to_string(&mut file, &mut text).unwrap();
        assert!(!text.contains(&refresh));
        assert!(!text.contains(access.split('\t').nth(1).unwrap()));
    }
    assert!(names.contains(&"about.json".to_string()));
    assert!(names.contains(&format!("activity/{id}.jsonl")));
}

/// The login that waits, as a person typing a password does, until the
/// connections core opened meanwhile have been answered.
struct AfterWarmUp<'a> {
    login: Scripted,
    sandbox: &'a fortnox_sandbox::Sandbox,
    connections: usize,
}

impl fortnox_core::AuthorizationSurface for AfterWarmUp<'_> {
    async fn authorize(&self, url: &url::Url, redirect: &url::Url) -> Result<url::Url, fortnox_core::SurfaceError> {
        let answered = || {
            let log = self.sandbox.requests();
            log.iter().filter(|r| r.method == "HEAD" && r.path == "/" && r.status != 0).count()
        };
        while answered() < self.connections {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        self.login.authorize(url, redirect).await
    }
}

#[tokio::test]
async fn connections_opened_during_the_login_spare_the_exchange_and_verification_their_set_up() {
    let env = Env::direct().await;
    // Every new connection pays one more round trip, as TLS does.
    env.sandbox.update_faults(|f| {
        f.latency_ms = 5;
        f.connection_setup = true;
    });
    let options: Vec<String> = ["invoices", "bookkeeping", "projects"].map(String::from).to_vec();
    let scopes = env.profile.scopes_for(&options).unwrap();
    let warm = fortnox_core::verify::probe_count(&env.profile, &options, &scopes);
    assert!(warm >= 3, "every option is probed: {warm}");
    let surface = AfterWarmUp { login: Scripted::approve(ADMIN), sandbox: &env.sandbox, connections: warm };
    let request = fortnox_core::oauth::AuthorizeRequest::new(
        options,
        AccountType::User,
        fortnox_core::oauth::RedirectKind::Embedded,
    );
    let outcome = env.service().connect(&surface, request, &quiet()).await.unwrap();
    assert!(matches!(outcome, ConnectOutcome::Connected { .. }), "{outcome:?}");

    let log = env.sandbox.requests();
    let paid = |r: &&fortnox_sandbox::LoggedRequest| r.note.as_deref() == Some("connection_setup");
    let warm_ups: Vec<_> = log.iter().filter(|r| r.method == "HEAD").collect();
    assert_eq!(warm_ups.len(), warm, "one warm-up per probe");
    assert!(warm_ups.iter().any(paid), "the warm-ups opened new connections (the fault is on)");
    let login = log.iter().position(|r| r.query.contains_key("sandbox_user")).unwrap();
    let after: Vec<_> = log[login + 1..].iter().collect();
    assert!(after.iter().any(|r| r.path == "/oauth-v1/token"), "the code was exchanged");
    assert_eq!(after.iter().filter(|r| r.path.starts_with("/3/")).count(), warm, "one probe per scope");
    let slow: Vec<_> = after.iter().filter(|r| paid(r)).map(|r| r.path.as_str()).collect();
    assert!(slow.is_empty(), "requests after the login paid for a new connection: {slow:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_connections_tokens_are_written_while_its_verification_is_in_flight() {
    // The hook below runs on the keyring's thread and reads the sandbox.
    let env: &'static Env = Box::leak(Box::new(Env::direct().await));
    let options: Vec<String> = ["invoices", "bookkeeping"].map(String::from).to_vec();
    let probes = fortnox_core::verify::probe_count(&env.profile, &options, &env.profile.scopes_for(&options).unwrap());
    let verified = Arc::new(AtomicBool::new(false));
    let seen = Arc::new(Mutex::new(None));
    let (verified_then, seen_then) = (verified.clone(), seen.clone());
    env.secrets.before_each_write(move |key| {
        if !key.ends_with("/refresh-token") {
            return;
        }
        // Hold the write until every probe reached Fortnox: only a write
        // that runs beside the verification round ever sees them all.
        let sent = || env.sandbox.requests().iter().filter(|r| r.path.starts_with("/3/")).count();
        let give_up = Instant::now() + Duration::from_secs(30);
        while sent() < probes && Instant::now() < give_up {
            std::thread::sleep(Duration::from_millis(5));
        }
        *seen_then.lock().unwrap() = Some((sent(), verified_then.load(Ordering::SeqCst)));
    });
    let progress = move |stage| {
        if matches!(stage, ConnectProgress::Saving) {
            verified.store(true, Ordering::SeqCst);
        }
    };
    let request = fortnox_core::oauth::AuthorizeRequest::new(
        options,
        AccountType::User,
        fortnox_core::oauth::RedirectKind::Embedded,
    );
    let service = env.service();
    let outcome = service.connect(&Scripted::approve(ADMIN), request, &progress).await.unwrap();
    let ConnectOutcome::Connected { connection, .. } = outcome else { panic!("{outcome:?}") };
    let (sent, after_verification) = seen.lock().unwrap().expect("the refresh token was written");
    assert_eq!(sent, probes, "the probes were on their way while the refresh token was written");
    assert!(!after_verification, "and it was written before the verification was over");
    assert!(env.secret(&keys::refresh_token(&connection.id)).is_some(), "under the saved connection's id");
    assert!(env.secret(&keys::access_token(&connection.id)).is_some());
    service.enable(&connection.id).await.unwrap();
    assert!(!service.access_token(&connection.id).await.unwrap().renewed, "the access token written is handed out");
}

#[tokio::test]
async fn a_result_that_cannot_be_verified_leaves_nothing_in_the_keyring_or_at_fortnox() {
    let env = Env::direct().await;
    let service = env.service();
    env.sandbox.add_fault(fortnox_sandbox::Fault {
        kind: fortnox_sandbox::FaultKind::Status { status: 503 },
        path_prefix: Some("/3/companyinformation".into()),
        times: None,
    });
    let err = fails_after_the_exchange_keeping_nothing(&env, &service).await;
    assert_eq!(err.code(), ErrorCode::FortnoxUnavailable, "{err}");
    assert!(service.connections().unwrap().is_empty());
}

#[tokio::test]
async fn a_result_that_cannot_be_checked_against_an_unreadable_state_is_revoked_and_deleted() {
    let env = Env::direct().await;
    let service = env.service();
    std::fs::create_dir_all(env.profile_dir()).unwrap();
    std::fs::write(env.profile_dir().join("state.json"), "{ not json").unwrap();
    let err = fails_after_the_exchange_keeping_nothing(&env, &service).await;
    assert_eq!(err.code(), ErrorCode::StorageFailed, "{err}");
    assert_eq!(std::fs::read_to_string(env.profile_dir().join("state.json")).unwrap(), "{ not json", "untouched");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn logins_at_once_on_a_new_computer_enroll_it_at_the_broker_once() {
    // Two "processes" (services on the same data folder), two logins each.
    let env = Env::new().await;
    let (app, cli) = (env.service(), env.service());
    let login = |n: usize| {
        let org: &'static str = Box::leak(fortnox_sandbox::agency::org_number(n).into_boxed_str());
        Scripted::approve(fortnox_sandbox::agency::AGENCY_USERNAME).company(org)
    };
    let (logins, requests) = ((0..4).map(login).collect::<Vec<_>>(), || request(&["invoices"], AccountType::User));
    let made = futures_util::future::join_all(logins.iter().enumerate().map(|(n, l)| {
        let service = if n % 2 == 0 { &app } else { &cli };
        async move { service.connect(l, requests(), &quiet()).await }
    }))
    .await;
    for result in &made {
        assert!(matches!(result, Ok(ConnectOutcome::Connected { .. })), "{result:?}");
    }
    // An hour on, each renews through the broker with the one
    // installation the keyring holds: none was made under another.
    env.advance(3600);
    for result in made {
        let Ok(ConnectOutcome::Connected { connection, .. }) = result else { unreachable!() };
        app.enable(&connection.id).await.unwrap();
        let grant = app.access_token(&connection.id).await.unwrap_or_else(|e| panic!("{}: {e}", connection.id));
        assert!(grant.renewed, "renewed at the broker");
    }
}

#[tokio::test]
async fn several_connections_are_disabled_and_enabled_at_once_and_only_the_chosen_exported() {
    use fortnox_core::operations::{ConnectionRequest, ExportRequest, SetEnabledRequest};
    let env = Env::direct().await;
    let service = env.service();
    let mut ids = Vec::new();
    for n in 0..3 {
        let org: &'static str = Box::leak(fortnox_sandbox::agency::org_number(n).into_boxed_str());
        let login = Scripted::approve(fortnox_sandbox::agency::AGENCY_USERNAME).company(org);
        let made = connect(&service, &login, request(&["invoices"], AccountType::User)).await;
        service.enable(&made.id).await.unwrap();
        ids.push(made.id);
    }
    let ops = env.operations(Scripted::approve(ADMIN));
    let state = |ops: &fortnox_core::operations::Operations<TestHost>, id: &str| {
        let list = ops.first_screen().unwrap().list.en.connections;
        list.into_iter().find(|c| c.id == id).unwrap().state
    };

    let off = ops.set_connections_enabled(SetEnabledRequest { ids: ids.clone(), enabled: false }).await.unwrap();
    assert_eq!(off.en.notice, "3 connections disabled.");
    assert_eq!(off.sv.notice, "3 kopplingar avstängda.");
    assert!(off.en.list.connections.iter().all(|c| c.state == ConnectionState::Disabled));

    // Fortnox stops accepting the first: it cannot be enabled, the
    // others are, and the notice counts only those.
    env.sandbox.revoke_tenant(fortnox_sandbox::agency::FIRST_TENANT);
    let _ = ops.verify_connection(ConnectionRequest { id: ids[0].clone() }).await;
    let on = ops.set_connections_enabled(SetEnabledRequest { ids: ids.clone(), enabled: true }).await.unwrap();
    assert_eq!(on.en.notice, "2 connections enabled.");
    assert_eq!(state(&ops, &ids[0]), ConnectionState::NeedsReauthorization);
    assert_eq!(state(&ops, &ids[1]), ConnectionState::Enabled);

    let exported = ops.export_connections(ExportRequest { ids: Some(vec![ids[2].clone()]) }).await.unwrap();
    let csv = std::fs::read_to_string(&exported.en.path).unwrap();
    assert_eq!(csv.lines().count(), 2, "the header and the one chosen: {csv}");
    assert!(csv.contains(&ids[2]) && !csv.contains(&ids[1]));
    let all = ops.export_connections(ExportRequest::default()).await.unwrap();
    assert_eq!(std::fs::read_to_string(&all.en.path).unwrap().lines().count(), 4);
}

#[tokio::test]
async fn an_update_waits_for_the_connection_being_set_up() {
    use fortnox_core::operations::{Nothing, UpdateStatus};
    let mut env = Env::direct().await;
    env.profile.update_feed = Some(url::Url::parse("https://updates.example.com/latest.json").unwrap());
    let ops = std::sync::Arc::new(env.operations(Scripted::approve(ADMIN)));
    let offer = fortnox_core::update::Offer {
        version: "9.9.9".into(),
        notes_sv: Some("Nytt".into()),
        notes_en: Some("New".into()),
        bytes: 5,
    };
    *ops.host().update.lock().unwrap() = Some(offer);
    let found = ops.check_for_updates(Nothing {}).await.unwrap();
    assert!(
        matches!(&found.sv, UpdateStatus::Ready { version, notes, .. } if version == "9.9.9" && notes.as_deref() == Some("Nytt"))
    );

    // A connect under way (each request to Fortnox takes 300 ms).
    env.sandbox.update_faults(|f| f.latency_ms = 300);
    let connecting = {
        let ops = ops.clone();
        tokio::spawn(async move { ops.connect(new_connection(&["invoices"], AccountType::User)).await })
    };
    while ops.host().progress.lock().unwrap().is_empty() {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let asked = ops.install_update(Nothing {}).await.unwrap();
    assert!(matches!(asked.en, UpdateStatus::Waits { .. }), "{:?}", asked.en);
    assert_eq!(ops.host().installs.load(std::sync::atomic::Ordering::SeqCst), 0, "nothing installed mid-connect");

    connecting.await.unwrap().unwrap();
    ops.install_update(Nothing {}).await.unwrap();
    assert_eq!(ops.host().installs.load(std::sync::atomic::Ordering::SeqCst), 1, "installed once the connect is done");
    assert_eq!(ops.host().restarts.load(std::sync::atomic::Ordering::SeqCst), 1, "and the new version started");
}
