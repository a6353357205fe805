//! The importers against real sample files (`../shared/fixtures`, ground truth in
//! `synthetic/expected.json`) and hostile files made on the fly.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use inkom::import::*;
use inkom::model::{Channel, Direction, NewItem, sha256_hex};
use serde_json::Value;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures")
        .join(rel)
}

fn expected(key: &str) -> Value {
    let key = key.strip_prefix("synthetic/").unwrap_or(key);
    let text = std::fs::read_to_string(fixture("synthetic/expected.json")).expect("expected.json");
    let all: Value = serde_json::from_str(&text).expect("valid json");
    all[key].clone()
}

fn parse_with(
    path: &Path,
    limits: &ImportLimits,
) -> (Result<ParsedFile, ImportError>, Vec<NewItem>) {
    let mut items = Vec::new();
    let result = parse_file(path, limits, &mut |item| {
        items.push(item);
        Ok(())
    });
    (result, items)
}

fn parse(path: &Path) -> (Result<ParsedFile, ImportError>, Vec<NewItem>) {
    parse_with(path, &ImportLimits::default())
}

fn parse_ok(path: &Path) -> (ParsedFile, Vec<NewItem>) {
    let (result, items) = parse(path);
    match result {
        Ok(parsed) => (parsed, items),
        Err(e) => panic!("{} failed: {e}", path.display()),
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write temp file");
    path
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("expected.json: {key} missing in {v}"))
}

// ---------------------------------------------------------------- SMS Backup & Restore XML

const SMS_XML: &str = "synthetic/sms/sms-backup-restore_sv_3-konversationer.xml";

