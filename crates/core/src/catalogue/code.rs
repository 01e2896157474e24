//! The catalogue's codes and what can be done about them: stable names
//! the UI and scripts switch on, who must act, and the buttons an entry
//! may offer. A leaf: the texts live in the message catalogue
//! (`messages/*.ftl`, `error-<code>`), the rendering in `render.rs`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::connection::account::AccountType;

/// Stable codes the UI and scripts switch on. Never renumber or rename:
/// add new ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    // --- authorization (docs/errors.md rows 1–9, 16–18) ---
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
    AuthorizationCodeExpired,
    ClientSecretRejected,
    ClientSecretMissing,
    // --- verification and the API (docs/errors.md rows 8, 10–13, 15, 20) ---
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
    // --- tokens (docs/errors.md row 14) ---
    RefreshTokenInvalid,
    RefreshInterrupted,
    // --- transient (docs/errors.md rows 21, 22) ---
    RateLimited,
    FortnoxUnavailable,
    InvalidResponse,
    // --- this computer (docs/errors.md row 23) ---
    KeyringUnavailable,
    KeyringLocked,
    StorageFailed,
    LoopbackPortBusy,
    LoginUnavailable,
    ConnectionBusy,
    // --- the vendor's token broker ---
    BrokerUnavailable,
    BrokerInstallationUnknown,
    BrokerConnectionUnknown,
    BrokerMisconfigured,
    ApprovalUsedElsewhere,
    // --- the app ---
    ProfileInvalid,
    ConnectionNotFound,
    ConnectionNotChosen,
    ConnectionNotEnabled,
    ConnectionNeedsReauthorization,
    ConnectionOfAnotherProfile,
    // --- updates of the app (docs/updates.md) ---
    UpdateSignatureInvalid,
    UpdateDowngrade,
    UpdateNotForThisComputer,
    UpdateFeedUnavailable,
    UpdateFeedInvalid,
    UpdateIncomplete,
    UpdateInstallFailed,
    UpdateNotInstalledFromPackage,
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
        ErrorCode::AuthorizationCodeExpired,
        ErrorCode::ClientSecretRejected,
        ErrorCode::ClientSecretMissing,
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
        ErrorCode::LoginUnavailable,
        ErrorCode::ConnectionBusy,
        ErrorCode::BrokerUnavailable,
        ErrorCode::BrokerInstallationUnknown,
        ErrorCode::BrokerConnectionUnknown,
        ErrorCode::BrokerMisconfigured,
        ErrorCode::ApprovalUsedElsewhere,
        ErrorCode::ProfileInvalid,
        ErrorCode::ConnectionNotFound,
        ErrorCode::ConnectionNotChosen,
        ErrorCode::ConnectionNotEnabled,
        ErrorCode::ConnectionNeedsReauthorization,
        ErrorCode::ConnectionOfAnotherProfile,
        ErrorCode::UpdateSignatureInvalid,
        ErrorCode::UpdateDowngrade,
        ErrorCode::UpdateNotForThisComputer,
        ErrorCode::UpdateFeedUnavailable,
        ErrorCode::UpdateFeedInvalid,
        ErrorCode::UpdateIncomplete,
        ErrorCode::UpdateInstallFailed,
        ErrorCode::UpdateNotInstalledFromPackage,
        ErrorCode::Unknown,
    ];

    /// The code as scripts see it (`"missing_permission"`).
    pub fn as_str(self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
    }

    pub fn parse(text: &str) -> Option<ErrorCode> {
        serde_json::from_value(serde_json::Value::String(text.trim().to_ascii_lowercase())).ok()
    }

    /// Who must act, for each code.
    pub fn who(self) -> Who {
        use ErrorCode as C;
        match self {
            C::VendorOauthNotEnabled
            | C::ServiceAccountNotAllowed
            | C::UnsupportedScope
            | C::RedirectUriMismatch
            | C::IntegrationNotPublished
            | C::ClientSecretRejected
            | C::ClientSecretMissing
            | C::WarehouseScopesMissing
            | C::ApiCredentialsInvalid
            | C::ProfileInvalid
            | C::BrokerMisconfigured
            | C::ConnectionOfAnotherProfile
            | C::UpdateSignatureInvalid
            | C::UpdateDowngrade
            | C::UpdateNotForThisComputer
            | C::UpdateFeedInvalid => Who::Vendor,
            C::IntegrationLicenceMissing
            | C::IntegrationNotPurchased
            | C::NotLicensedForScope
            | C::SystemAdministratorRequired
            | C::LockedOrUnpaidAccount
            | C::ModuleLicenceMissing
            | C::MissingPermission
            | C::MissingRightsForDocuments
            | C::AccountNotFound
            | C::ApiLicenceMissing => Who::SystemAdministrator,
            C::AuthorizationNotCompleted
            | C::StateMismatch
            | C::AuthorizationCodeExpired
            | C::ScopeNotGranted
            | C::ScopesMissingForOptions
            | C::TokenRejected
            | C::RefreshTokenInvalid
            | C::RefreshInterrupted
            | C::FortnoxUnavailable
            | C::InvalidResponse
            | C::KeyringUnavailable
            | C::KeyringLocked
            | C::StorageFailed
            | C::LoopbackPortBusy
            | C::LoginUnavailable
            | C::ConnectionNotFound
            | C::ConnectionNotChosen
            | C::ConnectionNotEnabled
            | C::ConnectionNeedsReauthorization
            | C::BrokerUnavailable
            | C::BrokerInstallationUnknown
            | C::BrokerConnectionUnknown
            | C::ApprovalUsedElsewhere
            | C::UpdateInstallFailed
            | C::UpdateNotInstalledFromPackage
            | C::Unknown => Who::You,
            C::RateLimited | C::ConnectionBusy | C::UpdateFeedUnavailable | C::UpdateIncomplete => Who::NoOne,
        }
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
                | ErrorCode::UpdateFeedUnavailable
                | ErrorCode::UpdateIncomplete
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
    /// Log in again, as another user if need be (every login starts
    /// without an earlier session).
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
}
