//! The SQLite store: one database file in the data directory holding items, their attachments,
//! registration PDFs, settings and the audit trail. Nothing is kept as loose files.
//!
//! The whole file is encrypted with SQLCipher (AES-256 per page, with a per-page MAC) under a
//! random 256-bit data key; [`keys`] says where that key lives. An unencrypted database from an
//! earlier inkom is encrypted once on open ([`plaintext`]).
//!
//! Durability settings are chosen for "a source may never be deleted before its registration is
//! durably written": WAL with `synchronous = FULL`, so a committed registration survives a power
//! cut; `secure_delete` so purged content is overwritten, not just unlinked from the b-tree.
//!
//! All SQL on this database lives in this module's submodules, each function named after what
//! it does, so a schema change is made and reviewed in one place; the rest of inkom calls them,
//! and the store calls none of the modules that use it back ([`crate::audit`], the lifecycle,
//! the desk).
//! Two places keep their own SQL because it is not this database's: `import::ios` reads the
//! iPhone's own `sms.db`, a foreign file, and [`crate::unit`] talks to the PostgreSQL unit
//! register, its own storage layer (its local outbox rows are this store's: [`outbox`]).

pub(crate) mod audit;
pub(crate) mod clients;
pub(crate) mod fts_text;
pub mod gallringsbeslut;
pub(crate) mod inbox;
pub(crate) mod items;
pub(crate) mod keyed;
pub mod keys;
pub(crate) mod known;
mod migrations;
pub(crate) mod outbox;
mod plaintext;
mod schema_check;
pub(crate) mod search_bulk;
mod settings;
mod sms_identity;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use serde::Serialize;

pub use clients::Upserted;
pub use items::{ItemFilter, RowsChanged};
pub use keys::{DataKey, KeySource};
pub use migrations::SCHEMA_VERSION;
pub use settings::{Setting, Settings};

/// The database file's name inside the data directory.
pub const DB_FILE: &str = "inkom.sqlite3";

