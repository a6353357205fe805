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
    // 4: full-text search for the app's inbox (src/desk/search.rs explains the query side).
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
    // 5 (issue 13): the guard rails before deletion: when a personakt printout was confirmed
    // filed in the akt, and a hold (request for public documents, appeal) with its reason.
    r#"
    ALTER TABLE items ADD COLUMN filed_at TEXT;
    ALTER TABLE items ADD COLUMN filed_by TEXT;
    ALTER TABLE items ADD COLUMN held_reason TEXT;
    ALTER TABLE items ADD COLUMN held_at TEXT;
    ALTER TABLE items ADD COLUMN held_by TEXT;
    "#,
    // 6 (issue 15): what the importer repaired or guessed to read an item (model::SourceRef::notes),
    // a JSON array of Swedish sentences; NULL = nothing.
    r#"
    ALTER TABLE items ADD COLUMN source_notes TEXT;
    "#,
    // 7 (issue 12): the fidelity gate (src/fidelity.rs). How many characters of the registration
    // PDF no font could draw, and their scripts in Swedish; the source is kept while > 0.
    r#"
    ALTER TABLE registrations ADD COLUMN unprintable_count INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE registrations ADD COLUMN unprintable_scripts TEXT NOT NULL DEFAULT '';
    "#,
    // 8 (issue 12): search in every script. The tokenizer now keeps combining marks inside words
    // (Devanagari virama and vowel signs, Arabic harakat, Thai vowels: a Hindi word is one
    // token, not three), and a third column `spaced` holds the text of items written in a
    // script without spaces (Chinese, Japanese kana, Thai, Lao, Khmer, Myanmar) with every
    // such character as a word of its own, so a word typed in them is found as a phrase of
    // characters (src/desk/search.rs). The view of migration 4 stays the source of `exact` and
    // `folded`. Built in SQL (a chunked recursive split, only for
    // texts that hold such a character) so the triggers need no function of the program.
    r#"
    DROP TRIGGER items_fts_after_insert;
    DROP TRIGGER items_fts_after_update;
    DROP TRIGGER items_fts_after_delete;
    DROP TABLE items_fts;
    CREATE VIRTUAL TABLE items_fts USING fts5 (
        exact, folded, spaced,
        content = '', contentless_delete = 1,
        tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
    );
    CREATE VIEW items_fts_spaced_source AS
        SELECT id, exact, folded,
            CASE WHEN exact GLOB '*[⺀-鿿ぁ-ヿ฀-໿က-႟ក-៿豈-﫿＀-￯]*' THEN (
                SELECT group_concat(piece, '') FROM (
                    WITH RECURSIVE
                        chunks(k, rest, chunk) AS (
                            SELECT 0, exact, ''
                            UNION ALL
                            SELECT k + 1, substr(rest, 65), substr(rest, 1, 64)
                            FROM chunks WHERE rest <> ''),
                        n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 64)
                    SELECT CASE WHEN substr(chunk, i, 1) GLOB '[⺀-鿿ぁ-ヿ฀-໿က-႟ក-៿豈-﫿＀-￯]'
                                THEN ' ' || substr(chunk, i, 1) || ' '
                                ELSE substr(chunk, i, 1) END AS piece
                    FROM chunks JOIN n ON i <= length(chunk)
                    ORDER BY k, i))
            ELSE '' END AS spaced
        FROM items_fts_source;
    INSERT INTO items_fts (rowid, exact, folded, spaced)
        SELECT id, exact, folded, spaced FROM items_fts_spaced_source;
    CREATE TRIGGER items_fts_after_insert AFTER INSERT ON items BEGIN
        INSERT INTO items_fts (rowid, exact, folded, spaced)
            SELECT id, exact, folded, spaced FROM items_fts_spaced_source WHERE id = new.id;
    END;
    CREATE TRIGGER items_fts_after_update
        AFTER UPDATE OF sender, recipients, cc, subject, body, page_address, classification, state
        ON items BEGIN
        DELETE FROM items_fts WHERE rowid = old.id;
        INSERT INTO items_fts (rowid, exact, folded, spaced)
            SELECT id, exact, folded, spaced FROM items_fts_spaced_source WHERE id = new.id;
    END;
    CREATE TRIGGER items_fts_after_delete AFTER DELETE ON items BEGIN
        DELETE FROM items_fts WHERE rowid = old.id;
    END;
    "#,
    // 9 (issue 16): the unit register (src/unit): the address this store publishes to (never the
    // password), and the outbox of diarium registrations waiting to be delivered, each with the
    // idempotency key that makes delivery exactly-once, and its own copy of the sheet until
    // delivered.
    r#"
    CREATE TABLE unit_connection (
        singleton    INTEGER PRIMARY KEY CHECK (singleton = 1),
        url          TEXT NOT NULL,
        connected_at TEXT NOT NULL                       -- RFC 3339
    ) STRICT;
    CREATE TABLE unit_outbox (
        item_id         INTEGER PRIMARY KEY,             -- one entry per item, ever
        idempotency_key TEXT NOT NULL UNIQUE,            -- 32 hex digits
        facts           TEXT NOT NULL,                   -- JSON unit::caseworker::RegistrationFacts
        sheet           BLOB,                            -- NULL once delivered
        sheet_sha256    TEXT NOT NULL,
        enqueued_at     TEXT NOT NULL,
        attempts        INTEGER NOT NULL DEFAULT 0,
        last_error      TEXT,                            -- English, never content
        delivered_at    TEXT,
        registration_id INTEGER,                         -- id in the unit register
        diarienummer    TEXT                             -- as the unit register answered
    ) STRICT;
    "#,
    // 10 (issue 13, guard rails 4 and 5): the sender's own time beside the time received (an
    // e-mail's Date: header, an SMS's sent time), whether the unit drew the document up itself
    // (upprättad: a screenshot documenting an information search), and an e-mail's Message-ID
    // and In-Reply-To, so that a reply is shown with the message it answers (NULL once purged),
    // and the date the importer gave once the date received was corrected.
    r#"
    ALTER TABLE items ADD COLUMN sent_at TEXT;                          -- RFC 3339, NULL = unknown
    ALTER TABLE items ADD COLUMN drawn_up INTEGER NOT NULL DEFAULT 0;   -- 1 = upprättad
    ALTER TABLE items ADD COLUMN message_id TEXT;
    ALTER TABLE items ADD COLUMN in_reply_to TEXT;
    ALTER TABLE items ADD COLUMN received_original TEXT;              -- before a correction
    CREATE INDEX items_by_message_id ON items (message_id) WHERE message_id IS NOT NULL;
    "#,
    // 11 (issue 13, rules 2 and 9): after purge the item keeps the medium its source was on
    // ("tjänstetelefon", "Outlook", "fil") and a keyed hash of the source path, never the path
    // (src/store/keyed.rs); and every message an import took from a file, by its keyed
    // fingerprint, so that deleting an export file can tell what in it inkom never got
    // (src/lifecycle/export_file.rs). Existing fingerprints are keyed at open, in Rust.
    r#"
    ALTER TABLE items ADD COLUMN source_medium TEXT;
    ALTER TABLE items ADD COLUMN source_path_key TEXT;
    CREATE TABLE source_messages (
        message_key TEXT PRIMARY KEY                     -- keyed fingerprint of one message
    ) STRICT, WITHOUT ROWID;
    "#,
    // 12 (issue 13, guard rail 8): the register of gallringsbeslut that culling and the purge
    // after printing cite (who decided, when, reference, section of the
    // dokumenthanteringsplan), and on each item the decision it was culled or purged under
    // (its citation stays in `cull_decision`).
    r#"
    CREATE TABLE gallringsbeslut (
        id           INTEGER PRIMARY KEY,
        decided_by   TEXT NOT NULL,                      -- the body, e.g. Socialnämnden
        decided_on   TEXT NOT NULL,                      -- YYYY-MM-DD
        reference    TEXT NOT NULL UNIQUE COLLATE NOCASE,
        plan_section TEXT NOT NULL,
        added_at     TEXT NOT NULL,                      -- RFC 3339
        added_by     TEXT NOT NULL                       -- OS login
    ) STRICT;
    ALTER TABLE items ADD COLUMN gallringsbeslut_id INTEGER;     -- gallringsbeslut.id
    "#,
    // 13 (issue 18): beside each act's login (`*_by`, guard rail 7), the display name the user
    // had set, so that the facts kept after purge say "Källan raderad … av Karin Test (karin)"
    // as the printout does, not the bare login. NULL: no display name.
    r#"
    ALTER TABLE items ADD COLUMN printed_name TEXT;
    ALTER TABLE items ADD COLUMN source_deleted_name TEXT;
    ALTER TABLE items ADD COLUMN purged_name TEXT;
    ALTER TABLE items ADD COLUMN culled_name TEXT;
    ALTER TABLE items ADD COLUMN filed_name TEXT;
    "#,
    // 14 (issue 16, the recovery key): the fingerprint of the unit's recovery public key this
    // store's data key is sealed to, pinned inside the encrypted database at the first seal,
    // so a key swapped in the unit register later is refused rather than trusted.
    r#"
    ALTER TABLE unit_connection ADD COLUMN recovery_fingerprint TEXT;   -- hex SHA-256
    "#,
    // 15 (issue 15, import at the speed of the disk): the search index's `folded` and `spaced`
    // columns from the functions of src/store/fts_text.rs, which every connection of the store
    // has, instead of sixteen nested replace() calls and a character-class GLOB with a
    // recursive split (a quarter of the time of importing a long conversation). Same text
    // for every script but Hangul and private-use characters, which search never looked up
    // in `spaced` (fts_text's tests show both); existing index rows stay as they are. The
    // views of migrations 4 and 8 stay, unused, so that this migration is only new objects.
    r#"
    DROP TRIGGER items_fts_after_insert;
    DROP TRIGGER items_fts_after_update;
    CREATE VIEW items_fts_row AS
        SELECT id, exact, inkom_fts_folded(exact) AS folded, inkom_fts_spaced(exact) AS spaced
        FROM (SELECT id,
            concat_ws(' ', sender,
                CASE WHEN sender LIKE '+46%' THEN '0' || substr(sender, 4) END,
                recipients, cc, subject, body, page_address,
                json_extract(classification, '$.client_name'),
                json_extract(classification, '$.description'),
                json_extract(classification, '$.note')) AS exact
            FROM items WHERE state NOT IN ('purged', 'culled'));
    CREATE TRIGGER items_fts_after_insert AFTER INSERT ON items BEGIN
        INSERT INTO items_fts (rowid, exact, folded, spaced)
            SELECT id, exact, folded, spaced FROM items_fts_row WHERE id = new.id;
    END;
    CREATE TRIGGER items_fts_after_update
        AFTER UPDATE OF sender, recipients, cc, subject, body, page_address, classification, state
        ON items BEGIN
        DELETE FROM items_fts WHERE rowid = old.id;
        INSERT INTO items_fts (rowid, exact, folded, spaced)
            SELECT id, exact, folded, spaced FROM items_fts_row WHERE id = new.id;
    END;
    "#,
    // 16 (issue 15): the CHECK constraints of `items` on its state, channel and class as OR
    // chains: the same rule, but SQLite evaluates a constant IN list of more than two values by
    // building a temporary B-tree on every INSERT, three per stored item and about a third of
    // the time of storing one. No row changes, so the table's text in `sqlite_schema` is edited
    // in place, SQLite's documented way for a constraint change (lang_altertable.html, "other
    // kinds of table schema changes"); `migrate_to` increments the schema cookie after it.
    r#"
    PRAGMA writable_schema = ON;
    UPDATE sqlite_schema SET sql = replace(replace(replace(sql,
        'CHECK (state IN (''imported'',''classified'',''registered'',
                                 ''printed'',''source_deleted'',''purged'',''culled''))',
        'CHECK (state = ''imported'' OR state = ''classified'' OR state = ''registered''
                                 OR state = ''printed'' OR state = ''source_deleted'' OR state = ''purged''
                                 OR state = ''culled'')'),
        'CHECK (channel IN (''sms'',''email'',''screenshot''))',
        'CHECK (channel = ''sms'' OR channel = ''email'' OR channel = ''screenshot'')'),
        'CHECK (class IN (''personakt'',''diarium'',''ringa''))',
        'CHECK (class = ''personakt'' OR class = ''diarium'' OR class = ''ringa'')')
    WHERE type = 'table' AND name = 'items';
    PRAGMA writable_schema = RESET;
    "#,
    // 17 (issue 15): the newest conversation item of each SMS thread, by the thread's keyed
    // key, so that a conversation imported again after it grew (stored with its new messages
    // only) names the item that holds the earlier ones ("Fortsättning på tråden i objekt 12").
    r#"
    CREATE TABLE conversation_items (
        thread_key TEXT PRIMARY KEY,                     -- keyed, as a message's fingerprint
        item_id    INTEGER NOT NULL REFERENCES items (id)
    ) STRICT, WITHOUT ROWID;
    "#,
    // 18: an import note of an mbox message without a From: header named the address taken
    // from the separator line ("avsändaren saknas i brevhuvudet; ADDRESS är hämtad från
    // mbox-filens avgränsarrad"). Notes stay after purge, the sender of a personakt item does
    // not, so the client's address outlived the purge. The note no longer names it (the
    // sender field does, while it is kept); stored notes are rewritten, in their order.
    r#"
    UPDATE items SET source_notes = (
        SELECT json_group_array(CASE
                WHEN value LIKE 'avsändaren saknas i brevhuvudet; % är hämtad från mbox-filens avgränsarrad'
                THEN 'avsändaren saknas i brevhuvudet och är hämtad från mbox-filens avgränsarrad'
                ELSE value END ORDER BY key)
        FROM json_each(items.source_notes))
    WHERE source_notes LIKE '%är hämtad från mbox-filens avgränsarrad%';
    "#,
    // 19: what of the attachments a registration's printout did not draw (a picture it could
    // not decode, TIFF and PDF pages that failed to draw or were left out by the limits or the
    // time drawing may take), as JSON (documents::Undrawn, by checksum): only drawing finds some
    // of it, and the deletion gate must hold the source back until it is kept apart. NULL:
    // registered before this was recorded; the gate then reads the files as the sheet does.
    r#"
    ALTER TABLE registrations ADD COLUMN undrawn TEXT;
    "#,
    // 20 (issue 15): an item is found by its place in its source file, the file's hash and the
    // locator (items::at_place: the same document, whatever a reader made of it then), once
    // for every message of a mailbox imported; with the hash alone indexed, each such lookup
    // read every item of the file, and importing a mailbox of 20,000 messages took 31 s. The
    // index on the hash becomes one on both, which serves the lookups by hash alone as well.
    r#"
    DROP INDEX items_by_source;
    CREATE INDEX items_by_source ON items (source_sha256, source_locator);
    "#,
    // 21 (issue 15): an e-mail's Bcc recipients, which only the sender's own copy names (a mail
    // the unit sent to clients by Bcc went to them too), as JSON; NULL when it had none.
    r#"
    ALTER TABLE items ADD COLUMN bcc TEXT;
    "#,
    // 22 (issue 15): every SMS the store holds under the fingerprint an older inkom computed,
    // contact names and all, recorded as taken under today's too (src/store/sms_identity.rs,
    // run in Rust in this migration's transaction): a contact renamed since, or a number the
    // phone now writes another way, no longer makes an old message new.
    r#"
    SELECT 1;
    "#,
    // 23 (issue 15): the Bcc recipients in the search index, as the Cc recipients are: a sent
    // mail is found by the name or address of a client it went to by Bcc. The view and the
    // triggers of migration 15 with `bcc` added; the items that have Bcc recipients (only mail
    // the unit sent, stored since migration 21) are indexed again.
    r#"
    DROP TRIGGER items_fts_after_insert;
    DROP TRIGGER items_fts_after_update;
    DROP VIEW items_fts_row;
    CREATE VIEW items_fts_row AS
        SELECT id, exact, inkom_fts_folded(exact) AS folded, inkom_fts_spaced(exact) AS spaced
        FROM (SELECT id,
            concat_ws(' ', sender,
                CASE WHEN sender LIKE '+46%' THEN '0' || substr(sender, 4) END,
                recipients, cc, bcc, subject, body, page_address,
                json_extract(classification, '$.client_name'),
                json_extract(classification, '$.description'),
                json_extract(classification, '$.note')) AS exact
            FROM items WHERE state NOT IN ('purged', 'culled'));
    CREATE TRIGGER items_fts_after_insert AFTER INSERT ON items BEGIN
        INSERT INTO items_fts (rowid, exact, folded, spaced)
            SELECT id, exact, folded, spaced FROM items_fts_row WHERE id = new.id;
    END;
    CREATE TRIGGER items_fts_after_update
        AFTER UPDATE OF sender, recipients, cc, bcc, subject, body, page_address, classification, state
        ON items BEGIN
        DELETE FROM items_fts WHERE rowid = old.id;
        INSERT INTO items_fts (rowid, exact, folded, spaced)
            SELECT id, exact, folded, spaced FROM items_fts_row WHERE id = new.id;
    END;
    DELETE FROM items_fts WHERE rowid IN (SELECT id FROM items WHERE bcc IS NOT NULL);
    INSERT INTO items_fts (rowid, exact, folded, spaced)
        SELECT id, exact, folded, spaced FROM items_fts_row
        WHERE id IN (SELECT id FROM items WHERE bcc IS NOT NULL);
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

