//! Guard rails 6, 7 and 8 of issue 13 through the real binary: a secrecy marking names a
//! provision from the closed list, the authority (nämnd), the date and who set it, and is
//! printed on the registration sheet and the personakt printout (6); the audit names the OS
//! login whatever display name is set (7); culling and the purge after printing cite a
//! gallringsbeslut from the register, and a ringa item is culled only after its source is gone
//! (8). Every refusal leaves the store unchanged and says in Swedish what to do next.

use crate::common;

use common::{Inkom, Stop, created_ids as ids, os_login, pdftotext, s};
use serde_json::Value;

/// The PDF text with every run of white space made one space (a long line may wrap).
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

const DECISION: [&str; 10] = common::GALLRINGSBESLUT;

const CITATION: &str = "Socialnämnden 2025-11-20, SN 2025/0113 § 42, dokumenthanteringsplanen 4.2 Handlingar av ringa betydelse";

/// A screenshot imported and classified ringa; returns its id and file.
fn ringa_item(t: &Inkom) -> (String, std::path::PathBuf) {
    ringa_picture(t, "Screenshot_20261103-142233_Messages.png")
}

fn ringa_picture(t: &Inkom, name: &str) -> (String, std::path::PathBuf) {
    let (id, png) = t.import_fixture(&format!("synthetic/screenshots/{name}"));
    t.classify_ringa(&id);
    (id, png)
}

#[test]
fn culling_cites_a_registered_gallringsbeslut_once_the_source_is_gone() {
    let t = Inkom::new();
    let (id, _) = ringa_item(&t);
    let refuse = |args: &[&str], want: &str| t.refused_unchanged(args, want);

    // The source first: inkom's ordered keep is culled only when it is the only copy.
    let msg = refuse(&["cull", &id], "source_not_deleted");
    assert!(
        msg.contains("confirm-source-deleted") && msg.contains("ingen källa"),
        "says how to confirm or mark the source: {msg}"
    );
    t.ok(&["confirm-source-deleted", &id, "--where", "ingen källa"]);

    // No decision in the register: refused, and the message says where to add one.
    let msg = refuse(&["cull", &id], "no_gallringsbeslut");
    assert!(
        msg.contains("inkom gallringsbeslut add")
            && msg.contains("Inställningar → Gallringsbeslut"),
        "{msg}"
    );
    // A free-text decision, as earlier versions took, is not a registered one.
    let msg = refuse(
        &["cull", &id, "--decision", "DHP § 4.2"],
        "unknown_gallringsbeslut",
    );
    assert!(
        msg.contains("DHP § 4.2") && msg.contains("gallringsbeslut add"),
        "{msg}"
    );
    let msg = refuse(
        &["settings", "set", "cull_decision", "DHP § 4.2"],
        "unknown_gallringsbeslut",
    );
    assert!(msg.contains("finns inte i registret"), "{msg}");

    // A decision is added only whole and true.
    let with = |field: &str, value: &str| -> Vec<String> {
        let mut args: Vec<String> = DECISION.iter().map(|a| a.to_string()).collect();
        let at = args.iter().position(|a| a == field).expect("field") + 1;
        args[at] = value.to_string();
        args
    };
    for (field, value, word) in [
        ("--decided-by", "  ", "vem som fattade"),
        ("--reference", "", "referens"),
        ("--section", "4.2\nRinga", "dokumenthanteringsplanen"),
        ("--date", "2099-01-01", "framtiden"),
    ] {
        let args = with(field, value);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let msg = refuse(&args, "invalid_input");
        assert!(msg.contains(word), "{field}: {msg}");
    }
    let b = t.ok(&DECISION);
    assert_eq!(b["id"], 1);
    assert_eq!(b["reference"], "SN 2025/0113 § 42");
    let dup = with("--reference", "sn 2025/0113 § 42");
    let dup: Vec<&str> = dup.iter().map(String::as_str).collect();
    refuse(&dup, "gallringsbeslut_exists");
    let list = t.ok(&["gallringsbeslut", "list"]);
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(list[0]["plan_section"], "4.2 Handlingar av ringa betydelse");

    // The only decision is the default; the culling cites it, in the item and the audit.
    let c = t.ok(&["cull", &id]);
    assert_eq!(c["state"], "culled");
    assert_eq!(c["cull_decision"], CITATION);
    let culled = t.last_event(&id, "culled");
    assert_eq!(culled["details"]["gallringsbeslut_id"], 1);
    assert_eq!(culled["details"]["decision"], CITATION);
    let added = t
        .events(None)
        .into_iter()
        .find(|e| e["action"] == "gallringsbeslut_added")
        .expect("the decision's addition is audited");
    assert_eq!(added["details"]["reference"], "SN 2025/0113 § 42");
    assert_eq!(added["item_id"], Value::Null);
    t.assert_audit_intact();
}

