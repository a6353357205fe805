//! Nothing silently lost, for every fixture in `../shared/fixtures/` (public, realworld,
//! synthetic): each importable file is imported through the real `inkom import` and its
//! summary must account for every message — messages in the file = imported + duplicates +
//! not selected + skipped with a reason — or the file is refused with a Swedish reason.
//!
//! The messages in a file are counted here independently of the importer wherever the format
//! allows: `<sms>`/`<mms>` elements with quick-xml, non-blank NDJSON lines (also inside the
//! ZIP), rows of the `message` table of an sms.db, mbox separator lines; a file that is one
//! message (e-mail, Outlook, picture) is one.

use std::collections::BTreeMap;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures")
}

/// Every source a user could hand to `inkom import`: files, and an iPhone backup folder as one
/// source. Licences, notes and the raw attributedBody blobs (decoder input) are not sources.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read fixtures")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .expect("test data")
            .to_string_lossy()
            .to_string();
        if path.is_dir() {
            if path.join("Manifest.db").is_file() {
                out.push(path);
            } else if name != "LICENSES" && name != "attributedbody-blobs" {
                sources(&path, out);
            }
        } else if ![".md", "-wal", "-shm"]
            .iter()
            .any(|end| name.ends_with(end))
            && name != "expected.json"
        {
            out.push(path);
        }
    }
}

/// `<sms>` and `<mms>` directly below the root, counted with quick-xml up to the end or the
/// first error (a truncated file).
fn count_xml(path: &Path) -> usize {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_file(path).expect("open xml");
    let mut buf = Vec::new();
    let (mut depth, mut n) = (0usize, 0usize);
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                if depth == 1 && matches!(e.name().as_ref(), "sms" | "mms") {
                    n += 1;
                }
                depth += 1;
            }
            Ok(Event::Empty(e)) => {
                if depth == 1 && matches!(e.name().as_ref(), "sms" | "mms") {
                    n += 1;
                }
            }
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Eof) | Err(_) => return n,
            Ok(_) => {}
        }
        buf.clear();
    }
}

fn count_ndjson(reader: impl BufRead) -> usize {
    reader
        .split(b'\n')
        .map(|l| l.expect("read line"))
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .count()
}

fn count_zip(path: &Path) -> usize {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).expect("open zip")).expect("zip");
    let mut bytes = Vec::new();
    zip.by_name("messages.ndjson")
        .expect("messages.ndjson")
        .read_to_end(&mut bytes)
        .expect("inflate");
    count_ndjson(&bytes[..])
}

fn count_rows(db: &Path) -> usize {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open sms.db");
    conn.query_row("SELECT count(*) FROM message", [], |r| r.get::<_, i64>(0))
        .expect("count") as usize
}

/// mbox separators: a `From ` line that opens the file; a full separator (`From addr Wed Nov
/// 27 12:27:32 2002`, or Netscape's bare `From - `) anywhere; after an empty line also one with
/// a date in another form (a time and a year), an address alone, or a bare `From `. A body
/// line "From Russia with love" (no date) is text, as in mutt.
fn count_mbox(path: &Path) -> usize {
    let bytes = std::fs::read(path).expect("read mbox");
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let full = regex::bytes::Regex::new(
        r"^From (-\s*$|\S+ +[A-Z][a-z]{2} [A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d (\S+ )?\d{4})",
    )
    .expect("test data");
    let after_empty = regex::bytes::Regex::new(
        r"^From (\s*$|\S+@\S+\s*$|\S+ .*\b\d{1,2}:\d\d\b.*\b(19[7-9]\d|2\d\d\d)\b|\S+ .*\b(19[7-9]\d|2\d\d\d)\b.*\b\d{1,2}:\d\d\b)",
    )
    .expect("test data");
    let (mut previous_empty, mut first) = (true, true);
    let mut n = 0;
    for line in bytes.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.starts_with(b"From ")
            && (first || full.is_match(line) || (previous_empty && after_empty.is_match(line)))
        {
            n += 1;
            first = false;
        }
        previous_empty = line.is_empty();
    }
    n
}

