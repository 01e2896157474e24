//! The built-in profile, pointing at a sandbox the app starts itself.

use url::Url;

use super::Profile;
use crate::error::Result;

/// The demo app registered in the sandbox's default configuration.
pub const BUILTIN_CLIENT_ID: &str = "fortnox-connect-demo";
/// Its secret. The demo's token broker holds it (started beside the
/// sandbox), so the desktop never needs it; tests that call the token
/// endpoint directly do.
pub const BUILTIN_CLIENT_SECRET: &str = "demo-secret-not-confidential";

const TEMPLATE: &str = include_str!("builtin_sandbox.toml");

/// The built-in demo's issuer: the same on every run, although its
/// sandbox listens on a new port each time.
pub const BUILTIN_ISSUER_ID: &str = "builtin-sandbox";

/// The built-in profile with its Fortnox URLs pointing at `sandbox_base`
/// and its tokens coming from the demo broker at `broker_base`.
pub fn builtin_sandbox_profile(sandbox_base: &Url, broker_base: &Url) -> Result<Profile> {
    let base = sandbox_base.as_str().trim_end_matches('/');
    let broker = broker_base.as_str().trim_end_matches('/');
    let mut profile = Profile::from_toml_str(&TEMPLATE.replace("{sandbox}", base).replace("{broker}", broker))?;
    profile.issuer_id = BUILTIN_ISSUER_ID.to_string();
    Ok(profile)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::TokenAuth;

    #[test]
    fn builtin_profile_points_at_the_sandbox() {
        let base = Url::parse("http://127.0.0.1:40123/").unwrap();
        let broker = Url::parse("http://127.0.0.1:40124/").unwrap();
        let profile = builtin_sandbox_profile(&base, &broker).unwrap();
        assert_eq!(profile.client_id, BUILTIN_CLIENT_ID);
        assert_eq!(profile.endpoints.token_url().as_str(), "http://127.0.0.1:40123/oauth-v1/token");
        assert_eq!(
            profile.endpoints.api_url("companyinformation").as_str(),
            "http://127.0.0.1:40123/3/companyinformation"
        );
        assert_eq!(profile.token_auth, TokenAuth::Broker { url: Url::parse("http://127.0.0.1:40124").unwrap() });
        assert_eq!(profile.default_option_ids(), ["invoices", "bookkeeping"]);
        let later = builtin_sandbox_profile(&Url::parse("http://127.0.0.1:50000/").unwrap(), &broker).unwrap();
        assert_eq!(profile.namespace(), later.namespace(), "the demo keeps its connections across runs");
    }
}
