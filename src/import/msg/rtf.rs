//! The RTF body of a .msg: LZFu decompression (MS-OXRTFCP), recovery of the HTML or plain
//! text that Outlook encapsulated in it (MS-OXRTFEX), and the text of an ordinary RTF body.
//!
//! Many messages, especially older ones and those that passed through Exchange, carry their HTML
//! only inside the compressed RTF (`\fromhtml1`); without this the caseworker would see no body.
//! Some (appointments, contacts, rich-text mail from Word) have no other body at all: their
//! words are read from the RTF itself ([`plain_text`]), as a mail client shows them, without
//! the formatting.
//! Everything here works on hostile bytes: every index is checked and every output is bounded.

use std::collections::HashMap;

use encoding_rs::{Encoding, WINDOWS_1252};

/// The dictionary's initial contents, fixed by MS-OXRTFCP 2.1.3.1.1.
const PREBUF: &[u8] = b"{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";

/// COMPTYPE "LZFu": compressed.
const COMPRESSED: u32 = 0x7546_5A4C;
/// COMPTYPE "MELA": stored without compression.
const UNCOMPRESSED: u32 = 0x414C_454D;

/// Deepest RTF group nesting that is tracked; deeper braces are counted but share one state, so
/// a file of a million `{` cannot make the parser allocate a million states.
const MAX_GROUP_DEPTH: usize = 512;

fn u32_le(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Decompresses PR_RTF_COMPRESSED. Returns `None` when the header is not one of the two defined
/// kinds. The CRC is not checked: a wrong CRC on otherwise readable data is better shown than
/// hidden, and the output is bounded by `max_out` and by the declared raw size either way.
pub(super) fn decompress(data: &[u8], max_out: usize) -> Option<Vec<u8>> {
    let comp_size = u32_le(data, 0)? as usize;
    let raw_size = u32_le(data, 4)? as usize;
    let comp_type = u32_le(data, 8)?;
    // COMPSIZE counts the bytes after itself; trust it only as far as the data goes.
    let end = comp_size.saturating_add(4).clamp(16, data.len().max(16));
    let body = data.get(16..end).unwrap_or_default();
    let limit = raw_size.min(max_out);
    match comp_type {
        UNCOMPRESSED => Some(body[..limit.min(body.len())].to_vec()),
        COMPRESSED => {
            let mut dict = [0u8; 4096];
            dict[..PREBUF.len()].copy_from_slice(PREBUF);
            let mut write = PREBUF.len();
            // LZFu expands at most 8.5 times, so this never over-reserves for hostile sizes.
            let mut out = Vec::with_capacity(limit.min(body.len().saturating_mul(9)));
            let mut i = 0;
            'runs: while let Some(&control) = body.get(i) {
                i += 1;
                for bit in 0..8 {
                    if out.len() >= limit {
                        break 'runs;
                    }
                    if control & (1 << bit) == 0 {
                        let Some(&byte) = body.get(i) else {
                            break 'runs;
                        };
                        i += 1;
                        out.push(byte);
                        dict[write] = byte;
                        write = (write + 1) & 0xFFF;
                    } else {
                        let (Some(&hi), Some(&lo)) = (body.get(i), body.get(i + 1)) else {
                            break 'runs;
                        };
                        i += 2;
                        let token = u16::from_be_bytes([hi, lo]);
                        let mut read = usize::from(token >> 4);
                        let len = usize::from(token & 0xF) + 2;
                        if read == write {
                            // A reference to the write position marks the end of the data.
                            break 'runs;
                        }
                        for _ in 0..len {
                            let byte = dict[read];
                            out.push(byte);
                            dict[write] = byte;
                            read = (read + 1) & 0xFFF;
                            write = (write + 1) & 0xFFF;
                            if out.len() >= limit {
                                break 'runs;
                            }
                        }
                    }
                }
            }
            Some(out)
        }
        _ => None,
    }
}

