//! One RFC 5322 e-mail message (.eml), parsed with mail-parser.
//!
//! An e-mail is one item: sender, recipients (To) and copy recipients (Cc), the Date header with
//! its own offset, subject, the plain-text body (or a text rendering of the HTML body; nothing in
//! the HTML is fetched or run), the HTML body sanitised beside it (see [`super::html_clean`]),
//! and every attachment byte for byte under a sanitised name.

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
use mail_parser::{Address, Message, MessageParser, MessagePart, MimeHeaders, PartType};

use super::common::{extension_for_mime, new_item, sanitize_file_name};
use super::html_clean::sanitize_html;
use super::html_text::html_to_text;
use super::mail_date::HeaderTime;
use super::{EmailProblem, FileCtx, ImportError};
use crate::model::{Attachment, Channel, Direction, MailMarks, MessageIds, NewItem};

/// Parses `bytes` (the whole file) and emits the message. What had to be repaired or guessed
/// is in the item's [`crate::model::SourceRef::notes`] and is returned for the import summary.
pub(crate) fn parse(
    ctx: &FileCtx<'_>,
    bytes: &[u8],
    on_item: &mut dyn FnMut(NewItem) -> Result<(), ImportError>,
) -> Result<Vec<String>, ImportError> {
    let unparseable = || ImportError::Email {
        path: ctx.path.to_path_buf(),
        reason: EmailProblem::Unparseable,
    };
    let notes = match message_item(ctx, bytes, "", None) {
        Parsed::Item(item, notes) => {
            on_item(*item)?;
            notes
        }
        Parsed::Unparseable => return Err(unparseable()),
        // Header-like text that is not a message (no From, Date, Subject or MIME header).
        Parsed::NotAMessage => return Err(ctx.unsupported(None)),
    };
    Ok(notes)
}

/// What an mbox separator line (`From sender date`) says about the message after it: the
/// fallback for a message whose own headers lack a sender or a date.
#[derive(Debug, Clone, Default)]
pub(crate) struct Envelope {
    /// The envelope sender, when it is an address (not Netscape's `-`).
    pub sender: Option<String>,
    /// The time the mail system wrote, read as Stockholm time (the line has no offset).
    pub date: Option<DateTime<FixedOffset>>,
}

/// What one message's bytes gave.
pub(crate) enum Parsed {
    /// A message, and notes on what in it could not be read as it should (damaged MIME
    /// structure), for [`super::ParsedFile::skipped`].
    Item(Box<NewItem>, Vec<String>),
    /// The MIME parser gave up.
    Unparseable,
    /// Parsed, but with no From, Date, Subject or MIME header: not a message.
    NotAMessage,
}

