//! `FortnoxConnect`: the domain service over one profile's connections —
//! the state file, the keyring, Fortnox and the token source. The
//! operations layer (`crate::operations`) presents it to people; the
//! desktop app and the CLI never call it directly.

mod attention;
mod broker;
mod check;
mod connect;
mod decide;
mod manage;
mod outcome;
mod save;
mod tokens;
mod write_ahead;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use time::OffsetDateTime;

use crate::api::FortnoxApi;
use crate::clock::{Clock, SystemClock};
use crate::connection::{ActivityEvent, ActivityKind, ActivityLog, Connection, LastError};
use crate::error::{Error, Result};
use crate::http::{self, Backoff};
use crate::lang::Lang;
use crate::oauth::{PendingStore, TokenSource};
use crate::profile::Profile;
use crate::secret::AccessToken;
use crate::store::secrets::Secrets;
use crate::store::{SecretStore, StateFile};

pub use attention::needs_person;
pub use broker::Reconciled;
pub use outcome::{ConnectOutcome, ConnectProgress, Decision, DecisionChoice};
pub use tokens::{KeepaliveResult, TokenGrant};

/// Where things are kept.
struct Stores {
    state: StateFile,
    activity: ActivityLog,
    secrets: Secrets,
}

/// Who is asked over the network.
struct Remote {
    http: http::Http,
    tokens: TokenSource,
    api: FortnoxApi,
}

/// Logins under way and results waiting for a decision (memory only).
#[derive(Default)]
struct Flows {
    pending: PendingStore,
    held: Mutex<HashMap<String, decide::Held>>,
}

impl Flows {
    fn held(&self) -> MutexGuard<'_, HashMap<String, decide::Held>> {
        self.held.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Access tokens this process holds, and one renewal at a time per
/// connection (see `tokens.rs`).
#[derive(Default)]
struct TokenCache {
    renewing: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    access: Mutex<HashMap<String, (AccessToken, OffsetDateTime)>>,
}

/// How long to wait, and which clock tells.
struct Settings {
    clock: Arc<dyn Clock>,
    authorize_timeout: std::time::Duration,
    lock_wait: std::time::Duration,
}

pub struct FortnoxConnect {
    profile: Profile,
    data_dir: PathBuf,
    stores: Stores,
    remote: Remote,
    flows: Flows,
    cache: TokenCache,
    settings: Settings,
}

impl FortnoxConnect {
    /// The service for `profile`'s connections, kept under `data_root` in
    /// the profile's own namespace (docs/security.md: a connection is only
    /// ever used with the profile that made it).
    pub fn new(profile: Profile, data_root: &Path, secrets: Arc<dyn SecretStore>) -> FortnoxConnect {
        let data_dir = crate::paths::profile_dir(data_root, &profile);
        let http = http::client();
        let secrets = Secrets::new(secrets);
        FortnoxConnect {
            remote: Remote {
                tokens: TokenSource::new(&profile, http.clone(), secrets.clone())
                    .with_enroll_lock(data_dir.join("locks").join("broker-enroll.lock")),
                api: FortnoxApi::new(http.clone(), profile.endpoints.clone()),
                http,
            },
            stores: Stores { state: StateFile::new(&data_dir), activity: ActivityLog::new(&data_dir), secrets },
            data_dir,
            profile,
            flows: Flows::default(),
            cache: TokenCache::default(),
            settings: Settings {
                clock: Arc::new(SystemClock),
                // A code is valid for 10 minutes.
                authorize_timeout: std::time::Duration::from_secs(600),
                lock_wait: crate::store::lock::DEFAULT_WAIT,
            },
        }
    }

    /// The service the app and the CLI use: the OS keyring under this
    /// profile's own name, after moving this profile's connections out of
    /// the layout older versions used (if that fails, e.g. with a locked
    /// keyring, nothing is lost and the next start tries again).
    pub async fn open(profile: Profile, data_root: &Path) -> FortnoxConnect {
        // Older versions created it readable by everyone.
        if let Err(e) = fortnox_platform::private::create_dir(data_root) {
            tracing::warn!(error = %e, "could not make the data directory private");
        }
        let keyring = Arc::new(crate::store::KeyringStore::for_profile(&profile));
        let service = FortnoxConnect::new(profile, data_root, keyring.clone());
        let legacy = crate::store::KeyringStore::new();
        let moved = crate::store::legacy::migrate(
            data_root,
            &service.profile,
            &service.stores.state,
            &service.data_dir,
            &legacy,
            keyring.as_ref(),
        )
        .await;
        if let Err(e) = moved {
            tracing::warn!(error = %e, "could not move connections from the old layout; trying again next start");
        }
        service
    }

