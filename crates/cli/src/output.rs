//! Printing: short human text in the user's language, or JSON. Errors
//! print their catalogue entry (title, who must act, steps); with `--json`
//! as `{"error":{"code","title","who","steps","details"}}` on stdout.

use std::io::Write;

use fortnox_core::catalogue::{self, Context as CatalogueContext};
use fortnox_core::service::ConnectionSummary;
use fortnox_core::{Connection, FortnoxConnect, Lang, Problem};
use serde_json::{Value, json};

use crate::error::CliError;
use crate::texts::t;

pub fn line(value: &Value) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{value}");
    let _ = out.flush();
}

pub fn problem_for(
    error: &CliError,
    service: Option<&FortnoxConnect>,
    connection: Option<&Connection>,
    lang: Lang,
) -> Option<Problem> {
    let CliError::Core(error) = error else {
        return None;
    };
    Some(match service {
        Some(service) => service.problem(error, connection, lang),
        None => catalogue::render(error.code(), error.details(), &CatalogueContext::default(), lang),
    })
}

pub fn error_json(error: &CliError, problem: Option<&Problem>) -> Value {
    match problem {
        Some(p) => json!({
            "code": p.code,
            "title": p.title,
            "who": p.who,
            "steps": p.steps,
            "details": p.details,
        }),
        None => json!({
            "code": "usage",
            "title": error.to_string(),
            "who": "you",
            "steps": [],
            "details": error.to_string(),
        }),
    }
}

/// Prints an error: to stderr as text, or to stdout as JSON.
pub fn error(error: &CliError, service: Option<&FortnoxConnect>, json: bool, lang: Lang) {
    if let CliError::Reported(_) = error {
        return;
    }
    let problem = problem_for(error, service, None, lang);
    if json {
        line(&json!({ "error": error_json(error, problem.as_ref()) }));
        return;
    }
    match problem {
        Some(p) => eout!("{}", problem_text(&p, lang)),
        None => eoutln!("fortnox-connect: {error}"),
    }
}

pub fn problem_text(p: &Problem, lang: Lang) -> String {
    let mut text = format!("{}\n{}\n", p.title, p.cause);
    text.push_str(&format!("{}: {}\n", t(lang, "Vem måste agera", "Who must act"), p.who_label));
    for (i, step) in p.steps.iter().enumerate() {
        text.push_str(&format!("  {}. {}\n", i + 1, step));
    }
    if !p.details.is_empty() {
        text.push_str(&format!("({}: {})\n", t(lang, "Detaljer", "Details"), p.details));
    }
    text
}

/// A connection as `status --json` shows it (a contract).
pub fn status_json(s: &ConnectionSummary) -> Value {
    json!({
        "id": s.id,
        "company_name": s.company_name,
        "org_number": s.org_number,
        "tenant_id": s.tenant_id,
        "account_type": s.account_type,
        "state": s.state,
        "options": s.options,
        "scopes": s.scopes,
        "refresh_expires_at": s.refresh_expires_at,
        "last_error": s.last_error,
    })
}

pub fn state_words(state: fortnox_core::ConnectionState, lang: Lang) -> &'static str {
    use fortnox_core::ConnectionState::*;
    match state {
        Draft => t(lang, "utkast", "draft"),
        Authorizing => t(lang, "godkänns", "authorizing"),
        Authorized => t(lang, "godkänd, inte påslagen", "authorized, not enabled"),
        Enabled => t(lang, "påslagen", "enabled"),
        Disabled => t(lang, "avstängd", "disabled"),
        NeedsReauthorization => t(lang, "behöver godkännas igen", "needs re-authorization"),
        Removed => t(lang, "borttagen", "removed"),
    }
}

pub fn account_words(account: fortnox_core::AccountType, lang: Lang) -> &'static str {
    match account {
        fortnox_core::AccountType::Service => t(lang, "servicekonto", "service account"),
        fortnox_core::AccountType::User => t(lang, "egen användare", "own user"),
    }
}

/// "Bergströms Bygg AB (556677-8899)", or the id when unknown.
pub fn company(s: &ConnectionSummary) -> String {
    match (&s.company_name, &s.org_number) {
        (Some(name), Some(org)) => format!("{name} ({org})"),
        (Some(name), None) => name.clone(),
        _ => s.id.clone(),
    }
}
