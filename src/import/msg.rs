//! Reader for Outlook `.msg` files (MS-OXMSG), the form in which caseworkers most often save an
//! e-mail from Outlook ("Save as" or drag-and-drop).
//!
//! Why our own reader: the one Rust crate for this (msg_parser 0.3.6) reads 8-bit strings as
//! UTF-8, so Swedish subjects and bodies saved by older Outlook versions come back empty; it
//! keeps trailing NULs, cannot reach embedded messages and hands back the inner message's
//! attachments as if they were the outer one's. Here:
//!
//! - 8-bit (`PT_STRING8`) strings are decoded with the message's own code page
//!   (`PR_MESSAGE_CODEPAGE`, else `PR_INTERNET_CPID` as the Windows code page of its script,
//!   else the one of the message's locale, else windows-1252): Japanese Outlook says
//!   ISO-2022-JP (its Internet code page, 7-bit) but writes its 8-bit strings in cp932, and
//!   when the code page named cannot read the subject but the locale's can, the locale's wins;
//! - an attached message (attach method 5) becomes [`MsgAttachmentContent::Message`], parsed
//!   with its own attachments, which never leak into the outer message;
//! - HTML that exists only inside the compressed RTF body (`\fromhtml1`) is recovered;
//! - the sender's SMTP address is preferred over an Exchange X.500 address.
//!
//! The input is treated as hostile: no panics, every stream bounded, the total data read
//! bounded relative to the file size (shared sectors cannot multiply it), recursion bounded.
//! Error messages never contain message content, so they can be logged.

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Utc};
use encoding_rs::Encoding;

mod item;
mod ole_object;
mod rtf;
mod rtf_embedded;
mod tnef;

pub use item::{Field, FieldValue, ItemFields, ItemKind, TaskStatus};
pub use ole_object::EmbeddedObject;
pub use rtf_embedded::{PictureFormat, RtfPicture};
pub use tnef::{is_tnef, parse_tnef, tnef_cut_at};

/// Largest single stream (attachment, body) that is read; larger ones make the file refused
/// rather than exhausting memory.
pub const MAX_STREAM_BYTES: u64 = 200 * 1024 * 1024;

/// How deep messages attached to messages are followed; deeper ones are reported as
/// [`MsgAttachmentContent::Other`].
pub const MAX_EMBEDDING_DEPTH: usize = 8;

/// Most recipients, or attachments, one message may have.
const MAX_OBJECTS: usize = 10_000;

/// Compound File Binary signature.
const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

// Property types.
const PT_LONG: u16 = 0x0003;
const PT_SYSTIME: u16 = 0x0040;
const PT_STRING8: u16 = 0x001E;
const PT_UNICODE: u16 = 0x001F;
const PT_BINARY: u16 = 0x0102;
const PT_OBJECT: u16 = 0x000D;

// Property ids.
const PR_MESSAGE_CLASS: u16 = 0x001A;
const PR_SUBJECT: u16 = 0x0037;
const PR_CLIENT_SUBMIT_TIME: u16 = 0x0039;
const PR_SENT_REPRESENTING_NAME: u16 = 0x0042;
const PR_SENT_REPRESENTING_ADDRTYPE: u16 = 0x0064;
const PR_SENT_REPRESENTING_EMAIL_ADDRESS: u16 = 0x0065;
const PR_TRANSPORT_MESSAGE_HEADERS: u16 = 0x007D;
const PR_RECIPIENT_TYPE: u16 = 0x0C15;
const PR_SENDER_NAME: u16 = 0x0C1A;
const PR_SENDER_ADDRTYPE: u16 = 0x0C1E;
const PR_SENDER_EMAIL_ADDRESS: u16 = 0x0C1F;
const PR_DISPLAY_BCC: u16 = 0x0E02;
const PR_DISPLAY_CC: u16 = 0x0E03;
const PR_DISPLAY_TO: u16 = 0x0E04;
const PR_MESSAGE_DELIVERY_TIME: u16 = 0x0E06;
const PR_BODY: u16 = 0x1000;
const PR_INTERNET_MESSAGE_ID: u16 = 0x1035;
const PR_IN_REPLY_TO_ID: u16 = 0x1042;
const PR_RTF_COMPRESSED: u16 = 0x1009;
const PR_HTML: u16 = 0x1013;
const PR_DISPLAY_NAME: u16 = 0x3001;
const PR_EMAIL_ADDRESS: u16 = 0x3003;
const PR_ATTACH_DATA: u16 = 0x3701;
const PR_ATTACH_FILENAME: u16 = 0x3704;
const PR_ATTACH_METHOD: u16 = 0x3705;
const PR_ATTACH_LONG_FILENAME: u16 = 0x3707;
const PR_ATTACH_MIME_TAG: u16 = 0x370E;
const PR_SMTP_ADDRESS: u16 = 0x39FE;
const PR_INTERNET_CPID: u16 = 0x3FDE;
const PR_MESSAGE_CODEPAGE: u16 = 0x3FFD;
const PR_MESSAGE_LOCALE_ID: u16 = 0x3FF1;
const PR_SENDER_SMTP_ADDRESS: u16 = 0x5D01;
const PR_SENT_REPRESENTING_SMTP_ADDRESS: u16 = 0x5D02;

const PR_MESSAGE_FLAGS: u16 = 0x0E07;
/// PR_MESSAGE_FLAGS bit: the item was saved but never sent (a draft, or an item composed only
/// to be attached to another).
const MSGFLAG_UNSENT: i32 = 0x0008;

const ATTACH_EMBEDDED_MSG: i32 = 5;
/// `PR_ATTACH_METHOD` of an OLE object (its data a storage).
const ATTACH_OLE: i32 = 6;

