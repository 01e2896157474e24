//! Where tokens come from, as the profile's `[token_auth]` says: Fortnox's
//! token endpoint with a client secret on this machine (an in-house
//! integration), or the vendor's token broker, which keeps the secret and
//! the refresh tokens (docs/broker-protocol.md).

use std::sync::Mutex;

use fortnox_oauth::TokenError;
use fortnox_oauth::broker::{AccountKind, BrokerClient, Installation, Refusal};
use fortnox_oauth::endpoint::TokenEndpoint;
use url::Url;

use crate::catalogue::{TokenGrant, classify_token_error};
use crate::connection::AccountType;
use crate::error::{Error, Result};
use crate::http::Backoff;
use crate::profile::{Profile, TokenAuth};
use crate::secret::{AuthorizationCode, ClientSecret, PkceVerifier, RefreshToken};
use crate::store::secrets::Secrets;

/// What a token endpoint handed out.
pub type Tokens = fortnox_oauth::TokenAnswer;

/// What a code exchange produced.
#[derive(Debug)]
pub struct Exchanged {
    pub tokens: Tokens,
    /// The broker's connection (broker mode; it holds the refresh token).
    pub broker_connection: Option<String>,
    /// The account type the broker bound, when it says: a service account
    /// only if Fortnox issued a service account's token.
    pub account_type: Option<AccountType>,
}

enum Kind {
    Direct {
        auth_base: Url,
        secret_from: SecretFrom,
    },
    Broker {
        client: BrokerClient,
        installation: Mutex<Option<Installation>>,
        /// One enrollment at a time in this process (two logins at once
        /// on a new computer must not make two installations).
        enrolling: tokio::sync::Mutex<()>,
    },
}

#[derive(Debug, Clone)]
enum SecretFrom {
    Env(String),
    Keyring,
}

pub struct TokenSource {
    kind: Kind,
    http: fortnox_oauth::http::Http,
    client_id: String,
    secrets: Secrets,
    backoff: Backoff,
    /// A file locked while enrolling, so that the app and the CLI started
    /// together on a new computer enroll once between them.
    enroll_lock: Option<std::path::PathBuf>,
}

/// A refusal from a token endpoint or the broker, as a catalogue error.
pub(crate) fn map_token_error(grant: TokenGrant, broker: bool, error: TokenError) -> Error {
    match error {
        TokenError::Refused { error, description, status, .. } => match Refusal::parse(&error).filter(|_| broker) {
            Some(refusal) => {
                Error::BrokerRefused { refusal: refusal.code(), status, detail: description.unwrap_or_default() }
            }
            None => Error::TokenRefused {
                code: classify_token_error(grant, &error, description.as_deref()),
                grant,
                error,
                description,
            },
        },
        TokenError::Unavailable { status: 429, what, .. } => Error::RateLimited { what },
        TokenError::Unavailable { status, what, .. } if broker && status != 502 => {
            Error::BrokerUnavailable { detail: format!("{what} answered HTTP {status}") }
        }
        TokenError::Unavailable { status, what, .. } => Error::ServerError { what, status },
        TokenError::Unreachable { detail, .. } if broker => Error::BrokerUnavailable { detail },
        TokenError::Unreachable { what, detail } => Error::Unreachable { what, detail },
        TokenError::Invalid { what, detail } => Error::InvalidResponse { what, detail },
    }
}

impl TokenSource {
    pub fn new(profile: &Profile, http: fortnox_oauth::http::Http, secrets: Secrets) -> TokenSource {
        let kind = match &profile.token_auth {
            TokenAuth::Broker { url } => Kind::Broker {
                client: BrokerClient::new(http.clone(), url, &profile.client_id),
                installation: Mutex::new(None),
                enrolling: tokio::sync::Mutex::new(()),
            },
            TokenAuth::ClientSecretEnv { var } => Kind::Direct {
                auth_base: profile.endpoints.auth_base.clone(),
                secret_from: SecretFrom::Env(var.clone()),
            },
            TokenAuth::ClientSecretKeyring => {
                Kind::Direct { auth_base: profile.endpoints.auth_base.clone(), secret_from: SecretFrom::Keyring }
            }
        };
        TokenSource {
            kind,
            http,
            client_id: profile.client_id.clone(),
            secrets,
            backoff: Backoff::default(),
            enroll_lock: None,
        }
    }

    /// Enrollment at the broker holds this file's lock (across processes).
    pub fn with_enroll_lock(mut self, path: std::path::PathBuf) -> TokenSource {
        self.enroll_lock = Some(path);
        self
    }

