//! Import: turns files a caseworker saved (SMS exports, e-mails, screenshots) into [`NewItem`]s.
//!
//! CONTRACT (owned by the import helper; the store calls exactly this):
//! `parse_file(path, limits, on_item)` detects the format from content, streams each item to
//! `on_item`, and returns a summary. It never writes anything itself.
//!
//! # Shape
//! [`parse_file`] does the work every format shares: it refuses oversized files before reading
//! them, hashes the whole file (the hash goes into every item's [`SourceRef`], so a later deletion
//! can refuse a file that changed), sniffs the first bytes to pick a format, and hands a
//! `FileCtx` to one format module:
//!
//! | module | format |
//! |---|---|
//! | `sms_xml` | SMS Backup & Restore XML (`<sms>` and `<mms>`), streamed |
//! | `eml` | one RFC 5322 message |
//! | `screenshot` | PNG, JPEG and WebP pictures |
//! | `msg` + `outlook` | Outlook .msg (the reader, and its mapping to an item) |
//! | `mbox` | mbox mailboxes, one item per message, streamed |
//! | `sms_ie` | SMS Import / Export (Android) ZIP or messages.ndjson, streamed |
//! | `ios` | iPhone sms.db, alone or in an unencrypted backup folder (read immutable) |
//! | `sms_csv` | a CSV list of text messages (date, number, direction, text), streamed |
//!
//! A new format is a new module with a `parse(ctx, …, on_item)` function, a [`Format`] variant
//! and a line in `detect`. Errors name the file and a position, never message content: they end
//! up in logs and on screen where the content must not.
//!
//! [`SourceRef`]: crate::model::SourceRef

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::{DateTime, FixedOffset};
use sha2::{Digest, Sha256};

use crate::model::{NewItem, SourceRef};
use common::Notes;

mod charset_alias;
mod common;
pub(crate) use common::parse_swedish_time;
mod detect;
mod eml;
mod html_clean;
mod html_text;
mod ios;
mod mbox;
pub mod msg;
pub mod ocr;
pub(crate) mod outgoing;
mod outlook;
mod screenshot;
pub mod select;
mod sms_csv;
mod sms_ie;
mod sms_xml;
mod tally;

pub use common::sanitize_file_name;
pub use html_clean::sanitize_html;
pub use html_text::html_to_text;
pub use tally::{Tally, count_messages, messages_in};

/// Bounds that keep hostile input from exhausting memory.
#[derive(Debug, Clone)]
pub struct ImportLimits {
    /// Files larger than this are refused before they are read.
    pub max_file_bytes: u64,
    /// Images with more pixels than this are refused before they are decoded.
    pub max_image_pixels: u64,
}

impl Default for ImportLimits {
    fn default() -> Self {
        ImportLimits {
            max_file_bytes: 512 * 1024 * 1024,
            max_image_pixels: 100_000_000,
        }
    }
}

/// Recognised formats. Reported back so the user sees what inkom took the file for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// SMS Backup & Restore XML.
    SmsBackupRestoreXml,
    /// RFC 5322 e-mail (.eml).
    Eml,
    /// PNG screenshot.
    Png,
    /// JPEG photo or screenshot.
    Jpeg,
    /// WebP picture (screenshots saved from a browser or chat app).
    WebP,
    /// Outlook message saved from Outlook (.msg, MS-OXMSG).
    Msg,
    /// mbox file with several e-mail messages, one item each.
    Mbox,
    /// "SMS Import / Export" (Android) ZIP: messages.ndjson with the MMS files.
    SmsIeZip,
    /// "SMS Import / Export" messages.ndjson without its ZIP.
    SmsIeNdjson,
    /// An iPhone's message database (sms.db) on its own.
    IosSmsDb,
    /// An unencrypted iPhone backup folder (Finder/iTunes), with sms.db and attachments.
    IosBackup,
    /// A CSV list of text messages (date, number, direction, text) with a header row.
    SmsCsv,
}

impl Format {
    /// The Swedish name shown to users after an import ("Importerade 26 meddelanden från …").
    pub fn sv(self) -> &'static str {
        match self {
            Format::SmsBackupRestoreXml => "SMS Backup & Restore (XML)",
            Format::Eml => "E-postmeddelande (.eml)",
            Format::Png => "PNG-bild",
            Format::Jpeg => "JPEG-bild",
            Format::WebP => "WebP-bild",
            Format::Msg => "Outlook-meddelande (.msg)",
            Format::Mbox => "E-postlåda (mbox)",
            Format::SmsIeZip => "SMS Import / Export (ZIP)",
            Format::SmsIeNdjson => "SMS Import / Export (messages.ndjson)",
            Format::IosSmsDb => "iPhone-meddelanden (sms.db)",
            Format::IosBackup => "iPhone-säkerhetskopia",
            Format::SmsCsv => "SMS-lista (CSV)",
        }
    }

    /// The English name, for logs.
    fn en(self) -> &'static str {
        match self {
            Format::SmsBackupRestoreXml => "SMS Backup & Restore XML",
            Format::Eml => "e-mail",
            Format::Png => "PNG",
            Format::Jpeg => "JPEG",
            Format::WebP => "WebP",
            Format::Msg => "Outlook .msg",
            Format::Mbox => "mbox",
            Format::SmsIeZip => "SMS Import / Export ZIP",
            Format::SmsIeNdjson => "SMS Import / Export NDJSON",
            Format::IosSmsDb => "iPhone sms.db",
            Format::IosBackup => "iPhone backup",
            Format::SmsCsv => "SMS list (CSV)",
        }
    }
}

