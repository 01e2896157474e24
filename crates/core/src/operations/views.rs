//! What a person sees, decided once: every label, every allowed action and
//! every rendered problem, built from core's state for one language. The
//! operations return them in both languages (`Both`), so the UI switches
//! language without asking again; the CLI picks one.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalogue::Problem;
use crate::connection::{AccountType, Approver, ConnectionState};
use crate::lang::Lang;
use crate::service::DecisionChoice;
use crate::verify::CheckStatus;

/// A view in Swedish and in English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Both<T> {
    pub sv: T,
    pub en: T,
}

impl<T> Both<T> {
    pub fn render(make: impl Fn(Lang) -> T) -> Both<T> {
        Both { sv: make(Lang::Sv), en: make(Lang::En) }
    }

    pub fn get(&self, lang: Lang) -> &T {
        match lang {
            Lang::Sv => &self.sv,
            Lang::En => &self.en,
        }
    }

    pub fn into_lang(self, lang: Lang) -> T {
        match lang {
            Lang::Sv => self.sv,
            Lang::En => self.en,
        }
    }
}

/// One transfer option of the profile, as the wizard offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OptionView {
    pub id: String,
    pub label: String,
    pub help: Option<String>,
    /// Ticked when the wizard starts.
    pub default: bool,
}

/// The app's own updates, as the person sees them (`version`: the one
/// installed, or the one ready).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
#[ts(export)]
pub enum UpdateStatus {
    /// The profile names no update feed, or this build has no update key.
    Off {
        version: String,
    },
    Checking {
        version: String,
    },
    /// Nothing newer (`checked`: looked at least once since the start).
    Current {
        version: String,
        checked: bool,
    },
    /// Downloaded, signature checked: "Restart to update".
    Ready {
        version: String,
        notes: Option<String>,
        #[ts(type = "number")]
        bytes: u64,
    },
    /// Asked to install while a connection is being set up.
    Waits {
        version: String,
    },
    /// The last look or install was refused (`ready`: an earlier checked
    /// update is still there to install).
    Refused {
        version: String,
        problem: Problem,
        ready: bool,
    },
}

/// What the app knows before anything is connected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AppInfo {
    pub version: String,
    /// The integration's display name from the profile ("Acme Sync").
    pub integration_name: String,
    pub vendor: String,
    pub vendor_contact: Option<String>,
    /// The language the person chose (or the system's).
    pub lang: Lang,
    /// The built-in demo (a local sandbox) plays Fortnox.
    pub demo: bool,
    pub options: Vec<OptionView>,
    pub service_account_offered: bool,
    pub service_account_recommended: bool,
    /// The account type the wizard starts with.
    pub default_account_type: AccountType,
    /// "Open in my browser instead" is possible.
    pub browser_login: bool,
    /// "Profile: …" for the about box.
    pub profile_label: String,
    pub data_dir: String,
}

/// A line of a connection's health.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HealthLine {
    pub text: String,
    /// Something needs doing.
    pub warn: bool,
}

/// What can be done to a saved connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum ConnectionAction {
    Enable,
    Disable,
    Reauthorize,
    Verify,
    SwitchAccountType { to: AccountType },
    Activity,
    Remove,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConnectionButton {
    pub action: ConnectionAction,
    pub label: String,
    /// The one that fixes what is wrong (or the main next step).
    pub primary: bool,
    /// Asked before the action is carried out (remove, switch).
    pub confirm: Option<ConfirmView>,
}

/// A question before an action that cannot be undone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConfirmView {
    pub title: String,
    pub text: String,
    /// A second paragraph, when there is more to know.
    pub note: Option<String>,
    /// The confirming button.
    pub confirm: String,
    /// Destroys something (shown in red).
    pub danger: bool,
    /// "Open Fortnox", offered beside the question.
    pub open_fortnox: Option<String>,
}

/// The last error a connection met, with its catalogue title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LastErrorView {
    pub code: crate::catalogue::ErrorCode,
    pub title: String,
    pub at: String,
    /// Short technical text (never a token).
    pub details: String,
}

