//! What the broker does for an installation: exchange a code it
//! registered (with the PKCE verifier), hand out access tokens for its own
//! connections (one refresh at a time across every replica, the rotated
//! refresh token written before any access token leaves), client
//! credentials for tenants it bound as a service account, and revoke.
//!
//! What the broker believes (docs/security.md, "What the broker trusts"):
//! - a connection is a service account's only if Fortnox says so: the token
//!   the exchange returned acts for the same user as a client-credentials
//!   token for the tenant (the service account is a user of its own in the
//!   company); otherwise it is the person's connection, renewed with its
//!   refresh token only, whatever the desktop registered;
//! - a code is exchanged once, by one installation: a code presented by a
//!   second installation means one of the two stole it, so the connection
//!   made from it is revoked at Fortnox and both are told.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use fortnox_oauth::broker::{AUTHORIZATION_LIFETIME_SECS, AccountKind, ConnectionHealth, ConnectionInfo, Refusal};
use fortnox_oauth::endpoint::{TokenAnswer, split_scopes};
use fortnox_oauth::secret::{
    AccessToken, AuthorizationCode, InstallationSecret, PkceVerifier, RefreshToken, random_token, sha256_b64,
};
use fortnox_oauth::{TokenError, jwt};
use zeroize::Zeroizing;

use crate::Broker;
use crate::error::BrokerError;
use crate::seal::SecretCheck;
use crate::store::{
    ACTIVE, ClaimRefused, ConnectionRow, InstallationRow, Lease, LeaseAttempt, NEEDS_REAUTHORIZATION, NewAuthorization,
    PriorExchange,
};

/// A cached access token is handed out only with this much life left.
const MIN_VALIDITY_SECS: i64 = 300;
/// Fortnox's refresh tokens live 45 days from their last use.
const REFRESH_LIFETIME_SECS: i64 = 45 * 86_400;
/// How long a request waits for another one renewing the same connection.
const LEASE_WAIT: Duration = Duration::from_secs(150);

/// An access token on its way to the installation.
pub struct Issued {
    pub access_token: Zeroizing<String>,
    pub expires_in: i64,
    pub scope: String,
    pub connection_id: String,
    pub tenant_id: Option<String>,
    pub account_type: AccountKind,
}

/// Which token a caller needs.
#[derive(Debug, Clone, Copy)]
pub enum Want {
    /// Any with five minutes left.
    Cached,
    /// One obtained after this second (`renew=true`: see `forced_renewal`).
    RenewedSince(i64),
    /// A refresh token issued at or after this time (keep-alive).
    RefreshTokenSince(i64),
}

/// One lock per connection in this replica, so waiters queue in memory
/// instead of polling the database.
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

fn not_found() -> BrokerError {
    BrokerError::refused(Refusal::ConnectionNotFound, "no such connection for this installation")
}

