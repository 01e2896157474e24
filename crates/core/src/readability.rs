//! Plain language, measured. Every error explanation (title, cause and
//! steps) is scored with LIX in Swedish (läsbarhetsindex, Björnsson 1968:
//! words per sentence + the share of words longer than six letters, in
//! percent) and with Flesch Reading Ease in English (206.835 − 1.015 ×
//! words per sentence − 84.6 × syllables per word). The test fails above
//! the limits and writes the scores to docs/readability.md; the wizard's
//! screens are scored there too, for information.

use std::fmt::Write as _;

use crate::lang::Lang;
use crate::messages::{self, ids};

/// Each error explanation's LIX at most…
pub const LIX_EACH: f64 = 40.0;
/// …and on average over the catalogue.
pub const LIX_AVERAGE: f64 = 35.0;
/// Each English explanation's Flesch Reading Ease at least ("fairly
/// difficult" starts below 50).
pub const FLESCH_EACH: f64 = 50.0;

/// What a real panel fills in, so placeholders read as they would.
const SAMPLE: &[(&str, &str)] = &[
    ("integration", "Acme Sync"),
    ("vendor", "Acme"),
    ("contact", "support@acme.se"),
    ("options", "fakturor"),
    ("company", "Bergströms Bygg AB"),
    ("account", "servicekonto"),
    ("id", "c-12"),
    ("path", "fil.zip"),
    ("site", "Fortnox"),
    ("title", "Fel"),
    ("done", "3"),
    ("total", "5"),
    ("until", "12:00"),
    ("name", "Acme Sync"),
];

fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
        .map(|w| w.trim_matches(|c| c == '-' || c == '\''))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect()
}

/// Sentences end at . ! ? or : followed by a space or the end.
fn sentences(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let ends = (0..chars.len())
        .filter(|&i| {
            matches!(chars[i], '.' | '!' | '?' | ':')
                && chars.get(i + 1).is_none_or(|c| c.is_whitespace())
                && (i == 0 || !matches!(chars[i - 1], '.' | '!' | '?' | ':'))
        })
        .count();
    ends.max(1)
}

pub fn lix(text: &str) -> f64 {
    let words = words(text);
    let long = words.iter().filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() > 6).count();
    words.len() as f64 / sentences(text) as f64 + 100.0 * long as f64 / words.len().max(1) as f64
}

/// Vowel groups, less a silent final e: the usual estimate.
fn syllables(word: &str) -> usize {
    let word = word.to_lowercase();
    let mut count = 0;
    let mut previous_vowel = false;
    for c in word.chars() {
        let vowel = "aeiouy".contains(c);
        if vowel && !previous_vowel {
            count += 1;
        }
        previous_vowel = vowel;
    }
    if word.ends_with('e') && !word.ends_with("le") && count > 1 {
        count -= 1;
    }
    count.max(1)
}

pub fn flesch(text: &str) -> f64 {
    let words = words(text);
    let n = words.len().max(1) as f64;
    let syllables: usize = words.iter().map(|w| syllables(w)).sum();
    206.835 - 1.015 * n / sentences(text) as f64 - 84.6 * syllables as f64 / n
}

/// A message and its attributes as one text, each part a sentence.
fn explanation(lang: Lang, id: &str) -> String {
    let mut parts = vec![messages::text_with(lang, id, SAMPLE)];
    parts.extend(messages::attribute(lang, id, "cause", SAMPLE));
    parts.extend(messages::steps(lang, id, SAMPLE));
    parts
        .into_iter()
        .map(|p| {
            let p = p.trim().to_string();
            if p.ends_with(['.', '!', '?', ':']) { p } else { format!("{p}.") }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The wizard's texts per screen (message ids share the screen's prefix).
fn screens() -> Vec<(String, String)> {
    let mut grouped: Vec<(String, String)> = Vec::new();
    for id in ids(Lang::Sv) {
        let prefix = id.split('-').next().unwrap_or_default().to_string();
        if ![
            "welcome",
            "client",
            "options",
            "account",
            "login",
            "verify",
            "done",
            "decision",
            "connections",
            "table",
            "remove",
        ]
        .contains(&prefix.as_str())
        {
            continue;
        }
        let text = explanation(Lang::Sv, &id);
        match grouped.iter_mut().find(|(p, _)| *p == prefix) {
            Some((_, all)) => all.push_str(&format!(" {text}")),
            None => grouped.push((prefix, text)),
        }
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_measures_agree_with_worked_examples() {
        // 2 sentences, 7 words, 3 longer than six letters: 3.5 + 42.86.
        assert!((lix("Kopplingen fungerar nu. Du kan stänga fönstret.") - 46.357).abs() < 0.01);
        assert_eq!(sentences("Fortnox svarade: nej. Klart!"), 3);
        assert_eq!(syllables("integration"), 4);
        assert_eq!(syllables("the"), 1);
        // "The cat sat on the mat.": 6 one-syllable words, one sentence.
        assert!((flesch("The cat sat on the mat.") - 116.145).abs() < 0.01);
    }

    #[test]
    fn error_explanations_are_plain_swedish_and_plain_english() {
        let errors: Vec<String> = ids(Lang::Sv)
            .into_iter()
            .filter(|id| id.starts_with("error-") && messages::attribute(Lang::Sv, id, "cause", &[]).is_some())
            .collect();
        assert!(errors.len() > 40, "the catalogue's entries are found");
        let mut table = String::from(
            "# Readability of the error explanations\n\nGenerated by `cargo test -p fortnox-core readability` \
             (crates/core/src/readability.rs) from crates/core/messages/. Title, cause and steps of each entry, \
             placeholders filled as a panel fills them. LIX (Swedish): below 30 very easy, 30–40 easy (simple \
             prose), 40–50 medium; limits ≤ 40 each, ≤ 35 on average. Flesch Reading Ease (English): higher is \
             easier, 60–70 plain English; limit ≥ 50 each.\n\n| Entry | LIX (sv) | Flesch (en) |\n|---|---|---|\n",
        );
        let mut too_hard = Vec::new();
        let mut total = 0.0;
        let mut scored: Vec<(String, f64, f64)> = errors
            .iter()
            .map(|id| (id.clone(), lix(&explanation(Lang::Sv, id)), flesch(&explanation(Lang::En, id))))
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1));
        for (id, l, f) in &scored {
            total += l;
            let _ = writeln!(table, "| `{}` | {l:.1} | {f:.1} |", id.trim_start_matches("error-"));
            if *l > LIX_EACH || *f < FLESCH_EACH {
                too_hard.push(format!("{id}: LIX {l:.1}, Flesch {f:.1}"));
            }
        }
        let average = total / scored.len() as f64;
        let english = scored.iter().map(|s| s.2).sum::<f64>() / scored.len() as f64;
        let _ = writeln!(table, "| **Average of {} entries** | **{average:.1}** | **{english:.1}** |", scored.len());
        table.push_str(
            "\n## The wizard's screens (Swedish, for information)\n\n| Screen | LIX | Words |\n|---|---|---|\n",
        );
        for (screen, text) in screens() {
            let _ = writeln!(table, "| {screen} | {:.1} | {} |", lix(&text), words(&text).len());
        }
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/readability.md");
        std::fs::write(&path, table).expect("docs/readability.md written");
        assert!(too_hard.is_empty(), "above the limits:\n{}", too_hard.join("\n"));
        assert!(average <= LIX_AVERAGE, "average LIX {average:.1} > {LIX_AVERAGE}");
    }
}
