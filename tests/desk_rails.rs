//! The guard rails through the app's API on real stores: the item view offers exactly what the
//! core's table allows and names what a guard rail holds back; a diary number typed in from the
//! paper diary, a hold, the overdue flag in the inbox. Refusals leave the store unchanged.

use crate::desk_support;

use desk_support::{Desk, sms_xml};
use inkom::desk::batch;
use inkom::desk::item_view::item_view;
use inkom::desk::views::{ClassificationInput, InboxQuery};
use inkom::model::{Action, State};

fn diarium() -> ClassificationInput {
    ClassificationInput::Diarium {
        description: "Ansökan om kontaktperson".into(),
        secrecy: None,
        sender_secret: None,
    }
}

fn two_messages(d: &mut Desk) -> Vec<i64> {
    let file = d.write(
        "sms.xml",
        sms_xml(&[
            (
                "+46701740641",
                1_793_700_000_000,
                "Jag vill ansöka om kontaktperson.",
            ),
            ("+46701740642", 1_793_700_100_000, "Tack för i dag."),
        ])
        .as_bytes(),
    );
    d.import(&file, true)
}

#[test]
fn a_diarium_item_needs_its_diary_number_before_the_source_goes() {
    let mut d = Desk::empty();
    d.gallringsbeslut("SN 2025/0113 § 42");
    let id = two_messages(&mut d)[0];
    batch::classify(&mut d.store, id, diarium()).expect("classify");
    batch::register(&mut d.store, &[id]).expect("register");
    let v = batch::confirm_printed(&mut d.store, &[id])
        .expect("printed")
        .remove(0);
    assert!(!v.actions.confirm_source_deleted);
    assert!(v.actions.set_dnr && v.actions.assign_dnr && v.actions.hold);
    let blocked: Vec<(Action, &str)> = v
        .blocked
        .iter()
        .map(|b| (b.action, b.code.as_str()))
        .collect();
    assert_eq!(blocked, [(Action::ConfirmSourceDeleted, "no_diarienummer")]);
    let before = d.store.item(id).expect("item");
    let err = batch::confirm_source_deleted(&mut d.store, id, false, Default::default())
        .expect_err("no number");
    assert_eq!(err.code(), "no_diarienummer");
    // The app says where in the app, never a command (issue 18).
    assert!(err.sv().contains("Registrera och skriv ut"), "{}", err.sv());
    assert!(!err.sv().contains("inkom set-dnr"), "{}", err.sv());
    let err = batch::set_dnr(&mut d.store, id, "SN 2026/0042\u{7}").expect_err("control char");
    assert_eq!(err.code(), "invalid_input");
    assert_eq!(
        d.store.item(id).expect("item"),
        before,
        "refusals change nothing"
    );

    let v = batch::set_dnr(&mut d.store, id, "SN 2026/0042").expect("number");
    assert_eq!(
        v.registration
            .as_ref()
            .and_then(|r| r.diarienummer.as_deref()),
        Some("SN 2026/0042")
    );
    assert!(v.actions.confirm_source_deleted && !v.actions.set_dnr && v.blocked.is_empty());
    let err = batch::set_dnr(&mut d.store, id, "SN 2026/0043").expect_err("never changed");
    assert_eq!(err.code(), "has_diarienummer");
    let v =
        batch::confirm_source_deleted(&mut d.store, id, false, Default::default()).expect("delete");
    assert_eq!(v.state, State::Purged, "the core purges, not the app");
    let history: Vec<&str> = v.history.iter().map(|e| e.action.as_str()).collect();
    assert!(
        history.ends_with(&["diarienummer_recorded", "source_deleted", "purged"]),
        "{history:?}"
    );
    // The inbox keeps the 5:2 facts of the purged item: its sender (not secret here) and its
    // ärendemening in place of the content.
    let row = d
        .rows(&InboxQuery::default())
        .into_iter()
        .find(|r| r.id == id)
        .expect("row");
    assert_eq!(row.sender.as_deref(), Some("+46701740641"));
    assert_eq!(row.preview, "Ansökan om kontaktperson");
    assert_eq!(
        row.arendemening.as_deref(),
        Some("Ansökan om kontaktperson")
    );
    assert_eq!(row.diarienummer.as_deref(), Some("SN 2026/0042"));
}

