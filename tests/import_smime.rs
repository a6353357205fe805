//! S/MIME messages whose content is inside `smime.p7m` (`application/pkcs7-mime`): signed
//! opaquely, the text and files are read out of the signature, printed and held back as those
//! of any message; encrypted, the caseworker hears that inkom cannot read it and the source is
//! held back. Real messages, signed and encrypted with the openssl command line.

use std::path::{Path, PathBuf};
use std::process::Command;

use inkom::model::Attachment;

use crate::common::{Inkom, created_ids, held_back, pdf_text_contains, pdftotext, s};

const TEXT: &str = "Hej, här är min ansökan om ekonomiskt bistånd för december.";
const LETTER: &str = "Intyg: Testperson Ett är inskriven i kursen till och med 2026-12-18.";

fn openssl(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("openssl (scripts/setup-debian.sh installs it)");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// A key and a self-signed certificate for an invented sender.
fn certificate(dir: &Path) {
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "key.pem",
            "-out",
            "cert.pem",
            "-days",
            "30",
            "-subj",
            "/CN=Testperson Ett",
        ],
    );
}

/// `entity` signed opaquely with the certificate, as S/MIME (headers and base64), in DER.
fn sign(dir: &Path, entity: &Path) -> Vec<u8> {
    sign_with(dir, entity, &[])
}

/// [`sign`] with more of openssl's options: `-stream` writes BER (indefinite lengths, the
/// content in chunks), as Netscape, Outlook Express and NSS write it.
fn sign_with(dir: &Path, entity: &Path, options: &[&str]) -> Vec<u8> {
    let mut args = vec![
        "smime",
        "-sign",
        "-nodetach",
        "-in",
        s(entity),
        "-signer",
        "cert.pem",
        "-inkey",
        "key.pem",
    ];
    args.extend_from_slice(options);
    openssl(dir, &args)
}

/// `entity` encrypted for the certificate's key, as S/MIME.
fn encrypt(dir: &Path, entity: &Path) -> Vec<u8> {
    openssl(
        dir,
        &["smime", "-encrypt", "-aes256", "-in", s(entity), "cert.pem"],
    )
}

/// The MIME entity that is signed or encrypted: a text and the files given.
fn entity(dir: &Path, files: &[(&str, &str, &[u8])]) -> PathBuf {
    entity_with(dir, TEXT, files)
}

/// [`entity`] with another text.
fn entity_with(dir: &Path, text: &str, files: &[(&str, &str, &[u8])]) -> PathBuf {
    use base64::Engine;
    let mut out = String::from("Content-Type: multipart/mixed; boundary=\"inre\"\r\n\r\n");
    out.push_str(&format!(
        "--inre\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: 8bit\r\n\r\n{text}\r\n"
    ));
    for (name, mime, bytes) in files {
        out.push_str(&format!(
            "--inre\r\nContent-Type: {mime}; name=\"{name}\"\r\n\
             Content-Disposition: attachment; filename=\"{name}\"\r\n\
             Content-Transfer-Encoding: base64\r\n\r\n{}\r\n",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        ));
    }
    out.push_str("--inre--\r\n");
    let path = dir.join("inre.txt");
    std::fs::write(&path, out).expect("write");
    path
}

/// The message as a mail server delivers it: its envelope headers, then openssl's S/MIME.
fn delivered(smime: &[u8]) -> Vec<u8> {
    let mut mail = b"Received: from mx.example.org by mail.exempelby.example; \
                     Thu, 3 Dec 2026 09:14:00 +0100\r\n\
                     From: Testperson Ett <ett@example.org>\r\n\
                     To: ifo@exempelby.example\r\n\
                     Subject: =?utf-8?q?Ans=C3=B6kan?=\r\n\
                     Date: Thu, 3 Dec 2026 09:13:00 +0100\r\n"
        .to_vec();
    mail.extend_from_slice(smime);
    mail
}

