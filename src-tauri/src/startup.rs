//! Everything decided once at start: which profile, which data directory,
//! which language, and (for the built-in profile) the in-process sandbox.

use std::path::PathBuf;

use clap::Parser;
use fortnox_core::profile::Profile;
use fortnox_core::profile::locate::{self, ProfileSource};
use fortnox_core::{Lang, paths};
#[cfg(feature = "demo")]
use fortnox_demo::Demo;

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
    #[cfg(feature = "demo")]
    #[error(transparent)]
    Demo(#[from] fortnox_demo::DemoError),
    #[cfg(not(feature = "demo"))]
    #[error("no integration profile is installed; pass --profile (this build has no built-in demo)")]
    NoProfile,
    #[error("no per-user data directory is known on this system; pass --data-dir")]
    NoDataDir,
}

pub struct AppContext {
    pub profile: Profile,
    pub profile_path: Option<PathBuf>,
    pub data_dir: PathBuf,
    /// From `--lang`; else the saved choice or the system's decides.
    pub lang_arg: Option<Lang>,
    /// The built-in demo (sandbox and broker), kept alive for the app's
    /// lifetime when no vendor profile is installed.
    #[cfg(feature = "demo")]
    pub demo: Option<Demo>,
}

impl AppContext {
    pub fn from_environment() -> Result<AppContext, StartupError> {
        let args = Args::parse();
        let data_dir = paths::data_dir(args.data_dir).ok_or(StartupError::NoDataDir)?;
        let exe = std::env::current_exe().ok();
        let source = locate::resolve(args.profile, None, exe.as_deref());
        let lang_arg = args.lang.as_deref().and_then(Lang::parse);
        match source {
            ProfileSource::Explicit(path) | ProfileSource::Installed(path) => Ok(AppContext {
                profile: Profile::load(&path)?,
                profile_path: Some(path),
                data_dir,
                lang_arg,
                #[cfg(feature = "demo")]
                demo: None,
            }),
            #[cfg(feature = "demo")]
            ProfileSource::BuiltinSandbox => {
                let demo = tauri::async_runtime::block_on(Demo::start(&data_dir))?;
                // The CLI uses this demo while the app runs.
                if let Err(e) = demo.announce() {
                    tracing::warn!(error = %e, "could not announce the demo to the CLI");
                }
                Ok(AppContext {
                    profile: demo.profile.clone(),
                    profile_path: None,
                    data_dir,
                    lang_arg,
                    demo: Some(demo),
                })
            }
            #[cfg(not(feature = "demo"))]
            ProfileSource::BuiltinSandbox => Err(StartupError::NoProfile),
        }
    }
}

impl AppContext {
    /// Whether the built-in demo plays Fortnox.
    pub fn is_demo(&self) -> bool {
        #[cfg(feature = "demo")]
        return self.demo.is_some();
        #[cfg(not(feature = "demo"))]
        return false;
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
