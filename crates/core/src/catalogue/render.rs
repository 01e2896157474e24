//! A catalogue entry rendered for one occurrence, in one language: the
//! texts from the message catalogue (`error-<code>`), who must act, the
//! buttons that fit (with their labels), and what "Copy details" copies.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::code::{Action, ErrorCode, FortnoxPage, Who};
use crate::connection::account::AccountType;
use crate::lang::Lang;
use crate::messages::{self, keys};

/// A button of the error panel: what it does and what it says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ActionButton {
    pub action: Action,
    pub label: String,
    /// The one that fixes the problem (shown as the main button).
    pub primary: bool,
}

/// A catalogue entry rendered for one occurrence, in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Problem {
    pub code: ErrorCode,
    pub title: String,
    /// What happened, in plain words.
    pub cause: String,
    pub who: Who,
    /// "You", "A Fortnox system administrator", "Acme AB (the vendor)" …
    pub who_label: String,
    /// Numbered steps that fix it.
    pub steps: Vec<String>,
    pub actions: Vec<ActionButton>,
    /// Collapsible technical details (redacted: never a token or code).
    pub details: String,
    /// Goes away by itself or with a retry.
    pub transient: bool,
    /// What "Copy details" puts on the clipboard.
    pub copy_text: String,
}

impl Problem {
    /// Whether the panel offers this action.
    pub fn offers(&self, action: &Action) -> bool {
        self.actions.iter().any(|b| &b.action == action)
    }
}

/// What the texts may mention: names from the profile and the context.
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub integration: String,
    pub vendor: String,
    pub vendor_contact: Option<String>,
    /// The account type of the connection or attempt, when known.
    pub account_type: Option<AccountType>,
    /// Labels of the transfer options the problem concerns.
    pub options: Vec<String>,
    /// Option ids, for actions such as "continue without".
    pub option_ids: Vec<String>,
}

/// The catalogue's message id for a code: `error-vendor_oauth_not_enabled`.
pub fn message_id(code: ErrorCode) -> String {
    format!("error-{}", code.as_str())
}

fn placeholders(ctx: &Context, lang: Lang) -> [(&'static str, String); 4] {
    let contact = ctx.vendor_contact.clone().unwrap_or_else(|| messages::text(lang, keys::CONTACT_UNKNOWN));
    let options =
        if ctx.options.is_empty() { messages::text(lang, keys::OPTIONS_UNKNOWN) } else { ctx.options.join(", ") };
    [
        ("integration", ctx.integration.clone()),
        ("vendor", ctx.vendor.clone()),
        ("contact", contact),
        ("options", options),
    ]
}

/// A title starts with a capital, even when it starts with a name.
fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn who_key(who: Who) -> &'static str {
    match who {
        Who::You => keys::WHO_YOU,
        Who::SystemAdministrator => keys::WHO_SYSTEM_ADMINISTRATOR,
        Who::AccountingConsultant => keys::WHO_ACCOUNTING_CONSULTANT,
        Who::Vendor => keys::WHO_VENDOR,
        Who::NoOne => keys::WHO_NO_ONE,
    }
}

