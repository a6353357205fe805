//! A plain CSV list of text messages, for tools that export nothing else (and for messages
//! typed in by hand in Excel): one row per message with date, number, direction and text.
//!
//! The first row must name the columns, in Swedish or English, in any order and case:
//!
//! | column | names |
//! |---|---|
//! | date and time | `datum`, `date`, `tid`, `time`, `tidpunkt`, `datetime` |
//! | phone number | `nummer`, `number`, `telefon`, `phone`, `telefonnummer` |
//! | direction | `riktning`, `direction` (values `in`/`inkommande`/`inkommen`, `ut`/`out`/`utgående`) |
//! | text | `text`, `meddelande`, `message`, `body` |
//! | contact name (optional) | `namn`, `name`, `kontakt`, `contact` |
//!
//! A separate time column next to a date column (`datum;tid;…`) is joined to the date. Times
//! are RFC 3339 (`2026-11-03T14:05:00+01:00`) or `YYYY-MM-DD HH:MM[:SS]` in Europe/Stockholm
//! local time. The separator is `,`, `;` (what Swedish Excel writes) or a tab, taken from the
//! header row. The file must be UTF-8 ("CSV UTF-8" in Excel).
//!
//! Each row is one SMS item whose thread is the row's number; its locator is `rad N`, the line
//! the row starts on. A row that cannot be read stops the import with its line number (one file
//! is one transaction), except a row with an empty text, which is skipped with a note.

use std::io::Read;

use super::common::{Notes, new_item, parse_swedish_time};
use super::sms_xml::with_contact;
use super::{FileCtx, Format, ImportError, Problem};
use crate::model::{Channel, Direction, NewItem, thread_key};

/// What a header cell names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Date,
    Time,
    Number,
    Direction,
    Text,
    Name,
}

impl Column {
    fn of(cell: &str) -> Option<Column> {
        let name = cell
            .trim_start_matches('\u{FEFF}')
            .trim()
            .trim_matches('"')
            .trim()
            .to_lowercase();
        Some(match name.as_str() {
            "datum" | "date" | "tidpunkt" | "datetime" | "datum och tid" | "date and time" => {
                Column::Date
            }
            "tid" | "time" | "klockslag" => Column::Time,
            "nummer" | "number" | "telefon" | "phone" | "telefonnummer" | "phone number"
            | "mobilnummer" => Column::Number,
            "riktning" | "direction" => Column::Direction,
            "text" | "meddelande" | "message" | "body" | "meddelandetext" => Column::Text,
            "namn" | "name" | "kontakt" | "contact" => Column::Name,
            _ => return None,
        })
    }
}

/// The separators tried, in order.
const DELIMITERS: [u8; 3] = [b';', b',', b'\t'];

/// Where each column is in a row.
#[derive(Debug, Clone, Copy, Default)]
struct Columns {
    date: Option<usize>,
    time: Option<usize>,
    number: Option<usize>,
    direction: Option<usize>,
    text: Option<usize>,
    name: Option<usize>,
}

impl Columns {
    fn from_cells<'a>(cells: impl Iterator<Item = &'a str>) -> (Columns, usize) {
        let mut c = Columns::default();
        let mut known = 0;
        for (i, cell) in cells.enumerate() {
            let slot = match Column::of(cell) {
                Some(Column::Date) => &mut c.date,
                Some(Column::Time) => &mut c.time,
                Some(Column::Number) => &mut c.number,
                Some(Column::Direction) => &mut c.direction,
                Some(Column::Text) => &mut c.text,
                Some(Column::Name) => &mut c.name,
                None => continue,
            };
            if slot.is_none() {
                *slot = Some(i);
                known += 1;
            }
        }
        // A lone time column ("tid") holds the whole date and time.
        if c.date.is_none() {
            c.date = c.time.take();
        }
        (c, known)
    }

    /// The Swedish names of the required columns that are missing.
    fn missing(&self) -> Vec<&'static str> {
        [
            (self.date, "datum"),
            (self.number, "nummer"),
            (self.direction, "riktning"),
            (self.text, "text"),
        ]
        .into_iter()
        .filter_map(|(c, name)| c.is_none().then_some(name))
        .collect()
    }
}

/// The separator of a header line that names at least three of the known columns, all its
/// cells being short names (so a line of message text is never taken for a header).
fn header_delimiter(first_line: &str) -> Option<u8> {
    DELIMITERS.into_iter().find(|&d| {
        let cells: Vec<&str> = first_line.split(char::from(d)).collect();
        if cells.len() < 3 || cells.iter().any(|c| c.len() > 40) {
            return false;
        }
        let (_, known) = Columns::from_cells(cells.into_iter());
        known >= 3
    })
}

