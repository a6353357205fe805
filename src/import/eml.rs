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
use super::{EmailProblem, FileCtx, ImportError};
use crate::model::{Attachment, Channel, Direction, NewItem};

/// Parses `bytes` (the whole file) and emits the message.
pub(crate) fn parse(
    ctx: &FileCtx<'_>,
    bytes: &[u8],
    on_item: &mut dyn FnMut(NewItem) -> Result<(), ImportError>,
) -> Result<Vec<String>, ImportError> {
    let unparseable = || ImportError::Email {
        path: ctx.path.to_path_buf(),
        reason: EmailProblem::Unparseable,
    };
    match message_item(ctx, bytes, "") {
        Parsed::Item(item) => on_item(*item)?,
        Parsed::Unparseable => return Err(unparseable()),
        // Header-like text that is not a message (no From, Date or Subject).
        Parsed::NotAMessage => return Err(ctx.unsupported(None)),
    }
    Ok(Vec::new())
}

/// What one message's bytes gave.
pub(crate) enum Parsed {
    /// A message.
    Item(Box<NewItem>),
    /// The MIME parser gave up.
    Unparseable,
    /// Parsed, but with no From, Date or Subject: not a message.
    NotAMessage,
}

/// Builds the item for one RFC 5322 message found at `locator` in the file.
pub(crate) fn message_item(ctx: &FileCtx<'_>, bytes: &[u8], locator: &str) -> Parsed {
    let Some(message) = MessageParser::default().parse(bytes) else {
        return Parsed::Unparseable;
    };
    if message.from().is_none() && message.date().is_none() && message.subject().is_none() {
        return Parsed::NotAMessage;
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

    Parsed::Item(Box::new(NewItem {
        channel: Channel::Email,
        direction: Direction::In,
        sender,
        recipients,
        received_at,
        subject,
        body,
        attachments,
        source: ctx.source(locator),
        thread: None,
        parts: Vec::new(),
        cc: Vec::new(),
        page_address: None,
        body_html: None,
    }))
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