/// What one file gave.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ParsedFile {
    /// The detected format.
    pub format: Format,
    /// SHA-256 of the whole file.
    pub file_sha256: String,
    /// Human-readable (Swedish) notes on parts that were skipped, e.g. "sms 4: tomt meddelande".
    pub skipped: Vec<String>,
    /// How many messages the file holds and how many of them were skipped with a reason.
    pub count: SourceCount,
}

/// The messages of one source file as the reader found them. Every message is either handed on
/// as an item or skipped with a note in [`ParsedFile::skipped`], so
/// `messages == items handed on + skipped`: a message can only go missing with a reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct SourceCount {
    /// Messages found in the file (SMS and MMS, e-mails, database rows, pictures).
    pub messages: usize,
    /// Of these, left out with a reason (a draft, an empty message, the one cut off by a
    /// truncation).
    pub skipped: usize,
    /// Of these, left out because the caseworker chose others (set by
    /// [`select::parse_selected`]; 0 from [`parse_file`]).
    pub not_selected: usize,
}

/// Choices the caseworker makes about reading a file, beyond what to select from it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ParseOptions {
    /// Import what can be saved from a truncated export (an SMS backup cut off mid-file, an
    /// NDJSON export with a broken last line, an mbox cut mid-message): the complete messages
    /// before the break, each with the truncation noted in its chain of custody. Off by default,
    /// when a truncated file is refused: half a conversation must not look like the whole.
    pub salvage: bool,
}

/// A format inkom recognises but cannot import (yet). Named in [`ImportError::Unsupported`] so
/// the user learns what the file is and what to do instead of a bare "not supported".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtherFormat {
    /// A ZIP container: Word/Excel documents, SMS Import/Export archives, …
    Zip,
    /// An OLE compound file: Outlook .msg or an old Office document.
    OleCompound,
    /// An SQLite database, such as an iPhone's sms.db.
    Sqlite,
    /// A HEIC/HEIF/AVIF picture (iPhone photos).
    Heif,
    /// A WebP picture. No longer reported: WebP pictures are imported ([`Format::WebP`]);
    /// kept so callers matching on it still compile.
    WebP,
    /// A GIF picture.
    Gif,
    /// A TIFF picture.
    Tiff,
    /// A BMP picture.
    Bmp,
    /// A PDF document.
    Pdf,
    /// An mbox file with several e-mail messages. No longer reported: mbox files are
    /// imported ([`Format::Mbox`]); kept so callers matching on it still compile.
    Mbox,
    /// JSON or NDJSON text.
    Json,
    /// An HTML page.
    Html,
    /// XML that is not an SMS Backup & Restore backup (e.g. a call log).
    OtherXml,
    /// Text in UTF-16.
    Utf16Text,
}

impl OtherFormat {
    fn en(self) -> &'static str {
        match self {
            OtherFormat::Zip => "ZIP archive",
            OtherFormat::OleCompound => "OLE compound file (Outlook .msg or old Office document)",
            OtherFormat::Sqlite => "SQLite database",
            OtherFormat::Heif => "HEIC/HEIF picture",
            OtherFormat::WebP => "WebP picture",
            OtherFormat::Gif => "GIF picture",
            OtherFormat::Tiff => "TIFF picture",
            OtherFormat::Bmp => "BMP picture",
            OtherFormat::Pdf => "PDF document",
            OtherFormat::Mbox => "mbox with several messages",
            OtherFormat::Json => "JSON/NDJSON",
            OtherFormat::Html => "HTML page",
            OtherFormat::OtherXml => "XML that is not an SMS Backup & Restore backup",
            OtherFormat::Utf16Text => "UTF-16 text",
        }
    }

    fn sv(self) -> &'static str {
        match self {
            OtherFormat::Zip => "ZIP-arkiv, t.ex. ett Word- eller Excel-dokument",
            OtherFormat::OleCompound => "Outlook-meddelande (.msg) eller äldre Office-dokument",
            OtherFormat::Sqlite => "SQLite-databas, t.ex. en iPhones sms.db",
            OtherFormat::Heif => {
                "HEIC-bild, som inte kan visas här; konvertera till JPEG eller PNG (på iPhone: \
                 Inställningar › Kamera › Format › Mest kompatibelt) och importera igen"
            }
            OtherFormat::WebP => "WebP-bild",
            OtherFormat::Gif => "GIF-bild",
            OtherFormat::Tiff => "TIFF-bild",
            OtherFormat::Bmp => "BMP-bild",
            OtherFormat::Pdf => "PDF-dokument",
            OtherFormat::Mbox => {
                "mbox-fil med flera e-postmeddelanden; spara meddelandena ett och ett som .eml"
            }
            OtherFormat::Json => "JSON-fil",
            OtherFormat::Html => "HTML-sida",
            OtherFormat::OtherXml => {
                "XML-fil som inte är en säkerhetskopia från SMS Backup & Restore"
            }
            OtherFormat::Utf16Text => "text i UTF-16",
        }
    }
}

