//! The token broker protocol, version 2 (docs/broker-protocol.md): the
//! paths, the form and JSON bodies, and the refusal codes, declared once
//! for the broker (`fortnox-broker`) and its clients (the desktop app and
//! the CLI through `fortnox-core`). Version 2 adds what a desktop confirms
//! (`confirm`), rotates (`installations/rotate`) and signs out
//! (`installations/sign-out`); a version 1 desktop still works as before.

pub mod client;

use serde::{Deserialize, Serialize};

pub use client::{BrokerClient, BrokerGrant, Installation};

/// Sent by both sides in the `Fortnox-Broker-Protocol` header.
pub const PROTOCOL_VERSION: u32 = 2;
pub const PROTOCOL_HEADER: &str = "fortnox-broker-protocol";

/// Paths under the profile's `broker_url`.
pub mod paths {
    pub const INSTALLATIONS: &str = "installations";
    /// A new secret for the calling installation.
    pub const ROTATE: &str = "installations/rotate";
    /// Every connection of the calling installation revoked, and the
    /// installation forgotten ("sign this computer out").
    pub const SIGN_OUT: &str = "installations/sign-out";
    pub const AUTHORIZATIONS: &str = "authorizations";
    pub const TOKEN: &str = "token";
    /// The desktop saved the connection an exchange made.
    pub const CONFIRM: &str = "confirm";
    pub const REVOKE: &str = "revoke";
    pub const CONNECTIONS: &str = "connections";
    pub const HEALTH: &str = "healthz";
}

/// The grant for "an access token for my connection" (RFC 6749 §4.5
/// extension grant), with `connection_id` and optionally `renew=true`.
pub const CONNECTION_GRANT: &str = "urn:fortnox-connect:grant-type:connection";

/// How long a registered authorization waits for its code: as long as a
/// Fortnox code lives.
pub const AUTHORIZATION_LIFETIME_SECS: i64 = 600;

/// `POST installations`: enrolling grants nothing by itself.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EnrollRequest {
    /// The Fortnox client id the desktop's profile names; the broker
    /// refuses another (`client_mismatch`).
    pub client_id: String,
    /// A label for the vendor's support ("Fortnox Connect 0.2 on linux").
    #[serde(default)]
    pub label: Option<String>,
}

/// The answer to `POST installations` and `POST installations/rotate`:
/// the credential, returned once.
#[derive(Debug, Serialize, Deserialize)]
pub struct Enrolled {
    pub installation_id: String,
    #[serde(serialize_with = "crate::secret::serialize_exposed")]
    pub installation_secret: crate::secret::InstallationSecret,
    pub protocol: u32,
}

/// A token answer of `POST token` (a code exchange, a connection token,
/// client credentials). Never a refresh token: those stay at the broker.
#[derive(Debug, Serialize, Deserialize)]
pub struct TokenIssued {
    #[serde(serialize_with = "crate::secret::serialize_exposed")]
    pub access_token: crate::secret::AccessToken,
    pub token_type: String,
    pub expires_in: i64,
    #[serde(default)]
    pub scope: String,
    pub connection_id: String,
    #[serde(default)]
    pub tenant_id: Option<String>,
    /// What the broker bound: a service account only if Fortnox issued a
    /// service account's token, whatever the desktop registered
    /// (version 1 brokers do not say).
    #[serde(default)]
    pub account_type: Option<AccountKind>,
}

/// Whether Fortnox is asked for a user's or a service account's consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AccountKind {
    User,
    Service,
}

impl AccountKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountKind::User => "user",
            AccountKind::Service => "service",
        }
    }

    pub fn parse(text: &str) -> Option<AccountKind> {
        match text {
            "user" => Some(AccountKind::User),
            "service" => Some(AccountKind::Service),
            _ => None,
        }
    }
}

/// `POST authorizations`, before the Fortnox login opens. The `state`
/// itself never reaches the broker before the exchange; only its hash.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuthorizationRequest {
    /// base64url(SHA-256(state)).
    pub state_hash: String,
    /// base64url(SHA-256(code_verifier)).
    pub code_challenge: String,
    /// Always `S256`.
    pub code_challenge_method: String,
    pub redirect_uri: String,
    pub account_type: AccountKind,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuthorizationRegistered {
    pub expires_in: i64,
}

/// The health of one connection as the broker sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionHealth {
    Active,
    NeedsReauthorization,
}

/// One entry of `GET connections` (never a token).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConnectionInfo {
    pub connection_id: String,
    pub tenant_id: Option<String>,
    pub company_name: Option<String>,
    pub org_number: Option<String>,
    pub account_type: AccountKind,
    pub state: ConnectionHealth,
    pub scopes: Vec<String>,
    /// Unix seconds.
    pub created_at: i64,
    pub last_refresh_at: Option<i64>,
    /// When the refresh token dies unless used (none for client
    /// credentials).
    pub refresh_expires_at: Option<i64>,
    /// The last refusal's code (`invalid_grant`, `code_contested` …).
    pub last_error: Option<String>,
    /// Whether the desktop confirmed it saved the connection (one not
    /// confirmed within the hour is revoked).
    #[serde(default = "confirmed_by_default")]
    pub confirmed: bool,
}

