//! Which language a message is written in, with the language's Swedish name, so a caseworker
//! (and the registrar's printout) can see at once that an interpreter is needed: "Meddelandet
//! är på arabiska — bedöm med tolk". A message in another language is still a public document
//! under the same rules; the rules for suggestions only read Swedish, so they must not guess.
//!
//! Detection is the `whatlang` crate (trigrams and scripts, 70 languages), made careful for
//! the short messages social services receive:
//! - a script used by one language family (Arabic, Cyrillic, Greek, Hebrew, the Indic and East
//!   Asian scripts…) decides even for one word;
//! - Latin-script text must have enough letters, and Swedish wins whenever common Swedish
//!   words make up a good share of it (a blunt "Jag överklagar beslutet" is not Danish);
//! - Somali, which `whatlang` does not know, is recognised by its most common words.
//!
//! Anything shorter or less clear gives `None`: "unknown", never a guess.

use whatlang::{Lang, Script};

/// A language found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DetectedLanguage {
    code: &'static str,
    sv_name: &'static str,
}

impl DetectedLanguage {
    /// ISO 639-3 code, e.g. `swe`, `ara`, `som`.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The language's name in Swedish, lower case as Swedish writes it ("arabiska").
    pub fn sv_name(&self) -> &'static str {
        self.sv_name
    }

    /// True for Swedish.
    pub fn is_swedish(&self) -> bool {
        self.code == "swe"
    }
}

const SWEDISH: DetectedLanguage = DetectedLanguage {
    code: "swe",
    sv_name: "svenska",
};
const SOMALI: DetectedLanguage = DetectedLanguage {
    code: "som",
    sv_name: "somaliska",
};

/// Fewer letters than this in Latin script: too short to tell.
const MIN_LATIN_LETTERS: usize = 12;
/// Share of words that must be common Swedish words for Latin text to count as Swedish.
const SWEDISH_SHARE: f64 = 0.25;
/// `whatlang` confidence needed to name a Latin-script language other than Swedish.
const MIN_CONFIDENCE: f64 = 0.5;

/// Very common Swedish words (function words and the most frequent verbs).
const SWEDISH_WORDS: &[&str] = &[
    "jag", "du", "han", "hon", "vi", "ni", "de", "dem", "mig", "dig", "oss", "er", "min", "mitt",
    "mina", "din", "ditt", "hans", "hennes", "och", "att", "är", "det", "den", "inte", "som", "på",
    "med", "för", "till", "av", "om", "har", "hade", "kan", "ska", "vill", "får", "måste", "var",
    "när", "hur", "vad", "vem", "här", "där", "nu", "bara", "också", "men", "eller", "från",
    "efter", "innan", "kommer", "blir", "idag", "imorgon", "hej", "tack", "nej", "ja", "mycket",
    "inget", "ingen", "något", "någon", "mer", "sen", "då", "så", "skulle", "gör",
];

/// The most common Somali words, which are not Swedish words.
const SOMALI_WORDS: &[&str] = &[
    "waan",
    "waxaan",
    "waa",
    "iyo",
    "aan",
    "ma",
    "ku",
    "haa",
    "maya",
    "mahadsanid",
    "fadlan",
    "caawimaad",
    "caawi",
    "igu",
    "iga",
    "ii",
    "ayaan",
    "ayuu",
    "ayay",
    "wiilkayga",
    "gabadhayda",
    "hooyo",
    "aabe",
    "maanta",
    "berri",
    "ka",
    "kuma",
    "imaan",
    "doonaa",
    "waxay",
    "waxuu",
    "sidee",
    "xaggee",
    "maxaa",
    "walaal",
    "nabad",
    "wanaagsan",
    "socdaa",
    "qof",
];

/// The language of `text`, or `None` when it cannot be told with confidence (too short, only
/// numbers and symbols, or unclear).
pub fn detect(text: &str) -> Option<DetectedLanguage> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        return None;
    }
    let script = whatlang::detect_script(text)?;
    if script != Script::Latin {
        let info = whatlang::detect(text)?;
        return Some(from_lang(info.lang()));
    }
    let share = |list: &[&str]| {
        words.iter().filter(|w| list.contains(&w.as_str())).count() as f64 / words.len() as f64
    };
    if share(SWEDISH_WORDS) >= SWEDISH_SHARE {
        return Some(SWEDISH);
    }
    if words.len() >= 2 && share(SOMALI_WORDS) >= SWEDISH_SHARE {
        return Some(SOMALI);
    }
    let letters: usize = words.iter().map(|w| w.chars().count()).sum();
    if letters < MIN_LATIN_LETTERS {
        return None;
    }
    let info = whatlang::detect(text)?;
    let lang = info.lang();
    // Norwegian and Danish are close enough to Swedish to be read without an interpreter; a
    // text with å/ä/ö and no æ/ø is Swedish whatever the trigrams say.
    let swedish_letters = text.contains(['ä', 'ö', 'Ä', 'Ö']) && !text.contains(['æ', 'ø']);
    if lang == Lang::Swe || (matches!(lang, Lang::Nob | Lang::Dan) && swedish_letters) {
        return Some(SWEDISH);
    }
    if info.confidence() < MIN_CONFIDENCE {
        return None;
    }
    Some(from_lang(lang))
}

