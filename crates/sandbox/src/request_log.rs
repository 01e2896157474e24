//! Every request the sandbox saw, with secrets masked, for tests to read
//! (e.g. "exactly one refresh happened").

use std::collections::BTreeMap;

use serde::Serialize;

/// Header names whose values are masked.
const SECRET_HEADERS: &[&str] = &["authorization", "cookie", "set-cookie"];
/// Form and query fields whose values are masked.
const SECRET_FIELDS: &[&str] = &[
    "code",
    "refresh_token",
    "access_token",
    "token",
    "client_secret",
    "password",
    "sandbox_password",
    "code_verifier",
];

#[derive(Debug, Clone, Serialize)]
pub struct LoggedRequest {
    pub seq: u64,
    pub at_unix_ms: i64,
    pub method: String,
    pub path: String,
    pub query: BTreeMap<String, String>,
    pub headers: BTreeMap<String, String>,
    pub form: BTreeMap<String, String>,
    /// 0 while the request is in flight (logged on arrival).
    pub status: u16,
    /// What the sandbox did beyond answering (e.g. "fault:drop").
    pub note: Option<String>,
}

impl LoggedRequest {
    /// Answered (not still in flight).
    pub fn answered(&self) -> bool {
        self.status != 0
    }

    /// The form's `grant_type`, for token requests.
    pub fn grant_type(&self) -> Option<&str> {
        self.form.get("grant_type").map(String::as_str)
    }
}

pub fn mask_header(name: &str, value: &str) -> String {
    if !SECRET_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
        return value.to_string();
    }
    // Keep the scheme ("Basic", "Bearer") so tests can see which was used.
    match value.split_once(' ') {
        Some((scheme, _)) => format!("{scheme} ***"),
        None => "***".to_string(),
    }
}

pub fn mask_fields(pairs: impl Iterator<Item = (String, String)>) -> BTreeMap<String, String> {
    pairs
        .map(|(k, v)| {
            let masked = if SECRET_FIELDS.contains(&k.as_str()) { "***".to_string() } else { v };
            (k, masked)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_masked() {
        assert_eq!(mask_header("Authorization", "Bearer abc.def"), "Bearer ***");
        assert_eq!(mask_header("TenantId", "1406221"), "1406221");
        let form = mask_fields(
            [("grant_type", "refresh_token"), ("refresh_token", "r-123")]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string())),
        );
        assert_eq!(form["grant_type"], "refresh_token");
        assert_eq!(form["refresh_token"], "***");
    }
}
