//! Recognising Fortnox's answers: OAuth `error`/`error_description` pairs
//! and the API's `ErrorInformation`. Matching is on codes and known
//! strings, tolerant of case, surrounding text and of `code` as a number
//! or a string.

use serde_json::Value;

use super::code::ErrorCode;

fn has(haystack: &str, needle: &str) -> bool {
    haystack.to_lowercase().contains(needle)
}

/// An error sent back to the redirect URI (`error`, `error_description`).
pub fn classify_authorization_error(error: &str, description: Option<&str>) -> ErrorCode {
    let text = format!("{} {}", error, description.unwrap_or_default()).to_lowercase();
    let error = error.trim().to_lowercase();
    if has(&text, "does not allow service account") {
        ErrorCode::ServiceAccountNotAllowed
    } else if error == "invalid_scope" || has(&text, "unsupported scope") {
        ErrorCode::UnsupportedScope
    } else if has(&text, "auth code or clientid supplied is invalid") {
        ErrorCode::VendorOauthNotEnabled
    } else if error == "redirect_uri_mismatch"
        || (has(&text, "redirect") && (has(&text, "mismatch") || has(&text, "do not match") || has(&text, "missing")))
    {
        ErrorCode::RedirectUriMismatch
    } else if has(&text, "not have enough licenses") {
        ErrorCode::IntegrationNotPublished
    } else if has(&text, "not licensed for requested scope") {
        ErrorCode::NotLicensedForScope
    } else if has(&text, "purchas") {
        ErrorCode::IntegrationNotPurchased
    } else if error == "error_missing_system_admin_right"
        || has(&text, "system administrator")
        || has(&text, "system_admin")
    {
        ErrorCode::SystemAdministratorRequired
    } else if error == "error_missing_license" || has(&text, "missing license") || has(&text, "missing licence") {
        ErrorCode::IntegrationLicenceMissing
    } else if error == "access_denied" {
        ErrorCode::AuthorizationNotCompleted
    } else if error == "invalid_client" || error == "unauthorized_client" {
        ErrorCode::VendorOauthNotEnabled
    } else {
        ErrorCode::Unknown
    }
}

/// Which token request was made (the same error means different things).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenGrant {
    AuthorizationCode,
    RefreshToken,
    ClientCredentials,
}

/// A token-endpoint error (`{"error","error_description"}`).
pub fn classify_token_error(grant: TokenGrant, error: &str, description: Option<&str>) -> ErrorCode {
    let text = format!("{} {}", error, description.unwrap_or_default()).to_lowercase();
    let error = error.trim().to_lowercase();
    if error == "redirect_uri_mismatch" || (has(&text, "redirect") && has(&text, "match")) {
        return ErrorCode::RedirectUriMismatch;
    }
    if has(&text, "auth code or clientid supplied is invalid") && grant == TokenGrant::AuthorizationCode {
        return ErrorCode::VendorOauthNotEnabled;
    }
    if error == "invalid_client" || error == "unauthorized_client" {
        return ErrorCode::ClientSecretRejected;
    }
    if has(&text, "missing license") || error == "error_missing_license" {
        return classify_authorization_error(&error, description);
    }
    match (grant, error.as_str()) {
        (TokenGrant::RefreshToken, "invalid_grant") => ErrorCode::RefreshTokenInvalid,
        (TokenGrant::RefreshToken, _) if has(&text, "invalid refresh token") => ErrorCode::RefreshTokenInvalid,
        (TokenGrant::AuthorizationCode, "invalid_grant") => ErrorCode::AuthorizationCodeExpired,
        (TokenGrant::ClientCredentials, _) => ErrorCode::ConnectionNeedsReauthorization,
        _ => ErrorCode::Unknown,
    }
}

/// Fortnox's `{"ErrorInformation":{"error":1,"message":…,"code":…}}`, read
/// with any key casing and `code` as a number or a string.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ErrorInformation {
    pub code: Option<u64>,
    pub message: Option<String>,
}

