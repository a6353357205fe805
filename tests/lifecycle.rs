//! The whole road for each class, through the real binary, on fixture files; every refused step;
//! duplicate import; malformed input; audit tampering.

use crate::common;

use common::{Inkom, Stop, created_ids as ids, pdf_text_contains, pdftotext, s};
use serde_json::Value;

fn setup_unit(t: &Inkom) {
    t.ok(&["settings", "set", "organisation", "Exempelby kommun"]);
    t.ok(&["settings", "set", "authority", "Socialnämnden"]);
    t.ok(&["settings", "set", "unit", "Individ- och familjeomsorgen"]);
    // The purge after printing is gallring: it cites the unit's decision (guard rail 8).
    t.add_gallringsbeslut();
}

#[test]
fn diarium_sms_travels_the_whole_road() {
    let t = Inkom::new();
    setup_unit(&t);
    let xml = t.fixture("synthetic/sms/sms-backup-restore_sv_3-konversationer.xml");
    let import = t.ok(&["import", s(&xml)]);
    let created = ids(&import);
    assert_eq!(
        created.len(),
        4,
        "four conversations, each one item: {import}"
    );

    // The neighbour's report of concern (orosanmälan): first message from +46701740648.
    let id = t.item_from("+46701740648");
    let shown = t.ok(&["show", &id]);
    let body = shown["body"].as_str().expect("body").to_string();
    assert!(
        body.starts_with("2026-11-02 10:03:12 från +46701740648\nHej, jag bor granne"),
        "{body}"
    );
    assert_eq!(
        shown["parts"].as_array().map(Vec::len),
        Some(5),
        "question and replies together"
    );
    assert_eq!(shown["parts"][1]["direction"], "out");
    assert_eq!(shown["received_at"], "2026-11-02T10:03:12+01:00");

    let c = t.ok(&[
        "classify",
        &id,
        "--as",
        "diarium",
        "--description",
        "Orosanmälan, barn",
        "--secrecy",
        "Sekretess enligt 26 kap. 1 § OSL",
    ]);
    assert_eq!(c["state"], "classified");
    assert_eq!(c["classification"]["sender_secret"], true);
    assert_eq!(
        c["classification"]["secrecy"]["provision"],
        "26 kap. 1 § OSL"
    );

    let pdf = t.files().join("blad.pdf");
    let r = t.ok(&["register", &id, "--out", s(&pdf)]);
    assert_eq!(r["state"], "registered");
    let designation = r["registration"]["designation"]
        .as_str()
        .expect("designation")
        .to_string();
    assert!(designation.starts_with("INK-20"), "{designation}");
    let text = pdftotext(&pdf);
    // The transcript: every message of the thread, exactly, with its line breaks.
    for part in shown["parts"].as_array().expect("parts") {
        let message = part["text"].as_str().expect("text");
        assert!(
            pdf_text_contains(&text, message),
            "PDF text lacks a message of the thread:\n{message}\n---\n{text}"
        );
    }
    assert!(text.contains("Orosanmälan, barn"));
    assert!(text.contains("26 kap. 1 § OSL"));
    assert!(text.contains("Enskild – uppgift om avsändaren omfattas av sekretess"));
    assert!(text.contains("Exempelby kommun"));
    assert!(text.contains(&designation));
    let pages: Vec<(usize, usize)> = regex::Regex::new(r"Sida (\d+) av (\d+)")
        .expect("regex")
        .captures_iter(&text)
        .map(|c| (c[1].parse().expect("n"), c[2].parse().expect("m")))
        .collect();
    let total = pages.len();
    assert!(total >= 1, "{text}");
    assert_eq!(pages, (1..=total).map(|n| (n, total)).collect::<Vec<_>>());

    assert_eq!(t.ok(&["confirm-printed", &id])["state"], "printed");
    // Not in the diarium yet: the source must stay (guard rail 1), and nothing changes.
    let before = t.snapshot();
    let (code, msg) = t.refused(&["confirm-source-deleted", &id, "--where", "tjänstemobil"]);
    assert_eq!(code, "no_diarienummer", "{msg}");
    assert!(msg.contains("inkom set-dnr"), "says what to do next: {msg}");
    assert_eq!(t.snapshot(), before);
    let n = t.ok(&["set-dnr", &id, " SN 2026/0042 "]);
    assert_eq!(n["registration"]["diarienummer"], "SN 2026/0042");

    // Before the deletion the text is in the database, as SQLCipher sees it (decrypted pages)…
    let needle = "jag bor granne med en familj".as_bytes();
    assert!(
        common::contains(&t.decrypted_pages(), needle),
        "the search below would prove nothing"
    );
    assert!(
        !common::contains(&t.raw_files(), needle),
        "plaintext in the encrypted file"
    );

    // Confirming the deletion ends the road: inkom's copy is purged in the same step.
    let p = t.ok(&["confirm-source-deleted", &id, "--where", "tjänstemobil"]);
    assert_eq!(p["source_deleted_where"], "tjänstemobil");
    assert!(
        xml.exists(),
        "without --delete-file inkom must not touch the file"
    );
    assert_eq!(p["state"], "purged");
    assert_eq!(p["body"], Value::Null);
    assert_eq!(p["sender"], Value::Null, "a secret sender is not kept");
    assert_eq!(p["classification"]["description"], "Orosanmälan, barn");
    assert_eq!(p["registration"]["designation"], designation.as_str());
    assert_eq!(p["registration"]["diarienummer"], "SN 2026/0042");
    assert_eq!(p["received_at"], "2026-11-02T10:03:12+01:00");
    let (code, _) = t.refused(&["purge", &id]);
    assert_eq!(code, "wrong_state", "already purged");

    // …and after it, nowhere: not in any decrypted page of the file or its WAL, free pages and
    // the unused space of pages included (secure_delete and the checkpoint at work).
    assert!(
        !common::contains(&t.decrypted_pages(), needle),
        "purged content left in the database (decrypted)"
    );

    let log = t.ok(&["audit", "log", &id]);
    let actions: Vec<&str> = log
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["action"].as_str().expect("action"))
        .collect();
    assert_eq!(
        actions,
        [
            "imported",
            "classified",
            "registered",
            "exported",
            "printed",
            "diarienummer_recorded",
            "source_deleted",
            "purged"
        ]
    );
    let log_text = log.to_string();
    assert!(
        !log_text.contains("granne"),
        "audit details hold message content"
    );
    t.assert_audit_intact();
}

