//! The word lists in `assets/lexicon/` (see the README there for the syntax), compiled into the
//! binary and matched with one Aho–Corasick automaton per case mode, so a message is scanned
//! once whatever the number of words.
//!
//! A list entry is a stem: it matches at the start of a word and anything may follow
//! (inflections, compounds where it comes first); `*stem` matches inside a word too (compounds
//! where it comes last), `=word` only the whole word, `-word` is an exception that is never
//! flagged (`-words of a phrase`: a hit where the phrase begins is not flagged). Entries with
//! capitals match only that spelling.

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::Category;
use super::text::{Field, is_word, word_end, word_start};
use crate::text_fold::fold;

/// Each list: its category, file name (for error messages) and text.
const LISTS: &[(Category, &str, &str)] = &[
    (
        Category::Health,
        "halsa.txt",
        include_str!("../../assets/lexicon/halsa.txt"),
    ),
    (
        Category::Violence,
        "vald.txt",
        include_str!("../../assets/lexicon/vald.txt"),
    ),
    (
        Category::Crime,
        "brott.txt",
        include_str!("../../assets/lexicon/brott.txt"),
    ),
    (
        Category::Ethnicity,
        "etnicitet.txt",
        include_str!("../../assets/lexicon/etnicitet.txt"),
    ),
    (
        Category::Religion,
        "religion.txt",
        include_str!("../../assets/lexicon/religion.txt"),
    ),
    (
        Category::SexualLife,
        "sexualliv.txt",
        include_str!("../../assets/lexicon/sexualliv.txt"),
    ),
    (
        Category::PoliticalOpinion,
        "politik.txt",
        include_str!("../../assets/lexicon/politik.txt"),
    ),
    (
        Category::TradeUnion,
        "fackforening.txt",
        include_str!("../../assets/lexicon/fackforening.txt"),
    ),
    (
        Category::Finances,
        "ekonomi.txt",
        include_str!("../../assets/lexicon/ekonomi.txt"),
    ),
    (
        Category::SocialCare,
        "socialtjanst.txt",
        include_str!("../../assets/lexicon/socialtjanst.txt"),
    ),
    (
        Category::MissingPerson,
        "forsvunnen.txt",
        include_str!("../../assets/lexicon/forsvunnen.txt"),
    ),
    (
        Category::Appeal,
        "aldrig_ringa_overklagande.txt",
        include_str!("../../assets/lexicon/aldrig_ringa_overklagande.txt"),
    ),
    (
        Category::Consent,
        "aldrig_ringa_samtycke.txt",
        include_str!("../../assets/lexicon/aldrig_ringa_samtycke.txt"),
    ),
    (
        Category::Urgency,
        "aldrig_ringa_bradskande.txt",
        include_str!("../../assets/lexicon/aldrig_ringa_bradskande.txt"),
    ),
    (
        Category::Circumstances,
        "aldrig_ringa_forandring.txt",
        include_str!("../../assets/lexicon/aldrig_ringa_forandring.txt"),
    ),
    (
        Category::Deadline,
        "aldrig_ringa_tidsfrist.txt",
        include_str!("../../assets/lexicon/aldrig_ringa_tidsfrist.txt"),
    ),
    (
        Category::AutoReply,
        "ringa_autosvar.txt",
        include_str!("../../assets/lexicon/ringa_autosvar.txt"),
    ),
    (
        Category::Bulk,
        "ringa_massutskick.txt",
        include_str!("../../assets/lexicon/ringa_massutskick.txt"),
    ),
    (
        Category::Receipt,
        "ringa_kvitto.txt",
        include_str!("../../assets/lexicon/ringa_kvitto.txt"),
    ),
    (
        Category::WrongNumber,
        "ringa_felnummer.txt",
        include_str!("../../assets/lexicon/ringa_felnummer.txt"),
    ),
    (
        Category::Spam,
        "ringa_skrap.txt",
        include_str!("../../assets/lexicon/ringa_skrap.txt"),
    ),
    (
        Category::Complaint,
        "arende_klagomal.txt",
        include_str!("../../assets/lexicon/arende_klagomal.txt"),
    ),
    (
        Category::PublicDocuments,
        "arende_allman_handling.txt",
        include_str!("../../assets/lexicon/arende_allman_handling.txt"),
    ),
    (
        Category::Supervision,
        "arende_tillsyn.txt",
        include_str!("../../assets/lexicon/arende_tillsyn.txt"),
    ),
    (
        Category::Authority,
        "arende_myndighet.txt",
        include_str!("../../assets/lexicon/arende_myndighet.txt"),
    ),
    (
        Category::Agreement,
        "arende_avtal.txt",
        include_str!("../../assets/lexicon/arende_avtal.txt"),
    ),
];

