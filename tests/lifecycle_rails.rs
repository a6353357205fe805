//! The guard rails a registrar expects, through the real binary: a hold stops culling, purging
//! and source deletion until released (rule 10); items waiting too long are listed as overdue
//! (rule 12); a diary number from the paper diary is recorded once (rule 1). Every refusal
//! leaves the store unchanged and says in Swedish what to do next.

use crate::common;

use common::{Inkom, Stop, created_ids as ids, s};
use serde_json::Value;

const REASON: &str = "Begäran om allmän handling 2026-11-20";

#[test]
fn a_held_ringa_item_is_neither_culled_nor_deleted_until_released() {
    let t = Inkom::new();
    let (id, png) =
        t.import_fixture("synthetic/screenshots/Screenshot_20261103-142233_Messages.png");
    t.classify_ringa(&id);

    let refuse = |args: &[&str], want: &str| t.refused_unchanged(args, want);
    refuse(&["hold", &id, "--reason", "  "], "invalid_input");
    refuse(&["release", &id], "not_held");

    let h = t.ok(&["hold", &id, "--reason", REASON]);
    assert_eq!(h["hold"]["reason"], REASON);
    assert_eq!(h["hold"]["set"]["by"], common::os_login().as_str());
    assert_eq!(h["state"], "classified", "a hold does not move the item");

    let msg = refuse(&["cull", &id, "--decision", "DHP § 4.2"], "held");
    assert!(
        msg.contains(REASON) && msg.contains("inkom release"),
        "names the hold and what to do: {msg}"
    );
    refuse(
        &[
            "confirm-source-deleted",
            &id,
            "--where",
            "Skrivbordet",
            "--delete-file",
        ],
        "held",
    );
    assert!(png.exists(), "a held item's source file is not deleted");
    refuse(&["hold", &id, "--reason", "Överklagande"], "already_held");

    let r = t.ok(&["release", &id]);
    assert_eq!(r["hold"], Value::Null);
    t.ok(&[
        "confirm-source-deleted",
        &id,
        "--where",
        "Skrivbordet",
        "--delete-file",
    ]);
    assert!(!png.exists());
    t.add_gallringsbeslut();
    assert_eq!(
        t.ok(&["cull", &id, "--decision", "SN 2025/0113 § 42"])["state"],
        "culled"
    );
    refuse(&["hold", &id, "--reason", REASON], "wrong_state");

    let held = t
        .events(Some(&id))
        .into_iter()
        .find(|e| e["action"] == "held")
        .expect("held event");
    assert_eq!(held["details"]["reason"], REASON);
    assert_eq!(
        t.actions(&id),
        [
            "imported",
            "classified",
            "held",
            "released",
            "source_deleted",
            "source_file_deleted",
            "culled"
        ]
    );
    t.assert_audit_intact();
}

#[test]
fn a_held_diarium_item_keeps_its_source_and_content_until_released() {
    let t = Inkom::new();
    let (id, _) = t.import_fixture("synthetic/email/sv_multipart_png-bilaga.eml");
    t.classify_diarium(&id, "Fråga om hyra");
    t.walk_to(&id, Stop::InDiarium("SN 2026/0042"));
    // A hold can be set at any point before the content is gone.
    t.ok(&["hold", &id, "--reason", "Överklagande, förvaltningsrätten"]);
    let before = t.snapshot();
    let (code, msg) = t.refused(&["confirm-source-deleted", &id, "--where", "Outlook"]);
    assert_eq!(code, "held", "{msg}");
    assert!(msg.contains("Överklagande"), "{msg}");
    assert_eq!(t.snapshot(), before);
    let shown = t.ok(&["show", &id]);
    assert!(shown["body"].is_string(), "the content is kept while held");

    t.ok(&["release", &id]);
    t.add_gallringsbeslut();
    let p = t.ok(&["confirm-source-deleted", &id, "--where", "Outlook"]);
    assert_eq!(p["state"], "purged");
    let (code, _) = t.refused(&["hold", &id, "--reason", "För sent"]);
    assert_eq!(code, "wrong_state", "nothing left to hold");
}

