//! The content block of a registration sheet, built from hand-made items (the importers may not
//! fill every field yet): e-mail Cc printed apart from To, a screenshot's page address, and
//! attached PDFs appended page by page as pictures.
//!
//! Checked from the outside with `pdftotext`, `pdfinfo` and `qpdf` (poppler-utils, qpdf).
//! Set `INKOM_PDF_KEEP=DIR` to keep the PDFs.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, FixedOffset};
use inkom::documents::registration_sheet;
use inkom::model::{
    Act, Attachment, Channel, Class, Classification, Direction, Item, SourceRef, State,
};
use inkom::pdf::render;
use inkom::store::Settings;

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("time")
}

fn act() -> Act {
    Act::new(at("2026-11-23T10:15:00+01:00"), "Karin Test".to_owned())
}

fn settings() -> Settings {
    Settings {
        organisation: Some("Exempelby kommun, socialnämnden".to_owned()),
        unit: Some("Individ- och familjeomsorgen".to_owned()),
        ..Settings::default()
    }
}

/// A classified diarium item of `channel` with no content yet.
fn item(channel: Channel) -> Item {
    Item {
        id: 7,
        state: State::Classified,
        channel,
        direction: Direction::In,
        sender: Some("Åsa Öberg <asa.oberg@example.se>".to_owned()),
        recipients: Vec::new(),
        cc: Vec::new(),
        bcc: Vec::new(),
        page_address: None,
        received_at: at("2026-11-03T09:41:07+01:00"),
        sent_at: None,
        drawn_up: false,
        message_ids: Default::default(),
        received_original: None,
        subject: None,
        body: None,
        body_html: None,
        attachments: Vec::new(),
        parts: Vec::new(),
        source: SourceRef {
            path: "/tmp/exempel".to_owned(),
            locator: String::new(),
            file_sha256: "0".repeat(64),
            notes: Vec::new(),
        },
        imported: act(),
        class: Some(Class::Diarium),
        classification: Some(Classification::Diarium {
            description: "Fråga om handläggningstid".to_owned(),
            secrecy: None,
            sender_secret: false,
        }),
        classified: Some(act()),
        registration: None,
        printed: None,
        source_deleted: None,
        source_deleted_where: None,
        purged: None,
        culled: None,
        cull_decision: None,
        mail_marks: Default::default(),
        filed: None,
        hold: None,
    }
}

fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} must be installed (poppler-utils, qpdf): {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Renders the item's registration sheet; returns the PDF's path (inside `dir`).
fn render_item(dir: &Path, name: &str, item: &Item) -> PathBuf {
    let sheet = registration_sheet(item, &settings(), "INK-2026-00007", None, &act());
    let pdf = render(&sheet).expect("render");
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, &pdf).expect("write pdf");
    if let Ok(keep) = std::env::var("INKOM_PDF_KEEP") {
        std::fs::create_dir_all(&keep).expect("keep dir");
        std::fs::write(Path::new(&keep).join(format!("{name}.pdf")), &pdf).expect("keep pdf");
    }
    path
}

fn text(pdf: &Path) -> String {
    run("pdftotext", &[pdf.to_str().expect("utf-8 path"), "-"])
}

fn page_count(pdf: &Path) -> usize {
    run("pdfinfo", &[pdf.to_str().expect("utf-8 path")])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count")
}

/// `qpdf --check` passes and the XMP still says PDF/A-2b.
fn assert_archival(pdf: &Path) {
    let pdf = pdf.to_str().expect("utf-8 path");
    let check = run("qpdf", &["--check", pdf]);
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "{check}"
    );
    let qdf = run("qpdf", &["--qdf", "--object-streams=disable", pdf, "-"]);
    assert!(
        qdf.contains("<pdfaid:part>2</pdfaid:part>")
            && qdf.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
        "XMP lacks the PDF/A-2b identification"
    );
    assert!(qdf.contains("/OutputIntents"), "no /OutputIntents");
}

#[test]
fn email_prints_cc_apart_from_to() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut mail = item(Channel::Email);
    mail.recipients = vec!["Socialtjänsten <ifo@exempelby.example>".to_owned()];
    mail.cc = vec![
        "Bo Ek <bo.ek@example.se>".to_owned(),
        "Lena Al-Hassan <lena@example.se>".to_owned(),
    ];
    mail.subject = Some("Fråga om min ansökan".to_owned());
    mail.body = Some("Hej!\nHur lång tid tar det?".to_owned());
    let pdf = render_item(dir.path(), "cc", &mail);
    let text = text(&pdf);
    let content = &text[text.find("Innehåll").expect("Innehåll")..];
    let position = |word: &str| {
        content
            .find(word)
            .unwrap_or_else(|| panic!("no {word:?}:\n{text}"))
    };
    // Till with its value, then Kopia with its value, then Datum.
    let order = [
        position("Till"),
        position("Socialtjänsten <ifo@exempelby.example>"),
        position("Kopia"),
        position("Bo Ek"),
        position("Datum"),
    ];
    assert!(
        order.is_sorted(),
        "order Till, Kopia, Datum: {order:?}\n{text}"
    );
    assert!(
        text.contains("Bo Ek <bo.ek@example.se>, Lena Al-Hassan <lena@example.se>"),
        "{text}"
    );
    // No Cc, no "Kopia" row.
    mail.cc.clear();
    let pdf = render_item(dir.path(), "no-cc", &mail);
    assert!(!self::text(&pdf).contains("Kopia"));
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::GrayImage::from_fn(width, height, |x, y| {
        image::Luma([if (x / 16 + y / 16) % 2 == 0 { 40 } else { 215 }])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("encode png");
    out.into_inner()
}

#[test]
fn screenshot_prints_its_page_address_when_known() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut shot = item(Channel::Screenshot);
    shot.sender = Some("Karin Test".to_owned());
    shot.attachments = vec![Attachment::new(
        "Skarmbild_2026-11-03_094107.png",
        "image/png",
        png(320, 200),
    )];
    let address = "https://forum.exempel.example/tradar/12345-hjalp-med-ansokan";
    shot.page_address = Some(address.to_owned());
    let pdf = render_item(dir.path(), "page-address", &shot);
    let text = text(&pdf);
    assert!(text.contains("Sidans adress"), "{text}");
    assert!(text.contains(address), "{text}");
    assert_archival(&pdf);

    shot.page_address = None;
    let pdf = render_item(dir.path(), "no-page-address", &shot);
    assert!(!self::text(&pdf).contains("Sidans adress"));
}

