//! iPhone sms.db and unencrypted backup folders, against `synthetic/expected.json`, plus
//! hostile and wrong inputs (encrypted backup, other databases, truncated files), and proof
//! that nothing is written beside the source.

use std::path::{Path, PathBuf};

use inkom::import::*;
use inkom::model::{Channel, Direction, NewItem, sha256_hex};
use serde_json::Value;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/synthetic")
        .join(rel)
}

fn expected(key: &str) -> Value {
    let text = std::fs::read_to_string(fixture("expected.json")).expect("expected.json");
    let all: Value = serde_json::from_str(&text).expect("valid json");
    all[key].clone()
}

fn parse(path: &Path) -> (Result<ParsedFile, ImportError>, Vec<NewItem>) {
    let mut items = Vec::new();
    let result = parse_file(path, &ImportLimits::default(), &mut |item| {
        items.push(item);
        Ok(())
    });
    (result, items)
}

/// Copies a file or folder tree, writable, so a test can see whether anything is added.
fn copy_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).expect("mkdir");
        for entry in std::fs::read_dir(from).expect("read_dir") {
            let entry = entry.expect("entry");
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::copy(from, to).expect("copy");
        let mut perms = std::fs::metadata(to).expect("meta").permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        perms.set_readonly(false);
        std::fs::set_permissions(to, perms).expect("chmod");
    }
}

fn listing(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read_dir") {
        let path = entry.expect("entry").path();
        out.push(path.display().to_string());
        if path.is_dir() {
            out.extend(listing(&path));
        }
    }
    out.sort();
    out
}

fn check(items: &[NewItem]) {
    let exp = expected("ios/sms.db");
    let want: Vec<&Value> = exp["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .filter(|m| m.get("note").is_none())
        .collect();
    assert_eq!(items.len(), 6);
    assert_eq!(want.len(), 6);
    for (item, w) in items.iter().zip(want) {
        assert_eq!(item.channel, Channel::Sms);
        assert_eq!(
            item.source.locator,
            format!("meddelande {}", w["rowid"].as_i64().expect("rowid"))
        );
        assert_eq!(
            item.received_at.to_rfc3339(),
            w["time"].as_str().expect("time")
        );
        // U+FFFC (where the attachment sat in the text) is removed.
        let text = w["text"].as_str().expect("text").replace('\u{FFFC}', "");
        assert_eq!(item.body, text);
        let counterpart = if w["chat"] == 1 {
            "+46701740626"
        } else {
            "ninni.berg@example.se"
        };
        assert_eq!(item.thread.as_deref(), Some(counterpart));
        assert!(item.parts.is_empty());
        match w["direction"].as_str() {
            Some("in") => {
                assert_eq!(item.direction, Direction::In);
                assert_eq!(item.sender, counterpart);
                assert!(item.recipients.is_empty());
            }
            _ => {
                assert_eq!(item.direction, Direction::Out);
                assert_eq!(item.sender, "");
                assert_eq!(item.recipients, [counterpart]);
            }
        }
    }
    // Rowid 3: text only in attributedBody, with a line break.
    assert!(items[2].body.contains("boendestöd.\nKan du skicka"));
    assert!(items[0].body.ends_with("försenad 🚌"));
}

#[test]
fn bare_sms_db_matches_expected_and_notes_missing_attachment() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("sms.db");
    copy_tree(&fixture("ios/sms.db"), &db);
    let before = listing(dir.path());
    let (result, items) = parse(&db);
    let parsed = result.expect("parses");
    assert_eq!(parsed.format, Format::IosSmsDb);
    assert_eq!(
        parsed.file_sha256,
        sha256_hex(&std::fs::read(&db).expect("read"))
    );
    check(&items);
    assert!(items[3].attachments.is_empty());
    assert_eq!(parsed.skipped.len(), 2, "{:?}", parsed.skipped);
    assert!(parsed.skipped[0].starts_with("meddelande 4: bilagan Ansökan boendestöd.pdf"));
    assert!(parsed.skipped[1].starts_with("meddelande 7: en reaktion (tapback)"));
    // Opened immutable: no -wal, -shm or -journal appeared.
    assert_eq!(listing(dir.path()), before);
}

