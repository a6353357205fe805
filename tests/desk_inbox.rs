//! The app's inbox on real stores: filters, the registrar's queue, full-text search with
//! Swedish folding, and purged or culled items leaving the search index.

use crate::common;
use crate::desk_support;

use desk_support::{Desk, sms_xml};
use inkom::desk::views::{ClassFilter, InboxQuery};
use inkom::model::{Class, State};

#[test]
fn rows_come_newest_first_with_previews_and_counts() {
    let d = Desk::demo();
    let page =
        inkom::desk::inbox::inbox(d.store.conn(), &InboxQuery::default(), 0, 3).expect("inbox");
    assert_eq!(
        page.total, 8,
        "demo set: 5 SMS threads, 2 e-mails, 1 screenshot"
    );
    assert_eq!(page.rows.len(), 3);
    let all = d.rows(&InboxQuery::default());
    let times: Vec<_> = all
        .iter()
        .map(|r| chrono::DateTime::parse_from_rfc3339(&r.received_at).expect("time"))
        .collect();
    assert!(
        times.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {times:?}"
    );
    let jonas = all
        .iter()
        .find(|r| r.sender.as_deref() == Some("+46701740617 (Jonas Ek)"))
        .expect("row");
    assert_eq!(jonas.thread_messages, 2);
    assert_eq!(
        jonas.preview,
        "Hej Jonas, kl 14 på torsdag går bra. Välkommen!"
    );
    let elsa = all
        .iter()
        .find(|r| r.preview.starts_with("Angående Elsa"))
        .expect("row");
    assert!(elsa.preview.chars().count() <= 140, "{}", elsa.preview);
    assert!(elsa.preview.ends_with('…'), "{}", elsa.preview);
    let purged = all
        .iter()
        .find(|r| r.state == State::Purged)
        .expect("purged row");
    assert_eq!(purged.preview, "", "no content after purge");
}

#[test]
fn filters_by_state_class_and_unclassified() {
    let d = Desk::demo();
    let q = |states: Vec<State>, classes: Vec<ClassFilter>| InboxQuery {
        states,
        classes,
        ..InboxQuery::default()
    };
    let unclassified = d.rows(&q(vec![], vec![ClassFilter::None]));
    assert_eq!(unclassified.len(), 2, "Elsa mail and the screenshot");
    assert!(unclassified.iter().all(|r| r.class.is_none()));
    let ringa = d.rows(&q(vec![], vec![ClassFilter::Ringa]));
    assert_eq!(ringa.len(), 2);
    assert!(ringa.iter().all(|r| r.class == Some(Class::Ringa)));
    let kept = d.rows(&q(vec![State::Classified], vec![ClassFilter::Ringa]));
    assert_eq!(kept.len(), 1, "the culled one is not kept");
    let both = d.rows(&q(vec![], vec![ClassFilter::Ringa, ClassFilter::None]));
    assert_eq!(both.len(), 4);
    let printed = d.rows(&q(vec![State::Printed], vec![]));
    assert_eq!(printed.len(), 1);
    assert_eq!(printed[0].class, Some(Class::Diarium));
}

#[test]
fn registrar_queue_holds_registered_diarium_items_without_a_number() {
    let d = Desk::demo();
    let queue = d.rows(&InboxQuery {
        awaiting_dnr: true,
        ..InboxQuery::default()
    });
    assert_eq!(queue.len(), 1, "{queue:?}");
    assert_eq!(queue[0].sender.as_deref(), Some("+46701740648"));
    assert!(queue[0].designation.is_some() && queue[0].diarienummer.is_none());
    let numbered = d
        .rows(&InboxQuery::default())
        .into_iter()
        .filter(|r| r.diarienummer.is_some())
        .count();
    assert_eq!(numbered, 1, "the contact-person request got SN 2026/0001");
}

