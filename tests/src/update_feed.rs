//! A vendor's update feed on 127.0.0.1 for the update tests: a manifest
//! (`/latest.json`) and a package (`/package`), each answering as the
//! test sets it — whole, signed by a key of `tests/fixtures/updates`, or
//! down, slow, huge, cut short, tampered with.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use url::Url;

use crate::paths;

/// How the package is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Package {
    Whole,
    /// Announces twice its size and closes halfway.
    CutShort,
    /// Announces 300 MiB.
    Huge,
}

/// What the feed answers.
#[derive(Clone, Debug)]
pub struct Served {
    /// `None`: 503 (down).
    pub manifest: Option<Value>,
    /// Silence before the manifest's answer (slow).
    pub delay: Duration,
    pub package: Vec<u8>,
    pub sent_as: Package,
}

pub struct Feed {
    pub base: Url,
    served: Arc<Mutex<Served>>,
}

/// A key pair of `tests/fixtures/updates` (`test` or `other`).
pub fn key(name: &str) -> PathBuf {
    paths::workspace_root().join("tests/fixtures/updates").join(format!("{name}.key"))
}

/// The public half, as the app is built with it.
pub fn public_key(name: &str) -> String {
    std::fs::read_to_string(key(name).with_extension("key.pub")).expect("the public key").trim().to_string()
}

/// `file` signed with `key` for `version` the way a vendor signs a
/// release (the Tauri CLI's `signer sign --app-version`), the signature as
/// the manifest carries it.
pub fn sign(file: &Path, key: &Path, version: &str) -> String {
    let tauri = paths::workspace_root().join("ui/node_modules/.bin/tauri");
    let out = Command::new(&tauri)
        .args(["signer", "sign", "--private-key-path"])
        .arg(key)
        .args(["--password", "", "--app-version", version])
        .arg(file)
        .env_remove("TAURI_SIGNING_PRIVATE_KEY")
        .output()
        .unwrap_or_else(|e| panic!("{} runs: {e}", tauri.display()));
    assert!(out.status.success(), "signer sign: {}", String::from_utf8_lossy(&out.stderr));
    let mut sig = file.as_os_str().to_owned();
    sig.push(".sig");
    std::fs::read_to_string(PathBuf::from(sig)).expect("the signature file").trim().to_string()
}

/// A static manifest as `scripts/publish-update.sh` writes it: `version`,
/// `notes` (and per language), and each platform's package.
pub fn manifest(version: &str, platforms: &[&str], url: &Url, signature: &str) -> Value {
    let entry = json!({ "url": url.as_str(), "signature": signature });
    let platforms: serde_json::Map<String, Value> = platforms.iter().map(|p| (p.to_string(), entry.clone())).collect();
    json!({
        "version": version,
        "notes": format!("Version {version}"),
        "notes_by_language": { "sv": format!("Nytt i {version}"), "en": format!("New in {version}") },
        "pub_date": "2026-12-08T00:00:00Z",
        "platforms": platforms,
    })
}

impl Feed {
    pub async fn start() -> Feed {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let base = Url::parse(&format!("http://{}/", listener.local_addr().expect("bound"))).expect("url");
        let served = Arc::new(Mutex::new(Served {
            manifest: None,
            delay: Duration::ZERO,
            package: Vec::new(),
            sent_as: Package::Whole,
        }));
        let shared = served.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let now = shared.lock().unwrap_or_else(|e| e.into_inner()).clone();
                tokio::spawn(answer(socket, now));
            }
        });
        Feed { base, served }
    }

    pub fn manifest_url(&self) -> Url {
        self.base.join("latest.json").expect("url")
    }

    pub fn package_url(&self) -> Url {
        self.base.join("package").expect("url")
    }

    pub fn serve(&self, change: impl FnOnce(&mut Served)) {
        change(&mut self.served.lock().unwrap_or_else(|e| e.into_inner()));
    }
}

async fn answer(mut socket: tokio::net::TcpStream, served: Served) {
    let mut request = vec![0u8; 4096];
    let Ok(n) = socket.read(&mut request).await else { return };
    let line = String::from_utf8_lossy(&request[..n]).lines().next().unwrap_or_default().to_string();
    let path = line.split(' ').nth(1).unwrap_or("/");
    let head = |status: &str, length: usize, kind: &str| {
        format!("HTTP/1.1 {status}\r\ncontent-type: {kind}\r\ncontent-length: {length}\r\nconnection: close\r\n\r\n")
    };
    let (head, body): (String, Vec<u8>) = if path.starts_with("/latest.json") {
        tokio::time::sleep(served.delay).await;
        match &served.manifest {
            Some(manifest) => {
                let body = manifest.to_string().into_bytes();
                (head("200 OK", body.len(), "application/json"), body)
            }
            None => (head("503 Service Unavailable", 0, "text/plain"), Vec::new()),
        }
    } else if path.starts_with("/package") {
        let bytes = served.package;
        match served.sent_as {
            Package::Whole => (head("200 OK", bytes.len(), "application/octet-stream"), bytes),
            Package::CutShort => {
                let half = bytes[..bytes.len() / 2].to_vec();
                (head("200 OK", bytes.len() * 2, "application/octet-stream"), half)
            }
            Package::Huge => (head("200 OK", 300 << 20, "application/octet-stream"), bytes),
        }
    } else {
        (head("404 Not Found", 0, "text/plain"), Vec::new())
    };
    let _ = socket.write_all(head.as_bytes()).await;
    let _ = socket.write_all(&body).await;
    let _ = socket.shutdown().await;
}
