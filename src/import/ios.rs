//! iPhone messages: the `sms.db` database (SMS, MMS and iMessage), alone or inside an
//! unencrypted Finder/iTunes backup folder.
//!
//! The database is opened read-only with SQLite's `immutable=1`, so nothing is ever written
//! beside the source (no `-wal`, `-shm` or journal file: the source folder may be a backup that
//! must stay as it was, and on a locked-down PC it may not be writable at all). Rows are read one
//! at a time. After reading, the file is hashed again and must match the hash taken first.
//!
//! A `chat.db`/`sms.db` copied from a running Mac or phone often comes with its write-ahead log
//! (`sms.db-wal`): the newest messages are only there until SQLite checkpoints them, and an
//! immutable open would not see them. Then the database, its log and its `-shm` are copied into
//! a private temporary directory (owner-only, removed and overwritten afterwards, see
//! [`WalCopy`]) and that copy is opened with the log applied; the user's files are never opened
//! for writing. The log is hashed before and after as the database is.
//!
//! - Time: `message.date` counts from 2001-01-01 UTC, in seconds on old iOS and nanoseconds
//!   since iOS 11 (values above 10^12 are nanoseconds).
//!   It is the only time iOS records for a received message (for an SMS, when the phone got
//!   it) and is taken as its date received (guard rail 4); `date_delivered` and `date_read`
//!   concern the delivery of the unit's own messages and their reading, so there is no
//!   separate sent time to keep.
//! - Text: `message.text`, or when that is NULL (current iOS often leaves it empty) the string
//!   inside `attributedBody`, an NSAttributedString in Apple's typedstream encoding. U+FFFC,
//!   the placeholder iOS puts where an attachment sits in the text, is removed.
//! - Direction from `is_from_me`; the other party is the message's handle (a phone number or an
//!   Apple ID e-mail), else the chat's handles. Reactions ("tapbacks",
//!   `associated_message_type` 2000–3006) are not messages and are skipped with a note.
//! - Attachments: `~/Library/SMS/Attachments/…` is found in a backup through `Manifest.db`
//!   (domain `MediaDomain`); a bare `sms.db` has no attachment files, which is noted.

use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, Utc};
use rusqlite::{Connection, OpenFlags, params};

use super::common::{Notes, new_item, sanitize_file_name, stockholm};
use super::{FileCtx, Format, HashingReader, ImportError, ImportLimits, OtherFormat, Problem};
use crate::model::{Attachment, Channel, Direction, NewItem, thread_key};

/// Seconds from 1970-01-01 to 2001-01-01 (Apple's reference date).
const APPLE_EPOCH: i64 = 978_307_200;

/// The backup's name for `HomeDomain-Library/SMS/sms.db` (its SHA-1), used when Manifest.db
/// has no row for it.
const SMS_DB_FILE_ID: &str = "3d0d7e5fb2ce288813306e4d4636395e047a3d28";

/// Whether `path` is named as a backup names the message database ([`SMS_DB_FILE_ID`]): how
/// guides tell a caseworker to find it in a backup folder.
pub(crate) fn is_backup_sms_db(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name.eq_ignore_ascii_case(SMS_DB_FILE_ID))
}

/// Largest `Manifest.plist` read (Finder's is a few hundred KB with the device's app list).
const MAX_MANIFEST_PLIST: u64 = 64 * 1024 * 1024;

/// A file's bytes, `None` when it cannot be read or is larger than `limit`.
fn read_bounded(path: &Path, limit: u64) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    File::open(path)
        .ok()?
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .ok()?;
    (bytes.len() as u64 <= limit).then_some(bytes)
}

/// Where attachment files are, if anywhere.
enum Files {
    /// A bare sms.db: none.
    None,
    /// A backup folder and its open Manifest.db.
    Backup { dir: PathBuf, manifest: Connection },
}

