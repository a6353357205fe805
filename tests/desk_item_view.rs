//! The item view on real stores: each channel's delete instruction, what is kept after purge,
//! sanitised HTML, attachments and the registration preview.

use crate::desk_support;

use base64::Engine;
use desk_support::Desk;
use inkom::desk::item_view::{attachment_data, item_view, registration_preview};
use inkom::model::{Channel, State};

fn decode(b64: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .expect("base64")
}

#[test]
fn delete_instruction_names_what_and_where_per_channel() {
    let d = Desk::demo();
    let sources = d.data_dir().join("demo-källor");
    let concern = item_view(&d.store, d.id_of("+46701740648")).expect("view");
    assert_eq!(
        concern.delete_instruction,
        format!(
            "Radera sms-tråden med 070-174 06 48 i tjänstetelefonen och filen {}",
            sources.join("sms-export.xml").display()
        )
    );
    let elsa = item_view(&d.store, d.id_of("Angående Elsa")).expect("view");
    assert_eq!(
        elsa.delete_instruction,
        format!(
            "Radera e-postmeddelandet 'Angående Elsa' i Outlook och filen {}",
            sources.join("Angående Elsa.eml").display()
        )
    );
    let shot_id = d.id_where(|r| r.channel == Channel::Screenshot);
    let shot = item_view(&d.store, shot_id).expect("view");
    assert_eq!(
        shot.delete_instruction,
        format!(
            "Radera filen {}",
            sources.join("Skarmbild_2026-11-11_094107.png").display()
        )
    );
    assert!(
        !shot.can_delete_file,
        "not before classification and registration"
    );
}

#[test]
fn purged_personakt_keeps_the_registration_facts_and_nothing_of_the_client() {
    let d = Desk::demo();
    let purged_id = d.id_where(|r| r.state == State::Purged);
    let view = item_view(&d.store, purged_id).expect("view");
    let kept = view.kept_after_purge.join("\n");
    assert!(kept.contains("Beteckning: INK-"), "{kept}");
    assert!(kept.contains("Källan raderad"), "{kept}");
    assert!(kept.contains("Personaktsmaterial"), "{kept}");
    let json = serde_json::to_string(&view).expect("json");
    for secret in ["Amira", "19121212", "ekonomiskt bistånd", "701740605"] {
        assert!(
            !json.contains(secret),
            "{secret:?} left in the purged view: {json}"
        );
    }
    assert!(
        view.delete_instruction
            .starts_with("Källan är raderad (tjänstetelefonen)")
    );
    assert_eq!(view.actions, Default::default(), "nothing more to do");
    let actions: Vec<&str> = view.history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "imported",
            "classified",
            "registered",
            "printed",
            "filed_confirmed",
            "source_deleted",
            "purged"
        ]
    );
}

#[test]
fn html_mail_is_sanitised_and_a_picture_previews() {
    let d = Desk::demo();
    let elsa = item_view(&d.store, d.id_of("Angående Elsa")).expect("view");
    let html = elsa.body_html.expect("html body");
    assert!(html.contains("nio dagar"), "{html}");
    assert!(!html.contains("<script"), "{html}");
    assert!(
        !html.contains("spårning.example.com"),
        "no remote content: {html}"
    );
    assert!(elsa.actions.classify && !elsa.actions.register && !elsa.actions.unclassify);

    let shot_id = d.id_where(|r| r.channel == Channel::Screenshot);
    let shot = item_view(&d.store, shot_id).expect("view");
    let picture = &shot.attachments[0];
    assert!(picture.is_image, "{picture:?}");
    let data = attachment_data(d.store.conn(), picture.id).expect("bytes");
    assert_eq!(data.mime, "image/png");
    assert!(decode(&data.base64).starts_with(b"\x89PNG"));
}

