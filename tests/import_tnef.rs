//! TNEF (`winmail.dat`), the form in which Outlook sends a rich-text message outside Exchange:
//! the sender's files inside it are read, printed and held back like those of an attached
//! Outlook message, instead of one file nobody can open.

use std::path::Path;

use inkom::import::msg::{MsgAttachmentContent, is_tnef, parse_tnef};
use inkom::model::Attachment;

use crate::common::msg_file::uncompressed_rtf;

fn fixture() -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/fixtures/public/tnef/winmail_two-files.dat"),
    )
    .expect("fixture")
}

/// A TNEF stream written as Outlook writes one: signature, key, attributes with checksums.
struct Tnef(Vec<u8>);

impl Tnef {
    fn new() -> Self {
        let mut t = Tnef(vec![0x78, 0x9F, 0x3E, 0x22, 0x01, 0x00]);
        t.attribute(1, 0x0008_9006, &[0, 0, 1, 0]);
        t.attribute(1, 0x0006_9007, &[0xE4, 0x04, 0, 0, 0, 0, 0, 0]); // windows-1252
        t
    }

    fn attribute(&mut self, level: u8, tag: u32, data: &[u8]) -> &mut Self {
        self.0.push(level);
        self.0.extend_from_slice(&tag.to_le_bytes());
        self.0
            .extend_from_slice(&u32::try_from(data.len()).expect("small").to_le_bytes());
        self.0.extend_from_slice(data);
        let sum = data.iter().fold(0u16, |s, &b| s.wrapping_add(u16::from(b)));
        self.0.extend_from_slice(&sum.to_le_bytes());
        self
    }

    /// An attachment: rendering data, its 8.3 title, its bytes, its MAPI properties.
    fn file(&mut self, title: &str, bytes: &[u8], props: &[u8]) -> &mut Self {
        self.attribute(
            2,
            0x0006_9002,
            &[1, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0],
        );
        let mut t = title.as_bytes().to_vec();
        t.push(0);
        self.attribute(2, 0x0001_8010, &t);
        self.attribute(2, 0x0006_800F, bytes);
        self.attribute(2, 0x0006_9005, props)
    }

    fn bytes(&self) -> Vec<u8> {
        self.0.clone()
    }
}

