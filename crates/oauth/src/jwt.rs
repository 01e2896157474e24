//! Reading claims from a Fortnox access token. The token is a JWT whose
//! signature cannot be checked (the key is not public), so it is read only
//! where it came straight from Fortnox over TLS (the exchange, a refresh)
//! or as a fallback: the tenant when company information is not
//! available, and the user the token acts for (docs/fortnox.md §6).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

fn claims(token: &str) -> Option<Value> {
    let payload = token.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// A claim as text, whatever its JSON type (Fortnox sends ids as numbers).
fn text(claims: &Value, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|key| match claims.get(*key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// The tenant id (a string, whatever the JSON type), from `tenantId` or
/// `tenant_id`.
pub fn tenant_id(token: &str) -> Option<String> {
    text(&claims(token)?, &["tenantId", "tenant_id"])
}

/// Whom the token acts for: `"<userId>@<tenantId>"`, from `userId` and
/// `tenantId` (every recorded Fortnox token has both), else `sub` (which
/// Fortnox fills with the same). A service account is a user of its own in
/// the company, so its tokens name it, not the administrator who approved.
pub fn subject(token: &str) -> Option<String> {
    let claims = claims(token)?;
    match (text(&claims, &["userId"]), text(&claims, &["tenantId", "tenant_id"])) {
        (Some(user), Some(tenant)) => Some(format!("{user}@{tenant}")),
        _ => text(&claims, &["sub"]),
    }
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

    #[test]
    fn the_subject_is_the_user_in_the_tenant() {
        // The shape of Fortnox's recorded tokens (docs/fortnox.md §6).
        let recorded = jwt(r#"{"userId":2,"tenantId":1368267,"sub":"2@1368267","authsource":"OAUTH2"}"#);
        assert_eq!(subject(&recorded).as_deref(), Some("2@1368267"));
        assert_eq!(subject(&jwt(r#"{"sub":"7@99"}"#)).as_deref(), Some("7@99"));
        assert_eq!(subject(&jwt(r#"{"userId":"3","tenantId":5}"#)).as_deref(), Some("3@5"));
        assert_eq!(subject(&jwt(r#"{"tenantId":5}"#)), None, "no user named");
        assert_eq!(subject("opaque-token"), None);
    }
}
