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

use crate::model::normalize_phone;

/// Letters that the folded column replaces; a word holding one is searched as written only.
const FOLDED: &[char] = &[
    'å', 'ä', 'ö', 'æ', 'ø', 'é', 'è', 'ü', 'Å', 'Ä', 'Ö', 'Æ', 'Ø', 'É', 'È', 'Ü',
];

/// `s` lower-cased with the letters of the folded column replaced (å/ä/æ→a, ö/ø→o, é/è→e,
/// ü→u), as the index's folded column holds it: for matching outside the index (client names)
/// by the same rule.
pub fn fold_diacritics(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| match c {
            'å' | 'ä' | 'æ' => 'a',
            'ö' | 'ø' => 'o',
            'é' | 'è' => 'e',
            'ü' => 'u',
            other => other,
        })
        .collect()
}

/// Whether typed text holds a letter the folded column replaces; such text is matched only as
/// written ("får" never finds "far").
pub fn has_diacritics(s: &str) -> bool {
    s.contains(FOLDED)
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
            // The word is made of letters and digits only, so quoting needs no escaping.
            if w.contains(FOLDED) {
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
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
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
