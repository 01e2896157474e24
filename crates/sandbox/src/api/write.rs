//! Creating, updating and deleting customers, articles, invoices and
//! vouchers, with Fortnox's validation answers (docs/fortnox.md §16):
//! recorded ones — an unwrapped body (2001392), an unknown field
//! (2001399), a wrong structure (2002649), a customer number in use
//! (2000637), an update without an identifier (2000729) — and published
//! ones — malformed JSON (2002115), a value that is not a number (2000108)
//! or a boolean (2000134), an unknown customer (2000204), article (2001302)
//! or account (2001304). A missing required field (of the record or of
//! one of its rows) and an unbalanced voucher answer the published generic
//! 2000588 (the real codes are UNCONFIRMED). Nested objects and rows are
//! checked against their own models, to any depth; what is kept gets its
//! computed fields (`compute.rs`) and is echoed whole (`shape.rs`).

use serde_json::{Map, Value};

use super::errors::ApiError;
use super::spec::{Fields, Kind, Model, ResourceSpec};
use super::{catalog, compute, shape};

/// The other records a write may refer to.
pub struct Related<'a> {
    pub customers: &'a [Value],
    pub articles: &'a [Value],
    pub accounts: &'a [Value],
    pub voucher_series: &'a [Value],
}

/// The body's record, checked against the specification.
fn payload(spec: &ResourceSpec, body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|_| ApiError::bad_request(2002115, "Error deserializing JSON: JSON_ERROR_SYNTAX"))?;
    let item_key = spec.item_key.as_deref().unwrap_or_default();
    let Some(inner) = value.as_object().and_then(|o| o.get(item_key)) else {
        return Err(ApiError::bad_request(2001392, "Ingen eller felaktig typ av data."));
    };
    let Some(record) = inner.as_object() else {
        return Err(ApiError::bad_request(2002649, "Felaktig datastruktur."));
    };
    let fields = if spec.payload_fields.is_empty() { &spec.fields } else { &spec.payload_fields };
    check_fields(record, fields)?;
    Ok(record.clone())
}

fn check_fields(record: &Map<String, Value>, fields: &Fields) -> Result<(), ApiError> {
    for (name, value) in record {
        let Some(kind) = fields.get(name) else {
            return Err(ApiError::bad_request(2001399, format!("Felaktigt fältnamn ({name})")));
        };
        check_value(value, kind)?;
    }
    Ok(())
}

fn check_value(value: &Value, kind: &str) -> Result<(), ApiError> {
    let shown = || shape::id_text(value);
    let structure = || ApiError::bad_request(2002649, "Felaktig datastruktur.");
    // A nested object or row: its fields checked, its required ones given.
    let nested = |value: &Value, model: &Model| {
        let record = value.as_object().ok_or_else(structure)?;
        check_fields(record, &model.fields)?;
        match model.required.iter().find(|f| record.get(f.as_str()).is_none_or(Value::is_null)) {
            Some(missing) => {
                tracing::debug!(field = %missing, "a required field of a row is missing");
                Err(ApiError::invalid_parameter(axum::http::StatusCode::BAD_REQUEST))
            }
            None => Ok(()),
        }
    };
    match (Kind::of(kind), value) {
        (_, Value::Null) => Ok(()),
        (Kind::Object(model), value) => nested(value, model),
        (Kind::Array(model), Value::Array(rows)) => rows.iter().try_for_each(|row| nested(row, model)),
        (Kind::Array(_), _) => Err(structure()),
        (Kind::Scalar("number" | "integer"), Value::Number(_)) => Ok(()),
        (Kind::Scalar("number" | "integer"), Value::String(s)) if s.trim().parse::<f64>().is_ok() => Ok(()),
        (Kind::Scalar("number" | "integer"), _) => {
            Err(ApiError::bad_request(2000108, format!("Värdet måste vara numeriskt ({})", shown())))
        }
        (Kind::Scalar("boolean"), Value::Bool(_)) => Ok(()),
        (Kind::Scalar("boolean"), Value::String(s)) if s == "true" || s == "false" => Ok(()),
        (Kind::Scalar("boolean"), _) => {
            Err(ApiError::bad_request(2000134, format!("Värdet måste vara en boolean ({})", shown())))
        }
        (Kind::Scalar(_), Value::Array(_) | Value::Object(_)) => Err(structure()),
        (Kind::Scalar(_), _) => Ok(()),
    }
}

fn text(record: &Map<String, Value>, field: &str) -> Option<String> {
    record.get(field).filter(|v| !v.is_null()).map(shape::id_text).filter(|s| !s.trim().is_empty())
}

fn exists(records: &[Value], field: &str, id: &str) -> bool {
    records.iter().any(|r| shape::id_text(&r[field]) == id)
}

/// The next free number of `field` (Fortnox numbers records itself).
fn next_number(records: &[Value], field: &str, start: u64) -> u64 {
    records.iter().filter_map(|r| shape::id_text(&r[field]).parse::<u64>().ok()).max().map_or(start, |n| n + 1)
}