fn from_lang(lang: Lang) -> DetectedLanguage {
    DetectedLanguage {
        code: lang.code(),
        sv_name: sv_name(lang),
    }
}

/// The Swedish name of every language `whatlang` knows.
fn sv_name(lang: Lang) -> &'static str {
    use Lang::*;
    match lang {
        Epo => "esperanto",
        Eng => "engelska",
        Rus => "ryska",
        Cmn => "kinesiska (mandarin)",
        Spa => "spanska",
        Por => "portugisiska",
        Ita => "italienska",
        Ben => "bengali",
        Fra => "franska",
        Deu => "tyska",
        Ukr => "ukrainska",
        Kat => "georgiska",
        Ara => "arabiska",
        Hin => "hindi",
        Jpn => "japanska",
        Heb => "hebreiska",
        Yid => "jiddisch",
        Pol => "polska",
        Amh => "amhariska",
        Jav => "javanesiska",
        Kor => "koreanska",
        Nob => "norska",
        Dan => "danska",
        Swe => "svenska",
        Fin => "finska",
        Tur => "turkiska",
        Nld => "nederländska",
        Hun => "ungerska",
        Ces => "tjeckiska",
        Ell => "grekiska",
        Bul => "bulgariska",
        Bel => "belarusiska",
        Mar => "marathi",
        Kan => "kannada",
        Ron => "rumänska",
        Slv => "slovenska",
        Hrv => "kroatiska",
        Srp => "serbiska",
        Mkd => "makedonska",
        Lit => "litauiska",
        Lav => "lettiska",
        Est => "estniska",
        Tam => "tamil",
        Vie => "vietnamesiska",
        Urd => "urdu",
        Tha => "thailändska",
        Guj => "gujarati",
        Uzb => "uzbekiska",
        Pan => "punjabi",
        Aze => "azerbajdzjanska",
        Ind => "indonesiska",
        Tel => "telugu",
        Pes => "persiska",
        Mal => "malayalam",
        Ori => "oriya",
        Mya => "burmesiska",
        Nep => "nepalesiska",
        Sin => "singalesiska",
        Khm => "khmer",
        Tuk => "turkmeniska",
        Aka => "akan",
        Zul => "zulu",
        Sna => "shona",
        Afr => "afrikaans",
        Lat => "latin",
        Slk => "slovakiska",
        Cat => "katalanska",
        Tgl => "tagalog",
        Hye => "armeniska",
        Cym => "kymriska",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str) -> Option<&'static str> {
        detect(text).map(|l| l.sv_name())
    }

    #[test]
    fn scripts_decide_even_for_short_messages() {
        assert_eq!(name("أريد أن أتكلم مع الأخصائي"), Some("arabiska"));
        assert_eq!(
            name("Допоможіть, будь ласка, мені потрібна допомога"),
            Some("ukrainska")
        );
    }

    #[test]
    fn swedish_short_and_blunt_is_swedish_not_danish() {
        assert_eq!(name("Jag överklagar beslutet"), Some("svenska"));
        assert_eq!(name("Min son har inte kommit hem"), Some("svenska"));
        assert_eq!(
            name("Hej, jag undrar om ni har fått mina papper från försäkringskassan"),
            Some("svenska")
        );
    }

    #[test]
    fn other_latin_languages_and_somali() {
        assert_eq!(
            name("I would like to speak to my social worker about the decision"),
            Some("engelska")
        );
        assert_eq!(
            name("Waxaan u baahanahay caawimaad maanta"),
            Some("somaliska")
        );
    }

    #[test]
    fn too_little_to_tell_is_none() {
        assert_eq!(name("ok"), None);
        assert_eq!(name("👍 12.30"), None);
        assert_eq!(name(""), None);
    }
}
