//! Nothing the printout cannot hold goes with the source unless it is kept apart: a film, a
//! sound recording or a file inkom does not print is named on the sheet ("kan inte återges på
//! papper"), and once the source is deleted and inkom's copy purged nothing else would hold it.
//! So the deletion is refused, naming them and changing nothing, until the caseworker confirms
//! they are saved and kept as the dokumenthanteringsplan says; the audit trail records that
//! confirmation with the files' checksums, never their names.

use crate::common::{Inkom, s};
use crate::desk_support::Desk;
use inkom::desk::batch::{self, Acknowledged};
use inkom::desk::views::ClassificationInput;
use inkom::model::{Item, State};

/// An e-mail to the unit with a film, a sound recording, an unknown binary file and a text.
fn mail_with_attachments() -> String {
    let part = |mime: &str, name: &str, base64: &str| {
        format!(
            "--GRANS\r\nContent-Type: {mime}; name=\"{name}\"\r\nContent-Disposition: \
             attachment; filename=\"{name}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{base64}\r\n"
        )
    };
    format!(
        "From: Anna Testsson <anna.testsson@example.se>\r\nTo: socialtjansten@example.se\r\n\
         Subject: Filmen fran traffen\r\nDate: Tue, 3 Nov 2026 10:15:00 +0100\r\n\
         Message-ID: <film-1@example.se>\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"GRANS\"\r\n\r\n\
         --GRANS\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHär är filmen och inspelningen \
         från mötet.\r\n{}{}{}{}--GRANS--\r\n",
        part(
            "video/mp4",
            "traffen.mp4",
            "AAAAGGZ0eXBtcDQyAAAAAG1wNDJpc29t"
        ),
        part(
            "audio/mpeg",
            "samtal.mp3",
            "SUQzBAAAAAAAI1RTU0UAAAAPAAADTGF2ZjU4"
        ),
        part(
            "application/x-okand",
            "ሰነድ-وثيقة-文件.bin",
            "AAECAwQFBgcICQoLDA0ODw=="
        ),
        part(
            "text/plain",
            "anteckning.txt",
            "QW50ZWNrbmluZyBmcsOlbiBtw7Z0ZXQu"
        ),
    )
}

fn diarium() -> ClassificationInput {
    ClassificationInput::Diarium {
        description: "Underlag till utredning".into(),
        secrecy: None,
        sender_secret: None,
    }
}

/// Imports `mail` and takes its item to the moment its source may go (registered, printed,
/// numbered).
fn ready_to_delete(d: &mut Desk, name: &str, mail: &str, dnr: &str) -> i64 {
    let file = d.write(name, mail.as_bytes());
    let id = d.import(&file, true)[0];
    batch::classify(&mut d.store, id, diarium()).expect("classify");
    batch::register(&mut d.store, &[id]).expect("register");
    batch::confirm_printed(&mut d.store, &[id]).expect("printed");
    batch::set_dnr(&mut d.store, id, dnr).expect("number");
    id
}

fn snapshot(d: &Desk, id: i64) -> (Item, usize) {
    let events = inkom::audit::log(d.store.conn(), None).expect("log").len();
    (d.store.item(id).expect("item"), events)
}

