//! Who must be told, and once. A connection that moved into a state that
//! needs a person (Fortnox no longer accepts its approval, a licence or a
//! permission was lost, the broker refuses this computer) is a problem to
//! tell about: once per problem. The same problem is not told again; a new
//! one is, and so is the same one after it was fixed and came back
//! (docs/notifications.md). What was told is kept in `state.json`, under
//! the state's lock, so the keep-alive and a `token` call at the same
//! moment tell it once between them.

use std::collections::BTreeMap;

use super::FortnoxConnect;
use crate::catalogue::code::ErrorCode;
use crate::connection::{Connection, ConnectionState};
use crate::error::Result;

/// What needs a person about `c`, if anything: a connection to approve
/// again, or an enabled one whose last error no retry will fix.
pub fn needs_person(c: &Connection) -> Option<ErrorCode> {
    match c.state {
        ConnectionState::NeedsReauthorization => {
            Some(c.last_error.as_ref().map_or(ErrorCode::ConnectionNeedsReauthorization, |e| e.code))
        }
        ConnectionState::Enabled => c.last_error.as_ref().filter(|e| !e.code.is_transient()).map(|e| e.code),
        _ => None,
    }
}

impl FortnoxConnect {
    /// The problems nobody was told about yet, which count as told from
    /// now on. A connection that is well again (or gone) is forgotten, so
    /// the same problem coming back is told again.
    pub async fn take_new_problems(&self) -> Result<Vec<(Connection, ErrorCode)>> {
        self.stores
            .state
            .update(|doc| {
                let told = std::mem::take(&mut doc.settings.notified);
                let mut now_told = BTreeMap::new();
                let mut new = Vec::new();
                for c in &doc.connections {
                    if let Some(code) = needs_person(c) {
                        if told.get(&c.id) != Some(&code) {
                            new.push((c.clone(), code));
                        }
                        now_told.insert(c.id.clone(), code);
                    }
                }
                doc.settings.notified = now_told;
                Ok(new)
            })
            .await
    }

    /// When the app last showed the connections, and from now on: now.
    pub async fn look_at_connections(&self) -> Result<Option<time::OffsetDateTime>> {
        let now = self.now();
        self.stores.state.update_settings(|settings| settings.looked_at.replace(now)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connection::LastError;

    fn connection(state: ConnectionState, error: Option<ErrorCode>) -> Connection {
        let now = time::OffsetDateTime::UNIX_EPOCH;
        let mut c: Connection = serde_json::from_value(serde_json::json!({
            "id": "c1", "state": "enabled", "account_type": "user", "options": [], "scopes": [],
            "company": null, "tenant_id": null, "approved_by": null, "issuer": "https://x", "client_id": "x",
            "created_at": "1970-01-01T00:00:00Z", "authorized_at": "1970-01-01T00:00:00Z",
            "last_verify": null, "last_error": null
        }))
        .unwrap();
        c.state = state;
        c.last_error = error.map(|code| LastError { code, at: now, details: String::new() });
        c
    }

    #[test]
    fn a_person_is_needed_for_a_lost_approval_or_an_error_no_retry_fixes() {
        use ConnectionState::*;
        assert_eq!(
            needs_person(&connection(NeedsReauthorization, None)),
            Some(ErrorCode::ConnectionNeedsReauthorization)
        );
        assert_eq!(
            needs_person(&connection(NeedsReauthorization, Some(ErrorCode::RefreshTokenInvalid))),
            Some(ErrorCode::RefreshTokenInvalid)
        );
        assert_eq!(needs_person(&connection(Enabled, Some(ErrorCode::FortnoxUnavailable))), None, "a retry fixes it");
        assert_eq!(needs_person(&connection(Enabled, None)), None);
        assert_eq!(needs_person(&connection(Disabled, Some(ErrorCode::RefreshTokenInvalid))), None, "not in use");
    }
}
