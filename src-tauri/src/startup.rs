//! Everything decided once at start: which profile, which data directory,
//! which language, and (for the built-in profile) the in-process sandbox.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use clap::Parser;
use fortnox_core::profile::locate::{self, ProfileSource};
use fortnox_core::profile::{Profile, builtin_sandbox_profile};
use fortnox_core::{Lang, paths};
use fortnox_sandbox::{Sandbox, SandboxConfig, discovery};

/// Fortnox Connect: connects Fortnox to an integration.
#[derive(Parser, Debug)]
#[command(name = "fortnox-connect-app", version)]
struct Args {
    /// The vendor's integration profile (default: the installed one, else
    /// the built-in demo against the sandbox).
    #[arg(long, env = locate::PROFILE_ENV)]
    profile: Option<PathBuf>,
    /// Where connections and settings are kept.
    #[arg(long, env = paths::DATA_DIR_ENV)]
    data_dir: Option<PathBuf>,
    /// Interface language: sv or en (default: the last chosen, else the
    /// system's).
    #[arg(long, env = "FORTNOX_CONNECT_LANG")]
    lang: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Profile(#[from] fortnox_core::Error),
    #[error("cannot start the built-in Fortnox sandbox: {0}")]
    Sandbox(std::io::Error),
    #[error("no per-user data directory is known on this system; pass --data-dir")]
    NoDataDir,
}

pub struct AppContext {
    pub profile: Profile,
    pub profile_path: Option<PathBuf>,
    pub data_dir: PathBuf,
    /// From `--lang`; else the saved choice or the system's decides.
    pub lang_arg: Option<Lang>,
    /// Kept alive for the app's lifetime when the built-in profile is used.
    pub sandbox: Option<Sandbox>,
}

impl AppContext {
    pub fn from_environment() -> Result<AppContext, StartupError> {
        let args = Args::parse();
        let data_dir = paths::data_dir(args.data_dir).ok_or(StartupError::NoDataDir)?;
        let exe = std::env::current_exe().ok();
        let source = locate::resolve(args.profile, None, exe.as_deref());
        let (profile, profile_path, sandbox) = match source {
            ProfileSource::Explicit(path) | ProfileSource::Installed(path) => (Profile::load(&path)?, Some(path), None),
            ProfileSource::BuiltinSandbox => {
                let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
                let sandbox = tauri::async_runtime::block_on(Sandbox::start_persistent(
                    SandboxConfig::default(),
                    addr,
                    discovery::state_path(&data_dir),
                ))
                .map_err(StartupError::Sandbox)?;
                // The CLI uses this sandbox while the app runs.
                if let Err(e) = discovery::announce(&data_dir, sandbox.base_url()) {
                    tracing::warn!(error = %e, "could not announce the sandbox to the CLI");
                }
                let profile = builtin_sandbox_profile(sandbox.base_url())?;
                tracing::info!(url = %sandbox.base_url(), "built-in Fortnox sandbox started");
                (profile, None, Some(sandbox))
            }
        };
        Ok(AppContext {
            profile,
            profile_path,
            data_dir,
            lang_arg: args.lang.as_deref().and_then(Lang::parse),
            sandbox,
        })
    }
}

pub fn system_lang() -> Lang {
    Lang::from_locale(&sys_locale::get_locale().unwrap_or_default())
}

pub fn init_tracing() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .try_init();
}

/// The app cannot start: say why on stderr (no window exists yet).
pub fn report_fatal(err: &dyn std::fmt::Display) {
    eprintln!("Fortnox Connect cannot start: {err}");
}

/// A previous instance killed a moment ago can still own the
/// single-instance name on D-Bus; handing our arguments to it then fails
/// with "recipient disconnected". Starting over once, as a fresh process,
/// finds the name free. Returns only if no restart was attempted or it
/// failed.
pub fn restart_if_previous_instance_just_died(err: &tauri::Error) {
    const RESTARTED: &str = "FORTNOX_CONNECT_RESTARTED";
    if !is_previous_instance_gone(err) || std::env::var_os(RESTARTED).is_some() {
        return;
    }
    tracing::warn!("the previous instance just ended; starting again");
    std::thread::sleep(std::time::Duration::from_millis(500));
    #[cfg(unix)]
    if let Ok(exe) = std::env::current_exe() {
        use std::os::unix::process::CommandExt;
        let error = std::process::Command::new(exe).args(std::env::args_os().skip(1)).env(RESTARTED, "1").exec();
        tracing::warn!(%error, "could not start again");
    }
}

/// The single-instance plugin found a running instance but could not hand
/// it our arguments (its D-Bus name outlived the process).
fn is_previous_instance_gone(err: &tauri::Error) -> bool {
    matches!(err, tauri::Error::PluginInitialization(plugin, message)
        if plugin == "single-instance" && message.contains("forward arguments to the running instance"))
}

#[cfg(test)]
mod tests {
    use super::is_previous_instance_gone;

    #[test]
    fn only_a_failed_hand_over_to_a_vanished_instance_restarts() {
        let gone = tauri::Error::PluginInitialization(
            "single-instance".into(),
            "failed to forward arguments to the running instance: org.freedesktop.DBus.Error.NoReply".into(),
        );
        assert!(is_previous_instance_gone(&gone));
        let other_plugin = tauri::Error::PluginInitialization(
            "opener".into(),
            "failed to forward arguments to the running instance".into(),
        );
        assert!(!is_previous_instance_gone(&other_plugin));
        let other_failure = tauri::Error::PluginInitialization("single-instance".into(), "no session bus".into());
        assert!(!is_previous_instance_gone(&other_failure));
    }
}
