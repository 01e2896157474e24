//! Fortnox's token endpoint through the `oauth2` crate: the code exchange
//! (same redirect URI as at authorize), refresh, client credentials with
//! the `TenantId` header, and revoke. Authenticated with HTTP Basic and the
//! client secret, or sent to the vendor's token broker without one.

use std::sync::Arc;
use std::time::Duration;

use oauth2::basic::{BasicClient, BasicErrorResponse, BasicTokenResponse};
use oauth2::{
    AuthUrl, AuthorizationCode as OAuthCode, ClientId, ClientSecret as OAuthSecret, EndpointNotSet, EndpointSet,
    HttpRequest, HttpResponse, PkceCodeVerifier, RedirectUrl, RefreshToken as OAuthRefresh, RequestTokenError,
    RevocationUrl, TokenResponse, TokenUrl,
};
use url::Url;

use crate::catalogue::{TokenGrant, classify_token_error};
use crate::error::{Error, Result};
use crate::http;
use crate::profile::{Profile, TokenAuth, scopes};
use crate::secret::{AccessToken, AuthorizationCode, ClientSecret, RefreshToken};
use crate::store::SecretStore;
use crate::store::secrets::keys;

/// What the token endpoint handed out.
#[derive(Debug)]
pub struct Tokens {
    pub access_token: AccessToken,
    /// How long the access token lives (from when Fortnox answered).
    pub expires_in: Duration,
    /// None for client credentials.
    pub refresh_token: Option<RefreshToken>,
    /// The granted scopes, when the answer lists them.
    pub scopes: Option<Vec<String>>,
}

type Client = BasicClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointSet, EndpointSet>;

/// Transport failures from inside the oauth2 crate's HTTP hook.
#[derive(Debug, thiserror::Error)]
enum HttpFailure {
    #[error("{0}")]
    Unreachable(String),
    #[error("server error {0}")]
    Server(u16),
    #[error("{0}")]
    Invalid(String),
}

#[derive(Clone)]
pub struct TokenClient {
    http: reqwest::Client,
    client_id: String,
    token_url: Url,
    revoke_url: Url,
    auth_base: Url,
    token_auth: TokenAuth,
    secrets: Arc<dyn SecretStore>,
    backoff: http::Backoff,
}

impl TokenClient {
    pub fn new(profile: &Profile, http: reqwest::Client, secrets: Arc<dyn SecretStore>) -> TokenClient {
        let (token_url, revoke_url) = match &profile.token_auth {
            TokenAuth::Broker { url } => (TokenAuth::broker_token_url(url), TokenAuth::broker_revoke_url(url)),
            _ => (profile.endpoints.token_url(), profile.endpoints.revoke_url()),
        };
        TokenClient {
            http,
            client_id: profile.client_id.clone(),
            token_url,
            revoke_url,
            auth_base: profile.endpoints.authorize_url(),
            token_auth: profile.token_auth.clone(),
            secrets,
            backoff: http::Backoff::default(),
        }
    }

    /// Shorter waits between retries (tests).
    pub fn with_backoff(mut self, backoff: http::Backoff) -> TokenClient {
        self.backoff = backoff;
        self
    }

    /// Whether token calls can be made without asking anyone (a secret is
    /// configured and present, or a broker is used).
    pub fn has_credentials(&self) -> bool {
        self.client_secret().is_ok()
    }

    /// Like `has_credentials`, with the reason when there are none.
    pub fn check_credentials(&self) -> Result<()> {
        self.client_secret().map(|_| ())
    }

    fn client_secret(&self) -> Result<Option<ClientSecret>> {
        match &self.token_auth {
            TokenAuth::Broker { .. } => Ok(None),
            TokenAuth::ClientSecretEnv { var } => match std::env::var(var) {
                Ok(value) if !value.trim().is_empty() => Ok(Some(ClientSecret::new(value.trim()))),
                _ => Err(Error::ClientSecretMissing(format!("the environment variable {var} is not set"))),
            },
            TokenAuth::ClientSecretKeyring => match self.secrets.get(&keys::client_secret(&self.client_id))? {
                Some(value) if !value.is_empty() => Ok(Some(ClientSecret::new(value))),
                _ => Err(Error::ClientSecretMissing("no client secret has been entered in the keyring".into())),
            },
        }
    }

