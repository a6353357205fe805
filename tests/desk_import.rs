//! Import from the app: preview stores nothing; a cancelled import rolls back the file being
//! read and keeps the files before it; refused files come back with a Swedish reason.

use crate::desk_support;

use std::sync::atomic::{AtomicBool, Ordering};

use desk_support::{Desk, sms_xml};
use inkom::desk::import::{import, preview};
use inkom::desk::views::ImportSelection;

#[test]
fn preview_lists_threads_and_stores_nothing() {
    let d = Desk::empty();
    let file = d.write(
        "two.xml",
        sms_xml(&[
            ("+46701740641", 1_793_700_000_000, "Ett"),
            ("+46701740641", 1_793_700_100_000, "Två"),
            ("+46701740642", 1_793_700_200_000, "Tre"),
        ])
        .as_bytes(),
    );
    let bad = d.write("notes.txt", b"just some words\n");
    let p = preview(&d.store, &[file, bad]);
    assert_eq!(p.files[0].messages, 3);
    let counts: Vec<(String, u32)> = p.files[0]
        .threads
        .iter()
        .map(|t| (t.key.clone(), t.count))
        .collect();
    assert_eq!(
        counts,
        [
            ("+46701740641".to_string(), 2),
            ("+46701740642".to_string(), 1)
        ]
    );
    let err = p.files[1].error.as_ref().expect("refused");
    assert!(err.message.contains("notes.txt"), "{}", err.message);
    // OCR is offered (and on by default in the app) exactly when Tesseract reads Swedish here;
    // setup-debian.sh installs it, so CI sees `true`.
    let swedish_ocr = std::process::Command::new("tesseract")
        .arg("--list-langs")
        .output()
        .is_ok_and(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l == "swe")
        });
    assert_eq!(p.ocr_available, swedish_ocr);
    let stored: i64 = d
        .store
        .conn()
        .query_row("SELECT count(*) FROM items", [], |r| r.get(0))
        .expect("count");
    assert_eq!(stored, 0);
}

#[test]
fn chosen_threads_and_dates_only_are_imported() {
    let mut d = Desk::empty();
    let file = d.write(
        "two.xml",
        sms_xml(&[
            ("+46701740641", 1_793_700_000_000, "Ett"),
            ("+46701740642", 1_793_700_200_000, "Tre"),
            ("+46701740643", 1_793_700_300_000, "Fyra"),
        ])
        .as_bytes(),
    );
    let choice = ImportSelection {
        threads: Some(vec!["070-174 06 41".into(), "+46701740643".into()]),
        ..ImportSelection::default()
    };
    let never = AtomicBool::new(false);
    let s = import(&mut d.store, &[file], &choice, &mut |_| {}, &never).expect("import");
    assert_eq!((s.imported, s.duplicates, s.cancelled), (2, 0, false));
    let bad_dates = ImportSelection {
        from: Some("2026-11-05".into()),
        to: Some("2026-11-01".into()),
        ..ImportSelection::default()
    };
    let err = import(&mut d.store, &[], &bad_dates, &mut |_| {}, &never).expect_err("dates");
    assert_eq!(err.code(), "invalid_input");
}

#[test]
fn cancel_rolls_back_the_current_file_and_keeps_earlier_ones() {
    let mut d = Desk::empty();
    let small = d.write(
        "small.xml",
        sms_xml(&[("+46701740651", 1_793_700_000_000, "Hej")]).as_bytes(),
    );
    let many: Vec<(String, i64, String)> = (0..3000)
        .map(|i| {
            (
                "+46701740652".to_string(),
                1_793_700_000_000 + i * 1000,
                format!("Nr {i}"),
            )
        })
        .collect();
    let refs: Vec<(&str, i64, &str)> = many
        .iter()
        .map(|(n, t, b)| (n.as_str(), *t, b.as_str()))
        .collect();
    let big = d.write("big.xml", sms_xml(&refs).as_bytes());
    let notbad = d.write(
        "after.xml",
        sms_xml(&[("+46701740653", 1, "Sist")]).as_bytes(),
    );
    let cancel = AtomicBool::new(false);
    let mut progress = Vec::new();
    let choice = ImportSelection {
        per_message: true,
        ..ImportSelection::default()
    };
    let s = import(
        &mut d.store,
        &[small, big, notbad],
        &choice,
        &mut |p| {
            progress.push(p);
            cancel.store(true, Ordering::Relaxed); // the user presses "Avbryt"
        },
        &cancel,
    )
    .expect("import");
    assert!(s.cancelled);
    assert_eq!(s.imported, 1, "the first file stays");
    assert_eq!(progress[0].file_index, 1);
    assert_eq!(progress[0].files, 3);
    let senders: Vec<String> = d
        .rows(&Default::default())
        .into_iter()
        .filter_map(|r| r.sender)
        .collect();
    assert_eq!(
        senders,
        ["+46701740651"],
        "nothing from the cancelled or later files"
    );
    let events: i64 = d
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_events WHERE action = 'imported'",
            [],
            |r| r.get(0),
        )
        .expect("audit count");
    assert_eq!(events, 1, "no audit event from the rolled-back file");
}
