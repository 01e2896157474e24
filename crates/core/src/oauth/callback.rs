//! Reading the URL Fortnox sends the browser back to: `error` and
//! `error_description` first, then `code` (with `state`); neither means a
//! locked or unpaid account.

use url::Url;

use crate::error::{Error, Result, StateProblem};
use crate::secret::AuthorizationCode;

#[derive(PartialEq, Eq)]
pub enum Callback {
    /// Fortnox approved: a code (and, unless Fortnox started it, our state).
    Code {
        code: AuthorizationCode,
        state: Option<String>,
        /// RFC 9207 issuer, if the server sends one.
        issuer: Option<String>,
    },
    /// Fortnox refused or the user cancelled.
    Error { error: String, description: Option<String>, state: Option<String> },
    /// Neither a code nor an error: seen with locked accounts.
    Empty,
}

/// Never prints the `state` (a one-time secret) or the code.
impl std::fmt::Debug for Callback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Callback::Code { issuer, .. } => f.debug_struct("Code").field("issuer", issuer).finish_non_exhaustive(),
            Callback::Error { error, description, .. } => {
                f.debug_struct("Error").field("error", error).field("description", description).finish_non_exhaustive()
            }
            Callback::Empty => f.write_str("Empty"),
        }
    }
}

/// The `state` an authorize URL carries (what its callback must bring
/// back).
pub fn expected_state(authorize_url: &Url) -> Option<String> {
    authorize_url.query_pairs().find(|(k, _)| k == "state").map(|(_, v)| v.into_owned())
}

/// Whether a navigation to `url` is the answer to the login whose state
/// is `expected`: it arrives at the redirect URI and brings the same
/// state back, or brings nothing at all (how Fortnox returns a locked
/// account). Anything else — a stale callback, or one forged by another
/// web page — is ignored, and the login goes on waiting.
pub fn answers_login(url: &Url, redirect_uri: &Url, expected: Option<&str>) -> bool {
    if !is_redirect_target(url, redirect_uri) {
        return false;
    }
    let state = url.query_pairs().find(|(k, _)| k == "state").map(|(_, v)| v.into_owned());
    match (state, expected) {
        (Some(state), Some(expected)) => state == expected,
        (None, _) => url.query_pairs().next().is_none(),
        (Some(_), None) => false,
    }
}

/// Whether `url` answers this login and says so with its `state`: what the
/// browser's loopback listener takes. Any web page can send the person's
/// browser to the listener's address; one without this login's `state`
/// (an empty one included, which the login window takes as Fortnox's
/// answer for a locked account) must not end the login.
pub fn answers_login_with_state(url: &Url, redirect_uri: &Url, expected: Option<&str>) -> bool {
    let state = url.query_pairs().find(|(k, _)| k == "state").map(|(_, v)| v.into_owned());
    is_redirect_target(url, redirect_uri) && state.is_some() && state.as_deref() == expected
}

/// Whether `url` arrived at `redirect_uri`: scheme, host, port and path
/// compared parsed, never by string prefix.
pub fn is_redirect_target(url: &Url, redirect_uri: &Url) -> bool {
    url.scheme() == redirect_uri.scheme()
        && url.host_str().map(str::to_ascii_lowercase) == redirect_uri.host_str().map(str::to_ascii_lowercase)
        && url.port_or_known_default() == redirect_uri.port_or_known_default()
        && url.path() == redirect_uri.path()
}

