//! Issue 13, guard rail 9, through the real binary: after purge no file path (it can hold a
//! name) survives in the item, in any decrypted page of the database, or in the audit details;
//! the medium and a keyed hash of the path stay. The duplicate-detection fingerprint is keyed,
//! so a guessed message cannot be confirmed from the store, and a purged message imported again
//! is still recognised, also in a store an earlier inkom left with plain fingerprints.

use crate::common;

use common::{Inkom, Stop, contains, created_ids as ids, s};
use inkom::import::{ImportLimits, parse_file};
use serde_json::Value;

/// The plain (unkeyed) fingerprint of the single message in `path`, as an earlier inkom
/// stored it and as anyone can compute it from a guessed message.
fn plain_fingerprint(path: &std::path::Path) -> String {
    let mut fp = String::new();
    parse_file(path, &ImportLimits::default(), &mut |item| {
        fp = item.fingerprint();
        Ok(())
    })
    .expect("parse");
    assert_eq!(fp.len(), 64);
    fp
}

const NAME: &str = "Vera_Testsson";

fn mail() -> Vec<u8> {
    b"From: Nils Prov <nils.prov@example.com>\r\nTo: ifo@example.org\r\n\
      Subject: Ansokan\r\nDate: Mon, 2 Nov 2026 10:00:00 +0100\r\n\r\nHej, jag ansoker.\r\n"
        .to_vec()
}

#[test]
fn after_purge_no_path_survives_and_the_message_is_still_recognised() {
    let t = Inkom::new();
    // The purge after the deletion is gallring under the unit's decision (rule 8).
    t.add_gallringsbeslut();
    let dir = t.files().join(format!("mapp-{NAME}"));
    std::fs::create_dir_all(&dir).expect("dir");
    let eml = dir.join(format!("{NAME}_brev.eml"));
    std::fs::write(&eml, mail()).expect("write");
    let plain = plain_fingerprint(&eml);

    let id = t.import_first(&eml);
    t.classify_diarium(&id, "Ansökan");
    t.walk_to(&id, Stop::InDiarium("SN 2026/0042"));
    // The printout saved under the client's name: its path is not kept either.
    let pdf = t.files().join(format!("{NAME}_blad.pdf"));
    t.ok(&["export", &id, "--out", s(&pdf)]);
    let p = t.ok(&[
        "confirm-source-deleted",
        &id,
        "--where",
        "Outlook och filen",
        "--delete-file",
    ]);
    assert_eq!(p["state"], "purged");
    assert!(!eml.exists());
    assert_eq!(p["source"]["path"], "");

    // Nowhere in the database as SQLCipher itself sees it, nor in the audit trail.
    let pages = t.decrypted_pages();
    assert!(!contains(&pages, NAME.as_bytes()), "a path in the database");
    assert!(
        !contains(&pages, plain.as_bytes()),
        "the plain fingerprint would confirm a guessed message"
    );
    let log = t.ok(&["audit", "log"]).to_string();
    assert!(!log.contains(NAME), "a path in the audit details: {log}");

    // What stays: the medium and keyed hashes.
    let conn = t.sql();
    let (medium, path_key, fingerprint): (String, String, String) = conn
        .query_row(
            "SELECT source_medium, source_path_key, fingerprint FROM items WHERE id = ?1",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("row");
    assert_eq!(medium, "Outlook");
    assert_eq!(path_key.len(), 64);
    assert!(path_key.chars().all(|c| c.is_ascii_hexdigit()));
    assert!(fingerprint.starts_with("k1:") && !fingerprint.contains(&plain));
    let events = t.ok(&["audit", "log", &id]);
    let details = |action: &str| -> Value {
        events
            .as_array()
            .expect("events")
            .iter()
            .find(|e| e["action"] == action)
            .map(|e| e["details"].clone())
            .unwrap_or_else(|| panic!("{action} event"))
    };
    assert_eq!(
        details("source_file_deleted")["file_key"],
        path_key.as_str(),
        "the audit's keyed hash of the deleted file is the item's"
    );
    assert_eq!(details("exported")["medium"], "fil");
    assert!(details("exported")["to_key"].is_string());

    // The same message again, from another file: recognised, nothing new stored.
    let again = t.write("igen.eml", &mail());
    let r = t.ok(&["import", s(&again)]);
    assert_eq!(ids(&r), Vec::<i64>::new());
    assert_eq!(
        r["imported"][0]["duplicates"][0][1].as_i64(),
        Some(id.parse::<i64>().expect("id"))
    );
}

#[test]
fn plain_fingerprints_of_an_earlier_store_are_keyed_and_still_match() {
    let t = Inkom::new();
    let eml = t.write("brev.eml", &mail());
    let plain = plain_fingerprint(&eml);
    // A purged item as the first inkom left it: plain fingerprint, no content, no path.
    std::fs::create_dir_all(t.data_dir()).expect("mkdir");
    {
        let conn = rusqlite::Connection::open(t.db()).expect("create");
        conn.execute_batch(include_str!("../src/store/schema_v1.sql"))
            .expect("schema v1");
        conn.pragma_update(None, "user_version", 1)
            .expect("version");
        conn.execute(
            "INSERT INTO items (id, fingerprint, state, channel, direction, sender, recipients,
               received_at, received_at_utc, source_locator, source_sha256, imported_at,
               imported_by, purged_at, purged_by)
             VALUES (1, ?1, 'purged', 'email', 'in', 'Nils Prov <nils.prov@example.com>', '[]',
               '2026-11-02T10:00:00+01:00', '2026-11-02T09:00:00Z', '', 'abc',
               '2026-11-02T11:00:00+01:00', 'karin.test', '2026-11-03T11:00:00+01:00',
               'karin.test')",
            [&plain],
        )
        .expect("item");
    }
    // Opening migrates; the plain fingerprint is gone from every page.
    assert_eq!(t.ok(&["show", "1"])["state"], "purged");
    let fingerprint: String = t
        .sql()
        .query_row("SELECT fingerprint FROM items WHERE id = 1", [], |r| {
            r.get(0)
        })
        .expect("row");
    assert!(fingerprint.starts_with("k1:"), "{fingerprint}");
    assert!(!contains(&t.decrypted_pages(), plain.as_bytes()));
    // The purged message imported again is recognised.
    let r = t.ok(&["import", s(&eml)]);
    assert_eq!(ids(&r), Vec::<i64>::new());
    assert_eq!(r["imported"][0]["duplicates"][0][1].as_i64(), Some(1));
}

