//! The layout before each profile had its own namespace: every connection
//! in `{data}/state.json`, its secrets under the keyring service
//! `fortnox-connect`. On start, the connections this profile made move to
//! its namespace, once, in an order that loses nothing if the app dies
//! half-way: secrets copied, new state written, old state rewritten, old
//! secrets deleted.

use std::path::Path;

use crate::connection::Connection;
use crate::error::Result;
use crate::profile::{BUILTIN_ISSUER_ID, Profile};
use crate::store::StateFile;
use crate::store::secrets::{SecretStore, keys};

/// Whether a connection of the old layout belongs to `profile`. The demo's
/// sandbox had a new port each run: any loopback issuer with the demo's
/// client id is the demo's.
fn belongs(connection: &Connection, profile: &Profile) -> bool {
    if connection.client_id != profile.client_id {
        return false;
    }
    if profile.issuer_id == BUILTIN_ISSUER_ID {
        return url::Url::parse(&connection.issuer)
            .is_ok_and(|u| matches!(u.host_str(), Some("127.0.0.1" | "localhost" | "[::1]")));
    }
    connection.issuer == profile.issuer_id
}

/// Moves `profile`'s connections from the old layout under `data_root`
/// into `target`. Returns how many moved.
pub async fn migrate(
    data_root: &Path,
    profile: &Profile,
    target: &StateFile,
    target_dir: &Path,
    old_keyring: &dyn SecretStore,
    keyring: &dyn SecretStore,
) -> Result<usize> {
    let old = StateFile::new(data_root);
    if !old.path().is_file() {
        return Ok(0);
    }
    let old_doc = old.load()?;
    let moving: Vec<Connection> = old_doc.connections.iter().filter(|c| belongs(c, profile)).cloned().collect();
    if moving.is_empty() {
        return Ok(0);
    }
    for connection in &moving {
        for key in [keys::refresh_token(&connection.id), keys::access_token(&connection.id)] {
            if let Some(value) = old_keyring.get(&key)? {
                keyring.set(&key, &value)?;
            }
        }
        let activity = |dir: &Path| dir.join("activity").join(format!("{}.jsonl", connection.id));
        if activity(data_root).is_file() {
            fortnox_platform::private::create_dir(&target_dir.join("activity"))
                .and_then(|_| std::fs::rename(activity(data_root), activity(target_dir)))
                .map_err(|source| crate::error::Error::Storage { path: activity(target_dir), source })?;
        }
    }
    let issuer_id = profile.issuer_id.clone();
    let settings = old_doc.settings.clone();
    target
        .update(|doc| {
            for connection in &moving {
                if doc.connection(&connection.id).is_none() {
                    let mut moved = connection.clone();
                    moved.issuer = issuer_id.clone();
                    doc.connections.push(moved);
                }
            }
            if doc.settings.lang.is_none() {
                doc.settings = settings;
            }
            Ok(())
        })
        .await?;
    let ids: Vec<&str> = moving.iter().map(|c| c.id.as_str()).collect();
    old.update(|doc| {
        doc.connections.retain(|c| !ids.contains(&c.id.as_str()));
        Ok(())
    })
    .await?;
    for id in ids {
        old_keyring.delete(&keys::refresh_token(id))?;
        old_keyring.delete(&keys::access_token(id))?;
    }
    tracing::info!(moved = moving.len(), "moved connections into the profile's own namespace");
    Ok(moving.len())
}
