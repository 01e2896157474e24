//! `token [ID]` and `refresh [ID]`: the access token alone on stdout, so
//! `$(fortnox-connect token)` works.

use fortnox_core::messages::{self, keys};
use serde_json::json;

use super::{Ops, Out};
use crate::error::CliError;
use crate::output::line;

pub async fn token(ops: &Ops, out: &Out, id: Option<&str>) -> Result<(), CliError> {
    let token = ops.token(id).await?;
    if out.json {
        line(&json!({
            "access_token": token.access_token.expose(),
            "expires_at": token.expires_at,
            "tenant_id": token.tenant_id,
            "connection_id": token.connection_id,
        }));
    } else {
        outln!("{}", token.access_token.expose());
    }
    Ok(())
}

pub async fn refresh(ops: &Ops, out: &Out, id: Option<&str>) -> Result<(), CliError> {
    let token = ops.refresh(id).await?;
    if out.json {
        line(&json!({ "connection_id": token.connection_id, "expires_at": token.expires_at }));
    } else {
        outln!("{}", messages::text_with(out.lang, keys::CLI_REFRESHED, &[("until", &token.expires_at)]));
    }
    Ok(())
}
