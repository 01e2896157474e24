//! `fortnox-broker`: the vendor's token broker. `fortnox-broker` (or
//! `fortnox-broker serve`) prints its base URL as the first line on stdout
//! when ready; logs go to stderr. `installations list|revoke ID` and
//! `rekey` administer the database beside running replicas.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use fortnox_broker::config::Layer;
use fortnox_broker::{Admin, BrokerConfig, RunningBroker, Settings};

/// Holds the Fortnox client secret and the customers' refresh tokens for
/// Fortnox Connect installations (docs/broker-protocol.md).
#[derive(Parser, Debug)]
#[command(
    name = "fortnox-broker",
    version,
    after_help = "Each setting: a flag, else its FORTNOX_BROKER_… variable, else the --config file, else the default.\n\
                  Secrets come from the environment only: FORTNOX_BROKER_CLIENT_SECRET (the Fortnox app's client secret), \
                  FORTNOX_BROKER_KEY (32 random bytes, base64; seals refresh tokens at rest) and, while the key is \
                  changed, FORTNOX_BROKER_OLD_KEYS (the keys before it, comma-separated)."
)]
struct Cli {
    #[command(flatten)]
    settings: SettingArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve the protocol (what runs without a subcommand).
    Serve,
    /// The enrolled installations (desktops).
    #[command(subcommand)]
    Installations(InstallationsCommand),
    /// Seal every stored token again under FORTNOX_BROKER_KEY, while the
    /// replicas (started with the old key in FORTNOX_BROKER_OLD_KEYS) keep
    /// serving. Then drop the old key.
    Rekey,
    /// The customers' connections.
    Connections {
        /// Only those Fortnox refused, which need their desktop to approve
        /// again (the latest first).
        #[arg(long)]
        needs_attention: bool,
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
enum InstallationsCommand {
    /// Each installation: id, label, when enrolled and last seen, how many
    /// connections.
    List,
    /// Revoke every connection of the installation at Fortnox and forget
    /// it: its credential works nowhere any more.
    Revoke { id: String },
}

/// The settings as flags (each also an environment variable); every one
/// optional, so the file and the defaults fill what is not given.
#[derive(Args, Debug)]
struct SettingArgs {
    /// Port to listen on; 0 picks a free one.
    #[arg(long, global = true, env = "FORTNOX_BROKER_PORT")]
    port: Option<u16>,
    /// Address to listen on (default 127.0.0.1). Terminate TLS in a
    /// reverse proxy in front.
    #[arg(long, global = true, env = "FORTNOX_BROKER_LISTEN")]
    listen: Option<IpAddr>,
    #[arg(long, global = true, env = "FORTNOX_BROKER_FORTNOX_AUTH_BASE")]
    fortnox_auth_base: Option<String>,
    #[arg(long, global = true, env = "FORTNOX_BROKER_FORTNOX_API_BASE")]
    fortnox_api_base: Option<String>,
    /// The Fortnox app's client id.
    #[arg(long, global = true, env = "FORTNOX_BROKER_CLIENT_ID")]
    client_id: Option<String>,
    /// `sqlite:PATH` (default: broker.sqlite in --data-dir; created if
    /// missing) or `postgres://USER:PASSWORD@HOST/DB?sslmode=verify-full`
    /// for replicas.
    #[arg(long, global = true, env = "FORTNOX_BROKER_DATABASE_URL")]
    database_url: Option<String>,
    /// Where the default SQLite database (and a demo key) live (default:
    /// $STATE_DIRECTORY under systemd, else ~/.local/share/fortnox-broker).
    #[arg(long, global = true, env = "FORTNOX_BROKER_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// A TOML file with these settings (snake_case keys).
    #[arg(long, global = true, env = "FORTNOX_BROKER_CONFIG")]
    config: Option<PathBuf>,
    /// Requests per minute per installation (per replica).
    #[arg(long, global = true, env = "FORTNOX_BROKER_RATE_LIMIT_PER_MINUTE")]
    rate_limit_per_minute: Option<u32>,
    /// Calls to Fortnox's token endpoint per minute, all installations
    /// together (per replica).
    #[arg(long, global = true, env = "FORTNOX_BROKER_UPSTREAM_PER_MINUTE")]
    upstream_per_minute: Option<u32>,
    /// Refresh refresh tokens this many days old, hourly (0: never).
    #[arg(long, global = true, env = "FORTNOX_BROKER_KEEPALIVE_AFTER_DAYS")]
    keepalive_after_days: Option<u32>,
    /// Forget installations with no connection not seen for this many
    /// days (0: never).
    #[arg(long, global = true, env = "FORTNOX_BROKER_PURGE_INSTALLATIONS_AFTER_DAYS")]
    purge_installations_after_days: Option<u32>,
    /// Where the client's address comes from behind a reverse proxy:
    /// `peer` (default), `forwarded-for` (the last X-Forwarded-For entry,
    /// the one your proxy appended), `forwarded-for:N` (N proxies), or
    /// `header:NAME` (a header your proxy sets, such as X-Real-IP).
    #[arg(long, global = true, env = "FORTNOX_BROKER_CLIENT_ADDRESS")]
    client_address: Option<String>,
    /// How long a renewal's lease lasts between extensions (tests).
    #[arg(long, global = true, hide = true, env = "FORTNOX_BROKER_LEASE_SECS")]
    lease_secs: Option<u32>,
    /// Same as `--client-address forwarded-for`.
    #[arg(long, global = true, hide = true)]
    trust_forwarded_for: bool,
    /// Serve `GET /metrics` (OpenMetrics, for Prometheus) on this address,
    /// apart from the protocol, e.g. 127.0.0.1:9464 (default: off).
    #[arg(long, global = true, env = "FORTNOX_BROKER_METRICS_LISTEN")]
    metrics_listen: Option<std::net::SocketAddr>,
    /// POST each change of a connection here, signed with
    /// FORTNOX_BROKER_WEBHOOK_SECRET (default: off).
    #[arg(long, global = true, env = "FORTNOX_BROKER_WEBHOOK_URL")]
    webhook_url: Option<String>,
    /// The longest wait between two tries of a webhook event (tests).
    #[arg(long, global = true, hide = true, env = "FORTNOX_BROKER_WEBHOOK_MAX_BACKOFF_SECS")]
    webhook_max_backoff_secs: Option<u32>,
    /// Demo only: create the sealing key in --data-dir when none is given.
    #[arg(long, global = true)]
    demo: bool,
}

impl SettingArgs {
    fn layer(&self) -> Layer {
        Layer {
            listen: self.listen,
            port: self.port,
            fortnox_auth_base: self.fortnox_auth_base.clone(),
            fortnox_api_base: self.fortnox_api_base.clone(),
            client_id: self.client_id.clone(),
            database_url: self.database_url.clone(),
            data_dir: self.data_dir.clone(),
            rate_limit_per_minute: self.rate_limit_per_minute,
            upstream_per_minute: self.upstream_per_minute,
            keepalive_after_days: self.keepalive_after_days,
            purge_installations_after_days: self.purge_installations_after_days,
            lease_secs: self.lease_secs,
            client_address: self.client_address.clone(),
            trust_forwarded_for: self.trust_forwarded_for.then_some(true),
            metrics_listen: self.metrics_listen,
            webhook_url: self.webhook_url.clone(),
            webhook_max_backoff_secs: self.webhook_max_backoff_secs,
            ..Layer::default()
        }
    }

    /// Defaults, then the file, then the flags.
    fn config(&self) -> BrokerConfig {
        let mut settings = Settings { demo: self.demo, ..Settings::default() };
        if let Some(path) = &self.config {
            settings = Layer::load(path).and_then(|file| settings.apply(file)).unwrap_or_else(|e| fail(&e));
        }
        settings
            .apply(self.layer())
            .and_then(|s| s.resolve(&|name| std::env::var(name).ok()))
            .unwrap_or_else(|e| fail(&e))
    }
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
    let cli = Cli::parse();
    let config = cli.settings.config();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config).await,
        Command::Installations(command) => installations(config, command).await,
        Command::Rekey => rekey(config).await,
        Command::Connections { needs_attention, json } => connections(config, needs_attention, json).await,
    }
}