/// Imports a bare `sms.db` (the caller detected the SQLite header).
pub(crate) fn parse_db(
    ctx: &FileCtx<'_>,
    on_item: &mut dyn FnMut(NewItem) -> Result<(), ImportError>,
) -> Result<Notes, ImportError> {
    let wal = sibling(ctx.path, "-wal");
    let has_wal = std::fs::metadata(&wal).is_ok_and(|m| m.is_file() && m.len() > 0);
    if !has_wal {
        let skipped = read_messages(ctx, Format::IosSmsDb, ctx.path, &Files::None, on_item)?;
        ctx.verify(ctx.open_hashed()?)?;
        return Ok(skipped);
    }
    let wal_hash = hash_file(&wal, ctx.limits).map_err(|e| ctx.io_err(e))?.0;
    let copy = WalCopy::new(ctx.path).map_err(|e| ctx.io_err(e))?;
    let mut skipped = read_messages(ctx, Format::IosSmsDb, &copy.db, &Files::None, on_item)?;
    drop(copy);
    ctx.verify(ctx.open_hashed()?)?;
    if hash_file(&wal, ctx.limits).map_err(|e| ctx.io_err(e))?.0 != wal_hash {
        return Err(ImportError::Changed {
            path: ctx.path.to_path_buf(),
        });
    }
    skipped.push(format!(
        "databasens logg ({}) lästes in: meddelanden som bara fanns där är med",
        wal.file_name()
            .map(|n| crate::path_text::display(Path::new(n)))
            .unwrap_or_default()
    ));
    Ok(skipped)
}

/// `path` with `suffix` appended to its file name (`sms.db` → `sms.db-wal`).
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// A private copy of a database with its `-wal` and `-shm`, in an owner-only directory of its
/// own under the system's temporary directory (the import has no data directory: a preview
/// stores nothing). Dropping it overwrites and removes the files and the directory.
struct WalCopy {
    dir: PathBuf,
    db: PathBuf,
}

impl WalCopy {
    fn new(source: &Path) -> std::io::Result<WalCopy> {
        let mut random = [0u8; 8];
        getrandom::fill(&mut random).map_err(|e| std::io::Error::other(e.to_string()))?;
        let dir = std::env::temp_dir().join(format!("inkom-wal-{}", hex::encode(random)));
        std::fs::create_dir(&dir)?;
        crate::private_temp::restrict_dir(&dir)?;
        let copy = WalCopy {
            db: dir.join("messages.db"),
            dir,
        };
        copy_private(source, &copy.db)?;
        copy_private(&sibling(source, "-wal"), &sibling(&copy.db, "-wal"))?;
        let shm = sibling(source, "-shm");
        if shm.is_file() {
            copy_private(&shm, &sibling(&copy.db, "-shm"))?;
        }
        Ok(copy)
    }
}

impl Drop for WalCopy {
    fn drop(&mut self) {
        if let Ok(entries) = std::fs::read_dir(&self.dir) {
            for entry in entries.flatten() {
                crate::private_temp::shred(&entry.path());
            }
        }
        let _ = std::fs::remove_dir(&self.dir);
    }
}

/// Copies `from` to a new owner-only file `to`.
fn copy_private(from: &Path, to: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut out = options.open(to)?;
    std::io::copy(&mut File::open(from)?, &mut out)?;
    out.sync_all()
}

/// Imports an unencrypted backup folder (the caller found `Manifest.db` in it).
pub(crate) fn parse_backup(
    dir: &Path,
    limits: &ImportLimits,
    on_item: &mut dyn FnMut(NewItem) -> Result<(), ImportError>,
) -> Result<(Format, String, Notes), ImportError> {
    let format = Format::IosBackup;
    let invalid = |problem| ImportError::Invalid {
        path: dir.to_path_buf(),
        format,
        at: String::new(),
        problem,
    };
    let io_err = |source| ImportError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let plist = read_bounded(&dir.join("Manifest.plist"), MAX_MANIFEST_PLIST)
        .and_then(|bytes| super::plist_guard::read(&bytes))
        .ok_or_else(|| invalid(Problem::BackupIncomplete))?;
    let encrypted = plist
        .as_dictionary()
        .and_then(|d| d.get("IsEncrypted"))
        .and_then(plist::Value::as_boolean);
    if encrypted != Some(false) {
        // Absent counts as encrypted: without the key, nothing here can be read.
        return Err(invalid(Problem::BackupEncrypted));
    }
    let manifest =
        open_immutable(&dir.join("Manifest.db")).map_err(|_| invalid(Problem::BackupIncomplete))?;
    let file_id: String = manifest
        .query_row(
            "SELECT fileID FROM Files WHERE domain = 'HomeDomain' \
             AND relativePath = 'Library/SMS/sms.db'",
            [],
            |r| r.get(0),
        )
        .unwrap_or_else(|_| SMS_DB_FILE_ID.to_string());
    let db = backup_file(dir, &file_id).ok_or_else(|| invalid(Problem::BackupIncomplete))?;
    let meta = std::fs::metadata(&db).map_err(|_| invalid(Problem::BackupIncomplete))?;
    if meta.len() > limits.max_file_bytes {
        return Err(ImportError::TooLarge {
            path: db,
            size: meta.len(),
            limit: limits.max_file_bytes,
        });
    }
    let (sha256, size) = hash_file(&db, limits).map_err(io_err)?;
    let abs = std::path::absolute(dir).map_err(io_err)?;
    let ctx = FileCtx {
        path: dir,
        abs_path: crate::path_text::to_text(&abs),
        sha256,
        size,
        mtime: meta.modified().ok(),
        limits,
        salvage: false,
    };
    let files = Files::Backup {
        dir: dir.to_path_buf(),
        manifest,
    };
    let skipped = read_messages(&ctx, format, &db, &files, on_item)?;
    if hash_file(&db, limits).map_err(io_err)?.0 != ctx.sha256 {
        return Err(ImportError::Changed {
            path: dir.to_path_buf(),
        });
    }
    Ok((format, ctx.sha256, skipped))
}

