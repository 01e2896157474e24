//! Windows refuses to rename or delete a file while another process holds
//! it open without sharing deletion (an antivirus scanner, a backup or
//! indexing tool, an editor, a WebView2 browser process that is ending).
//! Those holds are short: an operation that meets one is tried again for
//! a while before its error is returned.

use std::time::{Duration, Instant};

/// Runs `operation` until it succeeds, fails for another reason, or
/// `wait` has passed.
pub(crate) fn retry_while_held<T>(
    wait: Duration,
    mut operation: impl FnMut() -> std::io::Result<T>,
) -> std::io::Result<T> {
    let started = Instant::now();
    let mut pause = Duration::from_millis(10);
    loop {
        match operation() {
            Err(e) if is_held_by_another_program(&e) && started.elapsed() < wait => {
                tracing::debug!(error = %e, "a file is held by another program; trying again");
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(250));
            }
            result => return result,
        }
    }
}

/// Windows' "access denied" (what a held or delete-pending file gives)
/// and "sharing violation". Elsewhere nothing holds a file this way.
fn is_held_by_another_program(error: &std::io::Error) -> bool {
    cfg!(windows) && matches!(error.raw_os_error(), Some(5 | 32))
}