#[test]
fn with_several_decisions_culling_names_one_or_the_default() {
    let t = Inkom::new();
    let (a, _) = ringa_item(&t);
    t.ok(&["confirm-source-deleted", &a, "--where", "tjänstemobil"]);
    t.ok(&DECISION);
    t.ok(&[
        "gallringsbeslut",
        "add",
        "--decided-by",
        "Socialnämnden",
        "--date",
        "2026-03-12",
        "--reference",
        "SN 2026/0031 § 12",
        "--section",
        "4.3 Sms av tillfällig betydelse",
    ]);
    let msg = t.refused_unchanged(&["cull", &a], "choose_gallringsbeslut");
    assert!(
        msg.contains("2 gallringsbeslut") && msg.contains("cull_decision"),
        "{msg}"
    );
    t.refused_unchanged(&["cull", &a, "--decision", "3"], "unknown_gallringsbeslut");

    // By number.
    let c = t.ok(&["cull", &a, "--decision", "2"]);
    assert!(
        c["cull_decision"]
            .as_str()
            .is_some_and(|d| d.contains("SN 2026/0031 § 12") && d.contains("4.3")),
        "{c}"
    );
    // By the default setting, which must name a registered decision.
    let (b, _) = ringa_picture(&t, "Skarmbild_2026-11-03_094107.png");
    t.ok(&["confirm-source-deleted", &b, "--where", "tjänstemobil"]);
    t.ok(&["settings", "set", "cull_decision", "SN 2025/0113 § 42"]);
    assert_eq!(t.ok(&["cull", &b])["cull_decision"], CITATION);
    assert_eq!(
        t.last_event(&b, "culled")["details"]["gallringsbeslut_id"],
        1
    );
}

#[test]
fn the_purge_after_printing_cites_its_gallringsbeslut_or_waits_for_one() {
    let t = Inkom::new();
    let (id, _) = t.import_fixture("synthetic/email/sv_multipart_png-bilaga.eml");
    t.classify_diarium(&id, "Fråga om hyra");
    t.walk_to(&id, Stop::InDiarium("SN 2026/0042"));

    // No decision: the deletion is recorded, the content stays until one applies.
    let d = t.ok(&["confirm-source-deleted", &id, "--where", "Outlook"]);
    assert_eq!(d["state"], "source_deleted");
    assert!(t.ok(&["show", &id])["body"].is_string(), "content kept");
    let msg = t.refused_unchanged(&["purge", &id], "no_gallringsbeslut");
    assert!(msg.contains("gallringsbeslut add"), "{msg}");

    t.ok(&DECISION);
    let p = t.ok(&["purge", &id]);
    assert_eq!(p["state"], "purged");
    assert_eq!(p["cull_decision"], CITATION);
    assert!(t.ok(&["show", &id])["body"].is_null(), "content gone");
    let purged = t.last_event(&id, "purged");
    assert_eq!(purged["details"]["gallringsbeslut_id"], 1);
    assert_eq!(purged["details"]["decision"], CITATION);

    // With a decision in the register, confirming the deletion purges at once, citing it.
    let (other, _) = t.import_fixture("synthetic/email/sv_qp_iso-8859-1.eml");
    t.classify_diarium(&other, "Skrivelse");
    t.walk_to(&other, Stop::InDiarium("SN 2026/0043"));
    let p = t.ok(&["confirm-source-deleted", &other, "--where", "Outlook"]);
    assert_eq!(p["state"], "purged");
    assert_eq!(
        t.last_event(&other, "purged")["details"]["gallringsbeslut_id"],
        1
    );
    t.assert_audit_intact();
}

