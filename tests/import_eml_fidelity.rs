//! E-mail as mail programs send it, stored and printed as sent: text files attached in their
//! own charset kept byte for byte, headers whose encoded words or RFC 2231 segments split a
//! character, and the other leniencies of Thunderbird, Gmail and Apple Mail the printout must
//! follow to be a faithful copy. Each test imports a real .eml through the CLI and reads the
//! stored item and the printed PDF.

use base64::Engine;

use crate::common::{Inkom, created_ids, pdftotext, s};

/// Imports the e-mail `bytes` as `name` and returns its item's id and the item as stored.
fn import(t: &Inkom, name: &str, bytes: &[u8]) -> (String, inkom::model::Item) {
    let path = t.write(name, bytes);
    let imported = t.ok(&["import", s(&path)]);
    let id = created_ids(&imported)
        .first()
        .unwrap_or_else(|| panic!("importing {name} created nothing: {imported}"))
        .to_string();
    let item = t
        .store()
        .item_with_content(id.parse().expect("id"))
        .expect("item");
    (id, item)
}

/// The text of the registration sheet printed for item `id`.
fn printed(t: &Inkom, id: &str) -> String {
    t.classify_diarium(id, "Inkommen handling");
    let pdf = t.files().join(format!("{id}.pdf"));
    t.ok(&["register", id, "--out", s(&pdf)]);
    pdftotext(&pdf)
}

/// Asserts that every one of `lines` is in the printed `text`.
fn on_paper(text: &str, lines: &[&str]) {
    for line in lines {
        assert!(
            crate::common::pdf_text_contains(text, line),
            "{line:?} not on paper:\n{text}"
        );
    }
}

fn b64(bytes: &[u8]) -> String {
    let text = base64::engine::general_purpose::STANDARD.encode(bytes);
    text.as_bytes()
        .chunks(76)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("\r\n")
}

/// A message with a short text and the files `parts` (each a whole MIME part, headers and
/// body) after it.
fn mixed(subject: &str, parts: &[Vec<u8>]) -> Vec<u8> {
    let mut m = format!(
        "From: Karin Lund <karin.lund@example.com>\r\n\
         To: inkom@example.com\r\n\
         Date: Tue, 1 Dec 2026 10:00:00 +0100\r\n\
         Message-ID: <{subject}@example.com>\r\n\
         MIME-Version: 1.0\r\n\
         Subject: {subject}\r\n\
         Content-Type: multipart/mixed; boundary=\"m\"\r\n\r\n\
         --m\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\n\
         Se bilagorna.\r\n"
    )
    .into_bytes();
    for part in parts {
        m.extend_from_slice(b"--m\r\n");
        m.extend_from_slice(part);
        m.extend_from_slice(b"\r\n");
    }
    m.extend_from_slice(b"--m--\r\n");
    m
}

/// One attached file: `content_type` as written, its name, the transfer encoding and the body
/// as it stands in the message.
fn file_part(content_type: &str, name: &str, cte: &str, body: &[u8]) -> Vec<u8> {
    let mut part = format!(
        "Content-Type: {content_type}; name=\"{name}\"\r\n\
         Content-Disposition: attachment; filename=\"{name}\"\r\n\
         Content-Transfer-Encoding: {cte}\r\n\r\n"
    )
    .into_bytes();
    part.extend_from_slice(body);
    part
}