    /// Shorter waits between retries (tests).
    pub fn with_backoff(mut self, backoff: Backoff) -> TokenSource {
        self.backoff = backoff;
        if let Kind::Broker { client, .. } = &mut self.kind {
            *client = client.clone().with_backoff(backoff);
        }
        self
    }

    pub fn is_broker(&self) -> bool {
        matches!(self.kind, Kind::Broker { .. })
    }

    fn client_secret(&self, from: &SecretFrom) -> Result<ClientSecret> {
        match from {
            SecretFrom::Env(var) => match std::env::var(var) {
                Ok(value) if !value.trim().is_empty() => Ok(ClientSecret::new(value.trim())),
                _ => Err(Error::ClientSecretMissing(format!("the environment variable {var} is not set"))),
            },
            SecretFrom::Keyring => self
                .secrets
                .client_secret(&self.client_id)?
                .ok_or_else(|| Error::ClientSecretMissing("no client secret has been entered in the keyring".into())),
        }
    }

    /// Fortnox's token endpoint with the client secret (client-secret modes).
    fn endpoint(&self) -> Result<Option<TokenEndpoint>> {
        match &self.kind {
            Kind::Direct { auth_base, secret_from } => {
                let secret = self.client_secret(secret_from)?;
                Ok(Some(
                    TokenEndpoint::new(self.http.clone(), auth_base, &self.client_id, secret)
                        .with_backoff(self.backoff),
                ))
            }
            Kind::Broker { .. } => Ok(None),
        }
    }

    /// Whether client credentials can be asked for here (a secret on this
    /// machine).
    pub fn has_client_secret(&self) -> bool {
        matches!(&self.kind, Kind::Direct { secret_from, .. } if self.client_secret(secret_from).is_ok())
    }

    /// This desktop's broker installation: from the keyring, else enrolled
    /// now and kept there before it is used. Only one enrollment runs at a
    /// time, in this process and (with the lock file) across processes;
    /// whoever waited reads what the first one kept.
    async fn installation(&self, client: &BrokerClient, slot: &Mutex<Option<Installation>>) -> Result<Installation> {
        let known = || slot.lock().unwrap_or_else(|e| e.into_inner()).clone();
        if let Some(known) = known() {
            return Ok(known);
        }
        let Kind::Broker { enrolling, .. } = &self.kind else { unreachable!("only a broker has installations") };
        let _one_here = enrolling.lock().await;
        if let Some(known) = known() {
            return Ok(known);
        }
        let stored = |secrets: &Secrets| -> Result<Option<Installation>> {
            Ok(secrets.installation(client.base())?.map(|(id, secret)| Installation { id, secret }))
        };
        let installation = match stored(&self.secrets)? {
            Some(installation) => installation,
            None => {
                let _one_anywhere = match &self.enroll_lock {
                    Some(path) => Some(
                        crate::store::lock::FileLock::acquire(
                            path,
                            crate::store::lock::DEFAULT_WAIT,
                            "enrolling at the token broker",
                        )
                        .await?,
                    ),
                    None => None,
                };
                match stored(&self.secrets)? {
                    Some(installation) => installation,
                    None => {
                        let label = format!("Fortnox Connect {} ({})", env!("CARGO_PKG_VERSION"), std::env::consts::OS);
                        let enrolled = client
                            .enroll(&label)
                            .await
                            .map_err(|e| map_token_error(TokenGrant::AuthorizationCode, true, e))?;
                        self.secrets.set_installation(client.base(), &enrolled.id, &enrolled.secret)?;
                        tracing::info!("enrolled at the token broker");
                        enrolled
                    }
                }
            }
        };
        *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(installation.clone());
        Ok(installation)
    }

    /// Everything a login will need afterwards is in place: the client
    /// secret, or an installation at the broker.
    pub async fn ready(&self) -> Result<()> {
        match &self.kind {
            Kind::Direct { .. } => self.endpoint().map(|_| ()),
            Kind::Broker { client, installation, .. } => self.installation(client, installation).await.map(|_| ()),
        }
    }

