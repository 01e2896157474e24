//! Tauri's updater behind the operations' `Host` (docs/updates.md): it
//! reads the feed, picks this computer's package, checks the signature
//! against the key built into this app, and installs with the package
//! manager. The download itself is core's, within limits
//! (`fortnox_core::update::download`). When to look and what to say is the
//! operations'.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use fortnox_core::update::{Limits, Offer, Refused};
use tauri::{AppHandle, Runtime};
use tauri_plugin_updater::{Error as UpdaterError, Update, UpdaterExt};
use url::Url;

/// The vendor's update key: the public half of the pair that signs
/// releases (`tauri signer generate`), built in at compile time from
/// `FORTNOX_CONNECT_UPDATE_PUBKEY`. Demo builds carry the tests'
/// throwaway key; a build without a key never updates itself.
const PUBKEY: &str = match option_env!("FORTNOX_CONNECT_UPDATE_PUBKEY") {
    Some(key) => key,
    None => DEMO_PUBKEY,
};
#[cfg(feature = "demo")]
const DEMO_PUBKEY: &str = include_str!("../../tests/fixtures/updates/test.key.pub");
#[cfg(not(feature = "demo"))]
const DEMO_PUBKEY: &str = "";

/// How often a running app looks again.
pub const EVERY: Duration = Duration::from_secs(24 * 60 * 60);
/// After the first screen, so that looking never slows the start.
pub const FIRST_AFTER: Duration = Duration::from_secs(3);

pub fn enabled() -> bool {
    !PUBKEY.trim().is_empty()
}

pub fn plugin<R: Runtime>() -> tauri::plugin::TauriPlugin<R, tauri_plugin_updater::Config> {
    tauri_plugin_updater::Builder::new().pubkey(PUBKEY.trim()).build()
}

/// The update a check found, downloaded and verified, until it is
/// installed.
pub type Pending = Arc<Mutex<Option<(Update, Arc<Vec<u8>>)>>>;

fn refused(error: UpdaterError) -> Refused {
    use UpdaterError as E;
    let detail = error.to_string();
    match error {
        E::Minisign(_)
        | E::Base64(_)
        | E::SignatureUtf8(_)
        | E::SignedVersionMismatch { .. }
        | E::MissingSignedVersion => Refused::Signature(detail),
        E::TargetNotFound(_) | E::TargetsNotFound(_) | E::UnsupportedArch | E::UnsupportedOs => {
            Refused::NotForThisComputer(detail)
        }
        E::Serialization(_) | E::Semver(_) | E::UrlParse(_) | E::InvalidUpdaterFormat | E::EmptyEndpoints => {
            Refused::FeedInvalid(detail)
        }
        _ => Refused::InstallFailed(detail),
    }
}

/// Looks at `feed`; a newer version is downloaded, verified and kept in
/// `pending`. An older one is refused, never installed. The manifest is
/// read by core within limits and handed to the updater, which picks this
/// computer's package and requires the signature to name the version
/// announced (an old signed package cannot be offered as a new one).
pub async fn check<R: Runtime>(
    app: &AppHandle<R>,
    pending: &Pending,
    feed: &Url,
    installed: &str,
) -> Result<Option<Offer>, Refused> {
    let limits = Limits::standard();
    let offered_older = Arc::new(Mutex::new(None::<String>));
    let older = offered_older.clone();
    let updater = app
        .updater_builder()
        .endpoints(vec![feed.clone()])
        .map_err(refused)?
        .version_comparator(move |current, remote| {
            if remote.version < current {
                *older.lock().unwrap_or_else(|e| e.into_inner()) = Some(remote.version.to_string());
            }
            remote.version > current
        })
        .build()
        .map_err(refused)?;
    let manifest_limits = Limits { max_bytes: fortnox_core::update::MANIFEST_MAX_BYTES, ..limits };
    let manifest = fortnox_core::update::download(feed, manifest_limits, |_, _| {}).await?;
    let manifest: serde_json::Value =
        serde_json::from_slice(&manifest).map_err(|e| Refused::FeedInvalid(format!("the manifest: {e}")))?;
    let Some(update) = updater.restore_update(manifest).map_err(refused)? else {
        return match offered_older.lock().unwrap_or_else(|e| e.into_inner()).take() {
            Some(offered) => Err(Refused::Downgrade { offered, installed: installed.to_string() }),
            None => Ok(None),
        };
    };
    if !fortnox_core::update::acceptable_address(&update.download_url) {
        return Err(Refused::FeedInvalid(format!("the package's address is not https: {}", update.download_url)));
    }
    let (notes_sv, notes_en) = Offer::notes_from(&update.raw_json);
    let same = |(waiting, _): &(Update, Arc<Vec<u8>>)| {
        waiting.version == update.version && waiting.signature == update.signature
    };
    if let Some((_, bytes)) = pending.lock().unwrap_or_else(|e| e.into_inner()).as_ref().filter(|p| same(p)) {
        // Already downloaded and verified: not again.
        return Ok(Some(Offer { version: update.version.clone(), notes_sv, notes_en, bytes: bytes.len() as u64 }));
    }
    tracing::info!(version = %update.version, "a newer version is offered: downloading");
    let bytes = fortnox_core::update::download(&update.download_url, limits, |_, _| {}).await?;
    update.verify(&bytes).map_err(refused)?;
    let offer = Offer { version: update.version.clone(), notes_sv, notes_en, bytes: bytes.len() as u64 };
    *pending.lock().unwrap_or_else(|e| e.into_inner()) = Some((update, Arc::new(bytes)));
    Ok(Some(offer))
}

/// Installs the pending update with the package manager (which asks for
/// the person's password). A copy that was not installed from a package
/// is never replaced. The caller starts the new version (`restart`).
pub async fn install(pending: &Pending) -> Result<(), Refused> {
    if tauri::utils::platform::bundle_type().is_none() {
        return Err(Refused::NotInstalledFromPackage);
    }
    let Some((update, bytes)) = pending.lock().unwrap_or_else(|e| e.into_inner()).clone() else {
        return Err(Refused::InstallFailed("no update is ready".into()));
    };
    let installed = tauri::async_runtime::spawn_blocking(move || update.install(bytes.as_slice()))
        .await
        .map_err(|e| Refused::InstallFailed(e.to_string()))?;
    // Every failure here is the install's, whatever the plugin calls it.
    installed.map_err(|e| Refused::InstallFailed(e.to_string()))?;
    tracing::info!("the update is installed");
    Ok(())
}
