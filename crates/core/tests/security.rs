//! Findings of the security review, each with the test that failed before
//! the fix (docs/security.md): connections tied to their profile, a save
//! that fails after the exchange revokes, private files, bounded texts
//! from Fortnox, and activity entries that survive concurrent writers.

mod common;

use std::sync::Arc;

use common::*;
use fortnox_core::connection::{ActivityEvent, ActivityKind, ActivityLog};
use fortnox_core::secret::StoredSecret;
use fortnox_core::store::SecretStore;
use fortnox_core::store::secrets::keys;
use fortnox_core::{AccountType, ErrorCode, FortnoxConnect};
use fortnox_sandbox::{Fault, FaultKind};

#[tokio::test]
async fn a_connection_is_never_used_with_another_profile() {
    let a = Env::direct().await;
    let (service_a, id) = connected_and_enabled(&a, AccountType::User).await;
    // Profile B: another Fortnox (issuer), the same data directory.
    let b = Env::direct().await;
    let service_b = FortnoxConnect::new(b.profile.clone(), a.data.path(), b.secrets.clone()).with_backoff(fast());
    assert!(service_b.connections().unwrap().is_empty(), "each profile has its own namespace");
    assert_eq!(service_b.access_token(&id).await.unwrap_err().code(), ErrorCode::ConnectionNotFound);

    // Even when A's connection is planted in B's state, B refuses it.
    let b_dir = fortnox_core::paths::profile_dir(a.data.path(), &b.profile);
    std::fs::create_dir_all(b_dir.join("connections")).unwrap();
    let file = format!("connections/{id}.json");
    std::fs::copy(a.profile_dir().join(&file), b_dir.join(&file)).unwrap();
    assert!(service_b.connections().unwrap().is_empty(), "a planted connection is not listed");
    for err in [
        service_b.access_token(&id).await.unwrap_err(),
        service_b.refresh(&id).await.unwrap_err(),
        service_b.remove(&id, true).await.unwrap_err(),
    ] {
        assert_eq!(err.code(), ErrorCode::ConnectionOfAnotherProfile, "{err}");
    }
    assert!(
        b.sandbox.requests().iter().all(|r| !r.path.starts_with("/oauth-v1/")),
        "nothing of A's reached B's Fortnox"
    );
    a.advance(3600);
    assert!(service_a.access_token(&id).await.unwrap().renewed, "A's connection still works");
}

/// The real keyring, except that entries ending in `fail_suffix` cannot be
/// written (a keyring that locks during the login).
struct FailingWrites {
    inner: Arc<RecordingKeyring>,
    fail_suffix: &'static str,
}

impl SecretStore for FailingWrites {
    fn get(&self, key: &str) -> fortnox_core::Result<Option<StoredSecret>> {
        self.inner.get(key)
    }

    fn set(&self, key: &str, value: &StoredSecret) -> fortnox_core::Result<()> {
        if key.ends_with(self.fail_suffix) {
            return Err(fortnox_core::Error::KeyringLocked("locked during the login (test)".into()));
        }
        self.inner.set(key, value)
    }

    fn delete(&self, key: &str) -> fortnox_core::Result<()> {
        self.inner.delete(key)
    }
}

async fn save_fails_after_the_exchange(env: Env, fail_suffix: &'static str) {
    let store = Arc::new(FailingWrites { inner: env.secrets.clone(), fail_suffix });
    let service = FortnoxConnect::new(env.profile.clone(), env.data.path(), store).with_backoff(fast());
    let err = fails_after_the_exchange_keeping_nothing(&env, &service).await;
    assert_eq!(err.code(), ErrorCode::KeyringLocked);
    assert!(err.to_string().contains("revoked at Fortnox"), "says so: {err}");
    assert!(service.connections().unwrap().is_empty());
}

#[tokio::test]
async fn a_save_that_fails_after_the_exchange_revokes_the_approval() {
    save_fails_after_the_exchange(Env::direct().await, "/refresh-token").await;
}

#[tokio::test]
async fn a_save_that_fails_after_the_refresh_token_was_written_deletes_it_and_revokes() {
    save_fails_after_the_exchange(Env::direct().await, "/access-token").await;
}

#[tokio::test]
async fn through_the_broker_a_save_that_fails_after_the_exchange_revokes_the_approval() {
    save_fails_after_the_exchange(Env::new().await, "/access-token").await;
}

#[cfg(unix)]
#[tokio::test]
async fn every_file_is_private_to_this_user() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::direct().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    service.disable(&id).await.unwrap();
    service.export_diagnostics(&env.profile_dir().join("support.zip"), "test").unwrap();
    let mut seen = 0;
    let mut stack = vec![env.profile_dir()];
    while let Some(dir) = stack.pop() {
        assert_eq!(std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700, "{}", dir.display());
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                seen += 1;
                let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
                assert_eq!(mode, 0o600, "{}", path.display());
            }
        }
    }
    assert!(seen >= 4, "state, activity, locks and the bundle were checked ({seen} files)");
}