/// The attachments of every item in a fixture file, via inkom's own importer.
fn fixture_attachments(relative: &str) -> Vec<Attachment> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures")
        .join(relative);
    let mut found = Vec::new();
    inkom::import::parse_file(&path, &inkom::import::ImportLimits::default(), &mut |new| {
        found.extend(new.attachments);
        Ok(())
    })
    .unwrap_or_else(|e| panic!("{relative}: {e}"));
    found
}

fn fixture_pdfs(relative: &str) -> Vec<Attachment> {
    fixture_attachments(relative)
        .into_iter()
        .filter(|a| a.mime == "application/pdf" || a.name.to_lowercase().ends_with(".pdf"))
        .collect()
}

/// A PDF with `pages` pages, made by inkom itself (a long text sheet), to attach.
fn generated_pdf(pages: usize) -> Vec<u8> {
    let mut body = String::new();
    let mut n = 0;
    loop {
        n += 1;
        body.push_str(&format!("Rad {n} i intyget från vårdcentralen.\n"));
        if n % 45 == 0 {
            let mut mail = item(Channel::Email);
            mail.body = Some(body.clone());
            let sheet = registration_sheet(&mail, &settings(), "INTYG-1", None, &act());
            let pdf = render(&sheet).expect("render");
            let dir = tempfile::tempdir().expect("tempdir");
            let path = dir.path().join("intyg.pdf");
            std::fs::write(&path, &pdf).expect("write");
            if page_count(&path) >= pages {
                return pdf;
            }
        }
    }
}

fn mail_with(attachments: Vec<Attachment>) -> Item {
    let mut mail = item(Channel::Email);
    mail.recipients = vec!["ifo@exempelby.example".to_owned()];
    mail.subject = Some("Intyg bifogas".to_owned());
    mail.body = Some("Hej, här kommer intyget.".to_owned());
    mail.attachments = attachments;
    mail
}

#[test]
fn attached_pdf_pages_are_appended_as_pictures_and_stay_pdf_a() {
    let dir = tempfile::tempdir().expect("tempdir");
    let attached = generated_pdf(3);
    let attached_path = dir.path().join("attached.pdf");
    std::fs::write(&attached_path, &attached).expect("write");
    let n = page_count(&attached_path);

    let plain = render_item(dir.path(), "without-pdf", &mail_with(Vec::new()));
    let with = render_item(
        dir.path(),
        "with-pdf",
        &mail_with(vec![Attachment::new(
            "läkarintyg.pdf",
            "application/pdf",
            attached,
        )]),
    );
    // One sheet page per attached page, on top of the sheet's own pages (plus at most one for
    // the attachment list and note that push the custody block on).
    let extra = page_count(&with) - page_count(&plain);
    assert!(extra == n || extra == n + 1, "{extra} extra pages for {n}");
    assert_archival(&with);
    let text = text(&with);
    for i in 1..=n {
        assert!(
            text.contains(&format!("Bilaga läkarintyg.pdf, sida {i} av {n}")),
            "caption {i}:\n{text}"
        );
    }
    let flowing = text.replace('\n', " ");
    assert!(
        flowing.contains("går inte att söka i eller kopiera ur utskriften"),
        "{text}"
    );
    // The attached text is a picture now, not text.
    assert!(!text.contains("Rad 2 i intyget"), "{text}");
    // The custody block stays last.
    assert!(
        text.rfind("Spårbarhet").expect("custody")
            > text.rfind("Bilaga läkarintyg.pdf").expect("caption"),
        "{text}"
    );
}

#[test]
fn broken_pdf_is_listed_with_a_note_and_never_stops_the_printout() {
    let dir = tempfile::tempdir().expect("tempdir");
    let broken = fixture_pdfs("public/eml/pdf-attachment_emoji-subject_mbox-from-line.eml");
    assert!(!broken.is_empty(), "fixture holds broken.pdf");
    let pdf = render_item(dir.path(), "broken-pdf", &mail_with(broken));
    assert_archival(&pdf);
    let text = text(&pdf);
    assert!(text.contains("broken.pdf"), "{text}");
    assert!(
        text.contains("kunde inte återges: filen är skadad, ofullständig eller ingen PDF"),
        "{text}"
    );
    assert!(!text.contains("Bilaga broken.pdf, sida"), "{text}");

    // Truncated anywhere, random bytes, an empty file: never a panic, never an error.
    let good = generated_pdf(1);
    for cut in [0, 9, good.len() / 3, good.len() / 2, good.len() - 30] {
        let bad = good[..cut].to_vec();
        let sheet = registration_sheet(
            &mail_with(vec![Attachment::new(
                "avklippt.pdf",
                "application/pdf",
                bad,
            )]),
            &settings(),
            "INK-2026-00007",
            None,
            &act(),
        );
        render(&sheet).unwrap_or_else(|e| panic!("cut at {cut}: {e}"));
    }
}

/// How many pictures the PDF draws (`pdfimages -list`: two header lines, then one line per
/// image, and one more for a transparent picture's mask, which is not counted).
fn image_count(pdf: &Path) -> usize {
    run("pdfimages", &["-list", pdf.to_str().expect("utf-8 path")])
        .lines()
        .skip(2)
        .filter(|line| line.split_whitespace().nth(2) == Some("image"))
        .count()
}

