//! `connect` and `reauthorize`: the browser logs in, the loopback
//! listener receives Fortnox's answer, core does the rest.

use fortnox_core::loopback::LoopbackSurface;
use fortnox_core::verify::CheckStatus;
use fortnox_core::{AccountType, AuthorizeRequest, ConnectOutcome, DecisionChoice, DecisionKind, Error, RedirectKind};
use serde_json::json;

use crate::args::AccountArg;
use crate::context::Context;
use crate::error::CliError;
use crate::output::{self, account_words, company, line, status_json};
use crate::texts::t;

fn surface(ctx: &Context, no_browser: bool) -> LoopbackSurface {
    let (json, lang) = (ctx.json, ctx.lang);
    LoopbackSurface::new(lang, !no_browser, move |url| {
        if json {
            line(&json!({ "event": "authorize_url", "url": url.as_str() }));
        } else {
            outln!(
                "{}\n  {url}\n{}",
                t(lang, "Logga in i Fortnox på den här adressen:", "Log into Fortnox at this address:"),
                t(
                    lang,
                    "Väntar på svar från Fortnox (högst 10 minuter) …",
                    "Waiting for Fortnox's answer (at most 10 minutes) …"
                )
            );
        }
    })
}

pub async fn connect(
    ctx: &Context,
    options: Option<Vec<String>>,
    account: Option<AccountArg>,
    expect_org: Option<String>,
    enable: bool,
    no_browser: bool,
) -> Result<(), CliError> {
    let profile = ctx.service.profile();
    let options = options.unwrap_or_else(|| profile.default_option_ids());
    for id in &options {
        if profile.option(id).is_none() {
            let known: Vec<&str> = profile.options.iter().map(|o| o.id.as_str()).collect();
            return Err(CliError::Usage(format!("unknown option `{id}`; this profile has: {}", known.join(", "))));
        }
    }
    let account_type = match account {
        Some(AccountArg::Service) => AccountType::Service,
        Some(AccountArg::User) => AccountType::User,
        None if profile.service_account.recommended => AccountType::Service,
        None => AccountType::User,
    };
    let mut request = AuthorizeRequest::new(options, account_type, RedirectKind::Loopback);
    request.expected_org = expect_org;
    let outcome = ctx.service.connect(&surface(ctx, no_browser), request, &|_| {}).await;
    finish(ctx, outcome, enable).await
}

pub async fn reauthorize(ctx: &Context, id: &str, no_browser: bool) -> Result<(), CliError> {
    let outcome = ctx.service.reauthorize(&surface(ctx, no_browser), id, RedirectKind::Loopback, &|_| {}).await;
    finish(ctx, outcome, false).await
}

/// Decisions a script cannot be asked about: a wrong company is refused
/// (and revoked); an already connected company is updated in place.
async fn finish(ctx: &Context, outcome: Result<ConnectOutcome, Error>, enable: bool) -> Result<(), CliError> {
    let outcome = match outcome {
        Ok(ConnectOutcome::NeedsDecision {
            decision_id,
            decision: DecisionKind::WrongCompany { expected, actual },
            ..
        }) => {
            ctx.service.decide(&decision_id, DecisionChoice::Discard).await?;
            let actual = actual.map(|c| format!("{} ({})", c.name, c.org_number)).unwrap_or_else(|| "?".into());
            return Err(event_error(ctx, Error::WrongCompany { expected, actual }.into()));
        }
        Ok(ConnectOutcome::NeedsDecision { decision_id, .. }) => ctx
            .service
            .decide(&decision_id, DecisionChoice::UseExisting)
            .await
            .map_err(|e| event_error(ctx, e.into()))?
            .ok_or_else(|| CliError::Usage("the result was discarded".into()))?,
        Ok(outcome) => outcome,
        Err(e) => return Err(event_error(ctx, e.into())),
    };
    let ConnectOutcome::Connected { connection, report, reauthorized } = outcome else {
        return Err(CliError::Usage("unexpected result".into()));
    };
    let mut connection = *connection;
    if enable && connection.state != fortnox_core::ConnectionState::Enabled {
        ctx.service.enable(&connection.id).await.map_err(|e| event_error(ctx, e.into()))?;
        connection = ctx.service.summary(&connection.id)?;
    }
    if ctx.json {
        line(&json!({
            "event": "connected",
            "connection": status_json(&connection),
            "reauthorized": reauthorized,
            "verification": report,
        }));
        return Ok(());
    }
    let lang = ctx.lang;
    let what =
        if reauthorized { t(lang, "Godkänd igen", "Re-authorized") } else { t(lang, "Ansluten till", "Connected to") };
    outln!("{what} {}, {}.", company(&connection), account_words(connection.account_type, lang));
    for check in &report.options {
        let label = ctx
            .service
            .profile()
            .option(&check.option_id)
            .map(|o| o.label.get(lang).to_string())
            .unwrap_or_else(|| check.option_id.clone());
        match (check.status, check.failure()) {
            (CheckStatus::Fails, Some(code)) => {
                let problem = ctx.service.explain(code, std::slice::from_ref(&check.option_id), lang);
                outln!("  ✗ {label}: {} ({})", problem.title, problem.who_label);
            }
            (CheckStatus::NotChecked, _) => {
                outln!("  ? {label}: {}", t(lang, "kunde inte kontrolleras", "could not be checked"))
            }
            _ => outln!("  ✓ {label}"),
        }
    }
    if connection.state == fortnox_core::ConnectionState::Enabled {
        outln!("{}", t(lang, "Kopplingen är påslagen.", "The connection is enabled."));
    } else {
        outln!("{} fortnox-connect enable {}", t(lang, "Slå på den med:", "Enable it with:"), connection.id);
    }
    outln!("Id: {}", connection.id);
    Ok(())
}

/// With `--json`, a connect error is printed as an event line here (and
/// not again by the caller).
fn event_error(ctx: &Context, error: CliError) -> CliError {
    if ctx.json {
        let problem = output::problem_for(&error, Some(&ctx.service), None, ctx.lang);
        line(&json!({ "event": "error", "error": output::error_json(&error, problem.as_ref()) }));
        return CliError::Reported(Box::new(error));
    }
    error
}
