//! SMS Backup & Restore XML (Android app by SyncTech): `<smses>` holding `<sms>` and `<mms>`.
//!
//! The file is streamed with quick-xml; only one message is in memory at a time, so a phone's
//! whole history can be imported. Three things quick-xml does not do for us are done here:
//! - It does not notice a truncated file (it returns the elements before the cut and then a
//!   clean end). The root `<smses>` must be seen and closed, else the file is refused as
//!   truncated — otherwise an interrupted copy would silently register half a conversation.
//!   With salvage ([`super::ParseOptions`]) the messages before the cut are kept and an `<mms>`
//!   the cut went through is skipped with a note.
//! - Attribute values are unescaped here, not by quick-xml: older app versions wrote emoji as
//!   UTF-16 surrogate pairs (`&#55357;&#56898;`), which XML forbids and strict unescaping
//!   rejects; pairing them recovers the emoji the sender typed.
//! - DTD entities are never expanded: a DOCTYPE is refused outright, and any `&name;` other than
//!   the five XML entities is an error.

use std::collections::HashMap;
use std::io::BufReader;

use chrono::{DateTime, FixedOffset};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::common::{
    Notes, extension_for_mime, new_item, sanitize_file_name, stockholm_from_epoch, undecoded_note,
};
use super::{FileCtx, ImportError, OtherFormat, XmlProblem};
use crate::model::{Attachment, Channel, Direction, NewItem, thread_key};

/// The placeholder Android writes for the phone's own number in sent MMS.
const OWN_NUMBER_TOKEN: &str = "insert-address-token";

/// PDU header codes used in `<addr type="…">`.
const ADDR_FROM: u32 = 137;
const ADDR_TO: u32 = 151;
const ADDR_CC: u32 = 130;
const ADDR_BCC: u32 = 129;

/// Where the root element is.
#[derive(PartialEq, Eq)]
enum Root {
    NotSeen,
    Open,
    Closed,
}

/// An `<mms>` being collected until its end tag.
struct Mms {
    index: usize,
    /// When the phone received (or sent) it: the date received of an incoming message.
    date: Option<String>,
    /// When the sender's phone sent it, as the network reported (0 or absent when unknown).
    date_sent: Option<String>,
    msg_box: Option<String>,
    address: Option<String>,
    contact: Option<String>,
    subject: Option<String>,
    parts: Vec<Part>,
    addrs: Vec<(String, u32)>,
}

struct Part {
    content_type: String,
    /// `chset`: the IANA MIBenum of a text part's charset, as Android stores it.
    charset: Option<String>,
    name: Option<String>,
    text: Option<String>,
    data: Option<String>,
}

/// How many different unknown element names are named (a hostile file could have thousands).
const MAX_UNKNOWN_NAMES: usize = 8;

/// An element's name as the note quotes it: at most 40 characters, letters, digits and `_-:.`.
fn sanitize_element_name(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ':' | '.'))
        .take(40)
        .collect()
}

struct Parser<'c, 'a, 'f> {
    ctx: &'c FileCtx<'a>,
    on_item: &'f mut dyn FnMut(NewItem) -> Result<(), ImportError>,
    skipped: Notes,
    sms_count: usize,
    mms_count: usize,
    mms: Option<Mms>,
    /// Elements beside `sms` and `mms` (what another app's "compatible" export or a newer
    /// version might add), by name, with how many: not read, and said so.
    unknown: std::collections::BTreeMap<String, usize>,
    /// Unknown elements beyond the [`MAX_UNKNOWN_NAMES`] named: counted only.
    unknown_unnamed: usize,
}