/// Builds the item for one RFC 5322 message found at `locator` in the file.
///
/// Lenient as mail programs are: a message with only MIME headers (no From, Date or Subject) is
/// still a message; a missing sender or date is taken from the mbox `envelope` or the file's
/// time, and every such repair is written into the item's notes (its chain of custody) and
/// returned for the import summary.
pub(crate) fn message_item(
    ctx: &FileCtx<'_>,
    bytes: &[u8],
    locator: &str,
    envelope: Option<&Envelope>,
) -> Parsed {
    let (bytes, mut notes) = readable(bytes);
    let (message, unread_body) = match parse_guarded(&bytes) {
        Ok(Some(message)) => (message, None),
        Ok(None) => return Parsed::Unparseable,
        Err(Crashed) => {
            // The MIME parser gave up on the structure (it panicked). A mail program would
            // still show the headers and the text: read the header block alone and keep the
            // body as it stands.
            let split = header_end(&bytes);
            let Ok(Some(message)) = parse_guarded(&bytes[..split]) else {
                return Parsed::Unparseable;
            };
            notes.push(
                "meddelandets MIME-struktur gick inte att läsa; texten efter brevhuvudet \
                 importerades oförändrad"
                    .to_string(),
            );
            (message, Some(&bytes[split..]))
        }
    };
    let has_mime = message.content_type().is_some() || message.header_raw("MIME-Version").is_some();
    if message.from().is_none() && message.date().is_none() && message.subject().is_none() {
        if !has_mime && envelope.is_none() {
            return Parsed::NotAMessage;
        }
        notes.push("meddelandet saknar avsändare, datum och ämne i brevhuvudet".to_string());
    }

    let mut sender = format_addresses(message.from()).join(", ");
    if sender.is_empty()
        && let Some(from) = envelope.and_then(|e| e.sender.as_deref())
    {
        sender = from.to_string();
        // Not the address itself: a note is kept after purge, when the sender may not be.
        notes.push(
            "avsändaren saknas i brevhuvudet och är hämtad från mbox-filens avgränsarrad"
                .to_string(),
        );
    }
    let Addressed {
        to: recipients,
        cc,
        bcc,
    } = addressed(&message);
    // The date received is the unit's own mail server's (the topmost Received header), not
    // the sender's Date header (guard rail 4); both are kept.
    let sent = sent_time(&message);
    let server = topmost_received(&message);
    for note in [&sent, &server]
        .into_iter()
        .flatten()
        .filter_map(|t| t.note.clone())
    {
        if !notes.contains(&note) {
            notes.push(note);
        }
    }
    let sent_at = sent.map(|t| t.at);
    let server_time = server.map(|t| t.at);
    let mut custody = Vec::new();
    let received_at = match (server_time, sent_at, envelope.and_then(|e| e.date)) {
        (Some(date), _, _) => date,
        (None, Some(date), _) => {
            // In the chain of custody (printed on the sheet, shown in the item), not in the
            // import summary: a whole folder of sent mail, which has no Received header either,
            // would fill it (a mail the unit sent loses the note again, super::outgoing).
            custody.push(NO_RECEIVED_NOTE.to_string());
            date
        }
        (None, None, Some(date)) => {
            notes.push(
                "datum saknas eller är oläsligt i brevhuvudet; tiden är hämtad från mbox-filens \
                 avgränsarrad (utan tidszon, läst som svensk tid)"
                    .to_string(),
            );
            date
        }
        (None, None, None) => {
            notes.push(
                crate::time_questioned!(
                    "datum saknas eller är oläsligt i brevhuvudet; tiden är filens \
                     ändringstid, inte ankomsttiden"
                )
                .to_string(),
            );
            ctx.mtime_stockholm()
        }
    };
    let subject = message.subject().map(str::to_string);
    let (mut body, mut body_html) = match unread_body {
        Some(raw) => (String::from_utf8_lossy(raw).replace("\r\n", "\n"), None),
        None => (body_text(&message), body_html(&message)),
    };
    // Signed opaquely or encrypted with S/MIME: the text is inside the signature, or cannot
    // be read at all; either way the caseworker hears which.
    if let Some((der, name)) = root_pkcs7(&message) {
        let view = smime_view(der, &name);
        if let Some(text) = view.text {
            body = text;
            body_html = view.html;
        }
        notes.extend(view.notes);
    }
    // The message is cut short inside its text: mail-parser then gives that text as an
    // attachment; a mail program shows it as the text, and so does inkom.
    let cut_text = (unread_body.is_none() && body.trim().is_empty() && body_html.is_none())
        .then(|| cut_text_part(&message))
        .flatten();
    if let Some(part) = cut_text {
        let raw = part_raw(&message, part);
        body = match lenient_decode(part, raw) {
            Some(text) => String::from_utf8_lossy(&text).into_owned(),
            None => {
                notes.extend(undecoded_note("meddelandets text", part));
                String::from_utf8_lossy(raw).into_owned()
            }
        }
        .replace("\r\n", "\n");
        if body.contains('\u{FFFD}') {
            notes.push(REPLACED_NOTE.to_string());
        }
    }

    if has_unclosed_multipart(&message) {
        notes.push(
            "en avgränsare mellan meddelandets delar avslutas aldrig: meddelandet kan vara \
             avkortat, och delar kan saknas eller ha hamnat i texten"
                .to_string(),
        );
    }
    for note in charset_notes(&message) {
        if !notes.contains(&note) {
            notes.push(note);
        }
    }
    notes.extend(undecoded_body_notes(&message));

    let mut attachments = files_of(&message, &mut notes, cut_text);

    // Nothing read, but the message has a body: the structure hid it (a boundary written with
    // other capitals, parts cut up). Keep the body as it stands rather than lose it silently.
    let raw_body = &bytes[header_end(&bytes)..];
    if unread_body.is_none()
        && body.trim().is_empty()
        && body_html
            .as_deref()
            .is_none_or(|h| html_to_text(h).trim().is_empty())
        && attachments.is_empty()
        && !raw_body.iter().all(u8::is_ascii_whitespace)
    {
        let name = "oläst-innehåll.txt".to_string();
        notes.push(format!(
            "meddelandets text kunde inte läsas ur dess MIME-struktur; innehållet sparades \
             oförändrat som bilagan {name}"
        ));
        attachments.push(Attachment::new(name, "text/plain", raw_body.to_vec()));
    }

    let mut source = ctx.source(locator);
    source.notes.clone_from(&notes);
    source.notes.extend(custody);
    let item = Box::new(NewItem {
        sender,
        recipients,
        sent_at,
        message_ids: MessageIds {
            id: MessageIds::clean(message.message_id()),
            in_reply_to: MessageIds::clean(message.in_reply_to().as_text()),
        },
        subject,
        body,
        attachments,
        cc,
        bcc,
        body_html,
        mail_marks: MailMarks::from_headers(|name| message.header_raw(name)),
        ..new_item(Channel::Email, Direction::In, received_at, source)
    });
    Parsed::Item(item, notes)
}

/// The MIME parser panicked on this input.
struct Crashed;

/// `bytes` (a whole message) with its header blocks read as mail programs read them, and the
/// notes on what had to be guessed: its own header block (8-bit bytes that are no UTF-8 as
/// Windows-1252, Windows code-page charset labels, encoded words that split a character),
/// then its parts' ([`super::part_headers`]), which only a parse finds.
fn readable(bytes: &[u8]) -> (Cow<'_, [u8]>, Vec<String>) {
    let mut notes = Vec::new();
    let headers_decoded = decode_8bit_headers(bytes);
    if matches!(headers_decoded, Cow::Owned(_)) {
        notes.push(
            "brevhuvudet innehöll okodade 8-bitarstecken; de lästes som Windows-1252".to_string(),
        );
    }
    let labelled = then(
        headers_decoded,
        super::charset_alias::standard_charset_labels,
    );
    let joined = then(labelled, super::encoded_words::join_split_words);
    if !super::part_headers::may_need_repair(&joined[header_end(&joined)..]) {
        return (joined, notes);
    }
    let repaired = parse_guarded(&joined)
        .ok()
        .flatten()
        .and_then(|message| super::part_headers::repaired(&message));
    let Some(repaired) = repaired else {
        return (joined, notes);
    };
    if repaired.guessed_8bit {
        notes.push(
            "huvudet för en del av meddelandet (till exempel en bilagas filnamn) innehöll \
             okodade 8-bitarstecken; de lästes som Windows-1252"
                .to_string(),
        );
    }
    (Cow::Owned(repaired.bytes), notes)
}

/// `bytes` after `step`: what `step` made of them, or `bytes` when it left them as they were.
fn then<'a>(bytes: Cow<'a, [u8]>, step: fn(&[u8]) -> Cow<'_, [u8]>) -> Cow<'a, [u8]> {
    let changed = match step(&bytes) {
        Cow::Owned(changed) => Some(changed),
        Cow::Borrowed(_) => None,
    };
    changed.map_or(bytes, Cow::Owned)
}

