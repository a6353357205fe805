//! The SQLite store: one database file in the data directory holding items, their attachments,
//! registration PDFs, settings and the audit trail. Nothing is kept as loose files.
//!
//! Durability settings are chosen for "a source may never be deleted before its registration is
//! durably written": WAL with `synchronous = FULL`, so a committed registration survives a power
//! cut; `secure_delete` so purged content is overwritten, not just unlinked from the b-tree.

pub(crate) mod items;
mod migrations;
mod settings;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

pub use items::{ItemFilter, RowsChanged};
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
}

impl StoreError {
    /// The message for a Swedish user.
    pub fn sv(&self) -> String {
        match self {
            StoreError::Sqlite(_) => {
                "Databasfel. Inget ändrades. Försök igen eller kontakta support.".to_string()
            }
            StoreError::DataDir { path, .. } => {
                format!("Datakatalogen {} kan inte användas.", path.display())
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
        }
    }
}

/// An open store. One per process; the CLI opens it per command, the app once.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the store in `data_dir` and brings its schema up to date.
    pub fn open(data_dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|source| StoreError::DataDir {
            path: data_dir.to_path_buf(),
            source,
        })?;
        let path = data_dir.join(DB_FILE);
        let mut conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "secure_delete", "ON")?;
        migrations::migrate(&mut conn)?;
        Ok(Store { conn, path })
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