#[test]
fn a_source_whose_printout_lacks_a_film_goes_only_once_it_is_kept_apart() {
    let mut d = Desk::empty();
    d.gallringsbeslut("SN 2025/0113 § 42");
    let id = ready_to_delete(&mut d, "film.eml", &mail_with_attachments(), "SN 2026/0042");
    let item = d.store.item_with_content(id).expect("item");
    let off = inkom::lifecycle::off_paper(d.store.conn(), &item).expect("off paper");
    let named = crate::common::held_back(&off);
    assert_eq!(
        named,
        [
            ("traffen.mp4", "en film"),
            ("samtal.mp3", "en ljudinspelning"),
            ("ሰነድ-وثيقة-文件.bin", "en fil som inte skrivs ut"),
        ],
        "the text attachment is printed, the other three are not"
    );

    // The delete dialog lists them before the caseworker confirms.
    let shown = batch::off_paper(&d.store, id).expect("off paper");
    let shown: Vec<(&str, &str)> = shown
        .files
        .iter()
        .map(|f| (f.name.as_str(), f.kind.as_str()))
        .collect();
    assert_eq!(shown, named);

    let before = snapshot(&d, id);
    let err = batch::confirm_source_deleted(&mut d.store, id, false, Acknowledged::default())
        .expect_err("the film is only in the source");
    assert_eq!(err.code(), "attachments_off_paper");
    let sv = err.sv();
    for name in [
        "traffen.mp4 (en film)",
        "samtal.mp3 (en ljudinspelning)",
        "ሰነድ-وثيقة-文件.bin",
    ] {
        assert!(sv.contains(name), "the refusal names {name}: {sv}");
    }
    assert!(sv.contains("ingenting ändrades"), "{sv}");
    assert!(
        sv.contains("Bilagorna som utskriften inte återger är bevarade"),
        "{sv}"
    );
    // The English log line names no file.
    let log = err.to_string();
    assert!(
        !log.contains("traffen") && log.contains("3 attachment"),
        "{log}"
    );
    assert_eq!(snapshot(&d, id), before, "a refusal changes nothing");
    // Acknowledging the other thing does not do.
    let partial = Acknowledged {
        partial_export: true,
        off_paper: false,
    };
    let err = batch::confirm_source_deleted(&mut d.store, id, false, partial).expect_err("other");
    assert_eq!(err.code(), "attachments_off_paper");
    assert_eq!(snapshot(&d, id), before);

    let kept = Acknowledged {
        off_paper: true,
        ..Acknowledged::default()
    };
    let v = batch::confirm_source_deleted(&mut d.store, id, false, kept).expect("kept apart");
    assert_eq!(v.state, State::Purged);
    let events = inkom::audit::log(d.store.conn(), Some(id)).expect("log");
    let deleted = events
        .iter()
        .find(|e| e.action == "source_deleted")
        .expect("source_deleted event");
    let recorded = &deleted.details["off_paper"];
    assert_eq!(
        recorded["acknowledged"],
        inkom::lifecycle::OFF_PAPER_STATEMENT
    );
    let sums: Vec<&str> = off.files.iter().map(|f| f.sha256.as_str()).collect();
    assert_eq!(recorded["sha256"], serde_json::json!(sums));
    let details = deleted.details.to_string();
    assert!(
        !details.contains("traffen") && !details.contains("samtal"),
        "no file name outlives the purge: {details}"
    );
    inkom::audit::verify(d.store.conn()).expect("chain intact");
    assert_eq!(
        batch::off_paper(&d.store, id).expect("after purge"),
        Default::default(),
        "nothing left to keep once purged"
    );
}

/// An id that is not in the store: the dialog's question is refused clearly, nothing changes.
#[test]
fn off_paper_of_an_unknown_item_is_refused() {
    let d = Desk::empty();
    let err = batch::off_paper(&d.store, 4711).expect_err("no such item");
    assert_eq!(err.code(), "not_found");
}

/// A ringa item keeps its attachments in inkom until culled: its source is not held back.
#[test]
fn a_ringa_item_is_not_asked() {
    let mut d = Desk::empty();
    let file = d.write("film.eml", mail_with_attachments().as_bytes());
    let id = d.import(&file, true)[0];
    batch::classify(&mut d.store, id, ClassificationInput::Ringa { note: None }).expect("classify");
    assert_eq!(
        batch::off_paper(&d.store, id).expect("ringa"),
        Default::default()
    );
    let v = batch::confirm_source_deleted(&mut d.store, id, false, Acknowledged::default())
        .expect("ringa source deleted");
    assert_eq!(v.state, State::Classified, "kept until culled");
}