/// The files of `message`: its attachments ([`attachments_of`]), then the pictures written
/// into its HTML body as `data:` URLs ([`super::html_pictures`]), with a note in `notes`.
fn files_of(
    message: &Message<'_>,
    notes: &mut Vec<String>,
    except: Option<&MessagePart<'_>>,
) -> Vec<Attachment> {
    let mut files = attachments_of(message, notes, except);
    let html: Vec<Cow<'_, str>> = message
        .html_bodies()
        .filter_map(|p| html_of(message, p))
        .collect();
    notes.extend(super::html_pictures::take_pictures(
        html.iter().map(AsRef::as_ref),
        "",
        &mut files,
    ));
    files
}

/// The files attached to `message`, named (a sanitised name, else the attached message's
/// subject, else "bilaga-N" with the type's extension); a multipart whose boundary never
/// occurs is kept whole as "oläst-innehåll-N.txt", with a note in `notes`. `except` is a part
/// taken as the message's text instead ([`cut_text_part`]).
fn attachments_of(
    message: &Message<'_>,
    notes: &mut Vec<String>,
    except: Option<&MessagePart<'_>>,
) -> Vec<Attachment> {
    let mut attachments = Vec::new();
    for (i, part) in message.attachments().enumerate() {
        let index = i + 1;
        if except.is_some_and(|e| std::ptr::eq(e, part)) {
            continue;
        }
        if is_unsplit_multipart(part) {
            // A multipart whose boundary never occurs: its parts cannot be told apart. Keep
            // all of it, as it was, rather than lose it.
            let name = format!("oläst-innehåll-{index}.txt");
            notes.push(format!(
                "meddelandets delar kunde inte skiljas åt (avgränsaren saknas); innehållet \
                 sparades oförändrat som bilagan {name}"
            ));
            let raw = part_raw(message, part);
            attachments.push(Attachment::new(name, "text/plain", raw.to_vec()));
            continue;
        }
        let mime = mime_type(part);
        if matches!(part.body, PartType::Multipart(_)) {
            continue;
        }
        let name = attachment_name(message, part, index, &mime);
        let bytes: Cow<'_, [u8]> = match &part.body {
            // Kept byte for byte as it stands in the message when it does not decode, not
            // as the text mail-parser made of it (which replaces bytes that are no UTF-8).
            _ if part.is_encoding_problem => {
                let raw = part_raw(message, part);
                Cow::Owned(lenient_transfer_decode(part, raw).unwrap_or_else(|| {
                    notes.extend(undecoded_note(&format!("bilagan {name}"), part));
                    raw.to_vec()
                }))
            }
            // A text file is the file as sent (a CSV in Windows-1252, an XML in Latin-1), not
            // the UTF-8 mail-parser made of it: that has another size and hash than the file
            // the sender attached, and bytes without a charset become U+FFFD for good.
            PartType::Text(t) | PartType::Html(t) => {
                match transfer_decoded(part, part_raw(message, part)) {
                    Some(bytes) => Cow::Owned(bytes),
                    None => Cow::Borrowed(t.as_bytes()),
                }
            }
            PartType::Binary(b) | PartType::InlineBinary(b) => Cow::Borrowed(b.as_ref()),
            // Kept as sent; what its text on paper had to guess is said on the item.
            PartType::Message(m) => {
                notes.extend(attached_message_notes(m, index));
                Cow::Borrowed(m.raw_message())
            }
            PartType::Multipart(_) => continue,
        };
        attachments.push(Attachment::new(
            name,
            with_charset(mime, part),
            bytes.into_owned(),
        ));
    }
    attachments
}

/// A text file's type with the charset its part declares (`text/csv; charset=windows-1252`):
/// the file is kept in that charset ([`attachments_of`]), and the printout reads its
/// characters by it ([`crate::documents::attachment_text`]). Any other type as it is.
fn with_charset(mime: String, part: &MessagePart<'_>) -> String {
    let label = part
        .content_type()
        .filter(|ct| ct.c_type.eq_ignore_ascii_case("text"))
        .and_then(|ct| ct.attribute("charset"))
        .map(|label| {
            label
                .trim()
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || "-_.:+".contains(*c))
                .take(40)
                .collect::<String>()
        })
        .filter(|label| !label.is_empty());
    match label {
        Some(label) => format!("{mime}; charset={}", label.to_ascii_lowercase()),
        None => mime,
    }
}

/// A part's body as its transfer encoding (base64, quoted-printable) gives it, decoded by the
/// very decoders mail-parser runs on a file part: the bytes the sender attached. `None` when
/// they do not decode (then mail-parser would have marked the part an encoding problem).
fn transfer_decoded(part: &MessagePart<'_>, raw: &[u8]) -> Option<Vec<u8>> {
    let mut stream = mail_parser::parsers::MessageStream::new(raw);
    let (end, bytes) = match part.encoding {
        mail_parser::Encoding::None => return Some(raw.to_vec()),
        mail_parser::Encoding::Base64 => stream.decode_base64_mime(b""),
        mail_parser::Encoding::QuotedPrintable => stream.decode_quoted_printable_mime(b""),
    };
    (end != usize::MAX).then(|| bytes.into_owned())
}

/// A text part mail-parser could not decode, as a mail program reads it: decoded from its
/// transfer encoding ([`lenient_transfer_decode`]) and into UTF-8 from the charset its type
/// names (as mail-parser gives every other text part); `None` when its encoding is unknown or
/// does not decode.
fn lenient_decode(part: &MessagePart<'_>, raw: &[u8]) -> Option<Vec<u8>> {
    let bytes = lenient_transfer_decode(part, raw)?;
    let charset = part
        .content_type()
        .filter(|ct| ct.c_type.eq_ignore_ascii_case("text"))
        .and_then(|ct| ct.attribute("charset"))
        .and_then(|label| encoding_rs::Encoding::for_label(label.trim().as_bytes()));
    Some(match charset {
        Some(charset) if charset != encoding_rs::UTF_8 => charset
            .decode_without_bom_handling(&bytes)
            .0
            .into_owned()
            .into_bytes(),
        _ => bytes,
    })
}

