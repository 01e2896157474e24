//! The wizard's first screen and the language.

use fortnox_core::Lang;
use tauri::State;

use crate::error::IpcResult;
use crate::ipc::AppInfo;
use crate::state::AppState;

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    let profile = state.service.profile();
    // scripts/run.sh waits for this line before taking its screenshot.
    tracing::info!(integration = %profile.name, "wizard ready");
    AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        integration_name: profile.name.clone(),
        vendor: profile.vendor.clone(),
        vendor_contact: profile.vendor_contact.clone(),
        lang: state.lang(),
        // The built-in sandbox, or a profile pointing at one on this computer.
        sandbox: state.sandbox || is_local(&profile.endpoints.auth_base),
        options: profile.options.clone(),
        service_account_offered: profile.service_account.offered,
        service_account_recommended: profile.service_account.recommended,
        browser_login: profile.redirect.loopback.is_some(),
        profile_path: state.profile_path.as_ref().map(|p| p.display().to_string()),
        data_dir: state.service.data_dir().display().to_string(),
    }
}

#[tauri::command]
pub async fn set_language(lang: Lang, state: State<'_, AppState>) -> IpcResult<()> {
    *state.lang.lock().unwrap_or_else(|e| e.into_inner()) = lang;
    state.service.save_language(lang).await.map_err(|e| state.error(&e, None))
}

fn is_local(url: &url::Url) -> bool {
    matches!(url.host_str(), Some("127.0.0.1") | Some("localhost") | Some("[::1]"))
}
