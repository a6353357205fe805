//! mbox files (Thunderbird, Apple Mail, Google Takeout exports): one item per message.
//!
//! The file is streamed line by line and only the message being read is in memory, so a whole
//! mailbox export can be imported. mail-parser's own mbox iterator is not used because it starts
//! a new message at *any* line beginning with `From `, also inside a body written by an mboxo
//! program; here a separator must follow an empty line (or open the file).
//!
//! mboxrd quoting is undone: a body line `>From …` was written as `>>From …`, and every line
//! matching `^>+From ` loses one `>`. The empty line that separates two messages belongs to
//! the format, not the message, and is removed.
//!
//! Lenient where mail programs are: a byte-order mark before the first separator is ignored; a
//! full separator line (`From sender Wed Nov 27 12:27:32 2002`, or Netscape's `From - …`) starts
//! a message even without the empty line before it; after an empty line, a `From ` line with a
//! date in any form does; a body line such as "From Russia with love" has no date and never
//! does (mboxo programs leave such lines unquoted); a message without headers is imported with
//! its text, the sender and time taken from its separator line and noted on the item.
//!
//! mboxcl/mboxcl2 framing: a message whose headers carry `Content-Length:` has a body of exactly
//! that many bytes, so a `From ` line inside it is text, not a new message. The length is
//! trusted only where it ends at a separator (or the end of the file), as mutt does; a length
//! that ends elsewhere (a program edited the message afterwards) is ignored and the message is
//! read as in a plain mbox. A framed body is taken as it stands (mboxcl2 does not quote).
//!
//! A mailbox cut off mid-message is refused ([`Problem::Truncated`]), or with salvage its last
//! message is skipped with a note: the end of the file comes before the `Content-Length:` is
//! reached, or the last message is a multipart whose closing delimiter never comes (the usual
//! cut: inside an attachment).
//!
//! A file with a single message is an `.eml` with a leading `From ` line (what many programs
//! save) and is reported as [`Format::Eml`] with an empty locator; otherwise each item's locator
//! is `meddelande N` (1-based).

use std::io::{BufRead, BufReader, Read};

use chrono::NaiveDateTime;

use super::common::{Notes, new_item};
use super::eml::{Envelope, Parsed, message_item};
use super::{FileCtx, Format, ImportError, Problem};
use crate::model::{Channel, Direction, NewItem};

/// Streams the file; returns the format it turned out to be and notes on skipped messages.
pub(crate) fn parse(
    ctx: &FileCtx<'_>,
    on_item: &mut dyn FnMut(NewItem) -> Result<(), ImportError>,
) -> Result<(Format, Notes), ImportError> {
    let mut reader = BufReader::with_capacity(64 * 1024, ctx.open_hashed()?);
    let mut state = State {
        ctx,
        on_item,
        skipped: Notes::default(),
        count: 0,
        current: Vec::new(),
        envelope: Envelope::default(),
        start_line: 0,
        multi: false,
    };
    let mut scan = Scan {
        previous_empty: true,
        in_message: false,
        in_headers: false,
        content_length: None,
    };
    let mut line = Vec::with_capacity(256);
    let mut line_no = 0u64;
    let mut cut = false;
    loop {
        line.clear();
        let n = reader
            .read_until(b'\n', &mut line)
            .map_err(|e| ctx.io_err(e))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        if line_no == 1 && line.starts_with(b"\xEF\xBB\xBF") {
            line.drain(..3);
        }
        let body_length = scan.line(&mut state, &line, line_no, false)?;
        if let Some(length) = body_length {
            match framed_body(&mut reader, length).map_err(|e| ctx.io_err(e))? {
                Framed::Held { body, after } => {
                    line_no += count_lines(&body);
                    state.current.extend_from_slice(&body);
                    scan.previous_empty = body.is_empty() || body.ends_with(b"\n\n");
                    for next in after {
                        line_no += 1;
                        // The line after a body that Content-Length framed is a separator
                        // even without the empty line before it.
                        scan.line(&mut state, &next, line_no, true)?;
                    }
                }
                Framed::Wrong(lines) => {
                    for next in lines {
                        line_no += 1;
                        scan.line(&mut state, &next, line_no, false)?;
                    }
                }
                Framed::PastEnd(lines) => {
                    cut = true;
                    for next in lines {
                        line_no += 1;
                        scan.line(&mut state, &next, line_no, false)?;
                    }
                }
            }
        }
    }
    if scan.in_message {
        state.finish_last(cut)?;
    }
    let format = if state.multi {
        Format::Mbox
    } else {
        Format::Eml
    };
    let skipped = std::mem::take(&mut state.skipped);
    drop(state);
    ctx.verify(reader.into_inner())?;
    Ok((format, skipped))
}