#[test]
fn personakt_email_and_inkom_deletes_the_file() {
    let t = Inkom::new();
    setup_unit(&t);
    let eml = t.fixture("synthetic/email/sv_qp_iso-8859-1.eml");
    let created = ids(&t.ok(&["import", s(&eml)]));
    assert_eq!(created.len(), 1);
    let id = created[0].to_string();

    let (code, msg) = t.refused(&[
        "classify",
        &id,
        "--as",
        "personakt",
        "--client-name",
        "Amira Haddad",
        "--personnummer",
        "870521-2383",
    ]);
    assert_eq!(code, "invalid_input");
    assert!(msg.contains("kontrollsiffra"), "{msg}");

    let c = t.classify_personakt(&id, "Amira Haddad", "870521-2382");
    assert_eq!(c["classification"]["personnummer"], "19870521-2382");
    let r = t.walk_to(&id, Stop::Registered);
    let pdf = t.files().join("akt.pdf");
    t.ok(&["export", &id, "--out", s(&pdf)]);
    let text = pdftotext(&pdf);
    assert!(text.contains("Personaktsutskrift"));
    let pages = text.matches("Sida ").count();
    assert!(pages >= 1);
    assert!(
        text.matches("Amira Haddad, 19870521-2382").count() >= pages,
        "the client must be on every page:\n{text}"
    );
    assert_eq!(r["state"], "registered");

    t.ok(&["confirm-printed", &id]);
    // The printout is not confirmed filed in the akt: the source stays (guard rail 1).
    let before = t.snapshot();
    let (code, msg) = t.refused(&[
        "confirm-source-deleted",
        &id,
        "--where",
        "Outlook och filen",
        "--delete-file",
    ]);
    assert_eq!(code, "not_filed", "{msg}");
    assert!(msg.contains("inkom confirm-filed"), "{msg}");
    assert!(eml.exists());
    assert_eq!(t.snapshot(), before);
    let f = t.ok(&["confirm-filed", &id]);
    assert!(f["filed"]["at"].is_string());
    let (code, _) = t.refused(&["confirm-filed", &id]);
    assert_eq!(code, "already_filed");

    let p = t.ok(&[
        "confirm-source-deleted",
        &id,
        "--where",
        "Outlook och filen",
        "--delete-file",
    ]);
    assert!(!eml.exists(), "inkom should have deleted the source file");
    assert_eq!(p["state"], "purged", "purged in the same step");
    // No file path (it can hold a name) survives in the item or its audit trail.
    let name = eml.file_name().and_then(|n| n.to_str()).expect("file name");
    assert_eq!(p["source"]["path"], "");
    let log = t.ok(&["audit", "log", &id]).to_string();
    assert!(!log.contains(name), "the file's path in the audit: {log}");
    assert_eq!(
        p["classification"],
        Value::Null,
        "the client's identity is not kept"
    );
    assert_eq!(p["class"], "personakt");
    assert_eq!(p["subject"], Value::Null);
    assert_eq!(p["attachments"].as_array().map(Vec::len), Some(0));
    t.assert_audit_intact();
}

