//! The sample data: companies, users and registered apps that cover every
//! case in `docs/errors.md`. Documented in the README and on the login
//! page. Every user's password is `sandbox`.

use crate::config::{AppConfig, Company, Membership, Module, SaleMode, SandboxConfig, User, UserKind};

pub const PASSWORD: &str = "sandbox";

/// The sample users' logins, for tests and demos that log in as them.
pub mod users {
    /// System administrator of Bergströms Bygg AB, every licence.
    pub const ADMIN: &str = "admin@bergstromsbygg.se";
    /// Ordinary user: no customer/project permission, no Lön licence.
    pub const ANNA: &str = "anna@bergstromsbygg.se";
    /// Digital byrå consultant with three clients.
    pub const CONSULTANT: &str = "konsult@ekonomiochrad.se";
    /// Locked (unpaid) account.
    pub const LOCKED: &str = "spärrad@stangdabutiken.se";
    /// Administrator of two companies.
    pub const TWO_COMPANIES: &str = "lars@hamnkontoret.se";
    /// Administrator of a company without the Integration licence.
    pub const NO_INTEGRATION_LICENCE: &str = "admin@nordljus.se";
    /// Administrator of a company without Lön (payroll).
    pub const NO_PAYROLL: &str = "admin@fjallbackafisk.se";
}

/// The app the desktop's built-in profile uses (see `fortnox-core`'s
/// `builtin_sandbox.toml`).
pub const DEMO_CLIENT_ID: &str = "fortnox-connect-demo";
pub const DEMO_CLIENT_SECRET: &str = "demo-secret-not-confidential";
pub const DEMO_EMBEDDED_REDIRECT: &str = "https://connect.sandbox.invalid/fortnox/callback";
pub const DEMO_LOOPBACK_REDIRECT: &str = "http://127.0.0.1:47611/callback";

/// Scopes ticked for the demo app: everything Fortnox lists.
pub const ALL_SCOPES: &[&str] = &[
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

fn company(name: &str, org: &str, tenant: u64, integration: bool, modules: &[Module], city: &str) -> Company {
    Company {
        name: name.to_string(),
        org_number: org.to_string(),
        tenant_id: tenant,
        integration_licence: integration,
        modules: modules.to_vec(),
        address: format!("{} 12", street_for(tenant)),
        zip_code: format!("{} {:02}", 100 + tenant % 800, tenant % 97),
        city: city.to_string(),
    }
}

fn street_for(tenant: u64) -> &'static str {
    const STREETS: [&str; 5] = ["Storgatan", "Kungsgatan", "Hamngatan", "Järnvägsgatan", "Skolvägen"];
    STREETS[(tenant % STREETS.len() as u64) as usize]
}

fn admin_of(org: &str) -> Membership {
    Membership { org_number: org.to_string(), sysadmin: true, unlicensed_scopes: vec![], denied_scopes: vec![] }
}

fn user(username: &str, name: &str, memberships: Vec<Membership>, description: &str) -> User {
    User {
        username: username.to_string(),
        password: PASSWORD.to_string(),
        name: name.to_string(),
        kind: UserKind::Regular,
        locked: false,
        memberships,
        description: description.to_string(),
    }
}

fn demo_app(client_id: &str, name: &str) -> AppConfig {
    AppConfig {
        client_id: client_id.to_string(),
        client_secret: DEMO_CLIENT_SECRET.to_string(),
        name: name.to_string(),
        redirect_uris: vec![DEMO_EMBEDDED_REDIRECT.to_string(), DEMO_LOOPBACK_REDIRECT.to_string()],
        scopes: ALL_SCOPES.iter().map(|s| s.to_string()).collect(),
        oauth2_enabled: true,
        service_accounts: true,
        sale: SaleMode::Free,
        purchased_by: vec![],
        loopback_any_port: false,
    }
}

pub const BERGSTROM: &str = "556677-8899";
pub const NORDLJUS: &str = "559012-3450";
pub const FJALLBACKA: &str = "556789-0123";
pub const KVARNEN: &str = "556345-6788";
pub const SOLBERG: &str = "969712-3454";
pub const AKESSON: &str = "556234-5677";
pub const STANGDA: &str = "556901-2346";
pub const HAMNKONTORET: &str = "556456-7898";
pub const VERKSTADEN: &str = "556123-9871";