#[test]
fn sms_xml_matches_expected_messages() {
    let path = fixture(SMS_XML);
    let (parsed, items) = parse_ok(&path);
    assert_eq!(parsed.format, Format::SmsBackupRestoreXml);
    let file_sha = sha256_hex(&std::fs::read(&path).expect("read fixture"));
    assert_eq!(parsed.file_sha256, file_sha);

    let exp = expected(SMS_XML);
    let sms: Vec<&Value> = exp["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .filter(|m| m["kind"] == "sms" && (m["type"] == 1 || m["type"] == 2))
        .collect();
    let got: Vec<&NewItem> = items
        .iter()
        .filter(|i| i.source.locator.starts_with("sms "))
        .collect();
    assert_eq!(sms.len(), 25);
    assert_eq!(got.len(), sms.len());

    for (want, item) in sms.iter().zip(&got) {
        let counterpart = str_of(want, "counterpart");
        let contact = str_of(want, "contact");
        assert_eq!(item.channel, Channel::Sms);
        assert_eq!(
            item.received_at.to_rfc3339(),
            str_of(want, "time"),
            "{}",
            item.source.locator
        );
        assert_eq!(item.body, str_of(want, "text"), "{}", item.source.locator);
        assert_eq!(item.subject, None);
        assert!(item.attachments.is_empty());
        let shown = if contact == "(Unknown)" {
            counterpart.to_string()
        } else {
            format!("{counterpart} ({contact})")
        };
        match str_of(want, "direction") {
            "in" => {
                assert_eq!(item.direction, Direction::In);
                assert_eq!(item.sender, shown);
                assert!(item.recipients.is_empty());
            }
            _ => {
                assert_eq!(item.direction, Direction::Out);
                assert_eq!(item.sender, "");
                assert_eq!(item.recipients, vec![shown]);
            }
        }
        assert_eq!(item.source.file_sha256, file_sha);
        assert!(Path::new(&item.source.path).is_absolute());
        assert!(
            item.source
                .path
                .ends_with("sms-backup-restore_sv_3-konversationer.xml")
        );
    }
    assert_eq!(got[0].source.locator, "sms 1");
    // DST: the same wall-clock habit on both sides of 25 Oct 2026.
    assert_eq!(got[0].received_at.offset().local_minus_utc(), 7200);
    assert_eq!(
        got.last().map(|i| i.received_at.offset().local_minus_utc()),
        Some(3600)
    );

    // The failed (type 5) message is not a delivered message: reported, not imported.
    assert!(
        parsed
            .skipped
            .iter()
            .any(|s| s == "sms 21: ej skickat (misslyckat), hoppades över"),
        "{:?}",
        parsed.skipped
    );
    assert!(!items.iter().any(|i| i.body.contains("Storgatan 1")));
    assert!(!items.iter().any(|i| i.source.locator == "sms 21"));
}

#[test]
fn sms_xml_mms_text_picture_and_group() {
    let (_, items) = parse_ok(&fixture(SMS_XML));
    let exp = expected(SMS_XML);
    let mms_exp: Vec<&Value> = exp["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .filter(|m| m["kind"] == "mms")
        .collect();
    let mms: Vec<&NewItem> = items
        .iter()
        .filter(|i| i.source.locator.starts_with("mms "))
        .collect();
    assert_eq!(mms.len(), 3);
    assert_eq!(items.len(), 28, "25 sms + 3 mms");

    for (want, item) in mms_exp.iter().zip(&mms) {
        assert_eq!(item.channel, Channel::Sms);
        assert_eq!(item.received_at.to_rfc3339(), str_of(want, "time"));
        assert_eq!(item.body, str_of(want, "text"));
        let want_atts = want["attachments"].as_array().expect("attachments");
        assert_eq!(item.attachments.len(), want_atts.len());
        for (a, w) in item.attachments.iter().zip(want_atts) {
            assert_eq!(a.name, str_of(w, "name"));
            assert_eq!(a.mime, str_of(w, "content_type"));
            assert_eq!(a.sha256, str_of(w, "sha256"));
            assert_eq!(Some(a.size), w["bytes"].as_u64());
        }
    }
    // 1: from Amira to the work phone.
    assert_eq!(mms[0].direction, Direction::In);
    assert_eq!(mms[0].sender, "+46701740605 (Amira Haddad)");
    assert_eq!(mms[0].recipients, vec!["+46701740699".to_string()]);
    // 2: group thread, received from the neighbour; the counsellor is a co-recipient.
    assert_eq!(mms[1].direction, Direction::In);
    assert_eq!(mms[1].sender, "+46701740648");
    assert!(
        mms[1]
            .recipients
            .contains(&"+46701740659 (Maria Lind)".to_string())
    );
    // 3: sent to the group; the own-number placeholder is not a party.
    assert_eq!(mms[2].direction, Direction::Out);
    assert_eq!(mms[2].sender, "");
    assert_eq!(
        mms[2].recipients,
        vec![
            "+46701740648".to_string(),
            "+46701740659 (Maria Lind)".to_string()
        ]
    );
    assert!(
        !items
            .iter()
            .any(|i| i.sender.contains("insert-address-token"))
    );
}

#[test]
fn sms_xml_old_surrogate_emoji_are_recovered() {
    let key = "sms/sms-backup-restore_old-surrogate-emoji.xml";
    let (parsed, items) = parse_ok(&fixture(&format!("synthetic/{key}")));
    assert!(parsed.skipped.is_empty(), "{:?}", parsed.skipped);
    let exp = expected(key);
    let want = exp["messages"].as_array().expect("messages");
    assert_eq!(items.len(), want.len());
    for (item, w) in items.iter().zip(want) {
        assert_eq!(item.body, str_of(w, "text"));
        assert_eq!(item.direction.code(), str_of(w, "direction"));
    }
    assert_eq!(items[0].body, "Tack så mycket! \u{1F642}");
    assert_eq!(items[2].body, "Detsamma \u{1F600}\u{1F44D}");
}

#[test]
fn sms_xml_truncated_is_refused_even_after_items() {
    let bytes = std::fs::read(fixture(SMS_XML)).expect("read fixture");
    let dir = tempfile::tempdir().expect("tempdir");

    // Cut in the middle of the file: inside some element or attribute.
    let half = write(dir.path(), "halv.xml", &bytes[..bytes.len() / 2]);
    let (result, items) = parse(&half);
    match result {
        Err(ImportError::Truncated { position, line, .. }) => {
            assert!(
                position > 0 && position <= bytes.len() as u64 / 2,
                "{position}"
            );
            assert!(line > 1);
        }
        other => panic!("expected Truncated, got {other:?}"),
    }
    assert!(
        !items.is_empty(),
        "items before the cut are emitted; the caller rolls back"
    );

    // Cut cleanly between two elements: quick-xml sees no error, the open root gives it away.
    let text = String::from_utf8(bytes.clone()).expect("utf-8");
    let cut = text
        .find("contact_name=\"Jonas Ek\" />\n")
        .expect("an sms line")
        + "contact_name=\"Jonas Ek\" />\n".len();
    let clean = write(dir.path(), "ren.xml", &bytes[..cut]);
    let (result, _) = parse(&clean);
    let err = result.expect_err("truncated");
    assert!(matches!(err, ImportError::Truncated { position, .. } if position == cut as u64));
    let sv = err.sv();
    assert!(
        sv.contains("ren.xml") && sv.contains("avkortad") && sv.contains("rad 11"),
        "{sv}"
    );
    assert!(!sv.contains("Jonas") && !err.to_string().contains("Jonas"));
}

#[test]
fn xml_entity_expansion_is_never_done() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut doc =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE smses [\n <!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        doc.push_str(&format!(
            " <!ENTITY lol{i} \"{}\">\n",
            std::iter::repeat_n(format!("&{prev};"), 10).collect::<String>()
        ));
    }
    doc.push_str(
        "]>\n<smses count=\"1\">\n<sms address=\"+46701740605\" date=\"1792649643000\" \
                  type=\"1\" body=\"&lol9;\" />\n</smses>\n",
    );
    let bomb = write(dir.path(), "bomb.xml", doc.as_bytes());
    let started = Instant::now();
    let (result, items) = parse(&bomb);
    // Generous (shared CI cores): an expanded bomb takes minutes and gigabytes, not seconds.
    let took = started.elapsed();
    eprintln!("entity bomb refused in {took:?}");
    assert!(took < Duration::from_secs(20), "{took:?}");
    assert!(items.is_empty());
    match result {
        Err(ImportError::Xml {
            reason: XmlProblem::Doctype,
            line,
            ..
        }) => assert_eq!(line, 2),
        other => panic!("expected a refused DOCTYPE, got {other:?}"),
    }

    // Without a DOCTYPE, an undefined entity in a body is an error, never text.
    let doc = "<smses count=\"1\"><sms address=\"+46701740605\" date=\"1792649643000\" type=\"1\" \
               body=\"hemligt &lol9; innehåll\" /></smses>";
    let undefined = write(dir.path(), "entity.xml", doc.as_bytes());
    let (result, items) = parse(&undefined);
    assert!(items.is_empty());
    let err = result.expect_err("unknown entity");
    assert!(
        matches!(
            err,
            ImportError::Xml {
                reason: XmlProblem::UnknownEntity,
                ..
            }
        ),
        "{err:?}"
    );
    for message in [err.to_string(), err.sv()] {
        assert!(
            !message.contains("hemligt") && !message.contains("lol9"),
            "{message}"
        );
    }
}

#[test]
fn other_xml_is_unsupported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let calls = write(
        dir.path(),
        "calls.xml",
        b"<?xml version='1.0'?>\n<calls count=\"0\"></calls>\n",
    );
    let (result, _) = parse(&calls);
    assert!(matches!(
        result,
        Err(ImportError::Unsupported {
            detected: Some(OtherFormat::OtherXml),
            ..
        })
    ));
}