#[test]
fn ringa_screenshot_is_kept_then_culled() {
    let t = Inkom::new();
    let (id, png) =
        t.import_fixture("synthetic/screenshots/Screenshot_20261103-142233_Messages.png");
    let shown = t.ok(&["show", &id]);
    assert_eq!(shown["channel"], "screenshot");
    assert_eq!(shown["attachments"][0]["mime"], "image/png");

    let (code, _) = t.refused(&["cull", &id, "--decision", "DHP § 4"]);
    assert_eq!(code, "not_ringa", "an unclassified item is not ringa");

    t.ok(&[
        "classify",
        &id,
        "--as",
        "ringa",
        "--note",
        "Bekräftelse av mötestid",
    ]);
    let (code, _) = t.refused(&["register", &id]);
    assert_eq!(code, "ringa");

    // inkom's ordered keep replaces the source at once.
    let d = t.ok(&[
        "confirm-source-deleted",
        &id,
        "--where",
        "Skrivbordet",
        "--delete-file",
    ]);
    assert_eq!(d["state"], "classified", "ringa stays in the ordered keep");
    assert!(d["source_deleted"]["at"].is_string());
    assert!(!png.exists());

    let (code, _) = t.refused(&["purge", &id]);
    assert_eq!(code, "ringa", "ringa items are culled, not purged");

    let (code, msg) = t.refused(&["cull", &id]);
    assert_eq!(
        code, "no_gallringsbeslut",
        "no decision in the register: {msg}"
    );
    t.add_gallringsbeslut();
    t.ok(&["settings", "set", "cull_decision", "SN 2025/0113 § 42"]);
    let c = t.ok(&["cull", &id]);
    assert_eq!(c["state"], "culled");
    let citation = "Socialnämnden 2025-11-20, SN 2025/0113 § 42, dokumenthanteringsplanen 4.2 \
                    Handlingar av ringa betydelse";
    assert_eq!(c["cull_decision"], citation);
    assert_eq!(c["attachments"].as_array().map(Vec::len), Some(0));
    assert_eq!(c["classification"]["note"], "Bekräftelse av mötestid");
    assert!(c["received_at"].is_string(), "arrival time is kept");

    let events = t.ok(&["audit", "log", &id]);
    let cull = events
        .as_array()
        .and_then(|e| e.last())
        .expect("cull event");
    assert_eq!(cull["action"], "culled");
    assert_eq!(cull["details"]["decision"], citation);
    assert_eq!(cull["user"], common::os_login().as_str());
    let (code, _) = t.refused(&["classify", &id, "--as", "ringa"]);
    assert_eq!(code, "wrong_state", "a culled item cannot be reclassified");
}

