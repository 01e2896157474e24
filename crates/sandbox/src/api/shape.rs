//! Records as Fortnox sends them: every field the specification lists for
//! the view (a list item or a single record), in its declared JSON type —
//! numbers as strings where the specification says string, whole amounts
//! without decimals — and `@url` pointing at the record. Nested objects
//! and rows are shaped by their own models, to any depth: an object is
//! always an object and a list always a list (`[]` when there are none),
//! as recorded; an unset scalar is `null`, as recorded (docs/fortnox.md
//! §17.1).

use serde_json::{Map, Value};

use super::catalog;
use super::spec::{Fields, Kind, ResourceSpec};

/// A value in the JSON type the specification declares.
pub fn cast(value: &Value, kind: &str) -> Value {
    match (kind, value) {
        (_, Value::Null) => Value::Null,
        ("string", Value::Number(n)) => Value::String(number_text(n)),
        ("string", Value::Bool(b)) => Value::String(b.to_string()),
        ("number" | "integer", Value::String(s)) => match s.trim().parse::<f64>() {
            Ok(n) => number(n, kind == "integer"),
            Err(_) => value.clone(),
        },
        ("integer", Value::Number(n)) => n.as_f64().map(|f| number(f, true)).unwrap_or_else(|| value.clone()),
        // Whole amounts are written without decimals (recorded: "Price":10).
        ("number", Value::Number(n)) => n.as_f64().map(|f| number(f, false)).unwrap_or_else(|| value.clone()),
        ("boolean", Value::String(s)) if s == "true" || s == "false" => Value::Bool(s == "true"),
        _ => value.clone(),
    }
}

/// "950" for 950.0, "12.5" for 12.5 (as Fortnox writes them).
fn number_text(n: &serde_json::Number) -> String {
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
        _ => n.to_string(),
    }
}

fn number(f: f64, integer: bool) -> Value {
    if integer || (f.fract() == 0.0 && f.abs() < 1e15) {
        Value::from(f as i64)
    } else {
        serde_json::Number::from_f64(f).map(Value::Number).unwrap_or(Value::Null)
    }
}

/// The record's own address under the sandbox.
pub fn url(base: &url::Url, path: &str, spec: &ResourceSpec, record: &Value) -> Option<String> {
    if spec.id.is_empty() {
        return None;
    }
    let ids: Vec<String> = spec.id.iter().map(|f| id_text(&record[f.as_str()])).collect();
    base.join(&format!("3/{path}/{}", ids.join("/"))).ok().map(String::from)
}

pub fn id_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => number_text(n),
        other => other.to_string(),
    }
}

/// `record` shaped as `fields` say, with `@url` when listed: `url` for
/// the record itself, else the address the record holds.
pub fn view(record: &Value, fields: &Fields, resource: &str, single: bool, url: Option<&str>) -> Value {
    let mut out = Map::new();
    for (name, kind) in fields {
        let kind = catalog::live_type(resource, single, name).unwrap_or(kind);
        let value = match url {
            Some(url) if name == "@url" => Value::String(url.to_string()),
            _ => shaped(record.get(name).unwrap_or(&Value::Null), kind),
        };
        out.insert(name.clone(), value);
    }
    Value::Object(out)
}

/// A value of the declared kind: nested objects whole, lists never null.
fn shaped(value: &Value, kind: &str) -> Value {
    match Kind::of(kind) {
        Kind::Scalar(kind) => cast(value, kind),
        Kind::Object(model) => object(value, &model.fields),
        Kind::Array(model) => {
            Value::Array(value.as_array().into_iter().flatten().map(|row| object(row, &model.fields)).collect())
        }
    }
}

fn object(value: &Value, fields: &Fields) -> Value {
    let field = |name: &str| value.get(name).unwrap_or(&Value::Null);
    Value::Object(fields.iter().map(|(name, kind)| (name.clone(), shaped(field(name), kind))).collect())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn numbers_become_the_declared_type() {
        assert_eq!(cast(&json!(950.0), "string"), json!("950"));
        assert_eq!(cast(&json!(12.5), "string"), json!("12.5"));
        assert_eq!(cast(&json!("3"), "integer"), json!(3));
        assert_eq!(cast(&json!("false"), "boolean"), json!(false));
        assert_eq!(cast(&json!(null), "string"), json!(null));
    }

    #[test]
    fn every_listed_field_is_present_and_unset_ones_are_null() {
        let mut fields = Fields::new();
        fields.insert("Name".into(), "string".into());
        fields.insert("Phone".into(), "string".into());
        fields.insert("@url".into(), "string".into());
        let view = view(&json!({ "Name": "A", "Secret": 1 }), &fields, "customers", false, Some("u"));
        assert_eq!(view, json!({ "@url": "u", "Name": "A", "Phone": null }));
    }

    #[test]
    fn nested_objects_and_rows_are_whole_and_never_null() {
        let mut fields = Fields::new();
        fields.insert("EmailInformation".into(), "object:Invoice_EmailInformation".into());
        fields.insert("InvoiceRows".into(), "array:Invoice_InvoiceRow".into());
        fields.insert("Labels".into(), "array:Invoice_Label".into());
        let record = json!({ "InvoiceRows": [{ "Price": 350.0, "VAT": "25", "Unknown": 1 }] });
        let view = view(&record, &fields, "invoices", true, None);
        assert!(view["EmailInformation"].as_object().is_some_and(|o| o.contains_key("EmailAddressTo")));
        assert_eq!(view["Labels"], json!([]));
        let row = &view["InvoiceRows"][0];
        assert_eq!((row["Price"].clone(), row["VAT"].clone()), (json!(350), json!(25)));
        assert!(row.get("Unknown").is_none() && row["Total"].is_null());
    }
}
