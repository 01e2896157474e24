//! The error catalogue's rows that a script meets, through the real CLI:
//! each ends with its code, the catalogue's title and steps, who must act,
//! and the exit code its kind promises (3: someone must act, 4: transient).

mod common;

use common::*;
use fortnox_core::ErrorCode;
use fortnox_sandbox::{Fault, FaultKind};

/// The catalogue's own words for `code`, with this profile's names.
fn catalogue(code: ErrorCode) -> fortnox_core::Problem {
    let ctx = fortnox_core::catalogue::Context {
        integration: "Demo Sync".into(),
        vendor: "Demo AB".into(),
        vendor_contact: Some("support@demo.example".into()),
        ..Default::default()
    };
    fortnox_core::catalogue::render(code, "", &ctx, fortnox_core::Lang::En)
}

/// The last JSON line is an error with `code`, worded as the catalogue
/// words it, and the exit code fits.
fn assert_error(code: i32, lines: &[serde_json::Value], expected: ErrorCode) {
    let last = lines.last().unwrap();
    let error = &last["error"];
    assert_eq!(error["code"], expected.as_str(), "{lines:?}");
    let want = catalogue(expected);
    assert_eq!(error["title"], want.title.as_str());
    assert_eq!(error["steps"], serde_json::json!(want.steps));
    assert_eq!(error["who"], serde_json::to_value(want.who).unwrap());
    assert_eq!(code, if expected.is_transient() { 4 } else { 3 }, "{expected:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_at_authorize_and_consent_end_with_their_code_title_steps_and_exit_code() {
    // (the sandbox's app, who logs in, which company, connect's flags, the code)
    type Case<'a> = (&'a str, &'a str, Option<&'a str>, &'a [&'a str], ErrorCode);
    let cases: [Case; 8] = [
        ("demo-no-oauth", ADMIN, None, &["--account", "user"], ErrorCode::VendorOauthNotEnabled),
        ("demo-no-service", ADMIN, None, &["--account", "service"], ErrorCode::ServiceAccountNotAllowed),
        ("demo-unpublished", ADMIN, None, &["--account", "user"], ErrorCode::IntegrationNotPublished),
        ("demo-store", TWO_COMPANIES, Some("556456-7898"), &["--account", "user"], ErrorCode::IntegrationNotPurchased),
        (
            fortnox_sandbox::seed::DEMO_CLIENT_ID,
            NO_INTEGRATION_LICENCE,
            None,
            &["--account", "user"],
            ErrorCode::IntegrationLicenceMissing,
        ),
        (
            fortnox_sandbox::seed::DEMO_CLIENT_ID,
            ANNA,
            None,
            &["--account", "service"],
            ErrorCode::SystemAdministratorRequired,
        ),
        (fortnox_sandbox::seed::DEMO_CLIENT_ID, LOCKED, None, &["--account", "user"], ErrorCode::LockedOrUnpaidAccount),
        (
            fortnox_sandbox::seed::DEMO_CLIENT_ID,
            ANNA,
            None,
            &["--account", "user", "--options", "invoices,salary"],
            ErrorCode::NotLicensedForScope,
        ),
    ];
    for (client, user, company, args, expected) in cases {
        let cli = Cli::direct_for(client).await;
        let (code, lines) = cli.connect(user, company, args).await;
        assert_error(code, &lines, expected);
        assert!(cli.sandbox.token_requests("authorization_code").is_empty(), "{expected:?}: nothing exchanged");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fortnox_down_and_rate_limited_are_transient_with_exit_4_and_recover() {
    let cli = Cli::direct().await;
    let id = cli.connected().await;
    for (fault, expected) in [
        (FaultKind::Status { status: 503 }, ErrorCode::FortnoxUnavailable),
        (FaultKind::RateLimited, ErrorCode::RateLimited),
    ] {
        cli.sandbox.add_fault(Fault { kind: fault, path_prefix: Some("/oauth-v1/token".into()), times: None });
        let out = cli.run(&["--json", "refresh", &id]).await;
        let value = json(&out);
        assert_error(out.status.code().unwrap(), &[value], expected);
        cli.sandbox.clear_faults();
        assert!(cli.run(&["refresh", &id]).await.status.success(), "{expected:?}: works again once Fortnox does");
    }
    // Refused by Fortnox for good: re-authorize, exit 3.
    cli.sandbox.revoke_tenant(1406221);
    let out = cli.run(&["--json", "refresh", &id]).await;
    assert_error(out.status.code().unwrap(), &[json(&out)], ErrorCode::RefreshTokenInvalid);
}
