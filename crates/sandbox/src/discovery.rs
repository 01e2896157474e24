//! How the CLI finds the built-in sandbox a running desktop app started
//! (both use the same data directory), and where that sandbox keeps its
//! state so demo connections survive a restart.

use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use url::Url;

fn dir(data_dir: &Path) -> PathBuf {
    data_dir.join("sandbox")
}

/// Where the built-in sandbox keeps grants and (hashed) tokens.
pub fn state_path(data_dir: &Path) -> PathBuf {
    dir(data_dir).join("state.json")
}

fn url_path(data_dir: &Path) -> PathBuf {
    dir(data_dir).join("url")
}

/// Tells other processes where this process's sandbox listens.
pub fn announce(data_dir: &Path, url: &Url) -> std::io::Result<()> {
    std::fs::create_dir_all(dir(data_dir))?;
    std::fs::write(url_path(data_dir), url.as_str())
}

/// Removes the announcement (when the app quits).
pub fn withdraw(data_dir: &Path, url: &Url) {
    if std::fs::read_to_string(url_path(data_dir)).is_ok_and(|u| u.trim() == url.as_str()) {
        let _ = std::fs::remove_file(url_path(data_dir));
    }
}

/// The announced sandbox, if it still answers.
pub fn find(data_dir: &Path) -> Option<Url> {
    let text = std::fs::read_to_string(url_path(data_dir)).ok()?;
    let url = Url::parse(text.trim()).ok()?;
    let addr: SocketAddr = format!("{}:{}", url.host_str()?, url.port()?).parse().ok()?;
    TcpStream::connect_timeout(&addr, Duration::from_millis(300)).ok()?;
    Some(url)
}