/// The bytes of a part mail-parser could not decode, as a mail program reads them: one whose
/// delimiter never comes (the message is cut short inside it), or base64 without its padding,
/// is decoded from its transfer encoding; `None` when its encoding is unknown or does not
/// decode.
fn lenient_transfer_decode(part: &MessagePart<'_>, raw: &[u8]) -> Option<Vec<u8>> {
    use base64::Engine;
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    const LENIENT: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_padding_mode(DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    );
    let encoding = part.content_transfer_encoding().unwrap_or("7bit").trim();
    Some(
        if ["7bit", "8bit", "binary"]
            .iter()
            .any(|e| encoding.eq_ignore_ascii_case(e))
        {
            raw.to_vec()
        } else if encoding.eq_ignore_ascii_case("base64") {
            let text: Vec<u8> = raw
                .iter()
                .copied()
                .filter(|b| !b.is_ascii_whitespace())
                .collect();
            LENIENT.decode(&text).ok()?
        } else if encoding.eq_ignore_ascii_case("quoted-printable") {
            mail_parser::decoders::quoted_printable::quoted_printable_decode(raw)?
        } else {
            return None;
        },
    )
}

/// The note on a part whose transfer encoding (base64, quoted-printable) does not decode:
/// mail-parser then keeps the part as it stands in the message, which is all there is, but a
/// file kept so does not open as what its name says, and the caseworker must hear why.
/// `None` for a part without such an encoding, which mail-parser also marks when the part's
/// delimiter never comes (said by the note on the cut message).
fn undecoded_note(what: &str, part: &MessagePart<'_>) -> Option<String> {
    let encoding = part.content_transfer_encoding()?.trim();
    let encoding = ["base64", "quoted-printable"]
        .into_iter()
        .find(|e| encoding.eq_ignore_ascii_case(e))?;
    Some(super::common::undecoded_note(what, encoding, "brevet"))
}

/// A message that is one S/MIME `pkcs7-mime` body (opaquely signed or encrypted): its DER,
/// and the attachment's name as [`attachments_of`] gives it.
fn root_pkcs7<'m>(message: &'m Message<'_>) -> Option<(&'m [u8], String)> {
    let root = message.parts.first()?;
    let mime = mime_type(root);
    if !super::smime::is_pkcs7_mime(&mime) {
        return None;
    }
    let (PartType::Binary(der) | PartType::InlineBinary(der)) = &root.body else {
        return None;
    };
    Some((der.as_ref(), attachment_name(message, root, 1, &mime)))
}

/// What a message whose content is the S/MIME body `der` (kept as the attachment `name`)
/// shows: the signed text and HTML, if it is signed and reads, and the notes (its charset,
/// and which kind of S/MIME it is). One reading for an e-mail and an Outlook message.
struct SmimeView {
    text: Option<String>,
    html: Option<String>,
    notes: Vec<String>,
}

fn smime_view(der: &[u8], name: &str) -> SmimeView {
    let found = super::smime::read(der);
    let mut view = SmimeView {
        text: None,
        html: None,
        notes: Vec::new(),
    };
    let mut files = false;
    if let super::smime::Pkcs7Mime::Signed(inner) = &found
        && let Ok(Some(signed)) = parse_guarded(inner)
    {
        view.text = Some(body_text(&signed));
        view.html = body_html(&signed);
        view.notes = charset_notes(&signed);
        files = signed.attachments().next().is_some();
    }
    view.notes.push(super::smime::note(&found, name, files));
    view
}

/// The MIME entity inside an opaque S/MIME signature (`smime.p7m`, `pkcs7-mime` holding
/// `SignedData`, as DER): the signed message, whose files the printout and the deletion gate
/// read as they read those of an attached e-mail. `None` for anything else (an encrypted one).
pub(crate) fn opaque_signed_content(der: &[u8]) -> Option<Vec<u8>> {
    match super::smime::read(der) {
        super::smime::Pkcs7Mime::Signed(inner) => Some(inner),
        _ => None,
    }
}

/// What the printout reproduces of an opaque S/MIME signature: that the text is the signed
/// content's, the names of the files in it, and its text.
pub(crate) fn opaque_signed_text(der: &[u8]) -> Option<String> {
    let inner = opaque_signed_content(der)?;
    let message = parse_guarded(&inner).ok()??;
    let files = attachments_of(&message, &mut Vec::new(), None);
    let mut out =
        String::from("Innehållet i S/MIME-signaturen (signaturen är inte kontrollerad)\n");
    if let Some(line) = files_line(&files, "det signerade meddelandet") {
        out.push_str(&format!("Bilagor: {line}\n"));
    }
    out.push('\n');
    out.push_str(&body_text(&message));
    Some(out)
}

/// For a message kept as one S/MIME attachment (Outlook's `IPM.Note.SMIME`: an opaquely
/// signed or encrypted message whose only content is `smime.p7m`): the text read out of a
/// signature, if it is one, and the chain-of-custody notes ([`smime_view`]).
pub(crate) fn smime_attachment_text(
    attachments: &[Attachment],
) -> Option<(Option<String>, Vec<String>)> {
    let a = attachments
        .iter()
        .find(|a| super::smime::is_pkcs7_attachment(&a.name, &a.mime))?;
    let view = smime_view(&a.bytes, &a.name);
    Some((view.text, view.notes))
}

/// "a.pdf, b.png (bilagor i WHERE)", or `None` without files: the names the printout gives
/// them when it reproduces them after the text.
fn files_line(files: &[Attachment], place: &str) -> Option<String> {
    let names: Vec<&str> = files.iter().map(|a| a.name.as_str()).collect();
    (!names.is_empty()).then(|| format!("{} (bilagor i {place})", names.join(", ")))
}

