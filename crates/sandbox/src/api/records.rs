//! Each company's records, seeded on first use (`data.rs`) and changed by
//! writes. Kept in memory: a restarted sandbox starts from the seed.

use std::collections::HashMap;

use serde_json::Value;

use super::data;
use crate::config::Company;

#[derive(Default)]
pub struct Records {
    by_tenant: HashMap<u64, HashMap<String, Vec<Value>>>,
}

impl Records {
    pub fn of(&mut self, company: &Company, resource: &str) -> &mut Vec<Value> {
        self.by_tenant
            .entry(company.tenant_id)
            .or_default()
            .entry(resource.to_string())
            .or_insert_with(|| data::records(resource, company))
    }
}
