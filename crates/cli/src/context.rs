//! Opens what every command needs: the profile, the data directory, the
//! language and core's service. With the built-in profile, a running
//! desktop app's demo (sandbox and broker) is used; otherwise one is
//! started for the duration of the command (its state lives in the data
//! directory).

use std::path::PathBuf;

use fortnox_core::profile::Profile;
use fortnox_core::profile::locate::{self, ProfileSource};
use fortnox_core::{FortnoxConnect, Lang, paths};

use crate::args::{Cli, LangArg};
use crate::error::CliError;

pub struct Context {
    pub service: FortnoxConnect,
    pub lang: Lang,
    pub json: bool,
    /// The built-in demo (this command's own, or the app's).
    #[cfg(feature = "demo")]
    _demo: Option<fortnox_demo::Demo>,
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
        let source = locate::resolve(cli.profile.clone(), None, exe.as_deref());
        #[cfg(feature = "demo")]
        let (profile, demo) = match source {
            ProfileSource::Explicit(path) | ProfileSource::Installed(path) => (Profile::load(&path)?, None),
            ProfileSource::BuiltinSandbox => {
                let demo = fortnox_demo::Demo::attach_or_start(&data_dir).await?;
                (demo.profile.clone(), Some(demo))
            }
        };
        #[cfg(not(feature = "demo"))]
        let profile = match source {
            ProfileSource::Explicit(path) | ProfileSource::Installed(path) => Profile::load(&path)?,
            ProfileSource::BuiltinSandbox => {
                return Err(CliError::Usage("no integration profile is installed; pass --profile".into()));
            }
        };
        let service = FortnoxConnect::open(profile, &data_dir)
            .await
            .with_lock_wait(std::time::Duration::from_secs(cli.lock_wait));
        Ok(Context {
            service,
            lang: lang(cli),
            json: cli.json,
            #[cfg(feature = "demo")]
            _demo: demo,
        })
    }
}