/// What was wrong in an XML file. A closed set, so that no message text can leak into an error
/// through a parser's message (quick-xml quotes names and entity text in its own errors).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XmlProblem {
    /// Markup that does not follow the XML grammar.
    Syntax,
    /// An end tag that does not match the open element.
    MismatchedEndTag,
    /// An `&name;` reference other than the five XML ones (DTD entities are never expanded).
    UnknownEntity,
    /// A `&…` reference that is not terminated or not a valid character reference.
    BadReference,
    /// A malformed or duplicated attribute.
    BadAttribute,
    /// Bytes that are not UTF-8.
    Encoding,
    /// A DOCTYPE declaration: refused, because an SMS backup never has one and its entities are
    /// the door to entity-expansion attacks.
    Doctype,
}

impl XmlProblem {
    fn en(self) -> &'static str {
        match self {
            XmlProblem::Syntax => "malformed markup",
            XmlProblem::MismatchedEndTag => "end tag does not match the open element",
            XmlProblem::UnknownEntity => "unknown entity reference",
            XmlProblem::BadReference => "malformed character or entity reference",
            XmlProblem::BadAttribute => "malformed attribute",
            XmlProblem::Encoding => "text is not valid UTF-8",
            XmlProblem::Doctype => "DOCTYPE declarations are refused",
        }
    }

    fn sv(self) -> &'static str {
        match self {
            XmlProblem::Syntax => "felaktig XML-kod",
            XmlProblem::MismatchedEndTag => "ett element avslutas med fel sluttagg",
            XmlProblem::UnknownEntity => "okänd entitetsreferens",
            XmlProblem::BadReference => "felaktig tecken- eller entitetsreferens",
            XmlProblem::BadAttribute => "felaktigt attribut",
            XmlProblem::Encoding => "texten är inte UTF-8",
            XmlProblem::Doctype => {
                "filen innehåller en DOCTYPE-deklaration, vilket en SMS-säkerhetskopia aldrig har"
            }
        }
    }
}

/// Why an e-mail file could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailProblem {
    /// The MIME parser gave up on the file.
    Unparseable,
}

impl EmailProblem {
    fn en(self) -> &'static str {
        match self {
            EmailProblem::Unparseable => "the message could not be parsed",
        }
    }

    fn sv(self) -> &'static str {
        match self {
            EmailProblem::Unparseable => "meddelandet gick inte att tolka",
        }
    }
}

/// What was wrong inside a file of a recognised format. A closed set of fixed texts, so no
/// message content can reach an error through a library's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// The Outlook file's compound structure is damaged or truncated.
    MsgDamaged,
    /// The Outlook file holds more data or objects than any real message.
    MsgTooLarge,
    /// A line of an NDJSON export is not a JSON object.
    JsonSyntax,
    /// The ZIP archive's structure is damaged or truncated.
    ZipDamaged,
    /// A ZIP entry inflates to more than the limit, or far more than its compressed size:
    /// a "zip bomb".
    ZipBomb,
    /// A ZIP entry is encrypted.
    ZipEncrypted,
    /// The SQLite database could not be read.
    Database,
    /// The database is not an iPhone message database (tables or columns missing).
    NotSmsDb,
    /// An iPhone message database from iOS 5 or older (a `message` table with `address` and
    /// `flags`, no `handle` table): a schema inkom does not read.
    OldIosSchema,
    /// The iPhone backup is encrypted.
    BackupEncrypted,
    /// The iPhone backup folder lacks its manifest or the message database.
    BackupIncomplete,
    /// The CSV file could not be read as CSV.
    CsvSyntax,
    /// A CSV row has no valid date and time.
    CsvDate,
    /// A CSV row has no valid direction.
    CsvDirection,
    /// A CSV row has no phone number.
    CsvNumber,
    /// The CSV header row lacks a required column (the position names which).
    CsvHeader,
    /// A CSV row has more or fewer fields than the header row.
    CsvFieldCount,
    /// The CSV file is not UTF-8.
    CsvEncoding,
    /// The file ends in the middle of a message.
    Truncated,
    /// A message in a mailbox file could not be read as an e-mail.
    NotAnEmail,
}

