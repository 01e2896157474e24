//! Error catalogue rows through the real app: each panel shows exactly the
//! catalogue's title, who must act, steps and buttons for its code, and
//! the buttons do what they say — Open Fortnox and Contact the vendor open
//! the right address (a stand-in `xdg-open` records it), Start again and
//! Log in as someone else open a new login, Switch to own user logs in
//! that way, Retry recovers once Fortnox is back, Copy details puts the
//! problem on the clipboard without secrets, Export diagnostics writes a
//! zip whose contents are checked.

// A stand-in xdg-open and the X clipboard: Linux.
#![cfg(target_os = "linux")]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fortnox_connect_tests::wizard::*;
use fortnox_connect_tests::{Desktop, Fixture, Launch, LoginWindow};
use fortnox_core::catalogue::{Context, ErrorCode, Problem, render};
use fortnox_core::{AccountType, Lang};
use fortnox_sandbox::{Fault, FaultKind};
use thirtyfour::By;

/// The catalogue's entry as the app renders it for this fixture's profile.
fn expected(fixture: &Fixture, code: ErrorCode, account_type: Option<AccountType>) -> Problem {
    let profile = fixture.core_profile();
    let ctx = Context {
        integration: profile.name.clone(),
        vendor: profile.vendor.clone(),
        vendor_contact: profile.vendor_contact.clone(),
        account_type,
        options: vec![],
        option_ids: vec![],
    };
    render(code, "", &ctx, Lang::En)
}

async fn texts(app: &Desktop, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for element in app.driver.find_all(By::Css(css)).await.unwrap() {
        out.push(element.text().await.unwrap().trim().to_string());
    }
    out
}

/// The panel shows `code` exactly as the catalogue words it.
async fn assert_panel(app: &Desktop, fixture: &Fixture, code: ErrorCode, account_type: Option<AccountType>) {
    let panel = app.by_test_id("error-panel").await;
    let shown = panel.attr("data-code").await.unwrap().unwrap_or_default();
    assert_eq!(shown, code.as_str(), "the panel's code");
    let want = expected(fixture, code, account_type);
    assert_eq!(app.text("error-title").await, want.title, "{shown}: title");
    if !want.who_label.is_empty() {
        assert_eq!(app.text("error-who").await, want.who_label, "{shown}: who must act");
    }
    assert_eq!(texts(app, "[data-testid=error-steps] li").await, want.steps, "{shown}: steps");
    let labels: Vec<String> = want.actions.iter().map(|b| b.label.clone()).collect();
    assert_eq!(texts(app, "[data-testid=error-panel] .error-actions button").await, labels, "{shown}: buttons");
}

/// A stand-in `xdg-open` that records what it was asked to open.
struct Opener {
    dir: PathBuf,
}

impl Opener {
    fn new(root: &Path) -> Opener {
        let dir = root.join("bin");
        std::fs::create_dir_all(&dir).unwrap();
        let log = root.join("opened.txt");
        let script = format!("#!/bin/sh\necho \"$1\" >> '{}'\n", log.display());
        let path = dir.join("xdg-open");
        std::fs::write(&path, script).unwrap();
        std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        Opener { dir: root.to_path_buf() }
    }

    fn env(&self) -> Vec<(String, String)> {
        let path = format!("{}:{}", self.dir.join("bin").display(), std::env::var("PATH").unwrap_or_default());
        vec![("PATH".into(), path), ("TMPDIR".into(), self.dir.display().to_string())]
    }

