//! No message stored twice (issue 15): an export imported again after its conversations grew,
//! or imported one message per item after it was imported by conversation (and the other way
//! round), stores only the messages the store does not hold. Each message of the file ends in
//! exactly one item, whatever the order and mode of the imports, and the summary counts the
//! rest as already there.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{Inkom, s};
use serde_json::Value;

use crate::common;

/// One SMS of a test export: the counterpart's number, seconds after the first message,
/// received (true) or sent, and its text.
type Sms = (&'static str, u64, bool, &'static str);

const ELSA: &str = "+46701740605";
const OMAR: &str = "+46701740606";

/// A conversation with Elsa (three messages) and one with Omar (two, one in Tigrinya).
const FIRST: [Sms; 5] = [
    (ELSA, 0, true, "Hej, kan vi ses på tisdag?"),
    (ELSA, 60, false, "Ja, klockan tio."),
    (ELSA, 120, true, "Bra, tack."),
    (OMAR, 180, true, "ሰነድ ተላኢኹ ኣሎ።"),
    (OMAR, 240, false, "Tack, det har kommit."),
];

/// What the phone held a week later: both conversations, Elsa's two messages longer (in Arabic
/// and Chinese: the fingerprints and the continued conversation hold any script).
const GROWN: [Sms; 7] = [
    FIRST[0],
    FIRST[1],
    FIRST[2],
    FIRST[3],
    FIRST[4],
    (ELSA, 300, true, "سأتأخر عشر دقائق."),
    (ELSA, 360, false, "好的，我们等你。"),
];

fn export(t: &Inkom, name: &str, messages: &[Sms]) -> PathBuf {
    export_as(t, name, messages, |address| {
        (address.to_string(), "(Unknown)")
    })
}

