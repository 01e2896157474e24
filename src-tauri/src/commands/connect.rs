//! Connecting, re-authorizing and switching account type, with the login
//! in the app's own window (or the system browser), progress events while
//! waiting, and the decisions a result may need.

use fortnox_core::loopback::LoopbackSurface;
use fortnox_core::{AuthorizeRequest, ConnectOutcome, ConnectProgress, DecisionChoice, RedirectKind};
use tauri::{AppHandle, Emitter, State};

use crate::error::IpcResult;
use crate::ipc::ConnectRequest;
use crate::login_window::WebviewSurface;
use crate::state::AppState;

/// The event the UI listens to while a login is under way.
pub const PROGRESS_EVENT: &str = "connect-progress";

#[tauri::command]
pub async fn connect(request: ConnectRequest, app: AppHandle, state: State<'_, AppState>) -> IpcResult<ConnectOutcome> {
    let redirect = if request.browser { RedirectKind::Loopback } else { RedirectKind::Embedded };
    let mut core_request = AuthorizeRequest::new(request.options.clone(), request.account_type, redirect);
    core_request.expected_org = request.expected_org.clone().filter(|o| !o.trim().is_empty());
    core_request.connection_id = request.connection_id.clone();
    core_request.replaces = request.replaces.clone();

    let progress = {
        let app = app.clone();
        move |stage: ConnectProgress| {
            let _ = app.emit_to("main", PROGRESS_EVENT, stage);
        }
    };

    let outcome = if request.browser {
        let surface = LoopbackSurface::new(state.lang(), true, |_| {});
        state.service.connect(&surface, core_request, &progress).await
    } else {
        let surface = WebviewSurface {
            app: app.clone(),
            lang: state.lang(),
            cancel: state.cancel_login.clone(),
            sandbox: state.sandbox,
        };
        state.service.connect(&surface, core_request, &progress).await
    };
    outcome.map_err(|e| state.error(&e, request.connection_id.as_deref()))
}

/// Ends the login under way ("authorization was not completed").
#[tauri::command]
pub fn cancel_connect(state: State<'_, AppState>) {
    state.cancel_login.notify_waiters();
}

#[tauri::command]
pub async fn decide(
    decision_id: String,
    choice: DecisionChoice,
    state: State<'_, AppState>,
) -> IpcResult<Option<ConnectOutcome>> {
    state.service.decide(&decision_id, choice).await.map_err(|e| state.error(&e, None))
}
