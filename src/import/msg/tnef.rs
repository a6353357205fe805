//! Reader for TNEF (MS-OXTNEF: `winmail.dat`, `application/ms-tnef`), the form in which
//! Outlook sends a rich-text message to a recipient outside Exchange: the files the sender
//! attached travel inside it, and a mail program that does not read it shows one attachment,
//! `winmail.dat`, that nobody can open. inkom kept it as such, so its printout named one
//! unreadable file and the sender's files were not on paper.
//!
//! TNEF is another serialisation of the same MAPI message an Outlook `.msg` holds, so it is read
//! into a [`MsgMessage`]: the Outlook import's rendering of an attached message (its headers,
//! text and files, its RTF body's words, pictures and objects) then serves it unchanged. Read:
//! the subject, message class, plain and HTML body, the compressed RTF body, the sender, the
//! times; each attachment's long name, MIME type and bytes, an attached message (a TNEF stream
//! of its own, read recursively) and an OLE object (a compound file).
//!
//! Why our own reader: the one crate (`tnef` 0.1.1) drops an attachment that lacks any of six
//! attributes without a word, and reads no MAPI properties (no long file names, no body). The
//! input is hostile: every length is checked against what is left, counts are bounded, nothing
//! panics. A checksum that does not match is not a reason to lose the data; mail programs that
//! read TNEF do not check it either.

use chrono::{DateTime, Utc};
use encoding_rs::Encoding;

use super::{
    ATTACH_EMBEDDED_MSG, ATTACH_OLE, MAX_EMBEDDING_DEPTH, MAX_OBJECTS, MsgAttachment,
    MsgAttachmentContent, MsgError, MsgMessage, MsgRecipient, PR_ATTACH_DATA, PR_ATTACH_FILENAME,
    PR_ATTACH_LONG_FILENAME, PR_ATTACH_METHOD, PR_ATTACH_MIME_TAG, PR_BODY, PR_CLIENT_SUBMIT_TIME,
    PR_DISPLAY_NAME, PR_HTML, PR_INTERNET_CPID, PR_MESSAGE_CLASS, PR_MESSAGE_CODEPAGE,
    PR_MESSAGE_DELIVERY_TIME, PR_RTF_COMPRESSED, PR_SENDER_EMAIL_ADDRESS, PR_SENDER_NAME,
    PR_SENDER_SMTP_ADDRESS, PR_SUBJECT, codepage_encoding, decode_8bit, decode_utf16le, filetime,
    non_empty, ole_object, rtf_body, smtp_address, string8_encoding,
};

/// The first four bytes of a TNEF stream (MS-OXTNEF 2.1.3.1), little-endian.
const SIGNATURE: [u8; 4] = [0x78, 0x9F, 0x3E, 0x22];

/// Attribute levels.
const LEVEL_MESSAGE: u8 = 1;
const LEVEL_ATTACHMENT: u8 = 2;

/// Attribute ids (the low word of the attribute tag; MS-OXTNEF 2.1.3.3).
const ATT_SUBJECT: u16 = 0x8004;
const ATT_MESSAGE_CLASS: u16 = 0x8008;
const ATT_BODY: u16 = 0x800C;
const ATT_ATTACH_DATA: u16 = 0x800F;
const ATT_ATTACH_TITLE: u16 = 0x8010;
const ATT_ATTACH_REND_DATA: u16 = 0x9002;
const ATT_MAPI_PROPS: u16 = 0x9003;
const ATT_ATTACHMENT: u16 = 0x9005;
const ATT_OEM_CODEPAGE: u16 = 0x9007;

/// The interface id before an object property's data (16 bytes).
const IID_LEN: usize = 16;

/// Whether `bytes` begin as a TNEF stream does.
pub fn is_tnef(bytes: &[u8]) -> bool {
    bytes.starts_with(&SIGNATURE)
}

/// Reads a whole TNEF stream as the message it carries.
pub fn parse_tnef(bytes: &[u8]) -> Result<MsgMessage, MsgError> {
    message(bytes, 0)
}

