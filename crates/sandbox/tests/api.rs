//! `/3/…` as Fortnox answers: tokens, scope versus licence versus
//! permission, every resource the demo app may use, paging, filters,
//! search, sorting, writes with Fortnox's validation answers, and the rate
//! limit. The shapes themselves are checked against the specification in
//! `contract.rs`.

mod common;

use common::*;
use fortnox_sandbox::seed;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Every scope the demo app may ask for.
const ALL: &str = "companyinformation customer article invoice order offer project supplier supplierinvoice \
    bookkeeping costcenter currency payment price print salary settings profile archive inbox";

async fn access_token(h: &Harness, request: Authorize) -> String {
    h.connect(request).await["access_token"].as_str().unwrap().to_string()
}

async fn admin(h: &Harness) -> String {
    access_token(h, Authorize::default().scope(ALL).login_as(BERGSTROM_ADMIN, "approve")).await
}

#[tokio::test]
async fn company_information_identifies_the_tenant() {
    let h = start().await;
    let token = admin(&h).await;
    let (status, body) = h.api(&token, "companyinformation").await;
    assert_eq!(status, StatusCode::OK);
    let info = &body["CompanyInformation"];
    assert_eq!(info["CompanyName"], "Bergströms Bygg AB");
    assert_eq!(info["OrganizationNumber"], "556677-8899");
    assert_eq!(info["DatabaseNumber"], BERGSTROM_TENANT, "an integer here");
    let (_, settings) = h.api(&token, "settings/company").await;
    assert_eq!(settings["CompanySettings"]["DatabaseNumber"], BERGSTROM_TENANT.to_string(), "a string there");
}

#[tokio::test]
async fn me_tells_who_approved_and_whether_they_are_an_administrator() {
    let h = start().await;
    let token = admin(&h).await;
    let (status, body) = h.api(&token, "me").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["MeInformation"]["Name"], "Erik Bergström");
    assert_eq!(body["MeInformation"]["Email"], BERGSTROM_ADMIN);
    assert_eq!(body["MeInformation"]["SysAdmin"], true);
    let anna = access_token(&h, Authorize::default().login_as(ANNA, "approve")).await;
    assert_eq!(h.api(&anna, "me").await.1["MeInformation"]["SysAdmin"], false);
    let no_profile =
        access_token(&h, Authorize::default().scope("companyinformation").login_as(BERGSTROM_ADMIN, "approve")).await;
    let (status, body) = h.api(&no_profile, "me").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(error_code(&body), 2000663);
}

