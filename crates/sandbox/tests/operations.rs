//! Fault injection, the request log, the control API, no open relay, and
//! the `fortnox-sandbox` binary.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use fortnox_sandbox::{Fault, FaultKind, Faults};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn injected_server_errors_hit_matching_requests_a_given_number_of_times() {
    let h = start().await;
    h.sandbox.add_fault(Fault {
        kind: FaultKind::Status { status: 503 },
        path_prefix: Some("/oauth-v1/token".into()),
        times: Some(2),
    });
    let code = h.code_for(Authorize::default().login_as(BERGSTROM_ADMIN, "approve")).await;
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", fortnox_sandbox::seed::DEMO_EMBEDDED_REDIRECT),
    ];
    for _ in 0..2 {
        let response = h.http.post(h.sandbox.url("/oauth-v1/token")).form(&form).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    }
    assert_eq!(h.token(&form).await.0, StatusCode::OK, "the code was not consumed by the faults");
    let notes: Vec<_> = h.sandbox.requests().into_iter().filter_map(|r| r.note).collect();
    assert_eq!(notes, ["fault:status:503", "fault:status:503"]);
}

#[tokio::test]
async fn dropped_connections_fail_the_client_mid_response() {
    let h = start().await;
    h.sandbox.add_fault(Fault { kind: FaultKind::Drop, path_prefix: Some("/3/".into()), times: Some(1) });
    let token = h.connect(Authorize::default().login_as(BERGSTROM_ADMIN, "approve")).await["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let result = async {
        let response = h.http.get(h.sandbox.url("/3/companyinformation")).bearer_auth(&token).send().await?;
        response.bytes().await
    }
    .await;
    assert!(result.is_err(), "the body never arrives");
    assert_eq!(h.api(&token, "companyinformation").await.0, StatusCode::OK);
}

#[tokio::test]
async fn latency_and_hangs_delay_answers() {
    let h = start().await;
    h.sandbox.update_faults(|f| f.latency_ms = 300);
    let started = Instant::now();
    h.get(h.sandbox.url("/oauth-v1/auth?client_id=x")).await;
    assert!(started.elapsed() >= Duration::from_millis(300));

    h.sandbox.clear_faults();
    h.sandbox.add_fault(Fault {
        kind: FaultKind::Hang { secs: 30 },
        path_prefix: Some("/oauth-v1/token".into()),
        times: Some(1),
    });
    let result = h.http.post(h.sandbox.url("/oauth-v1/token")).timeout(Duration::from_millis(500)).send().await;
    assert!(result.unwrap_err().is_timeout());
}

