//! Fortnox scopes: which ones are known, and the scope string an
//! authorization asks for.

/// The scope every connection asks for: the wizard reads company
/// information to show which company was connected and to learn its tenant.
pub const COMPANY_INFORMATION: &str = "companyinformation";

/// The scope that lets the wizard read `/3/me` (who approved).
pub const PROFILE: &str = "profile";

/// Scopes in Fortnox's official table (docs/fortnox.md §3).
pub const KNOWN_SCOPES: &[&str] = &[
    "archive",
    "article",
    "bookkeeping",
    "companyinformation",
    "connectfile",
    "costcenter",
    "currency",
    "customer",
    "inbox",
    "invoice",
    "noxfinansinvoice",
    "offer",
    "order",
    "payment",
    "price",
    "print",
    "profile",
    "project",
    "salary",
    "settings",
    "supplier",
    "supplierinvoice",
    "timereporting",
];

/// Scopes seen only in SDK enums; accepted, but `profile check` warns.
pub const UNCONFIRMED_SCOPES: &[&str] =
    &["assets", "warehouse", "warehousecustomdocument", "companylogo", "deletevoucher", "developerapi"];

pub fn is_known(scope: &str) -> bool {
    KNOWN_SCOPES.contains(&scope)
}

/// Fortnox scopes are case-sensitive lowercase words.
pub fn is_well_formed(scope: &str) -> bool {
    !scope.is_empty() && scope.bytes().all(|b| b.is_ascii_lowercase())
}

/// The ordered, de-duplicated scope list: `companyinformation` first, then
/// the given scopes in the order they appear.
pub fn normalise<'a>(scopes: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = vec![COMPANY_INFORMATION.to_string()];
    for scope in scopes {
        if !out.iter().any(|s| s == scope) {
            out.push(scope.to_string());
        }
    }
    out
}

/// Space-joined, as Fortnox's `scope` parameter wants it.
pub fn join(scopes: &[String]) -> String {
    scopes.join(" ")
}

/// Splits a `scope` value from a token response (space-separated, but be
/// tolerant of commas and repeated blanks).
pub fn split(value: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for scope in value.split([' ', ',', '+']).filter(|s| !s.is_empty()) {
        if !out.iter().any(|s| s == scope) {
            out.push(scope.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn company_information_always_comes_first_and_once() {
        let scopes = normalise(["invoice", "companyinformation", "customer", "invoice"]);
        assert_eq!(scopes, ["companyinformation", "invoice", "customer"]);
        assert_eq!(join(&scopes), "companyinformation invoice customer");
    }

    #[test]
    fn split_is_tolerant() {
        assert_eq!(split("a  b,c+a"), ["a", "b", "c"]);
        assert!(split("").is_empty());
    }

    #[test]
    fn scopes_are_lowercase_words() {
        assert!(is_well_formed("invoice"));
        assert!(!is_well_formed("Invoice"));
        assert!(!is_well_formed("invoice customer"));
        assert!(!is_well_formed(""));
    }
}
