//! The Fortnox login in a window of its own: loads the authorize URL,
//! shows which site it is on, and hands back the URL Fortnox redirects to
//! (intercepted, never loaded). The window gets no IPC access: its label
//! is unique and no capability names it. It is private (incognito): each
//! login starts without any earlier session and keeps nothing on disk. New windows, downloads and
//! permission requests are refused; non-web links such as `bankid:` go to
//! the operating system. No script is injected into the page.
//!
//! On Windows, WebView2's private (InPrivate) mode keeps nothing on disk
//! either, but it shares one browser process with the main window's
//! profile. Each login also gets a browser profile folder of its own
//! (`login-profiles/<id>` in the private data folder), so nothing of one
//! login can reach the next or the app's page, and the folder is deleted
//! when the window closes (once WebView2's processes let go of it).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use fortnox_core::messages::{self, keys};
use fortnox_core::oauth::login_window::{LoginWindowPolicy, Navigation, NewWindow};
use fortnox_core::{AuthorizationSurface, Lang, SurfaceError};
use tauri::webview::{NewWindowResponse, PermissionResponse};
use tauri::{AppHandle, Manager, WebviewUrl, WebviewWindow, WebviewWindowBuilder, WindowEvent};
use tokio::sync::{Notify, oneshot};
use url::Url;

/// Every login window's label starts with this; no capability matches it.
pub const LABEL_PREFIX: &str = "fortnox-login-";

type Answer = Arc<Mutex<Option<oneshot::Sender<Result<Url, SurfaceError>>>>>;

fn answer(slot: &Answer, value: Result<Url, SurfaceError>) {
    if let Some(sender) = slot.lock().unwrap_or_else(|e| e.into_inner()).take() {
        let _ = sender.send(value);
    }
}

pub struct WebviewSurface {
    pub app: AppHandle,
    pub lang: Lang,
    pub cancel: Arc<Notify>,
    pub sandbox: bool,
    /// `login-profiles` in the data folder.
    pub profiles: std::path::PathBuf,
}

/// The folder holding the login windows' browser profiles (Windows).
pub fn profiles_dir(data_dir: &std::path::Path) -> std::path::PathBuf {
    data_dir.join("login-profiles")
}

/// A login window's browser profile folder, deleted when dropped. Only
/// Windows uses one (WebKitGTK's ephemeral context keeps nothing at all).
struct LoginProfile(Option<std::path::PathBuf>);

impl LoginProfile {
    fn new(profiles: &std::path::Path, label: &str) -> Result<LoginProfile, SurfaceError> {
        if !cfg!(windows) {
            return Ok(LoginProfile(None));
        }
        let dir = profiles.join(label);
        fortnox_platform::private::create_dir(&dir).map_err(|e| SurfaceError::Failed(e.to_string()))?;
        Ok(LoginProfile(Some(dir)))
    }
}

impl Drop for LoginProfile {
    fn drop(&mut self) {
        if let Some(dir) = self.0.take() {
            // WebView2's browser process ends a moment after its window;
            // off the async threads, as it may take that moment.
            std::thread::spawn(move || {
                if let Err(e) = fortnox_platform::private::remove_dir_all_when_free(&dir, Duration::from_secs(30)) {
                    tracing::warn!(error = %e, "could not delete a login window's browser profile; the next start does");
                }
            });
        }
    }
}

fn title(lang: Lang, url: &Url, sandbox: bool) -> String {
    let host = match url.port() {
        Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
        None => url.host_str().unwrap_or_default().to_string(),
    };
    let secure = if url.scheme() == "https" { "🔒 " } else { "" };
    let key = if sandbox { keys::LOGIN_WINDOW_TITLE_SANDBOX } else { keys::LOGIN_WINDOW_TITLE };
    messages::text_with(lang, key, &[("site", &format!("{secure}{host}"))])
}

/// Closes the window when the login ends, however it ends.
struct CloseOnDrop(WebviewWindow);

impl Drop for CloseOnDrop {
    fn drop(&mut self) {
        let _ = self.0.destroy();
    }
}

