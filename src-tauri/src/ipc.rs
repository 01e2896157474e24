//! Types that cross to the UI. ts-rs writes them to `ui/src/bindings/`
//! when the tests run; the UI's type check fails if they drift.

use fortnox_core::profile::TransferOption;
use fortnox_core::{AccountType, Lang};
use serde::{Deserialize, Serialize};
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
    /// Whether "open in my browser instead" is possible (a loopback
    /// redirect URI is registered).
    pub browser_login: bool,
    /// Where the profile came from, for the "about" details.
    pub profile_path: Option<String>,
    pub data_dir: String,
}

/// Start a connection, re-authorize one, or switch its account type.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct ConnectRequest {
    pub options: Vec<String>,
    pub account_type: AccountType,
    /// Consultants: the client's organisation number they expect.
    pub expected_org: Option<String>,
    /// Re-authorize this connection (keeps id and options).
    pub connection_id: Option<String>,
    /// Switch account type: this connection is replaced once the new one
    /// is saved.
    pub replaces: Option<String>,
    /// Log in through the system browser instead of the app's window.
    pub browser: bool,
}

/// Where the error panel's "open" buttons may go. The UI never passes a
/// URL: only these fixed targets.
#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExternalTarget {
    FortnoxStart,
    FortnoxHelp,
    VendorContact,
}
