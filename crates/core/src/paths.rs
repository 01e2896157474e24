//! The per-user data directory, shared by the desktop app and the CLI.

use std::path::PathBuf;

/// Overrides the data directory (the CLI's `--data-dir` reads it too).
pub const DATA_DIR_ENV: &str = "FORTNOX_CONNECT_DATA_DIR";

const APP_DIR_NAME: &str = "fortnox-connect";

/// `explicit`, else `FORTNOX_CONNECT_DATA_DIR`, else the OS's per-user
/// data directory: `~/.local/share/fortnox-connect` on Linux,
/// `%LOCALAPPDATA%\fortnox-connect` on Windows.
pub fn data_dir(explicit: Option<PathBuf>) -> Option<PathBuf> {
    explicit
        .or_else(|| std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()).map(PathBuf::from))
        .or_else(|| os_data_dir().map(|d| d.join(APP_DIR_NAME)))
}

/// On Windows the local, not the roaming, application data: the secrets
/// are in this computer's Credential Manager and the file locks guard
/// this computer's processes, so a roaming profile must not carry the
/// connections to another computer.
fn os_data_dir() -> Option<PathBuf> {
    if cfg!(windows) { dirs::data_local_dir() } else { dirs::data_dir() }
}

/// A profile's own folder under the data directory (one per issuer and
/// client id).
pub fn profile_dir(data_root: &std::path::Path, profile: &crate::profile::Profile) -> PathBuf {
    data_root.join("profiles").join(profile.namespace())
}
