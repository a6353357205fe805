//! mbox variants, with small files written here: mboxcl2 (a `Content-Length:` header frames
//! the body, so a `From ` line inside it is text), a Content-Length that does not hold (the
//! file is read as a plain mbox), mboxrd quoting undone, and CRLF line ends.

use std::path::{Path, PathBuf};

use inkom::import::{ImportLimits, parse_file};
use inkom::model::NewItem;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

fn items(path: &Path) -> Vec<NewItem> {
    let mut items = Vec::new();
    let parsed = parse_file(path, &ImportLimits::default(), &mut |item| {
        items.push(item);
        Ok(())
    })
    .unwrap_or_else(|e| panic!("{}", e.sv()));
    assert_eq!(parsed.count.messages, items.len() + parsed.count.skipped);
    items
}

/// A message whose body quotes a whole mbox separator after an empty line: only the length
/// tells it from a new message.
const QUOTED_BODY: &str = "Vidarebefordrat nedan.\n\nFrom test9@example.com Mon Nov  3 08:00:00 2026\nDet här är citerad text.\n";

fn message(n: u32, body: &str, content_length: Option<usize>) -> String {
    let length = content_length
        .map(|l| format!("Content-Length: {l}\n"))
        .unwrap_or_default();
    format!(
        "From test{n}@example.com Mon Nov  3 09:0{n}:00 2026\nFrom: Testperson {n} <test{n}@example.com>\nSubject: Meddelande {n}\nDate: Mon, 3 Nov 2026 09:0{n}:00 +0100\n{length}\n{body}"
    )
}

#[test]
fn content_length_frames_a_from_line_inside_the_body() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = format!(
        "{}\n{}\n",
        message(1, QUOTED_BODY, Some(QUOTED_BODY.len())),
        message(2, "Andra.\n", Some(7))
    );
    let got = items(&write(dir.path(), "cl2.mbox", text.as_bytes()));
    assert_eq!(
        got.len(),
        2,
        "{:?}",
        got.iter().map(|i| &i.subject).collect::<Vec<_>>()
    );
    assert!(
        got[0]
            .body
            .contains("From test9@example.com Mon Nov  3 08:00:00 2026")
    );
    assert!(got[0].body.contains("Det här är citerad text."));
    assert_eq!(got[1].subject.as_deref(), Some("Meddelande 2"));
    assert_eq!(got[1].body.trim(), "Andra.");

    // Without the header, the quoted separator starts a message: that is what the length
    // prevents.
    let plain = format!(
        "{}\n{}\n",
        message(1, QUOTED_BODY, None),
        message(2, "Andra.\n", None)
    );
    assert_eq!(
        items(&write(dir.path(), "plain.mbox", plain.as_bytes())).len(),
        3
    );
}

#[test]
fn separator_right_after_a_framed_body() {
    // mboxcl2 as Solaris wrote it: no empty line between the body and the next separator.
    let dir = tempfile::tempdir().expect("tempdir");
    let text = format!(
        "{}{}",
        message(1, QUOTED_BODY, Some(QUOTED_BODY.len())),
        message(2, "Andra.\n", Some(7))
    );
    let got = items(&write(dir.path(), "cl2.mbox", text.as_bytes()));
    assert_eq!(got.len(), 2);
    assert!(got[0].body.contains("Det här är citerad text."));
}

#[test]
fn a_content_length_that_does_not_hold_is_ignored() {
    // Edited after it was written: the length ends inside the body, not at a separator.
    let dir = tempfile::tempdir().expect("tempdir");
    let text = format!(
        "{}\n{}\n",
        message(1, "Första raden.\nAndra raden.\n", Some(5)),
        message(2, "Andra.\n", None)
    );
    let got = items(&write(dir.path(), "wrong.mbox", text.as_bytes()));
    assert_eq!(got.len(), 2);
    assert!(got[0].body.contains("Andra raden."));
}

