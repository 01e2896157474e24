//! What the broker does for an installation: exchange a code it
//! registered (with the PKCE verifier), hand out access tokens for its own
//! connections (one refresh at a time across every replica, the rotated
//! refresh token committed before any access token leaves), client
//! credentials for tenants it bound as a service account, and revoke.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use fortnox_oauth::broker::{AUTHORIZATION_LIFETIME_SECS, AccountKind, ConnectionHealth, ConnectionInfo, Refusal};
use fortnox_oauth::endpoint::{TokenAnswer, split_scopes};
use fortnox_oauth::secret::{
    AccessToken, AuthorizationCode, InstallationSecret, PkceVerifier, RefreshToken, random_token, sha256_b64,
};
use fortnox_oauth::{TokenError, jwt};
use zeroize::Zeroizing;

use crate::Broker;
use crate::error::BrokerError;
use crate::store::{ACTIVE, ClaimRefused, ConnectionRow, Locked, NEEDS_REAUTHORIZATION, NewAuthorization};

/// A cached access token is handed out only with this much life left.
const MIN_VALIDITY_SECS: i64 = 300;
/// Fortnox's refresh tokens live 45 days from their last use.
const REFRESH_LIFETIME_SECS: i64 = 45 * 86_400;

/// An access token on its way to the installation.
pub struct Issued {
    pub access_token: Zeroizing<String>,
    pub expires_in: i64,
    pub scope: String,
    pub connection_id: String,
    pub tenant_id: Option<String>,
}

/// Which token a caller needs.
#[derive(Debug, Clone, Copy)]
pub enum Want {
    /// Any with five minutes left.
    Cached,
    /// One obtained after this second (`renew=true`).
    RenewedSince(i64),
    /// A refresh token issued at or after this time (keep-alive).
    RefreshTokenSince(i64),
}

/// One lock per connection in this replica, so waiters queue in memory
/// instead of at the database.
#[derive(Default)]
pub struct LocalLocks(Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>);

impl LocalLocks {
    async fn lock(&self, id: &str) -> tokio::sync::OwnedMutexGuard<()> {
        let lock = {
            let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
            map.retain(|_, l| Arc::strong_count(l) > 1);
            map.entry(id.to_string()).or_default().clone()
        };
        lock.lock_owned().await
    }
}

/// The form of `POST token` with `grant_type=authorization_code`.
pub struct Exchange<'a> {
    pub code: Option<&'a str>,
    pub redirect_uri: Option<&'a str>,
    pub state: Option<&'a str>,
    pub code_verifier: Option<&'a str>,
}

fn reauthorize(detail: &str) -> BrokerError {
    BrokerError::Fortnox { status: 400, error: "invalid_grant".into(), description: Some(detail.into()) }
}

impl Broker {
    pub async fn enroll(
        &self,
        client_id: &str,
        label: Option<&str>,
    ) -> Result<(String, InstallationSecret), BrokerError> {
        if client_id != self.client_id {
            return Err(BrokerError::refused(
                Refusal::ClientMismatch,
                "this broker serves another Fortnox app than the profile names",
            ));
        }
        let id = format!("inst_{}", random_token(16));
        let secret = InstallationSecret::random();
        let label = label.map(|l| fortnox_oauth::http::cut(l, 100));
        self.store.create_installation(&id, &sha256_b64(secret.expose()), label.as_deref(), self.now()).await?;
        tracing::info!(installation = %id, "installation enrolled");
        Ok((id, secret))
    }

    pub async fn register(
        &self,
        installation: &str,
        state_hash: &str,
        challenge: &str,
        method: &str,
        redirect_uri: &str,
        account: AccountKind,
    ) -> Result<i64, BrokerError> {
        let well_formed =
            |text: &str| text.len() == 43 && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !well_formed(state_hash) || !well_formed(challenge) || method != "S256" {
            return Err(BrokerError::refused(
                Refusal::InvalidRequest,
                "state_hash and code_challenge must be base64url SHA-256 values, code_challenge_method S256",
            ));
        }
        if url::Url::parse(redirect_uri).is_err() || redirect_uri.len() > 500 {
            return Err(BrokerError::refused(Refusal::InvalidRequest, "redirect_uri is not a URL"));
        }
        let now = self.now();
        let expires_at = now + AUTHORIZATION_LIFETIME_SECS;
        let fresh = self
            .store
            .register_authorization(&NewAuthorization {
                state_hash,
                installation,
                challenge,
                redirect_uri,
                account_type: account.as_str(),
                now,
                expires_at,
            })
            .await?;
        if !fresh {
            return Err(BrokerError::refused(Refusal::StateReplayed, "this state was registered before"));
        }
        Ok(AUTHORIZATION_LIFETIME_SECS)
    }

