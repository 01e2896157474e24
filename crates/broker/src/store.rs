//! The broker's database through `sqlx`'s Any driver: SQLite (embedded,
//! the default) or PostgreSQL (for replicas), with one set of migrations
//! in portable SQL. Single-flight across replicas rests on one rule: a
//! refresh starts with `UPDATE connections … WHERE id = $1`, which takes
//! PostgreSQL's row lock (like `SELECT … FOR UPDATE`) and SQLite's write
//! lock (like `BEGIN IMMEDIATE`), held until the new tokens are committed.

use std::borrow::Cow;
use std::time::Duration;

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{Any, AnyPool, Executor, Row, Transaction};

use crate::error::BrokerError;

const MIGRATIONS: &[(i64, &str, &str)] = &[(1, "initial", include_str!("../migrations/0001_initial.sql"))];

#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
}

/// A registered authorization, claimed once by its exchange.
#[derive(Debug, Clone)]
pub struct Authorization {
    pub redirect_uri: String,
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
}

pub const ACTIVE: &str = "active";
pub const NEEDS_REAUTHORIZATION: &str = "needs_reauthorization";

const CONNECTION_COLUMNS: &str = "id, installation_id, tenant_id, account_type, scopes, company_name, org_number, state, \
     refresh_token, refresh_issued_at, access_token, access_expires_at, created_at, last_refresh_at, last_error";

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

