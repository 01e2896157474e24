//! Enable, disable, remove (revoking at Fortnox), re-authorize, switch
//! account type, verify again.

use super::FortnoxConnect;
use crate::catalogue::ErrorCode;
use crate::connection::{ActivityEvent, ActivityKind, Connection, ConnectionState, Transition};
use crate::error::{Error, Result};
use crate::secret::AccessToken;
use crate::verify::{VerifyReport, verify};

impl FortnoxConnect {
    async fn transition(&self, id: &str, transition: Transition) -> Result<Connection> {
        self.stores
            .state
            .update(|doc| {
                let connection = doc.connection_mut(id).ok_or_else(|| Error::ConnectionNotFound(id.to_string()))?;
                connection.advance(transition)?;
                Ok(connection.clone())
            })
            .await
    }

    /// Starts handing out tokens. Only a verified connection (company
    /// identified) can be enabled.
    pub async fn enable(&self, id: &str) -> Result<Connection> {
        let connection = self.connection(id)?;
        let verified = connection.last_verify.as_ref().is_some_and(|r| r.company.is_some());
        if !verified && connection.state == ConnectionState::Authorized {
            return Err(Error::InvalidTransition {
                id: id.to_string(),
                from: connection.state,
                action: "enable before a successful verification",
            });
        }
        let connection = self.transition(id, Transition::Enable).await?;
        self.log(id, ActivityKind::Enabled);
        Ok(connection)
    }

    pub async fn disable(&self, id: &str) -> Result<Connection> {
        let connection = self.transition(id, Transition::Disable).await?;
        self.log(id, ActivityKind::Disabled);
        Ok(connection)
    }

    /// Revokes the refresh token at Fortnox, then deletes the keyring
    /// entries, the state and the activity log. If Fortnox cannot be
    /// reached, nothing is removed unless `force` says to remove anyway.
    pub async fn remove(&self, id: &str, force: bool) -> Result<()> {
        let mut connection = self.connection(id)?;
        connection.advance(Transition::Remove)?;
        let _refresh_guard = self.refresh_guard(id).await?;
        let revoked = match (&connection.broker_connection, self.stores.secrets.refresh_token(id)?) {
            (Some(broker_connection), _) => self.remote.tokens.revoke_broker(broker_connection, force).await,
            (None, Some(refresh)) => self.remote.tokens.revoke_refresh(&refresh).await,
            (None, None) => Ok(()),
        };
        match revoked {
            Ok(()) => {}
            Err(e) if e.is_transient() && !force => return Err(e),
            Err(e) => tracing::warn!(error = %e, connection = %id, "revoke failed; removing anyway"),
        }
        self.stores.secrets.delete_refresh_token(id)?;
        self.forget_access(id)?;
        self.stores
            .state
            .update(|doc| {
                doc.connections.retain(|c| c.id != id);
                Ok(())
            })
            .await?;
        self.log(id, ActivityKind::Removed);
        let _ = self.stores.activity.delete(id);
        Ok(())
    }

    /// Runs verification again with a fresh token (any live state). A
    /// token Fortnox refuses is renewed once before giving up.
    pub async fn verify_again(&self, id: &str) -> Result<VerifyReport> {
        let connection = self.connection(id)?;
        let check = |token: AccessToken| {
            let connection = &connection;
            async move {
                let (options, scopes) = (&connection.options, &connection.scopes);
                verify(&self.remote.api, &token, &self.profile, options, scopes, self.now()).await
            }
        };
        let mut result = check(self.token_for(&connection, true).await?.access_token).await;
        if matches!(&result, Err(e) if e.code() == ErrorCode::TokenRejected) {
            // A refused token is renewed once; if that is refused too, the
            // connection needs re-authorization (set by the renewal).
            let _ = self.forget_access(id);
            result = check(self.refresh(id).await?.access_token).await;
        }
        match result {
            Ok(mut report) => {
                mark_areas_added_later(&mut report);
                self.stores
                    .state
                    .update_connection(id, |c| {
                        c.last_verify = Some(report.clone());
                        c.last_error = None;
                        Ok(())
                    })
                    .await?;
                let failing = report.failing_options().iter().map(|o| o.option_id.clone()).collect();
                self.log_event(
                    id,
                    ActivityEvent { options: failing, ..ActivityEvent::new(self.now(), ActivityKind::Verified) },
                );
                Ok(report)
            }
            Err(e) => {
                self.record_error(id, &e).await;
                Err(e)
            }
        }
    }
}

/// On a saved connection, a scope an option needs that the approval does
/// not cover was added to the option after the approval (docs/errors.md,
/// row 13): re-authorizing approves it, unlike a scope Fortnox refused.
fn mark_areas_added_later(report: &mut VerifyReport) {
    for check in report.options.iter_mut().flat_map(|o| o.scopes.iter_mut()) {
        if check.code == Some(ErrorCode::ScopeNotGranted) {
            check.code = Some(ErrorCode::ScopesMissingForOptions);
        }
    }
}
