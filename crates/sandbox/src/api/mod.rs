//! The API under `/3/`, answering like Fortnox (docs/fortnox.md §13–§17):
//! the token first (a bare 401 when refused), the rate limit, then the
//! path (an unknown one is a 404), then scope, licence and the person's
//! permissions — before whether a record exists — and finally the
//! resource: lists with paging and filters, single records, and writes
//! for the resources an integration writes. Every answer is shaped by
//! Fortnox's published specification (`spec.rs`).

mod catalog;
mod compute;
mod data;
mod errors;
pub mod licences;
mod listing;
pub mod records;
mod shape;
pub mod spec;
mod write;

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use self::errors::{ApiError, too_many_requests, unauthorized};
use self::spec::ResourceSpec;
use crate::config::{Company, SandboxConfig};
use crate::http_util::{bearer_token, json};
use crate::state::{Shared, lock};
use crate::store::{AccountType, Bearer, Grant};

/// What a path names.
enum Route<'a> {
    /// `/3/companyinformation`, `/3/me`, `/3/archive` …
    Singleton(&'a str),
    /// `/3/customers`, or one voucher series' `/3/vouchers/sublist/A`.
    List { resource: &'a str, series: Option<&'a str> },
    /// `/3/customers/100`, `/3/vouchers/A/1`.
    Record { resource: &'a str, ids: Vec<&'a str> },
    /// A folder or a file in the archive or the inbox (the sandbox has
    /// empty subfolders and no files).
    Entry(&'a str, &'a str),
}

fn route<'a>(segments: &[&'a str]) -> Option<(Route<'a>, &'static str)> {
    let scope_of = |resource: &str| spec::resource(resource).map(|r| r.scope.as_str());
    let singleton_scope = |name: &str| spec::singleton(name).map(|s| s.scope.as_str());
    Some(match segments {
        ["settings", "company"] => (Route::Singleton("settings/company"), singleton_scope("settings/company")?),
        [name @ ("archive" | "inbox"), id] => (Route::Entry(name, id), singleton_scope(name)?),
        [name] if spec::singleton(name).is_some() => (Route::Singleton(name), singleton_scope(name)?),
        ["vouchers", "sublist"] => (Route::List { resource: "vouchers", series: None }, scope_of("vouchers")?),
        ["vouchers", "sublist", series] => {
            (Route::List { resource: "vouchers", series: Some(series) }, scope_of("vouchers")?)
        }
        [resource] => (Route::List { resource, series: None }, scope_of(resource)?),
        [resource, ids @ ..] => {
            let spec = spec::resource(resource)?;
            if spec.id.len() != ids.len() || spec.item_key.is_none() {
                return None;
            }
            (Route::Record { resource, ids: ids.to_vec() }, spec.scope.as_str())
        }
        [] => return None,
    })
}

pub async fn api(
    State(s): State<Shared>,
    method: Method,
    headers: HeaderMap,
    Path(rest): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    body: Bytes,
) -> Response {
    let odd = s.faults().odd_error_casing;
    let now = s.clock.unix();
    let Ok(Bearer { grant }) = s.store().bearer(bearer_token(&headers), now) else {
        return unauthorized();
    };
    let (limit, window, retry_after) = {
        let config = s.config();
        (config.rate_limit_requests, config.rate_limit_window_secs as i64 * 1000, config.rate_limit_retry_after)
    };
    let now_ms = (s.clock.now().unix_timestamp_nanos() / 1_000_000) as i64;
    if !lock(&s.rate).admit(&grant.client_id, grant.tenant_id, now_ms, limit, window) {
        return too_many_requests(retry_after.then_some(window as u64 / 1000));
    }
    let config = s.config();
    let Some(company) = config.company_by_tenant(grant.tenant_id) else {
        return unauthorized();
    };
    let segments: Vec<&str> = rest.trim_matches('/').split('/').filter(|p| !p.is_empty()).collect();
    let Some((route, scope)) = route(&segments) else {
        return ApiError::invalid_parameter(StatusCode::NOT_FOUND).into_response(odd);
    };
    if let Err(refusal) = authorise(&config, &grant, company, scope) {
        return refusal.into_response(odd);
    }
    let answer = match route {
        Route::Singleton(name) => singleton(&s, &config, &grant, company, name, &method),
        Route::Entry(name, id) => subfolder(&s, name, id),
        Route::List { resource, series } => list(&s, company, resource, series, &method, &query, &body),
        Route::Record { resource, ids } => record(&s, company, resource, &ids, &method, &body),
    };
    answer.unwrap_or_else(|refusal| refusal.into_response(odd))
}