/// Errors from the store. Messages name the file or row, never message content.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite refused an operation.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The data directory could not be created or read.
    #[error("cannot use data directory {path}: {source}")]
    DataDir {
        /// The directory.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The database was written by a newer inkom.
    #[error("database schema version {found} is newer than this inkom supports ({supported})")]
    TooNew {
        /// Version found in the file.
        found: usize,
        /// Highest version this build knows.
        supported: usize,
    },
    /// No item with this id.
    #[error("no item with id {0}")]
    NotFound(i64),
    /// A stored value does not parse (the file was edited outside inkom or is damaged).
    #[error("item {id}: stored field {field} is invalid")]
    Corrupt {
        /// The item (or 0 for non-item rows).
        id: i64,
        /// Which column.
        field: &'static str,
    },
    /// Unknown settings key.
    #[error("unknown setting {0:?}")]
    UnknownSetting(String),
    /// The store is passphrase-protected and no passphrase was given.
    #[error("the database needs a passphrase: set INKOM_PASSPHRASE or unlock in the app")]
    NeedsPassphrase,
    /// The passphrase does not unlock the key file.
    #[error("wrong passphrase")]
    WrongPassphrase,
    /// The database is encrypted and its key is not here: no key file, or no entry in this
    /// user's OS credential store (a copy from another machine or account).
    #[error("the database key is not available to this user on this machine")]
    KeyMissing,
    /// The key was found but does not open the database (key file and database do not belong
    /// together).
    #[error("the key does not open this database")]
    WrongKey,
    /// The OS credential store failed or is not there.
    #[error("OS credential store: {0}")]
    OsKeystore(String),
    /// The key file is damaged or of an unknown kind.
    #[error("key file invalid: {0}")]
    BadKeyFile(&'static str),
    /// `INKOM_KEYSTORE` holds something else than os, passphrase or auto.
    #[error("INKOM_KEYSTORE={0:?}: expected os, passphrase or auto")]
    BadKeystoreChoice(String),
    /// A new passphrase is too short.
    #[error("passphrase shorter than {min} characters")]
    PassphraseTooShort {
        /// The minimum length in characters.
        min: usize,
    },
    /// A new passphrase is one of the first an attacker tries.
    #[error("passphrase too easy to guess")]
    PassphraseTrivial,
    /// A passphrase change was asked of a store whose key is in the OS credential store.
    #[error("the store's key is in the OS credential store, not under a passphrase")]
    NotPassphraseProtected,
    /// The new passphrase is the one in use.
    #[error("the new passphrase is the current one")]
    PassphraseUnchanged,
    /// The operating system gave no random bytes.
    #[error("no random bytes from the operating system")]
    Random,
    /// The database file is unencrypted although this data directory already has a key (and
    /// no migration of inkom's own is under way): the file was replaced outside inkom.
    #[error("unencrypted database where an encrypted one belongs (replaced outside inkom)")]
    PlaintextSwapped,
    /// The data directory exists, holds other things and no inkom store: probably a mistyped
    /// `--data-dir`. inkom would make it owner-only and put its files among the others.
    #[error("{0} is not an inkom data directory (it holds other files and no store)")]
    NotInkomDir(PathBuf),
    /// The database holds tables, views, triggers or indexes inkom's migrations do not make.
    #[error("unknown schema objects: {}", .0.join(", "))]
    UnknownSchema(Vec<String>),
}

impl StoreError {
    /// The message for a Swedish user.
    pub fn sv(&self) -> String {
        match self {
            StoreError::Sqlite(e)
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) =>
            {
                "Databasen är upptagen: en annan inkom skriver just nu. Inget ändrades; försök \
                 igen om en stund."
                    .to_string()
            }
            StoreError::Sqlite(_) => {
                "Databasfel. Inget ändrades. Försök igen eller kontakta support.".to_string()
            }
            StoreError::DataDir { path, .. } => {
                format!(
                    "Datakatalogen {} kan inte användas.",
                    crate::path_text::display(path)
                )
            }
            StoreError::TooNew { .. } => {
                "Databasen är skapad av en nyare version av inkom. Uppdatera programmet."
                    .to_string()
            }
            StoreError::NotFound(id) => format!("Det finns inget objekt med id {id}."),
            StoreError::Corrupt { id, field } => {
                format!("Objekt {id}: fältet {field} i databasen är skadat.")
            }
            StoreError::UnknownSetting(k) => format!(
                "Okänd inställning {k:?}. Giltiga: {}.",
                Setting::ALL.map(|s| s.key()).join(", ")
            ),
            StoreError::NeedsPassphrase => "Databasen är krypterad och låses upp med en \
                 lösenfras. Ange den i miljövariabeln INKOM_PASSPHRASE, eller lås upp i appen."
                .to_string(),
            StoreError::WrongPassphrase => "Fel lösenfras. Databasen är inte upplåst.".to_string(),
            StoreError::KeyMissing => "Nyckeln till databasen finns inte här. En databas som \
                 kopierats från en annan dator eller användare kan inte öppnas; använd den på \
                 den dator och med det konto där den skapades."
                .to_string(),
            StoreError::WrongKey => {
                "Nyckeln öppnar inte databasen: nyckelfilen och databasen hör inte ihop."
                    .to_string()
            }
            StoreError::OsKeystore(_) => "Operativsystemets nyckelring svarar inte. Lås upp \
                 den, eller använd en lösenfras (INKOM_KEYSTORE=passphrase)."
                .to_string(),
            StoreError::BadKeyFile(_) => {
                "Nyckelfilen inkom.key är skadad. Databasen kan inte låsas upp.".to_string()
            }
            StoreError::BadKeystoreChoice(v) => {
                format!("INKOM_KEYSTORE={v:?} är okänt. Välj os, passphrase eller auto.")
            }
            StoreError::PassphraseTooShort { min } => {
                format!("Lösenfrasen måste ha minst {min} tecken.")
            }
            StoreError::PassphraseTrivial => "Lösenfrasen är för lätt att gissa: ett vanligt \
                 lösenord, samma tecken eller mönster upprepat, eller bara siffror. Välj flera \
                 ord som inte hör ihop, t.ex. fyra ord med mellanslag."
                .to_string(),
            StoreError::NotPassphraseProtected => "Databasens nyckel finns i operativsystemets \
                 nyckelring; det finns ingen lösenfras att byta."
                .to_string(),
            StoreError::PassphraseUnchanged => {
                "Den nya lösenfrasen är samma som den du har. Välj en annan.".to_string()
            }
            StoreError::Random => {
                "Operativsystemet gav inga slumptal. Ingen nyckel skapades.".to_string()
            }
            StoreError::PlaintextSwapped => "Databasfilen är okrypterad, men datakatalogen har \
                 redan en nyckel: filen har bytts ut utanför inkom. Den öppnas inte och \
                 ingenting ändrades. Återställ databasen från en säkerhetskopia och kontakta \
                 support."
                .to_string(),
            StoreError::NotInkomDir(dir) => format!(
                "{} innehåller andra filer och ingen inkom-databas. inkom använder den inte som \
                 datakatalog (den skulle göras privat och få inkoms filer bland de andra). Ange \
                 en ny eller tom katalog, eller den där inkom redan har sin databas.",
                crate::path_text::display(dir)
            ),
            StoreError::UnknownSchema(objects) => format!(
                "Databasen innehåller något som inkom inte har skapat ({}). Den kan ha ändrats \
                 utanför inkom och öppnas inte; ingenting ändrades. Kontakta support.",
                objects.join(", ")
            ),
        }
    }
}

