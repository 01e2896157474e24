//! Turns the vendor's TOML into a `Profile`, naming the field of any
//! mistake so the vendor can fix it without reading code.

use std::collections::HashSet;

use url::{Host, Url};

use super::file::{OptionSection, ProfileFile, TokenAuthSection};
use super::{Endpoints, Profile, Redirects, ServiceAccountPolicy, TokenAuth, TransferOption, scopes};
use crate::error::{Error, Result};

pub(super) fn validate(file: ProfileFile) -> Result<Profile> {
    let name = required_text("name", file.name)?;
    let vendor = required_text("vendor", file.vendor)?;
    let client_id = required_text("client_id", file.client_id)?;
    if client_id.chars().any(char::is_whitespace) {
        return Err(Error::invalid("client_id", "must not contain spaces"));
    }

    let embedded = web_url("redirect.embedded", &file.redirect.embedded)?;
    let loopback = file.redirect.loopback.as_deref().map(|raw| loopback_url("redirect.loopback", raw)).transpose()?;

    let defaults = Endpoints::fortnox();
    let auth_base = match file.fortnox.auth_base.as_deref() {
        Some(raw) => base_url("fortnox.auth_base", raw)?,
        None => defaults.auth_base,
    };
    let api_base = match file.fortnox.api_base.as_deref() {
        Some(raw) => base_url("fortnox.api_base", raw)?,
        None => defaults.api_base,
    };

    let token_auth = token_auth(file.token_auth)?;
    if file.pkce && matches!(token_auth, TokenAuth::Broker { .. }) {
        return Err(Error::invalid(
            "pkce",
            "is for the client-secret modes; with broker_url the token broker enforces PKCE itself (remove `pkce`)",
        ));
    }
    let options = options(file.options)?;

    let endpoints = Endpoints { auth_base, api_base };
    Ok(Profile {
        issuer_id: endpoints.issuer(),
        name,
        vendor,
        vendor_contact: file.vendor_contact.map(|c| c.trim().to_string()).filter(|c| !c.is_empty()),
        client_id,
        redirect: Redirects { embedded, loopback },
        endpoints,
        token_auth,
        service_account: ServiceAccountPolicy {
            offered: file.service_account.offered,
            recommended: file.service_account.offered && file.service_account.recommended,
        },
        identify_user: file.verify.identify_user,
        pkce: file.pkce,
        options,
        update_feed: file.updates.map(|u| update_feed(&u.feed)).transpose()?,
    })
}

fn required_text(field: &str, value: String) -> Result<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    Ok(trimmed.to_string())
}

