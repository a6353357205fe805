//! What the shell holds between commands: the data directory, the open store (none while
//! locked), the cancel flag of a running import, the idle clock and printed lists awaiting
//! open/print.
//!
//! Locking never waits for a running command: it marks the state locked at once (every later
//! command is refused), cancels a running import, and drops the store as soon as the command
//! holding it returns. So the idle lock engages during a long import too.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

use inkom::desk::DeskError;
use inkom::desk::idle::IdleClock;
use inkom::lists::ListKind;
use inkom::store::keys::KeySource;
use inkom::store::{Store, StoreError};

use crate::error::{AppError, AppResult};

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
    /// Printed lists by id (which list, its PDF), until opened or printed.
    pub lists: Mutex<HashMap<String, (ListKind, Vec<u8>)>>,
    /// PDFs fetched from the unit register (a registration sheet, the unit's diarielista) by
    /// id, until opened or printed; dropped at lock like the lists (issue 16).
    pub unit_pdfs: Mutex<HashMap<String, Vec<u8>>>,
    /// The lock screen must ask for the passphrase: the last open needed one, or the store
    /// that was locked had been opened with one.
    needs_passphrase: AtomicBool,
    /// A store is open and no lock has been asked for since. Read without waiting for the
    /// store, so the lock state is known while an import holds it.
    open: AtomicBool,
    /// When the last command came; the watchdog locks when it has been too long.
    pub idle: IdleClock,
    /// Paths the user chose in this session (the native file dialog, or a drop on the
    /// window): the only ones a command reads. A script in the webview cannot name others.
    /// Kept as the OS gave them, so a name that is not UTF-8 is read exactly (issue 17, item 7).
    granted: Mutex<HashSet<PathBuf>>,
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
            unit_pdfs: Mutex::new(HashMap::new()),
            needs_passphrase: AtomicBool::new(false),
            open: AtomicBool::new(false),
            idle: IdleClock::default(),
            granted: Mutex::new(HashSet::new()),
        }
    }

    fn slot(&self) -> MutexGuard<'_, Option<Store>> {
        // A panic inside a command cannot leave the store half-written (every action is one
        // transaction), so a poisoned lock is safe to take over.
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` with the open store, or fails with `locked`. The work runs off the async
    /// runtime's worker (it blocks on SQLite and disk), and counts as activity for the idle
    /// lock. A lock asked for while `f` ran drops the store as soon as `f` returns.
    pub fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, DeskError>,
    ) -> AppResult<T> {
        if !self.open.load(Ordering::SeqCst) {
            return Err(DeskError::Locked.into());
        }
        self.idle.touch();
        blocking(|| {
            let mut slot = self.slot();
            if !self.open.load(Ordering::SeqCst) {
                // Locked while this command waited for the store.
                *slot = None;
                return Err(DeskError::Locked.into());
            }
            let store = slot.as_mut().ok_or(DeskError::Locked)?;
            let result = f(store);
            if !self.open.load(Ordering::SeqCst) {
                // Locked while `f` ran (an import cancelled by the idle lock): drop the key now.
                *slot = None;
            }
            Ok(result?)
        })
    }

    /// Opens the store (unlock): with the passphrase typed on the lock screen, else with the
    /// OS key store (or `INKOM_PASSPHRASE`). A store that needs a passphrase none was given for
    /// stays locked, and the lock screen then asks for it. The demo's store is protected by
    /// [`inkom::desk::demo::DEMO_PASSPHRASE`] and is filled the first time it is opened.
    pub fn unlock(&self, passphrase: Option<&str>) -> AppResult<()> {
        blocking(|| self.unlock_now(passphrase))
    }

    fn unlock_now(&self, passphrase: Option<&str>) -> AppResult<()> {
        let mut slot = self.slot();
        if slot.is_some() && self.open.load(Ordering::SeqCst) {
            return Ok(());
        }
        // A store left behind by a lock that came during a command goes first.
        *slot = None;
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
        let minutes = inkom::desk::session::unlocked(&store, self.demo)
            .map(|s| s.idle_lock_minutes)
            .unwrap_or(inkom::desk::session::DEFAULT_IDLE_LOCK_MINUTES);
        self.idle.set_minutes(minutes);
        self.idle.touch();
        *slot = Some(store);
        self.open.store(true, Ordering::SeqCst);
        Ok(())
    }

    /// Locks: no command is let through from now on, a running import is cancelled (its
    /// current file rolls back), and the store — with the key — is dropped now, or by the
    /// command holding it as soon as that returns. Never waits for that command.
    pub fn lock(&self) {
        self.open.store(false, Ordering::SeqCst);
        self.cancel_import.store(true, Ordering::SeqCst);
        match self.store.try_lock() {
            Ok(mut slot) => *slot = None,
            Err(std::sync::TryLockError::Poisoned(p)) => *p.into_inner() = None,
            // A command holds the store; it drops it when it returns (see `with_store`).
            Err(std::sync::TryLockError::WouldBlock) => {}
        }
        self.lists.lock().unwrap_or_else(|p| p.into_inner()).clear();
        self.unit_pdfs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }

    /// Locks if no command (or heartbeat) came for longer than the idle clock allows at `now`;
    /// true if it locked. Called by the watchdog thread, whatever the window does.
    pub fn lock_if_idle(&self, now: std::time::Instant) -> bool {
        if self.is_unlocked() && self.idle.expired(now) {
            tracing::info!("idle lock: no command within the set time");
            self.lock();
            return true;
        }
        false
    }

    /// Whether the lock screen must ask for a passphrase.
    pub fn needs_passphrase(&self) -> bool {
        self.needs_passphrase.load(Ordering::Relaxed)
    }

    /// Records paths the user chose (file dialog) or dropped on the window in this session,
    /// and gives the window their handles: each path's lossless text
    /// ([`inkom::path_text`]), the path itself unless it is not valid Unicode. The window
    /// names a path to a command by its handle.
    pub fn grant(&self, paths: impl IntoIterator<Item = PathBuf>) -> Vec<String> {
        let paths: Vec<PathBuf> = paths.into_iter().collect();
        let handles = paths.iter().map(|p| inkom::path_text::to_text(p)).collect();
        self.granted
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend(paths);
        handles
    }

    /// The paths of the handles given, if every one was chosen or dropped by the user in this
    /// session; otherwise the command is refused and nothing is read.
    pub fn granted_paths(&self, paths: &[String]) -> AppResult<Vec<PathBuf>> {
        let granted = self.granted.lock().unwrap_or_else(|p| p.into_inner());
        let paths: Vec<PathBuf> = paths
            .iter()
            .map(|p| inkom::path_text::from_text(p))
            .collect();
        if let Some(other) = paths.iter().find(|p| !granted.contains(*p)) {
            tracing::warn!(
                "refused a path the user did not choose ({} chars)",
                other.as_os_str().len()
            );
            return Err(AppError::new(
                "path_not_chosen",
                "inkom läser bara filer som du själv har valt. Välj filen med \"Välj filer\" \
                 eller dra den till fönstret.",
            ));
        }
        Ok(paths)
    }

    /// Whether a store is open (and no lock asked for). Never waits for a running command.
    pub fn is_unlocked(&self) -> bool {
        self.open.load(Ordering::SeqCst)
    }
}

/// Runs blocking work (SQLite, disk, key derivation) without starving the async runtime the
/// commands are called on: on a runtime worker the runtime first moves its other tasks away;
/// outside a runtime (tests, start-up) it simply runs.
pub(crate) fn blocking<T>(f: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current() {
        Ok(handle) if handle.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(f)
        }
        _ => f(),
    }
}