/// Where a TNEF stream breaks off: the offset of the first attribute that does not fit in
/// what is left, or `None` when the stream ends after a whole attribute. The reader takes the
/// attributes before a break and goes on; a `winmail.dat` imported on its own is a file the
/// caseworker should hear is cut short (issue 15: nothing silently lost).
pub fn tnef_cut_at(bytes: &[u8]) -> Option<usize> {
    attributes(bytes).ok().and_then(|(_, cut)| cut)
}

/// One attribute: its level, id and data.
struct Attribute<'a> {
    level: u8,
    id: u16,
    data: &'a [u8],
}

/// The attributes of a TNEF stream, in order, and the offset where it breaks off if it does.
/// A stream cut short ends with the last whole attribute; one that does not begin with the
/// signature is no TNEF.
fn attributes(bytes: &[u8]) -> Result<(Vec<Attribute<'_>>, Option<usize>), MsgError> {
    if !is_tnef(bytes) {
        return Err(MsgError::NotMsg);
    }
    let mut at = 6; // signature and legacy key
    let mut found = Vec::new();
    while let Some(&level) = bytes.get(at) {
        let (Some(tag), Some(len)) = (u32_at(bytes, at + 1), u32_at(bytes, at + 5)) else {
            return Ok((found, Some(at)));
        };
        let start = at + 9;
        let Some(data) = usize::try_from(len)
            .ok()
            .and_then(|len| bytes.get(start..start.checked_add(len)?))
        else {
            return Ok((found, Some(at)));
        };
        if found.len() >= MAX_OBJECTS {
            return Err(MsgError::TooManyObjects { limit: MAX_OBJECTS });
        }
        found.push(Attribute {
            level,
            // The low word is the id, the high word its type.
            id: (tag & 0xFFFF) as u16,
            data,
        });
        at = start + data.len() + 2; // the checksum
    }
    // A checksum cut off after the last attribute's data loses nothing.
    Ok((found, None))
}

/// One MAPI property of a property list: its id, type and values (fixed-size values as their
/// bytes, variable ones as their data).
struct Prop<'a> {
    id: u16,
    ty: u16,
    values: Vec<&'a [u8]>,
}

/// The size of a fixed-size MAPI type as TNEF writes it (before padding to 4 bytes); `None`
/// for a variable-size type.
fn fixed_size(ty: u16) -> Option<usize> {
    Some(match ty {
        0x0001 | 0x0003 | 0x0004 | 0x000A => 4,
        0x0002 | 0x000B => 2,
        0x0005..=0x0007 | 0x0014 | 0x0040 => 8,
        0x0048 => 16,
        _ => return None,
    })
}

/// Whether a MAPI type is one of variable size that TNEF writes with a count and lengths.
fn is_variable(ty: u16) -> bool {
    matches!(ty, 0x000D | 0x001E | 0x001F | 0x0102)
}

/// A property list (MS-OXTNEF 2.1.3.5): a count, then each property's tag, for a named one its
/// name, and its values. Reading stops at the first property it cannot read; those before it
/// are kept.
fn props(data: &[u8]) -> Vec<Prop<'_>> {
    let mut out = Vec::new();
    let Some(count) = u32_at(data, 0) else {
        return out;
    };
    let mut at = 4;
    for _ in 0..count.min(MAX_OBJECTS as u32) {
        match prop(data, &mut at) {
            Some(p) => out.push(p),
            None => break,
        }
    }
    out
}

fn prop<'a>(data: &'a [u8], at: &mut usize) -> Option<Prop<'a>> {
    let tag = u32_at(data, *at)?;
    *at += 4;
    let (ty, id) = ((tag & 0xFFFF) as u16, (tag >> 16) as u16);
    if id >= 0x8000 {
        // A named property: its set's GUID, then a number or a name.
        *at = at.checked_add(16)?;
        let kind = u32_at(data, *at)?;
        *at += 4;
        if kind == 0 {
            *at += 4;
        } else {
            let len = usize::try_from(u32_at(data, *at)?).ok()?;
            *at = padded(at.checked_add(4)?, len)?;
        }
    }
    let multi = ty & 0x1000 != 0;
    let base = ty & 0x0FFF;
    let n = if multi || is_variable(base) {
        let n = u32_at(data, *at)?;
        *at += 4;
        n
    } else {
        1
    };
    let mut values = Vec::new();
    for _ in 0..n.min(MAX_OBJECTS as u32) {
        let len = match fixed_size(base) {
            Some(size) => size,
            None if is_variable(base) => {
                let len = usize::try_from(u32_at(data, *at)?).ok()?;
                *at += 4;
                len
            }
            None => return None,
        };
        values.push(data.get(*at..at.checked_add(len)?)?);
        // A writer that leaves out the padding after the last value loses nothing by it.
        *at = padded(*at, len)?.min(data.len());
    }
    Some(Prop {
        id,
        ty: base,
        values,
    })
}

