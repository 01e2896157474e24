//! `status [ID]`.

use std::io::{BufWriter, Write};

use fortnox_core::messages::{self, keys};

use super::{Ops, Out};
use crate::error::CliError;
use crate::output::{status_json, status_text};

/// Each connection is printed as soon as it is worded, through one buffer:
/// an agency's 500 never sit in memory as views or JSON values at once.
pub fn status(ops: &Ops, out: &Out, id: Option<&str>) -> Result<(), CliError> {
    let mut stdout = BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    let mut count = 0;
    let summary = ops.status(id, out.lang, |connection| {
        let separator = if count == 0 { "[" } else { "," };
        count += 1;
        if out.json {
            let _ = stdout.write_all(separator.as_bytes());
            let _ = serde_json::to_writer(&mut stdout, &status_json(&connection));
        } else {
            let _ = stdout.write_all(status_text(&connection, out.lang).as_bytes());
        }
    })?;
    let _ = match (out.json, count) {
        (true, 0) => writeln!(stdout, "[]"),
        (true, _) => writeln!(stdout, "]"),
        (false, 0) => writeln!(stdout, "{}", messages::text(out.lang, keys::CLI_NO_CONNECTIONS)),
        (false, _) if id.is_none() => writeln!(stdout, "{summary}"),
        (false, _) => Ok(()),
    };
    let _ = stdout.flush();
    Ok(())
}
