//! The integration profile: what the vendor ships with the installer.

mod builtin;
mod file;
pub mod locate;
pub mod scopes;
mod validate;

use std::path::Path;

use serde::Serialize;
use ts_rs::TS;
use url::Url;

use crate::error::{Error, Result};
use crate::lang::Localized;

pub use builtin::{BUILTIN_CLIENT_ID, BUILTIN_CLIENT_SECRET, BUILTIN_ISSUER_ID, builtin_sandbox_profile};

/// A validated integration profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// Which authorization server this profile's connections belong to:
    /// the auth base's origin, or a fixed name for the built-in demo
    /// (whose sandbox listens on a new port each run).
    pub issuer_id: String,
    pub name: String,
    pub vendor: String,
    pub vendor_contact: Option<String>,
    pub client_id: String,
    pub redirect: Redirects,
    pub endpoints: Endpoints,
    pub token_auth: TokenAuth,
    pub service_account: ServiceAccountPolicy,
    /// Request `profile` too, so verification can show who approved.
    pub identify_user: bool,
    /// Send a PKCE challenge. Fortnox does not document PKCE, so it is off
    /// unless the vendor turns it on.
    pub pkce: bool,
    pub options: Vec<TransferOption>,
    /// The signed update manifest the app checks daily; none: the app does
    /// not look for updates (docs/updates.md).
    pub update_feed: Option<Url>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Redirects {
    /// Intercepted in the embedded login window; never actually loaded.
    pub embedded: Url,
    /// `http://127.0.0.1:PORT/path` for the system browser and the CLI.
    pub loopback: Option<Url>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Endpoints {
    pub auth_base: Url,
    pub api_base: Url,
}

pub const FORTNOX_AUTH_BASE: &str = "https://apps.fortnox.se";
pub const FORTNOX_API_BASE: &str = "https://api.fortnox.se";

impl Endpoints {
    pub fn fortnox() -> Endpoints {
        Endpoints {
            auth_base: Url::parse(FORTNOX_AUTH_BASE).expect("constant URL"),
            api_base: Url::parse(FORTNOX_API_BASE).expect("constant URL"),
        }
    }

    pub fn authorize_url(&self) -> Url {
        join_path(&self.auth_base, "oauth-v1/auth")
    }

    pub fn token_url(&self) -> Url {
        join_path(&self.auth_base, "oauth-v1/token")
    }

    pub fn revoke_url(&self) -> Url {
        join_path(&self.auth_base, "oauth-v1/revoke")
    }

    /// `api_base` + `/3/` + `resource` (which may end in `?query`).
    pub fn api_url(&self, resource: &str) -> Url {
        let (path, query) = match resource.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (resource, None),
        };
        let mut url = join_path(&self.api_base, &format!("3/{}", path.trim_start_matches('/')));
        url.set_query(query);
        url
    }

    /// The authorization server's identity (scheme, host and port). The
    /// sandbox and real Fortnox are different issuers; a callback meant for
    /// one must never complete a request sent to the other.
    pub fn issuer(&self) -> String {
        self.auth_base.origin().ascii_serialization()
    }
}

/// Appends `path` to `base`'s path, whether or not `base` ends with `/`.
pub(crate) fn join_path(base: &Url, path: &str) -> Url {
    let mut url = base.clone();
    let joined = format!("{}/{}", base.path().trim_end_matches('/'), path.trim_start_matches('/'));
    url.set_path(&joined);
    url.set_query(None);
    url
}

/// How token-endpoint calls are authenticated.
#[derive(Debug, Clone, PartialEq)]
pub enum TokenAuth {
    /// The client secret is in this environment variable.
    ClientSecretEnv { var: String },
    /// An administrator enters the client secret once; it lives in the
    /// OS keyring.
    ClientSecretKeyring,
    /// A vendor backend adds the secret: `{url}/token` and `{url}/revoke`
    /// take the same form bodies without client credentials.
    Broker { url: Url },
}

impl TokenAuth {
    pub fn broker_token_url(url: &Url) -> Url {
        join_path(url, "token")
    }

    pub fn broker_revoke_url(url: &Url) -> Url {
        join_path(url, "revoke")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceAccountPolicy {
    pub offered: bool,
    pub recommended: bool,
}

/// One thing the user can choose to transfer, and the scopes it needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TransferOption {
    pub id: String,
    pub scopes: Vec<String>,
    pub default: bool,
    pub label: Localized,
    pub help: Option<Localized>,
}

impl Profile {
    /// Reads and validates a profile file.
    pub fn load(path: &Path) -> Result<Profile> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| Error::ProfileUnreadable { path: path.to_path_buf(), source })?;
        Profile::from_toml_str(&text)
    }

    /// Parses and validates profile text. Errors name the bad field.
    pub fn from_toml_str(text: &str) -> Result<Profile> {
        let file: file::ProfileFile = toml::from_str(text).map_err(|e| syntax_error(text, &e))?;
        validate::validate(file)
    }

    /// The folder and keyring name for this profile's connections: one per
    /// (issuer, client id), readable, with a short hash so that two
    /// profiles never share one.
    pub fn namespace(&self) -> String {
        let clean = |text: &str| -> String {
            text.chars()
                .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-') { c } else { '_' })
                .take(60)
                .collect()
        };
        let issuer = self.issuer_id.split_once("://").map_or(self.issuer_id.as_str(), |(_, rest)| rest);
        let hash = crate::secret::sha256_b64(&format!("{}\n{}", self.issuer_id, self.client_id));
        format!("{}--{}--{}", clean(issuer), clean(&self.client_id), &hash[..8])
    }

    pub fn option(&self, id: &str) -> Option<&TransferOption> {
        self.options.iter().find(|o| o.id == id)
    }

    /// The options ticked by default.
    pub fn default_option_ids(&self) -> Vec<String> {
        self.options.iter().filter(|o| o.default).map(|o| o.id.clone()).collect()
    }

    /// The scopes an authorization for these options asks for:
    /// `companyinformation` first, then each option's scopes, de-duplicated.
    pub fn scopes_for(&self, option_ids: &[String]) -> Result<Vec<String>> {
        let mut wanted: Vec<&str> = Vec::new();
        for id in option_ids {
            let option = self.option(id).ok_or_else(|| Error::UnknownOption(id.clone()))?;
            wanted.extend(option.scopes.iter().map(String::as_str));
        }
        if self.identify_user {
            wanted.push(scopes::PROFILE);
        }
        Ok(scopes::normalise(wanted))
    }

    /// Options (by id) whose scopes are not all in `granted`: they were
    /// added or changed after the connection was authorized.
    pub fn options_missing_scopes(&self, option_ids: &[String], granted: &[String]) -> Vec<String> {
        option_ids
            .iter()
            .filter(|id| self.option(id).is_some_and(|o| o.scopes.iter().any(|s| !granted.contains(s))))
            .cloned()
            .collect()
    }
}

fn syntax_error(text: &str, e: &toml::de::Error) -> Error {
    // toml's message names the key ("missing field `client_id`", "unknown
    // field `scope`, expected one of …"); add where it is, 1-based.
    let offset = e.span().map(|s| s.start).unwrap_or(0).min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) + 1;
    Error::ProfileSyntax { line, column, message: e.message().trim().to_string() }
}

impl Profile {
    /// Scopes the profile uses that Fortnox's official table does not list
    /// (accepted, but worth a warning to the vendor).
    pub fn unconfirmed_scopes(&self) -> Vec<String> {
        validate::unconfirmed_scopes(self)
    }
}

#[cfg(test)]
mod tests;