/// An e-mail saved from Outlook as text (Save As → Text Only) has lost its attachments and its
/// time of arrival: refused with what to do instead, not imported as a mail without them (the
/// English one was, dated by the file) nor "Formatet stöds inte" without a word (the Swedish).
#[test]
fn an_e_mail_saved_as_text_from_outlook_is_refused_with_advice() {
    let t = crate::common::Inkom::new();
    for (name, bytes) in [
        (
            "ansokan.txt",
            &b"Fr\xe5n:\tTestperson Ett <ett@example.org>\r\nSkickat:\tden 3 december 2026 \
               09:13\r\nTill:\tifo@exempelby.example\r\n\xc4mne:\tAns\xf6kan\r\n\
               Bifogade filer:\tintyg.pdf\r\n\r\nHej, h\xe4r \xe4r min ans\xf6kan.\r\n"[..],
        ),
        (
            "application.txt",
            &b"From:\tTestperson Ett <ett@example.org>\r\nSent:\tThursday, December 3, 2026 \
               9:13 AM\r\nTo:\tifo@exempelby.example\r\nSubject:\tApplication\r\n\
               Attachments:\tcertificate.pdf\r\n\r\nHello.\r\n"[..],
        ),
    ] {
        let path = t.write(name, bytes);
        let before = t.snapshot();
        let out = t.run_json(&["import", crate::common::s(&path)]);
        assert!(!out.status.success(), "{name} was imported");
        let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let msg = report["rejected"][0]["error"]["message"].to_string();
        assert!(msg.contains("sparat som text ur Outlook"), "{msg}");
        assert!(msg.contains(".msg"), "{msg}");
        assert_eq!(t.snapshot(), before, "{name} changed the store");
    }

    // Saved as HTML: an HTML page to inkom, and the refusal says what to do if it is a mail.
    let path = t.write(
        "ansokan.htm",
        b"<html><head><meta name=Generator content=\"Microsoft Word 15 (filtered medium)\">\
          </head><body><p><b>Fr\xe5n:</b> Testperson Ett</p><p>Hej.</p></body></html>",
    );
    let out = t.run_json(&["import", crate::common::s(&path)]);
    assert!(!out.status.success());
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let msg = report["rejected"][0]["error"]["message"].to_string();
    assert!(msg.contains("HTML-sida") && msg.contains(".msg"), "{msg}");
}

/// An Outlook data file (a whole folder exported to .pst, or Outlook's .ost cache) was
/// "Formatet stöds inte" without a word: now the refusal says what it is and how to get single
/// messages out of it. The store is unchanged.
#[test]
fn an_outlook_data_file_is_refused_with_advice() {
    let t = crate::common::Inkom::new();
    // MS-PST's header (dwMagic, dwCRCPartial, wMagicClient, wVer) and something after it.
    let mut pst = b"!BDN\x8a\x1f\x4c\x02SM\x17\x00\x13\x00\x01\x01".to_vec();
    pst.resize(4096, 0);
    let path = t.write("Inkorgen.pst", &pst);
    let before = t.snapshot();
    let out = t.run_json(&["import", crate::common::s(&path)]);
    assert!(!out.status.success(), "a .pst was imported");
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let msg = report["rejected"][0]["error"]["message"].to_string();
    assert!(msg.contains("Outlook-datafil (.pst eller .ost)"), "{msg}");
    assert!(msg.contains("sparas de som .msg"), "{msg}");
    assert_eq!(t.snapshot(), before, "the store changed");
}

#[test]
fn sink_error_stops_the_import() {
    let mut seen = 0;
    let result = parse_file(&fixture(SMS_XML), &ImportLimits::default(), &mut |_| {
        seen += 1;
        if seen == 3 {
            Err(ImportError::Sink("disk full".into()))
        } else {
            Ok(())
        }
    });
    assert!(matches!(result, Err(ImportError::Sink(_))));
    assert_eq!(seen, 3);
}

// ---------------------------------------------------------------- e-mail

