//! The search index after imports. An import writes the index rows of its new items in one
//! statement at the end, with the insert trigger lifted for its transaction
//! (`src/store/search_bulk.rs`, issue 15). What it writes must be exactly what the trigger would
//! have written for each item, for items of every script, with duplicates skipped and earlier
//! imports untouched; and the trigger must be back, byte for byte (the next command's schema
//! check would refuse the store otherwise).

use std::collections::BTreeSet;

use common::s;

use crate::common;

/// Every (term, item, column, offset) the index holds, through `fts5vocab`, sorted; an item
/// indexed twice holds each twice.
fn instances(
    conn: &rusqlite::Connection,
    schema: &str,
    table: &str,
) -> Vec<(String, i64, String, i64)> {
    conn.execute_batch(&format!(
        "DROP TABLE IF EXISTS temp.v; \
         CREATE VIRTUAL TABLE temp.v USING fts5vocab({schema}, {table}, 'instance')"
    ))
    .expect("vocab");
    let mut stmt = conn
        .prepare("SELECT term, doc, col, offset FROM temp.v")
        .expect("vocab query");
    let mut rows: Vec<_> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("rows")
        .map(|r| r.expect("row"))
        .collect();
    rows.sort();
    drop(stmt);
    conn.execute_batch("DROP TABLE temp.v").expect("drop vocab");
    rows
}

#[test]
fn an_import_indexes_its_items_in_bulk_exactly_as_the_trigger_would() {
    let k = common::Inkom::new();
    let body = |i: usize| match i % 4 {
        0 => format!("Hej, jag kommer {i} minuter sent till mötet på Åsgatan"),
        1 => format!("東京の会議は{i}時からです"),
        2 => format!("سأتأخر {i} دقائق"),
        _ => format!("Ärende nr {i}: barnet är sjukt och stannar hemma"),
    };
    let first = k.write("first.xml", &common::sms_export(40, body));
    k.ok(&["import", "--per-message", s(&first)]);
    // The second file repeats the first 40 messages (duplicates, not stored again) and adds 40.
    let second = k.write("second.xml", &common::sms_export(80, body));
    let out = k.ok(&["import", "--per-message", s(&second)]);
    assert_eq!(common::created_ids(&out).len(), 40, "{out}");
    // A grouped import of a third file: a long conversation (indexed as soon as it is stored,
    // while the parser builds the next) and a short one (indexed with the import's one fill),
    // in Swedish, Tigrinya, Japanese and Arabic.
    let mut third = String::from("<?xml version='1.0' encoding='UTF-8'?>\n<smses count=\"73\">\n");
    for i in 0..73 {
        let address = if i < 70 {
            "+46701740606"
        } else {
            "+46701740607"
        };
        third.push_str(&format!(
            "<sms address=\"{address}\" date=\"{}\" type=\"1\" body=\"Tråd {i}: Göteborg ሰላም {i} 東京の会議 سأتأخر\" />\n",
            1_790_100_000_000_u64 + i * 1000
        ));
    }
    third.push_str("</smses>\n");
    let third = k.write("third.xml", third.as_bytes());
    let out = k.ok(&["import", s(&third)]);
    assert_eq!(common::created_ids(&out).len(), 2, "{out}");

    let conn = k.sql();
    let items: i64 = conn
        .query_row("SELECT count(*) FROM items", [], |r| r.get(0))
        .expect("count");
    assert_eq!(items, 82);

    // What the trigger writes, one item at a time, into a twin of the index.
    let tokenizer: String = conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE name = 'items_fts'",
            [],
            |r| r.get(0),
        )
        .expect("index definition");
    let twin = tokenizer.replacen(
        "CREATE VIRTUAL TABLE items_fts",
        "CREATE VIRTUAL TABLE temp.twin",
        1,
    );
    assert_ne!(twin, tokenizer);
    conn.execute_batch(&twin).expect("twin index");
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM items ORDER BY id")
        .expect("ids")
        .query_map([], |r| r.get(0))
        .expect("ids")
        .map(|r| r.expect("id"))
        .collect();
    for id in ids {
        conn.execute(
            "INSERT INTO temp.twin (rowid, exact, folded, spaced)
                 SELECT id, exact, folded, spaced FROM items_fts_row WHERE id = ?1",
            [id],
        )
        .expect("index one item");
    }
    let stored = instances(&conn, "main", "items_fts");
    let expected = instances(&conn, "temp", "twin");
    assert!(expected.len() > 500, "{}", expected.len());
    let (stored_set, expected_set): (BTreeSet<_>, BTreeSet<_>) =
        (stored.iter().collect(), expected.iter().collect());
    assert_eq!(
        stored_set
            .symmetric_difference(&expected_set)
            .take(10)
            .collect::<Vec<_>>(),
        Vec::<&&(String, i64, String, i64)>::new(),
        "the bulk-filled index differs from the trigger's"
    );
    assert_eq!(stored.len(), expected.len(), "an item indexed twice");
    conn.execute_batch("DROP TABLE temp.twin")
        .expect("drop twin");

    // Search finds words of the last import's items, in every script.
    for (word, hits) in [("åsgatan", 20), ("سأتأخر", 22), ("göteborg", 2), ("ሰላም", 2)]
    {
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM items_fts WHERE items_fts MATCH ?1",
                [format!("\"{word}\"")],
                |r| r.get(0),
            )
            .expect("match");
        assert_eq!(n, hits, "{word}");
    }

    // The trigger is back as the migrations made it: a new item is indexed at once, and the
    // next command opens the store (its schema check compares every trigger's text).
    let trigger: String = conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'items_fts_after_insert'",
            [],
            |r| r.get(0),
        )
        .expect("trigger is back");
    assert!(trigger.contains("items_fts_row"), "{trigger}");
    drop(conn);
    k.ok(&["list"]);
}

