//! Issue 17, item 7: a file name that is not UTF-8 (Linux allows any bytes; a file copied from an
//! old phone or a Windows share may be named in Latin-1) is kept exactly. `inkom import` reads
//! it, the item's source path gives back the very bytes (`inkom::path_text`), `show` and the
//! import line print it escaped, and `--delete-file` deletes that file — not its look-alike whose
//! name is what a lossy conversion makes of it.
#![cfg(unix)]

use crate::common;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use common::Inkom;
use serde_json::Value;

fn sms_xml(body: &str) -> String {
    format!(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"1\">\n\
         <sms protocol=\"0\" address=\"+46701740667\" date=\"1793000000000\" type=\"1\" \
         body=\"{body}\" read=\"1\" status=\"-1\" contact_name=\"Bo Testsson\" />\n</smses>\n"
    )
}

/// `files/` + `name` given as raw bytes.
fn raw_path(t: &Inkom, name: &[u8]) -> PathBuf {
    t.files().join(OsStr::from_bytes(name))
}

/// Runs inkom with `args` then `path` (not UTF-8, so not through `Inkom::ok`); expects success.
fn run_with_path(t: &Inkom, json: bool, args: &[&str], path: &Path) -> Vec<u8> {
    let mut c = t.command();
    if json {
        c.arg("--json");
    }
    let out = c.args(args).arg(path).output().expect("run inkom");
    assert!(
        out.status.success(),
        "inkom {args:?} {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn security_non_utf8_names_are_imported_shown_escaped_and_deleted_exactly() {
    let t = Inkom::new();
    // The Latin-1 name, and beside it the name a lossy conversion makes of it (U+FFFD), holding
    // other content: a path taken lossily would read, name or delete the wrong file.
    let latin1 = raw_path(&t, b"sms-\xe5r-\xff.xml");
    std::fs::write(&latin1, sms_xml("Hej, jag skickar intyget i morgon")).expect("write");
    let twin = t.files().join("sms-\u{fffd}r-\u{fffd}.xml");
    std::fs::write(&twin, sms_xml("Ett annat meddelande")).expect("write");

    let v: Value =
        serde_json::from_slice(&run_with_path(&t, true, &["import"], &latin1)).expect("json");
    let recorded = v["imported"][0]["path"]
        .as_str()
        .expect("path text")
        .to_string();
    let expected = format!(
        "bytes:{}/sms-\\xe5r-\\xff.xml",
        t.files().to_str().expect("the scratch dir is UTF-8")
    );
    assert_eq!(recorded, expected, "{v}");
    assert_eq!(
        inkom::path_text::from_text(&recorded)
            .as_os_str()
            .as_bytes(),
        latin1.as_os_str().as_bytes()
    );
    let id = v["imported"][0]["created"][0]
        .as_i64()
        .expect("an item")
        .to_string();

    // The chain of custody keeps the exact bytes; the text output shows them escaped.
    let item = t.ok(&["show", &id]);
    assert_eq!(item["source"]["path"], expected.as_str(), "{item}");
    assert_eq!(
        item["parts"][0]["text"],
        "Hej, jag skickar intyget i morgon"
    );
    let shown = t.run(&["show", &id]);
    let shown = String::from_utf8(shown.stdout).expect("the text output is UTF-8");
    assert!(shown.contains("sms-\\xe5r-\\xff.xml"), "{shown}");
    assert!(
        !shown.contains('\u{fffd}') && !shown.contains("bytes:"),
        "{shown}"
    );

    // Imported again: the same file, so a duplicate, not a new item.
    let again: Value =
        serde_json::from_slice(&run_with_path(&t, true, &["import"], &latin1)).expect("json");
    assert_eq!(
        again["imported"][0]["created"],
        serde_json::json!([]),
        "{again}"
    );
    // The text line names the file escaped, too.
    let line = run_with_path(&t, false, &["import"], &latin1);
    let line = String::from_utf8(line).expect("UTF-8");
    assert!(line.contains("sms-\\xe5r-\\xff.xml"), "{line}");

    // --delete-file deletes exactly the imported file; the look-alike stays.
    t.ok(&["classify", &id, "--as", "ringa"]);
    t.ok(&[
        "confirm-source-deleted",
        &id,
        "--where",
        "datorn",
        "--delete-file",
    ]);
    assert!(!latin1.exists(), "the imported file is still there");
    assert!(twin.exists(), "the look-alike was deleted");
    assert_eq!(
        std::fs::read_to_string(&twin).expect("read"),
        sms_xml("Ett annat meddelande")
    );
}

#[test]
fn security_non_utf8_names_an_iphone_database_opens_under_its_own_name() {
    let t = Inkom::new();
    let dir = raw_path(&t, b"iPhone-\xe4");
    std::fs::create_dir(&dir).expect("mkdir");
    let db = dir.join("sms.db");
    let c = rusqlite::Connection::open(&db).expect("create");
    c.execute_batch(
        "CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT);
         CREATE TABLE message (ROWID INTEGER PRIMARY KEY, text TEXT, date INTEGER,
             is_from_me INTEGER, handle_id INTEGER);
         INSERT INTO handle VALUES (1, '+46701740668');
         INSERT INTO message VALUES (1, 'Hej, kan vi ses på tisdag?', 786000000, 0, 1);",
    )
    .expect("fill");
    drop(c);
    let v: Value =
        serde_json::from_slice(&run_with_path(&t, true, &["import"], &db)).expect("json");
    assert_eq!(v["rejected"], serde_json::json!([]), "{v}");
    let id = v["imported"][0]["created"][0].as_i64().expect("an item");
    let item = t.ok(&["show", &id.to_string()]);
    assert_eq!(
        inkom::path_text::from_text(item["source"]["path"].as_str().expect("path"))
            .as_os_str()
            .as_bytes(),
        db.as_os_str().as_bytes()
    );
}

/// Runs inkom with `args` then `path`; expects a refusal and gives stderr as text (UTF-8: the
/// name is escaped, never written raw).
fn refused_with_path(t: &Inkom, json: bool, args: &[&str], path: &Path) -> String {
    let mut c = t.command();
    if json {
        c.arg("--json");
    }
    let out = c.args(args).arg(path).output().expect("run inkom");
    assert!(!out.status.success(), "inkom {args:?} should be refused");
    String::from_utf8(out.stderr).expect("the error is UTF-8")
}

/// Imports `name` (raw bytes) in `files/` holding one SMS; gives its path and the item's id.
fn import_latin1(t: &Inkom, name: &[u8]) -> (PathBuf, String) {
    let path = raw_path(t, name);
    std::fs::write(&path, sms_xml("Hej, jag skickar intyget i morgon")).expect("write");
    let v: Value =
        serde_json::from_slice(&run_with_path(t, true, &["import"], &path)).expect("json");
    let id = v["imported"][0]["created"][0].as_i64().expect("an item");
    (path, id.to_string())
}

/// The escaped form of `files/` + `rest` the way people are shown it (`\xHH`, no marker).
fn shown(t: &Inkom, rest: &str) -> String {
    format!("{}/{rest}", t.files().to_str().expect("UTF-8 scratch dir"))
}

#[test]
fn security_non_utf8_names_error_messages_name_the_path_escaped() {
    let t = Inkom::new();
    let (latin1, id) = import_latin1(&t, b"sms-\xe5r-\xff.xml");
    let name = shown(&t, "sms-\\xe5r-\\xff.xml");
    t.ok(&["classify", &id, "--as", "ringa"]);
    let delete = [
        "confirm-source-deleted",
        &id,
        "--where",
        "datorn",
        "--delete-file",
    ];

    // Changed since import: refused, naming the very file.
    std::fs::write(&latin1, sms_xml("Ändrad efteråt")).expect("change");
    for json in [false, true] {
        let mut c = t.command();
        if json {
            c.arg("--json");
        }
        let out = c.args(delete).output().expect("run inkom");
        assert!(!out.status.success());
        let err = String::from_utf8(out.stderr).expect("UTF-8");
        assert!(!err.contains('\u{fffd}'), "{err}");
        let message = if json {
            let v: Value = serde_json::from_str(&err).expect("one JSON document");
            v["error"]["message"].as_str().expect("message").to_string()
        } else {
            err
        };
        assert!(
            message.contains(&format!("Filen {name} har ändrats sedan importen")),
            "{message}"
        );
    }
    // Gone: the message names it the same way.
    std::fs::remove_file(&latin1).expect("remove");
    let (code, message) = t.refused(&delete);
    assert_eq!(code, "source_missing", "{message}");
    assert!(
        message.contains(&format!("Filen {name} finns inte")),
        "{message}"
    );
    assert_ne!(t.ok(&["show", &id])["state"], "source_deleted");

    // A data directory with another's files, named in Latin-1.
    let foreign = raw_path(&t, b"Dokument-\xe5\xe4\xf6");
    std::fs::create_dir(&foreign).expect("mkdir");
    std::fs::write(foreign.join("annat.txt"), "annat").expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_inkom"))
        .arg("--data-dir")
        .arg(&foreign)
        .arg("list")
        .env_remove("INKOM_DATA_DIR")
        .env("INKOM_KEYSTORE", "passphrase")
        .env("INKOM_PASSPHRASE", common::PASSPHRASE)
        .output()
        .expect("run inkom");
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).expect("UTF-8");
    assert!(
        err.contains(&format!(
            "{} innehåller andra filer",
            shown(&t, "Dokument-\\xe5\\xe4\\xf6")
        )),
        "{err}"
    );

    // --out onto an existing file with such a name.
    let existing = raw_path(&t, b"lista-\xff.pdf");
    std::fs::write(&existing, "finns").expect("write");
    let err = refused_with_path(
        &t,
        false,
        &[
            "print-list",
            "diarium",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--out",
        ],
        &existing,
    );
    assert!(
        err.contains(&format!(
            "Filen {} finns redan",
            shown(&t, "lista-\\xff.pdf")
        )),
        "{err}"
    );
    assert_eq!(std::fs::read(&existing).expect("read"), b"finns");
}

