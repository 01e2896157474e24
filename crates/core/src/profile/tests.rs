use proptest::prelude::*;

use super::*;

const VALID: &str = r#"
name = "Acme Sync"
vendor = "Acme AB"
client_id = "abc123"

[redirect]
embedded = "https://acme.example/fortnox/callback"
loopback = "http://127.0.0.1:53682/callback"

[token_auth]
client_secret_env = "ACME_FORTNOX_SECRET"

[service_account]
offered = true
recommended = true

[[options]]
id = "invoices"
scopes = ["invoice", "customer", "article"]
default = true
label = { sv = "Fakturor", en = "Invoices" }
help = { sv = "…", en = "…" }

[[options]]
id = "orders"
scopes = ["order", "customer", "article"]
label = { sv = "Order", en = "Orders" }
"#;

fn load(text: &str) -> Result<Profile> {
    Profile::from_toml_str(text)
}

fn field_of(err: Error) -> String {
    match err {
        Error::ProfileInvalid { field, .. } => field,
        other => panic!("expected ProfileInvalid, got {other:?}"),
    }
}

#[test]
fn the_design_example_loads_with_fortnox_defaults() {
    let profile = load(VALID).unwrap();
    assert_eq!(profile.name, "Acme Sync");
    assert_eq!(profile.endpoints.authorize_url().as_str(), "https://apps.fortnox.se/oauth-v1/auth");
    assert_eq!(profile.endpoints.api_url("me").as_str(), "https://api.fortnox.se/3/me");
    assert_eq!(profile.endpoints.issuer(), "https://apps.fortnox.se");
    assert_eq!(profile.token_auth, TokenAuth::ClientSecretEnv { var: "ACME_FORTNOX_SECRET".into() });
    assert!(!profile.pkce, "PKCE is off unless the vendor turns it on");
    assert_eq!(profile.default_option_ids(), ["invoices"]);
}

#[test]
fn scopes_are_derived_from_options_deduplicated_with_company_information() {
    let profile = load(VALID).unwrap();
    let scopes = profile.scopes_for(&["invoices".into(), "orders".into()]).unwrap();
    assert_eq!(scopes, ["companyinformation", "invoice", "customer", "article", "order"]);
    assert_eq!(scopes::join(&scopes), "companyinformation invoice customer article order");
    assert_eq!(profile.scopes_for(&[]).unwrap(), ["companyinformation"]);
    assert!(matches!(
        profile.scopes_for(&["payroll".into()]),
        Err(Error::UnknownOption(id)) if id == "payroll"
    ));
}

#[test]
fn identify_user_adds_the_profile_scope() {
    let text = VALID.replace("[service_account]", "[verify]\nidentify_user = true\n\n[service_account]");
    let profile = load(&text).unwrap();
    assert_eq!(
        profile.scopes_for(&["invoices".into()]).unwrap(),
        ["companyinformation", "invoice", "customer", "article", "profile"]
    );
}

#[test]
fn options_added_later_are_reported_as_missing_scopes() {
    let profile = load(VALID).unwrap();
    let granted: Vec<String> = ["companyinformation", "invoice", "customer", "article"].map(String::from).to_vec();
    let missing = profile.options_missing_scopes(&["invoices".into(), "orders".into()], &granted);
    assert_eq!(missing, ["orders"]);
}

