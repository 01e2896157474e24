//! Enable, disable, remove (revoking at Fortnox), re-authorize, switch
//! account type, verify again.

use super::FortnoxConnect;
use super::connect::{ConnectOutcome, ConnectProgress};
use crate::catalogue::ErrorCode;
use crate::connection::{AccountType, ActivityKind, Connection, ConnectionState, Transition};
use crate::error::{Error, Result};
use crate::oauth::authorize::{AuthorizeRequest, RedirectKind};
use crate::surface::AuthorizationSurface;
use crate::verify::{VerifyReport, verify};

impl FortnoxConnect {
    async fn transition(&self, id: &str, transition: Transition, action: &'static str) -> Result<Connection> {
        self.state
            .update(|doc| {
                let connection = doc.connection_mut(id).ok_or_else(|| Error::ConnectionNotFound(id.to_string()))?;
                let next = connection.state.next(transition).ok_or(Error::InvalidTransition {
                    id: id.to_string(),
                    from: connection.state,
                    action,
                })?;
                connection.state = next;
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
        let connection = self.transition(id, Transition::Enable, "enable").await?;
        self.log(id, ActivityKind::Enabled, None, "Enabled");
        Ok(connection)
    }

    pub async fn disable(&self, id: &str) -> Result<Connection> {
        let connection = self.transition(id, Transition::Disable, "disable").await?;
        self.log(id, ActivityKind::Disabled, None, "Disabled");
        Ok(connection)
    }

    /// Revokes the refresh token at Fortnox, then deletes the keyring
    /// entries, the state and the activity log. If Fortnox cannot be
    /// reached, nothing is removed unless `force` says to remove anyway.
    pub async fn remove(&self, id: &str, force: bool) -> Result<()> {
        let connection = self.connection(id)?;
        let _refresh_guard = self.refresh_guard(id).await?;
        let revoked = match (&connection.broker_connection, self.secrets.refresh_token(id)?) {
            (Some(broker_connection), _) => self.tokens.revoke_broker(broker_connection, force).await,
            (None, Some(refresh)) => self.tokens.revoke_refresh(&refresh).await,
            (None, None) => Ok(()),
        };
        match revoked {
            Ok(()) => {}
            Err(e) if e.is_transient() && !force => return Err(e),
            Err(e) => tracing::warn!(error = %e, connection = %id, "revoke failed; removing anyway"),
        }
        self.secrets.delete_refresh_token(id)?;
        self.forget_access(id)?;
        self.state
            .update(|doc| {
                doc.connections.retain(|c| c.id != id);
                Ok(())
            })
            .await?;
        self.log(id, ActivityKind::Removed, None, format!("Removed ({})", connection.company_name().unwrap_or("?")));
        let _ = self.activity.delete(id);
        Ok(())
    }

    /// Authorizes the connection again, keeping its id, options and account
    /// type; starts at the login step.
    pub async fn reauthorize<S: AuthorizationSurface>(
        &self,
        surface: &S,
        id: &str,
        redirect: RedirectKind,
        progress: &(dyn Fn(ConnectProgress) + Send + Sync),
    ) -> Result<ConnectOutcome> {
        let connection = self.connection(id)?;
        let mut request = again_for(&connection, connection.account_type, redirect);
        request.connection_id = Some(id.to_string());
        self.connect(surface, request, progress).await
    }

    /// Moves the connection between user and service account in one guided
    /// action: connect again with the other type and the same options; once
    /// the new one is saved, the old one is revoked and removed.
    pub async fn switch_account_type<S: AuthorizationSurface>(
        &self,
        surface: &S,
        id: &str,
        redirect: RedirectKind,
        progress: &(dyn Fn(ConnectProgress) + Send + Sync),
    ) -> Result<ConnectOutcome> {
        let connection = self.connection(id)?;
        let mut request = again_for(&connection, connection.account_type.other(), redirect);
        request.replaces = Some(id.to_string());
        self.connect(surface, request, progress).await
    }

    /// Runs verification again with a fresh token (any live state). A
    /// token Fortnox refuses is renewed once before giving up.
    pub async fn verify_again(&self, id: &str) -> Result<VerifyReport> {
        let connection = self.connection(id)?;
        let grant = self.token_for(&connection, true).await?;
        let mut result =
            verify(&self.api, &grant.access_token, &self.profile, &connection.options, &connection.scopes).await;
        if matches!(&result, Err(e) if e.code() == ErrorCode::TokenRejected) {
            // A refused token is renewed once; if that is refused too, the
            // connection needs re-authorization (set by the renewal).
            let _ = self.forget_access(id);
            let grant = self.refresh(id).await?;
            result =
                verify(&self.api, &grant.access_token, &self.profile, &connection.options, &connection.scopes).await;
        }
        match result {
            Ok(report) => {
                self.state
                    .update(|doc| {
                        if let Some(c) = doc.connection_mut(id) {
                            c.last_verify = Some(report.clone());
                            c.last_error = None;
                        }
                        Ok(())
                    })
                    .await?;
                self.log(id, ActivityKind::Verified, None, "Checked again");
                Ok(report)
            }
            Err(e) => {
                self.record_error(id, &e).await;
                Err(e)
            }
        }
    }
}

/// A new authorization for an existing connection's options and company.
fn again_for(connection: &Connection, account_type: AccountType, redirect: RedirectKind) -> AuthorizeRequest {
    let mut request = AuthorizeRequest::new(connection.options.clone(), account_type, redirect);
    request.expected_org = connection.company.as_ref().map(|c| c.org_number.clone());
    request
}