fn check_expected_email(rel: &str) -> NewItem {
    let (parsed, items) = parse_ok(&fixture(&format!("synthetic/{rel}")));
    assert_eq!(parsed.format, Format::Eml);
    assert_eq!(items.len(), 1);
    let item = items.into_iter().next().expect("one item");
    let exp = expected(rel);
    assert_eq!(item.channel, Channel::Email);
    assert_eq!(item.direction, Direction::In);
    assert_eq!(item.sender, str_of(&exp, "from_"));
    assert_eq!(item.subject.as_deref(), Some(str_of(&exp, "subject")));
    // The Date header is the sender's time; the date received is the unit's server's
    // (tests/lifecycle_dates.rs).
    assert_eq!(
        item.sent_at.map(|t| t.to_rfc3339()).as_deref(),
        Some(str_of(&exp, "date"))
    );
    assert_eq!(item.body, str_of(&exp, "text"));
    assert_eq!(item.source.locator, "");
    let want = exp["attachments"].as_array().expect("attachments");
    assert_eq!(item.attachments.len(), want.len());
    for (a, w) in item.attachments.iter().zip(want) {
        assert_eq!(a.name, str_of(w, "name"));
        assert_eq!(a.mime, str_of(w, "content_type"));
        assert_eq!(a.sha256, str_of(w, "sha256"));
        assert_eq!(Some(a.size), w["bytes"].as_u64());
    }
    item
}

#[test]
fn eml_swedish_quoted_printable_latin1() {
    let item = check_expected_email("email/sv_qp_iso-8859-1.eml");
    assert_eq!(
        item.recipients,
        vec!["Socialtjänsten Exempelby <socialtjansten@kommun.example.se>".to_string()]
    );
    assert!(item.cc.is_empty());
    // A plain-text mail gets no HTML made up for it.
    assert_eq!(item.body_html, None);
}

#[test]
fn eml_multipart_with_png_attachment() {
    let item = check_expected_email("email/sv_multipart_png-bilaga.eml");
    assert!(item.attachments[0].bytes.starts_with(b"\x89PNG"));
    assert!(!item.body.contains("<script") && !item.body.contains("http"));
    // The HTML part is kept sanitised: the text and markup stay, the remote tracking pixel and
    // the script do not.
    let html = item.body_html.as_deref().expect("HTML body kept");
    assert!(html.contains("<b>30:e</b>"), "{html}");
    assert!(html.contains("Jag förstår inte"), "{html}");
    for bad in ["<script", "alert", "http", "spårning", "pixel.gif", " src="] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
}

#[test]
fn eml_and_mbox_keep_to_and_cc_apart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mail = "From: Amira Haddad <amira.haddad@example.com>\r\n\
                To: Socialtjänsten <socialtjansten@kommun.example.se>, b@kommun.example.se\r\n\
                Cc: =?UTF-8?Q?G=C3=B6ran_Ek?= <goran.ek@example.org>\r\n\
                Cc: c@example.org\r\n\
                Subject: Kopia\r\n\
                Date: Tue, 03 Nov 2026 09:00:00 +0100\r\n\
                \r\n\
                Hej\r\n";
    let path = write(dir.path(), "kopia.eml", mail.as_bytes());
    let (_, items) = parse_ok(&path);
    assert_eq!(
        items[0].recipients,
        [
            "Socialtjänsten <socialtjansten@kommun.example.se>",
            "b@kommun.example.se"
        ]
    );
    assert_eq!(
        items[0].cc,
        ["Göran Ek <goran.ek@example.org>", "c@example.org"]
    );
    assert_eq!(items[0].body_html, None);

    let mbox =
        format!("From x Tue Nov  3 09:00:00 2026\n{mail}\nFrom y Tue Nov  3 09:00:00 2026\n{mail}");
    let path = write(dir.path(), "kopia.mbox", mbox.as_bytes());
    let (parsed, items) = parse_ok(&path);
    assert_eq!(parsed.format, Format::Mbox);
    assert_eq!(items.len(), 2);
    for item in &items {
        assert_eq!(item.recipients.len(), 2);
        assert_eq!(item.cc.len(), 2);
    }
}

#[test]
fn eml_public_samples() {
    // Windows-1252 quoted-printable body and encoded-word subject.
    let (_, items) = parse_ok(&fixture("public/eml/plain_windows-1252_qp.eml"));
    let item = &items[0];
    assert_eq!(item.sender, "Doug Sauder <doug@example.com>");
    assert_eq!(
        item.recipients,
        vec!["Heinz Müller <mueller@example.com>".to_string()]
    );
    assert_eq!(
        item.subject.as_deref(),
        Some("Die Hasen und die Frösche (Microsoft Outlook 00)")
    );
    assert_eq!(item.received_at.to_rfc3339(), "2000-05-17T19:30:20-04:00");
    assert!(
        item.body
            .starts_with("Die Hasen und die Frösche\n\nDie Hasen klagten einst über")
    );
    assert!(item.body.contains("ärger als der Tod"));

    // HTML only: rendered as text, paragraphs kept, entities decoded, no tags.
    let (_, items) = parse_ok(&fixture("public/eml/html-only_iso-8859-1_qp.eml"));
    let body = &items[0].body;
    assert!(
        body.starts_with("Die Hasen und die Frösche\n\nDie Hasen klagten einst über ihre"),
        "{body}"
    );
    assert!(body.contains("\"wir leben\""));
    assert!(body.contains("sterben.\"\n\nIn einem nahen Teich"));
    assert!(!body.contains('<') && !body.contains("&quot;"));
    let html = items[0].body_html.as_deref().expect("HTML kept");
    assert!(html.contains("<b>Die Hasen und die"), "{html}");

    // Inline cid: picture in the HTML: the reference is removed, the picture stays an
    // attachment.
    let (_, items) = parse_ok(&fixture(
        "public/eml/windows-1252_html-inline-image_attachment.eml",
    ));
    let html = items[0].body_html.as_deref().expect("HTML kept");
    assert!(!html.contains("cid:") && !html.contains(" src="), "{html}");
    assert!(items[0].attachments.iter().any(|a| a.mime == "image/png"));

    // Only attachments, no text part: still one item, with an empty body.
    let (_, items) = parse_ok(&fixture("public/eml/two-png-attachments_no-text-body.eml"));
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].body, "");
    let names: Vec<&str> = items[0]
        .attachments
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(names, ["blueball.png", "redball.png"]);
    for a in &items[0].attachments {
        assert_eq!(a.mime, "image/png");
        assert!(a.bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert_eq!(a.size, a.bytes.len() as u64);
    }

    // A leading mbox "From " line on a single message is fine.
    let (_, items) = parse_ok(&fixture(
        "public/eml/pdf-attachment_emoji-subject_mbox-from-line.eml",
    ));
    assert_eq!(
        items[0].subject.as_deref(),
        Some("Another PDF with 🎉 Unicode chars in it 🍿")
    );
    assert_eq!(items[0].attachments[0].name, "broken.pdf");
    assert_eq!(items[0].attachments[0].size, 1026);
}