/// What opening a store did besides opening it, for the user to be told once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Opened {
    /// The store was created now (new data directory).
    pub created: bool,
    /// An unencrypted database from an earlier inkom was encrypted now; the encrypted backup
    /// of it as it was.
    pub encrypted_from_plaintext: Option<PathBuf>,
    /// Files left by a crash in the private temp directory, removed now.
    pub temp_files_removed: usize,
}

/// An open store. One per process; the CLI opens it per command, the app once. Dropping it
/// closes the database and zeroes the key in inkom's memory (the app's idle lock does that).
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    data_dir: PathBuf,
    key: DataKey,
    key_source: KeySource,
    opened: Opened,
}

impl Store {
    /// Opens (creating if needed) the store in `data_dir` and brings its schema up to date.
    ///
    /// The key comes from the OS credential store, else from `INKOM_PASSPHRASE`; a passphrase
    /// store without that variable gives [`StoreError::NeedsPassphrase`] (the app then asks and
    /// calls [`Store::open_with_passphrase`]). See [`keys`] for how a new store chooses.
    pub fn open(data_dir: &Path) -> Result<Store, StoreError> {
        Store::open_inner(data_dir, keys::Offered::Nothing)
    }

    /// Opens the store with a passphrase the user typed; on first run creates the store
    /// protected by it. A store whose key is in the OS credential store opens with that key.
    pub fn open_with_passphrase(data_dir: &Path, passphrase: &str) -> Result<Store, StoreError> {
        Store::open_inner(data_dir, keys::Offered::Passphrase(passphrase))
    }

    fn open_inner(data_dir: &Path, offered: keys::Offered<'_>) -> Result<Store, StoreError> {
        let dir_error = |source| StoreError::DataDir {
            path: data_dir.to_path_buf(),
            source,
        };
        refuse_foreign_dir(data_dir)?;
        std::fs::create_dir_all(data_dir).map_err(dir_error)?;
        crate::private_temp::restrict_dir(data_dir).map_err(dir_error)?;
        let temp_files_removed = crate::private_temp::sweep(data_dir);
        plaintext::remove_leftovers(data_dir);
        let path = data_dir.join(DB_FILE);
        let db = keys::DbFile::inspect(&path)?;
        let had_key_file = data_dir.join(keys::KEY_FILE).exists();
        let (key, key_source) = keys::resolve(data_dir, db, offered)?;
        let encrypted_from_plaintext = match db {
            keys::DbFile::Plaintext => {
                // An encrypted store never turns back into a plaintext one: a plaintext file
                // beside an existing key file is only inkom's own interrupted migration.
                if had_key_file && !plaintext::migration_marked(data_dir, &key) {
                    return Err(StoreError::PlaintextSwapped);
                }
                plaintext::mark_migration(data_dir, &key)?;
                Some(plaintext::encrypt(data_dir, &key)?)
            }
            _ => None,
        };
        let mut conn = connect(&path, &key)?;
        schema_check::verify(&conn)?;
        migrations::migrate(&mut conn)?;
        keyed::rekey_fingerprints(&mut conn)?;
        Ok(Store {
            conn,
            path,
            data_dir: data_dir.to_path_buf(),
            key,
            key_source,
            opened: Opened {
                created: db == keys::DbFile::Missing && !had_key_file,
                encrypted_from_plaintext,
                temp_files_removed,
            },
        })
    }

