//! Opening the store for a command and naming who acts. Kept apart because every command but
//! a preview, a storeless suggestion and the unit register's own does it the same way: find the
//! data directory, unlock the store (asking a person at the terminal for the passphrase), say
//! on stderr what opening did.

use std::path::{Path, PathBuf};

use inkom::model::Act;
use inkom::store::{Store, StoreError};
use inkom::{path_text, terminal};

use super::failure::{Failure, invalid};
use super::print::{print_json, say};
use super::secret;

/// The data directory: `--data-dir`, `INKOM_DATA_DIR`, or the user's data directory.
pub(super) fn data_dir(given: Option<PathBuf>) -> Result<PathBuf, Failure> {
    given
        .or_else(|| dirs::data_dir().map(|d| d.join("inkom")))
        .ok_or_else(|| {
            invalid(
                "Hittar ingen datakatalog. Ange --data-dir eller INKOM_DATA_DIR.",
                "no data directory",
            )
        })
}

/// Opens the store. Where it needs a passphrase that `INKOM_PASSPHRASE` does not give and a
/// person is at the terminal, asks for it without echo (twice for a new store) instead of
/// failing; scripts (`--json`, no terminal) get the error.
pub(super) fn open_store(dir: &Path, json: bool) -> Result<Store, Failure> {
    match Store::open(dir) {
        Err(StoreError::NeedsPassphrase) if secret::can_ask(json) => {
            let ask = |prompt: &str| secret::ask(prompt, "Lösenfrasen");
            let new = !dir.join(inkom::store::keys::KEY_FILE).exists();
            let passphrase = ask("Lösenfras för inkom: ")?;
            if new && *ask("Samma lösenfras igen: ")? != *passphrase {
                return Err(invalid(
                    "Lösenfraserna är olika. Ingen databas skapades.",
                    "passphrases differ",
                ));
            }
            Ok(Store::open_with_passphrase(dir, &passphrase)?)
        }
        other => Ok(other?),
    }
}

/// Says once, on stderr, what opening the store did: how a new store's key is kept, that an
/// old unencrypted database was encrypted, that a crash's temp files were removed. Stdout stays
/// the command's own output.
pub(super) fn tell_how_opened(store: &Store) {
    let opened = store.opened();
    if opened.created || opened.encrypted_from_plaintext.is_some() {
        eprintln!("inkom: {}", store.key_source().sv());
    }
    if let Some(backup) = &opened.encrypted_from_plaintext {
        eprintln!(
            "inkom: den okrypterade databasen från en tidigare version är nu krypterad. \
             Den okrypterade filen är överskriven och borttagen; en krypterad säkerhetskopia \
             av den finns i {}.",
            terminal::line(&path_text::display(backup))
        );
    }
    if opened.temp_files_removed > 0 {
        eprintln!(
            "inkom: {} tillfälliga filer från en tidigare körning togs bort.",
            opened.temp_files_removed
        );
    }
}

/// The person acting now: the OS login, with the display name (the `user` setting) beside it.
pub(super) fn act(store: &Store) -> Result<Act, Failure> {
    Ok(inkom::desk::session::act(store.conn())?)
}

/// `inkom change-passphrase`: the current passphrase (INKOM_PASSPHRASE, else asked) opens the
/// store and proves itself; the new one (INKOM_NEW_PASSPHRASE, else asked twice) wraps its key.
/// Never creates a store.
pub(super) fn change_passphrase(dir: Option<PathBuf>, json: bool) -> Result<(), Failure> {
    let dir = data_dir(dir)?;
    if !dir.join(inkom::store::keys::KEY_FILE).exists() {
        return Err(invalid(
            "Det finns ingen krypterad databas här att byta lösenfras för.",
            "no key file",
        ));
    }
    let current = secret::given(
        inkom::store::keys::PASSPHRASE_ENV,
        json,
        "Nuvarande lösenfras: ",
        "Lösenfrasen",
        "Ange den nuvarande lösenfrasen i INKOM_PASSPHRASE.",
    )?;
    let mut store = Store::open_with_passphrase(&dir, &current)?;
    let new = secret::new_twice(
        NEW_PASSPHRASE_ENV,
        json,
        ("Ny lösenfras: ", "Samma nya lösenfras igen: "),
        "Lösenfrasen",
        "Ange den nya lösenfrasen i INKOM_NEW_PASSPHRASE.",
        "De nya lösenfraserna är olika. Lösenfrasen är inte bytt.",
    )?;
    let act = act(&store)?;
    inkom::lifecycle::change_passphrase(&mut store, &current, &new, &act)?;
    if json {
        print_json(&serde_json::json!({ "passphrase_changed": true }))?;
    } else {
        say!("Lösenfrasen är bytt. Lås upp inkom med den nya från och med nu.");
    }
    Ok(())
}

/// Where a script gives the new passphrase to `inkom change-passphrase`.
const NEW_PASSPHRASE_ENV: &str = "INKOM_NEW_PASSPHRASE";
