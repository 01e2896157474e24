//! What the commands share: the operations over this profile, with the
//! desktop as their host.

use fortnox_core::operations::Operations;

use crate::host::TauriHost;

pub struct AppState {
    pub ops: Operations<TauriHost>,
}