    async fn opened(&self, count: usize) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let text = std::fs::read_to_string(self.dir.join("opened.txt")).unwrap_or_default();
            let lines: Vec<String> = text.lines().map(str::to_string).collect();
            if lines.len() >= count {
                return lines;
            }
            assert!(Instant::now() < deadline, "nothing was opened: {lines:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

async fn launch(fixture: &Fixture, name: &str, opener: &Opener) -> Desktop {
    let launch =
        Launch { profile: Some(fixture.profile.clone()), lang: Some("en"), env: opener.env(), ..Launch::default() };
    Desktop::launch(name, launch).await
}

/// To the login step with the profile's defaults and `account`, then the
/// login window.
async fn to_login(app: &mut Desktop, fixture: &Fixture, account: &str) -> LoginWindow {
    app.go_to_login(fixture, Choices { account, ..Choices::default() }).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_before_the_login_are_explained_and_contact_the_vendor() {
    // The vendor's app is not switched to OAuth 2: explained before any
    // login window opens.
    let fixture = Fixture::with_client("demo-no-oauth").await;
    let root = tempfile::tempdir().unwrap();
    let opener = Opener::new(root.path());
    let mut app = launch(&fixture, "catalogue-no-oauth", &opener).await;
    app.click("welcome-start").await;
    app.by_test_id("options-title").await;
    app.click("options-next").await;
    app.click("account-user").await;
    app.click("account-next").await;
    assert_panel(&app, &fixture, ErrorCode::VendorOauthNotEnabled, None).await;
    assert!(fortnox_connect_tests::login::open_windows().is_empty(), "no login window opened");
    app.screenshot("panel").await;
    app.click("action-contact_vendor").await;
    assert_eq!(opener.opened(1).await, ["mailto:support@fortnox-connect.invalid"]);
    app.quit().await;

    // A redirect URI Fortnox does not have for the app.
    let fixture = Fixture::start().await;
    let text = std::fs::read_to_string(&fixture.profile).unwrap();
    let text = text.replace("https://connect.sandbox.invalid/fortnox/callback", "https://elsewhere.example/callback");
    std::fs::write(&fixture.profile, text).unwrap();
    let app = launch(&fixture, "catalogue-redirect", &opener).await;
    app.click("welcome-start").await;
    app.by_test_id("options-title").await;
    app.click("options-next").await;
    app.click("account-next").await;
    assert_panel(&app, &fixture, ErrorCode::RedirectUriMismatch, None).await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn service_accounts_not_allowed_switches_to_own_user_in_one_click() {
    let fixture = Fixture::with_client("demo-no-service").await;
    let root = tempfile::tempdir().unwrap();
    let opener = Opener::new(root.path());
    let mut app = launch(&fixture, "catalogue-no-service", &opener).await;
    app.click("welcome-start").await;
    app.by_test_id("options-title").await;
    app.click("options-next").await;
    app.click("account-service").await;
    app.click("account-next").await;
    assert_panel(&app, &fixture, ErrorCode::ServiceAccountNotAllowed, None).await;
    let logins = fixture.count("GET", "/oauth-v1/auth");
    app.click("action-switch_account_type").await;
    let login = LoginWindow::wait().await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth", logins + 1).await;
    let asked = fixture.sandbox.requests().into_iter().rev().find(|r| r.path == "/oauth-v1/auth").unwrap();
    assert!(!asked.query.contains_key("account_type"), "now as the person's own user");
    app.approve_as(&fixture, &login, ADMIN).await;
    app.wait_text("verify-company", "Bergströms Bygg AB").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_at_the_consent_are_explained_and_their_buttons_work() {
    let fixture = Fixture::start().await;
    let root = tempfile::tempdir().unwrap();
    let opener = Opener::new(root.path());
    let mut app = launch(&fixture, "catalogue-consent", &opener).await;

    // A company without the integration licence: Open Fortnox, then
    // Start again.
    let login = to_login(&mut app, &fixture, "service").await;
    app.approve_as(&fixture, &login, NO_INTEGRATION_LICENCE).await;
    assert_panel(&app, &fixture, ErrorCode::IntegrationLicenceMissing, None).await;
    app.click("action-open_fortnox").await;
    assert_eq!(opener.opened(1).await, [fixture.core_profile().endpoints.auth_base.to_string()]);
    let logins = fixture.count("GET", "/oauth-v1/auth");
    app.click("action-restart_authorization").await;
    let login = LoginWindow::wait().await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth", logins + 1).await;

    // A user who is not a system administrator approving a service
    // account: Log in as someone else.
    app.approve_as(&fixture, &login, ANNA).await;
    assert_panel(&app, &fixture, ErrorCode::SystemAdministratorRequired, None).await;
    let logins = fixture.count("GET", "/oauth-v1/auth");
    app.click("action-log_in_as_someone_else").await;
    let login = LoginWindow::wait().await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth", logins + 1).await;
    app.approve_as(&fixture, &login, ADMIN).await;
    app.wait_text("verify-company", "Bergströms Bygg AB").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unpublished_integration_is_the_vendors_to_fix() {
    let fixture = Fixture::with_client("demo-unpublished").await;
    let root = tempfile::tempdir().unwrap();
    let opener = Opener::new(root.path());
    let mut app = launch(&fixture, "catalogue-unpublished", &opener).await;
    let login = to_login(&mut app, &fixture, "user").await;
    app.approve_as(&fixture, &login, ADMIN).await;
    assert_panel(&app, &fixture, ErrorCode::IntegrationNotPublished, None).await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fortnox_down_during_a_connect_then_retry_connects() {
    let fixture = Fixture::direct().await;
    let root = tempfile::tempdir().unwrap();
    let opener = Opener::new(root.path());
    let mut app = launch(&fixture, "catalogue-5xx-connect", &opener).await;
    let login = to_login(&mut app, &fixture, "user").await;
    fixture.sandbox.add_fault(Fault {
        kind: FaultKind::Status { status: 503 },
        path_prefix: Some("/oauth-v1/token".into()),
        times: None,
    });
    app.approve_as(&fixture, &login, ADMIN).await;
    assert_panel(&app, &fixture, ErrorCode::FortnoxUnavailable, None).await;
    fixture.sandbox.clear_faults();
    let logins = fixture.count("GET", "/oauth-v1/auth");
    app.click("action-retry").await;
    let login = LoginWindow::wait().await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth", logins + 1).await;
    app.approve_as(&fixture, &login, ADMIN).await;
    app.wait_text("verify-company", "Bergströms Bygg AB").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limited_or_cut_off_during_a_check_then_retry_recovers_and_details_can_be_copied_and_exported() {
    let fixture = Fixture::direct().await;
    let root = tempfile::tempdir().unwrap();
    let opener = Opener::new(root.path());
    let mut app = launch(&fixture, "catalogue-check", &opener).await;
    let login = to_login(&mut app, &fixture, "user").await;
    app.approve_as(&fixture, &login, ADMIN).await;
    app.click("verify-enable").await;
    app.click("done-connections").await;
    let id = app.by_test_id("connection").await.attr("data-id").await.unwrap().unwrap();

    // 429 on every API call: the check fails as rate limited…
    fixture.sandbox.add_fault(Fault { kind: FaultKind::RateLimited, path_prefix: Some("/3/".into()), times: None });
    app.click("action-verify").await;
    assert_panel(&app, &fixture, ErrorCode::RateLimited, Some(AccountType::User)).await;

    // …Copy details copies the problem, and no secret…
    app.click("action-copy_details").await;
    app.wait_text("action-notice", "Copied").await;
    let copied = std::process::Command::new("xclip").args(["-o", "-selection", "clipboard"]).output().unwrap();
    let copied = String::from_utf8_lossy(&copied.stdout).to_string();
    let want = expected(&fixture, ErrorCode::RateLimited, Some(AccountType::User));
    assert!(copied.contains(&want.title) && copied.contains("[rate_limited]"), "{copied}");
    let keyring = fixture.keyring();
    for key in
        [fortnox_core::store::secrets::keys::refresh_token(&id), fortnox_core::store::secrets::keys::access_token(&id)]
    {
        if let Some(secret) = fortnox_core::store::SecretStore::get(&keyring, &key).unwrap() {
            let secret = secret.expose().to_string();
            let token = secret.rsplit('\t').next().unwrap();
            assert!(!copied.contains(token), "no secret on the clipboard");
        }
    }

    // …Export diagnostics writes a bundle whose contents are checked…
    app.click("action-export_diagnostics").await;
    let notice = app.wait_text_starting("action-notice", "Saved: ").await;
    let path = notice.trim_start_matches("Saved: ").trim().to_string();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut names = Vec::new();
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        names.push(entry.name().to_string());
        entry.read_to_string(&mut all).unwrap();
    }
    assert!(names.contains(&"about.json".to_string()) && names.contains(&"connections.json".to_string()), "{names:?}");
    assert!(names.contains(&format!("activity/{id}.jsonl")), "{names:?}");
    assert!(all.contains(&id) && all.contains("Bergströms Bygg AB"), "the bundle describes the connection");

    // …and once Fortnox answers again, Retry checks again without error.
    fixture.sandbox.clear_faults();
    app.click("action-retry").await;
    let deadline = Instant::now() + Duration::from_secs(20);
    while app.driver.find(By::Css("[data-testid=error-panel]")).await.is_ok() {
        assert!(Instant::now() < deadline, "the panel stayed after a successful retry");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(app.text("connection-state").await, "Enabled");

    // A connection cut off mid-answer is transient too, and Retry mends it.
    fixture.sandbox.add_fault(Fault { kind: FaultKind::Drop, path_prefix: Some("/3/".into()), times: None });
    app.click("action-verify").await;
    let panel = app.by_test_id("error-panel").await;
    let code = panel.attr("data-code").await.unwrap().unwrap();
    assert!(ErrorCode::parse(&code).unwrap().is_transient(), "{code}");
    fixture.sandbox.clear_faults();
    app.click("action-retry").await;
    let deadline = Instant::now() + Duration::from_secs(20);
    while app.driver.find(By::Css("[data-testid=error-panel]")).await.is_ok() {
        assert!(Instant::now() < deadline, "the panel stayed after a successful retry");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_keyring_the_app_starts_and_says_so_before_any_login() {
    let fixture = Fixture::start().await;
    let root = tempfile::tempdir().unwrap();
    let opener = Opener::new(root.path());
    let mut env = opener.env();
    env.push(("DBUS_SESSION_BUS_ADDRESS".into(), "unix:path=/nonexistent/bus".into()));
    let launch = Launch { profile: Some(fixture.profile.clone()), lang: Some("en"), env, ..Launch::default() };
    let mut app = Desktop::launch("catalogue-no-keyring", launch).await;
    app.click("welcome-start").await;
    app.by_test_id("options-title").await;
    app.click("options-next").await;
    app.click("account-next").await;
    assert_panel(&app, &fixture, ErrorCode::KeyringUnavailable, None).await;
    assert!(fortnox_connect_tests::login::open_windows().is_empty(), "no login before the keyring works");
    assert!(fixture.sandbox.grants().is_empty(), "nothing approved that could not be kept");
    app.screenshot("panel").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_done_screen_says_where_the_connection_is_in_fortnox() {
    let fixture = Fixture::start().await;
    let mut app = fixture.launch("catalogue-done-where", "en").await;
    let login = app.go_to_login(&fixture, Choices::default()).await;
    app.approve_as(&fixture, &login, ADMIN).await;
    app.click("verify-enable").await;
    let text = app.text("done-where").await;
    assert!(text.contains("Manage integrations") && text.contains("not under Manage users"), "{text}");
    app.quit().await;
}