const MBOX: &str = "synthetic/email/sv_tre-meddelanden.mbox";

#[test]
fn mbox_gives_one_item_per_message() {
    let path = fixture(MBOX);
    let (parsed, items) = parse_ok(&path);
    assert_eq!(parsed.format, Format::Mbox);
    assert!(parsed.skipped.is_empty(), "{:?}", parsed.skipped);
    let exp = expected(MBOX);
    let want = exp["messages"].as_array().expect("messages");
    assert_eq!(items.len(), 3);
    assert_eq!(want.len(), 3);
    let file_sha = sha256_hex(&std::fs::read(&path).expect("read"));
    for (n, (item, w)) in items.iter().zip(want).enumerate() {
        assert_eq!(item.channel, Channel::Email);
        assert_eq!(item.direction, Direction::In);
        assert_eq!(item.source.locator, format!("meddelande {}", n + 1));
        assert_eq!(item.source.file_sha256, file_sha);
        assert_eq!(item.subject.as_deref(), Some(str_of(w, "subject")));
        assert_eq!(item.received_at.to_rfc3339(), str_of(w, "date"));
        assert_eq!(item.thread, None);
        assert!(item.attachments.is_empty());
        assert_eq!(item.recipients, ["socialtjansten@kommun.example.se"]);
    }
    // windows-1252 8bit, with an encoded-word sender name holding an en dash.
    assert_eq!(
        items[0].sender,
        "Skolan – mentor Eva Holm <eva.holm@skola.example.se>"
    );
    assert_eq!(
        items[0].body,
        "Hej,\n\nEleven har 38 % frånvaro sedan höstlovet – mest måndagar.\n\
         Vi har kallat till elevhälsomöte.\n\nEva\n"
    );
    // mboxrd: ">>From" reads back as ">From"; "> From:" is a quote and stays.
    assert_eq!(
        items[1].body,
        "Jag läste ert brev.\n>From my point of view är det orimligt.\n\n\
         > From: Socialtjänsten\n> Vi föreslår umgänge varannan helg.\n"
    );
    // base64 body, emoji in a B-encoded subject.
    assert_eq!(
        items[2].body,
        "Ringa betydelse: nyhetsbrev om kommunens öppettider i jul.\n"
    );
}

#[test]
fn mbox_with_one_message_is_an_eml() {
    let (parsed, items) = parse_ok(&fixture(
        "public/eml/pdf-attachment_emoji-subject_mbox-from-line.eml",
    ));
    assert_eq!(parsed.format, Format::Eml);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].source.locator, "");
}

fn mbox_message(n: usize, extra_headers: &str, body: &str) -> String {
    format!(
        "From sender{n}@example.se Mon Nov  9 07:02:00 2026\n\
         From: Avs {n} <sender{n}@example.se>\n\
         Subject: Nr {n}\n\
         Date: Mon, 09 Nov 2026 08:02:00 +0100\n{extra_headers}\n{body}\n\n"
    )
}

#[test]
fn mbox_separators_quoting_crlf_and_attachment_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A "From " line not after an empty line is body text (mboxo writers), not a separator.
    let mut mbox = mbox_message(1, "", "rad 1\nFrom here on it is body\nslut");
    let attach = "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b\"\n";
    let body = "--b\nContent-Type: text/plain; charset=utf-8\n\nSe bilagor 🙂\n\
                --b\nContent-Type: application/octet-stream\n\
                Content-Disposition: attachment; filename=\"../../x\"\n\
                Content-Transfer-Encoding: base64\n\naGVq\n\
                --b\nContent-Type: text/plain\n\
                Content-Disposition: attachment; filename=\"LPT1.txt\"\n\nx\n--b--";
    mbox.push_str(&mbox_message(2, attach, body));
    mbox.push_str(&mbox_message(3, "", "CRLF-rad\n>>>From quoted").replace('\n', "\r\n"));
    // Two separators in a row: an empty message, noted and skipped.
    mbox.push_str("From x Mon Nov  9 07:02:00 2026\n\n");
    let (parsed, items) = parse_ok(&write(dir.path(), "inkorg", mbox.as_bytes()));
    assert_eq!(parsed.format, Format::Mbox);
    assert_eq!(items.len(), 3, "{:?}", parsed.skipped);
    assert_eq!(items[0].body, "rad 1\nFrom here on it is body\nslut\n");
    assert_eq!(items[1].body, "Se bilagor 🙂");
    let names: Vec<&str> = items[1]
        .attachments
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(names, ["x", "_LPT1.txt"]);
    assert_eq!(items[1].attachments[0].bytes, b"hej");
    assert_eq!(items[2].body, "CRLF-rad\n>>From quoted\n");
    assert_eq!(items[2].sender, "Avs 3 <sender3@example.se>");
    assert_eq!(
        items[2].received_at.to_rfc3339(),
        "2026-11-09T08:02:00+01:00"
    );
    assert_eq!(
        parsed.skipped,
        ["meddelande 4: tomt meddelande, hoppades över"]
    );
}

