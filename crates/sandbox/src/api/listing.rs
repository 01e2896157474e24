//! Lists as Fortnox answers them: `filter` checked against the resource's
//! published values (anything else is 400 2000587, recorded), search
//! parameters matched as case-insensitive substrings, `fromdate`/`todate`,
//! `sortby`/`sortorder`, and paging with `limit` (default 100, at most
//! 500), `page` and `offset`, reported in `MetaInformation`
//! (docs/fortnox.md §15). Parameters Fortnox does not know are ignored.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::errors::ApiError;
use super::shape;
use super::spec::ResourceSpec;

const DEFAULT_LIMIT: usize = 100;
const MAX_LIMIT: usize = 500;

/// The records a query selects, in order, before paging.
pub fn select(
    resource: &str,
    spec: &ResourceSpec,
    records: &[Value],
    query: &HashMap<String, String>,
    today: &str,
) -> Result<Vec<Value>, ApiError> {
    let mut chosen: Vec<Value> = records.to_vec();
    if let Some(filter) = query.get("filter") {
        if !spec.filters.iter().any(|f| f == filter) {
            return Err(ApiError::bad_request(2000587, "Ett ogiltigt filter har använts."));
        }
        chosen.retain(|r| keeps(resource, filter, r, today));
    }
    for (name, wanted) in query {
        if !spec.search.iter().any(|s| s.eq_ignore_ascii_case(name)) {
            continue;
        }
        let wanted = wanted.to_lowercase();
        chosen.retain(|r| field_ci(r, name).is_some_and(|v| shape::id_text(v).to_lowercase().contains(&wanted)));
    }
    if let Some(field) = date_field(resource) {
        let date = |r: &Value| r[field].as_str().unwrap_or_default().to_string();
        if let Some(from) = query.get("fromdate") {
            chosen.retain(|r| date(r).as_str() >= from.as_str());
        }
        if let Some(to) = query.get("todate") {
            chosen.retain(|r| date(r).as_str() <= to.as_str());
        }
    }
    if let Some(sortby) = query.get("sortby").filter(|s| spec.sortby.iter().any(|k| k.eq_ignore_ascii_case(s))) {
        chosen.sort_by(|a, b| compare(field_ci(a, sortby), field_ci(b, sortby)));
    }
    if query.get("sortorder").is_some_and(|o| o.eq_ignore_ascii_case("descending")) {
        chosen.reverse();
    }
    Ok(chosen)
}

/// One page of `chosen`, with `MetaInformation`.
pub fn page(list_key: &str, chosen: Vec<Value>, query: &HashMap<String, String>) -> Value {
    let number = |name: &str| query.get(name).and_then(|v| v.trim().parse::<usize>().ok());
    let limit = number("limit").filter(|l| *l > 0).unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT);
    let current = number("page").filter(|p| *p > 0).unwrap_or(1);
    let offset = number("offset").unwrap_or(0);
    let after_offset: Vec<Value> = chosen.into_iter().skip(offset).collect();
    let total = after_offset.len();
    let pages = total.div_ceil(limit);
    let items: Vec<Value> = after_offset.into_iter().skip((current - 1) * limit).take(limit).collect();
    json!({
        "MetaInformation": { "@TotalResources": total, "@TotalPages": pages, "@CurrentPage": current },
        list_key: items,
    })
}

/// A field by its name in any case (query parameters are lower case).
fn field_ci<'a>(record: &'a Value, name: &str) -> Option<&'a Value> {
    record.as_object()?.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v).filter(|v| !v.is_null())
}

fn compare(a: Option<&Value>, b: Option<&Value>) -> std::cmp::Ordering {
    let text = |v: Option<&Value>| v.map(shape::id_text).unwrap_or_default();
    let (a, b) = (text(a), text(b));
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => x.partial_cmp(&y).unwrap_or(std::cmp::Ordering::Equal),
        _ => a.cmp(&b),
    }
}

/// `fromdate`/`todate` apply to these (published: invoices, orders,
/// offers and vouchers only).
fn date_field(resource: &str) -> Option<&'static str> {
    match resource {
        "invoices" => Some("InvoiceDate"),
        "orders" => Some("OrderDate"),
        "offers" => Some("OfferDate"),
        "vouchers" => Some("TransactionDate"),
        _ => None,
    }
}

/// What a published filter keeps. Filters whose rule the sandbox does not
/// know are accepted and keep everything (docs/fortnox.md §15).
fn keeps(resource: &str, filter: &str, r: &Value, today: &str) -> bool {
    let yes = |field: &str| r[field].as_bool() == Some(true);
    let balance = r["Balance"].as_f64().or_else(|| r["Balance"].as_str().and_then(|s| s.parse().ok()));
    let open = balance.is_some_and(|b| b > 0.0);
    let cancelled = yes("Cancelled") || yes("Cancel");
    match (resource, filter) {
        (_, "active") => r["Active"].as_bool() != Some(false),
        (_, "inactive") => r["Active"].as_bool() == Some(false),
        (_, "cancelled") => cancelled,
        (_, "fullypaid") => !cancelled && balance == Some(0.0),
        (_, "unpaid") => !cancelled && open,
        (_, "unpaidoverdue") => !cancelled && open && r["DueDate"].as_str().is_some_and(|d| d < today),
        (_, "unbooked") => !cancelled && !yes("Booked"),
        _ => true,
    }
}
