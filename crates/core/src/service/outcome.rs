//! What a connect reports while it runs and how it ends: saved, or
//! waiting for the person to decide (`decide.rs`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::connection::{AccountType, CompanyInfo, Connection};
use crate::verify::VerifyReport;

/// Where a connect is, for progress shown while waiting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "stage", rename_all = "snake_case")]
#[ts(export)]
pub enum ConnectProgress {
    /// The login page is open; waiting for the user and Fortnox.
    WaitingForFortnox {
        host: String,
        /// The login address, for "copy this into your browser" when the
        /// browser does not open by itself.
        url: String,
    },
    /// Fortnox answered; exchanging the code for tokens.
    Exchanging,
    /// Checking company, approver and each chosen option.
    Verifying,
    Saving,
}

/// How a connect ended.
#[derive(Debug)]
#[allow(clippy::large_enum_variant, reason = "one per connect, never stored")]
pub enum ConnectOutcome {
    Connected {
        connection: Connection,
        report: VerifyReport,
        reauthorized: bool,
        /// The client the person expected (consultants), if they said.
        expected_org: Option<String>,
    },
    /// Verified, but the person must decide before anything is saved.
    NeedsDecision { decision_id: String, decision: Decision, report: VerifyReport, account_type: AccountType },
}

pub(super) type Progress<'a> = &'a (dyn Fn(ConnectProgress) + Send + Sync);

/// Something to decide.
#[derive(Debug, Clone)]
pub enum Decision {
    /// Consultants: a different company than the one they picked.
    WrongCompany { expected: String, actual: Option<CompanyInfo> },
    /// This company is already connected: update that one instead?
    AlreadyConnected { existing: Box<Connection> },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DecisionChoice {
    /// Wrong company: keep it anyway.
    Keep,
    /// Already connected: put the new approval into that connection.
    UseExisting,
    /// Throw the result away (revoked at Fortnox).
    Discard,
}
