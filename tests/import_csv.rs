//! The CSV importer (date, number, direction, text) on realistic lists written the way Excel
//! and other tools write them, and on hostile ones. All people are invented; the numbers are in
//! PTS's fiction range 070-1740605…699.

use std::path::{Path, PathBuf};

use inkom::import::*;
use inkom::model::{Channel, Direction, NewItem, sha256_hex};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write temp file");
    path
}

fn parse(path: &Path) -> (Result<ParsedFile, ImportError>, Vec<NewItem>) {
    let mut items = Vec::new();
    let result = parse_file(path, &ImportLimits::default(), &mut |item| {
        items.push(item);
        Ok(())
    });
    (result, items)
}

fn parse_ok(path: &Path) -> (ParsedFile, Vec<NewItem>) {
    let (result, items) = parse(path);
    match result {
        Ok(parsed) => (parsed, items),
        Err(e) => panic!("{} failed: {e}", path.display()),
    }
}

/// A list as Swedish Excel saves it: BOM, `;`, CRLF, separate date and time columns, a quoted
/// text with line breaks, quotes, åäö and an emoji, a contact name column.
const EXCEL_SV: &str = "\u{FEFF}Datum;Tid;Namn;Telefon;Riktning;Meddelande\r\n\
    2026-11-03;14:05;Amira Haddad;070-174 06 05;Inkommande;Hej! Kan vi ses på torsdag?\r\n\
    2026-11-03;14:22;Amira Haddad;070-174 06 05;Utgående;\"Ja, kl. 10 på kontoret.\r\n\
    Ta med \"\"hyresavin\"\" 📎\"\r\n\
    2026-07-04;09:00:30;;+46701740617;in;Åsa här – sommartid\r\n\
    ;;;;;\r\n\
    2026-11-05;08:00;Amira Haddad;0701740605;in;\r\n";

/// A list as a script or another app writes it: `,`, LF, RFC 3339 times, English names.
const TOOL_EN: &str = "date,number,direction,text\n\
    2026-10-25T01:30:00+02:00,+46701740699,in,\"före ändringen, sommartid\"\n\
    2026-10-25T02:30:00+01:00,0046701740699,out,efter ändringen 😀\n\
    2026-11-01 23:59,070-1740650,received,\"rad ett\nrad två\"\n";

#[test]
fn swedish_excel_list() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "sms-lista.csv", EXCEL_SV.as_bytes());
    let (parsed, items) = parse_ok(&path);
    assert_eq!(parsed.format, Format::SmsCsv);
    assert_eq!(parsed.file_sha256, sha256_hex(EXCEL_SV.as_bytes()));
    assert_eq!(items.len(), 3);
    for item in &items {
        assert_eq!(item.channel, Channel::Sms);
        assert_eq!(item.subject, None);
        assert!(item.attachments.is_empty() && item.parts.is_empty());
        assert_eq!(item.source.file_sha256, parsed.file_sha256);
    }
    let got: Vec<_> = items
        .iter()
        .map(|i| {
            (
                i.received_at.to_rfc3339(),
                i.direction,
                i.sender.as_str(),
                i.recipients.clone(),
                i.body.as_str(),
                i.thread.as_deref(),
                i.source.locator.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "2026-11-03T14:05:00+01:00".to_string(),
                Direction::In,
                "070-174 06 05 (Amira Haddad)",
                vec![],
                "Hej! Kan vi ses på torsdag?",
                Some("+46701740605"),
                "rad 2",
            ),
            (
                "2026-11-03T14:22:00+01:00".to_string(),
                Direction::Out,
                "",
                vec!["070-174 06 05 (Amira Haddad)".to_string()],
                "Ja, kl. 10 på kontoret.\nTa med \"hyresavin\" 📎",
                Some("+46701740605"),
                "rad 3",
            ),
            (
                "2026-07-04T09:00:30+02:00".to_string(),
                Direction::In,
                "+46701740617",
                vec![],
                "Åsa här – sommartid",
                Some("+46701740617"),
                "rad 5",
            ),
        ]
    );
    // The empty-text row is skipped with a note naming it; the `;;;;;` row is left silently.
    assert_eq!(parsed.skipped, ["rad 7: tomt meddelande, hoppades över"]);
}

#[test]
fn tool_list_with_rfc3339_times() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Any extension: the header decides.
    let path = write(dir.path(), "export.txt", TOOL_EN.as_bytes());
    let (parsed, items) = parse_ok(&path);
    assert_eq!(parsed.format, Format::SmsCsv);
    assert!(parsed.skipped.is_empty());
    let got: Vec<_> = items
        .iter()
        .map(|i| {
            (
                i.received_at.to_rfc3339(),
                i.direction,
                i.body.as_str(),
                i.thread.as_deref().unwrap_or(""),
                i.source.locator.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "2026-10-25T01:30:00+02:00".to_string(),
                Direction::In,
                "före ändringen, sommartid",
                "+46701740699",
                "rad 2"
            ),
            (
                "2026-10-25T02:30:00+01:00".to_string(),
                Direction::Out,
                "efter ändringen 😀",
                "+46701740699",
                "rad 3"
            ),
            (
                "2026-11-01T23:59:00+01:00".to_string(),
                Direction::In,
                "rad ett\nrad två",
                "+46701740650",
                "rad 4"
            ),
        ]
    );
    assert_eq!(items[1].recipients, ["0046701740699"]);
}

