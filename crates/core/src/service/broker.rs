//! This computer's installation at the vendor's token broker, kept in line
//! with what is saved here (docs/broker-protocol.md, "Confirming"): a
//! connection the broker made for a login this computer saved is
//! confirmed, one nobody saved here is revoked, and the installation's
//! secret is replaced once a month. And "sign this computer out".

use std::collections::HashSet;

use super::FortnoxConnect;
use crate::error::Result;

/// An unconfirmed connection this old that nobody saved here is revoked:
/// a login still being verified is younger (the broker revokes after an
/// hour in any case).
const ABANDONED_AFTER_SECS: i64 = 15 * 60;
/// The installation's secret is replaced when it is this old.
const ROTATE_AFTER_SECS: i64 = 30 * 86_400;

/// What a reconciliation did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Reconciled {
    pub confirmed: usize,
    pub revoked: usize,
    pub rotated: bool,
}

impl FortnoxConnect {
    /// Moves the credential of versions before the binding to this
    /// profile's broker. Only for the profile installed with the app or
    /// the built-in demo (`fortnox_launch` decides).
    pub fn adopt_legacy_installation(&self) {
        if let Err(e) = self.remote.tokens.adopt_legacy_installation() {
            tracing::warn!(error = %e, "could not move the broker credential of an earlier version");
        }
    }

    /// Confirms what is saved here, revokes what nobody saved, rotates an
    /// old secret. Nothing to do in client-secret mode.
    pub async fn reconcile_broker(&self) -> Result<Reconciled> {
        let Some(list) = self.remote.tokens.broker_connections().await? else {
            return Ok(Reconciled::default());
        };
        let saved: HashSet<String> = self.connections()?.into_iter().filter_map(|c| c.broker_connection).collect();
        let now = self.now().unix_timestamp();
        let mut done = Reconciled::default();
        for info in list.connections.iter().filter(|c| !c.confirmed) {
            if saved.contains(&info.connection_id) {
                self.remote.tokens.confirm_broker(&info.connection_id).await?;
                done.confirmed += 1;
            } else if now - info.created_at >= ABANDONED_AFTER_SECS {
                self.remote.tokens.revoke_broker(&info.connection_id, true).await?;
                done.revoked += 1;
            }
        }
        if list.installation_secret_age.is_some_and(|age| age >= ROTATE_AFTER_SECS) {
            self.remote.tokens.rotate_installation().await?;
            done.rotated = true;
        }
        if done != Reconciled::default() {
            tracing::info!(
                confirmed = done.confirmed,
                revoked = done.revoked,
                rotated = done.rotated,
                "reconciled with the token broker"
            );
        }
        Ok(done)
    }

    /// Removes every connection (revoked at Fortnox, even if it cannot be
    /// reached: this computer keeps nothing), then, in broker mode, signs
    /// the installation out at the broker and forgets its credential.
    /// Returns how many connections were removed.
    pub async fn sign_out(&self) -> Result<usize> {
        let ids: Vec<String> = self.connections()?.into_iter().map(|c| c.id).collect();
        for id in &ids {
            self.remove(id, true).await?;
        }
        self.remote.tokens.sign_out().await?;
        Ok(ids.len())
    }
}