/// The text part a message cut short ends in, which mail-parser (finding no delimiter after
/// it) gives as an attachment: the first attachment that did not read to its end, is plain
/// text (or untyped) and was not sent as a file (no name, not `Content-Disposition:
/// attachment`).
fn cut_text_part<'m>(message: &'m Message<'_>) -> Option<&'m MessagePart<'m>> {
    message.attachments().find(|part| {
        part.is_encoding_problem
            && part.attachment_name().is_none()
            && !part
                .content_disposition()
                .is_some_and(|d| d.c_type.eq_ignore_ascii_case("attachment"))
            && part.content_type().is_none_or(|ct| {
                ct.c_type.eq_ignore_ascii_case("text")
                    && ct
                        .c_subtype
                        .as_deref()
                        .is_none_or(|sub| sub.eq_ignore_ascii_case("plain"))
            })
    })
}

/// The notes on the message's text parts that did not decode (see [`undecoded_note`]); the
/// attachments' own are written where they are named.
fn undecoded_body_notes(message: &Message<'_>) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    message
        .text_body
        .iter()
        .chain(&message.html_body)
        .filter(|&&id| !message.attachments.contains(&id) && seen.insert(id))
        .filter_map(|&id| message.parts.get(id as usize))
        .filter(|part| part.is_encoding_problem)
        .filter_map(|part| undecoded_note("meddelandets text", part))
        .collect()
}

/// An attachment's name: its own, sanitised, else an attached message's subject, else
/// "bilaga-N" with the type's extension.
fn attachment_name(
    message: &Message<'_>,
    part: &MessagePart<'_>,
    index: usize,
    mime: &str,
) -> String {
    let continued = continued_name(message, part);
    match continued
        .as_deref()
        .or_else(|| part.attachment_name())
        .filter(|n| !n.trim().is_empty())
    {
        Some(n) => sanitize_file_name(n, index),
        None => {
            let name = match &part.body {
                PartType::Message(m) => attached_subject(m).map(|s| format!("{s}.eml")),
                _ => None,
            };
            let fallback = format!("bilaga-{index}{}", extension_for_mime(mime));
            sanitize_file_name(name.as_deref().unwrap_or(&fallback), index)
        }
    }
}

/// The notes on what reading attachment number `index`, an attached message, as a message of
/// its own ([`readable`]) had to guess. By its number, not its name: the name may be its
/// subject, and notes outlive a purge.
fn attached_message_notes(attached: &Message<'_>, index: usize) -> Vec<String> {
    let (_, guessed) = readable(attached.raw_message());
    guessed
        .into_iter()
        .map(|note| format!("bilaga {index} (ett bifogat e-postmeddelande): {note}"))
        .collect()
}

/// An attached message's subject, read again with its header blocks read as the message's own
/// are ([`readable`]) when mail-parser's reading of it had to replace characters (an encoded
/// word that splits a character, raw 8-bit bytes).
fn attached_subject(attached: &Message<'_>) -> Option<String> {
    let subject = attached.subject()?;
    if !subject.contains('\u{FFFD}') {
        return Some(subject.to_string());
    }
    let (bytes, _) = readable(attached.raw_message());
    let again = parse_guarded(&bytes)
        .ok()
        .flatten()
        .and_then(|m| m.subject().map(str::to_string));
    again.or_else(|| Some(subject.to_string()))
}

/// mail-parser, with a panic on a malformed structure turned into an error (seen on real
/// Netscape mbox files: "Invalid part ID, could not find multipart").
fn parse_guarded(bytes: &[u8]) -> Result<Option<Message<'_>>, Crashed> {
    std::panic::catch_unwind(|| MessageParser::default().parse(bytes)).map_err(|_| Crashed)
}

/// A part's file name when it came in RFC 2231 segments (`filename*0*=…; filename*1*=…`), read
/// from the raw header as the RFC says ([`super::rfc2231`]): mail-parser reads each segment
/// apart. The `filename` of `Content-Disposition` first, else the `name` of `Content-Type`, as
/// mail-parser takes them.
fn continued_name(message: &Message<'_>, part: &MessagePart<'_>) -> Option<String> {
    let raw_value = |name: mail_parser::HeaderName<'_>| {
        let header = part.headers.iter().find(|h| h.name == name)?;
        let raw = message
            .raw_message()
            .get(header.offset_start as usize..header.offset_end as usize)?;
        Some(String::from_utf8_lossy(raw).into_owned())
    };
    let has_filename = part
        .content_disposition()
        .is_some_and(|d| d.attribute("filename").is_some());
    if has_filename {
        let value = raw_value(mail_parser::HeaderName::ContentDisposition)?;
        super::rfc2231::continued_parameter(&value, "filename")
    } else {
        let value = raw_value(mail_parser::HeaderName::ContentType)?;
        super::rfc2231::continued_parameter(&value, "name")
    }
}

/// Where the header block ends (after its empty line), or the end of the message.
pub(crate) fn header_end(bytes: &[u8]) -> usize {
    blank_line(bytes).map_or(bytes.len(), |(_, after)| after)
}

/// The first empty line of `bytes` (`\n\n`, `\r\n\r\n`, or a line end followed by `\r\n`):
/// where it begins and where it ends. One pass from the start that stops there: the header
/// block is found for every message of a mailbox, and a search for each line-end form over the
/// whole message (an LF file has no CRLF to find) read every byte several times.
fn blank_line(bytes: &[u8]) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(i) = bytes.get(from..)?.iter().position(|&b| b == b'\n') {
        let at = from + i + 1;
        let rest = &bytes[at..];
        if rest.starts_with(b"\n") {
            return Some((at, at + 1));
        }
        if rest.starts_with(b"\r\n") {
            return Some((at, at + 2));
        }
        from = at;
    }
    None
}

