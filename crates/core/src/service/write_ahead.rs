//! A new connection's tokens go to the keyring while the verification
//! round is in flight: the Secret Service's two writes (about 30 ms) then
//! add nothing to the time from Fortnox's answer to "connected"
//! (docs/architecture.md, "From the callback to connected").
//!
//! Nothing mentions the entries until the state does, as in a save one
//! step at a time; a result that is not saved (verification failed, a
//! decision to wait for, the state could not be written) has them deleted.

use std::future::Future;

use time::OffsetDateTime;

use super::FortnoxConnect;
use crate::checkpoint;
use crate::error::{Error, Result};
use crate::oauth::{Exchanged, Tokens};
use crate::secret::{AccessToken, RefreshToken};
use crate::store::secrets::Secrets;

/// Entries written for a connection not yet in the state.
pub(super) struct WrittenAhead {
    pub(super) id: String,
    pub(super) expires_at: OffsetDateTime,
    /// Whether both entries were written.
    pub(super) outcome: Result<()>,
}

/// The refresh token (when there is one), then the access token. The
/// checkpoints are the reliability tests' (`checkpoint.rs`).
fn write_entries(
    secrets: &Secrets,
    id: &str,
    refresh: Option<&RefreshToken>,
    access: &AccessToken,
    expires_at: OffsetDateTime,
) -> Result<()> {
    checkpoint::reached(checkpoint::CONNECT_SAVING);
    if let Some(refresh) = refresh {
        secrets.set_refresh_token(id, refresh)?;
    }
    secrets.set_access_token(id, access, expires_at)?;
    checkpoint::reached(checkpoint::CONNECT_SECRETS_SAVED);
    Ok(())
}

impl FortnoxConnect {
    /// Writes `tokens` for connection `id`, here and now. Returns when
    /// the access token expires.
    pub(super) fn write_tokens(&self, id: &str, tokens: &Tokens) -> Result<OffsetDateTime> {
        let expires_at = self.expiry(tokens);
        write_entries(&self.stores.secrets, id, tokens.refresh_token.as_ref(), &tokens.access_token, expires_at)?;
        Ok(expires_at)
    }

    /// Runs `alongside` while `tokens` are written, on a blocking thread,
    /// for a new connection with a new id.
    pub(super) async fn write_ahead<T>(
        &self,
        tokens: &Exchanged,
        alongside: impl Future<Output = T>,
    ) -> (T, WrittenAhead) {
        let id = uuid::Uuid::new_v4().to_string();
        let expires_at = self.expiry(&tokens.tokens);
        let secrets = self.stores.secrets.clone();
        let (key, refresh, access) =
            (id.clone(), tokens.tokens.refresh_token.clone(), tokens.tokens.access_token.clone());
        let writing =
            tokio::task::spawn_blocking(move || write_entries(&secrets, &key, refresh.as_ref(), &access, expires_at));
        let (value, written) = tokio::join!(alongside, writing);
        let outcome = written.unwrap_or_else(|stopped| {
            Err(Error::KeyringUnavailable(format!("writing to the keyring stopped: {stopped}")))
        });
        (value, WrittenAhead { id, expires_at, outcome })
    }

    /// Deletes the entries written ahead for a result not saved now.
    pub(super) fn unwrite_ahead(&self, ahead: Option<WrittenAhead>) {
        if let Some(ahead) = ahead {
            self.unwrite(&ahead.id);
        }
    }

    /// Deletes the entries of a connection that was never saved.
    pub(super) fn unwrite(&self, id: &str) {
        for deleted in [self.stores.secrets.delete_refresh_token(id), self.stores.secrets.delete_access_token(id)] {
            if let Err(e) = deleted {
                tracing::warn!(error = %e, "could not delete the tokens of a connection that was not saved");
            }
        }
    }
}
