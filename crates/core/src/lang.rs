//! The two languages of the product and text given in both.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A user-interface language. Swedish is the product's home language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Lang {
    Sv,
    En,
}

impl Lang {
    /// Picks the language from a locale string such as `sv_SE.UTF-8`,
    /// `sv-FI` or `en-US`: Swedish for any Swedish locale, else English.
    pub fn from_locale(locale: &str) -> Lang {
        let lower = locale.trim().to_ascii_lowercase();
        let language = lower.split(['_', '-', '.', '@']).next().unwrap_or("");
        if language == "sv" { Lang::Sv } else { Lang::En }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "sv" | "svenska" | "swedish" => Some(Lang::Sv),
            "en" | "english" | "engelska" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A text in Swedish and English, as vendors write it in the profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Localized {
    pub sv: String,
    pub en: String,
}

impl Localized {
    pub fn new(sv: impl Into<String>, en: impl Into<String>) -> Self {
        Localized { sv: sv.into(), en: en.into() }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Sv => &self.sv,
            Lang::En => &self.en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_locales_choose_swedish() {
        for locale in ["sv_SE.UTF-8", "sv-SE", "sv", "SV_fi", "sv_SE@euro"] {
            assert_eq!(Lang::from_locale(locale), Lang::Sv, "{locale}");
        }
    }

    #[test]
    fn other_locales_choose_english() {
        for locale in ["en_US.UTF-8", "de-DE", "", "C", "POSIX", "svx", "nb_NO"] {
            assert_eq!(Lang::from_locale(locale), Lang::En, "{locale}");
        }
    }

    #[test]
    fn localized_picks_the_language() {
        let text = Localized::new("Fakturor", "Invoices");
        assert_eq!(text.get(Lang::Sv), "Fakturor");
        assert_eq!(text.get(Lang::En), "Invoices");
    }
}