/// The message with its header block decoded as Windows-1252 when it is not UTF-8. Headers
/// must be ASCII (non-ASCII text goes in encoded words), but old and badly configured programs
/// write Latin-1 straight in (`Subject: H\xE4lsning`); read as UTF-8 that is "H\u{FFFD}lsning",
/// read as Windows-1252 it is what the sender wrote. The body is left alone (its charset is
/// declared per part).
fn decode_8bit_headers(bytes: &[u8]) -> Cow<'_, [u8]> {
    let end = blank_line(bytes).map_or(bytes.len(), |(start, _)| start);
    header_replaced(bytes, end, utf8_or_1252)
}

/// `bytes` with its first `end` bytes (its header block) replaced by what `step` makes of them;
/// borrowed unchanged when `step` leaves them as they are (`None`).
pub(crate) fn header_replaced(
    bytes: &[u8],
    end: usize,
    step: fn(&[u8]) -> Option<Vec<u8>>,
) -> Cow<'_, [u8]> {
    match step(&bytes[..end]) {
        Some(mut out) => {
            out.extend_from_slice(&bytes[end..]);
            Cow::Owned(out)
        }
        None => Cow::Borrowed(bytes),
    }
}

/// A header block (a message's or a part's) as UTF-8: read as Windows-1252 when it is no UTF-8
/// (see [`decode_8bit_headers`]); `None` when it is UTF-8 and stays as it is.
pub(crate) fn utf8_or_1252(header: &[u8]) -> Option<Vec<u8>> {
    if std::str::from_utf8(header).is_ok() {
        return None;
    }
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(header);
    Some(text.into_owned().into_bytes())
}

/// A part declared `multipart/*` whose body the parser could not split (no boundary, or one
/// that never occurs).
fn is_unsplit_multipart(part: &MessagePart<'_>) -> bool {
    part.content_type()
        .is_some_and(|ct| ct.c_type.eq_ignore_ascii_case("multipart"))
        && !matches!(part.body, PartType::Multipart(_))
}

/// The raw bytes of a part's body.
fn part_raw<'a>(message: &'a Message<'_>, part: &MessagePart<'_>) -> &'a [u8] {
    let raw = message.raw_message();
    let start = (part.offset_body as usize).min(raw.len());
    let end = (part.offset_end as usize).clamp(start, raw.len());
    &raw[start..end]
}

/// True when a multipart's closing delimiter (`--boundary--`) is missing from the message: it
/// was cut short, or a nested part's end was lost and the parts after it were read into it.
///
/// One pass over the message for all its boundaries (Aho-Corasick): a hostile message with
/// thousands of multiparts made one scan per boundary take seconds (found by fuzzing).
fn has_unclosed_multipart(message: &Message<'_>) -> bool {
    let closes: std::collections::BTreeSet<String> = message
        .parts
        .iter()
        .filter_map(|part| match (&part.body, part.content_type()) {
            (PartType::Multipart(_), Some(ct)) => ct.attribute("boundary"),
            _ => None,
        })
        .map(|b| format!("--{b}--"))
        .collect();
    if closes.is_empty() {
        return false;
    }
    let Ok(finder) = aho_corasick::AhoCorasick::new(&closes) else {
        // Cannot happen for a few thousand short patterns; if it did, say nothing is missing
        // rather than fail the import (the note is a warning, not the message).
        return false;
    };
    let mut found = vec![false; closes.len()];
    let mut missing = closes.len();
    for hit in finder.find_overlapping_iter(message.raw_message()) {
        let seen = &mut found[hit.pattern().as_usize()];
        if !*seen {
            *seen = true;
            missing -= 1;
            if missing == 0 {
                return false;
            }
        }
    }
    true
}

/// An e-mail attached to another (`message/rfc822`, a forwarded .eml) as text for the
/// printout: its headers with Swedish labels, an empty line and its text, as the Outlook
/// reader renders an attached message. `None` when the bytes are no message (mail-parser
/// finds no header, or gives up on them).
pub(crate) fn attached_message_text(bytes: &[u8]) -> Option<String> {
    let (bytes, _) = readable(bytes);
    let message = parse_guarded(&bytes).ok()??;
    let Addressed { to, cc, bcc } = addressed(&message);
    let headers = [
        ("Från", format_addresses(message.from()).join(", ")),
        ("Till", to.join(", ")),
        ("Kopia", cc.join(", ")),
        ("Hemlig kopia", bcc.join(", ")),
        (
            "Datum",
            sent_time(&message)
                .map(|t| t.at.format("%Y-%m-%d %H:%M:%S %:z").to_string())
                .unwrap_or_default(),
        ),
        ("Ämne", message.subject().unwrap_or_default().to_string()),
    ];
    if headers.iter().all(|(_, value)| value.trim().is_empty()) {
        return None;
    }
    // Named as the printout names them when it reproduces them after this text.
    let files = attachments_of(&message, &mut Vec::new(), None);
    let listed = files_line(&files, "det bifogade meddelandet");
    let mut out = String::new();
    for (label, value) in headers.into_iter().chain(listed.map(|l| ("Bilagor", l))) {
        if !value.trim().is_empty() {
            out.push_str(&format!("{label}: {value}\n"));
        }
    }
    out.push('\n');
    out.push_str(&body_text(&message));
    Some(out)
}

/// The files inside an attached e-mail (`message/rfc822`) or inside the signed form of a
/// message (`multipart/signed`, as Outlook keeps an S/MIME signed message), read as the
/// message's own attachments are; `None` when the bytes are no message, or, for a signed form,
/// hold no signature (then they are not what their label says).
pub(crate) fn inner_attachments(bytes: &[u8], signed: bool) -> Option<Vec<Attachment>> {
    let (bytes, _) = readable(bytes);
    let message = parse_guarded(&bytes).ok()??;
    if signed && !message.attachments().any(|a| is_signature(&mime_type(a))) {
        return None;
    }
    Some(files_of(&message, &mut Vec::new(), None))
}

