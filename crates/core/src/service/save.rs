//! Saving a verified result: a new connection, or new tokens for the one
//! being re-authorized. The secrets reach the keyring before the state
//! mentions them (a new connection's were written during verification,
//! `write_ahead.rs`); if either cannot be written, the new approval is
//! revoked at Fortnox, so nothing is left active that nobody keeps. Every
//! state change goes through the state machine.

use time::OffsetDateTime;

use super::FortnoxConnect;
use super::outcome::ConnectOutcome;
use super::write_ahead::WrittenAhead;
use crate::checkpoint;
use crate::connection::{ActivityEvent, ActivityKind, Connection, ConnectionState, Transition};
use crate::error::{Error, Result};
use crate::oauth::{Exchanged, Pending, Tokens};
use crate::secret::RefreshToken;
use crate::verify::VerifyReport;

/// What a re-authorization replaces (revoked once the new one is saved).
#[derive(Default)]
struct Previous {
    refresh: Option<RefreshToken>,
    broker_connection: Option<String>,
}

impl FortnoxConnect {
    pub(super) async fn save(
        &self,
        pending: Pending,
        tokens: Exchanged,
        report: VerifyReport,
        granted: Vec<String>,
        ahead: Option<WrittenAhead>,
    ) -> Result<ConnectOutcome> {
        let now = self.now();
        let reauthorizing = pending.connection_id.is_some();
        let id = match (&pending.connection_id, &ahead) {
            (Some(id), _) => id.clone(),
            (None, Some(ahead)) => ahead.id.clone(),
            (None, None) => uuid::Uuid::new_v4().to_string(),
        };
        let previous = if reauthorizing { self.previous_approval(&id) } else { Previous::default() };
        let kept = match self.keep_secrets(&id, &tokens.tokens, ahead) {
            Ok(()) => self.keep(&id, &pending, &tokens, &report, &granted, now).await,
            Err(e) => Err(e),
        };
        let saved = match kept {
            Ok(saved) => saved,
            Err(e) => {
                if !reauthorizing {
                    self.unwrite(&id);
                }
                let revoked = self.revoke_quietly(&tokens).await;
                return Err(Error::NotSaved { cause: Box::new(e), revoked });
            }
        };
        checkpoint::reached(checkpoint::CONNECT_SAVED);
        // The broker keeps a connection only once the desktop says it saved
        // it; if this fails, the next reconciliation confirms it.
        if let Some(broker_connection) = &tokens.broker_connection
            && let Err(e) = self.remote.tokens.confirm_broker(broker_connection).await
        {
            tracing::warn!(error = %e, "could not confirm the connection at the broker; it is confirmed later");
        }
        self.log_saved(&id, reauthorizing, &report, now);
        self.retire(previous, &tokens).await;
        if let Some(replaced) = pending.replaces.as_deref() {
            self.remove(replaced, true).await?;
        }
        Ok(ConnectOutcome::Connected {
            connection: saved,
            report,
            reauthorized: reauthorizing,
            expected_org: pending.expected_org,
        })
    }

    fn previous_approval(&self, id: &str) -> Previous {
        Previous {
            refresh: self.stores.secrets.refresh_token(id).ok().flatten(),
            broker_connection: self.connection(id).ok().and_then(|c| c.broker_connection),
        }
    }

    /// Revokes the replaced approval, unless it is the one just saved.
    async fn retire(&self, previous: Previous, tokens: &Exchanged) {
        if let Some(old) = previous.refresh.filter(|old| tokens.tokens.refresh_token.as_ref() != Some(old))
            && let Err(e) = self.remote.tokens.revoke_refresh(&old).await
        {
            tracing::warn!(error = %e, "could not revoke the replaced approval");
        }
        if let Some(old) = previous.broker_connection.filter(|old| tokens.broker_connection.as_ref() != Some(old))
            && let Err(e) = self.remote.tokens.revoke_broker(&old, true).await
        {
            tracing::warn!(error = %e, "could not revoke the replaced approval at the broker");
        }
    }

    /// The keyring step: written now, or already during verification.
    fn keep_secrets(&self, id: &str, tokens: &Tokens, ahead: Option<WrittenAhead>) -> Result<()> {
        let expires_at = match ahead {
            Some(WrittenAhead { outcome, expires_at, .. }) => outcome.map(|()| expires_at)?,
            None => self.write_tokens(id, tokens)?,
        };
        self.remember_access(id, &tokens.access_token, expires_at);
        Ok(())
    }

    /// The state step, after the keyring's.
    async fn keep(
        &self,
        id: &str,
        pending: &Pending,
        tokens: &Exchanged,
        report: &VerifyReport,
        granted: &[String],
        now: OffsetDateTime,
    ) -> Result<Connection> {
        let (issuer_id, client_id) = (self.profile.issuer_id.clone(), self.profile.client_id.clone());
        self.stores
            .state
            .update(|doc| {
                if doc.connection(id).is_none() {
                    doc.connections.push(Connection::new(id, pending.account_type, &issuer_id, &client_id, now));
                }
                let connection = doc.connection_mut(id).expect("present");
                // It hands out tokens again if it did when it stopped working.
                let resume = connection.resume_enabled || connection.state == ConnectionState::Enabled;
                connection.advance(Transition::StartAuthorization)?;
                // What the broker bound wins: it is a service account only
                // if Fortnox issued a service account's token.
                connection.account_type = tokens.account_type.unwrap_or(pending.account_type);
                connection.options = pending.options.clone();
                connection.scopes = granted.to_vec();
                connection.company = report.company.clone().or(connection.company.take());
                connection.tenant_id = report.tenant_id.clone().or(connection.tenant_id.take());
                connection.approved_by = report.approved_by.clone();
                connection.broker_connection = tokens.broker_connection.clone();
                connection.authorized_at = now;
                connection.refresh_issued_at = tokens.tokens.refresh_token.as_ref().map(|_| now);
                connection.refresh_started_at = None;
                connection.last_verify = Some(report.clone());
                connection.last_error = None;
                connection.resume_enabled = false;
                connection.advance(Transition::Authorized)?;
                if resume && report.company.is_some() {
                    connection.advance(Transition::Enable)?;
                }
                Ok(connection.clone())
            })
            .await
    }

    fn log_saved(&self, id: &str, reauthorized: bool, report: &VerifyReport, now: OffsetDateTime) {
        let kind = if reauthorized { ActivityKind::Reauthorized } else { ActivityKind::Connected };
        self.log_event(id, ActivityEvent::new(now, kind));
        let failing: Vec<String> = report.failing_options().iter().map(|o| o.option_id.clone()).collect();
        self.log_event(id, ActivityEvent { options: failing, ..ActivityEvent::new(now, ActivityKind::Verified) });
    }
}