impl Problem {
    fn en(self) -> &'static str {
        match self {
            Problem::MsgDamaged => "the Outlook file is damaged or truncated",
            Problem::MsgTooLarge => "the Outlook file holds more data than a message can",
            Problem::JsonSyntax => "line is not a JSON object",
            Problem::ZipDamaged => "the ZIP archive is damaged or truncated",
            Problem::ZipBomb => "a ZIP entry inflates beyond the limit (zip bomb)",
            Problem::ZipEncrypted => "a ZIP entry is encrypted",
            Problem::Database => "the database cannot be read",
            Problem::NotSmsDb => "not an iPhone message database",
            Problem::OldIosSchema => "an iOS 5 or older message database (schema not read)",
            Problem::BackupEncrypted => "the iPhone backup is encrypted",
            Problem::BackupIncomplete => "the iPhone backup lacks its manifest or sms.db",
            Problem::CsvSyntax => "malformed CSV",
            Problem::CsvDate => "invalid date",
            Problem::CsvDirection => "invalid direction",
            Problem::CsvNumber => "missing phone number",
            Problem::CsvHeader => {
                "the header row must name the columns date, number, direction and text"
            }
            Problem::CsvFieldCount => "the row has another number of fields than the header",
            Problem::CsvEncoding => "the text is not UTF-8",
            Problem::Truncated => "the file ends inside a message",
            Problem::NotAnEmail => "the message cannot be read as an e-mail",
        }
    }

    fn sv(self) -> &'static str {
        match self {
            Problem::MsgDamaged => "Outlook-filen är skadad eller avkortad",
            Problem::MsgTooLarge => {
                "Outlook-filen innehåller mer data än ett meddelande kan ha och kan vara skadad"
            }
            Problem::JsonSyntax => "raden är inte ett JSON-objekt",
            Problem::ZipDamaged => "ZIP-arkivet är skadat eller avkortat",
            Problem::ZipBomb => {
                "en fil i ZIP-arkivet packas upp till orimligt stor storlek (möjlig zip-bomb) och \
                 lästes inte"
            }
            Problem::ZipEncrypted => "en fil i ZIP-arkivet är lösenordsskyddad",
            Problem::Database => "databasen gick inte att läsa",
            Problem::NotSmsDb => "databasen är inte en iPhones meddelandedatabas (sms.db)",
            Problem::OldIosSchema => {
                "databasen kommer från iOS 5 eller äldre, vars format inkom inte läser. Ta \
                 skärmdumpar av konversationen och importera dem i stället"
            }
            Problem::BackupEncrypted => {
                "säkerhetskopian är krypterad. Gör en okrypterad säkerhetskopia (i Finder eller \
                 iTunes: avmarkera \"Kryptera lokal säkerhetskopia\") och importera den"
            }
            Problem::BackupIncomplete => {
                "mappen är inte en fullständig iPhone-säkerhetskopia (Manifest.db, \
                 Manifest.plist eller sms.db saknas)"
            }
            Problem::CsvSyntax => "felaktig CSV",
            Problem::CsvDate => {
                "ogiltigt datum (använd t.ex. 2026-11-03 14:05 eller 2026-11-03T14:05:00+01:00)"
            }
            Problem::CsvDirection => "ogiltig riktning (använd in eller ut)",
            Problem::CsvNumber => "telefonnummer saknas",
            Problem::CsvHeader => {
                "första raden måste namnge kolumnerna datum, nummer, riktning och text"
            }
            Problem::CsvFieldCount => {
                "raden har inte lika många fält som rubrikraden (saknas citattecken runt en text \
                 som innehåller avgränsaren?)"
            }
            Problem::CsvEncoding => {
                "texten är inte UTF-8; spara filen som \"CSV UTF-8\" i Excel och importera igen"
            }
            Problem::Truncated => {
                "filen tar slut mitt i ett meddelande; exportera eller kopiera den på nytt, eller \
                 importera de fullständiga meddelandena före avbrottet i räddningsläge \
                 (--salvage)"
            }
            Problem::NotAnEmail => "meddelandet gick inte att tolka som e-post",
        }
    }
}

