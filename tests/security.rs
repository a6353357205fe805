//! Issue 6: the database is encrypted, its key kept where the user's account keeps secrets, a
//! copy elsewhere cannot be opened, the audit chain is keyed, old plaintext databases are
//! migrated, and content leaves the database only through the private temp directory.

use crate::common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{Inkom, PASSPHRASE, Stop, contains, legacy_store, plain_hash, s, sms_export};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// An SMS Backup & Restore export with one conversation holding `text`.
fn sms(t: &Inkom, text: &str) -> std::path::PathBuf {
    let xml = format!(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"1\">\n\
         <sms protocol=\"0\" address=\"+46701740633\" date=\"1793000000000\" type=\"1\" \
         body=\"{text}\" read=\"1\" status=\"-1\" contact_name=\"Vera Testsson\" />\n</smses>\n"
    );
    t.write("sms.xml", xml.as_bytes())
}

const SECRET: &str = "Mamma dricker varje kväll och Leo är rädd";

#[test]
fn the_database_file_holds_no_plaintext_of_an_imported_message() {
    let t = Inkom::new();
    let id = t.import_first(&sms(&t, SECRET));
    t.classify_personakt(&id, "Leo Testsson", "19121212-1212");
    // An e-mail with an attachment, and the registration PDF: all inside the database.
    let eml = "From: Vera Testsson <vera@example.com>\r\nTo: ifo@example.org\r\n\
        Subject: Underlag\r\nDate: Mon, 2 Nov 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\n\
        Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n\
        Content-Type: text/plain; charset=utf-8\r\n\r\nSe bilagan.\r\n--b\r\n\
        Content-Type: text/plain; charset=utf-8\r\n\
        Content-Disposition: attachment; filename=\"journal.txt\"\r\n\r\n\
        Skuld till kronofogden 48000 kronor\r\n--b--\r\n";
    let mail = t.import_first(&t.write("underlag.eml", eml.as_bytes()));
    t.classify_diarium(&mail, "Underlag");
    t.walk_to(&mail, Stop::Registered);
    let raw = t.raw_files();
    assert!(
        !contains(&raw, b"%PDF"),
        "the registration PDF is stored in the clear"
    );
    assert!(contains(&t.decrypted_pages(), b"%PDF"));
    assert!(
        !raw.starts_with(b"SQLite format 3"),
        "the file has a plain SQLite header"
    );
    let decrypted = t.decrypted_pages();
    for needle in [
        SECRET,
        "Leo Testsson",
        "19121212-1212",
        "+46701740633",
        "Vera Testsson",
        "Skuld till kronofogden 48000 kronor",
    ] {
        // With the key the text is there (so the search is not blind) …
        assert!(
            contains(&decrypted, needle.as_bytes()),
            "{needle:?} not found even decrypted"
        );
        // … and on disk it is not.
        assert!(
            !contains(&raw, needle.as_bytes()),
            "{needle:?} in the file as plaintext"
        );
    }
    // An SQLite without the key sees no database at all.
    let plain = rusqlite::Connection::open(t.db()).expect("open");
    let err = plain
        .query_row("SELECT count(*) FROM items", [], |r| r.get::<_, i64>(0))
        .expect_err("readable without the key");
    assert!(err.to_string().contains("not a database"), "{err}");

    // The key file holds no usable key: the data key is wrapped, and the file is the owner's.
    let key_file = std::fs::read_to_string(t.data_dir().join("inkom.key")).expect("key file");
    let key: Value = serde_json::from_str(&key_file).expect("JSON");
    assert_eq!(key["protection"], "passphrase");
    assert_eq!(key["kdf"], "argon2id");
    // Its cost is tested with the production parameters in security_key_derivation.rs (these
    // test stores use the cheap test-only cost).
    assert!(key["m_kib"].as_u64().is_some());
    assert!(!key_file.contains(&hex::encode(t.key().bytes())));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(&t.data_dir()), 0o700);
        assert_eq!(mode(&t.db()), 0o600);
        assert_eq!(mode(&t.data_dir().join("inkom.key")), 0o600);
    }
}

