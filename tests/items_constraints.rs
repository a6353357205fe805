//! The CHECK constraints of `items` after migration 16: the same rules as the first schema's IN
//! lists (every state, channel and class the model knows is accepted, anything else refused,
//! NULL class allowed), written so that storing an item builds no temporary B-tree (issue 15:
//! SQLite evaluated each constant IN list of more than two values by building one, per INSERT).

use common::s;

use crate::common;

/// The store of a fresh data directory after one import, through the test's own connection.
fn store_with_one_item() -> (common::Inkom, rusqlite::Connection) {
    let k = common::Inkom::new();
    let file = k.write("one.xml", &common::sms_export(1, |_| "Hej".to_string()));
    k.ok(&["import", "--per-message", s(&file)]);
    let conn = k.sql();
    (k, conn)
}

#[test]
fn storing_an_item_builds_no_temporary_btree() {
    let (_k, conn) = store_with_one_item();
    // The columns the import's INSERT checks (src/store/items.rs); EXPLAIN compiles it only.
    let mut plan = conn
        .prepare(
            "EXPLAIN INSERT INTO items (fingerprint, state, channel, direction, recipients,
                 received_at, received_at_utc, source_locator, source_sha256, imported_at,
                 imported_by)
             VALUES ('f', 'imported', 'sms', 'in', '[]', 'a', 'a', 'l', 's', 'a', 'b')",
        )
        .expect("explain");
    let opcodes: Vec<String> = plan
        .query_map([], |r| r.get::<_, String>(1))
        .expect("plan")
        .map(|r| r.expect("opcode"))
        .collect();
    assert!(opcodes.iter().any(|op| op == "Insert"), "{opcodes:?}");
    assert!(
        !opcodes.iter().any(|op| op == "OpenEphemeral"),
        "an INSERT into items builds a temporary B-tree: {opcodes:?}"
    );
    let table: String = conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'items'",
            [],
            |r| r.get(0),
        )
        .expect("table");
    for list in ["state IN", "channel IN", "class IN"] {
        assert!(!table.contains(list), "{list} left in {table}");
    }
}

#[test]
fn the_rewritten_checks_accept_and_refuse_what_the_first_schema_did() {
    let (_k, mut conn) = store_with_one_item();
    let tx = conn.transaction().expect("tx");
    let set = |column: &str, value: Option<&str>| {
        tx.execute(&format!("UPDATE items SET {column} = ?1"), [value])
            .map(|_| ())
    };
    for state in [
        "imported",
        "classified",
        "registered",
        "printed",
        "source_deleted",
        "purged",
        "culled",
    ] {
        set("state", Some(state)).unwrap_or_else(|e| panic!("state {state}: {e}"));
    }
    for channel in ["sms", "email", "screenshot"] {
        set("channel", Some(channel)).unwrap_or_else(|e| panic!("channel {channel}: {e}"));
    }
    for class in [Some("personakt"), Some("diarium"), Some("ringa"), None] {
        set("class", class).unwrap_or_else(|e| panic!("class {class:?}: {e}"));
    }
    for (column, bad) in [
        ("state", "deleted"),
        ("state", "Imported"),
        ("state", ""),
        ("channel", "fax"),
        ("channel", "SMS"),
        ("class", "akt"),
        ("class", "Ringa"),
        ("direction", "both"),
    ] {
        let err = set(column, Some(bad)).expect_err(&format!("{column} = {bad:?} accepted"));
        assert!(
            err.to_string().contains("CHECK constraint failed"),
            "{column} = {bad:?}: {err}"
        );
    }
    let err = set("state", None).expect_err("NULL state accepted");
    assert!(err.to_string().contains("NOT NULL"), "{err}");
}