impl ErrorInformation {
    pub fn parse(body: &[u8]) -> Option<ErrorInformation> {
        let value: Value = serde_json::from_slice(body).ok()?;
        let info = field(&value, "errorinformation")?;
        let code = field(info, "code").and_then(|c| match c {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        });
        let message = field(info, "message").and_then(|m| m.as_str()).map(|m| m.trim().to_string());
        (code.is_some() || message.is_some()).then_some(ErrorInformation { code, message })
    }
}

fn field<'a>(value: &'a Value, name: &str) -> Option<&'a Value> {
    value.as_object()?.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v)
}

const DOCUMENT_SCOPES: &[&str] = &["order", "invoice", "offer"];
const WAREHOUSE_SCOPES: &[&str] = &["warehouse", "warehousecustomdocument"];

/// An API failure. `scope` is the scope the request needed and `granted`
/// whether the connection's token includes it: Fortnox uses the same words
/// for "the token lacks the scope" and "the user lacks permission".
pub fn classify_api_error(
    status: u16,
    info: Option<&ErrorInformation>,
    scope: Option<&str>,
    granted: bool,
) -> ErrorCode {
    let code = info.and_then(|i| i.code);
    let message = info.and_then(|i| i.message.as_deref()).unwrap_or_default().to_lowercase();
    let permission = |scope: Option<&str>| match scope {
        Some(s) if WAREHOUSE_SCOPES.contains(&s) => ErrorCode::WarehouseScopesMissing,
        Some(s) if DOCUMENT_SCOPES.contains(&s) => ErrorCode::MissingRightsForDocuments,
        _ => ErrorCode::MissingPermission,
    };
    match code {
        Some(2001101) => return ErrorCode::ModuleLicenceMissing,
        Some(2001103) => return ErrorCode::ApiLicenceMissing,
        Some(2001304) => return ErrorCode::AccountNotFound,
        Some(2000663) => {
            return if granted { permission(scope) } else { ErrorCode::ScopeNotGranted };
        }
        Some(2003275 | 2001427 | 2003330) => return permission(scope),
        _ => {}
    }
    if message.contains("ingen aktiv licens") {
        return ErrorCode::ModuleLicenceMissing;
    }
    if message.contains("api-licens saknas") {
        return ErrorCode::ApiLicenceMissing;
    }
    if message.contains("kunde inte hitta konto") {
        return ErrorCode::AccountNotFound;
    }
    if message.contains("behörighet för scope") {
        return if granted { permission(scope) } else { ErrorCode::ScopeNotGranted };
    }
    if message.contains("saknar behörighet") {
        return permission(scope);
    }
    match status {
        401 => ErrorCode::TokenRejected,
        429 => ErrorCode::RateLimited,
        500..=599 => ErrorCode::FortnoxUnavailable,
        _ if matches!(code, Some(2000310 | 2000311)) => ErrorCode::ApiCredentialsInvalid,
        _ => ErrorCode::Unknown,
    }
}

/// The catalogue code for a broker refusal.
pub fn classify_broker_refusal(refusal: &str) -> ErrorCode {
    use fortnox_oauth::broker::Refusal;
    match Refusal::parse(refusal) {
        Some(Refusal::InvalidInstallation) => ErrorCode::BrokerInstallationUnknown,
        Some(Refusal::ConnectionNotFound | Refusal::UnboundTenant) => ErrorCode::BrokerConnectionUnknown,
        Some(
            Refusal::UnknownState
            | Refusal::StateReplayed
            | Refusal::InvalidVerifier
            | Refusal::RedirectMismatch
            | Refusal::CodeReplayed,
        ) => ErrorCode::StateMismatch,
        Some(Refusal::CodeContested) => ErrorCode::ApprovalUsedElsewhere,
        Some(Refusal::AuthorizationExpired) => ErrorCode::AuthorizationCodeExpired,
        Some(Refusal::RateLimited) => ErrorCode::RateLimited,
        Some(Refusal::UpstreamUnavailable) => ErrorCode::FortnoxUnavailable,
        Some(
            Refusal::ClientMismatch
            | Refusal::InvalidRequest
            | Refusal::UnsupportedMediaType
            | Refusal::MethodNotAllowed
            | Refusal::PayloadTooLarge,
        )
        | None => ErrorCode::BrokerMisconfigured,
    }
}
