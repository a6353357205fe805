//! "SMS Import / Export" (Android app by tmo1, v2 format): a ZIP holding `messages.ndjson` and a
//! `data/` folder with the MMS parts' files, or the `messages.ndjson` alone.
//!
//! One JSON object per line, every value a string. SMS lines carry `type` (1 received, 2 sent),
//! `address`, `date` in milliseconds and `body`; MMS lines carry `msg_box`, `date` in *seconds*,
//! `__sender_address`, `__recipient_addresses` and `__parts`, whose files are `data/<name>` in
//! the ZIP (named after the part's `_data` path on the phone). The contact name, when the
//! number was in the phone's contacts, is `__display_name`.
//!
//! The NDJSON is streamed (one line in memory at a time, lines bounded). The ZIP is treated as
//! hostile: every entry is inflated through a counter that stops at the file-size limit, and at
//! an inflation ratio no real export reaches, so a zip bomb is refused after reading a bounded
//! amount, not after filling memory. A ZIP without `messages.ndjson` (a Word document, another
//! app's export) is refused as an unsupported ZIP.
//!
//! A last line that breaks off inside its JSON object (nothing but white space after it) is a
//! truncated export: refused as such, or with salvage skipped with a note while the lines
//! before it are imported. A broken line anywhere else is a damaged file, salvage or not.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};

use serde_json::{Map, Value};
use zip::ZipArchive;
use zip::result::ZipError;

use super::common::{
    Notes, extension_for_mime, new_item, sanitize_file_name, stockholm_from_epoch,
};
use super::sms_xml::{present, with_contact};
use super::{FileCtx, Format, ImportError, OtherFormat, Problem};
use crate::model::{Attachment, Channel, Direction, NewItem, thread_key};

/// The NDJSON file's name inside the ZIP.
const MESSAGES: &str = "messages.ndjson";

/// Longest NDJSON line accepted. MMS part data is in separate files, so real lines are a few
/// kilobytes.
const MAX_LINE_BYTES: u64 = 16 * 1024 * 1024;

/// Inflated/compressed ratio beyond which an entry is taken for a zip bomb. Text compresses
/// about 3–10 times and pictures not at all; only crafted data (long runs of one byte) comes
/// near deflate's maximum of about 1 000.
const MAX_RATIO: u64 = 100;

/// Entries smaller than this are never judged by their ratio (a tiny file of spaces compresses
/// very well and is harmless).
const RATIO_FLOOR_BYTES: u64 = 8 * 1024 * 1024;

/// PDU header codes in `__recipient_addresses[].type`.
const ADDR_TO: &str = "151";
const ADDR_CC: &str = "130";
const ADDR_BCC: &str = "129";

/// Where MMS part files come from.
enum Data {
    /// A bare `messages.ndjson`: the files did not come along.
    Missing,
    /// The ZIP, opened a second time so parts can be read while the NDJSON entry streams.
    Zip(Box<ZipArchive<File>>),
}

/// Marks the `io::Error` a [`Capped`] reader returns when its limit is passed.
#[derive(Debug)]
struct OverLimit;

impl std::fmt::Display for OverLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("inflated size limit exceeded")
    }
}

impl std::error::Error for OverLimit {}

/// Counts bytes passing through and fails once more than `limit` have passed.
struct Capped<R> {
    inner: R,
    limit: u64,
    seen: u64,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.seen += n as u64;
        if self.seen > self.limit {
            return Err(io::Error::other(OverLimit));
        }
        Ok(n)
    }
}

fn is_over_limit(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<OverLimit>())
}

/// How many inflated bytes an entry may give: never more than the file limit, and never far
/// more than its compressed size.
fn entry_cap(ctx: &FileCtx<'_>, compressed: u64) -> u64 {
    let by_ratio = compressed.saturating_mul(MAX_RATIO).max(RATIO_FLOOR_BYTES);
    by_ratio.min(ctx.limits.max_file_bytes)
}