/// What an RTF body turned out to encapsulate.
#[derive(Debug)]
pub(super) enum Encapsulated {
    /// The original HTML body (`\fromhtml1`).
    Html(String),
    /// The original plain-text body (`\fromtext`).
    Text(String),
}

/// Recovers the HTML (or plain text) that Outlook wrapped in RTF, or `None` when the RTF is
/// ordinary RTF with nothing encapsulated.
pub(super) fn de_encapsulate(rtf: &[u8]) -> Option<Encapsulated> {
    // The marker sits in the header, right after `{\rtf1`; looking further would let a body that
    // merely quotes the word switch modes.
    let head = &rtf[..rtf.len().min(1024)];
    let html = if contains_word(head, b"fromhtml1") {
        true
    } else if contains_word(head, b"fromtext") {
        false
    } else {
        return None;
    };
    let text = Deencapsulator::new(if html { Mode::Html } else { Mode::Text }).run(rtf);
    Some(if html {
        Encapsulated::Html(text)
    } else {
        Encapsulated::Text(text)
    })
}

/// The text of an ordinary RTF body (one that encapsulates nothing), as a mail client shows it:
/// paragraphs and table rows as lines, cells separated by tabs, hidden text, field codes,
/// pictures and the document's tables (fonts, styles, lists) left out. Only for a message that
/// has no other body: the formatting is lost, the words are not.
pub(super) fn plain_text(rtf: &[u8]) -> String {
    let text = Deencapsulator::new(Mode::Plain).run(rtf);
    // A table cell ends in a tab, the row's last one too: trailing blanks are layout.
    let lines: Vec<&str> = text
        .split("\r\n")
        .map(|line| line.trim_end_matches([' ', '\t']))
        .collect();
    lines.join("\n").trim_end().to_string()
}

/// Whether an RTF body holds a picture or an embedded object, which [`plain_text`] leaves out.
pub(super) fn has_pictures(rtf: &[u8]) -> bool {
    has_pict(rtf) || has_objects(rtf)
}

/// Whether an RTF body holds a picture (`\pict`).
pub(super) fn has_pict(rtf: &[u8]) -> bool {
    contains_word(rtf, b"pict")
}

/// Whether an RTF body holds an embedded object (`\objdata`).
pub(super) fn has_objects(rtf: &[u8]) -> bool {
    contains_word(rtf, b"objdata")
}

/// Whether `\word` occurs as a control word (not as `\\word`, an escaped backslash).
fn contains_word(hay: &[u8], word: &[u8]) -> bool {
    let mut i = 0;
    while i < hay.len() {
        if hay[i] == b'\\' {
            if hay.get(i + 1) == Some(&b'\\') {
                i += 2;
                continue;
            }
            let rest = &hay[i + 1..];
            if rest.starts_with(word) {
                let next = rest.get(word.len()).copied();
                if !next.is_some_and(|c| c.is_ascii_alphabetic()) {
                    return true;
                }
            }
        }
        i += 1;
    }
    false
}

/// Per-group RTF state that `{` saves and `}` restores.
#[derive(Clone, Copy)]
struct Group {
    /// Inside a destination whose text is not part of the document (font table, pictures, ...).
    skip: bool,
    /// Inside `{\*\htmltag ...}`: content is original HTML and is copied.
    htmltag: bool,
    /// `\htmlrtf` is on: text outside HTMLTAG groups exists only for RTF readers.
    htmlrtf: bool,
    /// Inside the font table, where `\fN\fcharsetM` define code pages instead of selecting fonts.
    fonttbl: bool,
    /// Current font (`\fN`), whose charset decides how `\'hh` bytes are read.
    font: Option<i32>,
    /// `\ucN`: how many fallback characters follow each `\uN`.
    uc: u32,
    /// `\v`: hidden text, which a mail client does not show (read in [`Mode::Plain`] only).
    hidden: bool,
}

/// What the reader takes from the RTF.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The HTML inside `\*\htmltag` groups and the text outside `\htmlrtf` (`\fromhtml1`).
    Html,
    /// The text outside `\htmlrtf` (`\fromtext`).
    Text,
    /// The document's own text: an ordinary RTF body.
    Plain,
}

