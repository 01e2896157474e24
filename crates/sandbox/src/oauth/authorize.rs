//! `GET /oauth-v1/auth` and the login, company-picker and consent pages
//! behind it, plus the scripted approval used by tests.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::pages::{self, ConsentView};
use super::rules::{self, AfterLogin, Refusal};
use crate::faults::CallbackStyle;
use crate::http_util::{cookie, found, html, parse_form, see_other};
use crate::state::Shared;
use crate::store::{AccountType, AuthRequest};

const SESSION_COOKIE: &str = "fnx_sandbox_session";
const WRONG_PASSWORD: &str = "Fel e-postadress eller lösenord.";

fn refusal(refusal: Refusal) -> Response {
    match refusal {
        Refusal::Page { title, message } => html(StatusCode::BAD_REQUEST, pages::error_page(&title, &message)),
        Refusal::Redirect(url) => found(&url),
    }
}

fn expired_flow() -> Response {
    html(
        StatusCode::BAD_REQUEST,
        pages::error_page("Sessionen har gått ut", "Inloggningen är inte längre giltig. Börja om från integrationen."),
    )
}

pub async fn authorize(
    State(s): State<Shared>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let request = {
        let config = s.config();
        match rules::validate(&config, &params) {
            Ok(request) => request,
            Err(r) => return refusal(r),
        }
    };
    if params.contains_key("sandbox_user") {
        return scripted(&s, &request, &params);
    }
    if s.faults().hostile_login {
        return crate::control::hostile(State(s.clone())).await;
    }
    if let Some(target) = s.faults().login_escapes_to.clone() {
        return crate::control::escape(&target);
    }
    let now = s.clock.unix();
    let session_user = cookie(&headers, SESSION_COOKIE).and_then(|sid| s.store().session_user(&sid).map(String::from));
    let flow = s.store().start_flow(request, now);
    match session_user {
        Some(username) => {
            if let Some(flow) = s.store().flow_mut(&flow) {
                flow.username = Some(username);
            }
            continue_flow(&s, &flow)
        }
        None => login_page(&s, &flow, None, ""),
    }
}

fn login_page(s: &Shared, flow: &str, error: Option<&str>, username: &str) -> Response {
    let config = s.config();
    let bankid = s.faults().bankid_link;
    let status = if error.is_some() { StatusCode::UNAUTHORIZED } else { StatusCode::OK };
    html(status, pages::login(flow, error, username, &config.users, bankid))
}

pub async fn login(State(s): State<Shared>, body: Bytes) -> Response {
    let form = parse_form(&body);
    let flow = form.get("flow").cloned().unwrap_or_default();
    if s.store().flow(&flow).is_none() {
        return expired_flow();
    }
    let username = form.get("username").map(|u| u.trim().to_string()).unwrap_or_default();
    let password = form.get("password").cloned().unwrap_or_default();
    let user = {
        let config = s.config();
        config.user(&username).filter(|u| u.password == password).map(|u| u.username.clone())
    };
    let Some(user) = user else {
        return login_page(&s, &flow, Some(WRONG_PASSWORD), &username);
    };
    let session = s.store().open_session(&user);
    if let Some(f) = s.store().flow_mut(&flow) {
        f.username = Some(user);
    }
    // Persistent ("remember me"), so a login window that keeps its data
    // directory stays logged in, as it would at Fortnox.
    let cookie = format!("{SESSION_COOKIE}={session}; Path=/; Max-Age=86400; HttpOnly; SameSite=Lax");
    see_other(&format!("/oauth-v1/auth/continue?flow={flow}"), Some(cookie))
}