/// A redirect URI the broker registers: https, or http to this computer
/// (the CLI's loopback listener). `javascript:` and the like never.
fn acceptable_redirect(text: &str) -> bool {
    let Ok(url) = url::Url::parse(text) else { return false };
    let loopback = matches!(url.host(), Some(url::Host::Ipv4(ip)) if ip.is_loopback())
        || matches!(url.host(), Some(url::Host::Ipv6(ip)) if ip.is_loopback())
        || matches!(url.host(), Some(url::Host::Domain("localhost")));
    text.len() <= 500 && url.username().is_empty() && (url.scheme() == "https" || url.scheme() == "http" && loopback)
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
        self.store
            .create_installation(&id, &self.keys.hash_secret(&id, secret.expose()), label.as_deref(), self.now())
            .await?;
        tracing::info!(installation = %id, "installation enrolled");
        Ok((id, secret))
    }

    /// Who is calling, from HTTP Basic: `None` for an unknown installation
    /// or a wrong secret (told apart by nobody: an unknown id costs the
    /// same work as a wrong secret).
    pub async fn authenticate(&self, id: &str, secret: &str) -> Result<bool, BrokerError> {
        let Some((stored, last_seen)) = self.store.installation_credential(id).await? else {
            self.keys.check_nothing(secret);
            return Ok(false);
        };
        match self.keys.check_secret(id, secret, &stored) {
            SecretCheck::Invalid => return Ok(false),
            SecretCheck::Valid => {}
            SecretCheck::ValidRehash(new) => {
                self.store.rehash_secret(id, &stored, &new).await?;
            }
        }
        self.store.touch_installation(id, last_seen, self.now()).await?;
        Ok(true)
    }

    /// A new secret for the installation; the old one stops working.
    pub async fn rotate(&self, installation: &str) -> Result<InstallationSecret, BrokerError> {
        let secret = InstallationSecret::random();
        self.store
            .rotate_secret(installation, &self.keys.hash_secret(installation, secret.expose()), self.now())
            .await?;
        tracing::info!(installation, "installation secret rotated");
        Ok(secret)
    }

    /// How old the installation's secret is, in seconds.
    pub async fn secret_age(&self, installation: &str) -> Result<i64, BrokerError> {
        Ok(self.store.secret_set_at(installation).await?.map(|t| self.now() - t).unwrap_or(0))
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
        if !acceptable_redirect(redirect_uri) {
            return Err(BrokerError::refused(
                Refusal::InvalidRequest,
                "redirect_uri must be an https URL, or http to 127.0.0.1",
            ));
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
    /// state, with the verifier of its challenge, once; a code only once.
    /// `confirmed`: the desktop's protocol has no confirmation (version 1),
    /// so the connection is kept at once.
    pub async fn exchange(
        &self,
        installation: &str,
        form: Exchange<'_>,
        confirmed: bool,
    ) -> Result<Issued, BrokerError> {
        let missing = |name: &str| BrokerError::refused(Refusal::InvalidRequest, format!("{name} is required"));
        let code = form.code.ok_or_else(|| missing("code"))?;
        let redirect_uri = form.redirect_uri.ok_or_else(|| missing("redirect_uri"))?;
        let state = form.state.ok_or_else(|| missing("state"))?;
        let verifier = form.code_verifier.ok_or_else(|| {
            BrokerError::refused(Refusal::InvalidVerifier, "code_verifier is required: a code alone is not enough")
        })?;
        let challenge = PkceVerifier::new(verifier).challenge();
        let now = self.now();
        let authorization = match self
            .store
            .claim_authorization(&sha256_b64(state), installation, &challenge, redirect_uri, now)
            .await?
        {
            Ok(authorization) => authorization,
            Err(refused) => {
                let (refusal, detail) = match refused {
                    ClaimRefused::Unknown => {
                        (Refusal::UnknownState, "no authorization was registered for this state by this installation")
                    }
                    ClaimRefused::Replayed => (Refusal::StateReplayed, "this state was already exchanged"),
                    ClaimRefused::Expired => {
                        (Refusal::AuthorizationExpired, "the authorization is older than a Fortnox code lives")
                    }
                    ClaimRefused::WrongVerifier => {
                        (Refusal::InvalidVerifier, "the code_verifier does not match the registered challenge")
                    }
                    ClaimRefused::RedirectMismatch => {
                        (Refusal::RedirectMismatch, "redirect_uri differs from the registered one")
                    }
                };
                tracing::warn!(installation, code = refusal.code(), "exchange refused");
                return Err(BrokerError::refused(refusal, detail));
            }
        };
        let code_hash = sha256_b64(code);
        if let Some(prior) = self.store.record_code(&code_hash, installation, now).await? {
            return Err(self.contested(installation, &code_hash, prior).await);
        }
        self.limits.exchange(installation)?;
        let redirect = url::Url::parse(redirect_uri).map_err(|_| missing("a valid redirect_uri"))?;
        let tokens = self
            .upstream
            .tokens
            .exchange(&AuthorizationCode::new(code), &redirect, None)
            .await
            .map_err(BrokerError::from_fortnox)?;
        let tenant_id = jwt::tenant_id(tokens.access_token.expose());
        let account = match AccountKind::parse(&authorization.account_type) {
            Some(AccountKind::Service) => self.prove_service_account(&tokens.access_token, tenant_id.as_deref()).await,
            _ => AccountKind::User,
        };
        let id = format!("conn_{}", random_token(16));
        let scope = tokens.scopes.clone().unwrap_or_default().join(" ");
        let now = self.now();
        let mut row = ConnectionRow {
            id: id.clone(),
            installation_id: installation.to_string(),
            tenant_id: tenant_id.clone(),
            account_type: account.as_str().to_string(),
            scopes: scope.clone(),
            company_name: None,
            org_number: None,
            state: ACTIVE.to_string(),
            refresh_token: None,
            refresh_issued_at: tokens.refresh_token.as_ref().map(|_| now),
            access_token: None,
            access_expires_at: Some(now + tokens.expires_in.as_secs() as i64),
            created_at: now,
            last_refresh_at: Some(now),
            last_error: None,
            confirmed,
            version: 0,
            last_used_at: Some(now),
            binding: None,
        };
        row.binding = Some(self.keys.seal(row.place("binding"), &row.binding_text()));
        row.refresh_token =
            tokens.refresh_token.as_ref().map(|r| self.keys.seal(row.place("refresh_token"), r.expose()));
        row.access_token = Some(self.keys.seal(row.place("access_token"), tokens.access_token.expose()));
        if let Err(e) = self.store.insert_connection(&row).await {
            // Nobody could ever use this consent: take it back at Fortnox.
            if let Some(refresh) = &tokens.refresh_token {
                let _ = self.upstream.tokens.revoke(refresh).await;
            }
            return Err(e);
        }
        if self.store.set_code_connection(&code_hash, &id).await? {
            // Another installation presented the code while Fortnox was
            // answering this one: neither keeps what it made.
            tracing::warn!(installation, connection = %id, "the code was contested during its exchange; revoked");
            if let Err(e) = self.end_contested(installation, &id).await {
                tracing::error!(error = %e, connection = %id, "could not revoke a contested connection");
            }
            return Err(contested_refusal());
        }
        tracing::info!(installation, connection = %id, account = account.as_str(), confirmed, "connection bound");
        self.name_connection_later(&id, &tokens.access_token);
        Ok(Issued {
            access_token: Zeroizing::new(tokens.access_token.expose().to_string()),
            expires_in: tokens.expires_in.as_secs() as i64,
            scope,
            connection_id: id,
            tenant_id,
            account_type: account,
        })
    }

    /// Whether the token from a service-account exchange really is the
    /// company's service account: a client-credentials token for the
    /// tenant must act for the same user. Anything else (a person logged
    /// in without `account_type=service`, Fortnox refusing client
    /// credentials, a token that names no user) keeps the connection as
    /// the person's: it still works, renewed with its refresh token.
    async fn prove_service_account(&self, token: &AccessToken, tenant: Option<&str>) -> AccountKind {
        let (Some(tenant), Some(subject)) = (tenant, jwt::subject(token.expose())) else {
            tracing::warn!(
                "a service-account exchange gave a token without a tenant or user: kept as a user connection"
            );
            return AccountKind::User;
        };
        if let Err(e) = self.limits.upstream() {
            tracing::warn!(error = %e, "no upstream budget to check the service account: kept as a user connection");
            return AccountKind::User;
        }
        match self.upstream.tokens.client_credentials(tenant).await {
            Ok(service) if jwt::subject(service.access_token.expose()).as_deref() == Some(subject.as_str()) => {
                AccountKind::Service
            }
            Ok(_) => {
                tracing::warn!(
                    tenant,
                    "registered as a service account, but Fortnox issued a person's token: kept as that person's connection"
                );
                AccountKind::User
            }
            Err(e) => {
                tracing::warn!(tenant, error = %e, "client credentials refused after a service-account exchange: kept as a user connection");
                AccountKind::User
            }
        }
    }

    /// A code presented again. By the same installation: refused. By
    /// another: one of the two stole it, and the broker cannot tell which
    /// (Fortnox has no PKCE): the connection made from it is revoked at
    /// Fortnox and both learn it (docs/broker-protocol.md, "Codes").
    /// When the first exchange is still waiting for Fortnox, the mark makes
    /// it revoke what it gets (`exchange`).
    async fn contested(&self, installation: &str, code_hash: &str, prior: PriorExchange) -> BrokerError {
        if prior.installation_id == installation {
            return BrokerError::refused(Refusal::CodeReplayed, "this code was already exchanged");
        }
        let connection = match self.store.mark_code_contested(code_hash).await {
            Ok(connection) => connection,
            Err(e) => return e,
        };
        tracing::warn!(
            installation,
            first = %prior.installation_id,
            connection = connection.as_deref().unwrap_or("not made yet"),
            "a code was presented by a second installation; the connection made from it is revoked"
        );
        if let Some(connection) = connection
            && let Err(e) = self.end_contested(&prior.installation_id, &connection).await
        {
            tracing::error!(error = %e, connection, "could not revoke a contested connection");
        }
        contested_refusal()
    }

    /// Revokes a contested connection's refresh token at Fortnox and marks
    /// it: its desktop sees `code_contested` and asks for a new approval.
    async fn end_contested(&self, installation: &str, id: &str) -> Result<(), BrokerError> {
        let _local = self.local_locks.lock(id).await;
        let lease = self.lease(installation, id).await?;
        if let Some(sealed) = &lease.row.refresh_token {
            let refresh = self.keys.open(lease.row.place("refresh_token"), sealed)?;
            if let Err(e) = self.upstream.tokens.revoke(&RefreshToken::new(refresh.as_str())).await {
                tracing::warn!(error = %e, connection = id, "revoking a contested connection at Fortnox failed");
            }
        }
        lease.needs_reauthorization("code_contested", self.now()).await
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
    /// installation bound through a proven service-account authorization.
    pub async fn client_credentials(&self, installation: &str, tenant: &str) -> Result<Issued, BrokerError> {
        let connection = self.store.service_connection(installation, tenant.trim()).await?.ok_or_else(|| {
            tracing::warn!(installation, "client credentials for an unbound tenant refused");
            BrokerError::refused(
                Refusal::UnboundTenant,
                "this installation has no service-account connection for that tenant",
            )
        })?;
        self.check_binding(&connection)?;
        self.token(installation, &connection.id, Want::Cached).await
    }

    /// The row's account type and tenant are the ones the broker sealed
    /// when it made the connection: a row planted or edited by someone
    /// with the database but not the key is refused before Fortnox is
    /// asked for anything. Its desktop is told as for a tenant never bound.
    fn check_binding(&self, row: &ConnectionRow) -> Result<(), BrokerError> {
        let sealed = row.binding.as_deref().unwrap_or_default();
        match self.keys.open(row.place("binding"), sealed) {
            Ok(bound) if bound.as_str() == row.binding_text() => Ok(()),
            _ => {
                tracing::error!(connection = %row.id, "a connection's stored binding does not match its row: refused");
                Err(BrokerError::refused(
                    Refusal::UnboundTenant,
                    "this connection's account type or tenant was changed outside the broker; approve it again",
                ))
            }
        }
    }

    /// What `renew=true` gets: a renewal at Fortnox, at most once a
    /// minute per connection in this replica; within that minute, the
    /// token that renewal got (a desktop asking again and again costs
    /// Fortnox nothing).
    pub fn forced_renewal(&self, id: &str) -> Want {
        let now = self.now();
        let mut forced = self.forced.lock().unwrap_or_else(|e| e.into_inner());
        forced.retain(|_, at| now - *at < self.chores.renew_cooldown_secs);
        match forced.get(id) {
            Some(at) => Want::RenewedSince(*at - 1),
            None => {
                forced.insert(id.to_string(), now);
                Want::RenewedSince(now)
            }
        }
    }

    /// The desktop saved the connection: keep it.
    pub async fn confirm(&self, installation: &str, id: &str) -> Result<(), BrokerError> {
        if self.store.confirm_connection(installation, id).await? { Ok(()) } else { Err(not_found()) }
    }

    /// An access token for the installation's connection.
    pub async fn token(&self, installation: &str, id: &str, want: Want) -> Result<Issued, BrokerError> {
        let row = self.store.connection(installation, id).await?.ok_or_else(not_found)?;
        self.store.touch_connection(&row, self.now()).await?;
        if let Some(issued) = self.usable(&row, want)? {
            return Ok(issued);
        }
        let _local = self.local_locks.lock(id).await;
        let deadline = tokio::time::Instant::now() + LEASE_WAIT;
        loop {
            // Whoever held the lease before us may have done the work.
            let row = self.store.connection(installation, id).await?.ok_or_else(not_found)?;
            if let Some(issued) = self.usable(&row, want)? {
                return Ok(issued);
            }
            let now = self.now();
            match self.store.take_lease(installation, id, &self.replica, now, now + self.chores.lease_secs).await? {
                LeaseAttempt::Taken(lease) => {
                    if let Some(issued) = self.usable(&lease.row, want)? {
                        lease.release().await?;
                        return Ok(issued);
                    }
                    return self.renew(*lease).await;
                }
                LeaseAttempt::Missing => return Err(not_found()),
                LeaseAttempt::Busy if tokio::time::Instant::now() > deadline => {
                    return Err(BrokerError::Refused {
                        refusal: Refusal::UpstreamUnavailable,
                        detail: "another request is renewing this connection; try again".into(),
                        retry_after: Some(Duration::from_secs(5)),
                    });
                }
                LeaseAttempt::Busy => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }

    /// The connection's lease, waiting while another request holds it.
    async fn lease(&self, installation: &str, id: &str) -> Result<Lease, BrokerError> {
        let deadline = tokio::time::Instant::now() + LEASE_WAIT;
        loop {
            let now = self.now();
            match self.store.take_lease(installation, id, &self.replica, now, now + self.chores.lease_secs).await? {
                LeaseAttempt::Taken(lease) => return Ok(*lease),
                LeaseAttempt::Missing => return Err(not_found()),
                LeaseAttempt::Busy if tokio::time::Instant::now() > deadline => {
                    return Err(BrokerError::refused(
                        Refusal::UpstreamUnavailable,
                        "the connection is busy; try again",
                    ));
                }
                LeaseAttempt::Busy => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }

    /// The cached token, if it is what the caller wants. A connection
    /// Fortnox refused is refused at once.
    fn usable(&self, row: &ConnectionRow, want: Want) -> Result<Option<Issued>, BrokerError> {
        if row.state == NEEDS_REAUTHORIZATION {
            return Err(reauthorize(match row.last_error.as_deref() {
                Some("code_contested") => {
                    "the approval behind this connection was used by another computer too; it was revoked: approve again"
                }
                _ => "the connection must be authorized again in Fortnox",
            }));
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
            access_token: self.keys.open(row.place("access_token"), sealed)?,
            expires_in: expires_at - now,
            scope: row.scopes.clone(),
            connection_id: row.id.clone(),
            tenant_id: row.tenant_id.clone(),
            account_type: AccountKind::parse(&row.account_type).unwrap_or(AccountKind::User),
        }))
    }

    /// Asks Fortnox, under the connection's lease and with no transaction
    /// open: client credentials for a proven service account, else the
    /// refresh token, which rotates.
    async fn renew(&self, lease: Lease) -> Result<Issued, BrokerError> {
        if let Err(e) = self.limits.upstream() {
            lease.release().await?;
            return Err(e);
        }
        let row = lease.row.clone();
        let refresh =
            row.refresh_token.as_deref().map(|s| self.keys.open(row.place("refresh_token"), s)).transpose()?;
        let service = row.account_type == AccountKind::Service.as_str();
        if service && let Err(e) = self.check_binding(&row) {
            lease.release().await?;
            return Err(e);
        }
        let mut answer: Option<Result<TokenAnswer, TokenError>> = None;
        if service && let Some(tenant) = &row.tenant_id {
            let result = self.while_held(&lease, self.upstream.tokens.client_credentials(tenant)).await;
            if result.is_ok() || refresh.is_none() {
                answer = Some(result);
            } else if let Err(e) = &result {
                tracing::warn!(error = %e, connection = %row.id, "client credentials failed; using the refresh token");
            }
        }
        let answer = match (answer, &refresh) {
            (Some(answer), _) => answer,
            (None, Some(refresh)) => {
                self.while_held(&lease, self.upstream.tokens.refresh(&RefreshToken::new(refresh.as_str()))).await
            }
            (None, None) => {
                lease.needs_reauthorization("invalid_grant", self.now()).await?;
                return Err(reauthorize("the connection has no refresh token"));
            }
        };
        let now = self.now();
        match answer {
            Ok(tokens) => {
                let rotated =
                    tokens.refresh_token.as_ref().map(|r| self.keys.seal(row.place("refresh_token"), r.expose()));
                let access = self.keys.seal(row.place("access_token"), tokens.access_token.expose());
                let expires_at = now + tokens.expires_in.as_secs() as i64;
                let scope = tokens.scopes.as_ref().map(|s| s.join(" "));
                lease.keep(rotated.as_deref().map(|s| (s, now)), &access, expires_at, scope.as_deref(), now).await?;
                self.metrics.refreshes.inc();
                tracing::info!(connection = %row.id, rotated = rotated.is_some(), "new access token");
                Ok(Issued {
                    access_token: Zeroizing::new(tokens.access_token.expose().to_string()),
                    expires_in: expires_at - now,
                    scope: scope.unwrap_or(row.scopes),
                    connection_id: row.id,
                    tenant_id: row.tenant_id,
                    account_type: if service { AccountKind::Service } else { AccountKind::User },
                })
            }
            Err(e) => {
                let error = BrokerError::from_fortnox(e);
                let code = match &error {
                    BrokerError::Fortnox { error, .. } => error.clone(),
                    BrokerError::Refused { refusal, .. } => refusal.code().to_string(),
                    _ => "internal".to_string(),
                };
                self.metrics.failures.get_or_create(&crate::metrics::label("code", &code)).inc();
                if error.is_invalid_grant()
                    || matches!(&error, BrokerError::Fortnox { error, .. } if error == "invalid_client")
                        && refresh.is_none()
                {
                    tracing::warn!(connection = %row.id, "Fortnox refused the consent; the connection needs re-authorization");
                    lease.needs_reauthorization("invalid_grant", now).await?;
                } else {
                    lease.release().await?;
                }
                Err(error)
            }
        }
    }

    /// Runs `work` (a call to Fortnox), extending the lease while it runs,
    /// so that only a holder that died lets its lease expire.
    async fn while_held<T>(&self, lease: &Lease, work: impl std::future::Future<Output = T>) -> T {
        let started = std::time::Instant::now();
        let out = self.while_held_untimed(lease, work).await;
        self.metrics.upstream_seconds.observe(started.elapsed().as_secs_f64());
        out
    }

    async fn while_held_untimed<T>(&self, lease: &Lease, work: impl std::future::Future<Output = T>) -> T {
        tokio::pin!(work);
        let every = Duration::from_secs(u64::try_from(self.chores.lease_secs / 3).unwrap_or(1).max(1));
        loop {
            tokio::select! {
                out = &mut work => return out,
                () = tokio::time::sleep(every) => {
                    if let Err(e) = lease.extend(self.now() + self.chores.lease_secs).await {
                        tracing::warn!(error = %e, connection = %lease.row.id, "could not extend a renewal's lease");
                    }
                }
            }
        }
    }

    /// Revokes at Fortnox and forgets the connection. `force`: forget it
    /// even when Fortnox cannot be reached.
    pub async fn revoke(&self, installation: &str, id: &str, force: bool) -> Result<(), BrokerError> {
        let _local = self.local_locks.lock(id).await;
        let lease = self.lease(installation, id).await?;
        let refresh = lease
            .row
            .refresh_token
            .as_deref()
            .map(|s| self.keys.open(lease.row.place("refresh_token"), s))
            .transpose()?;
        if let Some(refresh) = refresh {
            match self.upstream.tokens.revoke(&RefreshToken::new(refresh.as_str())).await {
                Ok(()) => {}
                Err(e @ (TokenError::Unreachable { .. } | TokenError::Unavailable { .. })) if !force => {
                    lease.release().await?;
                    return Err(BrokerError::from_fortnox(e));
                }
                Err(e) => tracing::warn!(error = %e, connection = id, "revoke at Fortnox failed; forgetting anyway"),
            }
        }
        self.store.delete_connection(installation, id, self.now()).await?;
        tracing::info!(installation, connection = id, "connection revoked and forgotten");
        Ok(())
    }

    /// Every connection of the installation revoked at Fortnox, then the
    /// installation forgotten: the desktop's "sign this computer out", and
    /// the vendor's `installations revoke`.
    pub async fn remove_installation(&self, installation: &str) -> Result<usize, BrokerError> {
        let connections = self.store.connections(installation).await?;
        for row in &connections {
            if let Err(e) = self.revoke(installation, &row.id, true).await {
                tracing::warn!(error = %e, connection = %row.id, "could not revoke while removing an installation");
            }
        }
        self.store.delete_installation(installation).await?;
        tracing::info!(installation, connections = connections.len(), "installation removed");
        Ok(connections.len())
    }

    pub async fn installations(&self) -> Result<Vec<InstallationRow>, BrokerError> {
        self.store.installations().await
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
                confirmed: row.confirmed,
            })
            .collect())
    }

    /// Refreshes live, confirmed connections whose refresh token is older
    /// than the keep-alive age, unless nobody asked for a token for
    /// `unused_days`; a failure of one never stops the others.
    pub async fn keep_alive(&self, older_than_days: u32) -> (usize, usize) {
        let now = self.now();
        let cutoff = now - i64::from(older_than_days) * 86_400;
        let used_since = now - i64::from(self.chores.keepalive_unused_days) * 86_400;
        let Ok(aging) = self.store.aging_connections(cutoff, used_since).await else {
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

    /// Connections no desktop confirmed within the hour are revoked at
    /// Fortnox and forgotten (a desktop that crashed between the exchange
    /// and its save, or a login nobody finished).
    pub async fn revoke_unconfirmed(&self) -> usize {
        let cutoff = self.now() - self.chores.unconfirmed_secs;
        let Ok(rows) = self.store.unconfirmed_before(cutoff).await else { return 0 };
        let mut revoked = 0;
        for (id, installation) in rows {
            match self.revoke(&installation, &id, true).await {
                Ok(()) => revoked += 1,
                Err(e) => tracing::warn!(error = %e, connection = %id, "could not revoke an unconfirmed connection"),
            }
        }
        revoked
    }

    /// Installations with no connection that nobody has seen for the set
    /// time are forgotten.
    pub async fn purge_idle_installations(&self) -> u64 {
        if self.chores.purge_installations_after_days == 0 {
            return 0;
        }
        let cutoff = self.now() - i64::from(self.chores.purge_installations_after_days) * 86_400;
        self.store.purge_idle_installations(cutoff).await.unwrap_or_else(|e| {
            tracing::warn!(error = %e, "could not purge idle installations");
            0
        })
    }

    /// Seals every stored value again under the current key (after a key
    /// change), a batch at a time, while tokens keep being served: a row
    /// that changed meanwhile is read again. Installation secrets' hashes
    /// move too, so no desktop has to sign in while the old key is still
    /// named. Returns how many connections and installations were sealed.
    pub async fn rekey(&self, progress: &dyn Fn(usize)) -> Result<Rekeyed, BrokerError> {
        let mut done = Rekeyed::default();
        let mut after = String::new();
        loop {
            let batch = self.store.connections_after(&after, 500).await?;
            let Some(last) = batch.last() else { break };
            after = last.id.clone();
            for row in batch {
                done.connections += usize::from(self.reseal_connection(row).await?);
            }
            progress(done.connections);
        }
        for (id, stored) in self.store.secret_hashes().await? {
            // A rotation meanwhile stored a hash under the current key.
            if let Some(new) = self.keys.reseal_hash(&id, &stored)?
                && self.store.rehash_secret(&id, &stored, &new).await?
            {
                done.installations += 1;
            }
        }
        Ok(done)
    }

    /// One connection's sealed values under the current key; whether it
    /// needed it.
    async fn reseal_connection(&self, mut row: ConnectionRow) -> Result<bool, BrokerError> {
        const FIELDS: [&str; 3] = ["refresh_token", "access_token", "binding"];
        loop {
            let values = [&row.refresh_token, &row.access_token, &row.binding];
            if values.iter().all(|v| v.as_deref().is_none_or(|s| self.keys.is_current(s))) {
                return Ok(false);
            }
            let mut sealed: [Option<String>; 3] = Default::default();
            for ((field, value), out) in FIELDS.iter().zip(values).zip(&mut sealed) {
                if let Some(value) = value {
                    *out = Some(self.keys.seal(row.place(field), &self.keys.open(row.place(field), value)?));
                }
            }
            if self.store.reseal(&row, sealed.each_ref().map(Option::as_deref)).await? {
                return Ok(true);
            }
            match self.store.connection_by_id(&row.id).await? {
                Some(fresh) => row = fresh,
                None => return Ok(false),
            }
        }
    }
}

/// What `rekey` sealed again.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Rekeyed {
    pub connections: usize,
    pub installations: usize,
}

fn contested_refusal() -> BrokerError {
    BrokerError::refused(
        Refusal::CodeContested,
        "this approval was already used by another computer; for safety the connection made from it was revoked in Fortnox: approve again",
    )
}
