//! `inkom print-list`: the CLI calls the core, writes the PDF and the audit trail records it.

use crate::common;

use common::{Inkom, pdftotext, s};

#[test]
fn print_list_writes_the_pdf_and_an_audit_event() {
    let t = Inkom::new();
    t.ok(&["settings", "set", "organisation", "Exempelby kommun"]);
    let xml = t.fixture("synthetic/sms/sms-backup-restore_sv_3-konversationer.xml");
    let import = t.ok(&["import", s(&xml)]);
    let id = import["imported"][0]["created"][0]
        .as_i64()
        .expect("id")
        .to_string();
    t.ok(&["classify", &id, "--as", "ringa", "--note", "Bekräftelse"]);
    let pdf = t.files().join("ringa.pdf");
    let out = t.print_list("ringa", "2026-10-01", "2026-11-30", &pdf);
    assert_eq!(out["list"]["items"], 1, "{out}");
    let text = pdftotext(&pdf);
    assert!(text.contains("Förteckning över handlingar av ringa betydelse"));
    assert!(text.contains("Bekräftelse"), "{text}");
    assert!(text.contains("Sida 1 av 1"), "{text}");

    let dl = t.files().join("dl.pdf");
    let out = t.print_list("diarium", "2026-10-01", "2026-10-01", &dl);
    assert_eq!(out["list"]["items"], 0);
    assert!(pdftotext(&dl).contains("Inga handlingar under perioden."));

    let log = t.ok(&["audit", "log"]);
    let printed: Vec<_> = log
        .as_array()
        .expect("log")
        .iter()
        .filter(|e| e["action"] == "list_printed")
        .collect();
    assert_eq!(printed.len(), 2);
    assert_eq!(printed[0]["details"]["list"], "ringa");
    assert_eq!(
        t.ok(&["audit", "verify"])["first_broken"],
        serde_json::Value::Null
    );

    let (code, _) = t.refused(&[
        "print-list",
        "diarium",
        "--from",
        "2026-10-02",
        "--to",
        "2026-10-01",
    ]);
    assert_eq!(code, "invalid_input");
}

#[test]
fn the_diarielista_is_in_diary_number_order() {
    let t = Inkom::new();
    let xml = t.fixture("synthetic/sms/sms-backup-restore_sv_3-konversationer.xml");
    let import = t.ok(&["import", "--per-message", s(&xml)]);
    let ids: Vec<String> = import["imported"][0]["created"]
        .as_array()
        .expect("ids")
        .iter()
        .map(|v| v.to_string())
        .collect();
    // Numbers out of arrival order, and 0100 after 0042 only when compared as numbers.
    for (id, description, dnr) in [
        (&ids[0], "Ärende A", "SN 2026/0100"),
        (&ids[1], "Ärende B", "SN 2026/0042"),
        (&ids[2], "Ärende C", "SN 2026/0099"),
    ] {
        t.classify_diarium(id, description);
        t.ok(&["register", id]);
        t.ok(&["set-dnr", id, dnr]);
    }
    let dl = t.files().join("dl.pdf");
    t.print_list("diarium", "2026-01-01", "2026-12-31", &dl);
    let text = pdftotext(&dl);
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle}: {text}"))
    };
    assert!(at("SN 2026/0042") < at("SN 2026/0099"), "{text}");
    assert!(at("SN 2026/0099") < at("SN 2026/0100"), "{text}");
}
