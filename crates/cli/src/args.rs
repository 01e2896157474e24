//! The command line. Scripts rely on it: keep names, flags and output
//! shapes stable.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "fortnox-connect",
    version,
    about = "Connect Fortnox to an integration and hand out fresh access tokens",
    after_help = "Exit codes: 0 success, 2 usage or invalid input, 3 a user or administrator must act, 4 transient (network, Fortnox unavailable, rate limited)."
)]
pub struct Cli {
    /// The vendor's integration profile (default: the installed one, else
    /// the built-in sandbox profile).
    #[arg(long, global = true, env = "FORTNOX_CONNECT_PROFILE", value_name = "PATH")]
    pub profile: Option<PathBuf>,

    /// Where connections are kept (shared with the desktop app).
    #[arg(long, global = true, env = "FORTNOX_CONNECT_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,

    /// Language of human output (default: the system's).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,

    /// How long to wait for another program that is renewing the same
    /// connection before giving up with exit code 4.
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = 150)]
    pub lock_wait: u64,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LangArg {
    Sv,
    En,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum AccountArg {
    User,
    Service,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Connect a Fortnox company: log in with the browser, approve, verify, save.
    Connect {
        /// Transfer options to connect (ids from the profile, comma-separated; default: the profile's defaults).
        #[arg(long, value_delimiter = ',', value_name = "ID,ID")]
        options: Option<Vec<String>>,
        /// Service account (recommended; needs a Fortnox system administrator) or your own user.
        #[arg(long, value_enum)]
        account: Option<AccountArg>,
        /// The organisation number you expect to connect (accounting consultants picking a client).
        #[arg(long, value_name = "ORGNR")]
        expect_org: Option<String>,
        /// Enable the connection once verified.
        #[arg(long)]
        enable: bool,
        /// Do not open the system browser; just print the address.
        #[arg(long)]
        no_browser: bool,
    },
    /// Show connections, their state and health.
    Status {
        /// One connection (default: all).
        id: Option<String>,
    },
    /// Print a valid access token (refreshing if needed).
    Token {
        /// The connection (may be omitted when exactly one is enabled).
        id: Option<String>,
    },
    /// Renew the access token now.
    Refresh { id: Option<String> },
    /// Start handing out tokens for a verified connection.
    Enable { id: String },
    /// Stop handing out tokens.
    Disable { id: String },
    /// Approve the connection again in Fortnox (keeps its options).
    Reauthorize {
        id: String,
        #[arg(long)]
        no_browser: bool,
    },
    /// Make the connection again with the other account type (service
    /// account or own user); the old one is revoked once the new one works.
    SwitchAccount {
        id: String,
        #[arg(long)]
        no_browser: bool,
    },
    /// Revoke the connection at Fortnox and delete it here.
    Remove {
        id: String,
        /// Remove here even if Fortnox cannot be reached to revoke.
        #[arg(long)]
        force: bool,
    },
    /// Remove every connection from this computer, revoking each in
    /// Fortnox; with a token broker, sign this computer out there too.
    SignOut {
        /// Required: this cannot be undone.
        #[arg(long)]
        yes: bool,
    },
    /// Refresh every enabled connection whose refresh token is getting old,
    /// so it does not expire after 45 days unused.
    Keepalive {
        #[arg(long, default_value_t = 30, value_name = "DAYS")]
        older_than_days: u32,
        /// How many connections to renew at the same time.
        #[arg(long, default_value_t = 4, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=32))]
        concurrency: u16,
    },
    /// Write the connections' status as CSV, for an agency's records (no secrets).
    Export {
        #[arg(long, value_name = "FILE.csv")]
        out: PathBuf,
    },
    /// Write a support bundle (no secrets in it).
    Diagnostics {
        #[arg(long, value_name = "FILE.zip")]
        out: PathBuf,
    },
    /// Work with integration profiles.
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// The daily keep-alive in Windows' Task Scheduler (the installer sets
    /// it up; the .deb uses a systemd timer instead).
    #[command(subcommand)]
    Schedule(ScheduleCommand),
    /// List the error catalogue, or show one entry.
    Errors { code: Option<String> },
}

#[derive(Subcommand, Debug)]
pub enum ProfileCommand {
    /// Validate a vendor profile and print the scopes each option needs.
    Check {
        /// The profile file (TOML).
        file: PathBuf,
    },
}

#[derive(Subcommand, Debug, Clone, Copy)]
pub enum ScheduleCommand {
    /// Set up (or renew) the daily keep-alive for this user.
    Install,
    /// Remove it.
    Remove,
    /// Say whether it is set up.
    Status,
}
