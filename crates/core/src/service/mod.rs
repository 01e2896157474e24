//! `FortnoxConnect`: every operation the wizard and the CLI offer, over
//! the profile, the state file, the keyring and Fortnox. The desktop app
//! and the CLI are thin skins over this.

mod connect;
mod manage;
mod summary;
mod tokens;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use time::OffsetDateTime;

use crate::api::FortnoxApi;
use crate::catalogue::{self, Context, Problem};
use crate::clock::{Clock, SystemClock};
use crate::connection::{ActivityEvent, ActivityKind, ActivityLog, Connection, LastError};
use crate::error::{Error, Result};
use crate::http::{self, Backoff};
use crate::lang::Lang;
use crate::oauth::{PendingStore, TokenSource};
use crate::profile::Profile;
use crate::store::secrets::Secrets;
use crate::store::{SecretStore, StateFile};

pub use connect::{ConnectOutcome, ConnectProgress, DecisionChoice, DecisionKind};
pub use summary::ConnectionSummary;
pub use tokens::TokenGrant;

pub struct FortnoxConnect {
    profile: Profile,
    data_dir: PathBuf,
    http: reqwest::Client,
    state: StateFile,
    activity: ActivityLog,
    secrets: Secrets,
    tokens: TokenSource,
    api: FortnoxApi,
    pending: PendingStore,
    decisions: Mutex<HashMap<String, connect::Held>>,
    refresh_locks: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    /// Access tokens this process holds (see `tokens.rs`).
    access_cache: Mutex<HashMap<String, (crate::secret::AccessToken, OffsetDateTime)>>,
    clock: Arc<dyn Clock>,
    authorize_timeout: std::time::Duration,
    /// How long to wait for another process's refresh.
    lock_wait: std::time::Duration,
}

impl FortnoxConnect {
    /// The service for `profile`'s connections, kept under `data_root` in
    /// the profile's own namespace (docs/security.md: a connection is only
    /// ever used with the profile that made it).
    pub fn new(profile: Profile, data_root: &Path, secrets: Arc<dyn SecretStore>) -> FortnoxConnect {
        let data_dir = crate::paths::profile_dir(data_root, &profile);
        let data_dir = data_dir.as_path();
        let http = http::client();
        let secrets = Secrets::new(secrets);
        FortnoxConnect {
            tokens: TokenSource::new(&profile, http.clone(), secrets.clone()),
            api: FortnoxApi::new(http.clone(), profile.endpoints.clone()),
            http,
            state: StateFile::new(data_dir),
            activity: ActivityLog::new(data_dir),
            data_dir: data_dir.to_path_buf(),
            profile,
            secrets,
            pending: PendingStore::default(),
            decisions: Mutex::new(HashMap::new()),
            refresh_locks: Mutex::new(HashMap::new()),
            access_cache: Mutex::new(HashMap::new()),
            clock: Arc::new(SystemClock),
            // A code is valid for 10 minutes.
            authorize_timeout: std::time::Duration::from_secs(600),
            lock_wait: crate::store::lock::DEFAULT_WAIT,
        }
    }

    /// The service the app and the CLI use: the OS keyring under this
    /// profile's own name, after moving this profile's connections out of
    /// the layout older versions used (if that fails, e.g. with a locked
    /// keyring, nothing is lost and the next start tries again).
    pub async fn open(profile: Profile, data_root: &Path) -> FortnoxConnect {
        // Older versions created it readable by everyone.
        if let Err(e) = fortnox_oauth::private_files::create_dir(data_root) {
            tracing::warn!(error = %e, "could not make the data directory private");
        }
        let keyring = Arc::new(crate::store::KeyringStore::for_profile(&profile));
        let service = FortnoxConnect::new(profile, data_root, keyring.clone());
        let legacy = crate::store::KeyringStore::new();
        let moved = crate::store::legacy::migrate(
            data_root,
            &service.profile,
            &service.state,
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
        self.tokens = self.tokens.with_backoff(backoff);
        self.api = self.api.with_backoff(backoff);
        self
    }

    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> FortnoxConnect {
        self.clock = clock;
        self
    }

    /// How long to wait for another process's token renewal (tests).
    pub fn with_lock_wait(mut self, wait: std::time::Duration) -> FortnoxConnect {
        self.lock_wait = wait;
        self
    }

    pub fn with_authorize_timeout(mut self, timeout: std::time::Duration) -> FortnoxConnect {
        self.authorize_timeout = timeout;
        self
    }

    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }

    /// All connections this profile made, oldest first.
    pub fn connections(&self) -> Result<Vec<Connection>> {
        let (own, foreign): (Vec<Connection>, Vec<Connection>) =
            self.state.load()?.connections.into_iter().partition(|c| self.profile.made(c));
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
        let connection =
            self.state.load()?.connection(id).cloned().ok_or_else(|| Error::ConnectionNotFound(id.to_string()))?;
        if !self.profile.made(&connection) {
            return Err(Error::OtherProfile {
                id: id.to_string(),
                issuer: connection.issuer,
                client_id: connection.client_id,
            });
        }
        Ok(connection)
    }

    pub fn summaries(&self) -> Result<Vec<ConnectionSummary>> {
        let now = self.now();
        Ok(self.connections()?.iter().map(|c| ConnectionSummary::of(c, &self.profile, now)).collect())
    }

    pub fn summary(&self, id: &str) -> Result<ConnectionSummary> {
        Ok(ConnectionSummary::of(&self.connection(id)?, &self.profile, self.now()))
    }

    pub fn activity(&self, id: &str) -> Vec<ActivityEvent> {
        self.activity.read(id)
    }

    /// The saved interface language, if the user picked one.
    pub fn saved_language(&self) -> Option<Lang> {
        self.state.load().ok().and_then(|s| s.settings.lang)
    }

    pub async fn save_language(&self, lang: Lang) -> Result<()> {
        self.state
            .update(|doc| {
                doc.settings.lang = Some(lang);
                Ok(())
            })
            .await
    }

    /// The catalogue entry for an error, with the profile's names and the
    /// connection's context.
    pub fn problem(&self, error: &Error, connection: Option<&Connection>, lang: Lang) -> Problem {
        let code = error.code();
        let mut ctx = self.context(connection);
        match error {
            Error::AuthorizationRefused { options, .. } if !options.is_empty() => {
                ctx.options = self.option_labels(options, lang);
                ctx.option_ids = options.clone();
            }
            Error::Api { .. } => {
                if let Some(c) = connection {
                    ctx.options = self.option_labels(&c.options, lang);
                }
            }
            _ => {}
        }
        catalogue::render(code, error.details(), &ctx, lang)
    }

    /// The catalogue entry for a code about some transfer options (e.g. a
    /// failed check in the verification report).
    pub fn explain(&self, code: catalogue::ErrorCode, option_ids: &[String], lang: Lang) -> Problem {
        let mut ctx = self.context(None);
        ctx.options = self.option_labels(option_ids, lang);
        ctx.option_ids = option_ids.to_vec();
        catalogue::render(code, "", &ctx, lang)
    }

    pub(crate) fn context(&self, connection: Option<&Connection>) -> Context {
        Context {
            integration: self.profile.name.clone(),
            vendor: self.profile.vendor.clone(),
            vendor_contact: self.profile.vendor_contact.clone(),
            account_type: connection.map(|c| c.account_type),
            options: Vec::new(),
            option_ids: Vec::new(),
        }
    }

    pub(crate) fn option_labels(&self, ids: &[String], lang: Lang) -> Vec<String> {
        ids.iter()
            .map(|id| self.profile.option(id).map(|o| o.label.get(lang).to_string()).unwrap_or_else(|| id.clone()))
            .collect()
    }

    /// Records an event in the connection's activity log (best effort: a
    /// full disk must not break a token request).
    pub(crate) fn log(
        &self,
        connection: &str,
        kind: ActivityKind,
        code: Option<catalogue::ErrorCode>,
        message: impl Into<String>,
    ) {
        self.log_event(
            connection,
            ActivityEvent { at: self.now(), kind, code, message: message.into(), options: vec![] },
        );
    }

    pub(crate) fn log_event(&self, connection: &str, event: ActivityEvent) {
        if let Err(e) = self.activity.append(connection, &event) {
            tracing::warn!(error = %e, "could not write the activity log");
        }
    }

    /// Records an error on the connection (state file and activity log).
    pub(crate) async fn record_error(&self, id: &str, error: &Error) {
        let last = LastError { code: error.code(), at: self.now(), details: error.details() };
        self.log(id, ActivityKind::Error, Some(last.code), last.details.clone());
        let _ = self
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
