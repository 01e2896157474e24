//! The broker's database through `sqlx`'s Any driver: SQLite (embedded,
//! the default) or PostgreSQL (for replicas), with one set of migrations
//! in portable SQL.
//!
//! Single-flight across replicas rests on a lease: a refresh first marks
//! its connection (`lease_owner`, `lease_until`) in a statement of its own,
//! which commits at once; then Fortnox is asked, with no transaction open
//! (a slow Fortnox stalls nobody else's writes, on SQLite either); then the
//! answer is written with a compare-and-set on the row's `version`, which
//! every write bumps. The holder extends its lease while it waits for
//! Fortnox, so a lease outlives a crashed holder (a replica killed) by at
//! most one lease period; a holder whose lease expired still writes its
//! answer if nobody else wrote since.

use std::borrow::Cow;
use std::time::Duration;

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{AnyPool, Executor, Row};

use crate::error::BrokerError;
use crate::event::Event;
use crate::seal::{Keys, Place};

const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "initial", include_str!("../migrations/0001_initial.sql")),
    (2, "leases and bindings", include_str!("../migrations/0002_leases_and_bindings.sql")),
    (3, "outbox", include_str!("../migrations/0003_outbox.sql")),
];

#[derive(Clone)]
pub struct Store {
    pub(crate) pool: AnyPool,
    /// Whether changes are written to the outbox (a webhook is set).
    pub(crate) events: bool,
}

/// A registered authorization, claimed once by its exchange.
#[derive(Debug, Clone)]
pub struct Authorization {
    pub account_type: String,
}

/// An authorization to register.
pub struct NewAuthorization<'a> {
    pub state_hash: &'a str,
    pub installation: &'a str,
    pub challenge: &'a str,
    pub redirect_uri: &'a str,
    pub account_type: &'a str,
    pub now: i64,
    pub expires_at: i64,
}

/// Why a claim failed (told apart only after it failed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimRefused {
    Unknown,
    Replayed,
    Expired,
    WrongVerifier,
    /// The exchange names another redirect URI: the registration stays
    /// usable for the right one.
    RedirectMismatch,
}

/// One connection as stored (tokens still sealed).
#[derive(Debug, Clone)]
pub struct ConnectionRow {
    pub id: String,
    pub installation_id: String,
    pub tenant_id: Option<String>,
    pub account_type: String,
    pub scopes: String,
    pub company_name: Option<String>,
    pub org_number: Option<String>,
    pub state: String,
    pub refresh_token: Option<String>,
    pub refresh_issued_at: Option<i64>,
    pub access_token: Option<String>,
    pub access_expires_at: Option<i64>,
    pub created_at: i64,
    pub last_refresh_at: Option<i64>,
    pub last_error: Option<String>,
    pub confirmed: bool,
    pub version: i64,
    pub last_used_at: Option<i64>,
    /// `binding_text`, sealed.
    pub binding: Option<String>,
}

impl ConnectionRow {
    /// Where its sealed `field` belongs.
    pub fn place<'a>(&'a self, field: &'a str) -> Place<'a> {
        Place { installation: &self.installation_id, connection: &self.id, field }
    }

    /// What `binding` seals: the account type and tenant the broker
    /// itself established, which no database edit can change unseen.
    pub fn binding_text(&self) -> String {
        format!("{}/{}", self.account_type, self.tenant_id.as_deref().unwrap_or(""))
    }
}

/// An installation, for the vendor's `installations list`.
#[derive(Debug, Clone)]
pub struct InstallationRow {
    pub id: String,
    pub label: Option<String>,
    pub created_at: i64,
    pub last_seen_at: Option<i64>,
    pub secret_set_at: Option<i64>,
    pub connections: i64,
}

/// Who exchanged a code before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriorExchange {
    pub installation_id: String,
    pub connection_id: Option<String>,
}

pub const ACTIVE: &str = "active";
pub const NEEDS_REAUTHORIZATION: &str = "needs_reauthorization";

const CONNECTION_COLUMNS: &str = "id, installation_id, tenant_id, account_type, scopes, company_name, org_number, state, \
     refresh_token, refresh_issued_at, access_token, access_expires_at, created_at, last_refresh_at, last_error, \
     confirmed, version, last_used_at, binding";