/// Parses a callback URL that arrived at `redirect_uri`.
pub fn parse_callback(url: &Url, redirect_uri: &Url) -> Result<Callback> {
    if !is_redirect_target(url, redirect_uri) {
        return Err(Error::StateRejected(StateProblem::WrongRedirect));
    }
    // A repeated parameter is suspicious; take the first, as servers do.
    let first = |name: &str| {
        url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_string()).filter(|v| !v.is_empty())
    };
    let state = first("state");
    if let Some(error) = first("error") {
        // A hostile or broken server must not fill state files or the UI.
        let description = first("error_description").map(|d| crate::http::cut(&d, crate::http::MAX_REMOTE_TEXT));
        return Ok(Callback::Error { error: crate::http::cut(&error, 80), description, state });
    }
    if let Some(code) = first("code") {
        return Ok(Callback::Code { code: AuthorizationCode::new(code), state, issuer: first("iss") });
    }
    Ok(Callback::Empty)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn redirect() -> Url {
        Url::parse("https://acme.example/fortnox/callback").unwrap()
    }

    fn parse(raw: &str) -> Result<Callback> {
        parse_callback(&Url::parse(raw).unwrap(), &redirect())
    }

    #[test]
    fn errors_come_before_codes() {
        let cb = parse("https://acme.example/fortnox/callback?code=abc&error=access_denied&state=s").unwrap();
        assert!(matches!(cb, Callback::Error { ref error, .. } if error == "access_denied"));
    }

    #[test]
    fn a_code_with_state() {
        let cb = parse("https://acme.example/fortnox/callback?code=abc&state=s1").unwrap();
        assert_eq!(cb, Callback::Code { code: AuthorizationCode::new("abc"), state: Some("s1".into()), issuer: None });
    }

    #[test]
    fn descriptions_are_decoded() {
        let cb = parse("https://acme.example/fortnox/callback?error=invalid_scope&error_description=An+unsupported%20scope+was+requested&state=s").unwrap();
        assert_eq!(
            cb,
            Callback::Error {
                error: "invalid_scope".into(),
                description: Some("An unsupported scope was requested".into()),
                state: Some("s".into())
            }
        );
    }

    #[test]
    fn neither_code_nor_error_is_empty() {
        assert_eq!(parse("https://acme.example/fortnox/callback").unwrap(), Callback::Empty);
        assert_eq!(parse("https://acme.example/fortnox/callback?code=&state=").unwrap(), Callback::Empty);
    }

    #[test]
    fn only_the_answer_to_this_login_is_taken() {
        let login = |query: &str| Url::parse(&format!("https://acme.example/fortnox/callback{query}")).unwrap();
        let yes = |query: &str| answers_login(&login(query), &redirect(), Some("s1"));
        assert!(yes("?code=a&state=s1"));
        assert!(yes("?error=access_denied&state=s1"));
        assert!(yes(""), "a locked account comes back with nothing");
        assert!(!yes("?code=a&state=other"), "a stale or forged callback");
        assert!(!yes("?error=access_denied&state=other"), "a forged error");
        assert!(!yes("?error=access_denied"), "an error without our state");
        assert!(!yes("?code=a"), "a code without our state");
        let elsewhere = Url::parse("https://evil.example/fortnox/callback?code=a&state=s1").unwrap();
        assert!(!answers_login(&elsewhere, &redirect(), Some("s1")));
        let authorize = Url::parse("https://apps.fortnox.se/oauth-v1/auth?client_id=x&state=s1").unwrap();
        assert_eq!(expected_state(&authorize).as_deref(), Some("s1"));
    }

    #[test]
    fn long_descriptions_are_cut_and_nothing_secret_is_printed() {
        let mut url = redirect();
        url.query_pairs_mut()
            .append_pair("error", "server_error")
            .append_pair("error_description", &"x".repeat(100_000))
            .append_pair("state", "secret-state");
        let callback = parse_callback(&url, &redirect()).unwrap();
        let Callback::Error { description, .. } = &callback else { panic!() };
        assert!(description.as_ref().unwrap().chars().count() <= crate::http::MAX_REMOTE_TEXT + 1);
        assert!(!format!("{callback:?}").contains("secret-state"));
    }

    #[test]
    fn the_target_is_compared_parsed() {
        for raw in [
            "https://acme.example.evil.example/fortnox/callback?code=a&state=s",
            "https://acme.example/fortnox/callback/extra?code=a&state=s",
            "http://acme.example/fortnox/callback?code=a&state=s",
            "https://acme.example:8443/fortnox/callback?code=a&state=s",
            "https://evil.example/fortnox/callback?code=a&state=s",
        ] {
            assert!(matches!(parse(raw), Err(Error::StateRejected(StateProblem::WrongRedirect))), "{raw}");
        }
        assert!(parse("HTTPS://ACME.EXAMPLE:443/fortnox/callback?code=a").is_ok());
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// Any query, however odd, is parsed without panicking.
        #[test]
        fn arbitrary_queries_never_panic(query in "\\PC{0,200}") {
            let mut url = redirect();
            url.set_query(Some(&query));
            let _ = parse_callback(&url, &redirect());
        }

        #[test]
        fn arbitrary_parameter_values_round_trip(code in "[^\\s]{1,64}", state in "[^\\s]{1,64}") {
            let mut url = redirect();
            url.query_pairs_mut().append_pair("code", &code).append_pair("state", &state);
            match parse_callback(&url, &redirect()).unwrap() {
                Callback::Code { code: c, state: s, .. } => {
                    prop_assert_eq!(c.expose(), code.as_str());
                    prop_assert_eq!(s.as_deref(), Some(state.as_str()));
                }
                other => prop_assert!(false, "{:?}", other),
            }
        }
    }
}