/// Every Swedish message of the library that names a path shows its bytes, not U+FFFD.
#[test]
fn security_non_utf8_names_every_path_message_is_lossless() {
    use inkom::lifecycle::LifecycleError;
    use inkom::output_file::OutputFileError;
    use inkom::store::StoreError;

    let p = PathBuf::from(OsStr::from_bytes(b"/hem/kim/sk\xe4rm-\xff.png"));
    let want = "/hem/kim/sk\\xe4rm-\\xff.png";
    let io = || std::io::Error::other("test");
    let messages = [
        LifecycleError::SourceChanged {
            id: 1,
            path: p.clone(),
        }
        .sv(),
        LifecycleError::SourceMissing {
            id: 1,
            path: p.clone(),
        }
        .sv(),
        LifecycleError::SourceIsFolder {
            id: 1,
            path: p.clone(),
        }
        .sv(),
        LifecycleError::Io {
            what: "read",
            path: p.clone(),
            source: io(),
        }
        .sv(),
        OutputFileError::InsideDataDir(p.clone()).sv(),
        OutputFileError::Exists(p.clone()).sv(),
        OutputFileError::NotAFileName(p.clone()).sv(),
        OutputFileError::Io {
            path: p.clone(),
            source: io(),
        }
        .sv(),
        StoreError::NotInkomDir(p.clone()).sv(),
        StoreError::DataDir {
            path: p.clone(),
            source: io(),
        }
        .sv(),
    ];
    for m in messages {
        assert!(m.contains(want) && !m.contains('\u{fffd}'), "{m}");
    }
}

