//! Whatever the token endpoint answers — random text, JSON of any shape,
//! any status — a refresh ends in a result or the catalogue error that
//! answer means (5xx: Fortnox unavailable; a 200 that is no token answer:
//! invalid response; a 4xx: Fortnox's error classified), never a panic.
//! Only a refusal marks the connection; every other answer keeps its
//! refresh token.

mod common;

use common::*;
use fortnox_core::catalogue::{TokenGrant, classify_token_error};
use fortnox_core::store::secrets::keys;
use fortnox_core::{AccountType, ConnectionState, ErrorCode};
use fortnox_sandbox::{Fault, FaultKind};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(serde_json::Value::from),
        "\\PC{0,40}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| prop::collection::vec(inner, 0..4).prop_map(serde_json::Value::from))
}

fn token_like_body() -> impl Strategy<Value = String> {
    let keys = prop::sample::select(vec![
        "access_token",
        "refresh_token",
        "expires_in",
        "token_type",
        "scope",
        "error",
        "error_description",
        "ErrorInformation",
    ]);
    prop_oneof![
        "\\PC{0,300}",
        prop::collection::btree_map(keys, json_value(), 0..7).prop_map(|m| serde_json::to_string(&m).unwrap()),
    ]
}

#[test]
fn any_token_endpoint_answer_is_handled() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (env, service, id) = runtime.block_on(async {
        let env = Env::direct().await;
        let (service, id) = connected_and_enabled(&env, AccountType::User).await;
        (env, service, id)
    });
    let mut runner = TestRunner::new(Config { cases: 64, ..Config::default() });
    let strategy = (token_like_body(), prop::sample::select(vec![200u16, 400, 401, 403, 500]));
    runner
        .run(&strategy, |(body, status)| {
            runtime.block_on(async {
                env.sandbox.add_fault(Fault {
                    kind: FaultKind::Body { status, content_type: "application/json".into(), body: body.clone() },
                    path_prefix: Some("/oauth-v1/token".into()),
                    times: None,
                });
                let before = env.secret(&keys::refresh_token(&id));
                let result = service.refresh(&id).await;
                env.sandbox.clear_faults();
                let after = env.secret(&keys::refresh_token(&id));
                let connection = service.connection(&id).unwrap();
                let refused = connection.state == ConnectionState::NeedsReauthorization;
                match (&result, status) {
                    (Ok(_), _) => {
                        // A new refresh token, when the answer had one, is
                        // stored; without one the old one is kept.
                        let sent = serde_json::from_str::<serde_json::Value>(&body)
                            .ok()
                            .and_then(|v| v["refresh_token"].as_str().map(str::to_string));
                        assert_eq!(after, sent.or(before.clone()), "{body}");
                    }
                    (Err(e), 500) => assert_eq!(e.code(), ErrorCode::FortnoxUnavailable, "{body}"),
                    (Err(e), 200) => assert_eq!(e.code(), ErrorCode::InvalidResponse, "{body}"),
                    (Err(e), _) => {
                        // Fortnox's own error and description, classified.
                        let value: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
                        let error =
                            value["error"].as_str().map(str::to_string).unwrap_or_else(|| format!("http_{status}"));
                        let expected =
                            classify_token_error(TokenGrant::RefreshToken, &error, value["error_description"].as_str());
                        assert_eq!(e.code(), expected, "{status} {body}");
                        assert_eq!(refused, expected == ErrorCode::RefreshTokenInvalid, "only a refusal marks it");
                    }
                }
                if let Err(e) = &result {
                    // Explained by the catalogue, with short details.
                    assert!(e.details().len() < 2000);
                    let _ = problem(&env, e, fortnox_core::Lang::Sv);
                    if !refused {
                        // Anything but a refusal keeps the refresh token
                        // and the connection as they were.
                        assert_eq!(after, before, "{status} {body}: the refresh token survives");
                        assert_eq!(connection.state, ConnectionState::Enabled);
                    }
                }
                if refused {
                    // Bring it back for the next case.
                    reauthorize(&env, &id, Scripted::approve(ADMIN)).await.unwrap();
                }
            });
            Ok(())
        })
        .unwrap();
}
