//! The error catalogue: one stable code per thing that can go wrong, and
//! for each, in Swedish and English, what happened, who must act, the
//! steps that fix it and the buttons that do so. The UI and the CLI render
//! `Problem`s; they never show raw internals outside "technical details".

mod classify;
mod texts;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::connection::AccountType;
use crate::lang::Lang;

pub use classify::{
    ErrorInformation, TokenGrant, classify_api_error, classify_authorization_error, classify_broker_refusal,
    classify_token_error,
};

/// Stable codes the UI and scripts switch on. Never renumber or rename:
/// add new ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    // --- authorization (fortnox-errors.md rows 1–9, 16–18) ---
    VendorOauthNotEnabled,
    ServiceAccountNotAllowed,
    UnsupportedScope,
    RedirectUriMismatch,
    IntegrationLicenceMissing,
    IntegrationNotPurchased,
    IntegrationNotPublished,
    NotLicensedForScope,
    SystemAdministratorRequired,
    AuthorizationNotCompleted,
    LockedOrUnpaidAccount,
    StateMismatch,
    FortnoxInitiatedActivation,
    AuthorizationCodeExpired,
    ClientSecretRejected,
    ClientSecretMissing,
    // --- verification and the API (rows 8, 10–13, 15, 19, 20) ---
    WrongCompany,
    AlreadyConnected,
    ScopeNotGranted,
    ScopesMissingForOptions,
    ModuleLicenceMissing,
    MissingPermission,
    MissingRightsForDocuments,
    WarehouseScopesMissing,
    AccountNotFound,
    ApiLicenceMissing,
    ApiCredentialsInvalid,
    TokenRejected,
    // --- tokens (row 14) ---
    RefreshTokenInvalid,
    RefreshInterrupted,
    // --- transient (rows 21, 22) ---
    RateLimited,
    FortnoxUnavailable,
    InvalidResponse,
    // --- this computer (row 23) ---
    KeyringUnavailable,
    KeyringLocked,
    StorageFailed,
    LoopbackPortBusy,
    ConnectionBusy,
    // --- the vendor's token broker ---
    BrokerUnavailable,
    BrokerInstallationUnknown,
    BrokerConnectionUnknown,
    BrokerMisconfigured,
    // --- help (row 24) ---
    NotListedUnderManageUsers,
    // --- the app ---
    ProfileInvalid,
    ConnectionNotFound,
    ConnectionNotEnabled,
    ConnectionNeedsReauthorization,
    ConnectionOfAnotherProfile,
    Unknown,
}

impl ErrorCode {
    /// Every code, for listings (`fortnox-connect errors`) and tests.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::VendorOauthNotEnabled,
        ErrorCode::ServiceAccountNotAllowed,
        ErrorCode::UnsupportedScope,
        ErrorCode::RedirectUriMismatch,
        ErrorCode::IntegrationLicenceMissing,
        ErrorCode::IntegrationNotPurchased,
        ErrorCode::IntegrationNotPublished,
        ErrorCode::NotLicensedForScope,
        ErrorCode::SystemAdministratorRequired,
        ErrorCode::AuthorizationNotCompleted,
        ErrorCode::LockedOrUnpaidAccount,
        ErrorCode::StateMismatch,
        ErrorCode::FortnoxInitiatedActivation,
        ErrorCode::AuthorizationCodeExpired,
        ErrorCode::ClientSecretRejected,
        ErrorCode::ClientSecretMissing,
        ErrorCode::WrongCompany,
        ErrorCode::AlreadyConnected,
        ErrorCode::ScopeNotGranted,
        ErrorCode::ScopesMissingForOptions,
        ErrorCode::ModuleLicenceMissing,
        ErrorCode::MissingPermission,
        ErrorCode::MissingRightsForDocuments,
        ErrorCode::WarehouseScopesMissing,
        ErrorCode::AccountNotFound,
        ErrorCode::ApiLicenceMissing,
        ErrorCode::ApiCredentialsInvalid,
        ErrorCode::TokenRejected,
        ErrorCode::RefreshTokenInvalid,
        ErrorCode::RefreshInterrupted,
        ErrorCode::RateLimited,
        ErrorCode::FortnoxUnavailable,
        ErrorCode::InvalidResponse,
        ErrorCode::KeyringUnavailable,
        ErrorCode::KeyringLocked,
        ErrorCode::StorageFailed,
        ErrorCode::LoopbackPortBusy,
        ErrorCode::ConnectionBusy,
        ErrorCode::BrokerUnavailable,
        ErrorCode::BrokerInstallationUnknown,
        ErrorCode::BrokerConnectionUnknown,
        ErrorCode::BrokerMisconfigured,
        ErrorCode::NotListedUnderManageUsers,
        ErrorCode::ProfileInvalid,
        ErrorCode::ConnectionNotFound,
        ErrorCode::ConnectionNotEnabled,
        ErrorCode::ConnectionNeedsReauthorization,
        ErrorCode::ConnectionOfAnotherProfile,
        ErrorCode::Unknown,
    ];

    /// The code as scripts see it (`"missing_permission"`).
    pub fn as_str(self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
    }

    pub fn parse(text: &str) -> Option<ErrorCode> {
        serde_json::from_value(serde_json::Value::String(text.trim().to_ascii_lowercase())).ok()
    }

    /// Goes away by itself or with a retry (network, 5xx, rate limit, a
    /// garbled answer, a busy connection). The CLI's exit code 4, the
    /// panel's "no one must act" and the retries all mean this.
    pub fn is_transient(self) -> bool {
        matches!(
            self,
            ErrorCode::InvalidResponse
                | ErrorCode::RateLimited
                | ErrorCode::FortnoxUnavailable
                | ErrorCode::BrokerUnavailable
                | ErrorCode::ConnectionBusy
        )
    }
}