#[test]
fn search_keeps_a_o_letters_but_folds_words_typed_without_them() {
    let mut d = Desk::empty();
    let file = d.write(
        "far.xml",
        sms_xml(&[
            ("+46701740611", 1_793_700_000_000, "Vi får se hur det går"),
            ("+46701740612", 1_793_700_100_000, "Min far ringer i morgon"),
            ("+46701740613", 1_793_700_200_000, "Ärendet är angeläget"),
        ])
        .as_bytes(),
    );
    let ids = d.import(&file, true);
    let (faar, far, angelaget) = (ids[0], ids[1], ids[2]);
    assert_eq!(d.search("får"), vec![faar], "å typed: only å matches");
    let mut both = d.search("far");
    both.sort();
    assert_eq!(both, vec![faar, far], "typed without å: folded match too");
    assert_eq!(d.search("angeläget"), vec![angelaget]);
    assert_eq!(d.search("angelaget"), vec![angelaget]);
    assert_eq!(
        d.search("ÄRENDET"),
        vec![angelaget],
        "case folds, å/ä/ö kept"
    );
    assert_eq!(d.search("angel"), vec![angelaget], "last word is a prefix");
    assert_eq!(d.search("min far"), vec![far], "all words must match");
    assert_eq!(d.search("mor"), vec![far], "prefix of \"morgon\"");
    assert!(
        d.search("mor far").is_empty(),
        "only the last word is a prefix"
    );
    assert_eq!(
        d.search("070-174 06 12"),
        vec![far],
        "phone number in local form"
    );
    assert_eq!(d.search("+46701740612"), vec![far]);
    assert!(
        d.search("\"* OR NEAR(").is_empty(),
        "operators are plain text, no error"
    );
}

#[test]
fn search_finds_subject_sender_and_client_name() {
    let d = Desk::demo();
    let elsa = d.id_of("Angående Elsa");
    assert_eq!(
        d.search("angelaget"),
        vec![elsa],
        "angeläget typed without ä"
    );
    assert_eq!(d.search("Sjöberg"), vec![elsa]);
    assert_eq!(d.search("sjoberg"), vec![elsa]);
    let jonas = d.id_of("+46701740617");
    assert_eq!(
        d.search("Jonas Ek"),
        vec![jonas],
        "client name of the personakt"
    );
}

#[test]
fn purged_and_culled_items_leave_the_index_and_the_file() {
    let mut d = Desk::demo();
    // The purged personakt thread (Amira) and the culled ringa message had these words.
    assert!(
        d.search("hyran").is_empty(),
        "purged content is not searchable"
    );
    assert!(
        d.search("sent").is_empty(),
        "culled content is not searchable"
    );
    let conn = d.store.conn();
    conn.execute_batch("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, items_fts, 'row')")
        .expect("vocab");
    let in_index = |term: &str| -> i64 {
        conn.query_row(
            "SELECT count(*) FROM temp.vocab WHERE term = ?1",
            [term],
            |r| r.get(0),
        )
        .expect("vocab query")
    };
    assert_eq!(in_index("höjdes"), 0, "no old segment keeps a purged word");
    assert_eq!(in_index("minuter"), 0, "no old segment keeps a culled word");
    assert_eq!(in_index("angeläget"), 1, "live words are there");
    conn.execute_batch("DROP TABLE temp.vocab")
        .expect("drop vocab");
    // And no page of the database file holds the purged text, as SQLCipher itself sees it
    // (the encrypted file never holds plaintext, so searching it would prove nothing).
    d.store.checkpoint().expect("checkpoint");
    let key = inkom::store::keys::unlock_with_passphrase(
        &d.data_dir(),
        inkom::desk::demo::DEMO_PASSPHRASE,
    )
    .expect("key");
    let pages = common::decrypted_pages_of(d.store.path(), &key);
    assert!(
        common::contains(&pages, "angeläget".as_bytes()),
        "live text is found in the decrypted pages, so a search there means something"
    );
    for word in ["höjdes", "Hyran", "fem minuter sent"] {
        assert!(
            !common::contains(&pages, word.as_bytes()),
            "{word:?} still in the database (decrypted)"
        );
    }
    let _ = &mut d;
}
