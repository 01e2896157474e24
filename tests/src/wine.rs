//! The Windows build under Wine: its programs, paths as Windows sees
//! them, and the prefix's registry (where Wine keeps Credential Manager's
//! entries). scripts/test.sh builds the programs (their folder in
//! `FORTNOX_CONNECT_WINDOWS_BIN`), makes the prefix (`WINEPREFIX`) and
//! runs the tests that use this one at a time.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Wine's 64-bit loader on Debian.
const WINE: &str = "/usr/lib/wine/wine64";

/// Where Wine keeps Credential Manager's entries, one key per credential
/// (`Generic: <target>`); `reg query` prints it with the long root name.
const CREDENTIALS_KEY: &str = r"HKCU\Software\Wine\Credential Manager";
const CREDENTIALS_KEY_LONG: &str = r"HKEY_CURRENT_USER\Software\Wine\Credential Manager";

pub struct Wine {
    pub prefix: PathBuf,
    pub bin: PathBuf,
}

impl Wine {
    /// The prefix and programs scripts/test.sh prepared.
    pub fn from_env() -> Wine {
        let var = |name: &str| {
            std::env::var_os(name)
                .map(PathBuf::from)
                .unwrap_or_else(|| panic!("{name} is not set: run the Windows tests through scripts/test.sh"))
        };
        Wine { prefix: var("WINEPREFIX"), bin: var("FORTNOX_CONNECT_WINDOWS_BIN") }
    }

    /// A program of the Windows build (`fortnox-connect`,
    /// `fortnox-connect-app`) to run under Wine.
    pub fn program(&self, name: &str) -> Command {
        let exe = self.bin.join(format!("{name}.exe"));
        assert!(exe.is_file(), "{} is not built", exe.display());
        let mut command = Command::new(WINE);
        command
            .arg(exe)
            .env("WINEPREFIX", &self.prefix)
            .env("WINEDEBUG", "-all")
            .env_remove("FORTNOX_CONNECT_PROFILE")
            .env_remove("FORTNOX_CONNECT_DATA_DIR");
        command
    }

    /// A `reg.exe` command in the prefix.
    pub fn reg(&self, args: &[&str]) -> std::process::Output {
        Command::new(WINE)
            .arg("reg")
            .args(args)
            .env("WINEPREFIX", &self.prefix)
            .env("WINEDEBUG", "-all")
            .output()
            .expect("reg runs")
    }

    /// `C:\…` for a path inside the prefix's drive C, `Z:\…` (Wine's view
    /// of the Linux root) for any other.
    pub fn windows_path(&self, path: &Path) -> String {
        let drive_c = self.prefix.join("drive_c");
        let (drive, rest) = match path.strip_prefix(&drive_c) {
            Ok(rest) => ("C:", rest.to_path_buf()),
            Err(_) => ("Z:", path.to_path_buf()),
        };
        let rest = rest.to_string_lossy().replace('/', "\\");
        format!("{drive}\\{}", rest.trim_start_matches('\\'))
    }

    /// A user's folder under `C:\users` (made if missing): `Åsa Öberg`
    /// has a space and letters outside ASCII, as many Swedish names do.
    pub fn user_home(&self, user: &str) -> PathBuf {
        let dir = self.prefix.join("drive_c").join("users").join(user);
        std::fs::create_dir_all(&dir).expect("user folder");
        dir
    }

    /// The names (targets) of the generic credentials in Credential
    /// Manager whose target contains `part`.
    pub fn credentials(&self, part: &str) -> Vec<String> {
        let out = self.reg(&["query", CREDENTIALS_KEY]);
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|line| {
                line.trim().strip_prefix(&format!("{CREDENTIALS_KEY_LONG}\\Generic: ")).map(String::from)
            })
            .filter(|target| target.contains(part))
            .collect()
    }

    /// Deletes one credential behind the program's back.
    pub fn delete_credential(&self, target: &str) {
        let out = self.reg(&["delete", &format!("{CREDENTIALS_KEY}\\Generic: {target}"), "/f"]);
        assert!(out.status.success(), "reg delete {target}: {}", String::from_utf8_lossy(&out.stderr));
    }
}
