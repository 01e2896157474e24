//! What a broker needs to run: where to listen, which Fortnox and which
//! app, the database, the keys, the limits and the chores.
//!
//! One order of precedence for every setting: a flag (or its environment
//! variable, `FORTNOX_BROKER_<NAME>`), else the TOML file (`--config`),
//! else the default. `Layer` is one source; `Settings::apply` lays one over
//! another. Secrets come from the environment only and never from a file
//! or a flag: `FORTNOX_BROKER_CLIENT_SECRET`, `FORTNOX_BROKER_KEY` and,
//! while a key is changed, `FORTNOX_BROKER_OLD_KEYS`
//! (docs/broker-protocol.md, "Running a broker").

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use fortnox_oauth::secret::ClientSecret;
use serde::Deserialize;
use url::Url;

use crate::error::BrokerError;
use crate::seal::{Keys, SealKey};

pub const CLIENT_SECRET_ENV: &str = "FORTNOX_BROKER_CLIENT_SECRET";
pub const KEY_ENV: &str = "FORTNOX_BROKER_KEY";
pub const OLD_KEYS_ENV: &str = "FORTNOX_BROKER_OLD_KEYS";
/// Signs the webhook's deliveries (HMAC-SHA256); required with a webhook.
pub const WEBHOOK_SECRET_ENV: &str = "FORTNOX_BROKER_WEBHOOK_SECRET";
pub const FORTNOX_AUTH_BASE: &str = "https://apps.fortnox.se";
pub const FORTNOX_API_BASE: &str = "https://api.fortnox.se";

/// Limits, per replica.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Requests per minute per installation (and the burst allowed).
    pub per_minute: u32,
    pub burst: u32,
    /// Enrollments per minute per client address (IPv6: per /64).
    pub enroll_per_minute: u32,
    /// Enrollments per minute from everyone together.
    pub enroll_all_per_minute: u32,
    /// Failed sign-ins per minute per client address.
    pub failed_auth_per_minute: u32,
    /// Calls to Fortnox's token endpoint per minute (and burst), all
    /// installations together.
    pub upstream_per_minute: u32,
    pub upstream_burst: u32,
    /// Code exchanges per hour per installation.
    pub exchanges_per_hour: u32,
    /// Connections served at once; more wait to be accepted.
    pub max_connections: usize,
    /// How long a client may take to send a request's headers.
    pub header_read_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            per_minute: 600,
            burst: 120,
            enroll_per_minute: 20,
            enroll_all_per_minute: 600,
            failed_auth_per_minute: 30,
            upstream_per_minute: 1200,
            upstream_burst: 100,
            exchanges_per_hour: 60,
            max_connections: 1024,
            header_read_timeout: Duration::from_secs(10),
        }
    }
}

/// Where the client's address comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ClientAddress {
    /// The connection's peer (no proxy in front, or a proxy at layer 4).
    #[default]
    Peer,
    /// `X-Forwarded-For`: the entry `hops` from the end, the one the
    /// outermost trusted proxy appended (nginx's `$proxy_add_x_forwarded_for`
    /// with one proxy: `hops = 1`).
    ForwardedFor { hops: u32 },
    /// A header the proxy sets and overwrites (`X-Real-IP`,
    /// `CF-Connecting-IP` …).
    Header(String),
}

impl std::str::FromStr for ClientAddress {
    type Err = String;

    /// `peer`, `forwarded-for`, `forwarded-for:N` or `header:NAME`.
    fn from_str(text: &str) -> Result<ClientAddress, String> {
        let text = text.trim();
        match text.split_once(':') {
            None if text == "peer" => Ok(ClientAddress::Peer),
            None if text == "forwarded-for" => Ok(ClientAddress::ForwardedFor { hops: 1 }),
            Some(("forwarded-for", n)) => match n.parse::<u32>() {
                Ok(hops) if hops >= 1 => Ok(ClientAddress::ForwardedFor { hops }),
                _ => Err(format!("`{text}`: forwarded-for:N needs N ≥ 1 proxies")),
            },
            Some(("header", name)) if axum::http::HeaderName::from_bytes(name.trim().as_bytes()).is_ok() => {
                Ok(ClientAddress::Header(name.trim().to_ascii_lowercase()))
            }
            _ => Err(format!("`{text}`: use peer, forwarded-for, forwarded-for:N or header:NAME")),
        }
    }
}

