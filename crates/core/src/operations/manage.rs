//! The saved connections: the list, enable, disable, check again, remove,
//! the activity log, and the list as a CSV file for an agency's records.

use super::requests::{ConnectionRequest, ExportRequest, Nothing, RemoveRequest, SetEnabledRequest};
use super::views::{
    ActivityView, Both, BulkDone, ConnectResult, ConnectionList, ConnectionView, Exported, NextStep, SignedOut,
};
use super::{Failure, Host, Operations};
use crate::catalogue::Problem;

impl<H: Host> Operations<H> {
    pub async fn list_connections(&self, _: Nothing) -> Result<Both<ConnectionList>, Failure> {
        self.connection_list()
    }

    /// The list, also for the page's first frame (`first_screen`).
    pub(super) fn connection_list(&self) -> Result<Both<ConnectionList>, Failure> {
        let connections = self.service.connections().map_err(|e| self.failure(&e, None))?;
        Ok(self.both(|p| p.list(&connections)))
    }

    pub async fn enable_connection(&self, request: ConnectionRequest) -> Result<Both<ConnectionView>, Failure> {
        let connection = self.service.enable(&request.id).await.map_err(|e| self.failure_on(&e, &request.id))?;
        Ok(self.both(|p| p.connection(&connection)))
    }

    pub async fn disable_connection(&self, request: ConnectionRequest) -> Result<Both<ConnectionView>, Failure> {
        let connection = self.service.disable(&request.id).await.map_err(|e| self.failure_on(&e, &request.id))?;
        Ok(self.both(|p| p.connection(&connection)))
    }

    /// Enables or disables several connections; one that cannot (not
    /// verified, needs re-authorization) is left as it is and the notice
    /// counts only the changed ones. Answers with the list as it is now.
    pub async fn set_connections_enabled(&self, request: SetEnabledRequest) -> Result<Both<BulkDone>, Failure> {
        let mut changed = 0;
        for id in &request.ids {
            let result = if request.enabled { self.service.enable(id).await } else { self.service.disable(id).await };
            match result {
                Ok(_) => changed += 1,
                Err(e) => tracing::info!(connection = %id, code = e.code().as_str(), "left as it was"),
            }
        }
        let list = self.connection_list()?;
        Ok(Both::render(|lang| BulkDone {
            notice: self.presenter(lang).bulk_enabled(changed, request.enabled),
            list: list.get(lang).clone(),
        }))
    }

    /// What needs a person about this connection, as the error panel shows
    /// it, with the action that fixes it; `None` when nothing does (a
    /// notification's click opens the app here).
    pub async fn connection_problem(&self, request: ConnectionRequest) -> Result<Option<Both<Problem>>, Failure> {
        let c = self.service.connection(&request.id).map_err(|e| self.failure(&e, None))?;
        let Some(code) = crate::service::needs_person(&c) else { return Ok(None) };
        Ok(Some(self.both(|p| {
            // Named: the panel opens from a notification, not from its row.
            let mut problem = p.explain(code, &c.options, Some(c.account_type));
            let company = c.company.as_ref().map(|co| co.name.as_str());
            problem.title = format!("{}: {}", p.company_label(company, None), problem.title);
            problem
        })))
    }

    /// Checks again, with a fresh token, that every option works.
    pub async fn verify_connection(&self, request: ConnectionRequest) -> Result<Both<ConnectResult>, Failure> {
        let report = self.service.verify_again(&request.id).await.map_err(|e| self.failure_on(&e, &request.id))?;
        let connection = self.service.connection(&request.id).map_err(|e| self.failure(&e, None))?;
        Ok(self.both(|p| ConnectResult::Connected {
            connection: p.connection(&connection),
            verify: p.verify(&report, connection.account_type, None, false),
            next: NextStep::Verify,
        }))
    }

    /// Revokes at Fortnox and forgets; `force` forgets even when Fortnox
    /// cannot be reached.
    pub async fn remove_connection(&self, request: RemoveRequest) -> Result<Nothing, Failure> {
        self.service.remove(&request.id, request.force).await.map_err(|e| self.failure_on(&e, &request.id))?;
        Ok(Nothing {})
    }

