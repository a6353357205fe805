//! The fidelity gate in the app (issue 12): a sheet that drew characters as boxes is shown as
//! incomplete, holds the source's deletion back with the core's own words, and can be
//! registered again from the item view — through the same desk API the shell calls.

use crate::desk_support;

use desk_support::{Desk, sms_xml};
use inkom::desk::batch;
use inkom::desk::item_view::item_view;
use inkom::desk::views::ClassificationInput;
use inkom::model::{Action, State};

#[test]
fn an_incomplete_printout_is_shown_holds_the_source_and_can_be_registered_again() {
    let mut d = Desk::empty();
    // A private-use character: no font draws it, so the printout cannot be complete.
    let file = d.write(
        "sms.xml",
        sms_xml(&[("+46701740641", 1_793_700_000_000, "Se bilden \u{E000} här.")]).as_bytes(),
    );
    let id = d.import(&file, true)[0];
    batch::classify(
        &mut d.store,
        id,
        ClassificationInput::Personakt {
            client_name: "Nora Berg".into(),
            personnummer: "198112189876".into(),
            secrecy: None,
            add_to_register: false,
        },
    )
    .expect("classified");
    let v = batch::register(&mut d.store, &[id])
        .expect("registered")
        .remove(0);
    let lost = v
        .registration
        .as_ref()
        .and_then(|r| r.unprintable.clone())
        .expect("the view says the printout is incomplete");
    assert_eq!(lost.count, 1);
    batch::confirm_printed(&mut d.store, &[id]).expect("printed");
    batch::confirm_filed(&mut d.store, &[id]).expect("filed");

    // Printed and filed, but the copy is not faithful: the deletion is held back, in Swedish,
    // naming the button that helps.
    let v = item_view(&d.store, id).expect("view");
    assert!(!v.actions.confirm_source_deleted);
    let held = v
        .blocked
        .iter()
        .find(|b| b.action == Action::ConfirmSourceDeleted)
        .expect("deletion held back");
    assert_eq!(held.code, "incomplete_printout");
    assert!(held.message.contains("Registrera om"), "{}", held.message);

    // Registering again: same designation, a new sheet to print, the audit names the old one.
    let designation = v.registration.as_ref().expect("reg").designation.clone();
    let old_sha = v.registration.as_ref().expect("reg").pdf_sha256.clone();
    let v = batch::reregister(&mut d.store, id).expect("registered again");
    assert_eq!(v.state, State::Registered);
    let reg = v.registration.as_ref().expect("reg");
    assert_eq!(reg.designation, designation);
    assert_eq!(
        reg.unprintable.as_ref().map(|u| u.count),
        Some(1),
        "still no font for a private-use character"
    );
    assert!(
        v.history
            .iter()
            .any(|e| e.action == "registered" && e.detail.to_string().contains(&old_sha)),
        "{:?}",
        v.history
    );

    // A complete printout is never rewritten.
    let file = d.write(
        "ok.xml",
        sms_xml(&[("+46701740642", 1_793_700_100_000, "Tack för i dag.")]).as_bytes(),
    );
    let ok = d.import(&file, true)[0];
    batch::classify(&mut d.store, ok, ClassificationInput::Ringa { note: None }).expect("ringa");
    let before = d.store.item(ok).expect("item");
    let err = batch::reregister(&mut d.store, ok).expect_err("not registered");
    assert_eq!(err.code(), "wrong_state");
    assert!(!err.sv().is_empty());
    assert_eq!(
        d.store.item(ok).expect("item"),
        before,
        "a refusal changes nothing"
    );
}