/// A new record, numbered and with Fortnox's defaults; `records` gets it.
pub fn create(
    resource: &str,
    spec: &ResourceSpec,
    records: &mut Vec<Value>,
    related: &Related<'_>,
    body: &[u8],
) -> Result<Value, ApiError> {
    let mut record = payload(spec, body)?;
    if let Some(missing) = spec.required.iter().find(|f| text(&record, f).is_none()) {
        tracing::debug!(field = %missing, "a required field is missing");
        return Err(ApiError::invalid_parameter(axum::http::StatusCode::BAD_REQUEST));
    }
    let mut created = catalog::defaults(resource).as_object().cloned().unwrap_or_default();
    match resource {
        "customers" => {
            let number = match text(&record, "CustomerNumber") {
                Some(n) if exists(records, "CustomerNumber", &n) => {
                    return Err(ApiError::bad_request(2000637, format!("Kundnummer {n} används redan.")));
                }
                Some(n) => n,
                None => next_number(records, "CustomerNumber", 1).to_string(),
            };
            record.insert("CustomerNumber".into(), Value::String(number));
        }
        "articles" => {
            let number = match text(&record, "ArticleNumber") {
                Some(n) if exists(records, "ArticleNumber", &n) => {
                    return Err(ApiError::invalid_parameter(axum::http::StatusCode::BAD_REQUEST));
                }
                Some(n) => n,
                None => next_number(records, "ArticleNumber", 1).to_string(),
            };
            record.insert("ArticleNumber".into(), Value::String(number));
        }
        "invoices" => invoice(&mut record, records, related)?,
        "vouchers" => voucher(&mut record, records, related)?,
        _ => {}
    }
    created.extend(record);
    compute::fill(resource, &mut created);
    // An invoice owes its total until it is paid.
    if resource == "invoices" {
        let total = created.get("Total").cloned().unwrap_or(Value::Null);
        created.insert("Balance".into(), total);
    }
    let created = Value::Object(created);
    records.push(created.clone());
    Ok(created)
}

fn invoice(record: &mut Map<String, Value>, records: &[Value], related: &Related<'_>) -> Result<(), ApiError> {
    let customer = text(record, "CustomerNumber").unwrap_or_default();
    let Some(found) = related.customers.iter().find(|c| shape::id_text(&c["CustomerNumber"]) == customer) else {
        return Err(ApiError::bad_request(2000204, "Kunde inte hämta/hitta kund (kundnummer)"));
    };
    for row in record.get("InvoiceRows").and_then(Value::as_array).into_iter().flatten() {
        if let Some(article) = row.get("ArticleNumber").filter(|a| !a.is_null()).map(shape::id_text)
            && !article.is_empty()
            && !exists(related.articles, "ArticleNumber", &article)
        {
            return Err(ApiError::bad_request(2001302, "Kunde inte hitta artikel"));
        }
    }
    record.insert("DocumentNumber".into(), Value::String(next_number(records, "DocumentNumber", 1).to_string()));
    record.insert("CustomerName".into(), found["Name"].clone());
    Ok(())
}

fn voucher(record: &mut Map<String, Value>, records: &[Value], related: &Related<'_>) -> Result<(), ApiError> {
    let series = text(record, "VoucherSeries").unwrap_or_default();
    if !exists(related.voucher_series, "Code", &series) {
        return Err(ApiError::invalid_parameter(axum::http::StatusCode::BAD_REQUEST));
    }
    for row in record.get("VoucherRows").and_then(Value::as_array).into_iter().flatten() {
        let account = row.get("Account").map(shape::id_text).unwrap_or_default();
        if !exists(related.accounts, "Number", &account) {
            return Err(ApiError::bad_request(2001304, "Kunde inte hitta konto"));
        }
    }
    if !compute::balances(record) {
        tracing::debug!("an unbalanced voucher is refused");
        return Err(ApiError::invalid_parameter(axum::http::StatusCode::BAD_REQUEST));
    }
    let in_series: Vec<Value> =
        records.iter().filter(|v| shape::id_text(&v["VoucherSeries"]) == series).cloned().collect();
    record.insert("VoucherNumber".into(), Value::from(next_number(&in_series, "VoucherNumber", 1)));
    Ok(())
}

/// Changes the record `id`; fields not sent stay as they were, and the
/// computed ones follow. An unpaid invoice's balance follows its total.
pub fn update(resource: &str, spec: &ResourceSpec, record: &mut Value, body: &[u8]) -> Result<(), ApiError> {
    let changes = payload(spec, body)?;
    if let Some(record) = record.as_object_mut() {
        let owed_all = record.get("Balance").is_some() && record.get("Balance") == record.get("Total");
        for (field, value) in changes {
            // The identifier is the path's, not the body's.
            if !spec.id.contains(&field) {
                record.insert(field, value);
            }
        }
        compute::fill(resource, record);
        if resource == "invoices" && owed_all {
            let total = record.get("Total").cloned().unwrap_or(Value::Null);
            record.insert("Balance".into(), total);
        }
    }
    Ok(())
}