/// A MAPI property list: (id, type, value) with strings and binaries as one value each.
fn props(list: &[(u16, u16, Vec<u8>)]) -> Vec<u8> {
    let mut out = u32::try_from(list.len())
        .expect("small")
        .to_le_bytes()
        .to_vec();
    for (id, ty, value) in list {
        out.extend_from_slice(&((u32::from(*id) << 16) | u32::from(*ty)).to_le_bytes());
        if matches!(ty, 0x001E | 0x001F | 0x0102 | 0x000D) {
            out.extend_from_slice(&1u32.to_le_bytes());
            out.extend_from_slice(&u32::try_from(value.len()).expect("small").to_le_bytes());
        }
        out.extend_from_slice(value);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    out
}

fn utf16z(s: &str) -> Vec<u8> {
    s.encode_utf16()
        .chain([0])
        .flat_map(u16::to_le_bytes)
        .collect()
}

const LETTER: &str = "Läkarintyg\r\nPatienten är sjukskriven till och med 2026-12-18.\r\n";

/// What Outlook sends: a subject, an RTF-only body with a Swedish word, a file with a long
/// Swedish name, and a forwarded message (a TNEF stream of its own) carrying a file.
fn outlook_tnef() -> Vec<u8> {
    let mut inner = Tnef::new();
    inner.attribute(
        1,
        0x0006_9003,
        &props(&[(0x0037, 0x001F, utf16z("Vidarebefordrat: intyg"))]),
    );
    inner.file(
        "BILAGA~1.TXT",
        "Inre bilagans text".as_bytes(),
        &props(&[(0x3707, 0x001F, utf16z("Inre bilaga.txt"))]),
    );
    let mut embedded = vec![0u8; 16]; // IID_IMessage
    embedded.extend(inner.bytes());

    let mut t = Tnef::new();
    t.attribute(1, 0x0001_8004, b"Intyg\0");
    t.attribute(
        1,
        0x0006_9003,
        &props(&[
            (0x0037, 0x001F, utf16z("Intyg från vårdcentralen")),
            (
                0x1009,
                0x0102,
                uncompressed_rtf(b"{\\rtf1\\ansi\\ansicpg1252 H\\'e4r kommer intyget.\\par}"),
            ),
        ]),
    );
    t.file(
        "LKARIN~1.TXT",
        LETTER.as_bytes(),
        &props(&[
            (0x3707, 0x001F, utf16z("Läkarintyg.txt")),
            (0x370E, 0x001E, b"text/plain\0".to_vec()),
        ]),
    );
    t.attribute(
        2,
        0x0006_9002,
        &[1, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0],
    );
    t.attribute(
        2,
        0x0006_9005,
        &props(&[
            (0x3705, 0x0003, 5u32.to_le_bytes().to_vec()),
            (0x3001, 0x001F, utf16z("Vidarebefordrat: intyg")),
            (0x3701, 0x000D, embedded),
        ]),
    );
    t.bytes()
}

#[test]
fn the_fixture_gives_its_two_files() {
    let bytes = fixture();
    assert!(is_tnef(&bytes));
    let m = parse_tnef(&bytes).expect("reads");
    assert_eq!(m.subject.as_deref(), Some("two files"));
    let files: Vec<(Option<&str>, usize)> = m
        .attachments
        .iter()
        .map(|a| match &a.content {
            MsgAttachmentContent::Bytes(b) => (a.file_name.as_deref(), b.len()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(files, [(Some("AUTHORS"), 244), (Some("README"), 893)]);
}

#[test]
fn long_names_the_rtf_body_and_a_forwarded_message_are_read() {
    let m = parse_tnef(&outlook_tnef()).expect("reads");
    assert_eq!(m.subject.as_deref(), Some("Intyg från vårdcentralen"));
    assert_eq!(m.rtf_text().as_deref(), Some("Här kommer intyget."));
    let [letter, forwarded] = &m.attachments[..] else {
        panic!("{:?}", m.attachments)
    };
    assert_eq!(letter.file_name.as_deref(), Some("Läkarintyg.txt"));
    assert_eq!(letter.mime.as_deref(), Some("text/plain"));
    assert_eq!(
        letter.content,
        MsgAttachmentContent::Bytes(LETTER.as_bytes().to_vec())
    );
    let MsgAttachmentContent::Message(inner) = &forwarded.content else {
        panic!("{:?}", forwarded.content)
    };
    assert_eq!(inner.subject.as_deref(), Some("Vidarebefordrat: intyg"));
    assert_eq!(
        inner.attachments[0].file_name.as_deref(),
        Some("Inre bilaga.txt")
    );
}

/// An e-mail as a mail server delivers Outlook's rich text to a recipient outside Exchange:
/// a plain body and the TNEF stream as `winmail.dat`.
fn mail_with_winmail_dat(tnef: &[u8]) -> Vec<u8> {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(tnef);
    let lines: Vec<&str> = encoded
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).expect("base64 is ASCII"))
        .collect();
    format!(
        "From: =?utf-8?q?V=C3=A5rdcentralen?= <vc@example.org>\r\n\
         To: ifo@exempelby.example\r\n\
         Subject: Intyg\r\n\
         Date: Thu, 03 Dec 2026 10:00:00 +0100\r\n\
         Message-ID: <tnef-1@example.org>\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHär kommer intyget.\r\n\
         --b\r\nContent-Type: application/ms-tnef; name=\"winmail.dat\"\r\n\
         Content-Disposition: attachment; filename=\"winmail.dat\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{}\r\n--b--\r\n",
        lines.join("\r\n")
    )
    .into_bytes()
}

/// Imported and registered, `winmail.dat` is on paper as its message's text with the files
/// inside it after it, as an attached Outlook message is; before, the sheet named one file
/// nobody could open. Files the printout does not draw hold the source back.
#[test]
fn a_winmail_dat_is_printed_with_the_files_inside() {
    let t = crate::common::Inkom::new();
    let mail = t.write("intyg.eml", &mail_with_winmail_dat(&outlook_tnef()));
    let id = t.import_first(&mail);
    t.classify_diarium(&id, "Läkarintyg");
    let pdf = t.files().join("intyg.pdf");
    t.ok(&["register", &id, "--out", crate::common::s(&pdf)]);
    let text = crate::common::pdftotext(&pdf);
    for expected in [
        "Bilaga winmail.dat",
        "Ämne: Intyg från vårdcentralen",
        "Här kommer intyget.",
        "Bilaga winmail.dat › Läkarintyg.txt",
        "Patienten är sjukskriven till och med 2026-12-18.",
        "Bilaga winmail.dat › Vidarebefordrat_ intyg.txt",
        "Bilaga winmail.dat › Vidarebefordrat_ intyg - Inre bilaga.txt",
        "Inre bilagans text",
    ] {
        assert!(
            crate::common::pdf_text_contains(&text, expected),
            "{expected}: {text}"
        );
    }

    // The fixture's files have no type and no extension: named, not printed, held back.
    let attachments = vec![Attachment::new(
        "winmail.dat",
        "application/octet-stream",
        fixture(),
    )];
    let off = inkom::documents::off_paper(&attachments, None);
    let held: Vec<&str> = crate::common::held_back(&off)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(held, ["winmail.dat › AUTHORS", "winmail.dat › README"]);

    // Renamed and untyped by a mail server that does not know TNEF: still read. A .dat that is
    // no TNEF is named and held back itself, as before.
    let attachments = vec![
        Attachment::new("ATT00001.dat", "application/octet-stream", fixture()),
        Attachment::new("data.dat", "application/octet-stream", b"12;34".to_vec()),
    ];
    let off = inkom::documents::off_paper(&attachments, None);
    let held: Vec<&str> = crate::common::held_back(&off)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        held,
        [
            "data.dat",
            "ATT00001.dat › AUTHORS",
            "ATT00001.dat › README"
        ]
    );
}

#[test]
fn hostile_tnef_does_not_panic_and_a_cut_stream_keeps_what_is_whole() {
    let whole = outlook_tnef();
    for end in 0..whole.len() {
        let _ = parse_tnef(&whole[..end]);
    }
    // Cut inside the second file: the first is still there.
    let cut = parse_tnef(&whole[..whole.len() - 40]).expect("reads");
    assert_eq!(
        cut.attachments[0].file_name.as_deref(),
        Some("Läkarintyg.txt")
    );
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    for _ in 0..2000 {
        let mut bytes = whole.clone();
        for _ in 0..8 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let at = (seed as usize) % bytes.len();
            bytes[at] = (seed >> 32) as u8;
        }
        let _ = parse_tnef(&bytes);
        let _ = inkom::documents::off_paper(
            &[Attachment::new("winmail.dat", "application/ms-tnef", bytes)],
            None,
        );
    }
    assert!(parse_tnef(b"not tnef").is_err());
}

