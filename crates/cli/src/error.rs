//! The CLI's one error type, and how errors become exit codes and output.

use fortnox_core::ErrorCode;

use crate::exit::ExitCode;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Something core explains with a catalogue entry.
    #[error(transparent)]
    Core(#[from] fortnox_core::Error),
    /// A wrong command line (unknown id, ambiguous connection …).
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The built-in demo could not start.
    #[cfg(feature = "demo")]
    #[error(transparent)]
    Demo(#[from] fortnox_demo::DemoError),
    /// Already printed (as a JSON event); only its exit code is left.
    #[error("{0}")]
    Reported(Box<CliError>),
}

impl CliError {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            CliError::Usage(_) => ExitCode::Usage,
            CliError::Io(_) => ExitCode::MustAct,
            #[cfg(feature = "demo")]
            CliError::Demo(_) => ExitCode::MustAct,
            CliError::Reported(inner) => inner.exit_code(),
            CliError::Core(e) => match e.code() {
                ErrorCode::ProfileInvalid | ErrorCode::ConnectionNotFound => ExitCode::Usage,
                // The catalogue's one meaning of transient.
                code if code.is_transient() => ExitCode::Transient,
                _ => ExitCode::MustAct,
            },
        }
    }
}