const PROPERTIES_STREAM: &str = "__properties_version1.0";
const SUBSTG_PREFIX: &str = "__substg1.0_";
const RECIP_PREFIX: &str = "__recip_version1.0_#";
const ATTACH_PREFIX: &str = "__attach_version1.0_#";

/// One e-mail read from a `.msg` file. Empty strings are reported as `None`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MsgMessage {
    /// Subject line.
    pub subject: Option<String>,
    /// Sender's display name (falls back to the "sent representing" name, which is what
    /// Outlook shows as From when the sender properties are absent, e.g. in drafts).
    pub sender_name: Option<String>,
    /// Sender's SMTP address. An Exchange X.500 address is never returned here: when no SMTP
    /// form can be found (properties or the `From:` transport header) this is `None`.
    pub sender_email: Option<String>,
    /// "To" recipients, in the file's order.
    pub to: Vec<MsgRecipient>,
    /// "Cc" recipients.
    pub cc: Vec<MsgRecipient>,
    /// "Bcc" recipients (only present in the sender's own copy).
    pub bcc: Vec<MsgRecipient>,
    /// When the sender submitted it (PR_CLIENT_SUBMIT_TIME).
    pub sent: Option<DateTime<Utc>>,
    /// When it was delivered to the mailbox it was saved from (PR_MESSAGE_DELIVERY_TIME);
    /// `None` for an unsent item (a draft), whose delivery time is only when it was saved.
    pub received: Option<DateTime<Utc>>,
    /// Plain-text body.
    pub body_text: Option<String>,
    /// HTML body, from PR_HTML or recovered from the compressed RTF body.
    pub body_html: Option<String>,
    /// The decompressed RTF body, given only when no HTML could be had (the plain-text body
    /// is usually present as well; when it is not, [`MsgMessage::rtf_text`] reads it).
    pub body_rtf: Option<Vec<u8>>,
    /// The Internet headers as received, when the message came from outside Exchange.
    pub transport_headers: Option<String>,
    /// The Internet `Message-ID` (PR_INTERNET_MESSAGE_ID), as written.
    pub message_id: Option<String>,
    /// The `Message-ID` of the message this one answers (PR_IN_REPLY_TO_ID), as written.
    pub in_reply_to: Option<String>,
    /// MAPI message class, e.g. `IPM.Note`.
    pub message_class: Option<String>,
    /// Attachments of this message only (an attached message's own attachments are inside its
    /// [`MsgAttachmentContent::Message`]).
    pub attachments: Vec<MsgAttachment>,
    /// What an appointment, meeting request, task or contact holds outside its text; `None`
    /// for an e-mail.
    pub item: Option<ItemFields>,
}

/// One recipient (or a name from the display lists when the file has no recipient table).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MsgRecipient {
    /// Display name.
    pub name: Option<String>,
    /// SMTP address; `None` when only an Exchange X.500 address is known.
    pub email: Option<String>,
}

/// One attachment.
#[derive(Debug, Clone, PartialEq)]
pub struct MsgAttachment {
    /// Long file name, else the 8.3 name, else the display name.
    pub file_name: Option<String>,
    /// MIME type as Outlook recorded it, if it did.
    pub mime: Option<String>,
    /// What the attachment holds.
    pub content: MsgAttachmentContent,
}

/// What an attachment holds.
#[derive(Debug, Clone, PartialEq)]
pub enum MsgAttachmentContent {
    /// An ordinary file's bytes.
    Bytes(Vec<u8>),
    /// An attached Outlook item (e.g. a forwarded e-mail as an item), read recursively.
    Message(Box<MsgMessage>),
    /// An OLE object (method 6: a document or a packaged file embedded in the text), or a
    /// message nested deeper than [`MAX_EMBEDDING_DEPTH`] or damaged, as the file it holds.
    Object(EmbeddedObject),
    /// Something that cannot be given as a file: a link to a file (methods 2–4, 7: the file
    /// is not in the message), or a storage that does not copy.
    Other,
}

