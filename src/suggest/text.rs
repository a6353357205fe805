//! Text as the detectors see it: lower-cased one character for one character, with the way
//! back to the original's byte offsets and to UTF-16 offsets (what the app's JavaScript uses to
//! highlight a span).

/// Lower-cases `s` character by character. A character whose lower case is more than one
/// character (rare: `İ`) is kept as it is, so every character of the result stands for exactly
/// one character of the input and offsets can be mapped back.
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

fn fold_char(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// One field of a message (subject, text or sender), folded, with offset maps.
#[derive(Debug)]
pub(crate) struct Field<'a> {
    /// The field as given.
    pub original: &'a str,
    /// [`fold`] of `original`.
    pub folded: String,
    /// For each byte offset of `folded` that starts a character (and its end): the byte offset
    /// in `original` and the UTF-16 offset. Other entries are unused.
    map: Vec<(u32, u32)>,
}

impl<'a> Field<'a> {
    pub(crate) fn new(original: &'a str) -> Field<'a> {
        let mut folded = String::with_capacity(original.len());
        let mut map = Vec::with_capacity(original.len() + 1);
        let mut utf16 = 0u32;
        for (byte, c) in original.char_indices() {
            let f = fold_char(c);
            for _ in 0..f.len_utf8() {
                map.push((byte as u32, utf16));
            }
            folded.push(f);
            utf16 += c.len_utf16() as u32;
        }
        map.push((original.len() as u32, utf16));
        Field {
            original,
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

    /// The folded byte offset for an original byte offset at a character boundary.
    pub(crate) fn folded_byte(&self, original_byte: usize) -> usize {
        self.original[..original_byte.min(self.original.len())]
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
        self.original.get(s..e).unwrap_or("")
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

/// Number of words, for "is this a short message".
pub(crate) fn word_count(s: &str) -> usize {
    s.split(|c: char| !is_word(c))
        .filter(|w| !w.is_empty())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn words_and_hyphenated_compounds() {
        let s = "inför LVU-mötet, idag";
        let at = s.find("LVU").expect("found");
        assert_eq!(&s[at..word_end(s, at)], "LVU-mötet");
        assert_eq!(word_start(s, at + 2), at);
        assert_eq!(word_count("ok, vi ses 10.30!"), 5);
    }
}
