//! The main window, created here rather than from tauri.conf.json alone so
//! that the page gets its first screen's data before its script runs
//! (docs/architecture.md, "Start-up"). Asking over IPC after mounting cost
//! a "Loading" frame and then a second frame some 300 ms later: WebKitGTK
//! spaces its first frames that far apart.

use fortnox_core::operations::FirstScreenData;
use tauri::{App, WebviewWindowBuilder};

/// The global the page reads once (ui/src/lib/flow.svelte.ts).
const GLOBAL: &str = "__FORTNOX_CONNECT_FIRST_SCREEN__";
/// Set in the page's session storage when the data was handed over: a
/// reload asks over IPC again rather than showing the data of the start.
const GIVEN: &str = "fortnox-connect-first-screen-given";

/// The app's own pages: `tauri://localhost` on Linux and macOS,
/// `http://tauri.localhost` on Windows (WebView2 serves custom schemes
/// under http). The script runs in whatever page the window shows, so it
/// hands the data only to those.
const OWN_PAGE: &str = if cfg!(windows) {
    "location.protocol === \"http:\" && location.hostname === \"tauri.localhost\""
} else {
    "location.protocol === \"tauri:\" && location.hostname === \"localhost\""
};

/// Builds the window of `tauri.conf.json` (`"create": false` there) with
/// the data as an initialization script.
pub fn create(app: &App, first_screen: Option<FirstScreenData>) -> tauri::Result<()> {
    let config = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == "main")
        .cloned()
        .ok_or_else(|| tauri::Error::WindowNotFound)?;
    let mut builder = WebviewWindowBuilder::from_config(app.handle(), &config)?;
    if let Some(script) = first_screen.and_then(|data| script(&data)) {
        builder = builder.initialization_script(script);
    }
    builder.build()?;
    Ok(())
}

/// JSON is a JavaScript expression, so the data goes in as it is
/// serialized; nothing in it is a secret (it is what `app_info` and
/// `list_connections` answer to the app's own page).
fn script(data: &FirstScreenData) -> Option<String> {
    let json = serde_json::to_string(data).ok()?;
    Some(format!(
        "try {{ if ({OWN_PAGE} && !sessionStorage.getItem({GIVEN:?})) {{ sessionStorage.setItem({GIVEN:?}, \"1\"); \
         window.{GLOBAL} = {json}; }} }} catch (_) {{}}"
    ))
}