fn connection_from(row: &AnyRow) -> Result<ConnectionRow, sqlx::Error> {
    Ok(ConnectionRow {
        id: row.try_get("id")?,
        installation_id: row.try_get("installation_id")?,
        tenant_id: row.try_get("tenant_id")?,
        account_type: row.try_get("account_type")?,
        scopes: row.try_get("scopes")?,
        company_name: row.try_get("company_name")?,
        org_number: row.try_get("org_number")?,
        state: row.try_get("state")?,
        refresh_token: row.try_get("refresh_token")?,
        refresh_issued_at: row.try_get("refresh_issued_at")?,
        access_token: row.try_get("access_token")?,
        access_expires_at: row.try_get("access_expires_at")?,
        created_at: row.try_get("created_at")?,
        last_refresh_at: row.try_get("last_refresh_at")?,
        last_error: row.try_get("last_error")?,
        confirmed: row.try_get::<i64, _>("confirmed")? != 0,
        version: row.try_get("version")?,
        last_used_at: row.try_get("last_used_at")?,
        binding: row.try_get("binding")?,
    })
}

fn migrator() -> Migrator {
    let migrations: Vec<Migration> = MIGRATIONS
        .iter()
        .map(|(version, description, sql)| {
            Migration::new(*version, Cow::Borrowed(*description), MigrationType::Simple, Cow::Borrowed(*sql), false)
        })
        .collect();
    Migrator { migrations: Cow::Owned(migrations), ..Migrator::DEFAULT }
}

/// `sqlite:PATH`, `sqlite://PATH` and `sqlite:///PATH` as the help text
/// writes them: the file is created when missing (`mode=rwc`), which a
/// vendor's first start needs. `sqlite::memory:` is left alone.
pub fn normalize_sqlite_url(url: &str) -> String {
    if !url.starts_with("sqlite:") || url.contains(":memory:") || url.contains("mode=") {
        return url.to_string();
    }
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}mode=rwc")
}

/// The file of a `sqlite:` URL.
fn sqlite_path(url: &str) -> Option<std::path::PathBuf> {
    let rest = url.strip_prefix("sqlite:")?;
    let path = rest.strip_prefix("//").unwrap_or(rest).split('?').next()?;
    (!path.is_empty() && !path.contains(":memory:")).then(|| std::path::PathBuf::from(path))
}

/// Creates the SQLite file readable by this user only, and its folder if
/// missing (an existing folder is left as it is: it may be the vendor's
/// own). SQLite gives its `-wal` and `-shm` files the database file's mode.
fn prepare_sqlite_file(path: &std::path::Path) -> Result<(), BrokerError> {
    let failed = |e: std::io::Error| BrokerError::Config(format!("cannot create {}: {e}", path.display()));
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.exists()
    {
        fortnox_platform::private::create_dir(dir).map_err(failed)?;
    }
    if !path.exists() {
        fortnox_platform::private::options().write(true).create_new(true).open(path).map_err(failed)?;
    }
    Ok(())
}