/// True when the file's first line is such a header (used by detection on the first bytes).
pub(crate) fn looks_like_csv(text: &[u8]) -> bool {
    let Some(end) = text.iter().position(|&b| b == b'\n') else {
        return false;
    };
    let Ok(line) = std::str::from_utf8(&text[..end]) else {
        return false;
    };
    header_delimiter(line.trim_end_matches('\r')).is_some()
}

/// Streams the rows and emits one item per message.
pub(crate) fn parse(
    ctx: &FileCtx<'_>,
    on_item: &mut dyn FnMut(NewItem) -> Result<(), ImportError>,
) -> Result<Notes, ImportError> {
    let invalid = |at: String, problem| ctx.invalid(Format::SmsCsv, at, problem);

    // The separator, from the first line (the hashed read below checks it is still the file).
    let mut head = Vec::with_capacity(1024);
    std::fs::File::open(ctx.path)
        .map_err(|e| ctx.io_err(e))?
        .take(8 * 1024)
        .read_to_end(&mut head)
        .map_err(|e| ctx.io_err(e))?;
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head);
    let first_line = head.split(|&b| b == b'\n').next().unwrap_or(head);
    let first_line = std::str::from_utf8(first_line)
        .map_err(|_| invalid("rad 1".to_string(), Problem::CsvEncoding))?;
    let delimiter = header_delimiter(first_line.trim_end_matches('\r'))
        .ok_or_else(|| invalid("rad 1".to_string(), Problem::CsvHeader))?;

    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(true)
        .from_reader(LineCounter::new(ctx.open_hashed()?));
    let csv_err =
        |e: csv::Error, reader: &mut csv::Reader<LineCounter<_>>, start: u64| -> ImportError {
            // Where the failing record starts: the error's position, else where the reader stood
            // before reading it.
            let byte = e.position().map_or(start, csv::Position::byte);
            let line = reader.get_mut().line_at(byte);
            match e.into_kind() {
                csv::ErrorKind::Io(io) if io.get_ref().is_some_and(|e| e.is::<TooManyLines>()) => {
                    invalid(format!("rad {line}"), Problem::CsvSyntax)
                }
                csv::ErrorKind::Io(io) => ctx.io_err(io),
                csv::ErrorKind::Utf8 { .. } => invalid(format!("rad {line}"), Problem::CsvEncoding),
                _ => invalid(format!("rad {line}"), Problem::CsvSyntax),
            }
        };
    let headers = match reader.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(csv_err(e, &mut reader, 0)),
    };
    let header_cells: Vec<&str> = headers
        .iter()
        .map(std::str::from_utf8)
        .collect::<Result<_, _>>()
        .map_err(|_| invalid("rad 1".to_string(), Problem::CsvEncoding))?;
    let (columns, _) = Columns::from_cells(header_cells.iter().copied());
    let missing = columns.missing();
    if !missing.is_empty() {
        return Err(invalid(
            format!("rubrikraden saknar {}", missing.join(", ")),
            Problem::CsvHeader,
        ));
    }
    let width = headers.len();

    let mut skipped = Notes::default();
    let mut record = csv::ByteRecord::new();
    let mut last_line = 1;
    loop {
        let start = reader.position().byte();
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_err(e, &mut reader, start)),
        }
        let line = match record.position() {
            Some(p) => reader.get_mut().line_at(p.byte()),
            None => last_line + 1,
        };
        last_line = line;
        let at = || format!("rad {line}");
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue; // `;;;` left by a spreadsheet
        }
        if record.len() != width {
            return Err(invalid(at(), Problem::CsvFieldCount));
        }
        let field = |i: Option<usize>| -> Result<&str, ImportError> {
            match i.and_then(|i| record.get(i)) {
                Some(bytes) => {
                    std::str::from_utf8(bytes).map_err(|_| invalid(at(), Problem::CsvEncoding))
                }
                None => Ok(""),
            }
        };
        let date = field(columns.date)?.trim();
        let time = field(columns.time)?.trim();
        let received_at = if time.is_empty() || date.contains(':') {
            parse_swedish_time(date)
        } else {
            parse_swedish_time(&format!("{date} {time}"))
        }
        .ok_or_else(|| invalid(at(), Problem::CsvDate))?;
        let direction = parse_direction(field(columns.direction)?)
            .ok_or_else(|| invalid(at(), Problem::CsvDirection))?;
        let number = field(columns.number)?.trim();
        if number.is_empty() {
            return Err(invalid(at(), Problem::CsvNumber));
        }
        // Spreadsheet line ends inside a quoted cell are CRLF; the message's are `\n`.
        let text = field(columns.text)?.replace("\r\n", "\n");
        if text.trim().is_empty() {
            skipped.skip(format!("rad {line}: tomt meddelande, hoppades över"));
            continue;
        }
        let name = field(columns.name)?.trim();
        let shown = with_contact(number, (!name.is_empty()).then_some(name));
        let (sender, recipients) = match direction {
            Direction::In => (shown, Vec::new()),
            Direction::Out => (String::new(), vec![shown]),
        };
        on_item(NewItem {
            sender,
            recipients,
            body: text,
            thread: Some(thread_key([number])),
            ..new_item(
                Channel::Sms,
                direction,
                received_at,
                ctx.source(format!("rad {line}")),
            )
        })?;
    }
    ctx.verify(reader.into_inner().inner)?;
    if last_line == 1 {
        skipped.push("filen har bara rubrikraden och inga meddelanden".to_string());
    }
    Ok(skipped)
}