#[test]
fn mboxrd_quoting_is_undone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let body = ">From Stockholm med vänliga hälsningar\n>>From det citerade\nslut\n";
    let text = format!(
        "{}\n{}\n",
        message(1, body, None),
        message(2, "Andra.\n", None)
    );
    let got = items(&write(dir.path(), "rd.mbox", text.as_bytes()));
    assert_eq!(got.len(), 2);
    assert!(
        got[0]
            .body
            .contains("From Stockholm med vänliga hälsningar\n>From det citerade\nslut"),
        "{:?}",
        got[0].body
    );
}

/// mboxo: a body line that starts with "From " after an empty line and was left unquoted is
/// text when it carries no date (mutt's rule): before, it started a message and its line (and
/// one that looked like a header after it) vanished from both items. A `From ` line with a
/// date in another form, or an address alone, still separates.
#[test]
fn an_unquoted_from_line_without_a_date_stays_in_the_body() {
    let dir = tempfile::tempdir().expect("tempdir");
    let body = "Min favoritfilm:\n\nFrom Russia with love\nÅr: 1963\n\nVad gör Thunderbird?\n";
    let text = format!(
        "{}\n{}\nFrom test3@example.com Mon, 3 Nov 2026 09:03:00 +0100\nFrom: Tredje \
         <test3@example.com>\nSubject: Tre\n\nTre.\n\nFrom test4@example.com\nFrom: Fjärde \
         <test4@example.com>\nSubject: Fyra\n\nFyra.\n",
        message(1, body, None),
        message(2, "Andra.\n", None)
    );
    let got = items(&write(dir.path(), "mboxo.mbox", text.as_bytes()));
    let subjects: Vec<_> = got.iter().map(|i| i.subject.clone()).collect();
    assert_eq!(got.len(), 4, "{subjects:?}");
    assert_eq!(got[0].body, body, "every line of the first message");
    assert_eq!(got[2].subject.as_deref(), Some("Tre"));
    assert_eq!(got[3].subject.as_deref(), Some("Fyra"));
}

/// A body sentence after an empty line that starts with "From " and holds a time and a year is
/// text, not a separator: before, the rest of the message became an item of its own, dated by
/// the file's time.
#[test]
fn a_from_sentence_with_a_time_and_a_year_stays_in_the_body() {
    let dir = tempfile::tempdir().expect("tempdir");
    let body = "Hej!\n\nFrom 10:00 to 12:00 on 3 December 2026 we meet.\nMvh\n";
    let text = format!(
        "{}\n{}",
        message(1, body, None),
        message(2, "Andra.\n", None)
    );
    let got = items(&write(dir.path(), "tid.mbox", text.as_bytes()));
    assert_eq!(
        got.len(),
        2,
        "{:?}",
        got.iter().map(|i| &i.body).collect::<Vec<_>>()
    );
    assert_eq!(got[0].body, body, "every line of the first message");
}

#[test]
fn crlf_mbox_with_content_length() {
    let dir = tempfile::tempdir().expect("tempdir");
    let body = QUOTED_BODY.replace('\n', "\r\n");
    let text = format!(
        "{}\r\n{}\r\n",
        message(1, &body, Some(body.len()))
            .replace('\n', "\r\n")
            .replace("\r\r\n", "\r\n"),
        message(2, "Andra.\r\n", Some(8))
            .replace('\n', "\r\n")
            .replace("\r\r\n", "\r\n")
    );
    let got = items(&write(dir.path(), "crlf.mbox", text.as_bytes()));
    assert_eq!(got.len(), 2);
    assert!(got[0].body.contains("Det här är citerad text."));
}

fn mail(n: u32, body: &str) -> String {
    format!(
        "From ett@example.org Thu Dec  3 09:0{n}:00 2026\n\
         Received: from mx.example.org by mail.exempelby.example; Thu, 3 Dec 2026 09:0{n}:05 +0100\n\
         From: Testperson Ett <ett@example.org>\n\
         To: ifo@exempelby.example\n\
         Subject: Meddelande {n}\n\
         Date: Thu, 3 Dec 2026 09:0{n}:00 +0100\n\
         Message-ID: <{n}.ansokan@example.org>\n\n{body}\n\n"
    )
}

