//! `token [ID]` and `refresh [ID]`: the access token alone on stdout, so
//! `$(fortnox-connect token)` works.

use fortnox_core::{ConnectionState, FortnoxConnect};
use serde_json::json;

use crate::context::Context;
use crate::error::CliError;
use crate::output::line;

/// The connection meant: the one given, or the only enabled one.
pub fn resolve(service: &FortnoxConnect, id: Option<&str>) -> Result<String, CliError> {
    if let Some(id) = id {
        return Ok(id.to_string());
    }
    let enabled: Vec<String> =
        service.connections()?.into_iter().filter(|c| c.state == ConnectionState::Enabled).map(|c| c.id).collect();
    match enabled.as_slice() {
        [only] => Ok(only.clone()),
        [] => Err(CliError::Usage("no enabled connection; name one: fortnox-connect token ID".into())),
        many => {
            Err(CliError::Usage(format!("{} connections are enabled; name one of: {}", many.len(), many.join(", "))))
        }
    }
}

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

pub async fn token(ctx: &Context, id: Option<&str>) -> Result<(), CliError> {
    let id = resolve(&ctx.service, id)?;
    let grant = ctx.service.access_token(&id).await?;
    if ctx.json {
        line(&json!({
            "access_token": grant.access_token.expose(),
            "expires_at": rfc3339(grant.expires_at),
            "tenant_id": grant.tenant_id,
            "connection_id": grant.connection_id,
        }));
    } else {
        outln!("{}", grant.access_token.expose());
    }
    Ok(())
}

pub async fn refresh(ctx: &Context, id: Option<&str>) -> Result<(), CliError> {
    let id = resolve(&ctx.service, id)?;
    let grant = ctx.service.refresh(&id).await?;
    if ctx.json {
        line(&json!({ "connection_id": grant.connection_id, "expires_at": rfc3339(grant.expires_at) }));
    } else {
        let until = rfc3339(grant.expires_at);
        match ctx.lang {
            fortnox_core::Lang::Sv => outln!("Förnyad. Ny åtkomstnyckel giltig till {until}."),
            fortnox_core::Lang::En => outln!("Refreshed. New access token valid until {until}."),
        }
    }
    Ok(())
}
