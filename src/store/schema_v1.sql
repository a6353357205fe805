
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
    