//! Connecting, re-authorizing and switching account type, and the
//! decisions a result may need: what is asked of Fortnox (with the
//! defaults filled in), and what the person sees afterwards.

use super::requests::{ConnectRequest, ConnectTarget, DecideRequest};
use super::views::{Both, ConnectResult, NextStep, ProgressView};
use super::{Failure, Host, Operations, Presenter};
use crate::connection::Connection;
use crate::error::Error;
use crate::messages::{self, keys};
use crate::oauth::{AuthorizeRequest, RedirectKind};
use crate::service::{ConnectOutcome, ConnectProgress, Decision};

/// The words for a connect's progress.
fn progress_text(p: &Presenter<'_>, stage: &ConnectProgress) -> String {
    messages::text(
        p.lang,
        match stage {
            ConnectProgress::WaitingForFortnox { .. } => keys::PROGRESS_WAITING,
            ConnectProgress::Exchanging => keys::PROGRESS_EXCHANGING,
            ConnectProgress::Verifying => keys::PROGRESS_VERIFYING,
            ConnectProgress::Saving => keys::PROGRESS_SAVING,
        },
    )
}

impl<H: Host> Operations<H> {
    /// What to ask Fortnox for, with every default decided here. Returns
    /// the saved connection it concerns, if any (for explaining a failure).
    fn authorize_request(&self, request: &ConnectRequest) -> Result<(AuthorizeRequest, Option<Connection>), Error> {
        let redirect = if request.browser { RedirectKind::Loopback } else { RedirectKind::Embedded };
        Ok(match &request.target {
            ConnectTarget::New { options, account_type, expected_org } => {
                let options = options.clone().filter(|o| !o.is_empty()).unwrap_or_else(|| self.default_options());
                let account_type = account_type.unwrap_or_else(|| self.default_account_type());
                let mut authorize = AuthorizeRequest::new(options, account_type, redirect);
                authorize.expected_org = expected_org.clone().filter(|o| !o.trim().is_empty());
                (authorize, None)
            }
            ConnectTarget::Reauthorize { connection_id } => {
                let connection = self.service.connection(connection_id)?;
                let mut authorize = again_for(&connection, connection.account_type, redirect);
                authorize.connection_id = Some(connection.id.clone());
                (authorize, Some(connection))
            }
            ConnectTarget::SwitchAccountType { connection_id } => {
                let connection = self.service.connection(connection_id)?;
                let mut authorize = again_for(&connection, connection.account_type.other(), redirect);
                authorize.replaces = Some(connection.id.clone());
                (authorize, Some(connection))
            }
        })
    }

    /// Logs in (in the app's window or the browser), exchanges, verifies,
    /// and saves — or asks the person to decide first.
    pub async fn connect(&self, request: ConnectRequest) -> Result<Both<ConnectResult>, Failure> {
        let _setting_up = super::update::SettingUp::start(&self.setting_up);
        let (authorize, on) = self.authorize_request(&request).map_err(|e| self.failure(&e, None))?;
        let surface = self.host.surface(authorize.redirect, self.lang());
        let progress = |stage: ConnectProgress| {
            let text = self.both(|p| progress_text(p, &stage));
            self.host.progress(ProgressView { stage, text });
        };
        let outcome =
            self.service.connect(&surface, authorize, &progress).await.map_err(|e| self.failure(&e, on.as_ref()))?;
        Ok(self.present(&outcome))
    }

    /// Carries out a decision. `None`: the result was thrown away (and
    /// revoked); the person logs in again.
    pub async fn decide(&self, request: DecideRequest) -> Result<Option<Both<ConnectResult>>, Failure> {
        let _setting_up = super::update::SettingUp::start(&self.setting_up);
        let outcome =
            self.service.decide(&request.decision_id, request.choice).await.map_err(|e| self.failure(&e, None))?;
        Ok(outcome.map(|o| self.present(&o)))
    }

    /// What the person sees after a connect or a decision.
    pub fn present(&self, outcome: &ConnectOutcome) -> Both<ConnectResult> {
        self.both(|p| match outcome {
            ConnectOutcome::Connected { connection, report, reauthorized, expected_org } => {
                let view = p.connection(connection);
                // A re-authorized connection that hands out tokens again is
                // done; anything else shows what was verified first.
                let next = if *reauthorized && connection.state.hands_out_tokens() {
                    NextStep::Done
                } else {
                    NextStep::Verify
                };
                let verify = p.verify(report, connection.account_type, expected_org.as_deref(), false);
                ConnectResult::Connected { connection: view, verify, next }
            }
            ConnectOutcome::NeedsDecision { decision_id, decision, report, account_type } => {
                let view = match decision {
                    Decision::WrongCompany { expected, actual } => p.wrong_company(
                        decision_id,
                        expected,
                        actual.as_ref().map(|c| (c.name.as_str(), c.org_number.as_str())),
                    ),
                    Decision::AlreadyConnected { existing } => p.already_connected(decision_id, existing),
                };
                ConnectResult::NeedsDecision { decision: view, verify: p.verify(report, *account_type, None, true) }
            }
        })
    }
}

/// A new authorization for a saved connection's options and company.
fn again_for(
    connection: &Connection,
    account_type: crate::connection::AccountType,
    redirect: RedirectKind,
) -> AuthorizeRequest {
    let mut request = AuthorizeRequest::new(connection.options.clone(), account_type, redirect);
    request.expected_org = connection.company.as_ref().map(|c| c.org_number.clone());
    request
}
