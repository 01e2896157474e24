//! The Swedish HTML pages of the sandbox's login: plain, Fortnox-like, and
//! clearly marked as a sandbox.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::config::{Company, User, UserKind};

const STYLE: &str = r#"
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f3f5f4;color:#1d2a25}
header{background:#0b6e4f;color:#fff;padding:14px 24px;display:flex;align-items:center;gap:12px}
header .logo{font-weight:700;font-size:20px;letter-spacing:.5px}
header .badge{background:#ffd34d;color:#3b2f00;font-size:12px;font-weight:700;padding:2px 8px;border-radius:10px}
main{max-width:460px;margin:32px auto;background:#fff;border-radius:10px;box-shadow:0 2px 12px rgba(0,0,0,.08);padding:28px 32px}
h1{font-size:24px;margin:0 0 16px}
label{display:block;font-weight:600;margin:14px 0 4px}
input[type=text],input[type=password]{width:100%;padding:10px 12px;border:1px solid #b9c4bf;border-radius:6px;font-size:16px}
button,.button{display:inline-block;margin-top:20px;padding:11px 20px;border-radius:6px;border:0;font-size:16px;font-weight:600;cursor:pointer;text-decoration:none}
.primary{background:#0b6e4f;color:#fff}
.secondary{background:#e6ebe9;color:#1d2a25;margin-left:8px}
.error{background:#fdecea;color:#8a1c12;border-left:4px solid #c62828;padding:10px 12px;border-radius:4px;margin-bottom:12px}
.help{margin-top:28px;font-size:13px;color:#4d5d56;border-top:1px solid #e3e8e6;padding-top:12px}
.help table{border-collapse:collapse;width:100%}
.help td{padding:3px 6px;vertical-align:top}
.help code{font-size:12px}
ul.scopes{padding-left:20px}
.company{display:block;width:100%;text-align:left;margin-top:10px;background:#f3f5f4;border:1px solid #d5ddda;padding:12px 14px}
.company small{display:block;color:#4d5d56;font-weight:400}
.muted{color:#4d5d56;font-size:14px}
"#;

fn layout(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="sv" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " – Fortnox (sandlåda)" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    span.logo { "Fortnox" }
                    span.badge { "SANDLÅDA" }
                }
                main { (body) }
            }
        }
    }
}

pub fn login(flow: &str, error: Option<&str>, username: &str, users: &[User], bankid_link: bool) -> Markup {
    layout(
        "Logga in",
        html! {
            h1 { "Logga in" }
            @if let Some(error) = error {
                p.error role="alert" { (error) }
            }
            form method="post" action="/oauth-v1/auth/login" {
                input type="hidden" name="flow" value=(flow);
                label for="username" { "E-post" }
                input #username type="text" name="username" value=(username) autocomplete="username" autofocus;
                label for="password" { "Lösenord" }
                input #password type="password" name="password" autocomplete="current-password";
                button.primary #login type="submit" { "Logga in" }
            }
            @if bankid_link {
                p { a #bankid href="bankid:///?autostarttoken=sandbox-demo&redirect=null" { "Logga in med BankID" } }
            }
            div.help {
                p { strong { "Testanvändare i sandlådan" } " (lösenord för alla: " code { (crate::seed::PASSWORD) } ")" }
                table {
                    @for user in users {
                        tr {
                            td { code { (user.username) } }
                            td { (user.description) }
                        }
                    }
                }
            }
        },
    )
}

pub fn pick_company(flow: &str, user: &User, companies: &[&Company]) -> Markup {
    let consultant = user.kind == UserKind::Consultant;
    let title = if consultant { "Välj klient" } else { "Välj företag" };
    // Many clients: a search field like Fortnox's own filters the list by
    // name or organisation number as you type; Enter picks the first shown.
    let searchable = companies.len() > 5;
    layout(
        title,
        html! {
            h1 { (title) }
            @if consultant {
                p.muted { "Du är inloggad med Digital byrå som " (user.name) ". Välj vilken klient integrationen ska aktiveras för." }
            } @else {
                p.muted { "Du har tillgång till flera företag. Välj vilket företag integrationen ska aktiveras för." }
            }
            form #picker method="post" action="/oauth-v1/auth/company" {
                input type="hidden" name="flow" value=(flow);
                @if searchable {
                    label for="search" { "Sök klient (namn eller organisationsnummer)" }
                    input #search type="search" autocomplete="off" autofocus;
                    p #count.muted aria-live="polite" { (companies.len()) " klienter" }
                }
                @for (i, company) in companies.iter().enumerate() {
                    button.company type="submit" name="org_number" value=(company.org_number)
                        data-search=(format!("{} {}", company.name.to_lowercase(), company.org_number.replace('-', "")))
                        autofocus[i == 0 && !searchable] {
                        (company.name)
                        small { "Org.nr " (company.org_number) }
                    }
                }
            }
            @if searchable {
                script { (PreEscaped(PICKER_SEARCH)) }
            }
        },
    )
}

const PICKER_SEARCH: &str = r#"
const search = document.getElementById("search");
const buttons = [...document.querySelectorAll("button.company")];
const count = document.getElementById("count");
search.addEventListener("input", () => {
  const q = search.value.trim().toLowerCase();
  const digits = q.replace(/\D/g, "");
  let shown = 0;
  for (const b of buttons) {
    const text = b.dataset.search;
    const match = !q || text.includes(q) || (digits.length > 0 && text.includes(digits));
    b.hidden = !match;
    if (match) shown++;
  }
  count.textContent = shown + " klienter";
});
search.addEventListener("keydown", (e) => {
  if (e.key !== "Enter") return;
  e.preventDefault();
  const first = buttons.find((b) => !b.hidden);
  if (first) document.getElementById("picker").requestSubmit(first);
});
"#;

/// Swedish words for a scope, as on Fortnox's consent page.
pub fn scope_words(scope: &str) -> &str {
    match scope {
        "companyinformation" => "Företagsinformation",
        "customer" => "Kunder",
        "article" => "Artiklar",
        "invoice" => "Fakturor",
        "order" => "Order",
        "offer" => "Offerter",
        "bookkeeping" => "Bokföring",
        "supplier" => "Leverantörer",
        "supplierinvoice" => "Leverantörsfakturor",
        "project" => "Projekt",
        "costcenter" => "Kostnadsställen",
        "salary" => "Lön",
        "profile" => "Din profil (namn och e-post)",
        "settings" => "Inställningar",
        "payment" => "Betalningar",
        "price" => "Prislistor",
        "print" => "Utskriftsmallar",
        "archive" => "Arkiv",
        "inbox" => "Inkorg",
        "connectfile" => "Filkopplingar",
        "currency" => "Valutor",
        "noxfinansinvoice" => "Nox Finans-fakturor",
        "timereporting" => "Tidredovisning",
        other => other,
    }
}

pub struct ConsentView<'a> {
    pub flow: &'a str,
    pub app_name: &'a str,
    pub company: &'a Company,
    pub user: &'a User,
    pub scopes: &'a [String],
    pub service_account: bool,
}

pub fn consent(view: &ConsentView<'_>) -> Markup {
    layout(
        "Aktivering",
        html! {
            h1 { "Aktivering" }
            p { strong { (view.app_name) } " vill få tillgång till " strong { (view.company.name) } " (" (view.company.org_number) ")." }
            p.muted { "Inloggad som " (view.user.name) " (" (view.user.username) "). "
                a #logout href=(format!("/oauth-v1/auth/logout?flow={}", view.flow)) { "Inte du? Logga in som någon annan" } }
            @if view.service_account {
                p.muted { "Integrationen aktiveras med ett servicekonto, som inte är knutet till en person. Endast systemadministratörer kan godkänna det." }
            }
            p { "Integrationen får läsa och skriva:" }
            ul.scopes {
                @for scope in view.scopes {
                    li { (scope_words(scope)) }
                }
            }
            form method="post" action="/oauth-v1/auth/consent" {
                input type="hidden" name="flow" value=(view.flow);
                button.primary #approve type="submit" name="decision" value="approve" autofocus { "Godkänn & aktivera" }
                button.secondary #cancel type="submit" name="decision" value="cancel" { "Avbryt" }
            }
        },
    )
}

pub fn error_page(title: &str, message: &str) -> Markup {
    layout(
        title,
        html! {
            h1 { (title) }
            p.error role="alert" { (message) }
            p.muted { "Stäng fönstret och försök igen, eller kontakta leverantören av integrationen." }
        },
    )
}

/// How the consent page can hand back the code other than by a 302.
pub fn callback_by_script(target: &str) -> Markup {
    layout(
        "Aktiverar",
        html! {
            p { "Skickar dig tillbaka …" }
            script { (PreEscaped(format!("location.href = {};", js_string(target)))) }
        },
    )
}

pub fn callback_in_iframe(target: &str) -> Markup {
    layout(
        "Aktiverar",
        html! {
            p { "Skickar dig tillbaka …" }
            iframe src=(target) width="10" height="10" {}
        },
    )
}

pub fn callback_by_window_open(target: &str) -> Markup {
    layout(
        "Aktiverar",
        html! {
            p { "Skickar dig tillbaka …" }
            script { (PreEscaped(format!("window.open({}, '_blank');", js_string(target)))) }
        },
    )
}

/// A JSON string literal is a safe JavaScript string literal once `<` is
/// escaped (so `</script>` cannot end the script).
fn js_string(value: &str) -> String {
    serde_json::to_string(value).expect("strings serialise").replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed;

    #[test]
    fn user_text_is_escaped() {
        let config = crate::config::SandboxConfig::default();
        let page = login("f", Some("<script>alert(1)</script>"), "\"><b>", &config.users, false).into_string();
        assert!(!page.contains("<script>alert(1)"));
        assert!(page.contains("&lt;script&gt;"));
        assert!(page.contains(seed::PASSWORD));
    }

    #[test]
    fn script_callback_cannot_break_out() {
        let page = callback_by_script("https://x.example/cb?a=</script><b>").into_string();
        assert!(!page.contains("</script><b>"));
    }
}
