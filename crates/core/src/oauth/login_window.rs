//! Where the login window may go. It shows Fortnox's pages and nothing
//! else: a top-level navigation goes to the site the login started on (the
//! authorize URL's origin) or to Fortnox's own `fortnox.se` over https;
//! the redirect back is caught, never loaded; `bankid:` links go to the
//! BankID app. Anything else is refused: a page that sends the window to
//! another site (a phishing page dressed as Fortnox) gets nowhere. Links
//! that open a new window need a click in WebView2 and WebKitGTK alike;
//! those go to the system browser (help pages), never a window of the app.
//!
//! Which hosts Fortnox's login itself passes through is not documented
//! (docs/fortnox.md §1): every host of `fortnox.se` is allowed, and a
//! refusal is logged with the host, so a new one shows in the app's log.

use url::Url;

use super::callback::{answers_login, is_redirect_target};

/// What the window does with a top-level navigation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Navigation {
    /// Load it: Fortnox's pages.
    Load,
    /// The answer to this login: hand it over, do not load it.
    Answer,
    /// A callback that does not belong to this login: ignore it.
    IgnoreCallback,
    /// The operating system opens it (the BankID app).
    HandToSystem,
    /// Refused, and why (for the log).
    Refuse(&'static str),
}

/// What the window does with a request for a new window (a link with a
/// target, `window.open`): never a window of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewWindow {
    Answer,
    /// The system browser shows it (an https help link).
    SystemBrowser,
    Refuse,
}

/// The rules for one login.
pub struct LoginWindowPolicy {
    authorize: Url,
    redirect: Url,
    state: Option<String>,
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// `fortnox.se` or one of its hosts.
fn is_fortnox(url: &Url) -> bool {
    url.host_str().is_some_and(|h| {
        let h = h.to_ascii_lowercase();
        h == "fortnox.se" || h.ends_with(".fortnox.se")
    })
}

impl LoginWindowPolicy {
    pub fn new(authorize: &Url, redirect: &Url) -> LoginWindowPolicy {
        LoginWindowPolicy {
            authorize: authorize.clone(),
            redirect: redirect.clone(),
            state: super::callback::expected_state(authorize),
        }
    }

    pub fn navigation(&self, target: &Url) -> Navigation {
        if is_redirect_target(target, &self.redirect) {
            return if answers_login(target, &self.redirect, self.state.as_deref()) {
                Navigation::Answer
            } else {
                Navigation::IgnoreCallback
            };
        }
        match target.scheme() {
            "about" => Navigation::Load,
            "bankid" => Navigation::HandToSystem,
            "https" if target.origin() == self.authorize.origin() || is_fortnox(target) => Navigation::Load,
            // Plain http only to a Fortnox on this computer (the sandbox).
            "http" if target.origin() == self.authorize.origin() && is_loopback(target) => Navigation::Load,
            "https" => Navigation::Refuse("another site than Fortnox"),
            "http" => Navigation::Refuse("plain http away from this computer"),
            _ => Navigation::Refuse("a scheme the login does not use"),
        }
    }

    pub fn new_window(&self, target: &Url) -> NewWindow {
        if is_redirect_target(target, &self.redirect) {
            return if answers_login(target, &self.redirect, self.state.as_deref()) {
                NewWindow::Answer
            } else {
                NewWindow::Refuse
            };
        }
        if target.scheme() == "https" { NewWindow::SystemBrowser } else { NewWindow::Refuse }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> LoginWindowPolicy {
        LoginWindowPolicy::new(
            &Url::parse("https://apps.fortnox.se/oauth-v1/auth?client_id=x&state=s1").unwrap(),
            &Url::parse("https://acme.example/fortnox/callback").unwrap(),
        )
    }

    fn nav(url: &str) -> Navigation {
        policy().navigation(&Url::parse(url).unwrap())
    }

    #[test]
    fn the_window_stays_on_fortnox() {
        assert_eq!(nav("https://apps.fortnox.se/oauth-v1/consent"), Navigation::Load);
        assert_eq!(nav("https://www.fortnox.se/logga-in"), Navigation::Load);
        assert_eq!(nav("about:blank"), Navigation::Load);
        assert_eq!(nav("https://fortnox.se.evil.example/login"), Navigation::Refuse("another site than Fortnox"));
        assert_eq!(nav("https://evil.example/fortnox.se"), Navigation::Refuse("another site than Fortnox"));
        assert_eq!(nav("http://apps.fortnox.se/"), Navigation::Refuse("plain http away from this computer"));
        assert_eq!(nav("javascript:alert(1)"), Navigation::Refuse("a scheme the login does not use"));
        assert_eq!(nav("bankid:///?autostarttoken=x"), Navigation::HandToSystem);
    }

    #[test]
    fn only_this_logins_answer_ends_it() {
        assert_eq!(nav("https://acme.example/fortnox/callback?code=c&state=s1"), Navigation::Answer);
        assert_eq!(nav("https://acme.example/fortnox/callback?code=c&state=other"), Navigation::IgnoreCallback);
        assert_eq!(nav("https://acme.example/fortnox/callback"), Navigation::Answer, "a locked account");
    }

    #[test]
    fn a_local_sandbox_may_use_plain_http() {
        let local = LoginWindowPolicy::new(
            &Url::parse("http://127.0.0.1:8710/oauth-v1/auth?state=s").unwrap(),
            &Url::parse("https://acme.example/cb").unwrap(),
        );
        assert_eq!(local.navigation(&Url::parse("http://127.0.0.1:8710/oauth-v1/login").unwrap()), Navigation::Load);
        assert!(matches!(local.navigation(&Url::parse("http://127.0.0.1:9999/").unwrap()), Navigation::Refuse(_)));
    }

    #[test]
    fn new_windows_go_to_the_system_browser_never_the_app() {
        let p = policy();
        assert_eq!(p.new_window(&Url::parse("https://www.fortnox.se/hjalp").unwrap()), NewWindow::SystemBrowser);
        assert_eq!(p.new_window(&Url::parse("http://evil.example/").unwrap()), NewWindow::Refuse);
        assert_eq!(
            p.new_window(&Url::parse("https://acme.example/fortnox/callback?code=c&state=s1").unwrap()),
            NewWindow::Answer
        );
    }
}
