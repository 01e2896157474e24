//! Seed records: a few realistic Swedish records per company, the same on
//! every start (derived from the tenant id).

use serde_json::{Value, json};

use super::{catalog, compute, shape};
use crate::config::Company;

const FIRST: [&str; 8] = ["Karin", "Mats", "Eva", "Anders", "Lena", "Olof", "Ingrid", "Nils"];
const LAST: [&str; 8] = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson"];
const CUSTOMERS: [&str; 8] = [
    "Ahlgrens Måleri AB",
    "Bäckströms Rör HB",
    "Cederblad Konsult AB",
    "Dalarnas Trävaror AB",
    "Ekbackens Gård",
    "Forsbergs Städ AB",
    "Gröna Lyktan Restaurang AB",
    "Hällsviks Båtvarv AB",
];
const ARTICLES: [(&str, f64); 6] = [
    ("Konsulttimme", 950.0),
    ("Resetillägg", 350.0),
    ("Material, diverse", 1200.0),
    ("Servicebesök", 1500.0),
    ("Licens, månad", 299.0),
    ("Frakt", 149.0),
];
const SUPPLIERS: [&str; 5] = [
    "Byggmaterial Norden AB",
    "Kontorsvaror i Sverige AB",
    "Telia Sverige AB",
    "Vattenfall AB",
    "Elgiganten Företag AB",
];
const PROJECTS: [&str; 4] = ["Ombyggnad kontor", "Webbplats 2026", "Årsbokslut", "Sommarkampanj"];
const ACCOUNTS: [(u32, &str); 9] = [
    (1510, "Kundfordringar"),
    (1930, "Företagskonto"),
    (2440, "Leverantörsskulder"),
    (2640, "Ingående moms"),
    (2610, "Utgående moms, 25 %"),
    (3001, "Försäljning inom Sverige, 25 % moms"),
    (4010, "Inköp material och varor"),
    (5010, "Lokalhyra"),
    (7010, "Löner till kollektivanställda"),
];

fn pick<T: Copy>(list: &[T], company: &Company, i: usize) -> T {
    list[(company.tenant_id as usize + i) % list.len()]
}

/// The records of a resource for a company, as full records with the
/// specification's field names (`shape.rs` projects and types them):
/// what Fortnox fills in on a create, the seed's own fields, and the
/// computed fields (`compute.rs`).
pub fn records(resource: &str, company: &Company) -> Vec<Value> {
    let mut all: Vec<Value> = seed(resource, company)
        .into_iter()
        .map(|seeded| {
            let mut record = catalog::defaults(resource).as_object().cloned().unwrap_or_default();
            record.extend(seeded.as_object().cloned().unwrap_or_default());
            compute::fill(resource, &mut record);
            // An invoice owes its total until it is paid.
            if resource == "invoices" {
                let total = record.get("Total").cloned().unwrap_or(Value::Null);
                record.entry("Balance").or_insert(total);
            }
            Value::Object(record)
        })
        .collect();
    if resource == "invoicepayments" {
        // A payment pays its invoice's total.
        let invoices = records("invoices", company);
        for payment in &mut all {
            let paid = shape::id_text(&payment["InvoiceNumber"]);
            if let Some(invoice) = invoices.iter().find(|i| shape::id_text(&i["DocumentNumber"]) == paid) {
                payment["Amount"] = invoice["Total"].clone();
            }
        }
    }
    all
}

