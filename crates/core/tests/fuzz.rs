//! Whatever the token endpoint answers — random text, JSON of any shape,
//! any status — a refresh ends in a result or a catalogue error, never a
//! panic, and a refused answer never breaks the stored connection.

mod common;

use common::*;
use fortnox_core::AccountType;
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
                let result = service.refresh(&id).await;
                env.sandbox.clear_faults();
                if let Err(e) = &result {
                    // Explained by the catalogue, with short details.
                    assert!(e.details().len() < 2000);
                    let _ = problem(&env, e, fortnox_core::Lang::Sv);
                }
                // A refusal marks the connection; anything else leaves it
                // as it was. Either way the state file still parses.
                let connection = service.connection(&id).unwrap();
                if connection.state == fortnox_core::ConnectionState::NeedsReauthorization {
                    // Bring it back for the next case.
                    reauthorize(&env, &id, Scripted::approve(ADMIN)).await.unwrap();
                }
            });
            Ok(())
        })
        .unwrap();
}
