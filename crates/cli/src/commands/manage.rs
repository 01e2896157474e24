//! `enable`, `disable`, `remove`, `keepalive`, `diagnostics`.

use std::path::Path;

use serde_json::json;

use crate::context::Context;
use crate::error::CliError;
use crate::output::{company, line, state_words, status_json};
use crate::texts::t;

async fn show(ctx: &Context, id: &str) -> Result<(), CliError> {
    let summary = ctx.service.summary(id)?;
    if ctx.json {
        line(&status_json(&summary));
    } else {
        outln!("{}: {}", company(&summary), state_words(summary.state, ctx.lang));
    }
    Ok(())
}

pub async fn enable(ctx: &Context, id: &str) -> Result<(), CliError> {
    ctx.service.enable(id).await?;
    show(ctx, id).await
}

pub async fn disable(ctx: &Context, id: &str) -> Result<(), CliError> {
    ctx.service.disable(id).await?;
    show(ctx, id).await
}

pub async fn remove(ctx: &Context, id: &str, force: bool) -> Result<(), CliError> {
    let summary = ctx.service.summary(id)?;
    ctx.service.remove(id, force).await?;
    if ctx.json {
        line(&json!({ "removed": id, "revoked": true }));
    } else {
        outln!(
            "{} {} ({})",
            t(ctx.lang, "Borttagen och återkallad i Fortnox:", "Removed and revoked in Fortnox:"),
            company(&summary),
            id
        );
    }
    Ok(())
}

pub async fn keepalive(ctx: &Context, older_than_days: u32) -> Result<(), CliError> {
    let done = ctx.service.keepalive(time::Duration::days(i64::from(older_than_days))).await?;
    let mut failed = None;
    let mut report = Vec::new();
    for (id, result) in done {
        match result {
            Ok(_) => {
                report.push(json!({ "connection_id": id, "refreshed": true }));
                if !ctx.json {
                    outln!("{} {id}", t(ctx.lang, "Förnyad:", "Refreshed:"));
                }
            }
            Err(e) => {
                let problem = ctx.service.problem(&e, None, ctx.lang);
                report.push(json!({ "connection_id": id, "refreshed": false, "error": { "code": problem.code, "title": problem.title } }));
                if !ctx.json {
                    outln!("{} {id}: {}", t(ctx.lang, "Misslyckades:", "Failed:"), problem.title);
                }
                failed.get_or_insert(CliError::Core(e));
            }
        }
    }
    if ctx.json {
        line(&serde_json::Value::Array(report.clone()));
    } else if report.is_empty() {
        outln!(
            "{}",
            t(
                ctx.lang,
                "Inget att göra: alla kopplingar är nyligen förnyade.",
                "Nothing to do: every connection was renewed recently."
            )
        );
    }
    match failed {
        Some(e) => Err(CliError::Reported(Box::new(e))),
        None => Ok(()),
    }
}

pub fn diagnostics(ctx: &Context, out: &Path) -> Result<(), CliError> {
    ctx.service.export_diagnostics(out, concat!("fortnox-connect ", env!("CARGO_PKG_VERSION")))?;
    if ctx.json {
        line(&json!({ "written": out }));
    } else {
        outln!(
            "{} {}",
            t(ctx.lang, "Diagnostik sparad (utan hemligheter):", "Diagnostics written (no secrets):"),
            out.display()
        );
    }
    Ok(())
}
