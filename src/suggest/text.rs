//! Text as the detectors see it: lower-cased one character for one character, with the way
//! back to the original's byte offsets and to UTF-16 offsets (what the app's JavaScript uses to
//! highlight a span).
//!
//! The folding itself ([`fold`](crate::text_fold::fold)) lives in [`crate::text_fold`]: the client register folds names
//! the same way, and depends on that neutral module rather than on the suggestion.

use crate::text_fold::{fold_char, nfc};

/// One field of a message (subject, text or sender), composed (NFC) and folded, with offset
/// maps back to what was written.
#[derive(Debug)]
pub(crate) struct Field<'a> {
    /// The field as given.
    pub original: &'a str,
    /// NFC of `original`, case kept: what case-sensitive entries (`=JO`) are matched against.
    pub composed: String,
    /// [`fold`](crate::text_fold::fold) of `original`: NFC, lower case; one character for each of `composed`.
    pub folded: String,
    /// For each byte offset of `folded` that starts a character (and its end): the byte offset
    /// in `original` and the UTF-16 offset. Other entries are unused.
    map: Vec<(u32, u32)>,
}

impl<'a> Field<'a> {
    pub(crate) fn new(original: &'a str) -> Field<'a> {
        let mut folded = String::with_capacity(original.len());
        let mut composed = String::with_capacity(original.len());
        let mut map = Vec::with_capacity(original.len() + 1);
        // UTF-16 offset of each original byte that starts a character.
        let mut utf16_at = vec![0u32; original.len() + 1];
        let mut utf16 = 0u32;
        for (byte, c) in original.char_indices() {
            utf16_at[byte] = utf16;
            utf16 += c.len_utf16() as u32;
        }
        utf16_at[original.len()] = utf16;
        for (byte, c) in nfc(original) {
            let f = fold_char(c);
            for _ in 0..f.len_utf8() {
                map.push((byte as u32, utf16_at[byte]));
            }
            folded.push(f);
            composed.push(c);
        }
        map.push((original.len() as u32, utf16));
        Field {
            original,
            composed,
            folded,
            map,
        }
    }

    /// The original byte offset for a folded byte offset at a character boundary.
    pub(crate) fn original_byte(&self, folded_byte: usize) -> usize {
        self.map
            .get(folded_byte)
            .map_or(self.original.len(), |m| m.0 as usize)
    }

    /// The folded byte offset for a byte offset of `composed` at a character boundary.
    pub(crate) fn folded_byte(&self, composed_byte: usize) -> usize {
        self.composed[..composed_byte.min(self.composed.len())]
            .chars()
            .map(|c| fold_char(c).len_utf8())
            .sum()
    }

    /// The UTF-16 offset for a folded byte offset at a character boundary.
    pub(crate) fn utf16(&self, folded_byte: usize) -> u32 {
        self.map
            .get(folded_byte)
            .or(self.map.last())
            .map_or(0, |m| m.1)
    }

    /// The original text of a folded byte range.
    pub(crate) fn original_text(&self, range: std::ops::Range<usize>) -> &'a str {
        let (s, e) = (
            self.original_byte(range.start),
            self.original_byte(range.end),
        );
        self.original.get(s..e.max(s)).unwrap_or("")
    }
}

/// True for characters that make up a word (letters and digits).
pub(crate) fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// The start of the word that contains byte `at` of `s`.
pub(crate) fn word_start(s: &str, at: usize) -> usize {
    s[..at]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(at, |(i, _)| i)
}

/// The end of the word that contains byte `at` of `s`; a hyphen joining two word parts
/// ("LVU-mötet") belongs to the word.
pub(crate) fn word_end(s: &str, at: usize) -> usize {
    let mut end = at;
    let mut chars = s[at..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_word(c) {
            end = at + i + c.len_utf8();
        } else if c == '-' && chars.peek().is_some_and(|(_, n)| is_word(*n)) {
            continue;
        } else {
            break;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text_fold::fold;

    #[test]
    fn offsets_map_back_through_multibyte_and_astral_characters() {
        // "😀" is two UTF-16 units and four bytes; "Ä" folds to "ä" (two bytes each).
        let f = Field::new("😀 ÄR psykakuten");
        let at = f.folded.find("psykakuten").expect("found");
        assert_eq!(f.utf16(at), 6);
        assert_eq!(f.original_text(at..at + "psykakuten".len()), "psykakuten");
        assert_eq!(f.original_text(5..8), "ÄR");
    }

    #[test]
    fn decomposed_text_is_composed_and_maps_back() {
        // "hjälp" as macOS writes it: "a" + COMBINING DIAERESIS.
        let f = Field::new("HJA\u{308}LP nu");
        assert_eq!(f.folded, "hjälp nu");
        assert_eq!(f.original_text(0..6), "HJA\u{308}LP");
        assert_eq!(f.utf16(7), 7, "after the word: 6 units written, one space");
        assert_eq!(fold("O\u{308}verklagar"), "överklagar");
    }

    #[test]
    fn words_and_hyphenated_compounds() {
        let s = "inför LVU-mötet, idag";
        let at = s.find("LVU").expect("found");
        assert_eq!(&s[at..word_end(s, at)], "LVU-mötet");
        assert_eq!(word_start(s, at + 2), at);
    }
}
