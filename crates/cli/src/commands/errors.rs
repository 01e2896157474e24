//! `errors [CODE]`: the catalogue, for support people and scripts.

use fortnox_core::catalogue::{self, Context};
use fortnox_core::{ErrorCode, Lang};
use serde_json::json;

use crate::exit::ExitCode;
use crate::output::{line, problem_text};

pub fn show(code: Option<&str>, json: bool, lang: Lang) -> ExitCode {
    // No profile here: name the parties in general terms.
    let (integration, vendor) = match lang {
        Lang::Sv => ("integrationen", "Leverantören"),
        Lang::En => ("the integration", "The vendor"),
    };
    let ctx = Context { integration: integration.into(), vendor: vendor.into(), ..Context::default() };
    match code {
        None => {
            let entries: Vec<_> = ErrorCode::ALL.iter().map(|c| catalogue::render(*c, "", &ctx, lang)).collect();
            if json {
                line(&json!(
                    entries
                        .iter()
                        .map(|p| json!({ "code": p.code, "who": p.who, "title": p.title }))
                        .collect::<Vec<_>>()
                ));
            } else {
                for p in entries {
                    outln!(
                        "{:<36} {:<22} {}",
                        p.code.as_str(),
                        serde_json::to_value(p.who).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default(),
                        p.title
                    );
                }
            }
            ExitCode::Success
        }
        Some(text) => match ErrorCode::parse(text) {
            Some(code) => {
                let p = catalogue::render(code, "", &ctx, lang);
                if json {
                    line(&json!(p));
                } else {
                    out!("{}", problem_text(&p, lang));
                }
                ExitCode::Success
            }
            None => {
                eoutln!("fortnox-connect: unknown error code `{text}`; `fortnox-connect errors` lists them");
                ExitCode::Usage
            }
        },
    }
}
