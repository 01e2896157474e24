//! The command line and the two things that can go wrong before a window
//! exists. Everything else about starting is shared with the CLI
//! (`fortnox-launch`).

use std::path::PathBuf;

use clap::Parser;
use fortnox_core::operations::NoticeTarget;
use fortnox_core::profile::locate;
use fortnox_core::{Lang, paths};

/// Fortnox Connect: connects Fortnox to an integration.
#[derive(Parser, Debug)]
#[command(name = "fortnox-connect-app", version)]
pub struct Args {
    /// The vendor's integration profile (default: the installed one, else
    /// the built-in demo against the sandbox).
    #[arg(long, env = locate::PROFILE_ENV)]
    pub profile: Option<PathBuf>,
    /// Where connections and settings are kept.
    #[arg(long, env = paths::DATA_DIR_ENV)]
    pub data_dir: Option<PathBuf>,
    /// Interface language: sv or en (default: the last chosen, else the
    /// system's).
    #[arg(long, env = "FORTNOX_CONNECT_LANG")]
    pub lang: Option<String>,
    /// Renew connections whose refresh token is getting old, then exit,
    /// without a window: what Windows' Task Scheduler runs daily (the CLI
    /// would flash a console window).
    #[arg(long)]
    pub keepalive: bool,
    /// Opens on this connection's problem (a notification was clicked).
    #[arg(long, value_name = "ID")]
    pub show_connection: Option<String>,
    /// Opens on the connections that need attention.
    #[arg(long)]
    pub show_attention: bool,
    /// Shows a desktop notification (its words in FORTNOX_CONNECT_NOTICE)
    /// and waits for its click, without a window: the CLI and the
    /// keep-alive hand notifications over.
    #[arg(long, hide = true)]
    pub notify: bool,
}

impl Args {
    pub fn lang(&self) -> Option<Lang> {
        self.lang.as_deref().and_then(Lang::parse)
    }

    /// Where a notification's click asked to open.
    pub fn show(&self) -> Option<NoticeTarget> {
        match (&self.show_connection, self.show_attention) {
            (Some(id), _) => Some(NoticeTarget::Connection { id: id.clone() }),
            (None, true) => Some(NoticeTarget::Attention),
            (None, false) => None,
        }
    }
}

/// Whether a D-Bus session bus is there to answer. Without one the
/// single-instance check cannot run (it is a D-Bus name); the app then
/// starts without it rather than not at all — the keyring, which needs the
/// same bus, explains itself in the error panel.
pub fn session_bus_reachable() -> bool {
    let address = std::env::var("DBUS_SESSION_BUS_ADDRESS").ok().or_else(|| {
        let runtime = std::env::var_os("XDG_RUNTIME_DIR")?;
        Some(format!("unix:path={}", PathBuf::from(runtime).join("bus").display()))
    });
    match address {
        None => false,
        Some(address) => address.split(';').any(|entry| match entry.strip_prefix("unix:path=") {
            Some(path) => std::path::Path::new(path.split(',').next().unwrap_or_default()).exists(),
            None => !entry.is_empty(),
        }),
    }
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
