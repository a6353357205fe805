//! SMS Import / Export (Android): the ZIP export and its messages.ndjson alone, against
//! `synthetic/expected.json`, plus hostile archives (zip bomb, truncated, other ZIPs, bad lines).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use inkom::import::*;
use inkom::model::{Channel, Direction, NewItem, sha256_hex};
use serde_json::Value;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures")
        .join(rel)
}

fn expected(key: &str) -> Value {
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

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

const ZIP: &str = "sms/sms-ie_messages-2026-11-12.zip";
const NDJSON: &str = "sms/sms-ie_messages.ndjson";

/// Checks every message against expected.json; returns the items.
fn check(key: &str, format: Format) -> (ParsedFile, Vec<NewItem>) {
    let path = fixture(&format!("synthetic/{key}"));
    let (result, items) = parse(&path);
    let parsed = result.unwrap_or_else(|e| panic!("{key}: {e}"));
    assert_eq!(parsed.format, format);
    let file_sha = sha256_hex(&std::fs::read(&path).expect("read"));
    let exp = expected(key);
    let want = exp["messages"].as_array().expect("messages");
    assert_eq!(items.len(), want.len());
    for (item, w) in items.iter().zip(want) {
        let counterpart = w["counterpart"].as_str().expect("counterpart");
        let shown = match w["contact"].as_str() {
            Some(c) => format!("{counterpart} ({c})"),
            None => counterpart.to_string(),
        };
        assert_eq!(item.channel, Channel::Sms);
        assert_eq!(
            item.received_at.to_rfc3339(),
            w["time"].as_str().expect("time")
        );
        assert_eq!(item.body, w["text"].as_str().expect("text"));
        assert_eq!(item.thread.as_deref(), Some(counterpart));
        assert!(item.parts.is_empty());
        assert_eq!(item.subject, None);
        assert_eq!(item.source.file_sha256, file_sha);
        match w["direction"].as_str() {
            Some("in") => {
                assert_eq!(item.direction, Direction::In);
                assert_eq!(item.sender, shown);
            }
            _ => {
                assert_eq!(item.direction, Direction::Out);
                assert_eq!(item.sender, "");
                assert_eq!(item.recipients, [shown]);
            }
        }
        let kind = w["kind"].as_str().expect("kind");
        assert!(item.source.locator.starts_with(&format!("{kind} ")));
    }
    (parsed, items)
}

#[test]
fn zip_export_matches_expected() {
    let (parsed, items) = check(ZIP, Format::SmsIeZip);
    assert!(parsed.skipped.is_empty(), "{:?}", parsed.skipped);
    let exp = expected(ZIP);
    let mms = &items[6];
    assert_eq!(mms.source.locator, "mms 1");
    assert_eq!(items[0].source.locator, "sms 1");
    let want = &exp["messages"][6]["attachments"][0];
    assert_eq!(mms.attachments.len(), 1);
    let a = &mms.attachments[0];
    assert_eq!(a.name, "image000000.png");
    assert_eq!(a.mime, want["content_type"].as_str().expect("ct"));
    assert_eq!(a.sha256, want["sha256"].as_str().expect("sha"));
    assert_eq!(a.size, 11_279);
    assert!(a.bytes.starts_with(b"\x89PNG"));
    // Emoji with a variation selector survives.
    assert_eq!(items[2].body, "Tack snälla ❤️");
    assert_eq!(items[0].sender, "+46701740631 (Petra Holm)");
    assert_eq!(items[3].sender, "+46701740642");
}

#[test]
fn bare_ndjson_reports_the_missing_picture() {
    let (parsed, items) = check(NDJSON, Format::SmsIeNdjson);
    assert!(items[6].attachments.is_empty());
    assert_eq!(parsed.skipped.len(), 1, "{:?}", parsed.skipped);
    assert!(
        parsed.skipped[0].starts_with("mms 1: bilagan image000000.png saknas"),
        "{:?}",
        parsed.skipped
    );
    // The item says so too: its sheet must not pass for the whole message.
    assert_eq!(
        items[6].source.notes,
        ["bilagan image000000.png saknas (data-mappen från exporten följde inte med)"]
    );
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, options).expect("start");
        w.write_all(data).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

const MMS_LINE: &str = r#"{"_id":"1","thread_id":"7","date":"1794222195","msg_box":"1","__sender_address":{"address":"0701740650","type":"137"},"__recipient_addresses":[{"address":"+46701740699","type":"151"}],"__parts":[{"ct":"image/png","name":"../../x","_data":"/data/app_parts/PART_1.png"},{"ct":"application/pdf","name":"CON.pdf","_data":"/data/app_parts/../../../etc/passwd"},{"ct":"text/plain","text":"rad 1\nrad 2 åäö 😀"}]}"#;

#[test]
fn hostile_names_and_parts_outside_data() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ndjson = format!("{MMS_LINE}\n");
    let zip = zip_of(&[
        ("messages.ndjson", ndjson.as_bytes()),
        ("data/PART_1.png", b"\x89PNG fake"),
        ("etc/passwd", b"root"),
    ]);
    let (result, items) = parse(&write(dir.path(), "export.zip", &zip));
    let parsed = result.expect("parses");
    assert_eq!(items.len(), 1);
    let item = &items[0];
    assert_eq!(item.sender, "0701740650");
    assert_eq!(item.thread.as_deref(), Some("+46701740650"));
    assert_eq!(item.body, "rad 1\nrad 2 åäö 😀");
    assert_eq!(item.received_at.to_rfc3339(), "2026-11-09T12:03:15+01:00");
    let names: Vec<&str> = item.attachments.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["x"]);
    assert_eq!(parsed.skipped.len(), 1);
    assert!(
        parsed.skipped[0].contains("_CON.pdf"),
        "{:?}",
        parsed.skipped
    );
}

