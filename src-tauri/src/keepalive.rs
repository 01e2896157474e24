//! `--keepalive`: the daily keep-alive without a window. Windows' Task
//! Scheduler runs it (docs/platform.md, "Windows"): the app is a windowed
//! program there, where the CLI, a console program, would flash a console
//! window every day. The same operation as `fortnox-connect keepalive`.

use std::sync::{Arc, OnceLock};

use fortnox_core::Lang;
use fortnox_core::operations::Operations;
use fortnox_launch::{DemoUse, Wanted};

use crate::host::TauriHost;

/// Days after which a refresh token is renewed (it dies after 45 unused).
const OLDER_THAN_DAYS: u32 = 30;
/// Renewals at a time, as the CLI's default.
const CONCURRENCY: usize = 4;

/// Renews and returns the exit code: 0 when nothing failed, 3 when a
/// connection needs a person, 4 when only transient failures happened,
/// 2 when the app cannot start.
pub fn run(wanted: Wanted, lang: Option<Lang>) -> i32 {
    tauri::async_runtime::block_on(async move {
        let launched = match fortnox_launch::launch(wanted.clone(), DemoUse::Borrow).await {
            Ok(launched) => launched,
            Err(err) => {
                crate::startup::report_fatal(&err);
                return 2;
            }
        };
        let host = TauriHost {
            app: OnceLock::new(),
            cancel: Arc::new(tokio::sync::Notify::new()),
            demo: launched.run.demo,
            data_dir: launched.service.data_dir().to_path_buf(),
            wanted,
            update: Default::default(),
        };
        let ops = Operations::new(launched.service, host, launched.run, lang, fortnox_launch::system_lang());
        match ops.keepalive(OLDER_THAN_DAYS, CONCURRENCY, &|_, _| {}).await {
            Ok(report) => {
                tracing::info!(summary = %report.summary.en, "keep-alive done");
                if report.failed.is_empty() {
                    0
                } else if report.failed.iter().all(|(_, failure)| failure.en.code.is_transient()) {
                    4
                } else {
                    3
                }
            }
            Err(failure) => {
                tracing::warn!(code = failure.en.code.as_str(), "keep-alive failed");
                if failure.en.code.is_transient() { 4 } else { 3 }
            }
        }
    })
}
