//! The one-time move of an unencrypted database (inkom before encryption) into an encrypted
//! one.
//!
//! Steps, each safe to interrupt:
//! 1. the plaintext file's WAL is checkpointed and SQLCipher's `sqlcipher_export` copies every
//!    table into a new encrypted file `inkom.sqlite3.encrypting`;
//! 2. that file is copied to the backup `inkom.sqlite3.before-encryption` (encrypted with the same
//!    key: a plaintext backup would keep exactly what this step removes);
//! 3. the new file gets the current schema and its audit chain is sealed with the keyed MAC
//!    (an `audit_keyed` event records the old chain's head and whether it was intact);
//! 4. the plaintext file is renamed aside, the encrypted one takes its name, and the plaintext
//!    (with any WAL or journal) is overwritten with zeros and removed.
//!
//! A crash before step 4 leaves the plaintext database in place and the key file written, so
//! the next open starts again with the same key; a crash during step 4 leaves a `.plaintext`
//! file that [`remove_leftovers`] shreds at the next open.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::keys::DataKey;
use super::{DB_FILE, StoreError, connect, migrations};
use crate::private_temp::{shred, sync_dir};

const ENCRYPTING: &str = "inkom.sqlite3.encrypting";
/// Left while a migration is under way, so that its restart after a crash is told apart from
/// a plaintext file swapped in later (see [`migration_marked`]).
const MARKER: &str = "inkom.sqlite3.encrypting-marker";
const PLAINTEXT_ASIDE: &str = "inkom.sqlite3.plaintext";
/// The backup of a migrated database as it was, encrypted with the store's key.
pub const BACKUP: &str = "inkom.sqlite3.before-encryption";

/// Shreds what an interrupted migration left: the renamed plaintext file and a half-written
/// encrypted copy.
pub(crate) fn remove_leftovers(data_dir: &Path) {
    for name in [PLAINTEXT_ASIDE, ENCRYPTING] {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let p = data_dir.join(format!("{name}{suffix}"));
            if p.exists() {
                shred(&p);
            }
        }
    }
}

/// What the marker holds: a value only the data key gives (an HKDF subkey of its own purpose),
/// so a marker cannot be written by someone who can only write the data directory.
fn marker_value(key: &DataKey) -> String {
    hex::encode(key.derive("inkom plaintext migration marker v1").as_ref())
}

/// Records, before the first step, that this store's own migration is under way.
pub(crate) fn mark_migration(data_dir: &Path, key: &DataKey) -> Result<(), StoreError> {
    let path = data_dir.join(MARKER);
    crate::private_temp::write_private(&path, marker_value(key).as_bytes())
        .map_err(|source| StoreError::DataDir { path, source })?;
    sync_dir(data_dir);
    Ok(())
}

/// Whether a migration of this store (under this key) was started and not finished.
pub(crate) fn migration_marked(data_dir: &Path, key: &DataKey) -> bool {
    std::fs::read(data_dir.join(MARKER))
        .is_ok_and(|m| m.len() == 64 && m == marker_value(key).as_bytes())
}

/// Encrypts the plaintext database in `data_dir` under `key`. Returns the backup's path.
pub(crate) fn encrypt(data_dir: &Path, key: &DataKey) -> Result<PathBuf, StoreError> {
    let db = data_dir.join(DB_FILE);
    let encrypting = data_dir.join(ENCRYPTING);
    let backup = data_dir.join(BACKUP);
    remove_leftovers(data_dir);
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| StoreError::DataDir { path, source }
    };

    // 1. Export into a new encrypted file.
    {
        let plain = Connection::open(&db)?;
        plain.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        let version: i64 = plain.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let target = encrypting.to_string_lossy().into_owned();
        plain.execute(
            "ATTACH DATABASE ?1 AS encrypted KEY ?2",
            rusqlite::params![target, key.sqlcipher_key().as_str()],
        )?;
        super::quiet(&plain);
        // The encrypted copy is a new store: new stores' page size (super::PAGE_SIZE).
        plain.execute_batch(&format!(
            "PRAGMA encrypted.cipher_page_size = {}",
            super::PAGE_SIZE
        ))?;
        plain.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
        plain.execute_batch(&format!("PRAGMA encrypted.user_version = {version}"))?;
        plain.execute_batch("DETACH DATABASE encrypted")?;
    }
    for suffix in ["-wal", "-shm", "-journal"] {
        let p = data_dir.join(format!("{DB_FILE}{suffix}"));
        if p.exists() {
            shred(&p);
        }
    }

    // 2. The backup, encrypted.
    let exported = std::fs::read(&encrypting).map_err(io(&encrypting))?;
    crate::private_temp::write_private(&backup, &exported).map_err(io(&backup))?;
    drop(exported);

    // 3. Current schema and a keyed audit chain.
    {
        let mut conn = connect(&encrypting, key)?;
        super::schema_check::verify(&conn)?;
        migrations::migrate(&mut conn)?;
        super::audit::seal_legacy_chain(&mut conn)?;
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    }

    // 4. Swap and shred.
    let aside = data_dir.join(PLAINTEXT_ASIDE);
    std::fs::rename(&db, &aside).map_err(io(&db))?;
    std::fs::rename(&encrypting, &db).map_err(io(&db))?;
    sync_dir(data_dir);
    shred(&aside);
    let _ = std::fs::remove_file(data_dir.join(MARKER));
    sync_dir(data_dir);
    tracing::info!(
        "unencrypted database encrypted; backup at {}",
        backup.display()
    );
    Ok(backup)
}