/// A property list whose last value is not padded to four bytes (a writer that stops at the
/// data) still gives that value: here the file's bytes themselves.
#[test]
fn an_unpadded_last_value_is_read() {
    let mut list = props(&[(0x3707, 0x001F, utf16z("Beslut.txt"))]);
    list[0] = 2; // two properties: the name, then the data without padding
    list.extend_from_slice(&((0x3701u32 << 16) | 0x0102).to_le_bytes());
    list.extend_from_slice(&1u32.to_le_bytes());
    list.extend_from_slice(&5u32.to_le_bytes());
    list.extend_from_slice(b"beslu");
    let mut t = Tnef::new();
    t.attribute(
        2,
        0x0006_9002,
        &[1, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0],
    );
    t.attribute(2, 0x0006_9005, &list);
    let m = parse_tnef(&t.bytes()).expect("reads");
    assert_eq!(m.attachments[0].file_name.as_deref(), Some("Beslut.txt"));
    assert_eq!(
        m.attachments[0].content,
        MsgAttachmentContent::Bytes(b"beslu".to_vec())
    );
}

/// The app's item view shows what the printout shows: `winmail.dat` as its message's text, and
/// the files inside it, named as on paper.
#[test]
fn the_item_view_shows_the_files_inside_a_winmail_dat() {
    let mut d = crate::desk_support::Desk::empty();
    let path = d.write("intyg.eml", &mail_with_winmail_dat(&outlook_tnef()));
    let ids = d.import(&path, false);
    let view = inkom::desk::item_view::item_view(&d.store, ids[0]).expect("view");
    let winmail = view
        .attachments
        .iter()
        .find(|a| a.name == "winmail.dat")
        .expect("winmail.dat");
    let text = winmail.text.as_deref().expect("its text");
    assert!(text.contains("Ämne: Intyg från vårdcentralen"), "{text}");
    assert!(text.contains("Här kommer intyget."), "{text}");
    let names: Vec<&str> = view.inner_files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "winmail.dat › Läkarintyg.txt",
            "winmail.dat › Vidarebefordrat_ intyg.txt",
            "winmail.dat › Vidarebefordrat_ intyg - Inre bilaga.txt",
        ]
    );
    assert_eq!(
        view.inner_files[0].text.as_deref(),
        Some(LETTER.replace("\r\n", "\n").as_str())
    );
}

