//! Issue 13, guard rail 2, through the real binary: `confirm-source-deleted --delete-file` refuses
//! an export file that holds messages inkom never got (other conversations, messages left out by
//! --thread/--from/--to/--ids) and lists them; duplicates of what inkom has do not count; the
//! caseworker's acknowledgement ("exporten är en kopia; telefonen har kvar resten") lets it go and
//! is in the audit trail. Refusals leave the store and the file unchanged.

use crate::common;

use common::{Inkom, Stop, created_ids as ids, s};
use serde_json::Value;

/// An SMS Backup & Restore file of single received messages (number, ms since epoch, text).
fn sms_xml(messages: &[(&str, i64, &str)]) -> String {
    let mut xml = String::from("<?xml version='1.0' encoding='UTF-8'?>\n<smses>\n");
    for (number, date, text) in messages {
        xml.push_str(&format!(
            "<sms address=\"{number}\" date=\"{date}\" type=\"1\" body=\"{text}\" />\n"
        ));
    }
    xml.push_str("</smses>\n");
    xml
}

/// Takes a diarium item to the point where its source may go (registered, printed, diary
/// number).
fn ready_to_delete(t: &Inkom, id: &str) {
    t.classify_diarium(id, "Ansökan om kontaktperson");
    t.walk_to(id, Stop::InDiarium("SN 2026/0042"));
}

fn file_deleted_event(t: &Inkom, id: &str) -> Value {
    t.last_event(id, "source_file_deleted")
}