type Answer = Result<Response, ApiError>;

fn not_allowed() -> ApiError {
    ApiError::invalid_parameter(StatusCode::METHOD_NOT_ALLOWED)
}

fn singleton(
    s: &Shared,
    config: &SandboxConfig,
    grant: &Grant,
    company: &Company,
    name: &str,
    method: &Method,
) -> Answer {
    if method != Method::GET {
        return Err(not_allowed());
    }
    let spec = spec::singleton(name).ok_or_else(|| ApiError::invalid_parameter(StatusCode::NOT_FOUND))?;
    let record = match name {
        "companyinformation" => data::company_information(company),
        "settings/company" => data::company_settings(company),
        "me" => me(config, grant),
        _ => data::folder(&s.base_url, name),
    };
    let view = shape::view(&record, &spec.fields, name, true, None);
    Ok(json(StatusCode::OK, &json!({ spec.key.as_str(): view })))
}

/// A subfolder of `/3/archive` or `/3/inbox`, empty; anything else there
/// is a file that does not exist.
fn subfolder(s: &Shared, name: &str, id: &str) -> Answer {
    let spec = spec::singleton(name).ok_or_else(|| ApiError::invalid_parameter(StatusCode::NOT_FOUND))?;
    let root = data::folder(&s.base_url, name);
    let found = root["Folders"].as_array().into_iter().flatten().find(|f| f["Id"] == id);
    let Some(folder) = found else { return Err(ApiError::invalid_parameter(StatusCode::NOT_FOUND)) };
    let view = shape::view(folder, &spec.fields, name, true, None);
    Ok(json(StatusCode::OK, &json!({ spec.key.as_str(): view })))
}

fn list(
    s: &Shared,
    company: &Company,
    resource: &str,
    series: Option<&str>,
    method: &Method,
    query: &HashMap<String, String>,
    body: &[u8],
) -> Answer {
    let spec = spec::resource(resource).ok_or_else(|| ApiError::invalid_parameter(StatusCode::NOT_FOUND))?;
    if *method == Method::POST && catalog::writable(resource) && spec.methods.iter().any(|m| m == "POST") {
        return create(s, company, resource, spec, body);
    }
    if *method == Method::PUT && catalog::writable(resource) {
        return Err(ApiError::bad_request(2000729, "A valid identifier was not provided."));
    }
    if *method != Method::GET {
        return Err(not_allowed());
    }
    let today = s.clock.now().date().to_string();
    let mut records = lock(&s.records).of(company, resource).clone();
    if let Some(series) = series {
        records.retain(|r| shape::id_text(&r["VoucherSeries"]) == series);
    }
    let chosen = listing::select(resource, spec, &records, query, &today)?;
    let items: Vec<Value> = chosen
        .iter()
        .map(|r| {
            shape::view(r, &spec.list_fields, resource, false, shape::url(&s.base_url, resource, spec, r).as_deref())
        })
        .collect();
    Ok(json(StatusCode::OK, &listing::page(&spec.list_key, items, query)))
}

fn create(s: &Shared, company: &Company, resource: &str, spec: &ResourceSpec, body: &[u8]) -> Answer {
    let mut records = lock(&s.records);
    let related_lists: Vec<Vec<Value>> =
        ["customers", "articles", "accounts", "voucherseries"].iter().map(|r| records.of(company, r).clone()).collect();
    let related = write::Related {
        customers: &related_lists[0],
        articles: &related_lists[1],
        accounts: &related_lists[2],
        voucher_series: &related_lists[3],
    };
    let created = write::create(resource, spec, records.of(company, resource), &related, body)?;
    let mut response = single(s, resource, spec, &created, StatusCode::CREATED);
    // Recorded: `Location: customers`, the bare collection name.
    if let Ok(value) = HeaderValue::from_str(resource) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    Ok(response)
}

