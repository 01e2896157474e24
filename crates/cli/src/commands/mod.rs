//! One module per command. Each calls one operation of `fortnox-core` and
//! prints what it returns; no product logic lives here.

mod connect;
mod errors;
mod manage;
mod profile;
mod schedule;
mod status;
mod token;

use fortnox_core::Lang;
use fortnox_core::operations::Operations;
use fortnox_launch::{DemoUse, Wanted};

use crate::args::{Cli, Command, LangArg, ProfileCommand};
use crate::error::CliError;
use crate::exit::ExitCode;
use crate::host::CliHost;
use crate::output;

/// The operations as the CLI runs them.
pub type Ops = Operations<CliHost>;

/// What every command prints with.
pub struct Out {
    pub json: bool,
    pub lang: Lang,
}

fn lang(cli: &Cli) -> Lang {
    match cli.lang {
        Some(LangArg::Sv) => Lang::Sv,
        Some(LangArg::En) => Lang::En,
        None => fortnox_launch::system_lang(),
    }
}

/// `--no-browser` of the commands that log in.
fn opens_browser(command: &Command) -> bool {
    !matches!(
        command,
        Command::Connect { no_browser: true, .. }
            | Command::Reauthorize { no_browser: true, .. }
            | Command::SwitchAccount { no_browser: true, .. }
    )
}

pub async fn run(cli: Cli) -> ExitCode {
    let out = Out { json: cli.json, lang: lang(&cli) };
    // Commands that need no connection state.
    match &cli.command {
        Command::Profile(ProfileCommand::Check { file }) => return profile::check(file, cli.json),
        Command::Errors { code } => return errors::show(code.as_deref(), &out),
        Command::Schedule(command) => return schedule::run(*command, &out),
        _ => {}
    }
    let wanted = Wanted { profile: cli.profile.clone(), data_dir: cli.data_dir.clone() };
    // The demo lives as long as `_demo`: to the end of the command.
    let (ops, _demo) = match fortnox_launch::launch(wanted.clone(), DemoUse::Borrow).await {
        Ok(launched) => {
            let service = launched.service.with_lock_wait(std::time::Duration::from_secs(cli.lock_wait));
            let host = CliHost { json: out.json, lang: out.lang, open_browser: opens_browser(&cli.command), wanted };
            (Operations::new(service, host, launched.run, Some(out.lang), out.lang), launched.demo)
        }
        Err(e) => {
            let e = CliError::Launch(e);
            output::error(&e, out.json, out.lang);
            return e.exit_code();
        }
    };
    let result: Result<(), CliError> = match cli.command {
        Command::Connect { options, account, expect_org, enable, no_browser: _ } => {
            connect::connect(&ops, &out, connect::new_target(options, account, expect_org), enable).await
        }
        Command::Reauthorize { id, .. } => connect::again(&ops, &out, connect::Again::Reauthorize, id).await,
        Command::SwitchAccount { id, .. } => connect::again(&ops, &out, connect::Again::SwitchAccountType, id).await,
        Command::Status { id } => status::status(&ops, &out, id.as_deref()),
        Command::Token { id } => token::token(&ops, &out, id.as_deref()).await,
        Command::Refresh { id } => token::refresh(&ops, &out, id.as_deref()).await,
        Command::Enable { id } => manage::enable(&ops, &out, id).await,
        Command::Disable { id } => manage::disable(&ops, &out, id).await,
        Command::Remove { id, force } => manage::remove(&ops, &out, id, force).await,
        Command::SignOut { yes } => manage::sign_out(&ops, &out, yes).await,
        Command::Keepalive { older_than_days, concurrency } => {
            manage::keepalive(&ops, &out, older_than_days, usize::from(concurrency)).await
        }
        Command::Export { out: path } => manage::export(&ops, &out, &path),
        Command::Diagnostics { out: path } => manage::diagnostics(&ops, &out, &path),
        Command::Profile(_) | Command::Errors { .. } | Command::Schedule(_) => Ok(()),
    };
    match result {
        Ok(()) => ExitCode::Success,
        Err(e) => {
            output::error(&e, out.json, out.lang);
            e.exit_code()
        }
    }
}
