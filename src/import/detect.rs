//! Format detection from the first bytes of a file. File extensions are not trusted: a saved
//! attachment's name is whatever the sender chose.

use super::{Format, OtherFormat};

/// What the first bytes say.
pub(crate) enum Sniffed {
    /// A format inkom imports.
    Format(Format),
    /// Not importable; maybe recognised.
    Other(Option<OtherFormat>),
}

/// Header names that make a header-like first line an e-mail: at least one must appear in the
/// header block (compared case-insensitively).
const MAIL_HEADERS: &[&str] = &[
    "from",
    "to",
    "cc",
    "date",
    "subject",
    "received",
    "return-path",
    "message-id",
    "mime-version",
    "delivered-to",
    "reply-to",
    "sender",
    "x-mailer",
    "x-sender",
    "thread-topic",
    "in-reply-to",
    "references",
    "content-type",
];

/// Looks at the first bytes (up to 8 KiB) of a non-empty file.
pub(crate) fn sniff(head: &[u8]) -> Sniffed {
    use Sniffed::{Format as F, Other as O};
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return F(Format::Png);
    }
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return F(Format::Jpeg);
    }
    if head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP") {
        return F(Format::WebP);
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        // A candidate: parse_file checks the whole file's root storage before reading it as a
        // message, and reports a Word or Excel file as such.
        return F(Format::Msg);
    }
    if super::msg::is_tnef(head) {
        return F(Format::Tnef);
    }
    if head.starts_with(b"PK\x03\x04") {
        // A candidate: the SMS Import / Export reader looks for messages.ndjson in the
        // archive's directory and reports any other ZIP (a .docx) as an unsupported ZIP.
        return F(Format::SmsIeZip);
    }
    if head.starts_with(b"SQLite format 3\0") {
        // A candidate: the iPhone reader checks for the message tables and reports any other
        // database as such.
        return F(Format::IosSmsDb);
    }
    if let Some(other) = binary_magic(head) {
        return O(Some(other));
    }
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        let (text, _) = encoding_rs::Encoding::for_bom(head)
            .map(|(encoding, _)| encoding.decode_with_bom_removal(head))
            .unwrap_or_default();
        if is_outlook_text(text.as_bytes()) {
            return O(Some(OtherFormat::OutlookText));
        }
        return O(Some(OtherFormat::Utf16Text));
    }
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if is_outlook_text(text) {
        return O(Some(OtherFormat::OutlookText));
    }
    let trimmed = trim_start_ascii_ws(text);
    if trimmed.starts_with(b"<") {
        let lower: Vec<u8> = trimmed
            .iter()
            .take(64)
            .map(u8::to_ascii_lowercase)
            .collect();
        if lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html") {
            return O(Some(OtherFormat::Html));
        }
        // Any other XML goes to the SMS parser, which checks the root element and refuses
        // DOCTYPEs with a precise error.
        return F(Format::SmsBackupRestoreXml);
    }
    if trimmed.starts_with(b"{") && is_sms_ie_line(trimmed) {
        return F(Format::SmsIeNdjson);
    }
    if trimmed.starts_with(b"{") || trimmed.starts_with(b"[") {
        return O(Some(OtherFormat::Json));
    }
    if super::sms_csv::looks_like_csv(text) {
        return F(Format::SmsCsv);
    }
    let first_line = text.split(|&b| b == b'\n').next().unwrap_or(text);
    if super::mbox::is_separator_line(first_line) && text.len() > first_line.len() {
        // A full mbox separator (sender and date): an mbox even when its first message has no
        // headers.
        return F(Format::Mbox);
    }
    if looks_like_mail(text) {
        // A leading `From ` separator: an mbox, which may hold one message or many; the mbox
        // reader reports a single message as an .eml.
        if text.starts_with(b"From ") {
            return F(Format::Mbox);
        }
        return F(Format::Eml);
    }
    O(None)
}

