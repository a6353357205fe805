//! Which language a message is written in, with the language's Swedish name, so a caseworker
//! (and the registrar's printout) can see at once that an interpreter is needed: "Meddelandet
//! är på arabiska — bedöm med tolk". A message in another language is still a public document
//! under the same rules; the rules for suggestions only read Swedish, so they must not guess.
//!
//! Detection is the `whatlang` crate (trigrams and scripts, 70 languages), made careful for
//! the short messages social services receive, because a wrong name books the wrong
//! interpreter:
//! - a script only one language writes (Georgian, Greek, Hangul, Thai…) decides even for one
//!   word;
//! - a script several languages write is narrowed by the letters only some of them use
//!   (Arabic script: Arabic ة ى ي ك, Persian پ چ ژ گ ک ی, Urdu ے ں ٹ, Pashto ښ ځ ډ, Sorani
//!   ێ ۆ ڵ ە; Cyrillic: Ukrainian ї є ґ, Russian ы э ё, Serbian ђ ћ ј; Ethiopic: Tigrinya ቐ ኣ),
//!   then the trigrams choose among what is left only when they are sure; otherwise only the
//!   script is named ("arabisk skrift, språket kunde inte bestämmas"), never a guess. Sorani,
//!   Pashto and Tigrinya, which `whatlang` does not know (it calls Tigrinya Amharic and a short
//!   Arabic text Persian), are told by their letters and commonest words;
//! - Latin-script text must have enough letters, and Swedish wins whenever common Swedish
//!   words make up a good share of it (a blunt "Jag överklagar beslutet" is not Danish);
//! - Somali, Albanian and Kurmanji, which `whatlang` does not know (it called Albanian and
//!   Kurmanji Afrikaans), are recognised by their most common words; the languages `whatlang`
//!   falls back on for what it does not know (Afrikaans, Tagalog, Latin…) are named only when
//!   it is all but sure.
//!
//! Anything shorter or less clear gives `None`: "unknown", never a guess.

mod script;

use whatlang::{Lang, Script};

/// A language found in a text, or only its script when the language could not be told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DetectedLanguage {
    code: &'static str,
    sv_name: &'static str,
    script_only: bool,
}

impl DetectedLanguage {
    const fn language(code: &'static str, sv_name: &'static str) -> Self {
        DetectedLanguage {
            code,
            sv_name,
            script_only: false,
        }
    }

    /// ISO 639-3 code, e.g. `swe`, `ara`, `som`; for a script whose language could not be
    /// told, its ISO 15924 code (`Arab`, `Cyrl`, `Ethi`).
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The language's name in Swedish, lower case as Swedish writes it ("arabiska"), or the
    /// script's ("arabisk skrift").
    pub fn sv_name(&self) -> &'static str {
        self.sv_name
    }

    /// True when only the script is known: several languages write it and the text did not
    /// tell which.
    pub fn is_script_only(&self) -> bool {
        self.script_only
    }

    /// True for Swedish.
    pub fn is_swedish(&self) -> bool {
        self.code == "swe"
    }

    /// What a printout says under "Språk": "arabiska (automatiskt bestämt)", or "arabisk
    /// skrift, språket kunde inte bestämmas".
    pub fn sv_fact(&self) -> String {
        if self.script_only {
            format!("{}, språket kunde inte bestämmas", self.sv_name)
        } else {
            format!("{} (automatiskt bestämt)", self.sv_name)
        }
    }

    /// Why inkom suggests nothing for a message in another language, and what the caseworker
    /// does instead: "Meddelandet är på arabiska — bedöm med tolk", or "… skrivet med arabisk
    /// skrift (språket kunde inte bestämmas) — …". English, Norwegian and Danish, which a
    /// Swedish caseworker reads, need no interpreter: only the rules cannot read them
    /// ("Meddelandet är på engelska — förslagsreglerna läser bara svenska; bedöm själv").
    pub fn reading_hint(&self) -> String {
        if self.script_only {
            format!(
                "Meddelandet är skrivet med {} (språket kunde inte bestämmas) — bedöm med tolk",
                self.sv_name
            )
        } else if READ_WITHOUT_INTERPRETER.contains(&self.code) {
            format!(
                "Meddelandet är på {} — förslagsreglerna läser bara svenska; bedöm själv",
                self.sv_name
            )
        } else {
            format!("Meddelandet är på {} — bedöm med tolk", self.sv_name)
        }
    }
}

