//! The app's mutations on real stores: the main flow in app commands (classify → register →
//! confirm printed → delete source with the file → purged), undo, batches that stop at the first
//! refusal, refused input leaving the store unchanged.

use crate::desk_support;

use desk_support::{Desk, sms_xml};
use inkom::desk::batch;
use inkom::desk::views::ClassificationInput;
use inkom::model::{Action, Class, State};

fn personakt(pnr: &str) -> ClassificationInput {
    ClassificationInput::Personakt {
        client_name: "Elsa Andersson".into(),
        personnummer: pnr.into(),
        secrecy: None,
        add_to_register: false,
    }
}

fn three_messages(d: &mut Desk) -> (std::path::PathBuf, Vec<i64>) {
    let file = d.write(
        "sms.xml",
        sms_xml(&[
            ("+46701740621", 1_793_700_000_000, "Kan du ringa mig?"),
            (
                "+46701740622",
                1_793_700_100_000,
                "Jag behöver hjälp med ansökan.",
            ),
            ("+46701740623", 1_793_700_200_000, "Tack för mötet."),
        ])
        .as_bytes(),
    );
    let ids = d.import(&file, true);
    (file, ids)
}

#[test]
fn main_flow_ends_with_the_file_deleted_and_the_facts_kept() {
    let mut d = Desk::empty();
    d.gallringsbeslut("SN 2025/0113 § 42");
    let file = d.write(
        "one.xml",
        sms_xml(&[("+46701740631", 1_793_700_000_000, "Hej, det gäller Elsa.")]).as_bytes(),
    );
    let id = d.import(&file, false)[0];
    let v = batch::classify(&mut d.store, id, personakt("121212-1212")).expect("classify");
    assert_eq!(v.class, Some(Class::Personakt));
    assert!(v.actions.register && v.actions.unclassify);
    let v = batch::register(&mut d.store, &[id])
        .expect("register")
        .remove(0);
    assert_eq!(v.state, State::Registered);
    assert!(!v.actions.confirm_source_deleted, "not before printing");
    let refused = batch::confirm_source_deleted(&mut d.store, id, true, Default::default())
        .expect_err("too early");
    assert_eq!(refused.code(), "wrong_state");
    assert!(file.exists(), "a refused deletion deletes nothing");
    let v = batch::confirm_printed(&mut d.store, &[id])
        .expect("printed")
        .remove(0);
    assert!(
        !v.actions.confirm_source_deleted,
        "not before the printout is filed"
    );
    assert_eq!(v.blocked.len(), 1, "{:?}", v.blocked);
    assert_eq!(v.blocked[0].action, Action::ConfirmSourceDeleted);
    assert_eq!(v.blocked[0].code, "not_filed");
    assert!(v.blocked[0].message.contains("personakten"));
    let before = d.store.item(id).expect("item");
    let refused = batch::confirm_source_deleted(&mut d.store, id, true, Default::default())
        .expect_err("not filed");
    assert_eq!(refused.code(), "not_filed");
    assert!(file.exists(), "a refused deletion deletes nothing");
    assert_eq!(d.store.item(id).expect("item"), before, "store unchanged");
    let v = batch::confirm_filed(&mut d.store, &[id])
        .expect("filed")
        .remove(0);
    assert!(v.filed_at.is_some() && v.blocked.is_empty());
    assert!(v.can_delete_file && v.actions.confirm_source_deleted);
    let v = batch::confirm_source_deleted(&mut d.store, id, true, Default::default())
        .expect("delete source");
    assert_eq!(v.state, State::Purged);
    assert!(!file.exists(), "inkom deleted the unchanged source file");
    assert!(v.body.is_none() && v.parts.is_empty() && v.source.path.is_none());
    assert!(
        v.kept_after_purge
            .iter()
            .any(|k| k.starts_with("Beteckning: INK-"))
    );
    assert!(
        v.delete_instruction.contains("raderad av inkom"),
        "{}",
        v.delete_instruction
    );
}

#[test]
fn an_invalid_personnummer_is_refused_in_swedish_and_changes_nothing() {
    let mut d = Desk::empty();
    let (_, ids) = three_messages(&mut d);
    let err = batch::classify(&mut d.store, ids[0], personakt("19121212-1213")).expect_err("luhn");
    assert_eq!(err.code(), "invalid_personnummer");
    assert!(
        err.sv().starts_with("Personnumret är ogiltigt"),
        "{}",
        err.sv()
    );
    let item = d.store.item(ids[0]).expect("item");
    assert_eq!((item.state, item.class), (State::Imported, None));
}

#[test]
fn unclassify_undoes_until_registration_and_is_audited() {
    let mut d = Desk::empty();
    let (_, ids) = three_messages(&mut d);
    batch::classify(
        &mut d.store,
        ids[0],
        ClassificationInput::Ringa { note: None },
    )
    .expect("classify");
    let v = batch::unclassify(&mut d.store, ids[0]).expect("undo");
    assert_eq!(
        (v.state, v.class, v.classification),
        (State::Imported, None, None)
    );
    assert_eq!(
        v.history.last().map(|e| e.action.as_str()),
        Some("unclassified")
    );
    let err = batch::unclassify(&mut d.store, ids[0]).expect_err("nothing to undo");
    assert_eq!(err.code(), "wrong_state");

    batch::classify(&mut d.store, ids[1], personakt("19121212-1212")).expect("classify");
    batch::register(&mut d.store, &[ids[1]]).expect("register");
    let err = batch::unclassify(&mut d.store, ids[1]).expect_err("registered");
    assert_eq!(err.code(), "wrong_state");
    assert!(err.sv().contains("ångrad"), "{}", err.sv());
    assert_eq!(d.store.item(ids[1]).expect("item").state, State::Registered);
}

