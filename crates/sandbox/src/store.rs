//! The sandbox's server-side state: login sessions, pending browser
//! authorizations, authorization codes, grants (consents), refresh tokens
//! and access tokens. All rules about their lifetimes live here.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::config::SandboxConfig;
use crate::jwt::{self, Claims};

pub const CODE_LIFETIME_SECS: i64 = 10 * 60;
pub const ACCESS_LIFETIME_SECS: i64 = 3600;
pub const REFRESH_LIFETIME_SECS: i64 = 45 * 24 * 3600;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AccountType {
    User,
    Service,
}

/// A validated authorize request, remembered while the user logs in.
#[derive(Debug, Clone)]
pub struct AuthRequest {
    pub client_id: String,
    /// Where the answer goes (the given one, or the registered default).
    pub redirect_uri: String,
    /// Whether the request named `redirect_uri` (then the token request
    /// must name the identical one).
    pub redirect_uri_given: bool,
    pub scopes: Vec<String>,
    pub state: String,
    pub account_type: AccountType,
}

#[derive(Debug, Clone)]
pub struct Flow {
    pub request: AuthRequest,
    pub username: Option<String>,
    pub org_number: Option<String>,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
struct CodeRecord {
    client_id: String,
    redirect_uri: Option<String>,
    grant_id: String,
    expires_at: i64,
    used: bool,
}

/// A consent: one company, one app, one user or service account, the
/// scopes approved.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Grant {
    pub id: String,
    pub client_id: String,
    pub tenant_id: u64,
    pub org_number: String,
    pub username: String,
    pub account_type: AccountType,
    pub scopes: Vec<String>,
    /// No new tokens: its refresh tokens are dead.
    pub revoked: bool,
    /// Its access tokens are refused too. Fortnox cannot revoke an access
    /// token (it lives until it expires, docs/fortnox.md §2), so only the
    /// customer removing the integration in Fortnox sets this.
    #[serde(default)]
    pub access_revoked: bool,
    pub created_at: i64,
}

/// The `userId` of a company's service account: a user of its own, the
/// same for every consent and for client credentials.
pub const SERVICE_ACCOUNT_USER_ID: u64 = 1_000_000;

/// A person's `userId`: Fortnox numbers a company's users; the sandbox
/// derives a stable number from the user name (FNV-1a), below the service
/// account's.
pub fn user_id(username: &str) -> u64 {
    let hash =
        username.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    2 + hash % 900_000
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct RefreshRecord {
    grant_id: String,
    expires_at: i64,
    used: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct AccessRecord {
    grant_id: String,
    expires_at: i64,
}

/// A token-endpoint success, shaped as Fortnox answers.
#[derive(Debug, Clone, Serialize)]
pub struct TokenResponse {
    pub access_token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    pub scope: String,
    pub expires_in: i64,
    pub token_type: &'static str,
}

/// A token-endpoint failure: `{"error","error_description"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthFailure {
    pub status: u16,
    pub error: &'static str,
    pub description: String,
}

impl OAuthFailure {
    pub fn new(status: u16, error: &'static str, description: impl Into<String>) -> Self {
        OAuthFailure { status, error, description: description.into() }
    }

    pub fn invalid_refresh() -> Self {
        OAuthFailure::new(400, "invalid_grant", "Invalid refresh token")
    }
}

/// Who an access token speaks for, once checked.
#[derive(Debug, Clone)]
pub struct Bearer {
    pub grant: Grant,
}

/// Why an access token was refused (→ HTTP 401).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BearerRefusal {
    Missing,
    Unknown,
    Expired,
    Revoked,
}

/// Tokens, codes and token ids are kept only as SHA-256 hashes, like a
/// server should: nothing at rest (see `persist`) can be used as a token.
#[derive(Debug, Default)]
pub struct Store {
    sessions: HashMap<String, String>,
    flows: HashMap<String, Flow>,
    codes: HashMap<String, CodeRecord>,
    durable: Durable,
    persist: Option<PathBuf>,
}

/// What survives a restart when the sandbox persists (the app's built-in
/// sandbox does, so its demo connections outlive the app).
#[derive(Debug, Default, Serialize, Deserialize)]
struct Durable {
    /// The key access tokens are signed with (made on first use).
    #[serde(default)]
    jwt_key: String,
    grants: HashMap<String, Grant>,
    refresh_tokens: HashMap<String, RefreshRecord>,
    access_tokens: HashMap<String, AccessRecord>,
}