/// Why a file could not be imported. Every variant names the file; none carries message
/// content, because errors are logged and shown where the content must not be.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The caller's sink refused an item (e.g. a database error).
    #[error("storing item failed: {0}")]
    Sink(Box<dyn std::error::Error + Send + Sync>),
    /// Reading the file failed.
    #[error("{}: cannot read file: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
    /// The path is a directory or device, not a file.
    #[error("{}: not a regular file", path.display())]
    NotAFile {
        /// The path given.
        path: PathBuf,
    },
    /// The file is larger than [`ImportLimits::max_file_bytes`]; refused before reading.
    #[error("{}: file is {size} bytes, the limit is {limit} bytes", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size (or the bytes read when it grew while being read).
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The file is empty (or only whitespace).
    #[error("{}: file is empty", path.display())]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// A HEIC/HEIF photo: its pixels cannot be decoded here, its EXIF capture time can.
    #[error("{}: HEIC picture, pixels not decodable here (convert to JPEG or PNG)", path.display())]
    Heic {
        /// The file.
        path: PathBuf,
        /// EXIF capture time, when the file has one.
        taken: Option<DateTime<FixedOffset>>,
    },
    /// The content is not a format inkom imports.
    #[error("{}: unsupported format{}", path.display(),
        detected.map(|d| format!(" ({})", d.en())).unwrap_or_default())]
    Unsupported {
        /// The file.
        path: PathBuf,
        /// What the file seems to be, when that is known.
        detected: Option<OtherFormat>,
    },
    /// The file's content changed between hashing and parsing; the hash would not describe
    /// what was imported.
    #[error("{}: file changed while it was being imported", path.display())]
    Changed {
        /// The file.
        path: PathBuf,
    },
    /// Malformed XML.
    #[error("{}: XML error at byte {position}{}: {}", path.display(), line_suffix_en(*line),
        reason.en())]
    Xml {
        /// The file.
        path: PathBuf,
        /// Byte offset where the problem was found.
        position: u64,
        /// 1-based line of `position`, 0 when unknown.
        line: u64,
        /// What was wrong.
        reason: XmlProblem,
    },
    /// The file ends before its root element is closed: an interrupted copy or export.
    #[error("{}: truncated: input ends at byte {position}{} before the document is complete",
        path.display(), line_suffix_en(*line))]
    Truncated {
        /// The file.
        path: PathBuf,
        /// Byte offset where the input ended inside the document.
        position: u64,
        /// 1-based line of `position`, 0 when unknown.
        line: u64,
    },
    /// An e-mail file that looked like one but could not be read.
    #[error("{}: e-mail error: {}", path.display(), reason.en())]
    Email {
        /// The file.
        path: PathBuf,
        /// What was wrong.
        reason: EmailProblem,
    },
    /// A file of a recognised format whose content is damaged or not as the format requires.
    #[error("{}: {}{}: {}", path.display(), format.en(),
        if at.is_empty() { String::new() } else { format!(" at {at}") }, problem.en())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The format it was read as.
        format: Format,
        /// Where: a position made by inkom ("rad 4", "meddelande 2", "byte 512"), never
        /// content; empty when the whole file is meant.
        at: String,
        /// What was wrong.
        problem: Problem,
    },
    /// A picture that does not decode.
    #[error("{}: image error: {reason}", path.display())]
    Image {
        /// The file.
        path: PathBuf,
        /// The decoder's (English) explanation; it names no content.
        reason: String,
    },
    /// A picture whose header declares more pixels than [`ImportLimits::max_image_pixels`];
    /// refused before decoding so a 30000×30000 header cannot claim gigabytes.
    #[error("{}: image is {width}×{height} pixels, the limit is {limit} pixels", path.display())]
    TooManyPixels {
        /// The file.
        path: PathBuf,
        /// Declared width.
        width: u32,
        /// Declared height.
        height: u32,
        /// The limit in pixels.
        limit: u64,
    },
}

fn line_suffix_en(line: u64) -> String {
    if line > 0 {
        format!(" (line {line})")
    } else {
        String::new()
    }
}

fn file_label(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn io_kind_sv(e: &io::Error) -> &'static str {
    match e.kind() {
        io::ErrorKind::NotFound => "filen finns inte",
        io::ErrorKind::PermissionDenied => "behörighet saknas",
        io::ErrorKind::UnexpectedEof => "filen tog slut oväntat",
        _ => "läsfel",
    }
}

fn size_sv(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB {
        format!("{:.1} MB", bytes as f64 / MIB as f64).replace('.', ",")
    } else if bytes >= 1024 {
        format!("{} kB", bytes / 1024)
    } else {
        format!("{bytes} byte")
    }
}

impl ImportError {
    /// For a truncated file, the note every salvaged item carries (Swedish, no content): where
    /// the file breaks off and that only the complete messages before it were taken.
    fn truncation_sv(&self) -> Option<String> {
        let at = match self {
            ImportError::Truncated { position, line, .. } => position_sv(*position, *line),
            ImportError::Invalid {
                at,
                problem: Problem::Truncated,
                ..
            } => at.clone(),
            _ => return None,
        };
        Some(format!(
            "källfilen är avkortad ({at}); importerad i räddningsläge (--salvage): bara de \
             fullständiga meddelandena före avbrottet togs med, det som följde saknas"
        ))
    }