/// A sender's file labelled image/png that is no picture (realworld: mail-parser's malformed
/// 017.eml, "hello world" in base64), and a picture cut short, in an e-mail and in an MMS
/// conversation: each is named with a note, the printout is made, and a real picture beside
/// them is still drawn. Before, the whole registration failed ("Bilden … kan inte skrivas
/// ut"), so the message could reach none of its three places.
#[test]
fn a_picture_that_is_not_one_is_named_and_never_stops_the_printout() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut attachments =
        fixture_attachments("realworld/eml/mp_malformed_content-disposition-semicolon.eml");
    assert_eq!(attachments.len(), 1, "the fixture's one attachment");
    let good = png(320, 200);
    attachments.push(Attachment::new(
        "avklippt.png",
        "image/png",
        good[..good.len() / 2].to_vec(),
    ));
    attachments.push(Attachment::new("hel.png", "image/png", good.clone()));
    let mail = mail_with(attachments.clone());
    let pdf = render_item(dir.path(), "not-a-picture", &mail);
    assert_archival(&pdf);
    let flowing = text(&pdf).replace('\n', " ");
    for name in [&attachments[0].name, "avklippt.png"] {
        assert!(
            flowing.contains(&format!(
                "Bilden {name} kunde inte återges: filen är märkt som image/png men är ingen \
                 läsbar bild."
            )),
            "{name}: {flowing}"
        );
    }
    assert!(!flowing.contains("Bilden hel.png kunde inte"), "{flowing}");
    assert_eq!(image_count(&pdf), 1, "only the whole picture is drawn");

    // The same in a conversation, where a message's picture is drawn under it.
    let mut mms = item(Channel::Sms);
    mms.sender = Some("+46701740605".to_owned());
    mms.attachments = attachments;
    mms.parts = vec![inkom::model::Part {
        at: at("2026-11-03T09:41:07+01:00"),
        direction: Direction::In,
        counterpart: "+46701740605".to_owned(),
        text: "Här är bilderna".to_owned(),
        attachments: vec![
            mms.attachments[0].name.clone(),
            "avklippt.png".to_owned(),
            "hel.png".to_owned(),
        ],
        locator: "sms 1".to_owned(),
    }];
    let pdf = render_item(dir.path(), "not-a-picture-mms", &mms);
    assert_archival(&pdf);
    let flowing = text(&pdf).replace('\n', " ");
    assert!(
        flowing.contains("Bilden avklippt.png kunde inte återges"),
        "{flowing}"
    );
    assert!(flowing.contains("Bild i meddelandet: hel.png"), "{flowing}");
    assert_eq!(image_count(&pdf), 1, "only the whole picture is drawn");
}

/// A GIF of `frames` frames (a still one when 1), its first frame's green `first`.
fn gif(frames: u32, first: u8) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = image::codecs::gif::GifEncoder::new(&mut out);
        encoder
            .set_repeat(image::codecs::gif::Repeat::Infinite)
            .expect("repeat");
        for n in 0..frames {
            let frame = image::RgbaImage::from_fn(64, 48, |x, _| {
                image::Rgba([
                    if x % 16 < 8 { 20 } else { 230 },
                    first + (n * 30) as u8,
                    90,
                    255,
                ])
            });
            encoder
                .encode_frame(image::Frame::new(frame))
                .expect("frame");
        }
    }
    out
}

/// Pictures sent as GIF (the most common picture format in the fixtures' e-mail and MMS that
/// was not printed) and BMP are drawn; an animated one (GIF, and the realworld 42-frame WebP)
/// says that only its first frame is on paper. Before, each was named "återges inte". (The
/// 1993 MIME torture test's quoted-printable GIF is damaged in the file itself: it stays a
/// note, as other readers fail on it too.)
#[test]
fn gif_and_bmp_pictures_are_drawn_and_an_animation_says_it_is_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut bmp = Cursor::new(Vec::new());
    image::RgbImage::from_pixel(50, 30, image::Rgb([10, 120, 200]))
        .write_to(&mut bmp, image::ImageFormat::Bmp)
        .expect("bmp");
    // Netscape's 1996 test mail (realworld mbox) sends its pictures as GIF.
    let netscape = fixture_attachments("realworld/mbox/mimekit_netscape-1996_content-length.mbox");
    let real_gif = netscape
        .iter()
        .find(|a| a.name == "wollogo2.gif")
        .expect("a real GIF")
        .clone();
    let webp = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/fixtures/realworld/images/webp_animated_42-frames_rgba.webp"),
    )
    .expect("animated webp");
    let mail = mail_with(vec![
        Attachment::new("still.gif", "image/gif", gif(1, 150)),
        Attachment::new("animerad.gif", "image/gif", gif(3, 0)),
        Attachment::new("skannad.bmp", "image/bmp", bmp.into_inner()),
        Attachment::new("rorlig.webp", "image/webp", webp),
        real_gif.clone(),
    ]);
    let pdf = render_item(dir.path(), "gif-bmp", &mail);
    assert_archival(&pdf);
    assert_eq!(image_count(&pdf), 5, "every picture is drawn");
    let flowing = text(&pdf).replace('\n', " ");
    let moving = "(rörlig bild: bara den första bilden återges; hela finns i originalfilen)";
    for name in ["animerad.gif", "rorlig.webp"] {
        assert!(
            flowing.contains(&format!("{name} {moving}")),
            "{name}: {flowing}"
        );
    }
    // The deletion gate holds back the two moving pictures, as the sheet says of them.
    let off = inkom::documents::off_paper(&mail.attachments, None);
    let held = crate::common::held_back(&off);
    let first_frame = "en rörlig bild, där bara den första bilden återges";
    assert_eq!(
        held,
        [("animerad.gif", first_frame), ("rorlig.webp", first_frame)]
    );
    for name in ["still.gif", "skannad.bmp", real_gif.name.as_str()] {
        assert!(
            !flowing.contains(&format!("{name} (rörlig")),
            "{name}: {flowing}"
        );
        assert!(
            !flowing.contains(&format!("Bilagan {name}")),
            "{name}: {flowing}"
        );
    }
}

