//! Printing: the views the operations return, in the chosen language, as
//! short text or as JSON. Errors print their catalogue entry (title, who
//! must act, steps); with `--json` as
//! `{"error":{"code","title","who","steps","details"}}` on stdout.

use std::io::Write;

use fortnox_core::messages::{self, keys};
use fortnox_core::operations::{ConnectionView, explain_code};
use fortnox_core::{AccountType, ConnectionState, ErrorCode, Lang, Problem};
use serde::Serialize;
use serde_json::{Value, json};

use crate::error::CliError;

/// One JSON value on its own line of stdout.
pub fn line(value: &impl Serialize) {
    // Serialized whole, then written at once: formatting straight into
    // stdout writes a 500-connection status a few bytes at a time.
    let mut bytes = serde_json::to_vec(value).unwrap_or_default();
    bytes.push(b'\n');
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(&bytes);
    let _ = out.flush();
}

/// The catalogue entry an error prints, if it has one.
pub fn problem(error: &CliError, lang: Lang) -> Option<Problem> {
    match error {
        CliError::Failed(failure) => Some(failure.get(lang).clone()),
        CliError::Launch(fortnox_launch::LaunchError::Profile(e)) => {
            Some(explain_code(e.code(), &e.details()).into_lang(lang))
        }
        _ => None,
    }
}

/// The `error` object of the JSON output (a contract).
pub fn error_json(error: &CliError, lang: Lang) -> Value {
    match problem(error, lang) {
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
pub fn error(error: &CliError, json: bool, lang: Lang) {
    if matches!(error, CliError::Reported(_) | CliError::Declined) {
        return;
    }
    if json {
        line(&json!({ "error": error_json(error, lang) }));
        return;
    }
    match problem(error, lang) {
        Some(p) => eout!("{}", problem_text(&p, lang)),
        None => eoutln!("fortnox-connect: {error}"),
    }
}

pub fn problem_text(p: &Problem, lang: Lang) -> String {
    let mut text = format!("{}\n{}\n", p.title, p.cause);
    text.push_str(&format!("{}: {}\n", messages::text(lang, keys::ERROR_WHO), p.who_label));
    for (i, step) in p.steps.iter().enumerate() {
        text.push_str(&format!("  {}. {}\n", i + 1, step));
    }
    if !p.details.is_empty() {
        text.push_str(&format!("({}: {})\n", messages::text(lang, keys::ERROR_DETAILS), p.details));
    }
    text
}

/// A connection as `status --json` shows it (a contract: these fields,
/// no more). Borrowed from the view: an agency's 500 are printed without
/// copying them into JSON values first.
#[derive(Serialize)]
pub struct StatusJson<'a> {
    id: &'a str,
    company_name: &'a Option<String>,
    org_number: &'a Option<String>,
    tenant_id: &'a Option<String>,
    account_type: AccountType,
    state: ConnectionState,
    options: &'a [String],
    scopes: &'a [String],
    refresh_expires_at: &'a Option<String>,
    last_error: Option<StatusError<'a>>,
}

#[derive(Serialize)]
pub struct StatusError<'a> {
    code: ErrorCode,
    at: &'a str,
    details: &'a str,
}

pub fn status_json(c: &ConnectionView) -> StatusJson<'_> {
    StatusJson {
        id: &c.id,
        company_name: &c.company_name,
        org_number: &c.org_number,
        tenant_id: &c.tenant_id,
        account_type: c.account_type,
        state: c.state,
        options: &c.options,
        scopes: &c.scopes,
        refresh_expires_at: &c.refresh_expires_at,
        last_error: c.last_error.as_ref().map(|e| StatusError { code: e.code, at: &e.at, details: &e.details }),
    }
}

/// A connection as `status` shows it to a person.
pub fn status_text(c: &ConnectionView, lang: Lang) -> String {
    let field = |key: &str| messages::text(lang, key);
    let mut text = format!("{}\n  id: {}\n", c.company_label, c.id);
    text.push_str(&format!("  {}: {}\n", field(keys::CLI_FIELD_STATE), c.state_label));
    text.push_str(&format!("  {}: {}\n", field(keys::CLI_FIELD_ACCOUNT), c.account_label));
    if let Some(tenant) = &c.tenant_id {
        text.push_str(&format!("  tenant: {tenant}\n"));
    }
    text.push_str(&format!("  {}: {}\n", field(keys::CLI_FIELD_OPTIONS), c.options_label));
    text.push_str(&format!("  scopes: {}\n", c.scopes.join(" ")));
    for health in &c.health {
        text.push_str(&format!("  {} {}\n", if health.warn { "!" } else { "·" }, health.text));
    }
    text
}
