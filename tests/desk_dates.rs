//! Guard rails 4 and 5 through the app's API on real stores: the item view names the kind of
//! document (received, drawn up, sent) and both times; the date received is corrected before
//! registration with a reason, and every refusal leaves the store unchanged; a sent mail keeps
//! its recipients after purge.

use crate::desk_support;

use desk_support::Desk;
use inkom::desk::batch;
use inkom::desk::item_view::item_view;
use inkom::desk::session;
use inkom::desk::views::ClassificationInput;
use inkom::model::{DocumentKind, State};

fn fixture(d: &Desk, rel: &str) -> std::path::PathBuf {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures")
        .join(rel);
    let bytes = std::fs::read(&src).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
    d.write(
        src.file_name().and_then(|n| n.to_str()).expect("name"),
        &bytes,
    )
}

fn diarium(description: &str) -> ClassificationInput {
    ClassificationInput::Diarium {
        description: description.into(),
        secrecy: None,
        sender_secret: None,
    }
}

/// Everything a refusal must leave as it was: the item and the whole audit trail.
fn snapshot(d: &Desk, id: i64) -> (inkom::model::Item, usize) {
    let events = inkom::audit::log(d.store.conn(), None).expect("log").len();
    (d.store.item(id).expect("item"), events)
}

#[test]
fn the_item_view_shows_both_times_and_the_date_is_corrected_only_before_registration() {
    let mut d = Desk::empty();
    let eml = fixture(&d, "synthetic/email/sv_qp_iso-8859-1.eml");
    let id = d.import(&eml, true)[0];
    let v = item_view(&d.store, id).expect("view");
    assert_eq!(v.kind, DocumentKind::Inkommen);
    assert_eq!(v.received_at, "2026-11-03T14:05:37+01:00");
    assert_eq!(v.sent_at.as_deref(), Some("2026-11-03T14:05:33+01:00"));
    assert!(v.actions.set_received);

    let before = snapshot(&d, id);
    for (at, reason, drawn_up, code) in [
        ("2026-11-03 13:00", "", None, "invalid_input"),
        ("3 nov", "Serverns klocka gick fel", None, "invalid_input"),
        (
            "2099-11-03 13:00",
            "Serverns klocka gick fel",
            None,
            "invalid_input",
        ),
        (
            "2026-11-03 13:00",
            "Serverns klocka gick fel",
            Some(true),
            "invalid_input",
        ),
    ] {
        let err = batch::set_received(&mut d.store, id, at, reason, drawn_up).expect_err("refused");
        assert_eq!(err.code(), code, "{at:?} {reason:?}: {}", err.sv());
        assert!(!err.sv().is_empty());
        assert_eq!(
            snapshot(&d, id),
            before,
            "{at:?} {reason:?} changed the store"
        );
    }

    let v = batch::set_received(
        &mut d.store,
        id,
        "2026-11-03 13:00",
        "Serverns klocka gick en timme fel enligt IT",
        None,
    )
    .expect("corrected");
    assert_eq!(v.received_at, "2026-11-03T13:00:00+01:00");
    assert_eq!(
        v.history.last().map(|e| e.action.as_str()),
        Some("received_corrected")
    );

    batch::classify(&mut d.store, id, diarium("Synpunkter inför utredning")).expect("classify");
    let v = batch::register(&mut d.store, &[id])
        .expect("register")
        .remove(0);
    assert!(!v.actions.set_received, "the registration's date stands");
    let before = snapshot(&d, id);
    let err = batch::set_received(&mut d.store, id, "2026-11-03 12:00", "För sent", None)
        .expect_err("registered");
    assert_eq!(err.code(), "wrong_state");
    assert!(err.sv().contains("registrerat"), "{}", err.sv());
    assert_eq!(snapshot(&d, id), before);
}

#[test]
fn a_mail_the_unit_sent_is_expedierad_and_keeps_its_recipients_after_purge() {
    let mut d = Desk::empty();
    // The purge after the deletion is gallring under the unit's decision (rule 8).
    d.gallringsbeslut("SN 2025/0113 § 42");
    session::set_setting(
        &mut d.store,
        "unit_addresses",
        "socialtjansten@kommun.example.se",
    )
    .expect("setting");
    let eml = d.write(
        "svar.eml",
        b"From: Socialtjansten <socialtjansten@kommun.example.se>\r\n\
To: Ola Exempel <ola@example.com>\r\n\
Subject: Svar om tid\r\n\
Date: Wed, 04 Nov 2026 09:12:00 +0100\r\n\
\r\n\
Tiden ar bokad.\r\n",
    );
    let id = d.import(&eml, true)[0];
    let v = item_view(&d.store, id).expect("view");
    assert_eq!(v.kind, DocumentKind::Expedierad);
    assert_eq!(v.received_at, "2026-11-04T09:12:00+01:00");

    batch::classify(&mut d.store, id, diarium("Besked om tid")).expect("classify");
    batch::register(&mut d.store, &[id]).expect("register");
    batch::confirm_printed(&mut d.store, &[id]).expect("printed");
    batch::set_dnr(&mut d.store, id, "SN 2026/0043").expect("dnr");
    let v = batch::confirm_source_deleted(&mut d.store, id, false, Default::default())
        .expect("deleted");
    assert_eq!(v.state, State::Purged);
    assert_eq!(v.body, None);
    assert_eq!(v.recipients, ["Ola Exempel <ola@example.com>"]);
    assert!(
        v.kept_after_purge
            .iter()
            .any(|k| k == "Mottagare: Ola Exempel <ola@example.com>"),
        "{:?}",
        v.kept_after_purge
    );
    assert!(
        v.kept_after_purge
            .iter()
            .any(|k| k == "Expedierad: 2026-11-04 09:12:00"),
        "{:?}",
        v.kept_after_purge
    );
}