impl AuthorizationSurface for WebviewSurface {
    async fn authorize(&self, url: &Url, redirect_uri: &Url) -> Result<Url, SurfaceError> {
        let (sender, receiver) = oneshot::channel();
        let slot: Answer = Arc::new(Mutex::new(Some(sender)));
        let label = format!("{LABEL_PREFIX}{}", uuid::Uuid::new_v4().simple());

        // Where the window may go: core decides (LoginWindowPolicy).
        let policy = Arc::new(LoginWindowPolicy::new(url, redirect_uri));
        let on_navigation = {
            let (slot, policy) = (slot.clone(), policy.clone());
            move |target: &Url| -> bool {
                tracing::debug!(scheme = target.scheme(), host = target.host_str(), "login window navigates");
                match policy.navigation(target) {
                    Navigation::Load => true,
                    // Never loaded: only the answer to this login ends it.
                    Navigation::Answer => {
                        tracing::info!("login window reached the redirect address");
                        answer(&slot, Ok(target.clone()));
                        false
                    }
                    Navigation::IgnoreCallback => {
                        tracing::warn!("a callback that does not belong to this login was ignored");
                        false
                    }
                    Navigation::HandToSystem => {
                        tracing::info!("handing a bankid: link to the operating system");
                        let _ = open::that_detached(target.as_str());
                        false
                    }
                    Navigation::Refuse(why) => {
                        tracing::warn!(host = target.host_str(), why, "refused a navigation in the login window");
                        false
                    }
                }
            }
        };
        let on_new_window = {
            let slot = slot.clone();
            move |target: Url, _features| {
                match policy.new_window(&target) {
                    NewWindow::Answer => answer(&slot, Ok(target)),
                    // Help links open in the system browser, never a second
                    // app window.
                    NewWindow::SystemBrowser => {
                        let _ = open::that_detached(target.as_str());
                    }
                    NewWindow::Refuse => {}
                }
                NewWindowResponse::Deny
            }
        };
        let on_page_load = {
            let (lang, sandbox) = (self.lang, self.sandbox);
            move |window: WebviewWindow, payload: tauri::webview::PageLoadPayload<'_>| {
                if matches!(payload.event(), tauri::webview::PageLoadEvent::Finished) {
                    // Host and path only: the query may carry a code or state.
                    let url = payload.url();
                    tracing::info!(host = url.host_str(), path = url.path(), "login page loaded");
                }
                let _ = window.set_title(&title(lang, payload.url(), sandbox));
            }
        };

        let profile = LoginProfile::new(&self.profiles, &label)?;
        let mut builder = WebviewWindowBuilder::new(&self.app, &label, WebviewUrl::External(url.clone()))
            .title(title(self.lang, url, self.sandbox))
            .inner_size(560.0, 720.0)
            .min_inner_size(420.0, 480.0)
            .center()
            .focused(true)
            // A new ephemeral web context: no cookies from an earlier login
            // (another user's session), none written to disk.
            .incognito(true)
            .on_navigation(on_navigation)
            .on_new_window(on_new_window)
            .on_download(|_, _| false)
            .on_permission_request(|_, _| PermissionResponse::Deny)
            .on_page_load(on_page_load);
        if let Some(dir) = &profile.0 {
            builder = builder.data_directory(dir.clone());
        }
        if let Some(main) = self.app.get_webview_window("main") {
            builder = builder.parent(&main).map_err(|e| SurfaceError::Failed(e.to_string()))?;
        }
        let window = builder.build().map_err(|e| SurfaceError::Failed(e.to_string()))?;
        tracing::info!(%label, "login window opened");
        {
            let slot = slot.clone();
            window.on_window_event(move |event| {
                if let WindowEvent::CloseRequested { .. } = event {
                    tracing::info!("login window closed by the user");
                }
                if matches!(event, WindowEvent::Destroyed | WindowEvent::CloseRequested { .. }) {
                    answer(&slot, Err(SurfaceError::Closed));
                }
            });
        }
        // Dropped in reverse order: the window closes, then its profile goes.
        let _profile = profile;
        let _close = CloseOnDrop(window);
        tokio::select! {
            result = receiver => result.unwrap_or(Err(SurfaceError::Closed)),
            _ = self.cancel.notified() => Err(SurfaceError::Cancelled),
        }
    }
}