#[test]
fn the_audit_names_the_os_login_whatever_display_name_is_set() {
    let t = Inkom::new();
    let login = os_login();
    assert_ne!(login, "karin.test", "the test runs with USER=karin.test");
    t.ok(&["settings", "set", "user", "Lena Handläggare"]);
    let (id, _) = t.import_fixture("synthetic/email/sv_multipart_png-bilaga.eml");
    t.classify_diarium(&id, "Fråga om hyra");
    let classified = t.last_event(&id, "classified");
    assert_eq!(
        classified["user"],
        login.as_str(),
        "not USER, not the display name"
    );
    assert_eq!(classified["details"]["display_name"], "Lena Handläggare");

    // Another display name changes what is printed, never who the log says acted.
    t.ok(&["settings", "set", "user", "Karin Test"]);
    let out = t.files().join("blad.pdf");
    t.ok(&["register", &id, "--out", s(&out)]);
    let registered = t.last_event(&id, "registered");
    assert_eq!(registered["user"], login.as_str());
    assert_eq!(registered["details"]["display_name"], "Karin Test");
    let sheet = flat(&pdftotext(&out));
    assert!(
        sheet.contains(&format!("Karin Test ({login})")),
        "the sheet shows display name and login: {sheet}"
    );
    // The registration keeps who as printed: the diarielista's Handläggare, the facts kept
    // after purge.
    assert_eq!(
        t.ok(&["show", &id])["registration"]["registered_by"],
        format!("Karin Test ({login})").as_str()
    );
    // So does the source's deletion ("Källan raderad … av Karin Test (karin)", not the bare
    // login), and the culling or purge after it; the act's `by` stays the login.
    t.ok(&["confirm-printed", &id]);
    t.ok(&["set-dnr", &id, "SN 2026/0042"]);
    let deleted = t.ok(&["confirm-source-deleted", &id, "--where", "Outlook"]);
    assert_eq!(deleted["source_deleted"]["by"], login.as_str(), "{deleted}");
    assert_eq!(
        deleted["source_deleted"]["display_name"], "Karin Test",
        "{deleted}"
    );
    let shown = t.ok(&["show", &id]);
    assert_eq!(shown["source_deleted"]["display_name"], "Karin Test");
    assert_eq!(shown["printed"]["display_name"], "Karin Test");
    let item: inkom::model::Item = serde_json::from_value(shown).expect("an item");
    assert!(
        inkom::desk::item_view::delete_instruction(&item)
            .ends_with(&format!("av Karin Test ({login}).")),
        "{item:?}"
    );
    t.add_gallringsbeslut();
    let purged = t.ok(&["purge", &id]);
    assert_eq!(purged["purged"]["display_name"], "Karin Test", "{purged}");
    let view = inkom::desk::item_view::kept_after_purge(
        &serde_json::from_value(t.ok(&["show", &id])).expect("an item"),
    );
    let kept = view.join("\n");
    assert!(
        kept.contains(&format!("av Karin Test ({login}) (Outlook)")),
        "{kept}"
    );
    assert!(t.events(None).iter().all(|e| e["user"] == login.as_str()));
    t.assert_audit_intact();
}

