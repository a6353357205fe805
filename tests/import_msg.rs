//! The Outlook .msg reader against every public .msg fixture, hand-built compound files, and
//! hostile input (empty, random, truncated, mutated, not a message, nested too deep).

use crate::common;

use common::msg_file::{build_cfb, properties, uncompressed_rtf, utf16};
use inkom::import::msg::*;

const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/fixtures/public/msg/"
);

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}{name}")).expect("fixture readable")
}

fn parse(name: &str) -> MsgMessage {
    parse_msg(&fixture(name)).expect("fixture parses")
}

fn bytes(a: &MsgAttachment) -> &[u8] {
    match &a.content {
        MsgAttachmentContent::Bytes(b) => b,
        other => panic!("expected bytes, got {other:?}"),
    }
}

fn recipient(name: &str, email: &str) -> MsgRecipient {
    MsgRecipient {
        name: Some(name.to_string()),
        email: Some(email.to_string()),
    }
}

fn utc(s: &str) -> chrono::DateTime<chrono::Utc> {
    s.parse().expect("valid timestamp")
}

/// No string anywhere in the message (recursively) keeps a NUL terminator.
fn assert_no_nuls(m: &MsgMessage) {
    let mut strings: Vec<&String> = [
        &m.subject,
        &m.sender_name,
        &m.sender_email,
        &m.body_text,
        &m.body_html,
        &m.transport_headers,
        &m.message_class,
    ]
    .into_iter()
    .flatten()
    .collect();
    for r in m.to.iter().chain(&m.cc).chain(&m.bcc) {
        strings.extend(r.name.iter().chain(&r.email));
    }
    for a in &m.attachments {
        strings.extend(a.file_name.iter().chain(&a.mime));
        if let MsgAttachmentContent::Message(inner) = &a.content {
            assert_no_nuls(inner);
        }
    }
    for s in strings {
        assert!(!s.ends_with('\0'), "trailing NUL in {s:?}");
        assert!(!s.is_empty(), "empty strings must be None");
    }
}

