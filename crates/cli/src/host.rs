//! The CLI's side of the operations: the login happens in the system
//! browser (or wherever the printed address is pasted), progress goes to
//! stderr, and pages open with the system's opener.

use std::path::PathBuf;

use fortnox_core::loopback::LoopbackSurface;
use fortnox_core::messages::{self, keys};
use fortnox_core::operations::{Host, Notice, ProgressView};
use fortnox_core::{Lang, RedirectKind};
use serde_json::json;

use crate::output::line;

pub struct CliHost {
    pub json: bool,
    pub lang: Lang,
    /// `--no-browser`: only print the address.
    pub open_browser: bool,
    /// The profile and data folder of this command: a notification's
    /// click opens the app for the same ones.
    pub wanted: fortnox_launch::Wanted,
}

impl Host for CliHost {
    type Surface = LoopbackSurface;

    /// A terminal has no login window: always the loopback listener.
    fn surface(&self, _: RedirectKind, lang: Lang) -> LoopbackSurface {
        let json = self.json;
        LoopbackSurface::new(lang, self.open_browser, move |url| {
            if json {
                line(&json!({ "event": "authorize_url", "url": url.as_str() }));
            } else {
                outln!(
                    "{}\n  {url}\n{}",
                    messages::text(lang, keys::CLI_LOGIN_AT),
                    messages::text(lang, keys::CLI_WAITING)
                );
            }
        })
    }

    /// stdout is for results; progress is for the person watching.
    fn progress(&self, progress: ProgressView) {
        if !self.json {
            eoutln!("{}", progress.text.get(self.lang));
        }
    }

    /// Ctrl-C ends the process, and with it the login.
    fn cancel_login(&self) {}

    fn open(&self, url: &str) -> bool {
        open::that_detached(url).is_ok()
    }

    fn export_dir(&self) -> PathBuf {
        std::env::current_dir().unwrap_or_else(|_| std::env::temp_dir())
    }

    /// The app beside this program shows it and waits for the click; the
    /// command goes on at once.
    fn notify(&self, notice: &Notice) -> bool {
        fortnox_launch::notify::hand_over(&self.wanted, notice)
    }
}