/// Who must act to fix it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Who {
    /// The person using the app.
    You,
    /// A system administrator in the company's Fortnox.
    SystemAdministrator,
    /// The company's accounting consultant (Digital byrå).
    AccountingConsultant,
    /// The integration's vendor (named from the profile).
    Vendor,
    /// Nobody: the app retries by itself.
    NoOne,
}

/// Pages in Fortnox the error panel can open in the system browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FortnoxPage {
    /// Fortnox's start page, where the steps begin.
    Start,
    /// Fortnox's help pages about licences and users.
    Help,
}

/// A button the error panel offers; each one really does the action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum Action {
    Retry,
    /// Start the authorization again, at the login step.
    RestartAuthorization,
    /// Authorize this connection again (keeps its options).
    Reauthorize,
    /// Remove the connection and add it again with the other account type.
    SwitchAccountType {
        to: AccountType,
    },
    /// Clear the login window's cookies, so another user can log in.
    LogInAsSomeoneElse,
    OpenFortnox {
        page: FortnoxPage,
    },
    ContactVendor,
    CopyDetails,
    ExportDiagnostics,
    /// Connect without the options whose scopes Fortnox refused.
    ContinueWithoutOptions {
        options: Vec<String>,
    },
    /// Keep a connection to a different company than expected.
    KeepAnyway,
    /// Throw the result away and authorize again.
    TryAgain,
    /// Update the connection that already exists for this company.
    UseExistingConnection,
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
    pub actions: Vec<Action>,
    /// Collapsible technical details (redacted: never a token or code).
    pub details: String,
    /// Goes away by itself or with a retry.
    pub transient: bool,
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

/// One catalogue entry as data: texts in both languages.
pub struct Entry {
    pub who: Who,
    pub title: [&'static str; 2],
    pub cause: [&'static str; 2],
    pub steps: &'static [[&'static str; 2]],
}