/// Output text: 8-bit runs are collected and decoded together so that double-byte code pages
/// (Shift_JIS, GBK, ...) split over two `\'hh` escapes come out right.
struct Output {
    text: String,
    pending: Vec<u8>,
    pending_enc: &'static Encoding,
    high_surrogate: Option<u16>,
}

impl Output {
    fn byte(&mut self, b: u8, enc: &'static Encoding) {
        if enc != self.pending_enc {
            self.flush();
            self.pending_enc = enc;
        }
        self.drop_surrogate();
        self.pending.push(b);
    }

    fn str(&mut self, s: &str) {
        self.flush();
        self.drop_surrogate();
        self.text.push_str(s);
    }

    fn utf16(&mut self, unit: u16) {
        self.flush();
        match unit {
            0xD800..=0xDBFF => {
                self.drop_surrogate();
                self.high_surrogate = Some(unit);
            }
            0xDC00..=0xDFFF => {
                if let Some(high) = self.high_surrogate.take() {
                    let c =
                        0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                    self.text
                        .push(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER));
                } else {
                    self.text.push(char::REPLACEMENT_CHARACTER);
                }
            }
            _ => {
                self.drop_surrogate();
                self.text
                    .push(char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER));
            }
        }
    }

    fn drop_surrogate(&mut self) {
        if self.high_surrogate.take().is_some() {
            self.text.push(char::REPLACEMENT_CHARACTER);
        }
    }

    fn flush(&mut self) {
        if !self.pending.is_empty() {
            let (decoded, _) = self.pending_enc.decode_without_bom_handling(&self.pending);
            self.text.push_str(&decoded);
            self.pending.clear();
        }
    }

    fn finish(mut self) -> String {
        self.flush();
        self.drop_surrogate();
        self.text
    }
}

/// Destinations (groups opened by these words) whose text is not document text.
const SKIPPED_DESTINATIONS: &[&[u8]] = &[
    b"fonttbl",
    b"colortbl",
    b"stylesheet",
    b"info",
    b"pict",
    b"object",
    b"header",
    b"headerl",
    b"headerr",
    b"headerf",
    b"footer",
    b"footerl",
    b"footerr",
    b"footerf",
    b"footnote",
    b"annotation",
    b"listtable",
    b"listoverridetable",
    b"revtbl",
    b"rsidtbl",
    b"generator",
    b"xmlnstbl",
    b"filetbl",
    b"pntext",
    b"pntxta",
    b"pntxtb",
    b"fldinst",
    b"themedata",
    b"colorschememapping",
    b"latentstyles",
    b"datastore",
    b"nonshppict",
    b"shpinst",
    b"bkmkstart",
    b"bkmkend",
];

/// A streaming RTF reader: MS-OXRTFEX de-encapsulation ([`Mode::Html`], [`Mode::Text`]) or the
/// text of an ordinary body ([`Mode::Plain`]), on one tokenizer and one code-page logic.
struct Deencapsulator {
    mode: Mode,
    stack: Vec<Group>,
    /// Braces opened beyond [`MAX_GROUP_DEPTH`], which share the deepest tracked state.
    overflow: usize,
    state: Group,
    out: Output,
    /// `\ansicpgN`: the document's default code page.
    default_enc: &'static Encoding,
    default_font: Option<i32>,
    /// Font number → code page, from the font table's `\fcharsetN` / `\cpgN`.
    font_enc: HashMap<i32, &'static Encoding>,
    /// The font being defined inside the font table.
    defining_font: Option<i32>,
    /// Fallback characters still to drop after a `\uN`.
    skip_fallback: u32,
    /// Just after `{`: the next control word may name a destination.
    group_start: bool,
    /// Just after `{\*`: the next control word names an optional destination.
    star: bool,
}

