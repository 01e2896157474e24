//! Access tokens for the integration runtime, never losing the rotating
//! refresh token: a cached token when it has 5 more minutes, else one
//! refresh, single-flight across threads and processes (an OS file lock),
//! with the new refresh token in the keyring before the access token is
//! handed out.

use std::sync::Arc;

use time::{Duration, OffsetDateTime};

use super::FortnoxConnect;
use crate::catalogue::ErrorCode;
use crate::checkpoint;
use crate::connection::{AccountType, ActivityEvent, ActivityKind, Connection, ConnectionState, Transition};
use crate::error::{Error, Result};
use crate::oauth::Tokens;
use crate::secret::AccessToken;
use crate::store::lock::FileLock;

/// A cached access token is handed out only with this much life left.
pub const MIN_VALIDITY: Duration = Duration::minutes(5);

/// An access token for the runtime.
#[derive(Debug)]
pub struct TokenGrant {
    pub connection_id: String,
    pub access_token: AccessToken,
    pub expires_at: OffsetDateTime,
    pub tenant_id: Option<String>,
    /// Whether this call had to ask Fortnox for it.
    pub renewed: bool,
}

/// What a keep-alive did.
#[derive(Debug, Default)]
pub struct KeepaliveResult {
    pub refreshed: Vec<String>,
    /// Looked at with a request (service/check.rs).
    pub checked: Vec<String>,
    pub failed: Vec<(String, Error)>,
    /// Not due for a renewal (fresh, not enabled, or kept alive by the
    /// broker).
    pub skipped: Vec<String>,
}

/// Held while renewing: one per connection in this process, and the file
/// lock across processes.
pub(crate) struct RefreshGuard {
    _local: tokio::sync::OwnedMutexGuard<()>,
    _file: FileLock,
}

impl FortnoxConnect {
    pub(crate) async fn refresh_guard(&self, id: &str) -> Result<RefreshGuard> {
        let local = self.local_guard(id).await;
        self.file_guard(id, local).await
    }

    /// One renewal per connection in this process.
    async fn local_guard(&self, id: &str) -> tokio::sync::OwnedMutexGuard<()> {
        let local = {
            let mut locks = self.cache.renewing.lock().unwrap_or_else(|e| e.into_inner());
            locks.entry(id.to_string()).or_insert_with(|| Arc::new(tokio::sync::Mutex::new(()))).clone()
        };
        local.lock_owned().await
    }

    /// …and across processes.
    async fn file_guard(&self, id: &str, local: tokio::sync::OwnedMutexGuard<()>) -> Result<RefreshGuard> {
        let path = self.data_dir.join("locks").join(format!("{id}.refresh.lock"));
        let file = FileLock::acquire(&path, self.settings.lock_wait, "the connection's token renewal").await?;
        Ok(RefreshGuard { _local: local, _file: file })
    }

    /// The access token this process already holds, if it has
    /// `MIN_VALIDITY` left.
    fn remembered_access(&self, id: &str) -> Option<(AccessToken, OffsetDateTime)> {
        let memory = self.access_memory();
        let (token, expires_at) = memory.get(id)?;
        (*expires_at - self.now() >= MIN_VALIDITY).then(|| (token.clone(), *expires_at))
    }

    /// Keeps a fresh access token: in the keyring for other processes, and
    /// in memory so callers in this process need no keyring round trip.
    pub(crate) fn store_access(&self, id: &str, token: &AccessToken, expires_at: OffsetDateTime) -> Result<()> {
        self.stores.secrets.set_access_token(id, token, expires_at)?;
        self.remember_access(id, token, expires_at);
        Ok(())
    }

    /// Keeps an access token the keyring already holds in memory too.
    pub(crate) fn remember_access(&self, id: &str, token: &AccessToken, expires_at: OffsetDateTime) {
        self.access_memory().insert(id.to_string(), (token.clone(), expires_at));
    }

    /// Forgets the cached access token everywhere (a refused or removed
    /// connection).
    pub(crate) fn forget_access(&self, id: &str) -> Result<()> {
        self.access_memory().remove(id);
        self.stores.secrets.delete_access_token(id)
    }