    /// Before the login: the broker learns the state's hash and a PKCE
    /// challenge, and the verifier is returned for the exchange. A broker
    /// that no longer knows this installation (its database was reset) is
    /// enrolled with again, once.
    pub async fn bind_login(
        &self,
        state: &str,
        redirect_uri: &Url,
        account: AccountType,
    ) -> Result<Option<PkceVerifier>> {
        let Kind::Broker { client, installation, .. } = &self.kind else {
            return Ok(None);
        };
        let verifier = PkceVerifier::random();
        let kind = match account {
            AccountType::User => AccountKind::User,
            AccountType::Service => AccountKind::Service,
        };
        let mut current = self.installation(client, installation).await?;
        for attempt in 0..2 {
            match client.register(&current, state, &verifier, redirect_uri, kind).await {
                Ok(()) => return Ok(Some(verifier)),
                Err(TokenError::Refused { error, .. })
                    if attempt == 0 && error == Refusal::InvalidInstallation.code() =>
                {
                    tracing::warn!("the token broker no longer knows this installation; enrolling again");
                    self.secrets.delete_installation(client.base())?;
                    *installation.lock().unwrap_or_else(|e| e.into_inner()) = None;
                    current = self.installation(client, installation).await?;
                }
                Err(e) => return Err(map_token_error(TokenGrant::AuthorizationCode, true, e)),
            }
        }
        unreachable!("the loop returns on its second attempt")
    }

    /// Exchanges the code: with the client secret here, or through the
    /// broker with the state and verifier it registered.
    pub async fn exchange(
        &self,
        code: &AuthorizationCode,
        redirect_uri: &Url,
        state: &str,
        verifier: Option<&PkceVerifier>,
    ) -> Result<Exchanged> {
        let grant = TokenGrant::AuthorizationCode;
        match &self.kind {
            Kind::Direct { .. } => {
                let endpoint = self.endpoint()?.expect("direct mode has an endpoint");
                let tokens = endpoint
                    .exchange(code, redirect_uri, verifier)
                    .await
                    .map_err(|e| map_token_error(grant, false, e))?;
                Ok(Exchanged { tokens, broker_connection: None, account_type: None })
            }
            Kind::Broker { client, installation, .. } => {
                let installation = self.installation(client, installation).await?;
                let verifier = verifier.ok_or(Error::StateRejected(crate::error::StateProblem::Unknown))?;
                let grant_answer = client
                    .exchange(&installation, code, redirect_uri, state, verifier)
                    .await
                    .map_err(|e| map_token_error(grant, true, e))?;
                let account_type = grant_answer.account_type.map(|kind| match kind {
                    AccountKind::User => AccountType::User,
                    AccountKind::Service => AccountType::Service,
                });
                Ok(Exchanged {
                    tokens: grant_answer.tokens,
                    broker_connection: Some(grant_answer.connection_id),
                    account_type,
                })
            }
        }
    }

    /// Client credentials for a service-account consent (secret here).
    pub async fn client_credentials(&self, tenant_id: &str) -> Result<Tokens> {
        let endpoint =
            self.endpoint()?.ok_or_else(|| Error::ClientSecretMissing("tokens come from the broker".into()))?;
        endpoint
            .client_credentials(tenant_id)
            .await
            .map_err(|e| map_token_error(TokenGrant::ClientCredentials, false, e))
    }

    /// Spends the refresh token for a new pair (secret here).
    pub async fn refresh(&self, refresh_token: &RefreshToken) -> Result<Tokens> {
        let endpoint =
            self.endpoint()?.ok_or_else(|| Error::ClientSecretMissing("tokens come from the broker".into()))?;
        endpoint.refresh(refresh_token).await.map_err(|e| map_token_error(TokenGrant::RefreshToken, false, e))
    }

    /// An access token for a connection the broker keeps; `renew` asks for
    /// a new one whatever it has cached.
    pub async fn broker_token(&self, broker_connection: &str, renew: bool) -> Result<Tokens> {
        let Kind::Broker { client, installation, .. } = &self.kind else {
            return Err(Error::ClientSecretMissing("this profile has no token broker".into()));
        };
        let current = self.installation(client, installation).await?;
        let result = match client.connection_token(&current, broker_connection, renew).await {
            // Another program on this computer (the keep-alive) may have
            // rotated the secret since this one read it: read it again.
            Err(TokenError::Refused { error, .. })
                if error == Refusal::InvalidInstallation.code()
                    && self.reload_installation(client, installation, &current)? =>
            {
                let fresh = self.installation(client, installation).await?;
                client.connection_token(&fresh, broker_connection, renew).await
            }
            other => other,
        };
        result.map_err(|e| map_token_error(TokenGrant::RefreshToken, true, e))
    }

    /// Forgets the credential held in memory if the keyring now holds
    /// another one; says whether it did.
    fn reload_installation(
        &self,
        client: &BrokerClient,
        slot: &Mutex<Option<Installation>>,
        used: &Installation,
    ) -> Result<bool> {
        let changed = match self.secrets.installation(client.base())? {
            Some((id, secret)) => id != used.id || secret != used.secret,
            None => false,
        };
        if changed {
            *slot.lock().unwrap_or_else(|e| e.into_inner()) = None;
        }
        Ok(changed)
    }