/// How an entry may sit in a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// At the start of a word, anything may follow.
    Stem,
    /// Anywhere in a word.
    Infix,
    /// The whole word and nothing more.
    Exact,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    category: Category,
    mode: Mode,
}

/// A line of a list that is not an entry: what is wrong with it, for the lexicon test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BadLine {
    pub file: &'static str,
    pub line: usize,
}

/// The compiled lists.
pub(crate) struct Lexicon {
    folded: Option<AhoCorasick>,
    folded_entries: Vec<Entry>,
    exact_case: Option<AhoCorasick>,
    exact_case_entries: Vec<Entry>,
    /// Per category, folded words or phrases never to flag where a hit's word begins them.
    exceptions: HashMap<Category, Vec<String>>,
    #[cfg_attr(not(test), allow(dead_code))]
    bad_lines: Vec<BadLine>,
}

/// One match: the category and the word it sits in, as a folded byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hit {
    pub category: Category,
    pub range: std::ops::Range<usize>,
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::build(LISTS));

/// The built-in lexicon, compiled on first use.
pub(crate) fn lexicon() -> &'static Lexicon {
    &LEXICON
}

impl Lexicon {
    fn build(lists: &[(Category, &'static str, &str)]) -> Lexicon {
        let mut folded_patterns = Vec::new();
        let mut folded_entries = Vec::new();
        let mut case_patterns = Vec::new();
        let mut case_entries = Vec::new();
        let mut exceptions: HashMap<Category, Vec<String>> = HashMap::new();
        let mut bad_lines = Vec::new();
        for &(category, file, text) in lists {
            for (i, raw) in text.lines().enumerate() {
                let line = raw.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let (mode, word) = if let Some(w) = line.strip_prefix('=') {
                    (Mode::Exact, w)
                } else if let Some(w) = line.strip_prefix('*') {
                    (Mode::Infix, w)
                } else if let Some(w) = line.strip_prefix('-') {
                    exceptions.entry(category).or_default().push(fold(w.trim()));
                    continue;
                } else {
                    (Mode::Stem, line)
                };
                let word = word.trim();
                if word.is_empty() || word.chars().next().is_some_and(|c| !is_word(c)) {
                    bad_lines.push(BadLine { file, line: i + 1 });
                    continue;
                }
                let entry = Entry { category, mode };
                if word.chars().any(char::is_uppercase) {
                    case_patterns.push(word.to_string());
                    case_entries.push(entry);
                } else {
                    folded_patterns.push(word.to_string());
                    folded_entries.push(entry);
                }
            }
        }
        let build = |patterns: &[String]| {
            if patterns.is_empty() {
                return None;
            }
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(patterns)
                .ok()
        };
        Lexicon {
            folded: build(&folded_patterns),
            folded_entries,
            exact_case: build(&case_patterns),
            exact_case_entries: case_entries,
            exceptions,
            bad_lines,
        }
    }

    /// Lines of the lists that are not entries (empty after a marker, or starting with a
    /// character that can never start a word).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn bad_lines(&self) -> &[BadLine] {
        &self.bad_lines
    }

    /// Every match in a field, at most one per category and word.
    pub(crate) fn scan(&self, field: &Field<'_>) -> Vec<Hit> {
        let mut hits: Vec<Hit> = Vec::new();
        let searches = [
            (&self.folded, &self.folded_entries, field.folded.as_str()),
            (
                &self.exact_case,
                &self.exact_case_entries,
                field.composed.as_str(),
            ),
        ];
        for (ac, entries, hay) in searches {
            let Some(ac) = ac else { continue };
            for m in ac.find_overlapping_iter(hay) {
                let entry = entries[m.pattern().as_usize()];
                let (start, end) = (m.start(), m.end());
                let before_ok = hay[..start].chars().next_back().is_none_or(|c| !is_word(c));
                let after_ok = hay[end..].chars().next().is_none_or(|c| !is_word(c));
                let ok = match entry.mode {
                    Mode::Stem => before_ok,
                    Mode::Exact => before_ok && after_ok,
                    Mode::Infix => true,
                };
                if !ok {
                    continue;
                }
                // A match in the composed text is moved onto the folded text (same characters,
                // possibly other byte lengths).
                let (start, end) = if std::ptr::eq(hay, field.composed.as_str()) {
                    (field.folded_byte(start), field.folded_byte(end))
                } else {
                    (start, end)
                };
                let folded = field.folded.as_str();
                let from_word = &folded[word_start(folded, start)..];
                let excepted = self.exceptions.get(&entry.category).is_some_and(|list| {
                    list.iter().any(|e| {
                        from_word.starts_with(e.as_str())
                            && from_word[e.len()..]
                                .chars()
                                .next()
                                .is_none_or(|c| !is_word(c))
                    })
                });
                if excepted {
                    continue;
                }
                let range = if entry.mode == Mode::Infix {
                    word_start(folded, start)..word_end(folded, end)
                } else {
                    start..word_end(folded, end)
                };
                if hits
                    .iter()
                    .any(|h| h.category == entry.category && h.range.start == range.start)
                {
                    continue;
                }
                hits.push(Hit {
                    category: entry.category,
                    range,
                });
            }
        }
        hits.sort_by_key(|h| (h.range.start, h.category));
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cats(text: &str) -> Vec<(Category, String)> {
        let f = Field::new(text);
        lexicon()
            .scan(&f)
            .into_iter()
            .map(|h| (h.category, f.original_text(h.range).to_string()))
            .collect()
    }

    #[test]
    fn every_list_line_is_an_entry() {
        assert_eq!(lexicon().bad_lines(), &[]);
    }

    #[test]
    fn stems_inflections_and_compounds() {
        assert_eq!(
            cats("Hon är på psykakuten"),
            [(Category::Health, "psykakuten".to_string())]
        );
        assert_eq!(
            cats("Ett återfall i helgen"),
            [(Category::Health, "återfall".to_string())]
        );
        assert_eq!(
            cats("Inför LVU-mötet"),
            [(Category::SocialCare, "LVU-mötet".to_string())]
        );
        // Second part of a compound, with an inflection.
        assert_eq!(
            cats("hans alkoholmissbruket"),
            [(Category::Health, "alkoholmissbruket".to_string())]
        );
    }

    #[test]
    fn exceptions_exact_words_and_case() {
        let sensitive = |text: &str| {
            cats(text)
                .into_iter()
                .filter(|(c, _)| c.kind() == super::super::Kind::Sensitive)
                .collect::<Vec<_>>()
        };
        assert!(sensitive("alla vårdnadshavare och ett oberoende granskningsorgan").is_empty());
        assert!(sensitive("det var sjukt bra, beroende på vädret").is_empty());
        assert!(
            cats("jo, det går bra imorgon")
                .iter()
                .all(|(c, _)| *c != Category::Supervision)
        );
        assert_eq!(
            cats("JO begär yttrande")[0],
            (Category::Supervision, "JO".to_string())
        );
        // "=hiv" must not match inside another word.
        assert!(cats("hivningen").is_empty());
    }
}