#[test]
fn a_batch_stops_at_the_first_refusal_and_keeps_what_was_done() {
    let mut d = Desk::empty();
    let (_, ids) = three_messages(&mut d);
    // A secrecy marking names the nämnd (guard rail 6).
    inkom::desk::session::set_setting(&mut d.store, "authority", "Socialnämnden")
        .expect("authority");
    for &id in &[ids[0], ids[2]] {
        batch::classify(
            &mut d.store,
            id,
            ClassificationInput::Diarium {
                description: "Fråga om ansökan".into(),
                secrecy: Some("Sekretess enligt 26 kap. 1 § OSL".into()),
                sender_secret: None,
            },
        )
        .expect("classify");
    }
    let err = batch::register(&mut d.store, &ids).expect_err("second is unclassified");
    assert_eq!(err.code(), "not_classified");
    assert!(
        err.sv().contains(&format!("Objekt {}", ids[1])),
        "{}",
        err.sv()
    );
    let states: Vec<State> = ids
        .iter()
        .map(|&id| d.store.item(id).expect("item").state)
        .collect();
    assert_eq!(
        states,
        [State::Registered, State::Imported, State::Classified]
    );

    let done = batch::register(&mut d.store, &[ids[2]]).expect("register");
    let marking = match &done[0].classification {
        Some(inkom::model::Classification::Diarium {
            secrecy: Some(m),
            sender_secret,
            ..
        }) => (m.provision.to_string(), *sender_secret),
        other => panic!("{other:?}"),
    };
    assert_eq!(marking, ("26 kap. 1 § OSL".to_string(), true));
    inkom::desk::session::set_setting(&mut d.store, "diary_prefix", "SN").expect("prefix");
    let numbered = batch::assign_dnr(&mut d.store, &[ids[0], ids[2]]).expect("numbers");
    let dnrs: Vec<_> = numbered
        .iter()
        .map(|v| v.registration.as_ref().and_then(|r| r.diarienummer.clone()))
        .collect();
    let year = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .format("%Y");
    assert_eq!(
        dnrs,
        [
            Some(format!("SN {year}/0001")),
            Some(format!("SN {year}/0002"))
        ]
    );
}

#[test]
fn ringa_items_are_culled_in_a_batch_with_the_decision_logged() {
    let mut d = Desk::empty();
    let (_, ids) = three_messages(&mut d);
    for &id in &ids {
        batch::classify(&mut d.store, id, ClassificationInput::Ringa { note: None })
            .expect("classify");
        batch::confirm_source_deleted(&mut d.store, id, false, Default::default())
            .expect("source deleted");
    }
    d.gallringsbeslut("DHP IFO 2026 § 4.2");
    let views = batch::cull(&mut d.store, &ids[..2], "DHP IFO 2026 § 4.2").expect("cull");
    assert!(views.iter().all(|v| v.state == State::Culled));
    assert!(
        views[0]
            .kept_after_purge
            .iter()
            .any(|k| k.contains("DHP IFO 2026 § 4.2"))
    );
    assert_eq!(d.store.item(ids[2]).expect("item").state, State::Classified);
    let log = inkom::desk::history::audit_log(d.store.conn(), None, 0, 1).expect("log");
    assert_eq!(log.events[0].action, "culled");
    assert!(
        log.events[0].detail["decision"]
            .as_str()
            .is_some_and(|d| d.contains("DHP IFO 2026 § 4.2")),
        "{:?}",
        log.events[0].detail
    );
    let verified = inkom::desk::history::audit_verify(d.store.conn()).expect("verify");
    assert!(verified.ok && verified.events == log.total);
}

#[test]
fn settings_are_checked_before_they_are_stored() {
    let mut d = Desk::empty();
    let err = inkom::desk::session::set_setting(&mut d.store, "idle_lock_minutes", "0")
        .expect_err("zero minutes");
    assert_eq!(err.code(), "invalid_input");
    let s =
        inkom::desk::session::set_setting(&mut d.store, "idle_lock_minutes", "5").expect("five");
    assert_eq!(s.idle_lock_minutes, 5);
    let s = inkom::desk::session::set_setting(&mut d.store, "language", "en").expect("en");
    assert_eq!(s.language, inkom::desk::views::Language::En);
    let err = inkom::desk::session::set_setting(&mut d.store, "colour", "blå").expect_err("key");
    assert_eq!(err.code(), "invalid_input");
}

#[test]
fn a_list_is_audited_as_made_and_again_only_when_sent_to_the_printer() {
    let mut d = Desk::demo();
    let kind = inkom::desk::lists::kind("diarium").expect("kind");
    let (pdf, pages) =
        inkom::desk::lists::print_list(&mut d.store, kind, Some("2026-01-01"), None).expect("list");
    assert!(!pages.pages.is_empty());
    let actions = |d: &Desk| -> Vec<(String, serde_json::Value)> {
        inkom::desk::history::audit_log(d.store.conn(), None, 0, 500)
            .expect("log")
            .events
            .into_iter()
            .filter(|e| e.action.starts_with("list_"))
            .map(|e| (e.action, e.detail))
            .collect()
    };
    let made = actions(&d);
    assert_eq!(made.len(), 1, "{made:?}");
    assert_eq!(
        made[0].0, "list_printed",
        "the creation's code, shown as 'skapad'"
    );

    inkom::desk::lists::sent_to_printer(&mut d.store, kind, &pdf).expect("sent");
    let after = actions(&d);
    assert_eq!(after.len(), 2, "{after:?}");
    let (action, detail) = &after[0];
    assert_eq!(action, "list_sent_to_printer");
    assert_eq!(detail["list"], "diarium");
    assert_eq!(
        detail["pdf_sha256"], made[0].1["pdf_sha256"],
        "the same list"
    );
}