#[test]
fn backup_folder_gives_messages_with_the_attachment() {
    let dir = tempfile::tempdir().expect("tempdir");
    let backup = dir.path().join("00008110-000A1B2C3D4E");
    copy_tree(&fixture("ios/backup-minimal"), &backup);
    let before = listing(dir.path());
    let (result, items) = parse(&backup);
    let parsed = result.expect("parses");
    assert_eq!(parsed.format, Format::IosBackup);
    check(&items);
    let want = &expected("ios/sms.db")["messages"][3]["attachments"][0];
    let a = &items[3].attachments[0];
    assert_eq!(a.name, "Ansökan boendestöd.pdf");
    assert_eq!(a.mime, "application/pdf");
    assert_eq!(a.size, 683);
    assert_eq!(a.sha256, want["sha256"].as_str().expect("sha"));
    assert!(a.bytes.starts_with(b"%PDF"));
    assert_eq!(parsed.skipped.len(), 1, "{:?}", parsed.skipped);
    assert!(Path::new(&items[0].source.path).ends_with("00008110-000A1B2C3D4E"));
    assert_eq!(listing(dir.path()), before);

    // The read-only fixture itself also works (nothing needs to be writable).
    let (result, _) = parse(&fixture("ios/backup-minimal"));
    result.expect("read-only backup parses");
}

#[test]
fn encrypted_backup_and_plain_folders_are_refused_clearly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let backup = dir.path().join("krypterad");
    copy_tree(&fixture("ios/backup-minimal"), &backup);
    std::fs::write(
        backup.join("Manifest.plist"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict><key>IsEncrypted</key><true/></dict></plist>"#,
    )
    .expect("write");
    let (result, items) = parse(&backup);
    assert!(items.is_empty());
    let err = result.expect_err("encrypted");
    assert!(matches!(
        err,
        ImportError::Invalid {
            problem: Problem::BackupEncrypted,
            ..
        }
    ));
    let sv = err.sv();
    assert!(
        sv.contains("krypterad") && sv.contains("okrypterad säkerhetskopia"),
        "{sv}"
    );

    // A hostile Manifest.plist nested 100,000 deep (building it at once overflowed the stack
    // and aborted the process): refused as an incomplete backup.
    let deep = format!(
        "<?xml version=\"1.0\"?><plist version=\"1.0\">{}{}</plist>",
        "<array>".repeat(100_000),
        "</array>".repeat(100_000)
    );
    std::fs::write(backup.join("Manifest.plist"), deep).expect("write");
    let (result, _) = parse(&backup);
    assert!(
        matches!(
            result,
            Err(ImportError::Invalid {
                problem: Problem::BackupIncomplete,
                ..
            })
        ),
        "{result:?}"
    );

    std::fs::remove_file(backup.join("Manifest.plist")).expect("rm");
    let (result, _) = parse(&backup);
    assert!(matches!(
        result,
        Err(ImportError::Invalid {
            problem: Problem::BackupIncomplete,
            ..
        })
    ));

    let (result, _) = parse(dir.path());
    assert!(matches!(result, Err(ImportError::NotAFile { .. })));

    // The message database picked out of an encrypted backup by its name (as guides say):
    // encrypted bytes, no SQLite. Said to be from an encrypted backup, not "Formatet stöds
    // inte"; the same bytes under another name are an unknown format still.
    let mut encrypted = vec![0x5Au8; 8192];
    for (i, b) in encrypted.iter_mut().enumerate() {
        *b ^= (i * 131 % 251) as u8;
    }
    let picked = dir.path().join("3d0d7e5fb2ce288813306e4d4636395e047a3d28");
    std::fs::write(&picked, &encrypted).expect("write");
    let (result, items) = parse(&picked);
    assert!(items.is_empty());
    assert!(
        matches!(
            &result,
            Err(ImportError::Invalid {
                problem: Problem::BackupEncrypted,
                ..
            })
        ),
        "{result:?}"
    );
    let other = dir.path().join("okand.bin");
    std::fs::write(&other, &encrypted).expect("write");
    let (result, _) = parse(&other);
    assert!(
        matches!(result, Err(ImportError::Unsupported { .. })),
        "{result:?}"
    );
}