#[test]
fn a_printout_that_holds_everything_needs_no_confirmation() {
    let mut d = Desk::empty();
    d.gallringsbeslut("SN 2025/0113 § 42");
    let mail = mail_with_attachments()
        .replace("video/mp4", "text/plain")
        .replace("audio/mpeg", "text/plain")
        .replace("application/x-okand", "text/plain")
        .replace("AAAAGGZ0eXBtcDQyAAAAAG1wNDJpc29t", "RmlsbWVucyB0ZXh0Lg==")
        .replace(
            "SUQzBAAAAAAAI1RTU0UAAAAPAAADTGF2ZjU4",
            "U2FtdGFsZXRzIHRleHQu",
        )
        .replace("AAECAwQFBgcICQoLDA0ODw==", "VW5kZXJsYWdldHMgdGV4dC4=");
    let id = ready_to_delete(&mut d, "text.eml", &mail, "SN 2026/0043");
    assert!(
        inkom::lifecycle::off_paper(d.store.conn(), &d.store.item(id).expect("item"))
            .expect("off paper")
            .is_empty()
    );
    let v = batch::confirm_source_deleted(&mut d.store, id, false, Acknowledged::default())
        .expect("nothing off paper");
    assert_eq!(v.state, State::Purged);
    let events = inkom::audit::log(d.store.conn(), Some(id)).expect("log");
    let deleted = events
        .iter()
        .find(|e| e.action == "source_deleted")
        .expect("event");
    assert!(deleted.details.get("off_paper").is_none());
}

/// The command line: refused in Swedish with the flag to give, then done with it.
#[test]
fn the_command_line_asks_for_ack_off_paper() {
    let k = Inkom::new();
    k.ok(&crate::common::GALLRINGSBESLUT);
    let file = k.write("film.eml", mail_with_attachments().as_bytes());
    k.ok(&["import", "--per-message", s(&file)]);
    k.ok(&[
        "classify",
        "1",
        "--as",
        "diarium",
        "--description",
        "Underlag till utredning",
    ]);
    let out = k.run(&["register", "1"]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("OBS: utskriften återger inte traffen.mp4 (en film), samtal.mp3"),
        "said at print time: {said}"
    );
    k.ok(&["confirm-printed", "1"]);
    k.ok(&["set-dnr", "1", "SN 2026/0044"]);
    let msg = k.refused_unchanged(
        &["confirm-source-deleted", "1", "--where", "Outlook"],
        "attachments_off_paper",
    );
    assert!(
        msg.contains("--ack-off-paper") && msg.contains("traffen.mp4"),
        "{msg}"
    );
    // On a terminal: one line per file, not an escaped line feed.
    let out = k.run(&["confirm-source-deleted", "1", "--where", "Outlook"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("ändrades):\n  – traffen.mp4 (en film)\n"),
        "{said}"
    );
    k.ok(&[
        "confirm-source-deleted",
        "1",
        "--where",
        "Outlook",
        "--ack-off-paper",
    ]);
}

/// A two-page PDF whose second page is one point wide and 35 km long: the reader opens it and
/// counts two pages, but no picture of a page that shape can be drawn.
fn pdf_with_an_undrawable_page() -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1 100000000] >>",
    ];
    let mut pdf = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n{object}\nendobj\n", i + 1).bytes());
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for offset in offsets {
        pdf.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    pdf.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    pdf
}

