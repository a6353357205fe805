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
//! A file with a single message is an `.eml` with a leading `From ` line (what many programs
//! save) and is reported as [`Format::Eml`] with an empty locator; otherwise each item's locator
//! is `meddelande N` (1-based).

use std::io::{BufRead, BufReader};

use super::eml::{Parsed, message_item};
use super::{FileCtx, Format, ImportError, Problem};
use crate::model::NewItem;

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
        let is_empty = line == b"\n" || line == b"\r\n";
        if line.starts_with(b"From ") && previous_empty {
            if in_message {
                state.multi = true;
                state.finish()?;
            }
            in_message = true;
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
        let at = || format!("meddelande {n}, rad {}", self.start_line);
        match message_item(self.ctx, &bytes, &locator) {
            Parsed::Item(item, notes) => {
                self.skipped.extend(
                    notes
                        .into_iter()
                        .map(|note| format!("meddelande {n}: {note}")),
                );
                (self.on_item)(*item)
            }
            Parsed::Unparseable | Parsed::NotAMessage => {
                Err(self.ctx.invalid(Format::Mbox, at(), Problem::NotAnEmail))
            }
        }
    }
}