/// The items the index finds for the phrase `words`.
fn found(conn: &rusqlite::Connection, words: &str) -> Vec<i64> {
    conn.prepare("SELECT rowid FROM items_fts WHERE items_fts MATCH ?1 ORDER BY rowid")
        .expect("match")
        .query_map([format!("\"{words}\"")], |r| r.get(0))
        .expect("match")
        .map(|r| r.expect("rowid"))
        .collect()
}

#[test]
fn a_blind_copy_recipient_is_found_by_search_also_in_a_store_from_before() {
    let k = common::Inkom::new();
    k.ok(&["settings", "set", "unit_addresses", "inkom@example.com"]);
    let mail = k.write(
        "kallelse.eml",
        b"From: Socialtjanst <inkom@example.com>\r\n\
          To: inkom@example.com\r\n\
          Bcc: Ulla Lindqvist <ulla.lindqvist@example.se>\r\n\
          Subject: Kallelse\r\n\
          Date: Tue, 1 Dec 2026 10:00:00 +0100\r\n\
          Content-Type: text/plain; charset=utf-8\r\n\r\n\
          Valkommen.\r\n",
    );
    let id = common::created_ids(&k.ok(&["import", s(&mail)]))[0];
    let conn = k.sql();
    assert_eq!(found(&conn, "Ulla Lindqvist"), [id], "indexed when stored");
    // A store from before migration 23: the item indexed without its Bcc recipients.
    common::undo_migration_23(&conn);
    conn.execute("UPDATE items SET subject = subject WHERE id = ?1", [id])
        .expect("indexed again as schema 22 did");
    assert!(found(&conn, "Ulla Lindqvist").is_empty());
    conn.pragma_update(None, "user_version", 22)
        .expect("schema 22");
    drop(conn);
    k.ok(&["list"]);
    let conn = k.sql();
    assert_eq!(
        found(&conn, "Ulla Lindqvist"),
        [id],
        "indexed at the upgrade"
    );
    assert_eq!(found(&conn, "ulla.lindqvist"), [id]);
}