#[test]
fn every_fixture_is_recognised_and_parses_without_nuls() {
    let mut names: Vec<String> = std::fs::read_dir(FIXTURES)
        .expect("fixture dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".msg"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 8, "fixtures: {names:?}");
    for name in names {
        let data = fixture(&name);
        assert!(is_msg(&data), "{name} not recognised");
        let m = parse_msg(&data).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(m.message_class.as_deref(), Some("IPM.Note"), "{name}");
        assert_no_nuls(&m);
    }
}

#[test]
fn plain_ansi_unsent_draft() {
    let m = parse("plain_ansi_unsent.msg");
    assert_eq!(
        m.subject.as_deref(),
        Some("Test for MSGConvert -- plain text")
    );
    // No PR_SENDER_*; the "sent representing" name is what Outlook shows as From.
    assert_eq!(m.sender_name.as_deref(), Some("Test User"));
    assert_eq!(m.sender_email, None);
    assert_eq!(
        m.to,
        vec![recipient("Someone Else", "someone@somewhere.com")]
    );
    assert!(m.cc.is_empty() && m.bcc.is_empty());
    assert_eq!(m.sent, None);
    // Unsent: the stored delivery time is only when the draft was saved.
    assert_eq!(m.received, None);
    assert_eq!(
        m.body_text.as_deref(),
        Some("This is a test\r\nThe body is in plain text")
    );
    assert_eq!(m.body_html, None);
    let rtf = m.body_rtf.as_deref().expect("plain RTF is offered");
    assert!(rtf.starts_with(b"{\\rtf1"));
    assert!(m.attachments.is_empty());
}

#[test]
fn unicode_and_ansi_versions_of_the_same_message_are_equal() {
    let unicode = parse("plain_unicode_unsent.msg");
    assert_eq!(
        unicode.subject.as_deref(),
        Some("Test for MSGConvert -- plain text")
    );
    assert_eq!(unicode, parse("plain_ansi_unsent.msg"));
}

#[test]
fn cp1252_plain_body_exchange_sender_and_headers() {
    let m = parse("html_ansi-cp1252-plain.msg");
    assert_eq!(
        m.subject.as_deref(),
        Some("PST Export - Embedded Email Test")
    );
    // 0x85 in windows-1252 is the ellipsis; msg_parser returned an empty body here.
    assert_eq!(
        m.body_text.as_deref(),
        Some("This email contains an email… Email-ception!!!\n\n")
    );
    assert_eq!(m.sender_name.as_deref(), Some("Joseph Q Bloggs"));
    // The sender is an Exchange (EX) address; the SMTP form comes from the From: header.
    assert_eq!(m.sender_email.as_deref(), Some("joebloggs@example.org"));
    assert_eq!(m.to.len(), 1);
    assert_eq!(m.to[0].name.as_deref(), Some("Embedded File Email"));
    // Its address is X.500 only and no header names it: never hand out a DN as an address.
    assert_eq!(m.to[0].email, None);
    assert_eq!(m.sent, Some(utc("2019-10-09T05:55:10Z")));
    let headers = m.transport_headers.as_deref().expect("transport headers");
    assert!(headers.contains("Subject: PST Export - Embedded Email Test"));
    let html = m.body_html.as_deref().expect("html body");
    assert!(html.contains("<html"), "{html}");
    assert!(html.contains("Email-ception"), "{html}");
    assert_eq!(m.body_rtf, None);
}

#[test]
fn two_jpeg_attachments_and_all_recipient_kinds() {
    let m = parse("html_two-jpeg-attachments.msg");
    assert_eq!(m.subject.as_deref(), Some("This is the subject"));
    assert_eq!(m.sender_name.as_deref(), Some("Kees"));
    assert_eq!(m.sender_email.as_deref(), Some("peterpan@neverland.com"));
    assert_eq!(
        m.to,
        vec![recipient(
            "crocodile@neverland.com",
            "crocodile@neverland.com"
        )]
    );
    assert_eq!(
        m.cc,
        vec![recipient(
            "tinkerbel@neverland.com",
            "tinkerbel@neverland.com"
        )]
    );
    assert_eq!(
        m.bcc,
        vec![recipient("wendy@neverland.com", "wendy@neverland.com")]
    );
    assert_eq!(m.sent, Some(utc("2016-12-03T18:08:54Z")));
    assert_eq!(m.body_text.as_deref(), Some("Hello Neverland text"));
    assert!(
        m.body_html
            .as_deref()
            .expect("html")
            .contains("<b>Hello Neverland html</b>")
    );
    assert_eq!(m.attachments.len(), 2);
    let expected = [("peterpan.jpg", 39_150), ("tinkerbell.jpg", 49_353)];
    for (a, (name, size)) in m.attachments.iter().zip(expected) {
        assert_eq!(a.file_name.as_deref(), Some(name));
        assert_eq!(a.mime.as_deref(), Some("image/jpeg"));
        let data = bytes(a);
        assert_eq!(data.len(), size, "{name}");
        assert!(
            data.starts_with(&[0xFF, 0xD8, 0xFF]),
            "{name} is not a JPEG"
        );
    }
}

#[test]
fn embedded_message_keeps_its_own_attachments() {
    let m = parse("embedded-msg_pdf-attachments.msg");
    assert_eq!(m.subject.as_deref(), Some("Outer mail"));
    assert_eq!(m.body_text.as_deref(), Some("Outer mail\r\n"));
    assert_eq!(
        (m.sender_name.as_deref(), m.sender_email.as_deref()),
        (None, None)
    );
    assert!(m.to.is_empty() && m.cc.is_empty());
    assert_eq!(m.sent, None);
    // Composed to be attached, never sent: no date of receipt.
    assert_eq!(m.received, None);
    assert_eq!(m.attachments.len(), 3, "two PDFs and one message");
    for (a, (name, size)) in m
        .attachments
        .iter()
        .zip([("OUTER 1.pdf", 15_832), ("OUTER 2.pdf", 16_042)])
    {
        assert_eq!(a.file_name.as_deref(), Some(name));
        assert_eq!(bytes(a).len(), size, "{name}");
        assert!(bytes(a).starts_with(b"%PDF"), "{name}");
    }
    let embedded = &m.attachments[2];
    assert_eq!(embedded.file_name.as_deref(), Some("Inner mail"));
    let MsgAttachmentContent::Message(inner) = &embedded.content else {
        panic!(
            "attach method 5 must give the message, got {:?}",
            embedded.content
        )
    };
    assert_eq!(inner.subject.as_deref(), Some("Inner mail"));
    assert_eq!(inner.body_text.as_deref(), Some("Inner mail\r\n"));
    assert_eq!(inner.attachments.len(), 2);
    for (a, (name, size)) in inner
        .attachments
        .iter()
        .zip([("INNER 1.pdf", 15_541), ("INNER 2.pdf", 15_598)])
    {
        assert_eq!(a.file_name.as_deref(), Some(name));
        assert_eq!(bytes(a).len(), size, "{name}");
        assert!(bytes(a).starts_with(b"%PDF"), "{name}");
    }
}

#[test]
fn cyrillic_html_from_compressed_rtf_no_subject_no_sender() {
    let m = parse("unicode-cyrillic_no-subject_no-sender.msg");
    assert_eq!(m.subject, None);
    assert_eq!(
        (m.sender_name.as_deref(), m.sender_email.as_deref()),
        (None, None)
    );
    assert!(m.to.is_empty());
    let text = m.body_text.as_deref().expect("plain body");
    assert!(
        text.starts_with("ввести  «Имя пользователя» (email) и  «Пароль» (password)."),
        "{text}"
    );
    let html = m.body_html.as_deref().expect("html recovered from RTF");
    assert!(html.contains("«Имя пользователя» ("), "{html}");
    assert!(
        html.contains("«Пароль» (<span class=SpellE>password</span>)"),
        "{html}"
    );
    assert!(html.trim_end().ends_with("</html>"));
    assert!(
        !html.contains("\\htmltag") && !html.contains("\\'"),
        "RTF leaked into the HTML"
    );
    assert_eq!(m.body_rtf, None);
}

#[test]
fn html_only_inside_compressed_rtf() {
    let m = parse("html-inside-compressed-rtf.msg");
    assert_eq!(m.subject.as_deref(), Some("test"));
    assert_eq!(m.sender_name.as_deref(), Some("Account Testing"));
    assert_eq!(
        m.sender_email.as_deref(),
        Some("account-testing7777@protonmail.com")
    );
    assert_eq!(
        m.to,
        vec![recipient(
            "application-testing@outlook.com",
            "application-testing@outlook.com"
        )]
    );
    assert_eq!(m.sent, Some(utc("2021-03-14T04:03:45Z")));
    let received = m.received.expect("delivery time");
    assert_eq!(
        received.timestamp(),
        utc("2021-03-14T04:03:57Z").timestamp()
    );
    assert!(
        m.body_text
            .as_deref()
            .expect("plain")
            .starts_with("test\r\n")
    );
    let html = m.body_html.as_deref().expect("html recovered from RTF");
    assert!(html.starts_with("<div>test</div><div><br></div>"), "{html}");
    assert!(
        html.contains(r#"Sent with <a href="https://protonmail.com" target="_blank">ProtonMail</a> Secure Email.<br>"#),
        "{html}"
    );
    assert!(
        !html.contains("HYPERLINK"),
        "field instructions are RTF-only: {html}"
    );
    assert_eq!(m.body_rtf, None);
    assert!(
        m.transport_headers
            .as_deref()
            .expect("headers")
            .contains("protonmail")
    );
}

#[test]
fn aspose_ansi_plain_with_plain_rtf_and_no_dates() {
    let m = parse("ansi_plain-rtf-body_no-dates.msg");
    assert_eq!(
        m.subject.as_deref(),
        Some("creating an outlook message file")
    );
    assert_eq!(m.sender_email.as_deref(), Some("from@domain.com"));
    assert_eq!(m.to, vec![recipient("to@domain.com", "to@domain.com")]);
    assert_eq!((m.sent, m.received), (None, None));
    assert_eq!(
        m.body_text.as_deref(),
        Some("This message is created by Aspose.Email")
    );
    assert_eq!(m.body_html, None);
    let rtf = m
        .body_rtf
        .as_deref()
        .expect("RTF offered for a later converter");
    assert!(rtf.starts_with(b"{\\rtf1"));
}

// ---- hand-built compound files ----

#[test]
fn swedish_8bit_strings_use_the_message_code_page() {
    // "Ärende: åäö – hyra" in windows-1252 (0x96 is the en dash), with a NUL terminator.
    let mut subject = b"\xc4rende: \xe5\xe4\xf6 \x96 hyra".to_vec();
    subject.push(0);
    let data = build_cfb(&[
        (
            "/__properties_version1.0",
            properties(32, &[(0x3FFD, 0x0003, 1252)]),
        ),
        ("/__substg1.0_001A001E", b"IPM.Note\0".to_vec()),
        ("/__substg1.0_0037001E", subject.clone()),
        (
            "/__substg1.0_1000001E",
            b"Hej! Bifogar hyresavin.\r\nMvh Amira".to_vec(),
        ),
        ("/__substg1.0_0C1A001E", b"Amira Haddad".to_vec()),
        ("/__substg1.0_0C1E001E", b"SMTP".to_vec()),
        ("/__substg1.0_0C1F001E", b"amira@example.org".to_vec()),
    ]);
    assert!(is_msg(&data));
    let m = parse_msg(&data).expect("parses");
    assert_eq!(m.subject.as_deref(), Some("Ärende: åäö – hyra"));
    assert_eq!(m.sender_email.as_deref(), Some("amira@example.org"));
    assert_eq!(m.message_class.as_deref(), Some("IPM.Note"));

    // Without any code page property the default is windows-1252 too; an Internet code page
    // of UTF-8 does not turn 8-bit text into replacement characters.
    for props in [vec![], vec![(0x3FDE, 0x0003, 65001)]] {
        let data = build_cfb(&[
            ("/__properties_version1.0", properties(32, &props)),
            ("/__substg1.0_0037001E", subject.clone()),
        ]);
        assert_eq!(
            parse_msg(&data).expect("parses").subject.as_deref(),
            Some("Ärende: åäö – hyra")
        );
    }
}

#[test]
fn japanese_8bit_strings_in_code_page_932() {
    // Japanese Outlook writes 8-bit strings in cp932, with its extensions (①, ㈱).
    let (subject, _, _) = encoding_rs::SHIFT_JIS.encode("①会議の件");
    let (body, _, _) = encoding_rs::SHIFT_JIS.encode("明日の会議は十時からです。㈱テスト");
    let data = build_cfb(&[
        (
            "/__properties_version1.0",
            properties(32, &[(0x3FFD, 0x0003, 932)]),
        ),
        ("/__substg1.0_001A001E", b"IPM.Note\0".to_vec()),
        ("/__substg1.0_0037001E", subject.into_owned()),
        ("/__substg1.0_1000001E", body.into_owned()),
    ]);
    let m = parse_msg(&data).expect("parses");
    assert_eq!(m.subject.as_deref(), Some("①会議の件"));
    assert_eq!(
        m.body_text.as_deref(),
        Some("明日の会議は十時からです。㈱テスト")
    );
}

/// What Japanese Outlook really writes (realworld `hht_ansi-cp932_japanese.msg`): no message
/// code page, the Internet code page ISO-2022-JP (50220, 7-bit), the 8-bit strings in cp932.
/// Read as ISO-2022-JP they were "���{�� Non Unicode …".
#[test]
fn iso_2022_jp_as_internet_code_page_means_cp932_strings() {
    let (subject, _, _) = encoding_rs::SHIFT_JIS.encode("日本語 Non Unicode タイトル");
    let data = build_cfb(&[
        (
            "/__properties_version1.0",
            properties(32, &[(0x3FDE, 0x0003, 50220), (0x3FF1, 0x0003, 1041)]),
        ),
        ("/__substg1.0_0037001E", subject.into_owned()),
    ]);
    assert_eq!(
        parse_msg(&data).expect("parses").subject.as_deref(),
        Some("日本語 Non Unicode タイトル")
    );
}

/// A code page that cannot read the subject gives way to the locale's (Russian Windows,
/// `PR_MESSAGE_LOCALE_ID` 1049: windows-1251) when that one can; a readable subject keeps the
/// code page named.
#[test]
fn the_locale_reads_what_the_named_code_page_cannot() {
    let (cyrillic, _, _) = encoding_rs::WINDOWS_1251.encode("Заявление о помощи");
    let (japanese, _, _) = encoding_rs::SHIFT_JIS.encode("会議の件");
    let cases = [
        // Named UTF-8, invalid as UTF-8: the locale's windows-1251.
        (65001, 1049, cyrillic.to_vec(), "Заявление о помощи"),
        // Named Big5 for cp932 bytes Big5 cannot read: the Japanese locale's cp932.
        (950, 1041, japanese.to_vec(), "会議の件"),
    ];
    for (named, locale, subject, expected) in cases {
        let data = build_cfb(&[
            (
                "/__properties_version1.0",
                properties(32, &[(0x3FDE, 0x0003, named), (0x3FF1, 0x0003, locale)]),
            ),
            ("/__substg1.0_0037001E", subject),
        ]);
        assert_eq!(
            parse_msg(&data).expect("parses").subject.as_deref(),
            Some(expected),
            "named {named}, locale {locale}"
        );
    }
    // Readable in the code page named (windows-1252): kept, whatever the locale.
    let (swedish, _, _) = encoding_rs::WINDOWS_1252.encode("Ärende: hyra");
    let data = build_cfb(&[
        (
            "/__properties_version1.0",
            properties(32, &[(0x3FDE, 0x0003, 1252), (0x3FF1, 0x0003, 1049)]),
        ),
        ("/__substg1.0_0037001E", swedish.into_owned()),
    ]);
    assert_eq!(
        parse_msg(&data).expect("parses").subject.as_deref(),
        Some("Ärende: hyra")
    );
}

#[test]
fn exchange_sender_without_smtp_gives_no_address() {
    let data = build_cfb(&[
        ("/__properties_version1.0", properties(32, &[])),
        ("/__substg1.0_0C1A001F", utf16("Bo Berg")),
        ("/__substg1.0_0C1E001F", utf16("EX")),
        (
            "/__substg1.0_0C1F001F",
            utf16("/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN=BOBERG"),
        ),
    ]);
    let m = parse_msg(&data).expect("parses");
    assert_eq!(m.sender_name.as_deref(), Some("Bo Berg"));
    assert_eq!(m.sender_email, None);

    let data = build_cfb(&[
        ("/__properties_version1.0", properties(32, &[])),
        ("/__substg1.0_0C1E001F", utf16("EX")),
        ("/__substg1.0_0C1F001F", utf16("/O=EXCHANGELABS/CN=BOBERG")),
        ("/__substg1.0_5D01001F", utf16("bo.berg@example.org")),
    ]);
    assert_eq!(
        parse_msg(&data).expect("parses").sender_email.as_deref(),
        Some("bo.berg@example.org")
    );
}

/// `levels` messages each attached (method 5) to the one above, subjects "level N".
fn nested_msg(levels: usize) -> Vec<u8> {
    let mut streams = vec![
        ("/__properties_version1.0".to_string(), properties(32, &[])),
        ("/__substg1.0_0037001F".to_string(), utf16("level 0")),
    ];
    let mut storage = String::new();
    for level in 1..=levels {
        storage.push_str("/__attach_version1.0_#00000000");
        streams.push((
            format!("{storage}/__properties_version1.0"),
            properties(8, &[(0x3705, 0x0003, 5)]),
        ));
        storage.push_str("/__substg1.0_3701000D");
        streams.push((
            format!("{storage}/__properties_version1.0"),
            properties(24, &[]),
        ));
        streams.push((
            format!("{storage}/__substg1.0_0037001F"),
            utf16(&format!("level {level}")),
        ));
    }
    let refs: Vec<(&str, Vec<u8>)> = streams
        .iter()
        .map(|(p, d)| (p.as_str(), d.clone()))
        .collect();
    build_cfb(&refs)
}

/// Imported, the message nested too deep is an attachment of its own with a note in the chain
/// of custody, not a line in the import summary only.
#[test]
fn a_message_nested_too_deep_is_imported_as_a_file_with_a_note() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("djup.msg");
    std::fs::write(&path, nested_msg(12)).expect("write");
    let (items, parsed) = import(&path);
    let [item] = &items[..] else {
        panic!("one item: {}", items.len())
    };
    let kept: Vec<&str> = item
        .attachments
        .iter()
        .filter(|a| a.mime == "application/vnd.ms-outlook")
        .map(|a| a.name.as_str())
        .collect();
    let [name] = kept[..] else { panic!("{kept:?}") };
    assert!(name.ends_with("level 7 - level 8 - objekt-9.msg"), "{name}");
    let note = format!(
        "bilagan {name} är ett bifogat meddelande som inte kunde läsas här (skadat eller \
         inbäddat i fler än 8 nivåer); det är taget med som fil"
    );
    assert_noted(item, &parsed, &note);
}

#[test]
fn nesting_deeper_than_the_limit_is_kept_not_followed() {
    let m = parse_msg(&nested_msg(12)).expect("parses");
    let mut current = &m;
    let mut depth = 0;
    loop {
        assert_eq!(current.subject, Some(format!("level {depth}")));
        assert_eq!(current.attachments.len(), 1);
        match &current.attachments[0].content {
            MsgAttachmentContent::Message(inner) => {
                current = inner;
                depth += 1;
            }
            // Not followed, but not dropped either: the rest is a .msg file of its own, and
            // reading that goes on where this stopped.
            MsgAttachmentContent::Object(object) => {
                assert_eq!(
                    (object.extension, object.mime),
                    ("msg", "application/vnd.ms-outlook")
                );
                let rest = parse_msg(&object.bytes).expect("the rest parses");
                assert_eq!(rest.subject.as_deref(), Some("level 9"));
                break;
            }
            MsgAttachmentContent::Other | MsgAttachmentContent::Bytes(_) => {
                panic!("{:?}", current.attachments[0].content)
            }
        }
    }
    assert_eq!(depth, MAX_EMBEDDING_DEPTH);
}

// ---- hostile input ----

/// xorshift64: a fixed-seed generator, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn empty_and_random_input_is_an_error() {
    assert!(matches!(parse_msg(&[]), Err(MsgError::NotCompoundFile)));
    assert!(!is_msg(&[]));
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    for len in [1usize, 7, 8, 511, 512, 513, 4096, 70_000] {
        let mut data: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        assert!(parse_msg(&data).is_err());
        assert!(!is_msg(&data));
        // Random bytes behind a valid signature.
        if len >= 8 {
            data[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
            assert!(parse_msg(&data).is_err());
        }
    }
}

#[test]
fn truncated_msg_is_an_error() {
    for name in [
        "html_two-jpeg-attachments.msg",
        "embedded-msg_pdf-attachments.msg",
        "plain_ansi_unsent.msg",
    ] {
        let data = fixture(name);
        let half = &data[..data.len() / 2];
        assert!(parse_msg(half).is_err(), "{name}: first half parsed");
        for cut in [8, 100, 511, 512, 513, data.len() - 1] {
            let _ = parse_msg(&data[..cut]);
        }
    }
}

#[test]
fn compound_file_that_is_not_a_message_is_an_error() {
    // Shaped like a Word .doc: a compound file, but no MSG property streams.
    let data = build_cfb(&[
        ("/WordDocument", vec![0xEC, 0xA5, 0xC1, 0x00]),
        ("/1Table", vec![0; 600]),
    ]);
    assert!(!is_msg(&data));
    assert!(matches!(parse_msg(&data), Err(MsgError::NotMsg)));
}

#[test]
fn mutated_fixtures_never_panic() {
    let original = fixture("embedded-msg_pdf-attachments.msg");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut parsed = 0;
    for round in 0..200 {
        let mut data = original.clone();
        let flips = 1 + rng.next() % 16;
        for _ in 0..flips {
            // Half the rounds hit the header and first directory sectors, where damage matters most.
            let range = if round % 2 == 0 {
                2048
            } else {
                data.len() as u64
            };
            let pos = (rng.next() % range) as usize;
            data[pos] = rng.next() as u8;
        }
        if parse_msg(&data).is_ok() {
            parsed += 1;
        }
        let _ = is_msg(&data);
    }
    // Most single-byte damage lands in attachment data and still parses.
    assert!(parsed > 0);
}

#[test]
fn errors_do_not_reveal_content() {
    let data = fixture("html_ansi-cp1252-plain.msg");
    let err = parse_msg(&data[..data.len() / 2]).expect_err("truncated");
    let text = err.to_string();
    assert!(
        !text.contains("Bloggs") && !text.contains("PST Export"),
        "{text}"
    );
}

// ---- through parse_file: the .msg as an item ----

mod through_parse_file {
    use super::*;
    use inkom::import::{
        Format, ImportError, ImportLimits, OtherFormat, ParsedFile, Problem, parse_file,
    };
    use inkom::model::{Channel, Direction, NewItem, sha256_hex};
    use std::path::{Path, PathBuf};

    fn run(path: &Path) -> (Result<ParsedFile, ImportError>, Vec<NewItem>) {
        let mut items = Vec::new();
        let result = parse_file(path, &ImportLimits::default(), &mut |item| {
            items.push(item);
            Ok(())
        });
        (result, items)
    }

    fn one(name: &str) -> NewItem {
        let path = PathBuf::from(format!("{FIXTURES}{name}"));
        let (result, mut items) = run(&path);
        let parsed = result.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(parsed.format, Format::Msg, "{name}");
        assert_eq!(items.len(), 1, "{name}");
        let item = items.remove(0);
        assert_eq!(item.channel, Channel::Email);
        assert_eq!(item.direction, Direction::In);
        assert_eq!(item.thread, None);
        assert!(item.parts.is_empty());
        assert_eq!(item.source.locator, "");
        assert_eq!(item.source.file_sha256, sha256_hex(&fixture(name)));
        assert_eq!(item.source.file_sha256, parsed.file_sha256);
        for a in &item.attachments {
            assert!(!a.name.contains(['/', '\\', ':']), "{}", a.name);
            assert_eq!(a.size, a.bytes.len() as u64);
        }
        item
    }

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write");
        path
    }

    #[test]
    fn every_fixture_becomes_one_email_item() {
        for entry in std::fs::read_dir(FIXTURES).expect("dir") {
            let name = entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned();
            if name.ends_with(".msg") {
                let item = one(&name);
                assert!(
                    !item.body.contains('\0') && !item.body.contains('\r'),
                    "{name}"
                );
                if let Some(html) = &item.body_html {
                    assert!(
                        !html.contains("<script") && !html.contains(" src="),
                        "{name}"
                    );
                }
            }
        }
    }

    #[test]
    fn sender_recipients_time_and_jpeg_attachments() {
        let item = one("html_two-jpeg-attachments.msg");
        assert_eq!(item.sender, "Kees <peterpan@neverland.com>");
        // To and Cc kept apart, as the mail showed them; Bcc is not shown.
        assert_eq!(item.recipients, ["crocodile@neverland.com"]);
        assert_eq!(item.cc, ["tinkerbel@neverland.com"]);
        // The HTML body is kept, sanitised, beside the text.
        let html = item.body_html.as_deref().expect("HTML body kept");
        assert!(html.contains("Neverland"), "{html}");
        assert!(
            !html.contains("<script") && !html.contains("http"),
            "{html}"
        );
        assert_eq!(item.subject.as_deref(), Some("This is the subject"));
        assert_eq!(item.received_at.to_rfc3339(), "2016-12-03T19:08:54+01:00");
        assert_eq!(item.body, "Hello Neverland text");
        let got: Vec<(&str, &str, u64, &str)> = item
            .attachments
            .iter()
            .map(|a| (a.name.as_str(), a.mime.as_str(), a.size, a.sha256.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "peterpan.jpg",
                    "image/jpeg",
                    39150,
                    "4f068e0d5e5ec569031bae44b014edaf69e27f0e51573b057fc9e39154413b40"
                ),
                (
                    "tinkerbell.jpg",
                    "image/jpeg",
                    49353,
                    "01bfc795dee4b792b7e2a94d407ea966c5cb139cbd949bb4c57d4bce124f714b"
                ),
            ]
        );
        assert!(item.attachments[0].bytes.starts_with(&[0xFF, 0xD8]));
    }

    /// Guard rail 4: the date received is the delivery to the unit's mailbox, not the
    /// sender's submit time; both are kept.
    #[test]
    fn the_delivery_time_is_the_date_received_and_the_submit_time_is_kept() {
        let item = one("html-inside-compressed-rtf.msg");
        assert_eq!(
            item.received_at.to_rfc3339(),
            "2021-03-14T05:03:57.261895200+01:00"
        );
        assert_eq!(
            item.sent_at.map(|t| t.to_rfc3339()).as_deref(),
            Some("2021-03-14T05:03:45+01:00")
        );
        assert!(item.source.notes.is_empty(), "{:?}", item.source.notes);
    }

    #[test]
    fn cp1252_body_and_summer_time_offset() {
        let item = one("html_ansi-cp1252-plain.msg");
        assert_eq!(item.sender, "Joseph Q Bloggs <joebloggs@example.org>");
        assert_eq!(item.received_at.to_rfc3339(), "2019-10-09T07:55:10+02:00");
        // No delivery time: the submit time stands, and the chain of custody says so.
        assert!(
            item.source.notes.iter().any(|n| n.contains("leveranstid")),
            "{:?}",
            item.source.notes
        );
        assert_eq!(
            item.body,
            "This email contains an email… Email-ception!!!\n\n"
        );
    }

    #[test]
    fn html_only_in_rtf_and_cyrillic_are_rendered_as_text() {
        let item = one("html-inside-compressed-rtf.msg");
        assert!(item.body.starts_with("test\n"), "{:?}", item.body);
        assert!(!item.body.contains("<div") && !item.body.contains("<html"));
        let item = one("unicode-cyrillic_no-subject_no-sender.msg");
        assert_eq!(item.subject, None);
        assert_eq!(item.sender, "");
        assert!(item.body.contains("«Имя пользователя»"));
    }

    #[test]
    fn unsent_draft_uses_the_file_time() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(
            dir.path(),
            "utkast.msg",
            &fixture("plain_unicode_unsent.msg"),
        );
        let mtime = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .expect("mtime");
        let (result, items) = run(&path);
        result.expect("parses");
        let want = chrono::DateTime::<chrono::Utc>::from(mtime);
        assert_eq!(items[0].received_at, want);
        assert_eq!(items[0].sender, "Test User");
        assert_eq!(items[0].body, "This is a test\nThe body is in plain text");
    }

    #[test]
    fn embedded_message_becomes_text_plus_its_own_attachments() {
        let item = one("embedded-msg_pdf-attachments.msg");
        assert_eq!(item.subject.as_deref(), Some("Outer mail"));
        let names: Vec<(&str, u64)> = item
            .attachments
            .iter()
            .map(|a| (a.name.as_str(), a.size))
            .collect();
        assert_eq!(
            names,
            [
                ("OUTER 1.pdf", 15_832),
                ("OUTER 2.pdf", 16_042),
                ("Inner mail.txt", 64),
                ("Inner mail - INNER 1.pdf", 15_541),
                ("Inner mail - INNER 2.pdf", 15_598),
            ]
        );
        let text = String::from_utf8(item.attachments[2].bytes.clone()).expect("utf-8");
        assert!(text.contains("Ämne: Inner mail\n"), "{text}");
        assert!(
            text.contains("Bilagor: INNER 1.pdf, INNER 2.pdf\n"),
            "{text}"
        );
        assert!(item.attachments[2].mime.starts_with("text/plain"));
        assert!(item.attachments[3].bytes.starts_with(b"%PDF"));
    }

    #[test]
    fn hostile_attachment_names_are_sanitised() {
        let attachment = |n: u32, name: &str, data: &[u8]| {
            let dir = format!("/__attach_version1.0_#{n:08X}");
            vec![
                (
                    format!("{dir}/__properties_version1.0"),
                    properties(8, &[(0x3705, 0x0003, 1)]),
                ),
                (format!("{dir}/__substg1.0_3707001F"), utf16(name)),
                (format!("{dir}/__substg1.0_37010102"), data.to_vec()),
            ]
        };
        let mut streams: Vec<(String, Vec<u8>)> = vec![
            ("/__properties_version1.0".to_string(), properties(32, &[])),
            ("/__substg1.0_0037001F".to_string(), utf16("Bilagor")),
            (
                "/__substg1.0_1000001F".to_string(),
                utf16("Hej åäö 🙂\r\nrad 2"),
            ),
        ];
        streams.extend(attachment(0, "../../x", b"one"));
        streams.extend(attachment(1, "CON.txt", b"two"));
        streams.extend(attachment(2, "..\\..\\Windows\\evil.exe", b"three"));
        let refs: Vec<(&str, Vec<u8>)> = streams
            .iter()
            .map(|(p, d)| (p.as_str(), d.clone()))
            .collect();
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(dir.path(), "bilagor.msg", &build_cfb(&refs));
        let (result, items) = run(&path);
        result.expect("parses");
        let item = &items[0];
        assert_eq!(item.body, "Hej åäö 🙂\nrad 2");
        let names: Vec<&str> = item.attachments.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["x", "_CON.txt", "evil.exe"]);
        assert_eq!(item.attachments[1].mime, "text/plain");
        assert_eq!(item.attachments[2].bytes, b"three");
    }

    #[test]
    fn word_document_truncated_and_garbage_are_clear_errors() {
        let dir = tempfile::tempdir().expect("tempdir");
        let doc = build_cfb(&[
            ("/WordDocument", vec![0xEC, 0xA5, 0xC1, 0x00]),
            ("/1Table", vec![0; 600]),
        ]);
        let (result, items) = run(&write(dir.path(), "brev.doc", &doc));
        assert!(items.is_empty());
        let err = result.expect_err("a .doc");
        assert!(matches!(
            err,
            ImportError::Unsupported {
                detected: Some(OtherFormat::OleCompound),
                ..
            }
        ));
        assert!(err.sv().contains("brev.doc"), "{}", err.sv());

        let data = fixture("html_ansi-cp1252-plain.msg");
        for cut in [9, 512, data.len() / 2, data.len() - 1] {
            let path = write(dir.path(), "avkortad.msg", &data[..cut]);
            let (result, items) = run(&path);
            if let Err(err) = result {
                assert!(items.is_empty());
                let sv = err.sv();
                assert!(sv.contains("avkortad.msg"), "{sv}");
                assert!(
                    !sv.contains("Bloggs") && !err.to_string().contains("PST"),
                    "{sv}"
                );
            }
        }
        let (result, _) = run(&write(dir.path(), "halv.msg", &data[..data.len() / 2]));
        assert!(matches!(
            result,
            Err(ImportError::Invalid {
                format: Format::Msg,
                problem: Problem::MsgDamaged,
                ..
            }) | Err(ImportError::Unsupported { .. })
        ));

        let mut garbage = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        garbage.extend((0..5000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
        let (result, _) = run(&write(dir.path(), "skräp.msg", &garbage));
        assert!(result.is_err());
    }
}

// ---- RTF-only bodies ----

/// A message whose only body is ordinary RTF, as Word writes it: a font table with a Cyrillic
/// font, Swedish letters as `\'hh`, Arabic, Tigrinya and Chinese as `\uN`, hidden text, a numbered list, a link,
/// a table, a picture, and Outlook's NUL after the document.
const WORD_RTF: &[u8] =
    b"{\\rtf1\\ansi\\ansicpg1252\\deff0\\uc1{\\fonttbl{\\f0\\fswiss\\fcharset0 Calibri;}\
{\\f1\\froman\\fcharset204 Times New Roman Cyr;}}{\\colortbl;\\red0\\green0\\blue0;}\
{\\*\\generator Riched20 10.0;}{\\info{\\author Testperson}}\r\n\
\\pard\\plain\\f0 Hej! Jag kan inte komma p\\'e5 m\\'f6tet.\\par\r\n\
{\\f1 \\'cf\\'f0\\'e8\\'e2\\'e5\\'f2}\\par\r\n\
{\\v dold text}synlig\\par\r\n\
\\u1605?\\u1585?\\u1581?\\u1576?\\u1575? \\par\r\n\\u4656?\\u4619?\\u4637?\\par {\\u26126?\\u22825?}\\par\r\n\
{\\pntext\\f0 1.\\tab}Punkt ett\\par\r\n\
{\\field{\\*\\fldinst{HYPERLINK \"https://example.org\"}}{\\fldrslt{L\\'e4nk}}}\\par\r\n\
\\trowd\\cellx1000\\cellx2000 A1\\cell B1\\cell\\row\r\n\
{\\*\\bkmkstart x}slut{\\pict\\pngblip 89504e470d0a}\\par}\0";

/// The items of the file at `path` as the import reads them, and what it says of the file.
fn import(path: &std::path::Path) -> (Vec<inkom::model::NewItem>, inkom::import::ParsedFile) {
    let mut items = Vec::new();
    let parsed =
        inkom::import::parse_file(path, &inkom::import::ImportLimits::default(), &mut |item| {
            items.push(item);
            Ok(())
        })
        .expect("imports");
    (items, parsed)
}

/// An item's attachments: name, type and bytes.
fn files(item: &inkom::model::NewItem) -> Vec<(&str, &str, &[u8])> {
    item.attachments
        .iter()
        .map(|a| (a.name.as_str(), a.mime.as_str(), a.bytes.as_slice()))
        .collect()
}

/// Asserts that `note` is in the item's chain of custody and in what the import says of the
/// file.
fn assert_noted(item: &inkom::model::NewItem, parsed: &inkom::import::ParsedFile, note: &str) {
    assert!(
        item.source.notes.iter().any(|n| n == note),
        "{:?}",
        item.source.notes
    );
    assert!(
        parsed.skipped.iter().any(|n| n == note),
        "{:?}",
        parsed.skipped
    );
}

fn rtf_only_msg() -> Vec<u8> {
    build_cfb(&[
        (
            "/__properties_version1.0",
            properties(32, &[(0x3FFD, 0x0003, 1252)]),
        ),
        ("/__substg1.0_001A001E", b"IPM.Note\0".to_vec()),
        ("/__substg1.0_0037001E", b"Mote\0".to_vec()),
        ("/__substg1.0_10090102", uncompressed_rtf(WORD_RTF)),
    ])
}

#[test]
fn an_rtf_only_body_is_read_as_a_mail_client_shows_it() {
    let m = parse_msg(&rtf_only_msg()).expect("parses");
    assert_eq!(
        (m.body_text.as_deref(), m.body_html.as_deref()),
        (None, None)
    );
    assert_eq!(
        m.rtf_text().as_deref(),
        Some(
            "Hej! Jag kan inte komma på mötet.\nПривет\nsynlig\nمرحبا\nሰላም\n明天\n1.\tPunkt ett\nLänk\n\
             A1\tB1\nslut"
        )
    );
    assert!(m.rtf_has_pictures());

    // Imported: the words are the item's text, the picture is said to be left out, and the
    // chain of custody and the import summary say where the text came from.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("mote.msg");
    std::fs::write(&path, rtf_only_msg()).expect("write");
    let (items, parsed) = import(&path);
    let [item] = &items[..] else {
        panic!("one item: {}", items.len())
    };
    assert!(
        item.body
            .starts_with("Hej! Jag kan inte komma på mötet.\nПривет\n"),
        "{}",
        item.body
    );
    // The picture pasted into the text is an attachment (the printout draws it, or names it
    // and the deletion gate holds the source back), not a note that it is missing.
    assert!(item.body.ends_with("slut"), "{}", item.body);
    assert_eq!(
        files(item),
        [(
            "bild-1-i-texten.png",
            "image/png",
            &[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A][..]
        )]
    );
    for note in [
        "meddelandets text fanns bara i RTF-format; texten är läst ur den, utan formatering",
        "meddelandets RTF-text innehöll en bild; den är tagen med som bilaga: bild-1-i-texten.png",
    ] {
        assert_noted(item, &parsed, note);
    }
}

/// Packager's native data for a file dropped into a document (MS-OLEDS 2.3.6), its names in
/// windows-1252; `sized` prefixes its size, as the `\x01Ole10Native` stream of an OLE 2
/// storage does.
fn packaged_file(name: &str, bytes: &[u8], sized: bool) -> Vec<u8> {
    let ansi = |s: &str| encoding_rs::WINDOWS_1252.encode(s).0.into_owned();
    let mut p = vec![2, 0];
    p.extend(ansi(name));
    p.push(0);
    p.extend(ansi(&format!("C:\\Users\\testperson\\Skrivbord\\{name}")));
    p.push(0);
    p.extend_from_slice(&[0, 0, 3, 0, 0, 0, 0, 0]);
    p.extend_from_slice(b"C:\\Temp\\tmp1.txt\0");
    p.extend_from_slice(&u32::try_from(bytes.len()).expect("small").to_le_bytes());
    p.extend_from_slice(bytes);
    if sized {
        let mut with_size = u32::try_from(p.len())
            .expect("small")
            .to_le_bytes()
            .to_vec();
        with_size.extend(p);
        return with_size;
    }
    p
}

/// An OLE 1.0 object of class `class` embedding `native` (MS-OLEDS 2.2.4), as RTF hex.
fn ole1_hex(class: &str, native: &[u8]) -> String {
    let mut o = vec![1, 5, 0, 0, 2, 0, 0, 0];
    for s in [class, "", ""] {
        o.extend_from_slice(&u32::try_from(s.len() + 1).expect("small").to_le_bytes());
        o.extend_from_slice(s.as_bytes());
        o.push(0);
    }
    o.extend_from_slice(&u32::try_from(native.len()).expect("small").to_le_bytes());
    o.extend_from_slice(native);
    // Word breaks the hex into lines.
    o.chunks(32)
        .map(|line| line.iter().map(|b| format!("{b:02x}")).collect::<String>())
        .collect::<Vec<_>>()
        .join("\r\n")
}

fn rtf_msg(rtf: &[u8]) -> Vec<u8> {
    build_cfb(&[
        ("/__properties_version1.0", properties(32, &[])),
        ("/__substg1.0_001A001E", b"IPM.Note\0".to_vec()),
        ("/__substg1.0_10090102", uncompressed_rtf(rtf)),
    ])
}

/// A file dropped into a message written in Word (an OLE package in the RTF body) was only
/// said to be missing and went with the source; now it is an attachment under its own name,
/// which the printout reproduces, and one that does not read is kept as its bytes, which the
/// deletion gate holds back.
#[test]
fn an_object_embedded_in_an_rtf_body_becomes_an_attachment() {
    let letter = "Överklagande av beslut\r\nJag överklagar beslutet.\r\n".as_bytes();
    let rtf = format!(
        "{{\\rtf1\\ansi Se bilagan {{\\object\\objemb{{\\*\\objclass Package}}{{\\*\\objdata \r\n{}}}\
         {{\\result{{\\pict\\wmetafile8 0100}}}}}} och tabellen \
         {{\\object\\objemb{{\\*\\objdata 0105}}}}\\par}}\0",
        ole1_hex("Package", &packaged_file("Överklagande.txt", letter, false))
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("overklagande.msg");
    std::fs::write(&path, rtf_msg(rtf.as_bytes())).expect("write");
    let (items, parsed) = import(&path);
    let [item] = &items[..] else {
        panic!("one item: {}", items.len())
    };
    assert_eq!(item.body, "Se bilagan  och tabellen");
    assert_eq!(
        files(item),
        [
            // The object's look, as Word drew it.
            ("bild-1-i-texten.wmf", "image/wmf", &[0x01, 0x00][..]),
            ("Överklagande.txt", "text/plain", letter),
            // Two bytes that are no OLE object: kept whole.
            (
                "objekt-2-i-texten.bin",
                "application/octet-stream",
                &[0x01, 0x05][..]
            ),
        ]
    );
    let note = "meddelandet innehöll 2 inbäddade objekt (OLE); de är tagna med som bilagor: \
                Överklagande.txt, objekt-2-i-texten.bin";
    assert_noted(item, &parsed, note);

    // The letter is printed; the metafile and the unreadable object hold the source back.
    let attachments: Vec<inkom::model::Attachment> = item.attachments.clone();
    let off = inkom::documents::off_paper(&attachments, None);
    let held: Vec<&str> = crate::common::held_back(&off)
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    assert_eq!(held, ["bild-1-i-texten.wmf", "objekt-2-i-texten.bin"]);
}

/// An attachment of method 6 (an OLE object: a Word document inserted as an object, or a file
/// packaged with Packager) was "ett inbäddat objekt … kunde inte tas med" and went with the
/// source; now it is a file of its own.
#[test]
fn an_ole_attachment_becomes_the_file_it_holds() {
    let attachment = |n: u32, display: &str, streams: &[(&str, Vec<u8>)]| {
        let dir = format!("/__attach_version1.0_#{n:08X}");
        let mut out = vec![
            (
                format!("{dir}/__properties_version1.0"),
                properties(8, &[(0x3705, 0x0003, 6)]),
            ),
            (format!("{dir}/__substg1.0_3001001F"), utf16(display)),
        ];
        for (name, data) in streams {
            out.push((format!("{dir}/__substg1.0_3701000D/{name}"), data.clone()));
        }
        out
    };
    let word = b"Word-dokumentets text".to_vec();
    let mut streams = vec![
        ("/__properties_version1.0".to_string(), properties(32, &[])),
        ("/__substg1.0_001A001E".to_string(), b"IPM.Note\0".to_vec()),
        ("/__substg1.0_1000001F".to_string(), utf16("Se bifogade.")),
    ];
    streams.extend(attachment(
        0,
        "Microsoft Word-dokument",
        &[
            ("\u{1}CompObj", b"compobj".to_vec()),
            ("WordDocument", word.clone()),
            ("ObjectPool/_1/\u{1}Ole", b"x".to_vec()),
        ],
    ));
    streams.extend(attachment(
        1,
        "Paket",
        &[(
            "\u{1}Ole10Native",
            packaged_file("Läkarintyg.pdf", b"%PDF-1.4 inte en riktig pdf", true),
        )],
    ));
    let refs: Vec<(&str, Vec<u8>)> = streams
        .iter()
        .map(|(p, d)| (p.as_str(), d.clone()))
        .collect();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("objekt.msg");
    std::fs::write(&path, build_cfb(&refs)).expect("write");
    let (items, parsed) = import(&path);
    let [item] = &items[..] else {
        panic!("one item: {}", items.len())
    };
    let names: Vec<(&str, &str)> = item
        .attachments
        .iter()
        .map(|a| (a.name.as_str(), a.mime.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("Microsoft Word-dokument.doc", "application/msword"),
            ("Läkarintyg.pdf", "application/pdf"),
        ]
    );
    // The Word object is a compound file of its own with the object's streams, tree and all.
    let mut doc = cfb::CompoundFile::open(std::io::Cursor::new(&item.attachments[0].bytes))
        .expect("a compound file");
    let mut read = |p: &str| {
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut doc.open_stream(p).expect(p), &mut data).expect("read");
        data
    };
    assert_eq!(read("/WordDocument"), word);
    assert_eq!(read("/ObjectPool/_1/\u{1}Ole"), b"x");
    assert_eq!(item.attachments[1].bytes, b"%PDF-1.4 inte en riktig pdf");
    let note = "meddelandet innehöll 2 inbäddade objekt (OLE); de är tagna med som bilagor: \
                Microsoft Word-dokument.doc, Läkarintyg.pdf";
    assert_noted(item, &parsed, note);
    assert!(
        !parsed
            .skipped
            .iter()
            .any(|n| n.contains("kunde inte tas med")),
        "{:?}",
        parsed.skipped
    );
}

#[test]
fn an_rtf_body_with_no_words_gives_an_empty_text_not_a_note() {
    let rtf = b"{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\pard\\plain{\\f0 \\par }}\0";
    let data = build_cfb(&[
        ("/__properties_version1.0", properties(32, &[])),
        ("/__substg1.0_10090102", uncompressed_rtf(rtf)),
    ]);
    let m = parse_msg(&data).expect("parses");
    assert!(m.body_rtf.is_some());
    assert_eq!((m.rtf_text(), m.rtf_has_pictures()), (None, false));
}

/// Outlook keeps the plain text beside the RTF it was written in: in every fixture holding both,
/// the RTF's words are the plain body's (spacing aside). That is the RTF reader's check
/// against real files.
#[test]
fn rtf_text_equals_the_plain_body_in_every_fixture_that_has_both() {
    let mut compared = Vec::new();
    for dir in ["public/msg", "realworld/msg"] {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/fixtures")
            .join(dir);
        for entry in std::fs::read_dir(&dir).expect("fixture dir") {
            let path = entry.expect("entry").path();
            let Ok(m) = parse_msg(&std::fs::read(&path).expect("read")) else {
                continue;
            };
            let (Some(plain), Some(_)) = (m.body_text.as_deref(), m.body_rtf.as_deref()) else {
                continue;
            };
            let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(
                words(&m.rtf_text().unwrap_or_default()),
                words(plain),
                "{}",
                path.display()
            );
            compared.push(path);
        }
    }
    // Seven realworld and three public files when this was written, five with words.
    assert!(compared.len() >= 10, "{compared:?}");
}