impl Default for SandboxConfig {
    fn default() -> Self {
        use Module::*;
        let everything = &Module::ALL[..];
        let companies = vec![
            company("Bergströms Bygg AB", BERGSTROM, 1406221, true, everything, "Uppsala"),
            company("Nordljus Design AB", NORDLJUS, 1406222, false, &[Kundfaktura, Bokforing], "Umeå"),
            company(
                "Fjällbacka Fisk & Skaldjur AB",
                FJALLBACKA,
                1406223,
                true,
                &[Kundfaktura, Order, Bokforing],
                "Fjällbacka",
            ),
            company("Kvarnens Café AB", KVARNEN, 1406231, true, everything, "Västerås"),
            company("Solbergs Trädgård HB", SOLBERG, 1406232, true, &[Kundfaktura, Bokforing], "Växjö"),
            company("Åkessons Elektriska AB", AKESSON, 1406233, false, everything, "Örebro"),
            company("Stängda Butiken AB", STANGDA, 1406240, true, everything, "Gävle"),
            company("Hamnkontoret i Göteborg AB", HAMNKONTORET, 1406251, true, everything, "Göteborg"),
            company("Lilla Verkstaden AB", VERKSTADEN, 1406252, true, &[Kundfaktura, Order, Bokforing], "Borås"),
        ];

        let mut anna = user(
            users::ANNA,
            "Anna Lind",
            vec![Membership {
                org_number: BERGSTROM.to_string(),
                sysadmin: false,
                unlicensed_scopes: vec!["salary".to_string()],
                denied_scopes: vec!["customer".to_string(), "project".to_string()],
            }],
            "Vanlig användare i Bergströms Bygg: ingen behörighet till kunder och projekt, ingen Lön-licens, inte systemadministratör",
        );
        anna.kind = UserKind::Regular;

        let mut consultant = user(
            users::CONSULTANT,
            "Maria Holm",
            vec![admin_of(KVARNEN), admin_of(SOLBERG), admin_of(AKESSON)],
            "Redovisningskonsult (Digital byrå) med tre klienter; Åkessons Elektriska saknar Integrationslicens",
        );
        consultant.kind = UserKind::Consultant;

        let mut locked = user(
            users::LOCKED,
            "Per Svensson",
            vec![admin_of(STANGDA)],
            "Spärrat konto (obetald faktura): Fortnox skickar tillbaka utan kod och utan fel",
        );
        locked.locked = true;

        let users = vec![
            user(
                users::ADMIN,
                "Erik Bergström",
                vec![admin_of(BERGSTROM)],
                "Systemadministratör i Bergströms Bygg AB, alla licenser",
            ),
            anna,
            user(
                users::NO_INTEGRATION_LICENCE,
                "Sara Nordin",
                vec![admin_of(NORDLJUS)],
                "Systemadministratör i Nordljus Design AB, som saknar Integrationslicens",
            ),
            user(
                users::NO_PAYROLL,
                "Johan Ek",
                vec![admin_of(FJALLBACKA)],
                "Systemadministratör i Fjällbacka Fisk & Skaldjur AB, som saknar Lön",
            ),
            consultant,
            locked,
            user(
                users::TWO_COMPANIES,
                "Lars Persson",
                vec![admin_of(HAMNKONTORET), admin_of(VERKSTADEN)],
                "Systemadministratör i två företag: väljer företag vid inloggningen",
            ),
        ];

        let mut no_oauth = demo_app("demo-no-oauth", "Demo utan OAuth2");
        no_oauth.oauth2_enabled = false;
        let mut no_service = demo_app("demo-no-service", "Demo utan servicekonto");
        no_service.service_accounts = false;
        let mut few_scopes = demo_app("demo-few-scopes", "Demo med få behörigheter");
        few_scopes.scopes =
            ["companyinformation", "profile", "invoice", "customer", "article"].map(String::from).to_vec();
        let mut store = demo_app("demo-store", "Demo i Fortnox integrationsbutik");
        store.sale = SaleMode::BuyViaFortnox;
        store.purchased_by = vec![BERGSTROM.to_string()];
        let mut unpublished = demo_app("demo-unpublished", "Demo som inte är publicerad");
        unpublished.sale = SaleMode::PurchasableNotPublished;

        SandboxConfig {
            apps: vec![demo_app(DEMO_CLIENT_ID, "Demo Sync"), no_oauth, no_service, few_scopes, store, unpublished],
            companies,
            users,
            rate_limit_requests: 25,
            rate_limit_window_secs: 5,
            rate_limit_retry_after: false,
            agency: Some(crate::config::Agency::default()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_data_is_consistent() {
        let config = SandboxConfig::default();
        config.check().unwrap();
        for company in &config.companies {
            assert!(crate::org_number::is_valid(&company.org_number), "{}", company.org_number);
        }
        let mut tenants: Vec<u64> = config.companies.iter().map(|c| c.tenant_id).collect();
        tenants.sort_unstable();
        tenants.dedup();
        assert_eq!(tenants.len(), config.companies.len(), "tenant ids are unique");
    }

    #[test]
    fn the_sample_users_cover_the_documented_cases() {
        let config = SandboxConfig::default();
        let consultant = config.user("konsult@ekonomiochrad.se").unwrap();
        assert_eq!(consultant.kind, UserKind::Consultant);
        assert!(consultant.memberships.len() >= 3);
        assert!(
            consultant.memberships.iter().any(|m| !config.company_by_org(&m.org_number).unwrap().integration_licence),
            "one client lacks the Integration licence"
        );
        assert!(config.users.iter().any(|u| u.locked));
        assert!(config.users.iter().any(|u| u.memberships.len() == 2 && u.kind == UserKind::Regular));
        let anna = config.user("ANNA@bergstromsbygg.se").unwrap();
        assert!(!anna.memberships[0].sysadmin);
        assert!(!config.company_by_org(NORDLJUS).unwrap().integration_licence);
        assert!(!config.company_by_org(FJALLBACKA).unwrap().has_module(Module::Lon));
    }

    #[test]
    fn config_round_trips_through_toml() {
        let config = SandboxConfig::default();
        let text = toml::to_string(&config).unwrap();
        let back = SandboxConfig::from_toml_str(&text).unwrap();
        assert_eq!(back.companies.len(), config.companies.len());
        assert_eq!(back.apps[0].client_id, DEMO_CLIENT_ID);
    }
}