impl Deencapsulator {
    fn new(mode: Mode) -> Self {
        let state = Group {
            skip: false,
            htmltag: false,
            htmlrtf: false,
            fonttbl: false,
            font: None,
            uc: 1,
            hidden: false,
        };
        Deencapsulator {
            mode,
            stack: Vec::new(),
            overflow: 0,
            state,
            out: Output {
                text: String::new(),
                pending: Vec::new(),
                pending_enc: WINDOWS_1252,
                high_surrogate: None,
            },
            default_enc: WINDOWS_1252,
            default_font: None,
            font_enc: HashMap::new(),
            defining_font: None,
            skip_fallback: 0,
            group_start: false,
            star: false,
        }
    }

    /// Whether document text at this point belongs to the recovered body.
    fn emitting(&self) -> bool {
        let hidden = self.mode == Mode::Plain && self.state.hidden;
        !self.state.skip && (self.state.htmltag || !self.state.htmlrtf) && !hidden
    }

    /// The code page for 8-bit text here. Inside HTMLTAG groups the document default applies;
    /// elsewhere the current font's charset does (that is how Outlook writes Cyrillic text
    /// under `\ansicpg1252`).
    fn current_enc(&self) -> &'static Encoding {
        if self.state.htmltag {
            return self.default_enc;
        }
        self.state
            .font
            .or(self.default_font)
            .and_then(|f| self.font_enc.get(&f).copied())
            .unwrap_or(self.default_enc)
    }

    fn text_byte(&mut self, b: u8) {
        if self.skip_fallback > 0 {
            self.skip_fallback -= 1;
            return;
        }
        if self.emitting() {
            let enc = self.current_enc();
            self.out.byte(b, enc);
        }
    }

    fn text_str(&mut self, s: &str) {
        if self.skip_fallback > 0 {
            self.skip_fallback -= 1;
            return;
        }
        if self.emitting() {
            self.out.str(s);
        }
    }

    fn open_group(&mut self) {
        self.skip_fallback = 0;
        if self.stack.len() >= MAX_GROUP_DEPTH {
            self.overflow += 1;
        } else {
            self.stack.push(self.state);
        }
        self.group_start = true;
        self.star = false;
    }

    fn close_group(&mut self) {
        self.skip_fallback = 0;
        if self.overflow > 0 {
            self.overflow -= 1;
        } else if let Some(prev) = self.stack.pop() {
            if self.state.fonttbl && !prev.fonttbl {
                self.defining_font = None;
            }
            self.state = prev;
        }
        self.group_start = false;
        self.star = false;
    }

    fn run(mut self, rtf: &[u8]) -> String {
        let mut i = 0;
        while let Some(&c) = rtf.get(i) {
            i += 1;
            match c {
                b'{' => self.open_group(),
                b'}' => {
                    self.close_group();
                    // The document ends with its outermost group; Outlook pads the stream
                    // after it (a NUL) and nothing there is text.
                    if self.mode == Mode::Plain && self.stack.is_empty() && self.overflow == 0 {
                        break;
                    }
                }
                b'\\' => i = self.control(rtf, i),
                b'\r' | b'\n' => {}
                _ => {
                    self.group_start = false;
                    self.star = false;
                    self.text_byte(c);
                }
            }
        }
        self.out.finish()
    }

    /// Handles the control word or symbol that starts at `i` (just after the backslash) and
    /// returns the index after it.
    fn control(&mut self, rtf: &[u8], mut i: usize) -> usize {
        let Some(&c) = rtf.get(i) else { return i };
        if !c.is_ascii_alphabetic() {
            i += 1;
            let at_start = self.group_start;
            self.group_start = false;
            match c {
                b'*' => {
                    self.star = at_start;
                    self.group_start = at_start;
                }
                b'\'' => {
                    let hex = rtf.get(i..i + 2).and_then(|h| std::str::from_utf8(h).ok());
                    if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                        i += 2;
                        self.text_byte(b);
                    }
                }
                b'\\' | b'{' | b'}' => self.text_byte(c),
                b'~' => self.text_str("\u{a0}"),
                b'_' => self.text_str("\u{2011}"),
                b'\r' | b'\n' => self.text_str("\r\n"),
                _ => {} // \- optional hyphen, \| \: and unknown symbols have no text.
            }
            return i;
        }
        let (word, param, after) = control_word(rtf, i);
        i = after;
        if word == b"bin" {
            // Raw binary data follows; it is never text.
            let n = usize::try_from(param.unwrap_or(0)).unwrap_or(0);
            return i.saturating_add(n).min(rtf.len());
        }
        self.word(word, param);
        i
    }

    fn word(&mut self, word: &[u8], param: Option<i32>) {
        let at_start = std::mem::take(&mut self.group_start);
        let star = std::mem::take(&mut self.star);
        if star {
            if word == b"htmltag" && !self.state.skip && self.mode == Mode::Html {
                self.state.htmltag = true;
            } else {
                // Optional destinations this reader does not know, including `\mhtmltag`
                // (a rewritten duplicate of the `\htmltag` next to it).
                self.state.skip = true;
            }
            return;
        }
        // An RTF reader shows the list numbers of `\pntext` (Outlook's and WordPad's lists);
        // in an encapsulated body they are RTF-only decoration.
        let shown_numbering = self.mode == Mode::Plain && word == b"pntext";
        if at_start && SKIPPED_DESTINATIONS.contains(&word) && !shown_numbering {
            self.state.skip = true;
            if word == b"fonttbl" {
                self.state.fonttbl = true;
            }
            return;
        }
        if self.state.fonttbl {
            match word {
                b"f" => self.defining_font = param,
                b"fcharset" => {
                    if let (Some(font), Some(enc)) =
                        (self.defining_font, param.and_then(charset_encoding))
                    {
                        self.font_enc.insert(font, enc);
                    }
                }
                b"cpg" => {
                    if let (Some(font), Some(enc)) =
                        (self.defining_font, param.and_then(codepage_encoding_i32))
                    {
                        self.font_enc.insert(font, enc);
                    }
                }
                _ => {}
            }
            return;
        }
        match word {
            b"ansicpg" => {
                if let Some(enc) = param.and_then(codepage_encoding_i32) {
                    self.default_enc = enc;
                }
            }
            b"deff" => self.default_font = param,
            b"f" => self.state.font = param,
            b"uc" => self.state.uc = u32::try_from(param.unwrap_or(1)).unwrap_or(1).min(8),
            b"u" => {
                if let Some(p) = param {
                    let skip = self.skip_fallback > 0;
                    if skip {
                        self.skip_fallback -= 1;
                    } else if self.emitting() {
                        // Negative values are the signed form of units above 0x7FFF.
                        self.out.utf16(p as u16);
                    }
                    if !skip {
                        self.skip_fallback = self.state.uc;
                    }
                }
                return;
            }
            b"htmlrtf" => self.state.htmlrtf = param.is_none_or(|p| p != 0),
            b"v" => self.state.hidden = param.is_none_or(|p| p != 0),
            b"plain" => self.state.hidden = false,
            _ => {}
        }
        let text = match word {
            b"par" | b"line" => Some("\r\n"),
            b"tab" => Some("\t"),
            b"cell" | b"nestcell" if self.mode == Mode::Plain => Some("\t"),
            b"row" | b"nestrow" | b"page" | b"sect" if self.mode == Mode::Plain => Some("\r\n"),
            b"lquote" => Some("\u{2018}"),
            b"rquote" => Some("\u{2019}"),
            b"ldblquote" => Some("\u{201c}"),
            b"rdblquote" => Some("\u{201d}"),
            b"bullet" => Some("\u{2022}"),
            b"endash" => Some("\u{2013}"),
            b"emdash" => Some("\u{2014}"),
            b"enspace" | b"emspace" | b"qmspace" => Some(" "),
            _ => None,
        };
        match text {
            Some(t) => self.text_str(t),
            // Any other control word counts as one fallback character after `\uN`.
            None => self.skip_fallback = self.skip_fallback.saturating_sub(1),
        }
    }
}

