//! The keep-alive's daily look at each enabled connection: one request,
//! `GET /3/companyinformation` (every connection may read it), so that a
//! licence, a permission or a user lost in Fortnox is found within a day
//! instead of at the next renewal a month on (docs/notifications.md).

use time::Duration;

use super::FortnoxConnect;
use crate::api::Needs;
use crate::catalogue::ErrorCode;
use crate::connection::ConnectionState;
use crate::error::Result;
use crate::secret::AccessToken;

/// How often an enabled connection is looked at.
pub const CHECK_EVERY: Duration = Duration::days(1);

impl FortnoxConnect {
    /// The enabled connections nobody looked at for a day.
    pub fn due_for_check(&self) -> Result<Vec<String>> {
        let now = self.now();
        Ok(self
            .connections()?
            .into_iter()
            .filter(|c| c.state == ConnectionState::Enabled)
            .filter(|c| c.last_checked_at.is_none_or(|t| now - t >= CHECK_EVERY))
            .map(|c| c.id)
            .collect())
    }

    /// One request with the connection's token. A refused token is renewed
    /// once, as a full check does (a renewal Fortnox refuses marks the
    /// connection for re-authorization); any other refusal becomes the
    /// connection's last error. Success clears an earlier error.
    pub async fn check_alive(&self, id: &str) -> Result<()> {
        let connection = self.connection(id)?;
        let tenant = connection.tenant_id.clone().unwrap_or_default();
        let ask = |token: AccessToken| {
            let tenant = &tenant;
            async move {
                let needs = Needs { scope: Some("companyinformation"), granted: true };
                self.remote.api.get(&token, tenant, "companyinformation", needs).await
            }
        };
        let mut result = ask(self.token_for(&connection, false).await?.access_token).await;
        if matches!(&result, Err(e) if e.code() == ErrorCode::TokenRejected) {
            let _ = self.forget_access(id);
            result = ask(self.refresh(id).await?.access_token).await;
        }
        let now = self.now();
        let well = result.is_ok();
        self.stores
            .state
            .update_connection(id, |c| {
                c.last_checked_at = Some(now);
                if well && c.state == ConnectionState::Enabled {
                    c.last_error = None;
                }
                Ok(())
            })
            .await?;
        match result {
            Ok(_) => Ok(()),
            Err(e) => {
                self.record_error(id, &e).await;
                Err(e)
            }
        }
    }
}
