//! The registrar's flow through the CLI against a real PostgreSQL server: queue, assign,
//! set-dnr (paper diary), print, entered (the sheet is purged, the facts stay), the unit's
//! diarielista as PDF, and the unit log verified.

use crate::common;
use crate::unit_support;

use std::process::Command;

use chrono::{FixedOffset, TimeZone};
use common::pdftotext;
use inkom::unit::caseworker::{self, RegistrationFacts};
use serde_json::Value;
use unit_support::{Cluster, USER_PASSWORD};

fn registrar(pg: &Cluster, db: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_inkom"))
        .arg("--json")
        .args(args)
        .env("INKOM_UNIT_URL", pg.url("reg_eva", db))
        .env("INKOM_UNIT_PASSWORD", USER_PASSWORD)
        .env_remove("INKOM_DATA_DIR")
        .output()
        .expect("run inkom")
}

fn ok(pg: &Cluster, db: &str, args: &[&str]) -> Value {
    let out = registrar(pg, db, args);
    assert!(
        out.status.success(),
        "inkom {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

fn refused(pg: &Cluster, db: &str, args: &[&str]) -> String {
    let out = registrar(pg, db, args);
    assert!(!out.status.success(), "inkom {args:?} should be refused");
    let v: Value = serde_json::from_slice(&out.stderr).expect("json error");
    v["error"]["code"].as_str().unwrap_or_default().to_string()
}

fn facts(designation: &str, arendemening: &str) -> RegistrationFacts {
    RegistrationFacts {
        received_at: FixedOffset::east_opt(3600)
            .and_then(|tz| tz.with_ymd_and_hms(2026, 11, 4, 8, 15, 0).single())
            .expect("time"),
        direction: "inkommen".into(),
        designation: designation.into(),
        sender: "Sekretess".into(),
        arendemening: arendemening.into(),
        secrecy: None,
    }
}

#[test]
fn registrar_queue_assign_set_dnr_print_entered_and_list() {
    let pg = Cluster::start();
    // A unit on the paper diary: the registrar records the numbers.
    let db = pg.new_unit(None);
    pg.add_user(&db, "hl_anna", "caseworker");
    pg.add_user(&db, "reg_eva", "registrar");
    // A real PDF rendered by inkom stands for the caseworker's registration sheet.
    let sheet = inkom::pdf::render(&inkom::pdf::Sheet {
        title: "Registreringsblad".into(),
        organisation: "Exempelby kommun".into(),
        unit: "Individ- och familjeomsorgen".into(),
        designation: "INK-2026-00001".into(),
        running_header: None,
        facts: vec![("Ärendemening".into(), "Skolans underrättelse".into())],
        fill_in: Vec::new(),
        secrecy: None,
        blocks: Vec::new(),
        landscape: false,
        created: chrono::Utc::now().fixed_offset(),
    })
    .expect("render");
    let mut anna = pg.client("hl_anna", USER_PASSWORD, &db);
    let first = caseworker::publish(
        &mut anna,
        &"1".repeat(32),
        &facts("INK-2026-00001", "Skolans underrättelse"),
        &sheet,
    )
    .expect("publish");
    assert_eq!(first.dnr, None, "paper diary: no number yet");
    caseworker::publish(
        &mut anna,
        &"2".repeat(32),
        &facts("INK-2026-00002", "Fråga om öppettider"),
        b"%PDF-1.7 second",
    )
    .expect("publish");

    let queue = ok(&pg, &db, &["registrar", "queue"]);
    let rows = queue.as_array().expect("queue");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["caseworker"], "hl_anna");
    assert_eq!(rows[0]["arendemening"], "Skolans underrättelse");
    assert_eq!(rows[0]["state"], "queued");
    let id = rows[0]["id"].as_i64().expect("id").to_string();

    ok(&pg, &db, &["registrar", "assign", &id]);
    // Entered needs a number and a printout first.
    assert_eq!(
        refused(&pg, &db, &["registrar", "entered", &id]),
        "unit_refused"
    );
    ok(&pg, &db, &["registrar", "set-dnr", &id, "SN 2026/0042"]);
    assert_eq!(
        refused(&pg, &db, &["registrar", "set-dnr", &id, "SN 2026/0043"]),
        "unit_refused",
        "a number, once set, is never changed"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("blad.pdf");
    ok(
        &pg,
        &db,
        &[
            "registrar",
            "print",
            &id,
            "--out",
            out.to_str().expect("path"),
        ],
    );
    assert_eq!(
        std::fs::read(&out).expect("printed"),
        sheet,
        "the sheet as registered"
    );
    ok(&pg, &db, &["registrar", "entered", &id]);
    assert_eq!(
        refused(
            &pg,
            &db,
            &[
                "registrar",
                "print",
                &id,
                "--out",
                out.to_str().expect("path")
            ]
        ),
        "not_found",
        "purged after filing"
    );
    let left: i64 = pg
        .admin(&db)
        .query_one("SELECT count(*) FROM inkom.registration_sheets", &[])
        .expect("count")
        .get(0);
    assert_eq!(left, 1, "only the other registration's sheet is left");

    let queue = ok(&pg, &db, &["registrar", "queue"]);
    assert_eq!(
        queue.as_array().map(Vec::len),
        Some(1),
        "entered leaves the queue"
    );

    // The unit's diarielista: both registrations, with the paper number.
    let list = dir.path().join("diarielista.pdf");
    let v = ok(
        &pg,
        &db,
        &[
            "registrar",
            "list",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--out",
            list.to_str().expect("path"),
        ],
    );
    assert_eq!(v["rows"], 2);
    let text = pdftotext(&list);
    for want in [
        "SN 2026/0042",
        "Skolans underrättelse",
        "Fråga om öppettider",
        "hl_anna",
        "Införd",
        "Väntar",
    ] {
        assert!(text.contains(want), "{want} missing from the list:\n{text}");
    }

    // Every action is in the unit log, which holds.
    let v = ok(&pg, &db, &["registrar", "verify-log"]);
    assert!(v["first_broken"].is_null(), "{v}");
    let actions: Vec<String> = pg
        .admin(&db)
        .query("SELECT action FROM inkom.audit_events ORDER BY id", &[])
        .expect("log")
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(
        actions,
        [
            "registered",
            "registered",
            "assigned",
            "dnr_set",
            "printed",
            "entered",
            "list_printed"
        ]
    );

    // A caseworker cannot do the registrar's work.
    let out = Command::new(env!("CARGO_BIN_EXE_inkom"))
        .args([
            "--json",
            "registrar",
            "queue",
            "--url",
            &pg.url("hl_anna", &db),
        ])
        .env("INKOM_UNIT_PASSWORD", USER_PASSWORD)
        .output()
        .expect("run");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        v.as_array().map(Vec::len),
        Some(1),
        "a caseworker reads only their own rows (row-level security)"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_inkom"))
        .args([
            "--json",
            "registrar",
            "assign",
            "2",
            "--url",
            &pg.url("hl_anna", &db),
        ])
        .env("INKOM_UNIT_PASSWORD", USER_PASSWORD)
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unit_forbidden"));
}