/// `at + len`, rounded up to a multiple of 4 as TNEF pads values.
fn padded(at: usize, len: usize) -> Option<usize> {
    at.checked_add(len)?.checked_add(3).map(|end| end & !3)
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    let b = data.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// The properties of one object (the message, or an attachment), looked up by id.
#[derive(Default)]
struct PropSet<'a> {
    props: Vec<Prop<'a>>,
}

impl<'a> PropSet<'a> {
    fn first(&self, id: u16) -> Option<&Prop<'a>> {
        self.props.iter().find(|p| p.id == id)
    }

    fn bytes(&self, id: u16) -> Option<&'a [u8]> {
        self.first(id).and_then(|p| p.values.first().copied())
    }

    fn long(&self, id: u16) -> Option<u32> {
        self.first(id)
            .filter(|p| p.ty == 0x0003)
            .and_then(|p| u32_at(p.values.first()?, 0))
    }

    fn time(&self, id: u16) -> Option<DateTime<Utc>> {
        let p = self.first(id).filter(|p| p.ty == 0x0040)?;
        let v = p.values.first()?;
        let ticks = u64::from(u32_at(v, 0)?) | u64::from(u32_at(v, 4)?) << 32;
        filetime(ticks)
    }

    /// A string property, 8-bit ones in `enc`; trailing NULs dropped, empty as `None`.
    fn string(&self, id: u16, enc: &'static Encoding) -> Option<String> {
        let p = self.first(id)?;
        let v = p.values.first()?;
        let text = match p.ty {
            0x001F => decode_utf16le(v),
            0x001E => decode_8bit(v, enc),
            _ => return None,
        };
        non_empty(text.trim_end_matches('\0').to_string())
    }
}

/// The message a TNEF stream carries, `depth` levels inside another.
fn message(bytes: &[u8], depth: usize) -> Result<MsgMessage, MsgError> {
    let (attrs, _) = attributes(bytes)?;
    let oem = attrs
        .iter()
        .find(|a| a.level == LEVEL_MESSAGE && a.id == ATT_OEM_CODEPAGE)
        .and_then(|a| u32_at(a.data, 0))
        .and_then(codepage_encoding)
        .unwrap_or(encoding_rs::WINDOWS_1252);
    let mut mapi = PropSet::default();
    let mut legacy_subject = None;
    let mut legacy_class = None;
    let mut legacy_body = None;
    // Each attachment's attributes, from its rendering data to the next one's.
    let mut groups: Vec<Vec<&Attribute<'_>>> = Vec::new();
    for a in &attrs {
        match (a.level, a.id) {
            (LEVEL_MESSAGE, ATT_MAPI_PROPS) => mapi.props.extend(props(a.data)),
            (LEVEL_MESSAGE, ATT_SUBJECT) => legacy_subject = Some(a.data),
            (LEVEL_MESSAGE, ATT_MESSAGE_CLASS) => legacy_class = Some(a.data),
            (LEVEL_MESSAGE, ATT_BODY) => legacy_body = Some(a.data),
            (LEVEL_ATTACHMENT, ATT_ATTACH_REND_DATA) => groups.push(vec![a]),
            // An attachment attribute before any rendering data still belongs to a file.
            (LEVEL_ATTACHMENT, _) => match groups.last_mut() {
                Some(group) => group.push(a),
                None => groups.push(vec![a]),
            },
            _ => {}
        }
    }
    let enc = [PR_MESSAGE_CODEPAGE, PR_INTERNET_CPID]
        .into_iter()
        .find_map(|id| mapi.long(id).and_then(string8_encoding))
        .unwrap_or(oem);
    let legacy = |data: Option<&[u8]>| {
        data.map(|d| d.split(|&b| b == 0).next().unwrap_or_default())
            .and_then(|d| non_empty(decode_8bit(d, oem)))
    };

    let mut body_text = mapi.string(PR_BODY, enc).or_else(|| legacy(legacy_body));
    let mut body_html = mapi.first(PR_HTML).and_then(|p| {
        let v = p.values.first()?;
        non_empty(match p.ty {
            0x001F => decode_utf16le(v),
            _ if std::str::from_utf8(v).is_ok() => String::from_utf8_lossy(v).into_owned(),
            _ => decode_8bit(v, enc),
        })
    });
    let body_rtf = match (&body_html, mapi.bytes(PR_RTF_COMPRESSED)) {
        (None, Some(compressed)) => rtf_body(compressed, &mut body_text, &mut body_html),
        _ => None,
    };

    let mut attachments = Vec::new();
    for group in &groups {
        attachments.push(attachment(group, depth, oem));
    }
    let sender_email = [PR_SENDER_SMTP_ADDRESS, PR_SENDER_EMAIL_ADDRESS]
        .into_iter()
        .find_map(|id| mapi.string(id, enc).as_deref().and_then(smtp_address));
    Ok(MsgMessage {
        subject: mapi
            .string(PR_SUBJECT, enc)
            .or_else(|| legacy(legacy_subject)),
        sender_name: mapi.string(PR_SENDER_NAME, enc),
        sender_email,
        to: Vec::<MsgRecipient>::new(),
        sent: mapi.time(PR_CLIENT_SUBMIT_TIME),
        received: mapi.time(PR_MESSAGE_DELIVERY_TIME),
        body_text,
        body_html,
        body_rtf,
        message_class: mapi
            .string(PR_MESSAGE_CLASS, enc)
            .or_else(|| legacy(legacy_class)),
        attachments,
        ..MsgMessage::default()
    })
}

