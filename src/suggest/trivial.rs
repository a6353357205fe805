//! The closed set of trivial forms: the only messages (besides mail that is automatic by its
//! headers, and spam) that may be suggested `ringa`. A message is trivial when it consists
//! *wholly* of phrases from `assets/lexicon/ringa_hela_meddelandet.txt` ("ok", "tack för
//! idag", "vi ses", "jag blir sen", "kan vi flytta mötet") and filler from
//! `ringa_utfyllnad.txt` (greetings, times, days, places), with at least one phrase. One word
//! outside the lists and the message is not trivial: short and unknown means no suggestion,
//! never `ringa`, so "Hjälp", "Du ska dö" or "Jag hittar inte min son" can never slip through
//! for being short.
//!
//! Matching is on whole words (tokens), after NFC and lower-casing: numbers of up to four
//! digits are the token `{tal}` (times, minutes, dates); an emoji is a token of its own;
//! punctuation is ignored.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::text_fold::fold;

/// The phrase lists, compiled into the binary.
const HEADS: &str = include_str!("../../assets/lexicon/ringa_hela_meddelandet.txt");
const FILLERS: &str = include_str!("../../assets/lexicon/ringa_utfyllnad.txt");

/// More tokens than this and a message is not a trivial form, whatever it says.
const MAX_TOKENS: usize = 40;

/// The token a number of up to four digits becomes.
const NUMBER: &str = "{tal}";

/// Phrases by their first token: (tokens, is a head phrase rather than filler).
pub(crate) struct Forms {
    by_first: HashMap<String, Vec<(Vec<String>, bool)>>,
}

static FORMS: LazyLock<Forms> = LazyLock::new(|| Forms::build(&[(HEADS, true), (FILLERS, false)]));

/// The built-in trivial forms.
pub(crate) fn forms() -> &'static Forms {
    &FORMS
}

impl Forms {
    fn build(lists: &[(&str, bool)]) -> Forms {
        let mut by_first: HashMap<String, Vec<(Vec<String>, bool)>> = HashMap::new();
        for &(text, head) in lists {
            for line in text.lines().map(str::trim) {
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let tokens: Vec<String> = line
                    .split_whitespace()
                    .flat_map(|w| {
                        if w == NUMBER {
                            vec![NUMBER.to_string()]
                        } else {
                            tokens(w)
                        }
                    })
                    .collect();
                if let Some(first) = tokens.first() {
                    by_first
                        .entry(first.clone())
                        .or_default()
                        .push((tokens, head));
                }
            }
        }
        Forms { by_first }
    }

    /// True when the whole of `text` is trivial phrases and filler, with at least one phrase.
    /// A signature after a closing greeting ("Hälsningar Amira") is allowed.
    pub(crate) fn is_trivial(&self, text: &str) -> bool {
        self.cover(&tokens(without_signature(text))) == Some(true)
    }

    /// True when the whole of `text` is phrases and filler (no phrase needed): used for a
    /// sentence of an automatic reply.
    pub(crate) fn is_covered(&self, text: &str) -> bool {
        self.cover(&tokens(text)).is_some()
    }

    /// Whether `t` can be split into phrases and filler: `None` when not, `Some(true)` when a
    /// split with at least one head phrase exists.
    fn cover(&self, t: &[String]) -> Option<bool> {
        if t.is_empty() || t.len() > MAX_TOKENS {
            return None;
        }
        // reach[i]: tokens 0..i can be covered; the bool says with a head phrase.
        let mut reach: Vec<Option<bool>> = vec![None; t.len() + 1];
        reach[0] = Some(false);
        for i in 0..t.len() {
            let Some(has_head) = reach[i] else { continue };
            let Some(candidates) = self.by_first.get(&t[i]) else {
                continue;
            };
            for (phrase, head) in candidates {
                let end = i + phrase.len();
                if end <= t.len() && t[i..end] == phrase[..] {
                    let now = has_head || *head;
                    if reach[end] != Some(true) {
                        reach[end] = Some(now);
                    }
                }
            }
        }
        reach[t.len()]
    }
}

/// Closing greetings after which one or two capitalised words are a signature.
const CLOSINGS: &[&str] = &["mvh", "hälsningar", "hälsning", "hälsn", "kram", "/"];

