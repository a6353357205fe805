//! Shared test harness: runs the real `inkom` binary against a fresh data directory.
#![allow(dead_code)]

pub mod msg_file;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The passphrase every test store is created with (`INKOM_KEYSTORE=passphrase`), so tests
/// never touch the OS credential store of the machine they run on.
pub const PASSPHRASE: &str = "korrekt häst batteri häftklammer";

/// A fresh data directory and a scratch directory for input files.
pub struct Inkom {
    pub dir: tempfile::TempDir,
}

/// The `gallringsbeslut add` command line of the nämnd's one decision in the tests.
pub const GALLRINGSBESLUT: [&str; 10] = [
    "gallringsbeslut",
    "add",
    "--decided-by",
    "Socialnämnden",
    "--date",
    "2025-11-20",
    "--reference",
    "SN 2025/0113 § 42",
    "--section",
    "4.2 Handlingar av ringa betydelse",
];

/// How far [`Inkom::walk_to`] takes a classified item: `register`, then `confirm-printed`,
/// then what guard rail 1 asks before the source may be deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop<'a> {
    /// `register`: the sheet or printout is in the store.
    Registered,
    /// … and `confirm-printed`.
    Printed,
    /// … and `set-dnr` with this diarienummer from the paper diary (a diarium item).
    InDiarium(&'a str),
    /// … and `confirm-filed`: the printout is in the client's akt (a personakt item).
    Filed,
}

