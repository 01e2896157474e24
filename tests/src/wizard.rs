//! Steps through the wizard the way a user does.

use std::time::{Duration, Instant};

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
        log_in(fixture, login, user, PASSWORD).await;
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

/// Logs in on the sandbox's login page until the sandbox has the form with
/// `user` in it. Keys pressed while WebKit is still loading the page are
/// lost (seen under load on two cores: the form never came), and a page
/// that loads halfway through the typing gets part of the name; either
/// way the login is typed again, over what the field holds.
pub async fn log_in(fixture: &Fixture, login: &LoginWindow, user: &str, password: &str) {
    let forms = || fixture.browser_requests("/oauth-v1/auth/login");
    for _ in 0..3 {
        let sent = forms().len();
        login.log_in(user, password).await;
        let deadline = Instant::now() + Duration::from_secs(8);
        while forms().len() == sent && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        if forms().iter().skip(sent).any(|f| f.form.get("username").is_some_and(|u| u == user)) {
            return;
        }
        // Let a refused form's page come back before typing again.
        while forms().iter().skip(sent).any(|f| !f.answered()) {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    panic!("the login form with {user} never reached the sandbox (typed three times)");
}
