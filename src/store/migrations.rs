//! Schema migrations, applied in order on open. `PRAGMA user_version` holds how many have run.
//!
//! Never edit a migration that has shipped: add a new one. Each runs in its own transaction.

use rusqlite::Connection;

use super::StoreError;

/// The migrations, in order. Index + 1 is the schema version after it ran.
const MIGRATIONS: &[&str] = &[
    // 1: the first schema (in its own file, so a test can build a database as the first
    // inkom left it).
    include_str!("schema_v1.sql"),
    // 2: the audit trail's head: the last event's id and MAC, itself under the keyed MAC, so
    // that cutting events off the end of the chain is detected (src/audit.rs).
    r#"
    CREATE TABLE audit_head (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        last_id   INTEGER NOT NULL,
        last_hash TEXT NOT NULL,
        mac       TEXT NOT NULL
    ) STRICT;
    "#,
    // 3: classification suggestions (issue 5): the client register the suggestions match
    // senders and names against, and what an e-mail's headers said about the kind of mail.
    r#"
    CREATE TABLE clients (
        personnummer TEXT PRIMARY KEY,                   -- validated, 12-digit YYYYMMDD-NNNC
        name         TEXT NOT NULL,
        phones       TEXT NOT NULL DEFAULT '[]',         -- JSON array, normalised (+46…)
        emails       TEXT NOT NULL DEFAULT '[]',         -- JSON array, lower-case
        updated_at   TEXT NOT NULL
    ) STRICT;
    ALTER TABLE items ADD COLUMN mail_marks TEXT;        -- JSON model::MailMarks, NULL = none
    "#,
];

/// The guards of migration 1 on `audit_events`, recreated after the one-time sealing of an
/// old chain (src/audit.rs) has rewritten its hashes.
pub(crate) const AUDIT_GUARDS: &str = r#"
    CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
    CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
"#;

/// The schema version this build writes.
pub const SCHEMA_VERSION: usize = MIGRATIONS.len();

/// Brings the database up to [`SCHEMA_VERSION`]. Refuses a database written by a newer inkom,
/// rather than guessing at a schema it does not know.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let current: usize = conn
        .query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
        .map(|v| usize::try_from(v).unwrap_or(usize::MAX))?;
    if current > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            found: current,
            supported: SCHEMA_VERSION,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}
