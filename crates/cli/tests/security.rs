//! The CLI side of the security review (docs/security.md): a connection
//! is never used with another profile, even on a shared data directory,
//! and a stuck holder of a connection's lock makes `token` fail clearly
//! instead of hanging.

mod common;

use common::*;
use fortnox_core::store::SecretStore;
use fortnox_core::store::secrets::keys;

async fn output(mut command: std::process::Command) -> std::process::Output {
    tokio::task::spawn_blocking(move || command.output().unwrap()).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_profile_on_the_same_data_directory_never_sees_nor_spends_a_connection() {
    // The finding, reproduced: connect with profile A, then run token and
    // refresh with profile B (another Fortnox) on the same data directory.
    let a = Cli::direct().await;
    let (code, lines) = a.connect(ADMIN, None, &["--account", "user", "--enable"]).await;
    assert_eq!(code, 0, "{lines:?}");
    let id = lines.last().unwrap()["connection"]["id"].as_str().unwrap().to_string();
    let b = Cli::direct().await;
    for args in [vec!["--json", "token", id.as_str()], vec!["--json", "refresh", id.as_str()]] {
        let out = output(b.command_in(&a.data_dir(), &args)).await;
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stdout(&out));
        assert_eq!(json(&out)["error"]["code"], "connection_not_found");
    }
    let listed = output(b.command_in(&a.data_dir(), &["--json", "status"])).await;
    assert_eq!(json(&listed), serde_json::json!([]), "B lists none of A's connections");
    assert!(
        b.sandbox.requests().iter().all(|r| r.path != "/oauth-v1/token"),
        "A's refresh token never reached B's Fortnox"
    );
    // A is untouched.
    assert_eq!(a.run(&["token", &id]).await.status.code(), Some(0));
    assert!(a.sandbox.grants().iter().all(|g| !g.revoked));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_fails_clearly_when_another_program_holds_the_connection() {
    let cli = Cli::direct().await;
    let (code, lines) = cli.connect(ADMIN, None, &["--account", "user", "--enable"]).await;
    assert_eq!(code, 0, "{lines:?}");
    let id = lines.last().unwrap()["connection"]["id"].as_str().unwrap().to_string();
    // The cached token is stale, so `token` must renew, and another
    // program (stuck on a keyring prompt, say) holds the renewal lock.
    cli.keyring().delete(&keys::access_token(&id)).unwrap();
    let profile = fortnox_core::profile::Profile::load(&cli.profile).unwrap();
    let lock =
        fortnox_core::paths::profile_dir(&cli.data_dir(), &profile).join("locks").join(format!("{id}.refresh.lock"));
    let _held = fortnox_core::store::lock::FileLock::acquire_blocking(&lock).unwrap();
    let out = cli.run(&["--lang", "en", "--lock-wait", "1", "--json", "token", &id]).await;
    assert_eq!(out.status.code(), Some(4), "transient: {}", stdout(&out));
    let error = &json(&out)["error"];
    assert_eq!(error["code"], "connection_busy");
    assert!(error["details"].as_str().unwrap().contains("token renewal"), "names what is held: {error}");
    assert!(cli.sandbox.token_requests("refresh_token").is_empty());
}
