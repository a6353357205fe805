//! An import is one audit event (issue 15): it names the file, the format, the id range of the
//! items it stored and a SHA-256 over their ids and keyed fingerprints. Each item's history still
//! begins with it, a second import of the same file (all duplicates) writes none, and an item
//! edited, replaced or removed behind inkom's back breaks the chain at that event.

use crate::common;

use common::{Inkom, created_ids, s};
use serde_json::Value;

const THREE_CONVERSATIONS: &str = "synthetic/sms/sms-backup-restore_sv_3-konversationer.xml";

/// The store's `imported` events.
fn import_events(t: &Inkom) -> Vec<Value> {
    t.events(None)
        .into_iter()
        .filter(|e| e["action"] == "imported")
        .collect()
}

/// Imports the fixture one message per item and returns the store and the items' ids.
fn imported_per_message() -> (Inkom, Vec<i64>) {
    let t = Inkom::new();
    let xml = t.fixture(THREE_CONVERSATIONS);
    let ids = created_ids(&t.ok(&["import", "--per-message", s(&xml)]));
    assert!(
        ids.len() > 5,
        "the fixture holds more than a handful: {ids:?}"
    );
    (t, ids)
}

#[test]
fn one_event_covers_the_import_and_starts_every_items_history() {
    let (t, ids) = imported_per_message();
    let events = import_events(&t);
    assert_eq!(events.len(), 1, "one event for the file: {events:?}");
    let e = &events[0];
    assert_eq!(e["item_id"], Value::Null);
    let d = &e["details"];
    assert_eq!(d["items"], ids.len());
    assert_eq!(d["first_item"], ids[0]);
    assert_eq!(d["last_item"], *ids.last().expect("ids"));
    assert_eq!(d["format"], "sms_backup_restore_xml");
    assert_eq!(d["items_sha256"].as_str().map(str::len), Some(64));
    let file = std::fs::read(t.fixture(THREE_CONVERSATIONS)).expect("fixture");
    assert_eq!(d["source_sha256"], inkom::model::sha256_hex(&file));
    for id in &ids {
        let history = t.events(Some(&id.to_string()));
        assert_eq!(history.len(), 1, "item {id}: {history:?}");
        assert_eq!(history[0]["id"], e["id"], "item {id}");
    }
    t.assert_audit_intact();

    // The same file again: every message a duplicate, no item and no event.
    let again = t.ok(&[
        "import",
        "--per-message",
        s(&t.fixture(THREE_CONVERSATIONS)),
    ]);
    assert_eq!(created_ids(&again), Vec::<i64>::new());
    assert_eq!(import_events(&t).len(), 1);

    // Another file: its own event and range; an item's later events follow its import's.
    let eml = t.fixture("synthetic/email/sv_qp_iso-8859-1.eml");
    let mail = created_ids(&t.ok(&["import", s(&eml)]));
    assert_eq!(mail, [ids.last().expect("ids") + 1]);
    let mail_id = mail[0].to_string();
    t.classify_ringa(&mail_id);
    assert_eq!(t.actions(&mail_id), ["imported", "classified"]);
    let events = import_events(&t);
    assert_eq!(events.len(), 2);
    assert_eq!(events[1]["details"]["first_item"], mail[0]);
    assert_eq!(events[1]["details"]["format"], "eml");
    assert_eq!(t.events(Some(&mail_id))[0]["id"], events[1]["id"]);
    t.assert_audit_intact();

    // The printed log names each import's items in its "Objekt" column.
    let pdf = t.files().join("granskningslogg.pdf");
    t.export_audit_today(&pdf, &[]);
    let text = common::pdftotext(&pdf);
    let range = format!("{}–{}", ids[0], ids.last().expect("ids"));
    assert!(text.contains(&range), "{range} missing in:\n{text}");
}

#[test]
fn an_item_edited_behind_inkoms_back_breaks_the_chain_at_its_import() {
    let (t, ids) = imported_per_message();
    let event = import_events(&t)[0]["id"].as_i64().expect("event id");
    // Someone with the key gives one item another fingerprint (items have no append-only
    // guard; the import's digest is what catches it).
    t.sql()
        .execute(
            "UPDATE items SET fingerprint = ?2 WHERE id = ?1",
            rusqlite::params![ids[1], "0".repeat(64)],
        )
        .expect("edit");
    let (at, reason) = t.broken_audit();
    assert_eq!(at, event);
    assert!(reason.contains("no longer match"), "{reason}");
}

