//! The connections list and what can be done to one.

use fortnox_core::connection::ActivityEvent;
use fortnox_core::service::ConnectionSummary;
use fortnox_core::verify::VerifyReport;
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppState;

#[tauri::command]
pub fn list_connections(state: State<'_, AppState>) -> IpcResult<Vec<ConnectionSummary>> {
    state.service.summaries().map_err(|e| state.error(&e, None))
}

#[tauri::command]
pub async fn enable_connection(id: String, state: State<'_, AppState>) -> IpcResult<ConnectionSummary> {
    let run = async {
        state.service.enable(&id).await?;
        state.service.summary(&id)
    };
    run.await.map_err(|e| state.error(&e, Some(&id)))
}

#[tauri::command]
pub async fn disable_connection(id: String, state: State<'_, AppState>) -> IpcResult<ConnectionSummary> {
    let run = async {
        state.service.disable(&id).await?;
        state.service.summary(&id)
    };
    run.await.map_err(|e| state.error(&e, Some(&id)))
}

/// Revokes at Fortnox and deletes; `force` removes here even if Fortnox
/// cannot be reached.
#[tauri::command]
pub async fn remove_connection(id: String, force: bool, state: State<'_, AppState>) -> IpcResult<()> {
    state.service.remove(&id, force).await.map_err(|e| state.error(&e, Some(&id)))
}

#[tauri::command]
pub async fn verify_connection(id: String, state: State<'_, AppState>) -> IpcResult<VerifyReport> {
    state.service.verify_again(&id).await.map_err(|e| state.error(&e, Some(&id)))
}

#[tauri::command]
pub fn activity_log(id: String, state: State<'_, AppState>) -> Vec<ActivityEvent> {
    let mut events = state.service.activity(&id);
    events.reverse();
    events
}
