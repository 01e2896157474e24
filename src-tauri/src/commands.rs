//! IPC commands: each one a few lines that call into `fortnox-core`.

use std::sync::Mutex;

use fortnox_core::Lang;
use fortnox_core::profile::locate::ProfileSource;
use tauri::State;

use crate::ipc::AppInfo;
use crate::startup::AppContext;

/// The language the user picked in this session.
pub struct UiLanguage(pub Mutex<Lang>);

#[tauri::command]
pub fn app_info(context: State<'_, AppContext>, lang: State<'_, UiLanguage>) -> AppInfo {
    let profile = &context.profile;
    // scripts/run.sh waits for this line before taking its screenshot.
    tracing::info!(integration = %profile.name, "wizard ready");
    AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        integration_name: profile.name.clone(),
        vendor: profile.vendor.clone(),
        vendor_contact: profile.vendor_contact.clone(),
        lang: *lang.0.lock().unwrap_or_else(|e| e.into_inner()),
        sandbox: context.sandbox.is_some(),
        options: profile.options.clone(),
        service_account_offered: profile.service_account.offered,
        service_account_recommended: profile.service_account.recommended,
        profile_path: match &context.profile_source {
            ProfileSource::Explicit(path) | ProfileSource::Installed(path) => {
                Some(path.display().to_string())
            }
            ProfileSource::BuiltinSandbox => None,
        },
        data_dir: context.data_dir.display().to_string(),
    }
}

#[tauri::command]
pub fn set_language(lang: Lang, current: State<'_, UiLanguage>) {
    *current.0.lock().unwrap_or_else(|e| e.into_inner()) = lang;
}