/// Languages a Swedish caseworker reads without an interpreter (`whatlang` codes): English,
/// taught in every Swedish school, and the Scandinavian neighbours, Norwegian (Bokmål) and
/// Danish.
const READ_WITHOUT_INTERPRETER: &[&str] = &["eng", "nob", "dan"];

const SWEDISH: DetectedLanguage = DetectedLanguage::language("swe", "svenska");
const SOMALI: DetectedLanguage = DetectedLanguage::language("som", "somaliska");
const ALBANIAN: DetectedLanguage = DetectedLanguage::language("sqi", "albanska");
const KURMANJI: DetectedLanguage = DetectedLanguage::language("kmr", "kurdiska (kurmanji)");

/// The most common Albanian words, none a Swedish word (`whatlang` does not know Albanian and
/// called it Afrikaans at 0.59).
const ALBANIAN_WORDS: &[&str] = &[
    "për",
    "është",
    "dhe",
    "në",
    "një",
    "që",
    "të",
    "faleminderit",
    "përshëndetje",
    "kam",
    "nuk",
    "jam",
    "unë",
    "mirë",
    "nga",
    "janë",
    "ndihmë",
    "shumë",
    "sot",
    "nesër",
    "djali",
    "vajza",
    "ime",
    "im",
    "keni",
    "kemi",
    "mund",
    "vij",
    "tani",
    "ju",
    "dua",
];

/// The most common Kurmanji (Northern Kurdish, Latin letters) words, none a Swedish word
/// (`whatlang` does not know Kurdish and called it Afrikaans at 0.72).
const KURMANJI_WORDS: &[&str] = &[
    "ez",
    "tu",
    "em",
    "hûn",
    "ew",
    "ji",
    "bo",
    "spas",
    "silav",
    "û",
    "di",
    "ku",
    "erê",
    "na",
    "ne",
    "te",
    "we",
    "wan",
    "gelek",
    "dikim",
    "dixwazim",
    "sibê",
    "îro",
    "kurê",
    "keça",
    "ê",
    "nikarim",
    "werim",
    "alîkarî",
    "alîkariya",
];

/// Latin-script languages `whatlang` falls back on for languages it does not know (Albanian and
/// Kurmanji came out as Afrikaans): named only when it is all but sure.
const FALLBACK_LANGS: &[Lang] = &[
    Lang::Afr,
    Lang::Zul,
    Lang::Sna,
    Lang::Aka,
    Lang::Lat,
    Lang::Epo,
    Lang::Jav,
    Lang::Tgl,
];

/// `whatlang`'s confidence needed to name one of [`FALLBACK_LANGS`].
const FALLBACK_CONFIDENCE: f64 = 0.9;

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
    // Composed, as the word lists are: "ë" typed as e + U+0308 (macOS) is the same word.
    let text: std::borrow::Cow<'_, str> = match unicode_normalization::is_nfc_quick(text.chars()) {
        unicode_normalization::IsNormalized::Yes => text.into(),
        _ => unicode_normalization::UnicodeNormalization::nfc(text)
            .collect::<String>()
            .into(),
    };
    let text = text.as_ref();
    let words: Vec<String> = words(text).map(str::to_lowercase).collect();
    if words.is_empty() {
        return None;
    }
    let script = script::east_asian(text).or_else(|| whatlang::detect_script(text))?;
    if script != Script::Latin {
        return script::detect(text, script);
    }
    let share = |list: &[&str]| {
        words.iter().filter(|w| list.contains(&w.as_str())).count() as f64 / words.len() as f64
    };
    if share(SWEDISH_WORDS) >= SWEDISH_SHARE {
        return Some(SWEDISH);
    }
    if words.len() >= 2 {
        for (language, list) in [
            (SOMALI, SOMALI_WORDS),
            (ALBANIAN, ALBANIAN_WORDS),
            (KURMANJI, KURMANJI_WORDS),
        ] {
            if share(list) >= SWEDISH_SHARE {
                return Some(language);
            }
        }
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
    let needed = if FALLBACK_LANGS.contains(&lang) {
        FALLBACK_CONFIDENCE
    } else {
        MIN_CONFIDENCE
    };
    if info.confidence() < needed {
        return None;
    }
    Some(from_lang(lang))
}