#[test]
fn text_attachments_in_their_own_charset_are_stored_as_sent() {
    let (csv, _, _) = encoding_rs::WINDOWS_1252
        .encode("Datum;Text;Belopp\r\n2026-11-28;Hyra Åsa – november;-7450,00\r\n");
    let (xml, _, _) = encoding_rs::WINDOWS_1252.encode(
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\r\n<ansökan><namn>Åsa Öberg</namn></ansökan>\r\n",
    );
    let (note, _, _) = encoding_rs::WINDOWS_1252.encode("Anteckning: Åsa behöver stöd.\r\n");
    let (qp_text, _, _) = encoding_rs::WINDOWS_1252.encode("Läkarintyg för Åsa\r\n");
    let mail = mixed(
        "Utdrag",
        &[
            file_part(
                "text/csv; charset=windows-1252",
                "kontoutdrag.csv",
                "base64",
                b64(&csv).as_bytes(),
            ),
            file_part(
                "text/xml; charset=ISO-8859-1",
                "ansokan.xml",
                "base64",
                b64(&xml).as_bytes(),
            ),
            // No charset: the bytes are all there is to keep.
            file_part(
                "text/plain",
                "anteckning.txt",
                "base64",
                b64(&note).as_bytes(),
            ),
            file_part(
                "text/plain; charset=iso-8859-1",
                "intyg.txt",
                "quoted-printable",
                b"L=E4karintyg f=F6r =C5sa\r\n",
            ),
        ],
    );
    let t = Inkom::new();
    let (id, item) = import(&t, "utdrag.eml", &mail);
    let files: Vec<(&str, &str, &[u8])> = item
        .attachments
        .iter()
        .map(|a| (a.name.as_str(), a.mime.as_str(), a.bytes.as_slice()))
        .collect();
    assert_eq!(
        files,
        [
            (
                "kontoutdrag.csv",
                "text/csv; charset=windows-1252",
                csv.as_ref()
            ),
            ("ansokan.xml", "text/xml; charset=iso-8859-1", xml.as_ref()),
            ("anteckning.txt", "text/plain", note.as_ref()),
            (
                "intyg.txt",
                "text/plain; charset=iso-8859-1",
                qp_text.as_ref()
            ),
        ],
        "each file is stored as the sender attached it"
    );
    for a in &item.attachments {
        assert_eq!(a.sha256, inkom::model::sha256_hex(&a.bytes), "{}", a.name);
    }
    assert!(
        item.source.notes.iter().all(|n| !n.contains('\u{FFFD}')),
        "nothing was replaced: {:?}",
        item.source.notes
    );

    // On paper every file reads as the sender wrote it, in its own charset.
    let text = printed(&t, &id);
    for line in [
        "2026-11-28;Hyra Åsa – november;-7450,00",
        "<ansökan><namn>Åsa Öberg</namn></ansökan>",
        "Anteckning: Åsa behöver stöd.",
        "Läkarintyg för Åsa",
    ] {
        assert!(text.contains(line), "{line:?} not on paper:\n{text}");
    }
    assert!(!text.contains('\u{FFFD}') && !text.contains("Ã"), "{text}");
}

/// A message with the header lines `headers` (From, To, Subject as written) and a short text.
fn with_headers(headers: &str) -> Vec<u8> {
    format!(
        "{headers}\r\n\
         Date: Tue, 1 Dec 2026 10:00:00 +0100\r\n\
         Message-ID: <delat-ord@example.com>\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\n\
         Hej.\r\n"
    )
    .into_bytes()
}

#[test]
fn encoded_words_that_split_a_character_read_as_mail_programs_show_them() {
    // "Ansökan om försörjningsstöd för Åsa": the "ö" of "Ansökan" split between two B words,
    // and the "Å" between two Q words; the sender's name and a copy recipient's name likewise.
    let mail = with_headers(
        "From: =?UTF-8?B?w4VzYSDD?= =?UTF-8?B?lmJlcmctU3Ryw7Zt?= <asa@example.com>\r\n\
         To: =?utf-8?Q?Socialtj=C3=A4nsten_i_Exempelby_=C3?=\r\n =?utf-8?Q?=85sa?= <inkom@example.com>\r\n\
         Cc: =?UTF-8?B?TmlscyBCZXJnIMO=?= =?UTF-8?B?lnN0ZXI=?= <nils@example.com>\r\n\
         Subject: =?UTF-8?B?QW5zww==?=\r\n =?UTF-8?B?tmthbiBvbSBmw7Zyc8O2cmpuaW5nc3N0w7ZkIGbDtnIg?=\r\n \
         =?utf-8?Q?=C3?= =?utf-8?Q?=85sa?=",
    );
    let t = Inkom::new();
    let (id, item) = import(&t, "delade-ord.eml", &mail);
    let subject = "Ansökan om försörjningsstöd för Åsa";
    assert_eq!(item.subject.as_deref(), Some(subject));
    assert_eq!(
        item.sender.as_deref(),
        Some("Åsa Öberg-Ström <asa@example.com>")
    );
    assert_eq!(
        item.recipients,
        ["Socialtjänsten i Exempelby Åsa <inkom@example.com>"]
    );
    assert_eq!(item.cc, ["Nils Berg Öster <nils@example.com>"]);
    let text = printed(&t, &id);
    for line in [subject, "Åsa Öberg-Ström", "Nils Berg Öster"] {
        assert!(text.contains(line), "{line:?} not on paper:\n{text}");
    }
    assert!(!text.contains('\u{FFFD}'), "{text}");
}