fn confirmed_by_default() -> bool {
    true
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ConnectionList {
    pub connections: Vec<ConnectionInfo>,
    /// Seconds since the calling installation's secret was set.
    #[serde(default)]
    pub installation_secret_age: Option<i64>,
}

/// Every answer that is not a success: OAuth-shaped, so a client reads
/// Fortnox's refusals (passed through) and the broker's own alike.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: String,
    #[serde(default)]
    pub error_description: Option<String>,
}

/// The broker's own refusals. Fortnox's (`invalid_grant` …) are passed
/// through unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Refusal {
    /// No or a wrong installation credential (401).
    InvalidInstallation,
    /// The desktop's profile names another Fortnox app than the broker
    /// serves (400).
    ClientMismatch,
    /// No such connection for this installation: unknown, removed, or
    /// another installation's (404; the two are not told apart).
    ConnectionNotFound,
    /// `client_credentials` for a tenant this installation never bound
    /// with a service-account authorization (403).
    UnboundTenant,
    /// No authorization was registered for this `state` by this
    /// installation (400).
    UnknownState,
    /// The `state` was already exchanged (400).
    StateReplayed,
    /// The registration is older than a Fortnox code lives (400).
    AuthorizationExpired,
    /// The `code_verifier` is missing or does not match the challenge (400).
    InvalidVerifier,
    /// The exchange names another redirect URI than the registration (400).
    RedirectMismatch,
    /// A malformed request (400).
    InvalidRequest,
    /// Too many requests from this installation (429, `Retry-After`).
    RateLimited,
    /// Fortnox could not be reached (502).
    UpstreamUnavailable,
    /// This installation already exchanged the code (400).
    CodeReplayed,
    /// Another installation exchanged the code first: one of the two stole
    /// it, so the connection made from it was revoked at Fortnox (409).
    CodeContested,
    /// The body is not of the content type the endpoint takes (415).
    UnsupportedMediaType,
    /// The endpoint does not take that method (405).
    MethodNotAllowed,
    /// The body is larger than 16 KiB (413).
    PayloadTooLarge,
}

impl Refusal {
    pub const ALL: [Refusal; 17] = [
        Refusal::InvalidInstallation,
        Refusal::ClientMismatch,
        Refusal::ConnectionNotFound,
        Refusal::UnboundTenant,
        Refusal::UnknownState,
        Refusal::StateReplayed,
        Refusal::AuthorizationExpired,
        Refusal::InvalidVerifier,
        Refusal::RedirectMismatch,
        Refusal::InvalidRequest,
        Refusal::RateLimited,
        Refusal::UpstreamUnavailable,
        Refusal::CodeReplayed,
        Refusal::CodeContested,
        Refusal::UnsupportedMediaType,
        Refusal::MethodNotAllowed,
        Refusal::PayloadTooLarge,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Refusal::InvalidInstallation => "invalid_installation",
            Refusal::ClientMismatch => "client_mismatch",
            Refusal::ConnectionNotFound => "connection_not_found",
            Refusal::UnboundTenant => "unbound_tenant",
            Refusal::UnknownState => "unknown_state",
            Refusal::StateReplayed => "state_replayed",
            Refusal::AuthorizationExpired => "authorization_expired",
            Refusal::InvalidVerifier => "invalid_verifier",
            Refusal::RedirectMismatch => "redirect_mismatch",
            Refusal::InvalidRequest => "invalid_request",
            Refusal::RateLimited => "rate_limited",
            Refusal::UpstreamUnavailable => "upstream_unavailable",
            Refusal::CodeReplayed => "code_replayed",
            Refusal::CodeContested => "code_contested",
            Refusal::UnsupportedMediaType => "unsupported_media_type",
            Refusal::MethodNotAllowed => "method_not_allowed",
            Refusal::PayloadTooLarge => "payload_too_large",
        }
    }

    pub fn status(self) -> u16 {
        match self {
            Refusal::InvalidInstallation => 401,
            Refusal::UnboundTenant => 403,
            Refusal::ConnectionNotFound => 404,
            Refusal::RateLimited => 429,
            Refusal::UpstreamUnavailable => 502,
            Refusal::CodeContested => 409,
            Refusal::UnsupportedMediaType => 415,
            Refusal::MethodNotAllowed => 405,
            Refusal::PayloadTooLarge => 413,
            _ => 400,
        }
    }

    pub fn parse(code: &str) -> Option<Refusal> {
        Refusal::ALL.into_iter().find(|r| r.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusal_codes_round_trip_and_are_distinct() {
        let mut seen = std::collections::HashSet::new();
        for refusal in Refusal::ALL {
            assert!(seen.insert(refusal.code()), "{refusal:?}");
            assert_eq!(Refusal::parse(refusal.code()), Some(refusal));
        }
        assert_eq!(Refusal::parse("invalid_grant"), None, "Fortnox's codes are not the broker's");
    }
}
