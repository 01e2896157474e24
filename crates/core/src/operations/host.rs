//! What an adapter (the desktop app, the CLI, a test) provides to the
//! operations: where the person logs in, how progress reaches them, how a
//! page is opened, where a support bundle goes. Everything else — the
//! decisions — is in the operations.

use std::future::Future;
use std::path::PathBuf;

use url::Url;

use crate::lang::Lang;
use crate::oauth::RedirectKind;
use crate::surface::AuthorizationSurface;
use crate::update::{Offer, Refused};

use super::notify::Notice;
use super::views::ProgressView;

pub trait Host: Send + Sync + 'static {
    type Surface: AuthorizationSurface;

    /// Where the person logs into Fortnox: the app's own login window
    /// (`Embedded`), or the system browser with the loopback listener.
    fn surface(&self, redirect: RedirectKind, lang: Lang) -> Self::Surface;

    /// Tells the person how a connect is going.
    fn progress(&self, progress: ProgressView);

    /// Ends the login under way ("authorization was not completed").
    fn cancel_login(&self);

    /// Opens a web page or a mail address outside the app. False when
    /// nothing could open it.
    fn open(&self, url: &str) -> bool;

    /// Where "Export diagnostics" writes its zip.
    fn export_dir(&self) -> PathBuf;

    /// Shows a desktop notification that opens the app on its target when
    /// clicked. False when nothing could show it (no notification service,
    /// no display): the log line is all then.
    fn notify(&self, notice: &Notice) -> bool;

    /// Whether this build can update itself: it carries the vendor's
    /// update key (docs/updates.md). Hosts without a window never do.
    fn updates_enabled(&self) -> bool {
        false
    }

    /// Looks at `feed` for a version newer than `installed`; one that is
    /// offered is downloaded and its signature checked before it is
    /// returned.
    fn check_update(&self, feed: &Url, installed: &str) -> impl Future<Output = Result<Option<Offer>, Refused>> + Send {
        let _ = (feed, installed);
        async { Ok(None) }
    }

    /// Installs the update the last check returned (Windows: hands over
    /// to its installer, which starts the new version, and ends).
    fn install_update(&self) -> impl Future<Output = Result<(), Refused>> + Send {
        async { Err(Refused::NotInstalledFromPackage) }
    }

    /// Ends this version and starts the installed one with the same
    /// arguments.
    fn restart(&self) {}
}