impl Store {
    /// Connects and brings the schema up to date (replicas starting at
    /// once take turns: sqlx holds a database lock while migrating).
    pub async fn open(url: &str) -> Result<Store, BrokerError> {
        sqlx::any::install_default_drivers();
        let sqlite = url.starts_with("sqlite:");
        if sqlite && let Some(dir) = sqlite_dir(url) {
            fortnox_platform::private::create_dir(&dir)
                .map_err(|e| BrokerError::Config(format!("cannot create {}: {e}", dir.display())))?;
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
            .connect(url)
            .await?;
        migrator().run(&pool).await?;
        Ok(Store { pool })
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
        sqlx::query("INSERT INTO installations (id, secret_hash, label, created_at) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(secret_hash)
            .bind(label)
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn installation_secret_hash(&self, id: &str) -> Result<Option<String>, BrokerError> {
        let row = sqlx::query("SELECT secret_hash FROM installations WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.try_get("secret_hash")).transpose()?)
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
    /// unused, unexpired and the verifier's challenge matches. A failed
    /// claim leaves it as it was (a wrong verifier cannot burn it).
    pub async fn claim_authorization(
        &self,
        state_hash: &str,
        installation: &str,
        challenge: &str,
        now: i64,
    ) -> Result<Result<Authorization, ClaimRefused>, BrokerError> {
        let claimed = sqlx::query(
            "UPDATE authorizations SET used_at = $1 \
             WHERE state_hash = $2 AND installation_id = $3 AND used_at IS NULL AND expires_at > $4 AND code_challenge = $5",
        )
        .bind(now)
        .bind(state_hash)
        .bind(installation)
        .bind(now)
        .bind(challenge)
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
            return Ok(Ok(Authorization {
                redirect_uri: row.try_get("redirect_uri")?,
                account_type: row.try_get("account_type")?,
            }));
        }
        let used: Option<i64> = row.try_get("used_at")?;
        let expires_at: i64 = row.try_get("expires_at")?;
        let stored: String = row.try_get("code_challenge")?;
        Ok(Err(if used.is_some() {
            ClaimRefused::Replayed
        } else if expires_at <= now {
            ClaimRefused::Expired
        } else if stored != challenge {
            ClaimRefused::WrongVerifier
        } else {
            // Claimed by a concurrent exchange between the two statements.
            ClaimRefused::Replayed
        }))
    }

    /// Forgets registrations a day after they expired (until then a replay
    /// is still recognised as one).
    pub async fn forget_old_authorizations(&self, now: i64) -> Result<u64, BrokerError> {
        Ok(sqlx::query("DELETE FROM authorizations WHERE expires_at < $1")
            .bind(now - 86_400)
            .execute(&self.pool)
            .await?
            .rows_affected())
    }

    // --- connections ---

    pub async fn insert_connection(&self, row: &ConnectionRow) -> Result<(), BrokerError> {
        sqlx::query(
            "INSERT INTO connections (id, installation_id, tenant_id, account_type, scopes, state, refresh_token, \
             refresh_issued_at, access_token, access_expires_at, created_at, last_refresh_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
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
        .execute(&self.pool)
        .await?;
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

    pub async fn connections(&self, installation: &str) -> Result<Vec<ConnectionRow>, BrokerError> {
        let rows = sqlx::query(&format!(
            "SELECT {CONNECTION_COLUMNS} FROM connections WHERE installation_id = $1 ORDER BY created_at, id"
        ))
        .bind(installation)
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

    pub async fn delete_connection(&self, installation: &str, id: &str) -> Result<bool, BrokerError> {
        Ok(sqlx::query("DELETE FROM connections WHERE id = $1 AND installation_id = $2")
            .bind(id)
            .bind(installation)
            .execute(&self.pool)
            .await?
            .rows_affected()
            == 1)
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

    /// Live user connections whose refresh token was issued before
    /// `cutoff` (keep-alive).
    pub async fn aging_connections(&self, cutoff: i64) -> Result<Vec<(String, String)>, BrokerError> {
        let rows = sqlx::query(
            "SELECT id, installation_id FROM connections \
             WHERE state = 'active' AND refresh_token IS NOT NULL AND refresh_issued_at < $1",
        )
        .bind(cutoff)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("installation_id")?)))
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Into::into)
    }

    /// Takes the connection's lock (see the module comment) and reads it
    /// afresh. Dropping the result without `commit` rolls back.
    pub async fn lock_connection(&self, installation: &str, id: &str, now: i64) -> Result<Option<Locked>, BrokerError> {
        let mut tx = self.pool.begin().await?;
        let locked = sqlx::query("UPDATE connections SET locked_at = $1 WHERE id = $2 AND installation_id = $3")
            .bind(now)
            .bind(id)
            .bind(installation)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if locked == 0 {
            return Ok(None);
        }
        let row = sqlx::query(&format!("SELECT {CONNECTION_COLUMNS} FROM connections WHERE id = $1"))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        Ok(Some(Locked { row: connection_from(&row)?, tx }))
    }
}

/// A connection under its lock.
pub struct Locked {
    pub row: ConnectionRow,
    tx: Transaction<'static, Any>,
}

impl Locked {
    /// Keeps a new access token (and a rotated refresh token), then
    /// commits: only now may the access token be handed out.
    pub async fn keep(
        mut self,
        refresh: Option<(&str, i64)>,
        access: &str,
        access_expires_at: i64,
        scopes: Option<&str>,
        now: i64,
    ) -> Result<(), BrokerError> {
        sqlx::query(
            "UPDATE connections SET access_token = $1, access_expires_at = $2, last_refresh_at = $3, last_error = NULL, \
             last_error_at = NULL, state = 'active', scopes = COALESCE($4, scopes) WHERE id = $5",
        )
        .bind(access)
        .bind(access_expires_at)
        .bind(now)
        .bind(scopes)
        .bind(&self.row.id)
        .execute(&mut *self.tx)
        .await?;
        if let Some((sealed, issued_at)) = refresh {
            sqlx::query("UPDATE connections SET refresh_token = $1, refresh_issued_at = $2 WHERE id = $3")
                .bind(sealed)
                .bind(issued_at)
                .bind(&self.row.id)
                .execute(&mut *self.tx)
                .await?;
        }
        self.tx.commit().await?;
        Ok(())
    }

    /// Fortnox refused the consent: the connection must be authorized again.
    pub async fn needs_reauthorization(mut self, error: &str, now: i64) -> Result<(), BrokerError> {
        sqlx::query(
            "UPDATE connections SET state = $1, last_error = $2, last_error_at = $3, access_token = NULL, \
             access_expires_at = NULL WHERE id = $4",
        )
        .bind(NEEDS_REAUTHORIZATION)
        .bind(error)
        .bind(now)
        .bind(&self.row.id)
        .execute(&mut *self.tx)
        .await?;
        self.tx.commit().await?;
        Ok(())
    }

    /// Nothing changed: release the lock.
    pub async fn release(self) -> Result<(), BrokerError> {
        self.tx.commit().await?;
        Ok(())
    }
}

/// The folder of a `sqlite://PATH?…` URL, to create it private.
fn sqlite_dir(url: &str) -> Option<std::path::PathBuf> {
    let path = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let path = path.split('?').next()?;
    if path.is_empty() || path == ":memory:" {
        return None;
    }
    std::path::Path::new(path).parent().filter(|p| !p.as_os_str().is_empty()).map(Into::into)
}
