//! The inbox's full-text search: what the caseworker types, as an FTS5 query on `items_fts`
//! (migration "full-text search" in `store/migrations.rs`).
//!
//! # Swedish folding, and why it is one-way
//! Å, ä and ö are letters of their own in Swedish, not a with a mark: "får" (sheep, gets) is not
//! "far" (father), "öl" is not "ol". So the index keeps words as written (`exact`, tokenizer
//! `unicode61 remove_diacritics 0`), and a word typed **with** å/ä/ö matches only words spelt
//! so. But caseworkers often type on a keyboard or in a hurry without them, and names come
//! without them in e-mail addresses: a word typed **without** diacritics also matches the
//! folded column (å/ä→a, ö→o, æ→a, ø→o, é/è→e, ü→u), so "angelagen" finds "angelägen" and
//! "Bjorn" finds "Björn", while "får" never finds "far". A phone number in any common form
//! (`070-174 06 05`, `+46701740605`) is searched as the local form the index also holds.
//!
//! Every word must match (AND); the last one matches as a prefix, so results come while typing.
//!
//! # Scripts without spaces (issue 12)
//! Chinese, Japanese, Thai, Lao, Khmer and Myanmar write words without spaces between them, so a
//! word tokenizer sees a whole sentence as one word. The index keeps those texts a second time
//! in the column `spaced`, with each such character a word of its own (unigrams), and a typed
//! word in those scripts is searched there as a phrase of its characters: "明天" finds
//! "…预约明天上午…", also a one- or two-character word. FTS5's trigram tokenizer was the
//! other candidate: it cannot match fewer than three characters, and most Chinese words have
//! two; ICU is not part of the bundled SQLCipher. Combining marks (Devanagari virama, Arabic
//! harakat, Thai vowel signs) are letters of their word both in the index and here.

use crate::model::normalize_phone;
use crate::store::fts_text::{self, is_unspaced};

/// `s` lower-cased with the letters of the folded column replaced (å/ä/æ→a, ö/ø→o, é/è→e,
/// ü→u), as the index's folded column holds it: for matching outside the index (client names)
/// by the same rule.
pub fn fold_diacritics(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(fts_text::fold_letter)
        .collect()
}

/// Whether typed text holds a letter the folded column replaces; such text is matched only as
/// written ("får" never finds "far").
pub fn has_diacritics(s: &str) -> bool {
    s.contains(fts_text::FOLDED_LETTERS)
}

/// The FTS5 MATCH expression for what the user typed, or `None` when it holds no word.
pub fn fts_query(text: &str) -> Option<String> {
    let words = words(text);
    let last = words.len().checked_sub(1)?;
    let terms: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let prefix = if i == last { "*" } else { "" };
            // The word is made of letters, digits and marks only, so quoting needs no escaping.
            if w.chars().any(is_unspaced) {
                format!("spaced : \"{}\"{prefix}", spaced(w))
            } else if w.contains(fts_text::FOLDED_LETTERS) {
                format!("exact : \"{w}\"{prefix}")
            } else {
                format!("{{exact folded}} : \"{w}\"{prefix}")
            }
        })
        .collect();
    Some(terms.join(" AND "))
}

/// The words of the query, lower-cased; a phone number becomes the one word the index holds.
fn words(text: &str) -> Vec<String> {
    let phone = normalize_phone(text);
    if let Some(rest) = phone.strip_prefix("+46")
        && rest.len() >= 6
        && rest.chars().all(|c| c.is_ascii_digit())
    {
        return vec![format!("0{rest}")];
    }
    text.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Letters, digits, private-use characters and combining marks: what the index's tokenizer
/// (`categories 'L* N* Co M*'`) keeps inside a word.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c,
            '\u{0300}'..='\u{036F}'
            | '\u{0483}'..='\u{0489}'
            | '\u{0591}'..='\u{05BD}'
            | '\u{05BF}'
            | '\u{05C1}'..='\u{05C2}'
            | '\u{05C4}'..='\u{05C5}'
            | '\u{05C7}'
            | '\u{0610}'..='\u{061A}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0670}'
            | '\u{06D6}'..='\u{06DC}'
            | '\u{06DF}'..='\u{06E4}'
            | '\u{06E7}'..='\u{06E8}'
            | '\u{06EA}'..='\u{06ED}'
            | '\u{0900}'..='\u{0903}'
            | '\u{093A}'..='\u{094F}'
            | '\u{0951}'..='\u{0957}'
            | '\u{0962}'..='\u{0963}'
            | '\u{0E31}'
            | '\u{0E34}'..='\u{0E3A}'
            | '\u{0E47}'..='\u{0E4E}'
            | '\u{135D}'..='\u{135F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{302A}'..='\u{302F}'
            | '\u{3099}'..='\u{309A}'
            | '\u{E000}'..='\u{F8FF}'
            | '\u{FE20}'..='\u{FE2F}')
}

/// A word as the `spaced` column holds it: its unspaced characters as words of their own.
fn spaced(word: &str) -> String {
    fts_text::spread(word)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_with_swedish_letters_match_as_written_others_also_folded() {
        assert_eq!(
            fts_query("Angelägen fråga").as_deref(),
            Some("exact : \"angelägen\" AND exact : \"fråga\"*")
        );
        assert_eq!(
            fts_query("angelagen").as_deref(),
            Some("{exact folded} : \"angelagen\"*")
        );
    }

    #[test]
    fn operators_and_quotes_are_only_separators() {
        assert_eq!(
            fts_query("\"x\" OR y*").as_deref(),
            Some("{exact folded} : \"x\" AND {exact folded} : \"or\" AND {exact folded} : \"y\"*")
        );
        assert_eq!(fts_query("  -- \"  "), None);
    }

    #[test]
    fn unspaced_scripts_are_searched_character_by_character() {
        assert_eq!(fts_query("明天").as_deref(), Some("spaced : \"明 天\"*"));
        assert_eq!(
            fts_query("พรุ่งนี้ Anna").as_deref(),
            Some("spaced : \"พ ร ุ ่ ง น ี ้\" AND {exact folded} : \"anna\"*")
        );
        // A Hindi word with virama and vowel signs stays one word; Arabic too.
        assert_eq!(
            fts_query("धन्यवाद").as_deref(),
            Some("{exact folded} : \"धन्यवाद\"*")
        );
        assert_eq!(
            fts_query("الثلاثاء، ").as_deref(),
            Some("{exact folded} : \"الثلاثاء\"*")
        );
    }

    #[test]
    fn phone_numbers_in_any_form_become_the_local_form() {
        for typed in ["070-174 06 05", "+46701740605", "0701740605"] {
            assert_eq!(
                fts_query(typed).as_deref(),
                Some("{exact folded} : \"0701740605\"*"),
                "{typed}"
            );
        }
    }
}