/// Why a `.msg` file could not be read. Messages never contain message content.
#[derive(Debug, thiserror::Error)]
pub enum MsgError {
    /// Not a Compound File Binary file at all.
    #[error("not an Outlook .msg file: no compound file signature")]
    NotCompoundFile,
    /// A compound file, but not an Outlook message (e.g. a Word .doc).
    #[error("compound file holds no Outlook message properties")]
    NotMsg,
    /// The compound file's structure is damaged or truncated.
    #[error("the .msg file is damaged or truncated")]
    Damaged(#[source] std::io::Error),
    /// A single stream is larger than [`MAX_STREAM_BYTES`].
    #[error("a stream of {size} bytes exceeds the limit of {limit} bytes")]
    StreamTooLarge {
        /// Declared size of the stream.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// Reading would exceed the data the file can legitimately hold (streams sharing sectors).
    #[error("the .msg file would yield more than {limit} bytes of data")]
    TooMuchData {
        /// The limit, derived from the file's size.
        limit: u64,
    },
    /// More recipients or attachments than any real message has.
    #[error("more than {limit} recipients or attachments")]
    TooManyObjects {
        /// The limit.
        limit: usize,
    },
}

/// Whether the bytes look like an Outlook `.msg`. A Word `.doc` or Excel `.xls` is also a
/// compound file, so the signature alone is not enough: the root storage must hold MSG property
/// streams. Pass the whole file: given only a prefix, the answer rests on finding an MSG stream
/// name in it, and is `false` when the prefix does not reach the directory.
pub fn is_msg(first_bytes: &[u8]) -> bool {
    if !first_bytes.starts_with(&CFB_MAGIC) {
        return false;
    }
    // Reading the directory is cheap and exact: a .doc with an embedded Outlook item holds MSG
    // streams too, but not at its root.
    if let Ok(cf) = cfb::CompoundFile::open(Cursor::new(first_bytes)) {
        return root_is_message(&cf);
    }
    // Only a prefix (or a damaged file): look for the stream names themselves, which directory
    // entries store as UTF-16LE.
    let needle: Vec<u8> = SUBSTG_PREFIX
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    first_bytes
        .windows(needle.len())
        .any(|w| w == needle.as_slice())
}

fn root_is_message<F>(cf: &cfb::CompoundFile<F>) -> bool {
    cf.read_root_storage().any(|e| {
        e.is_stream() && (e.name() == PROPERTIES_STREAM || e.name().starts_with(SUBSTG_PREFIX))
    })
}

/// Reads a whole `.msg` file.
pub fn parse_msg(bytes: &[u8]) -> Result<MsgMessage, MsgError> {
    if !bytes.starts_with(&CFB_MAGIC) {
        return Err(MsgError::NotCompoundFile);
    }
    let cf = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(MsgError::Damaged)?;
    if !root_is_message(&cf) {
        return Err(MsgError::NotMsg);
    }
    // Every legitimate stream occupies its own sectors, so the file cannot hold more data than
    // its size; twice that plus slack leaves room for any overhead while stopping sector
    // sharing from multiplying the work.
    let limit = (bytes.len() as u64)
        .saturating_mul(2)
        .saturating_add(1 << 20);
    let mut reader = Reader {
        cf,
        budget: limit,
        limit,
        named: item::NamedIds::default(),
    };
    reader.named = reader.named_ids()?;
    reader.message(Path::new("/"), HeaderKind::TopLevel, 0, None)
}

/// Which object a `__properties_version1.0` stream belongs to, which decides the size of the
/// header before its property entries (MS-OXMSG 2.4.1).
#[derive(Clone, Copy)]
enum HeaderKind {
    /// The file's own message: 32 bytes.
    TopLevel,
    /// A message attached to a message: 24 bytes.
    Embedded,
    /// A recipient or an attachment: 8 bytes.
    RecipientOrAttachment,
}

/// The words of an RTF document (an attached .rtf file): `None` when the bytes are not RTF, hold
/// no words, or hold pictures, which its text would silently leave out.
pub(crate) fn rtf_document_text(bytes: &[u8]) -> Option<String> {
    if !bytes.starts_with(b"{\\rtf") || rtf::has_pictures(bytes) {
        return None;
    }
    let text = rtf::plain_text(bytes);
    (!text.trim().is_empty()).then_some(text)
}

impl MsgMessage {
    /// The words of the RTF body, for a message that has no plain or HTML body (an
    /// appointment, a contact, rich text written in Word): `None` when there is no RTF body
    /// or it holds no text.
    pub fn rtf_text(&self) -> Option<String> {
        let text = rtf::plain_text(self.body_rtf.as_deref()?);
        (!text.trim().is_empty()).then_some(text)
    }

    /// Whether the RTF body holds a picture or an embedded object, which
    /// [`MsgMessage::rtf_text`] cannot give.
    pub fn rtf_has_pictures(&self) -> bool {
        self.body_rtf.as_deref().is_some_and(rtf::has_pictures)
    }

    /// The pictures pasted into the RTF body (its `{\\pict}` groups), in document order.
    pub fn rtf_pictures(&self) -> Vec<RtfPicture> {
        self.body_rtf
            .as_deref()
            .map(rtf_embedded::pictures)
            .unwrap_or_default()
    }

    /// The OLE objects embedded in the RTF body (its `\objdata` groups) as files, in
    /// document order.
    pub fn rtf_objects(&self) -> Vec<EmbeddedObject> {
        self.body_rtf
            .as_deref()
            .map(rtf_embedded::objects)
            .unwrap_or_default()
            .into_iter()
            .map(ole_object::from_ole1)
            .collect()
    }

    /// Whether the RTF body holds a picture or an object that [`MsgMessage::rtf_pictures`] and
    /// [`MsgMessage::rtf_objects`] cannot give as a file (a group without data).
    pub fn rtf_lacks_embedded(&self) -> bool {
        let Some(body) = self.body_rtf.as_deref() else {
            return false;
        };
        let (pictures, objects) = rtf_embedded::found(body);
        (rtf::has_pict(body) && !pictures) || (rtf::has_objects(body) && !objects)
    }
}

impl HeaderKind {
    /// Header length for a property stream of `stream_len` bytes. Entries are 16 bytes, so the
    /// 32- and 24-byte message headers differ in alignment; going by the alignment copes with
    /// writers that give an embedded message the top-level header or the other way round.
    fn len(self, stream_len: usize) -> usize {
        match self {
            HeaderKind::TopLevel | HeaderKind::Embedded => {
                if stream_len % 16 == 8 {
                    24
                } else {
                    32
                }
            }
            HeaderKind::RecipientOrAttachment => 8,
        }
    }
}

/// One value of a multi-valued property: its index, stream and size.
type ValueStream = (u32, PathBuf, u64);

/// The properties of one object (message, recipient, attachment): fixed-size values from the
/// property stream, and where the variable-size ones are.
#[derive(Default)]
struct Props {
    /// id → (type, 8-byte value).
    fixed: HashMap<u16, (u16, [u8; 8])>,
    /// (id, type) → stream path and size.
    streams: HashMap<(u16, u16), (PathBuf, u64)>,
    /// (id, type) → sub-storage path (embedded messages, OLE objects).
    storages: HashMap<(u16, u16), PathBuf>,
    /// (id, type) → the value streams of a multi-valued property.
    values: HashMap<(u16, u16), Vec<ValueStream>>,
    /// Recipient or attachment sub-storages, sorted by their number.
    recipients: Vec<PathBuf>,
    attachments: Vec<PathBuf>,
}

impl Props {
    fn long(&self, id: u16) -> Option<i32> {
        match self.fixed.get(&id) {
            Some(&(PT_LONG, v)) => Some(i32::from_le_bytes([v[0], v[1], v[2], v[3]])),
            _ => None,
        }
    }

    fn time(&self, id: u16) -> Option<DateTime<Utc>> {
        match self.fixed.get(&id) {
            Some(&(PT_SYSTIME, v)) => filetime(u64::from_le_bytes(v)),
            _ => None,
        }
    }
}

struct Reader<'a> {
    cf: cfb::CompoundFile<Cursor<&'a [u8]>>,
    /// Bytes that may still be read from streams.
    budget: u64,
    limit: u64,
    /// The file's named properties, which every message in it shares.
    named: item::NamedIds,
}

impl Reader<'_> {
    fn read(&mut self, path: &Path, size: u64) -> Result<Vec<u8>, MsgError> {
        if size > MAX_STREAM_BYTES {
            return Err(MsgError::StreamTooLarge {
                size,
                limit: MAX_STREAM_BYTES,
            });
        }
        if size > self.budget {
            return Err(MsgError::TooMuchData { limit: self.limit });
        }
        self.budget -= size;
        let stream = self.cf.open_stream(path).map_err(MsgError::Damaged)?;
        let mut buf = Vec::new();
        // `size` was checked above, so this reservation is bounded.
        buf.try_reserve_exact(size as usize)
            .map_err(|_| MsgError::StreamTooLarge {
                size,
                limit: MAX_STREAM_BYTES,
            })?;
        stream
            .take(size)
            .read_to_end(&mut buf)
            .map_err(MsgError::Damaged)?;
        if buf.len() as u64 != size {
            return Err(MsgError::Damaged(std::io::ErrorKind::UnexpectedEof.into()));
        }
        Ok(buf)
    }

