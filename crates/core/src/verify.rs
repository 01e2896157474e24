//! After Fortnox approves: which company was connected (name, org number,
//! tenant id), who approved, and whether each chosen option really works,
//! telling a missing scope from a missing licence from a missing
//! permission.

use std::collections::BTreeMap;

use futures_util::future::join_all;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;
use ts_rs::TS;

use crate::api::probes::probe_for;
use crate::api::{FortnoxApi, Needs};
use crate::catalogue::ErrorCode;
use crate::connection::company::{Approver, CompanyInfo};
use crate::error::{Error, Result};
use crate::oauth::jwt;
use crate::profile::{Profile, scopes};
use crate::secret::AccessToken;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CheckStatus {
    Works,
    Fails,
    /// Fortnox could not be asked (network, busy) or there is no cheap
    /// check for it.
    NotChecked,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ScopeCheck {
    pub scope: String,
    pub status: CheckStatus,
    pub code: Option<ErrorCode>,
    /// Fortnox's own words (shown as text, never as HTML).
    pub details: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OptionCheck {
    pub option_id: String,
    pub status: CheckStatus,
    pub scopes: Vec<ScopeCheck>,
}

impl OptionCheck {
    /// The catalogue code that explains why this option fails.
    pub fn failure(&self) -> Option<ErrorCode> {
        self.scopes.iter().find(|s| s.status == CheckStatus::Fails).and_then(|s| s.code)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VerifyReport {
    pub company: Option<CompanyInfo>,
    pub tenant_id: Option<String>,
    pub approved_by: Option<Approver>,
    pub options: Vec<OptionCheck>,
    #[serde(with = "time::serde::rfc3339")]
    #[ts(type = "string")]
    pub checked_at: OffsetDateTime,
}

impl VerifyReport {
    pub fn all_work(&self) -> bool {
        self.options.iter().all(|o| o.status != CheckStatus::Fails)
    }

    pub fn failing_options(&self) -> Vec<&OptionCheck> {
        self.options.iter().filter(|o| o.status == CheckStatus::Fails).collect()
    }
}

/// Reads DatabaseNumber as a string, whatever its JSON type.
fn as_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `true`, or `"true"` (Fortnox sends some flags as text).
fn as_flag(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn field<'a>(value: &'a Value, name: &str) -> Option<&'a Value> {
    value.as_object()?.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v)
}

fn company_from(body: &Value) -> (Option<CompanyInfo>, Option<String>) {
    let Some(info) = field(body, "CompanyInformation") else {
        return (None, None);
    };
    let name = field(info, "CompanyName").and_then(as_text);
    let org = field(info, "OrganizationNumber").and_then(as_text);
    let tenant = field(info, "DatabaseNumber").and_then(as_text);
    let company = match (name, org) {
        (Some(name), Some(org_number)) => Some(CompanyInfo { name, org_number }),
        _ => None,
    };
    (company, tenant)
}

/// `/3/me`: the published specification wraps it in `MeInformation`, a
/// client library's recordings in `Me` (docs/fortnox.md §13); either is read.
fn approver_from(body: &Value) -> Option<Approver> {
    let me = field(body, "MeInformation").or_else(|| field(body, "Me"))?;
    Some(Approver {
        name: field(me, "Name").and_then(as_text).unwrap_or_default(),
        email: field(me, "Email").and_then(as_text),
        sysadmin: field(me, "SysAdmin").and_then(as_flag),
    })
}

/// The result of one probe.
fn check(scope: &str, result: &Result<Value>) -> ScopeCheck {
    let (status, code, details) = match result {
        Ok(_) => (CheckStatus::Works, None, None),
        Err(e @ Error::Api { code, status: 404, .. }) if *code == ErrorCode::Unknown => {
            // No such endpoint here: nothing learned.
            (CheckStatus::NotChecked, None, Some(e.details()))
        }
        Err(e) if e.is_transient() => (CheckStatus::NotChecked, Some(e.code()), Some(e.details())),
        Err(e) => (CheckStatus::Fails, Some(e.code()), Some(e.details())),
    };
    ScopeCheck { scope: scope.to_string(), status, code, details }
}

/// Verifies a fresh token. `granted` are the scopes Fortnox granted;
/// `options` the chosen option ids. Fails only when the token itself is
/// refused (401) or Fortnox cannot be reached for company information.
pub async fn verify(
    api: &FortnoxApi,
    token: &AccessToken,
    profile: &Profile,
    options: &[String],
    granted: &[String],
    now: OffsetDateTime,
) -> Result<VerifyReport> {
    let jwt_tenant = jwt::tenant_id(token.expose());
    let tenant_key = jwt_tenant.clone().unwrap_or_else(|| "unknown-tenant".to_string());
    let wanted = wanted_scopes(profile, options, granted);
    let mut results = probe_all(api, token, &tenant_key, &wanted, granted).await;
    stop_if_untrustworthy(&mut results)?;

    let (company, tenant_from_info) = match results.get(scopes::COMPANY_INFORMATION) {
        Some(Some(Ok(body))) => company_from(body),
        _ => (None, None),
    };
    let approved_by = match results.get(scopes::PROFILE) {
        Some(Some(Ok(body))) => approver_from(body),
        _ => None,
    };
    let checks: BTreeMap<&str, ScopeCheck> = results
        .iter()
        .map(|(scope, result)| {
            let check = match result {
                Some(result) => check(scope, result),
                None => ScopeCheck { scope: scope.clone(), status: CheckStatus::NotChecked, code: None, details: None },
            };
            (scope.as_str(), check)
        })
        .collect();
    let options = options.iter().filter_map(|id| profile.option(id)).map(|o| option_check(o, &checks)).collect();
    Ok(VerifyReport { company, tenant_id: tenant_from_info.or(jwt_tenant), approved_by, options, checked_at: now })
}

/// How many requests `verify` sends at once for these options and scopes
/// (the connections worth opening before the exchange).
pub fn probe_count(profile: &Profile, options: &[String], scopes: &[String]) -> usize {
    wanted_scopes(profile, options, scopes).iter().filter(|scope| probe_for(scope).is_some()).count()
}

/// Every distinct scope the options need (company information first), and
/// the approver's profile when it was granted.
fn wanted_scopes(profile: &Profile, options: &[String], granted: &[String]) -> Vec<String> {
    let mut wanted: Vec<String> = scopes::normalise(
        options.iter().filter_map(|id| profile.option(id)).flat_map(|o| o.scopes.iter().map(String::as_str)),
    );
    if granted.iter().any(|g| g == scopes::PROFILE) && !wanted.iter().any(|s| s == scopes::PROFILE) {
        wanted.push(scopes::PROFILE.to_string());
    }
    wanted
}

/// Asks Fortnox about every scope at once; `None` where no cheap probe
/// exists.
async fn probe_all(
    api: &FortnoxApi,
    token: &AccessToken,
    tenant_key: &str,
    wanted: &[String],
    granted: &[String],
) -> BTreeMap<String, Option<Result<Value>>> {
    let probes = wanted.iter().map(|scope| {
        let granted_here = granted.iter().any(|g| g == scope);
        async move {
            let result = match probe_for(scope) {
                Some(resource) => Some(
                    api.get(token, tenant_key, resource, Needs { scope: Some(scope), granted: granted_here }).await,
                ),
                None => None,
            };
            (scope.clone(), result)
        }
    });
    join_all(probes).await.into_iter().collect()
}

/// A refused token ends verification: nothing else can be trusted. Nor
/// can anything be shown without company information when Fortnox could
/// not be asked: retry later.
fn stop_if_untrustworthy(results: &mut BTreeMap<String, Option<Result<Value>>>) -> Result<()> {
    if let Some(Some(Err(e))) =
        results.values().find(|r| matches!(r, Some(Err(e)) if e.code() == ErrorCode::TokenRejected))
    {
        return Err(Error::Api {
            code: ErrorCode::TokenRejected,
            status: 401,
            path: "/3/companyinformation".into(),
            fortnox_code: None,
            message: Some(e.details()),
        });
    }
    if matches!(results.get(scopes::COMPANY_INFORMATION), Some(Some(Err(e))) if e.is_transient())
        && let Some(Some(Err(e))) = results.remove(scopes::COMPANY_INFORMATION)
    {
        return Err(e);
    }
    Ok(())
}

/// An option works when each of its scopes does; one failing scope fails it.
fn option_check(option: &crate::profile::TransferOption, checks: &BTreeMap<&str, ScopeCheck>) -> OptionCheck {
    let scopes: Vec<ScopeCheck> = option.scopes.iter().filter_map(|s| checks.get(s.as_str()).cloned()).collect();
    let status = if scopes.iter().any(|s| s.status == CheckStatus::Fails) {
        CheckStatus::Fails
    } else if scopes.iter().any(|s| s.status == CheckStatus::Works) {
        CheckStatus::Works
    } else {
        CheckStatus::NotChecked
    };
    OptionCheck { option_id: option.id.clone(), status, scopes }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn company_information_is_read_with_tenant_as_text() {
        let (company, tenant) = company_from(&json!({
            "CompanyInformation": {"CompanyName": "Acme AB", "OrganizationNumber": "556677-8899", "DatabaseNumber": 1406221}
        }));
        assert_eq!(company.unwrap().org_number, "556677-8899");
        assert_eq!(tenant.as_deref(), Some("1406221"));
        let (_, tenant) = company_from(&json!({"CompanyInformation": {"DatabaseNumber": "77"}}));
        assert_eq!(tenant.as_deref(), Some("77"));
        assert_eq!(company_from(&json!({"x": 1})), (None, None));
    }

    #[test]
    fn me_tells_the_approver_in_either_wrapper() {
        let approver = approver_from(&json!({"Me": {"Name": "Erik", "Email": "e@x.se", "SysAdmin": true}})).unwrap();
        assert_eq!(approver.sysadmin, Some(true));
        assert_eq!(approver.email.as_deref(), Some("e@x.se"));
        let approver = approver_from(&json!({"MeInformation": {"Name": "Anna", "SysAdmin": "false"}})).unwrap();
        assert_eq!((approver.name.as_str(), approver.sysadmin), ("Anna", Some(false)));
    }

    #[test]
    fn the_tenant_is_read_as_a_number_or_as_text() {
        let info = |number: Value| json!({"CompanyInformation": {"CompanyName": "A", "OrganizationNumber": "1", "DatabaseNumber": number}});
        assert_eq!(company_from(&info(json!(1406221))).1.as_deref(), Some("1406221"));
        assert_eq!(company_from(&info(json!("1406221"))).1.as_deref(), Some("1406221"));
    }
}
