//! An Outlook `.msg` file as one e-mail item, read with [`super::msg`].
//!
//! Mapped like an `.eml`: sender "Name <address>", recipients (To) and copy recipients (Cc), the
//! time it was delivered (else sent, else the file's modification time) in Europe/Stockholm,
//! subject, the plain-text body (else the HTML body rendered as text; nothing in it is fetched or
//! run), the HTML body sanitised beside it, and every attachment byte for byte under a
//! sanitised name.
//!
//! An attached Outlook message (a forwarded mail dragged in as an item) cannot be kept as a
//! separate file a caseworker could open without Outlook, and its own attachments must not be
//! lost. So it becomes a UTF-8 text attachment `<subject>.txt` holding its headers and text,
//! followed by its own attachments named `<subject> - <name>`, recursively. Nothing of the
//! attached message is therefore dropped, and the printout can show all of it.

use chrono::{DateTime, Utc};

use super::common::{extension_for_mime, mime_for_name, new_item, sanitize_file_name, stockholm};
use super::html_clean::sanitize_html;
use super::html_text::html_to_text;
use super::msg::{
    EmbeddedObject, MAX_EMBEDDING_DEPTH, MsgAttachmentContent, MsgError, MsgMessage, MsgRecipient,
    is_tnef, parse_msg, parse_tnef, tnef_cut_at,
};
use super::outlook_fields;
use super::{FileCtx, Format, ImportError, OtherFormat, Problem};
use crate::model::{Attachment, Channel, Direction, MessageIds, NewItem};

/// Said in the body when the RTF body holds pictures, which are not read from it.
const RTF_PICTURES_NOTE: &str = "[Meddelandets RTF-text innehåller bilder som inte återges här. \
                                 Öppna originalfilen i Outlook och skriv ut dem för sig.]";

/// The chain-of-custody note of a message whose text was read from its RTF body.
const RTF_TEXT_NOTE: &str = "meddelandets text fanns bara i RTF-format; texten är läst ur den, \
                             utan formatering";

/// Parses the whole file (already known to be a message) and emits it.
pub(crate) fn parse(
    ctx: &FileCtx<'_>,
    bytes: &[u8],
    on_item: &mut dyn FnMut(NewItem) -> Result<(), ImportError>,
) -> Result<Vec<String>, ImportError> {
    let message = parse_msg(bytes).map_err(|e| refusal(ctx, Format::Msg, e))?;
    emit(ctx, &message, Vec::new(), on_item)
}

/// The chain-of-custody note of a `winmail.dat` imported on its own.
pub(crate) const WINMAIL_NOTE: &str = "filen är en winmail.dat, bilagan i vilken Outlook skickar \
     ett meddelande med formatering; avsändarens adress, mottagarna och ankomsttiden står i det \
     e-postbrev den kom med och finns bara här om Outlook skrev in dem";

/// Parses a `winmail.dat` (TNEF) saved from a mail program on its own and emits the message it
/// carries, as an Outlook message: a caseworker whose mail program shows only that attachment
/// saves it and imports it. A stream cut short is refused as a truncated file (with salvage,
/// what comes before the break is taken, noted on the item).
pub(crate) fn parse_winmail(
    ctx: &FileCtx<'_>,
    bytes: &[u8],
    on_item: &mut dyn FnMut(NewItem) -> Result<(), ImportError>,
) -> Result<Vec<String>, ImportError> {
    if let Some(at) = tnef_cut_at(bytes)
        && !ctx.salvage
    {
        return Err(ctx.invalid(Format::Tnef, format!("byte {at}"), Problem::Truncated));
    }
    let message = parse_tnef(bytes).map_err(|e| refusal(ctx, Format::Tnef, e))?;
    let says_nothing = message.subject.is_none()
        && message.body_text.is_none()
        && message.body_html.is_none()
        && message.body_rtf.is_none()
        && message.attachments.is_empty();
    if says_nothing {
        return Err(ctx.invalid(Format::Tnef, "", Problem::MsgDamaged));
    }
    emit(ctx, &message, vec![WINMAIL_NOTE.to_string()], on_item)
}