#[tokio::test]
async fn rate_limit_storms_answer_429() {
    let h = start().await;
    h.sandbox.add_fault(Fault { kind: FaultKind::RateLimited, path_prefix: None, times: Some(3) });
    for _ in 0..3 {
        assert_eq!(h.get(h.sandbox.url("/3/me")).await.status(), StatusCode::TOO_MANY_REQUESTS);
    }
    assert_eq!(h.get(h.sandbox.url("/3/me")).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_request_log_masks_every_secret() {
    let h = start().await;
    let tokens = h.connect(Authorize::default().login_as(BERGSTROM_ADMIN, "approve")).await;
    let refresh = tokens["refresh_token"].as_str().unwrap();
    h.token(&[("grant_type", "refresh_token"), ("refresh_token", refresh)]).await;
    h.api(tokens["access_token"].as_str().unwrap(), "companyinformation").await;

    let log = serde_json::to_string(&h.sandbox.requests()).unwrap();
    assert!(!log.contains(refresh));
    assert!(!log.contains(tokens["access_token"].as_str().unwrap()));
    assert!(!log.contains(fortnox_sandbox::seed::DEMO_CLIENT_SECRET));
    assert!(!log.contains("\"sandbox\""), "passwords are masked");
    let refreshes = h.sandbox.token_requests("refresh_token");
    assert_eq!(refreshes.len(), 1);
    assert_eq!(refreshes[0].form["refresh_token"], "***");
    assert_eq!(refreshes[0].headers["authorization"], "Basic ***");
    let authorize = h.sandbox.requests().into_iter().find(|r| r.path == "/oauth-v1/auth").unwrap();
    assert_eq!(authorize.query["state"], "state-123");
    assert_eq!(authorize.query["sandbox_password"], "***");
}

#[tokio::test]
async fn the_control_api_drives_faults_clock_and_grants_over_http() {
    let h = start().await;
    let tokens = h.connect(Authorize::default().login_as(BERGSTROM_ADMIN, "approve")).await;
    let access = tokens["access_token"].as_str().unwrap();

    let faults = Faults {
        rules: vec![Fault { kind: FaultKind::Status { status: 502 }, path_prefix: Some("/3/".into()), times: Some(1) }],
        ..Faults::default()
    };
    let response = h.http.put(h.sandbox.url("/sandbox/faults")).json(&faults).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(h.api(access, "companyinformation").await.0, StatusCode::BAD_GATEWAY);

    let response =
        h.http.post(h.sandbox.url(&format!("/sandbox/tenants/{BERGSTROM_TENANT}/expire-access"))).send().await.unwrap();
    assert_eq!(response.json::<serde_json::Value>().await.unwrap()["affected"], 1);
    assert_eq!(h.api(access, "companyinformation").await.0, StatusCode::UNAUTHORIZED);

    let (status, _) =
        h.token(&[("grant_type", "refresh_token"), ("refresh_token", tokens["refresh_token"].as_str().unwrap())]).await;
    assert_eq!(status, StatusCode::OK, "refresh still works after the access token expired");

    h.http.post(h.sandbox.url(&format!("/sandbox/tenants/{BERGSTROM_TENANT}/revoke"))).send().await.unwrap();
    let grants: serde_json::Value = h.get(h.sandbox.url("/sandbox/grants")).await.json().await.unwrap();
    assert!(grants.as_array().unwrap().iter().all(|g| g["revoked"] == true));

    let clock: serde_json::Value = h
        .http
        .post(h.sandbox.url("/sandbox/clock"))
        .json(&json!({ "advance_secs": 60 }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(clock["offset_secs"], 60);
    let log: serde_json::Value = h.get(h.sandbox.url("/sandbox/requests")).await.json().await.unwrap();
    assert!(log.as_array().unwrap().iter().all(|r| !r["path"].as_str().unwrap().starts_with("/sandbox/")));
}

#[tokio::test]
async fn there_is_no_open_relay_a_client_secret_is_always_needed() {
    // The sandbox once played a token broker that added the client secret
    // to any request; the real broker (crates/broker) replaced it.
    let h = start().await;
    let code = h.code_for(Authorize::default().login_as(BERGSTROM_ADMIN, "approve")).await;
    for path in ["/broker/token", "/broker/revoke"] {
        let response = h
            .http
            .post(h.sandbox.url(path))
            .form(&[("grant_type", "authorization_code"), ("code", code.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let response = h
        .http
        .post(h.sandbox.url("/oauth-v1/token"))
        .header("TenantId", "1406221")
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST, "no credentials, no token");
}

#[test]
fn the_binary_prints_its_base_url_and_serves() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fortnox-sandbox"))
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let base = url::Url::parse(line.trim()).unwrap();
    assert_eq!(base.host_str(), Some("127.0.0.1"));
    let mut stream = std::net::TcpStream::connect((base.host_str().unwrap(), base.port().unwrap())).unwrap();
    use std::io::{Read, Write};
    write!(stream, "GET /oauth-v1/auth HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    child.kill().unwrap();
    child.wait().unwrap();

    let out = Command::new(env!("CARGO_BIN_EXE_fortnox-sandbox")).arg("--print-config").output().unwrap();
    let config = fortnox_sandbox::SandboxConfig::from_toml_str(&String::from_utf8(out.stdout).unwrap()).unwrap();
    assert!(config.app(fortnox_sandbox::seed::DEMO_CLIENT_ID).is_some());
}

#[tokio::test]
async fn a_persistent_sandbox_keeps_grants_across_restarts_and_stores_only_hashes() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let sandbox =
        fortnox_sandbox::Sandbox::start_persistent(fortnox_sandbox::SandboxConfig::default(), addr, state.clone())
            .await
            .unwrap();
    let h = Harness {
        sandbox,
        http: reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap(),
    };
    let tokens = h.connect(Authorize::default().login_as(BERGSTROM_ADMIN, "approve")).await;
    let refresh = tokens["refresh_token"].as_str().unwrap().to_string();
    let access = tokens["access_token"].as_str().unwrap().to_string();
    h.sandbox.stop().await;

    let text = std::fs::read_to_string(&state).unwrap();
    assert!(!text.contains(&refresh) && !text.contains(&access), "only hashes at rest");
    let jti = fortnox_sandbox::jwt::decode(&access).unwrap().jti;
    assert!(!text.contains(&jti));

    let sandbox =
        fortnox_sandbox::Sandbox::start_persistent(fortnox_sandbox::SandboxConfig::default(), addr, state.clone())
            .await
            .unwrap();
    let h = Harness { sandbox, http: h.http };
    assert_eq!(h.api(&access, "companyinformation").await.0, StatusCode::OK, "the access token survived");
    let (status, _) = h.token(&[("grant_type", "refresh_token"), ("refresh_token", &refresh)]).await;
    assert_eq!(status, StatusCode::OK, "the refresh token survived");
    let (status, _) = h.token(&[("grant_type", "refresh_token"), ("refresh_token", &refresh)]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "and is still single use");
}
