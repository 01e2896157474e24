//! `fortnox-connect`: a thin command-line skin over `fortnox-core`.

#![warn(clippy::unwrap_used)]

mod args;
mod commands;
mod exit;

use clap::Parser;

fn main() {
    let args = args::Cli::parse();
    let code = commands::run(args);
    std::process::exit(code.into());
}