impl Store {
    /// Connects, brings the schema up to date (replicas starting at once
    /// take turns: sqlx holds a database lock while migrating), and
    /// converts what schema 1 left (see `upgrade`).
    pub async fn open(url: &str, keys: &Keys) -> Result<Store, BrokerError> {
        sqlx::any::install_default_drivers();
        let url = normalize_sqlite_url(url);
        let sqlite = url.starts_with("sqlite:");
        if let Some(path) = sqlite_path(&url) {
            prepare_sqlite_file(&path)?;
        }
        let pool = AnyPoolOptions::new()
            .max_connections(if sqlite { 8 } else { 16 })
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if sqlite {
                        // Wait for another writer instead of failing, and let
                        // readers run beside one writer.
                        conn.execute("PRAGMA busy_timeout = 30000").await?;
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        let had_schema_2 = sqlx::query("SELECT version FROM _sqlx_migrations WHERE version = 2 AND success")
            .fetch_optional(&pool)
            .await
            .ok()
            .flatten()
            .is_some();
        migrator().run(&pool).await?;
        let store = Store { pool, events: false };
        if !had_schema_2 {
            store.upgrade(keys).await?;
        }
        Ok(store)
    }

    /// Once, as schema 2 is applied: schema 1's secret hashes are wrapped
    /// under the key and its sealed tokens sealed again bound to their
    /// installation. Afterwards no schema 1 form is accepted.
    async fn upgrade(&self, keys: &Keys) -> Result<(), BrokerError> {
        let mut tx = self.pool.begin().await?;
        let installations = sqlx::query("SELECT id, secret_hash FROM installations").fetch_all(&mut *tx).await?;
        for row in &installations {
            let (id, hash): (String, String) = (row.try_get("id")?, row.try_get("secret_hash")?);
            if !hash.starts_with("v2.") {
                sqlx::query("UPDATE installations SET secret_hash = $1 WHERE id = $2")
                    .bind(keys.seal_hash(&id, &hash))
                    .bind(&id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        let rows = sqlx::query(&format!("SELECT {CONNECTION_COLUMNS} FROM connections")).fetch_all(&mut *tx).await?;
        let mut converted = 0;
        for row in &rows {
            let row = connection_from(row)?;
            let mut reseal = |field: &str, sealed: &Option<String>| -> Result<Option<String>, BrokerError> {
                match sealed {
                    Some(value) if value.starts_with("v1.") => {
                        let place = Place { installation: &row.installation_id, connection: &row.id, field };
                        let open = keys.open_v1(place, value)?;
                        converted += 1;
                        Ok(Some(keys.seal(row.place(field), &open)))
                    }
                    other => Ok(other.clone()),
                }
            };
            let refresh = reseal("refresh_token", &row.refresh_token)?;
            let access = reseal("access_token", &row.access_token)?;
            // What schema 1 stored is trusted once, as the upgrade runs.
            let binding = keys.seal(row.place("binding"), &row.binding_text());
            sqlx::query("UPDATE connections SET refresh_token = $1, access_token = $2, binding = $3 WHERE id = $4")
                .bind(refresh)
                .bind(access)
                .bind(binding)
                .bind(&row.id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        if !installations.is_empty() || converted > 0 {
            tracing::info!(
                installations = installations.len(),
                sealed_values = converted,
                "schema 2: secret hashes keyed, tokens bound to their installation"
            );
        }
        Ok(())
    }

    pub async fn healthy(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    // --- installations ---

    pub async fn create_installation(
        &self,
        id: &str,
        secret_hash: &str,
        label: Option<&str>,
        now: i64,
    ) -> Result<(), BrokerError> {
        sqlx::query(
            "INSERT INTO installations (id, secret_hash, label, created_at, last_seen_at, secret_set_at) \
             VALUES ($1, $2, $3, $4, $4, $4)",
        )
        .bind(id)
        .bind(secret_hash)
        .bind(label)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn installation_secret_hash(&self, id: &str) -> Result<Option<String>, BrokerError> {
        Ok(self.installation_credential(id).await?.map(|(hash, _)| hash))
    }

    /// The installation's stored secret hash and when it was last seen
    /// (so that signing in writes only once an hour).
    pub async fn installation_credential(&self, id: &str) -> Result<Option<(String, Option<i64>)>, BrokerError> {
        let row = sqlx::query("SELECT secret_hash, last_seen_at FROM installations WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| Ok::<_, sqlx::Error>((r.try_get("secret_hash")?, r.try_get("last_seen_at")?))).transpose()?)
    }

    /// Every installation's stored secret hash (`rekey`).
    pub async fn secret_hashes(&self) -> Result<Vec<(String, String)>, BrokerError> {
        let rows = sqlx::query("SELECT id, secret_hash FROM installations ORDER BY id").fetch_all(&self.pool).await?;
        Ok(rows
            .iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("secret_hash")?)))
            .collect::<Result<_, sqlx::Error>>()?)
    }

    /// Stores the same secret's hash sealed anew, if the old one is still
    /// there (a rotation meanwhile wins). Whether it was stored.
    pub async fn rehash_secret(&self, id: &str, old: &str, new: &str) -> Result<bool, BrokerError> {
        Ok(sqlx::query("UPDATE installations SET secret_hash = $1 WHERE id = $2 AND secret_hash = $3")
            .bind(new)
            .bind(id)
            .bind(old)
            .execute(&self.pool)
            .await?
            .rows_affected()
            == 1)
    }

    /// A new secret (rotation); the old one stops working at once.
    pub async fn rotate_secret(&self, id: &str, new_hash: &str, now: i64) -> Result<(), BrokerError> {
        sqlx::query("UPDATE installations SET secret_hash = $1, secret_set_at = $2 WHERE id = $3")
            .bind(new_hash)
            .bind(now)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Notes that the installation was seen, at most once an hour per
    /// installation (a write per request would cost more than the request).
    pub async fn touch_installation(&self, id: &str, last_seen: Option<i64>, now: i64) -> Result<(), BrokerError> {
        // Even an UPDATE that changes nothing takes SQLite's write lock.
        if last_seen.is_some_and(|t| t >= now - 3600) {
            return Ok(());
        }
        sqlx::query(
            "UPDATE installations SET last_seen_at = $1 WHERE id = $2 AND (last_seen_at IS NULL OR last_seen_at < $3)",
        )
        .bind(now)
        .bind(id)
        .bind(now - 3600)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// When the installation's secret was set (enrollment or rotation).
    pub async fn secret_set_at(&self, id: &str) -> Result<Option<i64>, BrokerError> {
        let row = sqlx::query("SELECT COALESCE(secret_set_at, created_at) AS set_at FROM installations WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.try_get("set_at")).transpose()?)
    }

    pub async fn installations(&self) -> Result<Vec<InstallationRow>, BrokerError> {
        let rows = sqlx::query(
            "SELECT i.id, i.label, i.created_at, i.last_seen_at, i.secret_set_at, \
             (SELECT COUNT(*) FROM connections c WHERE c.installation_id = i.id) AS connections \
             FROM installations i ORDER BY i.created_at, i.id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(InstallationRow {
                    id: r.try_get("id")?,
                    label: r.try_get("label")?,
                    created_at: r.try_get("created_at")?,
                    last_seen_at: r.try_get("last_seen_at")?,
                    secret_set_at: r.try_get("secret_set_at")?,
                    connections: r.try_get("connections")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Into::into)
    }

    /// Deletes an installation with its registrations and connections
    /// (revoke them at Fortnox first).
    pub async fn delete_installation(&self, id: &str) -> Result<bool, BrokerError> {
        let mut tx = self.pool.begin().await?;
        for table in ["authorizations", "connections"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE installation_id = $1")).bind(id).execute(&mut *tx).await?;
        }
        let deleted =
            sqlx::query("DELETE FROM installations WHERE id = $1").bind(id).execute(&mut *tx).await?.rows_affected();
        tx.commit().await?;
        Ok(deleted == 1)
    }

    /// Installations with no connection, not seen since `cutoff`.
    pub async fn purge_idle_installations(&self, cutoff: i64) -> Result<u64, BrokerError> {
        let mut tx = self.pool.begin().await?;
        let idle = "SELECT id FROM installations WHERE COALESCE(last_seen_at, created_at) < $1 \
                    AND NOT EXISTS (SELECT 1 FROM connections c WHERE c.installation_id = installations.id)";
        sqlx::query(&format!("DELETE FROM authorizations WHERE installation_id IN ({idle})"))
            .bind(cutoff)
            .execute(&mut *tx)
            .await?;
        let purged = sqlx::query(&format!("DELETE FROM installations WHERE id IN ({idle})"))
            .bind(cutoff)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(purged)
    }

    // --- authorizations ---

    /// False when the state hash is already registered.
    pub async fn register_authorization(&self, new: &NewAuthorization<'_>) -> Result<bool, BrokerError> {
        let result = sqlx::query(
            "INSERT INTO authorizations (state_hash, installation_id, code_challenge, redirect_uri, account_type, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(new.state_hash)
        .bind(new.installation)
        .bind(new.challenge)
        .bind(new.redirect_uri)
        .bind(new.account_type)
        .bind(new.now)
        .bind(new.expires_at)
        .execute(&self.pool)
        .await;
        match result {
            Ok(_) => Ok(true),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Marks the authorization used, once, if it is this installation's,
    /// unused, unexpired, for this redirect URI, and the verifier's
    /// challenge matches. A failed claim leaves it as it was (a wrong
    /// verifier or redirect URI cannot burn it).
    pub async fn claim_authorization(
        &self,
        state_hash: &str,
        installation: &str,
        challenge: &str,
        redirect_uri: &str,
        now: i64,
    ) -> Result<Result<Authorization, ClaimRefused>, BrokerError> {
        let claimed = sqlx::query(
            "UPDATE authorizations SET used_at = $1 \
             WHERE state_hash = $2 AND installation_id = $3 AND used_at IS NULL AND expires_at > $4 \
             AND code_challenge = $5 AND redirect_uri = $6",
        )
        .bind(now)
        .bind(state_hash)
        .bind(installation)
        .bind(now)
        .bind(challenge)
        .bind(redirect_uri)
        .execute(&self.pool)
        .await?
        .rows_affected();
        let row = sqlx::query(
            "SELECT redirect_uri, account_type, expires_at, used_at, code_challenge FROM authorizations \
             WHERE state_hash = $1 AND installation_id = $2",
        )
        .bind(state_hash)
        .bind(installation)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(Err(ClaimRefused::Unknown));
        };
        if claimed == 1 {
            return Ok(Ok(Authorization { account_type: row.try_get("account_type")? }));
        }
        let used: Option<i64> = row.try_get("used_at")?;
        let expires_at: i64 = row.try_get("expires_at")?;
        let stored: String = row.try_get("code_challenge")?;
        let registered_redirect: String = row.try_get("redirect_uri")?;
        Ok(Err(if used.is_some() {
            ClaimRefused::Replayed
        } else if expires_at <= now {
            ClaimRefused::Expired
        } else if stored != challenge {
            ClaimRefused::WrongVerifier
        } else if registered_redirect != redirect_uri {
            ClaimRefused::RedirectMismatch
        } else {
            // Claimed by a concurrent exchange between the two statements.
            ClaimRefused::Replayed
        }))
    }

    /// Forgets registrations a day after they expired (until then a replay
    /// is still recognised as one), and exchanged codes a day after their
    /// exchange (a Fortnox code lives 10 minutes).
    pub async fn forget_old_authorizations(&self, now: i64) -> Result<u64, BrokerError> {
        let codes = sqlx::query("DELETE FROM exchanged_codes WHERE created_at < $1")
            .bind(now - 86_400)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(codes
            + sqlx::query("DELETE FROM authorizations WHERE expires_at < $1")
                .bind(now - 86_400)
                .execute(&self.pool)
                .await?
                .rows_affected())
    }

    // --- codes ---

    /// Notes that `installation` presents the code; if anyone presented it
    /// before, says who (and records nothing).
    pub async fn record_code(
        &self,
        code_hash: &str,
        installation: &str,
        now: i64,
    ) -> Result<Option<PriorExchange>, BrokerError> {
        let inserted =
            sqlx::query("INSERT INTO exchanged_codes (code_hash, installation_id, created_at) VALUES ($1, $2, $3)")
                .bind(code_hash)
                .bind(installation)
                .bind(now)
                .execute(&self.pool)
                .await;
        match inserted {
            Ok(_) => Ok(None),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                let row =
                    sqlx::query("SELECT installation_id, connection_id FROM exchanged_codes WHERE code_hash = $1")
                        .bind(code_hash)
                        .fetch_one(&self.pool)
                        .await?;
                Ok(Some(PriorExchange {
                    installation_id: row.try_get("installation_id")?,
                    connection_id: row.try_get("connection_id")?,
                }))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The connection an exchanged code made. Whether another installation
    /// presented the code meanwhile (`mark_code_contested`): then the
    /// connection must not live.
    pub async fn set_code_connection(&self, code_hash: &str, connection: &str) -> Result<bool, BrokerError> {
        let contested: Option<i64> = sqlx::query_scalar(
            "UPDATE exchanged_codes SET connection_id = $1 WHERE code_hash = $2 RETURNING contested",
        )
        .bind(connection)
        .bind(code_hash)
        .fetch_optional(&self.pool)
        .await?;
        Ok(contested.unwrap_or(0) != 0)
    }

    /// Marks a code as presented by a second installation and answers the
    /// connection made from it so far. With `set_code_connection` one of
    /// the two always sees the other, in whichever order they run.
    pub async fn mark_code_contested(&self, code_hash: &str) -> Result<Option<String>, BrokerError> {
        let connection: Option<Option<String>> =
            sqlx::query_scalar("UPDATE exchanged_codes SET contested = 1 WHERE code_hash = $1 RETURNING connection_id")
                .bind(code_hash)
                .fetch_optional(&self.pool)
                .await?;
        Ok(connection.flatten())
    }

    // --- connections ---

    pub async fn insert_connection(&self, row: &ConnectionRow) -> Result<(), BrokerError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO connections (id, installation_id, tenant_id, account_type, scopes, state, refresh_token, \
             refresh_issued_at, access_token, access_expires_at, created_at, last_refresh_at, confirmed, last_used_at, \
             binding) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $11, $14)",
        )
        .bind(&row.id)
        .bind(&row.installation_id)
        .bind(&row.tenant_id)
        .bind(&row.account_type)
        .bind(&row.scopes)
        .bind(&row.state)
        .bind(&row.refresh_token)
        .bind(row.refresh_issued_at)
        .bind(&row.access_token)
        .bind(row.access_expires_at)
        .bind(row.created_at)
        .bind(row.last_refresh_at)
        .bind(i64::from(row.confirmed))
        .bind(&row.binding)
        .execute(&mut *tx)
        .await?;
        if self.events {
            record_event(&mut tx, row, crate::event::kind::CREATED, None, row.created_at).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The installation's connection `id` (another installation's is
    /// `None`, like an unknown one).
    pub async fn connection(&self, installation: &str, id: &str) -> Result<Option<ConnectionRow>, BrokerError> {
        let row = sqlx::query(&format!(
            "SELECT {CONNECTION_COLUMNS} FROM connections WHERE id = $1 AND installation_id = $2"
        ))
        .bind(id)
        .bind(installation)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(connection_from).transpose()?)
    }

    /// Any connection by id (the broker's own chores).
    pub async fn connection_by_id(&self, id: &str) -> Result<Option<ConnectionRow>, BrokerError> {
        let row = sqlx::query(&format!("SELECT {CONNECTION_COLUMNS} FROM connections WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(connection_from).transpose()?)
    }

    pub async fn connections(&self, installation: &str) -> Result<Vec<ConnectionRow>, BrokerError> {
        let rows = sqlx::query(&format!(
            "SELECT {CONNECTION_COLUMNS} FROM connections WHERE installation_id = $1 ORDER BY created_at, id"
        ))
        .bind(installation)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(connection_from).collect::<Result<_, _>>()?)
    }

    /// Every connection, `limit` at a time after `after` (rekey).
    pub async fn connections_after(&self, after: &str, limit: i64) -> Result<Vec<ConnectionRow>, BrokerError> {
        let rows =
            sqlx::query(&format!("SELECT {CONNECTION_COLUMNS} FROM connections WHERE id > $1 ORDER BY id LIMIT $2"))
                .bind(after)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.iter().map(connection_from).collect::<Result<_, _>>()?)
    }

    /// The installation's newest live service-account connection for a
    /// tenant.
    pub async fn service_connection(
        &self,
        installation: &str,
        tenant: &str,
    ) -> Result<Option<ConnectionRow>, BrokerError> {
        let row = sqlx::query(&format!(
            "SELECT {CONNECTION_COLUMNS} FROM connections \
             WHERE installation_id = $1 AND tenant_id = $2 AND account_type = 'service' AND state = 'active' \
             ORDER BY created_at DESC"
        ))
        .bind(installation)
        .bind(tenant)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(connection_from).transpose()?)
    }

    /// Forgets the connection; `now` dates the webhook's event.
    pub async fn delete_connection(&self, installation: &str, id: &str, now: i64) -> Result<bool, BrokerError> {
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query(&format!(
            "SELECT {CONNECTION_COLUMNS} FROM connections WHERE id = $1 AND installation_id = $2"
        ))
        .bind(id)
        .bind(installation)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row.as_ref().map(connection_from).transpose()? else { return Ok(false) };
        sqlx::query("DELETE FROM connections WHERE id = $1").bind(id).execute(&mut *tx).await?;
        if self.events {
            record_event(&mut tx, &row, crate::event::kind::REMOVED, Some("removed"), now).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// The desktop saved it: it is kept (and kept alive) from now on.
    pub async fn confirm_connection(&self, installation: &str, id: &str) -> Result<bool, BrokerError> {
        Ok(sqlx::query("UPDATE connections SET confirmed = 1 WHERE id = $1 AND installation_id = $2")
            .bind(id)
            .bind(installation)
            .execute(&self.pool)
            .await?
            .rows_affected()
            == 1)
    }

    /// Connections no desktop confirmed, made before `cutoff`.
    pub async fn unconfirmed_before(&self, cutoff: i64) -> Result<Vec<(String, String)>, BrokerError> {
        let rows = sqlx::query("SELECT id, installation_id FROM connections WHERE confirmed = 0 AND created_at < $1")
            .bind(cutoff)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("installation_id")?)))
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Into::into)
    }

    pub async fn set_company(&self, id: &str, name: &str, org_number: &str) -> Result<(), BrokerError> {
        sqlx::query("UPDATE connections SET company_name = $1, org_number = $2 WHERE id = $3")
            .bind(name)
            .bind(org_number)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Notes a token request for the connection, at most once an hour.
    pub async fn touch_connection(&self, row: &ConnectionRow, now: i64) -> Result<(), BrokerError> {
        if row.last_used_at.is_some_and(|t| t >= now - 3600) {
            return Ok(());
        }
        sqlx::query("UPDATE connections SET last_used_at = $1 WHERE id = $2")
            .bind(now)
            .bind(&row.id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Live, confirmed connections with a refresh token issued before
    /// `cutoff`, used by their desktop since `used_since` (keep-alive).
    pub async fn aging_connections(&self, cutoff: i64, used_since: i64) -> Result<Vec<(String, String)>, BrokerError> {
        let rows = sqlx::query(
            "SELECT id, installation_id FROM connections \
             WHERE state = 'active' AND confirmed = 1 AND refresh_token IS NOT NULL AND refresh_issued_at < $1 \
             AND COALESCE(last_used_at, created_at) >= $2",
        )
        .bind(cutoff)
        .bind(used_since)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("installation_id")?)))
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Into::into)
    }

    /// Takes the connection's lease (see the module comment).
    pub async fn take_lease(
        &self,
        installation: &str,
        id: &str,
        owner: &str,
        now: i64,
        until: i64,
    ) -> Result<LeaseAttempt, BrokerError> {
        let taken = sqlx::query(
            "UPDATE connections SET lease_owner = $1, lease_until = $2 \
             WHERE id = $3 AND installation_id = $4 AND (lease_until IS NULL OR lease_until < $5)",
        )
        .bind(owner)
        .bind(until)
        .bind(id)
        .bind(installation)
        .bind(now)
        .execute(&self.pool)
        .await?
        .rows_affected();
        let row = self.connection(installation, id).await?;
        Ok(match (taken, row) {
            (_, None) => LeaseAttempt::Missing,
            (1, Some(row)) => {
                LeaseAttempt::Taken(Box::new(Lease { row, owner: owner.to_string(), store: self.clone() }))
            }
            (_, Some(_)) => LeaseAttempt::Busy,
        })
    }

    /// Writes sealed values again under the current key (rekey), if the
    /// row has not changed since it was read.
    pub async fn reseal(&self, row: &ConnectionRow, sealed: [Option<&str>; 3]) -> Result<bool, BrokerError> {
        let [refresh, access, binding] = sealed;
        Ok(sqlx::query(
            "UPDATE connections SET refresh_token = $1, access_token = $2, binding = $3, version = version + 1 \
             WHERE id = $4 AND version = $5",
        )
        .bind(refresh)
        .bind(access)
        .bind(binding)
        .bind(&row.id)
        .bind(row.version)
        .execute(&self.pool)
        .await?
        .rows_affected()
            == 1)
    }
}

/// What asking for a lease found.
pub enum LeaseAttempt {
    Taken(Box<Lease>),
    /// Another request (here or in another replica) holds it.
    Busy,
    /// No such connection for this installation.
    Missing,
}

/// A connection under its lease.
pub struct Lease {
    pub row: ConnectionRow,
    owner: String,
    store: Store,
}

impl Lease {
    /// Keeps a new access token (and a rotated refresh token) and lets go:
    /// only now may the access token be handed out. Written if nobody else
    /// wrote since the lease was taken.
    pub async fn keep(
        self,
        refresh: Option<(&str, i64)>,
        access: &str,
        access_expires_at: i64,
        scopes: Option<&str>,
        now: i64,
    ) -> Result<(), BrokerError> {
        let (refresh, refresh_at) = match refresh {
            Some((sealed, at)) => (Some(sealed), Some(at)),
            None => (None, None),
        };
        let written = sqlx::query(
            "UPDATE connections SET access_token = $1, access_expires_at = $2, last_refresh_at = $3, last_error = NULL, \
             last_error_at = NULL, state = 'active', scopes = COALESCE($4, scopes), \
             refresh_token = COALESCE($5, refresh_token), refresh_issued_at = COALESCE($6, refresh_issued_at), \
             lease_owner = NULL, lease_until = NULL, version = version + 1 \
             WHERE id = $7 AND version = $8",
        )
        .bind(access)
        .bind(access_expires_at)
        .bind(now)
        .bind(scopes)
        .bind(refresh)
        .bind(refresh_at)
        .bind(&self.row.id)
        .bind(self.row.version)
        .execute(&self.store.pool)
        .await?
        .rows_affected();
        if written == 0 {
            tracing::error!(connection = %self.row.id, owner = %self.owner, "the connection changed while Fortnox answered; the answer was not kept");
            return Err(BrokerError::Sealed("the connection changed while it was renewed".into()));
        }
        Ok(())
    }

    /// Fortnox refused the consent: the connection must be authorized again.
    pub async fn needs_reauthorization(self, error: &str, now: i64) -> Result<(), BrokerError> {
        let mut tx = self.store.pool.begin().await?;
        let changed = sqlx::query(
            "UPDATE connections SET state = $1, last_error = $2, last_error_at = $3, access_token = NULL, \
             access_expires_at = NULL, lease_owner = NULL, lease_until = NULL, version = version + 1 \
             WHERE id = $4 AND version = $5",
        )
        .bind(NEEDS_REAUTHORIZATION)
        .bind(error)
        .bind(now)
        .bind(&self.row.id)
        .bind(self.row.version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 1 && self.store.events && self.row.state != NEEDS_REAUTHORIZATION {
            let kind = crate::event::kind::NEEDS_REAUTHORIZATION;
            record_event(&mut tx, &self.row, kind, Some(error), now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Still working: the lease runs until `until`.
    pub async fn extend(&self, until: i64) -> Result<(), BrokerError> {
        sqlx::query("UPDATE connections SET lease_until = $1 WHERE id = $2 AND lease_owner = $3")
            .bind(until)
            .bind(&self.row.id)
            .bind(&self.owner)
            .execute(&self.store.pool)
            .await?;
        Ok(())
    }

    /// Nothing changed: let go.
    pub async fn release(self) -> Result<(), BrokerError> {
        sqlx::query("UPDATE connections SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2")
            .bind(&self.row.id)
            .bind(&self.owner)
            .execute(&self.store.pool)
            .await?;
        Ok(())
    }
}

/// Microseconds for ordering events: `now` (the broker's clock, seconds)
/// and the system clock's microseconds within the second.
fn at_us(now: i64) -> i64 {
    now * 1_000_000 + i64::from(time::OffsetDateTime::now_utc().microsecond())
}

/// Writes the event for `row`'s change inside the caller's transaction.
async fn record_event(
    conn: &mut sqlx::AnyConnection,
    row: &ConnectionRow,
    kind: &str,
    code: Option<&str>,
    now: i64,
) -> Result<(), BrokerError> {
    let event = Event {
        id: format!("evt_{}", fortnox_oauth::secret::random_token(16)),
        kind: kind.to_string(),
        connection_id: row.id.clone(),
        installation_id: row.installation_id.clone(),
        tenant_id: row.tenant_id.clone(),
        company_name: row.company_name.clone(),
        org_number: row.org_number.clone(),
        code: code.map(str::to_string),
        at: now,
    };
    let body = serde_json::to_string(&event).map_err(|e| BrokerError::Config(e.to_string()))?;
    sqlx::query("INSERT INTO outbox (id, at_us, connection_id, body) VALUES ($1, $2, $3, $4)")
        .bind(&event.id)
        .bind(at_us(now))
        .bind(&row.id)
        .bind(body)
        .execute(conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seal::{SealKey, SecretCheck, plain_hash};

    #[tokio::test]
    async fn a_schema_1_database_is_converted_once_and_keeps_working() {
        sqlx::any::install_default_drivers();
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("broker.sqlite").display());
        let keys = Keys::new(SealKey::random(), vec![]);
        // The database as the schema 1 broker left it.
        let pool = AnyPoolOptions::new().max_connections(1).connect(&url).await.unwrap();
        let first = migrator().migrations[..1].to_vec();
        Migrator { migrations: Cow::Owned(first), ..Migrator::DEFAULT }.run(&pool).await.unwrap();
        let place = Place { installation: "inst_a", connection: "conn_a", field: "refresh_token" };
        sqlx::query("INSERT INTO installations (id, secret_hash, created_at) VALUES ('inst_a', $1, 0)")
            .bind(plain_hash("s3cret"))
            .execute(&pool)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO connections (id, installation_id, tenant_id, account_type, scopes, state, refresh_token, \
             created_at) VALUES ('conn_a', 'inst_a', '1406221', 'service', 'invoice', 'active', $1, 0)",
        )
        .bind(keys.seal_v1(place, "the refresh token"))
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;

        let store = Store::open(&url, &keys).await.unwrap();
        let hash = store.installation_secret_hash("inst_a").await.unwrap().unwrap();
        assert_eq!(keys.check_secret("inst_a", "s3cret", &hash), SecretCheck::Valid);
        let row = store.connection_by_id("conn_a").await.unwrap().unwrap();
        let refresh = row.refresh_token.clone().unwrap();
        assert_eq!(keys.open(row.place("refresh_token"), &refresh).unwrap().as_str(), "the refresh token");
        let binding = row.binding.clone().unwrap();
        assert_eq!(keys.open(row.place("binding"), &binding).unwrap().as_str(), "service/1406221");
        store.close().await;
        // Opened again: nothing is converted a second time.
        let store = Store::open(&url, &keys).await.unwrap();
        assert_eq!(store.installation_secret_hash("inst_a").await.unwrap().unwrap(), hash);
        assert_eq!(store.connection_by_id("conn_a").await.unwrap().unwrap().refresh_token.unwrap(), refresh);
    }

    #[test]
    fn sqlite_urls_as_the_help_writes_them_create_the_file() {
        assert_eq!(normalize_sqlite_url("sqlite:/var/lib/x/broker.db"), "sqlite:/var/lib/x/broker.db?mode=rwc");
        assert_eq!(normalize_sqlite_url("sqlite:///var/lib/x/broker.db"), "sqlite:///var/lib/x/broker.db?mode=rwc");
        assert_eq!(normalize_sqlite_url("sqlite://b.db?mode=ro"), "sqlite://b.db?mode=ro");
        assert_eq!(normalize_sqlite_url("sqlite://b.db?cache=shared"), "sqlite://b.db?cache=shared&mode=rwc");
        assert_eq!(normalize_sqlite_url("sqlite::memory:"), "sqlite::memory:");
        assert_eq!(normalize_sqlite_url("postgres://h/db"), "postgres://h/db");
        assert_eq!(
            sqlite_path("sqlite:///var/lib/x/broker.db?mode=rwc").unwrap(),
            std::path::Path::new("/var/lib/x/broker.db")
        );
        assert_eq!(sqlite_path("sqlite:rel/b.db").unwrap(), std::path::Path::new("rel/b.db"));
        assert_eq!(sqlite_path("sqlite::memory:"), None);
    }
}
