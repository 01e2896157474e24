//! Where things are: the workspace, the built binaries, the artifacts
//! folder the test run keeps.

use std::path::PathBuf;

pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ is in the workspace").to_path_buf()
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| workspace_root().join("target"))
}

/// A binary built by `cargo build` in the dev profile (or named by
/// `FORTNOX_CONNECT_<NAME>_BIN`).
pub fn built_binary(name: &str) -> PathBuf {
    let env = format!("FORTNOX_CONNECT_{}_BIN", name.to_uppercase().replace('-', "_"));
    if let Some(path) = std::env::var_os(&env) {
        return PathBuf::from(path);
    }
    let path = target_dir().join("debug").join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.is_file(),
        "{} is not built: run `cargo build --workspace --bins` first (or use scripts/test.sh)",
        path.display()
    );
    path
}

/// Screenshots and logs of this run: `artifacts/e2e/` unless
/// `FORTNOX_CONNECT_ARTIFACTS` says otherwise.
pub fn artifacts_dir() -> PathBuf {
    let dir = std::env::var_os("FORTNOX_CONNECT_ARTIFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("artifacts").join("e2e"));
    std::fs::create_dir_all(&dir).expect("artifacts dir can be created");
    dir
}