fn zip_error(ctx: &FileCtx<'_>, at: &str, e: &ZipError) -> ImportError {
    let problem = match e {
        ZipError::UnsupportedArchive(msg) if *msg == ZipError::PASSWORD_REQUIRED => {
            Problem::ZipEncrypted
        }
        ZipError::InvalidPassword => Problem::ZipEncrypted,
        ZipError::Io(io) if is_over_limit(io) => Problem::ZipBomb,
        ZipError::Io(io) if io.kind() != io::ErrorKind::InvalidData => {
            return ctx.io_err(io::Error::new(io.kind(), "read error"));
        }
        _ => Problem::ZipDamaged,
    };
    ctx.invalid(Format::SmsIeZip, at, problem)
}

/// Imports a ZIP export.
pub(crate) fn parse_zip(
    ctx: &FileCtx<'_>,
    on_item: &mut dyn FnMut(NewItem) -> Result<(), ImportError>,
) -> Result<Notes, ImportError> {
    let open = || -> Result<ZipArchive<File>, ImportError> {
        let file = File::open(ctx.path).map_err(|e| ctx.io_err(e))?;
        ZipArchive::new(file).map_err(|e| match e {
            // No readable directory. An export whose end was cut off still names its first
            // entry, messages.ndjson, at the start; anything else is just some ZIP.
            ZipError::InvalidArchive(_) | ZipError::UnsupportedArchive(_) => {
                if starts_with_messages_entry(ctx) {
                    ctx.invalid(Format::SmsIeZip, "", Problem::ZipDamaged)
                } else {
                    ctx.unsupported(Some(OtherFormat::Zip))
                }
            }
            other => zip_error(ctx, "", &other),
        })
    };
    let mut archive = open()?;
    let Some(index) = archive.index_for_name(MESSAGES) else {
        return Err(ctx.unsupported(Some(OtherFormat::Zip)));
    };
    let entry = archive
        .by_index(index)
        .map_err(|e| zip_error(ctx, MESSAGES, &e))?;
    let limit = entry_cap(ctx, entry.compressed_size());
    if entry.size() > limit {
        return Err(ctx.invalid(Format::SmsIeZip, MESSAGES, Problem::ZipBomb));
    }
    let mut data = Data::Zip(Box::new(open()?));
    let reader = BufReader::new(Capped {
        inner: entry,
        limit,
        seen: 0,
    });
    let skipped = run(ctx, Format::SmsIeZip, reader, &mut data, on_item)?;
    // The archive was read at random; check afterwards that it is the file that was hashed.
    ctx.verify(ctx.open_hashed()?)?;
    Ok(skipped)
}

/// Whether the first local header of the file names `messages.ndjson`.
fn starts_with_messages_entry(ctx: &FileCtx<'_>) -> bool {
    let mut head = Vec::new();
    let read = File::open(ctx.path).and_then(|f| f.take(512).read_to_end(&mut head));
    read.is_ok()
        && head
            .get(30..)
            .is_some_and(|name| name.starts_with(MESSAGES.as_bytes()))
}

/// Imports a bare `messages.ndjson`.
pub(crate) fn parse_ndjson(
    ctx: &FileCtx<'_>,
    on_item: &mut dyn FnMut(NewItem) -> Result<(), ImportError>,
) -> Result<Notes, ImportError> {
    let mut reader = BufReader::with_capacity(64 * 1024, ctx.open_hashed()?);
    let skipped = run(
        ctx,
        Format::SmsIeNdjson,
        &mut reader,
        &mut Data::Missing,
        on_item,
    )?;
    ctx.verify(reader.into_inner())?;
    Ok(skipped)
}

struct Run<'c, 'a, 'f, 'd> {
    ctx: &'c FileCtx<'a>,
    on_item: &'f mut dyn FnMut(NewItem) -> Result<(), ImportError>,
    data: &'d mut Data,
    skipped: Notes,
    sms_count: usize,
    mms_count: usize,
    /// thread_id → the SMS `address` of that thread, to give MMS the same thread key.
    threads: HashMap<String, String>,
    /// thread_id → the thread key of the first MMS of a thread without SMS (a group chat).
    /// An incoming group MMS lists the phone's own number among its recipients and an
    /// outgoing one does not, so their parties differ; the phone's thread is one conversation.
    mms_threads: HashMap<String, String>,
    /// Bytes inflated from `data/` so far; all of them together may not pass the file limit.
    inflated: u64,
}