/// The refusal of an Outlook file that does not read as a message.
fn refusal(ctx: &FileCtx<'_>, format: Format, e: MsgError) -> ImportError {
    match e {
        MsgError::NotCompoundFile | MsgError::NotMsg => {
            ctx.unsupported(Some(OtherFormat::OleCompound))
        }
        MsgError::Damaged(_) => ctx.invalid(format, "", Problem::MsgDamaged),
        MsgError::StreamTooLarge { .. }
        | MsgError::TooMuchData { .. }
        | MsgError::TooManyObjects { .. } => ctx.invalid(format, "", Problem::MsgTooLarge),
    }
}

/// Emits `message` as one e-mail item whose chain of custody begins with `notes`; returns the
/// import summary's notes.
fn emit(
    ctx: &FileCtx<'_>,
    message: &MsgMessage,
    notes: Vec<String>,
    on_item: &mut dyn FnMut(NewItem) -> Result<(), ImportError>,
) -> Result<Vec<String>, ImportError> {
    let mut skipped = notes;
    let mut attachments = Vec::new();
    let mut objects = Vec::new();
    collect_attachments(message, "", &mut attachments, &mut skipped, &mut objects);

    let mut source = ctx.source("");
    // What was not taken, or taken otherwise than as it came, stays with the item too.
    source.notes.extend(skipped.iter().cloned());
    let rtf_notes = [
        rtf_picture_files(message, "", &mut attachments),
        rtf_object_files(message, "", &mut attachments),
        objects_note(&objects),
        super::html_pictures::take_pictures(message.body_html.as_deref(), "", &mut attachments),
    ];
    for note in rtf_notes.into_iter().flatten() {
        source.notes.push(note.clone());
        skipped.push(note);
    }
    let (mut body, from_rtf) = body(message);
    if from_rtf {
        source.notes.push(RTF_TEXT_NOTE.to_string());
        skipped.push(RTF_TEXT_NOTE.to_string());
    }
    // Opaquely signed or encrypted with S/MIME: Outlook keeps the content as `smime.p7m`.
    let is_smime = message
        .message_class
        .as_deref()
        .is_some_and(|c| c.to_ascii_uppercase().starts_with("IPM.NOTE.SMIME"));
    if is_smime && let Some((text, notes)) = super::eml::smime_attachment_text(&attachments) {
        if body.trim().is_empty()
            && let Some(text) = text
        {
            body = text;
        }
        source.notes.extend(notes.iter().cloned());
        skipped.extend(notes);
    }
    let mut body_html = message
        .body_html
        .as_deref()
        .map(sanitize_html)
        .filter(|h| !h.trim().is_empty());
    // An appointment, a task, a contact: what Outlook shows above the text goes first in it.
    if let Some(item) = &message.item {
        let lines = outlook_fields::lines(item);
        body = outlook_fields::block(&lines) + &body;
        body_html = body_html.map(|html| outlook_fields::block_html(&lines) + &html);
        source.notes.push(outlook_fields::FIELDS_NOTE.to_string());
        skipped.push(outlook_fields::FIELDS_NOTE.to_string());
    }
    // The date received is Outlook's delivery time to the unit's mailbox, not the sender's
    // submit time (guard rail 4); both are kept.
    let sent_at = message.sent.map(stockholm);
    let received_at = match (message.received, sent_at) {
        (Some(t), _) => stockholm(t),
        (None, Some(sent)) => {
            source.notes.push(NO_DELIVERY_NOTE.to_string());
            sent
        }
        (None, None) => {
            // Never silently: the arrival date decides whether an appeal was in time.
            let note = crate::time_questioned!(
                "meddelandet saknar mottagnings- och sändningstid; tiden är filens \
                 ändringstid, inte ankomsttiden"
            )
            .to_string();
            source.notes.push(note.clone());
            skipped.push(note);
            ctx.mtime_stockholm()
        }
    };
    on_item(NewItem {
        sender: sender(message),
        recipients: people(&message.to).collect(),
        sent_at,
        message_ids: MessageIds {
            id: MessageIds::clean(message.message_id.as_deref()),
            in_reply_to: MessageIds::clean(message.in_reply_to.as_deref()),
        },
        subject: message.subject.clone(),
        body,
        attachments,
        cc: people(&message.cc).collect(),
        bcc: people(&message.bcc).collect(),
        body_html,
        mail_marks: message
            .transport_headers
            .as_deref()
            .map(super::msg::mail_marks)
            .unwrap_or_default(),
        ..new_item(Channel::Email, Direction::In, received_at, source)
    })?;
    Ok(skipped)
}

