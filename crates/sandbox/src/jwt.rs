//! Access tokens are signed JWTs, like Fortnox's (HS256 with a key only
//! this sandbox knows). A token whose signature does not match is refused
//! like an unknown one; clients read the claims without checking the
//! signature, as Fortnox's clients do. The claims are those of Fortnox's
//! recorded tokens (docs/fortnox.md §6): `userId` and `tenantId` as
//! integers, `sub` = `"<userId>@<tenantId>"`, `aud` = `clientId`, `id` =
//! `jti`, `scopes` and `scope`, `authsource`, `token_type`. A service
//! account is a user of its own in each company, so its tokens carry its
//! `userId`, not the approving administrator's.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Claims {
    pub iss: String,
    /// `"<userId>@<tenantId>"`.
    pub sub: String,
    /// The client id.
    pub aud: String,
    /// The same value as `jti`.
    pub id: String,
    pub jti: String,
    pub iat: i64,
    pub exp: i64,
    #[serde(rename = "userId")]
    pub user_id: u64,
    #[serde(rename = "tenantId")]
    pub tenant_id: u64,
    #[serde(rename = "clientId")]
    pub client_id: String,
    pub scopes: Vec<String>,
    pub scope: String,
    pub authsource: String,
    pub token_type: String,
}

impl Claims {
    /// The claims of a token for `user_id` in `tenant_id`.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        issuer: &str,
        jti: &str,
        iat: i64,
        exp: i64,
        user_id: u64,
        tenant_id: u64,
        client_id: &str,
        scopes: &[String],
    ) -> Claims {
        Claims {
            iss: issuer.to_string(),
            sub: format!("{user_id}@{tenant_id}"),
            aud: client_id.to_string(),
            id: jti.to_string(),
            jti: jti.to_string(),
            iat,
            exp,
            user_id,
            tenant_id,
            client_id: client_id.to_string(),
            scopes: scopes.to_vec(),
            scope: scopes.join(" "),
            authsource: "OAUTH2".to_string(),
            token_type: "bearer".to_string(),
        }
    }
}

fn signature(key: &[u8], signed: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(signed.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// A signed token carrying `claims`.
pub fn encode(claims: &Claims, key: &[u8]) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims).expect("claims serialise"));
    let signed = format!("{header}.{payload}");
    let signature = URL_SAFE_NO_PAD.encode(signature(key, &signed));
    format!("{signed}.{signature}")
}

/// The claims, read without checking the signature (what a client does).
pub fn decode(token: &str) -> Option<Claims> {
    let mut parts = token.split('.');
    let (_header, payload) = (parts.next()?, parts.next()?);
    let bytes = URL_SAFE_NO_PAD.decode(payload).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// The claims of a token this sandbox signed with `key`.
pub fn verify(token: &str, key: &[u8]) -> Option<Claims> {
    let (signed, signature_part) = token.rsplit_once('.')?;
    let given = URL_SAFE_NO_PAD.decode(signature_part).ok()?;
    let mut mac = Hmac::<Sha256>::new_from_slice(key).ok()?;
    mac.update(signed.as_bytes());
    mac.verify_slice(&given).ok()?;
    decode(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let claims = Claims::new(
            "http://127.0.0.1:1",
            "j",
            1,
            3601,
            2,
            1406221,
            "c",
            &["companyinformation".into(), "invoice".into()],
        );
        assert_eq!(claims.sub, "2@1406221");
        assert_eq!(claims.scope, "companyinformation invoice");
        let token = encode(&claims, b"key");
        assert_eq!(token.matches('.').count(), 2);
        assert_eq!(decode(&token), Some(claims.clone()));
        assert_eq!(verify(&token, b"key"), Some(claims.clone()));
        assert_eq!(verify(&token, b"another key"), None, "signed with another key");
        let unsigned = format!("{}.", token.rsplit_once('.').unwrap().0);
        assert_eq!(verify(&unsigned, b"key"), None, "alg none is refused");
        assert_eq!(decode("not a jwt"), None);
    }
}