    /// Lists a storage and reads its property stream.
    fn props(&mut self, storage: &Path, kind: HeaderKind) -> Result<Props, MsgError> {
        let entries: Vec<(String, bool, u64)> = self
            .cf
            .read_storage(storage)
            .map_err(MsgError::Damaged)?
            .map(|e| (e.name().to_string(), e.is_stream(), e.len()))
            .collect();
        let mut props = Props::default();
        let mut recipients = Vec::new();
        let mut attachments = Vec::new();
        let mut properties_stream = None;
        for (name, is_stream, len) in entries {
            let path = storage.join(&name);
            if is_stream && name == PROPERTIES_STREAM {
                properties_stream = Some((path, len));
            } else if let Some(tag) = name.strip_prefix(SUBSTG_PREFIX) {
                // One value of a multi-valued property: "XXXXYYYY-NNNNNNNN".
                if let Some((tag, n)) = tag.split_once('-')
                    && let (Some(key), Some(n)) = (parse_tag(tag), parse_hex32(n))
                {
                    if is_stream {
                        let values = props.values.entry(key).or_default();
                        if values.len() >= MAX_OBJECTS {
                            return Err(MsgError::TooManyObjects { limit: MAX_OBJECTS });
                        }
                        values.push((n, path, len));
                    }
                    continue;
                }
                let Some((id, ty)) = parse_tag(tag) else {
                    continue;
                };
                if is_stream {
                    props.streams.insert((id, ty), (path, len));
                } else {
                    props.storages.insert((id, ty), path);
                }
            } else if !is_stream
                && let Some(n) = name.strip_prefix(RECIP_PREFIX).and_then(parse_hex32)
            {
                recipients.push((n, path));
            } else if !is_stream
                && let Some(n) = name.strip_prefix(ATTACH_PREFIX).and_then(parse_hex32)
            {
                attachments.push((n, path));
            }
            if recipients.len() > MAX_OBJECTS || attachments.len() > MAX_OBJECTS {
                return Err(MsgError::TooManyObjects { limit: MAX_OBJECTS });
            }
        }
        recipients.sort_by_key(|(n, _)| *n);
        attachments.sort_by_key(|(n, _)| *n);
        props.recipients = recipients.into_iter().map(|(_, p)| p).collect();
        props.attachments = attachments.into_iter().map(|(_, p)| p).collect();
        if let Some((path, len)) = properties_stream {
            let data = self.read(&path, len)?;
            let entries = data.get(kind.len(data.len())..).unwrap_or_default();
            for entry in entries.chunks_exact(16) {
                let tag = u32::from_le_bytes([entry[0], entry[1], entry[2], entry[3]]);
                let (id, ty) = ((tag >> 16) as u16, tag as u16);
                let mut value = [0u8; 8];
                value.copy_from_slice(&entry[8..16]);
                props.fixed.insert(id, (ty, value));
            }
        }
        Ok(props)
    }

    fn binary(&mut self, props: &Props, id: u16) -> Result<Option<Vec<u8>>, MsgError> {
        match props.streams.get(&(id, PT_BINARY)) {
            Some((path, len)) => {
                let (path, len) = (path.clone(), *len);
                self.read(&path, len).map(Some)
            }
            None => Ok(None),
        }
    }

