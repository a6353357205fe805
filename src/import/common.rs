//! Helpers every format shares: Swedish local time, safe attachment names, the reader's notes
//! and the one constructor of an item ([`new_item`]).

use std::time::SystemTime;

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::Stockholm;

use crate::model::{Channel, Direction, NewItem, SourceRef};

/// An instant shown with the offset Sweden had at that instant (+01:00 or +02:00), so times on
/// either side of a DST change print as the caseworker's phone showed them.
pub(crate) fn stockholm(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.with_timezone(&Stockholm).fixed_offset()
}

/// Milliseconds since 1970 (Android's unit) in Stockholm time. Values below 10^11 are taken as
/// seconds: as milliseconds they would fall in 1973, as seconds they cover every real date,
/// and some exporters write seconds in the same field.
pub(crate) fn stockholm_from_epoch(value: i64) -> Option<DateTime<FixedOffset>> {
    if value <= 0 {
        return None;
    }
    let utc = if value < 100_000_000_000 {
        DateTime::<Utc>::from_timestamp(value, 0)?
    } else {
        DateTime::<Utc>::from_timestamp_millis(value)?
    };
    Some(stockholm(utc))
}

/// A wall-clock time without offset, read as Stockholm local time. In the autumn hour that
/// occurs twice the earlier one is taken; a time in the spring gap (which no clock showed) is
/// moved forward one hour, as a phone's clock would have.
pub(crate) fn stockholm_local(naive: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
    match Stockholm.from_local_datetime(&naive).earliest() {
        Some(t) => Some(t.fixed_offset()),
        None => Stockholm
            .from_local_datetime(&(naive + chrono::Duration::hours(1)))
            .earliest()
            .map(|t| t.fixed_offset()),
    }
}

/// A time as a Swedish user writes it: RFC 3339 (taken with its own offset), or
/// `YYYY-MM-DD HH:MM[:SS]` (also with `T`) in Stockholm local time (see [`stockholm_local`]).
/// Used for CSV files typed in Excel and for a caseworker's corrected date received.
pub(crate) fn parse_swedish_time(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t);
    }
    [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    .and_then(stockholm_local)
}

/// A file system time in Stockholm time.
pub(crate) fn stockholm_from_system_time(t: SystemTime) -> DateTime<FixedOffset> {
    stockholm(DateTime::<Utc>::from(t))
}

/// What a format reader says about a file besides its items: notes for the caseworker, and how
/// many of the file's messages it left out. Skipping a message goes through [`Notes::skip`], so
/// the count can never drift from the notes: "nothing silently lost" is checked on these figures
/// (messages in the file = items handed on + messages skipped with a reason).
#[derive(Debug, Default)]
pub(crate) struct Notes {
    lines: Vec<String>,
    skipped_messages: usize,
}

impl Notes {
    /// A note that loses no message (a repaired part, an attachment missing from the export).
    pub fn push(&mut self, note: String) {
        self.lines.push(note);
    }

    /// Something about a message that its item must say too, not only the import's summary:
    /// `note` goes onto the item (its chain of custody, printed on its sheet) and, after
    /// `place` ("mms 4"), into the summary. An attachment the file names but does not hold is
    /// one: a sheet without it would pass for the whole message.
    pub fn on_item(&mut self, item_notes: &mut Vec<String>, place: &str, note: String) {
        self.lines.push(format!("{place}: {note}"));
        item_notes.push(note);
    }

    /// A message of the file that is not handed on, with its position and the reason
    /// ("sms 4: tomt meddelande, hoppades över").
    pub fn skip(&mut self, note: String) {
        self.lines.push(note);
        self.skipped_messages += 1;
    }

    /// Messages skipped so far.
    pub fn skipped_messages(&self) -> usize {
        self.skipped_messages
    }

    /// The notes, in the order they were made.
    pub fn into_lines(self) -> Vec<String> {
        self.lines
    }
}

impl From<Vec<String>> for Notes {
    /// Notes of a reader that never skips a message (a file that is one message).
    fn from(lines: Vec<String>) -> Self {
        Notes {
            lines,
            skipped_messages: 0,
        }
    }
}

impl Extend<String> for Notes {
    fn extend<T: IntoIterator<Item = String>>(&mut self, iter: T) {
        self.lines.extend(iter);
    }
}

