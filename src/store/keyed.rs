//! Keyed hashes for what must stay comparable after the content is gone (issue 13, rule 9).
//!
//! A plain SHA-256 of a message, or of a file path, lets anyone who can read the store confirm a
//! guess: hash the message you suspect arrived, or the path `C:\Users\…\Amira Haddad.xml`, and
//! look for it. What outlives a purge is therefore keyed: HMAC-SHA256 under a subkey of the data
//! key ([`super::DataKey::derive`]), one subkey per purpose. Without the key the values say
//! nothing; with it inkom can still recognise a message imported again (duplicate detection) and
//! tell whether a deleted source file was the one an item came from.
//!
//! The functions are SQL functions on every connection the store opens, as the audit MAC is
//! ([`super::audit::install_mac`]): the key stays in their closures, and the SQL that purges an
//! item or looks up a fingerprint needs no key passed around.
//!
//! * `inkom_fingerprint(plain)`: a message's keyed fingerprint, `k1:` + hex HMAC of the plain
//!   fingerprint ([`crate::model::NewItem::fingerprint`]). Keying the plain value (rather than
//!   the fields again) makes the value computed at import, the one computed from a stored plain
//!   fingerprint by [`rekey_fingerprints`], and the one a later import compares with, the same.
//! * `inkom_path_key(path)`: the keyed hash of a source path, kept after purge instead of the
//!   path (which can hold a name). NULL stays NULL.

use hmac::{Hmac, Mac};
use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, OptionalExtension};
use sha2::Sha256;

use super::{DataKey, StoreError};

/// The SQL function giving a message's keyed fingerprint.
pub(crate) const FINGERPRINT_FN: &str = "inkom_fingerprint";
/// The SQL function giving a source path's keyed hash.
pub(crate) const PATH_KEY_FN: &str = "inkom_path_key";
/// What every keyed fingerprint starts with; a plain (hex) fingerprint never does, which is how
/// [`rekey_fingerprints`] finds the ones an earlier inkom stored.
pub(crate) const FINGERPRINT_PREFIX: &str = "k1:";

fn install(
    conn: &Connection,
    name: &'static str,
    key: zeroize::Zeroizing<[u8; 32]>,
    prefix: &'static str,
) -> Result<(), StoreError> {
    super::text_function(
        conn,
        name,
        FunctionFlags::SQLITE_UTF8
            | FunctionFlags::SQLITE_DETERMINISTIC
            | FunctionFlags::SQLITE_DIRECTONLY,
        move |text| {
            let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key.as_ref())
                .map_err(|e| rusqlite::Error::UserFunctionError(Box::new(e)))?;
            mac.update(text.as_bytes());
            Ok(format!(
                "{prefix}{}",
                crate::model::hex_lower(&mac.finalize().into_bytes())
            ))
        },
    )
}

/// Puts the keyed hash functions on a connection of the store.
pub(crate) fn install_functions(conn: &Connection, key: &DataKey) -> Result<(), StoreError> {
    install(
        conn,
        FINGERPRINT_FN,
        key.derive("inkom message fingerprint v1"),
        FINGERPRINT_PREFIX,
    )?;
    install(conn, PATH_KEY_FN, key.derive("inkom source path v1"), "")?;
    Ok(())
}

/// The keyed hash of a path.
pub(crate) fn path_key(conn: &Connection, path: &str) -> Result<String, StoreError> {
    let sql = format!("SELECT {PATH_KEY_FN}(?1)");
    Ok(conn.prepare_cached(&sql)?.query_row([path], |r| r.get(0))?)
}

/// Replaces the plain fingerprints an earlier inkom stored by keyed ones, once, at open. Every
/// item is covered, purged or not: the keyed value is the HMAC of the plain one, exactly what
/// an import computes, so a purged message imported again is still recognised as a duplicate.
/// The check whether anything is left to do is one index lookup: hex digits sort before `k`.
pub(crate) fn rekey_fingerprints(conn: &mut Connection) -> Result<usize, StoreError> {
    let plain_left = conn
        .query_row(
            "SELECT 1 FROM items WHERE fingerprint < 'k' LIMIT 1",
            [],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if !plain_left {
        return Ok(0);
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let sql = format!(
        "UPDATE items SET fingerprint = {FINGERPRINT_FN}(fingerprint) WHERE fingerprint < 'k'"
    );
    let changed = tx.execute(&sql, [])?;
    tx.commit()?;
    // The pages with the plain values are still in the main file until a checkpoint copies
    // the new ones over them (secure_delete overwrites what the b-tree frees).
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(changed)
}
