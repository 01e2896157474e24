//! A keyring in memory, for benchmarks that make more connections than
//! a Secret Service daemon keeps alive (gnome-keyring 42 aborts near a
//! thousand entries written in one session: BENCHMARKS.md) or that give
//! each simulated installation its own keyring.

use std::collections::HashMap;
use std::sync::Mutex;

use fortnox_core::Error;
use fortnox_core::secret::StoredSecret;
use fortnox_core::store::SecretStore;

#[derive(Default)]
pub struct MemoryKeyring(Mutex<HashMap<String, StoredSecret>>);

impl MemoryKeyring {
    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<String, StoredSecret>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl SecretStore for MemoryKeyring {
    fn get(&self, key: &str) -> Result<Option<StoredSecret>, Error> {
        Ok(self.entries().get(key).cloned())
    }
    fn set(&self, key: &str, value: &StoredSecret) -> Result<(), Error> {
        self.entries().insert(key.to_string(), value.clone());
        Ok(())
    }
    fn delete(&self, key: &str) -> Result<(), Error> {
        self.entries().remove(key);
        Ok(())
    }
}
