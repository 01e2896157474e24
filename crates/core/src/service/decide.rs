//! What the person must decide before a verified result is saved: another
//! company than the client they expected, or a company that is already
//! connected. The result waits in memory only (its tokens written ahead
//! to the keyring are deleted); nothing is saved until they decide, and a
//! discarded one is revoked at Fortnox.

use super::FortnoxConnect;
use super::outcome::{ConnectOutcome, Decision, DecisionChoice, Progress};
use super::write_ahead::WrittenAhead;
use crate::connection::Connection;
use crate::error::{Error, Result};
use crate::oauth::{Exchanged, Pending};
use crate::verify::VerifyReport;

/// A verified result waiting for a decision.
pub(crate) struct Held {
    pending: Pending,
    tokens: Exchanged,
    report: VerifyReport,
    granted: Vec<String>,
    decision: Decision,
}

fn digits(org: &str) -> String {
    org.chars().filter(char::is_ascii_digit).collect()
}

impl FortnoxConnect {
    /// The wrong-company decision, when the person expected another client.
    pub(super) fn wrong_company(&self, pending: &Pending, report: &VerifyReport) -> Option<Decision> {
        let expected = pending.expected_org.as_deref().filter(|e| !digits(e).is_empty())?;
        let actual = report.company.clone();
        (actual.as_ref().map(|c| digits(&c.org_number)) != Some(digits(expected)))
            .then(|| Decision::WrongCompany { expected: expected.to_string(), actual })
    }

    /// The duplicate check, then save.
    pub(super) async fn after_company_check(
        &self,
        pending: Pending,
        tokens: Exchanged,
        report: VerifyReport,
        granted: Vec<String>,
        ahead: Option<WrittenAhead>,
        progress: Progress<'_>,
    ) -> Result<ConnectOutcome> {
        let existing = match &pending.connection_id {
            Some(_) => Ok(None),
            None => self.existing_for_tenant(report.tenant_id.as_deref(), &pending),
        };
        match existing {
            Ok(None) => {}
            Ok(Some(existing)) => {
                self.unwrite_ahead(ahead);
                let decision = Decision::AlreadyConnected { existing: Box::new(existing) };
                return Ok(self.hold(pending, tokens, report, granted, decision));
            }
            // The state cannot be read: nothing can keep this result.
            Err(e) => {
                self.unwrite_ahead(ahead);
                self.revoke_quietly(&tokens).await;
                return Err(e);
            }
        }
        progress(super::ConnectProgress::Saving);
        self.save(pending, tokens, report, granted, ahead).await
    }

    fn existing_for_tenant(&self, tenant: Option<&str>, pending: &Pending) -> Result<Option<Connection>> {
        let Some(tenant) = tenant else {
            return Ok(None);
        };
        let replaced = pending.replaces.as_deref();
        Ok(self
            .connections()?
            .into_iter()
            .find(|c| c.tenant_id.as_deref() == Some(tenant) && Some(c.id.as_str()) != replaced))
    }

    pub(super) fn hold(
        &self,
        pending: Pending,
        tokens: Exchanged,
        report: VerifyReport,
        granted: Vec<String>,
        decision: Decision,
    ) -> ConnectOutcome {
        let decision_id = uuid::Uuid::new_v4().to_string();
        let outcome = ConnectOutcome::NeedsDecision {
            decision_id: decision_id.clone(),
            decision: decision.clone(),
            report: report.clone(),
            account_type: pending.account_type,
        };
        self.flows.held().insert(decision_id, Held { pending, tokens, report, granted, decision });
        outcome
    }

    /// Carries out the person's decision on a held result. `None`: it was
    /// discarded (and revoked).
    pub async fn decide(&self, decision_id: &str, choice: DecisionChoice) -> Result<Option<ConnectOutcome>> {
        let held =
            self.flows.held().remove(decision_id).ok_or_else(|| Error::DecisionNotFound(decision_id.to_string()))?;
        let silent = |_| {};
        match (choice, &held.decision) {
            (DecisionChoice::Discard, _) => {
                self.revoke_quietly(&held.tokens).await;
                Ok(None)
            }
            (DecisionChoice::Keep, Decision::WrongCompany { .. }) => {
                let Held { pending, tokens, report, granted, .. } = held;
                self.after_company_check(pending, tokens, report, granted, None, &silent).await.map(Some)
            }
            (DecisionChoice::UseExisting, Decision::AlreadyConnected { existing }) => {
                let existing_id = existing.id.clone();
                let Held { mut pending, tokens, report, granted, .. } = held;
                pending.connection_id = Some(existing_id);
                self.save(pending, tokens, report, granted, None).await.map(Some)
            }
            (_, _) => {
                // A choice that does not fit: keep the result waiting.
                let id = decision_id.to_string();
                self.flows.held().insert(id.clone(), held);
                Err(Error::DecisionNotFound(id))
            }
        }
    }

    /// Best effort: a result nobody keeps is revoked at Fortnox. True when
    /// nothing is left active.
    pub(super) async fn revoke_quietly(&self, tokens: &Exchanged) -> bool {
        match self.remote.tokens.revoke_exchanged(tokens).await {
            Ok(()) => true,
            Err(e) => {
                tracing::warn!(error = %e, "could not revoke an unused approval");
                false
            }
        }
    }
}
