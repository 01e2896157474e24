//! Every probe verification runs (`api/probes.rs`), against the sandbox:
//! it passes with the scope and the licence, and fails with the right
//! catalogue code without the licence and without the scope.

mod common;

use common::*;
use fortnox_core::api::FortnoxApi;
use fortnox_core::api::probes::probe_for;
use fortnox_core::lang::Localized;
use fortnox_core::profile::TransferOption;
use fortnox_core::verify::{CheckStatus, VerifyReport, verify};
use fortnox_core::{AccountType, ErrorCode};

/// Every scope the product has a probe for.
const PROBED: &[&str] = &[
    "companyinformation",
    "profile",
    "customer",
    "article",
    "invoice",
    "order",
    "offer",
    "project",
    "supplier",
    "supplierinvoice",
    "bookkeeping",
    "costcenter",
    "salary",
    "settings",
    "currency",
    "payment",
    "price",
    "print",
    "archive",
    "inbox",
];

/// Scopes any company may use, whatever modules it has (docs/fortnox.md §3).
const WITHOUT_MODULE: &[&str] = &["companyinformation", "profile", "settings", "archive", "inbox"];

/// A profile with one option per probed scope.
fn env_with_an_option_per_scope(env: &mut Env) {
    env.profile.options = PROBED
        .iter()
        .map(|scope| TransferOption {
            id: scope.to_string(),
            scopes: vec![scope.to_string()],
            default: false,
            label: Localized::new(*scope, *scope),
            help: None,
        })
        .collect();
}

fn status_of(report: &VerifyReport, option: &str) -> (CheckStatus, Option<ErrorCode>) {
    let check = report.options.iter().find(|o| o.option_id == option).unwrap_or_else(|| panic!("{option}"));
    (check.status, check.scopes.iter().find_map(|s| s.code))
}

#[test]
fn every_probed_scope_is_in_this_test() {
    for scope in PROBED {
        assert!(probe_for(scope).is_some(), "{scope} has a probe");
    }
    let known = ["timereporting", "connectfile", "noxfinansinvoice", "assets", "warehouse"];
    for scope in known {
        assert!(probe_for(scope).is_none() || PROBED.contains(&scope), "{scope}: add it to PROBED");
    }
}

#[tokio::test]
async fn each_probe_passes_with_its_scope_and_licence_and_fails_without_the_licence() {
    let mut env = Env::direct().await;
    env_with_an_option_per_scope(&mut env);
    env.sandbox.update_config(|c| c.rate_limit_requests = 10_000);
    let service = env.service();
    let all: Vec<&str> = PROBED.to_vec();
    let connection = connect(&service, &Scripted::approve(ADMIN), request(&all, AccountType::User)).await;
    let report = connection.last_verify.clone().unwrap();
    for scope in PROBED {
        assert_eq!(status_of(&report, scope), (CheckStatus::Works, None), "{scope}: {report:?}");
    }

    // The company loses every module licence.
    env.sandbox.update_config(|c| {
        c.companies.iter_mut().filter(|co| co.org_number == BERGSTROM_ORG).for_each(|co| co.modules.clear())
    });
    let report = service.verify_again(&connection.id).await.unwrap();
    for scope in PROBED {
        let expected = if WITHOUT_MODULE.contains(scope) {
            (CheckStatus::Works, None)
        } else {
            (CheckStatus::Fails, Some(ErrorCode::ModuleLicenceMissing))
        };
        assert_eq!(status_of(&report, scope), expected, "{scope}");
    }
}

#[tokio::test]
async fn each_probe_fails_as_not_granted_without_its_scope() {
    let mut env = Env::direct().await;
    env_with_an_option_per_scope(&mut env);
    // Otherwise `profile` is always asked for, to name the approver.
    env.profile.identify_user = false;
    env.sandbox.update_config(|c| c.rate_limit_requests = 10_000);
    let service = env.service();
    // Approved for company information only.
    let connection =
        connect(&service, &Scripted::approve(ADMIN), request(&["companyinformation"], AccountType::User)).await;
    service.enable(&connection.id).await.unwrap();
    let token = service.access_token(&connection.id).await.unwrap().access_token;
    let api = FortnoxApi::new(fortnox_core::http::client(), env.profile.endpoints.clone()).with_backoff(fast());
    let options: Vec<String> = PROBED.iter().map(|s| s.to_string()).collect();
    let granted = vec!["companyinformation".to_string()];
    let report = verify(&api, &token, &env.profile, &options, &granted, time::OffsetDateTime::now_utc()).await.unwrap();
    for scope in PROBED.iter().filter(|s| **s != "companyinformation") {
        assert_eq!(status_of(&report, scope), (CheckStatus::Fails, Some(ErrorCode::ScopeNotGranted)), "{scope}");
    }
    assert_eq!(status_of(&report, "companyinformation"), (CheckStatus::Works, None));
}
