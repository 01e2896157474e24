//! The command line. It is a contract scripts rely on: change with care.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "fortnox-connect",
    version,
    about = "Connect Fortnox to an integration and hand out fresh access tokens"
)]
pub struct Cli {
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,

    /// Language of human output: sv or en (default: the system's).
    #[arg(long, global = true, value_name = "sv|en")]
    pub lang: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Work with integration profiles.
    #[command(subcommand)]
    Profile(ProfileCommand),
}

#[derive(Subcommand, Debug)]
pub enum ProfileCommand {
    /// Validate a vendor profile and print the scopes each option needs.
    Check {
        /// The profile file (TOML).
        file: PathBuf,
    },
}