    /// The code exchange: only for the installation that registered the
    /// state, with the verifier of its challenge, once.
    pub async fn exchange(&self, installation: &str, form: Exchange<'_>) -> Result<Issued, BrokerError> {
        let missing = |name: &str| BrokerError::refused(Refusal::InvalidRequest, format!("{name} is required"));
        let code = form.code.ok_or_else(|| missing("code"))?;
        let redirect_uri = form.redirect_uri.ok_or_else(|| missing("redirect_uri"))?;
        let state = form.state.ok_or_else(|| missing("state"))?;
        let verifier = form.code_verifier.ok_or_else(|| {
            BrokerError::refused(Refusal::InvalidVerifier, "code_verifier is required: a code alone is not enough")
        })?;
        let challenge = PkceVerifier::new(verifier).challenge();
        let now = self.now();
        let authorization =
            match self.store.claim_authorization(&sha256_b64(state), installation, &challenge, now).await? {
                Ok(authorization) => authorization,
                Err(refused) => {
                    let (refusal, detail) = match refused {
                        ClaimRefused::Unknown => (
                            Refusal::UnknownState,
                            "no authorization was registered for this state by this installation",
                        ),
                        ClaimRefused::Replayed => (Refusal::StateReplayed, "this state was already exchanged"),
                        ClaimRefused::Expired => {
                            (Refusal::AuthorizationExpired, "the authorization is older than a Fortnox code lives")
                        }
                        ClaimRefused::WrongVerifier => {
                            (Refusal::InvalidVerifier, "the code_verifier does not match the registered challenge")
                        }
                    };
                    tracing::warn!(installation, code = refusal.code(), "exchange refused");
                    return Err(BrokerError::refused(refusal, detail));
                }
            };
        if authorization.redirect_uri != redirect_uri {
            return Err(BrokerError::refused(
                Refusal::RedirectMismatch,
                "redirect_uri differs from the registered one",
            ));
        }
        let redirect = url::Url::parse(redirect_uri).map_err(|_| missing("a valid redirect_uri"))?;
        let tokens = self
            .upstream
            .tokens
            .exchange(&AuthorizationCode::new(code), &redirect, None)
            .await
            .map_err(BrokerError::from_fortnox)?;
        let account = AccountKind::parse(&authorization.account_type).unwrap_or(AccountKind::User);
        let id = format!("conn_{}", random_token(16));
        let tenant_id = jwt::tenant_id(tokens.access_token.expose());
        let scope = tokens.scopes.clone().unwrap_or_default().join(" ");
        let now = self.now();
        let row = ConnectionRow {
            id: id.clone(),
            installation_id: installation.to_string(),
            tenant_id: tenant_id.clone(),
            account_type: account.as_str().to_string(),
            scopes: scope.clone(),
            company_name: None,
            org_number: None,
            state: ACTIVE.to_string(),
            refresh_token: tokens.refresh_token.as_ref().map(|r| self.seal.seal(&id, "refresh_token", r.expose())),
            refresh_issued_at: tokens.refresh_token.as_ref().map(|_| now),
            access_token: Some(self.seal.seal(&id, "access_token", tokens.access_token.expose())),
            access_expires_at: Some(now + tokens.expires_in.as_secs() as i64),
            created_at: now,
            last_refresh_at: Some(now),
            last_error: None,
        };
        if let Err(e) = self.store.insert_connection(&row).await {
            // Nobody could ever use this consent: take it back at Fortnox.
            if let Some(refresh) = &tokens.refresh_token {
                let _ = self.upstream.tokens.revoke(refresh).await;
            }
            return Err(e);
        }
        tracing::info!(installation, connection = %id, account = account.as_str(), "connection bound");
        self.name_connection_later(&id, &tokens.access_token);
        Ok(Issued {
            access_token: Zeroizing::new(tokens.access_token.expose().to_string()),
            expires_in: tokens.expires_in.as_secs() as i64,
            scope,
            connection_id: id,
            tenant_id,
        })
    }

