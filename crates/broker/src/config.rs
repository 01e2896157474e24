//! What a broker needs to run: where to listen, which Fortnox and which
//! app, the database, the sealing key and the limits. Secrets come from
//! the environment only (`FORTNOX_BROKER_CLIENT_SECRET`,
//! `FORTNOX_BROKER_KEY`); everything else from flags, environment
//! variables or a TOML file (docs/broker-protocol.md, "Running a broker").

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};

use fortnox_oauth::secret::ClientSecret;
use serde::Deserialize;
use url::Url;

use crate::error::BrokerError;
use crate::seal::SealKey;

pub const CLIENT_SECRET_ENV: &str = "FORTNOX_BROKER_CLIENT_SECRET";
pub const KEY_ENV: &str = "FORTNOX_BROKER_KEY";
pub const FORTNOX_AUTH_BASE: &str = "https://apps.fortnox.se";
pub const FORTNOX_API_BASE: &str = "https://api.fortnox.se";

/// Requests per minute per installation (and the burst allowed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub per_minute: u32,
    pub burst: u32,
    /// Enrollments per minute per client address.
    pub enroll_per_minute: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { per_minute: 600, burst: 120, enroll_per_minute: 20 }
    }
}

#[derive(Debug)]
pub struct BrokerConfig {
    pub listen: SocketAddr,
    pub fortnox_auth_base: Url,
    pub fortnox_api_base: Url,
    pub client_id: String,
    pub client_secret: ClientSecret,
    /// `sqlite:PATH` or `postgres://…`.
    pub database_url: String,
    pub key: SealKey,
    pub limits: Limits,
    /// Refresh user connections whose refresh token is this old, so they
    /// do not die at Fortnox's 45 days (0: never).
    pub keepalive_after_days: u32,
    /// Take the client address from `X-Forwarded-For` (behind a reverse
    /// proxy that sets it).
    pub trust_forwarded_for: bool,
}

/// The TOML file's keys (all optional; flags win).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSettings {
    pub listen: Option<IpAddr>,
    pub port: Option<u16>,
    pub fortnox_auth_base: Option<String>,
    pub fortnox_api_base: Option<String>,
    pub client_id: Option<String>,
    pub database_url: Option<String>,
    pub rate_limit_per_minute: Option<u32>,
    pub rate_limit_burst: Option<u32>,
    pub enroll_per_minute: Option<u32>,
    pub keepalive_after_days: Option<u32>,
    pub trust_forwarded_for: Option<bool>,
}

impl FileSettings {
    pub fn load(path: &Path) -> Result<FileSettings, BrokerError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| BrokerError::Config(format!("cannot read {}: {e}", path.display())))?;
        toml::from_str(&text).map_err(|e| BrokerError::Config(format!("{}: {}", path.display(), e.message())))
    }
}

/// Everything but the secrets, after flags, environment and file are
/// merged.
#[derive(Debug, Clone)]
pub struct Settings {
    pub listen: IpAddr,
    pub port: u16,
    pub fortnox_auth_base: String,
    pub fortnox_api_base: String,
    pub client_id: Option<String>,
    pub database_url: Option<String>,
    pub limits: Limits,
    pub keepalive_after_days: u32,
    pub trust_forwarded_for: bool,
    /// Where `sqlite:` (the default database) and the demo key live.
    pub data_dir: PathBuf,
    /// Demo mode: a missing key is created in the data directory.
    pub demo: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            listen: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            fortnox_auth_base: FORTNOX_AUTH_BASE.into(),
            fortnox_api_base: FORTNOX_API_BASE.into(),
            client_id: None,
            database_url: None,
            limits: Limits::default(),
            keepalive_after_days: 30,
            trust_forwarded_for: false,
            data_dir: PathBuf::from("."),
            demo: false,
        }
    }
}

impl Settings {
    /// Fills what the flags left open from the file.
    pub fn with_file(mut self, file: FileSettings, flags_given: &FlagsGiven) -> Settings {
        if !flags_given.listen
            && let Some(v) = file.listen
        {
            self.listen = v;
        }
        if !flags_given.port
            && let Some(v) = file.port
        {
            self.port = v;
        }
        if !flags_given.fortnox_auth_base
            && let Some(v) = file.fortnox_auth_base
        {
            self.fortnox_auth_base = v;
        }
        if !flags_given.fortnox_api_base
            && let Some(v) = file.fortnox_api_base
        {
            self.fortnox_api_base = v;
        }
        self.client_id = self.client_id.or(file.client_id);
        self.database_url = self.database_url.or(file.database_url);
        self.limits.per_minute = file.rate_limit_per_minute.unwrap_or(self.limits.per_minute);
        self.limits.burst = file.rate_limit_burst.unwrap_or(self.limits.burst);
        self.limits.enroll_per_minute = file.enroll_per_minute.unwrap_or(self.limits.enroll_per_minute);
        if !flags_given.keepalive_after_days
            && let Some(v) = file.keepalive_after_days
        {
            self.keepalive_after_days = v;
        }
        self.trust_forwarded_for = self.trust_forwarded_for || file.trust_forwarded_for.unwrap_or(false);
        self
    }

