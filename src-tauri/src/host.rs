//! The desktop's side of the operations (`fortnox_core::operations::Host`):
//! the Fortnox login in a window of the app or in the system browser,
//! progress as an event to the main window, pages opened outside the app.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use fortnox_core::loopback::LoopbackSurface;
use fortnox_core::operations::{Host, Notice, ProgressView};
use fortnox_core::update::{Offer, Refused};
use fortnox_core::{AuthorizationSurface, Lang, RedirectKind, SurfaceError};
use tauri::{AppHandle, Emitter};
use tokio::sync::Notify;
use url::Url;

use crate::login_window::WebviewSurface;

/// The event the UI listens to while a login is under way.
pub const PROGRESS_EVENT: &str = "connect-progress";
/// The event that opens the UI on a notification's target (another launch
/// handed its `--show-connection` or `--show-attention` over).
pub const SHOW_EVENT: &str = "show-target";
/// The event that tells the UI what the last look for an update found.
pub const UPDATE_EVENT: &str = "update-status";

pub struct TauriHost {
    /// Set once the app is built (the operations exist before).
    pub app: OnceLock<AppHandle>,
    /// Wakes the login in progress to cancel it.
    pub cancel: Arc<Notify>,
    pub demo: bool,
    /// The private data folder: login windows' browser profiles
    /// (Windows; see `login_window`) and exports, when there is no
    /// Downloads folder.
    pub data_dir: PathBuf,
    /// The profile and data folder this app was started for: a
    /// notification's click opens the app for the same ones.
    pub wanted: fortnox_launch::Wanted,
    /// The update the last check downloaded and verified.
    pub update: crate::updates::Pending,
}

/// The login window, or the browser with the loopback listener.
pub enum AppSurface {
    Window(WebviewSurface),
    Browser(LoopbackSurface),
    /// The app is not built yet (cannot happen once a window calls).
    NotReady,
}

impl AuthorizationSurface for AppSurface {
    async fn authorize(&self, url: &Url, redirect_uri: &Url) -> Result<Url, SurfaceError> {
        match self {
            AppSurface::Window(window) => window.authorize(url, redirect_uri).await,
            AppSurface::Browser(browser) => browser.authorize(url, redirect_uri).await,
            AppSurface::NotReady => Err(SurfaceError::Failed("the app is still starting".into())),
        }
    }
}

impl Host for TauriHost {
    type Surface = AppSurface;

    fn surface(&self, redirect: RedirectKind, lang: Lang) -> AppSurface {
        match (redirect, self.app.get()) {
            (RedirectKind::Loopback, _) => AppSurface::Browser(LoopbackSurface::new(lang, true, |_| {})),
            (RedirectKind::Embedded, Some(app)) => AppSurface::Window(WebviewSurface {
                app: app.clone(),
                lang,
                cancel: self.cancel.clone(),
                sandbox: self.demo,
                profiles: crate::login_window::profiles_dir(&self.data_dir),
            }),
            (RedirectKind::Embedded, None) => AppSurface::NotReady,
        }
    }

    fn progress(&self, progress: ProgressView) {
        if let Some(app) = self.app.get() {
            let _ = app.emit_to("main", PROGRESS_EVENT, progress);
        }
    }

    fn cancel_login(&self) {
        self.cancel.notify_waiters();
    }

    fn open(&self, url: &str) -> bool {
        match open::that_detached(url) {
            Ok(()) => true,
            Err(e) => {
                tracing::warn!(error = %e, "could not open the system browser");
                false
            }
        }
    }

    /// The Downloads folder, else the data folder.
    /// The person's Downloads folder, else a folder of the private data
    /// folder: never the shared temporary folder, where others could
    /// plant a name first.
    fn export_dir(&self) -> PathBuf {
        dirs::download_dir().filter(|d| d.is_dir()).unwrap_or_else(|| {
            let exports = self.data_dir.join("exports");
            let _ = fortnox_platform::private::create_dir(&exports);
            exports
        })
    }

    /// Through a process of its own (this program with `--notify`), which
    /// waits for the click: the app may be closed by then.
    fn notify(&self, notice: &Notice) -> bool {
        fortnox_launch::notify::hand_over(&self.wanted, notice)
    }

    fn updates_enabled(&self) -> bool {
        crate::updates::enabled()
    }

    async fn check_update(&self, feed: &Url, installed: &str) -> Result<Option<Offer>, Refused> {
        match self.app.get() {
            Some(app) => crate::updates::check(app, &self.update, feed, installed).await,
            None => Ok(None),
        }
    }

    async fn install_update(&self) -> Result<(), Refused> {
        crate::updates::install(&self.update).await
    }

    fn restart(&self) {
        if let Some(app) = self.app.get() {
            app.restart();
        }
    }
}