/// The broker's chores, hourly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chores {
    /// Refresh connections whose refresh token is this old, so they do
    /// not die at Fortnox's 45 days (0: never).
    pub keepalive_after_days: u32,
    /// …unless no token was asked for in this many days.
    pub keepalive_unused_days: u32,
    /// Revoke connections no desktop confirmed within this many seconds.
    pub unconfirmed_secs: i64,
    /// Forget installations with no connection not seen for this many
    /// days (0: never).
    pub purge_installations_after_days: u32,
    /// A renewal's lease on its connection, extended while Fortnox is
    /// asked: how long a crashed replica can hold others up.
    pub lease_secs: i64,
    /// `renew=true` this soon after a renewal gets that renewal's token:
    /// a desktop asking again and again costs Fortnox nothing.
    pub renew_cooldown_secs: i64,
}

impl Default for Chores {
    fn default() -> Self {
        Chores {
            keepalive_after_days: 30,
            keepalive_unused_days: 120,
            unconfirmed_secs: 3600,
            purge_installations_after_days: 90,
            lease_secs: 30,
            renew_cooldown_secs: 60,
        }
    }
}

pub struct BrokerConfig {
    pub listen: SocketAddr,
    pub fortnox_auth_base: Url,
    pub fortnox_api_base: Url,
    pub client_id: String,
    pub client_secret: ClientSecret,
    /// `sqlite:PATH` or `postgres://…`.
    pub database_url: String,
    pub keys: Keys,
    pub limits: Limits,
    pub chores: Chores,
    pub client_address: ClientAddress,
    /// Where `GET /metrics` is served (a separate address; none: off).
    pub metrics_listen: Option<SocketAddr>,
    /// Where each change of a connection is POSTed (none: off).
    pub webhook: Option<crate::webhook::Webhook>,
}

/// One source of settings: the TOML file, or the flags. Every key is
/// optional; the file's keys are these names.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layer {
    pub listen: Option<IpAddr>,
    pub port: Option<u16>,
    pub fortnox_auth_base: Option<String>,
    pub fortnox_api_base: Option<String>,
    pub client_id: Option<String>,
    pub database_url: Option<String>,
    pub data_dir: Option<PathBuf>,
    pub rate_limit_per_minute: Option<u32>,
    pub rate_limit_burst: Option<u32>,
    pub enroll_per_minute: Option<u32>,
    pub enroll_all_per_minute: Option<u32>,
    pub failed_auth_per_minute: Option<u32>,
    pub upstream_per_minute: Option<u32>,
    pub exchanges_per_hour: Option<u32>,
    pub max_connections: Option<usize>,
    pub keepalive_after_days: Option<u32>,
    pub keepalive_unused_days: Option<u32>,
    pub unconfirmed_minutes: Option<u32>,
    pub purge_installations_after_days: Option<u32>,
    pub lease_secs: Option<u32>,
    pub renew_cooldown_secs: Option<u32>,
    /// `peer`, `forwarded-for`, `forwarded-for:N` or `header:NAME`.
    pub client_address: Option<String>,
    /// Schema 1's name for `client_address = "forwarded-for"`, still read
    /// so that an old file starts the broker.
    pub trust_forwarded_for: Option<bool>,
    /// `ADDRESS:PORT` for `GET /metrics`, apart from the protocol's.
    pub metrics_listen: Option<SocketAddr>,
    /// An https URL (http only to this computer) that receives each change
    /// of a connection.
    pub webhook_url: Option<String>,
    /// The longest wait between two tries of a webhook event (seconds).
    pub webhook_max_backoff_secs: Option<u32>,
}

impl Layer {
    pub fn load(path: &Path) -> Result<Layer, BrokerError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| BrokerError::Config(format!("cannot read {}: {e}", path.display())))?;
        toml::from_str(&text).map_err(|e| BrokerError::Config(format!("{}: {}", path.display(), e.message())))
    }
}

/// Everything but the secrets.
#[derive(Debug, Clone)]
pub struct Settings {
    pub listen: IpAddr,
    pub port: u16,
    pub fortnox_auth_base: String,
    pub fortnox_api_base: String,
    pub client_id: Option<String>,
    pub database_url: Option<String>,
    pub limits: Limits,
    pub chores: Chores,
    pub client_address: ClientAddress,
    pub metrics_listen: Option<SocketAddr>,
    pub webhook_url: Option<String>,
    pub webhook_max_backoff_secs: u32,
    /// Where `sqlite:` (the default database) and the demo key live.
    pub data_dir: PathBuf,
    /// Demo mode: a missing key is created in the data directory.
    pub demo: bool,
}