    /// The code page the message's 8-bit strings are read in: `named`, unless it cannot read
    /// the subject (or, without one, the body) and the message's locale's code page can.
    fn readable_8bit(
        &mut self,
        props: &Props,
        named: &'static Encoding,
        locale: Option<&'static Encoding>,
    ) -> Result<&'static Encoding, MsgError> {
        let Some(locale) = locale.filter(|l| *l != named) else {
            return Ok(named);
        };
        let sample = [PR_SUBJECT, PR_BODY]
            .into_iter()
            .find_map(|id| props.streams.get(&(id, PT_STRING8)).cloned());
        let Some((path, len)) = sample else {
            return Ok(named);
        };
        let data = self.read(&path, len.min(4096))?;
        let fails = |enc: &'static Encoding| enc.decode_without_bom_handling(&data).1;
        Ok(if fails(named) && !fails(locale) {
            locale
        } else {
            named
        })
    }

    /// A string property, UTF-16 or 8-bit in `enc`; empty strings count as absent.
    fn string(
        &mut self,
        props: &Props,
        id: u16,
        enc: &'static Encoding,
    ) -> Result<Option<String>, MsgError> {
        let s = if let Some((path, len)) = props.streams.get(&(id, PT_UNICODE)) {
            let (path, len) = (path.clone(), *len);
            let data = self.read(&path, len)?;
            decode_utf16le(&data)
        } else if let Some((path, len)) = props.streams.get(&(id, PT_STRING8)) {
            let (path, len) = (path.clone(), *len);
            let data = self.read(&path, len)?;
            decode_8bit(&data, enc)
        } else {
            return Ok(None);
        };
        Ok(non_empty(s))
    }

    fn message(
        &mut self,
        storage: &Path,
        kind: HeaderKind,
        depth: usize,
        inherited: Option<&'static Encoding>,
    ) -> Result<MsgMessage, MsgError> {
        let props = self.props(storage, kind)?;
        let code_page = [PR_MESSAGE_CODEPAGE, PR_INTERNET_CPID]
            .into_iter()
            .filter_map(|id| props.long(id))
            // 8-bit strings cannot be UTF-16, whatever a property claims.
            .find_map(|cp| {
                u32::try_from(cp)
                    .ok()
                    .and_then(string8_encoding)
                    .filter(|e| !is_utf16(e))
            });
        let locale = props
            .long(PR_MESSAGE_LOCALE_ID)
            .and_then(|id| u32::try_from(id).ok())
            .and_then(locale_ansi);
        let named = code_page
            .or(inherited)
            .or(locale)
            .unwrap_or(encoding_rs::WINDOWS_1252);
        let enc = self.readable_8bit(&props, named, locale)?;

        let transport_headers = self.string(&props, PR_TRANSPORT_MESSAGE_HEADERS, enc)?;
        let headers = transport_headers
            .as_deref()
            .map(parse_headers)
            .unwrap_or_default();

        let sender_name = match self.string(&props, PR_SENDER_NAME, enc)? {
            Some(name) => Some(name),
            None => self.string(&props, PR_SENT_REPRESENTING_NAME, enc)?,
        };
        let sender_email = self.sender_email(&props, enc, &headers)?;

        let (mut to, mut cc, mut bcc) = (Vec::new(), Vec::new(), Vec::new());
        for path in &props.recipients {
            let rp = self.props(path, HeaderKind::RecipientOrAttachment)?;
            let name = self.string(&rp, PR_DISPLAY_NAME, enc)?;
            let mut email = None;
            for id in [PR_SMTP_ADDRESS, PR_EMAIL_ADDRESS] {
                if let Some(addr) = self.string(&rp, id, enc)?.as_deref().and_then(smtp_address) {
                    email = Some(addr);
                    break;
                }
            }
            let kind = rp.long(PR_RECIPIENT_TYPE).map(|t| t & 0xFF).unwrap_or(1);
            let header_list = match kind {
                2 => &headers.cc,
                3 => &headers.bcc,
                _ => &headers.to,
            };
            if email.is_none() {
                // An Exchange (X.500) recipient: the Internet headers may name the address.
                email = name.as_deref().and_then(|n| {
                    header_list
                        .iter()
                        .find(|(hn, _)| hn.eq_ignore_ascii_case(n))
                        .map(|(_, a)| a.clone())
                });
            }
            let r = MsgRecipient { name, email };
            match kind {
                2 => cc.push(r),
                3 => bcc.push(r),
                _ => to.push(r),
            }
        }
        if props.recipients.is_empty() {
            // No recipient table (some exporters): fall back to the display lists.
            to = display_list(self.string(&props, PR_DISPLAY_TO, enc)?);
            cc = display_list(self.string(&props, PR_DISPLAY_CC, enc)?);
            bcc = display_list(self.string(&props, PR_DISPLAY_BCC, enc)?);
        }

        let mut body_text = self.string(&props, PR_BODY, enc)?;
        let mut body_html = self.html_body(&props, enc)?;
        let body_rtf = match body_html {
            None => match self.binary(&props, PR_RTF_COMPRESSED)? {
                Some(compressed) => rtf_body(&compressed, &mut body_text, &mut body_html),
                None => None,
            },
            Some(_) => None,
        };

        // An unsent item was never delivered: its "delivery time" is when it was saved, and
        // must not be taken for a date of receipt.
        let unsent = props
            .long(PR_MESSAGE_FLAGS)
            .is_some_and(|f| f & MSGFLAG_UNSENT != 0);
        let received = if unsent {
            None
        } else {
            props.time(PR_MESSAGE_DELIVERY_TIME)
        };

        let mut attachments = Vec::new();
        for path in &props.attachments {
            attachments.push(self.attachment(path, depth, enc)?);
        }

        let message_class = self.string(&props, PR_MESSAGE_CLASS, enc)?;
        let item = self.item_fields(&props, message_class.as_deref(), enc)?;
        Ok(MsgMessage {
            subject: self.string(&props, PR_SUBJECT, enc)?,
            sender_name,
            sender_email,
            to,
            cc,
            bcc,
            sent: props.time(PR_CLIENT_SUBMIT_TIME),
            received,
            body_text,
            body_html,
            body_rtf,
            transport_headers,
            message_id: self.string(&props, PR_INTERNET_MESSAGE_ID, enc)?,
            in_reply_to: self.string(&props, PR_IN_REPLY_TO_ID, enc)?,
            message_class,
            attachments,
            item,
        })
    }

    fn sender_email(
        &mut self,
        props: &Props,
        enc: &'static Encoding,
        headers: &Headers,
    ) -> Result<Option<String>, MsgError> {
        // Each candidate is used only if it is an SMTP address; an X.500 DN never is.
        let candidates = [
            (PR_SENDER_SMTP_ADDRESS, None),
            (PR_SENDER_EMAIL_ADDRESS, Some(PR_SENDER_ADDRTYPE)),
            (PR_SMTP_ADDRESS, None),
            (PR_SENT_REPRESENTING_SMTP_ADDRESS, None),
            (
                PR_SENT_REPRESENTING_EMAIL_ADDRESS,
                Some(PR_SENT_REPRESENTING_ADDRTYPE),
            ),
        ];
        for (id, addr_type) in candidates {
            if let Some(t) = addr_type
                && self
                    .string(props, t, enc)?
                    .is_some_and(|t| t.eq_ignore_ascii_case("EX"))
            {
                continue;
            }
            if let Some(addr) = self
                .string(props, id, enc)?
                .as_deref()
                .and_then(smtp_address)
            {
                return Ok(Some(addr));
            }
        }
        Ok(headers.from.clone())
    }

    fn html_body(
        &mut self,
        props: &Props,
        enc: &'static Encoding,
    ) -> Result<Option<String>, MsgError> {
        if let Some(s) = self.string(props, PR_HTML, enc)? {
            return Ok(Some(s));
        }
        let Some(bytes) = self.binary(props, PR_HTML)? else {
            return Ok(None);
        };
        // PR_HTML as bytes is in the Internet code page; without it, trust the document's own
        // declaration, then UTF-8 if it is valid, then the message code page.
        let html_enc = props
            .long(PR_INTERNET_CPID)
            .and_then(|cp| u32::try_from(cp).ok())
            .and_then(codepage_encoding)
            .or_else(|| sniff_html_charset(&bytes))
            .unwrap_or(if std::str::from_utf8(&bytes).is_ok() {
                encoding_rs::UTF_8
            } else {
                enc
            });
        let (text, _, _) = html_enc.decode(&bytes);
        Ok(non_empty(text.into_owned()))
    }

    /// An attachment's storage as a compound file of its own (an OLE object, or a message that
    /// is not followed), its streams read within the file's budget: `None` when its tree does
    /// not copy, a stream does not read, or its streams would take more than is left of the
    /// budget (the outer message is still worth having; nothing is read then).
    fn kept_storage(&mut self, path: &Path) -> Option<Vec<u8>> {
        let entries = ole_object::storage_entries(&self.cf, path)?;
        let total = entries
            .iter()
            .filter_map(|e| e.stream_len)
            .try_fold(0u64, u64::checked_add)?;
        if total > self.budget {
            return None;
        }
        let mut streams = Vec::new();
        for entry in &entries {
            if let Some(len) = entry.stream_len {
                streams.push(self.read(&entry.source, len).ok()?);
            }
        }
        ole_object::compound_file(&entries, streams.into_iter())
    }

    /// An attachment's storage kept as the file it holds ([`Reader::kept_storage`]), or
    /// [`MsgAttachmentContent::Other`] when it cannot be.
    fn kept_object(&mut self, path: &Path) -> MsgAttachmentContent {
        match self.kept_storage(path) {
            Some(bytes) => MsgAttachmentContent::Object(ole_object::from_compound(bytes)),
            None => MsgAttachmentContent::Other,
        }
    }

    fn attachment(
        &mut self,
        storage: &Path,
        depth: usize,
        enc: &'static Encoding,
    ) -> Result<MsgAttachment, MsgError> {
        let props = self.props(storage, HeaderKind::RecipientOrAttachment)?;
        let mut file_name = None;
        for id in [PR_ATTACH_LONG_FILENAME, PR_ATTACH_FILENAME, PR_DISPLAY_NAME] {
            file_name = self.string(&props, id, enc)?;
            if file_name.is_some() {
                break;
            }
        }
        let mime = self.string(&props, PR_ATTACH_MIME_TAG, enc)?;
        let method = props.long(PR_ATTACH_METHOD);
        let embedded = props.storages.get(&(PR_ATTACH_DATA, PT_OBJECT)).cloned();
        let content = match (method, embedded) {
            // A message nested deeper than is followed, or one that does not read, is kept as
            // its storage: a file of its own, which the gate holds back.
            (Some(ATTACH_EMBEDDED_MSG), Some(path)) => {
                if depth + 1 > MAX_EMBEDDING_DEPTH {
                    self.kept_object(&path)
                } else {
                    match self.message(&path, HeaderKind::Embedded, depth + 1, Some(enc)) {
                        Ok(m) => MsgAttachmentContent::Message(Box::new(m)),
                        // The outer message is still worth having; limits are not negotiable.
                        Err(MsgError::Damaged(_) | MsgError::NotMsg) => self.kept_object(&path),
                        Err(e) => return Err(e),
                    }
                }
            }
            (Some(ATTACH_OLE), Some(path)) => self.kept_object(&path),
            _ => match self.binary(&props, PR_ATTACH_DATA)? {
                Some(bytes) => MsgAttachmentContent::Bytes(bytes),
                None => MsgAttachmentContent::Other,
            },
        };
        Ok(MsgAttachment {
            file_name,
            mime,
            content,
        })
    }
}

