//! `status [ID]`.

use fortnox_core::messages::{self, keys};

use super::{Ops, Out};
use crate::error::CliError;
use crate::output::{line, status_json, status_text};

pub fn status(ops: &Ops, out: &Out, id: Option<&str>) -> Result<(), CliError> {
    let list = ops.status(id, out.lang)?;
    if out.json {
        line(&list.connections.iter().map(status_json).collect::<Vec<_>>());
    } else if list.connections.is_empty() {
        outln!("{}", messages::text(out.lang, keys::CLI_NO_CONNECTIONS));
    } else {
        for connection in &list.connections {
            out!("{}", status_text(connection, out.lang));
        }
        if id.is_none() {
            outln!("{}", list.summary);
        }
    }
    Ok(())
}