fn seed(resource: &str, company: &Company) -> Vec<Value> {
    let n = 3 + (company.tenant_id % 3) as usize;
    let month = |i: usize| 1 + i % 12;
    match resource {
        "customers" => (0..n)
            .map(|i| {
                json!({
                    "CustomerNumber": (100 + i).to_string(),
                    "Name": pick(&CUSTOMERS, company, i),
                    "OrganisationNumber": format!("55{:04}-{:04}", 1000 + i * 37, 2000 + i * 53),
                    "Address1": format!("Storgatan {}", 2 + i),
                    "ZipCode": company.zip_code,
                    "City": company.city,
                    "Email": format!("info{}@exempel.se", i + 1),
                    "Phone": format!("08-55{:02} 00 {:02}", i, 10 + i),
                    "Active": i % 4 != 3,
                    "Currency": "SEK",
                    "Type": "COMPANY",
                    "VATType": "SEVAT",
                    "CountryCode": "SE",
                })
            })
            .collect(),
        "articles" => (0..n)
            .map(|i| {
                let (name, price) = pick(&ARTICLES, company, i);
                json!({
                    "ArticleNumber": (10 + i).to_string(),
                    "Description": name,
                    "SalesPrice": price,
                    "PurchasePrice": (price * 0.6).round(),
                    "VAT": 25,
                    "Unit": "st",
                    "QuantityInStock": 0,
                    "DisposableQuantity": 0,
                    "ReservedQuantity": 0,
                    "StockValue": 0,
                    "Active": true,
                    "Housework": false,
                    "WebshopArticle": false,
                    "Type": "SERVICE",
                })
            })
            .collect(),
        "invoices" => (0..n)
            .map(|i| {
                let (article, price) = pick(&ARTICLES, company, i);
                let mut invoice = json!({
                    "DocumentNumber": (1000 + i).to_string(),
                    "CustomerName": pick(&CUSTOMERS, company, i),
                    "CustomerNumber": (100 + i).to_string(),
                    "InvoiceDate": format!("2026-{:02}-15", month(i)),
                    "DueDate": format!("2026-{:02}-15", 1 + (i + 1) % 12),
                    "Booked": i % 2 == 1,
                    "OCR": format!("{}{}", 1000 + i, 6),
                    "Sent": true,
                    "InvoiceRows": [
                        { "ArticleNumber": (10 + i).to_string(), "Description": article,
                          "DeliveredQuantity": (i + 1).to_string(), "Price": price, "VAT": 25, "AccountNumber": 3001,
                          "Unit": "st", "Discount": 0, "DiscountType": "PERCENT", "CostCenter": "", "Project": "" },
                        { "ArticleNumber": "", "Description": "Resekostnad", "DeliveredQuantity": "1", "Price": 120,
                          "VAT": 25, "AccountNumber": 3001, "Unit": "st", "Discount": 10, "DiscountType": "AMOUNT",
                          "CostCenter": "", "Project": "" },
                    ],
                });
                // A booked seeded invoice is paid; the others owe their total.
                if i % 2 == 1 {
                    invoice["Balance"] = json!(0);
                }
                invoice
            })
            .collect(),
        "orders" => (0..n)
            .map(|i| {
                let (article, price) = pick(&ARTICLES, company, i + 1);
                json!({
                    "DocumentNumber": (2000 + i).to_string(),
                    "CustomerName": pick(&CUSTOMERS, company, i),
                    "CustomerNumber": (100 + i).to_string(),
                    "OrderDate": format!("2026-{:02}-10", month(i)),
                    "DeliveryDate": format!("2026-{:02}-20", month(i)),
                    "Currency": "SEK",
                    "Cancelled": false,
                    "Sent": false,
                    "OrderType": "Order",
                    "OrderRows": [{ "ArticleNumber": (10 + (i + 1) % n).to_string(), "Description": article,
                        "OrderedQuantity": (i + 2).to_string(), "DeliveredQuantity": "0", "Price": price, "VAT": 25,
                        "AccountNumber": 3001, "Unit": "st", "Discount": 0, "DiscountType": "PERCENT" }],
                })
            })
            .collect(),
        "offers" => (0..n)
            .map(|i| {
                let (article, price) = pick(&ARTICLES, company, i + 2);
                json!({
                    "DocumentNumber": (3000 + i).to_string(),
                    "CustomerName": pick(&CUSTOMERS, company, i),
                    "CustomerNumber": (100 + i).to_string(),
                    "OfferDate": format!("2026-{:02}-05", month(i)),
                    "Currency": "SEK",
                    "Cancelled": false,
                    "Sent": true,
                    "OfferRows": [{ "ArticleNumber": (10 + (i + 2) % n).to_string(), "Description": article,
                        "Quantity": (4 * (i + 1)).to_string(), "Price": price, "VAT": 25, "AccountNumber": 3001,
                        "Unit": "st", "Discount": 5, "DiscountType": "PERCENT" }],
                })
            })
            .collect(),
        "projects" => (0..PROJECTS.len().min(n))
            .map(|i| {
                json!({
                    "ProjectNumber": (i + 1).to_string(),
                    "Description": pick(&PROJECTS, company, i),
                    "Status": "ONGOING",
                    "StartDate": format!("2026-{:02}-01", month(i)),
                    "ProjectLeader": format!("{} {}", pick(&FIRST, company, i), pick(&LAST, company, i)),
                })
            })
            .collect(),
        "suppliers" => (0..n)
            .map(|i| {
                json!({
                    "SupplierNumber": (i + 1).to_string(),
                    "Name": pick(&SUPPLIERS, company, i),
                    "Active": true,
                    "City": company.city,
                    "Currency": "SEK",
                    "CountryCode": "SE",
                    "BG": format!("5{:03}-{:04}", i, 1000 + i),
                })
            })
            .collect(),
        "supplierinvoices" => (0..n)
            .map(|i| {
                // What is owed (VAT included), booked as cost and input VAT.
                let owed = 480.0 * (i as f64 + 2.0);
                let vat = owed * 0.2;
                let row = |account: u32, debit: f64, credit: f64| {
                    json!({ "Account": account, "Debit": debit, "Credit": credit, "CostCenter": "", "Project": "",
                        "TransactionInformation": "" })
                };
                json!({
                    "GivenNumber": (i + 1).to_string(),
                    "SupplierNumber": ((i % SUPPLIERS.len()) + 1).to_string(),
                    "SupplierName": pick(&SUPPLIERS, company, i),
                    "InvoiceNumber": format!("F{}", 7000 + i),
                    "InvoiceDate": format!("2026-{:02}-03", month(i)),
                    "DueDate": format!("2026-{:02}-03", 1 + (i + 1) % 12),
                    "Balance": owed,
                    "VAT": vat,
                    "VATType": "NORMAL",
                    "Booked": false,
                    "Cancel": false,
                    "Credit": false,
                    "Currency": "SEK",
                    "CurrencyRate": 1,
                    "CurrencyUnit": 1,
                    "SupplierInvoiceRows": [row(2440, 0.0, owed), row(4010, owed - vat, 0.0), row(2640, vat, 0.0)],
                })
            })
            .collect(),
        "vouchers" => (0..n)
            .map(|i| {
                let series = if i % 2 == 0 { "A" } else { "B" };
                json!({
                    "VoucherSeries": series,
                    "VoucherNumber": i / 2 + 1,
                    "Year": 1,
                    "Description": format!("Verifikation {}", i + 1),
                    "TransactionDate": format!("2026-{:02}-01", month(i)),
                    "ApprovalState": 0,
                    "VoucherRows": [
                        { "Account": 1930, "Debit": 1250.0, "Credit": 0.0, "Description": "Företagskonto" },
                        { "Account": 3001, "Debit": 0.0, "Credit": 1000.0, "Description": "Försäljning" },
                        { "Account": 2610, "Debit": 0.0, "Credit": 250.0, "Description": "Utgående moms" },
                    ],
                })
            })
            .collect(),
        "voucherseries" => [("A", "Redovisning"), ("B", "Kundfakturor")]
            .iter()
            .map(|(code, description)| json!({ "Code": code, "Description": description, "Manual": true, "Year": 1 }))
            .collect(),
        "accounts" => ACCOUNTS
            .iter()
            .map(|(number, description)| {
                json!({ "Number": number, "Description": description, "Active": true, "Year": 1,
                    "SRU": 7000 + number % 1000, "BalanceBroughtForward": 0 })
            })
            .collect(),
        "financialyears" => vec![json!({
            "Id": 1, "FromDate": "2026-01-01", "ToDate": "2026-12-31",
            "AccountChartType": "BAS 2026", "AccountingMethod": "ACCRUAL",
        })],
        "costcenters" => ["ADM", "SALJ", "PROD"]
            .iter()
            .map(|code| json!({ "Code": code, "Description": format!("Kostnadsställe {code}"), "Active": true }))
            .collect(),
        "currencies" => [("EUR", "Euro", 11.45), ("USD", "US-dollar", 10.62), ("NOK", "Norska kronor", 0.98)]
            .iter()
            .map(|(code, name, rate)| {
                json!({ "Code": code, "Description": name, "BuyRate": rate, "SellRate": rate, "Unit": 1,
                    "Date": "2026-11-30", "IsAutomatic": true })
            })
            .collect(),
        "invoicepayments" => (0..n)
            .filter(|i| i % 2 == 1)
            .map(|i| {
                json!({
                    "Number": (i + 1).to_string(),
                    "InvoiceNumber": 1000 + i,
                    "PaymentDate": format!("2026-{:02}-28", month(i)),
                    "Currency": "SEK",
                    "CurrencyRate": 1,
                    "CurrencyUnit": 1,
                    "Booked": true,
                    "Source": "manual",
                    "WriteOffExist": false,
                })
            })
            .collect(),
        "pricelists" => vec![
            json!({ "Code": "A", "Description": "Grundprislista", "PreSelected": true }),
            json!({ "Code": "B", "Description": "Återförsäljare", "PreSelected": false }),
        ],
        "printtemplates" => [("fakt", "Faktura"), ("order", "Order"), ("offert", "Offert")]
            .iter()
            .map(|(template, name)| json!({ "Template": template, "Name": name }))
            .collect(),
        "employees" => (0..n)
            .map(|i| {
                let (first, last) = (pick(&FIRST, company, i), pick(&LAST, company, i + 3));
                json!({
                    "EmployeeId": (i + 1).to_string(),
                    "FirstName": first,
                    "LastName": last,
                    "FullName": format!("{first} {last}"),
                    "Email": format!("{}.{}@exempel.se", first.to_lowercase(), last.to_lowercase()),
                    "Active": true,
                })
            })
            .collect(),
        "salarytransactions" => (0..n)
            .map(|i| {
                json!({
                    "SalaryRow": i + 1,
                    "EmployeeId": (i + 1).to_string(),
                    "SalaryCode": "11",
                    "Date": format!("2026-{:02}-25", month(i)),
                    "Number": 1,
                    "Amount": 32000,
                    "Total": 32000,
                })
            })
            .collect(),
        _ => vec![],
    }
}

