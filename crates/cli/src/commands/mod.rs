//! One module per command. Each calls into `fortnox-core` and prints; no
//! product logic lives here.

mod connect;
mod errors;
mod manage;
mod profile;
mod status;
mod token;

use crate::args::{Cli, Command, ProfileCommand};
use crate::context::{self, Context};
use crate::error::CliError;
use crate::exit::ExitCode;
use crate::output;

pub async fn run(cli: Cli) -> ExitCode {
    // Commands that need no connection state.
    match &cli.command {
        Command::Profile(ProfileCommand::Check { file }) => return profile::check(file, cli.json),
        Command::Errors { code } => {
            return errors::show(code.as_deref(), cli.json, context::lang(&cli));
        }
        _ => {}
    }
    let ctx = match Context::open(&cli).await {
        Ok(ctx) => ctx,
        Err(e) => {
            output::error(&e, None, cli.json, context::lang(&cli));
            return e.exit_code();
        }
    };
    let result: Result<(), CliError> = match cli.command {
        Command::Connect { options, account, expect_org, enable, no_browser } => {
            connect::connect(&ctx, options, account, expect_org, enable, no_browser).await
        }
        Command::Reauthorize { id, no_browser } => connect::reauthorize(&ctx, &id, no_browser).await,
        Command::Status { id } => status::status(&ctx, id.as_deref()),
        Command::Token { id } => token::token(&ctx, id.as_deref()).await,
        Command::Refresh { id } => token::refresh(&ctx, id.as_deref()).await,
        Command::Enable { id } => manage::enable(&ctx, &id).await,
        Command::Disable { id } => manage::disable(&ctx, &id).await,
        Command::Remove { id, force } => manage::remove(&ctx, &id, force).await,
        Command::Keepalive { older_than_days } => manage::keepalive(&ctx, older_than_days).await,
        Command::Diagnostics { out } => manage::diagnostics(&ctx, &out),
        Command::Profile(_) | Command::Errors { .. } => Ok(()),
    };
    match result {
        Ok(()) => ExitCode::Success,
        Err(e) => {
            output::error(&e, Some(&ctx.service), ctx.json, ctx.lang);
            e.exit_code()
        }
    }
}
