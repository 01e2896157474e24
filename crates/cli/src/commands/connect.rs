//! `connect`, `reauthorize` and `switch-account`: the browser logs in,
//! the loopback listener receives Fortnox's answer, the operation does
//! the rest.

use fortnox_core::AccountType;
use fortnox_core::messages::{self, keys};
use fortnox_core::operations::{ConnectRequest, ConnectResult, ConnectTarget, DecideRequest, DecisionView};
use fortnox_core::service::DecisionChoice;
use fortnox_core::verify::CheckStatus;
use serde_json::json;

use super::{Ops, Out};
use crate::args::AccountArg;
use crate::error::CliError;
use crate::output::{error_json, line, status_json};

pub fn new_target(
    options: Option<Vec<String>>,
    account: Option<AccountArg>,
    expected_org: Option<String>,
) -> ConnectTarget {
    let account_type = account.map(|a| match a {
        AccountArg::Service => AccountType::Service,
        AccountArg::User => AccountType::User,
    });
    ConnectTarget::New { options, account_type, expected_org }
}

pub enum Again {
    Reauthorize,
    SwitchAccountType,
}

pub async fn connect(ops: &Ops, out: &Out, target: ConnectTarget, enable: bool) -> Result<(), CliError> {
    let result = ops.connect(ConnectRequest { target, browser: true }).await.map_err(|f| reported(out, f.into()))?;
    let result = decide(ops, out, result.into_lang(out.lang)).await?;
    finish(ops, out, result, false, enable).await
}

pub async fn again(ops: &Ops, out: &Out, again: Again, connection_id: String) -> Result<(), CliError> {
    let (target, reauthorized) = match again {
        Again::Reauthorize => (ConnectTarget::Reauthorize { connection_id }, true),
        Again::SwitchAccountType => (ConnectTarget::SwitchAccountType { connection_id }, false),
    };
    let result = ops.connect(ConnectRequest { target, browser: true }).await.map_err(|f| reported(out, f.into()))?;
    let result = decide(ops, out, result.into_lang(out.lang)).await?;
    finish(ops, out, result, reauthorized, false).await
}

/// Decisions a script cannot be asked about: an already connected company
/// is updated in place; anything else (a wrong company) is thrown away
/// and revoked, and the command ends with exit code 3.
async fn decide(ops: &Ops, out: &Out, result: ConnectResult) -> Result<ConnectResult, CliError> {
    let ConnectResult::NeedsDecision { decision, .. } = result else {
        return Ok(result);
    };
    let choice = if decision.choices.iter().any(|c| c.choice == DecisionChoice::UseExisting) {
        DecisionChoice::UseExisting
    } else {
        DecisionChoice::Discard
    };
    let decided = ops
        .decide(DecideRequest { decision_id: decision.id.clone(), choice })
        .await
        .map_err(|f| reported(out, f.into()))?;
    match decided {
        Some(result) => Ok(result.into_lang(out.lang)),
        None => {
            declined(out, &decision);
            Err(CliError::Declined)
        }
    }
}

/// A decision that ended the command: what it was, and that nothing was
/// kept.
fn declined(out: &Out, decision: &DecisionView) {
    let discarded = messages::text(out.lang, keys::CLI_DECISION_DISCARDED);
    if out.json {
        line(&json!({
            "event": "declined",
            "decision": { "kind": decision.kind, "title": decision.title, "text": decision.text },
        }));
    } else {
        eoutln!("{}\n{}\n{discarded}", decision.title, decision.text);
    }
}

async fn finish(ops: &Ops, out: &Out, result: ConnectResult, reauthorized: bool, enable: bool) -> Result<(), CliError> {
    let ConnectResult::Connected { mut connection, verify, .. } = result else {
        return Err(CliError::Usage("a decision was left open".into()));
    };
    if enable && connection.state != fortnox_core::ConnectionState::Enabled {
        let request = fortnox_core::operations::ConnectionRequest { id: connection.id.clone() };
        connection = ops.enable_connection(request).await.map_err(|f| reported(out, f.into()))?.into_lang(out.lang);
    }
    if out.json {
        line(&json!({
            "event": "connected",
            "connection": status_json(&connection),
            "reauthorized": reauthorized,
            "verification": verify,
        }));
        return Ok(());
    }
    let lang = out.lang;
    let key = if reauthorized { keys::CLI_REAUTHORIZED } else { keys::CLI_CONNECTED };
    outln!(
        "{}",
        messages::text_with(
            lang,
            key,
            &[("company", &connection.company_label), ("account", &connection.account_label)]
        )
    );
    for check in &verify.checks {
        let mark = match check.status {
            CheckStatus::Works => "✓",
            CheckStatus::Fails => "✗",
            CheckStatus::NotChecked => "?",
        };
        match &check.problem {
            Some(problem) => outln!("  {mark} {}: {} ({})", check.label, problem.title, problem.who_label),
            None if check.status == CheckStatus::Works => outln!("  {mark} {}", check.label),
            None => outln!("  {mark} {}: {}", check.label, check.status_label),
        }
    }
    if connection.state == fortnox_core::ConnectionState::Enabled {
        outln!("{}", messages::text(lang, keys::CLI_IS_ENABLED));
    } else {
        outln!("{}", messages::text_with(lang, keys::CLI_ENABLE_WITH, &[("id", &connection.id)]));
    }
    outln!("Id: {}", connection.id);
    Ok(())
}

/// With `--json`, a login's error is an event line like the others (and
/// is not printed again by the caller).
fn reported(out: &Out, error: CliError) -> CliError {
    if out.json {
        line(&json!({ "event": "error", "error": error_json(&error, out.lang) }));
        return CliError::Reported(Box::new(error));
    }
    error
}