/// The control word starting at `i` (just after its backslash, at a letter): the word (at
/// most 32 letters), its numeric parameter (clamped to `i32`), and the index after it and the
/// space that may end it.
pub(super) fn control_word(rtf: &[u8], mut i: usize) -> (&[u8], Option<i32>, usize) {
    let start = i;
    while i < rtf.len() && i - start < 32 && rtf[i].is_ascii_alphabetic() {
        i += 1;
    }
    let word = &rtf[start..i];
    let mut param: Option<i32> = None;
    let num_start = i;
    if rtf.get(i) == Some(&b'-') {
        i += 1;
    }
    let digits_start = i;
    while i < rtf.len() && i - digits_start < 10 && rtf[i].is_ascii_digit() {
        i += 1;
    }
    if i > digits_start {
        param = std::str::from_utf8(&rtf[num_start..i])
            .ok()
            .and_then(|s| s.parse::<i64>().ok())
            .map(|v| v.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32);
    } else {
        i = num_start;
    }
    if rtf.get(i) == Some(&b' ') {
        i += 1;
    }
    (word, param, i)
}

/// The code page of an RTF `\fcharsetN`.
fn charset_encoding(charset: i32) -> Option<&'static Encoding> {
    let cp = match charset {
        77 => 10000,
        128 => 932,
        129 => 949,
        134 => 936,
        136 => 950,
        161 => 1253,
        162 => 1254,
        163 => 1258,
        177 => 1255,
        178 => 1256,
        186 => 1257,
        204 => 1251,
        222 => 874,
        238 => 1250,
        // 0 ANSI, 1 default, 2 symbol and unknown ones: the document code page applies.
        _ => return None,
    };
    super::codepage_encoding(cp)
}

