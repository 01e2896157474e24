//! The fields Fortnox computes from others, filled in on every seeded
//! and written record so that they agree with their inputs
//! (docs/fortnox.md §17.1 lists each rule as the sandbox's choice):
//! - a document row's `Total` = price × quantity less its discount;
//! - a document's `Net` (its rows), `Gross` (with freight and fee),
//!   `TotalVAT`, `Total` rounded to whole kronor with the difference in
//!   `RoundOff`, and `TotalToPay`;
//! - a voucher balances: its rows' debits equal their credits; its rows
//!   carry 0, "" and `false` where nothing was given, as recorded.

use serde_json::{Map, Value};

/// A document's rows and the field that holds a row's quantity.
fn rows_of(resource: &str) -> Option<(&'static str, &'static str)> {
    match resource {
        "invoices" => Some(("InvoiceRows", "DeliveredQuantity")),
        "orders" => Some(("OrderRows", "OrderedQuantity")),
        "offers" => Some(("OfferRows", "Quantity")),
        _ => None,
    }
}

fn number(record: &Map<String, Value>, field: &str) -> Option<f64> {
    match record.get(field)? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Rounded to öre, as amounts are.
fn ore(amount: f64) -> f64 {
    (amount * 100.0).round() / 100.0
}

/// Fills in the computed fields of a record of `resource`.
pub fn fill(resource: &str, record: &mut Map<String, Value>) {
    if let Some((rows, quantity)) = rows_of(resource) {
        document(record, rows, quantity);
    }
    match resource {
        "supplierinvoices" => supplier_invoice(record),
        "vouchers" => voucher_rows(record),
        _ => {}
    }
}

/// A voucher row as Fortnox keeps it (recorded: `vouchers-single`): no
/// debit or credit is 0, unset texts are empty, and a row is not removed.
fn voucher_rows(record: &mut Map<String, Value>) {
    let Some(Value::Array(rows)) = record.get_mut("VoucherRows") else { return };
    for row in rows.iter_mut().filter_map(Value::as_object_mut) {
        for amount in ["Debit", "Credit"] {
            row.entry(amount).or_insert(Value::from(0));
        }
        for text in ["CostCenter", "Description", "Project", "TransactionInformation"] {
            row.entry(text).or_insert(Value::from(""));
        }
        row.entry("Removed").or_insert(Value::Bool(false));
    }
}

/// A row's total before VAT: price × quantity less the discount (a
/// percentage, or an amount off the row). A row without a quantity
/// counts one.
fn row_total(row: &Map<String, Value>, quantity: &str) -> f64 {
    let gross = number(row, "Price").unwrap_or(0.0) * number(row, quantity).unwrap_or(1.0);
    let discount = number(row, "Discount").unwrap_or(0.0);
    match row.get("DiscountType").and_then(Value::as_str) {
        Some("PERCENT") => ore(gross * (1.0 - discount / 100.0)),
        _ => ore(gross - discount),
    }
}

fn document(record: &mut Map<String, Value>, rows: &str, quantity: &str) {
    let (mut net, mut vat) = (0.0, 0.0);
    if let Some(Value::Array(list)) = record.get_mut(rows) {
        for (n, row) in list.iter_mut().enumerate() {
            let Some(row) = row.as_object_mut() else { continue };
            let total = row_total(row, quantity);
            net += total;
            vat += total * number(row, "VAT").unwrap_or(0.0) / 100.0;
            row.insert("Total".into(), Value::from(total));
            row.entry("RowId").or_insert(Value::from(n as u64 + 1));
            if rows == "InvoiceRows" {
                row.insert("TotalExcludingVAT".into(), Value::from(total));
                let price = number(row, "Price").unwrap_or(0.0);
                row.insert("PriceExcludingVAT".into(), Value::from(price));
            }
        }
    }
    let freight = number(record, "Freight").unwrap_or(0.0);
    let fee = number(record, "AdministrationFee").unwrap_or(0.0);
    // Freight and the fee carry the standard rate (25 %).
    let (freight_vat, fee_vat) = (ore(freight * 0.25), ore(fee * 0.25));
    let total_vat = ore(vat) + freight_vat + fee_vat;
    let gross = ore(net) + freight + fee;
    let exact = gross + total_vat;
    let total = exact.round();
    for (field, value) in [
        ("Net", ore(net)),
        ("Freight", freight),
        ("FreightVAT", freight_vat),
        ("AdministrationFee", fee),
        ("AdministrationFeeVAT", fee_vat),
        ("Gross", gross),
        ("TotalVAT", ore(total_vat)),
        ("RoundOff", ore(total - exact)),
        ("Total", total),
        ("TotalToPay", total),
    ] {
        record.insert(field.into(), Value::from(value));
    }
    record.entry("VATIncluded").or_insert(Value::Bool(false));
}

/// A supplier invoice's rows are its bookkeeping: each row's `Total` is
/// its debit less its credit, and the invoice's `Total` is what is
/// credited to the supplier.
fn supplier_invoice(record: &mut Map<String, Value>) {
    let mut credited = 0.0;
    if let Some(Value::Array(list)) = record.get_mut("SupplierInvoiceRows") {
        for row in list.iter_mut().filter_map(Value::as_object_mut) {
            let (debit, credit) = (number(row, "Debit").unwrap_or(0.0), number(row, "Credit").unwrap_or(0.0));
            credited += credit - debit;
            row.insert("Total".into(), Value::from(ore(debit - credit)));
        }
    }
    record.insert("Total".into(), Value::from(ore(credited)));
}

/// Whether a voucher's rows balance (removed rows do not count).
pub fn balances(record: &Map<String, Value>) -> bool {
    let rows = record.get("VoucherRows").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_object);
    let kept = rows.filter(|row| row.get("Removed").and_then(Value::as_bool) != Some(true));
    let difference: f64 =
        kept.map(|row| number(row, "Debit").unwrap_or(0.0) - number(row, "Credit").unwrap_or(0.0)).sum();
    ore(difference) == 0.0
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn filled(resource: &str, record: Value) -> Value {
        let mut record = record.as_object().cloned().unwrap_or_default();
        fill(resource, &mut record);
        Value::Object(record)
    }

    #[test]
    fn a_rows_total_is_price_times_quantity_less_discount() {
        let invoice = filled(
            "invoices",
            json!({ "InvoiceRows": [
                { "Price": 950, "DeliveredQuantity": "3", "VAT": 25 },
                { "Price": 200, "DeliveredQuantity": "2", "Discount": 10, "DiscountType": "PERCENT", "VAT": 12 },
                { "Price": 100, "DeliveredQuantity": "1", "Discount": 30, "DiscountType": "AMOUNT", "VAT": 25 },
            ]}),
        );
        let totals: Vec<&Value> = invoice["InvoiceRows"].as_array().unwrap().iter().map(|r| &r["Total"]).collect();
        assert_eq!(totals, [&json!(2850.0), &json!(360.0), &json!(70.0)]);
        assert_eq!(invoice["Net"], json!(3280.0));
        // 2850 × 25 % + 360 × 12 % + 70 × 25 % = 773.2
        assert_eq!(invoice["TotalVAT"], json!(773.2));
        assert_eq!((invoice["Total"].clone(), invoice["RoundOff"].clone()), (json!(4053.0), json!(-0.2)));
        assert_eq!(invoice["InvoiceRows"][2]["RowId"], json!(3));
    }

    #[test]
    fn freight_and_fee_count_with_their_vat() {
        let order = filled(
            "orders",
            json!({ "Freight": 100, "AdministrationFee": 40, "OrderRows": [{ "Price": 1000, "OrderedQuantity": "1", "VAT": 25 }] }),
        );
        assert_eq!((order["Gross"].clone(), order["TotalVAT"].clone()), (json!(1140.0), json!(285.0)));
        assert_eq!(order["Total"], json!(1425.0));
    }

    #[test]
    fn a_voucher_balances_when_debits_equal_credits() {
        let rows = |credit: f64| {
            json!({ "VoucherRows": [
                { "Account": 1930, "Debit": 100.5, "Credit": 0 },
                { "Account": 3001, "Debit": 0, "Credit": credit },
                { "Account": 3001, "Debit": 0, "Credit": 7, "Removed": true },
            ]})
        };
        assert!(balances(rows(100.5).as_object().unwrap()));
        assert!(!balances(rows(100.0).as_object().unwrap()));
    }
}