/// The messages in a source, counted without the importer; `format` only says which way.
fn independent_count(path: &Path, format: &str) -> usize {
    match format {
        "sms_backup_restore_xml" => count_xml(path),
        "sms_ie_ndjson" => count_ndjson(std::io::BufReader::new(
            std::fs::File::open(path).expect("open"),
        )),
        "sms_ie_zip" => count_zip(path),
        "ios_sms_db" => count_rows(path),
        "ios_backup" => count_rows(&path.join("3d/3d0d7e5fb2ce288813306e4d4636395e047a3d28")),
        "mbox" => count_mbox(path),
        "eml" | "msg" | "tnef" | "png" | "jpeg" | "web_p" => 1,
        other => panic!(
            "{}: no independent count for format {other}",
            path.display()
        ),
    }
}

#[test]
fn every_fixture_accounts_for_every_message() {
    let mut all = Vec::new();
    sources(&fixtures(), &mut all);
    assert!(all.len() > 140, "only {} fixtures found", all.len());
    let inkom = common::Inkom::new();
    let mut args = vec!["import".to_string(), "--per-message".to_string()];
    args.extend(all.iter().map(|p| p.display().to_string()));
    let out = inkom.run_json(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });

    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    let mut by_format: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for r in json["imported"].as_array().expect("imported") {
        let path = PathBuf::from(r["path"].as_str().expect("path"));
        let format = r["format"].as_str().expect("format");
        let t = &r["tally"];
        let n = |k: &str| t[k].as_u64().unwrap_or_else(|| panic!("tally.{k}")) as usize;
        let (messages, imported, duplicates, not_selected, skipped) = (
            n("messages"),
            n("imported"),
            n("duplicates"),
            n("not_selected"),
            n("skipped"),
        );
        let counted = independent_count(&path, format);
        let notes = r["skipped"].as_array().map_or(0, Vec::len);
        if messages != counted
            || messages != imported + duplicates + not_selected + skipped
            || not_selected != 0
            || notes < skipped
        {
            failures.push(format!(
                "{}: {counted} counted here; tally {t} with {notes} notes",
                path.display()
            ));
        }
        *by_format.entry(format.to_string()).or_default() += 1;
        seen.insert(path.display().to_string(), "imported");
    }
    for r in json["rejected"].as_array().expect("rejected") {
        let path = r["path"].as_str().expect("path").to_string();
        let message = r["error"]["message"].as_str().unwrap_or("");
        if message.is_empty() {
            failures.push(format!("{path}: refused without a reason"));
        }
        seen.insert(path, "rejected");
    }
    for p in &all {
        if !seen.contains_key(&p.display().to_string()) {
            failures.push(format!("{}: neither imported nor refused", p.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // Every source again, by conversation this time: each message is in the store already, one
    // per item, so nothing is stored again (not folded into a second, conversation item) and
    // the account still adds up.
    let mut args = vec!["import".to_string()];
    args.extend(all.iter().map(|p| p.display().to_string()));
    let out = inkom.run_json(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let again: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    for r in again["imported"].as_array().expect("imported") {
        let t = &r["tally"];
        let n = |k: &str| t[k].as_u64().unwrap_or_else(|| panic!("tally.{k}")) as usize;
        if n("imported") != 0
            || n("messages") != n("duplicates") + n("not_selected") + n("skipped")
            || r["created"].as_array().is_none_or(|c| !c.is_empty())
        {
            failures.push(format!("{} again, grouped: tally {t}", r["path"]));
        }
    }
    let rejected = |json: &Value| json["rejected"].as_array().map_or(0, Vec::len);
    assert_eq!(rejected(&again), rejected(&json), "the same files refused");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The check covered every kind of source, not only single-message files.
    for format in [
        "sms_backup_restore_xml",
        "sms_ie_ndjson",
        "sms_ie_zip",
        "ios_sms_db",
        "ios_backup",
        "mbox",
        "eml",
        "msg",
        "png",
        "jpeg",
    ] {
        assert!(
            by_format.contains_key(format),
            "no {format} fixture was imported: {by_format:?}"
        );
    }
}