/// [`export`] with each counterpart's number as `shown` writes it, and the contact name the
/// phone's address book gave it then.
fn export_as(
    t: &Inkom,
    name: &str,
    messages: &[Sms],
    shown: impl Fn(&str) -> (String, &'static str),
) -> PathBuf {
    let mut xml = format!(
        "<?xml version='1.0' encoding='UTF-8'?>\n<smses count=\"{}\">\n",
        messages.len()
    );
    for (address, secs, received, body) in messages {
        let (address, contact) = shown(address);
        xml.push_str(&format!(
            "<sms address=\"{address}\" date=\"{}\" type=\"{}\" body=\"{body}\" \
             contact_name=\"{contact}\" />\n",
            1_790_000_000_000 + secs * 1000,
            if *received { 1 } else { 2 }
        ));
    }
    xml.push_str("</smses>\n");
    t.write(name, xml.as_bytes())
}

/// Imports one file (grouped unless `per_message`); its JSON result.
fn import(t: &Inkom, file: &Path, per_message: bool) -> Value {
    let mut args = vec!["import"];
    if per_message {
        args.push("--per-message");
    }
    args.push(s(file));
    t.ok(&args)["imported"][0].clone()
}

/// The tally's (imported, duplicates), checked to add up to the file's messages.
fn tally(result: &Value) -> (u64, u64) {
    let t = &result["tally"];
    let n = |k: &str| {
        t[k].as_u64()
            .unwrap_or_else(|| panic!("tally.{k}: {result}"))
    };
    assert_eq!(
        n("messages"),
        n("imported") + n("duplicates") + n("not_selected") + n("skipped"),
        "{result}"
    );
    (n("imported"), n("duplicates"))
}

/// Every message text in the store with how many items hold it (a conversation's parts, or an
/// item's own text).
fn stored_texts(t: &Inkom) -> BTreeMap<String, usize> {
    let mut texts = BTreeMap::new();
    for summary in t.ok(&["list"]).as_array().expect("list") {
        let id = summary["id"].as_i64().expect("id").to_string();
        let item = t.ok(&["show", &id]);
        let parts = item["parts"].as_array().expect("parts");
        if parts.is_empty() {
            *texts
                .entry(item["body"].as_str().expect("body").to_string())
                .or_default() += 1;
        }
        for part in parts {
            *texts
                .entry(part["text"].as_str().expect("text").to_string())
                .or_default() += 1;
        }
    }
    texts
}

/// Each message of `messages` is in exactly one item, and nothing else is stored.
fn each_once(t: &Inkom, messages: &[Sms]) {
    let expected: BTreeMap<String, usize> = messages.iter().map(|m| (m.3.to_string(), 1)).collect();
    assert_eq!(stored_texts(t), expected);
}

fn notes(result: &Value) -> Vec<String> {
    result["skipped"]
        .as_array()
        .expect("notes")
        .iter()
        .map(|n| n.as_str().expect("note").to_string())
        .collect()
}

#[test]
fn a_grown_conversation_is_stored_with_its_new_messages_only() {
    let t = Inkom::new();
    let first = import(&t, &export(&t, "vecka1.xml", &FIRST), false);
    assert_eq!(tally(&first), (5, 0));
    // Elsa's conversation first (its first message is the earlier), then Omar's.
    let elsa_id = first["created"][0].as_i64().expect("two conversations");
    let omar_id = first["created"][1].as_i64().expect("two conversations");

    let grown = export(&t, "vecka2.xml", &GROWN);
    let second = import(&t, &grown, false);
    assert_eq!(tally(&second), (2, 5), "{second}");
    let created = second["created"].as_array().expect("created");
    assert_eq!(created.len(), 1, "{second}");
    // Omar's conversation is the same: found as it is.
    assert_eq!(
        second["duplicates"][0][1].as_i64(),
        Some(omar_id),
        "{second}"
    );
    let new = t.ok(&["show", &created[0].to_string()]);
    let parts: Vec<&str> = new["parts"]
        .as_array()
        .expect("parts")
        .iter()
        .map(|p| p["text"].as_str().expect("text"))
        .collect();
    assert_eq!(parts, ["سأتأخر عشر دقائق.", "好的，我们等你。"]);
    let item_notes = new["source"]["notes"].to_string();
    assert!(
        item_notes.contains("3 av trådens meddelanden i filen fanns redan i inkom"),
        "{item_notes}"
    );
    // …and names the item that holds them, for the registrar reading the printout.
    assert!(
        item_notes.contains(&format!("Fortsättning på tråden i objekt {elsa_id}")),
        "{item_notes}"
    );
    each_once(&t, &GROWN);

    // The same file once more, by conversation and then one per message: nothing new, and
    // the summary says where the messages are.
    let third = import(&t, &grown, false);
    assert_eq!(tally(&third), (0, 7), "{third}");
    assert!(
        notes(&third)
            .iter()
            .any(|n| n.starts_with("5 meddelanden fanns redan i inkom, i andra objekt")),
        "{third}"
    );
    let per_message = import(&t, &grown, true);
    assert_eq!(tally(&per_message), (0, 7), "{per_message}");
    assert_eq!(per_message["created"].as_array().map(Vec::len), Some(0));
    each_once(&t, &GROWN);

    // A week later still: the thread continues the continuation, the newest item of it.
    let mut third_week = GROWN.to_vec();
    third_week.push((ELSA, 420, true, "Jag står utanför."));
    let fourth = import(&t, &export(&t, "vecka3.xml", &third_week), false);
    assert_eq!(tally(&fourth), (1, 7), "{fourth}");
    let newest = t.ok(&["show", &fourth["created"][0].to_string()]);
    let newest_notes = newest["source"]["notes"].to_string();
    assert!(
        newest_notes.contains(&format!("Fortsättning på tråden i objekt {}", created[0])),
        "{newest_notes}"
    );
    each_once(&t, &third_week);
    t.assert_audit_intact();
}

/// The phone's export a week later, after Elsa was saved as a contact and with Omar's number
/// as the phone wrote it then (0701740606): the contact name and the way the number is written
/// are the address book's, not the messages', and every old message is still known, in
/// whichever mode either file is imported. Before, all of them were stored again.
#[test]
fn a_contact_saved_between_two_exports_leaves_the_old_messages_known() {
    for (first_per_message, again_per_message) in
        [(false, false), (false, true), (true, false), (true, true)]
    {
        let t = Inkom::new();
        import(&t, &export(&t, "vecka1.xml", &FIRST), first_per_message);
        let grown = export_as(&t, "vecka2.xml", &GROWN, |address| match address {
            ELSA => (ELSA.to_string(), "Elsa Berg"),
            _ => ("070-174 06 06".to_string(), "(Unknown)"),
        });
        let second = import(&t, &grown, again_per_message);
        let modes = (first_per_message, again_per_message);
        assert_eq!(tally(&second), (2, 5), "{modes:?}: {second}");
        each_once(&t, &GROWN);
        t.assert_audit_intact();
    }
}

/// A store an older inkom wrote (tests/store_contacts, made by the build before fingerprints
/// left contact names out): a conversation and three messages one per item, all with contact
/// names and one number written 0701740672. Imported again in either mode, nothing is stored
/// twice; the conversation's file may still be deleted by inkom, its messages found by the
/// fingerprints as written.
#[test]
fn a_store_an_older_inkom_wrote_with_contact_names_knows_its_messages() {
    let made = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/store_contacts");
    for per_message in [false, true] {
        let t = Inkom::new();
        older_store(&t);
        for name in ["conversation.xml", "alone.xml"] {
            let file = t.files().join(name);
            std::fs::copy(made.join(name), &file).expect("copy export");
            let again = import(&t, &file, per_message);
            assert_eq!(
                tally(&again),
                (0, 3),
                "{name}, per message {per_message}: {again}"
            );
            assert_eq!(
                again["created"].as_array().map(Vec::len),
                Some(0),
                "{again}"
            );
        }
        assert_eq!(t.ok(&["list"]).as_array().map(Vec::len), Some(4));
        t.assert_audit_intact();
    }
    let t = Inkom::new();
    older_store(&t);
    // The file at the path the older inkom imported it from, unchanged.
    let file = t.files().join("conversation.xml");
    std::fs::copy(made.join("conversation.xml"), &file).expect("copy export");
    t.sql()
        .execute("UPDATE items SET source_path = ?1 WHERE id = 1", [s(&file)])
        .expect("the file where it was imported from");
    registered_and_deleted(&t, "1", "IFO 2026-20", &file);
}

/// `t`'s store is a copy of the one `8284137` wrote (tests/store_contacts).
fn older_store(t: &Inkom) {
    let made = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/store_contacts");
    std::fs::create_dir_all(t.data_dir()).expect("data dir");
    for name in ["inkom.key", "inkom.sqlite3"] {
        std::fs::copy(made.join(name), t.data_dir().join(name)).expect("copy store");
    }
}

/// The same store, and exports made after the contacts were renamed and with Omar's number
/// written +46701740672: neither the fingerprint nor the one as written is what the older inkom
/// stored, but the store's migration to schema 22 recorded today's fingerprint of every message
/// it could rebuild exactly. Imported again in either mode, nothing is stored twice.
#[test]
fn a_store_an_older_inkom_wrote_knows_its_messages_after_a_contact_is_renamed() {
    let made = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/store_contacts");
    for per_message in [false, true] {
        let t = Inkom::new();
        older_store(&t);
        for name in ["conversation.xml", "alone.xml"] {
            let export = std::fs::read_to_string(made.join(name)).expect("export");
            let renamed = export
                .replace("Sara Lund", "Sara L (hyresvärd)")
                .replace("Omar Haddad", "Omar")
                .replace("address=\"0701740672\"", "address=\"+46701740672\"");
            assert_ne!(renamed, export);
            let file = t.write(name, renamed.as_bytes());
            let again = import(&t, &file, per_message);
            assert_eq!(
                tally(&again),
                (0, 3),
                "{name}, per message {per_message}: {again}"
            );
        }
        assert_eq!(t.ok(&["list"]).as_array().map(Vec::len), Some(4));
        t.assert_audit_intact();
    }
}

#[test]
fn messages_imported_one_per_item_are_not_folded_into_a_conversation_again() {
    let t = Inkom::new();
    let first = import(&t, &export(&t, "vecka1.xml", &FIRST), true);
    assert_eq!(tally(&first), (5, 0));
    let second = import(&t, &export(&t, "vecka2.xml", &GROWN), false);
    assert_eq!(tally(&second), (2, 5), "{second}");
    assert_eq!(second["created"].as_array().map(Vec::len), Some(1));
    assert!(
        notes(&second)
            .iter()
            .any(|n| n.starts_with("2 meddelanden fanns redan i inkom, i andra objekt")),
        "Omar's two, stored one per item: {second}"
    );
    each_once(&t, &GROWN);
}

/// A message twice in one new file (an export that repeats itself) is new both times: the
/// second copy is not "already stored" by the first, and neither is lost. Imported again, the
/// conversation is found as it is.
#[test]
fn a_message_twice_in_one_file_is_kept_and_found_again() {
    let t = Inkom::new();
    let twice = [FIRST[0], FIRST[1], FIRST[1], FIRST[2]];
    let file = export(&t, "dubbel.xml", &twice);
    let first = import(&t, &file, false);
    assert_eq!(tally(&first), (4, 0), "{first}");
    let id = first["created"][0].as_i64().expect("a conversation");
    let item = t.ok(&["show", &id.to_string()]);
    assert_eq!(item["parts"].as_array().map(Vec::len), Some(4));
    let again = import(&t, &file, false);
    assert_eq!(tally(&again), (0, 4), "{again}");
    assert_eq!(again["duplicates"][0][1].as_i64(), Some(id), "{again}");

    // Imported one per item first (the second copy a duplicate of the first), then by
    // conversation: both copies are known.
    let t = Inkom::new();
    let file = export(&t, "dubbel.xml", &twice);
    assert_eq!(tally(&import(&t, &file, true)), (3, 1));
    let grouped = import(&t, &file, false);
    assert_eq!(tally(&grouped), (0, 4), "{grouped}");
    each_once(&t, &FIRST[..3]);
}

/// A store that knows none of the file's messages: the import stores them all, whatever the
/// store held before (the lookups are not fooled by other messages).
#[test]
fn a_store_with_other_messages_knows_none_of_a_new_file() {
    let t = Inkom::new();
    import(&t, &export(&t, "elsa.xml", &FIRST[..3]), true);
    let omar = import(&t, &export(&t, "omar.xml", &FIRST[3..]), false);
    assert_eq!(tally(&omar), (2, 0), "{omar}");
    let per_message = import(&t, &export(&t, "ny.xml", &GROWN[5..]), true);
    assert_eq!(tally(&per_message), (2, 0), "{per_message}");
    each_once(&t, &GROWN);
}

/// A file that is one document (an e-mail, an Outlook message, a screenshot) imported again
/// after the reader changed what it makes of it (here: the stored fingerprint is what an older
/// reader's text gave, as an RTF-only Outlook message's did before its text could be read) is
/// still that document: no second item. A file of other bytes with the same locator is new.
#[test]
fn a_one_document_file_imported_again_after_the_reader_changed_is_known() {
    let t = Inkom::new();
    let eml = t.fixture("synthetic/email/sv_qp_iso-8859-1.eml");
    let first = import(&t, &eml, false);
    let id = first["created"][0].as_i64().expect("an item");
    t.sql()
        .execute(
            "UPDATE items SET fingerprint = ?2 WHERE id = ?1",
            rusqlite::params![id, "f".repeat(64)],
        )
        .expect("an older reader's fingerprint");
    let again = import(&t, &eml, false);
    assert_eq!(tally(&again), (0, 1), "{again}");
    assert_eq!(again["duplicates"][0][1].as_i64(), Some(id), "{again}");
    assert_eq!(t.ok(&["list"]).as_array().map(Vec::len), Some(1));

    // Another file with a message of its own is not taken for it.
    let other = t.write(
        "annat.eml",
        b"From: Nils Prov <nils.prov@example.com>\r\nTo: ifo@exempelby.example\r\n\
          Subject: Annat\r\nDate: Mon, 2 Nov 2026 10:00:00 +0100\r\n\r\nEtt annat brev.\r\n",
    );
    assert_eq!(tally(&import(&t, &other, false)), (1, 0));
    assert_eq!(t.ok(&["list"]).as_array().map(Vec::len), Some(2));
}

/// An e-mail file imported by an inkom that read it otherwise (another fingerprint) is the
/// item it was when imported again (the whole-file rule), and the check before inkom deletes
/// the file finds its message in inkom, imported again or not: before, the deletion was
/// refused as "1 meddelande som inte finns i inkom" until the caseworker acknowledged a
/// partial export.
#[test]
fn a_file_imported_again_after_a_reader_changed_may_still_be_deleted() {
    let t = Inkom::new();
    let eml = t.write(
        "brev.eml",
        b"From: Testperson Ett <ett@example.org>\r\nTo: ifo@exempelby.example\r\n\
          Subject: Ansokan\r\nDate: Thu, 3 Dec 2026 09:00:00 +0100\r\n\r\nHej.\r\n",
    );
    let id = t.import_first(&eml);
    t.sql()
        .execute(
            "UPDATE items SET fingerprint = 'k1:' || hex(randomblob(32))",
            [],
        )
        .expect("what an older reader stored");
    let again = t.ok(&["import", s(&eml)]);
    assert_eq!(
        again["imported"][0]["duplicates"][0][1].to_string(),
        id,
        "{again}"
    );
    registered_and_deleted(&t, &id, "IFO 2026-18", &eml);

    // Not imported again: the check reads the file anew and finds its message by its place.
    let eml = t.write(
        "brev2.eml",
        b"From: Testperson Ett <ett@example.org>\r\nTo: ifo@exempelby.example\r\n\
          Subject: Komplettering\r\nDate: Thu, 3 Dec 2026 10:00:00 +0100\r\n\r\nHej igen.\r\n",
    );
    let id = t.import_first(&eml);
    t.sql()
        .execute(
            "UPDATE items SET fingerprint = 'k1:' || hex(randomblob(32)) WHERE id = ?1",
            [&id],
        )
        .expect("what an older reader stored");
    registered_and_deleted(&t, &id, "IFO 2026-19", &eml);
}

/// Registers item `id` in the diarium and lets inkom delete its source file `file`.
fn registered_and_deleted(t: &Inkom, id: &str, diarienummer: &str, file: &Path) {
    t.classify_diarium(id, "Ansökan");
    t.walk_to(id, common::Stop::InDiarium(diarienummer));
    let done = t.ok(&[
        "confirm-source-deleted",
        id,
        "--where",
        "filen",
        "--delete-file",
    ]);
    assert_eq!(done["state"], "source_deleted", "{done}");
    assert!(!file.exists());
}
