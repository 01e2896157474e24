//! One module per command; each parses nothing and decides nothing that
//! `fortnox-core` could.

mod profile;

use crate::args::{Cli, Command, ProfileCommand};
use crate::exit::ExitCode;

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Profile(ProfileCommand::Check { file }) => profile::check(&file, cli.json),
    }
}