#[tokio::test]
async fn a_huge_error_text_from_fortnox_is_cut_before_it_is_kept_or_shown() {
    let env = Env::direct().await;
    let (service, id) = connected_and_enabled(&env, AccountType::User).await;
    let huge = "å".repeat(500_000);
    env.sandbox.add_fault(Fault {
        kind: FaultKind::Body {
            status: 400,
            content_type: "application/json".into(),
            body: serde_json::json!({ "error": "server_error", "error_description": huge }).to_string(),
        },
        path_prefix: Some("/oauth-v1/token".into()),
        times: Some(1),
    });
    env.advance(3600);
    let err = service.access_token(&id).await.unwrap_err();
    assert!(err.to_string().chars().count() < 1_000, "the error is bounded");
    let state = std::fs::read_to_string(env.profile_dir().join(format!("connections/{id}.json"))).unwrap();
    assert!(state.len() < 20_000, "the connection's file stays small ({} bytes)", state.len());
    let activity = std::fs::read_to_string(env.profile_dir().join("activity").join(format!("{id}.jsonl"))).unwrap();
    assert!(activity.lines().all(|l| l.len() < 2_000), "every activity line is bounded");
    let problem = problem(&env, &err, fortnox_core::Lang::En);
    assert!(problem.details.chars().count() < 1_000);
}

#[test]
fn concurrent_writers_lose_no_activity_entries() {
    let dir = tempfile::tempdir().unwrap();
    let writers: Vec<_> = (0..2)
        .map(|writer| {
            let path = dir.path().to_path_buf();
            std::thread::spawn(move || {
                // A log per writer, like two processes would have.
                let log = ActivityLog::new(&path);
                for i in 0..700 {
                    let event = ActivityEvent {
                        at: time::OffsetDateTime::UNIX_EPOCH,
                        kind: ActivityKind::Refreshed,
                        code: None,
                        details: Some(format!("writer {writer} event {i}")),
                        options: vec![],
                    };
                    log.append("c1", &event).unwrap();
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }
    let messages: Vec<String> = ActivityLog::new(dir.path()).read("c1").into_iter().filter_map(|e| e.details).collect();
    for writer in 0..2 {
        for i in 650..700 {
            let wanted = format!("writer {writer} event {i}");
            assert!(messages.contains(&wanted), "lost: {wanted}");
        }
    }
}

// --- this computer's credential at the vendor's broker (docs/security.md) ---

/// A server that plays a broker for another profile and keeps every
/// `Authorization` header it is sent; it enrolls anyone and refuses every
/// other call as `invalid_installation`.
async fn impostor_broker() -> (url::Url, Arc<std::sync::Mutex<Vec<String>>>) {
    use axum::http::{HeaderMap, StatusCode};
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let record = seen.clone();
    let app = axum::Router::new().fallback(move |uri: axum::http::Uri, headers: HeaderMap| {
        let record = record.clone();
        async move {
            if let Some(auth) = headers.get("authorization").and_then(|v| v.to_str().ok()) {
                record.lock().unwrap().push(auth.to_string());
            }
            if uri.path() == "/installations" {
                let body =
                    serde_json::json!({"installation_id": "inst_impostor", "installation_secret": "s", "protocol": 2});
                return (StatusCode::CREATED, axum::Json(body));
            }
            let body = serde_json::json!({"error": "invalid_installation"});
            (StatusCode::UNAUTHORIZED, axum::Json(body))
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = url::Url::parse(&format!("http://{}/", listener.local_addr().unwrap())).unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

#[tokio::test]
async fn the_broker_credential_goes_to_its_own_broker_only_and_another_cannot_delete_it() {
    let env = Env::new().await;
    let (_service, _) = connected_and_enabled(&env, AccountType::User).await;
    let real = keys::installation(env.broker.as_ref().unwrap().base_url());
    let credential = env.secret(&real).expect("the real credential");
    let (id, secret) = credential.split_once('\t').unwrap();

    // A second profile, same Fortnox app and issuer, another broker.
    let (impostor, seen) = impostor_broker().await;
    let mut profile = env.profile.clone();
    profile.token_auth = fortnox_core::profile::TokenAuth::Broker { url: impostor.clone() };
    let other = FortnoxConnect::new(profile, env.data.path(), env.secrets.clone()).with_backoff(fast());
    let err = other.connect(&Scripted::approve(ADMIN), request(&["invoices"], AccountType::User), &quiet()).await;
    assert!(err.is_err(), "the impostor refuses everything");

    use base64::Engine;
    let sent: Vec<String> = seen.lock().unwrap().clone();
    let leaked = sent.iter().any(|auth| {
        let decoded = auth
            .strip_prefix("Basic ")
            .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        decoded.contains(id) || decoded.contains(secret)
    });
    assert!(!sent.is_empty(), "the impostor was asked, with its own credential");
    assert!(!leaked, "the real installation's id or secret reached the impostor: {sent:?}");
    assert_eq!(env.secret(&real).as_deref(), Some(credential.as_str()), "its refusal deleted nothing of the real one");
}

#[tokio::test]
async fn an_earlier_versions_credential_moves_to_the_installed_profiles_broker() {
    let env = Env::new().await;
    env.secrets.set(keys::LEGACY_INSTALLATION, &StoredSecret::new("inst_old\tsecret")).unwrap();
    let service = env.service();
    service.adopt_legacy_installation();
    let bound = keys::installation(env.broker.as_ref().unwrap().base_url());
    assert_eq!(env.secret(&bound).as_deref(), Some("inst_old\tsecret"));
    assert_eq!(env.secret(keys::LEGACY_INSTALLATION), None, "no longer where any profile would find it");
}