/// The chain-of-custody note of an Outlook item dated by its submit time because it has no
/// delivery time (an outgoing or unsent item is dated so without a note).
pub(crate) const NO_DELIVERY_NOTE: &str = crate::time_questioned!(
    "Outlook-filen saknar leveranstid till brevlådan; inkomsttiden är avsändarens sändningstid"
);

/// "Name <address>", the address alone, or the name alone.
fn person(name: Option<&str>, email: Option<&str>) -> Option<String> {
    let name = name.map(str::trim).filter(|n| !n.is_empty());
    let email = email.map(str::trim).filter(|n| !n.is_empty());
    match (name, email) {
        (Some(n), Some(a)) if !n.eq_ignore_ascii_case(a) => Some(format!("{n} <{a}>")),
        (_, Some(a)) => Some(a.to_string()),
        (Some(n), None) => Some(n.to_string()),
        (None, None) => None,
    }
}

fn sender(m: &MsgMessage) -> String {
    person(m.sender_name.as_deref(), m.sender_email.as_deref()).unwrap_or_default()
}

fn people(list: &[MsgRecipient]) -> impl Iterator<Item = String> + '_ {
    list.iter()
        .filter_map(|r| person(r.name.as_deref(), r.email.as_deref()))
}

/// The plain body, else the HTML body as text, else the text of the RTF body (then `true`),
/// with a note when the RTF holds what neither its text nor its pictures give (an embedded
/// object). Line ends are normalised to `\n`.
fn body(m: &MsgMessage) -> (String, bool) {
    if let Some(text) = m.body_text.as_deref().filter(|t| !t.trim().is_empty()) {
        return (text.replace("\r\n", "\n"), false);
    }
    if let Some(html) = m.body_html.as_deref() {
        let text = html_to_text(html);
        if !text.trim().is_empty() {
            return (text, false);
        }
    }
    // Pictures and objects are taken as attachments ([`rtf_picture_files`],
    // [`rtf_object_files`]); what is left is said.
    let lacking = m.rtf_lacks_embedded();
    match (m.rtf_text(), lacking) {
        (Some(text), false) => (text, true),
        (Some(text), true) => (format!("{text}\n\n{RTF_PICTURES_NOTE}"), true),
        (None, true) => (RTF_PICTURES_NOTE.to_string(), false),
        // No body at all, or an RTF body without words: Outlook shows nothing either.
        (None, false) => (String::new(), false),
    }
}

/// An Outlook message sent as a file (an attached `.msg`), as text: its headers, the names of
/// its attachments and its text, as an attached message inside a `.msg` is rendered; `None`
/// when the bytes are no Outlook message.
pub(crate) fn attached_msg_text(bytes: &[u8]) -> Option<String> {
    parse_attached(bytes).map(|m| render(&m))
}

/// An Outlook message sent as a file: a `.msg`, or the TNEF stream (`winmail.dat`) Outlook
/// sends to recipients outside Exchange; `None` when the bytes are neither.
fn parse_attached(bytes: &[u8]) -> Option<MsgMessage> {
    if is_tnef(bytes) {
        parse_tnef(bytes).ok()
    } else {
        parse_msg(bytes).ok()
    }
}

