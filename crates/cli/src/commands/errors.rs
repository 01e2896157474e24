//! `errors [CODE]`: the catalogue, for support people and scripts.

use fortnox_core::ErrorCode;
use fortnox_core::operations::explain_code;
use serde_json::json;

use super::Out;
use crate::exit::ExitCode;
use crate::output::{line, problem_text};

pub fn show(code: Option<&str>, out: &Out) -> ExitCode {
    let lang = out.lang;
    match code {
        None => {
            let entries: Vec<_> = ErrorCode::ALL.iter().map(|c| explain_code(*c, "").into_lang(lang)).collect();
            if out.json {
                line(&json!(
                    entries
                        .iter()
                        .map(|p| json!({ "code": p.code, "who": p.who, "title": p.title }))
                        .collect::<Vec<_>>()
                ));
            } else {
                for p in entries {
                    let who = serde_json::to_value(p.who).ok().and_then(|v| v.as_str().map(String::from));
                    outln!("{:<36} {:<22} {}", p.code.as_str(), who.unwrap_or_default(), p.title);
                }
            }
            ExitCode::Success
        }
        Some(text) => match ErrorCode::parse(text) {
            Some(code) => {
                let p = explain_code(code, "").into_lang(lang);
                if out.json {
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