    /// Adds the secrets from the environment and checks everything.
    pub fn resolve(self, env: &dyn Fn(&str) -> Option<String>) -> Result<BrokerConfig, BrokerError> {
        let client_id = self
            .client_id
            .filter(|c| !c.trim().is_empty())
            .ok_or_else(|| BrokerError::Config("--client-id is required (the Fortnox app's client id)".into()))?;
        let client_secret =
            env(CLIENT_SECRET_ENV).filter(|s| !s.trim().is_empty()).map(|s| ClientSecret::new(s.trim())).ok_or_else(
                || BrokerError::Config(format!("{CLIENT_SECRET_ENV} is not set (the Fortnox app's client secret)")),
            )?;
        let key = match env(KEY_ENV).filter(|k| !k.trim().is_empty()) {
            Some(text) => SealKey::from_base64(&text)?,
            None if self.demo => demo_key(&self.data_dir)?,
            None => {
                return Err(BrokerError::Config(format!(
                    "{KEY_ENV} is not set: the key that seals refresh tokens at rest (create one with `openssl rand -base64 32` and keep it safe; losing it means every customer must re-authorize)"
                )));
            }
        };
        let database_url = self
            .database_url
            .unwrap_or_else(|| format!("sqlite://{}?mode=rwc", self.data_dir.join("broker.sqlite").display()));
        Ok(BrokerConfig {
            listen: SocketAddr::new(self.listen, self.port),
            fortnox_auth_base: base_url("--fortnox-auth-base", &self.fortnox_auth_base)?,
            fortnox_api_base: base_url("--fortnox-api-base", &self.fortnox_api_base)?,
            client_id: client_id.trim().to_string(),
            client_secret,
            database_url,
            key,
            limits: self.limits,
            keepalive_after_days: self.keepalive_after_days,
            trust_forwarded_for: self.trust_forwarded_for,
        })
    }
}

/// Which settings came from flags (they win over the file).
#[derive(Debug, Default, Clone, Copy)]
pub struct FlagsGiven {
    pub listen: bool,
    pub port: bool,
    pub fortnox_auth_base: bool,
    pub fortnox_api_base: bool,
    pub keepalive_after_days: bool,
}

fn base_url(flag: &str, raw: &str) -> Result<Url, BrokerError> {
    let url = Url::parse(raw.trim()).map_err(|e| BrokerError::Config(format!("{flag}: `{raw}` is not a URL ({e})")))?;
    let loopback = matches!(url.host(), Some(url::Host::Ipv4(ip)) if ip.is_loopback())
        || matches!(url.host(), Some(url::Host::Domain("localhost")));
    if url.scheme() != "https" && !(url.scheme() == "http" && loopback) {
        return Err(BrokerError::Config(format!("{flag} must use https:// (http:// only on 127.0.0.1)")));
    }
    Ok(url)
}

/// Demo mode: the key is kept beside the database, readable by this user
/// only. Never for a vendor's broker.
fn demo_key(dir: &Path) -> Result<SealKey, BrokerError> {
    let path = dir.join("demo-seal.key");
    if let Ok(text) = std::fs::read_to_string(&path) {
        return SealKey::from_base64(&text);
    }
    let key = SealKey::random();
    fortnox_platform::private::write(&path, key.to_base64().as_bytes())
        .map_err(|e| BrokerError::Config(format!("cannot write {}: {e}", path.display())))?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_with(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
    }

    #[test]
    fn a_missing_key_is_a_clear_error_outside_demo_mode() {
        let settings = Settings { client_id: Some("app".into()), ..Settings::default() };
        let err = settings.resolve(&env_with(&[(CLIENT_SECRET_ENV, "s")])).unwrap_err();
        assert!(err.to_string().contains(KEY_ENV), "{err}");
        let err = Settings::default().resolve(&env_with(&[])).unwrap_err();
        assert!(err.to_string().contains("--client-id"), "{err}");
    }

    #[test]
    fn demo_mode_keeps_its_key_private_in_the_data_directory() {
        let dir = tempfile::tempdir().unwrap();
        let settings = || Settings {
            client_id: Some("app".into()),
            demo: true,
            data_dir: dir.path().join("broker"),
            ..Settings::default()
        };
        let env = env_with(&[(CLIENT_SECRET_ENV, "s")]);
        let first = settings().resolve(&env).unwrap();
        let second = settings().resolve(&env).unwrap();
        let sealed = first.key.seal("c", "f", "v");
        assert_eq!(second.key.open("c", "f", &sealed).unwrap().as_str(), "v", "the same key is read back");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&dir.path().join("broker/demo-seal.key")), 0o600);
            assert_eq!(mode(&dir.path().join("broker")), 0o700);
        }
        assert!(first.database_url.starts_with("sqlite://"));
    }

    #[test]
    fn fortnox_hosts_must_be_https() {
        assert!(base_url("--x", "http://api.fortnox.se").is_err());
        assert!(base_url("--x", "http://127.0.0.1:8080").is_ok());
        assert!(base_url("--x", "https://api.fortnox.se").is_ok());
    }
}
