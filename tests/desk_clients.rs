//! The client register and the suggestion as the app sees them (`inkom::desk::clients`), on a
//! real encrypted store: CSV import with refused lines, the client's name beside a known
//! sender, the suggestion in the item view (and none once the content is purged), the search
//! behind the client-name field, and the ärendemening warning.

use crate::desk_support;

use desk_support::{Desk, sms_xml};
use inkom::desk::clients::{check_arendemening, import_csv, register, search};
use inkom::desk::item_view::item_view;
use inkom::desk::session::act;
use inkom::desk::views::InboxQuery;
use inkom::model::Class;

const CLIENTS: &str = "name,personnummer,phone,email
Amira Haddad,19121212-1212,070-174 06 05,amira.haddad@example.se
Jonas Ek,not-a-number,0701740617,
Sven Ödman,201212121212,+46 70 174 06 99,
";

const DAY_MS: i64 = 1_793_520_000_000;

fn desk_with_clients() -> (Desk, inkom::desk::views::ClientImportSummary) {
    let mut desk = Desk::empty();
    let csv = desk.write("klienter.csv", CLIENTS.as_bytes());
    let a = act(desk.store.conn()).expect("act");
    let summary = import_csv(&mut desk.store, &csv, &a).expect("import clients");
    (desk, summary)
}

#[test]
fn a_client_csv_is_imported_with_each_bad_line_named_and_audited_without_content() {
    let (desk, summary) = desk_with_clients();
    assert_eq!(summary.imported, 2, "{summary:?}");
    assert_eq!(summary.updated, 0);
    assert_eq!(summary.rejected.len(), 1, "{summary:?}");
    assert_eq!(summary.rejected[0].line, 3);
    assert!(
        summary.rejected[0].message.starts_with("Rad 3:"),
        "{}",
        summary.rejected[0].message
    );
    let log = inkom::audit::log(desk.store.conn(), None).expect("audit");
    let event = log
        .iter()
        .find(|e| e.action == "clients_imported")
        .expect("clients_imported event");
    let detail = event.details.to_string();
    assert!(
        !detail.contains("Amira") && !detail.contains("1212"),
        "no name or number in the audit trail: {detail}"
    );
}

/// A caseworker's own reply, imported one item per message, has no sender: the row and the
/// item name whom it went to, with the client's name when the register knows the number (the
/// UI shows "Till Amira Haddad (070-174 06 05)", not "Okänd avsändare"). A received item's
/// row names no recipients.
#[test]
fn an_item_sent_names_its_recipient_and_the_clients_name() {
    let (mut desk, _) = desk_with_clients();
    let xml = format!(
        "<?xml version='1.0' encoding='UTF-8'?>\n<smses>\n\
         <sms address=\"+46701740605\" date=\"{DAY_MS}\" type=\"1\" body=\"Kan du ringa mig?\" />\n\
         <sms address=\"+46701740605\" date=\"{}\" type=\"2\" body=\"Jag ringer efter lunch.\" />\n\
         </smses>\n",
        DAY_MS + 60_000
    );
    let file = desk.write("svar.xml", xml.as_bytes());
    assert_eq!(desk.import(&file, true).len(), 2);
    let rows = desk.rows(&InboxQuery::default());
    let sent = rows
        .iter()
        .find(|r| r.direction == inkom::model::Direction::Out)
        .expect("the reply");
    assert_eq!(sent.sender.as_deref().unwrap_or(""), "");
    assert_eq!(sent.sent_to, vec!["+46701740605".to_string()]);
    assert_eq!(sent.sent_to_label.as_deref(), Some("Amira Haddad"));
    let received = rows
        .iter()
        .find(|r| r.direction == inkom::model::Direction::In)
        .expect("her message");
    assert!(received.sent_to.is_empty(), "{received:?}");
    assert_eq!(received.sender_label.as_deref(), Some("Amira Haddad"));
    let view = item_view(&desk.store, sent.id).expect("item view");
    assert_eq!(view.sent_to_label.as_deref(), Some("Amira Haddad"));
    assert_eq!(view.sent_to, vec!["+46701740605".to_string()]);
}

