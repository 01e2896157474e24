//! Starting Fortnox Connect, decided once for the app and the CLI: which
//! profile (a flag or `FORTNOX_CONNECT_PROFILE`, else the one installed
//! beside the program, else the built-in demo), which data directory,
//! logging to stderr, and — with the `demo` feature — the built-in
//! sandbox and token broker.

#![warn(clippy::unwrap_used)]

#[cfg(feature = "demo")]
pub mod demo;
pub mod notify;

use std::path::PathBuf;

use fortnox_core::operations::RunInfo;
use fortnox_core::profile::Profile;
use fortnox_core::profile::locate::{self, ProfileSource};
use fortnox_core::{FortnoxConnect, Lang, paths};

#[derive(Debug, thiserror::Error)]
pub enum LaunchError {
    #[error(transparent)]
    Profile(#[from] fortnox_core::Error),
    #[cfg(feature = "demo")]
    #[error(transparent)]
    Demo(#[from] demo::DemoError),
    #[error("no integration profile is installed; pass --profile (this build has no built-in demo)")]
    NoProfile,
    #[error("no per-user data directory is known on this system; pass --data-dir")]
    NoDataDir,
}

/// What the command line said.
#[derive(Debug, Clone, Default)]
pub struct Wanted {
    pub profile: Option<PathBuf>,
    pub data_dir: Option<PathBuf>,
}

/// Whether this program owns the demo it starts (the app), or only uses
/// one for the length of a command (the CLI).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoUse {
    /// Start it and announce it to other programs.
    Own,
    /// Use the one another program announced, else start one for now.
    Borrow,
}

/// Everything a program needs once started.
pub struct Launched {
    pub service: FortnoxConnect,
    pub run: RunInfo,
    pub data_dir: PathBuf,
    /// The built-in demo, if this program started one.
    pub demo: DemoRunning,
}

/// The built-in demo, kept alive as long as this value (nothing without
/// the `demo` feature).
#[derive(Default)]
pub struct DemoRunning {
    #[cfg(feature = "demo")]
    pub demo: Option<demo::Demo>,
}

impl DemoRunning {
    /// Takes the demo's announcement back (when the app quits).
    pub fn withdraw(&self) {
        #[cfg(feature = "demo")]
        if let Some(demo) = &self.demo {
            demo.withdraw();
        }
    }
}

/// Opens the profile's service (and the demo, when no profile is given).
pub async fn launch(wanted: Wanted, demo_use: DemoUse) -> Result<Launched, LaunchError> {
    let data_dir = paths::data_dir(wanted.data_dir).ok_or(LaunchError::NoDataDir)?;
    let exe = std::env::current_exe().ok();
    let version = env!("CARGO_PKG_VERSION").to_string();
    let source = locate::resolve(wanted.profile, None, exe.as_deref());
    // The installed profile names the broker an earlier version's
    // credential was made for; a profile named on the command line may not.
    let installed = matches!(source, ProfileSource::Installed(_) | ProfileSource::BuiltinSandbox);
    let (profile, profile_path) = match source {
        ProfileSource::Explicit(path) | ProfileSource::Installed(path) => (Profile::load(&path)?, Some(path)),
        ProfileSource::BuiltinSandbox => {
            #[cfg(feature = "demo")]
            {
                let demo = match demo_use {
                    DemoUse::Own => {
                        let demo = demo::Demo::start(&data_dir).await?;
                        if let Err(e) = demo.announce() {
                            tracing::warn!(error = %e, "could not announce the demo to the CLI");
                        }
                        demo
                    }
                    DemoUse::Borrow => demo::Demo::attach_or_start(&data_dir).await?,
                };
                let service = FortnoxConnect::open(demo.profile.clone(), &data_dir).await;
                service.adopt_legacy_installation();
                let run = RunInfo { version, demo: true, profile_path: None };
                return Ok(Launched { service, run, data_dir, demo: DemoRunning { demo: Some(demo) } });
            }
            #[cfg(not(feature = "demo"))]
            {
                let _ = demo_use;
                return Err(LaunchError::NoProfile);
            }
        }
    };
    let service = FortnoxConnect::open(profile, &data_dir).await;
    if installed {
        service.adopt_legacy_installation();
    }
    let run = RunInfo { version, demo: is_local(&service), profile_path };
    Ok(Launched { service, run, data_dir, demo: DemoRunning::default() })
}

/// A vendor profile pointing at a Fortnox on this computer (a sandbox)
/// shows the demo banner too.
fn is_local(service: &FortnoxConnect) -> bool {
    matches!(service.profile().endpoints.auth_base.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"))
}

/// The desktop app's program, which also runs the daily keep-alive on
/// Windows: it has no console window, where the CLI would flash one.
pub const APP_PROGRAM: &str = if cfg!(windows) { "fortnox-connect-app.exe" } else { "fortnox-connect-app" };

/// The daily keep-alive as Windows' Task Scheduler runs it: the app
/// installed beside this program, windowless (`--keepalive`).
pub fn keepalive_task(lang: Lang) -> fortnox_platform::schedule::KeepAliveTask {
    let beside = std::env::current_exe().ok().and_then(|exe| exe.parent().map(|dir| dir.join(APP_PROGRAM)));
    fortnox_platform::schedule::KeepAliveTask {
        program: beside.unwrap_or_else(|| PathBuf::from(APP_PROGRAM)),
        arguments: vec!["--keepalive".to_string()],
        description: fortnox_core::messages::text(lang, fortnox_core::messages::keys::SCHEDULE_TASK_DESCRIPTION),
    }
}

/// The system's language: Swedish for any Swedish locale, else English.
pub fn system_lang() -> Lang {
    Lang::from_locale(&sys_locale::get_locale().unwrap_or_default())
}

/// Logs to stderr (never a token: nothing logs one). `env` names the
/// variable that sets the filter (`debug`, or `fortnox_core=debug,warn`);
/// `default` is used without it or when it does not parse. A target
/// filter, not `EnvFilter`: that one brings a regex engine into both
/// shipped binaries for span and field filters nobody here uses.
pub fn init_tracing(env: &str, default: &str) {
    use tracing_subscriber::filter::Targets;
    use tracing_subscriber::layer::SubscriberExt as _;
    use tracing_subscriber::util::SubscriberInitExt as _;
    let targets = std::env::var(env)
        .ok()
        .and_then(|wanted| wanted.parse::<Targets>().ok())
        .or_else(|| default.parse::<Targets>().ok())
        .unwrap_or_default();
    let _ = tracing_subscriber::registry()
        // Colours for a person at a terminal, plain text in log files.
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr())),
        )
        .with(targets)
        .try_init();
}