/// A saved connection as the list, the card and `status` show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConnectionView {
    pub id: String,
    pub company_name: Option<String>,
    pub org_number: Option<String>,
    pub tenant_id: Option<String>,
    /// "Bergströms Bygg AB (556677-8899)".
    pub company_label: String,
    pub account_type: AccountType,
    pub account_label: String,
    pub state: ConnectionState,
    pub state_label: String,
    pub options: Vec<String>,
    pub options_label: String,
    pub scopes: Vec<String>,
    pub health: Vec<HealthLine>,
    /// Something needs doing (re-authorize, new areas, a last error).
    pub needs_attention: bool,
    pub actions: Vec<ConnectionButton>,
    /// "Connected to … — enabled", for the done screen.
    pub connected_title: String,
    /// Where the connection shows in Fortnox (Hantera integrationer).
    pub fortnox_where: String,
    /// RFC 3339; when the refresh token dies unless used.
    pub refresh_expires_at: Option<String>,
    #[ts(type = "number | null")]
    pub refresh_expires_in_days: Option<i64>,
    /// RFC 3339; the last time a token was obtained.
    pub last_refresh_at: Option<String>,
    /// The last renewal, for the table: a date, "Automatic" when the
    /// vendor's broker renews it, or "—".
    pub last_renewal_label: String,
    /// What needs doing, in one line (the first warning), for the table.
    pub attention_label: Option<String>,
    /// A problem that began while the app was closed (since the person
    /// last looked): marked in the list.
    pub changed: Option<ChangeNote>,
    pub last_error: Option<LastErrorView>,
    pub approved_by: Option<Approver>,
    pub options_missing_scopes: Vec<String>,
    pub created_at: String,
    pub renewed_by_broker: bool,
}

/// The first screen's data, given to the page before its script runs
/// (docs/architecture.md, "Start-up"): the page's first frame is then the
/// wizard or the list, not "Loading" followed by a second, later frame.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FirstScreenData {
    pub info: Both<AppInfo>,
    pub list: Both<ConnectionList>,
    /// Where to open, when a notification was clicked.
    pub show: Option<super::notify::NoticeTarget>,
}

/// The list of connections with a summary line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConnectionList {
    pub connections: Vec<ConnectionView>,
    /// "412 connected, 3 need attention".
    pub summary: String,
    /// "Sign this computer out", when there is anything to sign out.
    pub sign_out: Option<SignOutView>,
}

/// "Sign this computer out": every connection stopped in Fortnox and
/// removed here (and, with a token broker, this computer forgotten there).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SignOutView {
    pub label: String,
    pub confirm: ConfirmView,
}

/// A problem that began since the person last looked at the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChangeNote {
    /// RFC 3339: when it began.
    pub at: String,
    /// What happened (the catalogue's title).
    pub what: String,
}

/// What an action on several connections did, and the list as it is now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BulkDone {
    pub notice: String,
    pub list: ConnectionList,
}

/// What signing out did, and the list as it is now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SignedOut {
    pub notice: String,
    pub list: ConnectionList,
}

/// One option's result in a verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CheckView {
    pub option_id: String,
    pub label: String,
    pub status: CheckStatus,
    pub status_label: String,
    /// Why it does not work, with what fixes it.
    pub problem: Option<Problem>,
}

/// What verification found, ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VerifyView {
    pub company_name: Option<String>,
    pub org_number: Option<String>,
    pub tenant_id: Option<String>,
    pub approver_label: Option<String>,
    /// "Right client: 556345-6788" when the expected client was approved.
    pub expected_label: Option<String>,
    pub checks: Vec<CheckView>,
    pub all_work: bool,
    /// "Everything works…" or "Most things work…".
    pub summary: String,
    /// "Enable the connection" or "Enable anyway".
    pub enable_label: String,
    /// Enabling needs the company to be known.
    pub can_enable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DecisionButton {
    pub choice: DecisionChoice,
    pub label: String,
    pub primary: bool,
}

/// Something the person must decide before anything is saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DecisionView {
    pub id: String,
    /// `wrong_company` or `already_connected`.
    pub kind: String,
    pub title: String,
    pub text: String,
    pub choices: Vec<DecisionButton>,
}

/// Where the wizard goes after a connect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum NextStep {
    /// Show what was verified (and offer to enable).
    Verify,
    /// A re-authorized, enabled connection: nothing left to do.
    Done,
}

/// The result of a connect, a decision or a verification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[ts(export)]
#[allow(clippy::large_enum_variant, reason = "made once per connect and sent to the UI as it is")]
pub enum ConnectResult {
    Connected { connection: ConnectionView, verify: VerifyView, next: NextStep },
    NeedsDecision { decision: DecisionView, verify: VerifyView },
}

/// One line of a connection's activity log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ActivityLine {
    /// RFC 3339 (the UI shows it in local time).
    pub at: String,
    pub text: String,
    pub warn: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ActivityView {
    pub title: String,
    pub empty: String,
    pub lines: Vec<ActivityLine>,
}

/// A written support bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Exported {
    pub path: String,
    /// "Saved: …".
    pub notice: String,
}

/// The progress of a connect, with the words to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProgressView {
    pub stage: crate::service::ConnectProgress,
    pub text: Both<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_are_rendered_and_picked() {
        let both = Both::render(|lang| lang.code().to_string());
        assert_eq!(both.get(Lang::Sv), "sv");
        assert_eq!(both.into_lang(Lang::En), "en");
    }

    #[test]
    fn check_status_stays_the_wire_name() {
        assert_eq!(serde_json::to_value(CheckStatus::NotChecked).unwrap(), "not_checked");
    }
}