/// Signed opaquely (Outlook's "send as clear text signed" switched off; what some
/// authorities' systems send): before, the item had no text and one file nobody could open.
#[test]
fn an_opaquely_signed_message_is_read_out_of_its_signature() {
    let t = Inkom::new();
    let dir = t.files();
    certificate(&dir);
    let inner = entity(
        &dir,
        &[
            ("intyg.txt", "text/plain", LETTER.as_bytes()),
            (
                "ansokan.docx",
                "application/octet-stream",
                b"PK\x03\x04 not printed",
            ),
        ],
    );
    let signed = sign(&dir, &inner);
    let mail = t.write("signerat.eml", &delivered(&signed));
    let id = t.import_first(&mail);
    let item = t.ok(&["show", &id]);
    assert_eq!(item["body"].as_str().map(str::trim), Some(TEXT), "{item}");
    assert_eq!(item["subject"], "Ansökan");
    let names: Vec<&str> = item["attachments"]
        .as_array()
        .expect("attachments")
        .iter()
        .filter_map(|a| a["name"].as_str())
        .collect();
    assert_eq!(names, ["smime.p7m"], "the signed form is kept as it came");
    let notes = item["source"]["notes"].to_string();
    assert!(notes.contains("signerat med S/MIME"), "{notes}");
    assert!(notes.contains("smime.p7m › …"), "{notes}");

    t.classify_diarium(&id, "Ansökan om ekonomiskt bistånd");
    let pdf = dir.join("signerat.pdf");
    t.ok(&["register", &id, "--out", s(&pdf)]);
    let text = pdftotext(&pdf);
    for expected in [
        TEXT,
        "Bilaga smime.p7m",
        "Innehållet i S/MIME-signaturen (signaturen är inte kontrollerad)",
        "Bilagor: intyg.txt, ansokan.docx (bilagor i det signerade meddelandet)",
        "Bilaga smime.p7m › intyg.txt",
        LETTER,
        "smime.p7m › ansokan.docx",
    ] {
        assert!(pdf_text_contains(&text, expected), "{expected}: {text}");
    }

    // The deletion gate holds back what the sheet cannot hold, and only that.
    let p7m = Attachment::new("smime.p7m", "application/x-pkcs7-mime", der_of(&signed));
    let off = inkom::documents::off_paper(&[p7m], None);
    let held: Vec<&str> = held_back(&off).into_iter().map(|(n, _)| n).collect();
    assert_eq!(held, ["smime.p7m › ansokan.docx"]);

    // Forwarded as a file in another message, whose text is not the signed one: its own text
    // is on paper all the same, under its name.
    let forwarded = format!(
        "From: Testperson Två <tva@example.org>\r\nTo: ifo@exempelby.example\r\n\
         Subject: Vidare\r\nDate: Thu, 3 Dec 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"yttre\"\r\n\r\n--yttre\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nSe bifogad fil.\r\n--yttre\r\n\
         Content-Type: application/pkcs7-mime; smime-type=signed-data; name=\"ansokan.p7m\"\r\n\
         Content-Disposition: attachment; filename=\"ansokan.p7m\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{}\r\n--yttre--\r\n",
        base64_lines(&der_of(&signed))
    );
    let mail = t.write("vidare.eml", forwarded.as_bytes());
    let id = t.import_first(&mail);
    let item = t.ok(&["show", &id]);
    assert_eq!(
        item["body"].as_str().map(str::trim),
        Some("Se bifogad fil.")
    );
    t.classify_diarium(&id, "Vidarebefordrad ansökan");
    let pdf = dir.join("vidare.pdf");
    t.ok(&["register", &id, "--out", s(&pdf)]);
    let text = pdftotext(&pdf);
    for expected in [
        "Bilaga ansokan.p7m",
        TEXT,
        "Bilaga ansokan.p7m › intyg.txt",
        LETTER,
    ] {
        assert!(pdf_text_contains(&text, expected), "{expected}: {text}");
    }
}

fn base64_lines(bytes: &[u8]) -> String {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    encoded
        .as_bytes()
        .chunks(76)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("\r\n")
}

/// Encrypted for the unit's key: inkom cannot read it and says so; the file is held back.
#[test]
fn an_encrypted_message_says_it_cannot_be_read_and_is_held_back() {
    let t = Inkom::new();
    let dir = t.files();
    certificate(&dir);
    let inner = entity(&dir, &[]);
    let encrypted = encrypt(&dir, &inner);
    let mail = t.write("krypterat.eml", &delivered(&encrypted));
    let import = t.ok(&["import", s(&mail)]);
    assert!(
        import.to_string().contains("krypterat med S/MIME"),
        "said at import: {import}"
    );
    let id = import["imported"][0]["created"][0].to_string();
    let item = t.ok(&["show", &id]);
    assert!(
        !item["body"]
            .as_str()
            .unwrap_or_default()
            .contains("ansökan"),
        "nothing made up: {item}"
    );
    let p7m = Attachment::new("smime.p7m", "application/x-pkcs7-mime", der_of(&encrypted));
    let off = inkom::documents::off_paper(&[p7m], None);
    let held: Vec<&str> = held_back(&off).into_iter().map(|(n, _)| n).collect();
    assert_eq!(held, ["smime.p7m"]);
}

