//! Desktop notifications (feature `notify`): the freedesktop Notifications
//! service over D-Bus on Linux, a toast on Windows, both through
//! `notify-rust`. That crate, not Tauri's notification plugin, because the
//! keep-alive and the integration's `token` call find problems with no app
//! running, and because on Linux it tells which button was clicked
//! (docs/notifications.md).

/// What the person did with a notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Clicked it (or its button): open the app there.
    Opened,
    /// Closed it, or it expired.
    Dismissed,
    /// Shown, but this system does not say what became of it (Windows'
    /// toasts without a registered activator).
    Unknown,
}

/// Why a notification could not be shown (no session bus, no
/// notification service, no display).
#[derive(Debug, thiserror::Error)]
#[error("the desktop could not show a notification: {0}")]
pub struct NotifyError(String);

/// The notification's application name, as desktops group them.
const APP_NAME: &str = "Fortnox Connect";

/// Shows a notification with `summary`, `body` and a button `action`, and
/// waits until the person clicks it or it goes away, at most `within`: a
/// notice left in the desktop's list for days does not keep a process
/// waiting for days (a click after that does nothing).
pub fn show_and_wait(
    summary: &str,
    body: &str,
    action: &str,
    within: std::time::Duration,
) -> Result<Answer, NotifyError> {
    let mut notification = notify_rust::Notification::new();
    notification.appname(APP_NAME).summary(summary).body(&plain(body)).action("default", action);
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        // The desktop file names the app (its icon, and its settings in
        // GNOME); resident: it stays in the list until dealt with.
        notification
            .icon("fortnox-connect")
            .hint(notify_rust::Hint::DesktopEntry("fortnox-connect".into()))
            .hint(notify_rust::Hint::Resident(true))
            .timeout(notify_rust::Timeout::Never);
        // The D-Bus handle cannot move between threads, so one thread shows
        // it and waits; this one gives up waiting after `within`.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || match notification.show() {
            Err(e) => drop(tx.send(Err(NotifyError(e.to_string())))),
            Ok(handle) => handle.wait_for_action(|clicked| {
                let answer = if clicked == "default" { Answer::Opened } else { Answer::Dismissed };
                let _ = tx.send(Ok(answer));
            }),
        });
        // Nothing sent after a successful show: it closed without a click.
        rx.recv_timeout(within).unwrap_or(Ok(Answer::Dismissed))
    }
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    {
        let _ = within;
        notification.show().map_err(|e| NotifyError(e.to_string()))?;
        Ok(Answer::Unknown)
    }
}

/// A body shown as the text it is: notification services may read markup
/// in it (`<b>`, links), and a company's name is not markup.
fn plain(body: &str) -> String {
    if cfg!(all(unix, not(target_os = "macos"))) {
        body.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
    } else {
        body.to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    #[cfg(all(unix, not(target_os = "macos")))]
    fn a_company_name_is_never_markup() {
        assert_eq!(super::plain("A & B <a href=x>AB</a>"), "A &amp; B &lt;a href=x&gt;AB&lt;/a&gt;");
    }
}