/// Every script a client writes goes through winmail.dat to paper: a subject and a file name
/// in Tigrinya, Chinese and Arabic (Unicode properties), the file's text in all three.
#[test]
fn scripts_in_a_winmail_dat_reach_the_printout() {
    let letter = "ሰላም፣ ሰነዱ ተያይዟል።\n明天见，文件在附件中。\nمرحبا، المستند مرفق.\n";
    let mut t = Tnef::new();
    t.attribute(
        1,
        0x0006_9003,
        &props(&[(0x0037, 0x001F, utf16z("ሰነድ 文件 مستند"))]),
    );
    t.file(
        "DOC~1.TXT",
        letter.as_bytes(),
        &props(&[
            (0x3707, 0x001F, utf16z("ማስረጃ 证明 شهادة.txt")),
            (0x370E, 0x001E, b"text/plain; charset=utf-8\0".to_vec()),
        ]),
    );
    let m = parse_tnef(&t.bytes()).expect("reads");
    assert_eq!(m.subject.as_deref(), Some("ሰነድ 文件 مستند"));
    assert_eq!(
        m.attachments[0].file_name.as_deref(),
        Some("ማስረጃ 证明 شهادة.txt")
    );

    let ti = crate::common::Inkom::new();
    let mail = ti.write("skript.eml", &mail_with_winmail_dat(&t.bytes()));
    let id = ti.import_first(&mail);
    ti.classify_diarium(&id, "Handling");
    let pdf = ti.files().join("skript.pdf");
    ti.ok(&["register", &id, "--out", crate::common::s(&pdf)]);
    if let Ok(keep) = std::env::var("INKOM_PDF_KEEP") {
        std::fs::create_dir_all(&keep).expect("keep dir");
        std::fs::copy(&pdf, Path::new(&keep).join("tnef-scripts.pdf")).expect("keep");
    }
    let text = crate::common::pdftotext(&pdf);
    for expected in ["ሰላም፣ ሰነዱ ተያይዟል።", "明天见，文件在附件中。", "ማስረጃ"]
    {
        assert!(text.contains(expected), "{expected}: {text}");
    }
    assert!(!text.contains('\u{FFFD}'), "{text}");
}

/// Reads `path` as `inkom import` does, with or without salvage: the items, or the Swedish
/// refusal.
fn parse_saved(path: &Path, salvage: bool) -> Result<Vec<inkom::model::NewItem>, String> {
    let mut items = Vec::new();
    inkom::import::parse_file_with(
        path,
        &inkom::import::ImportLimits::default(),
        inkom::import::ParseOptions { salvage },
        &mut |item| {
            items.push(item);
            Ok(())
        },
    )
    .map_err(|e| e.sv())?;
    Ok(items)
}