#[test]
fn a_missing_field_is_named_with_its_line() {
    let text = VALID.replace("client_id = \"abc123\"\n", "");
    match load(&text).unwrap_err() {
        Error::ProfileSyntax { message, line, .. } => {
            assert!(message.contains("client_id"), "{message}");
            assert!(line >= 1);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_unknown_key_is_named() {
    let text = VALID.replace("vendor = \"Acme AB\"", "vendor = \"Acme AB\"\nclient_secret = \"x\"");
    let err = load(&text).unwrap_err();
    assert!(err.to_string().contains("client_secret"), "{err}");
}

#[test]
fn bad_values_name_their_field() {
    let cases = [
        (VALID.replace("name = \"Acme Sync\"", "name = \"  \""), "name"),
        (VALID.replace("client_id = \"abc123\"", "client_id = \"abc 123\""), "client_id"),
        (VALID.replace("https://acme.example/fortnox/callback", "acme.example/callback"), "redirect.embedded"),
        (VALID.replace("https://acme.example/fortnox/callback", "https://acme.example/cb#x"), "redirect.embedded"),
        (VALID.replace("http://127.0.0.1:53682/callback", "http://example.com:53682/callback"), "redirect.loopback"),
        (VALID.replace("http://127.0.0.1:53682/callback", "http://127.0.0.1/callback"), "redirect.loopback"),
        // localhost may resolve to ::1 first, where another program can listen.
        (VALID.replace("http://127.0.0.1:53682/callback", "http://localhost:53682/callback"), "redirect.loopback"),
        (VALID.replace("http://127.0.0.1:53682/callback", "http://[::1]:53682/callback"), "redirect.loopback"),
        (
            VALID.replace("[token_auth]", "[fortnox]\nauth_base = \"http://fortnox.example\"\n\n[token_auth]"),
            "fortnox.auth_base",
        ),
        (
            VALID.replace(
                "client_secret_env = \"ACME_FORTNOX_SECRET\"",
                "client_secret_env = \"X\"\nbroker_url = \"https://b.example\"",
            ),
            "token_auth",
        ),
        (VALID.replace("client_secret_env = \"ACME_FORTNOX_SECRET\"", ""), "token_auth"),
        (VALID.replace("id = \"orders\"", "id = \"invoices\""), "options[1].id"),
        (VALID.replace("id = \"orders\"", "id = \"Orders!\""), "options[1].id"),
        (VALID.replace("[\"order\", \"customer\", \"article\"]", "[]"), "options[1].scopes"),
        (VALID.replace("[\"order\", \"customer\", \"article\"]", "[\"Order\"]"), "options[1].scopes"),
        (VALID.replace("[\"order\", \"customer\", \"article\"]", "[\"order customer\"]"), "options[1].scopes"),
        (
            VALID.replace("label = { sv = \"Order\", en = \"Orders\" }", "label = { sv = \"Order\", en = \"\" }"),
            "options[1].label.en",
        ),
        (VALID[..VALID.find("[[options]]").unwrap()].to_string(), "options"),
    ];
    for (text, expected) in cases {
        let field = field_of(load(&text).unwrap_err());
        assert_eq!(field, expected);
    }
}

#[test]
fn http_is_allowed_for_a_loopback_sandbox() {
    let text = VALID.replace(
        "[token_auth]",
        "[fortnox]\nauth_base = \"http://127.0.0.1:4000\"\napi_base = \"http://localhost:4000/api/\"\n\n[token_auth]",
    );
    let profile = load(&text).unwrap();
    assert_eq!(profile.endpoints.token_url().as_str(), "http://127.0.0.1:4000/oauth-v1/token");
    assert_eq!(profile.endpoints.api_url("/customers").as_str(), "http://localhost:4000/api/3/customers");
    assert_eq!(profile.endpoints.issuer(), "http://127.0.0.1:4000");
}

#[test]
fn unlisted_scopes_are_accepted_but_reported() {
    let text = VALID.replace("[\"order\", \"customer\", \"article\"]", "[\"warehouse\", \"article\"]");
    let profile = load(&text).unwrap();
    assert_eq!(profile.unconfirmed_scopes(), ["warehouse"]);
}

#[test]
fn a_service_account_cannot_be_recommended_when_not_offered() {
    let text = VALID.replace("offered = true", "offered = false");
    let profile = load(&text).unwrap();
    assert!(!profile.service_account.offered);
    assert!(!profile.service_account.recommended);
}

#[test]
fn each_issuer_and_client_id_has_its_own_namespace() {
    let profile = load(VALID).unwrap();
    let other_client = load(&VALID.replace("client_id = \"abc123\"", "client_id = \"xyz\"")).unwrap();
    let other_issuer =
        load(&VALID.replace("[token_auth]", "[fortnox]\nauth_base = \"http://127.0.0.1:4000\"\n\n[token_auth]"))
            .unwrap();
    let names = [profile.namespace(), other_client.namespace(), other_issuer.namespace()];
    assert_ne!(names[0], names[1]);
    assert_ne!(names[0], names[2]);
    assert!(names[0].starts_with("apps.fortnox.se--abc123--"), "{}", names[0]);
    for name in &names {
        assert!(name.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)), "a safe folder name: {name}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Whatever the vendor writes, loading gives a profile or an error,
    /// never a panic.
    #[test]
    fn loading_arbitrary_text_never_panics(text in "\\PC{0,400}") {
        let _ = load(&text);
    }

    /// Mutating a valid profile one character at a time never panics.
    #[test]
    fn loading_a_mutated_profile_never_panics(pos in 0usize..VALID.len(), ch in any::<char>()) {
        let mut text: Vec<char> = VALID.chars().collect();
        let at = pos.min(text.len() - 1);
        text[at] = ch;
        let text: String = text.into_iter().collect();
        let _ = load(&text);
    }
}

#[test]
fn an_update_feed_is_https_or_loopback_and_optional() {
    assert_eq!(load(VALID).unwrap().update_feed, None);
    let with = |feed: &str| load(&format!("{VALID}\n[updates]\nfeed = \"{feed}\"\n"));
    let https = with("https://updates.example.com/fortnox-connect/latest.json").unwrap();
    assert_eq!(https.update_feed.unwrap().host_str(), Some("updates.example.com"));
    assert!(with("http://127.0.0.1:8080/latest.json").unwrap().update_feed.is_some());
    assert_eq!(field_of(with("http://updates.example.com/latest.json").unwrap_err()), "updates.feed");
    assert_eq!(field_of(with("ftp://updates.example.com/latest.json").unwrap_err()), "updates.feed");
}
