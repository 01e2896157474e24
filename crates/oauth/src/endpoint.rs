//! Fortnox's token endpoint through the `oauth2` crate: the code exchange
//! (same redirect URI as at authorize), refresh, client credentials with
//! the `TenantId` header, and revoke; always with HTTP Basic and the
//! client secret (docs/fortnox.md, "Token endpoint"). The desktop uses it
//! with a secret from the keyring or the environment; the broker with the
//! secret from its own environment.

use std::time::Duration;

use oauth2::basic::{BasicClient, BasicErrorResponse, BasicTokenResponse};
use oauth2::{
    AuthUrl, AuthorizationCode as OAuthCode, ClientId, ClientSecret as OAuthSecret, EndpointNotSet, EndpointSet,
    HttpRequest, HttpResponse, PkceCodeVerifier, RedirectUrl, RefreshToken as OAuthRefresh, RequestTokenError,
    TokenResponse, TokenUrl,
};
use url::Url;

use crate::error::TokenError;
use crate::http::{self, HttpError};
use crate::retry::{Backoff, with_retries};
use crate::secret::{AccessToken, AuthorizationCode, ClientSecret, PkceVerifier, RefreshToken};

/// What a token endpoint handed out.
#[derive(Debug)]
pub struct TokenAnswer {
    pub access_token: AccessToken,
    /// How long the access token lives (from when the server answered).
    pub expires_in: Duration,
    /// None for client credentials and from a broker.
    pub refresh_token: Option<RefreshToken>,
    /// The granted scopes, when the answer lists them.
    pub scopes: Option<Vec<String>>,
}

/// Splits a space-separated scope string, dropping empties and repeats.
pub fn split_scopes(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for scope in text.split_whitespace() {
        if !out.iter().any(|s| s == scope) {
            out.push(scope.to_string());
        }
    }
    out
}

type Client = BasicClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

/// Failures inside the oauth2 crate's HTTP hook.
#[derive(Debug, thiserror::Error)]
enum Transport {
    #[error(transparent)]
    Http(HttpError),
    #[error("HTTP {0}")]
    Unavailable(u16, Option<Duration>),
    /// A 4xx: read here (whatever its content type), not by oauth2.
    #[error("HTTP {0}: {1}")]
    Refused(u16, String, Option<String>),
}

#[derive(Clone)]
pub struct TokenEndpoint {
    http: crate::http::Http,
    client_id: String,
    secret: ClientSecret,
    token_url: Url,
    revoke_url: Url,
    auth_url: Url,
    backoff: Backoff,
}

impl TokenEndpoint {
    /// `auth_base` is `https://apps.fortnox.se` (or a sandbox): the token
    /// endpoint is `/oauth-v1/token`, revoke `/oauth-v1/revoke`.
    pub fn new(http: crate::http::Http, auth_base: &Url, client_id: &str, secret: ClientSecret) -> TokenEndpoint {
        TokenEndpoint {
            http,
            client_id: client_id.to_string(),
            secret,
            token_url: join(auth_base, "oauth-v1/token"),
            revoke_url: join(auth_base, "oauth-v1/revoke"),
            auth_url: join(auth_base, "oauth-v1/auth"),
            backoff: Backoff::default(),
        }
    }

    /// Shorter waits between retries (tests).
    pub fn with_backoff(mut self, backoff: Backoff) -> TokenEndpoint {
        self.backoff = backoff;
        self
    }

    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    fn client(&self) -> Client {
        BasicClient::new(ClientId::new(self.client_id.clone()))
            .set_client_secret(OAuthSecret::new(self.secret.expose().to_string()))
            .set_auth_uri(AuthUrl::from_url(self.auth_url.clone()))
            .set_token_uri(TokenUrl::from_url(self.token_url.clone()))
    }