#[test]
fn security_non_utf8_names_a_screenshot_keeps_its_name() {
    let t = Inkom::new();
    // Two names a lossy conversion makes one (`Sk\u{fffd}rmbild-\u{fffd}.png`).
    let mut names = Vec::new();
    for (raw, fixture) in [
        (
            &b"Sk\xe4rmbild-\xff.png"[..],
            "Skarmbild_2026-11-03_094107.png",
        ),
        (
            &b"Sk\xe5rmbild-\xfe.png"[..],
            "Screenshot_20261103-142233_Messages.png",
        ),
    ] {
        let png = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/fixtures/synthetic/screenshots")
                .join(fixture),
        )
        .expect("fixture");
        let path = raw_path(&t, raw);
        std::fs::write(&path, &png).expect("write");
        let v: Value =
            serde_json::from_slice(&run_with_path(&t, true, &["import"], &path)).expect("json");
        let id = v["imported"][0]["created"][0].as_i64().expect("an item");
        let item = t.ok(&["show", &id.to_string()]);
        names.push(
            item["attachments"][0]["name"]
                .as_str()
                .expect("name")
                .to_string(),
        );
        // The printout names it the same way.
        let text = String::from_utf8(t.run(&["show", &id.to_string()]).stdout).expect("UTF-8");
        assert!(text.contains(names.last().expect("a name")), "{text}");
    }
    assert_eq!(
        names,
        ["Sk\\xe4rmbild-\\xff.png", "Sk\\xe5rmbild-\\xfe.png"]
    );
}