/// The files inside an attached `.msg`, as its import would take them: its attachments, and
/// each message attached in it as text followed by its own files. Embedded objects and links,
/// which the import notes as left out, are left out here too.
pub(crate) fn attached_msg_files(bytes: &[u8]) -> Option<Vec<Attachment>> {
    let message = parse_attached(bytes)?;
    let mut files = Vec::new();
    collect_attachments(&message, "", &mut files, &mut Vec::new(), &mut Vec::new());
    rtf_picture_files(&message, "", &mut files);
    rtf_object_files(&message, "", &mut files);
    super::html_pictures::take_pictures(message.body_html.as_deref(), "", &mut files);
    Some(files)
}

/// The pictures pasted into `m`'s RTF body, added to `out` as files
/// "PREFIXbild-N-i-texten.EXT" (the printout draws a PNG or JPEG and names the rest), and the
/// chain-of-custody note saying so; `None` when it has none.
fn rtf_picture_files(m: &MsgMessage, prefix: &str, out: &mut Vec<Attachment>) -> Option<String> {
    let pictures = m.rtf_pictures();
    if pictures.is_empty() {
        return None;
    }
    let mut names = Vec::new();
    for (n, picture) in pictures.into_iter().enumerate() {
        let (mime, extension) = picture.format.mime_and_extension();
        let name = sanitize_file_name(
            &format!("{prefix}bild-{}-i-texten.{extension}", n + 1),
            out.len() + 1,
        );
        names.push(name.clone());
        out.push(Attachment::new(name, mime, picture.bytes));
    }
    super::html_pictures::pictures_note("RTF", &names)
}

/// The objects embedded in `m`'s RTF body, added to `out` as files: a packaged file under its
/// own name, anything else as "PREFIXobjekt-N-i-texten.EXT"; with the chain-of-custody note
/// saying so, `None` when it has none.
fn rtf_object_files(m: &MsgMessage, prefix: &str, out: &mut Vec<Attachment>) -> Option<String> {
    let mut names = Vec::new();
    for (n, object) in m.rtf_objects().into_iter().enumerate() {
        let name = object_name(
            &object,
            prefix,
            &format!("objekt-{}-i-texten", n + 1),
            out.len() + 1,
        );
        names.push(name.clone());
        out.push(Attachment::new(name, object.mime, object.bytes));
    }
    objects_note(&names)
}

/// The file name of an embedded object: its own (a packaged file), else `fallback` with the
/// extension of what it is, prefixed with `prefix`.
fn object_name(object: &EmbeddedObject, prefix: &str, fallback: &str, index: usize) -> String {
    let raw = match &object.file_name {
        Some(own) => own.clone(),
        None if fallback
            .to_ascii_lowercase()
            .ends_with(&format!(".{}", object.extension)) =>
        {
            fallback.to_string()
        }
        None => format!("{fallback}.{}", object.extension),
    };
    sanitize_file_name(&format!("{prefix}{raw}"), index)
}

/// The chain-of-custody note of the files taken from embedded OLE objects; `None` for none.
fn objects_note(names: &[String]) -> Option<String> {
    super::html_pictures::taken_note(
        names,
        "meddelandet innehöll ett inbäddat objekt (OLE); det är taget med som bilaga",
        "meddelandet innehöll {n} inbäddade objekt (OLE); de är tagna med som bilagor",
    )
}