/// A caseworker whose mail program shows only `winmail.dat` saves it and imports it: the
/// message inside is the item, its files its attachments, and the chain of custody says the
/// envelope (sender's address, recipients, arrival) is in the mail it came with. Before, it
/// was "Formatet stöds inte".
#[test]
fn a_winmail_dat_saved_on_its_own_is_imported_as_its_message() {
    let t = crate::common::Inkom::new();
    let path = t.write("winmail.dat", &outlook_tnef());
    let items = parse_saved(&path, false).expect("imported");
    let [item] = &items[..] else {
        panic!("{} items", items.len())
    };
    assert_eq!(item.subject.as_deref(), Some("Intyg från vårdcentralen"));
    assert_eq!(item.body, "Här kommer intyget.");
    let names: Vec<&str> = item.attachments.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Läkarintyg.txt",
            "Vidarebefordrat_ intyg.txt",
            "Vidarebefordrat_ intyg - Inre bilaga.txt"
        ]
    );
    let notes = item.source.notes.join("\n");
    assert_eq!(
        notes.matches("e-postbrev den kom med").count(),
        1,
        "said once: {notes}"
    );
    // No time in the stream: the file's time, said to be no arrival time.
    assert!(notes.contains("inte ankomsttiden"), "{notes}");

    // Through the command line, to paper.
    let import = t.ok(&["import", crate::common::s(&path)]);
    let file = &import["imported"][0];
    assert_eq!(file["format"], "tnef", "{import}");
    assert!(
        file["skipped"]
            .to_string()
            .contains("e-postbrev den kom med"),
        "the summary says it too: {import}"
    );
    let id = file["created"][0].to_string();
    t.classify_diarium(&id, "Läkarintyg");
    let pdf = t.files().join("winmail.pdf");
    t.ok(&["register", &id, "--out", crate::common::s(&pdf)]);
    let text = crate::common::pdftotext(&pdf);
    for expected in [
        "Intyg från vårdcentralen",
        "Här kommer intyget.",
        "Patienten är sjukskriven till och med 2026-12-18.",
        "Inre bilagans text",
    ] {
        assert!(
            crate::common::pdf_text_contains(&text, expected),
            "{expected}: {text}"
        );
    }

    // The public sample too: its two files, under their own names.
    let sample = t.write("ATT00001.dat", &fixture());
    let items = parse_saved(&sample, false).expect("imported");
    let names: Vec<&str> = items[0]
        .attachments
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(names, ["AUTHORS", "README"]);
    assert_eq!(items[0].subject.as_deref(), Some("two files"));
}

/// A `winmail.dat` cut short is refused as a truncated file, not imported without its end;
/// with salvage what comes before the break is taken and the item says so. One that holds
/// nothing at all is refused as damaged.
#[test]
fn a_winmail_dat_cut_short_is_refused_or_salvaged() {
    let t = crate::common::Inkom::new();
    let whole = outlook_tnef();
    // Inside the forwarded message's attribute, the last one.
    let cut = t.write("winmail.dat", &whole[..whole.len() - 40]);
    let refused = parse_saved(&cut, false).expect_err("refused");
    assert!(refused.contains("tar slut mitt i"), "{refused}");
    assert!(refused.contains("--salvage"), "{refused}");
    let before = t.snapshot();
    let out = t.run(&["import", crate::common::s(&cut)]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--salvage"), "{stderr}");
    assert_eq!(t.snapshot(), before, "a refused file changed the store");

    let items = parse_saved(&cut, true).expect("salvaged");
    let [item] = &items[..] else {
        panic!("{} items", items.len())
    };
    assert_eq!(item.attachments[0].name, "Läkarintyg.txt");
    assert_eq!(item.attachments.len(), 1, "the cut message is not made up");
    let notes = item.source.notes.join("\n");
    assert!(notes.contains("importerad i räddningsläge"), "{notes}");

    let empty = t.write("tom.dat", &whole[..6]);
    let refused = parse_saved(&empty, false).expect_err("refused");
    assert!(refused.contains("skadad"), "{refused}");
}