/// At most this many messages of a conversation are read for its languages, spread evenly over
/// it: a conversation of 100,000 messages is read in milliseconds, not seconds, and a language
/// written in more than a few of its messages is still met.
const MESSAGES_READ: usize = 500;

/// The languages other than Swedish that the messages of a conversation are written in, most
/// frequent first (ties in the order met): each message on its own, so a client's Arabic is
/// found beside the caseworker's Swedish replies, and two clients' languages both; when no
/// message is clear enough alone, all of them together. Only the script, where a message told
/// no more, is listed after the languages and only if no language was named. A long
/// conversation is read at [`MESSAGES_READ`] messages spread over it.
pub fn detect_each<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<DetectedLanguage> {
    let all: Vec<&str> = texts.into_iter().collect();
    let step = all.len().div_ceil(MESSAGES_READ).max(1);
    let read: Vec<&str> = all.iter().step_by(step).copied().collect();
    let mut found: Vec<(DetectedLanguage, usize)> = Vec::new();
    for language in read.iter().copied().filter_map(detect) {
        match found.iter_mut().find(|(l, _)| *l == language) {
            Some((_, n)) => *n += 1,
            None => found.push((language, 1)),
        }
    }
    if found.is_empty() {
        found.extend(detect(&read.join("\n")).map(|l| (l, 1)));
    }
    let named = found.iter().any(|(l, _)| !l.is_script_only());
    found.retain(|(l, _)| !(l.is_swedish() || named && l.is_script_only()));
    // A stable sort: equal counts keep the order met.
    found.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    found.into_iter().map(|(l, _)| l).collect()
}

/// What a printout says under "Språk" for these languages ([`detect_each`]): "arabiska,
/// tigrinja (automatiskt bestämt)", or the script's fact when only a script is known; `None`
/// for none.
pub fn sv_fact_of(languages: &[DetectedLanguage]) -> Option<String> {
    let named: Vec<&str> = languages
        .iter()
        .filter(|l| !l.is_script_only())
        .map(|l| l.sv_name())
        .collect();
    if named.is_empty() {
        return languages.first().map(DetectedLanguage::sv_fact);
    }
    Some(format!("{} (automatiskt bestämt)", named.join(", ")))
}

/// The words of a text: runs of letters with the combining marks that belong to them
/// (Devanagari's vowel signs and virama, Hebrew's points, an accent typed on its own), though
/// `char::is_alphabetic` is false for some of them. The one tokenizer of this module.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphabetic() && !is_mark(c))
        .filter(|w| !w.is_empty())
}

fn is_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{0591}'..='\u{05C7}'
            | '\u{0900}'..='\u{0903}'
            | '\u{093A}'..='\u{094F}'
            | '\u{0951}'..='\u{0957}'
            | '\u{0962}'..='\u{0963}'
    )
}

fn from_lang(lang: Lang) -> DetectedLanguage {
    DetectedLanguage::language(lang.code(), sv_name(lang))
}