/// An S/MIME or PGP signature's type: the sender's electronic signature, no content.
pub(crate) fn is_signature(mime: &str) -> bool {
    matches!(
        mime.to_ascii_lowercase().as_str(),
        "application/pkcs7-signature"
            | "application/x-pkcs7-signature"
            | "application/pgp-signature"
    )
}

/// The To and the Cc addresses of a message, every To and Cc header's, as
/// [`format_addresses`] writes them.
/// Whom a message was addressed to, each header's addresses formatted
/// ([`format_addresses`]).
struct Addressed {
    to: Vec<String>,
    cc: Vec<String>,
    /// Only the sender's own copy (a sent mail) has a `Bcc` header.
    bcc: Vec<String>,
}

fn addressed(message: &Message<'_>) -> Addressed {
    let all = |headers: &mut dyn Iterator<Item = &Address<'_>>| -> Vec<String> {
        headers.flat_map(|a| format_addresses(Some(a))).collect()
    };
    Addressed {
        to: all(&mut message.all_to()),
        cc: all(&mut message.all_cc()),
        bcc: all(&mut message.all_bcc()),
    }
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
            PartType::Text(t) if flowed_delsp(p) => Some(unflowed(t)),
            PartType::Text(t) => Some(t.to_string()),
            PartType::Html(_) => html_of(message, p).map(|h| html_to_text(&h)),
            _ => None,
        })
        .collect();
    // No text parts, or only empty ones (a damaged structure can leave the text part empty
    // while the HTML part holds the words): the HTML rendered as text.
    if texts.iter().all(|t| t.trim().is_empty()) {
        texts = message
            .html_bodies()
            .filter_map(|p| match &p.body {
                PartType::Html(_) => html_of(message, p).map(|h| html_to_text(&h)),
                PartType::Text(t) => Some(t.to_string()),
                _ => None,
            })
            .collect();
    }
    texts.join("\n").replace("\r\n", "\n")
}

/// Is this a text part sent `format=flowed; delsp=yes` (RFC 3676), as Apple Mail sends it? Its
/// lines are cut wherever the sender's program chose, even inside a long word or an address,
/// and a mail program joins them again: read as written, "…/sök" and "väg-som-bryts.html" stood
/// on two lines of the printout.
fn flowed_delsp(part: &MessagePart<'_>) -> bool {
    let is = |ct: &mail_parser::ContentType<'_>, name: &str, value: &str| {
        ct.attribute(name)
            .is_some_and(|v| v.trim().eq_ignore_ascii_case(value))
    };
    part.content_type()
        .is_some_and(|ct| is(ct, "format", "flowed") && is(ct, "delsp", "yes"))
}

/// A `format=flowed; delsp=yes` text as a mail program shows it (RFC 3676 section 4): a line
/// ending in a space is continued by the next line of the same quote depth, that one space
/// (the cut) taken out; the space a sender put before a line starting with a space, "From " or
/// ">" is taken out; the signature separator "-- " ends its line.
fn unflowed(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // The quote depth of the paragraph being joined, while its last line was cut.
    let mut open: Option<usize> = None;
    let text = text.replace("\r\n", "\n");
    for line in text.split_terminator('\n') {
        let depth = line.bytes().take_while(|b| *b == b'>').count();
        let (quotes, stuffed) = line.split_at(depth);
        let rest = stuffed.strip_prefix(' ').unwrap_or(stuffed);
        if open != Some(depth) {
            if open.is_some() {
                out.push('\n');
            }
            out.push_str(quotes);
            // "> text" keeps its space after the quote marks; a continued line's goes.
            if depth > 0 && rest.len() < stuffed.len() {
                out.push(' ');
            }
        }
        let cut = rest.ends_with(' ') && rest != "-- ";
        match cut {
            true => {
                out.push_str(&rest[..rest.len() - 1]);
                open = Some(depth);
            }
            false => {
                out.push_str(rest);
                out.push('\n');
                open = None;
            }
        }
    }
    if open.is_some() {
        out.push('\n');
    }
    // The text's own last line ends without a line break; so does this.
    if !text.ends_with('\n') && out.ends_with('\n') {
        out.pop();
    }
    out
}

/// The message's HTML parts, sanitised (see [`sanitize_html`]); `None` when it has none. A
/// plain-text-only message gets no HTML made up for it.
fn body_html(message: &Message<'_>) -> Option<String> {
    let parts: Vec<String> = message
        .html_bodies()
        .filter_map(|p| html_of(message, p).map(|h| sanitize_html(&h)))
        .filter(|h| !h.trim().is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join("\n<hr>\n"))
}

/// An HTML part's text: as mail-parser read it, or, when its type names no charset and that
/// reading replaced bytes (it reads them as UTF-8), in the charset the document declares in its
/// first bytes (`<meta charset=...>`, `<meta http-equiv ... content="text/html;
/// charset=...">`), as a browser and a mail program read it. `None` for a part that is no HTML.
fn html_of<'m>(message: &Message<'_>, part: &'m MessagePart<'_>) -> Option<Cow<'m, str>> {
    let PartType::Html(text) = &part.body else {
        return None;
    };
    let declared = || {
        let bytes = transfer_decoded(part, part_raw(message, part))?;
        let encoding =
            super::msg::sniff_html_charset(&bytes).filter(|e| *e != encoding_rs::UTF_8)?;
        Some(encoding.decode_without_bom_handling(&bytes).0.into_owned())
    };
    let unlabelled = part
        .content_type()
        .is_none_or(|ct| ct.attribute("charset").is_none());
    Some(
        match text.contains('\u{FFFD}') && unlabelled && !part.is_encoding_problem {
            true => declared().map_or(Cow::Borrowed(text.as_ref()), Cow::Owned),
            false => Cow::Borrowed(text.as_ref()),
        },
    )
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

