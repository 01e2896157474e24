//! One cheap request per scope, to check after connecting that each chosen
//! option really works. Scopes without a known cheap endpoint are not
//! probed (reported as "not checked", never as failures).

/// The resource under `/3/` that proves `scope` works.
pub fn probe_for(scope: &str) -> Option<&'static str> {
    Some(match scope {
        "companyinformation" => "companyinformation",
        "profile" => "me",
        "customer" => "customers?limit=1",
        "article" => "articles?limit=1",
        "invoice" => "invoices?limit=1",
        "order" => "orders?limit=1",
        "offer" => "offers?limit=1",
        "project" => "projects?limit=1",
        "supplier" => "suppliers?limit=1",
        "supplierinvoice" => "supplierinvoices?limit=1",
        "bookkeeping" => "accounts?limit=1",
        "costcenter" => "costcenters?limit=1",
        "salary" => "employees?limit=1",
        "settings" => "settings/company",
        "currency" => "currencies?limit=1",
        "payment" => "invoicepayments?limit=1",
        "price" => "pricelists?limit=1",
        "print" => "printtemplates?limit=1",
        "archive" => "archive",
        "inbox" => "inbox",
        _ => return None,
    })
}