#[test]
fn a_secrecy_marking_names_provision_authority_date_and_who_on_both_printouts() {
    let t = Inkom::new();
    let login = os_login();
    let xml = t.fixture("synthetic/sms/sms-backup-restore_sv_3-konversationer.xml");
    let created = ids(&t.ok(&["import", s(&xml)]));
    let [a, b] = [0, 1].map(|i| created[i].to_string());
    let diarium = |provision: &str| {
        vec![
            "classify".to_string(),
            a.clone(),
            "--as".into(),
            "diarium".into(),
            "--description".into(),
            "Orosanmälan".into(),
            "--secrecy".into(),
            provision.into(),
        ]
    };
    let refuse = |args: Vec<String>, want: &str| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        t.refused_unchanged(&args, want)
    };
    // The marking names the nämnd: without the authority setting it is refused.
    let msg = refuse(diarium("26 kap. 5 § OSL"), "no_authority");
    assert!(msg.contains("settings set authority"), "{msg}");
    t.ok(&["settings", "set", "authority", "Socialnämnden"]);
    t.ok(&["settings", "set", "unit", "Individ- och familjeomsorgen"]);
    // Only provisions from the list.
    let msg = refuse(diarium("21 kap. 3 § OSL"), "invalid_input");
    for offered in ["26 kap. 1 § OSL", "26 kap. 5 § OSL", "25 kap. 1 § OSL"] {
        assert!(msg.contains(offered), "{offered} offered: {msg}");
    }
    refuse(diarium("sekretess"), "invalid_input");

    // The marking is dated in Swedish time (an hour or two ahead of the test machine's UTC).
    let today = common::today_in_sweden();
    let args = diarium("26:5");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let c = t.ok(&args);
    let m = &c["classification"]["secrecy"];
    assert_eq!(m["provision"], "26 kap. 5 § OSL");
    assert_eq!(m["authority"], "Socialnämnden");
    assert_eq!(m["date"], today.as_str());
    assert_eq!(m["set_by"], login.as_str());
    let classified = t.last_event(&a, "classified");
    assert_eq!(
        classified["details"]["secrecy"]["provision"],
        "26 kap. 5 § OSL"
    );
    assert_eq!(
        classified["details"]["secrecy"]["authority"],
        "Socialnämnden"
    );

    let sheet_pdf = t.files().join("registreringsblad.pdf");
    t.ok(&["register", &a, "--out", s(&sheet_pdf)]);
    let sheet = flat(&pdftotext(&sheet_pdf));
    let printed = format!(
        "Sekretess enligt 26 kap. 5 § OSL (anmälares identitet). Myndighet: Socialnämnden. \
         Markerad {today} av {login}"
    );
    assert!(
        sheet.contains(&printed),
        "{printed:?} on the sheet: {sheet}"
    );

    // The personakt printout carries its marking too.
    let c = t.ok(&[
        "classify",
        &b,
        "--as",
        "personakt",
        "--client-name",
        "Jonas Ek",
        "--personnummer",
        "19121212-1212",
        "--secrecy",
        "26 kap. 1 § OSL",
    ]);
    assert_eq!(
        c["classification"]["secrecy"]["provision"],
        "26 kap. 1 § OSL"
    );
    let akt_pdf = t.files().join("personakt.pdf");
    t.ok(&["register", &b, "--out", s(&akt_pdf)]);
    let akt = flat(&pdftotext(&akt_pdf));
    assert!(akt.contains("Personakt: Jonas Ek, 19121212-1212"), "{akt}");
    assert!(
        akt.contains(
            "Sekretess enligt 26 kap. 1 § OSL (socialtjänst, enskilds personliga förhållanden). \
             Myndighet: Socialnämnden."
        ),
        "{akt}"
    );
}