/// A personakt item's purge takes its sender (the client's address) and what the import
/// noted about it: a message in an mbox without a From: header gets its sender from the
/// separator line, and the note saying so named the address, which stayed in the store after
/// the purge (notes are kept: they are the received date's chain of custody).
#[test]
fn after_purge_no_import_note_names_the_client() {
    let t = Inkom::new();
    t.add_gallringsbeslut();
    const ADDRESS: &str = "vera.testsson@example.com";
    let mbox = t.write(
        "inkorg.mbox",
        format!(
            "From {ADDRESS} Mon Nov  2 10:00:00 2026\nTo: ifo@example.org\n\
             Subject: Ansokan\nDate: Mon, 2 Nov 2026 10:00:00 +0100\n\nHej, jag ansoker.\n"
        )
        .as_bytes(),
    );
    let id = t.import_first(&mbox);
    let item = t.ok(&["show", &id]);
    assert_eq!(item["sender"], ADDRESS, "{item}");
    let notes = item["source"]["notes"].to_string();
    assert!(
        notes.contains("avgränsarrad"),
        "the repair is noted: {notes}"
    );
    t.classify_personakt(&id, "Vera Testsson", "19121212-1212");
    t.walk_to(&id, Stop::Filed);
    let p = t.ok(&["confirm-source-deleted", &id, "--where", "Outlook"]);
    assert_eq!(p["state"], "purged", "{p}");
    assert!(!p.to_string().contains(ADDRESS), "in the purged item: {p}");
    assert!(
        p["source"]["notes"].to_string().contains("avgränsarrad"),
        "the note itself stays: {p}"
    );
    assert!(!contains(&t.decrypted_pages(), ADDRESS.as_bytes()));
}

/// A store written before the note stopped naming the address (schema 17) has it rewritten
/// when opened, the other notes kept in their order; a purged item loses the address with it.
#[test]
fn an_older_store_loses_the_address_in_its_notes() {
    let t = Inkom::new();
    t.add_gallringsbeslut();
    let mbox = t.write(
        "inkorg.mbox",
        b"From vera.testsson@example.com Mon Nov  2 10:00:00 2026\nTo: ifo@example.org\n\
          Subject: Ansokan\nDate: Mon, 2 Nov 2026 10:00:00 +0100\n\nHej.\n",
    );
    let id = t.import_first(&mbox);
    t.classify_personakt(&id, "Vera Testsson", "19121212-1212");
    t.walk_to(&id, Stop::Filed);
    assert_eq!(
        t.ok(&["confirm-source-deleted", &id, "--where", "Outlook"])["state"],
        "purged"
    );
    let old = serde_json::json!([
        "brevhuvudet innehöll okodade 8-bitarstecken; de lästes som Windows-1252",
        "avsändaren saknas i brevhuvudet; vera.testsson@example.com är hämtad från mbox-filens avgränsarrad",
        "inget läsbart Received-huvud",
    ]);
    {
        let conn = t.sql();
        conn.execute(
            "UPDATE items SET source_notes = ?1 WHERE id = ?2",
            rusqlite::params![old.to_string(), id],
        )
        .expect("an old note");
        crate::common::undo_migrations_23_to_19(&conn);
        conn.pragma_update(None, "user_version", 17)
            .expect("schema 17");
    }
    let notes = t.ok(&["show", &id])["source"]["notes"].clone();
    assert_eq!(
        notes,
        serde_json::json!([
            "brevhuvudet innehöll okodade 8-bitarstecken; de lästes som Windows-1252",
            "avsändaren saknas i brevhuvudet och är hämtad från mbox-filens avgränsarrad",
            "inget läsbart Received-huvud",
        ])
    );
    t.ok(&["list"]);
    assert!(!contains(
        &t.decrypted_pages(),
        b"vera.testsson@example.com"
    ));
}