/// A copy of the data directory somewhere else, opened with `env`.
fn refused_with(t: &Inkom, env: &[(&str, Option<&str>)], args: &[&str]) -> String {
    let mut c = t.command();
    for (k, v) in env {
        match v {
            Some(v) => c.env(k, v),
            None => c.env_remove(k),
        };
    }
    let out = c.arg("--json").args(args).output().expect("run");
    assert!(
        !out.status.success(),
        "{args:?} with {env:?} was not refused"
    );
    assert!(out.stdout.is_empty());
    let v: Value = serde_json::from_slice(&out.stderr)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    v["error"]["code"].as_str().expect("code").to_string()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read dir").flatten() {
        if e.path().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).expect("copy");
        }
    }
}

#[test]
fn a_copied_database_cannot_be_opened_without_its_key() {
    let t = Inkom::new();
    t.ok(&["import", s(&sms(&t, SECRET))]);

    let copy = Inkom::new();
    copy_dir(&t.data_dir(), &copy.data_dir());
    // No passphrase: asked for, nothing shown.
    assert_eq!(
        refused_with(&copy, &[("INKOM_PASSPHRASE", None)], &["list"]),
        "needs_passphrase"
    );
    let out = copy
        .command()
        .env_remove("INKOM_PASSPHRASE")
        .args(["show", "1"])
        .output()
        .expect("run");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("INKOM_PASSPHRASE"), "{said}");
    assert!(!said.contains("Leo"), "{said}");
    // A wrong passphrase.
    assert_eq!(
        refused_with(
            &copy,
            &[("INKOM_PASSPHRASE", Some("fel lösenfras, helt fel"))],
            &["list"]
        ),
        "wrong_passphrase"
    );
    // The database without its key file (the key stayed behind).
    std::fs::remove_file(copy.data_dir().join("inkom.key")).expect("rm key");
    assert_eq!(refused_with(&copy, &[], &["list"]), "key_missing");
    // Another store's key file does not open it either.
    let other = Inkom::new();
    other.ok(&["list"]);
    std::fs::copy(
        other.data_dir().join("inkom.key"),
        copy.data_dir().join("inkom.key"),
    )
    .expect("copy key");
    assert_eq!(refused_with(&copy, &[], &["list"]), "wrong_key");
    // Nothing of the above created or changed anything in the original.
    assert_eq!(t.ok(&["list"]).as_array().map(Vec::len), Some(1));
    t.assert_audit_intact();
}

#[test]
fn without_an_os_store_inkom_asks_for_a_passphrase_fast_and_says_which_it_uses() {
    let t = Inkom::new();
    let no_bus = [
        ("INKOM_KEYSTORE", None),
        ("DBUS_SESSION_BUS_ADDRESS", None),
        ("INKOM_PASSPHRASE", None),
    ];
    let started = Instant::now();
    assert_eq!(refused_with(&t, &no_bus, &["list"]), "needs_passphrase");
    // A hanging D-Bus lookup waits 25 s for its timeout; the fallback is immediate.
    let took = started.elapsed();
    eprintln!("passphrase fallback without an OS key store: {took:?}");
    assert!(took < Duration::from_secs(15), "no fast fallback: {took:?}");
    assert!(!t.db().exists(), "a store was created without a key");
    // Asking for the OS store where there is none is an error, not a silent passphrase.
    let os_only = [
        ("INKOM_KEYSTORE", Some("os")),
        ("DBUS_SESSION_BUS_ADDRESS", None),
    ];
    assert_eq!(refused_with(&t, &os_only, &["list"]), "os_keystore");
    let too_short = [
        ("INKOM_KEYSTORE", None),
        ("DBUS_SESSION_BUS_ADDRESS", None),
        ("INKOM_PASSPHRASE", Some("kort")),
    ];
    assert_eq!(refused_with(&t, &too_short, &["list"]), "invalid_input");

    // With INKOM_PASSPHRASE it goes on, and says so once, on stderr.
    let out = t
        .command()
        .env_remove("INKOM_KEYSTORE")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .args(["settings", "show"])
        .output()
        .expect("run");
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("INKOM_PASSPHRASE"), "{said}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("lösenfrasen i INKOM_PASSPHRASE"));
    let again = t.run(&["list"]);
    assert!(again.stderr.is_empty(), "said more than once");
    assert_eq!(t.ok(&["settings", "show"])["key_source"], "env");
    assert_eq!(t.store().key_source(), inkom::store::KeySource::Passphrase);
}