    fn client(&self) -> Result<Client> {
        let mut client = BasicClient::new(ClientId::new(self.client_id.clone()))
            .set_auth_uri(AuthUrl::from_url(self.auth_base.clone()))
            .set_token_uri(TokenUrl::from_url(self.token_url.clone()))
            .set_revocation_url(RevocationUrl::from_url(self.revoke_url.clone()));
        if let Some(secret) = self.client_secret()? {
            client = client.set_client_secret(OAuthSecret::new(secret.expose().to_string()));
        }
        Ok(client)
    }

    /// The HTTP hook given to oauth2: adds headers, caps the answer, and
    /// turns 5xx into a transport-level failure (retried, never parsed).
    fn transport(
        &self,
        extra_headers: Vec<(&'static str, String)>,
    ) -> impl Fn(
        HttpRequest,
    ) -> std::pin::Pin<
        Box<dyn std::future::Future<Output = std::result::Result<HttpResponse, HttpFailure>> + Send>,
    > + '_ {
        move |request: HttpRequest| {
            let http = self.http.clone();
            let headers = extra_headers.clone();
            Box::pin(async move {
                let (parts, body) = request.into_parts();
                let mut builder = http.request(parts.method, parts.uri.to_string()).headers(parts.headers).body(body);
                for (name, value) in headers {
                    builder = builder.header(name, value);
                }
                let answer = http::send(builder, "token endpoint").await.map_err(|e| match e {
                    Error::InvalidResponse { detail, .. } => HttpFailure::Invalid(detail),
                    other => HttpFailure::Unreachable(other.to_string()),
                })?;
                if answer.status >= 500 {
                    return Err(HttpFailure::Server(answer.status));
                }
                let mut response = http_response(answer.status, answer.body);
                *response.headers_mut() = answer.headers;
                Ok(response)
            })
        }
    }