/// Streams the file and emits one item per delivered SMS and MMS. Returns the notes on what was
/// skipped (drafts, failed sends, empty messages).
pub(crate) fn parse(
    ctx: &FileCtx<'_>,
    on_item: &mut dyn FnMut(NewItem) -> Result<(), ImportError>,
) -> Result<Notes, ImportError> {
    let hashed = ctx.open_hashed()?;
    let mut reader = Reader::from_reader(BufReader::with_capacity(64 * 1024, hashed));
    let mut p = Parser {
        ctx,
        on_item,
        skipped: Notes::default(),
        sms_count: 0,
        mms_count: 0,
        mms: None,
        unknown: std::collections::BTreeMap::new(),
        unknown_unnamed: 0,
    };
    let mut buf = Vec::new();
    let mut depth = 0usize;
    let mut root = Root::NotSeen;
    let mut declared_count: Option<usize> = None;

    while root != Root::Closed {
        buf.clear();
        let start = reader.buffer_position();
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(e) => match p.quick_xml_error(e, reader.error_position()) {
                ImportError::Truncated { .. } if ctx.salvage => break,
                e => return Err(e),
            },
        };
        let is_start = matches!(event, Event::Start(_));
        match event {
            Event::DocType(_) => return Err(p.xml(start, XmlProblem::Doctype)),
            Event::Start(e) | Event::Empty(e) if depth == 0 => {
                if e.name().0 != "smses" {
                    return Err(ctx.unsupported(Some(OtherFormat::OtherXml)));
                }
                let [count] = p.attrs(&e, start, ["count"])?;
                declared_count = count.and_then(|c| c.trim().parse().ok());
                if is_start {
                    root = Root::Open;
                    depth = 1;
                } else {
                    root = Root::Closed;
                }
            }
            Event::Start(e) => {
                p.element(&e, depth, start, false)?;
                depth += 1;
            }
            Event::Empty(e) => p.element(&e, depth, start, true)?,
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    root = Root::Closed;
                } else if depth == 1 && e.name().0 == "mms" {
                    p.finish_mms()?;
                }
            }
            Event::Eof => break,
            // Text between elements, comments, processing instructions, the XML declaration
            // and entity references in text carry nothing we import. References in text are
            // not resolved, so no DTD entity is ever expanded.
            _ => {}
        }
    }
    if root != Root::Closed {
        if !ctx.salvage {
            let position = reader.buffer_position();
            return Err(ImportError::Truncated {
                path: ctx.path.to_path_buf(),
                position,
                line: ctx.line_of(position),
            });
        }
        // Salvage: the messages before the cut were handed on; an MMS the cut went through
        // is incomplete and left out.
        if let Some(mms) = p.mms.take() {
            p.skipped.skip(format!(
                "mms {}: ofullständigt, filen tar slut mitt i det, hoppades över",
                mms.index
            ));
        }
    }
    ctx.verify(reader.into_inner().into_inner())?;

    let found = p.sms_count + p.mms_count;
    let mut skipped = p.skipped;
    for (name, n) in &p.unknown {
        skipped.push(format!(
            "{n} element <{name}> i filen är varken sms eller mms och lästes inte; öppna filen \
             i appen den kom från om de kan innehålla meddelanden"
        ));
    }
    if p.unknown_unnamed > 0 {
        skipped.push(format!(
            "ytterligare {} element av andra sorter lästes inte",
            p.unknown_unnamed
        ));
    }
    if let Some(declared) = declared_count
        && declared != found
    {
        skipped.push(format!(
            "filen anger {declared} meddelanden men innehåller {found}; kontrollera att hela \
             säkerhetskopian kom med"
        ));
    }
    Ok(skipped)
}

