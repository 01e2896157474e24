//! What each operation takes. Every field a person does not choose has
//! its default in the operation, not in the UI or the CLI.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::connection::AccountType;
use crate::lang::Lang;
use crate::service::DecisionChoice;

/// No arguments.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Nothing {}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LanguageRequest {
    pub lang: Lang,
}

/// The first screen the UI painted after start.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FirstScreen {
    Wizard,
    Connections,
    Failed,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ShownRequest {
    pub screen: FirstScreen,
    #[serde(default)]
    #[ts(optional)]
    pub times: Option<PageTimes>,
}

/// When the page reached each step of its start, in milliseconds since
/// its navigation began (`performance.now()`): for the start-up log and
/// the benchmark's breakdown (BENCHMARKS.md).
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PageTimes {
    /// The bundle loaded and ran, before the UI is mounted.
    pub script_ms: f64,
    /// The first screen's data arrived.
    pub data_ms: f64,
    /// The UI applied it to the page.
    pub rendered_ms: f64,
    /// The next frame began (`requestAnimationFrame`).
    pub frame_ms: f64,
    /// That frame was painted (the task after it).
    pub painted_ms: f64,
}

/// One saved connection.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConnectionRequest {
    pub id: String,
}

/// Several saved connections, to enable or disable at once.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SetEnabledRequest {
    pub ids: Vec<String>,
    pub enabled: bool,
}

/// The list as a CSV file: every connection, or those named.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExportRequest {
    #[serde(default)]
    pub ids: Option<Vec<String>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RemoveRequest {
    pub id: String,
    /// Remove here even when Fortnox cannot be reached to revoke.
    #[serde(default)]
    pub force: bool,
}

/// What to connect.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum ConnectTarget {
    /// A new connection. Anything left out gets the profile's default.
    New {
        #[serde(default)]
        options: Option<Vec<String>>,
        #[serde(default)]
        account_type: Option<AccountType>,
        /// Consultants: the client's organisation number they expect.
        #[serde(default)]
        expected_org: Option<String>,
    },
    /// Approve a saved connection again (keeps its id and options).
    Reauthorize { connection_id: String },
    /// Make a saved connection again with the other account type; the
    /// old one is revoked and removed once the new one works.
    SwitchAccountType { connection_id: String },
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConnectRequest {
    pub target: ConnectTarget,
    /// Log in through the system browser instead of the app's window.
    #[serde(default)]
    pub browser: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DecideRequest {
    pub decision_id: String,
    pub choice: DecisionChoice,
}

/// Fixed places the app may open; the UI never passes a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExternalTarget {
    FortnoxStart,
    FortnoxHelp,
    VendorContact,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OpenRequest {
    pub target: ExternalTarget,
}