fn run(
    ctx: &FileCtx<'_>,
    format: Format,
    mut reader: impl BufRead,
    data: &mut Data,
    on_item: &mut dyn FnMut(NewItem) -> Result<(), ImportError>,
) -> Result<Notes, ImportError> {
    let mut r = Run {
        ctx,
        on_item,
        data,
        skipped: Notes::default(),
        sms_count: 0,
        mms_count: 0,
        threads: HashMap::new(),
        mms_threads: HashMap::new(),
        inflated: 0,
    };
    let mut line = Vec::new();
    let mut line_no = 0u64;
    let mut records = 0usize;
    loop {
        line.clear();
        line_no += 1;
        let at = || format!("rad {line_no}");
        let n = (&mut reader)
            .take(MAX_LINE_BYTES + 1)
            .read_until(b'\n', &mut line)
            .map_err(|e| {
                if is_over_limit(&e) {
                    ctx.invalid(format, MESSAGES, Problem::ZipBomb)
                } else if e.kind() == io::ErrorKind::InvalidData {
                    ctx.invalid(format, MESSAGES, Problem::ZipDamaged)
                } else {
                    ctx.io_err(e)
                }
            })?;
        if n == 0 {
            break;
        }
        if line.len() as u64 > MAX_LINE_BYTES {
            return Err(ctx.invalid(format, at(), Problem::JsonSyntax));
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let obj = match serde_json::from_slice::<Value>(&line) {
            Ok(Value::Object(obj)) => obj,
            // A last line that breaks off inside its object: the export was cut off there.
            Err(e) if e.is_eof() && rest_is_blank(&mut reader).map_err(|e| ctx.io_err(e))? => {
                if !ctx.salvage {
                    return Err(ctx.invalid(format, at(), Problem::Truncated));
                }
                r.skipped.skip(format!(
                    "rad {line_no}: ofullständig, filen tar slut mitt i den, hoppades över"
                ));
                break;
            }
            _ => return Err(ctx.invalid(format, at(), Problem::JsonSyntax)),
        };
        records += 1;
        if obj.contains_key("msg_box") || obj.contains_key("__parts") {
            r.mms(&obj, line_no)?;
        } else if obj.contains_key("type") {
            r.sms(&obj)?;
        } else {
            r.skipped
                .skip(format!("rad {line_no}: okänd post, hoppades över"));
        }
    }
    if records == 0 {
        return Err(ImportError::Empty {
            path: ctx.path.to_path_buf(),
        });
    }
    Ok(r.skipped)
}

/// A value as text: the app writes strings, but numbers are accepted too.
fn text(obj: &Map<String, Value>, key: &str) -> Option<String> {
    match obj.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Android's `date`: when the phone received the message (or sent it): the date received.
fn date(obj: &Map<String, Value>) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    epoch_field(obj, "date")
}

/// Android's `date_sent`: when the sender's phone sent it (0 when unknown), kept beside.
fn date_sent(obj: &Map<String, Value>) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    epoch_field(obj, "date_sent")
}

fn epoch_field(
    obj: &Map<String, Value>,
    key: &str,
) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    stockholm_from_epoch(text(obj, key)?.trim().parse().ok()?)
}

/// True when nothing but white space is left to read (read to the end to know).
fn rest_is_blank(reader: &mut impl BufRead) -> io::Result<bool> {
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(true);
        }
        if !buf.iter().all(u8::is_ascii_whitespace) {
            return Ok(false);
        }
        let n = buf.len();
        reader.consume(n);
    }
}

fn direction(kind: Option<&str>) -> Result<Direction, &'static str> {
    match kind.map(str::trim) {
        Some("1") => Ok(Direction::In),
        Some("2") => Ok(Direction::Out),
        Some("3") => Err("utkast, aldrig skickat"),
        Some("4") => Err("i utkorgen, ej skickat"),
        Some("5") => Err("ej skickat (misslyckat)"),
        Some("6") => Err("i kö, ej skickat"),
        _ => Err("okänd meddelandetyp"),
    }
}