    /// Runs a token request, retrying transport failures and 5xx.
    async fn with_retries<T, F, Fut>(&self, what: &str, grant: TokenGrant, mut attempt: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = std::result::Result<T, RequestTokenError<HttpFailure, BasicErrorResponse>>>,
    {
        let mut tries = 0;
        loop {
            let error = match attempt().await {
                Ok(value) => return Ok(value),
                Err(e) => map_error(what, grant, e),
            };
            tries += 1;
            if !error.is_transient() || tries >= self.backoff.attempts {
                return Err(error);
            }
            tracing::warn!(%error, attempt = tries, "token request failed; retrying");
            tokio::time::sleep(self.backoff.delay(tries - 1)).await;
        }
    }

    /// Exchanges a code, with the identical redirect URI.
    pub async fn exchange(
        &self,
        code: &AuthorizationCode,
        redirect_uri: &Url,
        pkce: Option<&PkceCodeVerifier>,
    ) -> Result<Tokens> {
        let client = self.client()?.set_redirect_uri(RedirectUrl::from_url(redirect_uri.clone()));
        let transport = self.transport(vec![]);
        // A code is single use and lives 10 minutes: a failed exchange is
        // not retried; the user starts again.
        let response = {
            let mut request = client.exchange_code(OAuthCode::new(code.expose().to_string()));
            if let Some(verifier) = pkce {
                request = request.set_pkce_verifier(PkceCodeVerifier::new(verifier.secret().clone()));
            }
            request
                .request_async(&transport)
                .await
                .map_err(|e| map_error("code exchange", TokenGrant::AuthorizationCode, e))?
        };
        Ok(tokens(&response))
    }

    pub async fn refresh(&self, refresh_token: &RefreshToken) -> Result<Tokens> {
        let client = self.client()?;
        let transport = self.transport(vec![]);
        let token = OAuthRefresh::new(refresh_token.expose().to_string());
        // A refresh that never reached Fortnox can be retried; one whose
        // answer was lost cannot (the token is spent), and then Fortnox
        // answers invalid_grant, which the caller handles.
        let response = self
            .with_retries("refresh", TokenGrant::RefreshToken, || {
                client.exchange_refresh_token(&token).request_async(&transport)
            })
            .await?;
        Ok(tokens(&response))
    }

    /// Client credentials for a service-account consent: `TenantId` goes in
    /// a header.
    pub async fn client_credentials(&self, tenant_id: &str) -> Result<Tokens> {
        let client = self.client()?;
        let transport = self.transport(vec![("TenantId", tenant_id.to_string())]);
        let response = self
            .with_retries("client credentials", TokenGrant::ClientCredentials, || {
                client.exchange_client_credentials().request_async(&transport)
            })
            .await?;
        Ok(tokens(&response))
    }

    /// Revokes a refresh token: `POST /oauth-v1/revoke` with
    /// `token_type_hint=refresh_token&token=…`, answered `{"revoked":true}`.
    /// (Sent directly: the oauth2 crate refuses a non-https revocation URL,
    /// which the local sandbox has.)
    pub async fn revoke(&self, refresh_token: &RefreshToken) -> Result<()> {
        let mut tries = 0;
        loop {
            let error = match self.revoke_once(refresh_token).await {
                Ok(()) => return Ok(()),
                Err(e) => e,
            };
            tries += 1;
            if !error.is_transient() || tries >= self.backoff.attempts {
                return Err(error);
            }
            tokio::time::sleep(self.backoff.delay(tries - 1)).await;
        }
    }

    async fn revoke_once(&self, refresh_token: &RefreshToken) -> Result<()> {
        let mut form = vec![("token_type_hint", "refresh_token"), ("token", refresh_token.expose())];
        let mut request = self.http.post(self.revoke_url.clone());
        let secret = self.client_secret()?;
        match &secret {
            // RFC 6749 §2.3.1: both halves form-urlencoded, as oauth2 does.
            Some(secret) => {
                let id: String = url::form_urlencoded::byte_serialize(self.client_id.as_bytes()).collect();
                let secret: String = url::form_urlencoded::byte_serialize(secret.expose().as_bytes()).collect();
                request = request.basic_auth(id, Some(secret));
            }
            None => form.push(("client_id", self.client_id.as_str())),
        }
        let answer = http::send(request.form(&form), "revoke").await?;
        if answer.status >= 500 {
            return Err(Error::ServerError { what: "revoke".into(), status: answer.status });
        }
        if answer.status == 200 {
            return Ok(());
        }
        let body: serde_json::Value = serde_json::from_slice(&answer.body).unwrap_or_default();
        let error = body["error"].as_str().unwrap_or("http_error").to_string();
        let description = body["error_description"].as_str().map(String::from);
        Err(Error::TokenRefused {
            code: classify_token_error(TokenGrant::RefreshToken, &error, description.as_deref()),
            grant: TokenGrant::RefreshToken,
            error: format!("{error} (HTTP {})", answer.status),
            description,
        })
    }
}

fn http_response(status: u16, body: Vec<u8>) -> HttpResponse {
    let mut response = HttpResponse::new(body);
    *response.status_mut() =
        oauth2::http::StatusCode::from_u16(status).unwrap_or(oauth2::http::StatusCode::BAD_GATEWAY);
    response
}

fn tokens(response: &BasicTokenResponse) -> Tokens {
    Tokens {
        access_token: AccessToken::new(response.access_token().secret().clone()),
        expires_in: response.expires_in().unwrap_or(Duration::from_secs(3600)),
        refresh_token: response.refresh_token().map(|r| RefreshToken::new(r.secret().clone())),
        scopes: response
            .scopes()
            .map(|list| scopes::split(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(" "))),
    }
}

/// Maps oauth2's errors to ours. Parse errors never carry the body (it
/// could hold tokens): only where in the JSON it failed.
fn map_error(what: &str, grant: TokenGrant, error: RequestTokenError<HttpFailure, BasicErrorResponse>) -> Error {
    match error {
        RequestTokenError::ServerResponse(response) => {
            let code = response.error().as_ref().to_string();
            let description = response.error_description().cloned();
            Error::TokenRefused {
                code: classify_token_error(grant, &code, description.as_deref()),
                grant,
                error: code,
                description,
            }
        }
        RequestTokenError::Request(HttpFailure::Server(status)) => {
            Error::ServerError { what: what.to_string(), status }
        }
        RequestTokenError::Request(HttpFailure::Unreachable(detail)) => {
            Error::Unreachable { what: what.to_string(), detail }
        }
        RequestTokenError::Request(HttpFailure::Invalid(detail)) => {
            Error::InvalidResponse { what: what.to_string(), detail }
        }
        RequestTokenError::Parse(e, _body) => {
            Error::InvalidResponse { what: what.to_string(), detail: format!("unexpected JSON at `{}`", e.path()) }
        }
        RequestTokenError::Other(detail) => Error::InvalidResponse { what: what.to_string(), detail },
    }
}