/// One attachment from its attributes: the bytes of its data attribute, or of its MAPI data
/// property; an attached message (a TNEF stream after an interface id) read as a message, an
/// OLE object (a compound file) as the file it holds.
fn attachment(attrs: &[&Attribute<'_>], depth: usize, oem: &'static Encoding) -> MsgAttachment {
    let find = |id: u16| attrs.iter().find(|a| a.id == id).map(|a| a.data);
    let mut mapi = PropSet::default();
    if let Some(data) = find(ATT_ATTACHMENT) {
        mapi.props = props(data);
    }
    let title = find(ATT_ATTACH_TITLE)
        .map(|d| d.split(|&b| b == 0).next().unwrap_or_default())
        .and_then(|d| non_empty(decode_8bit(d, oem)));
    let file_name = [PR_ATTACH_LONG_FILENAME, PR_ATTACH_FILENAME, PR_DISPLAY_NAME]
        .into_iter()
        .find_map(|id| mapi.string(id, oem))
        .or(title);
    let mime = mapi.string(PR_ATTACH_MIME_TAG, oem);
    let method = mapi.long(PR_ATTACH_METHOD).map(|m| m as i32);
    let data_prop = mapi.first(PR_ATTACH_DATA);
    let object = data_prop
        .filter(|p| p.ty == 0x000D)
        .and_then(|p| p.values.first()?.get(IID_LEN..));
    let content = match (method, object) {
        (Some(ATTACH_EMBEDDED_MSG), Some(inner)) if is_tnef(inner) => {
            if depth + 1 > MAX_EMBEDDING_DEPTH {
                MsgAttachmentContent::Bytes(inner.to_vec())
            } else {
                // One that does not read is kept as it came.
                match message(inner, depth + 1) {
                    Ok(m) => MsgAttachmentContent::Message(Box::new(m)),
                    Err(_) => MsgAttachmentContent::Bytes(inner.to_vec()),
                }
            }
        }
        (Some(ATTACH_OLE), Some(storage)) => {
            MsgAttachmentContent::Object(ole_object::from_compound(storage.to_vec()))
        }
        (_, Some(other)) => MsgAttachmentContent::Bytes(other.to_vec()),
        (_, None) => match find(ATT_ATTACH_DATA).or_else(|| data_prop?.values.first().copied()) {
            Some(bytes) => MsgAttachmentContent::Bytes(bytes.to_vec()),
            None => MsgAttachmentContent::Other,
        },
    };
    MsgAttachment {
        file_name,
        mime,
        content,
    }
}
