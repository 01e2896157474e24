//! A locked keyring is a clear error with a fix, and nothing falls back to
//! plaintext. Runs in a D-Bus session of its own (locking the shared test
//! keyring would disturb other tests).

mod common;

use std::process::Command;

use common::*;
use fortnox_core::secret::StoredSecret;
use fortnox_core::store::SecretStore;
use fortnox_core::{AccountType, ErrorCode};

const WORKER_ENV: &str = "FORTNOX_CORE_LOCKED_KEYRING_WORKER";

/// Worker: runs inside the private session, after the keyring was locked.
#[test]
fn locked_keyring_worker() {
    if std::env::var_os(WORKER_ENV).is_none() {
        return;
    }
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let store = fortnox_core::store::KeyringStore::new();
        match store.set("probe", &StoredSecret::new("value")) {
            Ok(()) => println!("RESULT write-allowed"),
            Err(e) => println!("RESULT write {}", e.code().as_str()),
        }
        let env = Env::new().await;
        let service = env.service();
        let err = service
            .connect(&Scripted::approve(ADMIN), request(&["invoices"], AccountType::User), &quiet())
            .await
            .unwrap_err();
        println!("RESULT connect {}", err.code().as_str());
        let logins = env.sandbox.requests().iter().filter(|r| r.path == "/oauth-v1/auth").count();
        println!("RESULT logins-opened {logins}");
        println!("RESULT live-approvals {}", env.sandbox.grants().iter().filter(|g| !g.revoked).count());
        let saved = fortnox_core::store::StateFile::new(&env.profile_dir()).load().map(|s| s.connections.len());
        println!("RESULT state-has-connection {}", saved.unwrap_or(0) > 0);
        let files: Vec<_> = walk(env.data.path());
        let leaked = files.iter().any(|f| std::fs::read_to_string(f).unwrap_or_default().contains("refresh"));
        println!("RESULT plaintext {leaked}");
        let _ = ErrorCode::KeyringLocked;
    });
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(walk(&path));
            } else {
                out.push(path);
            }
        }
    }
    out
}

#[test]
fn a_locked_keyring_is_a_clear_error_and_nothing_is_written_in_plaintext() {
    let script = r#"
set -e
# A daemon of its own: never the session's (found through these variables).
scratch="$(mktemp -d)"
export XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"; chmod 700 "$XDG_RUNTIME_DIR"
unset GNOME_KEYRING_CONTROL
eval "$(printf locked-test | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \
  org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/aliases/default >/dev/null
"$0" --exact locked_keyring_worker --nocapture --test-threads=1 --quiet
"#;
    // No display: the keyring would otherwise show its unlock prompt
    // (gcr-prompter) and wait for a person. Headless, unlocking fails, and
    // that failure is what is tested.
    let out = Command::new("dbus-run-session")
        .args(["--", "sh", "-c", script])
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .arg(std::env::current_exe().unwrap())
        .env(WORKER_ENV, "1")
        .output()
        .expect("dbus-run-session and gnome-keyring are installed (scripts/setup.sh)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("RESULT write keyring_locked"), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("RESULT connect keyring_locked"), "{stdout}");
    assert!(stdout.contains("RESULT logins-opened 0"), "checked before the login opens: {stdout}");
    assert!(stdout.contains("RESULT live-approvals 0"), "nothing left active at Fortnox: {stdout}");
    assert!(stdout.contains("RESULT state-has-connection false"), "{stdout}");
    assert!(stdout.contains("RESULT plaintext false"), "{stdout}");
}
