//! Issue 13, guard rails 2 and 9 through the app's API: "Låt inkom radera filen" refuses an
//! export file that holds conversations inkom never got, changing nothing, until the caseworker
//! acknowledges that the export is a copy; the purge that follows keeps no path.

use crate::desk_support;

use desk_support::{Desk, sms_xml};
use inkom::desk::batch;
use inkom::desk::views::ClassificationInput;
use inkom::import::ImportLimits;
use inkom::import::select::Selection;
use inkom::lifecycle;
use inkom::model::State;

#[test]
fn the_app_refuses_a_partly_imported_export_until_acknowledged() {
    let mut d = Desk::empty();
    // The purge after the deletion is gallring under the unit's decision (rule 8).
    d.gallringsbeslut("SN 2025/0113 § 42");
    let file = d.write(
        "Vera_Testsson_export.xml",
        sms_xml(&[
            ("+46701740661", 1_793_700_000_000, "Jag vill ansöka."),
            ("+46701740662", 1_793_700_100_000, "Privat hälsning."),
            ("+46701740662", 1_793_700_200_000, "Ses i helgen?"),
        ])
        .as_bytes(),
    );
    // The app imports one conversation, as the import dialog's choice does.
    let act = inkom::desk::session::act(d.store.conn()).expect("act");
    let selection = Selection {
        thread: Some("+46701740661".into()),
        ..Selection::default()
    };
    let id = lifecycle::import_file(
        &mut d.store,
        &file,
        &ImportLimits::default(),
        &selection,
        &act,
        &mut |_| {},
    )
    .expect("import")
    .created[0];
    batch::classify(
        &mut d.store,
        id,
        ClassificationInput::Diarium {
            description: "Ansökan om kontaktperson".into(),
            secrecy: None,
            sender_secret: None,
        },
    )
    .expect("classify");
    batch::register(&mut d.store, &[id]).expect("register");
    batch::confirm_printed(&mut d.store, &[id]).expect("printed");
    batch::set_dnr(&mut d.store, id, "SN 2026/0042").expect("number");

    let before = d.store.item(id).expect("item");
    let events = |d: &Desk| -> i64 {
        d.store
            .conn()
            .query_row("SELECT count(*) FROM audit_events", [], |r| r.get(0))
            .expect("count")
    };
    let events_before = events(&d);
    let err = batch::confirm_source_deleted(&mut d.store, id, true, Default::default())
        .expect_err("more in it");
    assert_eq!(err.code(), "export_has_more");
    let msg = err.sv();
    assert!(
        msg.contains("2 meddelanden") && msg.contains("samtal med +46701740662"),
        "{msg}"
    );
    assert!(!msg.contains("Privat"), "no text in the refusal: {msg}");
    assert!(
        msg.contains("telefonen har kvar resten"),
        "what to do: {msg}"
    );
    assert_eq!(d.store.item(id).expect("item"), before, "nothing changed");
    assert_eq!(events(&d), events_before, "nothing audited");
    assert!(file.exists());

    let v = batch::confirm_source_deleted(
        &mut d.store,
        id,
        true,
        inkom::desk::batch::Acknowledged {
            partial_export: true,
            ..Default::default()
        },
    )
    .expect("acknowledged");
    assert_eq!(v.state, State::Purged);
    assert!(!file.exists());
    let (medium, path_key) = d.store.source_trace(id).expect("trace");
    assert_eq!(medium.as_deref(), Some("tjänstetelefon"));
    assert!(path_key.is_some_and(|k| k.len() == 64));
    let details: String = d
        .store
        .conn()
        .query_row(
            "SELECT group_concat(details, ' ') FROM audit_events WHERE item_id = ?1",
            [id],
            |r| r.get(0),
        )
        .expect("details");
    assert!(!details.contains("Vera_Testsson"), "{details}");
    assert!(details.contains("exporten är en kopia; telefonen har kvar resten"));
}