/// Adds `m`'s attachments to `out`, names prefixed with `prefix` (the subject of the attached
/// message they came in, for nested ones). Attached messages are rendered as text, and their
/// attachments follow them. What cannot be taken is said in `skipped`; the names of files
/// taken from embedded objects are added to `objects`.
fn collect_attachments(
    m: &MsgMessage,
    prefix: &str,
    out: &mut Vec<Attachment>,
    skipped: &mut Vec<String>,
    objects: &mut Vec<String>,
) {
    for a in &m.attachments {
        let index = out.len() + 1;
        match &a.content {
            MsgAttachmentContent::Bytes(bytes) => {
                let mime = a
                    .mime
                    .as_deref()
                    .map(|m| m.trim().to_ascii_lowercase())
                    .filter(|m| m.contains('/'))
                    .or_else(|| {
                        a.file_name
                            .as_deref()
                            .and_then(mime_for_name)
                            .map(str::to_string)
                    })
                    .unwrap_or_else(|| "application/octet-stream".to_string());
                let raw = match a.file_name.as_deref().filter(|n| !n.trim().is_empty()) {
                    Some(n) => n.to_string(),
                    None => format!("bilaga-{index}{}", extension_for_mime(&mime)),
                };
                let name = sanitize_file_name(&format!("{prefix}{raw}"), index);
                out.push(Attachment::new(name, mime, bytes.clone()));
            }
            MsgAttachmentContent::Message(inner) => {
                let title = inner
                    .subject
                    .as_deref()
                    .or(a.file_name.as_deref())
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .unwrap_or("bifogat meddelande");
                let name = sanitize_file_name(&format!("{prefix}{title}.txt"), index);
                let text = render(inner);
                out.push(Attachment::new(
                    name,
                    "text/plain; charset=utf-8",
                    text.into_bytes(),
                ));
                let inner_prefix = format!("{prefix}{title} - ");
                collect_attachments(inner, &inner_prefix, out, skipped, objects);
                skipped.extend(rtf_picture_files(inner, &inner_prefix, out));
                skipped.extend(rtf_object_files(inner, &inner_prefix, out));
                skipped.extend(super::html_pictures::take_pictures(
                    inner.body_html.as_deref(),
                    &inner_prefix,
                    out,
                ));
            }
            MsgAttachmentContent::Object(object) => {
                let fallback = a
                    .file_name
                    .as_deref()
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map_or_else(|| format!("objekt-{index}"), str::to_string);
                let name = object_name(object, prefix, &fallback, index);
                if object.extension == "msg" {
                    skipped.push(format!(
                        "bilagan {name} är ett bifogat meddelande som inte kunde läsas här (skadat \
                         eller inbäddat i fler än {MAX_EMBEDDING_DEPTH} nivåer); det är taget med \
                         som fil"
                    ));
                } else {
                    objects.push(name.clone());
                }
                out.push(Attachment::new(name, object.mime, object.bytes.clone()));
            }
            MsgAttachmentContent::Other => {
                let name = sanitize_file_name(a.file_name.as_deref().unwrap_or(""), index);
                skipped.push(format!(
                    "bilagan {name} är en länk till en fil eller ett meddelande som inte kunde \
                     läsas och kunde inte tas med; se originalfilen"
                ));
            }
        }
    }
}

/// An attached message as text: its headers (Swedish labels), a list of its attachments, an
/// empty line, and its body.
fn render(m: &MsgMessage) -> String {
    let time = |t: DateTime<Utc>| stockholm(t).format("%Y-%m-%d %H:%M:%S %:z").to_string();
    let mut out = String::new();
    let mut line = |label: &str, value: String| {
        if !value.is_empty() {
            out.push_str(label);
            out.push_str(": ");
            out.push_str(&value);
            out.push('\n');
        }
    };
    line("Från", sender(m));
    line("Till", people(&m.to).collect::<Vec<_>>().join(", "));
    line("Kopia", people(&m.cc).collect::<Vec<_>>().join(", "));
    line(
        "Hemlig kopia",
        people(&m.bcc).collect::<Vec<_>>().join(", "),
    );
    line("Skickat", m.sent.map(time).unwrap_or_default());
    line("Mottaget", m.received.map(time).unwrap_or_default());
    line("Ämne", m.subject.clone().unwrap_or_default());
    for (label, value) in m
        .item
        .as_ref()
        .map(outlook_fields::lines)
        .unwrap_or_default()
    {
        line(label, outlook_fields::indented(&value));
    }
    let names: Vec<&str> = m
        .attachments
        .iter()
        .filter_map(|a| a.file_name.as_deref())
        .collect();
    line("Bilagor", names.join(", "));
    out.push('\n');
    out.push_str(&body(m).0);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}