/// The default data folder: systemd's `StateDirectory=` if the unit has
/// one, else the user's own data folder. Never the working directory,
/// which may be anyone's.
pub fn default_data_dir() -> PathBuf {
    std::env::var_os("STATE_DIRECTORY")
        .map(PathBuf::from)
        .or_else(|| dirs::data_local_dir().map(|d| d.join("fortnox-broker")))
        .unwrap_or_else(|| PathBuf::from("fortnox-broker"))
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
            chores: Chores::default(),
            client_address: ClientAddress::Peer,
            metrics_listen: None,
            webhook_url: None,
            webhook_max_backoff_secs: 3600,
            data_dir: default_data_dir(),
            demo: false,
        }
    }
}

impl Settings {
    /// Lays `layer` over these settings: what it names wins.
    pub fn apply(mut self, layer: Layer) -> Result<Settings, BrokerError> {
        macro_rules! set {
            ($($field:ident).+ = $value:expr) => {
                if let Some(v) = $value {
                    self.$($field).+ = v;
                }
            };
        }
        set!(listen = layer.listen);
        set!(port = layer.port);
        set!(fortnox_auth_base = layer.fortnox_auth_base);
        set!(fortnox_api_base = layer.fortnox_api_base);
        set!(data_dir = layer.data_dir);
        set!(limits.per_minute = layer.rate_limit_per_minute);
        set!(limits.burst = layer.rate_limit_burst);
        set!(limits.enroll_per_minute = layer.enroll_per_minute);
        set!(limits.enroll_all_per_minute = layer.enroll_all_per_minute);
        set!(limits.failed_auth_per_minute = layer.failed_auth_per_minute);
        set!(limits.upstream_per_minute = layer.upstream_per_minute);
        set!(limits.exchanges_per_hour = layer.exchanges_per_hour);
        set!(limits.max_connections = layer.max_connections);
        set!(chores.keepalive_after_days = layer.keepalive_after_days);
        set!(chores.keepalive_unused_days = layer.keepalive_unused_days);
        set!(chores.unconfirmed_secs = layer.unconfirmed_minutes.map(|m| i64::from(m) * 60));
        set!(chores.purge_installations_after_days = layer.purge_installations_after_days);
        set!(chores.lease_secs = layer.lease_secs.map(|s| i64::from(s.max(3))));
        set!(chores.renew_cooldown_secs = layer.renew_cooldown_secs.map(i64::from));
        set!(webhook_max_backoff_secs = layer.webhook_max_backoff_secs);
        if layer.metrics_listen.is_some() {
            self.metrics_listen = layer.metrics_listen;
        }
        if layer.webhook_url.is_some() {
            self.webhook_url = layer.webhook_url;
        }
        if layer.client_id.is_some() {
            self.client_id = layer.client_id;
        }
        if layer.database_url.is_some() {
            self.database_url = layer.database_url;
        }
        if let Some(text) = layer.client_address {
            self.client_address = text.parse().map_err(BrokerError::Config)?;
        } else if layer.trust_forwarded_for == Some(true) {
            tracing::warn!("trust_forwarded_for is an old name: write client_address = \"forwarded-for\"");
            self.client_address = ClientAddress::ForwardedFor { hops: 1 };
        }
        Ok(self)
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
        let current = match env(KEY_ENV).filter(|k| !k.trim().is_empty()) {
            Some(text) => SealKey::from_base64(&text)?,
            None if self.demo => demo_key(&self.data_dir)?,
            None => {
                return Err(BrokerError::Config(format!(
                    "{KEY_ENV} is not set: the key that seals refresh tokens at rest (create one with `openssl rand -base64 32` and keep it safe; losing it means every customer must re-authorize)"
                )));
            }
        };
        let old = env(OLD_KEYS_ENV)
            .unwrap_or_default()
            .split(',')
            .filter(|k| !k.trim().is_empty())
            .map(SealKey::from_base64)
            .collect::<Result<Vec<_>, _>>()?;
        let database_url = self
            .database_url
            .unwrap_or_else(|| format!("sqlite://{}?mode=rwc", self.data_dir.join("broker.sqlite").display()));
        warn_about_database_tls(&database_url);
        let webhook = match &self.webhook_url {
            None => None,
            Some(url) => Some(webhook(url, env, self.webhook_max_backoff_secs)?),
        };
        Ok(BrokerConfig {
            listen: SocketAddr::new(self.listen, self.port),
            fortnox_auth_base: base_url("--fortnox-auth-base", &self.fortnox_auth_base)?,
            fortnox_api_base: base_url("--fortnox-api-base", &self.fortnox_api_base)?,
            client_id: client_id.trim().to_string(),
            client_secret,
            database_url,
            keys: Keys::new(current, old),
            limits: self.limits,
            chores: self.chores,
            client_address: self.client_address,
            metrics_listen: self.metrics_listen,
            webhook,
        })
    }
}

