//! The unit register's registrar flow end to end through the app's API (issue 16), against a
//! real PostgreSQL server: a caseworker's store registers a diarium item with the desk's
//! "Registrera" and it reaches the unit register through the outbox; the registrar's own
//! store, connected with a registrar login, sees it in the queue, takes it, records a number
//! from the paper diary, prints the sheet, marks it entered and prints the unit's diarielista;
//! the caseworker's "Synka nu" brings the number back onto the item. Nothing is mocked.

use crate::common;
use crate::desk_support;
use crate::unit_support;

use std::process::Command;

use desk_support::{Desk, sms_xml};
use inkom::desk::views::{ClassificationInput, UnitMode};
use inkom::desk::{batch, item_view::item_view, session, unit as desk_unit};
use inkom::model::sha256_hex;
use inkom::unit::connection::PASSWORD_ENV;
use inkom::unit::{UnitUrl, outbox};
use unit_support::{Cluster, USER_PASSWORD};

/// The logins' password must be in the environment (as on a PC without a key store), and
/// this crate forbids `unsafe` (so no `set_var`): a test re-runs itself in a child process
/// with it set. Returns true in the parent, which has nothing more to do.
fn in_child_with_password(test: &str) -> bool {
    if std::env::var(PASSWORD_ENV).ok().as_deref() == Some(USER_PASSWORD) {
        return false;
    }
    let out = Command::new(std::env::current_exe().expect("test binary"))
        .arg(crate::test_name(module_path!(), test))
        .args(["--exact", "--nocapture", "--test-threads=1"])
        .env(PASSWORD_ENV, USER_PASSWORD)
        .output()
        .expect("run the test again");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "{test} in the child:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    true
}

fn connect(d: &mut Desk, pg: &Cluster, login: &str, db: &str) {
    // The secrecy marking names the authority (the nämnd).
    session::set_setting(&mut d.store, "authority", "Socialnämnden i Exempelby")
        .expect("authority");
    let act = session::act(d.store.conn()).expect("act");
    let url = UnitUrl::parse(&pg.url(login, db)).expect("url");
    outbox::connect(&mut d.store, &url, &act).expect("connect");
}

/// A caseworker's store with one SMS classified diarium; returns the item id.
fn caseworker_item(d: &mut Desk, text: &str, at_ms: i64) -> i64 {
    let file = d.write(
        &format!("{at_ms}.xml"),
        sms_xml(&[("+46701740661", at_ms, text)]).as_bytes(),
    );
    let id = d.import(&file, true)[0];
    batch::classify(
        &mut d.store,
        id,
        ClassificationInput::Diarium {
            description: "Ansökan om kontaktperson".into(),
            secrecy: Some("26 kap. 1 § OSL".into()),
            sender_secret: None,
        },
    )
    .expect("classify");
    id
}

fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("x.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    common::pdftotext(&path)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn registrar_flow_end_to_end_through_the_app_api() {
    if in_child_with_password("registrar_flow_end_to_end_through_the_app_api") {
        return;
    }
    let pg = Cluster::start();
    // A unit on the paper diary: the registrar records the numbers.
    let db = pg.new_unit(None);
    pg.add_user(&db, "hl_anna", "caseworker");
    pg.add_user(&db, "reg_eva", "registrar");

    // Without a connection the registrar view works on the local store, as before.
    let mut anna = Desk::empty();
    let ctx = desk_unit::context(&anna.store).expect("context");
    assert!(ctx.is_none());
    assert_eq!(
        desk_unit::queue(ctx.as_ref()).expect("queue").mode,
        UnitMode::Local
    );
    let status = desk_unit::status(&anna.store).expect("status");
    assert!(!status.connected && status.waiting == 0);

    // The caseworker registers through the app; the outbox publishes it.
    connect(&mut anna, &pg, "hl_anna", &db);
    let id = caseworker_item(
        &mut anna,
        "Jag vill ansöka om en kontaktperson.",
        1_793_700_000_000,
    );
    let v = batch::register(&mut anna.store, &[id])
        .expect("register")
        .remove(0);
    let designation = v
        .registration
        .as_ref()
        .expect("registered")
        .designation
        .clone();
    assert_eq!(
        v.registration.as_ref().and_then(|r| r.diarienummer.clone()),
        None,
        "paper diary: no number yet"
    );
    let status = desk_unit::status(&anna.store).expect("status");
    assert!(status.connected, "{status:?}");
    assert_eq!((status.waiting, status.delivered), (0, 1), "{status:?}");
    assert_eq!(status.login.as_deref(), Some("hl_anna"));
    assert_eq!(status.unit.as_deref(), Some(db.as_str()));
    let on_server = pg
        .admin(&db)
        .query(
            "SELECT designation, caseworker, arendemening FROM inkom.registrations",
            &[],
        )
        .expect("rows");
    assert_eq!(on_server.len(), 1, "published once");
    assert_eq!(on_server[0].get::<_, String>(0), designation);
    assert_eq!(on_server[0].get::<_, String>(1), "hl_anna");

    // The caseworker's own registrar view is the local one: the unit's queue is not theirs.
    let anna_ctx = desk_unit::context(&anna.store).expect("context");
    assert_eq!(
        desk_unit::queue(anna_ctx.as_ref()).expect("queue").mode,
        UnitMode::Caseworker
    );
    let err = desk_unit::set_dnr(anna_ctx.as_ref(), 1, "SN 2026/0001").expect_err("not hers");
    assert_eq!(err.code(), "unit_forbidden", "{}", err.sv());

    // The registrar's own PC: a store connected with the registrar's login.
    let mut eva = Desk::empty();
    connect(&mut eva, &pg, "reg_eva", &db);
    let ctx = desk_unit::context(&eva.store).expect("context");
    let q = desk_unit::queue(ctx.as_ref()).expect("queue");
    assert_eq!(q.mode, UnitMode::Registrar);
    assert_eq!(q.login.as_deref(), Some("reg_eva"));
    assert_eq!(q.rows.len(), 1, "{q:?}");
    let row = &q.rows[0];
    assert_eq!(
        (row.caseworker.as_str(), row.arendemening.as_str()),
        ("hl_anna", "Ansökan om kontaktperson")
    );
    assert_eq!(row.designation, designation);
    assert_eq!(
        row.sender, "Sekretess",
        "secrecy keeps the sender off the list"
    );
    assert_eq!((row.state.as_str(), row.dnr.as_deref()), ("queued", None));
    let reg = row.id;

    let q = desk_unit::assign(ctx.as_ref(), reg).expect("assign");
    assert_eq!(q.rows[0].state, "assigned");
    assert_eq!(q.rows[0].assigned_to.as_deref(), Some("reg_eva"));
    // Entered needs a number and a printout first; the refusal is Swedish.
    let err = desk_unit::entered(ctx.as_ref(), reg).expect_err("no number yet");
    assert_eq!(err.code(), "unit_refused");
    assert!(err.sv().contains("saknar diarienummer"), "{}", err.sv());
    let q = desk_unit::set_dnr(ctx.as_ref(), reg, "SN 2026/0042").expect("set-dnr");
    assert_eq!(q.rows[0].dnr.as_deref(), Some("SN 2026/0042"));

    // The sheet the registrar prints is the one the caseworker registered, byte for byte.
    let (pdf, pages) = desk_unit::print_sheet(ctx.as_ref(), reg).expect("print");
    let local = anna.store.registration_pdf(id).expect("pdf").expect("held");
    assert_eq!(sha256_hex(&pdf), sha256_hex(&local));
    assert!(!pages.pages.is_empty());
    assert!(pdftotext(&pdf).contains(&designation));

    let q = desk_unit::entered(ctx.as_ref(), reg).expect("entered");
    assert!(q.rows.is_empty(), "entered leaves the queue: {q:?}");
    let sheets: i64 = pg
        .admin(&db)
        .query_one("SELECT count(*) FROM inkom.registration_sheets", &[])
        .expect("count")
        .get(0);
    assert_eq!(sheets, 0, "the sheet is purged once filed");

    // The unit's diarielista for the period holds it, with its number.
    let (list, pages) =
        desk_unit::diarielista(ctx.as_ref(), Some("2026-11-01"), Some("2026-11-30")).expect("list");
    assert!(!pages.pages.is_empty());
    let text = pdftotext(&list);
    assert!(text.contains("SN 2026/0042"), "{text}");
    assert!(text.contains("Ansökan om kontaktperson"), "{text}");
    let err = desk_unit::diarielista(ctx.as_ref(), Some("2026-11-30"), Some("2026-11-01"))
        .expect_err("backwards");
    assert_eq!(err.code(), "invalid_input");

    // "Synka nu" on the caseworker's PC brings the registrar's number back, once, audited.
    let sync = desk_unit::sync(&mut anna.store).expect("sync");
    assert_eq!(sync.numbers_back, 1, "{sync:?}");
    assert!(!sync.offline);
    let v = item_view(&anna.store, id).expect("item");
    assert_eq!(
        v.registration
            .as_ref()
            .and_then(|r| r.diarienummer.as_deref()),
        Some("SN 2026/0042")
    );
    let log = inkom::desk::history::audit_log(anna.store.conn(), Some(id), 0, 100).expect("log");
    assert_eq!(
        log.events
            .iter()
            .filter(|e| e.action == "diarienummer_recorded")
            .count(),
        1,
        "{log:?}"
    );
    assert_eq!(
        desk_unit::sync(&mut anna.store).expect("sync").numbers_back,
        0
    );

    // The server goes down: the caseworker goes on registering, the registrar is told why.
    pg.stop_server();
    let id2 = caseworker_item(&mut anna, "En fråga till.", 1_793_700_100_000);
    let v = batch::register(&mut anna.store, &[id2]).expect("register offline");
    assert!(v[0].registration.is_some());
    let status = desk_unit::status(&anna.store).expect("status");
    assert_eq!(status.waiting, 1, "{status:?}");
    let sync = desk_unit::sync(&mut anna.store).expect("sync offline");
    assert!(sync.offline && sync.message.contains("väntar"), "{sync:?}");
    let err = desk_unit::queue(ctx.as_ref()).expect_err("unreachable");
    assert_eq!(err.code(), "unit_unreachable");
    assert!(
        err.sv()
            .starts_with("Enhetens register kan inte nås just nu"),
        "{}",
        err.sv()
    );

    // Back again: delivered once, and it is in the registrar's queue.
    pg.start_server();
    let sync = desk_unit::sync(&mut anna.store).expect("sync");
    assert_eq!((sync.delivered, sync.status.waiting), (1, 0), "{sync:?}");
    let q = desk_unit::queue(ctx.as_ref()).expect("queue");
    assert_eq!(q.rows.len(), 1);
}