/// The chain-of-custody note of an e-mail dated by its sender's `Date:` header because no
/// receiving server recorded its time (an outgoing mail is dated so without a note).
pub(crate) const NO_RECEIVED_NOTE: &str = crate::time_questioned!(
    "inget läsbart Received-huvud från den mottagande e-postservern; inkomsttiden är \
     avsändarens Date-huvud (när avsändaren säger att brevet skickades)"
);

/// The time the receiving mail server wrote in the topmost `Received:` header (the last hop,
/// the unit's own server), after the header's last `;` ([`super::mail_date`], else as
/// mail-parser reads it). `None` when there is no such header or its date cannot be read: a
/// lower header is another server's, not the unit's.
fn topmost_received(message: &Message<'_>) -> Option<HeaderTime> {
    let header = message
        .headers()
        .iter()
        .find(|h| h.name == mail_parser::HeaderName::Received)?;
    let raw = message
        .raw_message()
        .get(header.offset_start as usize..header.offset_end as usize)?;
    let raw = String::from_utf8_lossy(raw);
    let parsed = || {
        Some(HeaderTime {
            at: header
                .value
                .as_received()
                .and_then(|r| r.date.as_ref())
                .and_then(to_chrono)?,
            note: None,
        })
    };
    raw.rsplit_once(';')
        .and_then(|(_, date)| super::mail_date::read(date))
        .or_else(parsed)
}

/// The time in the message's `Date:` header ([`super::mail_date`], else as mail-parser reads
/// it).
fn sent_time(message: &Message<'_>) -> Option<HeaderTime> {
    message
        .header_raw("Date")
        .and_then(super::mail_date::read)
        .or_else(|| {
            Some(HeaderTime {
                at: message.date().and_then(to_chrono)?,
                note: None,
            })
        })
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

/// Notes on text parts whose characters had to be guessed: a charset label no decoder knows
/// (the bytes are then read as UTF-8, as mail programs do) and bytes that could not be read
/// in the declared charset (shown as U+FFFD).
fn charset_notes(message: &Message<'_>) -> Vec<String> {
    let mut notes = Vec::new();
    let mut replaced = false;
    for (i, part) in message.parts.iter().enumerate() {
        let text = match &part.body {
            PartType::Text(text) => Cow::Borrowed(text.as_ref()),
            PartType::Html(_) => html_of(message, part).unwrap_or_default(),
            _ => continue,
        };
        // A text file is kept as its bytes ([`attachments_of`]), not as this text, and the
        // printout reads it in its charset or, lacking one, as a mail program does.
        let is_file = u32::try_from(i).is_ok_and(|i| message.attachments.contains(&i));
        if let Some(label) = part.content_type().and_then(|ct| ct.attribute("charset")) {
            let known = encoding_rs::Encoding::for_label(label.trim().as_bytes()).is_some()
                || KNOWN_EXTRA_CHARSETS
                    .iter()
                    .any(|c| label.trim().eq_ignore_ascii_case(c));
            if !known {
                let label: String = label.chars().filter(|c| !c.is_control()).take(40).collect();
                notes.push(format!(
                    "teckenkodningen \"{label}\" är okänd; texten lästes som UTF-8 \
                     (teckenkodningen gissades)"
                ));
            }
        }
        // A part that did not decode is kept as its bytes (see [`lenient_decode`]), not as
        // the text mail-parser made of it; a text of it inkom decodes is judged where it is.
        replaced |= !part.is_encoding_problem && !is_file && text.contains('\u{FFFD}');
    }
    if replaced {
        notes.push(REPLACED_NOTE.to_string());
    }
    notes
}

/// The note on a text with characters that did not read in its charset.
const REPLACED_NOTE: &str =
    "tecken som inte gick att läsa i den angivna teckenkodningen visas som \u{FFFD}";

/// Charset labels mail-parser decodes that the WHATWG list (encoding_rs) does not name.
const KNOWN_EXTRA_CHARSETS: &[&str] = &["utf-7", "us-ascii", "ascii", "iso-8859-16"];

#[cfg(test)]
mod tests {
    use super::{blank_line, header_end, unflowed};

    /// The header block ends at the first empty line in any line-end form, and a message
    /// without one is all header.
    #[test]
    fn the_header_block_ends_at_its_first_empty_line() {
        assert_eq!(blank_line(b"A: 1\nB: 2\n\nText\n\nMore"), Some((10, 11)));
        assert_eq!(
            blank_line(b"A: 1\r\nB: 2\r\n\r\nText\r\n\r\n"),
            Some((12, 14))
        );
        assert_eq!(blank_line(b"A: 1\n\r\nText"), Some((5, 7)));
        assert_eq!(blank_line(b"A: 1\nB: 2\n"), None);
        assert_eq!(header_end(b"A: 1\nB: 2"), 9);
        assert_eq!(header_end(b"A: 1\r\n\r\nText"), 8);
    }

    #[test]
    fn a_flowed_text_is_joined_where_its_lines_were_cut() {
        assert_eq!(
            unflowed(
                "Hej! Jag ansöker om  \r\nbistånd. Länk: https://example.se/sök \r\nväg.html\r\n\r\nMvh Åsa"
            ),
            "Hej! Jag ansöker om bistånd. Länk: https://example.se/sökväg.html\n\nMvh Åsa"
        );
        // Quote depths are not joined across; a stuffed line loses its space; "-- " stays.
        assert_eq!(
            unflowed("> Citat som  \n> fortsätter\n>> Djupare \nNy rad\n From här\n-- \nÅsa\n"),
            "> Citat som fortsätter\n>> Djupare\nNy rad\nFrom här\n-- \nÅsa\n"
        );
        assert_eq!(unflowed("Ingen brytning"), "Ingen brytning");
    }
}