/// A scanned letter or a fax sent as a TIFF of several pages is drawn page by page ("NAME,
/// sida i av n"): the picture decoder reads a TIFF's first page only. Pages past 30 are said,
/// and a file that is no TIFF is named.
#[test]
fn every_page_of_a_tiff_is_drawn() {
    let dir = tempfile::tempdir().expect("tempdir");
    let letter = crate::common::tiff(&[(120, 160, 30), (120, 160, 90), (100, 140, 150)]);
    let long: Vec<(u32, u32, u8)> = (0..32u8).map(|n| (16, 16, n * 7)).collect();
    let mail = mail_with(vec![
        Attachment::new("brev.tif", "image/tiff", letter),
        Attachment::new(
            "lang.tiff",
            "application/octet-stream",
            crate::common::tiff(&long),
        ),
        Attachment::new("falsk.tif", "image/tiff", b"II*\0 inte en bild".to_vec()),
    ]);
    let pdf = render_item(dir.path(), "tiff", &mail);
    assert_archival(&pdf);
    let flowing = text(&pdf).replace('\n', " ");
    for page in 1..=3 {
        assert!(
            flowing.contains(&format!("brev.tif, sida {page} av 3")),
            "{page}: {flowing}"
        );
    }
    assert!(flowing.contains("lang.tiff, sida 30 av 32"), "{flowing}");
    assert!(!flowing.contains("lang.tiff, sida 31 av 32"), "{flowing}");
    assert!(
        flowing.contains("Bilagan lang.tiff har 32 sidor; sidorna 31–32 återges inte"),
        "{flowing}"
    );
    assert!(
        flowing.contains("Bilden falsk.tif kunde inte återges"),
        "{flowing}"
    );
    assert!(!flowing.contains("falsk.tif, sida"), "{flowing}");
    // The deletion gate holds back what the sheet says it lacks: two pages and one file.
    let off = inkom::documents::off_paper(&mail.attachments, None);
    let held = crate::common::held_back(&off);
    assert_eq!(
        held,
        [
            ("lang.tiff", "en bild vars sidor 31–32 inte återges"),
            ("falsk.tif", "en bild som inte kan återges"),
        ]
    );
    // Three pages of the letter and thirty of the long one (pdfimages lists each).
    assert_eq!(image_count(&pdf), 33, "{flowing}");
}

/// What an attachment holds reaches the paper when it can: a text file (UTF-8 or, unlabelled,
/// Windows-1252) and an attached e-mail (its headers, the names of its own attachments and its
/// text) are printed under "Bilaga NAME"; any other file is named with a note to print it
/// apart. Before, only pictures and PDFs were reproduced: the text of a message whose MIME
/// structure inkom could not split (kept as "oläst-innehåll.txt") and a forwarded e-mail were
/// listed by checksum only, and lost from the record once the source was deleted.
#[test]
fn text_and_attached_mail_are_printed_and_other_files_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let forwarded = "From: Nils Prov <nils.prov@example.com>\r\nTo: ifo@exempelby.example\r\n\
        Subject: Intyg\r\nDate: Mon, 2 Nov 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\n\
        Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n\
        Content-Type: text/plain; charset=utf-8\r\n\r\nHär är läkarintyget.\r\n--b\r\n\
        Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"intyg.pdf\"\
        \r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n"
        .as_bytes();
    let mail = mail_with(vec![
        Attachment::new(
            "anteckning.txt",
            "text/plain",
            "Möte på måndag kl. 10.\nTa med ID-kort."
                .as_bytes()
                .to_vec(),
        ),
        // "Åsa Öberg" in Windows-1252, no charset given.
        Attachment::new("gammal.txt", "text/plain", b"\xC5sa \xD6berg".to_vec()),
        Attachment::new("vidarebefordrat.eml", "message/rfc822", forwarded.to_vec()),
        Attachment::new("inte-ett-brev.eml", "message/rfc822", b"bara text".to_vec()),
        // Every script a client writes in reaches the paper in a text attachment too.
        Attachment::new(
            "flersprakigt.txt",
            "text/plain; charset=utf-8",
            "مرحبا، أحتاج إلى موعد\n明天见\nወደይ ገና ገዛ ኣይተመልሰን"
                .as_bytes()
                .to_vec(),
        ),
        // A letter written in WordPad: its words (a Cyrillic font's \'hh, a \uN); one
        // holding a picture is named, for its text alone would leave the picture out.
        Attachment::new(
            "brev.rtf",
            "application/rtf",
            b"{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0 Arial;}{\\f1\\fcharset204 Arial Cyr;}}\r\n\
              \\pard\\f0 Hej fr\\'e5n Lena.\\par {\\f1 \\'cf\\'f0\\'e8\\'e2\\'e5\\'f2} \\u26126?\\u22825?\\par}"
                .to_vec(),
        ),
        Attachment::new(
            "med-bild.rtf",
            "application/rtf",
            b"{\\rtf1\\ansi Se bilden{\\pict\\pngblip 89504e47}\\par}".to_vec(),
        ),
        Attachment::new(
            "ansokan.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            b"PK\x03\x04 not really".to_vec(),
        ),
    ]);
    let pdf = render_item(dir.path(), "attachment-text", &mail);
    assert_archival(&pdf);
    let text = text(&pdf);
    let flowing = text.replace('\n', " ");
    for expected in [
        "Bilaga anteckning.txt",
        "Möte på måndag kl. 10.",
        "Ta med ID-kort.",
        "Bilaga gammal.txt",
        "Åsa Öberg",
        "Bilaga vidarebefordrat.eml",
        "Från: Nils Prov <nils.prov@example.com>",
        "Ämne: Intyg",
        "Datum: 2026-11-02 10:00:00 +01:00",
        "Bilagor: intyg.pdf (bilagor i det bifogade meddelandet)",
        // The forwarded mail's own attachment follows, with its checksum (a cut PDF: named).
        "vidarebefordrat.eml › intyg.pdf",
        "Här är läkarintyget.",
        "Bilaga inte-ett-brev.eml",
        "bara text",
        "Bilaga flersprakigt.txt",
        "明天见",
        "ወደይ ገና ገዛ ኣይተመልሰን",
        "Bilaga brev.rtf",
        "Hej från Lena.",
        "Привет 明天",
    ] {
        assert!(text.contains(expected), "{expected}:\n{text}");
    }
    // Arabic: every word comes back whole (pdftotext may give the line in visual word order,
    // the comma beside the other word; tests/pdf_scripts.rs checks the glyphs and the order).
    for word in "مرحبا أحتاج إلى موعد".split_whitespace() {
        assert!(text.contains(word), "{word}:\n{text}");
    }
    // (The long type may break anywhere; its start and the note's words are checked.)
    assert!(
        flowing.contains("Bilagan ansokan.docx (application/vnd")
            && flowing.contains("återges inte i utskriften. Skriv ut den för sig"),
        "{flowing}"
    );
    assert!(!flowing.contains("Bilaga ansokan.docx"), "{flowing}");
    assert!(
        flowing.contains("Bilagan med-bild.rtf (application/rtf) återges inte i utskriften."),
        "{flowing}"
    );
    assert!(
        !flowing.contains("fonttbl") && !flowing.contains("Se bilden"),
        "{flowing}"
    );

    // A real message inkom could not split: its text, kept as a text attachment, is printed.
    let unsplit =
        fixture_attachments("realworld/eml/mp_malformed_multipart-without-delimiters.eml");
    assert!(unsplit.iter().any(|a| a.name.starts_with("oläst-innehåll")));
    let pdf = render_item(dir.path(), "unsplit", &mail_with(unsplit.clone()));
    let text = self::text(&pdf);
    assert!(
        text.contains(&format!("Bilaga {}", unsplit[0].name)),
        "{text}"
    );
    let kept = String::from_utf8_lossy(&unsplit[0].bytes).to_string();
    for line in kept.lines().filter(|l| !l.trim().is_empty()) {
        assert!(text.contains(line.trim()), "{line}:\n{text}");
    }
}