#[test]
fn registration_preview_renders_the_stored_pdf_and_refuses_without_one() {
    let d = Desk::demo();
    let concern = d.id_of("+46701740648");
    let pages = registration_preview(&d.store, concern).expect("preview");
    assert!(!pages.pages.is_empty());
    assert!(decode(&pages.pages[0]).starts_with(b"\x89PNG"));
    let elsa = d.id_of("Angående Elsa");
    let err = registration_preview(&d.store, elsa).expect_err("not registered");
    assert_eq!(err.code(), "not_classified");
}

#[test]
fn phone_numbers_are_written_the_swedish_way() {
    use inkom::desk::item_view::phone_sv;
    assert_eq!(phone_sv("+46701740611"), "070-174 06 11");
    assert_eq!(phone_sv("0701740611"), "070-174 06 11");
    assert_eq!(phone_sv("+4687401234"), "087401234");
    assert_eq!(phone_sv("Telia"), "Telia");
    assert_eq!(
        phone_sv("+46701740605 (Amira Haddad)"),
        "070-174 06 05 (Amira Haddad)"
    );
}

/// What the import repaired or guessed reaches the item view, word for word as the printout's
/// chain of custody has it: a real mail without a Date header (mail-parser's malformed 017.eml)
/// gets the file's time, and the caseworker must see that before classifying. A message taken
/// as it was has no notes.
#[test]
fn the_import_notes_are_in_the_item_view() {
    let mut d = Desk::empty();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures");
    let guessed = d.import(
        &fixtures.join("realworld/eml/mp_malformed_content-disposition-semicolon.eml"),
        false,
    );
    let view = item_view(&d.store, guessed[0]).expect("view");
    let stored = d.store.item(guessed[0]).expect("item").source.notes;
    assert!(!stored.is_empty(), "the fixture's import notes a guess");
    assert_eq!(view.source.notes, stored);
    assert!(
        view.source
            .notes
            .iter()
            .any(|n| n.contains("tiden är filens ändringstid, inte ankomsttiden")),
        "{:?}",
        view.source.notes
    );
    assert!(view.time_questioned, "the correction is offered open");

    let plain = d.write(
        "sms.xml",
        desk_support::sms_xml(&[("+46701740605", 1_762_160_000_000, "Hej")]).as_bytes(),
    );
    let taken = d.import(&plain, false);
    let view = item_view(&d.store, taken[0]).expect("view");
    assert_eq!(view.source.notes, Vec::<String>::new());
    assert!(!view.time_questioned);
}

/// A message inkom could not split keeps its text as an attachment; the item view carries
/// that text, word for word as the printout prints it, so the caseworker reads it before
/// classifying. A picture has none.
#[test]
fn a_text_attachment_is_readable_in_the_item_view() {
    let mut d = Desk::empty();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures");
    let ids = d.import(
        &fixtures.join("realworld/eml/mp_malformed_multipart-without-delimiters.eml"),
        false,
    );
    let view = item_view(&d.store, ids[0]).expect("view");
    let kept = view
        .attachments
        .iter()
        .find(|a| a.name.starts_with("oläst-innehåll"))
        .expect("the unsplit parts kept");
    // The bytes as the importer kept them.
    let mut bytes = Vec::new();
    inkom::import::parse_file(
        &fixtures.join("realworld/eml/mp_malformed_multipart-without-delimiters.eml"),
        &inkom::import::ImportLimits::default(),
        &mut |item| {
            for a in item.attachments.into_iter().filter(|a| a.name == kept.name) {
                bytes = a.bytes;
            }
            Ok(())
        },
    )
    .expect("parse");
    assert!(!bytes.is_empty());
    assert_eq!(
        kept.text.as_deref(),
        Some(
            String::from_utf8_lossy(&bytes)
                .replace("\r\n", "\n")
                .as_str()
        )
    );

    let demo = Desk::demo();
    let shot = item_view(
        &demo.store,
        demo.id_where(|r| r.channel == Channel::Screenshot),
    )
    .expect("view");
    assert!(shot.attachments.iter().all(|a| a.text.is_none()));
}