    /// Where the key came from, so the CLI and the app can say how the data is protected.
    pub fn key_source(&self) -> KeySource {
        self.key_source
    }

    /// What this open did besides opening (created, encrypted an old file, swept temp files).
    pub fn opened(&self) -> &Opened {
        &self.opened
    }

    /// The data directory (for the private temp directory, [`crate::private_temp`]).
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The data key wrapped under `new`, once `current` is proven to unwrap it, ready to be
    /// written ([`crate::lifecycle::change_passphrase`] writes it with its audit event). Only
    /// the key file changes.
    pub(crate) fn rewrap_key(
        &self,
        current: &str,
        new: &str,
    ) -> Result<keys::Rewrapped, StoreError> {
        keys::rewrap(&self.data_dir, &self.key, current, new)
    }

    /// The database file, for messages and tests.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Read-only access for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Starts a write transaction that takes the write lock at once, so two inkom processes can
    /// never interleave a read-check-write sequence.
    pub fn write(&mut self) -> Result<Transaction<'_>, StoreError> {
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    /// Moves the WAL's pages into the main file and truncates the WAL, so that purged content
    /// does not linger in the log. First it rewrites the full-text index into one segment
    /// (FTS5 'optimize'): a deleted row's words otherwise stay in older segments until a merge.
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        self.conn
            .execute("INSERT INTO items_fts (items_fts) VALUES ('optimize')", [])?;
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// SQLite's own consistency check; `Ok(())` when the file is sound.
    pub fn integrity_check(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let problems: Vec<String> = rows
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .filter(|r| r != "ok")
            .collect();
        let mut fk = self.conn.prepare("PRAGMA foreign_key_check")?;
        let fk_problems = fk
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(problems
            .into_iter()
            .chain(
                fk_problems
                    .into_iter()
                    .map(|t| format!("foreign key in {t}")),
            )
            .collect())
    }
}

/// Refuses an existing directory that holds other things and no inkom store, before inkom
/// changes its permissions or writes into it. New, empty and inkom's own directories pass.
fn refuse_foreign_dir(data_dir: &Path) -> Result<(), StoreError> {
    let Ok(entries) = std::fs::read_dir(data_dir) else {
        return Ok(());
    };
    if data_dir.join(DB_FILE).exists() || data_dir.join(keys::KEY_FILE).exists() {
        return Ok(());
    }
    let foreign = entries.flatten().any(|e| {
        let name = e.file_name();
        let name = name.to_string_lossy();
        !(name.starts_with("inkom.") || name == crate::private_temp::DIR)
    });
    if foreign {
        Err(StoreError::NotInkomDir(data_dir.to_path_buf()))
    } else {
        Ok(())
    }
}

/// The page cache, in KiB as SQLite's negative `cache_size` counts it (64 MiB).
const CACHE_KIB: i64 = -65_536;