fn hash_file(path: &Path, limits: &ImportLimits) -> std::io::Result<(String, u64)> {
    let file = File::open(path)?;
    HashingReader::new(file.take(limits.max_file_bytes.saturating_add(1))).finish()
}

/// `dir/ab/abcdef…` for a backup file id, when it is a plain 40-hex-digit name and exists.
fn backup_file(dir: &Path, file_id: &str) -> Option<PathBuf> {
    if file_id.len() != 40 || !file_id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let path = dir.join(&file_id[..2]).join(file_id);
    path.is_file().then_some(path)
}

/// Opens a database read-only and immutable: SQLite neither writes nor creates anything.
fn open_immutable(path: &Path) -> rusqlite::Result<Connection> {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file:");
    // The name's own bytes, percent-encoded: a name that is not UTF-8 opens as it is.
    #[cfg(unix)]
    let text = std::os::unix::ffi::OsStrExt::as_bytes(abs.as_os_str()).to_vec();
    #[cfg(not(unix))]
    let text = abs.to_string_lossy().replace('\\', "/").into_bytes();
    if !text.starts_with(b"/") {
        uri.push('/');
    }
    for b in text {
        if b.is_ascii_alphanumeric() || b"/-._~:".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    Connection::open_with_flags(
        uri,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
}

/// Apple time (seconds or nanoseconds since 2001-01-01 UTC) in Stockholm time.
fn apple_time(value: i64) -> Option<DateTime<FixedOffset>> {
    if value <= 0 {
        return None;
    }
    let (secs, nanos) = if value > 1_000_000_000_000 {
        (value / 1_000_000_000, (value % 1_000_000_000) as u32)
    } else {
        (value, 0)
    };
    Some(stockholm(DateTime::<Utc>::from_timestamp(
        secs.checked_add(APPLE_EPOCH)?,
        nanos,
    )?))
}

/// The string in a typedstream-encoded NSAttributedString: the bytes after the `NSString`
/// class name, past the `+` type tag, with a length of one byte, or `0x81` + u16 LE, or
/// `0x82` + u32 LE.
pub(crate) fn attributed_body_text(blob: &[u8]) -> Option<String> {
    const CLASS: &[u8] = b"NSString";
    let start = blob.windows(CLASS.len()).position(|w| w == CLASS)? + CLASS.len();
    let rest = blob.get(start..)?;
    let plus = rest.iter().take(16).position(|&b| b == b'+')?;
    let rest = rest.get(plus + 1..)?;
    let (len, skip): (usize, usize) = match *rest.first()? {
        0x81 => (
            usize::from(u16::from_le_bytes([*rest.get(1)?, *rest.get(2)?])),
            3,
        ),
        0x82 => (
            usize::try_from(u32::from_le_bytes(rest.get(1..5)?.try_into().ok()?)).ok()?,
            5,
        ),
        n => (usize::from(n), 1),
    };
    let bytes = rest.get(skip..skip.checked_add(len)?)?;
    Some(String::from_utf8_lossy(bytes).into_owned())
}

struct Row {
    rowid: i64,
    text: Option<String>,
    body: Option<Vec<u8>>,
    date: i64,
    from_me: bool,
    handle: Option<String>,
    associated: i64,
    chat: Option<i64>,
    /// `message_summary_info` (macOS 13 / iOS 16 and later): a binary plist that keeps the
    /// earlier wordings of an edited iMessage.
    summary: Option<Vec<u8>>,
    /// `date_retracted`: set when the sender unsent the message.
    retracted: i64,
    /// `item_type`: 0 for a message; others are events in a group chat (someone added or
    /// leaving, the name or picture changed).
    item_type: i64,
}

/// Most earlier wordings of one message kept (iMessage allows five edits).
const MAX_EDITS: usize = 20;

/// The wordings of an edited iMessage, oldest first, as `message_summary_info` keeps them under
/// `ec` (per message part, each edit's time `d`, seconds since 2001, and its text `t`, an
/// attributed string in typedstream form). Empty when the message was never edited or the
/// plist does not read.
fn edit_history(summary: &[u8]) -> Vec<(Option<DateTime<FixedOffset>>, String)> {
    let Some(plist) = super::plist_guard::read(summary) else {
        return Vec::new();
    };
    let Some(parts) = plist
        .as_dictionary()
        .and_then(|d| d.get("ec"))
        .and_then(plist::Value::as_dictionary)
    else {
        return Vec::new();
    };
    let mut keys: Vec<&String> = parts.keys().collect();
    keys.sort_by_key(|k| (k.parse::<u64>().unwrap_or(u64::MAX), k.as_str()));
    keys.iter()
        .filter_map(|k| parts.get(k.as_str()).and_then(plist::Value::as_array))
        .flatten()
        .filter_map(plist::Value::as_dictionary)
        .filter_map(|edit| {
            let text = edit
                .get("t")
                .and_then(plist::Value::as_data)
                .and_then(attributed_body_text)?;
            let at = edit
                .get("d")
                .and_then(|d| {
                    d.as_real()
                        .or_else(|| d.as_signed_integer().map(|i| i as f64))
                })
                .filter(|d| d.is_finite() && *d > 0.0 && *d < 1e11)
                .and_then(|d| apple_time(d as i64));
            Some((at, text.replace('\u{FFFC}', "")))
        })
        .take(MAX_EDITS)
        .collect()
}

/// The chain-of-custody note of an edited message: its earlier wordings with their times, so
/// that what arrived first is on paper with what it became. `None` for fewer than two. Each
/// wording is a bidi isolate (U+2068 … U+2069): an Arabic or Hebrew one would otherwise pull
/// the time after it into its right-to-left run (seen on the sheet: "13:00:2026-11-04 09").
fn edits_note(history: &[(Option<DateTime<FixedOffset>>, String)]) -> Option<String> {
    let (_, earlier) = history.split_last()?;
    if earlier.is_empty() {
        return None;
    }
    let wordings: Vec<String> = earlier
        .iter()
        .map(|(at, text)| match at {
            Some(at) => format!(
                "{}: «\u{2068}{text}\u{2069}»",
                at.format("%Y-%m-%d %H:%M:%S")
            ),
            None => format!("«\u{2068}{text}\u{2069}»"),
        })
        .collect();
    Some(format!(
        "meddelandet ändrades av avsändaren (iMessage) efter att det kommit; meddelandets text \
         är den sista lydelsen, tidigare lydelser: {}",
        wordings.join("; ")
    ))
}

fn read_messages(
    ctx: &FileCtx<'_>,
    format: Format,
    db_path: &Path,
    files: &Files,
    on_item: &mut dyn FnMut(NewItem) -> Result<(), ImportError>,
) -> Result<Notes, ImportError> {
    let db_err = |_| ctx.invalid(format, "", Problem::Database);
    let conn = if db_path == ctx.path || format == Format::IosBackup {
        open_immutable(db_path)
    } else {
        // Our private copy (WalCopy): opened normally, so SQLite applies the log.
        Connection::open_with_flags(
            db_path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
    }
    .map_err(db_err)?;
    let has_table = |name: &str| {
        conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [name],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n > 0)
    };
    let has_message = has_table("message").map_err(db_err)?;
    let is_sms_db = has_message && has_table("handle").map_err(db_err)?;
    let old_schema = has_message
        && conn
            .prepare("SELECT address, flags FROM message LIMIT 0")
            .is_ok();
    if !is_sms_db && old_schema {
        // Refused by name rather than as "not supported": the user learns what it is.
        return Err(ctx.invalid(format, "", Problem::OldIosSchema));
    }
    if !is_sms_db {
        return Err(if format == Format::IosSmsDb {
            ctx.unsupported(Some(OtherFormat::Sqlite))
        } else {
            ctx.invalid(format, "", Problem::NotSmsDb)
        });
    }
    let not_sms_db = |_| ctx.invalid(format, "", Problem::NotSmsDb);

    // chat → its participants' handles (phone numbers or Apple IDs).
    let mut chats: HashMap<i64, Vec<String>> = HashMap::new();
    if has_table("chat_handle_join").map_err(db_err)? {
        let mut stmt = conn
            .prepare(
                "SELECT j.chat_id, h.id FROM chat_handle_join j \
                 JOIN handle h ON h.ROWID = j.handle_id ORDER BY j.chat_id, h.ROWID",
            )
            .map_err(not_sms_db)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
            .map_err(not_sms_db)?;
        for row in rows {
            let (chat, id) = row.map_err(db_err)?;
            chats.entry(chat).or_default().push(id);
        }
    }
    let has_attachments = has_table("message_attachment_join").map_err(db_err)?
        && has_table("attachment").map_err(db_err)?;
    let mut attachment_stmt = if has_attachments {
        Some(
            conn.prepare(
                "SELECT a.filename, a.transfer_name, a.mime_type FROM message_attachment_join j \
                 JOIN attachment a ON a.ROWID = j.attachment_id WHERE j.message_id = ?1 \
                 ORDER BY a.ROWID",
            )
            .map_err(not_sms_db)?,
        )
    } else {
        None
    };
    let has_column = |table: &str, column: &str| -> bool {
        conn.prepare(&format!("SELECT {column} FROM {table} LIMIT 0"))
            .is_ok()
    };
    // Columns newer iOS versions added, or `fallback` where the database is older.
    let message_column = |column: &str, fallback: &str| {
        if has_column("message", column) {
            format!("m.{column}")
        } else {
            fallback.to_string()
        }
    };
    let associated = message_column("associated_message_type", "0");
    let body = message_column("attributedBody", "NULL");
    let summary = message_column("message_summary_info", "NULL");
    let retracted = message_column("date_retracted", "0");
    let item_type = message_column("item_type", "0");
    let chat = if has_table("chat_message_join").map_err(db_err)? {
        "(SELECT c.chat_id FROM chat_message_join c WHERE c.message_id = m.ROWID LIMIT 1)"
    } else {
        "NULL"
    };
    let sql = format!(
        "SELECT m.ROWID, m.text, {body}, m.date, m.is_from_me, h.id, {associated}, {chat}, \
         {summary}, {retracted}, {item_type} FROM message m LEFT JOIN handle h ON h.ROWID = m.handle_id \
         ORDER BY m.date, m.ROWID"
    );
    let mut stmt = conn.prepare(&sql).map_err(not_sms_db)?;
    let mut rows = stmt.query([]).map_err(db_err)?;

    let mut skipped = Notes::default();
    while let Some(r) = rows.next().map_err(db_err)? {
        let get = || -> rusqlite::Result<Row> {
            Ok(Row {
                rowid: r.get(0)?,
                text: r.get(1).ok().flatten(),
                body: r.get(2).ok().flatten(),
                date: r.get::<_, Option<i64>>(3)?.unwrap_or(0),
                from_me: r.get::<_, Option<i64>>(4)?.unwrap_or(0) != 0,
                handle: r.get(5).ok().flatten(),
                associated: r.get::<_, Option<i64>>(6).ok().flatten().unwrap_or(0),
                chat: r.get(7).ok().flatten(),
                summary: r.get(8).ok().flatten(),
                retracted: r.get::<_, Option<i64>>(9).ok().flatten().unwrap_or(0),
                item_type: r.get::<_, Option<i64>>(10).ok().flatten().unwrap_or(0),
            })
        };
        let row = get().map_err(db_err)?;
        let n = row.rowid;
        let at = format!("meddelande {n}");
        if (2000..=3006).contains(&row.associated) {
            skipped.skip(format!(
                "{at}: en reaktion (tapback) på ett annat meddelande, hoppades över"
            ));
            continue;
        }
        let Some(received_at) = apple_time(row.date) else {
            skipped.skip(format!("{at}: saknar giltigt datum, hoppades över"));
            continue;
        };
        let history = row.summary.as_deref().map(edit_history).unwrap_or_default();
        let text = row
            .text
            .filter(|t| !t.is_empty())
            .or_else(|| row.body.as_deref().and_then(attributed_body_text))
            // An edited message may keep its wording only in its history.
            .or_else(|| history.last().map(|(_, text)| text.clone()))
            .unwrap_or_default()
            .replace('\u{FFFC}', "");

        let mut attachments = Vec::new();
        // Attachments the database names without their file: said on the item too.
        let mut item_notes = Vec::new();
        if let Some(stmt) = attachment_stmt.as_mut() {
            let list: Vec<(Option<String>, Option<String>, Option<String>)> = stmt
                .query_map(params![n], |a| Ok((a.get(0)?, a.get(1)?, a.get(2)?)))
                .and_then(|rows| rows.collect())
                .map_err(db_err)?;
            for (filename, transfer_name, mime) in list {
                let index = attachments.len() + 1;
                let shown = transfer_name
                    .as_deref()
                    .or(filename.as_deref())
                    .unwrap_or("");
                let name = sanitize_file_name(shown, index);
                let bytes = match (files, filename.as_deref()) {
                    (Files::Backup { dir, manifest }, Some(f)) => {
                        attachment_bytes(ctx, dir, manifest, f, &at)?
                    }
                    _ => None,
                };
                match bytes {
                    Some(bytes) => {
                        let mime = mime
                            .filter(|m| m.contains('/'))
                            .unwrap_or_else(|| "application/octet-stream".to_string());
                        attachments.push(Attachment::new(name, mime, bytes));
                    }
                    None => skipped.on_item(
                        &mut item_notes,
                        &at,
                        match files {
                            Files::None => format!(
                                "bilagan {name} finns inte i sms.db (bilagor följer bara med i \
                                 en hel säkerhetskopia)"
                            ),
                            Files::Backup { .. } => {
                                format!("bilagan {name} saknas i säkerhetskopian")
                            }
                        },
                    ),
                }
            }
        }
        // An attachment the database names without its file is still a message that came, and
        // its item says what is missing.
        if text.trim().is_empty() && attachments.is_empty() && item_notes.is_empty() {
            skipped.skip(if row.item_type != 0 {
                format!(
                    "{at}: en händelse i gruppchatten (någon lades till eller lämnade, namnet \
                     eller bilden ändrades), inte ett meddelande, hoppades över"
                )
            } else if row.retracted > 0 {
                format!(
                    "{at}: avsändaren drog tillbaka meddelandet (iMessage) och dess text finns \
                     inte kvar i databasen, hoppades över"
                )
            } else {
                format!("{at}: tomt meddelande, hoppades över")
            });
            continue;
        }

        let participants: Vec<String> = match row.chat.and_then(|c| chats.get(&c)) {
            Some(list) if !list.is_empty() => list.clone(),
            _ => row.handle.iter().cloned().collect(),
        };
        let (direction, sender, recipients) = if row.from_me {
            (Direction::Out, String::new(), participants.clone())
        } else {
            let sender = row
                .handle
                .clone()
                .or_else(|| participants.first().cloned())
                .unwrap_or_default();
            (Direction::In, sender, Vec::new())
        };
        let mut source = ctx.source(at);
        source.notes.extend(item_notes);
        source.notes.extend(edits_note(&history));
        on_item(NewItem {
            sender,
            recipients,
            body: text,
            attachments,
            thread: Some(thread_key(participants.iter().map(String::as_str))),
            ..new_item(Channel::Sms, direction, received_at, source)
        })?;
    }
    Ok(skipped)
}

/// The bytes of an attachment stored in a backup, found through Manifest.db; `None` when the
/// backup does not hold it.
fn attachment_bytes(
    ctx: &FileCtx<'_>,
    dir: &Path,
    manifest: &Connection,
    filename: &str,
    at: &str,
) -> Result<Option<Vec<u8>>, ImportError> {
    let relative = filename
        .strip_prefix("~/")
        .or_else(|| filename.strip_prefix("/var/mobile/"))
        .or_else(|| filename.strip_prefix("/private/var/mobile/"))
        .unwrap_or(filename);
    let file_id: Option<String> = manifest
        .query_row(
            "SELECT fileID FROM Files WHERE domain = 'MediaDomain' AND relativePath = ?1",
            [relative],
            |r| r.get(0),
        )
        .ok();
    let Some(path) = file_id.and_then(|id| backup_file(dir, &id)) else {
        return Ok(None);
    };
    let limit = ctx.limits.max_file_bytes;
    let mut bytes = Vec::new();
    File::open(&path)
        .and_then(|f| f.take(limit.saturating_add(1)).read_to_end(&mut bytes))
        .map_err(|_| ctx.invalid(Format::IosBackup, at, Problem::BackupIncomplete))?;
    if bytes.len() as u64 > limit {
        return Err(ImportError::TooLarge {
            path,
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(Some(bytes))
}
