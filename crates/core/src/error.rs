//! The crate's one error type. Every variant maps to a stable catalogue
//! code (`catalogue::ErrorCode`) that the UI and CLI switch on, and to
//! technical details that never contain a token, code or secret.

use std::path::PathBuf;

use crate::catalogue::code::ErrorCode;
use crate::catalogue::{TokenGrant, classify_broker_refusal};
use crate::connection::state::ConnectionState;

/// Why an authorization ended without a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotCompleted {
    /// The user clicked Avbryt (`access_denied`).
    Denied,
    /// The login window was closed.
    WindowClosed,
    /// The user cancelled in the app.
    Cancelled,
    /// Nothing came back within the code's 10 minutes.
    TimedOut,
}

/// Why a callback's `state` was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateProblem {
    Missing,
    Unknown,
    Reused,
    Expired,
    OtherIssuer,
    /// The callback did not arrive at the redirect URI we sent.
    WrongRedirect,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read the integration profile {path}: {source}")]
    ProfileUnreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("integration profile, line {line}, column {column}: {message}")]
    ProfileSyntax { line: usize, column: usize, message: String },

    #[error("integration profile, field `{field}`: {reason}")]
    ProfileInvalid { field: String, reason: String },

    #[error("unknown transfer option `{0}`")]
    UnknownOption(String),

    #[error("choose at least one thing to transfer")]
    NoOptionsChosen,

    #[error("service accounts are not offered for this integration")]
    ServiceAccountNotOffered,

    #[error("Fortnox refused the authorization: {error}{}", description.as_deref().map(|d| format!(" ({d})")).unwrap_or_default())]
    AuthorizationRefused {
        code: ErrorCode,
        error: String,
        description: Option<String>,
        /// For an unsupported scope: the options whose scopes Fortnox
        /// refuses.
        options: Vec<String>,
    },

    #[error("authorization was not completed ({0:?})")]
    AuthorizationNotCompleted(NotCompleted),

    #[error("Fortnox returned with neither a code nor an error (locked or unpaid account?)")]
    LockedOrUnpaidAccount,

    #[error("the callback's state was refused ({0:?})")]
    StateRejected(StateProblem),

    #[error("the token endpoint refused the {grant:?} request: {error}{}", description.as_deref().map(|d| format!(" ({d})")).unwrap_or_default())]
    TokenRefused { code: ErrorCode, grant: TokenGrant, error: String, description: Option<String> },

    #[error("Fortnox API {path} answered {status}{}{}", fortnox_code.map(|c| format!(", code {c}")).unwrap_or_default(), message.as_deref().map(|m| format!(": {m}")).unwrap_or_default())]
    Api { code: ErrorCode, status: u16, path: String, fortnox_code: Option<u64>, message: Option<String> },

    #[error("could not reach Fortnox ({what}): {detail}")]
    Unreachable { what: String, detail: String },

    #[error("Fortnox answered {status} ({what})")]
    ServerError { what: String, status: u16 },

    #[error("Fortnox kept answering 429 Too Many Requests ({what})")]
    RateLimited { what: String },

    #[error("Fortnox's answer could not be read ({what}): {detail}")]
    InvalidResponse { what: String, detail: String },

    #[error("the token broker refused: {refusal} (HTTP {status}){}", if detail.is_empty() { String::new() } else { format!(": {detail}") })]
    BrokerRefused { refusal: &'static str, status: u16, detail: String },

    #[error("could not reach the token broker: {detail}")]
    BrokerUnavailable { detail: String },

    #[error("the client secret is missing: {0}")]
    ClientSecretMissing(String),

    #[error("the OS keyring is not available: {0}")]
    KeyringUnavailable(String),

    #[error("the OS keyring is locked or the connection's entry cannot be read: {0}")]
    KeyringLocked(String),

    /// A verified approval could not be kept (keyring or disk); it was
    /// revoked at Fortnox so that nothing is left active.
    #[error("{cause}; {}", if *revoked { "the new approval was revoked at Fortnox, so nothing was left active" } else { "the new approval could not be revoked: remove it in Fortnox under Hantera integrationer (Manage integrations)" })]
    NotSaved { cause: Box<Error>, revoked: bool },

    /// Another process holds a lock for too long (e.g. waiting on a
    /// keyring unlock prompt).
    #[error("{what} is held by another program (waited {waited_secs} s); try again")]
    Busy { what: String, waited_secs: u64 },

    #[error("cannot write {path}: {source}")]
    Storage {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{path} cannot be read ({detail}); it was left untouched")]
    StateFileCorrupt { path: PathBuf, detail: String },

    #[error("no connection with id {0}")]
    ConnectionNotFound(String),

    #[error("say which connection: {}", if enabled.is_empty() { "none is enabled".to_string() } else { format!("{} are enabled ({})", enabled.len(), enabled.join(", ")) })]
    ConnectionNotChosen { enabled: Vec<String> },

    #[error("connection {id} was made with another integration profile ({issuer}, client id {client_id})")]
    OtherProfile { id: String, issuer: String, client_id: String },

    #[error("connection {id} is {state:?}, not enabled")]
    ConnectionNotEnabled { id: String, state: ConnectionState },

    #[error("connection {id} needs to be re-authorized ({cause:?})")]
    NeedsReauthorization { id: String, cause: ErrorCode },

    #[error("connection {id} cannot go from {from:?} by {action}")]
    InvalidTransition { id: String, from: ConnectionState, action: &'static str },

    #[error("no decision is waiting with id {0}")]
    DecisionNotFound(String),

    #[error("port {port} on 127.0.0.1 is in use by another program")]
    LoopbackPortBusy { port: u16 },

    #[error("the Fortnox login could not be shown: {0}")]
    LoginUnavailable(String),

    #[error(transparent)]
    Update(#[from] crate::update::Refused),
}

impl Error {
    pub(crate) fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Error {
        Error::ProfileInvalid { field: field.into(), reason: reason.into() }
    }

    /// The catalogue entry this error is explained by.
    pub fn code(&self) -> ErrorCode {
        use ErrorCode as C;
        match self {
            Error::ProfileUnreadable { .. }
            | Error::ProfileSyntax { .. }
            | Error::ProfileInvalid { .. }
            | Error::UnknownOption(_)
            | Error::ServiceAccountNotOffered => C::ProfileInvalid,
            Error::NoOptionsChosen => C::Unknown,
            Error::AuthorizationRefused { code, .. } | Error::TokenRefused { code, .. } | Error::Api { code, .. } => {
                *code
            }
            Error::AuthorizationNotCompleted(_) => C::AuthorizationNotCompleted,
            Error::LockedOrUnpaidAccount => C::LockedOrUnpaidAccount,
            Error::StateRejected(_) => C::StateMismatch,
            Error::Unreachable { .. } | Error::ServerError { .. } => C::FortnoxUnavailable,
            Error::RateLimited { .. } => C::RateLimited,
            Error::BrokerRefused { refusal, .. } => classify_broker_refusal(refusal),
            Error::BrokerUnavailable { .. } => C::BrokerUnavailable,
            Error::InvalidResponse { .. } => C::InvalidResponse,
            Error::ClientSecretMissing(_) => C::ClientSecretMissing,
            Error::KeyringUnavailable(_) => C::KeyringUnavailable,
            Error::KeyringLocked(_) => C::KeyringLocked,
            Error::Storage { .. } | Error::StateFileCorrupt { .. } => C::StorageFailed,
            Error::ConnectionNotFound(_) | Error::DecisionNotFound(_) => C::ConnectionNotFound,
            Error::OtherProfile { .. } => C::ConnectionOfAnotherProfile,
            Error::ConnectionNotChosen { .. } => C::ConnectionNotChosen,
            Error::ConnectionNotEnabled { .. } | Error::InvalidTransition { .. } => C::ConnectionNotEnabled,
            Error::NeedsReauthorization { cause, .. } => *cause,
            Error::NotSaved { cause, .. } => cause.code(),
            Error::Busy { .. } => C::ConnectionBusy,
            Error::LoopbackPortBusy { .. } => C::LoopbackPortBusy,
            Error::LoginUnavailable(_) => C::LoginUnavailable,
            Error::Update(refused) => refused.code(),
        }
    }

    /// Network trouble, 5xx or a persistent 429: worth retrying later.
    pub fn is_transient(&self) -> bool {
        self.code().is_transient()
    }

    /// Technical details for the collapsible part of the error panel. The
    /// `Display` text is built only from non-secret fields.
    pub fn details(&self) -> String {
        self.to_string()
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
