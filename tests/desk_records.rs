//! Guard rails 6, 7 and 8 of issue 13 through the app's API on real stores: the secrecy marking
//! (closed list of provisions, the authority, printed on the sheet), who acts (the OS login in
//! the audit, the display name beside it), and the register of gallringsbeslut that culling and
//! the purge cite. Refusals leave the store unchanged.

use crate::desk_support;

use desk_support::{Desk, sms_xml};
use inkom::desk::views::{ClassificationInput, GallringsbeslutInput};
use inkom::desk::{batch, classify, gallring, item_view::item_view, session};
use inkom::model::{Action, State};

fn two_messages(d: &mut Desk) -> Vec<i64> {
    let file = d.write(
        "sms.xml",
        sms_xml(&[
            (
                "+46701740651",
                1_793_700_000_000,
                "Jag vill göra en anmälan.",
            ),
            ("+46701740652", 1_793_700_100_000, "Tack för i dag."),
        ])
        .as_bytes(),
    );
    d.import(&file, true)
}

fn decision() -> GallringsbeslutInput {
    GallringsbeslutInput {
        decided_by: "Socialnämnden".into(),
        decided_on: "2025-11-20".into(),
        reference: "SN 2025/0113 § 42".into(),
        plan_section: "4.2 Handlingar av ringa betydelse".into(),
    }
}

/// The OS login, asked of the OS (`id -un`), not of inkom.
fn os_login() -> String {
    let out = std::process::Command::new("id")
        .arg("-un")
        .output()
        .expect("id -un");
    String::from_utf8(out.stdout)
        .expect("login")
        .trim()
        .to_string()
}