    /// Company name and org number for listings, after the answer left.
    fn name_connection_later(&self, id: &str, token: &AccessToken) {
        let (upstream, store, id, token) = (self.upstream.clone(), self.store.clone(), id.to_string(), token.clone());
        tokio::spawn(async move {
            if let Some((name, org)) = upstream.company(&token).await
                && let Err(e) = store.set_company(&id, &name, &org).await
            {
                tracing::warn!(error = %e, connection = %id, "could not store the company name");
            }
        });
    }

    /// `client_credentials` with a `TenantId`: only for a tenant this
    /// installation bound through a service-account authorization.
    pub async fn client_credentials(&self, installation: &str, tenant: &str) -> Result<Issued, BrokerError> {
        let connection = self.store.service_connection(installation, tenant.trim()).await?.ok_or_else(|| {
            tracing::warn!(installation, "client credentials for an unbound tenant refused");
            BrokerError::refused(
                Refusal::UnboundTenant,
                "this installation has no service-account connection for that tenant",
            )
        })?;
        self.token(installation, &connection.id, Want::Cached).await
    }

    /// An access token for the installation's connection.
    pub async fn token(&self, installation: &str, id: &str, want: Want) -> Result<Issued, BrokerError> {
        let not_found =
            || BrokerError::refused(Refusal::ConnectionNotFound, "no such connection for this installation");
        let row = self.store.connection(installation, id).await?.ok_or_else(not_found)?;
        if let Some(issued) = self.usable(&row, want)? {
            return Ok(issued);
        }
        let _local = self.local_locks.lock(id).await;
        // Whoever held the lock before us may have done the work.
        let row = self.store.connection(installation, id).await?.ok_or_else(not_found)?;
        if let Some(issued) = self.usable(&row, want)? {
            return Ok(issued);
        }
        let locked = self.store.lock_connection(installation, id, self.now()).await?.ok_or_else(not_found)?;
        if let Some(issued) = self.usable(&locked.row, want)? {
            locked.release().await?;
            return Ok(issued);
        }
        self.renew(locked).await
    }

    /// The cached token, if it is what the caller wants. A connection
    /// Fortnox refused is refused at once.
    fn usable(&self, row: &ConnectionRow, want: Want) -> Result<Option<Issued>, BrokerError> {
        if row.state == NEEDS_REAUTHORIZATION {
            return Err(reauthorize("the connection must be authorized again in Fortnox"));
        }
        let now = self.now();
        let (Some(sealed), Some(expires_at)) = (&row.access_token, row.access_expires_at) else {
            return Ok(None);
        };
        let fresh = expires_at - now >= MIN_VALIDITY_SECS;
        let wanted = match want {
            Want::Cached => fresh,
            Want::RenewedSince(t) => fresh && row.last_refresh_at.is_some_and(|r| r > t),
            Want::RefreshTokenSince(t) => fresh && row.refresh_issued_at.is_none_or(|r| r >= t),
        };
        if !wanted {
            return Ok(None);
        }
        Ok(Some(Issued {
            access_token: self.seal.open(&row.id, "access_token", sealed)?,
            expires_in: expires_at - now,
            scope: row.scopes.clone(),
            connection_id: row.id.clone(),
            tenant_id: row.tenant_id.clone(),
        }))
    }