impl Run<'_, '_, '_, '_> {
    fn sms(&mut self, obj: &Map<String, Value>) -> Result<(), ImportError> {
        self.sms_count += 1;
        let n = self.sms_count;
        let direction = match direction(text(obj, "type").as_deref()) {
            Ok(d) => d,
            Err(why) => {
                self.skipped.skip(format!("sms {n}: {why}, hoppades över"));
                return Ok(());
            }
        };
        let Some(received_at) = date(obj) else {
            self.skipped
                .skip(format!("sms {n}: saknar giltigt datum, hoppades över"));
            return Ok(());
        };
        let body = text(obj, "body").unwrap_or_default();
        if body.is_empty() {
            self.skipped
                .skip(format!("sms {n}: tomt meddelande, hoppades över"));
            return Ok(());
        }
        let address = text(obj, "address")
            .filter(|a| present(a))
            .unwrap_or_default();
        let address = address.trim().to_string();
        // The thread an MMS before it began, if any (an export that lists MMS first).
        let thread = match text(obj, "thread_id") {
            Some(id) => match self.mms_threads.get(&id) {
                Some(key) => key.clone(),
                None => {
                    self.threads.insert(id, address.clone());
                    thread_key(address.split('~'))
                }
            },
            None => thread_key(address.split('~')),
        };
        let contact = text(obj, "__display_name");
        let shown = with_contact(&address, contact.as_deref());
        let (sender, recipients) = match direction {
            Direction::In => (shown, Vec::new()),
            Direction::Out => (String::new(), vec![shown]),
        };
        let source = self.ctx.source(format!("sms {n}"));
        (self.on_item)(NewItem {
            sender,
            recipients,
            sent_at: date_sent(obj),
            body,
            thread: Some(thread),
            ..new_item(Channel::Sms, direction, received_at, source)
        })
    }