#[test]
fn other_databases_truncated_and_hostile_rows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let other = dir.path().join("kalender.db");
    {
        let c = rusqlite::Connection::open(&other).expect("create");
        c.execute_batch("CREATE TABLE events (id INTEGER, title TEXT);")
            .expect("schema");
    }
    let (result, _) = parse(&other);
    let err = result.expect_err("not sms.db");
    assert!(matches!(
        err,
        ImportError::Unsupported {
            detected: Some(OtherFormat::Sqlite),
            ..
        }
    ));
    assert!(err.sv().contains("kalender.db"));

    let data = std::fs::read(fixture("ios/sms.db")).expect("read");
    for cut in [100, 4096, data.len() / 2] {
        let path = dir.path().join("avkortad.db");
        std::fs::write(&path, &data[..cut]).expect("write");
        let (result, _) = parse(&path);
        if let Err(err) = result {
            assert!(err.sv().contains("avkortad.db"), "{}", err.sv());
            assert!(!err.to_string().contains("boendestöd"));
        }
    }

    // A minimal old-style database: seconds since 2001, 0x82 (int32) length in
    // attributedBody, a hostile attachment name, an empty message.
    let db = dir.path().join("gammal.db");
    {
        let c = rusqlite::Connection::open(&db).expect("create");
        c.execute_batch(
            "CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT);
             CREATE TABLE message (ROWID INTEGER PRIMARY KEY, text TEXT, attributedBody BLOB,
               date INTEGER, is_from_me INTEGER, handle_id INTEGER);
             CREATE TABLE attachment (ROWID INTEGER PRIMARY KEY, filename TEXT,
               transfer_name TEXT, mime_type TEXT);
             CREATE TABLE message_attachment_join (message_id INTEGER, attachment_id INTEGER);
             INSERT INTO handle VALUES (1, '0701740655');
             INSERT INTO attachment VALUES (1, '~/Library/SMS/Attachments/x/../../CON.pdf',
               '../../CON.pdf', 'application/pdf');
             INSERT INTO message_attachment_join VALUES (1, 1);
             INSERT INTO message VALUES (2, '', NULL, 815472720, 0, 1);",
        )
        .expect("schema");
        let blob = typedstream(&"Hej åäö\nrad två 😀".repeat(10));
        c.execute(
            "INSERT INTO message VALUES (1, NULL, ?1, 815472720, 0, 1)",
            [blob],
        )
        .expect("insert");
    }
    let (result, items) = parse(&db);
    let parsed = result.expect("parses");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].body, "Hej åäö\nrad två 😀".repeat(10));
    assert_eq!(
        items[0].received_at.to_rfc3339(),
        "2026-11-04T09:12:00+01:00"
    );
    assert_eq!(items[0].sender, "0701740655");
    assert_eq!(items[0].thread.as_deref(), Some("+46701740655"));
    assert!(
        parsed.skipped[0].contains("bilagan _CON.pdf"),
        "{:?}",
        parsed.skipped
    );
    // The item says so too: its sheet must not pass for the whole message.
    assert_eq!(
        items[0].source.notes,
        ["bilagan _CON.pdf finns inte i sms.db (bilagor följer bara med i en hel säkerhetskopia)"]
    );
    assert!(parsed.skipped[1].starts_with("meddelande 2: tomt meddelande"));
}

/// An attributed string in typedstream form, as iOS writes `attributedBody`: the shape the
/// decoder reads (the `NSString` class, `+`, a length, the UTF-8 text).
fn typedstream(text: &str) -> Vec<u8> {
    let mut blob = b"\x04\x0bstreamtyped\x81\xe8\x03\x84\x01@\x84\x84\x84\x12NSAttributedString\0\x84\x84\x08NSObject\0\x85\x92\x84\x84\x84\x08NSString\x01\x94\x84\x01+\x82".to_vec();
    blob.extend_from_slice(&(text.len() as u32).to_le_bytes());
    blob.extend_from_slice(text.as_bytes());
    blob.extend_from_slice(b"\x86\x84\x02iI\x01");
    blob
}

