//! Help for the error panel: catalogue texts for a code, the support
//! bundle, and fixed places to open in the system browser.

use fortnox_core::{ErrorCode, Problem};
use tauri::State;

use crate::error::IpcResult;
use crate::ipc::ExternalTarget;
use crate::state::AppState;

/// The catalogue entry for a code about some options (a failed check).
#[tauri::command]
pub fn explain(code: ErrorCode, options: Vec<String>, state: State<'_, AppState>) -> Problem {
    state.service.explain(code, &options, state.lang())
}

/// Writes the support bundle to the Downloads folder (else the data
/// folder) and returns its path.
#[tauri::command]
pub fn export_diagnostics(state: State<'_, AppState>) -> IpcResult<String> {
    let dir = dirs::download_dir().filter(|d| d.is_dir()).unwrap_or_else(|| state.service.data_dir().to_path_buf());
    let stamp = time::OffsetDateTime::now_utc().unix_timestamp();
    let path = dir.join(format!("fortnox-connect-diagnostics-{stamp}.zip"));
    state
        .service
        .export_diagnostics(&path, concat!("Fortnox Connect ", env!("CARGO_PKG_VERSION")))
        .map_err(|e| state.error(&e, None))?;
    Ok(path.display().to_string())
}

/// Opens one of the fixed targets; false if there is nothing to open.
#[tauri::command]
pub fn open_external(target: ExternalTarget, state: State<'_, AppState>) -> bool {
    let profile = state.service.profile();
    let url = match target {
        ExternalTarget::FortnoxStart => profile.endpoints.auth_base.to_string(),
        ExternalTarget::FortnoxHelp => "https://support.fortnox.se/".to_string(),
        ExternalTarget::VendorContact => match &profile.vendor_contact {
            Some(contact) if contact.contains('@') && !contact.contains(':') => {
                format!("mailto:{contact}")
            }
            Some(contact) if contact.starts_with("https://") || contact.starts_with("mailto:") => contact.clone(),
            _ => return false,
        },
    };
    match open::that_detached(&url) {
        Ok(()) => true,
        Err(e) => {
            tracing::warn!(error = %e, "could not open the system browser");
            false
        }
    }
}
