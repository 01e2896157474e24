//! One change of a connection, as the webhook delivers it (webhook.rs)
//! and the outbox keeps it until then (outbox.rs, store.rs).

use serde::{Deserialize, Serialize};

/// What changed.
pub mod kind {
    /// A connection was made (its state is `active`).
    pub const CREATED: &str = "connection.created";
    /// Fortnox refused it: its desktop must approve again.
    pub const NEEDS_REAUTHORIZATION: &str = "connection.needs_reauthorization";
    /// Revoked and forgotten (by its desktop, the vendor, or as unconfirmed).
    pub const REMOVED: &str = "connection.removed";
}

/// One event, as it is POSTed (JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// `evt_…`: the same on every delivery of this event.
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub connection_id: String,
    pub installation_id: String,
    pub tenant_id: Option<String>,
    pub company_name: Option<String>,
    pub org_number: Option<String>,
    /// Why (`invalid_grant`, `code_contested`, `removed` …).
    pub code: Option<String>,
    /// Unix seconds.
    pub at: i64,
}