#[test]
fn every_illegal_step_is_refused_and_changes_nothing() {
    let t = Inkom::new();
    let (id, eml) = t.import_fixture("synthetic/email/sv_multipart_png-bilaga.eml");

    let refuse = |args: &[&str], want: &str| {
        t.refused_unchanged(args, want);
    };

    refuse(&["register", &id], "not_classified");
    refuse(
        &["confirm-source-deleted", &id, "--where", "mobilen"],
        "pdf_mismatch",
    );
    refuse(&["confirm-printed", &id], "wrong_state");
    refuse(&["purge", &id], "wrong_state");
    refuse(&["show", "9999"], "not_found");
    refuse(&["classify", &id, "--as", "diarium"], "invalid_input");
    refuse(
        &["classify", &id, "--as", "diarium", "--description", "  "],
        "invalid_input",
    );

    // Reclassifying before registration is allowed and audited.
    t.classify_ringa(&id);
    let c = t.classify_diarium(&id, "Fråga om hyra");
    assert_eq!(c["class"], "diarium");
    let log = t.ok(&["audit", "log", &id]);
    assert_eq!(log[2]["action"], "reclassified");
    assert_eq!(log[2]["details"]["previous_class"], "ringa");

    refuse(
        &["confirm-source-deleted", &id, "--where", "mobilen"],
        "pdf_mismatch",
    );
    t.ok(&["register", &id]);
    refuse(&["register", &id], "wrong_state");
    refuse(&["classify", &id, "--as", "ringa"], "wrong_state");
    refuse(&["cull", &id, "--decision", "x"], "not_ringa");
    refuse(
        &["confirm-source-deleted", &id, "--where", "mobilen"],
        "wrong_state",
    );
    refuse(&["purge", &id], "wrong_state");
    t.ok(&["confirm-printed", &id]);
    refuse(&["confirm-printed", &id], "wrong_state");
    refuse(
        &["confirm-source-deleted", &id, "--where", "mobilen"],
        "no_diarienummer",
    );
    refuse(&["confirm-filed", &id], "wrong_state");
    refuse(&["set-dnr", &id, "  "], "invalid_input");
    refuse(&["set-dnr", &id, "SN 2026/0042\nrad två"], "invalid_input");
    t.ok(&["set-dnr", &id, "SN 2026/0042"]);
    refuse(&["set-dnr", &id, "SN 2026/0043"], "has_diarienummer");
    refuse(&["assign-dnr", &id], "has_diarienummer");
    // The same paper number on a second document: said plainly, not "Databasfel".
    let other = t.import_first(&t.write(
        "andra.eml",
        b"From: Testperson Ett <ett@example.org>\r\nSubject: Andra\r\n\
          Date: Thu, 3 Dec 2026 09:00:00 +0100\r\n\r\nAndra brevet.\r\n",
    ));
    t.classify_diarium(&other, "Andra brevet");
    t.walk_to(&other, Stop::Printed);
    let msg = t.refused_unchanged(&["set-dnr", &other, " SN 2026/0042 "], "diarienummer_taken");
    assert!(
        msg.contains(&format!("redan antecknat på objekt {id}")),
        "{msg}"
    );

    // A PDF that no longer matches its registered hash blocks deletion of the source.
    let original: Vec<u8> = t
        .sql()
        .query_row(
            "SELECT pdf FROM registrations WHERE item_id = ?1",
            [&id],
            |r| r.get(0),
        )
        .expect("pdf");
    let mut tampered = original.clone();
    tampered.extend_from_slice(b"% changed");
    t.sql()
        .execute(
            "UPDATE registrations SET pdf = ?1 WHERE item_id = ?2",
            rusqlite::params![tampered, id],
        )
        .expect("tamper");
    refuse(
        &["confirm-source-deleted", &id, "--where", "mobilen"],
        "pdf_mismatch",
    );
    t.sql()
        .execute(
            "UPDATE registrations SET pdf = ?1 WHERE item_id = ?2",
            rusqlite::params![original, id],
        )
        .expect("restore");

    // A source file that changed since import is not deleted by inkom.
    std::fs::write(&eml, b"changed").expect("change file");
    refuse(
        &[
            "confirm-source-deleted",
            &id,
            "--where",
            "disk",
            "--delete-file",
        ],
        "source_changed",
    );
    assert!(eml.exists());
    std::fs::remove_file(&eml).expect("remove");
    refuse(
        &[
            "confirm-source-deleted",
            &id,
            "--where",
            "disk",
            "--delete-file",
        ],
        "source_missing",
    );

    t.add_gallringsbeslut();
    let p = t.ok(&["confirm-source-deleted", &id, "--where", "Outlook"]);
    assert_eq!(p["state"], "purged");
    refuse(&["purge", &id], "wrong_state");
    refuse(&["set-dnr", &id, "SN 2026/0044"], "has_diarienummer");
    refuse(&["classify", &id, "--as", "ringa"], "wrong_state");
    refuse(&["export", &id, "--out", "/tmp/never.pdf"], "pdf_mismatch");
}

#[test]
fn delete_file_refuses_while_the_file_holds_unhandled_items() {
    let t = Inkom::new();
    let xml = t.fixture("synthetic/sms/sms-backup-restore_sv_3-konversationer.xml");
    let created = ids(&t.ok(&["import", s(&xml)]));
    let first = created[0].to_string();
    t.classify_ringa(&first);
    let (code, msg) = t.refused(&[
        "confirm-source-deleted",
        &first,
        "--where",
        "disk",
        "--delete-file",
    ]);
    assert_eq!(code, "source_shared", "{msg}");
    assert!(xml.exists());
    // Once every message in the file is handled, the file may go, and all are marked.
    for id in &created[1..] {
        t.classify_ringa(&id.to_string());
    }
    t.ok(&[
        "confirm-source-deleted",
        &first,
        "--where",
        "disk",
        "--delete-file",
    ]);
    assert!(!xml.exists());
    let all = t.ok(&["list"]);
    assert_eq!(all.as_array().map(Vec::len), Some(created.len()));
    for id in &created {
        let item = t.ok(&["show", &id.to_string()]);
        assert!(
            item["source_deleted"]["at"].is_string(),
            "item {id} not marked"
        );
    }
}

