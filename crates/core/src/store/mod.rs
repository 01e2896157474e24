//! Where things are kept: non-secret state in a versioned JSON file written
//! atomically, secrets in the OS keyring, and the locks that let several
//! processes share both.

pub mod legacy;
pub mod lock;
pub mod secrets;
pub mod state_file;

pub use secrets::{KeyringStore, SecretStore};
pub use state_file::{Settings, StateDocument, StateFile};
