//! The update's package, downloaded within limits: the updater plugin
//! keeps whatever a feed sends in memory without a ceiling and without a
//! deadline, so the app downloads it itself and hands the bytes over for
//! the signature check.

use std::time::Duration;

use url::Url;

use super::Refused;

/// Seconds a feed may take to answer, and may stay silent mid-download
/// (default 30). Tests shorten it.
pub const TIMEOUT_ENV: &str = "FORTNOX_CONNECT_UPDATE_TIMEOUT_SECS";

/// The manifest is a few hundred bytes; anything near this is not one.
pub const MANIFEST_MAX_BYTES: u64 = 1 << 20;

/// What a download may cost.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The largest package accepted (the .deb is ~5 MiB, the Windows
    /// installer ~4.5 MiB).
    pub max_bytes: u64,
    /// Longest silence: to connect, for the answer to start, between
    /// pieces.
    pub stall: Duration,
    /// The whole download.
    pub total: Duration,
}

impl Limits {
    pub fn standard() -> Limits {
        let secs = std::env::var(TIMEOUT_ENV).ok().and_then(|s| s.parse::<u64>().ok()).filter(|s| *s > 0);
        Limits { max_bytes: 256 << 20, stall: Duration::from_secs(secs.unwrap_or(30)), total: Duration::from_secs(900) }
    }
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1 << 20) as f64)
}

/// The file at `url` (the manifest or the package), whole; `progress`
/// hears the bytes so far and the size announced.
pub async fn download(
    url: &Url,
    limits: Limits,
    mut progress: impl FnMut(u64, Option<u64>),
) -> Result<Vec<u8>, Refused> {
    // reqwest is built without a default TLS provider (fortnox-oauth's
    // http.rs); install it once per process.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder()
        .user_agent(concat!("FortnoxConnect/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(limits.stall)
        .read_timeout(limits.stall)
        // Redirects are followed, never from https to plain http.
        .redirect(reqwest::redirect::Policy::custom(|attempt| {
            if attempt.previous().len() >= 5 {
                attempt.error("too many redirects")
            } else if !super::acceptable_address(attempt.url()) {
                attempt.error("a redirect to an address that is not https")
            } else {
                attempt.follow()
            }
        }))
        .build()
        .map_err(|e| Refused::FeedUnavailable(e.to_string()))?;
    let fetch = async {
        let mut answer = client.get(url.clone()).send().await.map_err(|e| Refused::FeedUnavailable(e.to_string()))?;
        if !answer.status().is_success() {
            return Err(Refused::FeedUnavailable(format!("{url} answered {}", answer.status())));
        }
        let announced = answer.content_length();
        if let Some(size) = announced.filter(|size| *size > limits.max_bytes) {
            return Err(Refused::FeedInvalid(format!(
                "a package of {}, over the {} allowed",
                mib(size),
                mib(limits.max_bytes)
            )));
        }
        let mut bytes = Vec::with_capacity(announced.unwrap_or(0) as usize);
        loop {
            let piece = match answer.chunk().await {
                Ok(Some(piece)) => piece,
                Ok(None) => break,
                Err(e) => {
                    let expected = announced.map(mib).unwrap_or_else(|| "an unknown size".into());
                    return Err(Refused::Incomplete(format!("{} of {expected}: {e}", mib(bytes.len() as u64))));
                }
            };
            if bytes.len() as u64 + piece.len() as u64 > limits.max_bytes {
                return Err(Refused::FeedInvalid(format!("a package over the {} allowed", mib(limits.max_bytes))));
            }
            bytes.extend_from_slice(&piece);
            progress(bytes.len() as u64, announced);
        }
        match announced {
            Some(size) if size != bytes.len() as u64 => {
                Err(Refused::Incomplete(format!("{} of {}", mib(bytes.len() as u64), mib(size))))
            }
            _ => Ok(bytes),
        }
    };
    tokio::time::timeout(limits.total, fetch).await.unwrap_or_else(|_| {
        Err(Refused::FeedUnavailable(format!("not downloaded within {} s", limits.total.as_secs())))
    })
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    /// A server that answers one request with `head` and then `body`,
    /// then closes.
    async fn serve_once(head: String, body: Vec<u8>, pause: Duration) -> Url {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let url = Url::parse(&format!("http://{}/package.deb", listener.local_addr().expect("bound"))).expect("url");
        tokio::spawn(async move {
            let Ok((mut socket, _)) = listener.accept().await else { return };
            let mut request = [0u8; 1024];
            let _ = socket.read(&mut request).await;
            tokio::time::sleep(pause).await;
            let _ = socket.write_all(head.as_bytes()).await;
            let _ = socket.write_all(&body).await;
        });
        url
    }

    fn limits() -> Limits {
        Limits { max_bytes: 1000, stall: Duration::from_millis(500), total: Duration::from_secs(5) }
    }

    #[tokio::test]
    async fn a_whole_package_is_returned_with_progress() {
        let url =
            serve_once("HTTP/1.1 200 OK\r\ncontent-length: 600\r\n\r\n".into(), vec![7; 600], Duration::ZERO).await;
        let mut heard = 0;
        let bytes = download(&url, limits(), |got, of| {
            assert_eq!(of, Some(600));
            heard = got;
        })
        .await
        .expect("downloaded");
        assert_eq!((bytes.len(), heard), (600, 600));
    }

    #[tokio::test]
    async fn a_half_download_is_incomplete() {
        let url =
            serve_once("HTTP/1.1 200 OK\r\ncontent-length: 800\r\n\r\n".into(), vec![7; 400], Duration::ZERO).await;
        let refused = download(&url, limits(), |_, _| {}).await.expect_err("refused");
        assert!(matches!(refused, Refused::Incomplete(_)), "{refused:?}");
    }

    #[tokio::test]
    async fn a_huge_package_is_refused_announced_or_not() {
        let url = serve_once("HTTP/1.1 200 OK\r\ncontent-length: 5000\r\n\r\n".into(), vec![], Duration::ZERO).await;
        assert!(matches!(download(&url, limits(), |_, _| {}).await, Err(Refused::FeedInvalid(_))));
        let endless = "HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n".to_string();
        let url = serve_once(endless, vec![7; 4000], Duration::ZERO).await;
        assert!(matches!(download(&url, limits(), |_, _| {}).await, Err(Refused::FeedInvalid(_))));
    }

    #[tokio::test]
    async fn a_silent_or_missing_feed_is_unavailable() {
        let head = "HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\n".to_string();
        let url = serve_once(head, vec![7; 10], Duration::from_secs(3)).await;
        assert!(matches!(download(&url, limits(), |_, _| {}).await, Err(Refused::FeedUnavailable(_))));
        let url =
            serve_once("HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n".into(), vec![], Duration::ZERO).await;
        assert!(matches!(download(&url, limits(), |_, _| {}).await, Err(Refused::FeedUnavailable(_))));
    }
}
