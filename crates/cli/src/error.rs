//! The CLI's one error type, and how errors become exit codes.

use fortnox_core::ErrorCode;
use fortnox_core::operations::Failure;

use crate::exit::ExitCode;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// An operation failed; the catalogue explains it (both languages).
    #[error("{}", .0.en.title)]
    Failed(Failure),
    /// A wrong command line that core does not see (an unknown code …).
    #[error("{0}")]
    Usage(String),
    /// Starting failed: no profile, no data directory, the demo.
    #[error(transparent)]
    Launch(#[from] fortnox_launch::LaunchError),
    /// Already printed (as a JSON event or a decision); only its exit code
    /// is left.
    #[error("{0}")]
    Reported(Box<CliError>),
    /// A person must act, and the output already said what.
    #[error("a decision is needed")]
    Declined,
}

impl From<Failure> for CliError {
    fn from(failure: Failure) -> CliError {
        CliError::Failed(failure)
    }
}

impl CliError {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            CliError::Usage(_) => ExitCode::Usage,
            CliError::Launch(fortnox_launch::LaunchError::Profile(_) | fortnox_launch::LaunchError::NoProfile) => {
                ExitCode::Usage
            }
            CliError::Launch(_) | CliError::Declined => ExitCode::MustAct,
            CliError::Reported(inner) => inner.exit_code(),
            CliError::Failed(failure) => match failure.en.code {
                ErrorCode::ProfileInvalid | ErrorCode::ConnectionNotFound | ErrorCode::ConnectionNotChosen => {
                    ExitCode::Usage
                }
                // The catalogue's one meaning of transient.
                code if code.is_transient() => ExitCode::Transient,
                _ => ExitCode::MustAct,
            },
        }
    }
}