#[test]
fn items_waiting_past_the_limit_are_listed_as_overdue_until_handled() {
    let t = Inkom::new();
    let xml = t.fixture("synthetic/sms/sms-backup-restore_sv_3-konversationer.xml");
    let created = ids(&t.ok(&["import", s(&xml)]));
    assert_eq!(created.len(), 4);
    let overdue = || -> Vec<i64> {
        t.ok(&["list", "--overdue"])
            .as_array()
            .expect("list")
            .iter()
            .map(|i| i["id"].as_i64().expect("id"))
            .collect()
    };
    // The fixture's messages arrived in November 2026, long before today.
    let mut want = created.clone();
    assert_eq!(overdue(), want, "every unhandled old item");

    // Ringa: handled once classified.
    let [a, b, c, d] = [0, 1, 2, 3].map(|i| created[i].to_string());
    t.classify_ringa(&a);
    want.retain(|i| i.to_string() != a);
    assert_eq!(overdue(), want);
    // Diarium: still waiting until registered.
    t.classify_diarium(&b, "Skrivelse");
    assert_eq!(
        overdue(),
        want,
        "classified diarium still waits for registration"
    );
    t.walk_to(&b, Stop::Registered);
    want.retain(|i| i.to_string() != b);
    assert_eq!(overdue(), want);

    // An item that arrived just now is within the limit.
    let now = chrono::Utc::now();
    t.sql()
        .execute(
            "UPDATE items SET received_at = ?1, received_at_utc = ?1 WHERE id = ?2",
            rusqlite::params![now.to_rfc3339(), c],
        )
        .expect("arrived now");
    want.retain(|i| i.to_string() != c);
    assert_eq!(overdue(), want);
    assert_eq!(want, [created[3]], "{d} is the one left");

    // The limit is a setting, checked before it is stored.
    let before = t.snapshot();
    for bad in ["en", "1.5", "31"] {
        let (code, msg) = t.refused(&["settings", "set", "overdue_days", bad]);
        assert_eq!(code, "invalid_input", "{bad}: {msg}");
        assert!(msg.contains("arbetsdagar"), "{msg}");
    }
    assert_eq!(t.snapshot(), before);
    t.ok(&["settings", "set", "overdue_days", "3"]);
    assert_eq!(t.ok(&["settings", "show"])["overdue_days"], "3");
}

/// A store with Amira Haddad in the client register (phone 070-174 06 05) and the SMS fixture
/// imported; returns the item ids and the id of Amira's conversation.
fn with_amira(t: &Inkom) -> (Vec<i64>, String) {
    t.ok(&[
        "clients",
        "add",
        "--name",
        "Amira Haddad",
        "--personnummer",
        "19870521-2382",
        "--phone",
        "070-174 06 05",
    ]);
    let xml = t.fixture("synthetic/sms/sms-backup-restore_sv_3-konversationer.xml");
    let created = ids(&t.ok(&["import", s(&xml)]));
    let amira = t.item_from("+46701740605");
    (created, amira)
}