/// An iMessage edited after it arrived (macOS 13 / iOS 16 and later) keeps its earlier wordings
/// in `message_summary_info`: the first wording is what the unit received, so it is on paper
/// with the times, not lost behind the last edit. An unsent message has no text left and is
/// skipped saying so, not as "tomt meddelande"; so is a group chat's event.
#[test]
fn an_edited_imessage_keeps_its_earlier_wordings_and_an_unsent_one_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("chat.db");
    let edit = |seconds: f64, text: &str| {
        let mut d = plist::Dictionary::new();
        d.insert("d".into(), plist::Value::Real(seconds));
        d.insert("t".into(), plist::Value::Data(typedstream(text)));
        plist::Value::Dictionary(d)
    };
    let mut parts = plist::Dictionary::new();
    parts.insert(
        "0".into(),
        plist::Value::Array(vec![
            // Every script a client writes: the earlier wordings in Arabic and Tigrinya.
            edit(815_472_720.0, "لن آتي إلى الاجتماع"),
            edit(815_472_780.0, "ናብ ኣኼባ ክመጽእ እየ"),
            edit(815_472_840.0, "Jag kommer på mötet kl. 10 我十点来"),
        ]),
    );
    let mut summary = plist::Dictionary::new();
    summary.insert("ec".into(), plist::Value::Dictionary(parts));
    let mut edited = Vec::new();
    plist::Value::Dictionary(summary)
        .to_writer_binary(&mut edited)
        .expect("plist");
    let mut unsent = plist::Dictionary::new();
    unsent.insert(
        "rp".into(),
        plist::Value::Array(vec![plist::Value::Integer(0.into())]),
    );
    let mut retracted = Vec::new();
    plist::Value::Dictionary(unsent)
        .to_writer_binary(&mut retracted)
        .expect("plist");
    {
        let c = rusqlite::Connection::open(&db).expect("create");
        c.execute_batch(
            "CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT);
             CREATE TABLE message (ROWID INTEGER PRIMARY KEY, text TEXT, attributedBody BLOB,
               date INTEGER, is_from_me INTEGER, handle_id INTEGER,
               message_summary_info BLOB, date_edited INTEGER, date_retracted INTEGER,
               item_type INTEGER DEFAULT 0);
             INSERT INTO handle VALUES (1, '+46701740655');
             INSERT INTO message VALUES (3, NULL, NULL, 815473000000000000, 0, 1, NULL, 0, 0, 3);
             INSERT INTO message VALUES (4, 'Hej', NULL, 815473100000000000, 0, 1,
               X'62706C6973743030FFFF', 0, 0, 0);",
        )
        .expect("schema");
        c.execute(
            "INSERT INTO message VALUES (1, NULL, ?1, 815472720000000000, 0, 1, ?2,
               815472840000000000, 0, 0)",
            rusqlite::params![typedstream("Jag kommer på mötet kl. 10 我十点来"), edited],
        )
        .expect("edited");
        c.execute(
            "INSERT INTO message VALUES (2, NULL, NULL, 815472900000000000, 0, 1, ?1, 0,
               815472960000000000, 0)",
            [retracted],
        )
        .expect("unsent");
    }
    let (result, items) = parse(&db);
    let parsed = result.expect("parses");
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].body, "Jag kommer på mötet kl. 10 我十点来");
    let notes = items[0].source.notes.join("\n");
    assert!(
        notes.contains(
            "tidigare lydelser: 2026-11-04 09:12:00: «\u{2068}لن آتي إلى الاجتماع\u{2069}»; \
             2026-11-04 09:13:00: «\u{2068}ናብ ኣኼባ ክመጽእ እየ\u{2069}»"
        ),
        "{notes}"
    );
    // A summary that is no plist: the message as it is, without an edit note.
    assert_eq!(items[1].body, "Hej");
    assert!(
        items[1].source.notes.is_empty(),
        "{:?}",
        items[1].source.notes
    );
    let skipped_as = |prefix: &str| parsed.skipped.iter().any(|n| n.starts_with(prefix));
    assert!(
        skipped_as("meddelande 2: avsändaren drog tillbaka meddelandet"),
        "{:?}",
        parsed.skipped
    );
    // A group chat's event (here: someone left) is no message, and is said to be none.
    assert!(
        skipped_as("meddelande 3: en händelse i gruppchatten"),
        "{:?}",
        parsed.skipped
    );
    assert_eq!(parsed.count.messages, 4, "all counted");
}