impl Inkom {
    pub fn new() -> Inkom {
        let inkom = Inkom {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        std::fs::create_dir_all(inkom.files()).expect("files dir");
        inkom
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Where tests put input files (copies, since inkom may delete them).
    pub fn files(&self) -> PathBuf {
        self.dir.path().join("files")
    }

    pub fn db(&self) -> PathBuf {
        self.data_dir().join("inkom.sqlite3")
    }

    pub fn command(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_inkom"));
        c.arg("--data-dir")
            .arg(self.data_dir())
            .env_remove("INKOM_DATA_DIR")
            .env("INKOM_KEYSTORE", "passphrase")
            .env("INKOM_PASSPHRASE", PASSPHRASE)
            // A cheap Argon2id cost for test stores (debug builds only, src/store/keys.rs);
            // tests/security_key_derivation.rs runs without it.
            .env("INKOM_TEST_ONLY_CHEAP_KDF", "1")
            .env("USER", "karin.test");
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().expect("run inkom")
    }

    /// Runs with `--json`.
    pub fn run_json(&self, args: &[&str]) -> Output {
        self.command()
            .arg("--json")
            .args(args)
            .output()
            .expect("run inkom")
    }

    /// Runs with `--json`, expects success, returns stdout as JSON.
    pub fn ok(&self, args: &[&str]) -> Value {
        let out = self.run_json(args);
        assert!(
            out.status.success(),
            "inkom {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "inkom {args:?}: stdout is not JSON ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }

    /// Runs with `--json`, expects failure, returns the error code and Swedish message.
    pub fn refused(&self, args: &[&str]) -> (String, String) {
        let out = self.run_json(args);
        assert!(
            !out.status.success(),
            "inkom {args:?} should have been refused"
        );
        assert!(out.stdout.is_empty(), "a refused command printed on stdout");
        let v: Value = serde_json::from_slice(&out.stderr).unwrap_or_else(|e| {
            panic!(
                "stderr is not JSON ({e}): {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (
            v["error"]["code"].as_str().unwrap_or_default().to_string(),
            v["error"]["message"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        )
    }

    /// Runs a command that must be refused with `code` and checks that it changed nothing
    /// (items and audit trail as before); returns the Swedish message.
    pub fn refused_unchanged(&self, args: &[&str], code: &str) -> String {
        let before = self.snapshot();
        let (got, msg) = self.refused(args);
        assert_eq!(got, code, "{args:?}: {msg}");
        assert!(!msg.is_empty(), "{args:?}: no message");
        assert_eq!(self.snapshot(), before, "{args:?} changed the store");
        msg
    }

    /// Copies a fixture from ../shared/fixtures into the scratch directory.
    pub fn fixture(&self, rel: &str) -> PathBuf {
        let src = fixtures().join(rel);
        let dst = self
            .files()
            .join(Path::new(rel).file_name().expect("file name"));
        std::fs::copy(&src, &dst).unwrap_or_else(|e| panic!("copy {}: {e}", src.display()));
        dst
    }

    pub fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.files().join(name);
        std::fs::write(&p, bytes).expect("write input");
        p
    }

    /// Adds [`GALLRINGSBESLUT`] to the register: culling and the purge after printing
    /// cite one (issue 13, guard rail 8). The only decision is the default.
    pub fn add_gallringsbeslut(&self) -> Value {
        self.ok(&GALLRINGSBESLUT)
    }

    /// Classifies an item as to be registered, with a public description.
    pub fn classify_diarium(&self, id: &str, description: &str) -> Value {
        self.ok(&[
            "classify",
            id,
            "--as",
            "diarium",
            "--description",
            description,
        ])
    }

    /// Imports `file` as `inkom import FILE` does (whole conversations) and returns the id of
    /// the first item it created: the only one for an e-mail or a picture.
    pub fn import_first(&self, file: &Path) -> String {
        let import = self.ok(&["import", s(file)]);
        match created_ids(&import).first() {
            Some(id) => id.to_string(),
            None => panic!("importing {} created nothing: {import}", file.display()),
        }
    }

    /// Copies the fixture `rel` (see [`Inkom::fixture`]) and imports it; returns the first new
    /// item's id and the copy, which `--delete-file` may delete.
    pub fn import_fixture(&self, rel: &str) -> (String, PathBuf) {
        let file = self.fixture(rel);
        (self.import_first(&file), file)
    }

    /// Classifies an item ringa (of little importance: kept in inkom's ordered keep, culled
    /// later, never registered).
    pub fn classify_ringa(&self, id: &str) -> Value {
        let c = self.ok(&["classify", id, "--as", "ringa"]);
        assert_eq!(c["class"], "ringa", "{c}");
        c
    }

    /// Classifies an item for the client's personakt.
    pub fn classify_personakt(&self, id: &str, client: &str, personnummer: &str) -> Value {
        self.ok(&[
            "classify",
            id,
            "--as",
            "personakt",
            "--client-name",
            client,
            "--personnummer",
            personnummer,
        ])
    }

    /// Walks a classified item along its road to `stop`, one CLI step after another, checking
    /// `inkom print-list KIND --from FROM --to TO --out OUT`: a list PDF for the period.
    pub fn print_list(&self, kind: &str, from: &str, to: &str, out: &Path) -> Value {
        self.ok(&[
            "print-list",
            kind,
            "--from",
            from,
            "--to",
            to,
            "--out",
            out.to_str().expect("utf-8 path"),
        ])
    }

    /// that each step got there; returns the item as the last step left it.
    pub fn walk_to(&self, id: &str, stop: Stop<'_>) -> Value {
        let registered = self.ok(&["register", id]);
        assert_eq!(registered["state"], "registered", "{registered}");
        if stop == Stop::Registered {
            return registered;
        }
        let printed = self.ok(&["confirm-printed", id]);
        assert_eq!(printed["state"], "printed", "{printed}");
        match stop {
            Stop::Registered | Stop::Printed => printed,
            Stop::InDiarium(dnr) => {
                let n = self.ok(&["set-dnr", id, dnr]);
                assert_eq!(n["registration"]["diarienummer"], dnr.trim(), "{n}");
                n
            }
            Stop::Filed => {
                let f = self.ok(&["confirm-filed", id]);
                assert!(f["filed"]["at"].is_string(), "{f}");
                f
            }
        }
    }

    /// The id of the first listed item whose sender starts with `sender` (a number or address).
    pub fn item_from(&self, sender: &str) -> String {
        let list = self.ok(&["list"]);
        let item = list
            .as_array()
            .expect("list")
            .iter()
            .find(|i| i["sender"].as_str().is_some_and(|s| s.starts_with(sender)))
            .unwrap_or_else(|| panic!("no item from {sender}: {list}"));
        item["id"].as_i64().expect("id").to_string()
    }

    /// Runs `audit verify` and expects the chain to hold.
    pub fn assert_audit_intact(&self) {
        let v = self.ok(&["audit", "verify"]);
        assert_eq!(v["first_broken"], Value::Null, "{v}");
    }

    /// The item's audit events (all events for `None`), oldest first.
    pub fn events(&self, id: Option<&str>) -> Vec<Value> {
        let mut args = vec!["audit", "log"];
        args.extend(id);
        self.ok(&args).as_array().expect("events").clone()
    }

    /// The item's latest audit event with this action.
    pub fn last_event(&self, id: &str, action: &str) -> Value {
        self.events(Some(id))
            .into_iter()
            .rev()
            .find(|e| e["action"] == action)
            .unwrap_or_else(|| panic!("item {id} has no {action} event"))
    }

    /// The actions of the item's audit events, oldest first.
    pub fn actions(&self, id: &str) -> Vec<String> {
        self.events(Some(id))
            .iter()
            .map(|e| e["action"].as_str().expect("action").to_string())
            .collect()
    }

    /// Runs `audit verify`, expects it to fail, returns the first bad event and the reason.
    pub fn broken_audit(&self) -> (i64, String) {
        let out = self.run_json(&["audit", "verify"]);
        assert!(!out.status.success(), "verify must fail on a broken chain");
        let v: Value = serde_json::from_slice(&out.stdout).expect("json");
        (
            v["first_broken"]["event_id"].as_i64().unwrap_or_default(),
            v["first_broken"]["reason"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        )
    }

    /// Everything observable about the store, to check that a refusal changed nothing.
    pub fn snapshot(&self) -> (Value, Value) {
        (self.ok(&["list"]), self.ok(&["audit", "log"]))
    }

    /// A raw connection to the encrypted database, keyed but without inkom's own setup (no
    /// audit MAC function): what someone holding the key could do with an SQLCipher browser.
    pub fn sql(&self) -> rusqlite::Connection {
        let conn = rusqlite::Connection::open(self.db()).expect("open db");
        inkom::store::apply_key(&conn, &self.key()).expect("key opens the db");
        inkom::store::install_search_functions(&conn).expect("search functions");
        conn
    }

    /// The store's data key, unwrapped with the test passphrase.
    pub fn key(&self) -> inkom::store::DataKey {
        inkom::store::keys::unlock_with_passphrase(&self.data_dir(), PASSPHRASE).expect("unlock")
    }

    /// An in-process store, opened the way the app's unlock screen does.
    pub fn store(&self) -> inkom::store::Store {
        inkom::store::Store::open_with_passphrase(&self.data_dir(), PASSPHRASE).expect("store")
    }

    /// Every page of the database and of its WAL, decrypted with the store's key: what
    /// SQLCipher itself sees, free pages and unused space in pages included. A purge test
    /// searches this, since the encrypted file never holds plaintext anyway.
    pub fn decrypted_pages(&self) -> Vec<u8> {
        decrypted_pages_of(&self.db(), &self.key())
    }
}

/// Every page of the database at `db` and of its WAL, decrypted with `key` (see
/// [`Inkom::decrypted_pages`]); for tests that hold a store in process.
pub fn decrypted_pages_of(db: &Path, key: &inkom::store::DataKey) -> Vec<u8> {
    let mut out = Vec::new();
    let db_path = db;
    let db = std::fs::read(db_path).expect("read db");
    let page = page_size_of(&db, key);
    assert!(
        db.len().is_multiple_of(page),
        "db size is not a multiple of the page size"
    );
    for (i, bytes) in db.chunks(page).enumerate() {
        out.extend(decrypt_page(key.bytes(), bytes, i == 0).expect("page 1 decrypts"));
    }
    let wal = std::fs::read(db_path.with_extension("sqlite3-wal")).unwrap_or_default();
    // WAL: a 32-byte header, then frames of a 24-byte header and one page.
    if wal.len() > 32 {
        for frame in wal[32..].chunks(24 + page).filter(|f| f.len() == 24 + page) {
            let page_no = u32::from_be_bytes(frame[..4].try_into().expect("4 bytes"));
            out.extend(decrypt_page(key.bytes(), &frame[24..], page_no == 1).expect("page 1"));
        }
    }
    out
}

/// The page size of the encrypted database `db` (the file's bytes): the one at which page 1
/// decrypts to a SQLite header naming that size. New stores have 16 KiB pages, stores made
/// before 2026-12-05 4 KiB (inkom::store::PAGE_SIZE).
pub fn page_size_of(db: &[u8], key: &inkom::store::DataKey) -> usize {
    [inkom::store::PAGE_SIZE as usize, 4096]
        .into_iter()
        .find(|&size| db.len() >= size && decrypt_page(key.bytes(), &db[..size], true).is_some())
        .expect("page 1 decrypts at 16 or 4 KiB")
}

/// SQLCipher 4's page layout: AES-256-CBC over all but the last 80 bytes of a page
/// (reserved: 16-byte IV, 64-byte HMAC-SHA512); page 1 starts with the 16-byte salt, which is
/// not encrypted.
const RESERVE: usize = 80;

/// One page decrypted; `None` when it is page 1 (`first`) and does not decrypt to a SQLite
/// header naming the page's own size.
fn decrypt_page(key: &[u8; 32], page: &[u8], first: bool) -> Option<Vec<u8>> {
    use aes::cipher::{BlockDecryptMut, KeyIvInit, block_padding::NoPadding};
    let size = page.len();
    let start = if first { 16 } else { 0 };
    let iv = &page[size - RESERVE..size - RESERVE + 16];
    let mut buf = page[start..size - RESERVE].to_vec();
    cbc::Decryptor::<aes::Aes256>::new(key.into(), iv.into())
        .decrypt_padded_mut::<NoPadding>(&mut buf)
        .expect("whole blocks");
    // The decrypted page 1 goes on with the SQLite header after the magic string: the page
    // size (big-endian; 1 means 65536), the reserve, then the fixed payload fractions 64, 32,
    // 32. Otherwise the decryption is wrong and a search of its output would prove nothing.
    let header_size = match u16::from_be_bytes([buf[0], buf[1]]) {
        1 => 65_536,
        n => usize::from(n),
    };
    let header_ok = header_size == size && buf[4] as usize == RESERVE && buf[5..8] == [64, 32, 32];
    (!first || header_ok).then_some(buf)
}

/// True when `needle` occurs in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

impl Inkom {
    /// The database file and its WAL as stored on disk, concatenated.
    pub fn raw_files(&self) -> Vec<u8> {
        let mut all = std::fs::read(self.db()).expect("read db");
        all.extend(std::fs::read(self.db().with_extension("sqlite3-wal")).unwrap_or_default());
        all
    }
}

/// An SMS Backup & Restore export of `n` messages received from 070-174 06 05, one a second,
/// the `i`-th reading `body(i)`: for tests that need a big file.
pub fn sms_export(n: usize, body: impl Fn(usize) -> String) -> Vec<u8> {
    let mut xml = format!("<?xml version='1.0' encoding='UTF-8'?>\n<smses count=\"{n}\">\n");
    for i in 0..n {
        xml.push_str(&format!(
            "<sms address=\"+46701740605\" date=\"{}\" type=\"1\" body=\"{}\" />\n",
            1_790_000_000_000 + i as u64 * 1000,
            body(i)
        ));
    }
    xml.push_str("</smses>\n");
    xml.into_bytes()
}

/// The ids an `import` (with `--json`) created from its first file.
pub fn created_ids(import: &Value) -> Vec<i64> {
    import["imported"][0]["created"]
        .as_array()
        .expect("created ids")
        .iter()
        .map(|v| v.as_i64().expect("id"))
        .collect()
}

impl Inkom {
    /// `audit export` of today's events to `pdf`, with `more` arguments; its JSON summary.
    pub fn export_audit_today(&self, pdf: &Path, more: &[&str]) -> Value {
        let today = today_in_sweden();
        let mut args = vec![
            "audit",
            "export",
            "--from",
            &today,
            "--to",
            &today,
            "--out",
            s(pdf),
        ];
        args.extend_from_slice(more);
        self.ok(&args)
    }
}

/// Today's date in Sweden (YYYY-MM-DD), as inkom dates periods and markings: an hour or two
/// ahead of the test machine's UTC.
pub fn today_in_sweden() -> String {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .date_naive()
        .to_string()
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures")
}

pub fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Text of a PDF via poppler's `pdftotext -layout` (installed by .ci/run), each line trimmed:
/// `-layout` keeps empty lines where the page has them, and the trimming drops only the
/// indentation that reflects the position on the page.
pub fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext is installed (apt-get install poppler-utils)");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8(out.stdout).expect("pdftotext gives UTF-8")
}

/// True when `text` (pdftotext output) holds `message` exactly: every character and every line
/// break of the message, where a space may have become a line break because a long line was
/// wrapped on the page. Nothing else is forgiven.
pub fn pdf_text_contains(text: &str, message: &str) -> bool {
    let pattern: String = message
        .split(' ')
        .map(regex::escape)
        .collect::<Vec<_>>()
        .join("[ \n]");
    regex::Regex::new(&pattern).expect("pattern").is_match(text)
}

/// The plain SHA-256 chain an attacker without the MAC key would compute.
pub fn plain_hash(prev: &str, row: &(i64, String, String, Option<i64>, String, String)) -> String {
    let (id, at, user, item, action, details) = row;
    let canonical = serde_json::json!([prev, id, at, user, item, action, details]).to_string();
    hex::encode(<sha2::Sha256 as sha2::Digest>::digest(canonical.as_bytes()))
}

/// A database as the first inkom (before encryption) left it: plaintext, schema version 1, an
/// item with content and a plain SHA-256 audit chain; `tamper` edits event 2 afterwards.
pub fn legacy_store(t: &Inkom, tamper: bool, body: &str) -> String {
    std::fs::create_dir_all(t.data_dir()).expect("mkdir");
    let conn = rusqlite::Connection::open(t.db()).expect("create");
    conn.pragma_update(None, "journal_mode", "WAL")
        .expect("wal");
    conn.execute_batch(include_str!("../../src/store/schema_v1.sql"))
        .expect("schema v1");
    conn.pragma_update(None, "user_version", 1)
        .expect("version");
    conn.execute(
        "INSERT INTO items (id, fingerprint, state, channel, direction, sender, recipients,
           received_at, received_at_utc, body, source_locator, source_sha256, imported_at,
           imported_by)
         VALUES (1, 'fp1', 'imported', 'sms', 'in', '+46701740644', '[]',
           '2026-11-02T10:03:12+01:00', '2026-11-02T09:03:12Z', ?1, 'sms 1', 'abc',
           '2026-11-02T11:00:00+01:00', 'karin.test')",
        [body],
    )
    .expect("item");
    let mut prev = "0".repeat(64);
    for (id, action, details) in [
        (1, "imported", "{}"),
        (2, "setting_changed", "{\"key\":\"unit\"}"),
    ] {
        let row = (
            id,
            "2026-11-02T11:00:00+01:00".to_string(),
            "karin.test".to_string(),
            (id == 1).then_some(1),
            action.to_string(),
            details.to_string(),
        );
        let hash = plain_hash(&prev, &row);
        conn.execute(
            "INSERT INTO audit_events (id, at, user, item_id, action, details, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            rusqlite::params![row.0, row.1, row.2, row.3, row.4, row.5, prev, hash],
        )
        .expect("event");
        prev = hash;
    }
    if tamper {
        conn.execute_batch(
            "DROP TRIGGER audit_events_no_update;
             UPDATE audit_events SET user = 'mallory' WHERE id = 2;",
        )
        .expect("tamper");
    }
    prev
}

/// Runs `inkom suggest --clients eval/clients.csv` on `eval/{set}` and pairs every gold line with
/// the suggestion made for it, in input order (the evaluation tests' shared runner).
pub fn suggest_eval_set(set: &str) -> Vec<(Value, Value)> {
    let inkom = Inkom::new();
    let eval = Path::new(env!("CARGO_MANIFEST_DIR")).join("eval");
    let path = eval.join(set);
    let out = inkom.run_json(&[
        "suggest",
        "--clients",
        s(&eval.join("clients.csv")),
        s(&path),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    let gold: Vec<Value> = std::fs::read_to_string(&path)
        .expect("evaluation set")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("set line"))
        .collect();
    assert_eq!(got.len(), gold.len(), "{set}: one suggestion per message");
    for (g, o) in gold.iter().zip(&got) {
        assert_eq!(g["id"], o["id"], "output in input order");
    }
    gold.into_iter().zip(got).collect()
}

/// The OS login of whoever runs the tests, asked of the OS itself (`id -un`), not of inkom:
/// the audit must name it whatever `USER` or the display-name setting say (guard rail 7).
pub fn os_login() -> String {
    #[cfg(unix)]
    {
        let out = Command::new("id").arg("-un").output().expect("id -un");
        String::from_utf8(out.stdout)
            .expect("login")
            .trim()
            .to_string()
    }
    #[cfg(not(unix))]
    {
        std::env::var("USERNAME").expect("USERNAME")
    }
}

/// What the deletion gate holds back ([`inkom::documents::OffPaper`]) as (name, kind) pairs,
/// for comparing with what a test expects.
pub fn held_back(off: &inkom::documents::OffPaper) -> Vec<(&str, &str)> {
    off.files
        .iter()
        .map(|f| (f.name.as_str(), f.kind.as_str()))
        .collect()
}

/// A TIFF of one grey page per entry (width, height, shade), as a scanner writes one.
pub fn tiff(pages: &[(u32, u32, u8)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut encoder = tiff::encoder::TiffEncoder::new(&mut out).expect("tiff");
        for &(width, height, shade) in pages {
            let data: Vec<u8> = (0..width * height)
                .map(|i| {
                    if (i % width) / 8 % 2 == 0 {
                        shade
                    } else {
                        255 - shade
                    }
                })
                .collect();
            encoder
                .write_image::<tiff::encoder::colortype::Gray8>(width, height, &data)
                .expect("page");
        }
    }
    out.into_inner()
}

/// Takes a store back to schema 22: migration 23 (the Bcc recipients in the search index)
/// undone, the index's view and triggers as migration 15 wrote them. What the index holds stays
/// as it is.
pub fn undo_migration_23(conn: &rusqlite::Connection) {
    let objects: Vec<String> = conn
        .prepare(
            "SELECT sql FROM sqlite_schema WHERE name IN \
             ('items_fts_row', 'items_fts_after_insert', 'items_fts_after_update') \
             ORDER BY type = 'trigger'",
        )
        .expect("schema")
        .query_map([], |r| r.get(0))
        .expect("schema")
        .map(|r| r.expect("sql"))
        .collect();
    assert_eq!(objects.len(), 3, "the index's view and triggers");
    conn.execute_batch(
        "DROP TRIGGER items_fts_after_insert;
         DROP TRIGGER items_fts_after_update;
         DROP VIEW items_fts_row;",
    )
    .expect("migration 23 undone");
    for sql in objects {
        conn.execute_batch(&sql.replace("cc, bcc,", "cc,"))
            .expect("migration 15's view and triggers");
    }
}

/// Takes a store back to schema 18, as the tests of older stores need: migration 23 (the Bcc
/// recipients in the search index), 21 (the Bcc column), 20 (the source index on the hash and
/// the locator) and 19 (the undrawn files) undone; 22 (SMS fingerprints learnt) changed rows
/// only.
pub fn undo_migrations_23_to_19(conn: &rusqlite::Connection) {
    undo_migration_23(conn);
    conn.execute_batch(
        "ALTER TABLE items DROP COLUMN bcc;
         DROP INDEX items_by_source;
         CREATE INDEX items_by_source ON items (source_sha256);
         ALTER TABLE registrations DROP COLUMN undrawn;",
    )
    .expect("migrations 21, 20 and 19 undone");
}
