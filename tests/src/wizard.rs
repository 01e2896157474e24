//! Steps through the wizard the way a user does.

use crate::desktop::Desktop;
use crate::fixture::Fixture;
use crate::login::LoginWindow;

pub use fortnox_sandbox::seed::PASSWORD;
pub use fortnox_sandbox::seed::users::{ADMIN, ANNA, CONSULTANT, NO_INTEGRATION_LICENCE, NO_PAYROLL};

/// What to choose on the way to the login.
pub struct Choices<'a> {
    /// Options to tick besides the profile's defaults.
    pub extra_options: &'a [&'a str],
    /// "service" or "user".
    pub account: &'a str,
}

impl Default for Choices<'_> {
    fn default() -> Self {
        Choices { extra_options: &[], account: "service" }
    }
}

impl Desktop {
    /// From the welcome screen to the open login window.
    pub async fn go_to_login(&mut self, fixture: &Fixture, choices: Choices<'_>) -> LoginWindow {
        let logins_before = fixture.count("GET", "/oauth-v1/auth");
        self.click("welcome-start").await;
        self.choose_and_log_in(fixture, choices, logins_before).await
    }

    /// From the options step to the open login window.
    pub async fn choose_and_log_in(
        &mut self,
        fixture: &Fixture,
        choices: Choices<'_>,
        logins_before: usize,
    ) -> LoginWindow {
        let known = crate::login::open_windows();
        self.choose(choices).await;
        let login = LoginWindow::wait_new(&known).await;
        fixture.wait_for_requests("GET", "/oauth-v1/auth", logins_before + 1).await;
        login
    }

    /// From the welcome screen through the options and the account step,
    /// up to where the login would open.
    pub async fn start_and_choose(&mut self, choices: Choices<'_>) {
        self.click("welcome-start").await;
        self.choose(choices).await;
    }

    async fn choose(&mut self, choices: Choices<'_>) {
        self.by_test_id("options-title").await;
        for option in choices.extra_options {
            self.click(&format!("option-{option}")).await;
        }
        self.click("options-next").await;
        self.click(&format!("account-{}", choices.account)).await;
        self.click("account-next").await;
    }

    /// Logs in, approves on the consent page, and waits for the app.
    pub async fn approve_as(&mut self, fixture: &Fixture, login: &LoginWindow, user: &str) {
        let consents = fixture.count("GET", "/oauth-v1/auth/continue");
        login.log_in(user, PASSWORD).await;
        fixture.wait_for_requests("GET", "/oauth-v1/auth/continue", consents + 1).await;
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        // "Godkänn & aktivera" has the focus. A page still being painted
        // (a fresh HOME builds its font cache first) may miss the first
        // key press; pressing again on the same page does no harm.
        for _ in 0..3 {
            login.key("Return").await;
            if login.closes_within(std::time::Duration::from_secs(5)).await {
                return;
            }
        }
        login.wait_closed().await;
    }
}