#[test]
fn public_fields_refuse_personnummer_and_client_names() {
    let t = Inkom::new();
    let (created, amira) = with_amira(&t);
    let other = created
        .iter()
        .map(i64::to_string)
        .find(|i| *i != amira)
        .expect("another item");
    let refuse = |args: &[&str], want: &str| t.refused_unchanged(args, want);
    for description in [
        "Ansökan, 870521-2382",
        "Ansökan 198705212382",
        // A samordningsnummer (day + 60) is refused alike.
        "Ansökan 870581-9806",
        "Samtal med amira haddad",
        "Amira Haddads ansökan",
    ] {
        let msg = refuse(
            &[
                "classify",
                &other,
                "--as",
                "diarium",
                "--description",
                description,
            ],
            "not_public",
        );
        assert!(
            msg.contains("Ärendemeningen") && msg.contains("offentliga"),
            "{msg}"
        );
    }
    let msg = refuse(
        &[
            "classify",
            &other,
            "--as",
            "ringa",
            "--note",
            "Tack från Amira Haddad",
        ],
        "not_public",
    );
    assert!(msg.starts_with("Anteckningen"), "{msg}");
    // A text that names no one passes.
    t.ok(&[
        "classify",
        &other,
        "--as",
        "ringa",
        "--note",
        "Tack för mötet",
    ]);

    // A sender in the register is kept off public lists unless explicitly marked public.
    let c = t.classify_diarium(&amira, "Ansökan om kontaktperson");
    assert_eq!(c["classification"]["sender_secret"], true);
    let c = t.ok(&[
        "classify",
        &amira,
        "--as",
        "diarium",
        "--description",
        "Ansökan om kontaktperson",
        "--sender-public",
    ]);
    assert_eq!(c["classification"]["sender_secret"], false);
}

#[test]
fn personakt_with_another_clients_personnummer_is_refused() {
    let t = Inkom::new();
    let (created, _) = with_amira(&t);
    let id = created[0].to_string();
    let before = t.snapshot();
    // Jonas Ek with Amira Haddad's personnummer: the printout would land in her akt.
    let (code, msg) = t.refused(&[
        "classify",
        &id,
        "--as",
        "personakt",
        "--client-name",
        "Jonas Ek",
        "--personnummer",
        "870521-2382",
    ]);
    assert_eq!(code, "wrong_akt", "{msg}");
    assert!(
        msg.contains("Amira Haddad") && msg.contains("Jonas Ek"),
        "{msg}"
    );
    assert_eq!(t.snapshot(), before);
    // Accepting the offer to add the client changes nothing about that: still refused, and the
    // register keeps one entry for the number.
    let clients = t.ok(&["clients", "list"]);
    let (code, _) = t.refused(&[
        "classify",
        &id,
        "--as",
        "personakt",
        "--client-name",
        "Jonas Ek",
        "--personnummer",
        "870521-2382",
        "--add-client",
    ]);
    assert_eq!(code, "wrong_akt");
    assert_eq!(t.snapshot(), before);
    assert_eq!(t.ok(&["clients", "list"]), clients);
    // The register's own spelling, in another case and order, is the same person.
    let c = t.classify_personakt(&id, "haddad amira", "198705212382");
    assert_eq!(c["class"], "personakt");
    // A client not in the register is accepted …
    let other = created[1].to_string();
    let jonas = |extra: &[&str]| {
        let mut args = vec![
            "classify",
            &other,
            "--as",
            "personakt",
            "--client-name",
            "Jonas Ek",
            "--personnummer",
            "19121212-1212",
        ];
        args.extend_from_slice(extra);
        t.ok(&args)
    };
    let clients = || {
        t.ok(&["clients", "list"])
            .as_array()
            .expect("clients")
            .clone()
    };
    let c = jonas(&[]);
    assert_eq!(c["classification"]["personnummer"], "19121212-1212");
    assert_eq!(c["client_added"], false, "only on request");
    let with_number = || {
        clients()
            .into_iter()
            .filter(|c| c["personnummer"] == "19121212-1212")
            .collect::<Vec<_>>()
    };
    assert!(with_number().is_empty());
    // … and offered for adding: the caseworker accepts, the register gains the client (name and
    // number only), audited on the item.
    assert_eq!(jonas(&["--add-client"])["client_added"], true);
    let added = with_number();
    assert_eq!(added.len(), 1);
    assert_eq!(added[0]["name"], "Jonas Ek");
    assert_eq!(added[0]["phones"], serde_json::json!([]));
    let actions = t.actions(&other);
    assert!(actions.iter().any(|a| a == "client_added"), "{actions:?}");
    // Asking again adds nothing: the client is there.
    assert_eq!(jonas(&["--add-client"])["client_added"], false);
    assert_eq!(with_number().len(), 1);
}
