//! The desktop's side of the broker protocol: enroll once, register each
//! authorization before the login, exchange with the verifier, and ask for
//! access tokens for its own connections.

use std::time::Duration;

use serde::Deserialize;
use url::Url;

use super::{
    AccountKind, AuthorizationRequest, CONNECTION_GRANT, ConnectionList, EnrollRequest, Enrolled, PROTOCOL_HEADER,
    PROTOCOL_VERSION, TokenIssued, paths,
};
use crate::endpoint::{TokenAnswer, read_revoke_answer, refusal_from_body, split_scopes};
use crate::error::TokenError;
use crate::http;
use crate::retry::{Backoff, with_retries};
use crate::secret::{AuthorizationCode, InstallationSecret, PkceVerifier, sha256_b64};

/// This desktop's identity at the broker (kept in the OS keyring).
#[derive(Debug, Clone)]
pub struct Installation {
    pub id: String,
    pub secret: InstallationSecret,
}

/// The result of a code exchange through the broker: an access token and
/// the connection the broker keeps the refresh token for.
#[derive(Debug)]
pub struct BrokerGrant {
    pub tokens: TokenAnswer,
    pub connection_id: String,
    pub tenant_id: Option<String>,
    /// What the broker bound (a service account only if Fortnox issued a
    /// service account's token); `None` from a version 1 broker.
    pub account_type: Option<AccountKind>,
}

#[derive(Clone)]
pub struct BrokerClient {
    http: crate::http::Http,
    base: Url,
    client_id: String,
    backoff: Backoff,
}

const WHAT: &str = "the token broker";

impl BrokerClient {
    pub fn new(http: crate::http::Http, base: &Url, client_id: &str) -> BrokerClient {
        BrokerClient { http, base: base.clone(), client_id: client_id.to_string(), backoff: Backoff::default() }
    }

    pub fn with_backoff(mut self, backoff: Backoff) -> BrokerClient {
        self.backoff = backoff;
        self
    }

    pub fn base(&self) -> &Url {
        &self.base
    }

    fn url(&self, path: &str) -> Url {
        let mut url = self.base.clone();
        url.set_path(&format!("{}/{path}", self.base.path().trim_end_matches('/')));
        url.set_query(None);
        url
    }