/// The error's Swedish and English texts, checked to name the file and never the content.
fn error_of(dir: &Path, name: &str, bytes: &[u8]) -> (ImportError, String, String) {
    let path = write(dir, name, bytes);
    let (result, _) = parse(&path);
    let e = result.expect_err("must be refused");
    let (sv, en) = (e.sv(), e.to_string());
    assert!(sv.contains(name) && en.contains(name), "{sv} / {en}");
    (e, sv, en)
}

#[test]
fn hostile_lists_are_refused_naming_the_row() {
    let dir = tempfile::tempdir().expect("tempdir");

    // A required column missing: said by name.
    let (e, sv, _) = error_of(
        dir.path(),
        "utan-riktning.csv",
        "datum;nummer;text\n2026-11-03 14:05;0701740605;hemligt\n".as_bytes(),
    );
    assert!(matches!(
        e,
        ImportError::Invalid {
            format: Format::SmsCsv,
            ..
        }
    ));
    assert!(sv.contains("saknar riktning"), "{sv}");
    assert!(!sv.contains("hemligt"));

    // A bad date on the third line: the error names the line, not the text.
    let (e, sv, en) = error_of(
        dir.path(),
        "fel-datum.csv",
        "datum;nummer;riktning;text\n\
         2026-11-03 14:05;0701740605;in;ett\n\
         igår;0701740605;in;hemligt\n"
            .as_bytes(),
    );
    assert!(
        matches!(&e, ImportError::Invalid { at, problem: Problem::CsvDate, .. } if at == "rad 3"),
        "{e:?}"
    );
    assert!(
        sv.contains("ogiltigt datum") && sv.contains("rad 3"),
        "{sv}"
    );
    assert!(en.contains("rad 3") && !en.contains("hemligt") && !sv.contains("igår"));

    // Bad direction, missing number, a row with too many fields.
    for (name, row, problem) in [
        (
            "riktning.csv",
            "2026-11-03 14:05;0701740605;kanske;x",
            Problem::CsvDirection,
        ),
        ("nummer.csv", "2026-11-03 14:05; ;in;x", Problem::CsvNumber),
        (
            "falt.csv",
            "2026-11-03 14:05;0701740605;in;x;y",
            Problem::CsvFieldCount,
        ),
        (
            "fa-falt.csv",
            "2026-11-03 14:05;0701740605",
            Problem::CsvFieldCount,
        ),
    ] {
        let text = format!("datum;nummer;riktning;text\n{row}\n");
        let (e, _, _) = error_of(dir.path(), name, text.as_bytes());
        assert!(
            matches!(&e, ImportError::Invalid { at, problem: p, .. } if at == "rad 2" && *p == problem),
            "{name}: {e:?}"
        );
    }

    // Windows-1252 ("CSV (semikolonavgränsad)" in Excel): a clear error, not mojibake.
    let mut latin1 = b"datum;nummer;riktning;text\n2026-11-03 14:05;0701740605;in;h".to_vec();
    latin1.extend_from_slice(b"\xE4lsningar\n");
    let (e, sv, _) = error_of(dir.path(), "latin1.csv", &latin1);
    assert!(
        matches!(&e, ImportError::Invalid { at, problem: Problem::CsvEncoding, .. } if at == "rad 2"),
        "{e:?}"
    );
    assert!(sv.contains("CSV UTF-8"), "{sv}");

    // A quote never closed: the rest of the file would be one row. Refused at its line.
    let mut open_quote = b"datum;nummer;riktning;text\n2026-11-03 14:05;0701740605;in;\"x".to_vec();
    open_quote.extend(std::iter::repeat_n(b'\n', 200_000));
    let (e, _, _) = error_of(dir.path(), "citat.csv", &open_quote);
    assert!(
        matches!(&e, ImportError::Invalid { at, problem: Problem::CsvSyntax, .. } if at == "rad 2"),
        "{e:?}"
    );

    // Empty file; a header with nothing under it is not an error but says so.
    let (e, _, _) = error_of(dir.path(), "tom.csv", b"");
    assert!(matches!(e, ImportError::Empty { .. }));
    let path = write(
        dir.path(),
        "bara-rubrik.csv",
        b"datum;nummer;riktning;text\r\n",
    );
    let (parsed, items) = parse_ok(&path);
    assert!(items.is_empty());
    assert_eq!(parsed.skipped.len(), 1);

    // An error after items were handed over still fails the whole file (one transaction).
    let path = write(
        dir.path(),
        "sent-fel.csv",
        b"datum;nummer;riktning;text\n2026-11-03 14:05;0701740605;in;ett\n2026-11-03;x;in;tva\n",
    );
    let (result, items) = parse(&path);
    assert!(result.is_err());
    assert_eq!(items.len(), 1);
}
