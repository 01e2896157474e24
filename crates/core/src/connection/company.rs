//! Who a connection reaches and who approved it: what verification finds
//! out (`verify.rs`) and the connection keeps.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The company a connection reaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CompanyInfo {
    pub name: String,
    pub org_number: String,
}

/// Who approved the connection (from `/3/me`, when `profile` was granted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Approver {
    pub name: String,
    pub email: Option<String>,
    pub sysadmin: Option<bool>,
}
