//! `demo-walk`: connects a demo company through the built-in sandbox in
//! the real app (under whatever DISPLAY is set, normally Xvfb) and saves a
//! screenshot of every step. scripts/run.sh uses it when there is no
//! display, so someone on a server can see the wizard work.

use std::time::{Duration, Instant};

use fortnox_connect_tests::wizard::{ADMIN, PASSWORD};
use fortnox_connect_tests::{Desktop, Launch, LoginWindow, paths};

/// Counts requests the app's built-in sandbox has served, through its
/// control API (the demo runs inside the app).
struct AppSandbox {
    url: url::Url,
    http: reqwest::Client,
}

impl AppSandbox {
    async fn find(data_dir: &std::path::Path) -> AppSandbox {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(addresses) = fortnox_launch::demo::announced(data_dir) {
                return AppSandbox { url: addresses.sandbox, http: reqwest::Client::new() };
            }
            assert!(Instant::now() < deadline, "the app's sandbox did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn count(&self, path: &str) -> usize {
        let url = self.url.join("sandbox/requests").expect("static path");
        let log: serde_json::Value = match self.http.get(url).send().await {
            Ok(response) => response.json().await.unwrap_or_default(),
            Err(_) => return 0,
        };
        log.as_array().map(|a| a.iter().filter(|r| r["path"] == path).count()).unwrap_or(0)
    }

    async fn wait(&self, path: &str, count: usize) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.count(path).await < count {
            assert!(Instant::now() < deadline, "the login page did not load ({path})");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        // Let WebKit paint before typing or taking a picture.
        tokio::time::sleep(Duration::from_millis(600)).await;
    }
}

#[tokio::main]
async fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    // `--lang en` (as the app takes it); Swedish by default.
    let args: Vec<String> = std::env::args().collect();
    let lang: &'static str = match args.iter().position(|a| a == "--lang").and_then(|i| args.get(i + 1)) {
        Some(l) if l == "en" => "en",
        _ => "sv",
    };
    let mut app = Desktop::launch("demo", Launch { lang: Some(lang), ..Launch::default() }).await;
    let sandbox = AppSandbox::find(app.data_dir()).await;

    show(&mut app, "welcome-title", "welcome", "welcome").await;
    app.click("welcome-start").await;
    show(&mut app, "options-title", "options", "options").await;
    app.click("options-next").await;
    show(&mut app, "account-title", "account", "account type").await;
    app.click("account-next").await;

    let login = LoginWindow::wait().await;
    sandbox.wait("/oauth-v1/auth", 1).await;
    app.screen_shot("fortnox-login");
    step("Fortnox login (embedded window)");
    login.log_in(ADMIN, PASSWORD).await;
    sandbox.wait("/oauth-v1/auth/continue", 1).await;
    app.screen_shot("fortnox-consent");
    step("Fortnox consent");
    login.key("Return").await;
    login.wait_closed().await;

    app.by_test_id("verify-company").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.screenshot("verify").await;
    step("verification");
    app.click("verify-enable").await;
    show(&mut app, "done-title", "done", "connected and enabled").await;
    app.click("done-connections").await;
    show(&mut app, "connection", "connections", "connections").await;
    app.quit().await;
    println!("Screenshots: {}", paths::artifacts_dir().display());
}

/// Waits for a step's element, saves a screenshot of it and says so.
async fn show(app: &mut Desktop, test_id: &str, shot: &str, label: &str) {
    app.by_test_id(test_id).await;
    app.screenshot(shot).await;
    step(label);
}

fn step(label: &str) {
    println!("  {label}");
}