/// An sms.db copied together with its write-ahead log while the phone's SQLite still had the
/// newest messages only in the log: all of them are imported, and the three files are byte for
/// byte what they were.
#[test]
fn messages_only_in_the_wal_are_imported_and_the_files_stay_unchanged() {
    let live_dir = tempfile::tempdir().expect("tempdir");
    let live = live_dir.path().join("sms.db");
    let conn = rusqlite::Connection::open(&live).expect("create db");
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA wal_autocheckpoint = 0;
         CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT);
         CREATE TABLE message (ROWID INTEGER PRIMARY KEY, text TEXT, date INTEGER,
             is_from_me INTEGER, handle_id INTEGER);
         PRAGMA wal_checkpoint(TRUNCATE);
         INSERT INTO handle VALUES (1, '+46701740605');
         INSERT INTO message VALUES (1, 'Hej, kan vi ses på tisdag?', 786000000, 0, 1);
         INSERT INTO message VALUES (2, 'Ja, klockan tio.', 786000600, 1, 1);
         INSERT INTO message VALUES (3, 'Bra, vi ses då.', 786001200, 0, 1);",
    )
    .expect("fill db");

    // Copy while the connection is open: the rows are only in the -wal file.
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("sms.db");
    for suffix in ["", "-wal", "-shm"] {
        std::fs::copy(
            format!("{}{suffix}", live.display()),
            format!("{}{suffix}", db.display()),
        )
        .expect("copy");
    }
    drop(conn);
    let read = |suffix: &str| std::fs::read(format!("{}{suffix}", db.display())).expect("read");
    let before: Vec<Vec<u8>> = ["", "-wal", "-shm"].iter().map(|s| read(s)).collect();
    assert!(before[1].len() > 32, "the test needs a non-empty log");

    // The main file alone holds no message: without the log they would be lost silently.
    let alone = tempfile::tempdir().expect("tempdir");
    std::fs::write(alone.path().join("sms.db"), &before[0]).expect("write");
    let (result, items) = parse(&alone.path().join("sms.db"));
    assert!(result.is_ok(), "{result:?}");
    assert!(items.is_empty());

    let (result, items) = parse(&db);
    let parsed = result.expect("imported");
    let texts: Vec<&str> = items.iter().map(|i| i.body.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Hej, kan vi ses på tisdag?",
            "Ja, klockan tio.",
            "Bra, vi ses då."
        ]
    );
    assert_eq!(items[0].sender, "+46701740605");
    assert_eq!(items[1].direction, Direction::Out);
    assert!(
        parsed.skipped.iter().any(|s| s.contains("sms.db-wal")),
        "the summary says the log was read: {:?}",
        parsed.skipped
    );
    let after: Vec<Vec<u8>> = ["", "-wal", "-shm"].iter().map(|s| read(s)).collect();
    assert!(before == after, "the user's database files changed");
    let names: Vec<String> = ["sms.db", "sms.db-shm", "sms.db-wal"]
        .iter()
        .map(|n| dir.path().join(n).display().to_string())
        .collect();
    assert_eq!(
        listing(dir.path()),
        names,
        "nothing written beside the source"
    );
    // The private copy is gone.
    let left: Vec<_> = std::fs::read_dir(std::env::temp_dir())
        .expect("temp dir")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("inkom-wal-"))
        .collect();
    assert!(left.is_empty(), "private copy left behind: {left:?}");
}

/// An sms.db from iOS 5 or older (no `handle` table; `address` and `flags` on each message) is
/// refused by name, not as an unknown database.
#[test]
fn ios5_database_is_refused_with_a_clear_reason() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("sms.db");
    let conn = rusqlite::Connection::open(&db).expect("create db");
    conn.execute_batch(
        "CREATE TABLE message (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, address TEXT,
             date INTEGER, text TEXT, flags INTEGER, replace INTEGER, svc_center TEXT,
             group_id INTEGER, association_id INTEGER, height INTEGER, UIFlags INTEGER,
             version INTEGER);
         INSERT INTO message (address, date, text, flags)
             VALUES ('+46701740606', 1320000000, 'Hej från en gammal iPhone', 2);",
    )
    .expect("fill db");
    drop(conn);
    let (result, items) = parse(&db);
    assert!(items.is_empty());
    let err = result.expect_err("refused");
    assert!(matches!(
        err,
        ImportError::Invalid {
            problem: Problem::OldIosSchema,
            ..
        }
    ));
    let sv = err.sv();
    assert!(sv.contains("iOS 5 eller äldre"), "{sv}");
    assert!(
        !sv.contains("gammal iPhone"),
        "no content in the message: {sv}"
    );
}