/// The lossless text of a path (`inkom::path_text`): a Unicode path is its own text; any other
/// gives back its bytes; a path that itself starts with the marker is marked too.
mod path_text {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    use std::path::{Path, PathBuf};

    use inkom::path_text::{display, for_display, from_text, to_text};

    #[test]
    fn security_non_utf8_names_unicode_paths_are_their_own_text() {
        for p in [
            "/home/maria/Hämtade filer/sms.xml",
            "C:\\Users\\maria\\sms.xml",
            "",
        ] {
            assert_eq!(to_text(Path::new(p)), p);
            assert_eq!(from_text(p), PathBuf::from(p));
            assert_eq!(for_display(p), p);
        }
    }

    #[test]
    fn security_non_utf8_names_a_path_that_looks_marked_is_marked_itself() {
        let p = Path::new("bytes:\\x41");
        let text = to_text(p);
        assert_eq!(text, "bytes:bytes:\\\\x41");
        assert_eq!(from_text(&text), p);
        // Not made by to_text: taken literally.
        assert_eq!(from_text("bytes:\\q"), PathBuf::from("bytes:\\q"));
        assert_eq!(for_display("bytes:\\q"), "bytes:\\q");
    }

    #[test]
    fn security_non_utf8_names_bytes_survive_the_round_trip() {
        let raw: &[u8] = b"/tmp/sms-\xff\xc3.xml \\ \xe5\xe4\xf6 \xc3\xa5";
        let p = Path::new(OsStr::from_bytes(raw));
        let text = to_text(p);
        assert_eq!(text, "bytes:/tmp/sms-\\xff\\xc3.xml \\\\ \\xe5\\xe4\\xf6 å");
        assert_eq!(from_text(&text).as_os_str().as_bytes(), raw);
        assert_eq!(display(p), "/tmp/sms-\\xff\\xc3.xml \\\\ \\xe5\\xe4\\xf6 å");
        #[derive(serde::Serialize)]
        struct Wrapper(#[serde(serialize_with = "inkom::path_text::serialize")] std::path::PathBuf);
        let json = serde_json::to_string(&Wrapper(p.to_path_buf())).expect("serializes");
        assert_eq!(json, serde_json::to_string(&text).expect("string"));
    }
}
