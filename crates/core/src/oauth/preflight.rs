//! What Fortnox says about an authorize request before anyone logs in.
//! Some refusals come before the login page: an unknown client or a
//! redirect URI that does not match is a page in the login window, an
//! unsupported scope a redirect back with `invalid_scope`
//! (docs/fortnox.md §4.1). Asking once, without following the answer,
//! turns them into the error panel's explanation instead of a login window
//! that shows an error and ends as "not completed". Asking once per option
//! names the options to drop after an `invalid_scope`.

use time::OffsetDateTime;
use url::Url;

use super::authorize::{AuthorizeRequest, RedirectKind, build_authorize_url};
use super::callback::{Callback, is_redirect_target, parse_callback};
use crate::connection::AccountType;
use crate::http;
use crate::profile::Profile;

/// Fortnox's refusal of `url` before the login (`error`, description),
/// or `None` when it leads to the login as it should or cannot be told.
pub async fn refusal_before_login(
    client: &reqwest::Client,
    url: &Url,
    redirect_uri: &Url,
) -> Option<(String, Option<String>)> {
    let answer = http::send(client.get(url.clone()), "authorize preflight").await.ok()?;
    if (300..400).contains(&answer.status) {
        let location = answer.headers.get(reqwest::header::LOCATION)?.to_str().ok()?;
        let location = url.join(location).ok()?;
        if !is_redirect_target(&location, redirect_uri) {
            return None;
        }
        return match parse_callback(&location, redirect_uri).ok()? {
            Callback::Error { error, description, .. } => Some((error, description)),
            _ => None,
        };
    }
    if (400..500).contains(&answer.status) {
        let text = page_text(&String::from_utf8_lossy(&answer.body));
        return (!text.is_empty()).then(|| (String::new(), Some(http::cut(&text, http::MAX_REMOTE_TEXT))));
    }
    None
}

/// The words of an HTML page, without markup, scripts or styles.
fn page_text(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        text.push(' ');
        let tag = &rest[start..];
        let skip_to = ["<script", "<style"]
            .iter()
            .find(|open| tag.to_ascii_lowercase().starts_with(**open))
            .and_then(|open| tag.to_ascii_lowercase().find(&format!("</{}", &open[1..])))
            .unwrap_or(0);
        match tag[skip_to..].find('>') {
            Some(end) => rest = &tag[skip_to + end + 1..],
            None => rest = "",
        }
    }
    text.push_str(rest);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The ids of `options` whose scopes Fortnox refuses as unsupported.
pub async fn unsupported_options(
    client: &reqwest::Client,
    profile: &Profile,
    options: &[String],
    account_type: AccountType,
    now: OffsetDateTime,
) -> Vec<String> {
    let mut refused = Vec::new();
    for id in options {
        let request = AuthorizeRequest::new(vec![id.clone()], account_type, RedirectKind::Embedded);
        let Ok((url, pending)) = build_authorize_url(profile, &request, now) else {
            continue;
        };
        let Ok(answer) = http::send(client.get(url), "authorize preflight").await else {
            continue;
        };
        let location = answer
            .headers
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| url::Url::parse(v).ok());
        let Some(location) = location.filter(|l| is_redirect_target(l, &pending.redirect_uri)) else {
            continue;
        };
        if let Ok(Callback::Error { error, .. }) = parse_callback(&location, &pending.redirect_uri)
            && error == "invalid_scope"
        {
            refused.push(id.clone());
        }
    }
    refused
}

#[cfg(test)]
mod tests {
    use super::page_text;

    #[test]
    fn a_page_is_read_as_its_words() {
        let html = "<html><head><style>p{color:red}</style><script>alert('x')</script><title>Fel</title></head>\
                    <body><h1>Ogiltig klient</h1><p>RedirectURI is missing\n   or mismatch</p></body></html>";
        assert_eq!(page_text(html), "Fel Ogiltig klient RedirectURI is missing or mismatch");
    }
}
