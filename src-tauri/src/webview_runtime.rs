//! The system's webview, checked before the first window. On Windows it
//! is Microsoft Edge WebView2: part of Windows 11 and of current Windows
//! 10, but missing on some older or stripped-down installs. Without it
//! Tauri shows an English-only message and the app ends with an error;
//! this says, in the person's language, what is missing and where to get
//! it, and offers to open the download page. On Linux the .deb depends on
//! WebKitGTK, so it is always there.

use fortnox_core::Lang;

/// The webview is missing; the person was told.
#[derive(Debug)]
pub struct Missing;

impl Missing {
    /// "A person must act", as the CLI's exit code 3.
    pub fn exit_code(&self) -> i32 {
        3
    }
}

pub fn check(lang: Lang) -> Result<(), Missing> {
    #[cfg(windows)]
    if let Err(error) = tauri::webview_version() {
        tracing::error!(%error, "Microsoft Edge WebView2 is not installed");
        windows::tell(lang);
        return Err(Missing);
    }
    let _ = lang;
    Ok(())
}

#[cfg(windows)]
mod windows {
    use fortnox_core::Lang;
    use fortnox_core::messages::{self, keys};

    /// Microsoft's Evergreen bootstrapper (a small download that installs
    /// the runtime for this user).
    const DOWNLOAD: &str = "https://go.microsoft.com/fwlink/p/?LinkId=2124703";

    pub fn tell(lang: Lang) {
        let title = messages::text(lang, keys::WEBVIEW_MISSING_TITLE);
        let text = messages::text(lang, keys::WEBVIEW_MISSING_TEXT);
        // The log shows what the person was told (tests read it).
        tracing::error!(%title, "told the person: {text}");
        if ask_yes_no(&title, &text) {
            if let Err(error) = open::that_detached(DOWNLOAD) {
                tracing::warn!(%error, "could not open the WebView2 download page");
            }
        }
    }

    /// A Windows message box with Yes and No; true for Yes.
    #[allow(unsafe_code)]
    fn ask_yes_no(title: &str, text: &str) -> bool {
        use windows_sys::Win32::UI::WindowsAndMessaging::{IDYES, MB_ICONWARNING, MB_YESNO, MessageBoxW};
        let wide = |s: &str| s.encode_utf16().chain(std::iter::once(0)).collect::<Vec<u16>>();
        let (title, text) = (wide(title), wide(text));
        // SAFETY: both strings are NUL-terminated and outlive the call; no
        // owner window (none exists yet).
        let answer =
            unsafe { MessageBoxW(std::ptr::null_mut(), text.as_ptr(), title.as_ptr(), MB_YESNO | MB_ICONWARNING) };
        answer == IDYES
    }
}
