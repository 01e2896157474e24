//! The built-in profile, pointing at a sandbox the app starts itself.

use url::Url;

use super::Profile;
use crate::error::Result;

/// The demo app registered in the sandbox's default configuration.
pub const BUILTIN_CLIENT_ID: &str = "fortnox-connect-demo";
/// Its secret. The sandbox plays the token broker for the built-in profile,
/// so the desktop never needs it; tests that call the token endpoint
/// directly do.
pub const BUILTIN_CLIENT_SECRET: &str = "demo-secret-not-confidential";

const TEMPLATE: &str = include_str!("builtin_sandbox.toml");

/// The built-in profile with its Fortnox URLs pointing at `sandbox_base`.
pub fn builtin_sandbox_profile(sandbox_base: &Url) -> Result<Profile> {
    let base = sandbox_base.as_str().trim_end_matches('/');
    Profile::from_toml_str(&TEMPLATE.replace("{sandbox}", base))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::TokenAuth;

    #[test]
    fn builtin_profile_points_at_the_sandbox() {
        let base = Url::parse("http://127.0.0.1:40123/").unwrap();
        let profile = builtin_sandbox_profile(&base).unwrap();
        assert_eq!(profile.client_id, BUILTIN_CLIENT_ID);
        assert_eq!(profile.endpoints.token_url().as_str(), "http://127.0.0.1:40123/oauth-v1/token");
        assert_eq!(
            profile.endpoints.api_url("companyinformation").as_str(),
            "http://127.0.0.1:40123/3/companyinformation"
        );
        assert_eq!(profile.token_auth, TokenAuth::Broker { url: Url::parse("http://127.0.0.1:40123/broker").unwrap() });
        assert_eq!(profile.default_option_ids(), ["invoices", "bookkeeping"]);
    }
}
