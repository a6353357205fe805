//! Pictures written into an HTML body as `data:` URLs are part of the message: they become
//! attachments the printout draws, with a note, instead of vanishing between the words around
//! them (the sanitiser removes every URL, and the text has no pictures).

use base64::Engine;

/// A small red PNG, made here.
fn png() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(40, 20, image::Rgb([200, 30, 30]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("png");
    out.into_inner()
}

fn html_mail(png: &[u8]) -> Vec<u8> {
    let b64 = base64::engine::general_purpose::STANDARD.encode(png);
    // Folded as mail programs fold long lines inside an attribute.
    let folded: Vec<&str> = b64
        .as_bytes()
        .chunks(60)
        .map(|c| std::str::from_utf8(c).expect("ascii"))
        .collect();
    format!(
        "From: Anna Testsson <anna@example.org>\r\n\
         To: ifo@exempelby.example\r\n\
         Subject: Foto av brevet\r\n\
         Date: Thu, 03 Dec 2026 10:00:00 +0100\r\n\
         Message-ID: <datauri-1@example.org>\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: text/html; charset=utf-8\r\n\r\n\
         <html><body><p>Se bilden nedan:</p>\r\n<img alt=\"foto\" src=\"data:image/png;base64,{}\">\r\n\
         <p>Mvh Anna</p></body></html>\r\n",
        folded.join("\r\n")
    )
    .into_bytes()
}

/// The first item an import created, with its content.
fn first_item(
    t: &crate::common::Inkom,
    imported: &serde_json::Value,
) -> (String, inkom::model::Item) {
    let id = crate::common::created_ids(imported)[0].to_string();
    let item = t
        .store()
        .item_with_content(id.parse().expect("id"))
        .expect("item");
    (id, item)
}

/// An item's files: name, type and bytes.
fn files_of(item: &inkom::model::Item) -> Vec<(&str, &str, &[u8])> {
    item.attachments
        .iter()
        .map(|a| (a.name.as_str(), a.mime.as_str(), a.bytes.as_slice()))
        .collect()
}

#[test]
fn a_data_picture_in_an_html_mail_is_an_attachment_on_paper() {
    let picture = png();
    let t = crate::common::Inkom::new();
    let mail = t.write("foto.eml", &html_mail(&picture));
    let imported = t.ok(&["import", crate::common::s(&mail)]);
    let note = "meddelandets HTML-text innehöll en bild; den är tagen med som bilaga: \
                bild-1-i-texten.png";
    assert!(imported.to_string().contains(note), "{imported}");
    let (id, item) = first_item(&t, &imported);
    let files = files_of(&item);
    assert_eq!(
        files,
        [("bild-1-i-texten.png", "image/png", picture.as_slice())]
    );
    assert!(
        item.source.notes.iter().any(|n| n == note),
        "{:?}",
        item.source.notes
    );

    // Drawn on the sheet: nothing is held back.
    assert!(
        crate::common::held_back(&inkom::documents::off_paper(&item.attachments, None)).is_empty()
    );
    t.classify_diarium(&id, "Foto av brev");
    let pdf = t.files().join("foto.pdf");
    t.ok(&["register", &id, "--out", crate::common::s(&pdf)]);
    let text = crate::common::pdftotext(&pdf);
    assert!(text.contains("bild-1-i-texten.png"), "{text}");
    assert!(!text.contains("återges inte"), "{text}");
}

/// A forwarded e-mail's pictures are inner files too, as the printout and the item view name
/// them.
#[test]
fn a_forwarded_mails_data_picture_is_an_inner_file() {
    let inner = String::from_utf8(html_mail(&png())).expect("ascii");
    let outer = format!(
        "From: Bo Testsson <bo@example.org>\r\n\
         To: ifo@exempelby.example\r\n\
         Subject: Fwd: Foto av brevet\r\n\
         Date: Thu, 03 Dec 2026 11:00:00 +0100\r\n\
         Message-ID: <fwd-1@example.org>\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nVidarebefordrar.\r\n\
         --b\r\nContent-Type: message/rfc822\r\n\
         Content-Disposition: attachment; filename=\"foto.eml\"\r\n\r\n{inner}\r\n--b--\r\n"
    );
    let mut d = crate::desk_support::Desk::empty();
    let path = d.write("fwd.eml", outer.as_bytes());
    let ids = d.import(&path, false);
    let view = inkom::desk::item_view::item_view(&d.store, ids[0]).expect("view");
    let names: Vec<&str> = view.inner_files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["foto.eml › bild-1-i-texten.png"]);
    // Shown in the view as the printout draws it, not only named.
    let expected = format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(png())
    );
    assert_eq!(
        view.inner_files[0].image.as_deref(),
        Some(expected.as_str())
    );
    let item = d.store.item_with_content(ids[0]).expect("item");
    assert!(
        crate::common::held_back(&inkom::documents::off_paper(&item.attachments, None)).is_empty()
    );
}

