//! Opens what every command needs: the profile, the data directory, the
//! language and core's service. With the built-in profile, a running
//! desktop app's sandbox is used; otherwise one is started for the
//! duration of the command (its state lives in the data directory).

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use fortnox_core::profile::locate::{self, ProfileSource};
use fortnox_core::profile::{Profile, builtin_sandbox_profile};
use fortnox_core::store::KeyringStore;
use fortnox_core::{FortnoxConnect, Lang, paths};
use fortnox_sandbox::{Sandbox, SandboxConfig, discovery};

use crate::args::{Cli, LangArg};
use crate::error::CliError;

pub struct Context {
    pub service: FortnoxConnect,
    pub lang: Lang,
    pub json: bool,
    /// The command's own sandbox, when no app's sandbox was running.
    _sandbox: Option<Sandbox>,
}

pub fn lang(cli: &Cli) -> Lang {
    match cli.lang {
        Some(LangArg::Sv) => Lang::Sv,
        Some(LangArg::En) => Lang::En,
        None => Lang::from_locale(&sys_locale::get_locale().unwrap_or_default()),
    }
}

pub fn data_dir(cli: &Cli) -> Result<PathBuf, CliError> {
    paths::data_dir(cli.data_dir.clone())
        .ok_or_else(|| CliError::Usage("no data directory is known here; pass --data-dir".into()))
}

impl Context {
    pub async fn open(cli: &Cli) -> Result<Context, CliError> {
        let data_dir = data_dir(cli)?;
        let exe = std::env::current_exe().ok();
        let (profile, sandbox) = match locate::resolve(cli.profile.clone(), None, exe.as_deref()) {
            ProfileSource::Explicit(path) | ProfileSource::Installed(path) => (Profile::load(&path)?, None),
            ProfileSource::BuiltinSandbox => match discovery::find(&data_dir) {
                Some(url) => (builtin_sandbox_profile(&url)?, None),
                None => {
                    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
                    let sandbox =
                        Sandbox::start_persistent(SandboxConfig::default(), addr, discovery::state_path(&data_dir))
                            .await?;
                    tracing::info!(url = %sandbox.base_url(), "started the built-in Fortnox sandbox for this command");
                    (builtin_sandbox_profile(sandbox.base_url())?, Some(sandbox))
                }
            },
        };
        let service = FortnoxConnect::new(profile, &data_dir, std::sync::Arc::new(KeyringStore::new()));
        Ok(Context { service, lang: lang(cli), json: cli.json, _sandbox: sandbox })
    }
}
