//! The crate's one error type. Every variant maps to a stable catalogue
//! code (`catalogue::ErrorCode`) that the UI and CLI switch on.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read the integration profile {path}: {source}")]
    ProfileUnreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("integration profile, line {line}, column {column}: {message}")]
    ProfileSyntax {
        line: usize,
        column: usize,
        message: String,
    },

    #[error("integration profile, field `{field}`: {reason}")]
    ProfileInvalid { field: String, reason: String },

    #[error("unknown transfer option `{0}`")]
    UnknownOption(String),
}

impl Error {
    pub(crate) fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Error {
        Error::ProfileInvalid {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
