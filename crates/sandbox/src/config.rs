//! What the sandbox simulates: registered apps (as in Fortnox's Developer
//! Portal), companies with their licences, and users. Loadable from TOML;
//! `SandboxConfig::default()` is the documented sample data (`seed.rs`).

use serde::{Deserialize, Serialize};

/// Fortnox programs ("moduler") a company can hold licences for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Module {
    Kundfaktura,
    Order,
    Bokforing,
    Lon,
    Anlaggning,
    Arkivplats,
    Tidredovisning,
}

impl Module {
    pub const ALL: [Module; 7] = [
        Module::Kundfaktura,
        Module::Order,
        Module::Bokforing,
        Module::Lon,
        Module::Anlaggning,
        Module::Arkivplats,
        Module::Tidredovisning,
    ];
}

/// How the integration is sold (Developer Portal setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SaleMode {
    /// Free, or bought on the vendor's website: anyone may activate.
    #[default]
    Free,
    /// "Buy via Fortnox": the company must buy it in Fortnox first.
    BuyViaFortnox,
    /// Set as purchasable in Fortnox but not published: nobody can
    /// activate ("Resource owner does not have enough licenses").
    PurchasableNotPublished,
}

/// An app registered in the Developer Portal.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppConfig {
    pub client_id: String,
    pub client_secret: String,
    pub name: String,
    /// The first one is the default used when `redirect_uri` is omitted.
    pub redirect_uris: Vec<String>,
    /// Scopes ticked for the app in the portal.
    pub scopes: Vec<String>,
    #[serde(default = "yes")]
    pub oauth2_enabled: bool,
    /// "Service account set to administrator only".
    #[serde(default = "yes")]
    pub service_accounts: bool,
    #[serde(default)]
    pub sale: SaleMode,
    /// Organisation numbers of companies that bought it (BuyViaFortnox).
    #[serde(default)]
    pub purchased_by: Vec<String>,
    /// RFC 8252 §7.3: accept any port on a registered loopback redirect
    /// URI. Fortnox's behaviour is not documented, so this is off unless a
    /// test turns it on.
    #[serde(default)]
    pub loopback_any_port: bool,
}

/// A Fortnox company (a tenant).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Company {
    pub name: String,
    /// "556677-8899".
    pub org_number: String,
    /// `DatabaseNumber`, which is also the tenant id.
    pub tenant_id: u64,
    /// The add-on that lets any integration connect.
    pub integration_licence: bool,
    pub modules: Vec<Module>,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub zip_code: String,
    #[serde(default)]
    pub city: String,
}

impl Company {
    pub fn has_module(&self, module: Module) -> bool {
        self.modules.contains(&module)
    }
}

/// A user's standing in one company.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Membership {
    pub org_number: String,
    #[serde(default)]
    pub sysadmin: bool,
    /// Scopes the user has no licence for: consent fails with "Not licensed
    /// for requested scope" when a user-account connection asks for one.
    #[serde(default)]
    pub unlicensed_scopes: Vec<String>,
    /// Scopes whose registers the user lacks permission (behörighet) for:
    /// consent works, API calls under a user-account token are refused.
    #[serde(default)]
    pub denied_scopes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserKind {
    #[default]
    Regular,
    /// Logs in with "Digital byrå" and picks a client company.
    Consultant,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct User {
    pub username: String,
    pub password: String,
    pub name: String,
    #[serde(default)]
    pub kind: UserKind,
    /// A locked or unpaid account: Fortnox redirects back with neither a
    /// code nor an error.
    #[serde(default)]
    pub locked: bool,
    pub memberships: Vec<Membership>,
    /// Shown on the login page's help text.
    #[serde(default)]
    pub description: String,
}

impl User {
    pub fn membership(&self, org_number: &str) -> Option<&Membership> {
        self.memberships.iter().find(|m| m.org_number == org_number)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SandboxConfig {
    pub apps: Vec<AppConfig>,
    pub companies: Vec<Company>,
    pub users: Vec<User>,
    /// Fortnox's limit: requests per sliding window per client and tenant.
    #[serde(default = "default_rate_limit")]
    pub rate_limit_requests: usize,
    #[serde(default = "default_rate_window")]
    pub rate_limit_window_secs: u64,
    /// Send `Retry-After` with a 429. Whether Fortnox does is UNCONFIRMED
    /// (docs/fortnox.md §17): off by default, so the product is tested
    /// both ways.
    #[serde(default)]
    pub rate_limit_retry_after: bool,
    /// An accounting agency whose consultant has this many generated
    /// clients (`agency.rs`), added when the sandbox starts.
    #[serde(default)]
    pub agency: Option<Agency>,
}

fn yes() -> bool {
    true
}

fn default_rate_limit() -> usize {
    25
}

fn default_rate_window() -> u64 {
    5
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read sandbox config {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("sandbox config is not valid: {0}")]
    Parse(#[from] toml::de::Error),
    #[error("sandbox config: {0}")]
    Invalid(String),
}

impl SandboxConfig {
    pub fn from_toml_str(text: &str) -> Result<SandboxConfig, ConfigError> {
        let config: SandboxConfig = toml::from_str(text)?;
        config.check()?;
        Ok(config)
    }

    pub fn load(path: &std::path::Path) -> Result<SandboxConfig, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| ConfigError::Read { path: path.display().to_string(), source })?;
        SandboxConfig::from_toml_str(&text)
    }

    /// Cross-references must resolve: memberships name real companies.
    pub fn check(&self) -> Result<(), ConfigError> {
        for user in &self.users {
            for membership in &user.memberships {
                if self.company_by_org(&membership.org_number).is_none() {
                    return Err(ConfigError::Invalid(format!(
                        "user {} is a member of unknown company {}",
                        user.username, membership.org_number
                    )));
                }
            }
        }
        for app in &self.apps {
            if app.redirect_uris.is_empty() {
                return Err(ConfigError::Invalid(format!("app {} has no redirect URI", app.client_id)));
            }
        }
        Ok(())
    }

    pub fn app(&self, client_id: &str) -> Option<&AppConfig> {
        self.apps.iter().find(|a| a.client_id == client_id)
    }

    pub fn app_mut(&mut self, client_id: &str) -> Option<&mut AppConfig> {
        self.apps.iter_mut().find(|a| a.client_id == client_id)
    }

    pub fn company_by_org(&self, org_number: &str) -> Option<&Company> {
        self.companies.iter().find(|c| c.org_number == org_number)
    }

    pub fn company_by_tenant(&self, tenant_id: u64) -> Option<&Company> {
        self.companies.iter().find(|c| c.tenant_id == tenant_id)
    }

    pub fn user(&self, username: &str) -> Option<&User> {
        let wanted = username.trim();
        self.users.iter().find(|u| u.username.eq_ignore_ascii_case(wanted))
    }
}

/// An accounting agency in a config: who logs in, and how many generated
/// clients they have (`agency.rs` makes them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agency {
    pub username: String,
    pub name: String,
    pub clients: usize,
}

pub const AGENCY_USERNAME: &str = "byra@redovisningsbyran.se";

impl Default for Agency {
    fn default() -> Agency {
        Agency { username: AGENCY_USERNAME.into(), name: "Karin Lund".into(), clients: 500 }
    }
}