#[test]
fn an_export_with_other_conversations_is_kept_until_the_caseworker_acknowledges_it() {
    let t = Inkom::new();
    // The purge after the deletion is gallring under the unit's decision (rule 8).
    t.add_gallringsbeslut();
    let xml = t.fixture("synthetic/sms/sms-backup-restore_sv_3-konversationer.xml");
    let id = ids(&t.ok(&["import", "--thread", "070-174 06 17", s(&xml)]))[0].to_string();
    ready_to_delete(&t, &id);

    let delete = [
        "confirm-source-deleted",
        &id,
        "--where",
        "Exportfilen",
        "--delete-file",
    ];
    let msg = t.refused_unchanged(&delete, "export_has_more");
    // 28 messages in the file, 9 in the imported conversation.
    assert!(msg.contains("19 meddelanden"), "{msg}");
    assert!(msg.contains("samtal med +46701740605"), "{msg}");
    assert!(
        msg.contains("--ack-partial-export"),
        "says what to do: {msg}"
    );
    assert!(
        !msg.contains("ansökan"),
        "no message text in the refusal: {msg}"
    );
    assert!(xml.exists(), "a refusal leaves the file");

    // The acknowledgement alone, without --delete-file, is no command.
    let before = t.snapshot();
    let out = t.run(&[
        "confirm-source-deleted",
        &id,
        "--where",
        "Exportfilen",
        "--ack-partial-export",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--delete-file"));
    assert_eq!(t.snapshot(), before);

    let mut acked = delete.to_vec();
    acked.push("--ack-partial-export");
    let done = t.ok(&acked);
    assert_eq!(done["state"], "purged");
    assert!(!xml.exists(), "acknowledged: inkom deleted the file");
    let event = file_deleted_event(&t, &id);
    assert_eq!(
        event["details"]["partial_export"]["acknowledged"],
        "exporten är en kopia; telefonen har kvar resten"
    );
    assert_eq!(
        event["details"]["partial_export"]["messages_not_in_inkom"],
        19
    );
    t.assert_audit_intact();
}

#[test]
fn messages_left_out_by_a_date_range_block_until_imported() {
    let t = Inkom::new();
    let xml = t.write(
        "export.xml",
        sms_xml(&[
            ("+46701740651", 1_793_700_000_000, "Första"),
            ("+46701740651", 1_793_800_000_000, "Andra"),
            ("+46701740651", 1_793_900_000_000, "Tredje"),
        ])
        .as_bytes(),
    );
    // 1_793_700_000_000 ms is 2026-11-03; the range takes the first two days only.
    let first = ids(&t.ok(&[
        "import",
        "--from",
        "2026-11-03",
        "--to",
        "2026-11-04",
        s(&xml),
    ]))[0]
        .to_string();
    t.ok(&["classify", &first, "--as", "ringa"]);
    let delete = [
        "confirm-source-deleted",
        &first,
        "--where",
        "Exportfilen",
        "--delete-file",
    ];
    let msg = t.refused_unchanged(&delete, "export_has_more");
    assert!(
        msg.contains("1 meddelande ") && msg.contains("samtal med +46701740651"),
        "{msg}"
    );

    // The rest imported too (its own item, handled as ringa): nothing is left out any more.
    let rest = ids(&t.ok(&["import", "--from", "2026-11-05", s(&xml)]))[0].to_string();
    t.ok(&["classify", &rest, "--as", "ringa"]);
    t.ok(&delete);
    assert!(!xml.exists());
    let event = file_deleted_event(&t, &first);
    assert_eq!(event["details"]["partial_export"], Value::Null);
}

#[test]
fn duplicates_of_what_inkom_has_do_not_block() {
    let t = Inkom::new();
    let a = ("+46701740652", 1_793_700_000_000, "Hej, det gäller mötet.");
    let b = ("+46701740653", 1_793_750_000_000, "Kan vi ses på fredag?");
    // An older export holds conversation A; it was imported whole.
    let old = t.write("gammal.xml", sms_xml(&[a]).as_bytes());
    ids(&t.ok(&["import", s(&old)]));
    // A newer export holds A again and B; only B is imported from it.
    let new = t.write("ny.xml", sms_xml(&[a, b]).as_bytes());
    let id = ids(&t.ok(&["import", "--thread", "+46701740653", s(&new)]))[0].to_string();
    ready_to_delete(&t, &id);
    t.ok(&[
        "confirm-source-deleted",
        &id,
        "--where",
        "Exportfilen",
        "--delete-file",
    ]);
    assert!(
        !new.exists(),
        "A is in inkom already: the newer file may go"
    );
    assert!(old.exists());
}

#[test]
fn a_whole_file_imported_before_imports_recorded_their_messages_still_goes() {
    let t = Inkom::new();
    let xml = t.write(
        "export.xml",
        sms_xml(&[
            ("+46701740654", 1_793_700_000_000, "Ett"),
            ("+46701740654", 1_793_700_100_000, "Två"),
        ])
        .as_bytes(),
    );
    let id = t.import_first(&xml);
    // As an inkom before this check left it: no record of the messages taken.
    t.sql()
        .execute("DELETE FROM source_messages", [])
        .expect("forget");
    t.ok(&["classify", &id, "--as", "ringa"]);
    t.ok(&[
        "confirm-source-deleted",
        &id,
        "--where",
        "Exportfilen",
        "--delete-file",
    ]);
    assert!(
        !xml.exists(),
        "the whole conversation is an item of its own"
    );
}

#[test]
fn an_mbox_lists_the_mails_left_out_by_sender_and_date() {
    let t = Inkom::new();
    let mbox = t.fixture("synthetic/email/sv_tre-meddelanden.mbox");
    let id = ids(&t.ok(&["import", "--ids", "2", s(&mbox)]))[0].to_string();
    t.ok(&["classify", &id, "--as", "ringa"]);
    let msg = t.refused_unchanged(
        &[
            "confirm-source-deleted",
            &id,
            "--where",
            "Filen",
            "--delete-file",
        ],
        "export_has_more",
    );
    assert!(msg.contains("2 meddelanden"), "{msg}");
    assert!(
        msg.contains("e-post från") && msg.contains("eva.holm@skola.example.se"),
        "{msg}"
    );
    assert!(msg.contains("2026-11-10 15:45:10"), "{msg}");
    assert!(
        !msg.contains("jonas.ek"),
        "the imported mail is not listed: {msg}"
    );
    assert!(mbox.exists());
}

#[test]
fn a_whole_mbox_imported_goes_also_when_a_mail_was_the_units_own() {
    // A mail from one of the unit's own addresses is stored as sent by the unit, so its item's
    // fingerprint is not the one the file gives; the import records that message separately
    // (the others are recorded by their items' fingerprints alone).
    let t = Inkom::new();
    t.ok(&[
        "settings",
        "set",
        "unit_addresses",
        "eva.holm@skola.example.se",
    ]);
    let mbox = t.fixture("synthetic/email/sv_tre-meddelanden.mbox");
    let created = ids(&t.ok(&["import", s(&mbox)]));
    assert_eq!(created.len(), 3);
    let own = created[0].to_string();
    assert_eq!(
        t.ok(&["show", &own])["direction"],
        "out",
        "sent by the unit"
    );
    let taken: i64 = t
        .sql()
        .query_row("SELECT count(*) FROM source_messages", [], |r| r.get(0))
        .expect("count");
    assert_eq!(
        taken, 1,
        "only the unit's own mail needs a record of its own"
    );
    // Every item from the file may lose its source (the shared-source rail).
    for id in &created {
        t.ok(&["classify", &id.to_string(), "--as", "ringa"]);
    }
    t.ok(&[
        "confirm-source-deleted",
        &own,
        "--where",
        "Filen",
        "--delete-file",
    ]);
    assert!(!mbox.exists(), "every mail in the file is in inkom");
}
