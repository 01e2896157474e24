//! Errors cross to the UI as a catalogue `Problem` (GitButler-style: the
//! UI switches on `problem.code`, shows the texts, offers the actions).

use fortnox_core::Problem;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct IpcError {
    /// Boxed: results stay small on the happy path.
    #[ts(as = "Problem")]
    pub problem: Box<Problem>,
}

pub type IpcResult<T> = Result<T, IpcError>;
