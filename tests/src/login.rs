//! The Fortnox login window, driven with real X input (xdotool): WebDriver
//! only reaches the app's main webview, and typing into the real page is
//! the point anyway.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::paths;

pub(crate) fn xdotool(args: &[&str]) -> String {
    let out = Command::new("xdotool").args(args).output().expect("xdotool runs (apt install xdotool)");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Both languages' titles contain this ("Logga in i Fortnox — …").
const TITLE_PART: &str = "Fortnox —";

pub struct LoginWindow {
    id: String,
}

/// The ids of open login windows.
pub fn open_windows() -> Vec<String> {
    xdotool(&["search", "--onlyvisible", "--name", TITLE_PART])
        .lines()
        .map(str::to_string)
        .filter(|id| !id.is_empty())
        .collect()
}

impl LoginWindow {
    /// Waits for a login window to appear.
    pub async fn wait() -> LoginWindow {
        LoginWindow::wait_new(&[]).await
    }

    /// Waits for a login window that is not one of `known`.
    pub async fn wait_new(known: &[String]) -> LoginWindow {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(id) = open_windows().into_iter().find(|id| !known.contains(id)) {
                return LoginWindow { id };
            }
            assert!(Instant::now() < deadline, "the Fortnox login window did not open");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub fn title(&self) -> String {
        xdotool(&["getwindowname", &self.id])
    }

    pub fn is_open(&self) -> bool {
        open_windows().contains(&self.id)
    }

    /// Types into the focused field of the page (after the page loaded).
    pub async fn type_text(&self, text: &str) {
        xdotool(&["windowfocus", "--sync", &self.id]);
        xdotool(&["type", "--delay", "15", text]);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    pub async fn key(&self, key: &str) {
        xdotool(&["windowfocus", "--sync", &self.id]);
        xdotool(&["key", key]);
        tokio::time::sleep(Duration::from_millis(150)).await;
    }

    /// Username, Tab, password, Enter on the sandbox's login page.
    pub async fn log_in(&self, user: &str, password: &str) {
        // Give WebKit a moment to paint and focus the autofocus field.
        tokio::time::sleep(Duration::from_millis(400)).await;
        // Over whatever the field holds (a refused login keeps the name).
        self.key("ctrl+a").await;
        self.type_text(user).await;
        self.key("Tab").await;
        self.type_text(password).await;
        self.key("Return").await;
    }

    /// Closes the window the way a window manager's close button does:
    /// a WM_DELETE_WINDOW message (destroying the X window from outside
    /// would crash GTK, which no user can do).
    pub async fn close(&self) {
        let id: u32 = self.id.parse().expect("xdotool prints numeric window ids");
        send_delete_window(id).expect("the close request reaches the X server");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }

    /// Waits until the app closed the window (it does after the callback).
    /// Whether the window closes within `wait`.
    pub async fn closes_within(&self, wait: Duration) -> bool {
        let deadline = Instant::now() + wait;
        while self.is_open() {
            if Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        true
    }

    pub async fn wait_closed(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.is_open() {
            assert!(Instant::now() < deadline, "the login window stayed open");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// A screenshot of the whole screen (the login window over the app).
    pub fn screenshot(&self, name: &str) -> PathBuf {
        let path = paths::artifacts_dir().join(format!("{name}.png"));
        let _ = Command::new("import").args(["-window", "root"]).arg(&path).status();
        path
    }
}

/// X11 only: the login window is driven with X input on Linux; the tests
/// that need it run there (docs/platform.md, "Windows").
#[cfg(not(unix))]
fn send_delete_window(_window: u32) -> Result<(), Box<dyn std::error::Error>> {
    Err("closing a login window needs X11".into())
}

#[cfg(unix)]
fn send_delete_window(window: u32) -> Result<(), Box<dyn std::error::Error>> {
    use x11rb::protocol::xproto::{ClientMessageEvent, ConnectionExt, EventMask};
    use x11rb::wrapper::ConnectionExt as _;
    let (conn, _) = x11rb::connect(None)?;
    let protocols = conn.intern_atom(false, b"WM_PROTOCOLS")?.reply()?.atom;
    let delete = conn.intern_atom(false, b"WM_DELETE_WINDOW")?.reply()?.atom;
    let event = ClientMessageEvent::new(32, window, protocols, [delete, x11rb::CURRENT_TIME, 0, 0, 0]);
    conn.send_event(false, window, EventMask::NO_EVENT, event)?;
    // Wait until the server processed it: a client that writes a request
    // and hangs up at once can have it dropped unread by a busy X server
    // (seen as "lost" close requests under load).
    conn.sync()?;
    Ok(())
}