#[test]
fn a_unit_series_number_comes_back_with_the_app_registration() {
    if in_child_with_password("a_unit_series_number_comes_back_with_the_app_registration") {
        return;
    }
    let pg = Cluster::start();
    let db = pg.new_unit(Some("SN"));
    pg.add_user(&db, "hl_bo", "caseworker");
    pg.add_user(&db, "reg_eva", "registrar");
    let mut bo = Desk::empty();
    connect(&mut bo, &pg, "hl_bo", &db);
    let first = caseworker_item(&mut bo, "Första.", 1_793_700_000_000);
    let second = caseworker_item(&mut bo, "Andra.", 1_793_700_100_000);
    let views = batch::register(&mut bo.store, &[first, second]).expect("register");
    let numbers: Vec<String> = views
        .iter()
        .map(|v| {
            v.registration
                .as_ref()
                .and_then(|r| r.diarienummer.clone())
                .unwrap_or_else(|| panic!("number came back: {v:?}"))
        })
        .collect();
    assert!(
        numbers[0].ends_with("/0001") && numbers[1].ends_with("/0002"),
        "{numbers:?}"
    );

    // The registrar's queue is sorted by diary number.
    let mut eva = Desk::empty();
    connect(&mut eva, &pg, "reg_eva", &db);
    let ctx = desk_unit::context(&eva.store).expect("context");
    let q = desk_unit::queue(ctx.as_ref()).expect("queue");
    let shown: Vec<String> = q.rows.iter().filter_map(|r| r.dnr.clone()).collect();
    assert_eq!(shown, numbers);
}
