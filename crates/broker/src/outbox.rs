//! The outbox (schema 3), read: the events the webhook delivers
//! (webhook.rs; store.rs writes each with its change), and what the
//! vendor's monitoring and `connections --needs-attention` read.

use sqlx::Row;

use crate::error::BrokerError;
use crate::store::{NEEDS_REAUTHORIZATION, Store};

/// An event waiting for delivery.
#[derive(Debug, Clone)]
pub struct Pending {
    pub id: String,
    pub body: String,
    pub attempts: i64,
}

/// A connection that needs its desktop (`connections --needs-attention`).
#[derive(Debug, Clone)]
pub struct Attention {
    pub connection_id: String,
    pub installation_id: String,
    pub tenant_id: Option<String>,
    pub company_name: Option<String>,
    pub org_number: Option<String>,
    pub code: Option<String>,
    pub since: Option<i64>,
}

impl Store {
    /// The sender's lease: this replica delivers until `until` (renewed each
    /// round it holds it). False when another replica holds it.
    pub async fn take_sender_lease(&self, owner: &str, now: i64, until: i64) -> Result<bool, BrokerError> {
        Ok(sqlx::query(
            "UPDATE sender_lease SET owner = $1, until = $2 WHERE name = 'webhook' AND (until < $3 OR owner = $1)",
        )
        .bind(owner)
        .bind(until)
        .bind(now)
        .execute(&self.pool)
        .await?
        .rows_affected()
            == 1)
    }

    /// The oldest events first, up to `limit`, if the oldest is due: an
    /// event waiting for its retry holds back the ones after it.
    pub async fn due_events(&self, now: i64, limit: i64) -> Result<Vec<Pending>, BrokerError> {
        let rows = sqlx::query("SELECT id, body, attempts, next_attempt_at FROM outbox ORDER BY at_us, id LIMIT $1")
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        let mut due = Vec::new();
        for row in &rows {
            if row.try_get::<i64, _>("next_attempt_at")? > now {
                break;
            }
            due.push(Pending {
                id: row.try_get("id")?,
                body: row.try_get("body")?,
                attempts: row.try_get("attempts")?,
            });
        }
        Ok(due)
    }

    pub async fn delete_event(&self, id: &str) -> Result<(), BrokerError> {
        sqlx::query("DELETE FROM outbox WHERE id = $1").bind(id).execute(&self.pool).await?;
        Ok(())
    }

    pub async fn retry_event_later(&self, id: &str, at: i64) -> Result<(), BrokerError> {
        sqlx::query("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1 WHERE id = $2")
            .bind(at)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// What a scrape reports from the database.
    pub async fn counts(&self) -> Result<crate::metrics::Counts, BrokerError> {
        let by_state = sqlx::query("SELECT state, COUNT(*) AS n FROM connections GROUP BY state ORDER BY state")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok((r.try_get::<String, _>("state")?, r.try_get::<i64, _>("n")?)))
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let installations: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM installations").fetch_one(&self.pool).await?;
        let outbox: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox").fetch_one(&self.pool).await?;
        Ok(crate::metrics::Counts { connections_by_state: by_state, installations, outbox })
    }

    /// The connections Fortnox refused, the latest first.
    pub async fn needing_attention(&self) -> Result<Vec<Attention>, BrokerError> {
        let rows = sqlx::query(
            "SELECT id, installation_id, tenant_id, company_name, org_number, last_error, last_error_at \
             FROM connections WHERE state = $1 ORDER BY last_error_at DESC, id",
        )
        .bind(NEEDS_REAUTHORIZATION)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Attention {
                    connection_id: r.try_get("id")?,
                    installation_id: r.try_get("installation_id")?,
                    tenant_id: r.try_get("tenant_id")?,
                    company_name: r.try_get("company_name")?,
                    org_number: r.try_get("org_number")?,
                    code: r.try_get("last_error")?,
                    since: r.try_get("last_error_at")?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(Into::into)
    }
}