#[test]
fn an_item_removed_behind_inkoms_back_breaks_the_chain_at_its_import() {
    let (t, ids) = imported_per_message();
    let event = import_events(&t)[0]["id"].as_i64().expect("event id");
    let conn = t.sql();
    conn.execute("DELETE FROM items WHERE id = ?1", [ids[2]])
        .expect("delete");
    drop(conn);
    let (at, reason) = t.broken_audit();
    assert_eq!(at, event);
    assert!(reason.contains("no longer match"), "{reason}");
}

#[test]
fn a_grouped_import_is_one_event_for_its_threads() {
    let t = Inkom::new();
    let xml = t.fixture(THREE_CONVERSATIONS);
    let ids = created_ids(&t.ok(&["import", s(&xml)]));
    assert!((3..10).contains(&ids.len()), "a few conversations: {ids:?}");
    let events = import_events(&t);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["details"]["items"], ids.len());
    t.assert_audit_intact();
}

/// An import event whose details were replaced by something that is not JSON is not quietly
/// left out of its items' histories: showing one fails with a clear message, and the chain
/// names the event.
#[test]
fn an_import_event_made_unreadable_is_reported_not_left_out() {
    let (t, ids) = imported_per_message();
    let event = import_events(&t)[0]["id"].as_i64().expect("event id");
    let conn = t.sql();
    conn.execute_batch("DROP TRIGGER audit_events_no_update;")
        .expect("drop the guard");
    conn.execute(
        "UPDATE audit_events SET details = 'inte json' WHERE id = ?1",
        [event],
    )
    .expect("edit");
    drop(conn);
    let (code, message) = t.refused(&["audit", "log", &ids[0].to_string()]);
    assert_eq!(code, "store");
    assert!(
        message.contains("audit.details i databasen är skadat"),
        "{message}"
    );
    assert!(!message.contains("inte json"), "{message}");
    let (at, _) = t.broken_audit();
    assert_eq!(at, event);
}

/// An item put into the store past inkom (a copied row, a hand-made one) was stored by no
/// import: the log does not account for it, and verification says which item.
#[test]
fn an_item_added_behind_inkoms_back_is_named() {
    let (t, ids) = imported_per_message();
    let last = *ids.last().expect("ids");
    let conn = t.sql();
    conn.execute(
        "INSERT INTO items (fingerprint, state, channel, direction, recipients, received_at,
             received_at_utc, source_locator, source_sha256, imported_at, imported_by)
         SELECT 'k1:' || ?2, state, channel, direction, recipients, received_at,
             received_at_utc, source_locator, source_sha256, imported_at, imported_by
         FROM items WHERE id = ?1",
        rusqlite::params![last, "a".repeat(64)],
    )
    .expect("insert a copy");
    let added = conn.last_insert_rowid();
    let head: i64 = conn
        .query_row("SELECT max(id) FROM audit_events", [], |r| r.get(0))
        .expect("head");
    drop(conn);
    assert_eq!(added, last + 1);
    let (at, reason) = t.broken_audit();
    assert_eq!(at, head);
    assert!(
        reason.contains(&format!("item {added} was stored by no import")),
        "{reason}"
    );
}

/// The import's text summary names its items as ranges, not one id after another (100,000
/// ids made a line of 700 kB), and the duplicates of a second import the same way.
#[test]
fn the_summary_names_the_items_as_a_range() {
    let t = Inkom::new();
    let xml = t.fixture(THREE_CONVERSATIONS);
    let first = t.run(&["import", "--per-message", s(&xml)]);
    assert!(first.status.success());
    let mut ids: Vec<i64> = t
        .ok(&["list"])
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["id"].as_i64().expect("id"))
        .collect();
    ids.sort_unstable();
    let (a, b) = (ids[0], *ids.last().expect("ids"));
    let n = ids.len();
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert!(
        stdout.contains(&format!("{n} nya objekt (id {a}–{b})")),
        "{stdout}"
    );
    let again = t.run(&["import", "--per-message", s(&xml)]);
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(
        stdout.contains(&format!(
            "inga nya objekt; {n} fanns redan och importerades inte igen (objekt {a}–{b})"
        )),
        "{stdout}"
    );
}