    fn mms(&mut self, obj: &Map<String, Value>, line_no: u64) -> Result<(), ImportError> {
        self.mms_count += 1;
        let n = self.mms_count;
        let direction = match direction(text(obj, "msg_box").as_deref()) {
            Ok(d) => d,
            Err(why) => {
                self.skipped.skip(format!("mms {n}: {why}, hoppades över"));
                return Ok(());
            }
        };
        let Some(received_at) = date(obj) else {
            self.skipped
                .skip(format!("mms {n}: saknar giltigt datum, hoppades över"));
            return Ok(());
        };

        let person = |v: &Value| -> Option<(String, String)> {
            let o = v.as_object()?;
            let address =
                text(o, "address").filter(|a| present(a) && a != "insert-address-token")?;
            let address = address.trim().to_string();
            let shown = with_contact(&address, text(o, "__display_name").as_deref());
            Some((address, shown))
        };
        let from = obj.get("__sender_address").and_then(person);
        let to: Vec<((String, String), String)> = obj
            .get("__recipient_addresses")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|v| {
                        let kind = v.as_object().and_then(|o| text(o, "type"))?;
                        Some((person(v)?, kind))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let of_kind = |kinds: &[&str]| -> Vec<(String, String)> {
            to.iter()
                .filter(|(_, k)| kinds.contains(&k.as_str()))
                .map(|(p, _)| p.clone())
                .collect()
        };
        let (sender, recipients, others): (String, Vec<(String, String)>, Vec<String>) =
            match direction {
                Direction::In => {
                    let recipients = of_kind(&[ADDR_TO, ADDR_CC]);
                    // A one-to-one MMS lists only the phone's own number as recipient; in a
                    // group the other recipients are part of the conversation too.
                    let mut others: Vec<String> = from.iter().map(|f| f.0.clone()).collect();
                    if recipients.len() > 1 {
                        others.extend(recipients.iter().map(|r| r.0.clone()));
                    }
                    (from.map(|f| f.1).unwrap_or_default(), recipients, others)
                }
                Direction::Out => {
                    let recipients = of_kind(&[ADDR_TO, ADDR_CC, ADDR_BCC]);
                    let others = recipients.iter().map(|r| r.0.clone()).collect();
                    (String::new(), recipients, others)
                }
            };
        let parties = || thread_key(others.iter().map(String::as_str));
        let thread = match text(obj, "thread_id") {
            Some(id) => match self.threads.get(&id) {
                Some(address) => thread_key(address.split('~')),
                None => self.mms_threads.entry(id).or_insert_with(parties).clone(),
            },
            None => parties(),
        };

        let mut texts = Vec::new();
        let mut attachments = Vec::new();
        // Attachments the export names without their content: said on the item too.
        let mut item_notes = Vec::new();
        let place = format!("mms {n}");
        let parts = obj
            .get("__parts")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        for part in parts.iter().filter_map(Value::as_object) {
            let ct = text(part, "ct").unwrap_or_default();
            let ct = ct
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            if ct == "application/smil" {
                continue;
            }
            if ct == "text/plain" && part.contains_key("text") {
                let t = text(part, "text").unwrap_or_default();
                if !t.is_empty() {
                    texts.push(t);
                }
                continue;
            }
            let index = attachments.len() + 1;
            let raw_name = text(part, "name")
                .or_else(|| text(part, "cl"))
                .filter(|s| present(s))
                .unwrap_or_else(|| format!("bilaga-{index}{}", extension_for_mime(&ct)));
            let name = sanitize_file_name(&raw_name, index);
            let Some(stored) = text(part, "_data").filter(|d| present(d)) else {
                self.skipped.on_item(
                    &mut item_notes,
                    &place,
                    format!("bilagan {name} saknar innehåll i exporten"),
                );
                continue;
            };
            // The phone path's last component is the file's name under data/.
            let file = stored.rsplit(['/', '\\']).next().unwrap_or("").to_string();
            match self.part_bytes(&file, line_no)? {
                Some(bytes) => {
                    let mime = if ct.is_empty() {
                        "application/octet-stream".to_string()
                    } else {
                        ct
                    };
                    attachments.push(Attachment::new(name, mime, bytes));
                }
                None => self.skipped.on_item(
                    &mut item_notes,
                    &place,
                    format!("bilagan {name} saknas (data-mappen från exporten följde inte med)"),
                ),
            }
        }
        let body = texts.join("\n");
        let subject = text(obj, "sub").filter(|s| present(s));
        // A subject alone is the message's text; an attachment the export names without its
        // content is still a message that came, and its item says what is missing.
        if body.is_empty() && attachments.is_empty() && subject.is_none() && item_notes.is_empty() {
            self.skipped
                .skip(format!("{place}: tomt meddelande, hoppades över"));
            return Ok(());
        }
        let mut source = self.ctx.source(place);
        source.notes.extend(item_notes);
        (self.on_item)(NewItem {
            sender,
            recipients: recipients.into_iter().map(|r| r.1).collect(),
            sent_at: date_sent(obj),
            subject,
            body,
            attachments,
            thread: Some(thread),
            ..new_item(Channel::Sms, direction, received_at, source)
        })
    }

    /// The bytes of `data/<file>`, or `None` when the export did not include it.
    fn part_bytes(&mut self, file: &str, line_no: u64) -> Result<Option<Vec<u8>>, ImportError> {
        let Data::Zip(archive) = self.data else {
            return Ok(None);
        };
        if file.is_empty() || file.contains("..") {
            return Ok(None);
        }
        let entry_name = format!("data/{file}");
        let Some(index) = archive.index_for_name(&entry_name) else {
            return Ok(None);
        };
        let ctx = self.ctx;
        let at = format!("rad {line_no}, {entry_name}");
        let entry = archive
            .by_index(index)
            .map_err(|e| zip_error(ctx, &at, &e))?;
        let left = ctx.limits.max_file_bytes.saturating_sub(self.inflated);
        let limit = entry_cap(ctx, entry.compressed_size()).min(left);
        if entry.size() > limit {
            return Err(ctx.invalid(Format::SmsIeZip, at, Problem::ZipBomb));
        }
        let mut bytes = Vec::new();
        let mut capped = Capped {
            inner: entry,
            limit,
            seen: 0,
        };
        capped.read_to_end(&mut bytes).map_err(|e| {
            if is_over_limit(&e) {
                ctx.invalid(Format::SmsIeZip, at.clone(), Problem::ZipBomb)
            } else {
                ctx.invalid(Format::SmsIeZip, at.clone(), Problem::ZipDamaged)
            }
        })?;
        self.inflated += bytes.len() as u64;
        Ok(Some(bytes))
    }
}