fn codepage_encoding_i32(cp: i32) -> Option<&'static Encoding> {
    u32::try_from(cp).ok().and_then(super::codepage_encoding)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decompresses_the_spec_example() {
        // MS-OXRTFCP 3.1.1: "{\rtf1\ansi\ansicpg1252\pard hello world}\r\n".
        let data: &[u8] = &[
            0x2d, 0x00, 0x00, 0x00, 0x2b, 0x00, 0x00, 0x00, 0x4c, 0x5a, 0x46, 0x75, 0xf1, 0xc5,
            0xc7, 0xa7, 0x03, 0x00, 0x0a, 0x00, 0x72, 0x63, 0x70, 0x67, 0x31, 0x32, 0x35, 0x42,
            0x32, 0x0a, 0xf3, 0x20, 0x68, 0x65, 0x6c, 0x09, 0x00, 0x20, 0x62, 0x77, 0x05, 0xb0,
            0x6c, 0x64, 0x7d, 0x0a, 0x80, 0x0f, 0xa0,
        ];
        let out = decompress(data, 1 << 20).expect("known header");
        assert_eq!(out, b"{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n");
    }

    #[test]
    fn decompresses_a_run_that_overlaps_itself() {
        // MS-OXRTFCP 3.1.2: "{\rtf1 WXYZWXYZWXYZWXYZWXYZ}".
        let data: &[u8] = &[
            0x1a, 0x00, 0x00, 0x00, 0x1c, 0x00, 0x00, 0x00, 0x4c, 0x5a, 0x46, 0x75, 0xe2, 0xd4,
            0x4b, 0x51, 0x41, 0x00, 0x04, 0x20, 0x57, 0x58, 0x59, 0x5a, 0x0d, 0x6e, 0x7d, 0x01,
            0x0e, 0xb0,
        ];
        let out = decompress(data, 1 << 20).expect("known header");
        assert_eq!(out, b"{\\rtf1 WXYZWXYZWXYZWXYZWXYZ}");
    }

    #[test]
    fn hostile_headers_do_not_panic() {
        assert!(decompress(&[], 100).is_none());
        assert!(decompress(&[1, 2, 3], 100).is_none());
        let mut d = vec![0xff; 16];
        d[8..12].copy_from_slice(&UNCOMPRESSED.to_le_bytes());
        assert_eq!(decompress(&d, 100), Some(Vec::new()));
        d[8..12].copy_from_slice(&COMPRESSED.to_le_bytes());
        d.extend_from_slice(&[0xff; 64]);
        let out = decompress(&d, 100).expect("known header");
        assert!(out.len() <= 100);
    }

    #[test]
    fn de_encapsulates_html() {
        let rtf = br"{\rtf1\ansi\ansicpg1252\fromhtml1 \deff0{\fonttbl{\f0\fswiss\fcharset0 Arial;}{\f1\fswiss\fcharset204 Arial;}}
{\*\htmltag19 <html>}{\*\htmltag34 <head>}{\*\htmltag50 <body>}\htmlrtf {\htmlrtf0 {\*\htmltag64 <p>}\htmlrtf {\htmlrtf0 Hej \'e5\'e4\'f6 {\f1\'cf\'f0\'e8}\htmlrtf\par}\htmlrtf0 \u8364?{\*\htmltag72 </p>}\par}
{\*\mhtmltag84 <img src=x>}{\*\htmltag58 </body>}{\*\htmltag27 </html>}}";
        let Some(Encapsulated::Html(html)) = de_encapsulate(rtf) else {
            panic!("html expected")
        };
        assert_eq!(
            html,
            "<html><head><body><p>Hej åäö При€</p>\r\n</body></html>"
        );
    }

    #[test]
    fn plain_rtf_is_not_encapsulated() {
        assert!(de_encapsulate(br"{\rtf1\ansi Hello\par}").is_none());
        assert!(de_encapsulate(br"{\rtf1\ansi \\fromhtml1 Hello}").is_none());
    }

    #[test]
    fn de_encapsulates_text() {
        let rtf = br"{\rtf1\ansi\ansicpg1252\fromtext \deff0{\fonttbl{\f0\fswiss Arial;}}
{\colortbl\red0\green0\blue0;}\uc1\pard\plain\f0\fs20 Hej \'e5\'e4\'f6\par
Rad tv\'e5\htmlrtf {\b RTF only}\htmlrtf0 \tab slut}";
        let Some(Encapsulated::Text(text)) = de_encapsulate(rtf) else {
            panic!("text expected")
        };
        assert_eq!(text, "Hej åäö\r\nRad två\tslut");
    }

    #[test]
    fn random_rtf_token_soup_does_not_panic() {
        let pieces: &[&[u8]] = &[
            b"{",
            b"}",
            b"\\",
            b"\\'",
            b"\\'e5",
            b"\\'zz",
            b"\\u",
            b"\\u-4000",
            b"\\u55357\\u56832",
            b"\\uc2",
            b"\\uc-5",
            b"\\bin",
            b"\\bin99999999",
            b"\\*",
            b"\\htmltag84 <p>",
            b"\\htmlrtf",
            b"\\htmlrtf0",
            b"\\fonttbl",
            b"\\f1",
            b"\\fcharset204",
            b"\\cpg932",
            b"\\ansicpg65001",
            b"\\par",
            b"x",
            b"\xff",
            b"\r\n",
            b"\\f99999999999999",
            b" ",
            b"\\v",
            b"\\v0",
            b"\\cell",
            b"\\row",
            b"\\pntext",
            b"\\pict",
        ];
        let mut seed = 0x1234_5678_9ABC_DEF0u64;
        for _ in 0..3000 {
            let mut rtf = b"{\\rtf1\\fromhtml1".to_vec();
            for _ in 0..(seed % 64) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                rtf.extend_from_slice(pieces[(seed % pieces.len() as u64) as usize]);
            }
            let _ = de_encapsulate(&rtf);
            let _ = plain_text(&rtf);
            let _ = decompress(&rtf, 1 << 16);
        }
    }
}
