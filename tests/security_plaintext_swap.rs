//! Issue 17, item 1: someone who can write the data directory swaps the encrypted database
//! for an unencrypted one of their making (a history of their own, a trigger that copies
//! content before a purge). inkom must refuse it instead of "migrating" it under the user's
//! key, must refuse schema objects its migrations do not make, and `audit verify` must say
//! which events were re-signed from an unkeyed chain.

use crate::common;

use common::{Inkom, legacy_store, s};
use serde_json::Value;

const SECRET: &str = "Pappa har slutat ta sin medicin";

fn sms(t: &Inkom) -> std::path::PathBuf {
    let xml = format!(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"1\">\n\
         <sms protocol=\"0\" address=\"+46701740655\" date=\"1793000000000\" type=\"1\" \
         body=\"{SECRET}\" read=\"1\" status=\"-1\" contact_name=\"Ada Testsson\" />\n</smses>\n"
    );
    t.write("sms.xml", xml.as_bytes())
}

fn remove_db(t: &Inkom) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", s(&t.db())));
    }
}

#[test]
fn security_plaintext_swap_is_refused_once_a_key_file_exists() {
    let t = Inkom::new();
    t.ok(&["import", s(&sms(&t))]);
    let key_file = std::fs::read(t.data_dir().join("inkom.key")).expect("key file");
    // The attacker's plaintext database with a history of their own.
    remove_db(&t);
    legacy_store(&t, false, "planted");
    let planted = std::fs::read(t.db()).expect("planted");

    for args in [&["audit", "verify"][..], &["list"]] {
        let (code, message) = t.refused(args);
        assert_eq!(code, "store", "{message}");
        assert!(message.contains("bytts ut utanför inkom"), "{message}");
    }
    // Nothing was migrated, re-signed or backed up; the key file is as it was.
    assert_eq!(std::fs::read(t.db()).expect("db"), planted);
    assert!(
        !t.data_dir()
            .join("inkom.sqlite3.before-encryption")
            .exists()
    );
    assert_eq!(
        std::fs::read(t.data_dir().join("inkom.key")).expect("key"),
        key_file
    );
}

#[test]
fn security_plaintext_swap_an_interrupted_own_migration_still_finishes() {
    let t = Inkom::new();
    legacy_store(&t, false, SECRET);
    // The backup cannot be written: the migration stops after the key file was made.
    let backup = t.data_dir().join("inkom.sqlite3.before-encryption");
    std::fs::create_dir(&backup).expect("block the backup");
    t.refused(&["list"]);
    assert!(t.data_dir().join("inkom.key").exists());
    // Its own marker lets the next start finish the same migration.
    std::fs::remove_dir(&backup).expect("unblock");
    assert_eq!(t.ok(&["show", "1"])["body"], SECRET);
    assert!(backup.is_file());
    assert!(
        !std::fs::read(t.db())
            .expect("db")
            .starts_with(b"SQLite format 3")
    );
    // A marker someone else wrote (without the key) does not open the door.
    remove_db(&t);
    legacy_store(&t, false, "planted");
    std::fs::write(
        t.data_dir().join("inkom.sqlite3.encrypting-marker"),
        "0".repeat(64),
    )
    .expect("forged marker");
    let (_, message) = t.refused(&["list"]);
    assert!(message.contains("bytts ut utanför inkom"), "{message}");
}

#[test]
fn security_plaintext_swap_planted_schema_objects_are_refused_at_open() {
    let t = Inkom::new();
    t.ok(&["import", s(&sms(&t))]);
    let plant = |sql: &str| {
        let conn = t.sql();
        conn.execute_batch(sql).expect("plant");
    };
    // A trigger that copies content aside before a purge.
    plant(
        "CREATE TABLE loot (body TEXT);
         CREATE TRIGGER steal BEFORE UPDATE OF body ON items
         BEGIN INSERT INTO loot VALUES (old.body); END;",
    );
    let (_, message) = t.refused(&["list"]);
    assert!(message.contains("inte har skapat"), "{message}");
    assert!(message.contains("trigger steal"), "{message}");
    assert!(message.contains("table loot"), "{message}");
    plant("DROP TRIGGER steal; DROP TABLE loot;");
    t.ok(&["list"]);

    // One of inkom's own triggers, rewritten under its own name.
    plant(
        "DROP TRIGGER items_fts_after_delete;
         CREATE TRIGGER items_fts_after_delete AFTER DELETE ON items BEGIN
             DELETE FROM items_fts WHERE rowid = old.id;
             INSERT INTO settings (key, value) VALUES ('x', old.body);
         END;",
    );
    let (_, message) = t.refused(&["show", "1"]);
    assert!(
        message.contains("trigger items_fts_after_delete"),
        "{message}"
    );
    // A view.
    plant(
        "DROP TRIGGER items_fts_after_delete;
         CREATE TRIGGER items_fts_after_delete AFTER DELETE ON items BEGIN
        DELETE FROM items_fts WHERE rowid = old.id;
    END;
         CREATE VIEW peek AS SELECT body FROM items;",
    );
    let (_, message) = t.refused(&["list"]);
    assert!(message.contains("view peek"), "{message}");
}

#[test]
fn security_plaintext_swap_audit_verify_names_events_resigned_from_an_unkeyed_chain() {
    let t = Inkom::new();
    legacy_store(&t, false, SECRET);
    t.ok(&["list"]);
    let v = t.ok(&["audit", "verify"]);
    assert_eq!(v["first_broken"], Value::Null);
    assert_eq!(v["resigned_from_unkeyed"]["last_event"], 2, "{v}");
    assert_eq!(v["resigned_from_unkeyed"]["sealed_by_event"], 3, "{v}");
    let out = t.run(&["audit", "verify"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("händelse 1–2 signerades om från en okrypterad logg vid händelse 3"),
        "{text}"
    );

    // A store that was encrypted from the start has nothing re-signed.
    let fresh = Inkom::new();
    fresh.ok(&["import", s(&sms(&fresh))]);
    assert_eq!(
        fresh.ok(&["audit", "verify"])["resigned_from_unkeyed"],
        Value::Null
    );
}