fn parse_url(field: &str, raw: &str) -> Result<Url> {
    Url::parse(raw.trim()).map_err(|e| Error::invalid(field, format!("`{raw}` is not a URL ({e})")))
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// An absolute http(s) URL without a fragment (OAuth forbids fragments in
/// redirect URIs).
fn web_url(field: &str, raw: &str) -> Result<Url> {
    let url = parse_url(field, raw)?;
    if !matches!(url.scheme(), "https" | "http") {
        return Err(Error::invalid(field, "must start with https:// or http://"));
    }
    if url.host().is_none() {
        return Err(Error::invalid(field, "must name a host"));
    }
    if url.fragment().is_some() {
        return Err(Error::invalid(field, "must not contain a #fragment"));
    }
    Ok(url)
}

/// `http://127.0.0.1:PORT/path`: the CLI and the browser fallback listen
/// there, on loopback only and on the registered port.
/// The app listens on 127.0.0.1 only. `localhost` could make a browser try
/// ::1 first, where another program may listen, so it is refused.
fn loopback_url(field: &str, raw: &str) -> Result<Url> {
    let url = web_url(field, raw)?;
    let ipv4_loopback = matches!(url.host(), Some(Host::Ipv4(ip)) if ip == std::net::Ipv4Addr::LOCALHOST);
    if url.scheme() != "http" || !ipv4_loopback {
        return Err(Error::invalid(
            field,
            "must be http://127.0.0.1:PORT/… (not localhost or [::1]): the app listens on 127.0.0.1 only",
        ));
    }
    if url.port().is_none() {
        return Err(Error::invalid(field, "must name a port, e.g. http://127.0.0.1:53682/callback"));
    }
    Ok(url)
}

/// Fortnox hosts are https; plain http is only accepted on loopback (the
/// sandbox).
fn base_url(field: &str, raw: &str) -> Result<Url> {
    let url = web_url(field, raw)?;
    if url.scheme() == "http" && !is_loopback(&url) {
        return Err(Error::invalid(field, "must use https:// (http:// only on 127.0.0.1)"));
    }
    if url.query().is_some() {
        return Err(Error::invalid(field, "must not contain a ?query"));
    }
    Ok(url)
}

/// The update manifest: https, or http on loopback (a vendor trying a
/// release on their own computer, and the tests). What is installed is
/// trusted for its signature, not for the address (docs/updates.md).
fn update_feed(raw: &str) -> Result<Url> {
    let url = web_url("updates.feed", raw)?;
    if url.scheme() == "http" && !is_loopback(&url) {
        return Err(Error::invalid("updates.feed", "must use https:// (http:// only on 127.0.0.1)"));
    }
    Ok(url)
}

fn token_auth(section: TokenAuthSection) -> Result<TokenAuth> {
    let env = section.client_secret_env.map(|v| v.trim().to_string());
    let keyring = section.client_secret_keyring.unwrap_or(false);
    let broker = section.broker_url;
    let chosen = usize::from(env.is_some()) + usize::from(keyring) + usize::from(broker.is_some());
    if chosen != 1 {
        return Err(Error::invalid(
            "token_auth",
            "set exactly one of client_secret_env, client_secret_keyring = true or broker_url",
        ));
    }
    if let Some(var) = env {
        if var.is_empty() || var.contains('=') || var.chars().any(char::is_whitespace) {
            return Err(Error::invalid("token_auth.client_secret_env", "must be an environment variable name"));
        }
        return Ok(TokenAuth::ClientSecretEnv { var });
    }
    if let Some(raw) = broker {
        return Ok(TokenAuth::Broker { url: base_url("token_auth.broker_url", &raw)? });
    }
    Ok(TokenAuth::ClientSecretKeyring)
}

fn options(sections: Vec<OptionSection>) -> Result<Vec<TransferOption>> {
    if sections.is_empty() {
        return Err(Error::invalid("options", "list at least one transfer option ([[options]])"));
    }
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(sections.len());
    for (index, option) in sections.into_iter().enumerate() {
        let at = |name: &str| format!("options[{index}].{name}");
        let id = option.id.trim().to_string();
        let id_ok = !id.is_empty()
            && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
        if !id_ok {
            return Err(Error::invalid(at("id"), "use lowercase letters, digits, - and _ (e.g. \"invoices\")"));
        }
        if !seen.insert(id.clone()) {
            return Err(Error::invalid(at("id"), format!("`{id}` is used by more than one option")));
        }
        if option.scopes.is_empty() {
            return Err(Error::invalid(at("scopes"), "list at least one Fortnox scope"));
        }
        let mut option_scopes: Vec<String> = Vec::new();
        for scope in &option.scopes {
            if !scopes::is_well_formed(scope) {
                return Err(Error::invalid(
                    at("scopes"),
                    format!("`{scope}` is not a Fortnox scope: scopes are single lowercase words, e.g. \"invoice\""),
                ));
            }
            if !option_scopes.contains(scope) {
                option_scopes.push(scope.clone());
            }
        }
        for (lang, text) in [("sv", &option.label.sv), ("en", &option.label.en)] {
            if text.trim().is_empty() {
                return Err(Error::invalid(at(&format!("label.{lang}")), "must not be empty"));
            }
        }
        out.push(TransferOption {
            id,
            scopes: option_scopes,
            default: option.default,
            label: option.label,
            help: option.help,
        });
    }
    Ok(out)
}

/// Scopes the profile uses that Fortnox's official table does not list.
pub fn unconfirmed_scopes(profile: &Profile) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for option in &profile.options {
        for scope in &option.scopes {
            if !scopes::is_known(scope) && !out.contains(scope) {
                out.push(scope.clone());
            }
        }
    }
    out
}
