//! How a connection logs into Fortnox: a person's own user, or a service
//! account. A leaf: the catalogue and the connection both use it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How the connection logs into Fortnox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum AccountType {
    /// Tied to the person who approved.
    User,
    /// A Fortnox service account: not tied to a person; only system
    /// administrators can approve it.
    Service,
}

impl AccountType {
    pub fn other(self) -> AccountType {
        match self {
            AccountType::User => AccountType::Service,
            AccountType::Service => AccountType::User,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AccountType::User => "user",
            AccountType::Service => "service",
        }
    }

    pub fn parse(text: &str) -> Option<AccountType> {
        match text.trim().to_ascii_lowercase().as_str() {
            "user" => Some(AccountType::User),
            "service" => Some(AccountType::Service),
            _ => None,
        }
    }
}
