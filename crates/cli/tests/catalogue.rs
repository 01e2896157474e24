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
    let cases: [Case; 7] = [
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

/// A locked or unpaid account: Fortnox sends the browser back with no
/// answer at all, which any web page could send too. The browser's page
/// says what it may mean, and the command goes on waiting for a real
/// answer (the app's login window, which no page can steer, explains it
/// as `locked_or_unpaid_account`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_account_in_the_browser_is_explained_on_the_page_and_the_login_waits() {
    let cli = Cli::direct_for(fortnox_sandbox::seed::DEMO_CLIENT_ID).await;
    let mut child = cli
        .command(&["--json", "--lang", "en", "connect", "--no-browser", "--account", "user"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        std::io::BufRead::read_line(&mut stdout, &mut line).unwrap();
        line
    })
    .await
    .unwrap();
    let event: serde_json::Value = serde_json::from_str(&line).unwrap();
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let mut url = url::Url::parse(event["url"].as_str().unwrap()).unwrap();
    url.query_pairs_mut()
        .append_pair("sandbox_user", LOCKED)
        .append_pair("sandbox_password", "sandbox")
        .append_pair("sandbox_decision", "approve");
    let answer = client.get(url).send().await.unwrap();
    let back = answer.headers()["location"].to_str().unwrap().to_string();
    assert!(!back.contains('?'), "Fortnox answers a locked account with nothing: {back}");
    let page = client.get(&back).header("sec-fetch-mode", "navigate").send().await.unwrap();
    assert_eq!(page.status(), 400);
    let text = page.text().await.unwrap();
    assert!(text.contains("your account may be locked or unpaid"), "{text}");
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(child.try_wait().unwrap().is_none(), "the command still waits for Fortnox's answer");
    assert!(cli.sandbox.token_requests("authorization_code").is_empty());
    child.kill().unwrap();
    let _ = child.wait();
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