/// `inkom change-passphrase` with a new passphrase from INKOM_NEW_PASSPHRASE: JSON out, code
/// and Swedish message on a refusal.
fn change_passphrase(t: &Inkom, current: &str, new: &str) -> std::process::Output {
    t.command()
        .env("INKOM_PASSPHRASE", current)
        .env("INKOM_NEW_PASSPHRASE", new)
        .args(["--json", "change-passphrase"])
        .output()
        .expect("run")
}

fn refused_code(out: &std::process::Output) -> String {
    assert!(!out.status.success(), "accepted");
    let v: serde_json::Value = serde_json::from_slice(&out.stderr).expect("json error");
    v["error"]["code"].as_str().expect("code").to_string()
}

#[test]
fn changing_the_passphrase_rewrites_the_key_file_not_the_database() {
    let t = Inkom::new();
    t.ok(&["import", s(&sms(&t, SECRET))]);
    let db_before = Sha256::digest(std::fs::read(t.db()).expect("db"));
    let key_file = t.data_dir().join("inkom.key");
    let key_before = std::fs::read(&key_file).expect("key file");
    let new = "en helt annan lösenfras";

    // Refused, the key file byte for byte as it was: a wrong current passphrase, a new one too
    // short, too easy, or the same as the current.
    let refusals = [
        ("fel lösenfras helt och hållet", new, "wrong_passphrase"),
        (PASSPHRASE, "kort", "invalid_input"),
        (PASSPHRASE, "qwertyuiop123", "invalid_input"),
        (PASSPHRASE, PASSPHRASE, "invalid_input"),
    ];
    for (current, candidate, code) in refusals {
        assert_eq!(
            refused_code(&change_passphrase(&t, current, candidate)),
            code,
            "{candidate}"
        );
        assert_eq!(std::fs::read(&key_file).expect("key file"), key_before);
        assert_eq!(
            Sha256::digest(std::fs::read(t.db()).expect("db")),
            db_before,
            "nothing recorded for a refusal"
        );
    }

    let data_key = inkom::store::keys::unlock_with_passphrase(&t.data_dir(), PASSPHRASE)
        .expect("unlock")
        .bytes()
        .to_vec();
    let out = change_passphrase(&t, PASSPHRASE, new);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The same data key under the new passphrase: the database is not re-encrypted (only the
    // audit event is added to it).
    let rewrapped = inkom::store::keys::unlock_with_passphrase(&t.data_dir(), new).expect("new");
    assert_eq!(rewrapped.bytes().to_vec(), data_key);
    assert!(matches!(
        inkom::store::Store::open_with_passphrase(&t.data_dir(), PASSPHRASE),
        Err(inkom::store::StoreError::WrongPassphrase)
    ));
    let store = inkom::store::Store::open_with_passphrase(&t.data_dir(), new).expect("new");
    assert_eq!(store.list(&Default::default()).expect("list").len(), 1);
    // Recorded once, with neither passphrase.
    let log = inkom::audit::log(store.conn(), None).expect("audit");
    let changed: Vec<_> = log
        .iter()
        .filter(|e| e.action == "passphrase_changed")
        .collect();
    assert_eq!(changed.len(), 1);
    let text = serde_json::to_string(&log).expect("json");
    assert!(!text.contains(new) && !text.contains(PASSPHRASE));
    drop(store);
    // No store is created where there is none.
    let empty = Inkom::new();
    assert_eq!(
        refused_code(&change_passphrase(&empty, PASSPHRASE, new)),
        "invalid_input"
    );
    assert!(!empty.data_dir().join("inkom.sqlite3").exists());
}

#[test]
fn full_text_search_works_in_the_encrypted_database() {
    let t = Inkom::new();
    let store = t.store();
    let conn = store.conn();
    conn.execute_batch(
        "CREATE VIRTUAL TABLE search USING fts5(body);
         INSERT INTO search (body) VALUES ('orosanmälan om barn'), ('ansökan om bistånd');",
    )
    .expect("FTS5 is compiled in");
    let hit: String = conn
        .query_row(
            "SELECT body FROM search WHERE search MATCH 'bistånd'",
            [],
            |r| r.get(0),
        )
        .expect("match");
    assert_eq!(hit, "ansökan om bistånd");
}

/// Events for the audit tests: import, classify, register.
fn audited_store() -> Inkom {
    let t = Inkom::new();
    let id = t.import_first(&sms(&t, SECRET));
    t.classify_diarium(&id, "Skrivelse");
    t.walk_to(&id, Stop::Registered);
    assert_eq!(t.ok(&["audit", "verify"])["events"], 3);
    t
}

#[test]
fn an_edit_hidden_by_recomputed_hashes_is_still_caught() {
    let t = audited_store();
    let conn = t.sql();
    // The MAC function is not on a connection inkom did not open.
    assert!(
        conn.query_row("SELECT inkom_audit_mac('x')", [], |_| Ok(()))
            .is_err()
    );
    conn.execute_batch("DROP TRIGGER audit_events_no_update;")
        .expect("drop trigger");
    conn.execute(
        "UPDATE audit_events SET details = '{\"class\":\"ringa\"}' WHERE id = 2",
        [],
    )
    .expect("edit");
    // Re-chain every event with plain SHA-256, as the first inkom did.
    let rows: Vec<(i64, String, String, Option<i64>, String, String)> = conn
        .prepare("SELECT id, at, user, item_id, action, details FROM audit_events ORDER BY id")
        .expect("prepare")
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    // Event 1 stays as it is; from the edited event on, plain hashes.
    let mut prev: String = conn
        .query_row("SELECT hash FROM audit_events WHERE id = 1", [], |r| {
            r.get(0)
        })
        .expect("event 1");
    for row in &rows[1..] {
        let hash = plain_hash(&prev, row);
        conn.execute(
            "UPDATE audit_events SET prev_hash = ?1, hash = ?2 WHERE id = ?3",
            rusqlite::params![prev, hash, row.0],
        )
        .expect("rechain");
        prev = hash;
    }
    drop(conn);
    let (event, reason) = t.broken_audit();
    assert_eq!(event, 2, "{reason}");
    assert!(reason.contains("MAC"), "{reason}");
}

#[test]
fn cutting_events_off_the_end_is_detected() {
    /// An audited store whose last event was deleted behind inkom's back.
    fn cut() -> Inkom {
        let t = audited_store();
        let conn = t.sql();
        conn.execute_batch("DROP TRIGGER audit_events_no_delete;")
            .expect("drop trigger");
        conn.execute("DELETE FROM audit_events WHERE id = 3", [])
            .expect("delete last event");
        t
    }
    let t = cut();
    let (event, reason) = t.broken_audit();
    assert_eq!(event, 3, "{reason}");
    assert!(reason.contains("cut short"), "{reason}");

    // Removing the head record as well does not help.
    t.sql()
        .execute("DELETE FROM audit_head", [])
        .expect("delete head");
    let (event, reason) = t.broken_audit();
    assert_eq!(event, 3, "{reason}");
    assert!(reason.contains("head"), "{reason}");

    // Nor does moving the head back to the shortened chain's end without the key.
    let t = cut();
    t.sql()
        .execute(
            "UPDATE audit_head SET last_id = 2,
               last_hash = (SELECT hash FROM audit_events WHERE id = 2)",
            [],
        )
        .expect("move head");
    let (_, reason) = t.broken_audit();
    assert!(reason.contains("head"), "{reason}");
}

#[test]
fn the_audit_log_of_a_period_is_exported_as_pdf_and_json() {
    let t = audited_store();
    let today = common::today_in_sweden();
    let pdf = t.files().join("logg.pdf");
    let json_file = t.files().join("logg.json");
    let summary = t.export_audit_today(&pdf, &["--json-out", s(&json_file)]);
    assert_eq!(summary["events"], 3);
    let export: Value =
        serde_json::from_slice(&std::fs::read(&json_file).expect("json file")).expect("JSON");
    let log = t.ok(&["audit", "log"]);
    // The JSON holds the period's events exactly as the log has them, and the chain's end.
    assert_eq!(
        export["events"],
        json!(log.as_array().expect("events")[..3])
    );
    assert_eq!(export["verification"]["first_broken"], Value::Null);
    assert_eq!(export["chain_head"][0], 3);
    assert_eq!(export["chain_head"][1], log[2]["hash"]);
    // Columns are laid out with runs of spaces; one space is enough to compare.
    let text = regex::Regex::new(" +")
        .expect("regex")
        .replace_all(&common::pdftotext(&pdf), " ")
        .into_owned();
    for expected in [
        "Granskningslogg",
        &format!("Period {today}"),
        "Antal händelser 3",
        "Kedjan hel (3 händelser kontrollerade)",
        &format!(
            "Sista händelse 3, MAC {}",
            log[2]["hash"].as_str().expect("hash")
        ),
        "imported",
        "classified",
        "registered",
        &common::os_login(),
        &log[2]["hash"].as_str().expect("hash")[..16],
    ] {
        assert!(text.contains(expected), "{expected:?} missing in:\n{text}");
    }
    assert!(!text.contains("Leo"), "content in the audit export");
    // The export is itself audited.
    let log = t.ok(&["audit", "log"]);
    assert_eq!(log[3]["action"], "audit_exported");
    assert_eq!(log[3]["details"]["events"], 3);

    // A period without events, and a broken chain, say so.
    t.sql()
        .execute_batch(
            "DROP TRIGGER audit_events_no_update;
             UPDATE audit_events SET user = 'mallory' WHERE id = 2;",
        )
        .expect("tamper");
    let empty = t.files().join("tom.pdf");
    t.ok(&[
        "audit",
        "export",
        "--from",
        "2020-01-01",
        "--to",
        "2020-01-31",
        "--out",
        s(&empty),
    ]);
    let text = common::pdftotext(&empty);
    assert!(text.contains("Inga händelser under perioden."), "{text}");
    assert!(text.contains("BRUTEN vid händelse 2"), "{text}");
}

#[test]
fn an_old_plaintext_database_is_encrypted_once_with_an_encrypted_backup() {
    let t = Inkom::new();
    let legacy_head = legacy_store(&t, false, SECRET);
    assert!(contains(&t.raw_files(), SECRET.as_bytes()));

    let out = t.run(&["list"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("är nu krypterad"), "{said}");

    // The plaintext is gone from the data directory: the database is encrypted, the backup
    // too, and no plaintext file, WAL or leftover remains.
    let backup = t.data_dir().join("inkom.sqlite3.before-encryption");
    for entry in std::fs::read_dir(t.data_dir()).expect("dir").flatten() {
        if entry.path().is_file() {
            let bytes = std::fs::read(entry.path()).expect("read");
            assert!(
                !contains(&bytes, SECRET.as_bytes()),
                "plaintext in {entry:?}"
            );
            assert!(
                !bytes.starts_with(b"SQLite format 3"),
                "{entry:?} is unencrypted"
            );
        }
    }
    assert!(contains(&t.decrypted_pages(), SECRET.as_bytes()));
    // The encrypted store is a new one: 16 KiB pages (inkom::store::PAGE_SIZE).
    let encrypted = std::fs::read(t.db()).expect("db");
    assert_eq!(common::page_size_of(&encrypted, &t.key()), 16_384);
    assert_eq!(t.ok(&["show", "1"])["body"], SECRET);
    // The backup opens with the same key and holds the data as it was.
    let b = rusqlite::Connection::open(&backup).expect("open backup");
    inkom::store::apply_key(&b, &t.key()).expect("backup key");
    let body: String = b
        .query_row("SELECT body FROM items WHERE id = 1", [], |r| r.get(0))
        .expect("item in backup");
    assert_eq!(body, SECRET);
    drop(b);

    // The old chain was sealed under the keyed MAC, and the sealing is on record.
    let v = t.ok(&["audit", "verify"]);
    assert_eq!(v["first_broken"], Value::Null);
    assert_eq!(v["events"], 3);
    let log = t.ok(&["audit", "log"]);
    assert_eq!(log[2]["action"], "audit_keyed");
    assert_eq!(log[2]["details"]["legacy_events"], 2);
    assert_eq!(
        log[2]["details"]["legacy_head_sha256"],
        legacy_head.as_str()
    );
    assert_eq!(log[2]["details"]["legacy_first_broken"], Value::Null);

    // Once: the next start neither migrates nor touches the backup.
    let backup_bytes = std::fs::read(&backup).expect("backup");
    let again = t.run(&["list"]);
    assert!(
        again.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(std::fs::read(&backup).expect("backup"), backup_bytes);
    assert_eq!(t.ok(&["audit", "log"]).as_array().map(Vec::len), Some(3));
}

#[test]
fn sealing_an_old_chain_keeps_its_break_on_record() {
    let t = Inkom::new();
    legacy_store(&t, true, SECRET);
    t.ok(&["list"]);
    let log = t.ok(&["audit", "log"]);
    assert_eq!(log[2]["action"], "audit_keyed");
    assert_eq!(log[2]["details"]["legacy_first_broken"], 2);
}

#[test]
fn an_interrupted_migration_leaves_no_plaintext_behind() {
    let t = Inkom::new();
    t.ok(&["list"]);
    // What a crash between the swap and the shredding leaves.
    let aside = t.data_dir().join("inkom.sqlite3.plaintext");
    std::fs::write(&aside, SECRET).expect("write");
    t.ok(&["list"]);
    assert!(!aside.exists());
}

#[test]
fn content_handed_to_a_viewer_lives_in_a_private_directory_and_goes_away() {
    let t = Inkom::new();
    t.ok(&["list"]);
    let pdf = b"%PDF-1.7 registreringsblad";
    let file = inkom::private_temp::write(&t.data_dir(), "../../blad.pdf", pdf).expect("write");
    let path = file.path().to_path_buf();
    // In this process's own directory of the private directory (tests/temp_sweep.rs).
    let own = path.parent().expect("parent").to_path_buf();
    assert_eq!(own.parent(), Some(t.data_dir().join("tmp").as_path()));
    assert!(
        path.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.ends_with("-blad.pdf"))
    );
    assert_eq!(std::fs::read(&path).expect("read"), pdf);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&own), 0o700);
        assert_eq!(mode(&t.data_dir().join("tmp")), 0o700);
    }
    drop(file);
    assert!(!path.exists(), "the guard did not remove the file");
    // A crash (the guard never runs) is swept at the next start once the process has ended:
    // tests/temp_sweep.rs, with two processes.
}

