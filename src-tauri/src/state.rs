//! What the commands share: core's service, the UI language, and the
//! login in progress (so it can be cancelled).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use fortnox_core::{Connection, Error, FortnoxConnect, Lang};
use tokio::sync::Notify;

use crate::error::IpcError;

pub struct AppState {
    pub service: Arc<FortnoxConnect>,
    pub lang: Mutex<Lang>,
    pub sandbox: bool,
    pub profile_path: Option<PathBuf>,
    /// Wakes the login in progress to cancel it.
    pub cancel_login: Arc<Notify>,
}

impl AppState {
    pub fn lang(&self) -> Lang {
        *self.lang.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The catalogue entry for an error, in the UI's language.
    pub fn error(&self, error: &Error, connection_id: Option<&str>) -> IpcError {
        let connection: Option<Connection> = connection_id.and_then(|id| self.service.connection(id).ok());
        IpcError { problem: Box::new(self.service.problem(error, connection.as_ref(), self.lang())) }
    }

    /// Older versions kept each connection's login cookies on disk; the
    /// login window is private now (docs/security.md), so they go.
    pub fn forget_old_logins(&self) {
        let _ = std::fs::remove_dir_all(self.service.data_dir().join("webview"));
    }
}
