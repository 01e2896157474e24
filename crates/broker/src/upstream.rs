//! Fortnox as the broker sees it: the token endpoint (with the vendor's
//! client secret) and one API call, company information, to name a
//! connection in listings.

use std::time::Duration;

use fortnox_oauth::secret::AccessToken;
use fortnox_oauth::{TokenEndpoint, http};
use serde_json::Value;
use url::Url;

use crate::config::BrokerConfig;

pub struct Upstream {
    pub tokens: TokenEndpoint,
    http: fortnox_oauth::http::Http,
    api_base: Url,
}

impl Upstream {
    pub fn new(config: &BrokerConfig, http: fortnox_oauth::http::Http) -> Upstream {
        Upstream {
            tokens: TokenEndpoint::new(
                http.clone(),
                &config.fortnox_auth_base,
                &config.client_id,
                config.client_secret.clone(),
            ),
            http,
            api_base: config.fortnox_api_base.clone(),
        }
    }

    /// Company name and organisation number, if Fortnox tells (best
    /// effort: the connection works without them).
    pub async fn company(&self, token: &AccessToken) -> Option<(String, String)> {
        let mut url = self.api_base.clone();
        url.set_path(&format!("{}/3/companyinformation", self.api_base.path().trim_end_matches('/')));
        let request = self
            .http
            .get(url)
            .bearer_auth(token.expose())
            .header(reqwest::header::ACCEPT, "application/json")
            .timeout(Duration::from_secs(10));
        let answer = http::send(request).await.ok().filter(|a| a.status == 200)?;
        let body: Value = serde_json::from_slice(&answer.body).ok()?;
        let info = field(&body, "CompanyInformation")?;
        let text = |name: &str| field(info, name).and_then(Value::as_str).map(|s| http::cut(s, 200));
        Some((text("CompanyName")?, text("OrganizationNumber")?))
    }
}

fn field<'a>(value: &'a Value, name: &str) -> Option<&'a Value> {
    value.as_object()?.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v)
}