/// The webhook: an https URL (or http to this computer, for a receiver
/// beside the broker) and its signing secret from the environment.
fn webhook(
    url: &str,
    env: &dyn Fn(&str) -> Option<String>,
    max_backoff_secs: u32,
) -> Result<crate::webhook::Webhook, BrokerError> {
    let parsed = Url::parse(url).map_err(|e| BrokerError::Config(format!("--webhook-url {url}: {e}")))?;
    let local = matches!(parsed.host(), Some(url::Host::Ipv4(ip)) if ip.is_loopback())
        || matches!(parsed.host(), Some(url::Host::Ipv6(ip)) if ip.is_loopback())
        || parsed.host_str() == Some("localhost");
    if !(parsed.scheme() == "https" || parsed.scheme() == "http" && local) || !parsed.username().is_empty() {
        return Err(BrokerError::Config(format!("--webhook-url must be https (http only to this computer): {url}")));
    }
    let secret = env(WEBHOOK_SECRET_ENV).filter(|s| s.trim().len() >= 16).ok_or_else(|| {
        BrokerError::Config(format!("{WEBHOOK_SECRET_ENV} must be set (16 characters or more) to sign the webhook"))
    })?;
    Ok(crate::webhook::Webhook {
        url: parsed,
        secret: zeroize::Zeroizing::new(secret.trim().as_bytes().to_vec()),
        max_backoff_secs: i64::from(max_backoff_secs.max(1)),
    })
}

/// PostgreSQL's default TLS (`prefer`) neither requires TLS nor checks the
/// server: a remote database should say `sslmode=verify-full`.
fn warn_about_database_tls(url: &str) {
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) || url.contains("sslmode=verify-full") {
        return;
    }
    let host = Url::parse(url).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_default();
    let local =
        host.is_empty() || host == "localhost" || host.starts_with("127.") || host == "[::1]" || host.starts_with('/');
    if !local {
        tracing::warn!(
            %host,
            "the database URL has no sslmode=verify-full: the connection to a remote PostgreSQL is not checked (docs/broker-protocol.md, \"Running a broker\")"
        );
    }
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
        let err = settings.resolve(&env_with(&[(CLIENT_SECRET_ENV, "s")])).err().expect("refused");
        assert!(err.to_string().contains(KEY_ENV), "{err}");
        let err = Settings::default().resolve(&env_with(&[])).err().expect("refused");
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
        assert_eq!(first.keys.current().id(), second.keys.current().id(), "the same key is read back");
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
    fn a_flag_beats_the_file_which_beats_the_default() {
        let file: Layer =
            toml::from_str("rate_limit_per_minute = 100\nport = 9000\nclient_address = \"forwarded-for:2\"").unwrap();
        let flags = Layer { rate_limit_per_minute: Some(50), ..Layer::default() };
        let settings = Settings::default().apply(file).unwrap().apply(flags).unwrap();
        assert_eq!(settings.limits.per_minute, 50, "the flag");
        assert_eq!(settings.port, 9000, "the file, where no flag was given");
        assert_eq!(settings.limits.burst, Limits::default().burst, "the default");
        assert_eq!(settings.client_address, ClientAddress::ForwardedFor { hops: 2 });
        let bad: Layer = toml::from_str("client_address = \"x-forwarded-for\"").unwrap();
        assert!(Settings::default().apply(bad).is_err());
        // A version 1 file still starts, with the address its proxy appended.
        let old: Layer = toml::from_str("trust_forwarded_for = true").unwrap();
        assert_eq!(Settings::default().apply(old).unwrap().client_address, ClientAddress::ForwardedFor { hops: 1 });
        assert!(toml::from_str::<Layer>("no_such_setting = 1").is_err(), "a misspelt key is an error");
    }

    #[test]
    fn old_keys_are_accepted_beside_the_new_one() {
        let (new, old) = (SealKey::random(), SealKey::random());
        let (new_b64, old_b64) = (new.to_base64().to_string(), old.to_base64().to_string());
        let env = move |name: &str| match name {
            CLIENT_SECRET_ENV => Some("s".to_string()),
            KEY_ENV => Some(new_b64.clone()),
            OLD_KEYS_ENV => Some(format!("{old_b64}, ")),
            _ => None,
        };
        let config = Settings { client_id: Some("app".into()), ..Settings::default() }.resolve(&env).unwrap();
        assert_eq!(config.keys.current().id(), new.id());
    }

    #[test]
    fn fortnox_hosts_must_be_https() {
        assert!(base_url("--x", "http://api.fortnox.se").is_err());
        assert!(base_url("--x", "http://127.0.0.1:8080").is_ok());
        assert!(base_url("--x", "https://api.fortnox.se").is_ok());
    }
}