    /// The message for a Swedish user.
    pub fn sv(&self) -> String {
        match self {
            ImportError::Sink(_) => "Det gick inte att spara meddelandet.".to_string(),
            ImportError::Io { path, source } => {
                format!(
                    "Filen {} kunde inte läsas ({}).",
                    file_label(path),
                    io_kind_sv(source)
                )
            }
            ImportError::NotAFile { path } => {
                format!("{} är inte en fil (utan t.ex. en mapp).", file_label(path))
            }
            ImportError::TooLarge { path, size, limit } => format!(
                "Filen {} är för stor ({}); största tillåtna storlek är {}.",
                file_label(path),
                size_sv(*size),
                size_sv(*limit)
            ),
            ImportError::Empty { path } => format!("Filen {} är tom.", file_label(path)),
            ImportError::Heic { path, taken } => format!(
                "{}{} är en HEIC-bild, som inkom inte kan visa. Konvertera den till JPEG eller \
                 PNG (på iPhone: Inställningar › Kamera › Format › Mest kompatibelt) och \
                 importera igen.",
                file_label(path),
                taken
                    .map(|t| format!(" (tagen {})", crate::model::local_time(&t)))
                    .unwrap_or_default()
            ),
            ImportError::Unsupported {
                path,
                detected: None,
            } => {
                format!("Formatet stöds inte: {}", file_label(path))
            }
            ImportError::Unsupported {
                path,
                detected: Some(d),
            } => {
                format!("Formatet stöds inte: {} ({}).", file_label(path), d.sv())
            }
            ImportError::Changed { path } => format!(
                "Filen {} ändrades medan den importerades. Försök igen när den inte används.",
                file_label(path)
            ),
            ImportError::Xml {
                path,
                position,
                line,
                reason,
            } => format!(
                "Filen {} är inte giltig XML: {} ({}).",
                file_label(path),
                reason.sv(),
                position_sv(*position, *line)
            ),
            ImportError::Truncated {
                path,
                position,
                line,
            } => format!(
                "Filen {} är avkortad: XML-filen tar slut mitt i ett element ({}). \
                 Exportera eller kopiera den på nytt. Går det inte kan de fullständiga \
                 meddelandena före avbrottet importeras i räddningsläge (--salvage).",
                file_label(path),
                position_sv(*position, *line)
            ),
            ImportError::Email { path, reason } => {
                format!(
                    "E-postfilen {} kunde inte läsas: {}.",
                    file_label(path),
                    reason.sv()
                )
            }
            ImportError::Invalid {
                path,
                format,
                at,
                problem,
            } => {
                let at = if at.is_empty() {
                    String::new()
                } else {
                    format!(" ({at})")
                };
                format!(
                    "Filen {} ({}) kunde inte importeras: {}{at}.",
                    file_label(path),
                    format.sv(),
                    problem.sv()
                )
            }
            ImportError::Image { path, .. } => format!(
                "Filen {} är inte en bild som stöds (PNG, JPEG eller WebP), eller så är bilden \
                 skadad.",
                file_label(path)
            ),
            ImportError::TooManyPixels {
                path,
                width,
                height,
                limit,
            } => format!(
                "Bilden {} är för stor ({width} × {height} bildpunkter); största tillåtna är {} \
                 bildpunkter.",
                file_label(path),
                pixels_sv(*limit)
            ),
        }
    }
}

/// "100 miljoner" for the default limit, the plain number for small ones.
fn pixels_sv(pixels: u64) -> String {
    if pixels >= 1_000_000 && pixels.is_multiple_of(1_000_000) {
        format!("{} miljoner", pixels / 1_000_000)
    } else {
        pixels.to_string()
    }
}

fn position_sv(position: u64, line: u64) -> String {
    if line > 0 {
        format!("rad {line}")
    } else {
        format!("byte {position}")
    }
}

/// Everything a format module needs to know about the file it reads, computed once by
/// [`parse_file`].
pub(crate) struct FileCtx<'a> {
    /// The file as given (for error messages).
    pub path: &'a Path,
    /// Absolute path, as stored in [`SourceRef::path`].
    pub abs_path: String,
    /// SHA-256 of the whole file, lower-case hex.
    pub sha256: String,
    /// Size in bytes at hashing time.
    pub size: u64,
    /// Last modification time, the fallback for "when did it arrive".
    pub mtime: Option<SystemTime>,
    /// The caller's limits.
    pub limits: &'a ImportLimits,
    /// Stop at a truncation with the complete messages read so far instead of refusing the
    /// file ([`ParseOptions::salvage`]); set only once a first pass has found the truncation.
    pub salvage: bool,
}

