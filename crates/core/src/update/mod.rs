//! Updates of the app itself (docs/updates.md): why an offered update is
//! refused, the download with its limits, and the release notes in the
//! person's language. Finding and installing an update is the desktop
//! app's (Tauri's updater, which also checks the signature); what to do
//! about each refusal is the catalogue's.

mod download;

use crate::catalogue::code::ErrorCode;
use crate::lang::Lang;

pub use download::{Limits, MANIFEST_MAX_BYTES, TIMEOUT_ENV, download};

/// Where a manifest or a package may come from: https, or plain http on
/// this computer (a vendor trying a release, the tests). The signature is
/// what is trusted; this keeps the rest of the way private.
pub fn acceptable_address(url: &url::Url) -> bool {
    match url.scheme() {
        "https" => true,
        "http" => match url.host() {
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            Some(url::Host::Domain(name)) => name == "localhost",
            None => false,
        },
        _ => false,
    }
}

/// Why an update was not installed. The installed version keeps working
/// in every case.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// Tampered with, unsigned, or signed with another key.
    #[error("the update's signature does not match this app's key: {0}")]
    Signature(String),
    /// The feed offers an older version than the one installed.
    #[error("the feed offers {offered}, older than the installed {installed}")]
    Downgrade { offered: String, installed: String },
    /// The feed has nothing for this operating system and package kind.
    #[error("the feed has no update for this computer ({0})")]
    NotForThisComputer(String),
    /// Down, or too slow to answer in time.
    #[error("the update feed could not be reached: {0}")]
    FeedUnavailable(String),
    /// An answer that cannot be an update: unreadable, or too large.
    #[error("the update feed's answer is not a usable update: {0}")]
    FeedInvalid(String),
    /// The download ended before the whole file came.
    #[error("the update was not downloaded completely: {0}")]
    Incomplete(String),
    /// The package manager did not install it (or the person declined
    /// the password prompt).
    #[error("the update could not be installed: {0}")]
    InstallFailed(String),
    /// This copy was not installed from a package the updater can
    /// replace (a development build, or an unpacked copy).
    #[error("this copy of the app was not installed from a package that can be updated")]
    NotInstalledFromPackage,
}

impl Refused {
    pub fn code(&self) -> ErrorCode {
        match self {
            Refused::Signature(_) => ErrorCode::UpdateSignatureInvalid,
            Refused::Downgrade { .. } => ErrorCode::UpdateDowngrade,
            Refused::NotForThisComputer(_) => ErrorCode::UpdateNotForThisComputer,
            Refused::FeedUnavailable(_) => ErrorCode::UpdateFeedUnavailable,
            Refused::FeedInvalid(_) => ErrorCode::UpdateFeedInvalid,
            Refused::Incomplete(_) => ErrorCode::UpdateIncomplete,
            Refused::InstallFailed(_) => ErrorCode::UpdateInstallFailed,
            Refused::NotInstalledFromPackage => ErrorCode::UpdateNotInstalledFromPackage,
        }
    }
}

/// A verified update, downloaded and ready to install.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub version: String,
    /// What is new, in each language the feed has (`notes_by_language`),
    /// else the feed's one `notes` for both.
    pub notes_sv: Option<String>,
    pub notes_en: Option<String>,
    /// The package's size.
    pub bytes: u64,
}

impl Offer {
    /// Reads the notes of a manifest (the updater's `raw_json`).
    pub fn notes_from(manifest: &serde_json::Value) -> (Option<String>, Option<String>) {
        let text = |v: &serde_json::Value| v.as_str().map(str::trim).filter(|t| !t.is_empty()).map(String::from);
        let common = text(&manifest["notes"]);
        let by = &manifest["notes_by_language"];
        (text(&by["sv"]).or_else(|| common.clone()), text(&by["en"]).or(common))
    }

    pub fn notes(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::Sv => self.notes_sv.as_deref(),
            Lang::En => self.notes_en.as_deref(),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn only_https_or_this_computer_is_acceptable() {
        let ok = |u: &str| acceptable_address(&url::Url::parse(u).unwrap());
        assert!(ok("https://updates.example.com/a.deb") && ok("http://127.0.0.1:8080/a.deb") && ok("http://[::1]/a"));
        assert!(!ok("http://updates.example.com/a.deb") && !ok("ftp://updates.example.com/a.deb"));
    }

    #[test]
    fn notes_come_in_the_persons_language_else_the_common_text() {
        let both = json!({ "notes": "Fixes", "notes_by_language": { "sv": "Rättningar", "en": "Fixes in English" } });
        assert_eq!(Offer::notes_from(&both), (Some("Rättningar".into()), Some("Fixes in English".into())));
        let one = json!({ "notes": "  Fixes  " });
        assert_eq!(Offer::notes_from(&one), (Some("Fixes".into()), Some("Fixes".into())));
        assert_eq!(Offer::notes_from(&json!({})), (None, None));
    }
}