fn pick(text: &[&'static str; 2], lang: Lang) -> &'static str {
    match lang {
        Lang::Sv => text[0],
        Lang::En => text[1],
    }
}

fn fill(template: &str, ctx: &Context, lang: Lang) -> String {
    let contact = ctx.vendor_contact.clone().unwrap_or_else(|| match lang {
        Lang::Sv => "deras support".to_string(),
        Lang::En => "their support".to_string(),
    });
    let options = if ctx.options.is_empty() {
        match lang {
            Lang::Sv => "de valda områdena".to_string(),
            Lang::En => "the chosen areas".to_string(),
        }
    } else {
        ctx.options.join(", ")
    };
    template
        .replace("{integration}", &ctx.integration)
        .replace("{vendor}", &ctx.vendor)
        .replace("{contact}", &contact)
        .replace("{options}", &options)
}

/// A title starts with a capital, even when it starts with a name.
fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub fn entry(code: ErrorCode) -> Entry {
    texts::entry(code)
}

fn who_label(who: Who, ctx: &Context, lang: Lang) -> String {
    match (who, lang) {
        (Who::You, Lang::Sv) => "Du".into(),
        (Who::You, Lang::En) => "You".into(),
        (Who::SystemAdministrator, Lang::Sv) => "En systemadministratör i Fortnox".into(),
        (Who::SystemAdministrator, Lang::En) => "A Fortnox system administrator".into(),
        (Who::AccountingConsultant, Lang::Sv) => "Din redovisningskonsult".into(),
        (Who::AccountingConsultant, Lang::En) => "Your accounting consultant".into(),
        (Who::Vendor, Lang::Sv) => format!("{} (leverantören av {})", ctx.vendor, ctx.integration),
        (Who::Vendor, Lang::En) => format!("{} (the vendor of {})", ctx.vendor, ctx.integration),
        (Who::NoOne, Lang::Sv) => "Ingen – appen försöker igen själv".into(),
        (Who::NoOne, Lang::En) => "No one – the app retries by itself".into(),
    }
}

/// The buttons that fit each code.
fn actions(code: ErrorCode, ctx: &Context) -> Vec<Action> {
    use Action::*;
    use ErrorCode as C;
    let mut list = match code {
        C::VendorOauthNotEnabled | C::RedirectUriMismatch | C::IntegrationNotPublished | C::ClientSecretRejected => {
            vec![ContactVendor]
        }
        C::ClientSecretMissing | C::ApiCredentialsInvalid | C::WarehouseScopesMissing | C::ProfileInvalid => {
            vec![ContactVendor]
        }
        C::ServiceAccountNotAllowed => vec![SwitchAccountType { to: AccountType::User }, ContactVendor],
        C::UnsupportedScope => {
            let mut v = vec![];
            if !ctx.option_ids.is_empty() {
                v.push(ContinueWithoutOptions { options: ctx.option_ids.clone() });
            }
            v.push(ContactVendor);
            v
        }
        C::IntegrationLicenceMissing | C::IntegrationNotPurchased => {
            vec![OpenFortnox { page: FortnoxPage::Start }, RestartAuthorization]
        }
        C::NotLicensedForScope => {
            // A service account does not need the approving user's licence.
            let mut v = vec![LogInAsSomeoneElse, OpenFortnox { page: FortnoxPage::Start }];
            if ctx.account_type == Some(AccountType::User) {
                v.push(SwitchAccountType { to: AccountType::Service });
            }
            v
        }
        C::SystemAdministratorRequired => {
            vec![LogInAsSomeoneElse, SwitchAccountType { to: AccountType::User }]
        }
        C::AuthorizationNotCompleted | C::StateMismatch | C::AuthorizationCodeExpired => {
            vec![RestartAuthorization]
        }
        C::LockedOrUnpaidAccount => vec![OpenFortnox { page: FortnoxPage::Help }, RestartAuthorization],
        C::FortnoxInitiatedActivation => vec![RestartAuthorization],
        C::WrongCompany => vec![KeepAnyway, TryAgain],
        C::AlreadyConnected => vec![UseExistingConnection, TryAgain],
        C::ScopeNotGranted
        | C::ScopesMissingForOptions
        | C::TokenRejected
        | C::RefreshTokenInvalid
        | C::RefreshInterrupted => {
            vec![Reauthorize]
        }
        C::ConnectionNeedsReauthorization => vec![Reauthorize],
        C::ModuleLicenceMissing | C::ApiLicenceMissing | C::AccountNotFound => {
            vec![OpenFortnox { page: FortnoxPage::Start }, Retry]
        }
        C::MissingPermission | C::MissingRightsForDocuments => {
            let mut v = vec![Reauthorize];
            if ctx.account_type == Some(AccountType::User) {
                v.push(SwitchAccountType { to: AccountType::Service });
            }
            v
        }
        C::RateLimited | C::FortnoxUnavailable | C::InvalidResponse | C::StorageFailed | C::LoopbackPortBusy => {
            vec![Retry]
        }
        C::KeyringUnavailable | C::KeyringLocked | C::BrokerUnavailable | C::ConnectionBusy => vec![Retry],
        C::BrokerInstallationUnknown => vec![Reauthorize, ContactVendor],
        C::BrokerConnectionUnknown => vec![Reauthorize],
        C::BrokerMisconfigured => vec![ContactVendor],
        C::NotListedUnderManageUsers => vec![OpenFortnox { page: FortnoxPage::Start }],
        C::ConnectionNotFound | C::ConnectionNotEnabled | C::Unknown => vec![],
        C::ConnectionOfAnotherProfile => vec![ContactVendor],
    };
    list.push(CopyDetails);
    list.push(ExportDiagnostics);
    list
}

/// Renders the entry for `code` in `lang`, with `details` as the
/// collapsible technical part.
pub fn render(code: ErrorCode, details: impl Into<String>, ctx: &Context, lang: Lang) -> Problem {
    let entry = entry(code);
    Problem {
        code,
        title: capitalise(&fill(pick(&entry.title, lang), ctx, lang)),
        cause: fill(pick(&entry.cause, lang), ctx, lang),
        who: entry.who,
        who_label: who_label(entry.who, ctx, lang),
        steps: entry.steps.iter().map(|s| fill(pick(s, lang), ctx, lang)).collect(),
        actions: actions(code, ctx),
        details: details.into(),
        transient: code.is_transient(),
    }
}

#[cfg(test)]
mod tests;