async fn connections(config: BrokerConfig, needs_attention: bool, json: bool) {
    if !needs_attention {
        eprintln!("fortnox-broker: say which connections: --needs-attention");
        std::process::exit(2);
    }
    let admin = Admin::open(config).await.unwrap_or_else(|e| fail(&e));
    let rows = admin.needing_attention().await.unwrap_or_else(|e| fail(&e));
    if !json {
        println!(
            "{:<38} {:<40} {:<10} {:<30} {:<22} {:<21}",
            "CONNECTION", "INSTALLATION", "TENANT", "COMPANY", "CODE", "SINCE"
        );
    }
    for row in rows {
        if json {
            let line = serde_json::json!({
                "connection_id": row.connection_id, "installation_id": row.installation_id, "tenant_id": row.tenant_id,
                "company_name": row.company_name, "org_number": row.org_number, "code": row.code, "since": row.since,
            });
            println!("{line}");
        } else {
            let company = match (&row.company_name, &row.org_number) {
                (Some(name), Some(org)) => format!("{name} ({org})"),
                (Some(name), None) => name.clone(),
                _ => "-".into(),
            };
            println!(
                "{:<38} {:<40} {:<10} {:<30} {:<22} {:<21}",
                row.connection_id,
                row.installation_id,
                row.tenant_id.as_deref().unwrap_or("-"),
                fortnox_oauth::http::cut(&company, 30),
                row.code.as_deref().unwrap_or("-"),
                date(row.since)
            );
        }
    }
    admin.close().await;
}

