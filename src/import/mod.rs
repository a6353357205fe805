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
//! # Where things are
//!
//! | module | what |
//! |---|---|
//! | `read` | [`parse_file`], [`parse_file_with`], [`ImportLimits`], [`ParseOptions`], [`ParsedFile`] |
//! | `file_ctx` | `FileCtx`, what a format reader is given about its file |
//! | `hashing` | `HashingReader` and the progress count [`bytes_read`] |
//! | `format` | [`Format`] and [`OtherFormat`], the names detection gives a file |
//! | `error`, `problem` | [`ImportError`] and the closed sets of what was wrong ([`Problem`], …) |
//! | `common` | Swedish local time, safe attachment names, the item constructor, `Notes` |
//! | `select` | preview a file and import only the messages or threads the caseworker chose |
//! | `pipeline` | the same parse on a thread of its own, sending what it finds to the storing thread |
//! | `tally` | the accounting of messages found, imported and skipped |
//!
//! # Glossary
//! - **item**: one [`NewItem`], what the store registers and classifies: one message, one
//!   e-mail, one picture, or a whole SMS thread when the caseworker chose one.
//! - **message**: what the source file holds one of (an SMS, an MMS, an e-mail, a database
//!   row, a picture). Counted in [`SourceCount`]: every message becomes an item or is
//!   **skipped** with a Swedish note saying why; none disappears silently.
//! - **locator**: where in its file an item was found ("sms 4", "rad 12", "meddelande 2"),
//!   made by inkom and never quoting content; with the file's path and hash it forms the
//!   item's [`SourceRef`].
//! - **chain-of-custody notes** ([`SourceRef`]`::notes`): what the reader repaired or assumed
//!   for one item (a missing time taken from the file, a truncation), printed with it.
//! - **salvage**: importing the complete messages before the break of a truncated file
//!   ([`ParseOptions::salvage`]) instead of refusing it.
//! - **sniff**: detecting the format from the first bytes; the file name is never trusted.
//!
//! [`SourceRef`]: crate::model::SourceRef
//! [`NewItem`]: crate::model::NewItem

mod charset_alias;
pub(crate) mod common;
mod detect;
mod eml;
mod encoded_words;
mod error;
mod file_ctx;
mod format;
mod hashing;
mod html_clean;
mod html_pictures;
mod html_text;
mod ios;
mod mail_date;
mod mbox;
pub mod msg;
pub mod ocr;
pub(crate) mod outgoing;
mod outlook;
pub(crate) mod outlook_fields;
mod part_headers;
pub mod pipeline;
mod plist_guard;
mod problem;
mod read;
mod rfc2231;
mod screenshot;
pub mod select;
mod smime;
mod sms_csv;
mod sms_ie;
mod sms_xml;
pub mod summary;
mod tally;

pub(crate) use common::parse_swedish_time;
pub use common::sanitize_file_name;
pub(crate) use eml::{
    attached_message_text, inner_attachments, is_signature, opaque_signed_content,
    opaque_signed_text,
};
pub use error::ImportError;
pub(crate) use file_ctx::FileCtx;
pub use format::{Format, OtherFormat};
pub(crate) use hashing::HashingReader;
pub use hashing::bytes_read;
pub use html_clean::sanitize_html;
pub use html_text::html_to_text;
pub(crate) use outlook::{attached_msg_files, attached_msg_text};
pub use problem::{EmailProblem, Problem, XmlProblem};
pub use read::{ImportLimits, ParseOptions, ParsedFile, SourceCount, parse_file, parse_file_with};
pub(crate) use smime::is_pkcs7_attachment;
pub use tally::{Tally, count_messages, messages_in};