/// An item with what every reader knows of every message (how it came, which way, when it
/// arrived, where in which file it was found) and every other field empty: no sender, text,
/// attachments, thread or e-mail headers, not drawn up.
///
/// Each reader fills in what its format has with struct update syntax,
/// `NewItem { sender, body, ..new_item(Channel::Sms, direction, received_at, source) }`, so
/// the empty value of a field lives here once: a field added to [`NewItem`] is added here, not
/// in every reader, and no reader can forget to set one.
pub(crate) fn new_item(
    channel: Channel,
    direction: Direction,
    received_at: DateTime<FixedOffset>,
    source: SourceRef,
) -> NewItem {
    NewItem {
        channel,
        direction,
        sender: String::new(),
        recipients: Vec::new(),
        cc: Vec::new(),
        bcc: Vec::new(),
        page_address: None,
        received_at,
        sent_at: None,
        drawn_up: false,
        message_ids: Default::default(),
        subject: None,
        body: String::new(),
        body_html: None,
        attachments: Vec::new(),
        source,
        thread: None,
        parts: Vec::new(),
        mail_marks: Default::default(),
    }
}

/// Longest attachment name kept, in characters; Windows paths break near 260.
const MAX_NAME_CHARS: usize = 150;

/// Makes an attachment name safe to save on a caseworker's Windows PC.
///
/// Names come from senders and can be hostile: `../../x` or `C:\Windows\x` (path traversal),
/// `CON.txt` (a device on Windows), control or bidi characters (`gpj.exe` shown as `exe.jpg`).
/// Keeps the last path component, drops control and bidi-override characters, replaces the
/// characters Windows forbids with `_`, trims leading and trailing dots and spaces, prefixes
/// reserved device names with `_`, shortens very long names (keeping the extension), and falls
/// back to `bilaga-N` (`index`, 1-based) when nothing is left.
pub fn sanitize_file_name(raw: &str, index: usize) -> String {
    let last = raw
        .split(['/', '\\'])
        .map(str::trim)
        .rfind(|c| !c.is_empty() && *c != "." && *c != "..")
        .unwrap_or("");
    safe_name(last, index)
}

/// [`sanitize_file_name`] for a name known to be one component: everything but the split at
/// `/` and `\`. For a file's own name shown with `\xHH` escapes ([`crate::path_text`]), whose
/// backslashes are escapes, not folders.
pub fn safe_name(last: &str, index: usize) -> String {
    let mut name: String = last
        .chars()
        .filter(|c| !c.is_control() && !is_bidi_control(*c))
        .map(|c| {
            if matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let trimmed_len = name.trim_end_matches(['.', ' ']).len();
    name.truncate(trimmed_len);
    // Leading dots hide a file on Unix and make `..x` look like a path step.
    let name = name
        .trim_start_matches(|c: char| c == '.' || c.is_whitespace())
        .to_string();
    if name.is_empty() || name.chars().all(|c| c == '.') {
        return format!("bilaga-{index}");
    }
    let name = shorten(&name);
    if is_reserved_windows_name(&name) {
        format!("_{name}")
    } else {
        name
    }
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn is_reserved_windows_name(name: &str) -> bool {
    let stem = name
        .split('.')
        .next()
        .unwrap_or("")
        .trim_end()
        .to_ascii_uppercase();
    match stem.as_str() {
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$" => true,
        s => ["COM", "LPT"].iter().any(|port| {
            s.strip_prefix(port).is_some_and(|n| {
                matches!(
                    n,
                    "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "¹" | "²" | "³"
                )
            })
        }),
    }
}

fn shorten(name: &str) -> String {
    if name.chars().count() <= MAX_NAME_CHARS {
        return name.to_string();
    }
    let ext = match name.rfind('.') {
        Some(i) if name.len() - i <= 10 && i > 0 => &name[i..],
        _ => "",
    };
    let keep = MAX_NAME_CHARS - ext.chars().count();
    let stem: String = name.chars().take(keep).collect();
    format!("{}{ext}", stem.trim_end_matches(['.', ' ']))
}

/// A file name extension for a MIME type, for attachments that came without a name.
pub(crate) fn extension_for_mime(mime: &str) -> &'static str {
    match mime.to_ascii_lowercase().as_str() {
        "image/png" => ".png",
        "image/jpeg" | "image/jpg" => ".jpg",
        "image/gif" => ".gif",
        "image/webp" => ".webp",
        "image/heic" | "image/heif" => ".heic",
        "image/bmp" => ".bmp",
        "image/tiff" => ".tif",
        "image/svg+xml" => ".svg",
        "application/pdf" => ".pdf",
        "text/plain" => ".txt",
        "text/html" => ".html",
        "text/x-vcard" | "text/vcard" => ".vcf",
        "text/calendar" => ".ics",
        "message/rfc822" => ".eml",
        "video/mp4" => ".mp4",
        "video/3gpp" => ".3gp",
        "audio/amr" => ".amr",
        _ => "",
    }
}

/// A MIME type guessed from a file name's extension, for attachments whose container did not
/// record one (Outlook often leaves it out).
pub(crate) fn mime_for_name(name: &str) -> Option<&'static str> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "bmp" => "image/bmp",
        "tif" | "tiff" => "image/tiff",
        "heic" => "image/heic",
        "heif" => "image/heif",
        "pdf" => "application/pdf",
        "txt" => "text/plain",
        "rtf" => "application/rtf",
        "ics" => "text/calendar",
        "htm" | "html" => "text/html",
        "vcf" => "text/vcard",
        "eml" => "message/rfc822",
        "mp4" => "video/mp4",
        "mov" => "video/quicktime",
        "3gp" => "video/3gpp",
        "amr" => "audio/amr",
        "m4a" => "audio/mp4",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "zip" => "application/zip",
        _ => return None,
    })
}

