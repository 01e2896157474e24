//! Seed records: a few realistic Swedish records per company, the same on
//! every start (derived from the tenant id).

use serde_json::{Value, json};

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
const ACCOUNTS: [(u32, &str); 8] = [
    (1510, "Kundfordringar"),
    (1930, "Företagskonto"),
    (2440, "Leverantörsskulder"),
    (2610, "Utgående moms, 25 %"),
    (3001, "Försäljning inom Sverige, 25 % moms"),
    (4010, "Inköp material och varor"),
    (5010, "Lokalhyra"),
    (7010, "Löner till kollektivanställda"),
];

fn pick<T: Copy>(list: &[T], company: &Company, i: usize) -> T {
    list[(company.tenant_id as usize + i) % list.len()]
}

/// The records of a list resource for a company.
pub fn records(resource: &str, company: &Company) -> Vec<Value> {
    let n = 3 + (company.tenant_id % 3) as usize;
    match resource {
        "customers" => (0..n)
            .map(|i| {
                json!({
                    "CustomerNumber": (100 + i).to_string(),
                    "Name": pick(&CUSTOMERS, company, i),
                    "OrganisationNumber": format!("55{:04}-{:04}", 1000 + i * 37, 2000 + i * 53),
                    "City": company.city,
                    "Email": format!("info{}@exempel.se", i + 1),
                })
            })
            .collect(),
        "articles" => (0..n)
            .map(|i| {
                let (name, price) = pick(&ARTICLES, company, i);
                json!({ "ArticleNumber": format!("A{}", 10 + i), "Description": name, "SalesPrice": price, "Unit": "st" })
            })
            .collect(),
        "invoices" | "orders" => (0..n)
            .map(|i| {
                json!({
                    "DocumentNumber": (1000 + i).to_string(),
                    "CustomerName": pick(&CUSTOMERS, company, i),
                    "CustomerNumber": (100 + i).to_string(),
                    "Total": 1250.0 * (i as f64 + 1.0),
                    "Currency": "SEK",
                    "InvoiceDate": format!("2026-{:02}-15", 1 + i % 12),
                })
            })
            .collect(),
        "projects" => (0..PROJECTS.len().min(n))
            .map(|i| json!({ "ProjectNumber": (i + 1).to_string(), "Description": pick(&PROJECTS, company, i), "Status": "ONGOING" }))
            .collect(),
        "suppliers" => (0..n)
            .map(|i| json!({ "SupplierNumber": (i + 1).to_string(), "Name": pick(&SUPPLIERS, company, i) }))
            .collect(),
        "supplierinvoices" => (0..n)
            .map(|i| {
                json!({
                    "GivenNumber": (i + 1).to_string(),
                    "SupplierName": pick(&SUPPLIERS, company, i),
                    "Total": 480.0 * (i as f64 + 2.0),
                    "Currency": "SEK",
                })
            })
            .collect(),
        "vouchers" => (0..n)
            .map(|i| {
                json!({
                    "VoucherSeries": "A",
                    "VoucherNumber": i + 1,
                    "Description": format!("Verifikation {}", i + 1),
                    "TransactionDate": format!("2026-{:02}-01", 1 + i % 12),
                })
            })
            .collect(),
        "accounts" => ACCOUNTS
            .iter()
            .map(|(number, description)| json!({ "Number": number, "Description": description, "Active": true }))
            .collect(),
        "costcenters" => ["ADM", "SÄLJ", "PROD"]
            .iter()
            .map(|code| json!({ "Code": code, "Description": format!("Kostnadsställe {code}"), "Active": true }))
            .collect(),
        "employees" => (0..n)
            .map(|i| {
                json!({
                    "EmployeeId": (i + 1).to_string(),
                    "FirstName": pick(&FIRST, company, i),
                    "LastName": pick(&LAST, company, i + 3),
                })
            })
            .collect(),
        _ => vec![],
    }
}

pub fn company_information(company: &Company) -> Value {
    json!({
        "CompanyInformation": {
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
        }
    })
}

pub fn company_settings(company: &Company) -> Value {
    json!({
        "CompanySettings": {
            "Name": company.name,
            "OrganizationNumber": company.org_number,
            "DatabaseNumber": company.tenant_id,
            "Address": company.address,
            "City": company.city,
            "ZipCode": company.zip_code,
            "CountryCode": "SE",
            "VATNumber": format!("SE{}01", company.org_number.replace('-', "")),
            "BG": "123-4567",
        }
    })
}