/// `text` without a signature at its end: one or two capitalised words after a closing
/// greeting ("Mvh Anna", "Hälsningar Amira K", "/Eva").
fn without_signature(text: &str) -> &str {
    let trimmed = text.trim_end_matches(|c: char| c.is_whitespace() || c == '.' || c == '!');
    let words: Vec<(usize, &str)> = trimmed
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - trimmed.as_ptr() as usize, w))
        .collect();
    for n in 1..=2 {
        if words.len() < n + 1 {
            break;
        }
        let name = &words[words.len() - n..];
        let capitalised = name.iter().all(|(_, w)| {
            let w = w.trim_start_matches('/');
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(|c| c.is_alphabetic() || c == '-')
        });
        let (at, before) = words[words.len() - n - 1];
        let closing = before.trim_end_matches([',', ':']).to_lowercase();
        if capitalised && CLOSINGS.contains(&closing.as_str()) {
            return &trimmed[..at + before.len()];
        }
        // "/Eva": the slash is glued to the name.
        if capitalised && n == 1 && name[0].1.starts_with('/') {
            return &trimmed[..name[0].0];
        }
    }
    text
}

/// Characters that never make a token: punctuation, spaces, emoji joiners and modifiers.
fn ignorable(c: char) -> bool {
    c.is_whitespace()
        || c.is_ascii_punctuation()
        || ('\u{2000}'..='\u{206F}').contains(&c) // general punctuation, ZWJ
        || ('\u{FE00}'..='\u{FE0F}').contains(&c) // variation selectors
        || ('\u{1F3FB}'..='\u{1F3FF}').contains(&c) // skin tones
        || matches!(c, '«' | '»' | '¡' | '¿' | '´' | '¨')
}

/// The tokens of `text`: NFC, lower case, words split where letters meet digits.
pub(crate) fn tokens(text: &str) -> Vec<String> {
    let folded = fold(text);
    let mut out = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<String>| {
        if word.is_empty() {
            return;
        }
        if word.chars().all(|c| c.is_ascii_digit()) {
            out.push(if word.len() <= 4 {
                NUMBER.to_string()
            } else {
                std::mem::take(word)
            });
        } else {
            out.push(std::mem::take(word));
        }
        word.clear();
    };
    for c in folded.chars() {
        if c.is_alphanumeric() {
            let switches = word
                .chars()
                .next_back()
                .is_some_and(|p| p.is_ascii_digit() != c.is_ascii_digit());
            if switches {
                flush(&mut word, &mut out);
            }
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            if !ignorable(c) {
                out.push(c.to_string());
            }
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_messages_of_trivial_forms() {
        for text in [
            "ok",
            "Tack!",
            "👍🏽",
            "Okej tack, då ses vi på måndag",
            "Ok, vi ses kl 14.",
            "Hej, torsdag kl 9 passar bra. Hälsningar",
            "Jag kommer 10 min sent idag",
            "Kan vi flytta mötet till torsdag istället?",
            "Tack fo\u{308}r idag",
            "Hej, torsdag kl 9 passar bra. Hälsningar Amira",
            "Ok vi ses! /Eva",
            "Tack för idag, mvh Anna-Karin Berg",
        ] {
            assert!(forms().is_trivial(text), "{text}");
        }
    }

    #[test]
    fn one_word_outside_the_lists_and_it_is_not_trivial() {
        for text in [
            "Hjälp",
            "Du ska dö",
            "Jag hittar inte min son",
            "Begär omprövning",
            "Nej, ni får inte kontakta skolan",
            "Tack, jag är på semester men min pappa har dött",
            "Ja tack",
            "Nej",
            "hej",
            "kl 14",
            "ok 0701740605",
            "",
            "Hälsningar Amira",
            "Tack Elsa har blåmärken",
        ] {
            assert!(!forms().is_trivial(text), "{text}");
        }
    }

    #[test]
    fn tokens_split_numbers_and_emoji() {
        assert_eq!(
            tokens("10min, 👍!! 070123456"),
            ["{tal}", "min", "👍", "070123456"]
        );
    }
}
