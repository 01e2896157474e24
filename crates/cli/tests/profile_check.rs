//! `profile check` runs the real binary.

use std::process::Command;

fn cli() -> Command {
    Command::new(env!("CARGO_BIN_EXE_fortnox-connect"))
}

#[test]
fn a_valid_profile_prints_scopes_per_option() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("profile.toml");
    std::fs::write(
        &path,
        r#"
name = "Acme Sync"
vendor = "Acme AB"
client_id = "abc123"
[redirect]
embedded = "https://acme.example/fortnox/callback"
[token_auth]
client_secret_env = "ACME_SECRET"
[[options]]
id = "invoices"
scopes = ["invoice", "customer"]
default = true
label = { sv = "Fakturor", en = "Invoices" }
"#,
    )
    .unwrap();
    let out = cli().args(["profile", "check"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("invoices (default): companyinformation invoice customer"), "{text}");

    let out = cli().args(["--json", "profile", "check"]).arg(&path).output().unwrap();
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["valid"], true);
    assert_eq!(value["options"][0]["scopes"][2], "customer");
}

#[test]
fn an_invalid_profile_names_the_field_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("profile.toml");
    std::fs::write(&path, "name = \"x\"\nvendor = \"y\"\n").unwrap();
    let out = cli().args(["profile", "check"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("client_id"), "{err}");
}
