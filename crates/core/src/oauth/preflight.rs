//! Which options' scopes the vendor's app may not ask for. Fortnox refuses
//! an unsupported scope with `invalid_scope` before the login page, so
//! asking once per option (without following the answer) names the
//! options to drop, and the user can continue without them.

use time::OffsetDateTime;

use super::authorize::{AuthorizeRequest, RedirectKind, build_authorize_url};
use super::callback::{Callback, is_redirect_target, parse_callback};
use crate::connection::AccountType;
use crate::http;
use crate::profile::Profile;

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