/// A page that fails to draw, or a picture that cannot be decoded, is found only while drawing:
/// the registration records it, and the deletion gate holds the source back for it as for a
/// film, though the page counts alone (all the gate could see before) say the printout holds
/// the whole PDF.
#[test]
fn a_pdf_page_that_failed_to_draw_holds_the_source_back() {
    use base64::Engine as _;
    let pdf = pdf_with_an_undrawable_page();
    let raster = inkom::pdf::rasterize(&pdf, &inkom::pdf::RasterLimits::default()).expect("opens");
    assert_eq!(raster.page_count, 2);
    assert!(
        raster.pages[0].is_ok() && raster.pages[1].is_err(),
        "{raster:?}"
    );

    let mail = format!(
        "From: Anna Testsson <anna.testsson@example.se>\r\nTo: socialtjansten@example.se\r\n\
         Subject: Intyget\r\nDate: Tue, 3 Nov 2026 10:15:00 +0100\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"GRANS\"\r\n\r\n\
         --GRANS\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHär är intyget.\r\n\
         --GRANS\r\nContent-Type: application/pdf; name=\"intyg.pdf\"\r\n\
         Content-Disposition: attachment; filename=\"intyg.pdf\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{}\r\n\
         --GRANS\r\nContent-Type: image/jpeg; name=\"foto.jpg\"\r\n\
         Content-Disposition: attachment; filename=\"foto.jpg\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{}\r\n--GRANS--\r\n",
        base64::engine::general_purpose::STANDARD.encode(&pdf),
        base64::engine::general_purpose::STANDARD.encode(b"\xFF\xD8\xFF inte en bild")
    );
    let mut d = Desk::empty();
    d.gallringsbeslut("SN 2025/0113 § 42");
    let id = ready_to_delete(&mut d, "intyg.eml", &mail, "SN 2026/0044");
    let item = d.store.item_with_content(id).expect("item");
    let unreadable = ("foto.jpg", "en bild som inte kan återges");
    assert_eq!(
        crate::common::held_back(&inkom::documents::off_paper(&item.attachments, None)),
        [unreadable],
        "by the page counts alone nothing of the PDF is missing"
    );
    // What drawing found is recorded with the registration, by checksum only, and the gate
    // reads it there (nothing is decoded again).
    let recorded = inkom::fidelity::undrawn(d.store.conn(), id)
        .expect("read")
        .expect("recorded");
    let sums: Vec<(&str, Option<&str>, &[usize])> = recorded
        .iter()
        .map(|u| (u.sha256.as_str(), u.whole.as_deref(), u.pages.as_slice()))
        .collect();
    let sha = |name: &str| {
        item.attachments
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.sha256.as_str())
            .expect("attachment")
    };
    assert_eq!(
        sums,
        [
            (sha("intyg.pdf"), None, &[2usize][..]),
            (sha("foto.jpg"), Some("filen är ingen läsbar bild"), &[][..]),
        ]
    );
    let off = inkom::lifecycle::off_paper(d.store.conn(), &item).expect("off paper");
    let named = crate::common::held_back(&off);
    assert_eq!(
        named,
        [("intyg.pdf", "en PDF vars sida 2 inte återges"), unreadable]
    );

    let before = snapshot(&d, id);
    let err = batch::confirm_source_deleted(&mut d.store, id, false, Acknowledged::default())
        .expect_err("page 2 is only in the source");
    assert_eq!(err.code(), "attachments_off_paper");
    for said in [
        "intyg.pdf (en PDF vars sida 2 inte återges)",
        "foto.jpg (en bild som inte kan återges)",
    ] {
        assert!(err.sv().contains(said), "{}", err.sv());
    }
    assert_eq!(snapshot(&d, id), before, "a refusal changes nothing");
    let kept = Acknowledged {
        partial_export: false,
        off_paper: true,
    };
    let v = batch::confirm_source_deleted(&mut d.store, id, false, kept).expect("kept apart");
    assert_eq!(v.state, State::Purged);
}

/// A record of what the sheet did not draw that does not read (the file edited outside inkom)
/// never lets the source go: the deletion is refused with a clear error and nothing changes.
#[test]
fn a_damaged_record_refuses_the_deletion_and_changes_nothing() {
    let mut d = Desk::empty();
    d.gallringsbeslut("SN 2025/0113 § 42");
    let id = ready_to_delete(&mut d, "film.eml", &mail_with_attachments(), "SN 2026/0045");
    d.store
        .conn()
        .execute(
            "UPDATE registrations SET undrawn = 'inte json' WHERE item_id = ?1",
            [id],
        )
        .expect("damage the record");
    let before = snapshot(&d, id);
    let kept = Acknowledged {
        partial_export: false,
        off_paper: true,
    };
    let err = batch::confirm_source_deleted(&mut d.store, id, false, kept)
        .expect_err("a record that does not read holds the source back");
    assert!(err.sv().contains("undrawn"), "{}", err.sv());
    assert!(err.sv().contains("skadat"), "{}", err.sv());
    assert_eq!(snapshot(&d, id), before, "a refusal changes nothing");
    assert!(batch::off_paper(&d.store, id).is_err());
}
