//! An accounting agency with many clients: a Digital byrå consultant whose
//! client list is generated at any size, with realistic Swedish company
//! names, valid organisation numbers (Luhn check digit) and a mix of
//! clients without the Integration licence or some module licences.
//! Deterministic: the same count gives the same clients.

use crate::config::{Company, Membership, Module, SandboxConfig, User, UserKind};

pub use crate::config::{AGENCY_USERNAME, Agency};

/// The first generated client's tenant id; the n-th is this plus n.
pub const FIRST_TENANT: u64 = 1_500_000;

const FIRST: [&str; 20] = [
    "Berg", "Sjö", "Lind", "Ek", "Björk", "Gran", "Strand", "Holm", "Dal", "Ås", "Nord", "Väst", "Öster", "Sund",
    "Fors", "Vik", "Hag", "Ljung", "Ros", "Äng",
];
const SECOND: [&str; 10] =
    ["ströms", "bergs", "lunds", "dahls", "qvists", "gårdens", "vikens", "näs", "hedens", "åsens"];
const TRADE: [&str; 15] = [
    "Bygg AB",
    "Måleri AB",
    "Redovisning AB",
    "Café",
    "Bageri AB",
    "Elektriska AB",
    "Transport AB",
    "Frisörsalong",
    "Trädgård HB",
    "Fastigheter AB",
    "VVS AB",
    "Konsult AB",
    "Livs AB",
    "Städservice AB",
    "Bil & Däck AB",
];
const CITIES: [&str; 12] = [
    "Stockholm",
    "Göteborg",
    "Malmö",
    "Uppsala",
    "Västerås",
    "Örebro",
    "Linköping",
    "Helsingborg",
    "Jönköping",
    "Norrköping",
    "Lund",
    "Umeå",
];

/// A valid Swedish organisation number for `n`: "55" (an aktiebolag),
/// seven digits, and the Luhn check digit; formatted 556123-4567.
pub fn org_number(n: usize) -> String {
    let body = format!("55{:07}", (n * 7919 + 1_234_567) % 10_000_000);
    let digits: Vec<u32> = body.chars().filter_map(|c| c.to_digit(10)).collect();
    let check = crate::org_number::check_digit(&digits);
    format!("{}-{}{check}", &body[..6], &body[6..])
}

/// The n-th client's name: "Sjöbergs Bygg AB".
pub fn company_name(n: usize) -> String {
    let first = FIRST[n % FIRST.len()];
    let second = SECOND[(n / FIRST.len()) % SECOND.len()];
    let trade = TRADE[(n / (FIRST.len() * SECOND.len()) + n) % TRADE.len()];
    format!("{first}{second} {trade}")
}

/// The n-th client: every 25th lacks the Integration licence, every 7th
/// the payroll module, every 11th the order module.
pub fn client(n: usize) -> Company {
    let mut modules: Vec<Module> = Module::ALL.to_vec();
    if n % 7 == 3 {
        modules.retain(|m| *m != Module::Lon);
    }
    if n % 11 == 5 {
        modules.retain(|m| *m != Module::Order);
    }
    let tenant = FIRST_TENANT + n as u64;
    Company {
        name: company_name(n),
        org_number: org_number(n),
        tenant_id: tenant,
        integration_licence: n % 25 != 24,
        modules,
        address: format!("Verkstadsgatan {}", 1 + n % 90),
        zip_code: format!("{} {:02}", 100 + n % 800, n % 97),
        city: CITIES[n % CITIES.len()].to_string(),
    }
}

impl SandboxConfig {
    /// Adds the agency's consultant and clients (once; a config that
    /// already has them is left as it is).
    pub fn with_agency_expanded(mut self) -> SandboxConfig {
        let Some(agency) = self.agency.clone() else {
            return self;
        };
        if self.user(&agency.username).is_some() {
            return self;
        }
        self.users.push(User {
            username: agency.username.clone(),
            password: crate::seed::PASSWORD.to_string(),
            name: agency.name.clone(),
            kind: UserKind::Consultant,
            locked: false,
            memberships: Vec::new(),
            description: format!(
                "Redovisningskonsult (Digital byrå) med {} klienter; var 25:e saknar Integrationslicens",
                agency.clients
            ),
        });
        self.grow_agency(agency.clients);
        self
    }

    /// Grows the agency to `clients` clients (a running sandbox's config
    /// can be changed in place); the consultant administers each new one.
    pub fn grow_agency(&mut self, clients: usize) {
        let Some(agency) = self.agency.as_mut() else { return };
        agency.clients = agency.clients.max(clients);
        let username = agency.username.clone();
        let have = self.companies.iter().filter(|c| c.tenant_id >= FIRST_TENANT).count();
        let added: Vec<Company> = (have..clients).map(client).collect();
        if let Some(user) = self.users.iter_mut().find(|u| u.username == username) {
            user.memberships.extend(added.iter().map(|c| Membership {
                org_number: c.org_number.clone(),
                sysadmin: true,
                unlicensed_scopes: vec![],
                denied_scopes: vec![],
            }));
        }
        self.companies.extend(added);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn five_hundred_clients_with_valid_distinct_org_numbers_and_names() {
        let clients: Vec<Company> = (0..500).map(client).collect();
        assert!(clients.iter().all(|c| crate::org_number::is_valid(&c.org_number)), "valid check digits");
        let orgs: HashSet<&str> = clients.iter().map(|c| c.org_number.as_str()).collect();
        assert_eq!(orgs.len(), 500, "distinct organisation numbers");
        let names: HashSet<&str> = clients.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names.len(), 500, "distinct names");
        assert_eq!(clients.iter().filter(|c| !c.integration_licence).count(), 20);
        assert!(clients.iter().any(|c| !c.has_module(Module::Lon)));
    }

    #[test]
    fn the_agency_grows_in_place_and_the_consultant_administers_the_new_clients() {
        let mut config = SandboxConfig::default().with_agency_expanded();
        let before = config.companies.len();
        config.grow_agency(2000);
        assert_eq!(config.companies.len(), before + 1500);
        let consultant = config.user(AGENCY_USERNAME).unwrap();
        assert_eq!(consultant.memberships.len(), 2000);
        assert!(consultant.memberships.iter().any(|m| m.org_number == org_number(1999)));
        let orgs: HashSet<String> = config.companies.iter().map(|c| c.org_number.clone()).collect();
        assert_eq!(orgs.len(), config.companies.len(), "distinct organisation numbers at 2,000");
        config.grow_agency(10);
        assert_eq!(config.companies.len(), before + 1500, "never shrinks");
    }

    #[test]
    fn the_agency_is_added_once() {
        let config = SandboxConfig::default();
        let before = config.companies.len();
        let expanded = config.clone().with_agency_expanded().with_agency_expanded();
        assert_eq!(expanded.companies.len(), before + 500);
        assert_eq!(expanded.user(AGENCY_USERNAME).unwrap().memberships.len(), 500);
    }
}