#[test]
fn culled_content_is_gone_from_every_decrypted_page() {
    let t = Inkom::new();
    let id = t.import_first(&sms(&t, SECRET));
    t.classify_ringa(&id);
    assert!(contains(&t.decrypted_pages(), SECRET.as_bytes()));
    t.ok(&["confirm-source-deleted", &id, "--where", "tjänstemobil"]);
    t.add_gallringsbeslut();
    t.ok(&["cull", &id, "--decision", "SN 2025/0113 § 42"]);
    assert!(
        !contains(&t.decrypted_pages(), SECRET.as_bytes()),
        "culled content left in the database (decrypted)"
    );
}

/// Runs `script` in a fresh D-Bus session with a real Secret Service (GNOME Keyring) whose
/// login keyring lives in `home`: one login of one user. Returns stdout; panics on failure.
fn in_login_session(home: &Path, script: &str) -> String {
    let run = home.join("run");
    std::fs::create_dir_all(&run).expect("runtime dir");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&run, std::fs::Permissions::from_mode(0o700)).expect("chmod");
    }
    let full = format!(
        "set -e\necho -n inloggning | gnome-keyring-daemon --unlock --components=secrets \
         >/dev/null\n{script}"
    );
    let out = std::process::Command::new("timeout")
        .args(["120", "dbus-run-session", "--", "bash", "-c", &full])
        .env("HOME", home)
        .env("XDG_RUNTIME_DIR", &run)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("INKOM_BIN", env!("CARGO_BIN_EXE_inkom"))
        .env_remove("INKOM_KEYSTORE")
        .env_remove("INKOM_PASSPHRASE")
        .env_remove("INKOM_DATA_DIR")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .output()
        .expect("run dbus-run-session");
    assert!(
        out.status.success(),
        "session script failed:\n{script}\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn have(program: &str) -> bool {
    std::process::Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn the_key_lives_in_the_linux_secret_service_and_stays_with_the_user() {
    if !cfg!(target_os = "linux") {
        return;
    }
    if !["dbus-run-session", "gnome-keyring-daemon", "secret-tool"]
        .iter()
        .all(|p| have(p))
    {
        // scripts/setup-debian.sh installs them; CI must not skip silently.
        assert!(
            std::env::var_os("CI").is_none(),
            "dbus, gnome-keyring and libsecret-tools are not installed"
        );
        eprintln!("skipped: no dbus-run-session/gnome-keyring-daemon/secret-tool");
        return;
    }
    let t = Inkom::new();
    let sms = sms(&t, SECRET);
    let data = t.data_dir();
    let alice = t.dir.path().join("alice");
    let bob = t.dir.path().join("bob");

    // Alice's first run: no INKOM_KEYSTORE, no passphrase; the OS store answers, so it is used.
    let out = in_login_session(
        &alice,
        &format!(
            "\"$INKOM_BIN\" --json --data-dir '{d}' import '{f}' >/dev/null\n\
             \"$INKOM_BIN\" --json --data-dir '{d}' settings show\n\
             echo '---'\n\
             secret-tool lookup service inkom username \"database-key-$(sed -n \
             's/.*\"store_id\": \"\\([0-9a-f]*\\)\".*/\\1/p' '{d}/inkom.key')\"",
            d = s(&data),
            f = s(&sms)
        ),
    );
    let (settings, key_hex) = out.split_once("---").expect("two parts");
    let settings: Value = serde_json::from_str(settings).expect("settings JSON");
    assert_eq!(settings["key_source"], "os_keystore");
    let key_file: Value =
        serde_json::from_slice(&std::fs::read(data.join("inkom.key")).expect("key file"))
            .expect("JSON");
    assert_eq!(key_file["protection"], "os_keystore");
    assert!(key_file.get("wrapped_key").is_none(), "{key_file}");
    // The secret in Alice's keyring is the key that opens the database.
    let key_hex = key_hex.trim();
    assert_eq!(key_hex.len(), 64, "{key_hex:?}");
    let raw = rusqlite::Connection::open(t.db()).expect("open");
    raw.pragma_update(None, "key", format!("x'{key_hex}'"))
        .expect("key");
    // A new store's pages are 16 KiB, not SQLCipher's default (README, data protection).
    raw.pragma_update(None, "cipher_page_size", inkom::store::PAGE_SIZE)
        .expect("page size");
    let body: String = raw
        .query_row("SELECT body FROM items", [], |r| r.get(0))
        .expect("the keyring's key opens the database");
    assert!(body.contains(SECRET));
    drop(raw);
    assert!(!contains(&t.raw_files(), SECRET.as_bytes()));

    // Alice again, in a new login: the key is still there.
    let out = in_login_session(
        &alice,
        &format!("\"$INKOM_BIN\" --json --data-dir '{}' list", s(&data)),
    );
    let list: Value = serde_json::from_str(&out).expect("list JSON");
    assert_eq!(list.as_array().map(Vec::len), Some(1));

    // Bob (another account) with a copy of the data directory: his keyring has no such key.
    let copy = t.dir.path().join("copy");
    copy_dir(&data, &copy);
    let out = in_login_session(
        &bob,
        &format!(
            "\"$INKOM_BIN\" --json --data-dir '{}' list 2>&1 && exit 1 || true",
            s(&copy)
        ),
    );
    let err: Value = serde_json::from_str(&out).expect("error JSON");
    assert_eq!(err["error"]["code"], "key_missing", "{err}");
    assert!(!out.contains(SECRET));
}

#[test]
fn a_changed_byte_in_the_encrypted_file_is_refused_not_read() {
    let t = Inkom::new();
    t.ok(&["import", s(&sms(&t, SECRET))]);
    let mut bytes = std::fs::read(t.db()).expect("db");
    let page = common::page_size_of(&bytes, &t.key());
    assert!(bytes.len() > 2 * page);
    // Somewhere in page 2's encrypted content.
    bytes[page + 100] ^= 0x01;
    std::fs::write(t.db(), &bytes).expect("write");
    let out = t.run_json(&["show", "1"]);
    assert!(!out.status.success(), "a tampered page was read");
    assert!(!String::from_utf8_lossy(&out.stdout).contains(SECRET));
}

#[test]
fn a_trigger_planted_in_the_file_cannot_use_the_audit_key() {
    let t = audited_store();
    // Someone with the key plants a trigger that would forge events with inkom's MAC the next
    // time inkom itself changes a setting.
    t.sql()
        .execute_batch(
            "CREATE TRIGGER forge AFTER INSERT ON settings BEGIN
               INSERT INTO audit_head (singleton, last_id, last_hash, mac)
               VALUES (1, 99, 'x', inkom_audit_mac('x'))
               ON CONFLICT (singleton) DO UPDATE SET mac = excluded.mac;
             END;",
        )
        .expect("plant trigger");
    // The open refuses the planted trigger (issue 17) before any statement could fire it;
    // the MAC function is DIRECTONLY besides, so a trigger could not call it anyway.
    let out = t.run_json(&["settings", "set", "unit", "IFO"]);
    assert!(!out.status.success(), "the trigger ran with the MAC key");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("trigger forge"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    t.sql()
        .execute_batch("DROP TRIGGER forge")
        .expect("remove trigger");
    t.assert_audit_intact();
}

/// Runs inkom on a pseudo-terminal (util-linux `script`) with `typed` as the keyboard, and
/// without `INKOM_PASSPHRASE`. Returns everything the terminal showed.
fn at_the_terminal(t: &Inkom, args: &str, typed: &str) -> String {
    let cmd = format!(
        "env -u INKOM_PASSPHRASE INKOM_KEYSTORE=passphrase '{}' --data-dir '{}' {args}",
        env!("CARGO_BIN_EXE_inkom"),
        s(&t.data_dir())
    );
    let mut child = std::process::Command::new("timeout")
        .args(["30", "script", "-qec", &cmd, "/dev/null"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("script");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(typed.as_bytes()).expect("type");
    }
    let out = child.wait_with_output().expect("wait");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_person_at_the_terminal_is_asked_for_the_passphrase() {
    if !have("script") {
        assert!(
            std::env::var_os("CI").is_none(),
            "util-linux script missing"
        );
        return;
    }
    // New store, the two entries differ: nothing is created.
    let t = Inkom::new();
    let shown = at_the_terminal(&t, "list", "en lösenfras här\nen annan lösenfras\n");
    assert!(shown.contains("Lösenfras för inkom:"), "{shown}");
    assert!(shown.contains("olika"), "{shown}");
    assert!(!t.data_dir().join("inkom.key").exists());

    // They match: the store is made with that passphrase, and says so.
    let typed = format!("{PASSPHRASE}\n{PASSPHRASE}\n");
    let shown = at_the_terminal(&t, "list", &typed);
    assert!(shown.contains("låses upp med lösenfras"), "{shown}");
    assert_eq!(t.ok(&["list"]), json!([]), "the typed passphrase opens it");
    // An existing store asks once; a wrong passphrase is refused.
    let shown = at_the_terminal(&t, "list", "fel fel fel fel\n");
    assert!(!shown.contains("Samma lösenfras igen"), "{shown}");
    assert!(shown.contains("Fel lösenfras"), "{shown}");
    // Scripts are never prompted.
    let shown = at_the_terminal(&t, "--json list", "");
    assert!(shown.contains("needs_passphrase"), "{shown}");
}

/// `import` reads its first file while the store is opened (issue 15). With a wrong passphrase
/// the import is refused as any command is, at once, whether the parser had filled its queue (a
/// long export) or was waiting for the unit's addresses (a mail); nothing is stored.
#[test]
fn an_import_read_ahead_is_refused_with_a_wrong_passphrase() {
    let t = Inkom::new();
    t.ok(&[
        "settings",
        "set",
        "unit_addresses",
        "enheten@exempelby.example.se",
    ]);
    let long = t.write(
        "lang.xml",
        &sms_export(60_000, |i| format!("Meddelande {i}")),
    );
    let mail = t.write(
        "svar.eml",
        b"From: Enheten <enheten@exempelby.example.se>\r\nTo: elsa@example.com\r\n\
          Subject: Svar\r\nDate: Tue, 3 Nov 2026 10:00:00 +0100\r\n\r\nHej Elsa.\r\n",
    );
    let before = std::fs::read(t.db()).expect("store");
    for file in [&long, &mail] {
        let started = Instant::now();
        assert_eq!(
            refused_with(
                &t,
                &[("INKOM_PASSPHRASE", Some("fel lösenfras, helt fel"))],
                &["import", s(file)]
            ),
            "wrong_passphrase"
        );
        assert!(started.elapsed() < Duration::from_secs(20), "{file:?} hung");
    }
    assert_eq!(std::fs::read(t.db()).expect("store"), before);
    // With the right one, the mail is the unit's own: sent, not received.
    let id = t.import_first(&mail);
    assert_eq!(t.ok(&["show", &id])["direction"], "out");
}