/// More line ends than any message has inside one row: a quote that is never closed, which
/// would otherwise make the whole rest of the file one row.
const MAX_LINES_PER_ROW: usize = 100_000;

/// The error [`LineCounter`] reads fail with after [`MAX_LINES_PER_ROW`].
#[derive(Debug)]
struct TooManyLines;

impl std::fmt::Display for TooManyLines {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a CSV row spans too many lines")
    }
}

impl std::error::Error for TooManyLines {}

/// Counts the lines a record starts on. The csv crate's own line numbers are one short after
/// a CRLF line end (a record's position is the `\n` of the line before it), and every
/// spreadsheet writes CRLF; so the reader remembers where the line ends it has passed on are,
/// and a record's line is one more than the line ends at or before its byte position. Only the
/// line ends read ahead of the parser are kept.
struct LineCounter<R> {
    inner: R,
    offset: u64,
    pending: std::collections::VecDeque<u64>,
    passed: u64,
}

impl<R> LineCounter<R> {
    fn new(inner: R) -> Self {
        LineCounter {
            inner,
            offset: 0,
            pending: std::collections::VecDeque::new(),
            passed: 0,
        }
    }

    /// The 1-based line of the record at byte `position`. Positions must not decrease.
    fn line_at(&mut self, position: u64) -> u64 {
        while self.pending.front().is_some_and(|&nl| nl <= position) {
            self.pending.pop_front();
            self.passed += 1;
        }
        self.passed + 1
    }
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.pending.len() > MAX_LINES_PER_ROW {
            return Err(std::io::Error::other(TooManyLines));
        }
        let n = self.inner.read(buf)?;
        for (i, _) in buf[..n].iter().enumerate().filter(|(_, b)| **b == b'\n') {
            self.pending.push_back(self.offset + i as u64);
        }
        self.offset += n as u64;
        Ok(n)
    }
}

fn parse_direction(s: &str) -> Option<Direction> {
    match s.trim().to_lowercase().as_str() {
        "in" | "inkommande" | "inkommen" | "inkommet" | "mottaget" | "mottagen" | "incoming"
        | "received" => Some(Direction::In),
        "ut" | "out" | "utgående" | "skickat" | "skickad" | "outgoing" | "sent" => {
            Some(Direction::Out)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        assert!(looks_like_csv(b"datum;nummer;riktning;text\r\n"));
        assert!(looks_like_csv(
            b"\"Date\",\"Number\",\"Direction\",\"Message\"\n"
        ));
        assert!(looks_like_csv(
            b"tid\tnamn\ttelefon\triktning\tmeddelande\n"
        ));
        // Three known names suffice for detection; the reader then names what is missing.
        assert!(looks_like_csv(b"datum;nummer;text\n"));
        assert!(!looks_like_csv(b"datum;nummer\n"));
        assert!(!looks_like_csv(
            b"hej, text, datum, nummer och riktning i en mening\n"
        ));
        assert!(!looks_like_csv(b"datum;nummer;riktning;text"));
    }

    #[test]
    fn times_and_directions() {
        let t = |s: &str| parse_swedish_time(s).map(|t| t.to_rfc3339());
        assert_eq!(
            t("2026-11-03 14:05").as_deref(),
            Some("2026-11-03T14:05:00+01:00")
        );
        assert_eq!(
            t("2026-07-03 14:05:09").as_deref(),
            Some("2026-07-03T14:05:09+02:00")
        );
        assert_eq!(
            t("2026-11-03T14:05:00Z").as_deref(),
            Some("2026-11-03T14:05:00+00:00")
        );
        assert_eq!(t("3/11/2026 14:05"), None);
        assert_eq!(parse_direction(" Utgående "), Some(Direction::Out));
        assert_eq!(parse_direction("IN"), Some(Direction::In));
        assert_eq!(parse_direction("?"), None);
    }
}