#[test]
fn importing_the_same_messages_twice_creates_no_duplicates() {
    let t = Inkom::new();
    let xml = t.fixture("synthetic/sms/sms-backup-restore_sv_3-konversationer.xml");
    let eml = t.fixture("synthetic/email/sv_qp_iso-8859-1.eml");
    let first = t.ok(&["import", s(&xml), s(&eml)]);
    let n = first["imported"][0]["created"]
        .as_array()
        .map(Vec::len)
        .unwrap_or(0);
    assert!(n > 0);
    let again = t.ok(&["import", s(&xml), s(&eml)]);
    assert_eq!(
        again["imported"][0]["created"].as_array().map(Vec::len),
        Some(0)
    );
    assert_eq!(
        again["imported"][0]["duplicates"].as_array().map(Vec::len),
        Some(n)
    );
    assert_eq!(
        again["imported"][1]["duplicates"].as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(t.ok(&["list"]).as_array().map(Vec::len), Some(n + 1));

    let out = t.run(&["import", s(&eml)]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("fanns redan"),
        "the duplicate is reported in Swedish: {text}"
    );
}

#[test]
fn malformed_files_are_rejected_with_a_clear_error_and_nothing_stored() {
    let t = Inkom::new();
    let good = std::fs::read(
        common::fixtures().join("synthetic/sms/sms-backup-restore_sv_3-konversationer.xml"),
    )
    .expect("fixture");
    let truncated = t.write("trasig.xml", &good[..good.len() / 2]);
    let empty = t.write("tom.xml", b"");
    let fake_png = t.write(
        "skärmbild.png",
        "Det här är ingen bild, bara text.\n".as_bytes(),
    );
    let docx = t.write("rapport.docx", b"PK\x03\x04 not really a docx");
    for (file, name) in [
        (&truncated, "trasig.xml"),
        (&empty, "tom.xml"),
        (&fake_png, "skärmbild.png"),
        (&docx, "rapport.docx"),
    ] {
        let out = t.run_json(&["import", s(file)]);
        assert!(!out.status.success(), "{name} should be rejected");
        let v: Value = serde_json::from_slice(&out.stdout).expect("json on stdout");
        let err = &v["rejected"][0]["error"];
        assert_eq!(err["code"], "import_failed", "{name}: {v}");
        let msg = err["message"].as_str().unwrap_or_default();
        assert!(
            msg.contains(name),
            "the Swedish message names the file: {msg}"
        );
        let human = t.run(&["import", s(file)]);
        let stderr = String::from_utf8_lossy(&human.stderr);
        assert!(stderr.contains("avvisad"), "{name}: {stderr}");
    }
    assert_eq!(
        t.ok(&["list"]).as_array().map(Vec::len),
        Some(0),
        "nothing stored"
    );
    assert_eq!(t.ok(&["audit", "log"]).as_array().map(Vec::len), Some(0));
    // No message text leaks into the error.
    let out = t.run_json(&["import", s(&truncated)]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let detail = v["rejected"][0]["error"].to_string();
    assert!(
        !detail.contains("ekonomiskt bistånd"),
        "content leaked into the error: {detail}"
    );
}

#[test]
fn audit_tampering_is_detected_and_named() {
    let t = Inkom::new();
    let (id, _) = t.import_fixture("synthetic/email/sv_qp_iso-8859-1.eml");
    t.classify_diarium(&id, "Ansökan");
    t.walk_to(&id, Stop::Registered);
    let v = t.ok(&["audit", "verify"]);
    assert_eq!(v["events"], 3);
    assert_eq!(v["first_broken"], Value::Null);

    let conn = t.sql();
    let err = conn
        .execute("UPDATE audit_events SET user = 'mallory' WHERE id = 2", [])
        .expect_err("the table is append-only");
    assert!(err.to_string().contains("append-only"), "{err}");
    assert!(
        conn.execute("DELETE FROM audit_events WHERE id = 2", [])
            .is_err()
    );

    // Someone who drops the guard is still caught by the chain.
    conn.execute_batch("DROP TRIGGER audit_events_no_update;")
        .expect("drop trigger");
    conn.execute(
        "UPDATE audit_events SET details = '{\"class\":\"ringa\"}' WHERE id = 2",
        [],
    )
    .expect("edit row");
    drop(conn);
    let out = t.run_json(&["audit", "verify"]);
    assert!(!out.status.success(), "verify must fail on a broken chain");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["first_broken"]["event_id"], 2);
    let human = t.run(&["audit", "verify"]);
    assert!(String::from_utf8_lossy(&human.stdout).contains("BRUTEN vid händelse 2"));
}

#[test]
fn settings_and_data_dir_from_the_environment() {
    let t = Inkom::new();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_inkom"))
        .args([
            "--json",
            "settings",
            "set",
            "organisation",
            "Exempelby kommun",
        ])
        .env("INKOM_DATA_DIR", t.data_dir())
        .env("INKOM_KEYSTORE", "passphrase")
        .env("INKOM_PASSPHRASE", common::PASSPHRASE)
        .output()
        .expect("run");
    assert!(out.status.success());
    assert!(t.db().exists(), "INKOM_DATA_DIR was not used");
    assert_eq!(
        t.ok(&["settings", "show"])["organisation"],
        "Exempelby kommun"
    );
    let (code, msg) = t.refused(&["settings", "set", "organisatoin", "x"]);
    assert_eq!(code, "invalid_input");
    assert!(msg.contains("Okänd inställning"), "{msg}");
    assert_eq!(t.ok(&["audit", "log"])[0]["action"], "setting_changed");
}

#[test]
fn diary_numbers_come_from_the_series_in_order_and_never_change() {
    use chrono::Datelike;
    let t = Inkom::new();
    let xml = t.fixture("synthetic/sms/sms-backup-restore_sv_3-konversationer.xml");
    let created = ids(&t.ok(&["import", s(&xml)]));
    let [a, b, c, d] = [0, 1, 2, 3].map(|i| created[i].to_string());
    for id in [&a, &b, &c] {
        t.classify_diarium(id, "Skrivelse");
    }
    t.classify_personakt(&d, "Amira Haddad", "198705212382");

    // Registered before the unit set up its series: no number yet, the registrar adds it.
    let r = t.walk_to(&a, Stop::Registered);
    assert_eq!(r["registration"]["diarienummer"], Value::Null);
    let (code, _) = t.refused(&["assign-dnr", &a]);
    assert_eq!(code, "no_diary_series");

    t.ok(&["settings", "set", "diary_prefix", "SN"]);
    let year = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .year();
    let r = t.walk_to(&b, Stop::Registered);
    assert_eq!(r["registration"]["diarienummer"], format!("SN {year}/0001"));
    let r = t.ok(&["assign-dnr", &a]);
    assert_eq!(r["registration"]["diarienummer"], format!("SN {year}/0002"));
    let (code, msg) = t.refused(&["assign-dnr", &a]);
    assert_eq!(code, "has_diarienummer", "{msg}");
    let (code, _) = t.refused(&["assign-dnr", &c]);
    assert_eq!(code, "wrong_state", "not registered yet");
    t.walk_to(&d, Stop::Registered);
    let (code, _) = t.refused(&["assign-dnr", &d]);
    assert_eq!(code, "not_diarium");

    let pdf = t.files().join("c.pdf");
    let r = t.ok(&["register", &c, "--out", s(&pdf)]);
    let dnr = format!("SN {year}/0003");
    assert_eq!(r["registration"]["diarienummer"], dnr.as_str());
    assert!(
        pdftotext(&pdf).contains(&dnr),
        "the number is printed on the sheet"
    );
    let listed = t.ok(&["list", "--class", "diarium"]);
    assert!(listed.to_string().contains(&dnr));
}

#[test]
fn choose_before_storing_preview_thread_dates_and_ids() {
    let t = Inkom::new();
    let xml = t.fixture("synthetic/sms/sms-backup-restore_sv_3-konversationer.xml");

    let p = t.ok(&["import", "--preview", s(&xml)]);
    assert!(!t.db().exists(), "a preview must not even create the store");
    let preview = &p["previews"][0]["preview"];
    assert_eq!(preview["messages"].as_array().map(Vec::len), Some(28));
    let threads = preview["threads"].as_array().expect("threads");
    assert_eq!(threads.len(), 4);
    assert_eq!(threads[0]["key"], "+46701740605");
    assert_eq!(threads[0]["count"], 12);
    assert_eq!(threads[0]["first"], "2026-10-22T08:14:03+02:00");
    assert_eq!(threads[0]["last"], "2026-10-29T17:05:00+01:00");
    let human = t.run(&["import", "--preview", s(&xml)]);
    assert!(String::from_utf8_lossy(&human.stdout).contains("Inget har sparats"));

    // One conversation, given in the national form the phone shows.
    let one = t.ok(&["import", "--thread", "070-174 06 17", s(&xml)]);
    let created = ids(&one);
    assert_eq!(created.len(), 1);
    let item = t.ok(&["show", &created[0].to_string()]);
    assert_eq!(item["parts"].as_array().map(Vec::len), Some(9));
    assert!(
        item["sender"]
            .as_str()
            .is_some_and(|s| s.contains("Jonas Ek"))
    );
    assert_eq!(
        t.ok(&["list"]).as_array().map(Vec::len),
        Some(1),
        "nothing else stored"
    );

    // A date range, message by message.
    let range = t.ok(&[
        "import",
        "--per-message",
        "--from",
        "2026-11-02",
        "--to",
        "2026-11-02",
        s(&xml),
    ]);
    assert_eq!(
        ids(&range).len(),
        7,
        "5 in the neighbour thread + 2 group MMS on 2 Nov"
    );

    // Picked messages by the preview's numbers.
    let picked = t.ok(&["import", "--per-message", "--ids", "1,2", s(&xml)]);
    let created = ids(&picked);
    assert_eq!(created.len(), 2);
    let first = t.ok(&["show", &created[0].to_string()]);
    assert!(
        first["body"]
            .as_str()
            .is_some_and(|b| b.starts_with("Hej! Jag har skickat in ansökan"))
    );

    let (code, msg) = t.refused(&["import", "--ids", "3-1", s(&xml)]);
    assert_eq!(code, "invalid_input", "{msg}");
}

#[test]
fn import_reports_progress_the_app_can_show() {
    use inkom::import::{ImportLimits, select::Selection};
    use inkom::lifecycle::import_file;
    use inkom::model::Act;

    let t = Inkom::new();
    let xml = common::sms_export(2500, |i| format!("Meddelande {i}"));
    let file = t.write("progress.xml", &xml);
    let mut store = t.store();
    let act = Act::new(
        chrono::DateTime::parse_from_rfc3339("2026-11-23T10:00:00+01:00").expect("time"),
        "karin.test",
    );
    let mut events = Vec::new();
    let selection = Selection {
        per_message: true,
        ..Selection::default()
    };
    let r = import_file(
        &mut store,
        &file,
        &ImportLimits::default(),
        &selection,
        &act,
        &mut |p| events.push(p),
    )
    .expect("import");
    assert_eq!(r.created.len(), 2500);
    let total = std::fs::metadata(&file).expect("size").len();
    let items: Vec<usize> = events.iter().map(|p| p.items).collect();
    assert_eq!(items, [1000, 2000]);
    assert!(events.iter().all(|p| p.total == total));
    // The position moves forward through the file and never past its end: a bar can be drawn.
    assert!(
        events[0].bytes > 0 && events[0].bytes < events[1].bytes,
        "{events:?}"
    );
    assert!(events[1].bytes <= total, "{events:?}");
    assert!(
        events[1].bytes >= total / 2,
        "2000 of 2500 messages read: {events:?}"
    );
}

#[test]
fn list_filters_by_state_and_class() {
    let t = Inkom::new();
    let png = t.fixture("synthetic/screenshots/IMG_20261104_101530.jpg");
    let eml = t.fixture("synthetic/email/sv_qp_iso-8859-1.eml");
    t.ok(&["import", s(&png), s(&eml)]);
    t.classify_ringa("1");
    let classified = t.ok(&["list", "--state", "classified"]);
    assert_eq!(classified.as_array().map(Vec::len), Some(1));
    assert_eq!(classified[0]["id"], 1);
    let imported = t.ok(&["list", "--state", "imported"]);
    assert_eq!(imported[0]["id"], 2);
    assert_eq!(
        t.ok(&["list", "--class", "ringa"]).as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(
        t.ok(&["list", "--class", "diarium"])
            .as_array()
            .map(Vec::len),
        Some(0)
    );
    let out = t.run(&["list", "--state", "klar"]);
    assert_eq!(out.status.code(), Some(2), "a usage error");
    assert!(String::from_utf8_lossy(&out.stderr).contains("source_deleted"));
}

/// The list names a caseworker's own reply by whom it went to: it has no sender.
#[test]
fn the_list_names_whom_an_item_sent_went_to() {
    let t = Inkom::new();
    let xml = t.write(
        "svar.xml",
        b"<?xml version='1.0' encoding='UTF-8'?>\n<smses>\n\
          <sms address=\"+46701740605\" date=\"1793520000000\" type=\"1\" body=\"Ring mig\" />\n\
          <sms address=\"+46701740605\" date=\"1793520060000\" type=\"2\" body=\"Jag ringer\" />\n\
          </smses>\n",
    );
    t.ok(&["import", "--per-message", s(&xml)]);
    let out = t.run(&["list"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("+46701740605"))
        .collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.ends_with("till +46701740605"))
            .count(),
        1,
        "{text}"
    );
}

#[test]
fn an_iphone_backup_folder_is_not_deleted_by_inkom() {
    let t = Inkom::new();
    let backup = t.files().join("backup");
    copy_dir(
        &common::fixtures().join("synthetic/ios/backup-minimal"),
        &backup,
    );
    let created = ids(&t.ok(&["import", s(&backup)]));
    assert!(!created.is_empty());
    let id = created[0].to_string();
    t.classify_ringa(&id);
    let before = t.snapshot();
    let (code, msg) = t.refused(&[
        "confirm-source-deleted",
        &id,
        "--where",
        "datorn",
        "--delete-file",
    ]);
    assert_eq!(code, "source_is_folder", "{msg}");
    assert!(msg.contains("mapp"), "{msg}");
    assert!(
        backup.join("Manifest.db").exists(),
        "the backup is untouched"
    );
    assert_eq!(t.snapshot(), before);
    // Deleted by hand, it is confirmed without --delete-file.
    t.ok(&["confirm-source-deleted", &id, "--where", "datorn"]);
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[test]
fn a_closed_pipe_ends_quietly_not_with_a_panic() {
    use std::io::{BufRead, BufReader};
    let t = Inkom::new();
    // Far more output than a pipe buffer holds, so the writer meets the closed pipe.
    let big = common::sms_export(5000, |i| format!("Hej {i}"));
    let xml = t.write("stor.xml", &big);
    let mut child = t
        .command()
        .args(["import", "--preview", s(&xml)])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut first = String::new();
    let stdout = child.stdout.take().expect("stdout");
    BufReader::new(stdout)
        .read_line(&mut first)
        .expect("one line");
    // The reader is dropped here, like `| head -1`.
    let out = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.status.success(), "{stderr}");
    assert!(first.contains("Inget har sparats"));
}

#[test]
fn bad_arguments_and_unwritable_output_change_nothing() {
    let t = Inkom::new();
    let xml = t.fixture("synthetic/sms/sms-backup-restore_sv_3-konversationer.xml");
    let (code, msg) = t.refused(&[
        "import",
        "--from",
        "2026-11-03",
        "--to",
        "2026-11-01",
        s(&xml),
    ]);
    assert_eq!(code, "invalid_input", "{msg}");
    assert!(!t.db().exists() || t.ok(&["list"]).as_array().map(Vec::len) == Some(0));

    let id = ids(&t.ok(&["import", "--thread", "+46701740617", s(&xml)]))[0].to_string();
    t.classify_diarium(&id, "Umgänge");
    t.walk_to(&id, Stop::Registered);
    let before = t.snapshot();
    let nowhere = t.files().join("finns-inte").join("blad.pdf");
    let (code, msg) = t.refused(&["export", &id, "--out", s(&nowhere)]);
    assert_eq!(code, "io", "{msg}");
    assert!(msg.contains("blad.pdf"), "{msg}");
    assert_eq!(
        t.snapshot(),
        before,
        "a failed export is not audited as done"
    );
}

#[test]
fn ocr_makes_a_screenshot_searchable_when_tesseract_is_installed() {
    let t = Inkom::new();
    let png = t.fixture("synthetic/screenshots/Screenshot_20261103-142233_Messages.png");
    let r = t.ok(&["import", "--ocr", s(&png)]);
    let id = ids(&r)[0].to_string();
    let body = t.ok(&["show", &id])["body"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        body.contains("Amira Haddad"),
        "tesseract-ocr and tesseract-ocr-swe are installed by scripts/setup-debian.sh; got {body:?}"
    );
    // Without --ocr, no OCR (it takes seconds per picture).
    let jpg = t.fixture("synthetic/screenshots/IMG_20261104_101530.jpg");
    let id = t.import_first(&jpg);
    assert_eq!(t.ok(&["show", &id])["body"], "");
}

#[test]
fn missing_ocr_is_said_once_not_per_file() {
    let t = Inkom::new();
    let a = t.fixture("synthetic/screenshots/Skarmbild_2026-11-03_094107.png");
    let b = t.fixture("synthetic/screenshots/IMG_20261104_101530.jpg");
    let out = t
        .command()
        .env("PATH", "")
        .args(["--json", "import", "--ocr", s(&a), s(&b)])
        .output()
        .expect("run");
    assert!(out.status.success(), "OCR is never required");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let notes: Vec<String> = v["imported"]
        .as_array()
        .expect("files")
        .iter()
        .flat_map(|f| f["skipped"].as_array().cloned().unwrap_or_default())
        .filter_map(|n| n.as_str().map(str::to_string))
        .filter(|n| n.contains("OCR"))
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains("tesseract-ocr-swe"));
}

#[test]
fn a_webp_screenshot_is_printed_on_its_sheet() {
    let t = Inkom::new();
    let mut picture = image::RgbImage::new(320, 200);
    for (x, y, p) in picture.enumerate_pixels_mut() {
        *p = image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]);
    }
    let mut webp = Vec::new();
    image::DynamicImage::ImageRgb8(picture)
        .write_to(
            &mut std::io::Cursor::new(&mut webp),
            image::ImageFormat::WebP,
        )
        .expect("encode webp");
    let file = t.write("Skärmbild.webp", &webp);
    let id = t.import_first(&file);
    t.classify_diarium(&id, "Informationssökning");
    let pdf = t.files().join("webp.pdf");
    t.ok(&["register", &id, "--out", s(&pdf)]);
    let out = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(&pdf)
        .output()
        .expect("pdfimages (poppler-utils)");
    let list = String::from_utf8_lossy(&out.stdout);
    assert!(
        list.lines()
            .any(|l| l.contains(" 320 ") && l.contains(" 200 ")),
        "the 320×200 screenshot is not in the PDF:\n{list}"
    );
}