impl Parser<'_, '_, '_> {
    fn xml(&self, position: u64, reason: XmlProblem) -> ImportError {
        ImportError::Xml {
            path: self.ctx.path.to_path_buf(),
            position,
            line: self.ctx.line_of(position),
            reason,
        }
    }

    /// Maps a quick-xml error to ours. quick-xml's own messages can quote names and entity text
    /// from the file, so only the kind is kept.
    fn quick_xml_error(&self, e: quick_xml::Error, position: u64) -> ImportError {
        use quick_xml::errors::{IllFormedError, SyntaxError};
        let reason = match e {
            quick_xml::Error::Io(io) => {
                return self
                    .ctx
                    .io_err(std::io::Error::new(io.kind(), io.to_string()));
            }
            quick_xml::Error::Syntax(SyntaxError::InvalidBangMarkup) => XmlProblem::Syntax,
            // Every other syntax error is "the input ended inside a tag, comment, …".
            quick_xml::Error::Syntax(_)
            | quick_xml::Error::IllFormed(IllFormedError::MissingEndTag(_)) => {
                return ImportError::Truncated {
                    path: self.ctx.path.to_path_buf(),
                    position,
                    line: self.ctx.line_of(position),
                };
            }
            quick_xml::Error::IllFormed(
                IllFormedError::MismatchedEndTag { .. } | IllFormedError::UnmatchedEndTag(_),
            ) => XmlProblem::MismatchedEndTag,
            quick_xml::Error::IllFormed(IllFormedError::UnclosedReference) => {
                XmlProblem::BadReference
            }
            quick_xml::Error::IllFormed(_) | quick_xml::Error::Namespace(_) => XmlProblem::Syntax,
            quick_xml::Error::InvalidAttr(_) => XmlProblem::BadAttribute,
            quick_xml::Error::Encoding(_) => XmlProblem::Encoding,
            quick_xml::Error::Escape(_) => XmlProblem::BadReference,
        };
        self.xml(position, reason)
    }

    /// The unescaped values of the attributes named in `wanted`, in that order.
    fn attrs<const N: usize>(
        &self,
        e: &BytesStart<'_>,
        position: u64,
        wanted: [&str; N],
    ) -> Result<[Option<String>; N], ImportError> {
        let mut out: [Option<String>; N] = std::array::from_fn(|_| None);
        for attr in e.attributes() {
            let attr = attr.map_err(|_| self.xml(position, XmlProblem::BadAttribute))?;
            if let Some(i) = wanted.iter().position(|w| *w == attr.key.0) {
                out[i] = Some(unescape(&attr.value).map_err(|p| self.xml(position, p))?);
            }
        }
        Ok(out)
    }

    /// A start or empty element below the root.
    fn element(
        &mut self,
        e: &BytesStart<'_>,
        depth: usize,
        position: u64,
        empty: bool,
    ) -> Result<(), ImportError> {
        let name = e.name().0;
        if depth == 1 {
            match name {
                "sms" => {
                    self.sms_count += 1;
                    let attrs = self.attrs(
                        e,
                        position,
                        [
                            "address",
                            "date",
                            "type",
                            "body",
                            "contact_name",
                            "date_sent",
                        ],
                    )?;
                    self.sms(attrs)?;
                }
                "mms" => {
                    self.mms_count += 1;
                    let [date, msg_box, address, contact, subject, date_sent] = self.attrs(
                        e,
                        position,
                        [
                            "date",
                            "msg_box",
                            "address",
                            "contact_name",
                            "sub",
                            "date_sent",
                        ],
                    )?;
                    self.mms = Some(Mms {
                        index: self.mms_count,
                        date,
                        date_sent,
                        msg_box,
                        address,
                        contact,
                        subject,
                        parts: Vec::new(),
                        addrs: Vec::new(),
                    });
                    if empty {
                        self.finish_mms()?;
                    }
                }
                other => {
                    let name = sanitize_element_name(other);
                    if let Some(n) = self.unknown.get_mut(&name) {
                        *n += 1;
                    } else if self.unknown.len() < MAX_UNKNOWN_NAMES {
                        self.unknown.insert(name, 1);
                    } else {
                        self.unknown_unnamed += 1;
                    }
                }
            }
            return Ok(());
        }
        if self.mms.is_none() {
            return Ok(());
        }
        match name {
            "part" => {
                let [ct, charset, name, file_name, location, text, data] = self.attrs(
                    e,
                    position,
                    ["ct", "chset", "name", "fn", "cl", "text", "data"],
                )?;
                let name = [name, file_name, location]
                    .into_iter()
                    .flatten()
                    .find(|n| present(n));
                let part = Part {
                    content_type: ct.unwrap_or_default().trim().to_ascii_lowercase(),
                    charset,
                    name,
                    text,
                    data,
                };
                if let Some(mms) = self.mms.as_mut() {
                    mms.parts.push(part);
                }
            }
            "addr" => {
                let [address, kind] = self.attrs(e, position, ["address", "type"])?;
                let kind = kind.and_then(|k| k.trim().parse().ok()).unwrap_or(0);
                if let (Some(mms), Some(address)) = (self.mms.as_mut(), address) {
                    // An address as the MMS header wrote it, "+46701740671/TYPE=PLMN", is
                    // the number.
                    let number = crate::model::without_mms_type(address.trim());
                    mms.addrs.push((number.to_string(), kind));
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// One `<sms>`. Android's `date` is when the phone received it (for a sent message, when
    /// it was sent): that is the date received (guard rail 4). `date_sent`, when the sender's
    /// phone sent it, is kept beside it.
    fn sms(&mut self, attrs: [Option<String>; 6]) -> Result<(), ImportError> {
        let [address, date, kind, body, contact, date_sent] = attrs;
        let n = self.sms_count;
        let direction = match kind.as_deref().map(str::trim) {
            Some("1") => Direction::In,
            Some("2") => Direction::Out,
            other => {
                let why = not_delivered(other);
                self.skipped.skip(format!("sms {n}: {why}, hoppades över"));
                return Ok(());
            }
        };
        let Some(received_at) = parse_date(date.as_deref()) else {
            self.skipped
                .skip(format!("sms {n}: saknar giltigt datum, hoppades över"));
            return Ok(());
        };
        let body = body.unwrap_or_default();
        if body.is_empty() {
            self.skipped
                .skip(format!("sms {n}: tomt meddelande, hoppades över"));
            return Ok(());
        }
        let address = address.filter(|a| present(a)).unwrap_or_default();
        let contact = contact.filter(|c| is_real_contact(c));
        let (sender, recipients) = match direction {
            Direction::In => (with_contact(address.trim(), contact.as_deref()), Vec::new()),
            Direction::Out => {
                let parts: Vec<&str> = address
                    .split('~')
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .collect();
                let names = contact_names(&parts, contact.as_deref());
                let recipients = parts
                    .iter()
                    .map(|a| with_contact(a, names.get(*a).copied().flatten()))
                    .collect();
                (String::new(), recipients)
            }
        };
        let source = self.ctx.source(format!("sms {n}"));
        let item = NewItem {
            sender,
            recipients,
            sent_at: parse_date(date_sent.as_deref()),
            body,
            thread: Some(thread_key(address.split('~'))),
            ..new_item(Channel::Sms, direction, received_at, source)
        };
        (self.on_item)(item)
    }

    fn finish_mms(&mut self) -> Result<(), ImportError> {
        let Some(mms) = self.mms.take() else {
            return Ok(());
        };
        let n = mms.index;
        let direction = match mms.msg_box.as_deref().map(str::trim) {
            Some("1") => Direction::In,
            Some("2") => Direction::Out,
            other => {
                let why = not_delivered(other);
                self.skipped.skip(format!("mms {n}: {why}, hoppades över"));
                return Ok(());
            }
        };
        let Some(received_at) = parse_date(mms.date.as_deref()) else {
            self.skipped
                .skip(format!("mms {n}: saknar giltigt datum, hoppades över"));
            return Ok(());
        };

        // Contact names are given for the thread's `address` list, in the same order.
        let thread: Vec<&str> = mms
            .address
            .as_deref()
            .filter(|a| present(a))
            .map(|a| {
                a.split('~')
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let contact = mms.contact.as_deref().filter(|c| present(c));
        let names = contact_names(&thread, contact);
        let show = |addr: &str| with_contact(addr, lookup_name(&names, addr));

        let real = |a: &&(String, u32)| present(&a.0) && a.0 != OWN_NUMBER_TOKEN;
        let of_kind = |kinds: &[u32]| -> Vec<String> {
            mms.addrs
                .iter()
                .filter(real)
                .filter(|a| kinds.contains(&a.1))
                .map(|a| show(&a.0))
                .collect()
        };
        let (sender, recipients) = if mms.addrs.is_empty() {
            // No <addrs>: only the thread is known.
            match (direction, thread.as_slice()) {
                (Direction::In, [one]) => (show(one), Vec::new()),
                (Direction::In, many) => (String::new(), many.iter().map(|a| show(a)).collect()),
                (Direction::Out, many) => (String::new(), many.iter().map(|a| show(a)).collect()),
            }
        } else {
            match direction {
                Direction::In => {
                    let from = of_kind(&[ADDR_FROM]).join(", ");
                    // No From among the <addrs>: a one-person thread's address is the sender.
                    let sender = match thread.as_slice() {
                        [one] if from.is_empty() => show(one),
                        _ => from,
                    };
                    (sender, of_kind(&[ADDR_TO, ADDR_CC]))
                }
                Direction::Out => (String::new(), of_kind(&[ADDR_TO, ADDR_CC, ADDR_BCC])),
            }
        };

        let mut texts = Vec::new();
        let mut attachments = Vec::new();
        // Parts kept as written because their base64 does not decode, and attachments the file
        // names without their content: said on the item too, so that its sheet says so.
        let mut item_notes = Vec::new();
        let place = format!("mms {n}");
        let mut text_parts_kept = 0;
        for part in mms.parts {
            let ct = part
                .content_type
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_string();
            if ct == "application/smil" {
                continue;
            }
            if ct == "text/plain" {
                let text = match (part.text, part.data) {
                    (Some(t), data) if t != "null" || data.is_none() => t,
                    (_, Some(data)) => match decode_base64(&data) {
                        Some(bytes) => mms_text(&bytes, part.charset.as_deref()),
                        None => {
                            text_parts_kept += 1;
                            let name = format!("textdel-{text_parts_kept}.txt");
                            self.skipped.on_item(
                                &mut item_notes,
                                &place,
                                undecoded_note(&format!("en textdel ({name})"), "base64", "filen"),
                            );
                            attachments.push(Attachment::new(
                                name,
                                "text/plain",
                                data.into_bytes(),
                            ));
                            continue;
                        }
                    },
                    (_, None) => continue,
                };
                if !text.is_empty() {
                    texts.push(text);
                }
                continue;
            }
            let index = attachments.len() + 1;
            let fallback = format!("bilaga-{index}{}", extension_for_mime(&ct));
            let name = sanitize_file_name(part.name.as_deref().unwrap_or(&fallback), index);
            let Some(data) = part.data.filter(|d| present(d)) else {
                self.skipped.on_item(
                    &mut item_notes,
                    &place,
                    format!("bilagan {name} saknar innehåll i filen"),
                );
                continue;
            };
            let mime = if ct.is_empty() {
                "application/octet-stream".to_string()
            } else {
                ct
            };
            let bytes = match decode_base64(&data) {
                Some(bytes) => bytes,
                None => {
                    self.skipped.on_item(
                        &mut item_notes,
                        &place,
                        undecoded_note(&format!("bilagan {name}"), "base64", "filen"),
                    );
                    data.into_bytes()
                }
            };
            attachments.push(Attachment::new(name, mime, bytes));
        }
        let body = texts.join("\n");
        let subject = mms.subject.filter(|s| present(s));
        // A subject alone is the message's text; an attachment the file names without its
        // content is still a message that came, and its item says what is missing.
        if body.is_empty() && attachments.is_empty() && subject.is_none() && item_notes.is_empty() {
            self.skipped
                .skip(format!("{place}: tomt meddelande, hoppades över"));
            return Ok(());
        }
        let mut source = self.ctx.source(place);
        source.notes.extend(item_notes);
        let item = NewItem {
            sender,
            recipients,
            sent_at: parse_date(mms.date_sent.as_deref()),
            subject,
            body,
            attachments,
            thread: Some(thread_key(thread.iter().copied())),
            ..new_item(Channel::Sms, direction, received_at, source)
        };
        (self.on_item)(item)
    }
}

/// The text of an MMS text part's bytes in the charset its `chset` names (an IANA MIBenum: 106
/// UTF-8, 4 ISO-8859-1, 2252 windows-1252, …), or UTF-8 when it names none inkom knows: an
/// older phone's Latin-1 text was read as UTF-8 and its å, ä and ö lost.
fn mms_text(bytes: &[u8], chset: Option<&str>) -> String {
    let label = match chset.and_then(|c| c.trim().parse::<u16>().ok()) {
        Some(3) => "us-ascii",
        Some(4) => "iso-8859-1",
        Some(mib @ 5..=12) => ISO_8859[usize::from(mib - 5)],
        Some(17) => "shift_jis",
        Some(18) => "euc-jp",
        Some(36 | 38) => "euc-kr",
        Some(39) => "iso-2022-jp",
        Some(109) => "iso-8859-13",
        Some(111) => "iso-8859-15",
        Some(113) => "gbk",
        Some(114) => "gb18030",
        Some(1013) => "utf-16be",
        Some(1014) => "utf-16le",
        Some(1015) => "utf-16",
        Some(2025) => "gb2312",
        Some(2026) => "big5",
        Some(2084) => "koi8-r",
        Some(mib @ 2250..=2258) => WINDOWS_125X[usize::from(mib - 2250)],
        _ => "utf-8",
    };
    let encoding = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap_or(encoding_rs::UTF_8);
    encoding.decode(bytes).0.into_owned()
}

/// ISO-8859-2 … -9 by MIBenum 5 … 12.
const ISO_8859: [&str; 8] = [
    "iso-8859-2",
    "iso-8859-3",
    "iso-8859-4",
    "iso-8859-5",
    "iso-8859-6",
    "iso-8859-7",
    "iso-8859-8",
    "iso-8859-9",
];

/// windows-1250 … -1258 by MIBenum 2250 … 2258.
const WINDOWS_125X: [&str; 9] = [
    "windows-1250",
    "windows-1251",
    "windows-1252",
    "windows-1253",
    "windows-1254",
    "windows-1255",
    "windows-1256",
    "windows-1257",
    "windows-1258",
];

/// The app writes the string "null" for absent values.
pub(crate) fn present(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty() && s != "null"
}

fn is_real_contact(c: &str) -> bool {
    present(c) && c.trim() != "(Unknown)"
}

fn parse_date(date: Option<&str>) -> Option<DateTime<FixedOffset>> {
    stockholm_from_epoch(date?.trim().parse().ok()?)
}

/// "+46701740605 (Amira Haddad)": the number stays first so it can be searched and compared.
pub(crate) fn with_contact(address: &str, contact: Option<&str>) -> String {
    match contact.filter(|c| is_real_contact(c)) {
        Some(c) if address.is_empty() => c.trim().to_string(),
        Some(c) => format!("{address} ({})", c.trim()),
        None => address.to_string(),
    }
}

/// Pairs the addresses of a thread with `contact_name`, which lists the names in the same
/// order separated by ", ". With one address the whole string is the name (it may itself hold a
/// comma); with a count mismatch no names are used rather than wrong ones.
fn contact_names<'a>(
    addresses: &[&'a str],
    contact: Option<&'a str>,
) -> HashMap<&'a str, Option<&'a str>> {
    let Some(contact) = contact else {
        return HashMap::new();
    };
    if addresses.len() == 1 {
        return HashMap::from([(addresses[0], Some(contact))]);
    }
    let names: Vec<&str> = contact.split(", ").collect();
    if names.len() != addresses.len() {
        return HashMap::new();
    }
    addresses
        .iter()
        .copied()
        .zip(names.into_iter().map(Some))
        .collect()
}

/// The name for an address from an `<addr>`, which may be written in another form than the
/// thread's (`0701740605` vs `+46701740605`): compared on the last nine digits.
fn lookup_name<'a>(names: &HashMap<&str, Option<&'a str>>, address: &str) -> Option<&'a str> {
    if let Some(name) = names.get(address) {
        return *name;
    }
    let key = digit_tail(address)?;
    names
        .iter()
        .find(|(a, _)| digit_tail(a).as_deref() == Some(key.as_str()))
        .and_then(|(_, n)| *n)
}

fn digit_tail(address: &str) -> Option<String> {
    let digits: Vec<char> = address.chars().filter(char::is_ascii_digit).collect();
    (digits.len() >= 7).then(|| digits[digits.len().saturating_sub(9)..].iter().collect())
}

fn decode_base64(data: &str) -> Option<Vec<u8>> {
    let compact: Vec<u8> = data.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    mail_parser::decoders::base64::base64_decode(&compact)
}

/// Unescapes an attribute value: the five XML entities and character references. A UTF-16
/// surrogate pair written as two references (old app versions) becomes the one character it
/// encodes; a lone surrogate becomes U+FFFD. Any other named entity is an error: entities from
/// a DTD are never expanded.
pub(crate) fn unescape(raw: &str) -> Result<String, XmlProblem> {
    if !raw.contains('&') {
        return Ok(raw.to_string());
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let (code, after) = reference(&rest[amp + 1..])?;
        rest = after;
        match code {
            Ref::Char(c) => out.push(c),
            Ref::Code(high @ 0xD800..=0xDBFF) => {
                // Look for the low half right after it.
                let low = rest
                    .strip_prefix('&')
                    .and_then(|r| reference(r).ok())
                    .and_then(|(r, after)| match r {
                        Ref::Code(low @ 0xDC00..=0xDFFF) => Some((low, after)),
                        _ => None,
                    });
                match low {
                    Some((low, after)) => {
                        let c = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                        out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                        rest = after;
                    }
                    None => out.push('\u{FFFD}'),
                }
            }
            Ref::Code(code) => out.push(char::from_u32(code).unwrap_or('\u{FFFD}')),
        }
    }
    out.push_str(rest);
    Ok(out)
}

enum Ref {
    Char(char),
    Code(u32),
}

/// Parses the reference after a `&` up to its `;`; returns it and the text after.
fn reference(s: &str) -> Result<(Ref, &str), XmlProblem> {
    let end = s
        .find(';')
        .filter(|&i| i <= 32)
        .ok_or(XmlProblem::BadReference)?;
    let (name, after) = (&s[..end], &s[end + 1..]);
    let r = match name {
        "lt" => Ref::Char('<'),
        "gt" => Ref::Char('>'),
        "amp" => Ref::Char('&'),
        "apos" => Ref::Char('\''),
        "quot" => Ref::Char('"'),
        _ => {
            let Some(num) = name.strip_prefix('#') else {
                return Err(XmlProblem::UnknownEntity);
            };
            let code = match num.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16),
                None => num.parse::<u32>(),
            };
            Ref::Code(code.map_err(|_| XmlProblem::BadReference)?)
        }
    };
    Ok((r, after))
}

/// Why a message of this box/type (SMS `type`, MMS `msg_box`) was never delivered and is not
/// imported: Android uses the same numbers for both.
fn not_delivered(kind: Option<&str>) -> &'static str {
    match kind {
        Some("3") => "utkast, aldrig skickat",
        Some("4") => "i utkorgen, ej skickat",
        Some("5") => "ej skickat (misslyckat)",
        Some("6") => "i kö, ej skickat",
        _ => "okänd meddelandetyp",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The contact name and the way a number is written are the address book's: an SMS is the
    /// same message without them. What an older inkom stored (names and all) is found by the
    /// written fingerprint, given only when it differs.
    #[test]
    fn an_sms_is_the_same_message_whatever_the_address_book_called_its_sender() {
        assert_eq!(
            crate::model::sms_number("+46701740650 (Sara Lund)"),
            "+46701740650"
        );
        assert_eq!(
            crate::model::sms_number("070-174 06 50 (Sara (mamma))"),
            "+46701740650"
        );
        assert_eq!(crate::model::sms_number("0046701740650"), "+46701740650");
        assert_eq!(crate::model::sms_number("Sara Lund"), "Sara Lund");
        assert_eq!(crate::model::sms_number("Google"), "Google");

        let at = chrono::DateTime::parse_from_rfc3339("2026-12-01T10:00:00+01:00").expect("time");
        let source = crate::model::SourceRef {
            path: "export.xml".to_string(),
            file_sha256: String::new(),
            locator: "sms 1".to_string(),
            notes: Vec::new(),
        };
        let sms = |sender: &str| NewItem {
            sender: sender.to_string(),
            body: "Hej".to_string(),
            ..new_item(Channel::Sms, Direction::In, at, source.clone())
        };
        let plain = sms("+46701740650");
        let named = sms(&with_contact("+46701740650", Some("Sara Lund")));
        let written_otherwise = sms("0701740650");
        assert_eq!(plain.fingerprint(), named.fingerprint());
        assert_eq!(plain.fingerprint(), written_otherwise.fingerprint());
        assert_eq!(plain.written_fingerprint(), None);
        let old = named.written_fingerprint().expect("differs");
        assert_ne!(old, named.fingerprint());
        assert_ne!(Some(old), written_otherwise.written_fingerprint());
        // An e-mail's sender is as written: a name there is part of the message.
        let mail = |sender: &str| NewItem {
            channel: Channel::Email,
            ..sms(sender)
        };
        assert_ne!(
            mail("Sara Lund <sara@example.se>").fingerprint(),
            mail("sara@example.se").fingerprint()
        );
        assert_eq!(
            mail("Sara (jobb) <sara@example.se>").written_fingerprint(),
            None
        );
    }

    /// The items of an export written as `xml`, read as a file.
    fn items_of(xml: &str) -> Vec<NewItem> {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("export.xml");
        std::fs::write(&path, xml).expect("write");
        let mut items = Vec::new();
        crate::import::parse_file(
            &path,
            &crate::import::ImportLimits::default(),
            &mut |item| {
                items.push(item);
                Ok(())
            },
        )
        .expect("parses");
        items
    }

    #[test]
    fn an_mms_text_part_is_read_in_its_charset() {
        use base64::Engine as _;
        let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
        assert_eq!(mms_text(b"\xc5\xe4\xf6 latin1", Some("4")), "Åäö latin1");
        assert_eq!(mms_text(b"\x80 och \x94", Some("2252")), "€ och ”");
        assert_eq!(mms_text("Åäö".as_bytes(), Some("106")), "Åäö");
        assert_eq!(mms_text("Åäö".as_bytes(), None), "Åäö");
        assert_eq!(mms_text("Åäö".as_bytes(), Some("null")), "Åäö");
        assert_eq!(mms_text(b"\xff\xfeH\x00\xe5\x00", Some("1015")), "Hå");
        assert_eq!(mms_text(b"\xc1\xc2", Some("2084")), "аб");

        let xml = format!(
            "<smses count=\"1\"><mms date=\"1764583200000\" msg_box=\"1\" address=\"+46701740660\">\
             <parts><part ct=\"text/plain\" chset=\"4\" text=\"null\" data=\"{}\" /></parts>\
             </mms></smses>",
            b64(b"Hej \xc5sa")
        );
        let bodies: Vec<String> = items_of(&xml).into_iter().map(|i| i.body).collect();
        assert_eq!(bodies, ["Hej Åsa"]);
    }

    /// An incoming MMS whose <addrs> name no sender (no type 137), or name it as the MMS
    /// header writes it ("…/TYPE=PLMN"): the sender is the number, not "okänd".
    #[test]
    fn an_mms_without_a_from_address_is_from_its_thread() {
        let mms = |n: u32, addrs: &str| {
            format!(
                "<mms date=\"17645832{n:02}000\" msg_box=\"1\" address=\"+46701740671\" \
                 contact_name=\"Ali Demir\"><parts><part ct=\"text/plain\" text=\"Hej {n}\" />\
                 </parts><addrs>{addrs}</addrs></mms>"
            )
        };
        let xml = format!(
            "<smses count=\"2\">{}{}</smses>",
            mms(1, "<addr address=\"insert-address-token\" type=\"151\" />"),
            mms(
                2,
                "<addr address=\"+46701740671/TYPE=PLMN\" type=\"137\" />\
                 <addr address=\"insert-address-token\" type=\"151\" />"
            ),
        );
        let senders: Vec<String> = items_of(&xml).into_iter().map(|i| i.sender).collect();
        assert_eq!(
            senders,
            ["+46701740671 (Ali Demir)", "+46701740671 (Ali Demir)"]
        );
    }

    #[test]
    fn unescapes() {
        assert_eq!(
            unescape("a&#10;b &amp; &lt;c&gt; &quot;&apos;").as_deref(),
            Ok("a\nb & <c> \"'")
        );
        assert_eq!(unescape("&#55357;&#56898;!").as_deref(), Ok("🙂!"));
        assert_eq!(unescape("&#xD83D;&#xDE00;&#x1F44D;").as_deref(), Ok("😀👍"));
        assert_eq!(unescape("x&#55357;y").as_deref(), Ok("x\u{FFFD}y"));
        assert_eq!(unescape("&#56898;").as_deref(), Ok("\u{FFFD}"));
        assert_eq!(unescape("&lol9;"), Err(XmlProblem::UnknownEntity));
        assert_eq!(unescape("fish & chips"), Err(XmlProblem::BadReference));
        assert_eq!(unescape("&#zz;"), Err(XmlProblem::BadReference));
    }

    #[test]
    fn contacts() {
        let thread = ["+46701740648", "+46701740659"];
        let names = contact_names(&thread, Some("(Unknown), Maria Lind"));
        assert_eq!(lookup_name(&names, "+46701740659"), Some("Maria Lind"));
        assert_eq!(
            with_contact("+46701740648", lookup_name(&names, "+46701740648")),
            "+46701740648"
        );
        assert_eq!(lookup_name(&names, "0701740659"), Some("Maria Lind"));
        assert_eq!(
            with_contact("0701740605", Some("Amira Haddad")),
            "0701740605 (Amira Haddad)"
        );
        assert_eq!(with_contact("0701740605", Some("null")), "0701740605");
    }
}