    /// "Sign this computer out": every connection stopped in Fortnox and
    /// removed here; with a token broker, this computer forgotten there
    /// too, and its credential here. Returns the (empty) list.
    pub async fn sign_out(&self, _: Nothing) -> Result<Both<SignedOut>, Failure> {
        let count = self.service.sign_out().await.map_err(|e| self.failure(&e, None))?;
        let list = self.connection_list()?;
        Ok(Both::render(|lang| SignedOut {
            notice: self.presenter(lang).signed_out(count),
            list: list.get(lang).clone(),
        }))
    }

    pub async fn activity(&self, request: ConnectionRequest) -> Result<Both<ActivityView>, Failure> {
        let connection = self.service.connection(&request.id).map_err(|e| self.failure(&e, None))?;
        let events = self.service.activity(&request.id);
        Ok(self.both(|p| p.activity(&connection, &events)))
    }

    /// The list as a CSV file (no secrets), for an agency's records, in the
    /// export folder.
    pub async fn export_connections(&self, request: ExportRequest) -> Result<Both<Exported>, Failure> {
        let stamp = self.service.now().unix_timestamp();
        let (file, path) = self.new_export(&format!("fortnox-connections-{stamp}"), "csv")?;
        self.write_connections(file, &path, request.ids.as_deref())
    }

    /// The list as a CSV file at `path` (the CLI's `--out`): one row per
    /// client connection, labels in the person's language with stable
    /// codes beside them.
    pub fn export_connections_to(&self, path: &std::path::Path) -> Result<Both<Exported>, Failure> {
        let file =
            fortnox_platform::private::options().write(true).create(true).truncate(true).open(path).map_err(
                |source| self.failure(&crate::error::Error::Storage { path: path.to_path_buf(), source }, None),
            )?;
        self.write_connections(file, path, None)
    }

    /// Every connection, or those of `only`, in the list's order.
    fn write_connections(
        &self,
        file: std::fs::File,
        path: &std::path::Path,
        only: Option<&[String]>,
    ) -> Result<Both<Exported>, Failure> {
        let mut connections = self.service.connections().map_err(|e| self.failure(&e, None))?;
        if let Some(only) = only {
            connections.retain(|c| only.contains(&c.id));
        }
        let views = self.presenter(self.lang()).list(&connections).connections;
        write_csv(file, &views).map_err(|source| {
            let error = crate::error::Error::Storage { path: path.to_path_buf(), source };
            self.failure(&error, None)
        })?;
        Ok(self.exported(path))
    }
}

fn write_csv(file: std::fs::File, views: &[super::views::ConnectionView]) -> std::io::Result<()> {
    let mut out = csv::Writer::from_writer(file);
    out.write_record([
        "company",
        "org_number",
        "tenant_id",
        "state",
        "state_label",
        "account_type",
        "options",
        "needs_attention",
        "last_renewed",
        "renewal_expires",
        "last_error",
        "connection_id",
    ])?;
    for c in views {
        let account = serde_json::to_value(c.account_type).ok().and_then(|v| v.as_str().map(String::from));
        out.write_record([
            inert(c.company_name.as_deref().unwrap_or_default()),
            c.org_number.clone().unwrap_or_default(),
            c.tenant_id.clone().unwrap_or_default(),
            c.state.as_str().to_string(),
            inert(&c.state_label),
            account.unwrap_or_default(),
            c.options.join(" "),
            c.needs_attention.to_string(),
            c.last_refresh_at.clone().unwrap_or_default(),
            c.refresh_expires_at.clone().unwrap_or_default(),
            c.last_error.as_ref().map(|e| e.code.as_str()).unwrap_or_default(),
            c.id.clone(),
        ])?;
    }
    out.flush()
}

/// A cell a spreadsheet will not run: company names come from Fortnox,
/// where anyone can name a company "=HYPERLINK(…)"; a leading quote keeps
/// such a name as text (OWASP's advice against CSV injection).
fn inert(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell.to_string() }
}

#[cfg(test)]
mod tests {
    use super::inert;

    #[test]
    fn formulas_from_fortnox_stay_text_in_the_export() {
        assert_eq!(inert("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(inert("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(inert("-2+3"), "'-2+3");
        assert_eq!(inert("Bergströms Bygg AB"), "Bergströms Bygg AB");
    }
}