/// `/3/archive` and `/3/inbox`: the root folder, each subfolder with its
/// address.
pub fn folder(base: &url::Url, path: &str) -> Value {
    let subfolders = match path {
        "inbox" => vec!["inbox_s", "inbox_v", "inbox_kf"],
        _ => vec!["Bokföring", "Löner"],
    };
    json!({
            "@url": base.join(&format!("3/{path}")).map(String::from).unwrap_or_default(),
            "Id": "root",
            "Name": "root",
            "Email": format!("{path}@sandbox.fortnox.se"),
            "Files": [],
            "Folders": subfolders
                .iter()
                .map(|name| json!({ "@url": base.join(&format!("3/{path}/{name}")).map(String::from).unwrap_or_default(),
                    "Id": name, "Name": name }))
                .collect::<Vec<_>>(),
    })
}

/// The record behind `/3/companyinformation`.
pub fn company_information(company: &Company) -> Value {
    json!({
            "Address": company.address,
            "City": company.city,
            "CountryCode": "SE",
            "DatabaseNumber": company.tenant_id,
            "CompanyName": company.name,
            "OrganizationNumber": company.org_number,
            "VisitAddress": company.address,
            "VisitCity": company.city,
            "VisitCountryCode": "SE",
            "VisitZipCode": company.zip_code,
            "ZipCode": company.zip_code,
    })
}

/// The record behind `/3/settings/company`.
pub fn company_settings(company: &Company) -> Value {
    json!({
            "Name": company.name,
            "OrganizationNumber": company.org_number,
            "DatabaseNumber": company.tenant_id,
            "Address": company.address,
            "City": company.city,
            "ZipCode": company.zip_code,
            "CountryCode": "SE",
            "VATNumber": format!("SE{}01", company.org_number.replace('-', "")),
            "BG": "123-4567",
    })
}
