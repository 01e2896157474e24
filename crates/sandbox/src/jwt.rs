//! Access tokens are JWTs, like Fortnox's. The sandbox does not sign them
//! (`alg: none`); it recognises its own tokens by their `jti`, so a forged
//! token is refused like an unknown one.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Claims {
    pub iss: String,
    pub sub: String,
    pub jti: String,
    pub iat: i64,
    pub exp: i64,
    #[serde(rename = "tenantId")]
    pub tenant_id: u64,
    #[serde(rename = "clientId")]
    pub client_id: String,
    pub scope: String,
    #[serde(rename = "authSource")]
    pub auth_source: String,
}

pub fn encode(claims: &Claims) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims).expect("claims serialise"));
    format!("{header}.{payload}.")
}

pub fn decode(token: &str) -> Option<Claims> {
    let mut parts = token.split('.');
    let (_header, payload) = (parts.next()?, parts.next()?);
    let bytes = URL_SAFE_NO_PAD.decode(payload).ok()?;
    serde_json::from_slice(&bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let claims = Claims {
            iss: "http://127.0.0.1:1".into(),
            sub: "user".into(),
            jti: "j".into(),
            iat: 1,
            exp: 3601,
            tenant_id: 1406221,
            client_id: "c".into(),
            scope: "companyinformation invoice".into(),
            auth_source: "OAUTH2".into(),
        };
        let token = encode(&claims);
        assert_eq!(token.matches('.').count(), 2);
        assert_eq!(decode(&token), Some(claims));
        assert_eq!(decode("not a jwt"), None);
    }
}
