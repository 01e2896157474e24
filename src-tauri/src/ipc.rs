//! Types that cross to the UI. ts-rs writes them to `ui/src/bindings/`
//! when the tests run; the UI's type check fails if they drift.

use fortnox_core::Lang;
use fortnox_core::profile::TransferOption;
use serde::Serialize;
use ts_rs::TS;

/// What the wizard needs to know to draw its first screen.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AppInfo {
    pub version: String,
    /// The integration's display name from the profile ("Acme Sync").
    pub integration_name: String,
    pub vendor: String,
    pub vendor_contact: Option<String>,
    pub lang: Lang,
    /// True when the built-in sandbox plays Fortnox.
    pub sandbox: bool,
    pub options: Vec<TransferOption>,
    pub service_account_offered: bool,
    pub service_account_recommended: bool,
    /// Where the profile came from, for the "about" details.
    pub profile_path: Option<String>,
    pub data_dir: String,
}
