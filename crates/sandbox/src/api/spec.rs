//! Fortnox's published OpenAPI specification, as far as the sandbox
//! serves it: for every resource its list and single wrappers, the fields
//! and JSON types of list items and single records, the required fields of
//! a create, and the `filter`, `sortby` and search parameters. Extracted by
//! `spec/subset.py` (which names the source and its commit) into
//! `spec/fortnox-api.json`; the sandbox shapes every answer from it.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct Spec {
    pub resources: BTreeMap<String, ResourceSpec>,
    pub singletons: BTreeMap<String, SingletonSpec>,
}

/// A JSON type as the specification declares it.
pub type Fields = BTreeMap<String, String>;

#[derive(Debug, Deserialize)]
pub struct ResourceSpec {
    pub scope: String,
    /// The field(s) that name a record in its path (`/3/vouchers/A/1`).
    pub id: Vec<String>,
    pub list_key: String,
    pub list_fields: Fields,
    /// Methods on the list path (GET, POST).
    pub methods: Vec<String>,
    #[serde(default)]
    pub filters: Vec<String>,
    #[serde(default)]
    pub sortby: Vec<String>,
    #[serde(default)]
    pub search: Vec<String>,
    pub item_key: Option<String>,
    #[serde(default)]
    pub fields: Fields,
    /// Methods on a record's path (GET, PUT, DELETE).
    #[serde(default)]
    pub single_methods: Vec<String>,
    #[serde(default)]
    pub required: Vec<String>,
    #[serde(default)]
    pub payload_fields: Fields,
    /// The fields of each kind of row a record holds (`InvoiceRows`).
    #[serde(default)]
    pub rows: BTreeMap<String, Fields>,
}

#[derive(Debug, Deserialize)]
pub struct SingletonSpec {
    pub scope: String,
    pub key: String,
    pub fields: Fields,
}

pub static SPEC: LazyLock<Spec> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../../spec/fortnox-api.json")).expect("spec/fortnox-api.json is valid")
});

pub fn resource(path: &str) -> Option<&'static ResourceSpec> {
    SPEC.resources.get(path)
}

pub fn singleton(path: &str) -> Option<&'static SingletonSpec> {
    SPEC.singletons.get(path)
}