#[test]
fn a_known_sender_gets_the_clients_name_and_the_suggestion_points_to_personakt() {
    let (mut desk, _) = desk_with_clients();
    let xml = sms_xml(&[
        (
            "+46701740605",
            DAY_MS,
            "Hej, jag mår inte bra och var på psykakuten i natt.",
        ),
        ("+46701740633", DAY_MS + 60_000, "ok tack"),
    ]);
    let file = desk.write("sms.xml", xml.as_bytes());
    desk.import(&file, false);
    let rows = desk.rows(&InboxQuery::default());
    let amira = rows
        .iter()
        .find(|r| r.sender.as_deref() == Some("+46701740605"))
        .expect("Amira's thread");
    assert_eq!(amira.sender_label.as_deref(), Some("Amira Haddad"));
    let stranger = rows
        .iter()
        .find(|r| r.sender.as_deref() == Some("+46701740633"))
        .expect("other thread");
    assert_eq!(stranger.sender_label, None);

    let view = item_view(&desk.store, amira.id).expect("item view");
    assert_eq!(view.sender_label.as_deref(), Some("Amira Haddad"));
    let suggestion = view.suggestion.expect("a suggestion");
    assert_eq!(suggestion.class, Some(Class::Personakt), "{suggestion:?}");
    let body = view.body.as_deref().expect("body");
    let health = suggestion
        .flags
        .iter()
        .find(|f| f.category == "health")
        .expect("a health flag");
    // The offsets are UTF-16 units into the body, as the UI highlights them.
    let utf16: Vec<u16> = body.encode_utf16().collect();
    let marked = String::from_utf16(&utf16[health.start as usize..health.end as usize])
        .expect("utf-16 slice");
    assert_eq!(marked.to_lowercase(), health.term.to_lowercase());
    assert_eq!(health.field, "text");
    let secrecy = suggestion.secrecy.expect("secrecy pre-filled");
    assert_eq!(secrecy.provision, "26 kap. 1 § OSL");

    let short = item_view(&desk.store, stranger.id).expect("view");
    assert_eq!(
        short.suggestion.expect("suggestion").class,
        Some(Class::Ringa),
        "a stranger's 'ok tack' is of minor importance"
    );
}

#[test]
fn client_search_matches_names_without_diacritics_and_numbers_by_digits() {
    let (desk, _) = desk_with_clients();
    let register = register(desk.store.conn()).expect("register");
    let names = |text: &str| -> Vec<String> {
        search(&register, text)
            .into_iter()
            .map(|c| c.name)
            .collect()
    };
    assert_eq!(names("odman"), ["Sven Ödman"]);
    assert_eq!(names("AMIRA"), ["Amira Haddad"]);
    assert_eq!(names("0701740699"), ["Sven Ödman"]);
    assert_eq!(names("19121212"), ["Amira Haddad"]);
    assert_eq!(names("haddad@example"), ["Amira Haddad"]);
    assert!(
        names("a").is_empty(),
        "one letter matches everyone: nothing"
    );
    assert!(names("Zlatan").is_empty());
}

#[test]
fn an_arendemening_naming_a_client_or_a_sensitive_matter_is_warned_about() {
    let (desk, _) = desk_with_clients();
    let register = register(desk.store.conn()).expect("register");
    assert!(
        check_arendemening(&register, "Begäran om allmän handling")
            .warnings
            .is_empty()
    );
    let named = check_arendemening(&register, "Amira Haddad, ansökan").warnings;
    assert!(!named.is_empty(), "a client's name is warned about");
    let sensitive = check_arendemening(&register, "Missbruk hos förälder").warnings;
    assert!(!sensitive.is_empty(), "a sensitive word is warned about");
}

#[test]
fn a_purged_item_has_no_suggestion() {
    let desk = Desk::demo();
    let purged = desk
        .rows(&InboxQuery::default())
        .into_iter()
        .find(|r| r.state == inkom::model::State::Purged)
        .expect("the demo has a purged item");
    let view = item_view(&desk.store, purged.id).expect("view");
    assert!(view.body.is_none());
    assert!(view.suggestion.is_none());
}

#[test]
fn the_demo_has_a_client_register_so_senders_show_names() {
    let desk = Desk::demo();
    let jonas = desk
        .rows(&InboxQuery::default())
        .into_iter()
        .find(|r| {
            r.sender
                .as_deref()
                .is_some_and(|s| s.starts_with("+46701740617"))
        })
        .expect("Jonas's thread");
    assert_eq!(jonas.sender_label.as_deref(), Some("Jonas Ek"));
}

#[test]
fn a_client_file_that_cannot_be_read_is_refused_in_swedish_and_changes_nothing() {
    let (mut desk, _) = desk_with_clients();
    let before = register(desk.store.conn())
        .expect("register")
        .clients()
        .len();
    let events = inkom::audit::log(desk.store.conn(), None)
        .expect("audit")
        .len();
    let a = act(desk.store.conn()).expect("act");
    let missing = desk.dir.path().join("files").join("finns-inte.csv");
    let err = import_csv(&mut desk.store, &missing, &a).expect_err("missing file");
    assert_eq!(err.code(), "io");
    assert!(err.sv().contains("kunde inte"), "{}", err.sv());
    // A file that is not CSV at all: every line refused, nothing stored but the audited count.
    let binary = desk.write("bild.csv", &[0x89, b'P', b'N', b'G', 0, 0, 0xff, 0xfe]);
    let summary = import_csv(&mut desk.store, &binary, &a).expect("parsed as refused");
    assert_eq!(summary.imported + summary.updated, 0, "{summary:?}");
    assert!(!summary.rejected.is_empty(), "{summary:?}");
    assert_eq!(
        register(desk.store.conn())
            .expect("register")
            .clients()
            .len(),
        before
    );
    let after = inkom::audit::log(desk.store.conn(), None)
        .expect("audit")
        .len();
    assert_eq!(
        after,
        events + 1,
        "only the refused import's count is audited"
    );
}