/// The files inside a forwarded e-mail (public fixture: a forwarded mail holding a PDF) are in
/// the item view as the printout names them, "OUTER › INNER", with their checksum; a mail
/// without one (realworld) has none.
#[test]
fn the_files_inside_a_forwarded_email_are_in_the_item_view() {
    let mut d = Desk::empty();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures");
    let ids = d.import(
        &fixtures.join("public/eml/forwarded-message-rfc822_with-pdf.eml"),
        false,
    );
    let view = item_view(&d.store, ids[0]).expect("view");
    let eml = view
        .attachments
        .iter()
        .find(|a| a.mime == "message/rfc822")
        .expect("the forwarded e-mail");
    let names: Vec<&str> = view.inner_files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, [format!("{} › broken.pdf", eml.name)], "{names:?}");
    let pdf = &view.inner_files[0];
    assert_eq!(
        (pdf.mime.as_str(), pdf.text.as_deref()),
        ("application/pdf", None)
    );
    assert_eq!(pdf.sha256.len(), 64);

    let ids = d.import(
        &fixtures.join("realworld/eml/mp_malformed_multipart-without-delimiters.eml"),
        false,
    );
    assert!(
        item_view(&d.store, ids[0])
            .expect("view")
            .inner_files
            .is_empty()
    );
}

/// A TIFF (a scanned letter, a fax), which no webview draws, is shown as its first page and
/// says how many pages it has; one inside a forwarded e-mail too. Before, the item view named
/// it only, and the caseworker classified a fax without seeing it.
#[test]
fn a_tiff_is_shown_as_its_first_page() {
    use base64::engine::general_purpose::STANDARD;
    let fax = crate::common::tiff(&[(120, 160, 30), (120, 160, 90), (100, 140, 150)]);
    let part = |name: &str, bytes: &[u8]| {
        format!(
            "--b\r\nContent-Type: image/tiff; name=\"{name}\"\r\n\
             Content-Disposition: attachment; filename=\"{name}\"\r\n\
             Content-Transfer-Encoding: base64\r\n\r\n{}\r\n",
            STANDARD.encode(bytes)
        )
    };
    let inner = format!(
        "From: Vårdcentralen <vc@example.org>\r\nSubject: Intyg\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n{}--b--\r\n",
        part("intyg.tif", &fax)
    );
    let mail = format!(
        "From: Testperson Ett <ett@example.org>\r\nTo: ifo@exempelby.example\r\n\
         Subject: Fax\r\nDate: Thu, 3 Dec 2026 09:00:00 +0100\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n{}--b\r\n\
         Content-Type: message/rfc822\r\n\r\n{inner}\r\n--b--\r\n",
        part("fax.tif", &fax) + &part("falsk.tif", b"II*\0 inte en bild")
    );
    let mut d = Desk::empty();
    let path = d.write("fax.eml", mail.as_bytes());
    let ids = d.import(&path, false);
    let view = item_view(&d.store, ids[0]).expect("view");
    let tif = view
        .attachments
        .iter()
        .find(|a| a.name == "fax.tif")
        .expect("fax.tif");
    assert!(tif.is_image, "{tif:?}");
    let data = attachment_data(d.store.conn(), tif.id).expect("first page");
    assert_eq!((data.mime.as_str(), data.pages), ("image/png", Some(3)));
    let png = image::load_from_memory(&decode(&data.base64)).expect("a PNG");
    assert_eq!((png.width(), png.height()), (120, 160), "the first page");

    // A "TIFF" that is none: refused in Swedish, nothing else of the view lost.
    let false_tif = view
        .attachments
        .iter()
        .find(|a| a.name == "falsk.tif")
        .expect("falsk.tif");
    let err = attachment_data(d.store.conn(), false_tif.id).expect_err("no picture");
    assert!(err.sv().contains("ingen läsbar bild"), "{}", err.sv());

    let inner_tif = view
        .inner_files
        .iter()
        .find(|f| f.name.ends_with("› intyg.tif"))
        .expect("the fax inside");
    assert!(
        inner_tif
            .image
            .as_deref()
            .is_some_and(|src| src.starts_with("data:image/png;base64,")),
        "{inner_tif:?}"
    );
}