#[test]
fn a_store_from_the_previous_version_opens_with_its_markings_and_cullings() {
    let t = Inkom::new();
    let (ringa, _) = ringa_item(&t);
    let (diarium, _) = t.import_fixture("synthetic/email/sv_multipart_png-bilaga.eml");
    let history_before = t.events(None);
    // Make it the store schema version 9 left: no register, free-text markings and decisions.
    {
        let conn = t.sql();
        // Migrations 23 to 19 undone first (18 changed rows only), then 17, then 16: the
        // CHECKs as the IN lists the first schema wrote.
        crate::common::undo_migrations_23_to_19(&conn);
        conn.execute_batch("DROP TABLE conversation_items;")
            .expect("migration 17 undone");
        conn.execute_batch(&format!(
            "PRAGMA writable_schema = ON;
             UPDATE sqlite_schema SET sql = replace(replace(replace(sql,
                 'CHECK (state = ''imported'' OR state = ''classified'' OR state = ''registered''
{pad}OR state = ''printed'' OR state = ''source_deleted'' OR state = ''purged''
{pad}OR state = ''culled'')',
                 'CHECK (state IN (''imported'',''classified'',''registered'',
{pad}''printed'',''source_deleted'',''purged'',''culled''))'),
                 'CHECK (channel = ''sms'' OR channel = ''email'' OR channel = ''screenshot'')',
                 'CHECK (channel IN (''sms'',''email'',''screenshot''))'),
                 'CHECK (class = ''personakt'' OR class = ''diarium'' OR class = ''ringa'')',
                 'CHECK (class IN (''personakt'',''diarium'',''ringa''))')
             WHERE type = 'table' AND name = 'items';
             PRAGMA writable_schema = RESET;",
            pad = " ".repeat(33)
        ))
        .expect("migration 16 undone");
        conn.execute_batch(
            "ALTER TABLE unit_connection DROP COLUMN recovery_fingerprint;
             ALTER TABLE items DROP COLUMN printed_name;
             ALTER TABLE items DROP COLUMN source_deleted_name;
             ALTER TABLE items DROP COLUMN purged_name;
             ALTER TABLE items DROP COLUMN culled_name;
             ALTER TABLE items DROP COLUMN filed_name;
             DROP TABLE gallringsbeslut;
             ALTER TABLE items DROP COLUMN gallringsbeslut_id;
             DROP TABLE source_messages;
             ALTER TABLE items DROP COLUMN source_medium;
             ALTER TABLE items DROP COLUMN source_path_key;
             DROP INDEX items_by_message_id;
             ALTER TABLE items DROP COLUMN sent_at;
             ALTER TABLE items DROP COLUMN drawn_up;
             ALTER TABLE items DROP COLUMN message_id;
             ALTER TABLE items DROP COLUMN in_reply_to;
             ALTER TABLE items DROP COLUMN received_original;
             DROP TRIGGER items_fts_after_insert;
             DROP TRIGGER items_fts_after_update;
             DROP VIEW items_fts_row;
             CREATE TRIGGER items_fts_after_insert AFTER INSERT ON items BEGIN
                 INSERT INTO items_fts (rowid, exact, folded, spaced)
                     SELECT id, exact, folded, spaced FROM items_fts_spaced_source
                     WHERE id = new.id;
             END;
             CREATE TRIGGER items_fts_after_update
                 AFTER UPDATE OF sender, recipients, cc, subject, body, page_address,
                     classification, state
                 ON items BEGIN
                 DELETE FROM items_fts WHERE rowid = old.id;
                 INSERT INTO items_fts (rowid, exact, folded, spaced)
                     SELECT id, exact, folded, spaced FROM items_fts_spaced_source
                     WHERE id = new.id;
             END;
             PRAGMA user_version = 9;",
        )
        .expect("downgrade to version 9");
        conn.execute(
            "UPDATE items SET class = 'diarium', state = 'classified', classification = ?1
             WHERE id = ?2",
            rusqlite::params![
                r#"{"class":"diarium","description":"Skrivelse","secrecy":{"provision":"26 kap. 4 § OSL","date":"2026-11-02","unit":"IFO","set_by":"karin"},"sender_secret":true}"#,
                diarium
            ],
        )
        .expect("an old free-text marking");
        conn.execute(
            "UPDATE items SET state = 'culled', cull_decision = 'DHP IFO 2026, § 4.2' WHERE id = ?1",
            [&ringa],
        )
        .expect("an old culling");
    }
    let shown = t.ok(&["show", &diarium]);
    let m = &shown["classification"]["secrecy"];
    assert_eq!(m["provision"], "26 kap. 4 § OSL", "kept as written");
    assert_eq!(m["unit"], "IFO");
    assert_eq!(
        t.ok(&["show", &ringa])["cull_decision"],
        "DHP IFO 2026, § 4.2"
    );
    // The history is kept and the register is there to use.
    assert_eq!(&t.events(None)[..history_before.len()], &history_before[..]);
    assert_eq!(t.ok(&["gallringsbeslut", "list"]), serde_json::json!([]));
    t.ok(&DECISION);
    let version: i64 = t
        .sql()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, inkom::store::SCHEMA_VERSION as i64);
}