#[test]
fn encoded_words_that_split_a_character_in_a_part_or_an_attached_message_read_as_shown() {
    let pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
    let part = |headers: &str| {
        format!(
            "{headers}\r\nContent-Transfer-Encoding: base64\r\n\r\n{}",
            b64(pdf)
        )
        .into_bytes()
    };
    // "Ansökan för Åsa", the "ö" and the "Å" split between B words, then between Q words.
    let attached = "Content-Type: message/rfc822\r\n\
        Content-Disposition: attachment\r\n\r\n\
        From: =?UTF-8?B?w4VzYSDD?= =?UTF-8?B?lmJlcmctU3Ryw7Zt?= <asa@example.com>\r\n\
        To: inkom@example.com\r\n\
        Date: Mon, 30 Nov 2026 09:00:00 +0100\r\n\
        Subject: =?UTF-8?B?QW5zww==?= =?UTF-8?B?tmthbiBmw7ZyIMM=?= =?UTF-8?B?hXNh?=\r\n\
        MIME-Version: 1.0\r\n\
        Content-Type: text/plain; charset=utf-8\r\n\r\n\
        Hej, h\u{e4}r \u{e4}r min ans\u{f6}kan.\r\n";
    let mail = mixed(
        "Vidarebefordrat",
        &[
            part(
                "Content-Type: application/pdf\r\n\
                 Content-Disposition: attachment;\r\n \
                 filename=\"=?UTF-8?B?QW5zww==?= =?UTF-8?B?tmthbiBmw7ZyIMM=?=\r\n \
                 =?UTF-8?B?hXNhLnBkZg==?=\"",
            ),
            part(
                "Content-Type: application/pdf;\r\n \
                 name=\"=?utf-8?Q?Intyg_f=C3?= =?utf-8?Q?=B6r_=C3=85sa.pdf?=\"\r\n\
                 Content-Disposition: attachment",
            ),
            attached.as_bytes().to_vec(),
        ],
    );
    let t = Inkom::new();
    let (id, item) = import(&t, "vidarebefordrat.eml", &mail);
    let names: Vec<&str> = item.attachments.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Ansökan för Åsa.pdf",
            "Intyg för Åsa.pdf",
            "Ansökan för Åsa.eml"
        ]
    );
    assert!(
        item.attachments[2]
            .bytes
            .starts_with(b"From: =?UTF-8?B?w4VzYSDD?="),
        "the attached message is kept as sent"
    );
    let text = printed(&t, &id);
    on_paper(
        &text,
        &[
            "Från: Åsa Öberg-Ström <asa@example.com>",
            "Ämne: Ansökan för Åsa",
            "Hej, här är min ansökan.",
        ],
    );
    assert!(!text.contains('\u{FFFD}'), "{text}");
}

#[test]
fn a_file_name_in_rfc_2231_segments_is_read_in_the_first_segments_charset() {
    let pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
    let part = |disposition: &str| {
        format!(
            "Content-Type: application/pdf\r\n\
             Content-Disposition: attachment;\r\n{disposition}\r\n\
             Content-Transfer-Encoding: base64\r\n\r\n{}",
            b64(pdf)
        )
        .into_bytes()
    };
    let mail = mixed(
        "Intyg",
        &[
            // Latin-1: only segment 0 names the charset.
            part(
                " filename*0*=iso-8859-1''L%E4karintyg%20f%F6r;\r\n filename*1*=%20%C5sa%20%D6berg.pdf",
            ),
            // UTF-8 with the "ö" split between the segments.
            part(" filename*0*=utf-8''Intyg%20f%C3;\r\n filename*1*=%B6r%20%C3%85sa.pdf"),
        ],
    );
    let t = Inkom::new();
    let (id, item) = import(&t, "intyg.eml", &mail);
    let names: Vec<&str> = item.attachments.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Läkarintyg för Åsa Öberg.pdf", "Intyg för Åsa.pdf"]);
    let text = printed(&t, &id);
    for name in names {
        assert!(
            crate::common::pdf_text_contains(&text, name),
            "{name:?} not on paper:\n{text}"
        );
    }
}

