//! `fortnox-connect`: a thin command-line skin over `fortnox-core`.

#![warn(clippy::unwrap_used)]

/// Printing that ignores a closed pipe (`fortnox-connect errors | head`)
/// instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($arg)*);
    }};
}
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}
macro_rules! eout {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}
macro_rules! eoutln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod args;
mod commands;
mod error;
mod exit;
mod host;
mod output;

use clap::Parser;

fn main() {
    let cli = args::Cli::parse();
    // Logs go to stderr and never contain tokens; stdout is for results.
    fortnox_launch::init_tracing("FORTNOX_CONNECT_LOG", "warn");
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eoutln!("fortnox-connect: cannot start: {e}");
            std::process::exit(1);
        }
    };
    let code = runtime.block_on(commands::run(cli));
    std::process::exit(code.into());
}
