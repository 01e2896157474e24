//! `fortnox-broker`: the vendor's token broker. Prints its base URL as
//! the first line on stdout when ready; logs go to stderr.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::Parser;
use clap::parser::ValueSource;
use fortnox_broker::config::{FileSettings, FlagsGiven, Limits};
use fortnox_broker::{RunningBroker, Settings};

/// Holds the Fortnox client secret and the customers' refresh tokens for
/// Fortnox Connect installations (docs/broker-protocol.md).
#[derive(Parser, Debug)]
#[command(
    name = "fortnox-broker",
    version,
    after_help = "Secrets come from the environment only: FORTNOX_BROKER_CLIENT_SECRET (the Fortnox app's client secret) and FORTNOX_BROKER_KEY (32 random bytes, base64; seals refresh tokens at rest)."
)]
struct Args {
    /// Port to listen on; 0 picks a free one.
    #[arg(long, env = "FORTNOX_BROKER_PORT", default_value_t = 0)]
    port: u16,
    /// Address to listen on. Terminate TLS in a reverse proxy in front.
    #[arg(long, env = "FORTNOX_BROKER_LISTEN", default_value = "127.0.0.1")]
    listen: IpAddr,
    #[arg(long, env = "FORTNOX_BROKER_FORTNOX_AUTH_BASE", default_value = fortnox_broker::config::FORTNOX_AUTH_BASE)]
    fortnox_auth_base: String,
    #[arg(long, env = "FORTNOX_BROKER_FORTNOX_API_BASE", default_value = fortnox_broker::config::FORTNOX_API_BASE)]
    fortnox_api_base: String,
    /// The Fortnox app's client id.
    #[arg(long, env = "FORTNOX_BROKER_CLIENT_ID")]
    client_id: Option<String>,
    /// `sqlite:PATH` (default: broker.sqlite in --data-dir) or
    /// `postgres://USER:PASSWORD@HOST/DB` for replicas.
    #[arg(long, env = "FORTNOX_BROKER_DATABASE_URL")]
    database_url: Option<String>,
    /// Where the default SQLite database (and a demo key) live.
    #[arg(long, env = "FORTNOX_BROKER_DATA_DIR", default_value = ".")]
    data_dir: PathBuf,
    /// A TOML file with the same settings (flags win).
    #[arg(long, env = "FORTNOX_BROKER_CONFIG")]
    config: Option<PathBuf>,
    /// Requests per minute per installation (per replica).
    #[arg(long, default_value_t = Limits::default().per_minute)]
    rate_limit_per_minute: u32,
    /// Refresh refresh tokens this many days old, hourly (0: never).
    #[arg(long, default_value_t = 30)]
    keepalive_after_days: u32,
    /// Read the client address from X-Forwarded-For (behind a proxy that
    /// sets it).
    #[arg(long)]
    trust_forwarded_for: bool,
    /// Demo only: create the sealing key in --data-dir when none is given.
    #[arg(long)]
    demo: bool,
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("FORTNOX_BROKER_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let matches = <Args as clap::CommandFactory>::command().get_matches();
    let args = match <Args as clap::FromArgMatches>::from_arg_matches(&matches) {
        Ok(args) => args,
        Err(e) => e.exit(),
    };
    let from_flag =
        |id: &str| matches!(matches.value_source(id), Some(ValueSource::CommandLine | ValueSource::EnvVariable));
    let given = FlagsGiven {
        listen: from_flag("listen"),
        port: from_flag("port"),
        fortnox_auth_base: from_flag("fortnox_auth_base"),
        fortnox_api_base: from_flag("fortnox_api_base"),
        keepalive_after_days: from_flag("keepalive_after_days"),
    };
    let mut settings = Settings {
        listen: args.listen,
        port: args.port,
        fortnox_auth_base: args.fortnox_auth_base,
        fortnox_api_base: args.fortnox_api_base,
        client_id: args.client_id,
        database_url: args.database_url,
        limits: Limits { per_minute: args.rate_limit_per_minute, ..Limits::default() },
        keepalive_after_days: args.keepalive_after_days,
        trust_forwarded_for: args.trust_forwarded_for,
        data_dir: args.data_dir,
        demo: args.demo,
    };
    if let Some(path) = &args.config {
        match FileSettings::load(path) {
            Ok(file) => settings = settings.with_file(file, &given),
            Err(e) => fail(&e),
        }
    }
    let config = match settings.resolve(&|name| std::env::var(name).ok()) {
        Ok(config) => config,
        Err(e) => fail(&e),
    };
    let broker = match RunningBroker::start(config).await {
        Ok(broker) => broker,
        Err(e) => fail(&e),
    };
    // The base URL alone on the first line, so scripts can read it.
    println!("{}", broker.base_url());
    tracing::info!(url = %broker.base_url(), "fortnox-broker ready");
    shutdown_signal().await;
    broker.stop().await;
}

fn fail(error: &dyn std::fmt::Display) -> ! {
    eprintln!("fortnox-broker: {error}");
    std::process::exit(2);
}

/// Ctrl+C or SIGTERM (systemd, containers).
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(term) => term,
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
                return;
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}
