//! One RFC 5322 e-mail message (.eml), parsed with mail-parser.
//!
//! An e-mail is one item: sender, recipients (To and Cc), the Date header with its own offset,
//! subject, the plain-text body (or a text rendering of the HTML body; nothing in the HTML is
//! fetched or run) and every attachment byte for byte under a sanitised name.

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
use mail_parser::{Address, Message, MessageParser, MessagePart, MimeHeaders, PartType};

use super::common::{extension_for_mime, sanitize_file_name};
use super::html_text::html_to_text;
use super::{EmailProblem, FileCtx, ImportError, OtherFormat};
use crate::model::{Attachment, Channel, Direction, NewItem};

/// Parses `bytes` (the whole file) and emits the message.
pub(crate) fn parse(
    ctx: &FileCtx<'_>,
    bytes: &[u8],
    on_item: &mut dyn FnMut(NewItem) -> Result<(), ImportError>,
) -> Result<Vec<String>, ImportError> {
    if is_multi_message_mbox(bytes) {
        // mail-parser would read the later messages as the first one's body.
        return Err(ctx.unsupported(Some(OtherFormat::Mbox)));
    }
    let message = MessageParser::default()
        .parse(bytes)
        .ok_or_else(|| ImportError::Email {
            path: ctx.path.to_path_buf(),
            reason: EmailProblem::Unparseable,
        })?;
    if message.from().is_none() && message.date().is_none() && message.subject().is_none() {
        // Header-like text that is not a message (no From, Date or Subject).
        return Err(ctx.unsupported(None));
    }

    let sender = format_addresses(message.from()).join(", ");
    let recipients: Vec<String> = message
        .all_to()
        .chain(message.all_cc())
        .flat_map(|a| format_addresses(Some(a)))
        .collect();
    let received_at = message
        .date()
        .and_then(to_chrono)
        .or_else(|| {
            message
                .received()
                .and_then(|r| r.date.as_ref())
                .and_then(to_chrono)
        })
        .unwrap_or_else(|| ctx.mtime_stockholm());
    let subject = message.subject().map(str::to_string);
    let body = body_text(&message);

    let mut attachments = Vec::new();
    for (i, part) in message.attachments().enumerate() {
        let index = i + 1;
        let mime = mime_type(part);
        let bytes: Cow<'_, [u8]> = match &part.body {
            PartType::Text(t) | PartType::Html(t) => Cow::Borrowed(t.as_bytes()),
            PartType::Binary(b) | PartType::InlineBinary(b) => Cow::Borrowed(b.as_ref()),
            PartType::Message(m) => Cow::Borrowed(m.raw_message()),
            PartType::Multipart(_) => continue,
        };
        let name = match part.attachment_name().filter(|n| !n.trim().is_empty()) {
            Some(n) => sanitize_file_name(n, index),
            None => {
                let name = match &part.body {
                    PartType::Message(m) => m.subject().map(|s| format!("{s}.eml")),
                    _ => None,
                };
                let fallback = format!("bilaga-{index}{}", extension_for_mime(&mime));
                sanitize_file_name(name.as_deref().unwrap_or(&fallback), index)
            }
        };
        attachments.push(Attachment::new(name, mime, bytes.into_owned()));
    }

    on_item(NewItem {
        channel: Channel::Email,
        direction: Direction::In,
        sender,
        recipients,
        received_at,
        subject,
        body,
        attachments,
        source: ctx.source(""),
        thread: None,
        parts: Vec::new(),
    })?;
    Ok(Vec::new())
}

/// "Name <address>", or the address alone, for every address in a header (groups flattened).
fn format_addresses(address: Option<&Address<'_>>) -> Vec<String> {
    let Some(address) = address else {
        return Vec::new();
    };
    address
        .iter()
        .filter_map(|a| {
            let name = a.name().map(str::trim).filter(|n| !n.is_empty());
            let addr = a.address().map(str::trim).filter(|n| !n.is_empty());
            match (name, addr) {
                (Some(n), Some(a)) if !n.eq_ignore_ascii_case(a) => Some(format!("{n} <{a}>")),
                (_, Some(a)) => Some(a.to_string()),
                (Some(n), None) => Some(n.to_string()),
                (None, None) => None,
            }
        })
        .collect()
}

/// The message's text: its text/plain parts, or the HTML parts rendered as text when it has
/// none. Line ends are normalised to `\n` (CRLF is the transport's, not the writer's). A message
/// with only attachments has an empty body.
fn body_text(message: &Message<'_>) -> String {
    let mut texts: Vec<String> = message
        .text_bodies()
        .filter_map(|p| match &p.body {
            PartType::Text(t) => Some(t.to_string()),
            PartType::Html(h) => Some(html_to_text(h)),
            _ => None,
        })
        .collect();
    if texts.is_empty() {
        texts = message
            .html_bodies()
            .filter_map(|p| match &p.body {
                PartType::Html(h) => Some(html_to_text(h)),
                PartType::Text(t) => Some(t.to_string()),
                _ => None,
            })
            .collect();
    }
    texts.join("\n").replace("\r\n", "\n")
}

fn mime_type(part: &MessagePart<'_>) -> String {
    match part.content_type() {
        Some(ct) => match &ct.c_subtype {
            Some(sub) => format!("{}/{}", ct.c_type, sub).to_ascii_lowercase(),
            None => ct.c_type.to_ascii_lowercase(),
        },
        None => match part.body {
            PartType::Message(_) => "message/rfc822".to_string(),
            PartType::Text(_) => "text/plain".to_string(),
            PartType::Html(_) => "text/html".to_string(),
            _ => "application/octet-stream".to_string(),
        },
    }
}

/// A header date with the offset it was written with.
fn to_chrono(d: &mail_parser::DateTime) -> Option<DateTime<FixedOffset>> {
    let sign = if d.tz_before_gmt { -1 } else { 1 };
    let offset =
        FixedOffset::east_opt(sign * (i32::from(d.tz_hour) * 3600 + i32::from(d.tz_minute) * 60))?;
    let naive = NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))?
        .and_hms_opt(u32::from(d.hour), u32::from(d.minute), u32::from(d.second))?;
    offset.from_local_datetime(&naive).single()
}

/// True for an mbox holding more than one message: a `From ` line at the start and another
/// after an empty line.
fn is_multi_message_mbox(bytes: &[u8]) -> bool {
    if !bytes.starts_with(b"From ") {
        return false;
    }
    bytes.windows(7).any(|w| w == b"\n\nFrom ") || bytes.windows(9).any(|w| w == b"\r\n\r\nFrom ")
}