/// A message without headers behind a separator line is what mail programs show as a message
/// without sender or subject (issue 15): imported with its text, the separator's time, and a
/// note on the item and in the summary saying so.
#[test]
fn mbox_headerless_message_is_imported_with_a_note() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut mbox = mbox_message(1, "", "Hemlig text");
    mbox.push_str("From x Mon Nov  9 07:02:00 2026\nbara text, inga rubriker\n\n");
    let path = write(dir.path(), "trasig.mbox", mbox.as_bytes());
    let (result, items) = parse(&path);
    let parsed = result.expect("imported");
    assert_eq!(items.len(), 2);
    assert_eq!(items[1].body, "bara text, inga rubriker\n");
    assert_eq!(items[1].sender, "");
    assert_eq!(
        items[1].received_at.to_rfc3339(),
        "2026-11-09T07:02:00+01:00"
    );
    assert!(items[1].source.notes[0].contains("saknar brevhuvud"));
    assert!(
        parsed
            .skipped
            .iter()
            .any(|s| s.starts_with("meddelande 2: meddelandet saknar brevhuvud")),
        "{:?}",
        parsed.skipped
    );
    // The first message is whole; only its date is the sender's, for want of a Received
    // header (guard rail 4).
    assert!(
        items[0]
            .source
            .notes
            .iter()
            .all(|n| n.starts_with("inget läsbart Received-huvud")),
        "{:?}",
        items[0].source.notes
    );
}

#[test]
fn large_mbox_is_streamed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut mbox = String::new();
    for n in 1..=3000 {
        mbox.push_str(&mbox_message(n, "", &format!("Meddelande {n}\nrad två")));
    }
    let start = Instant::now();
    let (parsed, items) = parse_ok(&write(dir.path(), "stor.mbox", mbox.as_bytes()));
    assert_eq!(parsed.format, Format::Mbox);
    assert_eq!(items.len(), 3000);
    assert_eq!(items[2999].source.locator, "meddelande 3000");
    assert_eq!(items[2999].body, "Meddelande 3000\nrad två\n");
    assert!(start.elapsed() < Duration::from_secs(30));
}

#[test]
fn eml_without_date_uses_file_time_and_hostile_names_are_sanitised() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mail = "From: Test <t@example.com>\r\nSubject: Hej\r\nMIME-Version: 1.0\r\n\
        Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n\
        Text\r\n--b\r\nContent-Type: text/plain; name=\"../../x\"\r\n\
        Content-Disposition: attachment; filename=\"../../x\"\r\n\r\nA\r\n--b\r\n\
        Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"CON.txt\"\r\n\r\n\
        B\r\n--b--\r\n";
    let path = write(dir.path(), "utan-datum.eml", mail.as_bytes());
    let mtime = SystemTime::UNIX_EPOCH + Duration::from_secs(1_780_000_000); // 2026-05-28
    std::fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_modified(mtime))
        .expect("mtime");
    let (_, items) = parse_ok(&path);
    assert_eq!(
        items[0].received_at.to_rfc3339(),
        "2026-05-28T22:26:40+02:00"
    );
    assert_eq!(items[0].body, "Text");
    let names: Vec<&str> = items[0]
        .attachments
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(names, ["x", "_CON.txt"]);
}

#[test]
fn sanitize_attachment_names() {
    assert_eq!(sanitize_file_name("../../x", 1), "x");
    assert_eq!(sanitize_file_name("CON.txt", 1), "_CON.txt");
    assert_eq!(sanitize_file_name("nul", 1), "_nul");
    assert_eq!(
        sanitize_file_name("C:\\Users\\x\\..\\evil.exe", 1),
        "evil.exe"
    );
    assert_eq!(sanitize_file_name("a\u{7}b\u{202E}c.png", 1), "abc.png");
    assert_eq!(sanitize_file_name("  ", 4), "bilaga-4");
    assert_eq!(sanitize_file_name("..", 5), "bilaga-5");
}

// ---------------------------------------------------------------- screenshots