    fn post(&self, path: &str, installation: Option<&Installation>) -> reqwest::RequestBuilder {
        let mut request = self.http.post(self.url(path)).header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string());
        if let Some(inst) = installation {
            request = request.basic_auth(&inst.id, Some(inst.secret.expose()));
        }
        request
    }

    /// Sends once; 2xx gives the body, anything else a `TokenError`.
    async fn call(&self, request: reqwest::RequestBuilder) -> Result<Vec<u8>, TokenError> {
        let answer = http::send(request).await.map_err(|e| TokenError::from_http(WHAT, e))?;
        match answer.status {
            200..=299 => Ok(answer.body),
            status if status >= 500 || status == 429 => {
                Err(TokenError::Unavailable { what: WHAT.to_string(), status, retry_after: answer.retry_after() })
            }
            status => Err(refusal_from_body(WHAT, status, &answer.body)),
        }
    }

    /// Retries trouble reaching the broker. Fortnox being unreachable
    /// (502) is not retried here: the broker already did.
    async fn retried<F, Fut>(&self, what: &str, operation: F) -> Result<Vec<u8>, TokenError>
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = Result<Vec<u8>, TokenError>>,
    {
        with_retries(self.backoff, what, || async {
            match operation().await {
                Err(e @ TokenError::Unavailable { status: 502, .. }) => Ok(Err(e)),
                other => other.map(Ok),
            }
        })
        .await?
    }

    fn parse<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<T, TokenError> {
        serde_json::from_slice(body).map_err(|e| TokenError::Invalid {
            what: WHAT.to_string(),
            detail: format!("unexpected JSON (line {}, column {})", e.line(), e.column()),
        })
    }

    /// Enrolls this desktop; the credential is returned once.
    pub async fn enroll(&self, label: &str) -> Result<Installation, TokenError> {
        let request = EnrollRequest { client_id: self.client_id.clone(), label: Some(label.to_string()) };
        let body = with_retries(self.backoff, "enrolling at the token broker", || {
            self.call(self.post(paths::INSTALLATIONS, None).json(&request))
        })
        .await?;
        let enrolled: Enrolled = Self::parse(&body)?;
        Ok(Installation { id: enrolled.installation_id, secret: enrolled.installation_secret })
    }

    /// A new secret for this installation; the old one stops working when
    /// the answer is sent. Not retried: a lost answer would leave the new
    /// secret unknown here (the old one is then refused, and the desktop
    /// enrolls again).
    pub async fn rotate(&self, installation: &Installation) -> Result<Installation, TokenError> {
        let body = self.call(self.post(paths::ROTATE, Some(installation))).await?;
        let enrolled: Enrolled = Self::parse(&body)?;
        Ok(Installation { id: enrolled.installation_id, secret: enrolled.installation_secret })
    }

    /// Revokes every connection of this installation at Fortnox and makes
    /// the broker forget the installation ("sign this computer out").
    pub async fn sign_out(&self, installation: &Installation) -> Result<(), TokenError> {
        self.retried("signing out at the token broker", || self.call(self.post(paths::SIGN_OUT, Some(installation))))
            .await
            .map(|_| ())
    }

    /// Tells the broker the connection an exchange made was saved here;
    /// one never confirmed is revoked after an hour.
    pub async fn confirm(&self, installation: &Installation, connection_id: &str) -> Result<(), TokenError> {
        let form = [("connection_id", connection_id)];
        self.retried("confirming the connection at the token broker", || {
            self.call(self.post(paths::CONFIRM, Some(installation)).form(&form))
        })
        .await
        .map(|_| ())
    }

    /// Registers an authorization before the login: the state's hash and
    /// the verifier's S256 challenge.
    pub async fn register(
        &self,
        installation: &Installation,
        state: &str,
        verifier: &PkceVerifier,
        redirect_uri: &Url,
        account_type: AccountKind,
    ) -> Result<(), TokenError> {
        let request = AuthorizationRequest {
            state_hash: sha256_b64(state),
            code_challenge: verifier.challenge(),
            code_challenge_method: "S256".into(),
            redirect_uri: redirect_uri.to_string(),
            account_type,
        };
        with_retries(self.backoff, "registering the authorization", || {
            self.call(self.post(paths::AUTHORIZATIONS, Some(installation)).json(&request))
        })
        .await
        .map(|_| ())
    }

    /// Exchanges the code; the broker keeps the refresh token. Not retried:
    /// a code is single use.
    pub async fn exchange(
        &self,
        installation: &Installation,
        code: &AuthorizationCode,
        redirect_uri: &Url,
        state: &str,
        verifier: &PkceVerifier,
    ) -> Result<BrokerGrant, TokenError> {
        let form = [
            ("grant_type", "authorization_code"),
            ("code", code.expose()),
            ("redirect_uri", redirect_uri.as_str()),
            ("state", state),
            ("code_verifier", verifier.expose()),
        ];
        let body = self.call(self.post(paths::TOKEN, Some(installation)).form(&form)).await?;
        let token: TokenIssued = Self::parse(&body)?;
        let (connection_id, tenant_id, account_type) =
            (token.connection_id.clone(), token.tenant_id.clone(), token.account_type);
        Ok(BrokerGrant { tokens: answer(token), connection_id, tenant_id, account_type })
    }

    /// A valid access token for one of this installation's connections;
    /// `renew` asks for a new one whatever the broker has cached.
    pub async fn connection_token(
        &self,
        installation: &Installation,
        connection_id: &str,
        renew: bool,
    ) -> Result<TokenAnswer, TokenError> {
        let mut form = vec![("grant_type", CONNECTION_GRANT), ("connection_id", connection_id)];
        if renew {
            form.push(("renew", "true"));
        }
        let body = self
            .retried("asking the token broker for a token", || {
                self.call(self.post(paths::TOKEN, Some(installation)).form(&form))
            })
            .await?;
        Ok(answer(Self::parse(&body)?))
    }

    /// `client_credentials` for a tenant this installation bound through a
    /// service-account authorization.
    pub async fn client_credentials(
        &self,
        installation: &Installation,
        tenant_id: &str,
    ) -> Result<TokenAnswer, TokenError> {
        let form = [("grant_type", "client_credentials")];
        let body = self
            .retried("client credentials through the token broker", || {
                self.call(self.post(paths::TOKEN, Some(installation)).header("TenantId", tenant_id).form(&form))
            })
            .await?;
        Ok(answer(Self::parse(&body)?))
    }

    /// Revokes the connection at Fortnox and makes the broker forget it.
    /// `force`: forget it even if Fortnox cannot be reached.
    pub async fn revoke(
        &self,
        installation: &Installation,
        connection_id: &str,
        force: bool,
    ) -> Result<(), TokenError> {
        let force = if force { "true" } else { "false" };
        let form = [("connection_id", connection_id), ("force", force)];
        self.retried("revoking through the token broker", || async {
            let request = self.post(paths::REVOKE, Some(installation)).form(&form);
            let answer = http::send(request).await.map_err(|e| TokenError::from_http(WHAT, e))?;
            read_revoke_answer(WHAT, &answer).map(|()| Vec::new())
        })
        .await
        .map(|_| ())
    }

    /// This installation's connections as the broker knows them, and how
    /// old its secret is.
    pub async fn connections(&self, installation: &Installation) -> Result<ConnectionList, TokenError> {
        let body = with_retries(self.backoff, "listing connections at the token broker", || {
            let request = self
                .http
                .get(self.url(paths::CONNECTIONS))
                .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
                .basic_auth(&installation.id, Some(installation.secret.expose()));
            self.call(request)
        })
        .await?;
        Self::parse::<ConnectionList>(&body)
    }
}

fn answer(body: TokenIssued) -> TokenAnswer {
    TokenAnswer {
        access_token: body.access_token,
        expires_in: Duration::from_secs(u64::try_from(body.expires_in).unwrap_or(0)),
        refresh_token: None,
        scopes: (!body.scope.is_empty()).then(|| split_scopes(&body.scope)),
    }
}