/// Reads the compressed RTF body of a message that has no HTML body: the HTML it encapsulates
/// (`\fromhtml1`) becomes `body_html`, the text it encapsulates `body_text` when there is none,
/// and an ordinary RTF body is returned, decompressed, for its words, pictures and objects.
fn rtf_body(
    compressed: &[u8],
    body_text: &mut Option<String>,
    body_html: &mut Option<String>,
) -> Option<Vec<u8>> {
    let rtf = rtf::decompress(compressed, MAX_STREAM_BYTES as usize)?;
    match rtf::de_encapsulate(&rtf) {
        Some(rtf::Encapsulated::Html(html)) => *body_html = non_empty(html),
        Some(rtf::Encapsulated::Text(text)) if body_text.is_none() => *body_text = non_empty(text),
        _ => {}
    }
    (body_html.is_none() && !rtf.is_empty()).then_some(rtf)
}

/// `XXXXYYYY` → (id, type).
fn parse_tag(tag: &str) -> Option<(u16, u16)> {
    if tag.len() != 8 || !tag.is_ascii() {
        return None;
    }
    let id = u16::from_str_radix(&tag[..4], 16).ok()?;
    let ty = u16::from_str_radix(&tag[4..], 16).ok()?;
    Some((id, ty))
}

fn parse_hex32(s: &str) -> Option<u32> {
    if s.len() != 8 {
        return None;
    }
    u32::from_str_radix(s, 16).ok()
}