async fn serve(config: BrokerConfig) {
    let broker = RunningBroker::start(config).await.unwrap_or_else(|e| fail(&e));
    // The base URL alone on the first line, so scripts can read it.
    println!("{}", broker.base_url());
    tracing::info!(url = %broker.base_url(), "fortnox-broker ready");
    shutdown_signal().await;
    broker.stop().await;
}

fn date(unix: Option<i64>) -> String {
    unix.and_then(|t| time::OffsetDateTime::from_unix_timestamp(t).ok())
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_else(|| "-".into())
}

async fn installations(config: BrokerConfig, command: InstallationsCommand) {
    let admin = Admin::open(config).await.unwrap_or_else(|e| fail(&e));
    match command {
        InstallationsCommand::List => {
            let rows = admin.installations().await.unwrap_or_else(|e| fail(&e));
            println!("{:<40} {:<20} {:<21} {:<21} {:>11}", "ID", "LABEL", "ENROLLED", "LAST SEEN", "CONNECTIONS");
            for row in rows {
                println!(
                    "{:<40} {:<20} {:<21} {:<21} {:>11}",
                    row.id,
                    fortnox_oauth::http::cut(row.label.as_deref().unwrap_or("-"), 20),
                    date(Some(row.created_at)),
                    date(row.last_seen_at),
                    row.connections
                );
            }
        }
        InstallationsCommand::Revoke { id } => match admin.revoke_installation(&id).await {
            Ok(Some(connections)) => println!("revoked {id} and its {connections} connections"),
            Ok(None) => {
                eprintln!("fortnox-broker: no installation {id}");
                std::process::exit(2);
            }
            Err(e) => fail(&e),
        },
    }
    admin.close().await;
}

async fn rekey(config: BrokerConfig) {
    let admin = Admin::open(config).await.unwrap_or_else(|e| fail(&e));
    let started = std::time::Instant::now();
    let done = admin.rekey(&|done| eprintln!("connections sealed again: {done}")).await.unwrap_or_else(|e| fail(&e));
    println!(
        "sealed {} connections and {} installation secrets again under the current key in {:.1} s; \
         the old key can now be dropped from FORTNOX_BROKER_OLD_KEYS",
        done.connections,
        done.installations,
        started.elapsed().as_secs_f64()
    );
    admin.close().await;
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