/// Where the line scanner is.
struct Scan {
    /// The line before was empty (or there was none): a `From ` line may start a message.
    previous_empty: bool,
    /// A separator was seen.
    in_message: bool,
    /// Between a separator and the empty line that ends the message's headers.
    in_headers: bool,
    /// The message's `Content-Length:` header, if any (mboxcl/mboxcl2 framing).
    content_length: Option<u64>,
}

impl Scan {
    /// Takes one line. Returns the body length to read as it stands when the line ended the
    /// headers of a message with a `Content-Length:` header. `after_framed` marks the line
    /// that follows such a body, which may be a separator without an empty line before it.
    fn line(
        &mut self,
        state: &mut State<'_, '_, '_>,
        line: &[u8],
        line_no: u64,
        after_framed: bool,
    ) -> Result<Option<u64>, ImportError> {
        let is_empty = line == b"\n" || line == b"\r\n";
        if line.starts_with(b"From ")
            && (after_framed
                || is_separator_line(line)
                || (self.previous_empty && (!self.in_message || is_dated_from_line(line))))
        {
            if self.in_message {
                state.multi = true;
                state.finish()?;
            }
            self.in_message = true;
            self.in_headers = true;
            self.content_length = None;
            state.envelope = envelope(line);
            state.start_line = line_no;
            self.previous_empty = false;
            return Ok(None);
        }
        self.previous_empty = is_empty;
        if !self.in_message {
            // Text before the first separator: not part of any message. Detection only sends
            // files that begin with one, so this is blank lines at most.
            return Ok(None);
        }
        if self.in_headers {
            state.current.extend_from_slice(line);
            if is_empty {
                self.in_headers = false;
                return Ok(self.content_length.take());
            }
            if let Some(value) = header_value(line, b"content-length:") {
                self.content_length = value.trim().parse().ok();
            }
            return Ok(None);
        }
        // mboxrd: `>From `, `>>From `, … lose one `>`.
        let quoted = line.iter().take_while(|&&b| b == b'>').count();
        if quoted > 0 && line[quoted..].starts_with(b"From ") {
            state.current.extend_from_slice(&line[1..]);
        } else {
            state.current.extend_from_slice(line);
        }
        Ok(None)
    }
}

/// A header line's value when its name (lower case, with the colon) is `name`.
fn header_value<'l>(line: &'l [u8], name: &[u8]) -> Option<&'l str> {
    let head = line.get(..name.len())?;
    if !head.eq_ignore_ascii_case(name) {
        return None;
    }
    std::str::from_utf8(&line[name.len()..]).ok()
}

/// What a `Content-Length:` header framed.
enum Framed {
    /// The length held: the body, then the line or two after it (a separator, or an empty
    /// line and a separator; none at the end of the file).
    Held { body: Vec<u8>, after: Vec<Vec<u8>> },
    /// The length did not end at a separator (written by a program that changed the body
    /// afterwards): the lines read, to be scanned as an ordinary mbox.
    Wrong(Vec<Vec<u8>>),
    /// The file ended before the length: the message is cut off. The lines read.
    PastEnd(Vec<Vec<u8>>),
}

/// Reads a body of `length` bytes as mboxcl2 frames it, and checks that a separator (or the
/// end of the file) follows, as mutt does; only then are `From ` lines inside it body text.
fn framed_body(reader: &mut impl BufRead, length: u64) -> std::io::Result<Framed> {
    let mut body = Vec::with_capacity(usize::try_from(length.min(1 << 20)).unwrap_or(0));
    (&mut *reader).take(length).read_to_end(&mut body)?;
    let into_lines = |bytes: &[u8], after: Vec<Vec<u8>>| -> Vec<Vec<u8>> {
        let mut lines: Vec<Vec<u8>> = bytes
            .split_inclusive(|&b| b == b'\n')
            .map(<[u8]>::to_vec)
            .collect();
        lines.extend(after);
        lines
    };
    if (body.len() as u64) < length {
        return Ok(Framed::PastEnd(into_lines(&body, Vec::new())));
    }
    let mut after = Vec::new();
    for _ in 0..2 {
        let mut next = Vec::new();
        if reader.read_until(b'\n', &mut next)? == 0 {
            // The end of the file: the length held.
            return Ok(Framed::Held { body, after });
        }
        let is_separator = next.starts_with(b"From ");
        let is_empty = next == b"\n" || next == b"\r\n";
        after.push(next);
        if is_separator {
            return Ok(Framed::Held { body, after });
        }
        if !is_empty {
            break;
        }
    }
    // A body that does not end at a line end, or a length that ends elsewhere: not framed.
    Ok(Framed::Wrong(into_lines(&body, after)))
}

