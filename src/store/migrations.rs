//! Schema migrations, applied in order on open. `PRAGMA user_version` holds how many have run.
//!
//! Never edit a migration that has shipped: add a new one. Each runs in its own transaction.

use rusqlite::Connection;

use super::StoreError;

/// The migrations, in order. Index + 1 is the schema version after it ran.
const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    r#"
    CREATE TABLE items (
        id                   INTEGER PRIMARY KEY,
        fingerprint          TEXT NOT NULL UNIQUE,
        state                TEXT NOT NULL CHECK (state IN ('imported','classified','registered',
                                 'printed','source_deleted','purged','culled')),
        channel              TEXT NOT NULL CHECK (channel IN ('sms','email','screenshot')),
        direction            TEXT NOT NULL CHECK (direction IN ('in','out')),
        sender               TEXT,
        recipients           TEXT NOT NULL,              -- JSON array
        cc                   TEXT NOT NULL DEFAULT '[]', -- JSON array (e-mail Cc)
        page_address         TEXT,                       -- screenshot of a web page
        received_at          TEXT NOT NULL,              -- RFC 3339 with the source's offset
        received_at_utc      TEXT NOT NULL,              -- RFC 3339 UTC, for ordering
        subject              TEXT,
        body                 TEXT,
        body_html            TEXT,                       -- sanitised HTML of an HTML e-mail
        parts                TEXT,                       -- JSON, model::Part list of a thread
        source_path          TEXT,
        source_locator       TEXT NOT NULL,
        source_sha256        TEXT NOT NULL,
        imported_at          TEXT NOT NULL,
        imported_by          TEXT NOT NULL,
        class                TEXT CHECK (class IN ('personakt','diarium','ringa')),
        classification       TEXT,                       -- JSON, see model::Classification
        classified_at        TEXT,
        classified_by        TEXT,
        printed_at           TEXT,
        printed_by           TEXT,
        source_deleted_at    TEXT,
        source_deleted_by    TEXT,
        source_deleted_where TEXT,
        purged_at            TEXT,
        purged_by            TEXT,
        culled_at            TEXT,
        culled_by            TEXT,
        cull_decision        TEXT
    ) STRICT;
    CREATE INDEX items_by_received ON items (received_at_utc);
    CREATE INDEX items_by_state ON items (state, class);
    CREATE INDEX items_by_source ON items (source_sha256);

    CREATE TABLE attachments (
        id        INTEGER PRIMARY KEY,
        item_id   INTEGER NOT NULL REFERENCES items (id),
        position  INTEGER NOT NULL,
        name      TEXT NOT NULL,
        mime      TEXT NOT NULL,
        size      INTEGER NOT NULL,
        sha256    TEXT NOT NULL,
        bytes     BLOB,                                  -- NULL once purged or culled
        UNIQUE (item_id, position)
    ) STRICT;

    CREATE TABLE registrations (
        item_id       INTEGER PRIMARY KEY REFERENCES items (id),
        designation   TEXT NOT NULL UNIQUE,
        registered_at TEXT NOT NULL,
        registered_by TEXT NOT NULL,
        pdf           BLOB,                              -- NULL once purged
        pdf_sha256    TEXT NOT NULL,
        pdf_size      INTEGER NOT NULL,
        diarienummer  TEXT UNIQUE                        -- e.g. 'SN 2026/0042', diarium only
    ) STRICT;

    -- The unit's diary-number series: the last number handed out per prefix and year.
    CREATE TABLE diary_series (
        prefix      TEXT NOT NULL,
        year        INTEGER NOT NULL,
        last_number INTEGER NOT NULL,
        PRIMARY KEY (prefix, year)
    ) STRICT;

    CREATE TABLE audit_events (
        id        INTEGER PRIMARY KEY,
        at        TEXT NOT NULL,
        user      TEXT NOT NULL,
        item_id   INTEGER REFERENCES items (id),
        action    TEXT NOT NULL,
        details   TEXT NOT NULL,                         -- JSON, never message content
        prev_hash TEXT NOT NULL,
        hash      TEXT NOT NULL
    ) STRICT;
    CREATE INDEX audit_by_item ON audit_events (item_id);
    CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
    CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;

    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT;
    "#,
    // Full-text search for the app's inbox (src/desk/search.rs explains the query side).
    // Contentless (no second copy of any text) with contentless_delete, so a purged or culled
    // item's row can be deleted; Store::checkpoint then runs 'optimize' so that no old segment
    // keeps its words. `exact` holds the text as written (å, ä, ö are letters of their own);
    // `folded` holds it with å/ä→a, ö→o (and æ ø é è ü) only when that differs, for words typed
    // without diacritics. Triggers keep it in step with every write, whoever writes.
    r#"
    CREATE VIRTUAL TABLE items_fts USING fts5 (
        exact, folded,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 0'
    );
    CREATE VIEW items_fts_source AS
        SELECT id, exact, CASE WHEN folded <> exact THEN folded ELSE '' END AS folded
        FROM (SELECT id, exact,
            replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(exact
                , 'å', 'a')
                , 'Å', 'a')
                , 'ä', 'a')
                , 'Ä', 'a')
                , 'ö', 'o')
                , 'Ö', 'o')
                , 'æ', 'a')
                , 'Æ', 'a')
                , 'ø', 'o')
                , 'Ø', 'o')
                , 'é', 'e')
                , 'É', 'e')
                , 'è', 'e')
                , 'È', 'e')
                , 'ü', 'u')
                , 'Ü', 'u') AS folded
        FROM (SELECT id,
            concat_ws(' ', sender,
                CASE WHEN sender LIKE '+46%' THEN '0' || substr(sender, 4) END,
                recipients, cc, subject, body, page_address,
                json_extract(classification, '$.client_name'),
                json_extract(classification, '$.description'),
                json_extract(classification, '$.note')) AS exact
            FROM items WHERE state NOT IN ('purged', 'culled')));
    INSERT INTO items_fts (rowid, exact, folded) SELECT id, exact, folded FROM items_fts_source;
    CREATE TRIGGER items_fts_after_insert AFTER INSERT ON items BEGIN
        INSERT INTO items_fts (rowid, exact, folded)
            SELECT id, exact, folded FROM items_fts_source WHERE id = new.id;
    END;
    CREATE TRIGGER items_fts_after_update
        AFTER UPDATE OF sender, recipients, cc, subject, body, page_address, classification, state
        ON items BEGIN
        DELETE FROM items_fts WHERE rowid = old.id;
        INSERT INTO items_fts (rowid, exact, folded)
            SELECT id, exact, folded FROM items_fts_source WHERE id = new.id;
    END;
    CREATE TRIGGER items_fts_after_delete AFTER DELETE ON items BEGIN
        DELETE FROM items_fts WHERE rowid = old.id;
    END;
    -- The inbox filtered by state, newest first, without sorting the whole table.
    CREATE INDEX items_by_state_received ON items (state, received_at_utc);
    "#,
];

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
