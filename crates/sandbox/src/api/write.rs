//! Creating, updating and deleting customers, articles, invoices and
//! vouchers, with Fortnox's validation answers (docs/fortnox.md §16):
//! recorded ones — an unwrapped body (2001392), an unknown field
//! (2001399), a wrong structure (2002649), a customer number in use
//! (2000637), an update without an identifier (2000729) — and published
//! ones — malformed JSON (2002115), a value that is not a number (2000108)
//! or a boolean (2000134), an unknown customer (2000204), article (2001302)
//! or account (2001304). A missing required field answers the published
//! generic 2000588 (the real code is UNCONFIRMED).

use serde_json::{Map, Value};

use super::errors::ApiError;
use super::spec::{Fields, ResourceSpec};
use super::{catalog, shape};

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
    check_fields(record, fields, spec)?;
    Ok(record.clone())
}

fn check_fields(record: &Map<String, Value>, fields: &Fields, spec: &ResourceSpec) -> Result<(), ApiError> {
    for (name, value) in record {
        let Some(kind) = fields.get(name) else {
            return Err(ApiError::bad_request(2001399, format!("Felaktigt fältnamn ({name})")));
        };
        check_value(name, value, kind, spec)?;
    }
    Ok(())
}

fn check_value(name: &str, value: &Value, kind: &str, spec: &ResourceSpec) -> Result<(), ApiError> {
    let shown = || shape::id_text(value);
    match (kind, value) {
        (_, Value::Null) => Ok(()),
        ("number" | "integer", Value::Number(_)) => Ok(()),
        ("number" | "integer", Value::String(s)) if s.trim().parse::<f64>().is_ok() => Ok(()),
        ("number" | "integer", _) => {
            Err(ApiError::bad_request(2000108, format!("Värdet måste vara numeriskt ({})", shown())))
        }
        ("boolean", Value::Bool(_)) => Ok(()),
        ("boolean", Value::String(s)) if s == "true" || s == "false" => Ok(()),
        ("boolean", _) => Err(ApiError::bad_request(2000134, format!("Värdet måste vara en boolean ({})", shown()))),
        ("array", Value::Array(rows)) => match spec.rows.get(name) {
            Some(row_fields) => rows.iter().try_for_each(|row| match row.as_object() {
                Some(row) => check_fields(row, row_fields, spec),
                None => Err(ApiError::bad_request(2002649, "Felaktig datastruktur.")),
            }),
            None => Ok(()),
        },
        ("array", _) | ("object", Value::Array(_) | Value::String(_) | Value::Number(_) | Value::Bool(_)) => {
            Err(ApiError::bad_request(2002649, "Felaktig datastruktur."))
        }
        _ => Ok(()),
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
    let created = Value::Object(created);
    records.push(created.clone());
    Ok(created)
}

fn invoice(record: &mut Map<String, Value>, records: &[Value], related: &Related<'_>) -> Result<(), ApiError> {
    let customer = text(record, "CustomerNumber").unwrap_or_default();
    let Some(found) = related.customers.iter().find(|c| shape::id_text(&c["CustomerNumber"]) == customer) else {
        return Err(ApiError::bad_request(2000204, "Kunde inte hämta/hitta kund (kundnummer)"));
    };
    let mut total = 0.0;
    for row in record.get("InvoiceRows").and_then(Value::as_array).into_iter().flatten() {
        if let Some(article) = row.get("ArticleNumber").filter(|a| !a.is_null()).map(shape::id_text)
            && !exists(related.articles, "ArticleNumber", &article)
        {
            return Err(ApiError::bad_request(2001302, "Kunde inte hitta artikel"));
        }
        let number = |field: &str| row[field].as_f64().or_else(|| row[field].as_str().and_then(|s| s.parse().ok()));
        total += number("Price").unwrap_or(0.0) * number("DeliveredQuantity").unwrap_or(1.0);
    }
    record.insert("DocumentNumber".into(), Value::String(next_number(records, "DocumentNumber", 1).to_string()));
    record.insert("CustomerName".into(), found["Name"].clone());
    record.insert("Total".into(), Value::from(total));
    record.insert("Balance".into(), Value::from(total));
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
    let in_series: Vec<Value> =
        records.iter().filter(|v| shape::id_text(&v["VoucherSeries"]) == series).cloned().collect();
    record.insert("VoucherNumber".into(), Value::from(next_number(&in_series, "VoucherNumber", 1)));
    Ok(())
}

/// Changes the record `id`; fields not sent stay as they were.
pub fn update(spec: &ResourceSpec, record: &mut Value, body: &[u8]) -> Result<(), ApiError> {
    let changes = payload(spec, body)?;
    if let Some(record) = record.as_object_mut() {
        for (field, value) in changes {
            // The identifier is the path's, not the body's.
            if !spec.id.contains(&field) {
                record.insert(field, value);
            }
        }
    }
    Ok(())
}
