//! The app's import summary accounts for every message per source file (imported, already
//! stored, not chosen, skipped with a reason), also when conversations are imported one chosen
//! thread at a time; and the app's salvage option imports a truncated export's complete part.

mod desk_support;

use std::sync::atomic::AtomicBool;

use desk_support::Desk;
use inkom::desk::import::import;
use inkom::desk::views::ImportSelection;

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
    let never = AtomicBool::new(false);
    let choice = ImportSelection {
        threads: Some(vec!["+46701740661".into(), "+46701740663".into()]),
        ..ImportSelection::default()
    };
    let s = import(
        &mut d.store,
        std::slice::from_ref(&file),
        &choice,
        &mut |_| {},
        &never,
    )
    .expect("import");
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
    let s = import(
        &mut d.store,
        &[file],
        &ImportSelection::default(),
        &mut |_| {},
        &never,
    )
    .expect("import");
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
    let never = AtomicBool::new(false);
    let s = import(
        &mut d.store,
        std::slice::from_ref(&cut),
        &ImportSelection {
            per_message: true,
            ..ImportSelection::default()
        },
        &mut |_| {},
        &never,
    )
    .expect("import");
    assert_eq!(s.rejected.len(), 1);
    assert!(s.rejected[0].message.contains("avkortad"), "{s:?}");
    assert!(s.sources.is_empty());

    let s = import(
        &mut d.store,
        &[cut],
        &ImportSelection {
            per_message: true,
            salvage: true,
            ..ImportSelection::default()
        },
        &mut |_| {},
        &never,
    )
    .expect("import");
    assert!(s.rejected.is_empty(), "{s:?}");
    assert_eq!((s.imported, s.sources[0].messages), (4, 4), "{s:?}");
}