    /// Revokes a refresh token at Fortnox (secret here).
    pub async fn revoke_refresh(&self, refresh_token: &RefreshToken) -> Result<()> {
        let Some(endpoint) = self.endpoint()? else {
            return Ok(());
        };
        endpoint.revoke(refresh_token).await.map_err(|e| map_token_error(TokenGrant::RefreshToken, false, e))
    }

    /// Revokes a broker connection at Fortnox and makes the broker forget
    /// it; `force` forgets it even when Fortnox cannot be reached.
    pub async fn revoke_broker(&self, broker_connection: &str, force: bool) -> Result<()> {
        let Kind::Broker { client, installation, .. } = &self.kind else {
            return Ok(());
        };
        let installation = self.installation(client, installation).await?;
        match client.revoke(&installation, broker_connection, force).await {
            // Already gone at the broker: nothing left to revoke.
            Err(TokenError::Refused { error, .. }) if error == Refusal::ConnectionNotFound.code() => Ok(()),
            other => other.map_err(|e| map_token_error(TokenGrant::RefreshToken, true, e)),
        }
    }

    /// Tells the broker the connection was saved here (else it revokes it
    /// within the hour).
    pub async fn confirm_broker(&self, broker_connection: &str) -> Result<()> {
        let Kind::Broker { client, installation, .. } = &self.kind else {
            return Ok(());
        };
        let installation = self.installation(client, installation).await?;
        client
            .confirm(&installation, broker_connection)
            .await
            .map_err(|e| map_token_error(TokenGrant::RefreshToken, true, e))
    }

    /// The broker's connections for this installation, and the age of
    /// its secret (none in client-secret mode).
    pub async fn broker_connections(&self) -> Result<Option<fortnox_oauth::broker::ConnectionList>> {
        let Kind::Broker { client, installation, .. } = &self.kind else {
            return Ok(None);
        };
        let installation = self.installation(client, installation).await?;
        client
            .connections(&installation)
            .await
            .map(Some)
            .map_err(|e| map_token_error(TokenGrant::RefreshToken, true, e))
    }

    /// A new installation secret, kept in the keyring before the old one
    /// is forgotten here.
    pub async fn rotate_installation(&self) -> Result<()> {
        let Kind::Broker { client, installation, .. } = &self.kind else {
            return Ok(());
        };
        let current = self.installation(client, installation).await?;
        let rotated = client.rotate(&current).await.map_err(|e| map_token_error(TokenGrant::RefreshToken, true, e))?;
        self.secrets.set_installation(client.base(), &rotated.id, &rotated.secret)?;
        *installation.lock().unwrap_or_else(|e| e.into_inner()) = Some(rotated);
        tracing::info!("installation secret rotated at the token broker");
        Ok(())
    }

    /// "Sign this computer out": every connection of this installation
    /// revoked at Fortnox, the installation forgotten at the broker and its
    /// credential here. Nothing to do in client-secret mode.
    pub async fn sign_out(&self) -> Result<()> {
        let Kind::Broker { client, installation, .. } = &self.kind else {
            return Ok(());
        };
        let Some((id, secret)) = self.secrets.installation(client.base())? else {
            return Ok(());
        };
        match client.sign_out(&Installation { id, secret }).await {
            Ok(()) => {}
            // Already forgotten there.
            Err(TokenError::Refused { error, .. }) if error == Refusal::InvalidInstallation.code() => {}
            Err(e) => return Err(map_token_error(TokenGrant::RefreshToken, true, e)),
        }
        self.secrets.delete_installation(client.base())?;
        *installation.lock().unwrap_or_else(|e| e.into_inner()) = None;
        Ok(())
    }

    /// Moves the credential of versions before the binding to this
    /// profile's broker (see `Secrets::adopt_legacy_installation`).
    pub fn adopt_legacy_installation(&self) -> Result<()> {
        match &self.kind {
            Kind::Broker { client, .. } => self.secrets.adopt_legacy_installation(client.base()),
            Kind::Direct { .. } => Ok(()),
        }
    }

    /// Revokes what an exchange produced that nobody keeps.
    pub async fn revoke_exchanged(&self, exchanged: &Exchanged) -> Result<()> {
        match (&exchanged.broker_connection, &exchanged.tokens.refresh_token) {
            (Some(id), _) => self.revoke_broker(id, true).await,
            (None, Some(refresh)) => self.revoke_refresh(refresh).await,
            (None, None) => Ok(()),
        }
    }
}