/// The Swedish name of every language `whatlang` knows.
fn sv_name(lang: Lang) -> &'static str {
    use Lang::*;
    match lang {
        Epo => "esperanto",
        Eng => "engelska",
        Rus => "ryska",
        // Written Chinese does not tell the spoken language (Mandarin, Cantonese…).
        Cmn => "kinesiska",
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
        // Bosnian, Croatian and Serbian in Latin letters are one text to `whatlang`.
        Hrv => "bosniska, kroatiska eller serbiska",
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
        // Farsi and Dari are written alike.
        Pes => "persiska eller dari",
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

    /// Each of these was named wrongly by `whatlang` alone (in brackets): a registrar would have
    /// booked the wrong interpreter.
    #[test]
    fn shared_scripts_are_told_by_their_letters() {
        assert_eq!(name("متى موعدي غدا؟"), Some("arabiska")); // [persiska]
        assert_eq!(name("شكرا جزيلا"), Some("arabiska"));
        assert_eq!(
            name("من امروز نمی‌توانم بیایم، ببخشید"),
            Some("persiska eller dari")
        );
        assert_eq!(name("من ئەمڕۆ ناتوانم بێم"), Some("kurdiska (sorani)")); // [arabiska]
        assert_eq!(name("زه نن نشم راتلای، بښنه غواړم"), Some("pashto")); // [persiska]
        assert_eq!(name("میں آج نہیں آ سکتا، معاف کیجیے"), Some("urdu"));
        assert_eq!(name("ሎሚ ክመጽእ ኣይክእልን እየ፣ ይቕሬታ"), Some("tigrinja")); // [amhariska]
        assert_eq!(name("ወደይ ገና ገዛ ኣይተመልሰን"), Some("tigrinja")); // [amhariska]
        assert_eq!(name("ዛሬ መምጣት አልችልም፣ ይቅርታ"), Some("amhariska"));
        assert_eq!(name("Я не могу прийти сегодня, извините"), Some("ryska")); // [ukrainska]
        assert_eq!(name("Я не можу прийти сьогодні"), Some("ukrainska"));
        assert_eq!(name("Не могу да дођем данас"), Some("serbiska"));
        assert_eq!(name("Помогите пожалуйста"), Some("ryska")); // [bulgariska, 0.77]
        assert_eq!(name("Не мога да дойда днес"), Some("bulgariska"));
        assert_eq!(name("מיין זון איז נישט געקומען אהיים"), Some("jiddisch"));
        assert_eq!(name("אני לא יכול לבוא היום"), Some("hebreiska"));
        assert_eq!(name("मैं आज नहीं आ सकता"), Some("hindi")); // [nepalesiska, 0.01]
        assert_eq!(name("म आज आउन सक्दिन"), Some("nepalesiska"));
        assert_eq!(name("मी आज येऊ शकत नाही"), Some("marathi"));
        // Real mail (realworld/eml): English words in a Japanese or Chinese message. [engelska]
        assert_eq!(
            name("日本語の本文がQuoted Printableになっているもの"),
            Some("japanska")
        );
        assert_eq!(
            name("请在 Friday 之前把 application 发给我"),
            Some("kinesiska")
        );
        // A Swedish message naming someone in Chinese characters stays Swedish.
        assert_eq!(
            name("Hej, jag heter 王小明 och ringer om min ansökan"),
            Some("svenska")
        );
    }

    /// Too little to tell among the languages of a script: the script is named, and the
    /// printout and the suggestion say the language is not known.
    #[test]
    fn unclear_in_a_shared_script_names_the_script() {
        let persian_or_arabic = detect("ممنون از شما").expect("a script");
        assert!(persian_or_arabic.is_script_only());
        assert_eq!(persian_or_arabic.sv_name(), "arabisk skrift");
        assert_eq!(persian_or_arabic.code(), "Arab");
        assert_eq!(
            persian_or_arabic.sv_fact(),
            "arabisk skrift, språket kunde inte bestämmas"
        );
        assert_eq!(
            persian_or_arabic.reading_hint(),
            "Meddelandet är skrivet med arabisk skrift (språket kunde inte bestämmas) — bedöm \
             med tolk"
        );
        // Kazakh: Cyrillic with letters of a language `whatlang` does not know.
        assert_eq!(name("Мен бүгін келе алмаймын"), Some("kyrillisk skrift"));
        // Ethiopic with no word or letter that tells Amharic from Tigrinya.
        assert_eq!(name("ሰላም"), Some("etiopisk skrift"));
        let arabic = detect("شكرا جزيلا").expect("a language");
        assert!(!arabic.is_script_only());
        assert_eq!(arabic.sv_fact(), "arabiska (automatiskt bestämt)");
        assert_eq!(
            arabic.reading_hint(),
            "Meddelandet är på arabiska — bedöm med tolk"
        );
        // A language the caseworker reads: no interpreter, only no rules.
        let english = detect("Hello, I cannot come to the meeting tomorrow because my son is ill.")
            .expect("a language");
        assert_eq!(english.sv_name(), "engelska");
        assert_eq!(
            english.reading_hint(),
            "Meddelandet är på engelska — förslagsreglerna läser bara svenska; bedöm själv"
        );
        // (Norwegian and Danish are seldom told apart from each other with certainty.)
        let norwegian = DetectedLanguage::language(Lang::Nob.code(), sv_name(Lang::Nob));
        assert_eq!(
            norwegian.reading_hint(),
            "Meddelandet är på norska — förslagsreglerna läser bara svenska; bedöm själv"
        );
    }

    /// A conversation: the client's Arabic beside the caseworker's Swedish, a second
    /// participant's Tigrinya; the transcript as one text named only one (or Swedish).
    #[test]
    fn each_message_of_a_conversation_counts() {
        let names = |texts: &[&str]| -> Vec<&str> {
            detect_each(texts.iter().copied())
                .iter()
                .map(|l| l.sv_name())
                .collect()
        };
        let arabic = "ابني لم يعد إلى البيت";
        let swedish = "Hej, jag ringer dig efter lunch idag.";
        let tigrinya = "ወደይ ገና ገዛ ኣይተመልሰን";
        assert_eq!(names(&[arabic, swedish, arabic]), ["arabiska"]);
        assert_eq!(
            names(&[tigrinya, arabic, swedish, arabic]),
            ["arabiska", "tigrinja"]
        );
        assert!(names(&[swedish, "Tack!"]).is_empty());
        // Too short alone, clear together.
        assert_eq!(
            names(&["please call me", "I am waiting outside the office now"]),
            ["engelska"]
        );
        assert_eq!(
            sv_fact_of(&detect_each([arabic, tigrinya])).as_deref(),
            Some("arabiska, tigrinja (automatiskt bestämt)")
        );
        assert_eq!(
            sv_fact_of(&detect_each(["ممنون از شما"])).as_deref(),
            Some("arabisk skrift, språket kunde inte bestämmas")
        );
        assert_eq!(sv_fact_of(&[]), None);
        // A long conversation is read at a sample spread over it, so a language in a tenth of
        // its messages is still found.
        let mut long = vec![swedish; 10_000];
        for i in (0..long.len()).step_by(10) {
            long[i] = arabic;
        }
        assert_eq!(names(&long), ["arabiska"]);
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
        // Languages whatlang does not know, which it called Afrikaans.
        assert_eq!(
            name("Përshëndetje, kam nevojë për ndihmë me aplikimin. Faleminderit shumë"),
            Some("albanska")
        );
        assert_eq!(
            name("Silav, ez ê sibê werim nivîsgehê. Gelek spas ji bo alîkariya we"),
            Some("kurdiska (kurmanji)")
        );
        // Decomposed (e + U+0308, as macOS writes it): the same words.
        let decomposed: String =
            unicode_normalization::UnicodeNormalization::nfd("Përshëndetje, kam nevojë për ndihmë")
                .collect();
        assert_ne!(decomposed, "Përshëndetje, kam nevojë për ndihmë");
        assert_eq!(name(&decomposed), Some("albanska"));
        // North Sami, which whatlang does not know either: unknown, not a guess.
        assert_eq!(name("Bures, mun boađán ihttin kantuvrii. Giitu ollu"), None);
    }

    #[test]
    fn too_little_to_tell_is_none() {
        assert_eq!(name("ok"), None);
        assert_eq!(name("👍 12.30"), None);
        assert_eq!(name(""), None);
    }
}
