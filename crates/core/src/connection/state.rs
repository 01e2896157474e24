//! The connection state machine (docs/architecture.md, "The connection
//! state machine"): Draft → Authorizing → Authorized → Enabled ⇄
//! Disabled; NeedsReauthorization; Removed. Core owns it; the UI and CLI
//! only render it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConnectionState {
    Draft,
    Authorizing,
    /// Approved and verified, not yet handing out tokens.
    Authorized,
    Enabled,
    Disabled,
    /// Fortnox no longer accepts the approval; re-authorize.
    NeedsReauthorization,
    Removed,
}

/// What happens to a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    StartAuthorization,
    /// Fortnox approved and verification passed.
    Authorized,
    Enable,
    Disable,
    /// Fortnox refused the refresh token or the token.
    Rejected,
    Remove,
}

impl Transition {
    /// For error messages ("cannot go from Draft by enable").
    pub fn name(self) -> &'static str {
        match self {
            Transition::StartAuthorization => "start authorization",
            Transition::Authorized => "authorize",
            Transition::Enable => "enable",
            Transition::Disable => "disable",
            Transition::Rejected => "reject",
            Transition::Remove => "remove",
        }
    }
}

impl ConnectionState {
    /// The next state, or `None` if the transition is not allowed here.
    pub fn next(self, transition: Transition) -> Option<ConnectionState> {
        use ConnectionState::*;
        use Transition as T;
        match (self, transition) {
            (Removed, _) => None,
            (_, T::Remove) => Some(Removed),
            (Draft, T::StartAuthorization) => Some(Authorizing),
            // Re-authorizing starts from any live state.
            (Authorized | Enabled | Disabled | NeedsReauthorization, T::StartAuthorization) => Some(Authorizing),
            (Authorizing, T::Authorized) => Some(Authorized),
            (Authorized | Disabled, T::Enable) => Some(Enabled),
            (Enabled | Authorized, T::Disable) => Some(Disabled),
            (Enabled | Disabled | Authorized, T::Rejected) => Some(NeedsReauthorization),
            (NeedsReauthorization, T::Rejected) => Some(NeedsReauthorization),
            _ => None,
        }
    }

    /// Whether the connection hands out access tokens.
    pub fn hands_out_tokens(self) -> bool {
        self == ConnectionState::Enabled
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ConnectionState::Draft => "draft",
            ConnectionState::Authorizing => "authorizing",
            ConnectionState::Authorized => "authorized",
            ConnectionState::Enabled => "enabled",
            ConnectionState::Disabled => "disabled",
            ConnectionState::NeedsReauthorization => "needs_reauthorization",
            ConnectionState::Removed => "removed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ConnectionState::*;
    use super::Transition as T;

    #[test]
    fn the_happy_path() {
        let state = Draft.next(T::StartAuthorization).unwrap();
        let state = state.next(T::Authorized).unwrap();
        assert_eq!(state, Authorized);
        let state = state.next(T::Enable).unwrap();
        assert!(state.hands_out_tokens());
        assert_eq!(state.next(T::Disable), Some(Disabled));
        assert_eq!(Disabled.next(T::Enable), Some(Enabled));
    }

    #[test]
    fn only_authorized_connections_can_be_enabled() {
        assert_eq!(Draft.next(T::Enable), None);
        assert_eq!(Authorizing.next(T::Enable), None);
        assert_eq!(NeedsReauthorization.next(T::Enable), None);
    }

    #[test]
    fn rejected_connections_need_reauthorization_and_can_get_it() {
        assert_eq!(Enabled.next(T::Rejected), Some(NeedsReauthorization));
        assert_eq!(NeedsReauthorization.next(T::StartAuthorization), Some(Authorizing));
        assert!(!NeedsReauthorization.hands_out_tokens());
        assert!(!Disabled.hands_out_tokens());
    }

    #[test]
    fn removed_is_final() {
        for t in [T::StartAuthorization, T::Authorized, T::Enable, T::Disable, T::Rejected, T::Remove] {
            assert_eq!(Removed.next(t), None);
        }
        for s in [Draft, Authorizing, Authorized, Enabled, Disabled, NeedsReauthorization] {
            assert_eq!(s.next(T::Remove), Some(Removed));
        }
    }
}
