//! The app's import summary accounts for every message per source file (imported, already
//! stored, not chosen, skipped with a reason), also when conversations are imported one chosen
//! thread at a time; and the app's salvage option imports a truncated export's complete part,
//! offered by the preview. The summary names the new items, for the inbox to select them.

use crate::desk_support;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use desk_support::Desk;
use inkom::desk::import::{import, preview};
use inkom::desk::views::{ImportSelection, ImportSummary, InboxQuery};

/// Imports `files` with `choice` (never cancelled).
fn run(d: &mut Desk, files: &[PathBuf], choice: &ImportSelection) -> ImportSummary {
    import(
        &mut d.store,
        files,
        choice,
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .expect("import")
}

const XML: &str = r#"<?xml version='1.0' encoding='UTF-8'?>
<smses count="5">
<sms address="+46701740661" date="1793700000000" type="1" body="Ett" />
<sms address="+46701740661" date="1793700100000" type="2" body="Två" />
<sms address="+46701740662" date="1793700200000" type="1" body="Tre" />
<sms address="+46701740663" date="1793700300000" type="1" body="Fyra" />
<sms address="+46701740663" date="1793700400000" type="3" body="Utkast" />
"#;

#[test]
fn summary_accounts_per_source_across_chosen_threads() {
    let mut d = Desk::empty();
    let file = d.write("konversationer.xml", format!("{XML}</smses>\n").as_bytes());
    let choice = ImportSelection {
        threads: Some(vec!["+46701740661".into(), "+46701740663".into()]),
        ..ImportSelection::default()
    };
    let s = run(&mut d, std::slice::from_ref(&file), &choice);
    assert_eq!(s.sources.len(), 1);
    let src = &s.sources[0];
    assert_eq!(
        (
            src.messages,
            src.imported,
            src.duplicates,
            src.not_selected,
            src.skipped,
            src.unaccounted
        ),
        (5, 3, 0, 1, 1, 0),
        "{src:?}"
    );
    assert_eq!(
        src.account,
        "5 meddelanden i filen: 3 importerade, 1 valdes inte, 1 hoppades över (se nedan)"
    );
    assert!(src.notes.iter().any(|n| n.starts_with("sms 5:")), "{src:?}");

    // Everything again: what is stored already is counted as such.
    let s = run(&mut d, &[file], &ImportSelection::default());
    let src = &s.sources[0];
    assert_eq!(
        (src.imported, src.duplicates, src.not_selected, src.skipped),
        (1, 3, 0, 1),
        "{src:?}"
    );
}

#[test]
fn salvage_option_imports_the_complete_part() {
    let mut d = Desk::empty();
    let cut = d.write("avbruten.xml", &XML.as_bytes()[..XML.len() - 30]);
    let s = run(
        &mut d,
        std::slice::from_ref(&cut),
        &ImportSelection {
            per_message: true,
            ..ImportSelection::default()
        },
    );
    assert_eq!(s.rejected.len(), 1);
    assert!(s.rejected[0].message.contains("avkortad"), "{s:?}");
    assert!(
        s.rejected[0].message.contains("kryssa i Räddningsläge")
            && !s.rejected[0].message.contains("--"),
        "the app's box, not the command-line flag: {s:?}"
    );
    assert!(s.sources.is_empty());

    let s = run(
        &mut d,
        &[cut],
        &ImportSelection {
            per_message: true,
            salvage: true,
            ..ImportSelection::default()
        },
    );
    assert!(s.rejected.is_empty(), "{s:?}");
    assert_eq!((s.imported, s.sources[0].messages), (4, 4), "{s:?}");
    // The summary and every item's chain of custody say how it was imported, in the app's
    // words: no command-line flag (issue 18).
    let summary_note = s.sources[0]
        .notes
        .iter()
        .find(|n| n.contains("avkortad"))
        .unwrap_or_else(|| panic!("no truncation note: {s:?}"));
    assert!(
        summary_note.contains("importerad i räddningsläge:") && !summary_note.contains("--"),
        "{summary_note}"
    );
    assert_eq!(s.created.len(), 4, "{s:?}");
    for id in &s.created {
        let item = d.store.item(*id).expect("stored item");
        assert!(
            item.source
                .notes
                .iter()
                .any(|n| n.contains("importerad i räddningsläge:") && !n.contains("--")),
            "{:?}",
            item.source.notes
        );
    }
}

/// A week later the phone's export holds the same conversations and more: the preview says,
/// per conversation, how many messages are in inkom already, and importing stores only the
/// new ones.
#[test]
fn the_preview_counts_what_is_in_inkom_already() {
    let mut d = Desk::empty();
    let week1 = d.write("vecka1.xml", format!("{XML}</smses>\n").as_bytes());
    let fresh = preview(&d.store, std::slice::from_ref(&week1));
    assert!(
        fresh.files[0].threads.iter().all(|t| t.known == 0),
        "{fresh:?}"
    );
    run(&mut d, &[week1], &ImportSelection::default());
    let week2 = d.write(
        "vecka2.xml",
        format!(
            "{XML}<sms address=\"+46701740661\" date=\"1793800000000\" type=\"1\" \
             body=\"Fem\" />\n</smses>\n"
        )
        .as_bytes(),
    );
    let v = preview(&d.store, std::slice::from_ref(&week2));
    let counts: Vec<(&str, u32, u32)> = v.files[0]
        .threads
        .iter()
        .map(|t| (t.key.as_str(), t.count, t.known))
        .collect();
    assert_eq!(
        counts,
        [
            ("+46701740661", 3, 2),
            ("+46701740662", 1, 1),
            ("+46701740663", 1, 1)
        ]
    );
    let s = run(
        &mut d,
        std::slice::from_ref(&week2),
        &ImportSelection::default(),
    );
    assert_eq!(
        (s.sources[0].imported, s.sources[0].duplicates),
        (1, 4),
        "{s:?}"
    );

    // Week 1 imported one message per item instead: the same count.
    let mut d = Desk::empty();
    let week1 = d.write("vecka1.xml", format!("{XML}</smses>\n").as_bytes());
    let per_message = ImportSelection {
        per_message: true,
        ..ImportSelection::default()
    };
    run(&mut d, &[week1], &per_message);
    let v = preview(&d.store, &[week2]);
    let known: Vec<u32> = v.files[0].threads.iter().map(|t| t.known).collect();
    assert_eq!(known, [2, 1, 1]);
}

#[test]
fn the_preview_offers_salvage_for_a_truncated_file_and_says_what_it_would_import() {
    let d = Desk::empty();
    let cut = d.write("avbruten.xml", &XML.as_bytes()[..XML.len() - 30]);
    let broken = d.write(
        "trasig.xml",
        b"<smses><sms address=\"+46701740661\" <<< /></smses>",
    );
    let early = XML.find("<sms address").expect("a message") + 20;
    let early = d.write("tidig.xml", &XML.as_bytes()[..early]);
    let v = preview(&d.store, &[cut, broken, early]);
    let (cut, broken, early) = (&v.files[0], &v.files[1], &v.files[2]);
    assert!(cut.truncated, "{cut:?}");
    assert_eq!(
        cut.messages, 4,
        "the complete messages before the break: {cut:?}"
    );
    assert_eq!(cut.threads.len(), 3, "{cut:?}");
    let why = cut.error.as_ref().expect("a word on the truncation");
    assert_eq!(why.code, "truncated");
    assert!(why.message.contains("avbruten.xml är avkortad"), "{why:?}");
    assert!(
        why.message.contains("de 4 fullständiga meddelandena"),
        "{why:?}"
    );
    assert!(why.message.contains("Räddningsläge"), "{why:?}");
    assert!(!why.message.contains("--"), "no command-line flag: {why:?}");
    // A file that is broken, not cut off, is refused without the offer.
    assert!(!broken.truncated, "{broken:?}");
    assert_eq!(broken.messages, 0);
    assert_eq!(
        broken.error.as_ref().map(|e| e.code.as_str()),
        Some("import_failed")
    );
    // Cut off inside its first message: nothing to salvage, so no offer either.
    assert!(!early.truncated, "{early:?}");
    let why = early.error.as_ref().expect("refused");
    assert!(
        why.message
            .contains("tidig.xml är avkortad före sitt första"),
        "{why:?}"
    );
    assert!(!why.message.contains("--"), "{why:?}");
}

#[test]
fn the_summary_names_the_new_items_and_not_the_duplicates() {
    let mut d = Desk::empty();
    let file = d.write("konversationer.xml", format!("{XML}</smses>\n").as_bytes());
    let choice = ImportSelection {
        per_message: true,
        ..ImportSelection::default()
    };
    let s = run(&mut d, std::slice::from_ref(&file), &choice);
    assert_eq!(s.created.len(), 4, "{s:?}");
    let ids = |d: &Desk, q: &InboxQuery| {
        let mut ids: Vec<i64> = d.rows(q).iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids
    };
    let mut created = s.created.clone();
    created.sort_unstable();
    assert_eq!(
        created,
        ids(&d, &InboxQuery::default()),
        "every new item, nothing else"
    );

    // A second file: the inbox filter by the new ids shows exactly its items.
    let other = d.write(
        "en-till.xml",
        br#"<smses count="1"><sms address="+46701740664" date="1793800000000" type="1" body="Fem" /></smses>"#,
    );
    let s2 = run(&mut d, &[other], &choice);
    assert_eq!(s2.created.len(), 1, "{s2:?}");
    let just = InboxQuery {
        ids: Some(s2.created.clone()),
        ..InboxQuery::default()
    };
    assert_eq!(ids(&d, &just), s2.created);
    assert_eq!(d.rows(&just)[0].sender.as_deref(), Some("+46701740664"));
    let first = InboxQuery {
        ids: Some(s.created.clone()),
        text: Some("Fyra".into()),
        ..InboxQuery::default()
    };
    assert_eq!(
        ids(&d, &first).len(),
        1,
        "the id filter combines with search"
    );

    let again = run(&mut d, &[file], &choice);
    assert_eq!((again.duplicates, again.created.len()), (4, 0), "{again:?}");
}
