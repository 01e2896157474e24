//! The API subset under `/3/`: Bearer tokens, scope and licence checks,
//! the rate limit, and Fortnox's `ErrorInformation` bodies.

mod data;
pub mod licences;
mod resources;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

use crate::config::Company;
use crate::http_util::{bearer_token, json};
use crate::state::{Shared, lock};
use crate::store::{AccountType, Bearer, Grant};

/// Fortnox's error body. Some real answers capitalise the keys and send the
/// code as a string; `odd` reproduces that.
fn error_information(status: StatusCode, code: u32, message: &str, odd: bool) -> Response {
    let body = if odd {
        json!({ "ErrorInformation": { "Error": 1, "Message": message, "Code": code.to_string() } })
    } else {
        json!({ "ErrorInformation": { "error": 1, "message": message, "code": code } })
    };
    json(status, &body)
}

pub async fn api(State(s): State<Shared>, method: Method, headers: HeaderMap, Path(rest): Path<String>) -> Response {
    let odd = s.faults().odd_error_casing;
    let now = s.clock.unix();
    let bearer = match s.store().bearer(bearer_token(&headers), now) {
        Ok(bearer) => bearer,
        Err(_) => {
            return error_information(StatusCode::UNAUTHORIZED, 2000310, "Ogiltig inloggning", odd);
        }
    };
    let Bearer { grant } = bearer;

    let (limit, window) = {
        let config = s.config();
        (config.rate_limit_requests, config.rate_limit_window_secs as i64 * 1000)
    };
    let now_ms = (s.clock.now().unix_timestamp_nanos() / 1_000_000) as i64;
    if !lock(&s.rate).admit(&grant.client_id, grant.tenant_id, now_ms, limit, window) {
        return json(StatusCode::TOO_MANY_REQUESTS, &json!({ "message": "Too Many Requests" }));
    }

    if method != Method::GET {
        return error_information(StatusCode::METHOD_NOT_ALLOWED, 2000588, "Ogiltig parameter i anropet.", odd);
    }

    let config = s.config();
    let Some(company) = config.company_by_tenant(grant.tenant_id) else {
        return error_information(StatusCode::UNAUTHORIZED, 2000310, "Ogiltig inloggning", odd);
    };
    let segments: Vec<&str> = rest.trim_matches('/').split('/').filter(|p| !p.is_empty()).collect();

    let (scope, body) = match segments.as_slice() {
        ["companyinformation"] => ("companyinformation", data::company_information(company)),
        ["settings", "company"] => ("settings", data::company_settings(company)),
        ["me"] => ("profile", me(&config, &grant)),
        [path] | [path, _] | [path, _, _] => match resources::list(path) {
            Some(resource) => {
                let records = data::records(resource.path, company);
                let body = match segments.as_slice() {
                    [_] => json!({
                        resource.list_key: records,
                        "MetaInformation": { "@TotalResources": records.len(), "@TotalPages": 1, "@CurrentPage": 1 },
                    }),
                    [_, id] | [_, _, id] => match records.iter().find(|r| id_matches(&r[resource.id_field], id)) {
                        Some(item) => json!({ resource.item_key: item }),
                        None => {
                            return error_information(StatusCode::NOT_FOUND, 2000588, "Kan inte hitta posten.", odd);
                        }
                    },
                    _ => Value::Null,
                };
                (resource.scope, body)
            }
            None => {
                return error_information(StatusCode::NOT_FOUND, 2000588, "Ogiltig parameter i anropet.", odd);
            }
        },
        _ => {
            return error_information(StatusCode::NOT_FOUND, 2000588, "Ogiltig parameter i anropet.", odd);
        }
    };

    if let Err((status, code, message)) = authorise(&config, &grant, company, scope) {
        return error_information(status, code, &message, odd);
    }
    json(StatusCode::OK, &body)
}

fn id_matches(value: &Value, id: &str) -> bool {
    match value {
        Value::String(s) => s == id,
        Value::Number(n) => n.to_string() == id,
        _ => false,
    }
}

/// Scope in the token, then the company's licences, then (for tokens tied
/// to a person) that person's permissions.
fn authorise(
    config: &crate::config::SandboxConfig,
    grant: &Grant,
    company: &Company,
    scope: &str,
) -> Result<(), (StatusCode, u32, String)> {
    let forbidden = |code: u32, message: &str| Err((StatusCode::FORBIDDEN, code, message.to_string()));
    if !grant.scopes.iter().any(|s| s == scope) {
        return forbidden(2000663, "Har inte behörighet för scope");
    }
    if !company.integration_licence {
        return forbidden(2001103, "Api-licens saknas.");
    }
    let needed = licences::modules_for(scope);
    if !needed.is_empty() && !needed.iter().any(|m| company.has_module(*m)) {
        return forbidden(2001101, "Det finns ingen aktiv licens för önskat scope");
    }
    if grant.account_type == AccountType::User {
        let denied = config
            .user(&grant.username)
            .and_then(|u| u.membership(&company.org_number))
            .is_some_and(|m| m.denied_scopes.iter().any(|d| d == scope));
        if denied {
            return forbidden(2003275, &format!("Saknar behörighet för {}.", licences::register_sv(scope)));
        }
    }
    Ok(())
}

fn me(config: &crate::config::SandboxConfig, grant: &Grant) -> Value {
    match grant.account_type {
        AccountType::Service => json!({
            "Me": {
                "Id": format!("service-{}", grant.tenant_id),
                "Name": "Servicekonto",
                "Email": "",
                "SysAdmin": true,
                "Locale": "sv_SE",
            }
        }),
        AccountType::User => {
            let user = config.user(&grant.username);
            let sysadmin = user.and_then(|u| u.membership(&grant.org_number)).is_some_and(|m| m.sysadmin);
            json!({
                "Me": {
                    "Id": grant.username.split('@').next().unwrap_or_default(),
                    "Name": user.map(|u| u.name.clone()).unwrap_or_default(),
                    "Email": grant.username,
                    "SysAdmin": sysadmin,
                    "Locale": "sv_SE",
                }
            })
        }
    }
}