/// Opens the database file with the data key: SQLCipher's key first (nothing can be read
/// before it), then a read to prove the key is right, then inkom's pragmas and the audit
/// trail's keyed MAC function.
pub(crate) fn connect(path: &Path, key: &DataKey) -> Result<Connection, StoreError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    apply_key(&conn, key)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "secure_delete", "ON")?;
    // Every page read from the file is decrypted and its HMAC checked; a larger page cache
    // keeps the inbox's indexes decrypted in memory between queries (measured in
    // bench/desk.sh). The pages are in this process's memory while unlocked either way.
    conn.pragma_update(None, "cache_size", CACHE_KIB)?;
    audit::install_mac(&conn, key)?;
    keyed::install_functions(&conn, key)?;
    fts_text::install(&conn)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
    }
    Ok(conn)
}

/// Puts a one-argument text function on a connection: NULL gives NULL, anything else is read
/// as UTF-8 text and `f` gives the result (an error of `f` fails the statement).
pub(crate) fn text_function<F>(
    conn: &Connection,
    name: &'static str,
    flags: rusqlite::functions::FunctionFlags,
    f: F,
) -> Result<(), StoreError>
where
    F: Fn(&str) -> Result<String, rusqlite::Error> + Send + 'static,
{
    conn.create_scalar_function(name, 1, flags, move |ctx| {
        let raw = ctx.get_raw(0);
        if raw == rusqlite::types::ValueRef::Null {
            return Ok(None);
        }
        let text = raw
            .as_str()
            .map_err(|e| rusqlite::Error::UserFunctionError(Box::new(e)))?;
        f(text).map(Some)
    })?;
    Ok(())
}

/// Puts the functions the search index's triggers call (src/store/fts_text.rs) on a connection
/// that did not come from [`Store`]: a tool or a test that writes items over its own
/// connection. Without them such a write fails ("no such function"); it never indexes wrongly.
pub fn install_search_functions(conn: &Connection) -> Result<(), StoreError> {
    fts_text::install(conn)
}

/// SQLCipher's page size for a new store: 16 KiB. Every page is encrypted, authenticated and
/// written to the WAL and again at the checkpoint one by one, so four times fewer pages make
/// storing faster (100,000 SMS by conversation 0.88 -> 0.80 s, one per item 2.3 -> 2.1 s,
/// the store 9 % smaller) and the inbox's queries no slower (bench/desk.sh: opening with the
/// first page, scans and the FTS optimize faster; 8 KiB gained little, 32 KiB no more).
pub const PAGE_SIZE: u32 = 16_384;

/// The page size of every store made before 16 KiB pages (2026-12-05, SQLCipher 4's default).
/// Such a store is opened as it is; its pages are never rewritten for the new size.
const LEGACY_PAGE_SIZE: u32 = 4_096;

/// Gives a connection SQLCipher's key and checks that it opens the file: a wrong key shows up
/// here as [`StoreError::WrongKey`], not later as "file is not a database". Public for tests
/// and tools that open the file themselves.
///
/// The file itself says nothing readable about its page size (all but the salt is encrypted),
/// so the new size is tried first and then the old one: a page 1 whose MAC fails at one size
/// is the other size, or the wrong key when neither passes. Nothing is written until one
/// passes, and a store's committed transactions still in its WAL are read either way (the WAL
/// header carries its own page size). An empty file takes the new size.
pub fn apply_key(conn: &Connection, key: &DataKey) -> Result<(), StoreError> {
    conn.pragma_update(None, "key", key.sqlcipher_key().as_str())?;
    quiet(conn);
    for page_size in [PAGE_SIZE, LEGACY_PAGE_SIZE] {
        conn.pragma_update(None, "cipher_page_size", page_size)?;
        match conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
            r.get::<_, i64>(0)
        }) {
            Ok(_) => return Ok(()),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::NotADatabase =>
            {
                continue;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(StoreError::WrongKey)
}

/// Stops SQLCipher from logging to stderr: a wrong key would otherwise print page numbers and
/// codec errors in the middle of the CLI's output (the error itself is reported as
/// [`StoreError::WrongKey`]). The setting is process-wide, and must come after SQLCipher's
/// first activation (the first key), which would otherwise set its default (stderr) again.
pub(crate) fn quiet(conn: &Connection) {
    let _ = conn.execute_batch("PRAGMA cipher_log = off; PRAGMA cipher_log_level = NONE;");
}
