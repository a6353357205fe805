//! The check at every open that the database holds only what inkom's own migrations create.
//!
//! Whoever can write the database (with the key, or by swapping in a file of their making) can
//! plant a trigger that copies content aside before a purge, or a view that changes what a
//! query sees. inkom therefore builds the schema its migrations produce, fresh in an in-memory
//! database, and compares the file's `sqlite_schema` with it: a table, index, view or trigger
//! that is not there, or whose SQL differs, is refused before any inkom statement runs.
//!
//! The expected schema comes from [`super::migrations::MIGRATIONS`] itself, so a migration
//! appended later is expected as soon as it has run. Objects the expected schema has and the
//! file lacks (a dropped append-only trigger) are not refused here: they change no content,
//! and `audit verify` must still be able to run and name the events edited without them.

use std::collections::BTreeSet;

use rusqlite::Connection;

use super::{StoreError, migrations};

/// Tables SQLite itself creates on use (AUTOINCREMENT, ANALYZE); not part of any migration.
const SQLITE_OWN: &[&str] = &["sqlite_sequence", "sqlite_stat1", "sqlite_stat4"];

/// One schema object as compared: type, name, table, SQL with whitespace runs collapsed.
type Object = (String, String, String, Option<String>);

/// Refuses a database whose schema has objects inkom's migrations do not make. Call it after
/// the key is applied and before migrating; a version newer than this build is left to
/// [`migrations::migrate`] to refuse.
pub(crate) fn verify(conn: &Connection) -> Result<(), StoreError> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let Ok(version) = usize::try_from(version) else {
        return Ok(());
    };
    if version > migrations::SCHEMA_VERSION {
        return Ok(());
    }
    let expected = expected(version)?;
    let found = objects(conn)?;
    let unknown: Vec<String> = found
        .difference(&expected)
        .map(|(kind, name, _, _)| format!("{kind} {name}"))
        .collect();
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(StoreError::UnknownSchema(unknown))
    }
}

/// The schema after the first `version` migrations, built in memory.
fn expected(version: usize) -> Result<BTreeSet<Object>, StoreError> {
    let mut conn = Connection::open_in_memory()?;
    // Migration 23 indexes rows again, with the functions the index's view calls.
    super::fts_text::install(&conn)?;
    migrations::migrate_to(&mut conn, version)?;
    objects(&conn)
}

fn objects(conn: &Connection) -> Result<BTreeSet<Object>, StoreError> {
    let mut stmt = conn.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
        ))
    })?;
    let mut out = BTreeSet::new();
    for row in rows {
        let (kind, name, table, sql) = row?;
        if kind == "table" && SQLITE_OWN.contains(&name.as_str()) {
            continue;
        }
        let sql = sql.map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "));
        out.insert((kind, name, table, sql));
    }
    Ok(out)
}