#[tokio::test]
async fn every_resource_behind_a_granted_scope_answers_its_list_and_records() {
    let h = start().await;
    h.sandbox.update_config(|c| c.rate_limit_requests = 10_000);
    let token = admin(&h).await;
    for (path, key) in [
        ("customers", "Customers"),
        ("articles", "Articles"),
        ("invoices", "Invoices"),
        ("orders", "Orders"),
        ("offers", "Offers"),
        ("projects", "Projects"),
        ("suppliers", "Suppliers"),
        ("supplierinvoices", "SupplierInvoices"),
        ("vouchers", "Vouchers"),
        ("voucherseries", "VoucherSeriesCollection"),
        ("accounts", "Accounts"),
        ("financialyears", "FinancialYears"),
        ("costcenters", "CostCenters"),
        ("currencies", "Currencies"),
        ("invoicepayments", "InvoicePayments"),
        ("pricelists", "PriceLists"),
        ("printtemplates", "PrintTemplates"),
        ("employees", "Employees"),
        ("salarytransactions", "SalaryTransactions"),
    ] {
        let (status, body) = h.api(&token, path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        let items = body[key].as_array().unwrap_or_else(|| panic!("{path}: {body}"));
        assert!(!items.is_empty(), "{path}");
        assert_eq!(body["MetaInformation"]["@TotalResources"].as_u64().unwrap() as usize, items.len());
        // Each item names itself; following it gives the record.
        if let Some(url) = items[0]["@url"].as_str() {
            let record = url.split("/3/").nth(1).unwrap();
            let (status, single) = h.api(&token, record).await;
            assert_eq!(status, StatusCode::OK, "{record}: {single}");
            assert!(single.as_object().unwrap().len() == 1, "one wrapper: {single}");
        }
    }
    for (path, key) in [("archive", "Folder"), ("inbox", "Folder")] {
        let (status, body) = h.api(&token, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(body[key]["Folders"].is_array(), "{path}: {body}");
    }
}

#[tokio::test]
async fn a_missing_record_is_fortnoxs_own_404_with_capitalised_keys() {
    let h = start().await;
    let token = admin(&h).await;
    for (path, code, message) in [
        ("customers/123456789", 2000433, "Kan inte hitta kunden."),
        ("articles/123456789", 2000428, "Kan inte hitta artikeln."),
        ("invoices/123456789", 2000434, "Kan inte hitta fakturan."),
        ("orders/123456789", 2000439, "Kan inte hitta ordern."),
        ("projects/123456789", 2001161, "Kan inte hitta projektet."),
    ] {
        let (status, body) = h.api(&token, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(body, json!({ "ErrorInformation": { "Error": 1, "Message": message, "Code": code } }));
    }
    let (status, body) = h.api(&token, "no-such-resource").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["ErrorInformation"]["Code"], 2000588);
}

#[tokio::test]
async fn the_scope_is_checked_before_whether_a_record_exists() {
    let h = start().await;
    let token =
        access_token(&h, Authorize::default().scope("companyinformation").login_as(BERGSTROM_ADMIN, "approve")).await;
    for path in ["offers", "currencies/EUR", "customers/123456789", "vouchers/A/1", "archive"] {
        let (status, body) = h.api(&token, path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}: {body}");
        assert_eq!(error_code(&body), 2000663, "{path}");
    }
}

#[tokio::test]
async fn missing_scope_missing_licence_and_missing_permission_are_told_apart() {
    let h = start().await;
    let token =
        access_token(&h, Authorize::default().scope("companyinformation invoice").login_as(BERGSTROM_ADMIN, "approve"))
            .await;
    let (status, body) = h.api(&token, "suppliers").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        body["ErrorInformation"],
        json!({ "error": 1, "message": "Har inte behörighet för scope", "code": 2000663 })
    );

    let token =
        access_token(&h, Authorize::default().scope("companyinformation salary").login_as(NO_PAYROLL, "approve")).await;
    let (status, body) = h.api(&token, "employees").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(error_code(&body), 2001101);

    let token = access_token(
        &h,
        Authorize::default().scope("companyinformation customer invoice project").login_as(ANNA, "approve"),
    )
    .await;
    let (status, body) = h.api(&token, "customers").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(error_code(&body), 2003275);
    assert_eq!(h.api(&token, "invoices").await.0, StatusCode::OK, "other registers work");
    let service = access_token(
        &h,
        Authorize::default().scope("companyinformation customer").service().login_as(BERGSTROM_ADMIN, "approve"),
    )
    .await;
    assert_eq!(h.api(&service, "customers").await.0, StatusCode::OK);
}

#[tokio::test]
async fn paging_crosses_page_boundaries_and_reports_pages() {
    let h = start().await;
    let token = admin(&h).await;
    let (_, all) = h.api(&token, "customers").await;
    let all: Vec<Value> = all["Customers"].as_array().unwrap().clone();
    assert!(all.len() >= 3);
    let mut seen = Vec::new();
    let pages = all.len().div_ceil(2);
    for page in 1..=pages {
        let (status, body) = h.api(&token, &format!("customers?limit=2&page={page}")).await;
        assert_eq!(status, StatusCode::OK);
        let meta = &body["MetaInformation"];
        assert_eq!(meta["@TotalResources"], all.len());
        assert_eq!(meta["@TotalPages"], pages);
        assert_eq!(meta["@CurrentPage"], page);
        let items = body["Customers"].as_array().unwrap();
        assert!(items.len() <= 2);
        seen.extend(items.iter().cloned());
    }
    assert_eq!(seen, all, "every record once, in order, across the pages");
    let (_, past) = h.api(&token, &format!("customers?limit=2&page={}", pages + 1)).await;
    assert_eq!(past["Customers"], json!([]));
    let (_, shifted) = h.api(&token, "customers?offset=1&limit=1").await;
    assert_eq!(shifted["Customers"][0], all[1]);
    let (_, huge) = h.api(&token, "customers?limit=100000").await;
    assert_eq!(huge["Customers"].as_array().unwrap().len(), all.len(), "at most 500 a page");
}

#[tokio::test]
async fn filters_search_and_sorting_follow_fortnox() {
    let h = start().await;
    let token = admin(&h).await;
    let (status, body) = h.api(&token, "invoices?filter=doesntexist").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!({ "ErrorInformation": { "error": 1, "message": "Ett ogiltigt filter har använts.", "code": 2000587 } })
    );
    let (_, all) = h.api(&token, "invoices").await;
    let (_, unpaid) = h.api(&token, "invoices?filter=unpaid").await;
    let unpaid = unpaid["Invoices"].as_array().unwrap();
    assert!(!unpaid.is_empty() && unpaid.len() < all["Invoices"].as_array().unwrap().len());
    assert!(unpaid.iter().all(|i| i["Balance"].as_f64().unwrap() > 0.0));

    let (_, miss) = h.api(&token, "customers?name=nothing-like-this").await;
    assert_eq!(
        miss,
        json!({ "MetaInformation": { "@TotalResources": 0, "@TotalPages": 0, "@CurrentPage": 1 }, "Customers": [] })
    );
    let (_, customers) = h.api(&token, "customers").await;
    let name = customers["Customers"][0]["Name"].as_str().unwrap().to_string();
    let part = &name[..name.char_indices().nth(4).unwrap().0].to_uppercase();
    let (_, found) = h.api(&token, &format!("customers?name={part}")).await;
    assert!(found["Customers"].as_array().unwrap().iter().any(|c| c["Name"] == name.as_str()), "ILIKE: {found}");
    assert_eq!(h.api(&token, "customers?unknownparameter=1").await.1, customers, "unknown parameters are ignored");

    let (_, down) = h.api(&token, "customers?sortby=customernumber&sortorder=descending").await;
    let numbers: Vec<&str> =
        down["Customers"].as_array().unwrap().iter().map(|c| c["CustomerNumber"].as_str().unwrap()).collect();
    let mut sorted = numbers.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(numbers, sorted);
}

