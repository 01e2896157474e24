//! Exit codes: a contract for scripts.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    Success,
    /// Usage or invalid input (bad profile, unknown id).
    Usage,
    /// A user or administrator must act (a catalogue error).
    MustAct,
    /// Transient: network, timeout, 5xx, rate limited after retries.
    Transient,
}

impl From<ExitCode> for i32 {
    fn from(code: ExitCode) -> i32 {
        match code {
            ExitCode::Success => 0,
            ExitCode::Usage => 2,
            ExitCode::MustAct => 3,
            ExitCode::Transient => 4,
        }
    }
}