/// Signed as a stream (BER: indefinite lengths, the content as a chunked OCTET STRING), as
/// Netscape, Outlook Express and Thunderbird write it: read like one in DER. Before, "gick
/// inte att läsa", and the file was held back.
#[test]
fn a_signature_written_as_a_stream_is_read_too() {
    let t = Inkom::new();
    let dir = t.files();
    certificate(&dir);
    let inner = entity(&dir, &[("intyg.txt", "text/plain", LETTER.as_bytes())]);
    let signed = sign_with(&dir, &inner, &["-stream"]);
    let der = der_of(&signed);
    assert_eq!(
        &der[..2],
        [0x30, 0x80],
        "openssl wrote BER: {:02x?}",
        &der[..4]
    );
    let mail = t.write("strom.eml", &delivered(&signed));
    let id = t.import_first(&mail);
    let item = t.ok(&["show", &id]);
    assert_eq!(item["body"].as_str().map(str::trim), Some(TEXT), "{item}");
    let notes = item["source"]["notes"].to_string();
    assert!(notes.contains("signerat med S/MIME"), "{notes}");
    let p7m = Attachment::new("smime.p7m", "application/x-pkcs7-mime", der);
    let off = inkom::documents::off_paper(&[p7m], None);
    assert!(held_back(&off).is_empty(), "{:?}", held_back(&off));
}

/// The real messages of 1996 in Netscape's mailbox (Exchange's, E-Mail Connection's and
/// Frontier's signatures, all BER): their text is read out of the signature.
#[test]
fn signatures_of_1996_in_ber_are_read() {
    let t = Inkom::new();
    let mbox = t.fixture("realworld/mbox/mimekit_netscape-1996_content-length.mbox");
    let import = t.ok(&["import", "--per-message", s(&mbox)]);
    let said = import.to_string();
    assert!(!said.contains("inte gick att läsa"), "{said}");
    let items: Vec<serde_json::Value> = created_ids(&import)
        .iter()
        .map(|id| t.ok(&["show", &id.to_string()]))
        .collect();
    let by_subject = |subject: &str| {
        items
            .iter()
            .find(|i| i["subject"] == subject)
            .unwrap_or_else(|| panic!("{subject} not imported"))
    };
    for (subject, text) in [
        (
            "Deming Software -- ready to go!",
            "This signed message is Deming Software's indication of interoperability",
        ),
        (
            "Ready for interoperability testing.",
            "This message is a signed message in accordance with STEP 3",
        ),
    ] {
        let item = by_subject(subject);
        let body = item["body"].as_str().unwrap_or_default();
        assert!(body.contains(text), "{subject}: {item}");
        let notes = item["source"]["notes"].to_string();
        assert!(notes.contains("signerat med S/MIME"), "{notes}");
    }
}

/// The DER inside openssl's S/MIME output (base64 after its header block).
fn der_of(smime: &[u8]) -> Vec<u8> {
    use base64::Engine;
    let text = String::from_utf8_lossy(smime);
    let body = text
        .split_once("\n\n")
        .map(|(_, b)| b)
        .expect("a header block");
    let b64: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .expect("base64")
}

/// Outlook keeps an opaquely signed or encrypted message it received as `IPM.Note.SMIME` with
/// no text and the content as the attachment `smime.p7m`: the text is read out of a signature,
/// and an encrypted one is said to be unreadable.
#[test]
fn outlook_keeps_an_smime_message_as_smime_p7m() {
    use crate::common::msg_file::{build_cfb, filetime, properties, utf16};
    let t = Inkom::new();
    let dir = t.files();
    certificate(&dir);
    let inner = entity(&dir, &[("intyg.txt", "text/plain", LETTER.as_bytes())]);
    let signed = der_of(&sign(&dir, &inner));
    let encrypted = der_of(&encrypt(&dir, &inner));
    for (name, der, says) in [
        ("signerat.msg", signed, "signerat med S/MIME"),
        ("krypterat.msg", encrypted, "krypterat med S/MIME"),
    ] {
        let msg = build_cfb(&[
            (
                "/__properties_version1.0",
                // PR_MESSAGE_DELIVERY_TIME
                properties(32, &[(0x0E06, 0x0040, filetime(1_796_288_400))]),
            ),
            ("/__substg1.0_001A001F", utf16("IPM.Note.SMIME")),
            ("/__substg1.0_0037001F", utf16("Ansökan")),
            (
                "/__attach_version1.0_#00000000/__properties_version1.0",
                properties(8, &[(0x3705, 0x0003, 1)]), // by value
            ),
            (
                "/__attach_version1.0_#00000000/__substg1.0_3707001F",
                utf16("smime.p7m"),
            ),
            (
                "/__attach_version1.0_#00000000/__substg1.0_370E001F",
                utf16("application/pkcs7-mime"),
            ),
            ("/__attach_version1.0_#00000000/__substg1.0_37010102", der),
        ]);
        let path = t.write(name, &msg);
        let id = t.import_first(&path);
        let item = t.ok(&["show", &id]);
        let notes = item["source"]["notes"].to_string();
        assert!(notes.contains(says), "{name}: {notes}");
        let body = item["body"].as_str().unwrap_or_default().trim().to_string();
        if name == "signerat.msg" {
            assert_eq!(body, TEXT);
            t.classify_diarium(&id, "Ansökan");
            let pdf = dir.join("signerat-msg.pdf");
            t.ok(&["register", &id, "--out", s(&pdf)]);
            let text = pdftotext(&pdf);
            assert!(pdf_text_contains(&text, LETTER), "{text}");
        } else {
            assert!(body.is_empty(), "nothing made up: {body}");
        }
    }
}

