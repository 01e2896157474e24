//! Reading the `tenantId` claim from a Fortnox access token. The token is a
//! JWT whose signature cannot be checked (the key is not public), so only
//! this one claim is read, as a fallback when company information is not
//! available.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

/// The tenant id (a string, whatever the JSON type), from `tenantId` or
/// `tenant_id`.
pub fn tenant_id(token: &str) -> Option<String> {
    let payload = token.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let claims: Value = serde_json::from_slice(&bytes).ok()?;
    ["tenantId", "tenant_id"].iter().find_map(|key| match claims.get(*key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(payload: &str) -> String {
        format!("eyJhbGciOiJub25lIn0.{}.", URL_SAFE_NO_PAD.encode(payload))
    }

    #[test]
    fn reads_the_claim_as_number_or_string() {
        assert_eq!(tenant_id(&jwt(r#"{"tenantId":1406221}"#)).as_deref(), Some("1406221"));
        assert_eq!(tenant_id(&jwt(r#"{"tenantId":"1406221"}"#)).as_deref(), Some("1406221"));
        assert_eq!(tenant_id(&jwt(r#"{"tenant_id":7}"#)).as_deref(), Some("7"));
        assert_eq!(tenant_id(&jwt(r#"{"sub":"x"}"#)), None);
        assert_eq!(tenant_id("opaque-token"), None);
        assert_eq!(tenant_id("a.!!!.c"), None);
    }
}
