//! `fortnox-connect profile check FILE`.

use std::path::Path;

use fortnox_core::profile::{Profile, scopes};
use serde_json::json;

use crate::exit::ExitCode;

pub fn check(file: &Path, as_json: bool) -> ExitCode {
    let profile = match Profile::load(file) {
        Ok(profile) => profile,
        Err(err) => {
            if as_json {
                outln!("{}", json!({ "valid": false, "error": err.to_string() }));
            } else {
                eoutln!("{}: {err}", file.display());
            }
            return ExitCode::Usage;
        }
    };
    let options: Vec<_> = profile
        .options
        .iter()
        .map(|o| {
            let scopes = profile.scopes_for(std::slice::from_ref(&o.id)).unwrap_or_default();
            (o, scopes)
        })
        .collect();
    let unconfirmed = profile.unconfirmed_scopes();
    if as_json {
        let list: Vec<_> =
            options.iter().map(|(o, s)| json!({ "id": o.id, "default": o.default, "scopes": s })).collect();
        outln!(
            "{}",
            json!({
                "valid": true,
                "name": profile.name,
                "client_id": profile.client_id,
                "options": list,
                "unconfirmed_scopes": unconfirmed,
            })
        );
    } else {
        outln!("{} ({}) — profile is valid", profile.name, profile.vendor);
        for (option, scope_list) in &options {
            let mark = if option.default { " (default)" } else { "" };
            outln!("  {}{}: {}", option.id, mark, scopes::join(scope_list));
        }
        for scope in &unconfirmed {
            outln!("  note: scope `{scope}` is not in Fortnox's official list; check that your app has it");
        }
    }
    ExitCode::Success
}
