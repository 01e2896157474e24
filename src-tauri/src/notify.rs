//! `--notify`: shows a desktop notification and waits for it to be
//! clicked, with no window (docs/notifications.md). The CLI's keep-alive
//! and `token`, and the app itself, start this and go on; on a click it
//! opens the app on the problem (a running app is handed the target by the
//! single-instance check) and ends.

use fortnox_core::operations::NoticeTarget;
use fortnox_launch::Wanted;
use fortnox_launch::notify::{NOTICE_ENV, NoticeText};
use fortnox_platform::notify::{Answer, show_and_wait};

use crate::startup::Args;

/// How long a notice's click is waited for: a working day and a night.
const WAIT_FOR_CLICK: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// Shows it, waits, opens the app if clicked; the exit code is 0 unless
/// nothing could show it (1: the log says why).
pub fn run(args: &Args, wanted: &Wanted) -> i32 {
    let text = std::env::var(NOTICE_ENV).ok().and_then(|json| serde_json::from_str::<NoticeText>(&json).ok());
    let (Some(text), Some(target)) = (text, args.show()) else {
        tracing::warn!("--notify needs {NOTICE_ENV} and --show-connection or --show-attention");
        return 2;
    };
    match show_and_wait(&text.summary, &text.body, &text.action, WAIT_FOR_CLICK) {
        Ok(Answer::Opened) => {
            tracing::info!("the notification was clicked: opening the app there");
            open_app(args, wanted, &target);
            0
        }
        Ok(Answer::Dismissed | Answer::Unknown) => 0,
        Err(e) => {
            tracing::warn!(error = %e, "no desktop notification");
            1
        }
    }
}

/// This program again, as the app, on `target`.
fn open_app(args: &Args, wanted: &Wanted, target: &NoticeTarget) {
    let Ok(me) = std::env::current_exe() else { return };
    let mut app_args = fortnox_launch::notify::wanted_args(wanted);
    if let Some(lang) = args.lang() {
        app_args.extend(["--lang".to_string(), lang.code().to_string()]);
    }
    app_args.extend(target.app_args());
    fortnox_launch::notify::start_detached(&me, &app_args, &[]);
}