/// Every kind of text a sender attaches reaches the paper as text: a web page as its words, a
/// text in the charset its type names (KOI8-R, not read as Windows-1252), a calendar
/// invitation, a contact card, a mail server's delivery report (realworld: MimeKit's 1996
/// bounce) and a text file sent as "application/octet-stream" (realworld: MSGReader's
/// test.txt). Before, all but the plain text/plain file were named "återges inte".
#[test]
fn every_kind_of_text_is_printed_as_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (koi8, _, _) = encoding_rs::KOI8_R.encode("Здравствуйте, это Ольга");
    let mut attachments = vec![
        Attachment::new(
            "sida.html",
            "text/html; charset=utf-8",
            "<html><head><style>p{color:red}</style><title>x</title></head><body>\
             <p>Kallelse till <b>möte</b></p><script>alert(1)</script><p>Rum 4</p></body></html>"
                .as_bytes()
                .to_vec(),
        ),
        Attachment::new("brev.txt", "text/plain; charset=koi8-r", koi8.into_owned()),
        Attachment::new(
            "inbjudan.ics",
            "text/calendar; method=REQUEST",
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Uppfoljning\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
                .to_vec(),
        ),
        Attachment::new(
            "kontakt.vcf",
            "text/x-vcard",
            "BEGIN:VCARD\nFN:Åsa Öberg\nEND:VCARD\n".as_bytes().to_vec(),
        ),
    ];
    for fixture in [
        "realworld/eml/mimekit_bounce_delivery-status_anonymised.eml",
        "realworld/eml/msgreader_unknown-content-disposition-param.eml",
    ] {
        attachments.extend(
            fixture_attachments(fixture)
                .into_iter()
                .filter(|a| a.mime != "message/rfc822"),
        );
    }
    let names: Vec<String> = attachments.iter().map(|a| a.name.clone()).collect();
    let pdf = render_item(dir.path(), "text-kinds", &mail_with(attachments));
    assert_archival(&pdf);
    let text = text(&pdf);
    for name in &names {
        assert!(text.contains(&format!("Bilaga {name}")), "{name}:\n{text}");
    }
    for expected in [
        "Kallelse till möte",
        "Rum 4",
        "Здравствуйте, это Ольга",
        "SUMMARY:Uppfoljning",
        "FN:Åsa Öberg",
        "Reporting-MTA: xxxx xxx",
        "Diagnostic-Code: xxxxxxxx xxx xxxxxxxxxxxxxxxx",
    ] {
        assert!(text.contains(expected), "{expected}:\n{text}");
    }
    assert!(
        !text.contains("alert(") && !text.contains("color:red"),
        "{text}"
    );
    assert!(!text.contains("återges inte i utskriften"), "{text}");
    // MSGReader's attachment holds the word "test".
    assert!(text.lines().any(|l| l.trim() == "test"), "{text}");
}

/// A MIME part carrying `bytes` as a base64 attachment named `name`.
fn mime_attachment(mime: &str, name: &str, bytes: &[u8]) -> String {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    let lines: Vec<&str> = encoded
        .as_bytes()
        .chunks(76)
        .map(|l| std::str::from_utf8(l).expect("base64 is ASCII"))
        .collect();
    format!(
        "Content-Type: {mime}; name=\"{name}\"\r\nContent-Disposition: attachment; \
         filename=\"{name}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
        lines.join("\r\n")
    )
}