pub fn new_secret() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn hash(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

impl Store {
    /// A store that keeps grants and tokens (hashed) in `path` across
    /// restarts. A missing or unreadable file starts empty.
    pub fn persistent(path: PathBuf) -> Store {
        let durable =
            std::fs::read(&path).ok().and_then(|bytes| serde_json::from_slice(&bytes).ok()).unwrap_or_default();
        Store { durable, persist: Some(path), ..Store::default() }
    }

    /// The signing key, made the first time a token is signed.
    fn signing_key(&mut self) -> String {
        if self.durable.jwt_key.is_empty() {
            self.durable.jwt_key = format!("{}{}", new_secret(), new_secret());
        }
        self.durable.jwt_key.clone()
    }

    /// Writes the durable part, whole or not at all (temp file + rename).
    fn save(&self) {
        let Some(path) = &self.persist else {
            return;
        };
        let write = || -> std::io::Result<()> {
            let dir = path.parent().unwrap_or(std::path::Path::new("."));
            std::fs::create_dir_all(dir)?;
            let mut temp = tempfile::NamedTempFile::new_in(dir)?;
            serde_json::to_writer(&mut temp, &self.durable)?;
            temp.as_file().sync_all()?;
            temp.persist(path).map_err(|e| e.error)?;
            Ok(())
        };
        if let Err(err) = write() {
            tracing::warn!(%err, path = %path.display(), "sandbox could not save its state");
        }
    }

    // ---- login sessions (the cookie Fortnox's login sets) ----

    pub fn open_session(&mut self, username: &str) -> String {
        let id = new_secret();
        self.sessions.insert(id.clone(), username.to_string());
        id
    }

    pub fn session_user(&self, session: &str) -> Option<&str> {
        self.sessions.get(session).map(String::as_str)
    }

    pub fn close_session(&mut self, session: &str) {
        self.sessions.remove(session);
    }

    // ---- pending browser authorizations ----

    pub fn start_flow(&mut self, request: AuthRequest, now: i64) -> String {
        let id = new_secret();
        self.flows.insert(id.clone(), Flow { request, username: None, org_number: None, created_at: now });
        id
    }

    pub fn flow(&self, id: &str) -> Option<&Flow> {
        self.flows.get(id)
    }

    pub fn flow_mut(&mut self, id: &str) -> Option<&mut Flow> {
        self.flows.get_mut(id)
    }

    pub fn finish_flow(&mut self, id: &str) -> Option<Flow> {
        self.flows.remove(id)
    }

    // ---- consent → code ----

    /// Records an approved consent and issues a 10-minute, single-use code.
    pub fn approve(
        &mut self,
        request: &AuthRequest,
        tenant_id: u64,
        org_number: &str,
        username: &str,
        now: i64,
    ) -> String {
        let grant_id = new_secret();
        if request.account_type == AccountType::Service {
            // One service account per client id and customer: a new consent
            // replaces the old one.
            for grant in self.durable.grants.values_mut() {
                if grant.client_id == request.client_id
                    && grant.tenant_id == tenant_id
                    && grant.account_type == AccountType::Service
                {
                    grant.revoked = true;
                }
            }
        }
        self.durable.grants.insert(
            grant_id.clone(),
            Grant {
                id: grant_id.clone(),
                client_id: request.client_id.clone(),
                tenant_id,
                org_number: org_number.to_string(),
                username: username.to_string(),
                account_type: request.account_type,
                scopes: request.scopes.clone(),
                revoked: false,
                access_revoked: false,
                created_at: now,
            },
        );
        let code = new_secret().replace('-', "");
        self.codes.insert(
            hash(&code),
            CodeRecord {
                client_id: request.client_id.clone(),
                redirect_uri: request.redirect_uri_given.then(|| request.redirect_uri.clone()),
                grant_id,
                expires_at: now + CODE_LIFETIME_SECS,
                used: false,
            },
        );
        self.save();
        code
    }

    // ---- token endpoint ----

    pub fn exchange_code(
        &mut self,
        client_id: &str,
        code: &str,
        redirect_uri: Option<&str>,
        default_redirect: &str,
        issuer: &str,
        now: i64,
    ) -> Result<TokenResponse, OAuthFailure> {
        let record = match self.codes.get_mut(&hash(code)) {
            Some(record) if record.client_id == client_id => record,
            _ => {
                return Err(OAuthFailure::new(
                    400,
                    "invalid_grant",
                    "Authorization code doesn't exist or is invalid for the client",
                ));
            }
        };
        if record.used {
            return Err(OAuthFailure::new(
                400,
                "invalid_grant",
                "Authorization code doesn't exist or is invalid for the client",
            ));
        }
        if now >= record.expires_at {
            return Err(OAuthFailure::new(400, "invalid_grant", "The authorization code has expired"));
        }
        let redirect_ok = match (&record.redirect_uri, redirect_uri) {
            (Some(at_authorize), Some(now_given)) => at_authorize == now_given,
            (Some(_), None) => false,
            (None, None) => true,
            (None, Some(now_given)) => now_given == default_redirect,
        };
        if !redirect_ok {
            return Err(OAuthFailure::new(400, "redirect_uri_mismatch", "The redirect URI is missing or do not match"));
        }
        record.used = true;
        let grant_id = record.grant_id.clone();
        let grant = self.live_grant(&grant_id).ok_or_else(|| {
            OAuthFailure::new(400, "invalid_grant", "Authorization code doesn't exist or is invalid for the client")
        })?;
        Ok(self.issue(&grant, true, issuer, now))
    }

    pub fn refresh(
        &mut self,
        client_id: &str,
        refresh_token: &str,
        issuer: &str,
        now: i64,
    ) -> Result<TokenResponse, OAuthFailure> {
        let key = hash(refresh_token);
        let record = self.durable.refresh_tokens.get_mut(&key).ok_or_else(OAuthFailure::invalid_refresh)?;
        if record.used || now >= record.expires_at {
            return Err(OAuthFailure::invalid_refresh());
        }
        let grant_id = record.grant_id.clone();
        let grant = match self.durable.grants.get(&grant_id) {
            Some(g) if !g.revoked && g.client_id == client_id => g.clone(),
            _ => return Err(OAuthFailure::invalid_refresh()),
        };
        // Single use: this token is spent whatever happens next.
        if let Some(record) = self.durable.refresh_tokens.get_mut(&key) {
            record.used = true;
        }
        Ok(self.issue(&grant, true, issuer, now))
    }

    pub fn client_credentials(
        &mut self,
        client_id: &str,
        tenant_id: u64,
        issuer: &str,
        now: i64,
    ) -> Result<TokenResponse, OAuthFailure> {
        let grant = self
            .durable
            .grants
            .values()
            .filter(|g| {
                g.client_id == client_id
                    && g.tenant_id == tenant_id
                    && g.account_type == AccountType::Service
                    && !g.revoked
            })
            .max_by_key(|g| g.created_at)
            .cloned()
            .ok_or_else(|| {
                OAuthFailure::new(400, "invalid_grant", "No service account consent exists for this client and tenant")
            })?;
        Ok(self.issue(&grant, false, issuer, now))
    }

    fn live_grant(&self, grant_id: &str) -> Option<Grant> {
        self.durable.grants.get(grant_id).filter(|g| !g.revoked).cloned()
    }

    fn issue(&mut self, grant: &Grant, with_refresh: bool, issuer: &str, now: i64) -> TokenResponse {
        let scope = grant.scopes.join(" ");
        let jti = new_secret();
        let user_id = match grant.account_type {
            AccountType::User => user_id(&grant.username),
            AccountType::Service => SERVICE_ACCOUNT_USER_ID,
        };
        let claims = Claims::new(
            issuer,
            &jti,
            now,
            now + ACCESS_LIFETIME_SECS,
            user_id,
            grant.tenant_id,
            &grant.client_id,
            &grant.scopes,
        );
        self.durable
            .access_tokens
            .insert(hash(&jti), AccessRecord { grant_id: grant.id.clone(), expires_at: claims.exp });
        let key = self.signing_key();
        let refresh_token = with_refresh.then(|| {
            let token = new_secret();
            self.durable.refresh_tokens.insert(
                hash(&token),
                RefreshRecord { grant_id: grant.id.clone(), expires_at: now + REFRESH_LIFETIME_SECS, used: false },
            );
            token
        });
        self.save();
        TokenResponse {
            access_token: jwt::encode(&claims, key.as_bytes()),
            refresh_token,
            scope,
            expires_in: ACCESS_LIFETIME_SECS,
            token_type: "bearer",
        }
    }

    /// Revokes the grant behind a refresh token: its refresh tokens stop
    /// working; access tokens already issued live until they expire, as at
    /// Fortnox. Unknown tokens are accepted silently (RFC 7009).
    pub fn revoke(&mut self, client_id: &str, token: &str) {
        let grant_id = self.durable.refresh_tokens.get(&hash(token)).map(|r| r.grant_id.clone());
        if let Some(grant) = grant_id.and_then(|id| self.durable.grants.get_mut(&id))
            && grant.client_id == client_id
        {
            grant.revoked = true;
        }
        self.save();
    }

    // ---- API authentication ----

    pub fn bearer(&self, token: Option<&str>, now: i64) -> Result<Bearer, BearerRefusal> {
        let token = token.ok_or(BearerRefusal::Missing)?;
        let claims = jwt::verify(token, self.durable.jwt_key.as_bytes()).ok_or(BearerRefusal::Unknown)?;
        let record = self.durable.access_tokens.get(&hash(&claims.jti)).ok_or(BearerRefusal::Unknown)?;
        if now >= record.expires_at {
            return Err(BearerRefusal::Expired);
        }
        let grant = self.durable.grants.get(&record.grant_id).ok_or(BearerRefusal::Unknown)?;
        if grant.access_revoked {
            return Err(BearerRefusal::Revoked);
        }
        Ok(Bearer { grant: grant.clone() })
    }

    // ---- inspection and fault injection ----

    pub fn grants(&self) -> Vec<Grant> {
        let mut grants: Vec<Grant> = self.durable.grants.values().cloned().collect();
        grants.sort_by_key(|g| g.created_at);
        grants
    }

    /// Revokes every grant of a tenant (as if the customer removed the
    /// integration in Fortnox). Returns how many were live.
    pub fn revoke_tenant(&mut self, tenant_id: u64) -> usize {
        let mut count = 0;
        for grant in self.durable.grants.values_mut().filter(|g| g.tenant_id == tenant_id && !g.access_revoked) {
            count += usize::from(!grant.revoked);
            grant.revoked = true;
            grant.access_revoked = true;
        }
        self.save();
        count
    }

    /// Makes every live refresh token of a tenant expire now.
    pub fn expire_refresh_tokens(&mut self, tenant_id: u64, now: i64) -> usize {
        let grants: Vec<String> =
            self.durable.grants.values().filter(|g| g.tenant_id == tenant_id).map(|g| g.id.clone()).collect();
        let mut count = 0;
        for record in self.durable.refresh_tokens.values_mut().filter(|r| grants.contains(&r.grant_id) && !r.used) {
            record.expires_at = now;
            count += 1;
        }
        self.save();
        count
    }

    /// Makes every access token of a tenant expire now.
    pub fn expire_access_tokens(&mut self, tenant_id: u64, now: i64) -> usize {
        let grants: Vec<String> =
            self.durable.grants.values().filter(|g| g.tenant_id == tenant_id).map(|g| g.id.clone()).collect();
        let mut count = 0;
        for record in self.durable.access_tokens.values_mut().filter(|r| grants.contains(&r.grant_id)) {
            record.expires_at = now;
            count += 1;
        }
        self.save();
        count
    }

    /// How many refresh tokens were spent (used once) so far.
    pub fn refreshes_used(&self) -> usize {
        self.durable.refresh_tokens.values().filter(|r| r.used).count()
    }
}

/// The redirect URI check: exact match, or (when the app allows it) any
/// port on a registered loopback URI.
pub fn redirect_registered(config: &SandboxConfig, client_id: &str, uri: &str) -> bool {
    let Some(app) = config.app(client_id) else {
        return false;
    };
    if app.redirect_uris.iter().any(|r| r == uri) {
        return true;
    }
    if !app.loopback_any_port {
        return false;
    }
    let Ok(given) = url::Url::parse(uri) else {
        return false;
    };
    app.redirect_uris.iter().filter_map(|r| url::Url::parse(r).ok()).any(|registered| {
        registered.scheme() == "http"
            && matches!(registered.host_str(), Some("127.0.0.1") | Some("localhost"))
            && given.scheme() == registered.scheme()
            && given.host_str() == registered.host_str()
            && given.path() == registered.path()
    })
}
