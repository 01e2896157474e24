use super::classify::TokenGrant;
use super::*;
use crate::connection::account::AccountType;
use crate::lang::Lang;

fn ctx() -> Context {
    Context {
        integration: "Acme Sync".into(),
        vendor: "Acme AB".into(),
        vendor_contact: Some("support@acme.example".into()),
        account_type: Some(AccountType::User),
        options: vec!["Fakturor".into()],
        option_ids: vec!["invoices".into()],
    }
}

#[test]
fn every_code_has_both_languages_steps_and_a_round_trip_name() {
    for &code in ErrorCode::ALL {
        for lang in [Lang::Sv, Lang::En] {
            let problem = render(code, "", &ctx(), lang);
            assert!(!problem.title.trim().is_empty(), "{code:?} {lang:?} title");
            assert!(!problem.cause.trim().is_empty(), "{code:?} {lang:?} cause");
            assert!(!problem.steps.is_empty(), "{code:?} {lang:?} steps");
            for text in std::iter::once(&problem.title).chain([&problem.cause]).chain(problem.steps.iter()) {
                assert!(!text.contains('{'), "{code:?} {lang:?}: unfilled placeholder in {text}");
            }
            assert!(problem.offers(&Action::CopyDetails));
            assert!(problem.copy_text.contains(&problem.title) && problem.copy_text.contains(&code.as_str()));
        }
        assert_eq!(ErrorCode::parse(&code.as_str()), Some(code));
    }
}

#[test]
fn the_vendor_is_named_when_the_vendor_must_act() {
    let problem = render(ErrorCode::VendorOauthNotEnabled, "", &ctx(), Lang::En);
    assert_eq!(problem.who, Who::Vendor);
    assert!(problem.who_label.contains("Acme AB"));
    assert!(problem.steps[0].contains("support@acme.example"));
    let sv = render(ErrorCode::VendorOauthNotEnabled, "", &ctx(), Lang::Sv);
    assert!(sv.title.contains("Acme Sync"));
    assert_ne!(sv.title, problem.title);
}

#[test]
fn authorization_errors_are_told_apart() {
    let cases = [
        ("invalid_client", "Auth code or ClientID supplied is invalid", ErrorCode::VendorOauthNotEnabled),
        ("unauthorized_client", "Client does not allow service account", ErrorCode::ServiceAccountNotAllowed),
        ("invalid_scope", "An unsupported scope was requested", ErrorCode::UnsupportedScope),
        ("invalid_request", "RedirectURI is missing or mismatch", ErrorCode::RedirectUriMismatch),
        ("error_missing_license", "Missing license", ErrorCode::IntegrationLicenceMissing),
        ("error_missing_license", "Missing license (purchasable integration)", ErrorCode::IntegrationNotPurchased),
        ("error_missing_license", "Resource owner does not have enough licenses", ErrorCode::IntegrationNotPublished),
        ("error_missing_license", "Not licensed for requested scope", ErrorCode::NotLicensedForScope),
        ("error_missing_system_admin_right", "Missing system administrator", ErrorCode::SystemAdministratorRequired),
        ("access_denied", "The user denied access", ErrorCode::AuthorizationNotCompleted),
        ("server_error", "boom", ErrorCode::Unknown),
    ];
    for (error, description, expected) in cases {
        assert_eq!(classify_authorization_error(error, Some(description)), expected, "{description}");
    }
    // Tolerant of case and surrounding text.
    assert_eq!(
        classify_authorization_error("ERROR_MISSING_LICENSE", Some("Error: NOT LICENSED FOR REQUESTED SCOPE (salary)")),
        ErrorCode::NotLicensedForScope
    );
    assert_eq!(classify_authorization_error("error_missing_license", None), ErrorCode::IntegrationLicenceMissing);
}

#[test]
fn token_errors_depend_on_the_grant() {
    use TokenGrant::*;
    assert_eq!(
        classify_token_error(RefreshToken, "invalid_grant", Some("Invalid refresh token")),
        ErrorCode::RefreshTokenInvalid
    );
    assert_eq!(
        classify_token_error(AuthorizationCode, "invalid_grant", Some("The authorization code has expired")),
        ErrorCode::AuthorizationCodeExpired
    );
    assert_eq!(
        classify_token_error(
            AuthorizationCode,
            "redirect_uri_mismatch",
            Some("The redirect URI is missing or do not match")
        ),
        ErrorCode::RedirectUriMismatch
    );
    assert_eq!(classify_token_error(RefreshToken, "invalid_client", None), ErrorCode::ClientSecretRejected);
    assert_eq!(
        classify_token_error(AuthorizationCode, "invalid_client", Some("Auth code or ClientID supplied is invalid")),
        ErrorCode::VendorOauthNotEnabled
    );
}