fn count_lines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

struct State<'c, 'a, 'f> {
    ctx: &'c FileCtx<'a>,
    on_item: &'f mut dyn FnMut(NewItem) -> Result<(), ImportError>,
    skipped: Notes,
    /// Messages finished so far.
    count: usize,
    /// The message being read (without its `From ` line).
    current: Vec<u8>,
    /// What its `From ` line said.
    envelope: Envelope,
    /// Line of its `From ` separator, for error positions.
    start_line: u64,
    /// Whether a second message was seen, which decides the locators.
    multi: bool,
}

impl State<'_, '_, '_> {
    /// Emits the last message, unless the file ends inside it: its `Content-Length:` runs past
    /// the end (`cut`), or it is a multipart whose closing delimiter never comes (the usual cut:
    /// inside an attachment). A truncated mailbox is refused, or with salvage the message is
    /// skipped with a note. A file of one message is an e-mail, left to the e-mail reader's
    /// leniency.
    fn finish_last(&mut self, cut: bool) -> Result<(), ImportError> {
        if !(self.multi && (cut || unclosed_multipart(&self.current))) {
            return self.finish();
        }
        let n = self.count + 1;
        if !self.ctx.salvage {
            return Err(self.ctx.invalid(
                Format::Mbox,
                format!("meddelande {n}"),
                Problem::Truncated,
            ));
        }
        self.count = n;
        self.current.clear();
        self.skipped.skip(format!(
            "meddelande {n}: ofullständigt, filen tar slut mitt i det, hoppades över"
        ));
        Ok(())
    }

    /// Emits the message in `current`.
    fn finish(&mut self) -> Result<(), ImportError> {
        self.count += 1;
        let n = self.count;
        let mut bytes = std::mem::take(&mut self.current);
        // The empty line before the next separator (or at the end) is the format's.
        if bytes.ends_with(b"\r\n\r\n") {
            bytes.truncate(bytes.len() - 2);
        } else if bytes.ends_with(b"\n\n") {
            bytes.truncate(bytes.len() - 1);
        }
        let locator = if self.multi {
            format!("meddelande {n}")
        } else {
            String::new()
        };
        if bytes.iter().all(u8::is_ascii_whitespace) {
            self.skipped
                .skip(format!("meddelande {n}: tomt meddelande, hoppades över"));
            return Ok(());
        }
        let envelope = std::mem::take(&mut self.envelope);
        let (item, notes) = match message_item(self.ctx, &bytes, &locator, Some(&envelope)) {
            Parsed::Item(item, notes) => (*item, notes),
            // Behind a separator line, text that is not a message is one without headers.
            Parsed::NotAMessage | Parsed::Unparseable => {
                headerless(self.ctx, &bytes, &locator, &envelope)
            }
        };
        self.skipped.extend(
            notes
                .into_iter()
                .map(|note| format!("meddelande {n}: {note}")),
        );
        (self.on_item)(item)
    }
}

/// True when the message's top-level `Content-Type` is a multipart with a boundary and the
/// closing delimiter (`--boundary--`) is not in it: the message was cut off.
fn unclosed_multipart(message: &[u8]) -> bool {
    let head_end = find(message, b"\n\n")
        .or_else(|| find(message, b"\r\n\r\n"))
        .unwrap_or(message.len());
    // Unfold the header block, then find the Content-Type header.
    let head = String::from_utf8_lossy(&message[..head_end])
        .replace("\r\n", "\n")
        .replace("\n ", " ")
        .replace("\n\t", " ");
    let Some(content_type) = head.lines().find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("content-type")
            .then(|| value.to_string())
    }) else {
        return false;
    };
    if !content_type
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("multipart/")
    {
        return false;
    }
    let Some(boundary) = boundary(&content_type) else {
        return false;
    };
    let closing = format!("--{boundary}--");
    find(&message[head_end..], closing.as_bytes()).is_none()
}

/// The `boundary` parameter of a Content-Type value, quoted or not; `None` when empty.
fn boundary(content_type: &str) -> Option<String> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower.find("boundary=")? + "boundary=".len();
    let rest = &content_type[at..];
    let value = match rest.strip_prefix('"') {
        Some(quoted) => quoted.split('"').next()?,
        None => rest.split([';', ' ', '\t']).next()?,
    };
    (!value.is_empty()).then(|| value.to_string())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A message without headers (what some programs write for a note or a draft): its text as
