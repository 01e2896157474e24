//! Connecting: the authorize URL, the callback, the code exchange,
//! verification, the expected-company and duplicate checks, and saving
//! (refresh token to the keyring first, then the state).

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use url::Url;

use super::FortnoxConnect;
use super::summary::ConnectionSummary;
use crate::catalogue::{ErrorCode, classify_authorization_error};
use crate::connection::{ActivityKind, CompanyInfo, Connection, ConnectionState};
use crate::error::{Error, NotCompleted, Result, StateProblem};
use crate::oauth::authorize::{AuthorizeRequest, build_authorize_url};
use crate::oauth::callback::{Callback, parse_callback};
use crate::oauth::preflight::unsupported_options;
use crate::oauth::{Exchanged, Pending};
use crate::surface::{AuthorizationSurface, SurfaceError};
use crate::verify::{VerifyReport, verify};

/// Where a connect is, for progress shown while waiting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "stage", rename_all = "snake_case")]
#[ts(export)]
pub enum ConnectProgress {
    /// The login page is open; waiting for the user and Fortnox.
    WaitingForFortnox {
        host: String,
        /// The login address, for "copy this into your browser" when the
        /// browser does not open by itself.
        url: String,
    },
    /// Fortnox answered; exchanging the code for tokens.
    Exchanging,
    /// Checking company, approver and each chosen option.
    Verifying,
    Saving,
}