    fn access_memory(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::HashMap<String, (AccessToken, OffsetDateTime)>> {
        self.cache.access.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The cached access token, if it has at least `MIN_VALIDITY` left:
    /// from memory, else from the keyring (another process may have
    /// renewed it).
    fn cached_access(&self, id: &str) -> Result<Option<(AccessToken, OffsetDateTime)>> {
        let now = self.now();
        if let Some((token, expires_at)) = self.access_memory().get(id)
            && *expires_at - now >= MIN_VALIDITY
        {
            return Ok(Some((token.clone(), *expires_at)));
        }
        let Some((token, expires_at)) = self.stores.secrets.access_token(id)? else {
            return Ok(None);
        };
        if expires_at - now < MIN_VALIDITY {
            return Ok(None);
        }
        self.access_memory().insert(id.to_string(), (token.clone(), expires_at));
        Ok(Some((token, expires_at)))
    }

    /// A valid access token for an enabled connection.
    pub async fn access_token(&self, id: &str) -> Result<TokenGrant> {
        let connection = self.connection(id)?;
        self.token_for(&connection, false).await
    }

    fn check_hands_out(connection: &Connection, allow_not_enabled: bool) -> Result<()> {
        match connection.state {
            ConnectionState::Enabled => Ok(()),
            ConnectionState::Authorized | ConnectionState::Disabled if allow_not_enabled => Ok(()),
            ConnectionState::NeedsReauthorization => Err(Error::NeedsReauthorization {
                id: connection.id.clone(),
                cause: connection
                    .last_error
                    .as_ref()
                    .map(|e| e.code)
                    .filter(|c| {
                        matches!(
                            c,
                            ErrorCode::RefreshTokenInvalid
                                | ErrorCode::RefreshInterrupted
                                | ErrorCode::TokenRejected
                                | ErrorCode::BrokerConnectionUnknown
                                | ErrorCode::BrokerInstallationUnknown
                        )
                    })
                    .unwrap_or(ErrorCode::ConnectionNeedsReauthorization),
            }),
            state => Err(Error::ConnectionNotEnabled { id: connection.id.clone(), state }),
        }
    }

    pub(crate) async fn token_for(&self, connection: &Connection, allow_not_enabled: bool) -> Result<TokenGrant> {
        Self::check_hands_out(connection, allow_not_enabled)?;
        let id = connection.id.as_str();
        if let Some((token, expires_at)) = self.remembered_access(id) {
            return Ok(self.grant(connection, token, expires_at, false));
        }
        // Callers in this process queue here; the first one reads the
        // keyring (or renews), the rest find the token in memory.
        let local = self.local_guard(id).await;
        if let Some((token, expires_at)) = self.cached_access(id)? {
            return Ok(self.grant(connection, token, expires_at, false));
        }
        let _guard = self.file_guard(id, local).await?;
        // Another process may have renewed while we waited.
        let connection = self.connection(id)?;
        Self::check_hands_out(&connection, allow_not_enabled)?;
        if let Some((token, expires_at)) = self.cached_access(id)? {
            return Ok(self.grant(&connection, token, expires_at, false));
        }
        self.renew(&connection, false).await
    }

    /// Renews now, whatever the cache says (`fortnox-connect refresh`, the
    /// keep-alive).
    pub async fn refresh(&self, id: &str) -> Result<TokenGrant> {
        let _guard = self.refresh_guard(id).await?;
        let connection = self.connection(id)?;
        Self::check_hands_out(&connection, true)?;
        self.renew(&connection, true).await
    }

    /// Refreshes every enabled connection whose refresh token is older than
    /// `older_than`, so an unused connection does not die at Fortnox's 45
    /// days: `concurrency` at a time (distinct connections, so distinct
    /// tenants' budgets), a failure of one never stopping the others.
    /// `progress` is told (done, total) after each. Connections the broker
    /// keeps alive, and fresh ones, are skipped.
    pub async fn keepalive(
        &self,
        older_than: Duration,
        concurrency: usize,
        progress: &(dyn Fn(usize, usize) + Send + Sync),
    ) -> Result<KeepaliveResult> {
        use futures_util::StreamExt;
        let now = self.now();
        let mut result = KeepaliveResult::default();
        let mut due = Vec::new();
        for connection in self.connections()? {
            let stale = connection.refresh_issued_at.is_some_and(|t| now - t >= older_than);
            if connection.state == ConnectionState::Enabled && stale && connection.broker_connection.is_none() {
                due.push(connection.id);
            } else {
                result.skipped.push(connection.id);
            }
        }
        let total = due.len();
        let mut done = 0;
        let mut renewals = futures_util::stream::iter(due)
            .map(|id| async move {
                let outcome = self.refresh(&id).await;
                (id, outcome)
            })
            .buffer_unordered(concurrency.max(1));
        while let Some((id, outcome)) = renewals.next().await {
            done += 1;
            progress(done, total);
            match outcome {
                Ok(_) => result.refreshed.push(id),
                Err(e) => result.failed.push((id, e)),
            }
        }
        drop(renewals);
        // Then the daily look, at the same bounded concurrency; a
        // connection whose renewal just failed is not asked again.
        let failed: std::collections::HashSet<String> = result.failed.iter().map(|(id, _)| id.clone()).collect();
        let due: Vec<String> = self.due_for_check()?.into_iter().filter(|id| !failed.contains(id)).collect();
        let mut checks = futures_util::stream::iter(due)
            .map(|id| async move {
                let outcome = self.check_alive(&id).await;
                (id, outcome)
            })
            .buffer_unordered(concurrency.max(1));
        while let Some((id, outcome)) = checks.next().await {
            match outcome {
                Ok(()) => result.checked.push(id),
                Err(e) => result.failed.push((id, e)),
            }
        }
        Ok(result)
    }

    fn grant(
        &self,
        connection: &Connection,
        token: AccessToken,
        expires_at: OffsetDateTime,
        renewed: bool,
    ) -> TokenGrant {
        TokenGrant {
            connection_id: connection.id.clone(),
            access_token: token,
            expires_at,
            tenant_id: connection.tenant_id.clone(),
            renewed,
        }
    }

    /// Gets a new access token: from the broker (which keeps the refresh
    /// token), or from Fortnox with the client secret here. Called with the
    /// refresh guard held. `force`: the broker must not answer from its
    /// cache either.
    async fn renew(&self, connection: &Connection, force: bool) -> Result<TokenGrant> {
        if self.remote.tokens.is_broker() {
            return self.renew_through_broker(connection, force).await;
        }
        let id = connection.id.as_str();
        let refresh = self.stores.secrets.refresh_token(id)?;

        // Service accounts: client credentials with the tenant id, so no
        // refresh token is spent.
        if connection.account_type == AccountType::Service
            && self.remote.tokens.has_client_secret()
            && let Some(tenant) = connection.tenant_id.as_deref()
        {
            match self.remote.tokens.client_credentials(tenant).await {
                Ok(tokens) => {
                    let expires_at = self.expiry(&tokens);
                    self.store_access(id, &tokens.access_token, expires_at)?;
                    // A renewal that worked ends any earlier interrupted one.
                    self.stores
                        .state
                        .update_connection(id, |c| {
                            c.refresh_started_at = None;
                            c.last_error = None;
                            Ok(())
                        })
                        .await?;
                    self.log(id, ActivityKind::Refreshed);
                    return Ok(self.grant(connection, tokens.access_token, expires_at, true));
                }
                // Fortnox is down or busy: spending the refresh token would
                // not help, and could lose it.
                Err(e) if e.is_transient() => return self.rejected_or_error(connection, e, false).await,
                Err(e) if refresh.is_some() => {
                    tracing::warn!(error = %e, connection = %id, "client credentials failed; using the refresh token");
                }
                Err(e) => return self.rejected_or_error(connection, e, false).await,
            }
        }

        let Some(refresh) = refresh else {
            // Secret Service answers "no entry" when the keyring is locked.
            let error =
                Error::KeyringLocked("the connection's refresh token could not be read from the keyring".into());
            self.record_error(id, &error).await;
            return Err(error);
        };
        let interrupted_before = connection.refresh_started_at.is_some();
        let started = self.now();
        self.stores
            .state
            .update_connection(id, |c| {
                c.refresh_started_at = Some(started);
                Ok(())
            })
            .await?;
        checkpoint::reached(checkpoint::REFRESH_STARTED);

        match self.remote.tokens.refresh(&refresh).await {
            Ok(tokens) => self.keep_renewed(connection, tokens).await,
            Err(e) => self.rejected_or_error(connection, e, interrupted_before).await,
        }
    }

    /// Broker mode: the broker refreshes (single-flight across its
    /// replicas) and hands out an access token for this connection.
    async fn renew_through_broker(&self, connection: &Connection, force: bool) -> Result<TokenGrant> {
        let id = connection.id.as_str();
        let Some(broker_connection) = connection.broker_connection.as_deref() else {
            // Made with a client secret here; the profile now names a
            // broker, which never saw this approval.
            let error = Error::BrokerRefused {
                refusal: fortnox_oauth::broker::Refusal::ConnectionNotFound.code(),
                status: 404,
                detail: "this connection was not made through the token broker".into(),
            };
            return self.rejected_or_error(connection, error, false).await;
        };
        match self.remote.tokens.broker_token(broker_connection, force).await {
            Ok(tokens) => {
                let expires_at = self.expiry(&tokens);
                self.store_access(id, &tokens.access_token, expires_at)?;
                self.stores
                    .state
                    .update_connection(id, |c| {
                        c.last_error = None;
                        if let Some(scopes) = &tokens.scopes {
                            c.scopes = scopes.clone();
                        }
                        Ok(())
                    })
                    .await?;
                self.log(id, ActivityKind::Refreshed);
                Ok(self.grant(connection, tokens.access_token, expires_at, true))
            }
            Err(e) => self.rejected_or_error(connection, e, false).await,
        }
    }

    /// Persists a refresh's result: the refresh token first (it is the one
    /// thing that cannot be recovered), then the access token, then state.
    async fn keep_renewed(&self, connection: &Connection, tokens: Tokens) -> Result<TokenGrant> {
        let id = connection.id.as_str();
        checkpoint::reached(checkpoint::REFRESH_ANSWERED);
        if let Some(new_refresh) = &tokens.refresh_token {
            self.stores.secrets.set_refresh_token(id, new_refresh)?;
        }
        checkpoint::reached(checkpoint::REFRESH_TOKEN_SAVED);
        let expires_at = self.expiry(&tokens);
        self.store_access(id, &tokens.access_token, expires_at)?;
        let now = self.now();
        let rotated = tokens.refresh_token.is_some();
        self.stores
            .state
            .update_connection(id, |c| {
                c.refresh_started_at = None;
                if rotated {
                    c.refresh_issued_at = Some(now);
                }
                if let Some(scopes) = &tokens.scopes {
                    c.scopes = scopes.clone();
                }
                c.last_error = None;
                Ok(())
            })
            .await?;
        self.log(id, ActivityKind::Refreshed);
        checkpoint::reached(checkpoint::REFRESH_SAVED);
        Ok(self.grant(connection, tokens.access_token, expires_at, true))
    }

    /// When a just-received access token expires, by this service's clock.
    pub(crate) fn expiry(&self, tokens: &Tokens) -> OffsetDateTime {
        self.now() + tokens.expires_in
    }

    /// Fortnox refused: the connection needs re-authorization. Anything
    /// else (network, 5xx) leaves the state as it was.
    async fn rejected_or_error(
        &self,
        connection: &Connection,
        error: Error,
        interrupted_before: bool,
    ) -> Result<TokenGrant> {
        let id = connection.id.as_str();
        let refused = matches!(
            error.code(),
            ErrorCode::RefreshTokenInvalid
                | ErrorCode::ConnectionNeedsReauthorization
                | ErrorCode::TokenRejected
                | ErrorCode::BrokerConnectionUnknown
                | ErrorCode::BrokerInstallationUnknown
        );
        if !refused {
            self.record_error(id, &error).await;
            return Err(error);
        }
        let cause = if interrupted_before && error.code() == ErrorCode::RefreshTokenInvalid {
            ErrorCode::RefreshInterrupted
        } else {
            error.code()
        };
        let now = self.now();
        let details = error.details();
        self.stores
            .state
            .update_connection(id, |c| {
                c.resume_enabled = c.resume_enabled || c.state == ConnectionState::Enabled;
                if let Some(next) = c.state.next(Transition::Rejected) {
                    c.state = next;
                }
                c.refresh_started_at = None;
                c.last_error = Some(crate::connection::LastError { code: cause, at: now, details: details.clone() });
                Ok(())
            })
            .await?;
        let _ = self.forget_access(id);
        self.log_event(id, ActivityEvent::error(now, cause, &details));
        Err(Error::NeedsReauthorization { id: id.to_string(), cause })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::clock::OffsetClock;
    use crate::profile::builtin_sandbox_profile;
    use crate::store::secrets::MemoryStore;

    #[test]
    fn a_cached_token_is_handed_out_only_with_five_minutes_left() {
        let base = url::Url::parse("http://127.0.0.1:9/").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let clock = Arc::new(OffsetClock::default());
        let service = FortnoxConnect::new(
            builtin_sandbox_profile(&base, &base).unwrap(),
            dir.path(),
            Arc::new(MemoryStore::default()),
        )
        .with_clock(clock.clone());
        service.store_access("c1", &AccessToken::new("eyJ.a.b"), service.now() + Duration::minutes(6)).unwrap();
        assert_eq!(service.cached_access("c1").unwrap().map(|(t, _)| t), Some(AccessToken::new("eyJ.a.b")));
        clock.advance(61);
        assert!(service.cached_access("c1").unwrap().is_none(), "under 5 minutes left");
        assert!(service.cached_access("other").unwrap().is_none());
    }
}