/// it stands, sender and time from the separator line, and a note saying so.
fn headerless(
    ctx: &FileCtx<'_>,
    bytes: &[u8],
    locator: &str,
    envelope: &Envelope,
) -> (NewItem, Vec<String>) {
    let mut notes =
        vec!["meddelandet saknar brevhuvud; texten importerades som den står".to_string()];
    let received_at = envelope.date.unwrap_or_else(|| {
        notes.push(
            crate::time_questioned!("tid saknas; tiden är filens ändringstid, inte ankomsttiden")
                .to_string(),
        );
        ctx.mtime_stockholm()
    });
    if envelope.date.is_some() {
        notes.push(
            "tiden är hämtad från mbox-filens avgränsarrad (utan tidszon, läst som svensk tid)"
                .to_string(),
        );
    }
    let mut source = ctx.source(locator);
    source.notes.clone_from(&notes);
    let item = NewItem {
        sender: envelope.sender.clone().unwrap_or_default(),
        body: String::from_utf8_lossy(bytes).replace("\r\n", "\n"),
        ..new_item(Channel::Email, Direction::In, received_at, source)
    };
    (item, notes)
}

/// True for a complete separator line: `From `, one word (an address, or Netscape's `-`), and
/// then nothing or an asctime date (`Wed Nov 27 12:27:32 2002`). Body text that happens to
/// start with "From " has no such date.
pub(crate) fn is_separator_line(line: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(line) else {
        return false;
    };
    let Some(rest) = text.trim_end().strip_prefix("From ") else {
        return false;
    };
    let mut words = rest.split_whitespace();
    match words.next() {
        None => false,
        Some("-") if words.clone().next().is_none() => true,
        Some(_) => asctime(&words.collect::<Vec<_>>().join(" ")).is_some(),
    }
}

/// True for a `From ` line that carries a date (a sender word, then a date as a mail header or
/// asctime writes it, read by [`super::mail_date`]), that is an address alone, or that is
/// bare. After an empty line this starts a message even when the date is not asctime (`From
/// x@y Mon, 2 Nov 2026 10:00:00 +0100`); a body line an mboxo program left unquoted ("From
/// Russia with love", after an empty line) has no date and stays text, as in mutt; it used to
/// start a message and lose the line. So does a sentence with a time and a year in it ("From
/// 10:00 to 12:00 on 3 December 2026 we meet."), which a looser rule took for a separator:
/// the rest of the message became an item of its own, dated by the file.
fn is_dated_from_line(line: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(line) else {
        return false;
    };
    // A bare `From `, as old Thunderbird wrote the separator.
    if text.trim_end() == "From" {
        return true;
    }
    let Some(rest) = text.trim_end().strip_prefix("From ") else {
        return false;
    };
    // An address alone, as some programs write the separator: no body sentence is that.
    if let [sender] = rest.split_whitespace().collect::<Vec<_>>()[..] {
        return sender.contains('@');
    }
    let date: Vec<&str> = rest.split_whitespace().skip(1).collect();
    super::mail_date::read(&date.join(" ")).is_some()
}

/// The separator line's sender and date.
fn envelope(line: &[u8]) -> Envelope {
    let text = String::from_utf8_lossy(line);
    let rest = text.trim_end().strip_prefix("From ").unwrap_or("");
    let mut words = rest.split_whitespace();
    let sender = words
        .next()
        .filter(|w| w.contains('@') && *w != "MAILER-DAEMON")
        .map(str::to_string);
    // Read as the line was recognised ([`is_dated_from_line`]): a zone after the year
    // (`… 2002 +0000`) is the time's zone, none is Swedish time.
    let date = super::mail_date::read(&words.collect::<Vec<_>>().join(" ")).map(|t| t.at);
    Envelope { sender, date }
}

/// An asctime date, `Wed Nov 27 12:27:32 2002` (single spaces), optionally with a zone
/// word or offset after the year: only whether a line is a separator where no empty line
/// comes before it ([`is_separator_line`], stricter than [`super::mail_date`] on purpose).
fn asctime(text: &str) -> Option<NaiveDateTime> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let head = words.get(..5)?.join(" ");
    NaiveDateTime::parse_from_str(&head, "%a %b %d %H:%M:%S %Y")
        .ok()
        .or_else(|| {
            // Zone before the year: `Wed Nov 27 12:27:32 CET 2002`.
            let alt = format!("{} {}", words.get(..4)?.join(" "), words.get(5)?);
            NaiveDateTime::parse_from_str(&alt, "%a %b %d %H:%M:%S %Y").ok()
        })
}