    /// Asks Fortnox, under the connection's lock: client credentials for a
    /// service account, else the refresh token, which rotates.
    async fn renew(&self, locked: Locked) -> Result<Issued, BrokerError> {
        let row = locked.row.clone();
        let refresh = row.refresh_token.as_deref().map(|s| self.seal.open(&row.id, "refresh_token", s)).transpose()?;
        let mut answer: Option<Result<TokenAnswer, TokenError>> = None;
        if row.account_type == AccountKind::Service.as_str()
            && let Some(tenant) = &row.tenant_id
        {
            let result = self.upstream.tokens.client_credentials(tenant).await;
            if result.is_ok() || refresh.is_none() {
                answer = Some(result);
            } else if let Err(e) = &result {
                tracing::warn!(error = %e, connection = %row.id, "client credentials failed; using the refresh token");
            }
        }
        let answer = match (answer, &refresh) {
            (Some(answer), _) => answer,
            (None, Some(refresh)) => self.upstream.tokens.refresh(&RefreshToken::new(refresh.as_str())).await,
            (None, None) => {
                locked.needs_reauthorization("invalid_grant", self.now()).await?;
                return Err(reauthorize("the connection has no refresh token"));
            }
        };
        let now = self.now();
        match answer {
            Ok(tokens) => {
                let rotated =
                    tokens.refresh_token.as_ref().map(|r| (self.seal.seal(&row.id, "refresh_token", r.expose()), now));
                let access = self.seal.seal(&row.id, "access_token", tokens.access_token.expose());
                let expires_at = now + tokens.expires_in.as_secs() as i64;
                let scope = tokens.scopes.as_ref().map(|s| s.join(" "));
                locked
                    .keep(rotated.as_ref().map(|(s, t)| (s.as_str(), *t)), &access, expires_at, scope.as_deref(), now)
                    .await?;
                tracing::info!(connection = %row.id, rotated = rotated.is_some(), "new access token");
                Ok(Issued {
                    access_token: Zeroizing::new(tokens.access_token.expose().to_string()),
                    expires_in: expires_at - now,
                    scope: scope.unwrap_or(row.scopes),
                    connection_id: row.id,
                    tenant_id: row.tenant_id,
                })
            }
            Err(e) => {
                let error = BrokerError::from_fortnox(e);
                if error.is_invalid_grant()
                    || matches!(&error, BrokerError::Fortnox { error, .. } if error == "invalid_client")
                        && refresh.is_none()
                {
                    tracing::warn!(connection = %row.id, "Fortnox refused the consent; the connection needs re-authorization");
                    locked.needs_reauthorization("invalid_grant", now).await?;
                } else {
                    locked.release().await?;
                }
                Err(error)
            }
        }
    }

    /// Revokes at Fortnox and forgets the connection. `force`: forget it
    /// even when Fortnox cannot be reached.
    pub async fn revoke(&self, installation: &str, id: &str, force: bool) -> Result<(), BrokerError> {
        let _local = self.local_locks.lock(id).await;
        let locked = self.store.lock_connection(installation, id, self.now()).await?.ok_or_else(|| {
            BrokerError::refused(Refusal::ConnectionNotFound, "no such connection for this installation")
        })?;
        let refresh =
            locked.row.refresh_token.as_deref().map(|s| self.seal.open(id, "refresh_token", s)).transpose()?;
        if let Some(refresh) = refresh {
            match self.upstream.tokens.revoke(&RefreshToken::new(refresh.as_str())).await {
                Ok(()) => {}
                Err(e @ (TokenError::Unreachable { .. } | TokenError::Unavailable { .. })) if !force => {
                    locked.release().await?;
                    return Err(BrokerError::from_fortnox(e));
                }
                Err(e) => tracing::warn!(error = %e, connection = id, "revoke at Fortnox failed; forgetting anyway"),
            }
        }
        locked.release().await?;
        self.store.delete_connection(installation, id).await?;
        tracing::info!(installation, connection = id, "connection revoked and forgotten");
        Ok(())
    }

    pub async fn list(&self, installation: &str) -> Result<Vec<ConnectionInfo>, BrokerError> {
        Ok(self
            .store
            .connections(installation)
            .await?
            .into_iter()
            .map(|row| ConnectionInfo {
                connection_id: row.id,
                tenant_id: row.tenant_id,
                company_name: row.company_name,
                org_number: row.org_number,
                account_type: AccountKind::parse(&row.account_type).unwrap_or(AccountKind::User),
                state: if row.state == NEEDS_REAUTHORIZATION {
                    ConnectionHealth::NeedsReauthorization
                } else {
                    ConnectionHealth::Active
                },
                scopes: split_scopes(&row.scopes),
                created_at: row.created_at,
                last_refresh_at: row.last_refresh_at,
                refresh_expires_at: row.refresh_issued_at.map(|t| t + REFRESH_LIFETIME_SECS),
                last_error: row.last_error,
            })
            .collect())
    }

    /// Refreshes live user connections whose refresh token is older than
    /// the keep-alive age; a failure of one never stops the others.
    pub async fn keep_alive(&self, older_than_days: u32) -> (usize, usize) {
        let cutoff = self.now() - i64::from(older_than_days) * 86_400;
        let Ok(aging) = self.store.aging_connections(cutoff).await else {
            return (0, 0);
        };
        let (mut renewed, mut failed) = (0, 0);
        for (id, installation) in aging {
            match self.token(&installation, &id, Want::RefreshTokenSince(cutoff)).await {
                Ok(_) => renewed += 1,
                Err(e) => {
                    failed += 1;
                    tracing::warn!(error = %e, connection = %id, "keep-alive refresh failed");
                }
            }
        }
        (renewed, failed)
    }
}