fn check_screenshot(rel: &str, format: Format, mime: &str) -> (ParsedFile, NewItem) {
    let path = fixture(&format!("synthetic/{rel}"));
    let (parsed, items) = parse_ok(&path);
    assert_eq!(parsed.format, format);
    assert_eq!(items.len(), 1);
    let item = items.into_iter().next().expect("one item");
    let exp = expected(rel);
    assert_eq!(item.received_at.to_rfc3339(), str_of(&exp, "capture_time"));
    assert_eq!(item.channel, Channel::Screenshot);
    assert_eq!(item.direction, Direction::In);
    assert_eq!(
        (
            item.sender.as_str(),
            item.body.as_str(),
            item.subject.as_deref()
        ),
        ("", "", None)
    );
    assert!(item.recipients.is_empty());
    assert_eq!(item.page_address.as_deref(), exp["page_address"].as_str());
    let bytes = std::fs::read(&path).expect("read");
    assert_eq!(item.attachments.len(), 1);
    assert_eq!(item.attachments[0].bytes, bytes);
    assert_eq!(item.attachments[0].mime, mime);
    assert_eq!(
        Some(item.attachments[0].name.as_str()),
        path.file_name().and_then(|n| n.to_str())
    );
    assert_eq!(item.source.file_sha256, sha256_hex(&bytes));
    assert_eq!(item.source.locator, "");
    (parsed, item)
}

#[test]
fn screenshots_capture_times() {
    let (parsed, _) = check_screenshot(
        "screenshots/Screenshot_20261103-142233_Messages.png",
        Format::Png,
        "image/png",
    );
    assert!(parsed.skipped.is_empty());
    // Creation Time in RFC 1123 form; its tIME chunk (08:45:07 UTC) must not win.
    let (parsed, item) = check_screenshot(
        "screenshots/Skarmbild_2026-11-03_094107.png",
        Format::Png,
        "image/png",
    );
    assert!(parsed.skipped.is_empty());
    assert_ne!(item.received_at.to_rfc3339(), "2026-11-03T09:45:07+01:00");
    // Its tEXt "Source" chunk is the page the information search was made on.
    assert_eq!(
        item.page_address.as_deref(),
        Some("https://kvittra.example.com/tindra.sjoberg.exempel")
    );
    check_screenshot(
        "screenshots/IMG_20261104_101530.jpg",
        Format::Jpeg,
        "image/jpeg",
    );
}

#[test]
fn screenshot_page_address_from_png_text_and_xmp() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = |name: &str, chunks: &[(&[u8; 4], &[u8])]| {
        let path = write(dir.path(), name, &small_png(chunks));
        let (_, items) = parse_ok(&path);
        items[0].page_address.clone()
    };
    // "Source" that names a device (its meaning in the PNG standard) is not an address.
    assert_eq!(run("a.png", &[(b"tEXt", b"Source\0Pixel 8 Pro")]), None);
    assert_eq!(
        run("b.png", &[(b"tEXt", b"Source\0file:///C:/x.html")]),
        None
    );
    assert_eq!(run("c.png", &[]), None);
    // XMP in an iTXt chunk: xmp:BaseURL, then dc:source.
    let xmp = "XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta><rdf:RDF><rdf:Description \
               xmp:BaseURL=\"https://sok.example.com/?q=tindra&amp;s=1\"/></rdf:RDF></x:xmpmeta>";
    assert_eq!(
        run("d.png", &[(b"iTXt", xmp.as_bytes())]).as_deref(),
        Some("https://sok.example.com/?q=tindra&s=1")
    );
    let xmp = "XML:com.adobe.xmp\0\0\0\0\0<rdf:Description><dc:source>\
               https://blogg.example.org/inlagg/42</dc:source></rdf:Description>";
    assert_eq!(
        run("e.png", &[(b"iTXt", xmp.as_bytes())]).as_deref(),
        Some("https://blogg.example.org/inlagg/42")
    );
    // The tEXt address wins over XMP; a device-name Source does not hide the XMP one.
    assert_eq!(
        run(
            "f.png",
            &[
                (b"tEXt", b"Source\0https://a.example/1"),
                (b"iTXt", xmp.as_bytes())
            ]
        )
        .as_deref(),
        Some("https://a.example/1")
    );
    assert_eq!(
        run(
            "g.png",
            &[(b"tEXt", b"Source\0Kamera"), (b"iTXt", xmp.as_bytes())]
        )
        .as_deref(),
        Some("https://blogg.example.org/inlagg/42")
    );
}

fn small_png(chunks: &[(&[u8; 4], &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, 4, 3);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().expect("png header");
        for (kind, data) in chunks {
            writer
                .write_chunk(png::chunk::ChunkType(**kind), data)
                .expect("chunk");
        }
        writer
            .write_image_data(&[200u8; 4 * 3 * 3])
            .expect("png data");
    }
    out
}

#[test]
fn png_time_chunk_is_not_the_capture_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    // tIME = 2026-11-03 08:45:07 UTC, and nothing else that tells a time.
    let bytes = small_png(&[(b"tIME", &[0x07, 0xEA, 11, 3, 8, 45, 7])]);
    let path = write(dir.path(), "bild.png", &bytes);
    let mtime = SystemTime::UNIX_EPOCH + Duration::from_secs(1_793_000_000); // 2026-10-26 07:33:20Z
    std::fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_modified(mtime))
        .expect("mtime");
    let (parsed, items) = parse_ok(&path);
    assert_eq!(
        items[0].received_at.to_rfc3339(),
        "2026-10-26T08:33:20+01:00"
    );
    // The item and the summary both say the time is the file's, to be checked.
    assert_eq!(parsed.skipped.len(), 1, "{:?}", parsed.skipped);
    assert!(parsed.skipped[0].contains("ändringstid"));
    assert_eq!(items[0].source.notes, parsed.skipped);

    // A naive Creation Time is Stockholm local time.
    let bytes = small_png(&[(b"tEXt", b"Creation Time\x002026-07-01 12:00:00")]);
    let path = write(dir.path(), "bild2.png", &bytes);
    let (_, items) = parse_ok(&path);
    assert_eq!(
        items[0].received_at.to_rfc3339(),
        "2026-07-01T12:00:00+02:00"
    );
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(&body).to_be_bytes());
    out
}