impl FileCtx<'_> {
    /// The source reference for an item found at `locator`.
    pub fn source(&self, locator: impl Into<String>) -> SourceRef {
        SourceRef {
            path: self.abs_path.clone(),
            locator: locator.into(),
            file_sha256: self.sha256.clone(),
            notes: Vec::new(),
        }
    }

    /// The file's modification time in Europe/Stockholm; "now" if the system has none.
    pub fn mtime_stockholm(&self) -> DateTime<FixedOffset> {
        common::stockholm_from_system_time(self.mtime.unwrap_or_else(SystemTime::now))
    }

    /// The file's own name, for naming the attachment of a screenshot.
    pub fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    pub fn io_err(&self, source: io::Error) -> ImportError {
        ImportError::Io {
            path: self.path.to_path_buf(),
            source,
        }
    }

    /// Opens the file again, reading through a hasher so the caller can check at the end that
    /// what was parsed is what was hashed.
    pub fn open_hashed(&self) -> Result<HashingReader<io::Take<File>>, ImportError> {
        let file = File::open(self.path).map_err(|e| self.io_err(e))?;
        Ok(HashingReader::new(
            file.take(self.limits.max_file_bytes.saturating_add(1)),
        ))
    }

    /// Checks a finished [`HashingReader`] against the hash taken first.
    pub fn verify(&self, reader: HashingReader<impl Read>) -> Result<(), ImportError> {
        let (hash, count) = reader.finish().map_err(|e| self.io_err(e))?;
        if count > self.limits.max_file_bytes {
            return Err(ImportError::TooLarge {
                path: self.path.to_path_buf(),
                size: count,
                limit: self.limits.max_file_bytes,
            });
        }
        if hash != self.sha256 {
            return Err(ImportError::Changed {
                path: self.path.to_path_buf(),
            });
        }
        Ok(())
    }

    /// Reads the whole file (for formats whose parsers need it in memory), bounded by the limit
    /// and checked against the first hash.
    pub fn read_all(&self) -> Result<Vec<u8>, ImportError> {
        let mut reader = self.open_hashed()?;
        let mut bytes = Vec::with_capacity(usize::try_from(self.size).unwrap_or(0));
        reader.read_to_end(&mut bytes).map_err(|e| self.io_err(e))?;
        self.verify(reader)?;
        Ok(bytes)
    }

    /// The 1-based line of a byte position, found by reading the file again; 0 if unknown.
    /// Only used on the error path, so a second read costs nothing in the normal case.
    pub fn line_of(&self, position: u64) -> u64 {
        let Ok(file) = File::open(self.path) else {
            return 0;
        };
        let mut reader = io::BufReader::new(file.take(position));
        let mut line = 1u64;
        let mut buf = [0u8; 64 * 1024];
        loop {
            match reader.read(&mut buf) {
                Ok(0) => return line,
                Ok(n) => line += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64,
                Err(_) => return 0,
            }
        }
    }

    /// An error for a damaged file of a recognised format, at a position inkom names.
    pub fn invalid(&self, format: Format, at: impl Into<String>, problem: Problem) -> ImportError {
        ImportError::Invalid {
            path: self.path.to_path_buf(),
            format,
            at: at.into(),
            problem,
        }
    }

    pub fn unsupported(&self, detected: Option<OtherFormat>) -> ImportError {
        ImportError::Unsupported {
            path: self.path.to_path_buf(),
            detected,
        }
    }
}

/// A reader that hashes and counts every byte passing through it.
pub(crate) struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
    count: u64,
}

impl<R: Read> HashingReader<R> {
    fn new(inner: R) -> Self {
        HashingReader {
            inner,
            hasher: Sha256::new(),
            count: 0,
        }
    }

    /// Reads what is left, then returns the hash (hex) and the number of bytes seen.
    fn finish(mut self) -> io::Result<(String, u64)> {
        io::copy(
            &mut self.inner,
            &mut HashWriter(&mut self.hasher, &mut self.count),
        )?;
        Ok((hex::encode(self.hasher.finalize()), self.count))
    }
}

/// Feeds `io::copy` into the hasher of a [`HashingReader`].
struct HashWriter<'h>(&'h mut Sha256, &'h mut u64);

impl io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.update(buf);
        *self.1 += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.count += n as u64;
        BYTES_READ.with(|b| b.set(b.get() + n as u64));
        Ok(n)
    }
}