    /// Shorter retry waits (tests).
    pub fn with_backoff(mut self, backoff: Backoff) -> FortnoxConnect {
        self.remote.tokens = self.remote.tokens.with_backoff(backoff);
        self.remote.api = self.remote.api.with_backoff(backoff);
        self
    }

    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> FortnoxConnect {
        self.settings.clock = clock;
        self
    }

    /// How long to wait for another process's token renewal.
    pub fn with_lock_wait(mut self, wait: std::time::Duration) -> FortnoxConnect {
        self.settings.lock_wait = wait;
        self
    }

    pub fn with_authorize_timeout(mut self, timeout: std::time::Duration) -> FortnoxConnect {
        self.settings.authorize_timeout = timeout;
        self
    }

    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn now(&self) -> OffsetDateTime {
        self.settings.clock.now()
    }

    /// Whether tokens come from the vendor's broker.
    pub fn uses_broker(&self) -> bool {
        self.remote.tokens.is_broker()
    }

    /// All connections this profile made, oldest first.
    /// Results held for the person's decision (a wrong company, an
    /// existing connection): lost if the process ended now.
    pub fn decisions_waiting(&self) -> usize {
        self.flows.held().len()
    }

    pub fn connections(&self) -> Result<Vec<Connection>> {
        let (own, foreign): (Vec<Connection>, Vec<Connection>) =
            self.stores.state.load()?.connections.into_iter().partition(|c| c.made_with(&self.profile));
        if !foreign.is_empty() {
            tracing::warn!(
                count = foreign.len(),
                "connections of another profile are in this profile's state; ignored"
            );
        }
        Ok(own)
    }

    /// One connection. A connection another profile made (another issuer
    /// or client id) is refused: its tokens are never handed out, refreshed
    /// or revoked with this profile (docs/security.md).
    pub fn connection(&self, id: &str) -> Result<Connection> {
        let connection = self
            .stores
            .state
            .load()?
            .connection(id)
            .cloned()
            .ok_or_else(|| Error::ConnectionNotFound(id.to_string()))?;
        if !connection.made_with(&self.profile) {
            return Err(Error::OtherProfile {
                id: id.to_string(),
                issuer: connection.issuer,
                client_id: connection.client_id,
            });
        }
        Ok(connection)
    }

    pub fn activity(&self, id: &str) -> Vec<ActivityEvent> {
        self.stores.activity.read(id)
    }

    /// The saved interface language, if the person picked one.
    pub fn saved_language(&self) -> Option<Lang> {
        self.stores.state.load().ok().and_then(|s| s.settings.lang)
    }

    pub async fn save_language(&self, lang: Lang) -> Result<()> {
        self.stores
            .state
            .update(|doc| {
                doc.settings.lang = Some(lang);
                Ok(())
            })
            .await
    }

    /// Records an event in the connection's activity log (best effort: a
    /// full disk must not break a token request).
    pub(crate) fn log(&self, connection: &str, kind: ActivityKind) {
        self.log_event(connection, ActivityEvent::new(self.now(), kind));
    }

    pub(crate) fn log_event(&self, connection: &str, event: ActivityEvent) {
        if let Err(e) = self.stores.activity.append(connection, &event) {
            tracing::warn!(error = %e, "could not write the activity log");
        }
    }

    /// Records an error on the connection (state file and activity log).
    pub(crate) async fn record_error(&self, id: &str, error: &Error) {
        let last = LastError { code: error.code(), at: self.now(), details: error.details() };
        self.log_event(id, ActivityEvent::error(last.at, last.code, &last.details));
        let _ = self
            .stores
            .state
            .update(|doc| {
                if let Some(c) = doc.connection_mut(id) {
                    c.last_error = Some(last);
                }
                Ok(())
            })
            .await;
    }
}
