//! The CLI's own words, in Swedish and English. Catalogue errors bring
//! their own texts from core.

use fortnox_core::Lang;

pub fn t(lang: Lang, sv: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Sv => sv,
        Lang::En => en,
    }
}