fn binary_magic(head: &[u8]) -> Option<OtherFormat> {
    let at = |offset: usize, magic: &[u8]| head.get(offset..).is_some_and(|h| h.starts_with(magic));
    if at(0, b"PK\x03\x04") || at(0, b"PK\x05\x06") {
        Some(OtherFormat::Zip)
    } else if at(0, &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Some(OtherFormat::OleCompound)
    } else if at(0, b"SQLite format 3\0") {
        Some(OtherFormat::Sqlite)
    } else if at(4, b"ftyp")
        && [
            "heic", "heix", "heim", "heis", "hevc", "mif1", "msf1", "avif",
        ]
        .iter()
        .any(|brand| at(8, brand.as_bytes()))
    {
        Some(OtherFormat::Heif)
    } else if at(0, b"RIFF") && at(8, b"WEBP") {
        Some(OtherFormat::WebP)
    } else if at(0, b"GIF87a") || at(0, b"GIF89a") {
        Some(OtherFormat::Gif)
    } else if at(0, b"II*\0") || at(0, b"MM\0*") {
        Some(OtherFormat::Tiff)
    } else if at(0, b"BM") && head.len() > 14 && head[6..10] == [0, 0, 0, 0] {
        Some(OtherFormat::Bmp)
    } else if at(0, b"%PDF-") {
        Some(OtherFormat::Pdf)
    } else if at(0, b"!BDN") && (at(8, b"SM") || at(8, b"SO")) {
        // MS-PST's header: dwMagic, then wMagicClient "SM" (.pst) or "SO" (.ost).
        Some(OtherFormat::OutlookDataFile)
    } else {
        None
    }
}

/// True when the first line is an object with the keys SMS Import / Export writes first
/// (`"_id"` and `"thread_id"`, as strings). Only the head is seen, so this is a candidate check;
/// the reader refuses a line that is not such an object.
fn is_sms_ie_line(text: &[u8]) -> bool {
    let first = text.split(|&b| b == b'\n').next().unwrap_or(text);
    let has = |key: &[u8]| first.windows(key.len()).any(|w| w == key);
    has(b"\"thread_id\":") && (has(b"\"address\":") || has(b"\"msg_box\":") || has(b"\"_id\":"))
}

fn trim_start_ascii_ws(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

/// The header names Outlook writes, in English and Swedish, when it saves a message as text:
/// the sender, then the time it was sent (never a time of arrival).
const OUTLOOK_TEXT_FROM: &[&str] = &["from", "från"];
const OUTLOOK_TEXT_SENT: &[&str] = &["sent", "skickat"];

/// Whether the text is an e-mail Outlook saved as text (*Save As → Text Only*, in the
/// Windows code page or, read from UTF-16, as UTF-8): its first line `From:<TAB>…` (or
/// `Från:`), and a `Sent:<TAB>…` (`Skickat:`) line in the block of such lines that follows. A
/// saved .eml never has `Sent`, which is no mail header, nor a tab after its colons.
fn is_outlook_text(text: &[u8]) -> bool {
    let field = |line: &[u8], names: &[&str]| {
        let line = match std::str::from_utf8(line) {
            Ok(line) => std::borrow::Cow::Borrowed(line),
            Err(_) => {
                encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(line)
                    .0
            }
        };
        let Some((name, value)) = line.split_once(':') else {
            return false;
        };
        value.starts_with('\t') && names.iter().any(|n| name.to_lowercase() == *n)
    };
    let mut lines = text
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l));
    lines
        .next()
        .is_some_and(|first| field(first, OUTLOOK_TEXT_FROM))
        && lines
            .take_while(|l| !l.is_empty())
            .any(|l| field(l, OUTLOOK_TEXT_SENT))
}