/// The item view shows what the printout shows: the signed text under `smime.p7m`, and the
/// files inside it.
#[test]
fn the_item_view_shows_what_is_inside_the_signature() {
    let mut d = crate::desk_support::Desk::empty();
    let dir = tempfile::tempdir().expect("tempdir");
    certificate(dir.path());
    let inner = entity(
        dir.path(),
        &[("intyg.txt", "text/plain", LETTER.as_bytes())],
    );
    let path = d.write("signerat.eml", &delivered(&sign(dir.path(), &inner)));
    let ids = d.import(&path, false);
    let view = inkom::desk::item_view::item_view(&d.store, ids[0]).expect("view");
    let p7m = &view.attachments[0];
    assert_eq!(p7m.name, "smime.p7m");
    let text = p7m.text.as_deref().expect("its text");
    assert!(text.contains(TEXT), "{text}");
    let names: Vec<&str> = view.inner_files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["smime.p7m › intyg.txt"]);
    assert_eq!(view.inner_files[0].text.as_deref(), Some(LETTER));
}

/// Arabic, Chinese and Tigrinya inside a signature reach the printout, in the text and in a
/// file signed with it.
#[test]
fn scripts_inside_a_signature_reach_the_printout() {
    const LINES: [&str; 3] = [
        "مرحبا، أحتاج إلى موعد يوم الثلاثاء",
        "明天见，我需要帮助填写表格",
        "ሰላም፡ ንረቡዕ ቆጸራ ደልየ ኣለኹ",
    ];
    let t = Inkom::new();
    let dir = t.files();
    certificate(&dir);
    let note = LINES.join("\n");
    let inner = entity_with(
        &dir,
        &LINES.join("\r\n"),
        &[(
            "anteckning.txt",
            "text/plain; charset=utf-8",
            note.as_bytes(),
        )],
    );
    let mail = t.write("skript.eml", &delivered(&sign(&dir, &inner)));
    let id = t.import_first(&mail);
    t.classify_diarium(&id, "Flerspråkigt meddelande");
    let pdf = dir.join("skript.pdf");
    t.ok(&["register", &id, "--out", s(&pdf)]);
    let text = pdftotext(&pdf);
    // pdftotext gives right-to-left runs in their visual order, wrapped in embedding marks:
    // every word is compared, three times (the text, its copy under smime.p7m, the file).
    let plain = text.replace(['\u{202B}', '\u{202C}'], "");
    for line in LINES {
        for word in line.split([' ', '،', '，', '፡']).filter(|w| !w.is_empty()) {
            assert!(plain.matches(word).count() >= 3, "{word}: {text}");
        }
    }
    assert!(
        pdf_text_contains(&text, "Bilaga smime.p7m › anteckning.txt"),
        "{text}"
    );
    assert!(!text.contains('\u{FFFD}'), "{text}");
}

/// A real message Thunderbird encrypted (BER with indefinite lengths, which the DER reader
/// does not take): known as encrypted by its content type, and said so.
#[test]
fn thunderbirds_encrypted_message_is_said_to_be_encrypted() {
    let t = Inkom::new();
    let (id, _) = t.import_fixture("realworld/eml/thunderbird_smime-encrypted_enveloped-data.eml");
    let notes = t.ok(&["show", &id])["source"]["notes"].to_string();
    assert!(notes.contains("krypterat med S/MIME"), "{notes}");
}