/// What a migration that edits the schema's text in place starts with.
const SCHEMA_TEXT_EDIT: &str = "PRAGMA writable_schema = ON";

/// The schema version this build writes.
pub const SCHEMA_VERSION: usize = MIGRATIONS.len();

/// Brings the database up to [`SCHEMA_VERSION`]. Refuses a database written by a newer inkom,
/// rather than guessing at a schema it does not know.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    migrate_to(conn, SCHEMA_VERSION)
}

/// Runs the migrations up to schema version `target` (the open-time schema check builds the
/// expected schema of an older file this way).
pub(super) fn migrate_to(conn: &mut Connection, target: usize) -> Result<(), StoreError> {
    let current: usize = conn
        .query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
        .map(|v| usize::try_from(v).unwrap_or(usize::MAX))?;
    if current > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            found: current,
            supported: SCHEMA_VERSION,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().take(target).skip(current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        if i + 1 == super::sms_identity::VERSION {
            super::sms_identity::learn(&tx)?;
        }
        if sql.contains(SCHEMA_TEXT_EDIT) {
            // Other connections notice a schema change by this cookie; an edit of the schema's
            // text (migration 16) does not move it by itself.
            let cookie: i64 = tx.query_row("PRAGMA schema_version", [], |r| r.get(0))?;
            tx.pragma_update(None, "schema_version", cookie + 1)?;
        }
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}