/// Decodes a `PT_STRING8` value. PR_INTERNET_CPID often says UTF-8 while the 8-bit properties
/// were written in the writer's ANSI code page, so bytes that are not valid UTF-8 are read as
/// windows-1252 instead of being turned into replacement characters.
fn decode_8bit(data: &[u8], enc: &'static Encoding) -> String {
    if enc == encoding_rs::UTF_8 {
        if let Ok(s) = std::str::from_utf8(data) {
            return s.to_string();
        }
        return encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(data)
            .0
            .into_owned();
    }
    enc.decode_without_bom_handling(data).0.into_owned()
}

fn decode_utf16le(data: &[u8]) -> String {
    let units: Vec<u16> = data
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16_lossy(&units)
}

/// Drops the terminating NULs some writers include, and treats an empty string as absent.
fn non_empty(mut s: String) -> Option<String> {
    let kept = s.trim_end_matches('\0').len();
    s.truncate(kept);
    if s.is_empty() { None } else { Some(s) }
}

/// The address if `s` is an SMTP address (optionally with an `SMTP:` prefix), else `None`.
fn smtp_address(s: &str) -> Option<String> {
    let s = s.trim();
    let s = s
        .strip_prefix("SMTP:")
        .or_else(|| s.strip_prefix("smtp:"))
        .unwrap_or(s);
    let at = s.find('@')?;
    let ok = at > 0
        && at + 1 < s.len()
        && !s.starts_with('/')
        && !s.chars().any(|c| c.is_whitespace() || c == '<' || c == '>');
    ok.then(|| s.to_string())
}

/// Names from PR_DISPLAY_TO/CC/BCC ("Anna Ek; Bo Berg").
fn display_list(s: Option<String>) -> Vec<MsgRecipient> {
    let Some(s) = s else { return Vec::new() };
    s.split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| MsgRecipient {
            name: Some(p.to_string()),
            email: smtp_address(p),
        })
        .collect()
}

/// Converts a FILETIME (100 ns ticks since 1601) to UTC. Zero and Outlook's "none" value
/// (4501-01-01) are absent.
fn filetime(ticks: u64) -> Option<DateTime<Utc>> {
    if ticks == 0 {
        return None;
    }
    let secs = i64::try_from(ticks / 10_000_000).ok()? - 11_644_473_600;
    let nanos = u32::try_from(ticks % 10_000_000).ok()? * 100;
    DateTime::from_timestamp(secs, nanos).filter(|d| d.year() < 4500)
}

/// Maps a Windows code page number to an encoding, for the code pages Outlook writes.
fn codepage_encoding(cp: u32) -> Option<&'static Encoding> {
    use encoding_rs::*;
    Some(match cp {
        65001 => UTF_8,
        1200 => UTF_16LE,
        1201 => UTF_16BE,
        1250 => WINDOWS_1250,
        1251 => WINDOWS_1251,
        1252 | 20127 | 28591 => WINDOWS_1252,
        1253 => WINDOWS_1253,
        1254 | 28599 => WINDOWS_1254,
        1255 => WINDOWS_1255,
        1256 => WINDOWS_1256,
        1257 => WINDOWS_1257,
        1258 => WINDOWS_1258,
        874 => WINDOWS_874,
        866 => IBM866,
        932 => SHIFT_JIS,
        936 => GBK,
        949 => EUC_KR,
        950 => BIG5,
        10000 => MACINTOSH,
        20866 => KOI8_R,
        21866 => KOI8_U,
        28592 => ISO_8859_2,
        28593 => ISO_8859_3,
        28594 => ISO_8859_4,
        28595 => ISO_8859_5,
        28596 => ISO_8859_6,
        28597 => ISO_8859_7,
        28598 => ISO_8859_8,
        28603 => ISO_8859_13,
        28605 => ISO_8859_15,
        38598 => ISO_8859_8_I,
        50220..=50222 => ISO_2022_JP,
        51932 => EUC_JP,
        51949 => EUC_KR,
        54936 => GB18030,
        _ => return None,
    })
}

/// The code page of a message's 8-bit (`PT_STRING8`) strings, from the code page a property
/// names. MAPI writes them in a Windows code page: an Internet code page that cannot hold 8-bit
/// text (ISO-2022-JP, ISO-2022-KR, HZ) stands for the Windows one of its script.
fn string8_encoding(cp: u32) -> Option<&'static Encoding> {
    match cp {
        50220..=50222 => Some(encoding_rs::SHIFT_JIS),
        50225 => Some(encoding_rs::EUC_KR),
        52936 => Some(encoding_rs::GBK),
        65000 => None,
        other => codepage_encoding(other),
    }
}

