//! Fortnox's published OpenAPI specification, as far as the sandbox
//! serves it: for every resource its list and single wrappers, the fields
//! and JSON types of list items and single records, the required fields of
//! a create, the `filter`, `sortby` and search parameters, and every nested
//! object and row (`models`, named as the specification names them
//! without its `fortnox_` prefix). Extracted by
//! `spec/subset.py` (which names the source and its commit) into
//! `spec/fortnox-api.json`; the sandbox shapes every answer from it.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct Spec {
    pub resources: BTreeMap<String, ResourceSpec>,
    pub singletons: BTreeMap<String, SingletonSpec>,
    pub models: BTreeMap<String, Model>,
}

/// A nested object or a row: its fields, and those a write must give.
#[derive(Debug, Deserialize)]
pub struct Model {
    pub fields: Fields,
    #[serde(default)]
    pub required: Vec<String>,
}

/// Each field's JSON type as the specification declares it: a scalar's
/// name (`string`, `number`, `integer`, `boolean`), `object:Model` or
/// `array:Model` (see [`Kind`]).
pub type Fields = BTreeMap<String, String>;

/// A declared type, with nested models looked up.
pub enum Kind<'a> {
    Scalar(&'a str),
    Object(&'a Model),
    Array(&'a Model),
}

impl<'a> Kind<'a> {
    /// `kind` as declared in `spec/fortnox-api.json`. A model the file
    /// does not hold is a bug in `subset.py`, so it panics at first use
    /// (`tests/contract.rs` reads every one).
    pub fn of(kind: &'a str) -> Kind<'a> {
        let model = |name: &'a str| SPEC.models.get(name).unwrap_or_else(|| panic!("no model {name} in the spec"));
        match kind.split_once(':') {
            Some(("object", name)) => Kind::Object(model(name)),
            Some(("array", name)) => Kind::Array(model(name)),
            _ => Kind::Scalar(kind),
        }
    }
}

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