/// The one wording of the note on content whose transfer encoding (`base64`,
/// `quoted-printable`) does not decode and which is therefore kept as it stands in its source
/// (`in_what`: "brevet", "filen"): a file kept so does not open as what its name says, and the
/// caseworker must hear why. Used by the e-mail and the SMS Backup & Restore readers.
pub(crate) fn undecoded_note(what: &str, encoding: &str, in_what: &str) -> String {
    format!(
        "{what} kunde inte avkodas ({encoding}-kodningen är trasig); den är sparad som den stod \
         i {in_what}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(sanitize_file_name("../../x", 1), "x");
        assert_eq!(
            sanitize_file_name("..\\..\\Windows\\evil.exe", 1),
            "evil.exe"
        );
        assert_eq!(sanitize_file_name("CON.txt", 1), "_CON.txt");
        assert_eq!(sanitize_file_name("com1", 1), "_com1");
        assert_eq!(sanitize_file_name("COM10.txt", 1), "COM10.txt");
        assert_eq!(sanitize_file_name("", 3), "bilaga-3");
        assert_eq!(sanitize_file_name("../..", 2), "bilaga-2");
        assert_eq!(sanitize_file_name("..®", 1), "®");
        assert_eq!(sanitize_file_name(".htaccess", 1), "htaccess");
        assert_eq!(sanitize_file_name("a\u{202E}gpj.exe", 1), "agpj.exe");
        assert_eq!(sanitize_file_name("rapport?.pdf. ", 1), "rapport_.pdf");
        assert_eq!(
            sanitize_file_name("Skärmbild hyresavi.png", 1),
            "Skärmbild hyresavi.png"
        );
        let long = format!("{}.pdf", "å".repeat(400));
        let s = sanitize_file_name(&long, 1);
        assert_eq!(s.chars().count(), MAX_NAME_CHARS);
        assert!(s.ends_with(".pdf"));
    }

    /// An unnamed part gets a name a caseworker's computer opens: a meeting invitation
    /// (`text/calendar`) is an .ics, a picture of a kind the printout draws keeps its kind.
    #[test]
    fn unnamed_parts_get_the_extension_of_their_type() {
        for (mime, ext) in [
            ("text/calendar", ".ics"),
            ("IMAGE/BMP", ".bmp"),
            ("image/tiff", ".tif"),
            ("image/png", ".png"),
            ("application/x-unknown", ""),
        ] {
            assert_eq!(extension_for_mime(mime), ext, "{mime}");
        }
    }

    #[test]
    fn dst() {
        // 2026-10-25 01:00 UTC is the change: before it +02:00, after it +01:00.
        let before = stockholm_from_epoch(1_792_889_999_000).map(|t| t.to_rfc3339());
        let after = stockholm_from_epoch(1_792_890_000_000).map(|t| t.to_rfc3339());
        assert_eq!(before.as_deref(), Some("2026-10-25T02:59:59+02:00"));
        assert_eq!(after.as_deref(), Some("2026-10-25T02:00:00+01:00"));
        // Seconds are recognised.
        let secs = stockholm_from_epoch(1_792_890_000).map(|t| t.to_rfc3339());
        assert_eq!(secs.as_deref(), Some("2026-10-25T02:00:00+01:00"));
        let gap = NaiveDateTime::parse_from_str("2026-03-29 02:30:00", "%Y-%m-%d %H:%M:%S");
        let gap = gap.ok().and_then(stockholm_local).map(|t| t.to_rfc3339());
        assert_eq!(gap.as_deref(), Some("2026-03-29T03:30:00+02:00"));
    }
}
