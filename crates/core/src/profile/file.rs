//! The profile as vendors write it (TOML). Field names are a contract: see
//! docs/architecture.md, "The integration profile". Validation lives in `validate.rs`.

use serde::Deserialize;

use crate::lang::Localized;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProfileFile {
    pub name: String,
    pub vendor: String,
    /// Where users reach the vendor (e-mail address, phone or web page).
    #[serde(default)]
    pub vendor_contact: Option<String>,
    pub client_id: String,
    pub redirect: RedirectSection,
    #[serde(default)]
    pub fortnox: FortnoxSection,
    pub token_auth: TokenAuthSection,
    #[serde(default)]
    pub service_account: ServiceAccountSection,
    #[serde(default)]
    pub verify: VerifySection,
    #[serde(default)]
    pub pkce: bool,
    #[serde(default)]
    pub options: Vec<OptionSection>,
    #[serde(default)]
    pub updates: Option<UpdatesSection>,
}

/// Where the app looks for a new version of itself (docs/updates.md).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct UpdatesSection {
    /// The signed update manifest's address, used as written.
    pub feed: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RedirectSection {
    pub embedded: String,
    #[serde(default)]
    pub loopback: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FortnoxSection {
    #[serde(default)]
    pub auth_base: Option<String>,
    #[serde(default)]
    pub api_base: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TokenAuthSection {
    #[serde(default)]
    pub client_secret_env: Option<String>,
    #[serde(default)]
    pub client_secret_keyring: Option<bool>,
    #[serde(default)]
    pub broker_url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ServiceAccountSection {
    #[serde(default = "yes")]
    pub offered: bool,
    #[serde(default = "yes")]
    pub recommended: bool,
}

impl Default for ServiceAccountSection {
    fn default() -> Self {
        ServiceAccountSection { offered: true, recommended: true }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct VerifySection {
    /// Also request the `profile` scope so the wizard can show who approved
    /// and whether they are a system administrator (`/3/me`).
    #[serde(default)]
    pub identify_user: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OptionSection {
    pub id: String,
    pub scopes: Vec<String>,
    #[serde(default)]
    pub default: bool,
    pub label: Localized,
    #[serde(default)]
    pub help: Option<Localized>,
}

fn yes() -> bool {
    true
}