/// A forwarded e-mail's own files are part of the document: its picture is drawn, its PDF
/// appended page by page, and an e-mail forwarded inside it has its text and its file printed
/// too, each listed with its checksum as "OUTER › INNER". Before, they were named in the
/// forwarded mail's headers only ("de återges inte här"), and lost with the source.
#[test]
fn files_inside_a_forwarded_email_are_reproduced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let innermost = format!(
        "From: Vårdcentralen <vc@example.org>\r\nSubject: Anteckning\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"i\"\r\n\r\n--i\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nSe anteckningen.\r\n--i\r\n{}--i--\r\n",
        mime_attachment(
            "text/plain; charset=utf-8",
            "anteckning.txt",
            "Återbesök om två veckor.\nموعد المتابعة\n复诊\nቆጸራ".as_bytes()
        )
    );
    let decision = generated_pdf(1);
    let decision_path = dir.path().join("beslut.pdf");
    std::fs::write(&decision_path, &decision).expect("write");
    let pages = page_count(&decision_path);
    let forwarded = format!(
        "From: Nils Prov <nils.prov@example.com>\r\nTo: ifo@exempelby.example\r\n\
         Subject: Beslut\r\nDate: Mon, 2 Nov 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"f\"\r\n\r\n--f\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nHär är beslutet och kvittot.\r\n--f\r\n\
         {}--f\r\n{}--f\r\nContent-Type: message/rfc822\r\n\r\n{innermost}\r\n--f--\r\n",
        mime_attachment("application/pdf", "beslut.pdf", &decision),
        mime_attachment("image/png", "kvitto.png", &png(240, 160)),
    );
    let mail = mail_with(vec![Attachment::new(
        "vidarebefordrat.eml",
        "message/rfc822",
        forwarded.into_bytes(),
    )]);
    let pdf = render_item(dir.path(), "forwarded-files", &mail);
    assert_archival(&pdf);
    let text = text(&pdf);
    let flowing = text.replace('\n', " ");
    for expected in [
        "Bilagor: beslut.pdf, kvitto.png, Anteckning.eml (bilagor i det bifogade meddelandet)",
        "Här är beslutet och kvittot.",
        &format!("Bilaga vidarebefordrat.eml › beslut.pdf, sida {pages} av {pages}"),
        "vidarebefordrat.eml › kvitto.png",
        "Bilaga vidarebefordrat.eml › Anteckning.eml",
        "Se anteckningen.",
        "Bilaga vidarebefordrat.eml › Anteckning.eml › anteckning.txt",
        "Återbesök om två veckor.",
        "复诊",
        "ቆጸራ",
    ] {
        assert!(flowing.contains(expected), "{expected}:\n{text}");
    }
    // Arabic: each word (pdftotext may give the line in visual order).
    for word in ["موعد", "المتابعة"] {
        assert!(text.contains(word), "{word}:\n{text}");
    }
    assert!(!flowing.contains("återges inte"), "{text}");
    // The receipt and every page of the PDF are drawn.
    assert_eq!(image_count(&pdf), 1 + pages, "{text}");
}

/// An Outlook message sent as a file (a .msg dragged into an e-mail): its headers and text are
/// printed and its files reproduced, as the import does for a message inside a .msg
/// (realworld/public: an Outlook message with PDFs and a message inside it). Before, it was
/// named "återges inte" and everything in it was lost with the source.
#[test]
fn an_outlook_message_sent_as_a_file_is_printed_with_its_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fixture = "public/msg/embedded-msg_pdf-attachments.msg";
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/fixtures")
            .join(fixture),
    )
    .expect("fixture");
    let inside = fixture_attachments(fixture);
    let pdfs: Vec<String> = fixture_pdfs(fixture).into_iter().map(|a| a.name).collect();
    assert!(!pdfs.is_empty());
    let mail = mail_with(vec![
        Attachment::new("fwd.msg", "application/vnd.ms-outlook", bytes.clone()),
        // The same file unlabelled: known by its name.
        Attachment::new("igen.msg", "application/octet-stream", bytes),
        // A ".msg" that is none: named, never an error.
        Attachment::new(
            "falsk.msg",
            "application/octet-stream",
            b"inget Outlook".to_vec(),
        ),
    ]);
    let pdf = render_item(dir.path(), "attached-msg", &mail);
    assert_archival(&pdf);
    let flowing = text(&pdf).replace('\n', " ");
    for outer in ["fwd.msg", "igen.msg"] {
        assert!(
            flowing.contains(&format!("Bilaga {outer}")),
            "{outer}: {flowing}"
        );
        for a in &inside {
            assert!(
                flowing.contains(&format!("{outer} › {}", a.name)),
                "{outer} › {}: {flowing}",
                a.name
            );
        }
        for name in &pdfs {
            assert!(
                flowing.contains(&format!("Bilaga {outer} › {name}, sida 1 av")),
                "{outer} › {name}: {flowing}"
            );
        }
    }
    assert!(
        flowing.contains("Bilagan falsk.msg (application/octet-stream) återges inte i utskriften."),
        "{flowing}"
    );
}

/// Forwarding has a depth the printout opens (three e-mails in e-mails) and the file beyond it is
/// counted on the sheet, not dropped without a word.
#[test]
fn a_file_forwarded_deeper_than_the_printout_opens_is_counted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut message = format!(
        "Subject: Nivå 4\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b4\"\
         \r\n\r\n--b4\r\nContent-Type: text/plain\r\n\r\nInnerst.\r\n--b4\r\n{}--b4--\r\n",
        mime_attachment("text/plain", "djupast.txt", b"Djupast ner.")
    );
    for level in (1..=3).rev() {
        message = format!(
            "Subject: Niva {level}\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; \
             boundary=\"b{level}\"\r\n\r\n--b{level}\r\nContent-Type: text/plain\r\n\r\n\
             Led {level}.\r\n--b{level}\r\nContent-Type: message/rfc822\r\n\r\n{message}\r\n\
             --b{level}--\r\n"
        );
    }
    let mail = mail_with(vec![Attachment::new(
        "led1.eml",
        "message/rfc822",
        message.into_bytes(),
    )]);
    let pdf = render_item(dir.path(), "deep", &mail);
    let flowing = text(&pdf).replace('\n', " ");
    // Three levels inside led1.eml are opened: their texts are on paper.
    for expected in ["Led 1.", "Led 2.", "Led 3.", "Innerst."] {
        assert!(flowing.contains(expected), "{expected}: {flowing}");
    }
    assert!(!flowing.contains("Djupast ner."), "{flowing}");
    assert!(
        flowing
            .contains("1 fil i bifogade meddelanden återges inte här (högst 200 filer, och 3 led"),
        "{flowing}"
    );
}

