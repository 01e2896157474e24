//! What the integration runtime asks for (the CLI's `token`, `refresh`,
//! `keepalive` and `status`). Access tokens leave here only in
//! `TokenView`, which cannot be serialized by accident.

use super::views::{Both, ConnectionView};
use super::{Failure, Host, Operations};
use crate::connection::ConnectionState;
use crate::error::Error;
use crate::lang::Lang;
use crate::messages::{self, keys};
use crate::secret::AccessToken;
use crate::service::TokenGrant;

/// An access token for the runtime.
#[derive(Debug)]
pub struct TokenView {
    pub connection_id: String,
    pub access_token: AccessToken,
    /// RFC 3339.
    pub expires_at: String,
    pub tenant_id: Option<String>,
    /// Whether Fortnox (or the broker) was asked for it just now.
    pub renewed: bool,
}

/// What a keep-alive did, with the summary line to print.
#[derive(Debug)]
pub struct KeepaliveReport {
    pub refreshed: Vec<String>,
    pub failed: Vec<(String, Failure)>,
    pub skipped: usize,
    /// "refreshed 12, failed 1, skipped 487".
    pub summary: Both<String>,
    /// Connections whose problem was told to the person just now.
    pub told: usize,
}

fn view(grant: TokenGrant) -> TokenView {
    TokenView {
        expires_at: grant.expires_at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
        connection_id: grant.connection_id,
        access_token: grant.access_token,
        tenant_id: grant.tenant_id,
        renewed: grant.renewed,
    }
}

impl<H: Host> Operations<H> {
    /// The connection meant: the one named, or the only enabled one.
    pub fn pick_connection(&self, id: Option<&str>) -> Result<String, Failure> {
        if let Some(id) = id {
            return Ok(id.to_string());
        }
        let enabled: Vec<String> = self
            .service
            .connections()
            .map_err(|e| self.failure(&e, None))?
            .into_iter()
            .filter(|c| c.state == ConnectionState::Enabled)
            .map(|c| c.id)
            .collect();
        match enabled.as_slice() {
            [only] => Ok(only.clone()),
            others => Err(self.failure(&Error::ConnectionNotChosen { enabled: others.to_vec() }, None)),
        }
    }

    /// A valid access token (renewed when it has under five minutes left).
    pub async fn token(&self, id: Option<&str>) -> Result<TokenView, Failure> {
        let id = self.pick_connection(id)?;
        let result = self.service.access_token(&id).await;
        self.runtime_answer(result, &id).await
    }

    /// A new access token now, whatever the cache holds.
    pub async fn refresh(&self, id: Option<&str>) -> Result<TokenView, Failure> {
        let id = self.pick_connection(id)?;
        let result = self.service.refresh(&id).await;
        self.runtime_answer(result, &id).await
    }

    /// A token for the integration, or its failure; a failure that needs a
    /// person is told to them too (the integration only sees an exit code).
    async fn runtime_answer(&self, result: crate::error::Result<TokenGrant>, id: &str) -> Result<TokenView, Failure> {
        match result {
            Ok(grant) => Ok(view(grant)),
            Err(e) => {
                let failure = self.failure_on(&e, id);
                if !e.code().is_transient() {
                    self.tell_new_problems().await;
                }
                Err(failure)
            }
        }
    }

    /// Renews every connection whose refresh token is `older_than_days`
    /// old, `concurrency` at a time; `progress` is told (done, total).
    pub async fn keepalive(
        &self,
        older_than_days: u32,
        concurrency: usize,
        progress: &(dyn Fn(usize, usize) + Send + Sync),
    ) -> Result<KeepaliveReport, Failure> {
        self.reconcile().await;
        let older_than = time::Duration::days(i64::from(older_than_days));
        let result =
            self.service.keepalive(older_than, concurrency, progress).await.map_err(|e| self.failure(&e, None))?;
        let failed: Vec<(String, Failure)> =
            result.failed.iter().map(|(id, e)| (id.clone(), self.failure_on(e, id))).collect();
        let counts = [
            ("refreshed", result.refreshed.len().to_string()),
            ("failed", failed.len().to_string()),
            ("skipped", result.skipped.len().to_string()),
            ("checked", result.checked.len().to_string()),
        ];
        let args: Vec<(&str, &str)> = counts.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let summary = Both::render(|lang| messages::text_with(lang, keys::KEEPALIVE_SUMMARY, &args));
        let told = self.tell_new_problems().await;
        Ok(KeepaliveReport { refreshed: result.refreshed, failed, skipped: result.skipped.len(), summary, told })
    }

    /// Brings this computer and the vendor's token broker in line (see
    /// `FortnoxConnect::reconcile_broker`): at the app's start and in the
    /// keep-alive. Best effort: a broker that cannot be reached is asked
    /// again next time.
    pub async fn reconcile(&self) {
        if let Err(e) = self.service.reconcile_broker().await {
            tracing::warn!(code = e.code().as_str(), "could not reconcile with the token broker; next time");
        }
    }

    /// One connection, or all, worded in one language and handed to `each`
    /// one at a time; returns the summary line. A command prints one
    /// language, and an agency's 500 are printed without holding 500 views
    /// (BENCHMARKS.md: `status` at 500 connections).
    pub fn status(
        &self,
        id: Option<&str>,
        lang: Lang,
        mut each: impl FnMut(ConnectionView),
    ) -> Result<String, Failure> {
        let connections = match id {
            Some(id) => vec![self.service.connection(id).map_err(|e| self.failure(&e, None))?],
            None => self.service.connections().map_err(|e| self.failure(&e, None))?,
        };
        let presenter = self.presenter(lang);
        let mut attention = 0;
        for connection in &connections {
            let view = presenter.connection(connection);
            attention += usize::from(view.needs_attention);
            each(view);
        }
        Ok(presenter.summary(connections.len(), attention))
    }
}