/// An Outlook message whose HTML body has a picture as a `data:` URL gives it the same way.
#[test]
fn a_data_picture_in_an_outlook_html_body_is_an_attachment() {
    use crate::common::msg_file::{build_cfb, properties};
    let picture = png();
    let html = format!(
        "<html><body><p>Se bilden:</p><img src=\"data:image/png;base64,{}\"></body></html>",
        base64::engine::general_purpose::STANDARD.encode(&picture)
    );
    let msg = build_cfb(&[
        ("/__properties_version1.0", properties(32, &[])),
        ("/__substg1.0_001A001E", b"IPM.Note\0".to_vec()),
        ("/__substg1.0_10130102", html.into_bytes()),
    ]);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("foto.msg");
    std::fs::write(&path, msg).expect("write");
    let mut items = Vec::new();
    let parsed = inkom::import::parse_file(
        &path,
        &inkom::import::ImportLimits::default(),
        &mut |item| {
            items.push(item);
            Ok(())
        },
    )
    .expect("imports");
    let [item] = &items[..] else {
        panic!("one item: {}", items.len())
    };
    assert_eq!(item.body.trim(), "Se bilden:");
    assert_eq!(item.attachments.len(), 1);
    assert_eq!(
        (
            item.attachments[0].name.as_str(),
            &item.attachments[0].bytes
        ),
        ("bild-1-i-texten.png", &picture)
    );
    let note = "meddelandets HTML-text innehöll en bild; den är tagen med som bilaga: \
                bild-1-i-texten.png";
    assert!(
        parsed.skipped.iter().any(|n| n == note),
        "{:?}",
        parsed.skipped
    );
    assert!(
        item.source.notes.iter().any(|n| n == note),
        "{:?}",
        item.source.notes
    );
}

/// A drawing written as a percent-encoded SVG (what web forms send for a drawn signature): it
/// was dropped without a word with the sanitised URL; now it is an attachment, named on the
/// sheet (which cannot draw an SVG), and the source is held back for it.
#[test]
fn a_percent_encoded_svg_in_an_html_mail_is_kept_and_held_back() {
    let svg = "<svg xmlns='http://www.w3.org/2000/svg' width='120' height='40'>\
               <path d='M5 30 C 20 5, 40 5, 60 30' stroke='black' fill='none'/></svg>";
    let encoded = svg
        .replace('%', "%25")
        .replace('<', "%3C")
        .replace('>', "%3E")
        .replace(' ', "%20");
    let mail = format!(
        "From: Formular <noreply@example.org>\r\n\
         To: ifo@exempelby.example\r\n\
         Subject: Underskrift\r\n\
         Date: Thu, 03 Dec 2026 10:00:00 +0100\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: text/html; charset=utf-8\r\n\r\n\
         <html><body><p>Underskrift:</p><img src=\"data:image/svg+xml;charset=utf-8,{encoded}\">\
         </body></html>\r\n"
    );
    let t = crate::common::Inkom::new();
    let path = t.write("underskrift.eml", mail.as_bytes());
    let imported = t.ok(&["import", crate::common::s(&path)]);
    assert!(
        imported
            .to_string()
            .contains("tagen med som bilaga: bild-1-i-texten.svg"),
        "{imported}"
    );
    let (id, item) = first_item(&t, &imported);
    let files = files_of(&item);
    assert_eq!(
        files,
        [("bild-1-i-texten.svg", "image/svg+xml", svg.as_bytes())]
    );
    let off = inkom::documents::off_paper(&item.attachments, None);
    let held: Vec<&str> = crate::common::held_back(&off)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(held, ["bild-1-i-texten.svg"]);
    t.classify_diarium(&id, "Underskrift");
    let pdf = t.files().join("underskrift.pdf");
    t.ok(&["register", &id, "--out", crate::common::s(&pdf)]);
    let text = crate::common::pdftotext(&pdf);
    assert!(text.contains("bild-1-i-texten.svg"), "{text}");
}