/// A film and a sound recording (realworld: SMS Backup & Restore's sample MMS with an MP4 and
/// an MP3) cannot be printed: the sheet says so and that the original must be kept as the
/// dokumenthanteringsplan says, instead of "print it apart", which cannot be done.
#[test]
fn sound_and_film_are_said_to_be_unprintable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let attachments: Vec<Attachment> =
        fixture_attachments("realworld/sms-xml/sbr2_sample_mms_png-mp4-mp3.xml")
            .into_iter()
            .filter(|a| a.mime.starts_with("audio/") || a.mime.starts_with("video/"))
            .collect();
    assert_eq!(attachments.len(), 2, "{attachments:?}");
    // The deletion gate holds back the same two, by the sheet's own decision.
    let off = inkom::documents::off_paper(&attachments, None);
    let held: Vec<&str> = off.files.iter().map(|f| f.kind.as_str()).collect();
    let mut kinds: Vec<&str> = attachments
        .iter()
        .map(|a| match a.mime.starts_with("audio/") {
            true => "en ljudinspelning",
            false => "en film",
        })
        .collect();
    kinds.sort_unstable();
    let mut held_sorted = held.clone();
    held_sorted.sort_unstable();
    assert_eq!(held_sorted, kinds);
    let names: Vec<(String, String)> = attachments
        .iter()
        .map(|a| (a.name.clone(), a.mime.clone()))
        .collect();
    let pdf = render_item(dir.path(), "sound-film", &mail_with(attachments));
    assert_archival(&pdf);
    let flowing = text(&pdf).replace('\n', " ");
    for (name, mime) in names {
        let kind = if mime.starts_with("audio/") {
            "en ljudinspelning"
        } else {
            "en film"
        };
        assert!(
            flowing.contains(&format!(
                "Bilagan {name} ({mime}) är {kind} och kan inte återges på papper. Den finns \
                 bara i originalet: bevara den som dokumenthanteringsplanen anger"
            )),
            "{name}: {flowing}"
        );
    }
    assert!(!flowing.contains("Skriv ut den för sig"), "{flowing}");
}

/// A signed message: the signature file is named as the sender's signature (not a file to
/// print apart), and Outlook's signed form of the message (realworld: Apache POI's S/MIME
/// .msg) is named as such, the files attached inside it reproduced after it.
#[test]
fn signatures_and_the_signed_form_are_named_for_what_they_are() {
    let dir = tempfile::tempdir().expect("tempdir");
    let outlook = fixture_attachments("realworld/msg/poi_smime-multipart-signed.msg");
    let signed_inside = "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; \
        boundary=\"s\"\r\n\r\n--s\r\nContent-Type: multipart/mixed; boundary=\"m\"\r\n\r\n\
        --m\r\nContent-Type: text/plain\r\n\r\nSe bilagan.\r\n--m\r\n\
        Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"beslut.pdf\"\
        \r\n\r\n%PDF-1.4\r\n--m--\r\n--s\r\nContent-Type: application/pkcs7-signature; \
        name=\"smime.p7s\"\r\nContent-Disposition: attachment; filename=\"smime.p7s\"\r\n\r\n\
        MIAG\r\n--s--\r\n";
    let mut attachments = outlook.clone();
    attachments.push(Attachment::new(
        "undertecknat",
        "multipart/signed",
        signed_inside.as_bytes().to_vec(),
    ));
    attachments.push(Attachment::new(
        "smime.p7s",
        "application/pkcs7-signature",
        b"MIAGCSqGSIb3".to_vec(),
    ));
    // Labelled signed, but no signed message inside: named like any other file.
    attachments.push(Attachment::new(
        "falskt",
        "multipart/signed",
        b"\x00\x01 inget meddelande".to_vec(),
    ));
    let pdf = render_item(dir.path(), "signed", &mail_with(attachments));
    assert_archival(&pdf);
    let flowing = text(&pdf).replace('\n', " ");
    assert!(
        flowing.contains(&format!(
            "Bilagan {} är meddelandet i undertecknad form (S/MIME), med den text som återges \
             ovan.",
            outlook[0].name
        )),
        "{flowing}"
    );
    assert!(
        flowing.contains(
            "Bilagan undertecknat är meddelandet i undertecknad form (S/MIME), med den text som \
             återges ovan. Filerna i den återges som bilagorna undertecknat › …"
        ),
        "{flowing}"
    );
    // The file inside is listed with its checksum and reproduced (here: named, as it is no
    // real PDF); the signature inside the signed form is not listed as a file of its own.
    assert!(
        flowing.contains("Bilagan undertecknat › beslut.pdf kunde inte återges"),
        "{flowing}"
    );
    assert!(!flowing.contains("› smime.p7s"), "{flowing}");
    assert!(
        flowing.contains(
            "Bilagan smime.p7s är avsändarens elektroniska underskrift av meddelandet: den har \
             inget innehåll att skriva ut."
        ),
        "{flowing}"
    );
    assert!(
        flowing.contains("Bilagan falskt (multipart/signed) återges inte i utskriften."),
        "{flowing}"
    );
    assert!(
        !flowing.contains("Bilagan falskt är meddelandet"),
        "{flowing}"
    );
}