fn pdf_text(d: &mut Desk, id: i64) -> String {
    let out = d.dir.path().join(format!("{id}.pdf"));
    let act = session::act(d.store.conn()).expect("act");
    inkom::lifecycle::export_pdf(&mut d.store, id, &out, &act).expect("export");
    let text = std::process::Command::new("pdftotext")
        .arg(&out)
        .arg("-")
        .output()
        .expect("pdftotext");
    String::from_utf8(text.stdout)
        .expect("utf-8")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_app_culls_under_a_registered_gallringsbeslut_once_the_source_is_gone() {
    let mut d = Desk::empty();
    let id = two_messages(&mut d)[1];
    let v = batch::classify(&mut d.store, id, ClassificationInput::Ringa { note: None })
        .expect("ringa");
    // The view says why culling waits, and what to do.
    assert!(!v.actions.cull && v.actions.confirm_source_deleted);
    let blocked: Vec<(Action, &str)> = v
        .blocked
        .iter()
        .map(|b| (b.action, b.code.as_str()))
        .collect();
    assert_eq!(blocked, [(Action::Cull, "source_not_deleted")]);
    let before = d.store.item(id).expect("item");
    let err = batch::cull(&mut d.store, &[id], "").expect_err("source still there");
    assert_eq!(err.code(), "source_not_deleted");
    assert_eq!(d.store.item(id).expect("item"), before);

    batch::confirm_source_deleted(&mut d.store, id, false, Default::default())
        .expect("source deleted");
    let before = d.store.item(id).expect("item");
    let err = batch::cull(&mut d.store, &[id], "").expect_err("no decision");
    assert_eq!(err.code(), "no_gallringsbeslut");
    assert!(
        err.sv().contains("Inställningar → Gallringsbeslut"),
        "{}",
        err.sv()
    );
    assert_eq!(d.store.item(id).expect("item"), before);

    // The settings screen adds a decision, checked first.
    let bad = GallringsbeslutInput {
        decided_on: "20/11/2025".into(),
        ..decision()
    };
    let err = gallring::add(&mut d.store, &bad).expect_err("date");
    assert_eq!(err.code(), "invalid_input");
    assert!(err.sv().contains("ÅÅÅÅ-MM-DD"), "{}", err.sv());
    let err = gallring::add(
        &mut d.store,
        &GallringsbeslutInput {
            plan_section: " ".into(),
            ..decision()
        },
    )
    .expect_err("no section");
    assert_eq!(err.code(), "invalid_input");
    assert!(
        session::settings(&d.store)
            .expect("settings")
            .gallringsbeslut
            .is_empty()
    );
    let s = gallring::add(&mut d.store, &decision()).expect("add");
    assert_eq!(s.gallringsbeslut.len(), 1);
    assert_eq!(s.gallringsbeslut[0].reference, "SN 2025/0113 § 42");
    let err = gallring::add(&mut d.store, &decision()).expect_err("twice");
    assert_eq!(err.code(), "gallringsbeslut_exists");

    // The app's cull sends no decision text: the only one is the default.
    let v = batch::cull(&mut d.store, &[id], "")
        .expect("cull")
        .remove(0);
    assert_eq!(v.state, State::Culled);
    let item = d.store.item(id).expect("item");
    assert_eq!(
        item.cull_decision.as_deref(),
        Some(
            "Socialnämnden 2025-11-20, SN 2025/0113 § 42, dokumenthanteringsplanen 4.2 \
             Handlingar av ringa betydelse"
        )
    );
    let log = inkom::audit::log(d.store.conn(), Some(id)).expect("log");
    let culled = log.iter().find(|e| e.action == "culled").expect("culled");
    assert_eq!(culled.details["gallringsbeslut_id"], 1);
}

#[test]
fn the_app_marks_secrecy_from_the_list_with_the_authority() {
    let mut d = Desk::empty();
    let id = two_messages(&mut d)[0];
    let offered: Vec<String> = classify::provisions()
        .into_iter()
        .map(|p| p.citation)
        .collect();
    assert_eq!(
        offered,
        ["26 kap. 1 § OSL", "26 kap. 5 § OSL", "25 kap. 1 § OSL"]
    );
    let input = |provision: &str| ClassificationInput::Diarium {
        description: "Anmälan".into(),
        secrecy: Some(provision.into()),
        sender_secret: None,
    };
    let before = d.store.item(id).expect("item");
    let err = batch::classify(&mut d.store, id, input("26 kap. 5 § OSL")).expect_err("no nämnd");
    assert_eq!(err.code(), "no_authority");
    assert!(err.sv().contains("Inställningar → Nämnd"), "{}", err.sv());
    session::set_setting(&mut d.store, "authority", "Socialnämnden").expect("authority");
    let err = batch::classify(&mut d.store, id, input("OSL 26:4")).expect_err("not listed");
    assert_eq!(err.code(), "invalid_input");
    assert_eq!(
        d.store.item(id).expect("item").classification,
        before.classification
    );

    let v = batch::classify(&mut d.store, id, input("Sekretess enligt 26 kap. 5 § OSL"))
        .expect("classify");
    let Some(inkom::model::Classification::Diarium {
        secrecy: Some(m),
        sender_secret,
        ..
    }) = v.classification
    else {
        panic!("a diarium marking");
    };
    assert_eq!(m.provision, "26 kap. 5 § OSL");
    assert_eq!(m.authority, "Socialnämnden");
    assert!(
        sender_secret,
        "a reporter's identity is kept off the register"
    );
    batch::register(&mut d.store, &[id]).expect("register");
    let text = pdf_text(&mut d, id);
    assert!(
        text.contains(
            "Sekretess enligt 26 kap. 5 § OSL (anmälares identitet). Myndighet: Socialnämnden."
        ),
        "{text}"
    );
}

#[test]
fn the_app_audits_the_os_login_beside_the_display_name() {
    let mut d = Desk::empty();
    let login = os_login();
    let s = session::set_setting(&mut d.store, "user", "Lena Handläggare").expect("name");
    assert_eq!(s.user, "Lena Handläggare");
    assert_eq!(s.login, login);
    let id = two_messages(&mut d)[1];
    batch::classify(&mut d.store, id, ClassificationInput::Ringa { note: None }).expect("ringa");
    let log = inkom::audit::log(d.store.conn(), None).expect("log");
    assert!(
        log.iter().all(|e| e.user == login),
        "every event names the login"
    );
    let classified = log
        .iter()
        .find(|e| e.action == "classified")
        .expect("event");
    assert_eq!(classified.details["display_name"], "Lena Handläggare");
    let v = item_view(&d.store, id).expect("view");
    assert_eq!(v.state, State::Classified);
}

#[test]
fn the_demo_has_a_gallringsbeslut_and_its_removals_cite_it() {
    let d = Desk::demo();
    let s = session::settings(&d.store).expect("settings");
    assert_eq!(s.gallringsbeslut.len(), 1);
    assert_eq!(s.authority.as_deref(), Some("Socialnämnden"));
    let culled = d.id_where(|r| r.state == State::Culled);
    let purged = d.id_where(|r| r.state == State::Purged);
    for id in [culled, purged] {
        let item = d.store.item(id).expect("item");
        assert!(
            item.cull_decision
                .as_deref()
                .is_some_and(|c| c.contains(inkom::desk::demo::DEMO_GALLRINGSBESLUT)),
            "{id}: {:?}",
            item.cull_decision
        );
    }
}
