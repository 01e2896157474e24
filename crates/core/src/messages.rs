//! The one message catalogue: every text a person reads, in Swedish and
//! English, in Fluent files (`crates/core/messages/{sv,en}.ftl`) shared by
//! core, the CLI and the UI. Keys are constants generated from the files
//! (`keys::…`), so a misspelt key does not compile; the UI gets the same
//! keys as a TypeScript type (`MessageKey`).

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::lang::Lang;

/// Every message id, as constants.
pub mod keys {
    include!(concat!(env!("OUT_DIR"), "/message_keys.rs"));
}

pub const SV: &str = include_str!("../messages/sv.ftl");
pub const EN: &str = include_str!("../messages/en.ftl");

type Bundle = FluentBundle<FluentResource>;

fn bundle(lang: &str, text: &str) -> Bundle {
    let resource = match FluentResource::try_new(text.to_string()) {
        Ok(resource) => resource,
        // A broken file is caught by the tests; show what parsed.
        Err((resource, _)) => resource,
    };
    let id: unic_langid::LanguageIdentifier = lang.parse().expect("sv and en are language ids");
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Plain text: no Unicode isolation marks around placeables (they would
    // end up in the CLI's output and in tests' string comparisons).
    bundle.set_use_isolating(false);
    let _ = bundle.add_resource(resource);
    bundle
}

static SV_BUNDLE: LazyLock<Bundle> = LazyLock::new(|| bundle("sv", SV));
static EN_BUNDLE: LazyLock<Bundle> = LazyLock::new(|| bundle("en", EN));

fn of(lang: Lang) -> &'static Bundle {
    match lang {
        Lang::Sv => &SV_BUNDLE,
        Lang::En => &EN_BUNDLE,
    }
}

fn args<'a>(pairs: &'a [(&'a str, &'a str)]) -> FluentArgs<'a> {
    let mut args = FluentArgs::new();
    for (name, value) in pairs {
        // A count is passed as a number so that plural variants (`[one]`)
        // are chosen; identifiers with leading zeros stay text.
        let count = value.parse::<u32>().ok().filter(|n| n.to_string() == *value && *n < 1_000_000);
        match count {
            Some(n) => args.set(*name, FluentValue::from(n)),
            None => args.set(*name, FluentValue::from(*value)),
        }
    }
    args
}

/// A message without placeholders. An unknown key shows itself (a test
/// makes sure none is).
pub fn text(lang: Lang, key: &str) -> String {
    // Formatted once per process: a list of 500 connections asks for the
    // same button labels 500 times.
    static PLAIN: LazyLock<[Mutex<HashMap<String, String>>; 2]> = LazyLock::new(Default::default);
    let cache = &PLAIN[match lang {
        Lang::Sv => 0,
        Lang::En => 1,
    }];
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(text) = cache.get(key) {
        return text.clone();
    }
    let text = text_with(lang, key, &[]);
    cache.insert(key.to_string(), text.clone());
    text
}

/// A message with its placeholders filled.
pub fn text_with(lang: Lang, key: &str, pairs: &[(&str, &str)]) -> String {
    let bundle = of(lang);
    let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
        return key.to_string();
    };
    let mut errors = vec![];
    bundle.format_pattern(pattern, Some(&args(pairs)), &mut errors).into_owned()
}

/// A message's attribute (`.cause`, `.step-1` …), if it has it.
pub fn attribute(lang: Lang, key: &str, attribute: &str, pairs: &[(&str, &str)]) -> Option<String> {
    let bundle = of(lang);
    let pattern = bundle.get_message(key)?.get_attribute(attribute)?.value();
    let mut errors = vec![];
    Some(bundle.format_pattern(pattern, Some(&args(pairs)), &mut errors).into_owned())
}

/// `.step-1`, `.step-2` … of a message, in order.
pub fn steps(lang: Lang, key: &str, pairs: &[(&str, &str)]) -> Vec<String> {
    (1..).map_while(|n| attribute(lang, key, &format!("step-{n}"), pairs)).collect()
}

/// Every message id of a language's file.
pub fn ids(lang: Lang) -> Vec<String> {
    let text = match lang {
        Lang::Sv => SV,
        Lang::En => EN,
    };
    let resource = FluentResource::try_new(text.to_string()).unwrap_or_else(|(r, _)| r);
    resource
        .entries()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_files_parse_and_have_the_same_messages_and_attributes() {
        for (lang, text) in [("sv", SV), ("en", EN)] {
            if let Err((_, errors)) = FluentResource::try_new(text.to_string()) {
                panic!("{lang}.ftl does not parse: {errors:?}");
            }
        }
        let shape = |text: &str| -> Vec<(String, Vec<String>, Vec<String>)> {
            let resource = FluentResource::try_new(text.to_string()).unwrap();
            resource
                .entries()
                .filter_map(|entry| match entry {
                    fluent_syntax::ast::Entry::Message(m) => {
                        let mut attributes: Vec<String> = m.attributes.iter().map(|a| a.id.name.to_string()).collect();
                        attributes.sort();
                        let mut placeables: Vec<String> = placeholders(&m.value).collect();
                        placeables.sort();
                        Some((m.id.name.to_string(), attributes, placeables))
                    }
                    _ => None,
                })
                .collect()
        };
        let (sv, en) = (shape(SV), shape(EN));
        assert_eq!(sv.len(), en.len(), "the same number of messages");
        for (a, b) in sv.iter().zip(&en) {
            assert_eq!(a, b, "the same id, attributes and placeholders in the same place");
        }
    }

    fn placeholders<'a>(
        pattern: &'a Option<fluent_syntax::ast::Pattern<&'a str>>,
    ) -> impl Iterator<Item = String> + 'a {
        use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
        pattern.iter().flat_map(|p| p.elements.iter()).filter_map(|element| match element {
            PatternElement::Placeable {
                expression: Expression::Inline(InlineExpression::VariableReference { id }),
            } => Some(id.name.to_string()),
            // `{ $to -> [service] … *[user] … }`: the variable chosen on.
            // One language may choose a plural form where the other needs
            // none, so a choice counts as a use of its variable.
            PatternElement::Placeable {
                expression: Expression::Select { selector: InlineExpression::VariableReference { id }, .. },
            } => Some(id.name.to_string()),
            _ => None,
        })
    }

    #[test]
    fn no_message_is_empty_and_placeholders_are_filled() {
        for lang in [Lang::Sv, Lang::En] {
            for id in ids(lang) {
                assert!(!text(lang, &id).trim().is_empty() || attribute(lang, &id, "cause", &[]).is_some(), "{id}");
            }
        }
        assert_eq!(text_with(Lang::Sv, keys::WELCOME_TITLE, &[("name", "Acme Sync")]), "Koppla Fortnox till Acme Sync");
        assert_eq!(text(Lang::En, "no-such-key"), "no-such-key");
    }

    #[test]
    fn export_bindings_message_keys() {
        // The UI's `MessageKey` type: every id, so a misspelt key fails
        // its type check.
        let mut ids = ids(Lang::Sv);
        ids.sort();
        let union = ids.iter().map(|id| format!("  | {id:?}")).collect::<Vec<_>>().join("\n");
        let text = format!(
            "// Generated from crates/core/messages/sv.ftl by `cargo test` (messages.rs). Do not edit.\n\nexport type MessageKey =\n{union};\n"
        );
        let dir = std::env::var("TS_RS_EXPORT_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|_| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/bindings"));
        let path = dir.join("MessageKey.ts");
        std::fs::write(path, text).unwrap();
    }
}
