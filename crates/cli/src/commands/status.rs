//! `status [ID]`.

use fortnox_core::ConnectionState;
use serde_json::Value;

use crate::context::Context;
use crate::error::CliError;
use crate::output::{account_words, company, line, state_words, status_json};
use crate::texts::t;

pub fn status(ctx: &Context, id: Option<&str>) -> Result<(), CliError> {
    let summaries = match id {
        Some(id) => vec![ctx.service.summary(id)?],
        None => ctx.service.summaries()?,
    };
    if ctx.json {
        line(&Value::Array(summaries.iter().map(status_json).collect()));
        return Ok(());
    }
    let lang = ctx.lang;
    if summaries.is_empty() {
        outln!(
            "{}",
            t(
                lang,
                "Inga kopplingar än. Skapa en med: fortnox-connect connect",
                "No connections yet. Create one with: fortnox-connect connect"
            )
        );
        return Ok(());
    }
    for s in &summaries {
        outln!("{}", company(s));
        outln!("  id:       {}", s.id);
        outln!("  {}: {}", t(lang, "tillstånd", "state   "), state_words(s.state, lang));
        outln!("  {}: {}", t(lang, "konto    ", "account "), account_words(s.account_type, lang));
        if let Some(tenant) = &s.tenant_id {
            outln!("  tenant:   {tenant}");
        }
        outln!("  {}: {}", t(lang, "områden  ", "options "), s.options.join(", "));
        outln!("  scopes:   {}", s.scopes.join(" "));
        if let Some(days) = s.refresh_expires_in_days
            && s.state != ConnectionState::NeedsReauthorization
        {
            outln!(
                "  {}",
                match lang {
                    fortnox_core::Lang::Sv => format!("förnyelsen går ut om {days} dagar om den inte används"),
                    fortnox_core::Lang::En => format!("refresh token expires in {days} days unless used"),
                }
            );
        }
        if !s.options_missing_scopes.is_empty() {
            outln!(
                "  {}: {}",
                t(lang, "behöver godkännas igen för", "needs re-authorization for"),
                s.options_missing_scopes.join(", ")
            );
        }
        if let Some(error) = &s.last_error {
            let problem = ctx.service.explain(error.code, &[], lang);
            outln!("  {}: {} ({})", t(lang, "senaste fel", "last error"), problem.title, error.code.as_str());
        }
    }
    Ok(())
}
