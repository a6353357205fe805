//! What the shell holds between commands: the data directory, the open store (none while
//! locked), the cancel flag of a running import and printed lists awaiting open/print.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Mutex, MutexGuard};

use inkom::desk::DeskError;
use inkom::store::Store;

use crate::error::AppResult;

/// The app's state, shared by all commands.
#[derive(Debug)]
pub struct AppState {
    /// Where the store lives.
    pub data_dir: PathBuf,
    /// Started with `--demo`.
    pub demo: bool,
    /// The open store; `None` while locked.
    store: Mutex<Option<Store>>,
    /// Set by `cancel_import`, read by the running import.
    pub cancel_import: AtomicBool,
    /// Printed lists by id, until opened or printed.
    pub lists: Mutex<HashMap<String, Vec<u8>>>,
}

impl AppState {
    /// A locked state for `data_dir`.
    pub fn new(data_dir: PathBuf, demo: bool) -> AppState {
        AppState {
            data_dir,
            demo,
            store: Mutex::new(None),
            cancel_import: AtomicBool::new(false),
            lists: Mutex::new(HashMap::new()),
        }
    }

    fn slot(&self) -> MutexGuard<'_, Option<Store>> {
        // A panic inside a command cannot leave the store half-written (every action is one
        // transaction), so a poisoned lock is safe to take over.
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` with the open store, or fails with `locked`.
    pub fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, DeskError>,
    ) -> AppResult<T> {
        let mut slot = self.slot();
        let store = slot.as_mut().ok_or(DeskError::Locked)?;
        Ok(f(store)?)
    }

    /// Opens the store (unlock). Seam for issue 6: with encryption this takes the passphrase
    /// (or the OS key store) and maps `NeedsPassphrase`/`WrongPassphrase`.
    pub fn unlock(&self, _passphrase: Option<&str>) -> AppResult<()> {
        let mut slot = self.slot();
        if slot.is_none() {
            *slot = Some(Store::open(&self.data_dir).map_err(DeskError::from)?);
        }
        Ok(())
    }

    /// Drops the store (and, once issue 6 lands, its key).
    pub fn lock(&self) {
        *self.slot() = None;
        self.lists.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }

    /// Whether a store is open.
    pub fn is_unlocked(&self) -> bool {
        self.slot().is_some()
    }
}
