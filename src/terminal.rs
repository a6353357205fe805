//! Text from messages and file names made safe to print on a terminal.
//!
//! An SMS body, an e-mail subject or a file name is written by whoever sent it. Printed raw,
//! its control characters are commands to the terminal: ESC sequences clear the screen, move
//! the cursor to forge lines, or (OSC 52) write the user's clipboard; a carriage return
//! overwrites a line with another; bidirectional overrides show text in a different order
//! than it is stored. For terminal output each such character is shown as a visible escape
//! (`\u{1b}`); the stored text and the JSON output stay exact.

use std::borrow::Cow;
use std::fmt::Write as _;

/// For one line (a list column, a field, a file name): every control character is escaped,
/// line breaks and tabs included.
pub fn line(s: &str) -> Cow<'_, str> {
    escape(s, |_| false)
}

/// For multi-line text (a message body): line feeds and tabs are kept, every other control
/// character (the carriage return too) is escaped.
pub fn text(s: &str) -> Cow<'_, str> {
    escape(s, |c| c == '\n' || c == '\t')
}

/// For a message inkom wrote over several lines (a refusal listing files or messages, which
/// may carry a sender's file name): line feeds kept, every other control character escaped,
/// tabs included.
pub fn lines(s: &str) -> Cow<'_, str> {
    escape(s, |c| c == '\n')
}

/// Whether `c` changes what a terminal shows rather than being shown: C0 and C1 controls,
/// DEL, and the Unicode bidirectional formatting characters.
fn is_terminal_control(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

fn escape(s: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(|c| is_terminal_control(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if is_terminal_control(c) && !keep(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible_text() {
        assert_eq!(line("a\x1b[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(line("x\u{9b}y\u{7f}"), "x\\u{9b}y\\u{7f}");
        assert_eq!(line("rad 1\nrad 2\r"), "rad 1\\u{a}rad 2\\u{d}");
        assert_eq!(text("rad 1\nrad\t2\r"), "rad 1\nrad\t2\\u{d}");
        assert_eq!(lines("rad 1\nrad\t2\x1b"), "rad 1\nrad\\u{9}2\\u{1b}");
        assert_eq!(line("abc\u{202E}fdp.exe"), "abc\\u{202e}fdp.exe");
        assert!(matches!(line("Hej Åsa, välkommen!"), Cow::Borrowed(_)));
    }
}