fn record(s: &Shared, company: &Company, resource: &str, ids: &[&str], method: &Method, body: &[u8]) -> Answer {
    let spec = spec::resource(resource).ok_or_else(|| ApiError::invalid_parameter(StatusCode::NOT_FOUND))?;
    let writable = catalog::writable(resource);
    let allowed = |m: &str| spec.single_methods.iter().any(|a| a == m);
    let mut records = lock(&s.records);
    let list = records.of(company, resource);
    let matches = |r: &Value| spec.id.iter().zip(ids).all(|(field, id)| shape::id_text(&r[field.as_str()]) == *id);
    let Some(index) = list.iter().position(matches) else {
        let (code, message) = catalog::not_found(resource);
        return Err(ApiError::not_found(code, message));
    };
    match *method {
        Method::GET => Ok(single(s, resource, spec, &list[index], StatusCode::OK)),
        Method::PUT if writable && allowed("PUT") => {
            write::update(resource, spec, &mut list[index], body)?;
            Ok(single(s, resource, spec, &list[index], StatusCode::OK))
        }
        Method::DELETE if writable && allowed("DELETE") => {
            list.remove(index);
            Ok(StatusCode::NO_CONTENT.into_response())
        }
        _ => Err(not_allowed()),
    }
}

fn single(s: &Shared, resource: &str, spec: &ResourceSpec, record: &Value, status: StatusCode) -> Response {
    let url = shape::url(&s.base_url, resource, spec, record);
    let view = shape::view(record, &spec.fields, resource, true, url.as_deref());
    json(status, &json!({ spec.item_key.as_deref().unwrap_or_default(): view }))
}

/// Scope in the token, then the company's licences, then (for tokens tied
/// to a person) that person's permissions.
fn authorise(config: &SandboxConfig, grant: &Grant, company: &Company, scope: &str) -> Result<(), ApiError> {
    if !grant.scopes.iter().any(|s| s == scope) {
        return Err(ApiError::forbidden(2000663, "Har inte behörighet för scope"));
    }
    if !company.integration_licence {
        return Err(ApiError::forbidden(2001103, "Api-licens saknas."));
    }
    let needed = licences::modules_for(scope);
    if !needed.is_empty() && !needed.iter().any(|m| company.has_module(*m)) {
        return Err(ApiError::forbidden(2001101, "Det finns ingen aktiv licens för önskat scope"));
    }
    if grant.account_type == AccountType::User {
        let denied = config
            .user(&grant.username)
            .and_then(|u| u.membership(&company.org_number))
            .is_some_and(|m| m.denied_scopes.iter().any(|d| d == scope));
        if denied {
            return Err(ApiError::forbidden(
                2003275,
                format!("Saknar behörighet för {}.", licences::register_sv(scope)),
            ));
        }
    }
    Ok(())
}

/// The record behind `/3/me`.
fn me(config: &SandboxConfig, grant: &Grant) -> Value {
    match grant.account_type {
        AccountType::Service => json!({
            "Id": format!("service-{}", grant.tenant_id),
            "Name": "Servicekonto",
            "Email": "",
            "SysAdmin": true,
            "Locale": "sv_SE",
        }),
        AccountType::User => {
            let user = config.user(&grant.username);
            let sysadmin = user.and_then(|u| u.membership(&grant.org_number)).is_some_and(|m| m.sysadmin);
            json!({
                "Id": grant.username.split('@').next().unwrap_or_default(),
                "Name": user.map(|u| u.name.clone()).unwrap_or_default(),
                "Email": grant.username,
                "SysAdmin": sysadmin,
                "Locale": "sv_SE",
            })
        }
    }
}
