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
//! a message even without the empty line before it (a body line such as "From Russia with
//! love" has no date and does not); a message without headers is imported with its text, the
//! sender and time taken from its separator line and noted on the item.
//!
//! A file with a single message is an `.eml` with a leading `From ` line (what many programs
//! save) and is reported as [`Format::Eml`] with an empty locator; otherwise each item's locator
//! is `meddelande N` (1-based).

use std::io::{BufRead, BufReader};

use chrono::NaiveDateTime;

use super::common::stockholm_local;
use super::eml::{Envelope, Parsed, message_item};
use super::{FileCtx, Format, ImportError};
use crate::model::{Channel, Direction, MailMarks, NewItem};

/// Streams the file; returns the format it turned out to be and notes on skipped messages.
pub(crate) fn parse(
    ctx: &FileCtx<'_>,
    on_item: &mut dyn FnMut(NewItem) -> Result<(), ImportError>,
) -> Result<(Format, Vec<String>), ImportError> {
    let mut reader = BufReader::with_capacity(64 * 1024, ctx.open_hashed()?);
    let mut state = State {
        ctx,
        on_item,
        skipped: Vec::new(),
        count: 0,
        current: Vec::new(),
        envelope: Envelope::default(),
        start_line: 0,
        multi: false,
    };
    let mut line = Vec::with_capacity(256);
    let mut line_no = 0u64;
    let mut previous_empty = true;
    let mut in_message = false;
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
        let is_empty = line == b"\n" || line == b"\r\n";
        let separator = line.starts_with(b"From ");
        if separator && (previous_empty || is_separator_line(&line)) {
            if in_message {
                state.multi = true;
                state.finish()?;
            }
            in_message = true;
            state.envelope = envelope(&line);
            state.start_line = line_no;
            previous_empty = false;
            continue;
        }
        previous_empty = is_empty;
        if !in_message {
            // Text before the first separator: not part of any message. Detection only sends
            // files that begin with one, so this is blank lines at most.
            continue;
        }
        // mboxrd: `>From `, `>>From `, … lose one `>`.
        let quoted = line.iter().take_while(|&&b| b == b'>').count();
        if quoted > 0 && line[quoted..].starts_with(b"From ") {
            state.current.extend_from_slice(&line[1..]);
        } else {
            state.current.extend_from_slice(&line);
        }
    }
    if in_message {
        state.finish()?;
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

struct State<'c, 'a, 'f> {
    ctx: &'c FileCtx<'a>,
    on_item: &'f mut dyn FnMut(NewItem) -> Result<(), ImportError>,
    skipped: Vec<String>,
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
                .push(format!("meddelande {n}: tomt meddelande, hoppades över"));
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
            "tid saknas; tiden är filens ändringstid, inte ankomsttiden: kontrollera den"
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
        channel: Channel::Email,
        direction: Direction::In,
        sender: envelope.sender.clone().unwrap_or_default(),
        recipients: Vec::new(),
        received_at,
        sent_at: None,
        drawn_up: false,
        message_ids: Default::default(),
        subject: None,
        body: String::from_utf8_lossy(bytes).replace("\r\n", "\n"),
        attachments: Vec::new(),
        source,
        thread: None,
        parts: Vec::new(),
        cc: Vec::new(),
        page_address: None,
        body_html: None,
        mail_marks: MailMarks::default(),
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

/// The separator line's sender and date.
fn envelope(line: &[u8]) -> Envelope {
    let text = String::from_utf8_lossy(line);
    let rest = text.trim_end().strip_prefix("From ").unwrap_or("");
    let mut words = rest.split_whitespace();
    let sender = words
        .next()
        .filter(|w| w.contains('@') && *w != "MAILER-DAEMON")
        .map(str::to_string);
    let date = asctime(&words.collect::<Vec<_>>().join(" ")).and_then(stockholm_local);
    Envelope { sender, date }
}

/// An asctime date, `Wed Nov 27 12:27:32 2002` (single spaces), optionally with a zone
/// word or offset after the year, which is ignored.
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
