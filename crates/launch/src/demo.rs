//! The built-in demo: a Fortnox sandbox and the real token broker (with
//! SQLite) on 127.0.0.1, their state in the data directory, and the
//! built-in profile pointing at them. The desktop app starts them and
//! announces where they listen; the CLI uses the announced ones, or starts
//! its own for one command. Vendors' builds leave it out.

use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use fortnox_broker::RunningBroker;
use fortnox_core::profile::{BUILTIN_CLIENT_ID, BUILTIN_CLIENT_SECRET, Profile, builtin_sandbox_profile};
use fortnox_sandbox::{Sandbox, SandboxConfig};
use serde::{Deserialize, Serialize};
use url::Url;

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("cannot start the built-in Fortnox sandbox: {0}")]
    Sandbox(std::io::Error),
    #[error("cannot start the built-in token broker: {0}")]
    Broker(#[from] fortnox_broker::BrokerError),
    #[error(transparent)]
    Profile(#[from] fortnox_core::Error),
}

/// Where the demo listens, for other processes of the same data directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Addresses {
    pub sandbox: Url,
    pub broker: Url,
}

/// The demo's sandbox and broker: started here, or another process's.
pub struct Demo {
    pub profile: Profile,
    pub addresses: Addresses,
    dir: PathBuf,
    /// Running in this process (dropping them stops them).
    own: Option<(Sandbox, RunningBroker)>,
}

fn demo_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("demo")
}

fn addresses_path(dir: &Path) -> PathBuf {
    dir.join("addresses.json")
}

impl Demo {
    /// Starts the sandbox and the broker and announces them (the app).
    pub async fn start(data_dir: &Path) -> Result<Demo, DemoError> {
        let dir = demo_dir(data_dir);
        let sandbox = Sandbox::start_persistent(
            SandboxConfig::default(),
            SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            dir.join("sandbox.json"),
        )
        .await
        .map_err(DemoError::Sandbox)?;
        let broker = RunningBroker::start_demo(
            sandbox.base_url(),
            BUILTIN_CLIENT_ID,
            BUILTIN_CLIENT_SECRET,
            &dir.join("broker"),
            None,
        )
        .await?;
        let addresses = Addresses { sandbox: sandbox.base_url().clone(), broker: broker.base_url().clone() };
        let profile = builtin_sandbox_profile(&addresses.sandbox, &addresses.broker)?;
        tracing::info!(sandbox = %addresses.sandbox, broker = %addresses.broker, "built-in demo started");
        Ok(Demo { profile, addresses, dir, own: Some((sandbox, broker)) })
    }

    /// Uses the demo another process announced, if it still answers; else
    /// starts one for as long as this value lives (the CLI).
    pub async fn attach_or_start(data_dir: &Path) -> Result<Demo, DemoError> {
        let dir = demo_dir(data_dir);
        if let Some(addresses) = find(&dir) {
            let profile = builtin_sandbox_profile(&addresses.sandbox, &addresses.broker)?;
            return Ok(Demo { profile, addresses, dir, own: None });
        }
        Demo::start(data_dir).await
    }

    /// Tells other processes where this demo listens.
    pub fn announce(&self) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let text = serde_json::to_vec(&self.addresses).map_err(std::io::Error::other)?;
        std::fs::write(addresses_path(&self.dir), text)
    }

    /// Takes the announcement back (when the app quits), if it is ours.
    pub fn withdraw(&self) {
        let path = addresses_path(&self.dir);
        let ours = std::fs::read(&path)
            .ok()
            .and_then(|b| serde_json::from_slice::<Addresses>(&b).ok())
            .is_some_and(|a| a == self.addresses);
        if ours && self.own.is_some() {
            let _ = std::fs::remove_file(path);
        }
    }

    /// The sandbox, when it runs in this process.
    pub fn sandbox(&self) -> Option<&Sandbox> {
        self.own.as_ref().map(|(s, _)| s)
    }
}

/// The demo a running app announced in `data_dir`, if it still answers.
pub fn announced(data_dir: &Path) -> Option<Addresses> {
    find(&demo_dir(data_dir))
}

/// The announced demo, if both of its servers still answer.
fn find(dir: &Path) -> Option<Addresses> {
    let bytes = std::fs::read(addresses_path(dir)).ok()?;
    let addresses: Addresses = serde_json::from_slice(&bytes).ok()?;
    (answers(&addresses.sandbox) && answers(&addresses.broker)).then_some(addresses)
}

fn answers(url: &Url) -> bool {
    let Some(addr) = url.host_str().zip(url.port()).and_then(|(h, p)| format!("{h}:{p}").parse::<SocketAddr>().ok())
    else {
        return false;
    };
    TcpStream::connect_timeout(&addr, Duration::from_millis(300)).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_second_process_uses_the_announced_demo_and_never_a_dead_one() {
        let dir = tempfile::tempdir().unwrap();
        let first = Demo::start(dir.path()).await.unwrap();
        first.announce().unwrap();
        let second = Demo::attach_or_start(dir.path()).await.unwrap();
        assert_eq!(second.addresses, first.addresses);
        assert!(second.sandbox().is_none(), "attached, not started");
        second.withdraw();
        assert!(addresses_path(&demo_dir(dir.path())).exists(), "only the owner withdraws");
        let announced = first.addresses.clone();
        drop(second);
        drop(first);
        tokio::time::sleep(Duration::from_millis(200)).await;
        let third = Demo::attach_or_start(dir.path()).await.unwrap();
        assert_ne!(third.addresses, announced, "a dead demo is not used");
    }
}