/// Something the user must decide before anything is saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum DecisionKind {
    /// Consultants: a different company than the one they picked.
    WrongCompany { expected: String, actual: Option<CompanyInfo> },
    /// This company is already connected: update that one instead?
    AlreadyConnected { existing: Box<ConnectionSummary> },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DecisionChoice {
    /// Wrong company: keep it anyway.
    Keep,
    /// Already connected: put the new approval into that connection.
    UseExisting,
    /// Throw the result away (revoked at Fortnox).
    Discard,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[ts(export)]
pub enum ConnectOutcome {
    Connected { connection: Box<ConnectionSummary>, report: VerifyReport, reauthorized: bool },
    NeedsDecision { decision_id: String, decision: DecisionKind, report: VerifyReport },
}

/// A verified result waiting for the user's decision (held in memory
/// only; nothing is saved until they decide).
pub(crate) struct Held {
    pending: Pending,
    tokens: Exchanged,
    report: VerifyReport,
    granted: Vec<String>,
    kind: DecisionKind,
}

fn digits(org: &str) -> String {
    org.chars().filter(char::is_ascii_digit).collect()
}

fn not_completed(error: SurfaceError) -> Error {
    match error {
        SurfaceError::Closed => Error::AuthorizationNotCompleted(NotCompleted::WindowClosed),
        SurfaceError::Cancelled => Error::AuthorizationNotCompleted(NotCompleted::Cancelled),
        SurfaceError::TimedOut => Error::AuthorizationNotCompleted(NotCompleted::TimedOut),
        SurfaceError::PortBusy(port) => Error::LoopbackPortBusy { port },
        SurfaceError::Failed(detail) => Error::Loopback(detail),
    }
}

impl FortnoxConnect {
    /// Runs a whole authorization through `surface`: build the URL, wait
    /// for the callback (at most 10 minutes), exchange, verify, check and
    /// save.
    pub async fn connect<S: AuthorizationSurface>(
        &self,
        surface: &S,
        request: AuthorizeRequest,
        progress: &(dyn Fn(ConnectProgress) + Send + Sync),
    ) -> Result<ConnectOutcome> {
        if let Some(id) = &request.connection_id {
            self.connection(id)?;
        }
        // No point logging in if the result could not be exchanged or
        // kept afterwards: an approval nobody keeps stays active at Fortnox.
        self.secrets.check_writable()?;
        self.tokens.ready().await?;
        let (url, mut pending) = build_authorize_url(&self.profile, &request, self.now())?;
        pending.broker_verifier =
            self.tokens.bind_login(&pending.state, &pending.redirect_uri, request.account_type).await?;
        let state = pending.state.clone();
        let redirect_uri = pending.redirect_uri.clone();
        self.pending.insert(pending);
        progress(ConnectProgress::WaitingForFortnox {
            host: url.host_str().unwrap_or_default().to_string(),
            url: url.to_string(),
        });
        let callback = match tokio::time::timeout(self.authorize_timeout, surface.authorize(&url, &redirect_uri)).await
        {
            Ok(Ok(callback)) => callback,
            Ok(Err(e)) => {
                self.pending.cancel(&state);
                return Err(not_completed(e));
            }
            Err(_) => {
                self.pending.cancel(&state);
                return Err(Error::AuthorizationNotCompleted(NotCompleted::TimedOut));
            }
        };
        match self.complete(&state, &redirect_uri, &callback, progress).await {
            Err(Error::AuthorizationRefused { code: ErrorCode::UnsupportedScope, error, description, .. }) => {
                // Name the options to drop so the user can go on without them.
                let options =
                    unsupported_options(&self.http, &self.profile, &request.options, request.account_type).await;
                Err(Error::AuthorizationRefused { code: ErrorCode::UnsupportedScope, error, description, options })
            }
            other => other,
        }
    }

    /// Handles the callback for the authorization started with `state`.
    pub async fn complete(
        &self,
        started_state: &str,
        redirect_uri: &Url,
        callback_url: &Url,
        progress: &(dyn Fn(ConnectProgress) + Send + Sync),
    ) -> Result<ConnectOutcome> {
        let callback = match parse_callback(callback_url, redirect_uri) {
            Ok(callback) => callback,
            Err(e) => {
                self.pending.cancel(started_state);
                return Err(e);
            }
        };
        let (code, state) = match callback {
            Callback::Error { error, description, state } => {
                self.pending.cancel(started_state);
                // Only Fortnox's answer to this login may end it.
                if state.as_deref() != Some(started_state) {
                    let problem = if state.is_none() { StateProblem::Missing } else { StateProblem::Unknown };
                    return Err(Error::StateRejected(problem));
                }
                let code = classify_authorization_error(&error, description.as_deref());
                if code == ErrorCode::AuthorizationNotCompleted {
                    return Err(Error::AuthorizationNotCompleted(NotCompleted::Denied));
                }
                return Err(Error::AuthorizationRefused { code, error, description, options: Vec::new() });
            }
            Callback::Empty => {
                self.pending.cancel(started_state);
                return Err(Error::LockedOrUnpaidAccount);
            }
            Callback::Code { state: None, .. } => {
                self.pending.cancel(started_state);
                return Err(Error::FortnoxInitiatedActivation);
            }
            Callback::Code { code, state: Some(state), issuer } => {
                if state != started_state {
                    self.pending.cancel(started_state);
                    // A known-but-other or used state is still refused.
                    let problem = match self.pending.take(Some(&state), &self.profile.endpoints.issuer(), self.now()) {
                        Err(problem) => problem,
                        Ok(_) => StateProblem::Unknown,
                    };
                    return Err(Error::StateRejected(problem));
                }
                if issuer.is_some_and(|iss| iss.trim_end_matches('/') != self.profile.endpoints.issuer()) {
                    self.pending.cancel(started_state);
                    return Err(Error::StateRejected(StateProblem::OtherIssuer));
                }
                (code, state)
            }
        };
        let pending = self
            .pending
            .take(Some(&state), &self.profile.endpoints.issuer(), self.now())
            .map_err(Error::StateRejected)?;

        progress(ConnectProgress::Exchanging);
        let verifier = pending.broker_verifier.as_ref().or(pending.pkce_verifier.as_ref());
        let tokens = self.tokens.exchange(&code, &pending.redirect_uri, &state, verifier).await?;
        let granted = tokens.tokens.scopes.clone().unwrap_or_else(|| pending.scopes.clone());

        progress(ConnectProgress::Verifying);
        let report =
            match verify(&self.api, &tokens.tokens.access_token, &self.profile, &pending.options, &granted).await {
                Ok(report) => report,
                Err(e) => {
                    self.revoke_quietly(&tokens).await;
                    return Err(e);
                }
            };

        if let Some(expected) = pending.expected_org.as_deref().filter(|e| !digits(e).is_empty()) {
            let actual = report.company.clone();
            if actual.as_ref().map(|c| digits(&c.org_number)) != Some(digits(expected)) {
                let kind = DecisionKind::WrongCompany { expected: expected.to_string(), actual };
                return Ok(self.hold(pending, tokens, report, granted, kind));
            }
        }
        self.after_company_check(pending, tokens, report, granted, progress).await
    }

    /// The duplicate check, then save.
    async fn after_company_check(
        &self,
        pending: Pending,
        tokens: Exchanged,
        report: VerifyReport,
        granted: Vec<String>,
        progress: &(dyn Fn(ConnectProgress) + Send + Sync),
    ) -> Result<ConnectOutcome> {
        if pending.connection_id.is_none()
            && let Some(existing) = self.existing_for_tenant(report.tenant_id.as_deref(), &pending)?
        {
            let kind = DecisionKind::AlreadyConnected {
                existing: Box::new(ConnectionSummary::of(&existing, &self.profile, self.now())),
            };
            return Ok(self.hold(pending, tokens, report, granted, kind));
        }
        progress(ConnectProgress::Saving);
        self.save(pending, tokens, report, granted).await
    }

    fn existing_for_tenant(&self, tenant: Option<&str>, pending: &Pending) -> Result<Option<Connection>> {
        let Some(tenant) = tenant else {
            return Ok(None);
        };
        let replaced = pending.replaces.as_deref();
        Ok(self.connections()?.into_iter().find(|c| {
            c.tenant_id.as_deref() == Some(tenant) && self.profile.made(c) && Some(c.id.as_str()) != replaced
        }))
    }

    fn hold(
        &self,
        pending: Pending,
        tokens: Exchanged,
        report: VerifyReport,
        granted: Vec<String>,
        kind: DecisionKind,
    ) -> ConnectOutcome {
        let decision_id = uuid::Uuid::new_v4().to_string();
        let outcome = ConnectOutcome::NeedsDecision {
            decision_id: decision_id.clone(),
            decision: kind.clone(),
            report: report.clone(),
        };
        self.decisions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(decision_id, Held { pending, tokens, report, granted, kind });
        outcome
    }

    /// Carries out the user's decision on a held result.
    pub async fn decide(&self, decision_id: &str, choice: DecisionChoice) -> Result<Option<ConnectOutcome>> {
        let held = self
            .decisions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(decision_id)
            .ok_or_else(|| Error::DecisionNotFound(decision_id.to_string()))?;
        let silent = |_: ConnectProgress| {};
        match (choice, &held.kind) {
            (DecisionChoice::Discard, _) => {
                self.revoke_quietly(&held.tokens).await;
                Ok(None)
            }
            (DecisionChoice::Keep, DecisionKind::WrongCompany { .. }) => {
                let Held { pending, tokens, report, granted, .. } = held;
                self.after_company_check(pending, tokens, report, granted, &silent).await.map(Some)
            }
            (DecisionChoice::UseExisting, DecisionKind::AlreadyConnected { existing }) => {
                let existing_id = existing.id.clone();
                let Held { mut pending, tokens, report, granted, .. } = held;
                pending.connection_id = Some(existing_id);
                self.save(pending, tokens, report, granted).await.map(Some)
            }
            (_, _) => {
                // A choice that does not fit: keep the result waiting.
                let id = decision_id.to_string();
                self.decisions.lock().unwrap_or_else(|e| e.into_inner()).insert(id.clone(), held);
                Err(Error::DecisionNotFound(id))
            }
        }
    }

    /// Best effort: a result nobody keeps is revoked at Fortnox. True when
    /// nothing is left active.
    async fn revoke_quietly(&self, tokens: &Exchanged) -> bool {
        match self.tokens.revoke_exchanged(tokens).await {
            Ok(()) => true,
            Err(e) => {
                tracing::warn!(error = %e, "could not revoke an unused approval");
                false
            }
        }
    }

    /// Saves a verified result: a new connection, or new tokens for the
    /// one being re-authorized. The secrets reach the keyring before the
    /// state mentions them; if either cannot be written, the new approval
    /// is revoked at Fortnox, so nothing is left active that nobody keeps.
    async fn save(
        &self,
        pending: Pending,
        tokens: Exchanged,
        report: VerifyReport,
        granted: Vec<String>,
    ) -> Result<ConnectOutcome> {
        let now = self.now();
        let reauthorizing = pending.connection_id.clone();
        let id = reauthorizing.clone().unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        let previous = match &reauthorizing {
            Some(id) => self.previous_approval(id),
            None => Previous::default(),
        };
        let saved = match self.keep(&id, &pending, &tokens, &report, &granted, now).await {
            Ok(saved) => saved,
            Err(e) => {
                let revoked = self.revoke_quietly(&tokens).await;
                return Err(Error::NotSaved { cause: Box::new(e), revoked });
            }
        };
        self.log_saved(&id, &saved, reauthorizing.is_some(), &report, now);
        self.retire(previous, &tokens).await;
        if let Some(replaced) = pending.replaces.as_deref() {
            self.remove(replaced, true).await?;
        }
        Ok(ConnectOutcome::Connected {
            connection: Box::new(ConnectionSummary::of(&saved, &self.profile, now)),
            report,
            reauthorized: reauthorizing.is_some(),
        })
    }

    /// The approval a re-authorization replaces (revoked once the new one
    /// is saved).
    fn previous_approval(&self, id: &str) -> Previous {
        Previous {
            refresh: self.secrets.refresh_token(id).ok().flatten(),
            broker_connection: self.connection(id).ok().and_then(|c| c.broker_connection),
        }
    }

    /// Revokes the replaced approval, unless it is the one just saved.
    async fn retire(&self, previous: Previous, tokens: &Exchanged) {
        if let Some(old) = previous.refresh.filter(|old| tokens.tokens.refresh_token.as_ref() != Some(old))
            && let Err(e) = self.tokens.revoke_refresh(&old).await
        {
            tracing::warn!(error = %e, "could not revoke the replaced approval");
        }
        if let Some(old) = previous.broker_connection.filter(|old| tokens.broker_connection.as_ref() != Some(old))
            && let Err(e) = self.tokens.revoke_broker(&old, true).await
        {
            tracing::warn!(error = %e, "could not revoke the replaced approval at the broker");
        }
    }

    /// The keyring first, then the state.
    async fn keep(
        &self,
        id: &str,
        pending: &Pending,
        tokens: &Exchanged,
        report: &VerifyReport,
        granted: &[String],
        now: time::OffsetDateTime,
    ) -> Result<Connection> {
        if let Some(refresh) = &tokens.tokens.refresh_token {
            self.secrets.set_refresh_token(id, refresh)?;
        }
        self.store_access(id, &tokens.tokens.access_token, self.expiry(&tokens.tokens))?;
        let company_ok = report.company.is_some();
        let (issuer_id, client_id) = (self.profile.issuer_id.clone(), self.profile.client_id.clone());
        self.state
            .update(|doc| {
                if doc.connection(id).is_none() {
                    doc.connections.push(Connection::new(id, pending.account_type, &issuer_id, &client_id, now));
                }
                let connection = doc.connection_mut(id).expect("present");
                let resume = connection.resume_enabled || connection.state == ConnectionState::Enabled;
                connection.account_type = pending.account_type;
                connection.options = pending.options.clone();
                connection.scopes = granted.to_vec();
                connection.company = report.company.clone().or(connection.company.take());
                connection.tenant_id = report.tenant_id.clone().or(connection.tenant_id.take());
                connection.approved_by = report.approved_by.clone();
                connection.broker_connection = tokens.broker_connection.clone();
                connection.authorized_at = now;
                connection.refresh_issued_at = tokens.tokens.refresh_token.as_ref().map(|_| now);
                connection.refresh_started_at = None;
                connection.last_verify = Some(report.clone());
                connection.last_error = None;
                connection.state =
                    if resume && company_ok { ConnectionState::Enabled } else { ConnectionState::Authorized };
                connection.resume_enabled = false;
                Ok(connection.clone())
            })
            .await
    }

    fn log_saved(
        &self,
        id: &str,
        saved: &Connection,
        reauthorized: bool,
        report: &VerifyReport,
        now: time::OffsetDateTime,
    ) {
        if reauthorized {
            self.log(id, ActivityKind::Reauthorized, None, "Re-authorized in Fortnox");
        } else {
            let company = saved.company_name().unwrap_or("?").to_string();
            self.log(id, ActivityKind::Connected, None, format!("Connected to {company}"));
        }
        let failing: Vec<String> = report.failing_options().iter().map(|o| o.option_id.clone()).collect();
        let message = if failing.is_empty() {
            "Verified: every chosen option works".to_string()
        } else {
            format!("Verified: not working: {}", failing.join(", "))
        };
        self.log_event(
            id,
            crate::connection::ActivityEvent {
                at: now,
                kind: ActivityKind::Verified,
                code: None,
                message,
                options: failing,
            },
        );
    }
}

/// What a re-authorization replaces.
#[derive(Default)]
struct Previous {
    refresh: Option<crate::secret::RefreshToken>,
    broker_connection: Option<String>,
}
