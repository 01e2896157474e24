//! `enable`, `disable`, `remove`, `sign-out`, `keepalive`, `export`,
//! `diagnostics`.

use std::io::IsTerminal;
use std::path::Path;

use fortnox_core::messages::{self, keys};
use fortnox_core::operations::{ConnectionRequest, ConnectionView, Exported, RemoveRequest};
use serde_json::json;

use super::{Ops, Out};
use crate::error::CliError;
use crate::output::{line, status_json};

fn show(out: &Out, connection: &ConnectionView) {
    if out.json {
        line(&status_json(connection));
    } else {
        outln!("{}: {}", connection.company_label, connection.state_label);
    }
}

pub async fn enable(ops: &Ops, out: &Out, id: String) -> Result<(), CliError> {
    let connection = ops.enable_connection(ConnectionRequest { id }).await?;
    show(out, connection.get(out.lang));
    Ok(())
}

pub async fn disable(ops: &Ops, out: &Out, id: String) -> Result<(), CliError> {
    let connection = ops.disable_connection(ConnectionRequest { id }).await?;
    show(out, connection.get(out.lang));
    Ok(())
}

pub async fn remove(ops: &Ops, out: &Out, id: String, force: bool) -> Result<(), CliError> {
    let mut company = String::new();
    ops.status(Some(&id), out.lang, |connection| company = connection.company_label)?;
    ops.remove_connection(RemoveRequest { id: id.clone(), force }).await?;
    if out.json {
        line(&json!({ "removed": id, "revoked": true }));
    } else {
        outln!("{}", messages::text_with(out.lang, keys::CLI_REMOVED, &[("company", &company), ("id", &id)]));
    }
    Ok(())
}

pub async fn keepalive(ops: &Ops, out: &Out, older_than_days: u32, concurrency: usize) -> Result<(), CliError> {
    // A progress line on a terminal only: logs and pipes get the summary.
    let lang = out.lang;
    let show_progress = !out.json && std::io::stderr().is_terminal();
    let progress = move |done: usize, total: usize| {
        if show_progress {
            let (done, total) = (done.to_string(), total.to_string());
            eout!(
                "\r{}",
                messages::text_with(lang, keys::CLI_KEEPALIVE_PROGRESS, &[("done", &done), ("total", &total)])
            );
        }
    };
    let report = ops.keepalive(older_than_days, concurrency, &progress).await?;
    if show_progress {
        eoutln!();
    }
    if out.json {
        let mut results: Vec<_> =
            report.refreshed.iter().map(|id| json!({ "connection_id": id, "refreshed": true })).collect();
        results.extend(report.failed.iter().map(|(id, failure)| {
            let problem = failure.get(lang);
            json!({ "connection_id": id, "refreshed": false, "error": { "code": problem.code, "title": problem.title } })
        }));
        line(&serde_json::Value::Array(results));
    } else if report.refreshed.is_empty() && report.failed.is_empty() {
        outln!("{}", messages::text(lang, keys::CLI_KEEPALIVE_NOTHING));
    } else {
        for (id, failure) in &report.failed {
            let title = &failure.get(lang).title;
            outln!("{}", messages::text_with(lang, keys::CLI_KEEPALIVE_FAILED, &[("id", id), ("title", title)]));
        }
        outln!("{}", report.summary.get(lang));
    }
    match report.failed.into_iter().next() {
        // The exit code of the first failure; every failure was printed.
        Some((_, failure)) => Err(CliError::Reported(Box::new(failure.into()))),
        None => Ok(()),
    }
}

/// Every connection removed here and revoked in Fortnox; the installation
/// signed out at the broker. `--yes` is required: it cannot be undone.
pub async fn sign_out(ops: &Ops, out: &Out, yes: bool) -> Result<(), CliError> {
    if !yes {
        return Err(CliError::Usage(messages::text(out.lang, keys::CLI_SIGN_OUT_NEEDS_YES)));
    }
    let signed_out = ops.sign_out(fortnox_core::operations::Nothing {}).await?;
    let signed_out = signed_out.get(out.lang);
    if out.json {
        line(&json!({ "signed_out": true }));
    } else {
        outln!("{}", signed_out.notice);
    }
    Ok(())
}

pub fn export(ops: &Ops, out: &Out, path: &Path) -> Result<(), CliError> {
    written(out, ops.export_connections_to(path)?.get(out.lang), keys::CLI_EXPORTED)
}

pub fn diagnostics(ops: &Ops, out: &Out, path: &Path) -> Result<(), CliError> {
    written(out, ops.export_diagnostics_to(path)?.get(out.lang), keys::CLI_DIAGNOSTICS)
}

fn written(out: &Out, exported: &Exported, key: &str) -> Result<(), CliError> {
    let path = &exported.path;
    if out.json {
        line(&json!({ "written": path }));
    } else {
        outln!("{}", messages::text_with(out.lang, key, &[("path", path)]));
    }
    Ok(())
}