#[test]
fn zip_bomb_is_refused_quickly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bomb.zip");
    {
        let file = std::fs::File::create(&path).expect("create");
        let mut w = zip::ZipWriter::new(file);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        w.start_file("messages.ndjson", options).expect("start");
        w.write_all(format!("{MMS_LINE}\n").as_bytes())
            .expect("write");
        w.start_file("data/PART_1.png", options).expect("start");
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..200 {
            w.write_all(&zeros).expect("write");
        }
        w.finish().expect("finish");
    }
    assert!(std::fs::metadata(&path).expect("meta").len() < 2_000_000);
    let start = Instant::now();
    let (result, items) = parse(&path);
    let err = result.expect_err("bomb");
    assert!(start.elapsed() < Duration::from_secs(10));
    assert!(items.is_empty());
    assert!(
        matches!(
            err,
            ImportError::Invalid {
                problem: Problem::ZipBomb,
                ..
            }
        ),
        "{err}"
    );
    let sv = err.sv();
    assert!(sv.contains("bomb.zip") && sv.contains("zip-bomb"), "{sv}");
}

#[test]
fn total_inflated_size_is_bounded_by_the_file_limit() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Three parts of 60 kB of text each (compressing well, far from the bomb ratio) against a
    // 100 kB limit: the archive is small, but together the parts inflate beyond the limit.
    let text: Vec<u8> = (0..60_000u32)
        .map(|i| b"abcdefghij klmnopqrstuvwxyz"[(i * 7 % 27) as usize])
        .collect();
    let mut ndjson = String::new();
    for n in 1..=3 {
        ndjson.push_str(&MMS_LINE.replace("PART_1.png", &format!("PART_{n}.png")));
        ndjson.push('\n');
    }
    let zip = zip_of(&[
        ("messages.ndjson", ndjson.as_bytes()),
        ("data/PART_1.png", &text),
        ("data/PART_2.png", &text),
        ("data/PART_3.png", &text),
    ]);
    assert!(zip.len() < 30_000);
    let limits = |max| ImportLimits {
        max_file_bytes: max,
        ..ImportLimits::default()
    };
    let path = write(dir.path(), "tre.zip", &zip);
    let (result, items) = parse_with(&path, &limits(200_000));
    result.expect("within limits");
    assert_eq!(items.len(), 3);
    let (result, _) = parse_with(&path, &limits(100_000));
    assert!(matches!(
        result,
        Err(ImportError::Invalid {
            problem: Problem::ZipBomb,
            ..
        })
    ));
}

#[test]
fn other_zips_truncated_zips_and_bad_lines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docx = zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", b"<w:document/>"),
    ]);
    let (result, _) = parse(&write(dir.path(), "rapport.docx", &docx));
    let err = result.expect_err("docx");
    assert!(matches!(
        err,
        ImportError::Unsupported {
            detected: Some(OtherFormat::Zip),
            ..
        }
    ));
    assert!(err.sv().contains("rapport.docx"));

    let original = std::fs::read(fixture(&format!("synthetic/{ZIP}"))).expect("read");
    for cut in [4, 40, original.len() / 2, original.len() - 10] {
        let (result, items) = parse(&write(dir.path(), "avkortad.zip", &original[..cut]));
        let err = result.expect_err("truncated");
        assert!(items.is_empty() || cut > original.len() / 2);
        let sv = err.sv();
        assert!(sv.contains("avkortad.zip"), "{sv}");
        assert!(!sv.contains("Petra") && !err.to_string().contains("Nellie"));
    }

    let mut ndjson = std::fs::read(fixture(&format!("synthetic/{NDJSON}"))).expect("read");
    ndjson.extend_from_slice(b"{\"_id\":\"7\",\"body\":\"hemligt\" trasig\n");
    let (result, _) = parse(&write(dir.path(), "trasig.ndjson", &ndjson));
    let err = result.expect_err("bad line");
    assert!(
        matches!(&err, ImportError::Invalid { at, problem: Problem::JsonSyntax, .. } if at == "rad 8"),
        "{err}"
    );
    assert!(!err.sv().contains("hemligt") && err.sv().contains("trasig.ndjson"));

    // Plain JSON that is not an export stays unsupported.
    let (result, _) = parse(&write(dir.path(), "data.json", b"{\"a\": 1}\n"));
    assert!(matches!(
        result,
        Err(ImportError::Unsupported {
            detected: Some(OtherFormat::Json),
            ..
        })
    ));
}