#[test]
fn error_information_is_read_with_any_casing() {
    let lower = ErrorInformation::parse(
        br#"{"ErrorInformation":{"error":1,"message":"Kan inte hitta kontot.","code":2000423}}"#,
    )
    .unwrap();
    assert_eq!(lower.code, Some(2000423));
    let upper = ErrorInformation::parse(
        r#"{"ErrorInformation":{"Error":1,"Message":"Saknar behörighet.","Code":"2003275"}}"#.as_bytes(),
    )
    .unwrap();
    assert_eq!(upper.code, Some(2003275));
    assert_eq!(upper.message.as_deref(), Some("Saknar behörighet."));
    let odd = ErrorInformation::parse(br#"{"errorinformation":{"CODE":" 2001101 "}}"#).unwrap();
    assert_eq!(odd.code, Some(2001101));
    assert_eq!(ErrorInformation::parse(b"<html>"), None);
    assert_eq!(ErrorInformation::parse(br#"{"message":"x"}"#), None);
}

#[test]
fn api_errors_tell_scope_licence_permission_and_token_apart() {
    let info = |code: u64, message: &str| ErrorInformation { code: Some(code), message: Some(message.into()) };
    let scope = info(2000663, "Har inte behörighet för scope");
    assert_eq!(classify_api_error(403, Some(&scope), Some("customer"), false), ErrorCode::ScopeNotGranted);
    assert_eq!(classify_api_error(400, Some(&scope), Some("customer"), true), ErrorCode::MissingPermission);
    assert_eq!(classify_api_error(403, Some(&scope), Some("order"), true), ErrorCode::MissingRightsForDocuments);
    assert_eq!(classify_api_error(403, Some(&scope), Some("warehouse"), true), ErrorCode::WarehouseScopesMissing);
    let licence = info(2001101, "Det finns ingen aktiv licens för önskat scope");
    assert_eq!(classify_api_error(403, Some(&licence), Some("salary"), true), ErrorCode::ModuleLicenceMissing);
    let permission = info(2003275, "Saknar behörighet för kundregister.");
    assert_eq!(classify_api_error(403, Some(&permission), Some("customer"), true), ErrorCode::MissingPermission);
    assert_eq!(
        classify_api_error(401, Some(&info(2000310, "Ogiltig inloggning")), None, true),
        ErrorCode::TokenRejected
    );
    assert_eq!(classify_api_error(403, Some(&info(2000311, "saknas")), None, true), ErrorCode::ApiCredentialsInvalid);
    assert_eq!(
        classify_api_error(400, Some(&info(2001304, "Kunde inte hitta konto")), None, true),
        ErrorCode::AccountNotFound
    );
    assert_eq!(
        classify_api_error(403, Some(&info(2001103, "Api-licens saknas.")), None, true),
        ErrorCode::ApiLicenceMissing
    );
    // Words alone, without a code, are enough.
    let words =
        ErrorInformation { code: None, message: Some("Det finns ingen aktiv licens för önskat scope".into()) };
    assert_eq!(classify_api_error(403, Some(&words), None, true), ErrorCode::ModuleLicenceMissing);
    assert_eq!(classify_api_error(401, None, None, true), ErrorCode::TokenRejected);
    assert_eq!(classify_api_error(429, None, None, true), ErrorCode::RateLimited);
    assert_eq!(classify_api_error(503, None, None, true), ErrorCode::FortnoxUnavailable);
    assert_eq!(classify_api_error(418, None, None, true), ErrorCode::Unknown);
}

#[test]
fn actions_fit_the_case_and_say_what_they_do() {
    let problem = render(ErrorCode::MissingPermission, "", &ctx(), Lang::En);
    assert!(problem.offers(&Action::SwitchAccountType { to: AccountType::Service }));
    let problem = render(ErrorCode::UnsupportedScope, "", &ctx(), Lang::En);
    let continue_without = &problem.actions[0];
    assert_eq!(continue_without.action, Action::ContinueWithoutOptions { options: vec!["invoices".into()] });
    assert_eq!(continue_without.label, "Continue without Fakturor");
    assert!(continue_without.primary);
    assert!(render(ErrorCode::FortnoxUnavailable, "", &ctx(), Lang::En).transient);
    // No vendor contact in the profile: no "Contact" button that could not work.
    let mut quiet = ctx();
    quiet.vendor_contact = None;
    assert!(!render(ErrorCode::VendorOauthNotEnabled, "", &quiet, Lang::En).offers(&Action::ContactVendor));
    assert!(render(ErrorCode::VendorOauthNotEnabled, "", &ctx(), Lang::En).offers(&Action::ContactVendor));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 1000, ..Default::default() })]

    /// Any body, however broken, is read without panicking.
    #[test]
    fn error_information_parsing_never_panics(body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
        let _ = ErrorInformation::parse(&body);
    }

    /// Any JSON shape under ErrorInformation is read without panicking,
    /// and a code given as a number or a digit string is found.
    #[test]
    fn error_information_codes_as_numbers_or_strings(code in 0u64..10_000_000, as_string in proptest::prelude::any::<bool>(), upper in proptest::prelude::any::<bool>()) {
        let code_value = if as_string { serde_json::json!(code.to_string()) } else { serde_json::json!(code) };
        let key = if upper { "Code" } else { "code" };
        let body = serde_json::json!({ "ErrorInformation": { key: code_value, "message": "x" } });
        let info = ErrorInformation::parse(body.to_string().as_bytes()).unwrap();
        proptest::prop_assert_eq!(info.code, Some(code));
    }
}

#[test]
fn every_broker_refusal_has_an_entry_with_steps() {
    for refusal in fortnox_oauth::broker::Refusal::ALL {
        let code = super::classify_broker_refusal(refusal.code());
        let problem = render(code, "", &Context::default(), Lang::En);
        assert!(!problem.steps.is_empty(), "{refusal:?} → {code:?} explains nothing");
        assert_ne!(code, ErrorCode::Unknown, "{refusal:?}");
    }
    assert_eq!(super::classify_broker_refusal("something_new"), ErrorCode::BrokerMisconfigured);
}
