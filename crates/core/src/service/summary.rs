//! A connection as the UI and the CLI show it: health included.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

use crate::connection::{AccountType, Approver, Connection, ConnectionState, LastError};
use crate::profile::Profile;
use crate::verify::VerifyReport;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConnectionSummary {
    pub id: String,
    pub company_name: Option<String>,
    pub org_number: Option<String>,
    pub tenant_id: Option<String>,
    pub account_type: AccountType,
    pub state: ConnectionState,
    pub options: Vec<String>,
    pub scopes: Vec<String>,
    /// RFC 3339; when the refresh token dies unless used.
    pub refresh_expires_at: Option<String>,
    pub refresh_expires_in_days: Option<i64>,
    pub last_error: Option<LastError>,
    pub approved_by: Option<Approver>,
    /// Options chosen after the connection was approved: their scopes
    /// are not in the token ("re-authorize to grant the new areas").
    pub options_missing_scopes: Vec<String>,
    pub last_verify: Option<VerifyReport>,
    pub created_at: String,
    /// The vendor's token broker keeps the refresh token and keeps it
    /// alive; this computer never holds it.
    pub renewed_by_broker: bool,
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

impl ConnectionSummary {
    pub fn of(c: &Connection, profile: &Profile, now: OffsetDateTime) -> ConnectionSummary {
        let expires = c.refresh_expires_at();
        ConnectionSummary {
            id: c.id.clone(),
            company_name: c.company.as_ref().map(|co| co.name.clone()),
            org_number: c.company.as_ref().map(|co| co.org_number.clone()),
            tenant_id: c.tenant_id.clone(),
            account_type: c.account_type,
            state: c.state,
            options: c.options.clone(),
            scopes: c.scopes.clone(),
            refresh_expires_at: expires.map(rfc3339),
            // Rounded up: "45 days" right after a refresh, "1 day" on the last.
            refresh_expires_in_days: expires.map(|e| ((e - now).whole_seconds().max(0) + 86_399) / 86_400),
            last_error: c.last_error.clone(),
            approved_by: c.approved_by.clone(),
            options_missing_scopes: profile.options_missing_scopes(&c.options, &c.scopes),
            last_verify: c.last_verify.clone(),
            created_at: rfc3339(c.created_at),
            renewed_by_broker: c.broker_connection.is_some(),
        }
    }
}
