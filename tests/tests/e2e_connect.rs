//! The wizard end to end in the real app: the real login page typed into
//! in the embedded webview, against the sandbox.

use fortnox_connect_tests::wizard::*;
use fortnox_connect_tests::{Fixture, LoginWindow};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn happy_path_with_a_service_account() {
    let fixture = Fixture::start().await;
    let mut app = fixture.launch("happy-service", "en").await;
    app.wait_text("welcome-title", "Connect Fortnox to Demo Sync").await;
    app.screenshot("welcome").await;
    app.click("welcome-start").await;
    app.by_test_id("options-title").await;
    app.screenshot("options").await;
    app.click("options-next").await;
    app.by_test_id("account-title").await;
    app.screenshot("account").await;
    app.click("account-next").await;

    let login = LoginWindow::wait().await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth", 1).await;
    assert!(login.title().contains("127.0.0.1"), "the site is shown: {}", login.title());
    app.by_test_id("progress-text").await;
    app.screenshot("waiting").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    login.screenshot("happy-service-login-page");
    app.approve_as(&fixture, &login, ADMIN).await;

    app.wait_text("verify-company", "Bergströms Bygg AB").await;
    assert_eq!(app.text("verify-org").await, "556677-8899");
    assert_eq!(app.text("verify-tenant").await, "1406221");
    assert!(app.text("verify-approver").await.starts_with("Service account"));
    let checks = app.driver.find_all(thirtyfour::By::Css("[data-testid^=check-][data-status=works]")).await.unwrap();
    assert_eq!(checks.len(), 2, "both chosen options work");
    app.screenshot("verify").await;

    app.click("verify-enable").await;
    app.wait_text("done-title", "Connected to Bergströms Bygg AB (556677-8899) — enabled").await;
    app.screenshot("done").await;

    let grants = fixture.sandbox.grants();
    assert_eq!(grants.len(), 1);
    assert_eq!(grants[0].account_type, fortnox_sandbox::store::AccountType::Service);
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn happy_path_with_a_user_account_in_swedish() {
    let fixture = Fixture::start().await;
    let mut app = fixture.launch("happy-user", "sv").await;
    let login = app.go_to_login(&fixture, Choices { account: "user", ..Choices::default() }).await;
    assert!(login.title().starts_with("Logga in i Fortnox"), "{}", login.title());
    app.approve_as(&fixture, &login, ADMIN).await;
    app.wait_text("verify-company", "Bergströms Bygg AB").await;
    assert_eq!(app.text("verify-approver").await, "Erik Bergström (systemadministratör)");
    app.click("verify-enable").await;
    app.wait_text("done-title", "Kopplad till Bergströms Bygg AB (556677-8899) — påslagen").await;
    app.screenshot("done").await;
    app.click("done-connections").await;
    app.wait_text("connection-state", "Påslagen").await;
    let health = app.text("connection-health").await;
    assert!(health.contains("håller kopplingen vid liv automatiskt"), "the broker keeps it alive: {health}");
    app.screenshot("connections").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_then_the_right_one() {
    let fixture = Fixture::start().await;
    let mut app = fixture.launch("wrong-password", "en").await;
    let login = app.go_to_login(&fixture, Choices::default()).await;
    log_in(&fixture, &login, ADMIN, "not-the-password").await;
    fixture.wait_for_requests("POST", "/oauth-v1/auth/login", 1).await;
    let refused = fixture.sandbox.requests().into_iter().find(|r| r.path == "/oauth-v1/auth/login").unwrap();
    assert_eq!(refused.status, 401);
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    login.screenshot("wrong-password-01-error-on-login-page");
    assert!(login.is_open(), "the user can retry in the same window");
    // The e-mail is kept; Tab to the password.
    login.key("Tab").await;
    login.type_text(PASSWORD).await;
    let consents = fixture.count("GET", "/oauth-v1/auth/continue");
    login.key("Return").await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth/continue", consents + 1).await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    login.key("Return").await;
    login.wait_closed().await;
    app.wait_text("verify-company", "Bergströms Bygg AB").await;
    app.screenshot("verify").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closing_the_login_window_ends_as_not_completed_with_a_restart() {
    let fixture = Fixture::start().await;
    let mut app = fixture.launch("closed-window", "en").await;
    let login = app.go_to_login(&fixture, Choices::default()).await;
    login.close().await;
    let panel = app.by_test_id("error-panel").await;
    assert_eq!(panel.attr("data-code").await.unwrap().as_deref(), Some("authorization_not_completed"));
    assert_eq!(app.text("error-title").await, "Authorization was not completed");
    app.screenshot("not-completed").await;
    // Start again goes straight back to the login.
    app.click("action-restart_authorization").await;
    let login = LoginWindow::wait().await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth", 2).await;
    app.approve_as(&fixture, &login, ADMIN).await;
    app.wait_text("verify-company", "Bergströms Bygg AB").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_on_the_consent_page_is_not_completed() {
    let fixture = Fixture::start().await;
    let mut app = fixture.launch("consent-cancelled", "sv").await;
    let login = app.go_to_login(&fixture, Choices::default()).await;
    log_in(&fixture, &login, ADMIN, PASSWORD).await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth/continue", 1).await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    login.screenshot("consent-cancelled-01-consent-page");
    login.key("Tab").await; // from "Godkänn & aktivera" to "Avbryt"
    login.key("Return").await;
    login.wait_closed().await;
    let panel = app.by_test_id("error-panel").await;
    assert_eq!(panel.attr("data-code").await.unwrap().as_deref(), Some("authorization_not_completed"));
    assert_eq!(app.text("error-title").await, "Godkännandet slutfördes inte");
    app.screenshot("not-completed").await;
    assert!(fixture.sandbox.grants().is_empty());
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consultant_connects_two_clients_and_a_wrong_client_is_caught() {
    let fixture = Fixture::start().await;
    let mut app = fixture.launch("consultant", "en").await;
    // First client, from the welcome screen.
    let login = app.go_to_login(&fixture, Choices { account: "user", ..Choices::default() }).await;
    log_in(&fixture, &login, CONSULTANT, PASSWORD).await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth/continue", 1).await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    login.screenshot("consultant-01-client-picker");
    login.key("Return").await; // the first client: Kvarnens Café AB
    fixture.wait_for_requests("GET", "/oauth-v1/auth/continue", 2).await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    login.key("Return").await; // approve
    login.wait_closed().await;
    app.wait_text("verify-company", "Kvarnens Café AB").await;
    app.click("verify-enable").await;
    app.by_test_id("done-title").await;

    // Second client, expecting Solbergs Trädgård but picking the wrong one.
    app.click("done-another").await;
    let field = app.by_test_id("client-org").await;
    field.send_keys("969712-3454").await.unwrap();
    app.screenshot("expected-client").await;
    let before = fixture.count("GET", "/oauth-v1/auth");
    // The next client of a run goes straight to the login, asking for the
    // same options and account type as the first.
    app.click("client-next").await;
    let login = LoginWindow::wait().await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth", before + 1).await;
    let asked = fixture.browser_requests("/oauth-v1/auth");
    let (first, next) = (&asked[0].query, &asked[asked.len() - 1].query);
    assert_eq!((first.get("scope"), first.get("account_type")), (next.get("scope"), next.get("account_type")));
    let continues = fixture.count("GET", "/oauth-v1/auth/continue");
    log_in(&fixture, &login, CONSULTANT, PASSWORD).await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth/continue", continues + 1).await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    login.key("Return").await; // Kvarnens again: the wrong client
    fixture.wait_for_requests("GET", "/oauth-v1/auth/continue", continues + 2).await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    login.key("Return").await;
    login.wait_closed().await;
    app.by_test_id("decision-wrong_company").await;
    app.screenshot("wrong-client").await;
    // Try again: a fresh login window (no cookies), then the second client.
    app.click("decision-discard").await;
    let login = LoginWindow::wait().await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth", before + 2).await;
    let continues = fixture.count("GET", "/oauth-v1/auth/continue");
    log_in(&fixture, &login, CONSULTANT, PASSWORD).await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth/continue", continues + 1).await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    login.key("Tab").await;
    login.key("Return").await; // Solbergs Trädgård HB
    fixture.wait_for_requests("GET", "/oauth-v1/auth/continue", continues + 2).await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    login.key("Return").await;
    login.wait_closed().await;
    app.wait_text("verify-company", "Solbergs Trädgård HB").await;
    assert!(app.text("verify-expected").await.contains("969712-3454"));
    app.click("verify-enable").await;
    app.click("done-connections").await;
    let cards = app.driver.find_all(thirtyfour::By::Css("[data-testid=connection]")).await.unwrap();
    assert_eq!(cards.len(), 2);
    app.screenshot("two-clients").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_in_my_browser_instead_uses_the_loopback_redirect() {
    let fixture = Fixture::start().await;
    let mut app = fixture.launch("browser-login", "en").await;
    let login = app.go_to_login(&fixture, Choices::default()).await;
    app.click("login-browser").await;
    login.wait_closed().await;
    let field = app.by_test_id("login-url").await;
    let mut url = String::new();
    for _ in 0..100 {
        url = field.prop("value").await.unwrap().unwrap_or_default();
        if url.contains("127.0.0.1") && url.contains("redirect_uri=http%3A%2F%2F127.0.0.1") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    app.screenshot("waiting-for-browser").await;
    // The user's browser: logs in (scripted here) and follows Fortnox's
    // redirect to the app's loopback listener.
    let mut authorize = url::Url::parse(&url).unwrap();
    authorize
        .query_pairs_mut()
        .append_pair("sandbox_user", ADMIN)
        .append_pair("sandbox_password", PASSWORD)
        .append_pair("sandbox_decision", "approve");
    let browser = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let answer = browser.get(authorize).send().await.unwrap();
    let callback = answer.headers()["location"].to_str().unwrap().to_string();
    assert!(callback.starts_with("http://127.0.0.1:"), "{callback}");
    let answer = browser.get(&callback).header("sec-fetch-mode", "navigate").send().await.unwrap();
    assert_eq!(answer.status(), 303);
    app.wait_text("verify-company", "Bergströms Bygg AB").await;
    app.screenshot("verify").await;
    app.quit().await;
}
