//! The error panel for what goes wrong at Fortnox, in the real app:
//! licences, administrator rights, permissions, unsupported scopes.

use fortnox_connect_tests::wizard::*;
use fortnox_connect_tests::{Fixture, LoginWindow};

async fn panel_code(app: &fortnox_connect_tests::Desktop) -> String {
    let panel = app.by_test_id("error-panel").await;
    panel.attr("data-code").await.unwrap().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_company_without_the_integration_licence() {
    let fixture = Fixture::start().await;
    let mut app = fixture.launch("no-integration-licence", "en").await;
    let login = app.go_to_login(&fixture, Choices::default()).await;
    log_in(&fixture, &login, NO_INTEGRATION_LICENCE, PASSWORD).await;
    login.wait_closed().await;
    assert_eq!(panel_code(&app).await, "integration_licence_missing");
    assert_eq!(app.text("error-who").await, "A Fortnox system administrator");
    let steps = app.text("error-steps").await;
    assert!(steps.contains("Integration licence"), "{steps}");
    app.by_test_id("action-open_fortnox").await;
    app.by_test_id("action-restart_authorization").await;
    app.screenshot("panel").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_company_without_the_payroll_module_sees_which_option_fails() {
    let fixture = Fixture::start().await;
    let mut app = fixture.launch("no-module-licence", "en").await;
    let login = app.go_to_login(&fixture, Choices { extra_options: &["salary"], ..Choices::default() }).await;
    app.approve_as(&fixture, &login, NO_PAYROLL).await;
    let salary = app.by_test_id("check-salary").await;
    assert_eq!(salary.attr("data-status").await.unwrap().as_deref(), Some("fails"));
    let reason = app.by_test_id("reason-salary").await;
    assert_eq!(reason.attr("data-code").await.unwrap().as_deref(), Some("module_licence_missing"));
    assert!(reason.text().await.unwrap().contains("no licence for Payroll"));
    let invoices = app.by_test_id("check-invoices").await;
    assert_eq!(invoices.attr("data-status").await.unwrap().as_deref(), Some("works"));
    app.screenshot("verify").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_non_admin_choosing_a_service_account_then_missing_permissions() {
    let fixture = Fixture::start().await;
    let mut app = fixture.launch("non-admin", "en").await;
    let login = app.go_to_login(&fixture, Choices::default()).await;
    let consents = fixture.count("GET", "/oauth-v1/auth/continue");
    log_in(&fixture, &login, ANNA, PASSWORD).await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth/continue", consents + 1).await;
    login.wait_closed().await;
    assert_eq!(panel_code(&app).await, "system_administrator_required");
    app.by_test_id("action-log_in_as_someone_else").await;
    app.screenshot("service-refused").await;

    // Anna connects with her own user instead, in one click.
    let logins = fixture.count("GET", "/oauth-v1/auth");
    app.click("action-switch_account_type").await;
    let login = LoginWindow::wait().await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth", logins + 1).await;
    let authorize = fixture.sandbox.requests().into_iter().rev().find(|r| r.path == "/oauth-v1/auth").unwrap();
    assert!(!authorize.query.contains_key("account_type"), "now as her own user");
    app.approve_as(&fixture, &login, ANNA).await;
    // Her user may not see customers: the invoices option cannot work.
    let reason = app.by_test_id("reason-invoices").await;
    assert_eq!(reason.attr("data-code").await.unwrap().as_deref(), Some("missing_permission"));
    assert_eq!(app.text("verify-approver").await, "Anna Lind (not a system administrator)");
    app.screenshot("missing-permission").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unsupported_scope_offers_to_continue_without_the_option() {
    let fixture = Fixture::with_client("demo-few-scopes").await;
    let mut app = fixture.launch("unsupported-scope", "en").await;
    let known = fortnox_connect_tests::login::open_windows();
    app.start_and_choose(Choices { extra_options: &["salary"], account: "user" }).await;
    // Refused before the login page: the panel explains, no login window opens.
    assert_eq!(panel_code(&app).await, "unsupported_scope");
    assert_eq!(fortnox_connect_tests::login::open_windows(), known, "no login window was opened");
    let cause = app.text("error-cause").await;
    assert!(cause.contains("Payroll"), "{cause}");
    app.screenshot("panel").await;
    let logins = fixture.count("GET", "/oauth-v1/auth");
    app.click("action-continue_without_options").await;
    let login = LoginWindow::wait().await;
    fixture.wait_for_requests("GET", "/oauth-v1/auth", logins + 1).await;
    app.approve_as(&fixture, &login, ADMIN).await;
    app.wait_text("verify-company", "Bergströms Bygg AB").await;
    app.quit().await;
}