thread_local! {
    /// Bytes of the file being parsed on this thread that the parser has read so far.
    static BYTES_READ: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// How far into its file the parse running on this thread has read, in bytes: a progress bar's
/// position, read from inside the item callback (parsing is synchronous, one file per thread).
pub fn bytes_read() -> u64 {
    BYTES_READ.with(std::cell::Cell::get)
}

/// How many leading bytes format detection looks at.
const HEAD_BYTES: usize = 8 * 1024;

/// Parses one file and hands each item to `on_item`.
///
/// The format comes from the content, never the extension: a caseworker's "hyresavi.png" may be
/// anything. The file is hashed first (refused unread if larger than the limit), then parsed;
/// on any error — including one found after items were handed over, like a truncated XML file —
/// this returns `Err` so the caller can roll back everything from this file.
pub fn parse_file(
    path: &Path,
    limits: &ImportLimits,
    on_item: &mut dyn FnMut(NewItem) -> Result<(), ImportError>,
) -> Result<ParsedFile, ImportError> {
    parse_file_with(path, limits, ParseOptions::default(), on_item)
}

/// [`parse_file`] with the caseworker's [`ParseOptions`].
///
/// With `salvage`, a file is first read without handing anything on, to learn whether it is
/// truncated; only then are its items handed on, each carrying the truncation in its
/// [`SourceRef::notes`] when it is. Two passes cost twice the time, but only for a file the
/// caseworker already knows to be damaged.
pub fn parse_file_with(
    path: &Path,
    limits: &ImportLimits,
    options: ParseOptions,
    on_item: &mut dyn FnMut(NewItem) -> Result<(), ImportError>,
) -> Result<ParsedFile, ImportError> {
    if !options.salvage {
        return counted(path, limits, false, on_item);
    }
    let truncation = match counted(path, limits, false, &mut |_| Ok(())) {
        Ok(_) => return counted(path, limits, false, on_item),
        Err(e) => match e.truncation_sv() {
            Some(note) => note,
            None => return Err(e),
        },
    };
    let mut parsed = counted(path, limits, true, &mut |mut item: NewItem| {
        item.source.notes.push(truncation.clone());
        on_item(item)
    })?;
    // The summary says it too, also when the cut fell between two messages.
    parsed.skipped.insert(0, truncation);
    Ok(parsed)
}

/// Reads the file, counting the items handed on for [`ParsedFile::count`].
fn counted(
    path: &Path,
    limits: &ImportLimits,
    salvage: bool,
    on_item: &mut dyn FnMut(NewItem) -> Result<(), ImportError>,
) -> Result<ParsedFile, ImportError> {
    let mut items = 0usize;
    let (format, file_sha256, notes) = read_file(path, limits, salvage, &mut |item| {
        items += 1;
        on_item(item)
    })?;
    let skipped = notes.skipped_messages();
    Ok(ParsedFile {
        format,
        file_sha256,
        skipped: notes.into_lines(),
        count: SourceCount {
            messages: items + skipped,
            skipped,
            not_selected: 0,
        },
    })
}

/// Hashes, detects and reads one file (or an iPhone backup folder): the format, the file's
/// hash and the reader's notes.
fn read_file(
    path: &Path,
    limits: &ImportLimits,
    salvage: bool,
    on_item: &mut dyn FnMut(NewItem) -> Result<(), ImportError>,
) -> Result<(Format, String, Notes), ImportError> {
    let io_err = |source| ImportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io_err)?;
    if meta.is_dir() && path.join("Manifest.db").is_file() {
        // An iPhone backup folder: the one kind of folder inkom reads.
        return ios::parse_backup(path, limits, on_item);
    }
    if !meta.is_file() {
        return Err(ImportError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    if meta.len() > limits.max_file_bytes {
        return Err(ImportError::TooLarge {
            path: path.to_path_buf(),
            size: meta.len(),
            limit: limits.max_file_bytes,
        });
    }
    let abs = std::path::absolute(path).map_err(io_err)?;

    // Hash the whole file, keeping its first bytes for detection.
    let file = File::open(path).map_err(io_err)?;
    let mut reader = HashingReader::new(file.take(limits.max_file_bytes.saturating_add(1)));
    let mut head = Vec::with_capacity(HEAD_BYTES);
    (&mut reader)
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(io_err)?;
    let (sha256, size) = reader.finish().map_err(io_err)?;
    if size > limits.max_file_bytes {
        return Err(ImportError::TooLarge {
            path: path.to_path_buf(),
            size,
            limit: limits.max_file_bytes,
        });
    }
    if size == 0 || (size == head.len() as u64 && head.iter().all(u8::is_ascii_whitespace)) {
        return Err(ImportError::Empty {
            path: path.to_path_buf(),
        });
    }

    BYTES_READ.with(|b| b.set(0));
    let ctx = FileCtx {
        path,
        abs_path: abs.to_string_lossy().into_owned(),
        sha256,
        size,
        mtime: meta.modified().ok(),
        limits,
        salvage,
    };

    let format = match detect::sniff(&head) {
        detect::Sniffed::Format(f) => f,
        detect::Sniffed::Other(Some(OtherFormat::Heif)) => {
            // The pixels need a libheif newer than Debian 12 has; the capture time is still
            // read, so the caseworker knows which picture to convert.
            return Err(ImportError::Heic {
                path: path.to_path_buf(),
                taken: screenshot::exif_capture_time(&ctx.read_all()?),
            });
        }
        detect::Sniffed::Other(other) => return Err(ctx.unsupported(other)),
    };
    let (format, notes) = match format {
        Format::Mbox => mbox::parse(&ctx, on_item)?,
        other => (other, parse_single(&ctx, other, on_item)?),
    };
    Ok((format, ctx.sha256, notes))
}

/// Dispatches a file whose format is final once detected.
fn parse_single(
    ctx: &FileCtx<'_>,
    format: Format,
    on_item: &mut dyn FnMut(NewItem) -> Result<(), ImportError>,
) -> Result<Notes, ImportError> {
    Ok(match format {
        Format::SmsBackupRestoreXml => sms_xml::parse(ctx, on_item)?,
        Format::Eml => {
            let bytes = ctx.read_all()?;
            eml::parse(ctx, &bytes, on_item)?.into()
        }
        Format::Png | Format::Jpeg | Format::WebP => {
            let bytes = ctx.read_all()?;
            screenshot::parse(ctx, bytes, format, on_item)?.into()
        }
        Format::Msg => {
            // The compound-file magic alone also fits Word and Excel files; whether the root
            // holds message properties is only known from the whole file.
            let bytes = ctx.read_all()?;
            if !msg::is_msg(&bytes) {
                return Err(ctx.unsupported(Some(OtherFormat::OleCompound)));
            }
            outlook::parse(ctx, &bytes, on_item)?.into()
        }
        Format::Mbox => mbox::parse(ctx, on_item)?.1,
        Format::SmsIeZip => sms_ie::parse_zip(ctx, on_item)?,
        Format::SmsIeNdjson => sms_ie::parse_ndjson(ctx, on_item)?,
        Format::IosSmsDb => ios::parse_db(ctx, on_item)?,
        Format::SmsCsv => sms_csv::parse(ctx, on_item)?,
        // Reached only through a directory, handled in parse_file.
        Format::IosBackup => return Err(ctx.unsupported(None)),
    })
}
