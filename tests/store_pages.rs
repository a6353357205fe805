//! The store's page size (`inkom::store::PAGE_SIZE`): a new store has 16 KiB pages; a store
//! made with SQLCipher's 4 KiB pages before 2026-12-05 opens as it is, with the transactions
//! still in its WAL, and keeps its pages.

use rusqlite::config::DbConfig;

use crate::common::{self, Inkom, s};

/// The page size the store's own connection reports.
fn page_size(t: &Inkom) -> String {
    t.sql()
        .query_row("PRAGMA cipher_page_size", [], |r| r.get(0))
        .expect("page size")
}

/// The page size the store's file has, read from its bytes.
fn file_page_size(t: &Inkom) -> usize {
    common::page_size_of(&std::fs::read(t.db()).expect("db"), &t.key())
}

#[test]
fn a_new_store_has_16_kib_pages() {
    let t = Inkom::new();
    t.ok(&["settings", "set", "unit", "IFO"]);
    assert_eq!(page_size(&t), "16384");
    assert_eq!(file_page_size(&t), 16_384);
    assert_eq!(
        t.ok(&["audit", "verify"])["first_broken"],
        serde_json::Value::Null
    );
}

#[test]
fn a_store_with_4_kib_pages_opens_with_what_its_wal_holds() {
    let t = Inkom::new();
    let export = t.write(
        "export.xml",
        &common::sms_export(3, |i| format!("Meddelande {i}")),
    );
    t.ok(&["import", "--per-message", s(&export)]);

    // The same store as inkom wrote it before 16 KiB pages: every page exported into a file
    // of 4 KiB pages under the same key, which takes the store's place.
    let old = t.db().with_extension("old");
    {
        let conn = t.sql();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("version");
        conn.execute(
            "ATTACH DATABASE ?1 AS old KEY ?2",
            rusqlite::params![s(&old), t.key().sqlcipher_key().as_str()],
        )
        .expect("attach");
        conn.execute_batch("PRAGMA old.cipher_page_size = 4096")
            .expect("old page size");
        conn.query_row("SELECT sqlcipher_export('old')", [], |_| Ok(()))
            .expect("export");
        conn.execute_batch(&format!(
            "PRAGMA old.user_version = {version}; DETACH DATABASE old"
        ))
        .expect("detach");
    }
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(t.db().with_extension(format!("sqlite3{suffix}")));
    }
    std::fs::rename(&old, t.db()).expect("swap");
    // The export does not carry the journal mode; inkom's stores are in WAL mode.
    t.sql()
        .pragma_update(None, "journal_mode", "WAL")
        .expect("wal");
    assert_eq!(file_page_size(&t), 4096);

    // A change inkom committed that is still only in the WAL, as a crash leaves it: a reader
    // holds its snapshot while inkom writes, so neither inkom's checkpoint nor its close can
    // copy the change into the file, and the reader goes without a checkpoint.
    {
        let reader = t.sql();
        reader
            .set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
            .expect("no checkpoint on close");
        reader.execute_batch("BEGIN").expect("begin");
        let _: i64 = reader
            .query_row("SELECT count(*) FROM items", [], |r| r.get(0))
            .expect("snapshot");
        t.ok(&["settings", "set", "unit", "Enheten i loggen"]);
        reader.execute_batch("COMMIT").expect("end snapshot");
    }
    let wal = std::fs::metadata(t.db().with_extension("sqlite3-wal")).map_or(0, |m| m.len());
    assert!(wal > 0, "the change is not in the WAL");

    // The store opens, with the change, its three items and its audit trail whole, and keeps
    // its 4 KiB pages. Trying the other page size first leaves no word from SQLCipher.
    let out = t.run_json(&["settings", "show"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert!(!said.contains("hmac") && !said.contains("CORE"), "{said}");
    assert_eq!(t.ok(&["settings", "show"])["unit"], "Enheten i loggen");
    let list = t.ok(&["list"]);
    assert_eq!(list.as_array().map(Vec::len), Some(3), "{list}");
    assert_eq!(
        t.ok(&["audit", "verify"])["first_broken"],
        serde_json::Value::Null
    );
    assert_eq!(page_size(&t), "4096");
    assert_eq!(file_page_size(&t), 4096);
}

/// A store an older inkom wrote (tests/store_4k: the build before 16 KiB pages, 4 KiB pages,
/// three conversations in Arabic, Chinese and Tigrinya) opens in this one: the same export
/// imported again is found message by message in the conversations that inkom folded (this
/// version folds them to the same items), the audit trail is whole, a conversation registers
/// with its script on the sheet, and the store keeps its 4 KiB pages.
#[test]
fn a_store_an_older_inkom_wrote_opens_and_knows_its_conversations() {
    let t = Inkom::new();
    let made = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/store_4k");
    std::fs::create_dir_all(t.data_dir()).expect("data dir");
    for name in ["inkom.key", "inkom.sqlite3"] {
        std::fs::copy(made.join(name), t.data_dir().join(name)).expect("copy store");
    }
    assert_eq!(file_page_size(&t), 4096);
    let export = t.files().join("scripts.xml");
    std::fs::copy(made.join("scripts.xml"), &export).expect("copy export");

    let again = t.ok(&["import", s(&export)]);
    let file = &again["imported"][0];
    assert_eq!(file["created"].as_array().map(Vec::len), Some(0), "{again}");
    assert_eq!(file["tally"]["messages"], 9, "{again}");
    assert_eq!(file["tally"]["duplicates"], 9, "{again}");
    let arabic = t.ok(&["show", "1"]);
    assert!(
        arabic["parts"][0]["text"]
            .as_str()
            .is_some_and(|text| text.starts_with("مرحبا")),
        "{arabic}"
    );
    assert_eq!(
        t.ok(&["audit", "verify"])["first_broken"],
        serde_json::Value::Null
    );

    t.ok(&["settings", "set", "diary_prefix", "SN"]);
    t.classify_diarium("3", "Fråga om möte");
    let pdf = t.files().join("tigrinja.pdf");
    t.ok(&["register", "3", "--out", s(&pdf)]);
    let text = common::pdftotext(&pdf);
    assert!(text.contains("ሰላም፣ ነገ ኣብ ቤት ጽሕፈት ክመጽእ እኽእል ድየ?"), "{text}");
    assert_eq!(page_size(&t), "4096");
    assert_eq!(file_page_size(&t), 4096);
}