/// True when the file starts like an RFC 5322 message: an optional mbox `From ` line, then
/// header fields (`Name: value`, folded lines allowed) of which at least one is a mail header.
/// Mail programs show a message whose header block has a damaged line (`Fro :Name`), so one
/// such line is forgiven when at least two known mail headers follow it.
fn looks_like_mail(text: &[u8]) -> bool {
    let mut lines = text
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l));
    let mut known = 0usize;
    let mut damaged = 0usize;
    let mut first = true;
    let mut seen_field = false;
    // The head may cut the last line short; only complete lines are judged.
    let complete = text.iter().filter(|&&b| b == b'\n').count();
    for (i, line) in lines.by_ref().enumerate() {
        if i >= complete {
            break;
        }
        if first && line.starts_with(b"From ") {
            first = false;
            continue;
        }
        first = false;
        if line.is_empty() {
            break;
        }
        if line[0] == b' ' || line[0] == b'\t' {
            if !seen_field {
                return false;
            }
            continue;
        }
        let name = line
            .iter()
            .position(|&b| b == b':')
            .map(|colon| &line[..colon])
            .filter(|name| !name.is_empty() && name.iter().all(|&b| (33..=126).contains(&b)));
        let Some(name) = name else {
            damaged += 1;
            if damaged > 1 {
                return false;
            }
            continue;
        };
        seen_field = true;
        if MAIL_HEADERS
            .iter()
            .any(|h| name.eq_ignore_ascii_case(h.as_bytes()))
        {
            known += 1;
        }
    }
    known > 0 && (damaged == 0 || known >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is(head: &[u8], want: Format) -> bool {
        matches!(sniff(head), Sniffed::Format(f) if f == want)
    }

    #[test]
    fn detects() {
        assert!(is(b"\x89PNG\r\n\x1a\n....", Format::Png));
        assert!(is(&[0xFF, 0xD8, 0xFF, 0xE0], Format::Jpeg));
        assert!(is(b"RIFF\x10\0\0\0WEBPVP8L", Format::WebP));
        assert!(is(
            b"\xEF\xBB\xBF<?xml version='1.0'?>\n<smses>",
            Format::SmsBackupRestoreXml
        ));
        assert!(is(
            b"Return-Path: <a@b>\r\nFrom: a@b\r\n\r\nbody",
            Format::Eml
        ));
        assert!(is(
            b"From a@b Tue May 10 2005\nX-Foo: 1\nSubject: s\n\n",
            Format::Mbox
        ));
        assert!(!is(b"Note: hello\nThis is text\n", Format::Eml));
        assert!(!is(b"hello world\n", Format::Eml));
        assert!(!is(b"Dear all,\nSubject: x\n\n", Format::Eml));
        assert!(is(
            b"Fro :Anna <a@example.test>\nTo: b@example.test\nSubject: s\n\nbody",
            Format::Eml
        ));
        assert!(is(
            b"From foo@bar  Wed Nov 27 12:27:32 2002\nmessage1\n",
            Format::Mbox
        ));
        assert!(!is(b"From Russia with love\nhello\n", Format::Mbox));
        // Candidates, confirmed or refused by their readers.
        assert!(is(b"PK\x03\x04rest", Format::SmsIeZip));
        // Outlook's Save As → Text Only, in English and in Swedish (Windows-1252, UTF-16).
        let outlook_text =
            |head: &[u8]| matches!(sniff(head), Sniffed::Other(Some(OtherFormat::OutlookText)));
        assert!(outlook_text(
            b"From:\tA <a@example.org>\r\nSent:\tThursday, December 3, 2026 9:13 AM\r\n\
              To:\tb@example.org\r\nSubject:\tX\r\n\r\nHej\r\n"
        ));
        assert!(outlook_text(
            b"Fr\xe5n:\tA\r\nSkickat:\tden 3 december 2026 09:13\r\n\r\nHej\r\n"
        ));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                "Från:\tA\r\nSkickat:\tden 3 december 2026\r\n\r\n"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        assert!(outlook_text(&utf16));
        // A saved e-mail is not one, nor a text that only begins like one.
        assert!(is(
            b"From: A <a@example.org>\r\nDate: Thu, 3 Dec 2026 09:13:00 +0100\r\n\r\nHej\r\n",
            Format::Eml
        ));
        assert!(!outlook_text(b"From:\tA\r\n\r\nSent:\tlater\r\n"));
        for data_file in [
            &b"!BDN\x12\x34\x56\x78SM\x17\x00"[..],
            b"!BDN\0\0\0\0SO\x24\x00",
        ] {
            assert!(matches!(
                sniff(data_file),
                Sniffed::Other(Some(OtherFormat::OutlookDataFile))
            ));
        }
        assert!(is(b"\x78\x9F\x3E\x22\x01\x00rest", Format::Tnef));
        assert!(is(b"SQLite format 3\0rest", Format::IosSmsDb));
        assert!(is(
            &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0],
            Format::Msg
        ));
        assert!(is(
            b"{\"_id\":\"101\",\"thread_id\":\"41\",\"address\":\"+46701740631\"}\n",
            Format::SmsIeNdjson
        ));
        assert!(is(
            b"\xEF\xBB\xBFdatum;nummer;riktning;text\r\n2026-11-03 14:05;070-1740605;in;hej\r\n",
            Format::SmsCsv
        ));
        assert!(matches!(
            sniff(b"{\"a\": 1}\n"),
            Sniffed::Other(Some(OtherFormat::Json))
        ));
        assert!(matches!(
            sniff(b"\0\0\0\x18ftypheic\0\0\0\0"),
            Sniffed::Other(Some(OtherFormat::Heif))
        ));
    }
}
