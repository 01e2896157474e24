//! Where the profile comes from: a CLI flag or environment variable, the
//! one the installer put beside the app, or the built-in sandbox profile.

use std::path::{Path, PathBuf};

/// Names another profile file (the CLI's `--profile` reads it too).
pub const PROFILE_ENV: &str = "FORTNOX_CONNECT_PROFILE";

/// The file name the installer uses.
pub const INSTALLED_PROFILE_NAME: &str = "profile.toml";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileSource {
    /// Named on the command line or in `FORTNOX_CONNECT_PROFILE`.
    Explicit(PathBuf),
    /// Installed beside the app by the vendor's installer.
    Installed(PathBuf),
    /// None given or installed: the built-in demo against the sandbox.
    BuiltinSandbox,
}

/// Places an installer may have put the vendor's profile, for an app at
/// `exe`: beside it (Windows, macOS bundles, portable) and in
/// `../share/fortnox-connect/` (the Debian package).
pub fn installed_candidates(exe: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(dir) = exe.parent() {
        out.push(dir.join(INSTALLED_PROFILE_NAME));
        if let Some(prefix) = dir.parent() {
            out.push(prefix.join("share").join("fortnox-connect").join(INSTALLED_PROFILE_NAME));
            // macOS: Contents/MacOS/app → Contents/Resources/profile.toml
            out.push(prefix.join("Resources").join(INSTALLED_PROFILE_NAME));
        }
    }
    out
}

/// Decides which profile to use. `explicit` is the flag's value; `env` the
/// environment variable's.
pub fn resolve(explicit: Option<PathBuf>, env: Option<String>, exe: Option<&Path>) -> ProfileSource {
    if let Some(path) = explicit {
        return ProfileSource::Explicit(path);
    }
    if let Some(path) = env.filter(|p| !p.trim().is_empty()) {
        return ProfileSource::Explicit(PathBuf::from(path));
    }
    if let Some(found) = exe.map(installed_candidates).unwrap_or_default().into_iter().find(|p| p.is_file()) {
        return ProfileSource::Installed(found);
    }
    ProfileSource::BuiltinSandbox
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_beats_environment_beats_installed() {
        let dir = std::env::temp_dir().join(format!("fc-locate-{}", std::process::id()));
        let bin = dir.join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        let exe = bin.join("app");
        let installed = bin.join(INSTALLED_PROFILE_NAME);
        std::fs::write(&installed, "x").unwrap();

        assert_eq!(
            resolve(Some("a.toml".into()), Some("b.toml".into()), Some(&exe)),
            ProfileSource::Explicit("a.toml".into())
        );
        assert_eq!(resolve(None, Some("b.toml".into()), Some(&exe)), ProfileSource::Explicit("b.toml".into()));
        assert_eq!(resolve(None, Some(" ".into()), Some(&exe)), ProfileSource::Installed(installed.clone()));
        std::fs::remove_file(&installed).unwrap();
        assert_eq!(resolve(None, None, Some(&exe)), ProfileSource::BuiltinSandbox);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_debian_layout_is_searched() {
        let candidates = installed_candidates(Path::new("/usr/bin/fortnox-connect-app"));
        assert!(candidates.contains(&PathBuf::from("/usr/share/fortnox-connect/profile.toml")));
    }
}