#[test]
fn huge_declared_image_is_refused_before_decoding() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&30000u32.to_be_bytes());
    ihdr.extend_from_slice(&30000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend(png_chunk(b"IHDR", &ihdr));
    bytes.extend(png_chunk(
        b"IDAT",
        &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    ));
    bytes.extend(png_chunk(b"IEND", &[]));
    let path = write(dir.path(), "enorm.png", &bytes);
    let started = Instant::now();
    let (result, items) = parse(&path);
    // Generous (shared CI cores): decoding the pixels would take minutes and gigabytes.
    let took = started.elapsed();
    eprintln!("pixel bomb refused in {took:?}");
    assert!(took < Duration::from_secs(20), "{took:?}");
    assert!(items.is_empty());
    let err = result.expect_err("too many pixels");
    assert!(
        matches!(
            err,
            ImportError::TooManyPixels {
                width: 30000,
                height: 30000,
                limit: 100_000_000,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.sv().contains("enorm.png"));

    // The same for a JPEG whose frame header declares 30000×30000.
    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 8];
    jpeg.extend_from_slice(&30000u16.to_be_bytes());
    jpeg.extend_from_slice(&30000u16.to_be_bytes());
    jpeg.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xFF, 0xD9]);
    let path = write(dir.path(), "enorm.jpg", &jpeg);
    let (result, _) = parse(&path);
    assert!(matches!(
        result,
        Err(ImportError::TooManyPixels {
            width: 30000,
            height: 30000,
            ..
        })
    ));
}

#[test]
fn text_named_png_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "x.png", b"Det har ar ingen bild, bara text.\n");
    let (result, items) = parse(&path);
    assert!(items.is_empty());
    let err = result.expect_err("not an image");
    assert!(
        matches!(err, ImportError::Unsupported { detected: None, .. }),
        "{err:?}"
    );
    assert_eq!(err.sv(), "Formatet stöds inte: x.png");

    // PNG signature followed by garbage: detected as PNG, refused as a broken image.
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(&[0x42; 100]);
    let path = write(dir.path(), "hyresavi.png", &bytes);
    let (result, _) = parse(&path);
    let err = result.expect_err("broken image");
    assert!(matches!(err, ImportError::Image { .. }), "{err:?}");
    assert!(
        err.sv()
            .starts_with("Filen hyresavi.png är inte en bild som stöds (PNG, JPEG eller WebP)")
    );
}

// ---------------------------------------------------------------- every format

#[test]
fn empty_file_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in ["tom.xml", "blank.eml"] {
        let content: &[u8] = if name == "tom.xml" { b"" } else { b" \r\n\n" };
        let path = write(dir.path(), name, content);
        let (result, _) = parse(&path);
        let err = result.expect_err("empty");
        assert!(matches!(err, ImportError::Empty { .. }), "{err:?}");
        assert_eq!(err.sv(), format!("Filen {name} är tom."));
    }
}

#[test]
fn oversized_file_is_refused_unread() {
    let limits = ImportLimits {
        max_file_bytes: 1000,
        ..ImportLimits::default()
    };
    let path = fixture(SMS_XML);
    let size = std::fs::metadata(&path).expect("metadata").len();
    let (result, items) = parse_with(&path, &limits);
    assert!(items.is_empty());
    match result {
        Err(ImportError::TooLarge {
            size: s,
            limit: 1000,
            ..
        }) => assert_eq!(s, size),
        other => panic!("expected TooLarge, got {other:?}"),
    }
}

#[test]
fn format_comes_from_content_not_extension() {
    let dir = tempfile::tempdir().expect("tempdir");
    let eml = std::fs::read(fixture("synthetic/email/sv_qp_iso-8859-1.eml")).expect("read");
    let (parsed, items) = parse_ok(&write(dir.path(), "meddelande.png", &eml));
    assert_eq!(parsed.format, Format::Eml);
    assert_eq!(
        items[0].subject.as_deref(),
        Some("Angående mötet om vårdnad – Ella")
    );

    let jpg =
        std::fs::read(fixture("synthetic/screenshots/IMG_20261104_101530.jpg")).expect("read");
    let (parsed, _) = parse_ok(&write(dir.path(), "anteckning.txt", &jpg));
    assert_eq!(parsed.format, Format::Jpeg);

    let (result, _) = parse(&write(dir.path(), "rapport.docx", b"PK\x03\x04\x14\0\0\0"));
    let err = result.expect_err("docx");
    assert!(matches!(
        err,
        ImportError::Unsupported {
            detected: Some(OtherFormat::Zip),
            ..
        }
    ));
    assert!(
        err.sv().starts_with("Formatet stöds inte: rapport.docx"),
        "{}",
        err.sv()
    );

    let (result, _) = parse(&fixture("synthetic/screenshots/IMG_4711.HEIC"));
    assert!(matches!(result, Err(ImportError::Heic { .. })));
}
