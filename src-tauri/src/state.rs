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

    /// Where a login window keeps its cookies: one folder per connection,
    /// a fresh one for each new connection.
    pub fn login_data_dir(&self, connection_id: Option<&str>) -> PathBuf {
        let base = self.service.data_dir().join("webview");
        match connection_id {
            Some(id) => base.join(id),
            None => base.join(format!("new-{}", uuid::Uuid::new_v4().simple())),
        }
    }
}