#[test]
fn a_hold_shows_in_the_view_and_the_inbox_and_blocks_removal() {
    let mut d = Desk::empty();
    let id = two_messages(&mut d)[1];
    batch::classify(&mut d.store, id, ClassificationInput::Ringa { note: None }).expect("ringa");
    let err = batch::hold(&mut d.store, id, " ").expect_err("no reason");
    assert_eq!(err.code(), "invalid_input");
    let v = batch::hold(&mut d.store, id, "Begäran om allmän handling").expect("hold");
    assert_eq!(v.held_reason.as_deref(), Some("Begäran om allmän handling"));
    assert!(v.actions.release && !v.actions.hold);
    assert!(!v.actions.cull && !v.actions.confirm_source_deleted);
    let blocked: Vec<Action> = v.blocked.iter().map(|b| b.action).collect();
    assert_eq!(blocked, [Action::ConfirmSourceDeleted, Action::Cull]);
    assert!(v.blocked.iter().all(|b| b.code == "held"));
    assert!(v.blocked[0].message.contains("Begäran om allmän handling"));

    let before = d.store.item(id).expect("item");
    let err = batch::cull(&mut d.store, &[id], "DHP § 4.2").expect_err("held");
    assert_eq!(err.code(), "held");
    assert_eq!(d.store.item(id).expect("item"), before);
    let rows = d.rows(&InboxQuery::default());
    let row = rows.iter().find(|r| r.id == id).expect("row");
    assert!(row.held);

    let v = batch::release(&mut d.store, id).expect("release");
    assert!(v.held_reason.is_none() && v.actions.confirm_source_deleted);
    // Released, the ringa item is culled once its source is gone (guard rail 8).
    let blocked: Vec<(Action, &str)> = v
        .blocked
        .iter()
        .map(|b| (b.action, b.code.as_str()))
        .collect();
    assert_eq!(blocked, [(Action::Cull, "source_not_deleted")]);
    let err = batch::release(&mut d.store, id).expect_err("not held");
    assert_eq!(err.code(), "not_held");
    let v = batch::confirm_source_deleted(&mut d.store, id, false, Default::default())
        .expect("source deleted");
    assert!(v.actions.cull && v.blocked.is_empty());
    d.gallringsbeslut("DHP § 4.2");
    batch::cull(&mut d.store, &[id], "DHP § 4.2").expect("cull after release");
}

#[test]
fn the_inbox_flags_items_waiting_past_the_limit() {
    let mut d = Desk::empty();
    let ids = two_messages(&mut d);
    // 1_793_700_000_000 ms is in November 2026: both waited far too long.
    let flagged = |d: &Desk| -> Vec<i64> {
        let mut v: Vec<i64> = d
            .rows(&InboxQuery::default())
            .iter()
            .filter(|r| r.overdue)
            .map(|r| r.id)
            .collect();
        v.sort();
        v
    };
    assert_eq!(flagged(&d), ids);
    assert!(item_view(&d.store, ids[0]).expect("view").overdue);
    batch::classify(
        &mut d.store,
        ids[1],
        ClassificationInput::Ringa { note: None },
    )
    .expect("ringa");
    assert_eq!(flagged(&d), [ids[0]], "a classified ringa item is handled");
    assert!(!item_view(&d.store, ids[1]).expect("view").overdue);
}