pub async fn logout(
    State(s): State<Shared>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    if let Some(sid) = cookie(&headers, SESSION_COOKIE) {
        s.store().close_session(&sid);
    }
    let flow = params.get("flow").cloned().unwrap_or_default();
    if let Some(f) = s.store().flow_mut(&flow) {
        f.username = None;
        f.org_number = None;
    }
    let expired = format!("{SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
    if s.store().flow(&flow).is_none() {
        return see_other("/oauth-v1/auth/logged-out", Some(expired));
    }
    see_other(&format!("/oauth-v1/auth/continue?flow={flow}"), Some(expired))
}

pub async fn logged_out() -> Response {
    html(StatusCode::OK, pages::error_page("Utloggad", "Du är utloggad från Fortnox-sandlådan."))
}

pub async fn resume(State(s): State<Shared>, Query(params): Query<HashMap<String, String>>) -> Response {
    let flow = params.get("flow").cloned().unwrap_or_default();
    continue_flow(&s, &flow)
}

pub async fn pick_company(State(s): State<Shared>, body: Bytes) -> Response {
    let form = parse_form(&body);
    let flow = form.get("flow").cloned().unwrap_or_default();
    match s.store().flow_mut(&flow) {
        Some(f) => f.org_number = form.get("org_number").cloned(),
        None => return expired_flow(),
    }
    see_other(&format!("/oauth-v1/auth/continue?flow={flow}"), None)
}

/// Decides the page after login: company picker, consent, or an error sent
/// back to the integration.
fn continue_flow(s: &Shared, flow_id: &str) -> Response {
    let Some(flow) = s.store().flow(flow_id).cloned() else {
        return expired_flow();
    };
    let Some(username) = flow.username.clone() else {
        return login_page(s, flow_id, None, "");
    };
    let config = s.config();
    let Some(user) = config.user(&username) else {
        return login_page(s, flow_id, None, "");
    };
    let Some(app) = config.app(&flow.request.client_id) else {
        return expired_flow();
    };
    match rules::after_login(&config, &flow.request, user, flow.org_number.as_deref()) {
        Err(r) => refusal(r),
        Ok(AfterLogin::Locked(url)) => {
            s.store().finish_flow(flow_id);
            found(&url)
        }
        Ok(AfterLogin::PickCompany(companies)) => html(StatusCode::OK, pages::pick_company(flow_id, user, &companies)),
        Ok(AfterLogin::Consent(company)) => match rules::consent_check(app, &flow.request, user, company) {
            Err(error) => {
                s.store().finish_flow(flow_id);
                found(&rules::error_redirect(&flow.request.redirect_uri, Some(&flow.request.state), &error))
            }
            Ok(()) => {
                if let Some(f) = s.store().flow_mut(flow_id) {
                    f.org_number = Some(company.org_number.clone());
                }
                html(
                    StatusCode::OK,
                    pages::consent(&ConsentView {
                        flow: flow_id,
                        app_name: &app.name,
                        company,
                        user,
                        scopes: &flow.request.scopes,
                        service_account: flow.request.account_type == AccountType::Service,
                    }),
                )
            }
        },
    }
}

pub async fn consent(State(s): State<Shared>, body: Bytes) -> Response {
    let form = parse_form(&body);
    let flow_id = form.get("flow").cloned().unwrap_or_default();
    let Some(flow) = s.store().finish_flow(&flow_id) else {
        return expired_flow();
    };
    let request = flow.request;
    if form.get("decision").map(String::as_str) != Some("approve") {
        return found(&rules::error_redirect(&request.redirect_uri, Some(&request.state), &rules::ACCESS_DENIED));
    }
    let (Some(username), Some(org)) = (flow.username, flow.org_number) else {
        return expired_flow();
    };
    let target = match approve(&s, &request, &username, &org) {
        Ok(url) => url,
        Err(r) => return refusal(r),
    };
    let style = s.faults().callback_style;
    match style {
        CallbackStyle::Redirect => found(&target),
        CallbackStyle::Script => html(StatusCode::OK, pages::callback_by_script(target.as_str())),
        CallbackStyle::Iframe => html(StatusCode::OK, pages::callback_in_iframe(target.as_str())),
        CallbackStyle::WindowOpen => html(StatusCode::OK, pages::callback_by_window_open(target.as_str())),
    }
}

/// Re-checks consent (licences may have changed while the page was open)
/// and issues the code.
fn approve(s: &Shared, request: &AuthRequest, username: &str, org: &str) -> Result<url::Url, Refusal> {
    let config = s.config();
    let (Some(user), Some(app)) = (config.user(username), config.app(&request.client_id)) else {
        return Err(Refusal::Page {
            title: "Okänd användare".into(), message: "Användaren finns inte längre.".into()
        });
    };
    let company = match rules::after_login(&config, request, user, Some(org))? {
        AfterLogin::Consent(company) => company,
        AfterLogin::Locked(url) => return Ok(url),
        AfterLogin::PickCompany(_) => {
            return Err(Refusal::Page { title: "Välj företag".into(), message: "Inget företag är valt.".into() });
        }
    };
    if let Err(error) = rules::consent_check(app, request, user, company) {
        return Ok(rules::error_redirect(&request.redirect_uri, Some(&request.state), &error));
    }
    let now = s.clock.unix();
    let code = s.store().approve(request, company.tenant_id, &company.org_number, &user.username, now);
    Ok(rules::redirect_with(&request.redirect_uri, &[("code", &code), ("state", &request.state)]))
}

/// Sandbox-only: `sandbox_user`, `sandbox_password`, `sandbox_decision`
/// (`approve` | `deny`) and `sandbox_company` answer the login and consent
/// pages in one request, with every check the pages apply.
fn scripted(s: &Shared, request: &AuthRequest, params: &HashMap<String, String>) -> Response {
    let get = |k: &str| params.get(k).map(String::as_str).unwrap_or("");
    let username = {
        let config = s.config();
        match config.user(get("sandbox_user")).filter(|u| u.password == get("sandbox_password")) {
            Some(user) => user.username.clone(),
            None => {
                return html(StatusCode::UNAUTHORIZED, pages::error_page("Logga in", WRONG_PASSWORD));
            }
        }
    };
    let chosen = params.get("sandbox_company").map(String::as_str);
    let org = {
        let config = s.config();
        let Some(user) = config.user(&username) else {
            return html(StatusCode::UNAUTHORIZED, pages::error_page("Logga in", WRONG_PASSWORD));
        };
        match rules::after_login(&config, request, user, chosen) {
            Err(r) => return refusal(r),
            Ok(AfterLogin::Locked(url)) => return found(&url),
            Ok(AfterLogin::PickCompany(companies)) => {
                let list: Vec<String> = companies.iter().map(|c| format!("{} ({})", c.org_number, c.name)).collect();
                return html(
                    StatusCode::BAD_REQUEST,
                    pages::error_page(
                        "Välj företag",
                        &format!("Ange sandbox_company=<org.nr>, ett av: {}", list.join(", ")),
                    ),
                );
            }
            Ok(AfterLogin::Consent(company)) => {
                let Some(app) = config.app(&request.client_id) else {
                    return html(StatusCode::BAD_REQUEST, pages::error_page("Ogiltig klient", rules::INVALID_CLIENT));
                };
                if let Err(error) = rules::consent_check(app, request, user, company) {
                    return found(&rules::error_redirect(&request.redirect_uri, Some(&request.state), &error));
                }
                company.org_number.clone()
            }
        }
    };
    match get("sandbox_decision") {
        "approve" => match approve(s, request, &username, &org) {
            Ok(url) => found(&url),
            Err(r) => refusal(r),
        },
        "deny" => found(&rules::error_redirect(&request.redirect_uri, Some(&request.state), &rules::ACCESS_DENIED)),
        _ => html(
            StatusCode::BAD_REQUEST,
            pages::error_page("Beslut saknas", "Ange sandbox_decision=approve eller sandbox_decision=deny."),
        ),
    }
}