#[test]
fn a_file_name_written_in_raw_latin_1_in_a_part_header_is_read_as_windows_1252_with_a_note() {
    let pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
    let raw_name = |name: &[u8]| {
        let mut part = b"Content-Type: application/pdf; name=\"".to_vec();
        part.extend_from_slice(name);
        part.extend_from_slice(b"\"\r\nContent-Disposition: attachment; filename=\"");
        part.extend_from_slice(name);
        part.extend_from_slice(b"\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
        part.extend_from_slice(b64(pdf).as_bytes());
        part
    };
    // "Ansökan Åsa.pdf" as an old program writes it: the Latin-1 bytes straight in.
    let latin1 = encoding_rs::WINDOWS_1252
        .encode("Ansökan Åsa.pdf")
        .0
        .into_owned();
    let t = Inkom::new();
    let (id, item) = import(
        &t,
        "latin1-namn.eml",
        &mixed("Ansokan", &[raw_name(&latin1)]),
    );
    assert_eq!(item.attachments[0].name, "Ansökan Åsa.pdf");
    assert_eq!(item.attachments[0].bytes, pdf, "the file as sent");
    assert!(
        item.source
            .notes
            .iter()
            .any(|n| n.contains("en del av meddelandet") && n.contains("Windows-1252")),
        "{:?}",
        item.source.notes
    );
    let text = printed(&t, &id);
    assert!(
        crate::common::pdf_text_contains(&text, "Ansökan Åsa.pdf"),
        "not on paper:\n{text}"
    );
    // The same name in UTF-8 is read as it is, and nothing was guessed.
    let t = Inkom::new();
    let utf8 = raw_name("Ansökan Åsa.pdf".as_bytes());
    let (_, item) = import(&t, "utf8-namn.eml", &mixed("Ansokan", &[utf8]));
    assert_eq!(item.attachments[0].name, "Ansökan Åsa.pdf");
    assert!(
        item.source.notes.iter().all(|n| !n.contains("8-bitars")),
        "{:?}",
        item.source.notes
    );
}

#[test]
fn a_windows_code_page_named_without_its_hyphen_is_read_in_that_code_page() {
    for (label, text, encoding) in [
        (
            "windows1252",
            "Hej Åsa! Räkningen på 450 kr är betald.",
            encoding_rs::WINDOWS_1252,
        ),
        (
            "Windows1251",
            "Здравствуйте, Ольга.",
            encoding_rs::WINDOWS_1251,
        ),
    ] {
        let mut mail = format!(
            "From: Karin Lund <karin.lund@example.com>\r\n\
             To: inkom@example.com\r\n\
             Date: Tue, 1 Dec 2026 10:00:00 +0100\r\n\
             Subject: Kodsida\r\n\
             MIME-Version: 1.0\r\n\
             Content-Type: text/plain; charset={label}\r\n\
             Content-Transfer-Encoding: 8bit\r\n\r\n"
        )
        .into_bytes();
        mail.extend_from_slice(&encoding.encode(text).0);
        let t = Inkom::new();
        let (_, item) = import(&t, "kodsida.eml", &mail);
        assert_eq!(
            item.body.as_deref().map(str::trim_end),
            Some(text),
            "{label}"
        );
        assert!(
            item.source
                .notes
                .iter()
                .all(|n| !n.contains("teckenkodning")),
            "{label}: {:?}",
            item.source.notes
        );
    }
}

#[test]
fn an_attached_message_with_raw_latin_1_headers_prints_them_as_windows_1252_with_a_note() {
    let mut attached = b"Content-Type: message/rfc822\r\n\r\n".to_vec();
    attached.extend_from_slice(
        &encoding_rs::WINDOWS_1252
            .encode(
                "From: Åsa Öberg <asa@example.com>\r\n\
                 To: inkom@example.com\r\n\
                 Date: Mon, 30 Nov 2026 09:00:00 +0100\r\n\
                 Subject: Ansökan om bistånd\r\n\
                 Content-Type: text/plain; charset=utf-8\r\n\r\n\
                 Hej.\r\n",
            )
            .0,
    );
    let t = Inkom::new();
    let (id, item) = import(&t, "bifogat.eml", &mixed("Vidare", &[attached]));
    assert_eq!(item.attachments[0].name, "Ansökan om bistånd.eml");
    assert!(
        item.source.notes.iter().any(|n| n.starts_with(
            "bilaga 1 (ett bifogat e-postmeddelande): brevhuvudet innehöll okodade \
             8-bitarstecken"
        )),
        "{:?}",
        item.source.notes
    );
    on_paper(
        &printed(&t, &id),
        &[
            "Från: Åsa Öberg <asa@example.com>",
            "Ämne: Ansökan om bistånd",
        ],
    );
}

#[test]
fn html_with_its_charset_only_in_a_meta_tag_reads_in_that_charset() {
    for meta in [
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">",
        "<meta charset=\"windows-1252\">",
    ] {
        let html = format!(
            "<html><head>{meta}</head><body><p>Hej! Jag beh\u{f6}ver hj\u{e4}lp med hyran. \
             \u{c5}sa</p></body></html>"
        );
        let (html, _, _) = encoding_rs::WINDOWS_1252.encode(&html);
        let mut mail = b"From: Karin Lund <karin.lund@example.com>\r\n\
            To: inkom@example.com\r\n\
            Date: Tue, 1 Dec 2026 10:00:00 +0100\r\n\
            MIME-Version: 1.0\r\n\
            Subject: Meta\r\n\
            Content-Type: text/html\r\n\
            Content-Transfer-Encoding: 8bit\r\n\r\n"
            .to_vec();
        mail.extend_from_slice(&html);
        mail.extend_from_slice(b"\r\n");
        let t = Inkom::new();
        let (id, item) = import(&t, "meta.eml", &mail);
        let body = item.body.as_deref().unwrap_or_default();
        let line = "Hej! Jag behöver hjälp med hyran. Åsa";
        assert!(body.contains(line), "{meta}: {body:?}");
        assert!(
            item.body_html.as_deref().is_some_and(|h| h.contains(line)),
            "{meta}: {:?}",
            item.body_html
        );
        assert!(
            item.source.notes.iter().all(|n| !n.contains('\u{FFFD}')),
            "{meta}: nothing was replaced: {:?}",
            item.source.notes
        );
        let text = printed(&t, &id);
        assert!(text.contains(line), "{meta}: not on paper:\n{text}");
    }
}

/// A short message with the header `Date: date`, after the header lines `extra` (a
/// `Received:` header with its line end, or nothing).
fn dated(extra: &str, date: &str) -> Vec<u8> {
    format!(
        "{extra}From: Karin Lund <karin.lund@example.com>\r\n\
         To: inkom@example.com\r\n\
         Date: {date}\r\n\
         Subject: Prov datum\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\n\
         Hej.\r\n"
    )
    .into_bytes()
}

#[test]
fn an_attached_web_page_with_its_charset_only_in_a_meta_tag_prints_in_that_charset() {
    let page = "<html><head><meta charset=\"windows-1251\"></head><body>\
                <p>Здравствуйте! Прошу помощи с арендой. Ольга</p></body></html>";
    let (page, _, _) = encoding_rs::WINDOWS_1251.encode(page);
    let mail = mixed(
        "Brev",
        &[file_part(
            "text/html",
            "brev.html",
            "base64",
            b64(&page).as_bytes(),
        )],
    );
    let t = Inkom::new();
    let (id, item) = import(&t, "brev.eml", &mail);
    assert_eq!(item.attachments[0].bytes, page.as_ref(), "kept as sent");
    let text = printed(&t, &id);
    assert!(
        text.contains("Здравствуйте! Прошу помощи с арендой. Ольга"),
        "not on paper:\n{text}"
    );
}

#[test]
fn a_time_zone_written_as_cet_or_cest_is_read_as_swedish_time_with_a_note() {
    for (mail, received, sent) in [
        (
            dated("", "Tue, 1 Dec 2026 10:00:00 CET"),
            "2026-12-01T10:00:00+01:00",
            "2026-12-01T10:00:00+01:00",
        ),
        (
            dated(
                "",
                "Tue, 1 Sep 2026 10:00:00 MEST (Mitteleuropäische Sommerzeit)",
            ),
            "2026-09-01T10:00:00+02:00",
            "2026-09-01T10:00:00+02:00",
        ),
        (
            dated(
                "Received: from mx.example.com by mail.example.com;\r\n Tue, 1 Sep 2026 10:05:00 CEST\r\n",
                "Tue, 1 Sep 2026 10:00:00 +0200",
            ),
            "2026-09-01T10:05:00+02:00",
            "2026-09-01T10:00:00+02:00",
        ),
    ] {
        let t = Inkom::new();
        let (id, item) = import(&t, "datum.eml", &mail);
        assert_eq!(item.received_at.to_rfc3339(), received);
        assert_eq!(item.sent_at.map(|d| d.to_rfc3339()).as_deref(), Some(sent));
        let note = item
            .source
            .time_note()
            .unwrap_or_else(|| panic!("no time note: {:?}", item.source.notes));
        assert!(
            item.source
                .notes
                .iter()
                .any(|n| n.contains("tidszonen i brevhuvudet")),
            "{:?}",
            item.source.notes
        );
        let text = printed(&t, &id);
        let local = &received[..19].replace('T', " ");
        assert!(text.contains(local), "{local} not on paper:\n{text}");
        assert!(
            crate::common::pdf_text_contains(&text, note) || text.contains("tidszonen"),
            "the note is on paper:\n{text}"
        );
    }
}

#[test]
fn zone_names_other_than_cet_are_read_at_their_offsets() {
    // (Received: header, Date: header, time received, time sent, a note naming ...)
    for (extra, date, received, sent, note) in [
        // RFC 5322's own names are exact: no note, in Received as in Date.
        (
            "Received: from mx.example.com by mail.example.com;\r\n Tue, 1 Dec 2026 04:05:00 EST\r\n",
            "Tue, 1 Dec 2026 01:00:00 PST",
            "2026-12-01T04:05:00-05:00",
            "2026-12-01T01:00:00-08:00",
            None,
        ),
        (
            "Received: from mx.example.com by mail.example.com; Tue, 1 Dec 2026 09:05:00 GMT\r\n",
            "Tue, 1 Dec 2026 09:00:00 UT",
            "2026-12-01T09:05:00+00:00",
            "2026-12-01T09:00:00+00:00",
            None,
        ),
        // British summer time, as Thunderbird reads it, with a note.
        (
            "",
            "Tue, 1 Sep 2026 09:00:00 BST",
            "2026-09-01T09:00:00+01:00",
            "2026-09-01T09:00:00+01:00",
            Some("(BST)"),
        ),
        (
            "Received: from mx.example.com by mail.example.com; Tue, 1 Sep 2026 09:05:00 BST\r\n",
            "Tue, 1 Sep 2026 09:00:00 +0100",
            "2026-09-01T09:05:00+01:00",
            "2026-09-01T09:00:00+01:00",
            Some("(BST)"),
        ),
        // A name nobody knows: UTC, as the RFC says, and the caseworker is told.
        (
            "",
            "Tue, 1 Dec 2026 10:00:00 XYZ",
            "2026-12-01T10:00:00+00:00",
            "2026-12-01T10:00:00+00:00",
            Some("okänt namn (XYZ)"),
        ),
    ] {
        assert_dated(extra, date, received, sent, note);
    }
}

/// Imports `dated(extra, date)` and checks the times read from it (RFC 3339), and the notes on
/// its zone: none, or one holding `note` that also questions the time.
fn assert_dated(extra: &str, date: &str, received: &str, sent: &str, note: Option<&str>) {
    let t = Inkom::new();
    let (_, item) = import(&t, "datum.eml", &dated(extra, date));
    assert_eq!(item.received_at.to_rfc3339(), received, "{extra}{date}");
    assert_eq!(
        item.sent_at.map(|d| d.to_rfc3339()).as_deref(),
        Some(sent),
        "{date}"
    );
    let zone_notes: Vec<&String> = item
        .source
        .notes
        .iter()
        .filter(|n| n.contains("tidszonen"))
        .collect();
    match note {
        None => assert!(zone_notes.is_empty(), "{date}: {zone_notes:?}"),
        Some(name) => {
            assert!(
                zone_notes.iter().any(|n| n.contains(name)),
                "{date}: {:?}",
                item.source.notes
            );
            assert!(item.source.time_note().is_some(), "{date}");
        }
    }
}

#[test]
fn a_two_digit_year_is_read_as_rfc_5322_says() {
    // 00-49 are 2000-2049, 50-99 are 1950-1999, in a Received header as in a Date header.
    for (extra, date, received, sent) in [
        (
            "Received: from mx.example.com by mail.example.com; 1 Dec 26 10:05:00 +0100\r\n",
            "Tue, 1 Dec 26 10:00:00 +0100",
            "2026-12-01T10:05:00+01:00",
            "2026-12-01T10:00:00+01:00",
        ),
        (
            "Received: from mx.example.com by mail.example.com; Wed, 1 Dec 99 10:05:00 +0100\r\n",
            "Wed, 1 Dec 99 10:00:00 +0100",
            "1999-12-01T10:05:00+01:00",
            "1999-12-01T10:00:00+01:00",
        ),
    ] {
        assert_dated(extra, date, received, sent, None);
    }
}

#[test]
fn a_date_in_iso_8601_form_is_read_at_its_offset() {
    // As some scripts write it; it used to be taken as unreadable, and the file's time given.
    let time = "2026-12-01T10:00:00+01:00";
    assert_dated("", time, time, time, None);
}

#[test]
fn a_date_without_a_zone_or_in_asctime_is_read_as_swedish_time_with_a_note() {
    // It used to be taken as unreadable, and the file's time given instead.
    for (date, time) in [
        ("Tue, 1 Dec 2026 10:00:00", "2026-12-01T10:00:00+01:00"),
        ("Tue, 1 Sep 2026 10:00:00", "2026-09-01T10:00:00+02:00"),
        ("Thu Dec  3 10:15:00 2026", "2026-12-03T10:15:00+01:00"),
    ] {
        assert_dated("", date, time, time, Some("tidszonen saknas"));
    }
    // asctime with a zone: at its offset.
    let time = "2026-12-03T10:15:00+00:00";
    assert_dated("", "Thu Dec  3 10:15:00 2026 GMT", time, time, None);
    // A Received header without a zone likewise.
    assert_dated(
        "Received: from mx.example.com by mail.example.com; 1 Dec 2026 10:05:00\r\n",
        "Tue, 1 Dec 2026 10:00:00 +0100",
        "2026-12-01T10:05:00+01:00",
        "2026-12-01T10:00:00+01:00",
        Some("tidszonen saknas"),
    );
}

#[test]
fn html_references_without_their_semicolon_read_as_in_a_browser() {
    let mail = b"From: Karin Lund <karin.lund@example.com>\r\n\
        To: inkom@example.com\r\n\
        Date: Tue, 1 Dec 2026 10:00:00 +0100\r\n\
        MIME-Version: 1.0\r\n\
        Subject: Entiteter\r\n\
        Content-Type: text/html; charset=us-ascii\r\n\r\n\
        <p>M&aringnga h&aumllsningar &Aring;sa &#XC5;sa &#197 ok &copy 2026&nbsp;slut</p>\r\n";
    let t = Inkom::new();
    let (id, item) = import(&t, "entiteter.eml", mail);
    let line = "Många hälsningar Åsa Åsa Å ok © 2026\u{a0}slut";
    assert_eq!(item.body.as_deref(), Some(line));
    let text = printed(&t, &id);
    assert!(
        text.contains("Många hälsningar Åsa Åsa Å ok © 2026"),
        "not on paper:\n{text}"
    );
}

/// The unit's own copy of a mail it sent to clients by Bcc names them: the item keeps them
/// apart from To and Cc, the sheet prints them as "Hemlig kopia", and they are among whom
/// the document was expedierad to (its party). They were dropped, and the register said the
/// mail went to the unit's own address only.
#[test]
fn a_sent_copy_names_its_blind_copy_recipients() {
    let t = Inkom::new();
    t.ok(&["settings", "set", "unit_addresses", "inkom@example.com"]);
    let (id, item) = import(
        &t,
        "kallelse.eml",
        "From: Socialtjänsten <inkom@example.com>\r\n\
         To: inkom@example.com\r\n\
         Bcc: =?utf-8?q?=C3=85sa_=C3=96berg?= <asa.oberg@example.se>, nils.berg@example.com\r\n\
         Subject: Kallelse till möte\r\n\
         Date: Tue, 1 Dec 2026 10:00:00 +0100\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: 8bit\r\n\r\n\
         Välkommen till möte den 3 december.\r\n"
            .as_bytes(),
    );
    assert_eq!(item.direction, inkom::model::Direction::Out);
    assert_eq!(item.recipients, ["inkom@example.com"]);
    assert!(item.cc.is_empty());
    assert_eq!(
        item.bcc,
        ["Åsa Öberg <asa.oberg@example.se>", "nils.berg@example.com"]
    );
    assert!(item.party().contains("Åsa Öberg"), "{}", item.party());
    let sheet = printed(&t, &id);
    let line = sheet
        .lines()
        .find(|l| l.contains("Hemlig kopia"))
        .unwrap_or_else(|| panic!("{sheet}"));
    assert!(
        line.contains("Åsa Öberg <asa.oberg@example.se>, nils.berg@example.com"),
        "{line}"
    );
}

/// Apple Mail sends `format=flowed; delsp=yes`: its lines are cut wherever it chose, inside a
/// word or an address too, and a mail program joins them. The item's text and the sheet read
/// the address whole; before, "…/sök" and "väg-som-bryts.html" stood on two lines.
#[test]
fn a_flowed_text_is_joined_where_the_sender_s_program_cut_it() {
    let t = Inkom::new();
    let (id, item) = import(
        &t,
        "flowed.eml",
        "From: Karin Lund <karin.lund@example.se>\r\n\
         To: inkom@example.com\r\n\
         Date: Tue, 1 Dec 2026 10:00:00 +0100\r\n\
         MIME-Version: 1.0\r\n\
         Subject: Flowed\r\n\
         Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes\r\n\
         Content-Transfer-Encoding: 8bit\r\n\r\n\
         Hej! Jag skriver f\u{f6}r att ans\u{f6}ka om ekonomiskt bist\u{e5}nd f\u{f6}r  \r\n\
         december m\u{e5}nad. L\u{e4}nk: https://example.se/ans\u{f6}kan/l\u{e5}ng-s\u{f6}k \r\n\
         v\u{e4}g.html\r\n\r\n\
         Mvh \u{c5}sa\r\n"
            .as_bytes(),
    );
    assert_eq!(
        item.body.as_deref(),
        Some(
            "Hej! Jag skriver för att ansöka om ekonomiskt bistånd för december månad. \
             Länk: https://example.se/ansökan/lång-sökväg.html\n\nMvh Åsa\n"
        )
    );
    // The sheet may wrap the long address, but never where the sender's program cut it.
    let sheet = printed(&t, &id);
    assert!(
        sheet.lines().any(|line| line.contains("lång-sökväg.html")),
        "{sheet}"
    );
}

/// A mailbox whose program wrote every Date with a zone name: the summary says the note once,
/// naming the messages, where it said it once per message; `--json` and each item keep theirs.
#[test]
fn the_same_note_on_every_message_of_a_mailbox_is_said_once() {
    let t = Inkom::new();
    let mbox: String = (1..=4)
        .map(|n| {
            format!(
                "From sara@example.se Tue Dec  1 10:0{n}:00 2026\n\
                 From: Sara Lund <sara@example.se>\nTo: ifo@exempelby.example.se\n\
                 Subject: Fråga {n}\nDate: Tue, 1 Dec 2026 10:0{n}:00 CET\n\
                 Message-ID: <fraga{n}@example.se>\n\nHej, fråga nummer {n}.\n\n"
            )
        })
        .collect();
    let file = t.write("fragor.mbox", mbox.as_bytes());
    let out = t.run(&["import", s(&file)]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let notes: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("anmärkning"))
        .collect();
    assert_eq!(notes.len(), 1, "{stdout}");
    assert!(
        notes[0].starts_with("  anmärkning: meddelande 1–4: tidszonen"),
        "{stdout}"
    );
    let again = t.write("fragor2.mbox", mbox.replace("fraga", "svar").as_bytes());
    let json = t.ok(&["import", s(&again)]);
    let skipped = json["imported"][0]["skipped"].as_array().map(Vec::len);
    assert_eq!(skipped, Some(4), "{json}");
}
