//! What the sandbox knows about Fortnox's API beyond the specification
//! (`spec.rs`), each with where it comes from. "Recorded" means a real
//! Fortnox answer kept in a public client library's test recordings
//! (docs/fortnox.md §13–§16 names them); "published" means Fortnox's
//! developer pages; UNCONFIRMED choices are listed in docs/fortnox.md §17.

use serde_json::Value;

/// The 404 for a record that does not exist: Fortnox's own code and
/// message per resource (recorded: accodeing/fortnox-api
/// `spec/vcr_cassettes/*/find_failure.yml`, 2023). Others: the published
/// generic code, UNCONFIRMED for these resources.
pub fn not_found(resource: &str) -> (u32, &'static str) {
    match resource {
        "customers" => (2000433, "Kan inte hitta kunden."),
        "articles" => (2000428, "Kan inte hitta artikeln."),
        "invoices" => (2000434, "Kan inte hitta fakturan."),
        "orders" => (2000439, "Kan inte hitta ordern."),
        "projects" => (2001161, "Kan inte hitta projektet."),
        _ => (2000588, "Ogiltig parameter i anropet."),
    }
}

/// Where live answers differ from the specification's types (recorded:
/// accodeing/fortnox-api `articles/all.yml` sends `"QuantityInStock":"0"`
/// and `invoices/all.yml` `"CurrencyRate":"1"` in list items, where the
/// specification says number). The specification is followed everywhere
/// else; `tests/contract.rs` compares both with the recordings.
pub fn live_type(resource: &str, single: bool, field: &str) -> Option<&'static str> {
    match (resource, single, field) {
        ("articles", false, "QuantityInStock") | ("invoices", false, "CurrencyRate") => Some("string"),
        _ => None,
    }
}

/// The resources an integration writes, and how (published specification:
/// vouchers have no PUT or DELETE).
pub fn writable(resource: &str) -> bool {
    matches!(resource, "customers" | "articles" | "invoices" | "vouchers")
}

/// What Fortnox fills in on a create (recorded: accodeing/fortnox-api
/// `customers/save_new.yml` and `invoices/find_id_1.yml`, 2023: a
/// customer created with a name only, an invoice's e-mail and EDI
/// objects). Seeded records start from the same.
pub fn defaults(resource: &str) -> Value {
    match resource {
        "customers" => serde_json::json!({
            "Active": true, "Currency": "SEK", "Type": "COMPANY", "VATType": "SEVAT", "PriceList": "A",
            "Email": "", "EmailInvoice": "", "EmailOffer": "", "EmailOrder": "",
            "DefaultDeliveryTypes": { "Invoice": "PRINT", "Order": "PRINT", "Offer": "PRINT" },
            "DefaultTemplates": { "Order": "DEFAULTTEMPLATE", "Offer": "DEFAULTTEMPLATE",
                "Invoice": "DEFAULTTEMPLATE", "CashInvoice": "DEFAULTTEMPLATE" },
        }),
        "articles" => {
            serde_json::json!({ "Active": true, "Unit": "st", "Type": "STOCK", "VAT": 25, "QuantityInStock": 0 })
        }
        "invoices" => serde_json::json!({
            "Booked": false, "Cancelled": false, "Currency": "SEK", "CurrencyRate": 1, "CurrencyUnit": 1,
            "InvoiceType": "INVOICE", "Sent": false, "Credit": "false", "Labels": [],
            "EmailInformation": { "EmailAddressTo": "", "EmailSubject": "Faktura {no} bifogas", "EmailBody": " " },
            "EDIInformation": { "EDIStatus": "" },
        }),
        "vouchers" => serde_json::json!({ "ApprovalState": 0 }),
        _ => serde_json::json!({}),
    }
}