/// A mailbox imported again is not stored twice, also when inkom now reads its messages
/// otherwise than the inkom that imported it (a fingerprint covers the text and the files as
/// read): the same message at the same place in the same file, or in a mailbox exported again
/// with more messages, by its Message-ID, sender and time received. The messages are counted
/// as already in inkom, and the file may still be deleted by inkom once its items are done.
#[test]
fn a_mailbox_imported_again_after_a_reader_changed_is_not_stored_twice() {
    let t = crate::common::Inkom::new();
    let first = format!("{}{}", mail(1, "Första."), mail(2, "Andra."));
    let path = t.write("lada.mbox", first.as_bytes());
    let import = t.ok(&["import", crate::common::s(&path)]);
    let ids: Vec<String> = import["imported"][0]["created"]
        .as_array()
        .expect("created")
        .iter()
        .map(|v| v.to_string())
        .collect();
    assert_eq!(ids.len(), 2, "{import}");

    // What an earlier inkom, which read these messages otherwise, stored: other fingerprints.
    let reader_changed = || {
        t.sql()
            .execute(
                "UPDATE items SET fingerprint = 'k1:' || hex(randomblob(32))",
                [],
            )
            .expect("simulate an older reader");
    };
    reader_changed();
    let again = t.ok(&["import", crate::common::s(&path)]);
    assert_eq!(
        again["imported"][0]["created"],
        serde_json::json!([]),
        "{again}"
    );
    assert_eq!(again["imported"][0]["tally"]["duplicates"], 2, "{again}");

    // Exported again with a third message: only that one is new.
    reader_changed();
    let grown = format!("{first}{}", mail(3, "Tredje."));
    let path = t.write("lada.mbox", grown.as_bytes());
    let grown_import = t.ok(&["import", crate::common::s(&path)]);
    let file = &grown_import["imported"][0];
    assert_eq!(
        file["created"].as_array().map(Vec::len),
        Some(1),
        "{grown_import}"
    );
    assert_eq!(file["tally"]["duplicates"], 2, "{grown_import}");

    // Every message of the file is in inkom: once its new item is done, inkom may delete the
    // file (its other messages are those items 1 and 2 hold).
    let third = file["created"][0].to_string();
    t.classify_diarium(&third, "Ansökan");
    t.walk_to(&third, crate::common::Stop::InDiarium("IFO 2026-17"));
    let done = t.ok(&[
        "confirm-source-deleted",
        &third,
        "--where",
        "filen",
        "--delete-file",
    ]);
    assert_eq!(done["state"], "source_deleted", "{done}");
    assert!(!path.exists(), "inkom deleted the mailbox");
}

/// A message without Date or Received takes its time from the separator line, read as the
/// line was recognised: a zone after the year is its zone (this one UTC: 10:15 in Sweden),
/// none is Swedish time. The zone used to be passed over and `+0000` read as Swedish time, an
/// hour wrong in winter.
#[test]
fn the_separator_line_s_zone_is_the_time_s_zone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "From sara@example.se Tue Dec  1 09:15:00 2026 +0000\n\
                From: Sara Lund <sara@example.se>\nSubject: Utan datum\n\nHej.\n\n\
                From sara@example.se Tue Dec  1 09:15:00 2026\n\
                From: Sara Lund <sara@example.se>\nSubject: Utan zon\n\nHej igen.\n";
    let got = items(&write(dir.path(), "zon.mbox", text.as_bytes()));
    assert_eq!(got.len(), 2);
    let at = |t: &str| chrono::DateTime::parse_from_rfc3339(t).expect("time");
    assert_eq!(got[0].received_at, at("2026-12-01T10:15:00+01:00"));
    assert_eq!(got[1].received_at, at("2026-12-01T09:15:00+01:00"));
}
