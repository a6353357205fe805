//! The printout: a registration sheet of an e-mail whose text and two attachments are fuzz
//! input, laid out and rendered to PDF/A by the real writer (pictures, TIFF pages, attached
//! PDFs, texts of every kind, attached e-mails and their files), and the deletion gate's list
//! of what it cannot hold. The paper replaces the deleted source, so no content may make it
//! panic, hang or take unbounded memory.
#![no_main]

use chrono::DateTime;
use inkom::model::{
    Act, Attachment, Channel, Class, Classification, Direction, Item, SourceRef, State,
};
use inkom::store::Settings;
use libfuzzer_sys::fuzz_target;

/// What an attachment may claim to be: every path of the sheet's attachment handling.
const MIMES: [(&str, &str); 17] = [
    ("bild.png", "image/png"),
    ("bild.jpg", "image/jpeg"),
    ("bild.gif", "image/gif"),
    ("bild.bmp", "image/bmp"),
    ("bild.webp", "image/webp"),
    ("skanning.tif", "image/tiff"),
    ("intyg.pdf", "application/pdf"),
    ("anteckning.txt", "text/plain; charset=koi8-r"),
    ("sida.html", "text/html"),
    ("vidare.eml", "message/rfc822"),
    ("brev.msg", "application/vnd.ms-outlook"),
    ("brev.rtf", "application/rtf"),
    ("signerat", "multipart/signed"),
    ("smime.p7s", "application/pkcs7-signature"),
    ("film.mp4", "video/mp4"),
    ("okand.bin", "application/octet-stream"),
    ("smime.p7m", "application/pkcs7-mime"),
];

fn attachment(selector: u8, bytes: &[u8]) -> Attachment {
    let (name, mime) = MIMES[usize::from(selector) % MIMES.len()];
    Attachment::new(name, mime, bytes.to_vec())
}

/// A length-prefixed piece of `data` and what follows it.
fn take(data: &[u8]) -> (&[u8], &[u8]) {
    let Some((len, rest)) = data.split_first_chunk::<4>() else {
        return (&[], data);
    };
    let len = usize::try_from(u32::from_le_bytes(*len)).unwrap_or(usize::MAX);
    rest.split_at(len.min(rest.len()))
}

fuzz_target!(|data: &[u8]| {
    // Two MIME selectors, the lengths of the text and the first file (u32, little-endian,
    // clamped), then the text, the first file and the second.
    let [a, b, rest @ ..] = data else { return };
    let (body, rest) = take(rest);
    let (first, second) = take(rest);
    let Ok(at) = DateTime::parse_from_rfc3339("2026-11-03T09:41:07+01:00") else {
        return;
    };
    let act = Act::new(at, "Karin Test".to_owned());
    let item = Item {
        id: 1,
        state: State::Classified,
        channel: Channel::Email,
        direction: Direction::In,
        sender: Some("Åsa Öberg <asa.oberg@example.se>".to_owned()),
        recipients: vec!["ifo@exempelby.example".to_owned()],
        cc: Vec::new(),
        bcc: Vec::new(),
        page_address: None,
        received_at: at,
        sent_at: None,
        drawn_up: false,
        message_ids: Default::default(),
        received_original: None,
        subject: Some("Intyg".to_owned()),
        body: Some(String::from_utf8_lossy(body).into_owned()),
        body_html: None,
        attachments: vec![attachment(*a, first), attachment(*b, second)],
        parts: Vec::new(),
        source: SourceRef {
            path: "/tmp/fuzz.eml".to_owned(),
            locator: String::new(),
            file_sha256: "0".repeat(64),
            notes: Vec::new(),
        },
        imported: act.clone(),
        class: Some(Class::Diarium),
        classification: Some(Classification::Diarium {
            description: "Intyg".to_owned(),
            secrecy: None,
            sender_secret: false,
        }),
        classified: Some(act.clone()),
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
    };
    let _ = inkom::documents::off_paper(&item.attachments, None);
    let settings = Settings::default();
    let sheet =
        inkom::documents::registration_sheet(&item, &settings, "INK-2026-00001", None, &act);
    let _ = inkom::pdf::render(&sheet);
});
