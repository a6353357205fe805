//! What the shell holds between commands: the data directory, the open store (none while
//! locked), the cancel flag of a running import and printed lists awaiting open/print.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

use inkom::desk::DeskError;
use inkom::store::keys::KeySource;
use inkom::store::{Store, StoreError};

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
    /// The lock screen must ask for the passphrase: the last open needed one, or the store
    /// that was locked had been opened with one.
    needs_passphrase: AtomicBool,
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
            needs_passphrase: AtomicBool::new(false),
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

    /// Opens the store (unlock): with the passphrase typed on the lock screen, else with the
    /// OS key store (or `INKOM_PASSPHRASE`). A store that needs a passphrase none was given for
    /// stays locked, and the lock screen then asks for it. The demo's store is protected by
    /// [`inkom::desk::demo::DEMO_PASSPHRASE`] and is filled the first time it is opened.
    pub fn unlock(&self, passphrase: Option<&str>) -> AppResult<()> {
        let mut slot = self.slot();
        if slot.is_some() {
            return Ok(());
        }
        let given = passphrase
            .filter(|p| !p.is_empty())
            .or(self.demo.then_some(inkom::desk::demo::DEMO_PASSPHRASE));
        let opened = match given {
            Some(p) => Store::open_with_passphrase(&self.data_dir, p),
            None => Store::open(&self.data_dir),
        };
        let mut store = match opened {
            Ok(store) => store,
            Err(e) => {
                if matches!(e, StoreError::NeedsPassphrase | StoreError::WrongPassphrase) {
                    self.needs_passphrase.store(true, Ordering::Relaxed);
                }
                return Err(DeskError::from(e).into());
            }
        };
        if self.demo {
            inkom::desk::demo::fill_if_empty(&mut store)?;
        }
        self.needs_passphrase.store(
            !self.demo && store.key_source() == KeySource::Passphrase,
            Ordering::Relaxed,
        );
        *slot = Some(store);
        Ok(())
    }

    /// Drops the store, and with it the key.
    pub fn lock(&self) {
        *self.slot() = None;
        self.lists.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }

    /// Whether the lock screen must ask for a passphrase.
    pub fn needs_passphrase(&self) -> bool {
        self.needs_passphrase.load(Ordering::Relaxed)
    }

    /// Whether a store is open.
    pub fn is_unlocked(&self) -> bool {
        self.slot().is_some()
    }
}