/// The buttons that fit each code (a vendor contact only when the profile
/// names one).
fn actions(code: ErrorCode, ctx: &Context) -> Vec<Action> {
    use Action::*;
    use ErrorCode as C;
    let mut list = match code {
        C::VendorOauthNotEnabled
        | C::RedirectUriMismatch
        | C::IntegrationNotPublished
        | C::ClientSecretRejected
        | C::ClientSecretMissing
        | C::ApiCredentialsInvalid
        | C::WarehouseScopesMissing
        | C::ProfileInvalid
        | C::BrokerMisconfigured
        | C::ConnectionOfAnotherProfile
        | C::UpdateSignatureInvalid
        | C::UpdateDowngrade
        | C::UpdateNotForThisComputer
        | C::UpdateFeedInvalid => vec![ContactVendor],
        C::ServiceAccountNotAllowed => vec![SwitchAccountType { to: AccountType::User }, ContactVendor],
        C::UnsupportedScope if !ctx.option_ids.is_empty() => {
            vec![ContinueWithoutOptions { options: ctx.option_ids.clone() }, ContactVendor]
        }
        C::UnsupportedScope => vec![ContactVendor],
        C::IntegrationLicenceMissing | C::IntegrationNotPurchased => {
            vec![OpenFortnox { page: FortnoxPage::Start }, RestartAuthorization]
        }
        // A service account does not need the approving user's licence.
        C::NotLicensedForScope if ctx.account_type == Some(AccountType::User) => vec![
            LogInAsSomeoneElse,
            OpenFortnox { page: FortnoxPage::Start },
            SwitchAccountType { to: AccountType::Service },
        ],
        C::NotLicensedForScope => vec![LogInAsSomeoneElse, OpenFortnox { page: FortnoxPage::Start }],
        C::SystemAdministratorRequired => vec![LogInAsSomeoneElse, SwitchAccountType { to: AccountType::User }],
        C::AuthorizationNotCompleted | C::StateMismatch | C::AuthorizationCodeExpired => vec![RestartAuthorization],
        C::ApprovalUsedElsewhere => vec![RestartAuthorization, ContactVendor],
        C::LockedOrUnpaidAccount => vec![OpenFortnox { page: FortnoxPage::Help }, RestartAuthorization],
        C::ScopeNotGranted
        | C::ScopesMissingForOptions
        | C::TokenRejected
        | C::RefreshTokenInvalid
        | C::RefreshInterrupted
        | C::ConnectionNeedsReauthorization
        | C::BrokerConnectionUnknown => vec![Reauthorize],
        C::BrokerInstallationUnknown => vec![Reauthorize, ContactVendor],
        C::ModuleLicenceMissing | C::ApiLicenceMissing | C::AccountNotFound => {
            vec![OpenFortnox { page: FortnoxPage::Start }, Retry]
        }
        C::MissingPermission | C::MissingRightsForDocuments if ctx.account_type == Some(AccountType::User) => {
            vec![Reauthorize, SwitchAccountType { to: AccountType::Service }]
        }
        C::MissingPermission | C::MissingRightsForDocuments => vec![Reauthorize],
        C::RateLimited
        | C::FortnoxUnavailable
        | C::InvalidResponse
        | C::StorageFailed
        | C::LoopbackPortBusy
        | C::LoginUnavailable
        | C::KeyringUnavailable
        | C::KeyringLocked
        | C::BrokerUnavailable
        | C::ConnectionBusy
        | C::UpdateFeedUnavailable
        | C::UpdateIncomplete
        | C::UpdateInstallFailed => vec![Retry],
        C::ConnectionNotFound
        | C::ConnectionNotChosen
        | C::ConnectionNotEnabled
        | C::UpdateNotInstalledFromPackage
        | C::Unknown => vec![],
    };
    if ctx.vendor_contact.is_none() {
        list.retain(|a| *a != ContactVendor);
    }
    list.push(CopyDetails);
    list.push(ExportDiagnostics);
    list
}

fn label(action: &Action, ctx: &Context, lang: Lang) -> String {
    use Action::*;
    let key = match action {
        Retry => keys::ACTION_RETRY,
        RestartAuthorization => keys::ACTION_RESTART,
        Reauthorize => keys::ACTION_REAUTHORIZE,
        SwitchAccountType { to: AccountType::Service } => keys::ACTION_SWITCH_TO_SERVICE,
        SwitchAccountType { to: AccountType::User } => keys::ACTION_SWITCH_TO_USER,
        LogInAsSomeoneElse => keys::ACTION_SOMEONE_ELSE,
        OpenFortnox { page: FortnoxPage::Start } => keys::ACTION_OPEN_FORTNOX,
        OpenFortnox { page: FortnoxPage::Help } => keys::ACTION_OPEN_HELP,
        ContactVendor => return messages::text_with(lang, keys::ACTION_CONTACT_VENDOR, &[("vendor", &ctx.vendor)]),
        CopyDetails => keys::ACTION_COPY,
        ExportDiagnostics => keys::ACTION_EXPORT,
        ContinueWithoutOptions { .. } => {
            return messages::text_with(lang, keys::ACTION_CONTINUE_WITHOUT, &[("options", &ctx.options.join(", "))]);
        }
    };
    messages::text(lang, key)
}

/// Renders the entry for `code` in `lang`, with `details` as the
/// collapsible technical part.
pub fn render(code: ErrorCode, details: impl Into<String>, ctx: &Context, lang: Lang) -> Problem {
    let details = details.into();
    let filled = placeholders(ctx, lang);
    let args: Vec<(&str, &str)> = filled.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let id = message_id(code);
    let who = code.who();
    let who_label = messages::text_with(lang, who_key(who), &args);
    let title = capitalise(&messages::text_with(lang, &id, &args));
    let cause = messages::attribute(lang, &id, "cause", &args).unwrap_or_default();
    let steps = messages::steps(lang, &id, &args);
    let actions = actions(code, ctx);
    let primary = actions
        .iter()
        .position(|a| !matches!(a, Action::CopyDetails | Action::ExportDiagnostics | Action::ContactVendor));
    let buttons = actions
        .iter()
        .enumerate()
        .map(|(i, action)| ActionButton {
            action: action.clone(),
            label: label(action, ctx, lang),
            primary: Some(i) == primary,
        })
        .collect();
    let numbered: Vec<String> = steps.iter().enumerate().map(|(i, s)| format!("{}. {s}", i + 1)).collect();
    let copy_text = format!(
        "{title}\n{cause}\n{}: {who_label}\n{}\n\n[{}] {details}",
        messages::text(lang, keys::ERROR_WHO),
        numbered.join("\n"),
        code.as_str()
    );
    Problem {
        code,
        title,
        cause,
        who,
        who_label,
        steps,
        actions: buttons,
        details,
        transient: code.is_transient(),
        copy_text,
    }
}