    /// The HTTP hook given to oauth2: adds headers, caps the answer, and
    /// turns 5xx and 429 into transport failures (retried, never parsed).
    fn transport(
        &self,
        extra_headers: Vec<(&'static str, String)>,
    ) -> impl Fn(
        HttpRequest,
    ) -> std::pin::Pin<
        Box<dyn std::future::Future<Output = std::result::Result<HttpResponse, Transport>> + Send>,
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
                let answer = http::send(builder).await.map_err(Transport::Http)?;
                if answer.status >= 500 || answer.status == 429 {
                    return Err(Transport::Unavailable(answer.status, answer.retry_after()));
                }
                if answer.status >= 400 {
                    let (error, description) = oauth_error_fields(answer.status, &answer.body);
                    return Err(Transport::Refused(answer.status, error, description));
                }
                let mut response = HttpResponse::new(answer.body);
                *response.status_mut() =
                    oauth2::http::StatusCode::from_u16(answer.status).unwrap_or(oauth2::http::StatusCode::BAD_GATEWAY);
                *response.headers_mut() = answer.headers;
                Ok(response)
            })
        }
    }

    /// Exchanges a code, with the identical redirect URI (and the PKCE
    /// verifier, when the authorize URL carried a challenge). A code is
    /// single use and lives 10 minutes: a failed exchange is not retried.
    pub async fn exchange(
        &self,
        code: &AuthorizationCode,
        redirect_uri: &Url,
        pkce: Option<&PkceVerifier>,
    ) -> Result<TokenAnswer, TokenError> {
        let client = self.client().set_redirect_uri(RedirectUrl::from_url(redirect_uri.clone()));
        let transport = self.transport(vec![]);
        let mut request = client.exchange_code(OAuthCode::new(code.expose().to_string()));
        if let Some(verifier) = pkce {
            request = request.set_pkce_verifier(PkceCodeVerifier::new(verifier.expose().to_string()));
        }
        let response = request.request_async(&transport).await.map_err(|e| map_error("the code exchange", e))?;
        Ok(answer(&response))
    }

    /// A refresh that never reached Fortnox can be retried; one whose
    /// answer was lost cannot (the token is spent), and then Fortnox
    /// answers `invalid_grant`, which the caller handles.
    pub async fn refresh(&self, refresh_token: &RefreshToken) -> Result<TokenAnswer, TokenError> {
        let client = self.client();
        let transport = self.transport(vec![]);
        let token = OAuthRefresh::new(refresh_token.expose().to_string());
        let response = with_retries(self.backoff, "refresh", || async {
            client.exchange_refresh_token(&token).request_async(&transport).await.map_err(|e| map_error("refresh", e))
        })
        .await?;
        Ok(answer(&response))
    }

    /// Client credentials for a service-account consent: `TenantId` goes in
    /// a header.
    pub async fn client_credentials(&self, tenant_id: &str) -> Result<TokenAnswer, TokenError> {
        let client = self.client();
        let transport = self.transport(vec![("TenantId", tenant_id.to_string())]);
        let response = with_retries(self.backoff, "client credentials", || async {
            client
                .exchange_client_credentials()
                .request_async(&transport)
                .await
                .map_err(|e| map_error("client credentials", e))
        })
        .await?;
        Ok(answer(&response))
    }

    /// Revokes a refresh token: `POST /oauth-v1/revoke` with
    /// `token_type_hint=refresh_token&token=…`, answered `{"revoked":true}`.
    /// (Sent directly: the oauth2 crate refuses a non-https revocation URL,
    /// which a local sandbox has.)
    pub async fn revoke(&self, refresh_token: &RefreshToken) -> Result<(), TokenError> {
        with_retries(self.backoff, "revoke", || self.revoke_once(refresh_token)).await
    }

    async fn revoke_once(&self, refresh_token: &RefreshToken) -> Result<(), TokenError> {
        let form = [("token_type_hint", "refresh_token"), ("token", refresh_token.expose())];
        // RFC 6749 §2.3.1: both halves form-urlencoded, as oauth2 does.
        let id: String = url::form_urlencoded::byte_serialize(self.client_id.as_bytes()).collect();
        let secret: String = url::form_urlencoded::byte_serialize(self.secret.expose().as_bytes()).collect();
        let request = self.http.post(self.revoke_url.clone()).basic_auth(id, Some(secret)).form(&form);
        let answer = http::send(request).await.map_err(|e| TokenError::from_http("revoke", e))?;
        read_revoke_answer("revoke", &answer)
    }
}

/// `{"revoked":true}` with 200, else the OAuth error in the body.
pub(crate) fn read_revoke_answer(what: &str, answer: &http::Answer) -> Result<(), TokenError> {
    if answer.status >= 500 || answer.status == 429 {
        return Err(TokenError::Unavailable {
            what: what.to_string(),
            status: answer.status,
            retry_after: answer.retry_after(),
        });
    }
    if answer.status == 200 {
        return Ok(());
    }
    Err(refusal_from_body(what, answer.status, &answer.body))
}

/// An OAuth-shaped error body (`error`, `error_description`), whatever the
/// content type says (Fortnox sends JSON as text/plain and text/html).
pub(crate) fn refusal_from_body(what: &str, status: u16, body: &[u8]) -> TokenError {
    let (error, description) = oauth_error_fields(status, body);
    TokenError::refused(what, status, &error, description.as_deref())
}

fn oauth_error_fields(status: u16, body: &[u8]) -> (String, Option<String>) {
    let value: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    let error = value["error"].as_str().map(str::to_string).unwrap_or_else(|| format!("http_{status}"));
    (error, value["error_description"].as_str().map(str::to_string))
}

fn join(base: &Url, path: &str) -> Url {
    let mut url = base.clone();
    url.set_path(&format!("{}/{}", base.path().trim_end_matches('/'), path));
    url.set_query(None);
    url
}

fn answer(response: &BasicTokenResponse) -> TokenAnswer {
    TokenAnswer {
        access_token: AccessToken::new(response.access_token().secret().clone()),
        expires_in: response.expires_in().unwrap_or(Duration::from_secs(3600)),
        refresh_token: response.refresh_token().map(|r| RefreshToken::new(r.secret().clone())),
        scopes: response
            .scopes()
            .map(|list| split_scopes(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(" "))),
    }
}

/// Maps oauth2's errors to ours. Parse errors never carry the body (it
/// could hold tokens): only where in the JSON it failed.
fn map_error(what: &str, error: RequestTokenError<Transport, BasicErrorResponse>) -> TokenError {
    match error {
        RequestTokenError::ServerResponse(response) => {
            TokenError::refused(what, 400, response.error().as_ref(), response.error_description().map(String::as_str))
        }
        RequestTokenError::Request(Transport::Refused(status, error, description)) => {
            TokenError::refused(what, status, &error, description.as_deref())
        }
        RequestTokenError::Request(Transport::Unavailable(status, retry_after)) => {
            TokenError::Unavailable { what: what.to_string(), status, retry_after }
        }
        RequestTokenError::Request(Transport::Http(e)) => TokenError::from_http(what, e),
        RequestTokenError::Parse(e, _body) => {
            TokenError::Invalid { what: what.to_string(), detail: format!("unexpected JSON at `{}`", e.path()) }
        }
        RequestTokenError::Other(detail) => TokenError::Invalid { what: what.to_string(), detail },
    }
}