#[tokio::test]
async fn numbers_come_as_strings_where_fortnox_sends_strings() {
    let h = start().await;
    let token = admin(&h).await;
    let (_, articles) = h.api(&token, "articles").await;
    let article = &articles["Articles"][0];
    for field in ["SalesPrice", "PurchasePrice", "VAT", "StockValue"] {
        assert!(article[field].is_string(), "{field} in an article list item: {article}");
    }
    let (_, single) = h.api(&token, &format!("articles/{}", article["ArticleNumber"].as_str().unwrap())).await;
    assert!(single["Article"]["SalesPrice"].is_number(), "a number on the single record: {single}");
    let (_, invoices) = h.api(&token, "invoices").await;
    assert_eq!(invoices["Invoices"][0]["CurrencyRate"], "1", "recorded as a string");
    let (_, supplier_invoices) = h.api(&token, "supplierinvoices").await;
    assert!(supplier_invoices["SupplierInvoices"][0]["Total"].is_string());
    let (_, orders) = h.api(&token, "orders").await;
    assert!(orders["Orders"][0]["OrderDate"].is_string() && orders["Orders"][0].get("InvoiceDate").is_none());
}

#[tokio::test]
async fn vouchers_are_addressed_by_series_and_number() {
    let h = start().await;
    let token = admin(&h).await;
    let (status, a1) = h.api(&token, "vouchers/A/1").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(a1["Voucher"]["VoucherSeries"], "A");
    let (_, b1) = h.api(&token, "vouchers/B/1").await;
    assert_eq!(b1["Voucher"]["VoucherSeries"], "B");
    assert_ne!(a1["Voucher"]["Description"], b1["Voucher"]["Description"], "the series counts");
    let (_, series_b) = h.api(&token, "vouchers/sublist/B").await;
    assert!(series_b["Vouchers"].as_array().unwrap().iter().all(|v| v["VoucherSeries"] == "B"));
    assert_eq!(h.api(&token, "vouchers/Z/1").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn customers_are_created_updated_and_deleted_like_fortnox() {
    let h = start().await;
    let token = admin(&h).await;
    let (status, headers, created) =
        h.send(Method::POST, &token, "customers", r#"{"Customer":{"Name":"Nya Kunden AB"}}"#).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(headers["location"], "customers", "the bare collection name");
    let customer = &created["Customer"];
    assert_eq!(customer["Currency"], "SEK");
    assert_eq!(customer["Type"], "COMPANY");
    assert!(customer["Address2"].is_null(), "unset fields are null");
    let number = customer["CustomerNumber"].as_str().unwrap().to_string();
    assert_eq!(h.api(&token, &format!("customers/{number}")).await.1["Customer"]["Name"], "Nya Kunden AB");

    let (status, _, updated) =
        h.send(Method::PUT, &token, &format!("customers/{number}"), r#"{"Customer":{"City":"Visby"}}"#).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(updated["Customer"]["City"], "Visby");
    assert_eq!(updated["Customer"]["Name"], "Nya Kunden AB", "fields not sent stay");

    let (status, _, body) = h
        .send(
            Method::POST,
            &token,
            "customers",
            &format!(r#"{{"Customer":{{"Name":"X","CustomerNumber":"{number}"}}}}"#),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["ErrorInformation"]["message"], format!("Kundnummer {number} används redan."));
    assert_eq!(error_code(&body), 2000637);

    let (status, _, _) = h.send(Method::DELETE, &token, &format!("customers/{number}"), "").await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(h.api(&token, &format!("customers/{number}")).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bad_writes_get_fortnoxs_validation_answers() {
    let h = start().await;
    let token = admin(&h).await;
    let cases: [(&str, &str, u64); 8] = [
        ("customers", "{not json", 2002115),
        ("customers", r#"{"Name":"Unwrapped"}"#, 2001392),
        ("customers", r#"{"Customer":"text"}"#, 2002649),
        ("customers", r#"{"Customer":{"Name":"A","price":1}}"#, 2001399),
        ("invoices", r#"{"Invoice":{"CustomerNumber":"99999"}}"#, 2000204),
        (
            "invoices",
            r#"{"Invoice":{"CustomerNumber":"100","InvoiceRows":[{"ArticleNumber":"nope","DeliveredQuantity":1}]}}"#,
            2001302,
        ),
        ("invoices", r#"{"Invoice":{"CustomerNumber":"100","InvoiceRows":["a string"]}}"#, 2002649),
        ("articles", r#"{"Article":{"Description":"A","SalesPrice":"many"}}"#, 2000108),
    ];
    for (path, body, code) in cases {
        let (status, _, answer) = h.send(Method::POST, &token, path, body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path} {body}: {answer}");
        assert_eq!(error_code(&answer), code, "{path} {body}: {answer}");
        assert!(answer["ErrorInformation"]["message"].is_string(), "lower-case keys: {answer}");
    }
    let (status, _, answer) = h.send(Method::PUT, &token, "customers", r#"{"Customer":{"Name":"A"}}"#).await;
    assert_eq!((status, error_code(&answer)), (StatusCode::BAD_REQUEST, 2000729));
    let before = h.api(&token, "customers").await.1;
    let (status, _, _) = h.send(Method::POST, &token, "customers", r#"{"Customer":{"City":"No name"}}"#).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "Name is required");
    assert_eq!(h.api(&token, "customers").await.1, before, "a refused write changes nothing");
}

#[tokio::test]
async fn invoices_and_vouchers_refer_to_what_exists() {
    let h = start().await;
    let token = admin(&h).await;
    let (_, articles) = h.api(&token, "articles").await;
    let article = articles["Articles"][0]["ArticleNumber"].as_str().unwrap().to_string();
    let body = format!(
        r#"{{"Invoice":{{"CustomerNumber":"100","InvoiceRows":[{{"ArticleNumber":"{article}","DeliveredQuantity":2,"Price":100}}]}}}}"#
    );
    let (status, _, invoice) = h.send(Method::POST, &token, "invoices", &body).await;
    assert_eq!(status, StatusCode::CREATED, "{invoice}");
    assert_eq!(invoice["Invoice"]["Total"], 200);
    assert!(invoice["Invoice"]["CustomerName"].is_string());

    let voucher = r#"{"Voucher":{"Description":"Kaffe","TransactionDate":"2026-11-30","VoucherSeries":"A","Year":1,
        "VoucherRows":[{"Account":1930,"Credit":50},{"Account":5010,"Debit":50}]}}"#;
    let (status, _, created) = h.send(Method::POST, &token, "vouchers", voucher).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let number = created["Voucher"]["VoucherNumber"].as_u64().unwrap();
    assert_eq!(h.api(&token, &format!("vouchers/A/{number}")).await.1["Voucher"]["Description"], "Kaffe");
    let bad = voucher.replace("5010", "9999");
    let (status, _, answer) = h.send(Method::POST, &token, "vouchers", &bad).await;
    assert_eq!((status, error_code(&answer)), (StatusCode::BAD_REQUEST, 2001304));
    let (status, _, _) = h.send(Method::PUT, &token, &format!("vouchers/A/{number}"), voucher).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "vouchers cannot be changed");
}

#[tokio::test]
async fn bad_expired_and_missing_tokens_get_a_bare_401() {
    let h = start().await;
    let token = admin(&h).await;
    let unauthorized = json!({ "message": "unauthorized" });
    let (status, body) = h.api("not-a-token", "companyinformation").await;
    assert_eq!((status, body), (StatusCode::UNAUTHORIZED, unauthorized.clone()));
    let jti = fortnox_sandbox::jwt::decode(&token).unwrap().jti;
    let scopes: Vec<String> = ALL.split(' ').map(String::from).collect();
    let claims =
        fortnox_sandbox::jwt::Claims::new("x", &jti, 0, i64::MAX, 1, BERGSTROM_TENANT, seed::DEMO_CLIENT_ID, &scopes);
    let forged = fortnox_sandbox::jwt::encode(&claims, b"a key the sandbox does not have");
    assert_eq!(h.api(&forged, "companyinformation").await.0, StatusCode::UNAUTHORIZED, "a real jti, a wrong signature");
    let response = h.http.get(h.sandbox.url("/3/companyinformation")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    h.sandbox.advance_clock(3601);
    let (status, body) = h.api(&token, "companyinformation").await;
    assert_eq!((status, body), (StatusCode::UNAUTHORIZED, unauthorized));
}

#[tokio::test]
async fn the_26th_request_within_5_seconds_gets_429_per_tenant() {
    let h = start().await;
    let a = access_token(&h, Authorize::default().login_as(BERGSTROM_ADMIN, "approve")).await;
    let b = access_token(&h, Authorize::default().login_as(NO_PAYROLL, "approve")).await;
    for i in 1..=25 {
        assert_eq!(h.api(&a, "companyinformation").await.0, StatusCode::OK, "request {i}");
    }
    let (status, headers, _) = h.send(Method::GET, &a, "companyinformation", "").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(headers.get("retry-after").is_none(), "not published by Fortnox: off by default");
    assert_eq!(h.api(&b, "companyinformation").await.0, StatusCode::OK, "another tenant has its own budget");
    let again = access_token(&h, Authorize::default().login_as(BERGSTROM_ADMIN, "approve")).await;
    assert_eq!(h.api(&again, "companyinformation").await.0, StatusCode::TOO_MANY_REQUESTS);
    h.sandbox.update_config(|c| c.rate_limit_retry_after = true);
    let (_, headers, _) = h.send(Method::GET, &a, "companyinformation", "").await;
    assert_eq!(headers["retry-after"], "5");
    h.sandbox.advance_clock(6);
    assert_eq!(h.api(&a, "companyinformation").await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_revoked_approval_stops_refreshing_but_its_access_token_lives_on() {
    let h = start().await;
    let tokens = h.connect(Authorize::default().login_as(BERGSTROM_ADMIN, "approve")).await;
    let (access, refresh) = (tokens["access_token"].as_str().unwrap(), tokens["refresh_token"].as_str().unwrap());
    let response = h
        .http
        .post(h.sandbox.url("/oauth-v1/revoke"))
        .basic_auth(seed::DEMO_CLIENT_ID, Some(seed::DEMO_CLIENT_SECRET))
        .form(&[("token", refresh), ("token_type_hint", "refresh_token")])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    assert_eq!(h.api(access, "companyinformation").await.0, StatusCode::OK, "Fortnox cannot revoke access tokens");
    let (status, body) = h.token(&[("grant_type", "refresh_token"), ("refresh_token", refresh)]).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_grant")));
    h.sandbox.advance_clock(3601);
    assert_eq!(h.api(access, "companyinformation").await.0, StatusCode::UNAUTHORIZED, "until it expires");
}

#[tokio::test]
async fn some_answers_capitalise_error_keys_and_send_the_code_as_text() {
    let h = start().await;
    h.sandbox.update_faults(|f| f.odd_error_casing = true);
    let token =
        access_token(&h, Authorize::default().scope("companyinformation").login_as(BERGSTROM_ADMIN, "approve")).await;
    let (_, body) = h.api(&token, "customers").await;
    assert_eq!(body["ErrorInformation"]["Code"], "2000663");
    assert_eq!(body["ErrorInformation"]["Message"], "Har inte behörighet för scope");
}
