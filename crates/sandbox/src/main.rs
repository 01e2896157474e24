//! `fortnox-sandbox`: runs the Fortnox simulator until interrupted.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use clap::Parser;
use fortnox_sandbox::{Sandbox, SandboxConfig};

/// A local Fortnox simulator for trying and testing Fortnox Connect.
#[derive(Parser)]
#[command(name = "fortnox-sandbox", version)]
struct Args {
    /// Port to listen on (127.0.0.1 only). 0 picks a free port.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// A TOML file with apps, companies and users (default: the built-in
    /// sample data; see the README).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Print the built-in sample configuration as TOML and exit.
    #[arg(long)]
    print_config: bool,
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    if args.print_config {
        match toml::to_string_pretty(&SandboxConfig::default()) {
            Ok(text) => print!("{text}"),
            Err(err) => {
                eprintln!("fortnox-sandbox: {err}");
                std::process::exit(1);
            }
        }
        return;
    }
    let config = match &args.config {
        Some(path) => match SandboxConfig::load(path) {
            Ok(config) => config,
            Err(err) => {
                eprintln!("fortnox-sandbox: {err}");
                std::process::exit(2);
            }
        },
        None => SandboxConfig::default(),
    };
    let addr = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), args.port);
    let sandbox = match Sandbox::start_on(config, addr).await {
        Ok(sandbox) => sandbox,
        Err(err) => {
            eprintln!("fortnox-sandbox: cannot listen on {addr}: {err}");
            std::process::exit(1);
        }
    };
    // The base URL alone on stdout, so scripts can read it.
    println!("{}", sandbox.base_url());
    eprintln!("Fortnox sandbox running. Log in with any sample user (password: sandbox). Ctrl+C stops it.");
    let _ = tokio::signal::ctrl_c().await;
    sandbox.stop().await;
}