#[test]
fn the_app_refuses_a_client_in_public_fields_and_the_wrong_akt() {
    let mut d = Desk::demo();
    let elsa = d.id_of("Angående Elsa");
    let before = d.store.item(elsa).expect("item");
    let err = batch::classify(
        &mut d.store,
        elsa,
        ClassificationInput::Diarium {
            description: "Skrivelse om Jonas Ek".into(),
            secrecy: None,
            sender_secret: None,
        },
    )
    .expect_err("a client's name");
    assert_eq!(err.code(), "not_public");
    assert!(err.sv().contains("klientregistret"), "{}", err.sv());
    let err = batch::classify(
        &mut d.store,
        elsa,
        ClassificationInput::Personakt {
            client_name: "Jonas Ek".into(),
            personnummer: "19121212-1212".into(),
            secrecy: None,
            add_to_register: true,
        },
    )
    .expect_err("Amira's personnummer");
    assert_eq!(err.code(), "wrong_akt");
    assert!(err.sv().contains("Amira Haddad"), "{}", err.sv());
    assert_eq!(d.store.item(elsa).expect("item"), before, "nothing changed");
    let v = batch::classify(
        &mut d.store,
        elsa,
        ClassificationInput::Personakt {
            client_name: "Jonas Ek".into(),
            personnummer: "19870521-2382".into(),
            secrecy: None,
            add_to_register: false,
        },
    )
    .expect("the register's own pair");
    assert_eq!(v.state, State::Classified);
}

#[test]
fn the_app_offers_to_add_a_client_the_register_lacks() {
    let mut d = Desk::demo();
    let elsa = d.id_of("Angående Elsa");
    let act = inkom::desk::session::act(d.store.conn()).expect("act");
    let register = |d: &Desk| inkom::desk::clients::register(d.store.conn()).expect("register");
    // The form's check names whom the register holds, or nobody: then it offers to add.
    let known = inkom::desk::classify::check_personnummer("19121212-1212", &act, &register(&d));
    assert_eq!(known.registered_name.as_deref(), Some("Amira Haddad"));
    let unknown = inkom::desk::classify::check_personnummer("198112189876", &act, &register(&d));
    assert!(unknown.valid);
    assert_eq!(unknown.registered_name, None);
    let clients_before = register(&d).clients().len();
    batch::classify(
        &mut d.store,
        elsa,
        ClassificationInput::Personakt {
            client_name: " Elsa  Lind ".into(),
            personnummer: "198112189876".into(),
            secrecy: None,
            add_to_register: true,
        },
    )
    .expect("classified");
    assert_eq!(register(&d).clients().len(), clients_before + 1);
    let again = inkom::desk::classify::check_personnummer("19811218-9876", &act, &register(&d));
    assert_eq!(again.registered_name.as_deref(), Some("Elsa Lind"));
    let history = inkom::desk::history::audit_log(d.store.conn(), Some(elsa), 0, 50).expect("log");
    assert!(
        history.events.iter().any(|e| e.action == "client_added"),
        "{:?}",
        history.events
    );
}

/// Inställningar → Lösenfras: a wrong current passphrase is refused in the words of an open
/// store and changes nothing; the right one re-wraps the key, and only the new one opens the
/// store afterwards.
#[test]
fn the_passphrase_is_changed_only_with_the_current_one() {
    use inkom::desk::session::change_passphrase;
    use inkom::desk::views::PassphraseChangeInput;
    let mut d = Desk::empty();
    let key_file = d.data_dir().join("inkom.key");
    let before = std::fs::read(&key_file).expect("key file");
    let change = |current: &str, new: &str| PassphraseChangeInput {
        current: current.into(),
        new: new.into(),
    };
    let e = change_passphrase(&mut d.store, &change("inte den", "en helt ny lösenfras"))
        .expect_err("wrong current");
    assert_eq!(e.code(), "wrong_current_passphrase");
    assert!(
        e.sv().contains("nuvarande lösenfrasen stämmer inte"),
        "{}",
        e.sv()
    );
    assert!(
        !format!("{:?}", change("hemlig fras ett", "hemlig fras två")).contains("hemlig"),
        "Debug never prints a passphrase"
    );
    let e = change_passphrase(&mut d.store, &change(desk_support::PASSPHRASE, "kort"))
        .expect_err("short");
    assert_eq!(e.code(), "invalid_input");
    assert_eq!(std::fs::read(&key_file).expect("key file"), before);

    change_passphrase(
        &mut d.store,
        &change(desk_support::PASSPHRASE, "en helt ny lösenfras"),
    )
    .expect("changed");
    let dir = d.data_dir();
    drop(d.store);
    assert!(inkom::store::Store::open_with_passphrase(&dir, desk_support::PASSPHRASE).is_err());
    inkom::store::Store::open_with_passphrase(&dir, "en helt ny lösenfras").expect("new one opens");
}
