//! A connection between one Fortnox company and the integration, and the
//! one state machine every connection follows.

pub mod account;
mod activity;
pub mod company;
pub mod state;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

use crate::catalogue::code::ErrorCode;
use crate::verify::VerifyReport;

pub use account::AccountType;
pub use activity::{ActivityEvent, ActivityKind, ActivityLog};
pub use company::{Approver, CompanyInfo};
pub use state::{ConnectionState, Transition};

/// The last error a connection met, kept for its health display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LastError {
    pub code: ErrorCode,
    #[serde(with = "time::serde::rfc3339")]
    #[ts(type = "string")]
    pub at: OffsetDateTime,
    /// Short technical text (never a token).
    pub details: String,
}

/// Everything known about a connection except its secrets (those live in
/// the OS keyring). Stored in the state file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Connection {
    pub id: String,
    pub state: ConnectionState,
    /// Re-enable after a successful re-authorization (it was enabled when
    /// it stopped working).
    #[serde(default)]
    pub resume_enabled: bool,
    pub account_type: AccountType,
    /// Transfer option ids chosen by the user.
    pub options: Vec<String>,
    /// Scopes Fortnox granted.
    pub scopes: Vec<String>,
    pub company: Option<CompanyInfo>,
    pub tenant_id: Option<String>,
    pub approved_by: Option<Approver>,
    /// The authorization server's origin (real Fortnox or a sandbox).
    pub issuer: String,
    pub client_id: String,
    /// Broker mode: the broker's id for this connection (it keeps the
    /// refresh token; this desktop only ever holds access tokens).
    #[serde(default)]
    pub broker_connection: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    #[ts(type = "string")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[ts(type = "string")]
    pub authorized_at: OffsetDateTime,
    /// When the current refresh token was issued (it lives 45 days from
    /// then). None when the connection has no refresh token.
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[ts(type = "string | null")]
    pub refresh_issued_at: Option<OffsetDateTime>,
    /// Set while a refresh is under way; left behind only by a process
    /// that died mid-refresh, which explains a later "invalid" answer.
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[ts(type = "string | null")]
    pub refresh_started_at: Option<OffsetDateTime>,
    pub last_verify: Option<VerifyReport>,
    pub last_error: Option<LastError>,
    /// When the keep-alive last looked at it with a request
    /// (service/check.rs); at most daily.
    #[serde(default, with = "time::serde::rfc3339::option", skip_serializing_if = "Option::is_none")]
    #[ts(type = "string | null")]
    pub last_checked_at: Option<OffsetDateTime>,
}

/// Fortnox's refresh tokens live 45 days (from their last use).
pub const REFRESH_LIFETIME: time::Duration = time::Duration::days(45);

impl Connection {
    /// A connection being saved for the first time (the save fills in the
    /// rest).
    pub fn new(id: &str, account_type: AccountType, issuer: &str, client_id: &str, now: OffsetDateTime) -> Connection {
        Connection {
            id: id.to_string(),
            state: ConnectionState::Draft,
            resume_enabled: false,
            account_type,
            options: vec![],
            scopes: vec![],
            company: None,
            tenant_id: None,
            approved_by: None,
            issuer: issuer.to_string(),
            client_id: client_id.to_string(),
            broker_connection: None,
            created_at: now,
            authorized_at: now,
            refresh_issued_at: None,
            refresh_started_at: None,
            last_verify: None,
            last_error: None,
            last_checked_at: None,
        }
    }

    /// Moves through the state machine, or says why it cannot.
    pub fn advance(&mut self, transition: Transition) -> crate::error::Result<()> {
        self.state = self.state.next(transition).ok_or(crate::error::Error::InvalidTransition {
            id: self.id.clone(),
            from: self.state,
            action: transition.name(),
        })?;
        Ok(())
    }

    /// Whether `profile` made this connection (same issuer and client id).
    pub fn made_with(&self, profile: &crate::profile::Profile) -> bool {
        self.issuer == profile.issuer_id && self.client_id == profile.client_id
    }

    pub fn refresh_expires_at(&self) -> Option<OffsetDateTime> {
        self.refresh_issued_at.map(|t| t + REFRESH_LIFETIME)
    }

    pub fn company_name(&self) -> Option<&str> {
        self.company.as_ref().map(|c| c.name.as_str())
    }
}
