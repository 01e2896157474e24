//! What an adapter (the desktop app, the CLI, a test) provides to the
//! operations: where the person logs in, how progress reaches them, how a
//! page is opened, where a support bundle goes. Everything else — the
//! decisions — is in the operations.

use std::path::PathBuf;

use crate::lang::Lang;
use crate::oauth::RedirectKind;
use crate::surface::AuthorizationSurface;

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
}