/// The Windows ("ANSI") code page of a locale (`PR_MESSAGE_LOCALE_ID`, an LCID): what Outlook
/// on that locale's Windows writes 8-bit strings in. `None` for windows-1252's languages and
/// those not listed.
fn locale_ansi(lcid: u32) -> Option<&'static Encoding> {
    use encoding_rs::*;
    Some(match (lcid & 0x3FF, lcid) {
        (0x11, _) => SHIFT_JIS,
        (0x12, _) => EUC_KR,
        (0x04, 0x0404 | 0x0C04 | 0x1404) => BIG5,
        (0x04, _) => GBK,
        (0x19 | 0x22 | 0x23 | 0x02 | 0x2F, _) => WINDOWS_1251,
        (0x1A, 0x0C1A | 0x1C1A) => WINDOWS_1251,
        (0x05 | 0x15 | 0x0E | 0x1B | 0x24 | 0x18 | 0x1C | 0x1A, _) => WINDOWS_1250,
        (0x08, _) => WINDOWS_1253,
        (0x1F, _) => WINDOWS_1254,
        (0x0D, _) => WINDOWS_1255,
        (0x01 | 0x29 | 0x20, _) => WINDOWS_1256,
        (0x25..=0x27, _) => WINDOWS_1257,
        (0x2A, _) => WINDOWS_1258,
        (0x1E, _) => WINDOWS_874,
        _ => return None,
    })
}

fn is_utf16(enc: &'static Encoding) -> bool {
    enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE
}

/// The charset an HTML document declares in its first bytes (`<meta charset=...>` or
/// `content="text/html; charset=..."`).
pub(crate) fn sniff_html_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let pos = lower.windows(8).position(|w| w == b"charset=")? + 8;
    let rest = &head[pos..];
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|&b| {
            !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b':' || b == b'.')
        })
        .unwrap_or(rest.len());
    // A declaration readable as ASCII cannot truthfully say UTF-16.
    Encoding::for_label(&rest[..end]).filter(|e| !is_utf16(e))
}

/// What the transport headers say about the addresses.
#[derive(Default)]
struct Headers {
    from: Option<String>,
    /// (display name, address) pairs.
    to: Vec<(String, String)>,
    cc: Vec<(String, String)>,
    bcc: Vec<(String, String)>,
}

/// Reads From/To/Cc/Bcc from RFC 5322 headers (unfolded; encoded words are left as they are,
/// since only the addresses are used for certain and names only for matching).
fn parse_headers(raw: &str) -> Headers {
    let mut headers = Headers::default();
    for (name, value) in header_fields(raw) {
        match name.as_str() {
            "from" if headers.from.is_none() => {
                headers.from = address_list(&value).into_iter().next().map(|(_, a)| a);
            }
            "to" => headers.to.extend(address_list(&value)),
            "cc" => headers.cc.extend(address_list(&value)),
            "bcc" => headers.bcc.extend(address_list(&value)),
            _ => {}
        }
    }
    headers
}

/// What the transport headers say about the kind of mail (auto reply, bulk, receipt).
pub(crate) fn mail_marks(raw: &str) -> crate::model::MailMarks {
    let fields = header_fields(raw);
    crate::model::MailMarks::from_headers(|name| {
        fields
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    })
}

/// The header block as (lower-case name, unfolded value) pairs, in order.
fn header_fields(raw: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in raw.lines() {
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = fields.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            fields.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    fields
}

/// Splits an address list into (display name, address), skipping entries without an address.
fn address_list(value: &str) -> Vec<(String, String)> {
    let mut parts = Vec::new();
    let (mut current, mut quoted, mut angle) = (String::new(), false, false);
    for c in value.chars() {
        match c {
            '"' => quoted = !quoted,
            '<' if !quoted => angle = true,
            '>' if !quoted => angle = false,
            ',' | ';' if !quoted && !angle => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current);
    parts
        .into_iter()
        .filter_map(|p| {
            let p = p.trim();
            let (name, addr) = match (p.rfind('<'), p.rfind('>')) {
                (Some(l), Some(r)) if l < r => (p[..l].trim(), &p[l + 1..r]),
                _ => ("", p),
            };
            let addr = smtp_address(addr)?;
            let name = name.trim_matches('"').trim().to_string();
            Some((name, addr))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filetime_converts_and_rejects_sentinels() {
        // 2019-10-09T05:55:10Z
        let t = 132_150_741_100_000_000u64;
        assert_eq!(
            filetime(t).map(|d| d.to_rfc3339()),
            Some("2019-10-09T05:55:10+00:00".to_string())
        );
        assert_eq!(filetime(0), None);
        assert_eq!(filetime(0x0CB3_4557_4A9C_0000), None);
        assert!(filetime(u64::MAX).is_none());
    }

    #[test]
    fn smtp_address_rejects_x500() {
        assert_eq!(smtp_address("SMTP:a@b.se").as_deref(), Some("a@b.se"));
        assert_eq!(
            smtp_address("/O=EXCHANGELABS/OU=EXCHANGE/CN=RECIPIENTS/CN=X"),
            None
        );
        assert_eq!(smtp_address("Anna Ek"), None);
    }

    #[test]
    fn header_addresses() {
        let h = parse_headers(
            "From: \"Ek, Anna\" <anna@example.org>\r\nTo: Bo <bo@example.org>,\r\n c@example.org\r\n\r\nbody",
        );
        assert_eq!(h.from.as_deref(), Some("anna@example.org"));
        assert_eq!(
            h.to,
            vec![
                ("Bo".to_string(), "bo@example.org".to_string()),
                (String::new(), "c@example.org".to_string())
            ]
        );
    }
}