#[test]
fn real_attached_pdfs_from_the_fixtures_are_appended() {
    let dir = tempfile::tempdir().expect("tempdir");
    // An Outlook message's PDFs (its attached message's too, taken out at import), and the
    // PDF inside a forwarded e-mail, which the printout takes out of it.
    let msg = "public/msg/embedded-msg_pdf-attachments.msg";
    let forwarded = "public/eml/forwarded-message-rfc822_with-pdf.eml";
    let outlook_pdfs: Vec<String> = fixture_pdfs(msg).into_iter().map(|a| a.name).collect();
    let mail = fixture_attachments(forwarded);
    let eml = mail
        .iter()
        .find(|a| a.mime == "message/rfc822")
        .expect("the forwarded e-mail");
    let inner_pdfs = vec![format!("{} › broken.pdf", eml.name)];
    for (name, attachments, pdfs) in [
        ("msg", fixture_attachments(msg), outlook_pdfs),
        ("forwarded", mail.clone(), inner_pdfs),
    ] {
        assert!(!pdfs.is_empty(), "{name}");
        let pdf = render_item(dir.path(), name, &mail_with(attachments));
        assert_archival(&pdf);
        let text = text(&pdf).replace('\n', " ");
        for a in &pdfs {
            assert!(
                text.contains(&format!("Bilaga {a}, sida 1 av"))
                    || text.contains(&format!("Bilagan {a} kunde inte återges")),
                "{name}: {a} neither appended nor explained:\n{text}"
            );
        }
    }
}

#[test]
fn page_limit_is_kept_and_said() {
    let attached = generated_pdf(3);
    let limits = inkom::pdf::RasterLimits {
        max_pages: 2,
        ..Default::default()
    };
    let raster = inkom::pdf::rasterize(&attached, &limits).expect("rasterize");
    assert_eq!(raster.pages.len(), 2);
    assert!(raster.page_count >= 3);
    let page = raster.pages[0].as_ref().expect("page 1");
    // A4 (595.28 × 841.89 pt) at 150 dpi.
    assert!(
        page.width_px.abs_diff(1240) <= 1 && page.height_px.abs_diff(1754) <= 1,
        "{page:?}"
    );
}

/// A PDF of at least `pages` pages in one render (a long text sheet).
fn long_pdf(pages: usize) -> Vec<u8> {
    let mut mail = item(Channel::Email);
    mail.body = Some(
        (1..=pages * 50)
            .map(|n| format!("Rad {n} i journalutdraget.\n"))
            .collect(),
    );
    let sheet = registration_sheet(&mail, &settings(), "UTDRAG-1", None, &act());
    render(&sheet).expect("render")
}

/// What the deletion gate holds back (`documents::off_paper`) is what the sheet says it does
/// not hold: a film, a PDF it cannot open, the pages of a long PDF past the limit (or past
/// where drawing ran out of time, as the registration records it), content no longer stored;
/// not a PDF it draws whole, a picture or a text.
#[test]
fn off_paper_lists_exactly_what_the_sheet_says_it_lacks() {
    let long = long_pdf(52);
    let total = inkom::pdf::page_count(&long).expect("pages");
    assert!(total >= 52, "{total}");
    let mut gone = Attachment::new("borta.pdf", "application/pdf", b"%PDF-1.7".to_vec());
    gone.bytes.clear();
    let mail = mail_with(vec![
        Attachment::new("kort.pdf", "application/pdf", generated_pdf(1)),
        Attachment::new(
            "trasig.pdf",
            "application/pdf",
            b"%PDF-1.7 inte mer".to_vec(),
        ),
        Attachment::new("journal.pdf", "application/pdf", long),
        Attachment::new("mote.mp4", "video/mp4", b"\0\0\0\x18ftypmp42".to_vec()),
        Attachment::new("anteckning.txt", "text/plain", b"Ring tillbaka.".to_vec()),
        gone,
    ]);
    let off = inkom::documents::off_paper(&mail.attachments, None);
    let listed = crate::common::held_back(&off);
    let pages_off = format!("en PDF vars sidor 51–{total} inte återges");
    // In the order of the sheet's list of attachments.
    assert_eq!(
        listed,
        [
            (
                "trasig.pdf",
                "en PDF som inte kan återges: filen är skadad, ofullständig eller ingen PDF"
            ),
            ("journal.pdf", pages_off.as_str()),
            ("mote.mp4", "en film"),
            ("borta.pdf", "en fil vars innehåll inte finns kvar"),
        ]
    );
    // The sheet says the same of each. Drawing may stop before the limit when it runs out of
    // time (a loaded machine, a debug build): what the registration records of that is what
    // the gate holds back.
    let mut undrawn = Vec::new();
    let sheet = inkom::documents::registration_sheet_noting(
        &mail,
        &settings(),
        "INK-2026-00007",
        None,
        &act(),
        &mut undrawn,
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("off-paper.pdf");
    std::fs::write(&path, render(&sheet).expect("render")).expect("write pdf");
    let sheet = text(&path).replace('\n', " ");
    for said in [
        "Bilagan mote.mp4 (video/mp4) är en film och kan inte återges på papper",
        "Bilagan borta.pdf återges inte: filens innehåll finns inte kvar",
        "Bilagan trasig.pdf kunde inte återges",
        "Bilaga kort.pdf, sida 1 av",
    ] {
        assert!(sheet.contains(said), "the sheet lacks {said:?}:\n{sheet}");
    }
    assert_eq!(
        sheet.matches("borta.pdf återges inte").count(),
        1,
        "said once"
    );
    let stopped = regex::Regex::new(&format!(
        "Bilagan journal.pdf har {total} sidor; sidorna ([0-9]+)–{total} återges inte"
    ))
    .expect("pattern")
    .captures(&sheet)
    .and_then(|c| c[1].parse::<usize>().ok())
    .unwrap_or_else(|| panic!("the sheet says where journal.pdf stops:\n{sheet}"));
    assert!(stopped <= 51, "{stopped}");
    let recorded = inkom::documents::off_paper(&mail.attachments, Some(&undrawn));
    let pages_off = format!("en PDF vars sidor {stopped}–{total} inte återges");
    assert_eq!(
        crate::common::held_back(&recorded),
        [
            (
                "trasig.pdf",
                "en PDF som inte kan återges: filen är skadad, ofullständig eller ingen PDF"
            ),
            ("journal.pdf", pages_off.as_str()),
            ("mote.mp4", "en film"),
            ("borta.pdf", "en fil vars innehåll inte finns kvar"),
        ]
    );
}
