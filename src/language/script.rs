//! Languages in scripts other than Latin. A script one language writes decides; a script several
//! languages write is narrowed by the letters only some of them use, then `whatlang`'s trigrams
//! choose among the languages left only when they are sure. What is still unclear is named by
//! its script alone: an interpreter can be found from "arabisk skrift", but "persiska" on a
//! short Arabic text (what `whatlang` says alone) books the wrong one.

use whatlang::{Detector, Lang, Script};

use super::{DetectedLanguage, from_lang};

/// `whatlang`'s confidence needed to choose among the languages a script's letters left. Lower
/// was seen to be wrong on short texts: "Помогите пожалуйста" (Russian) is Bulgarian at 0.77.
const SURE: f64 = 0.8;

/// What the letters of a text say about its language.
enum Narrowed<'a> {
    /// Letters only this language uses.
    Is(DetectedLanguage),
    /// One of these; the trigrams choose, if they are sure.
    Among(&'a [Lang]),
    /// Letters of a language `whatlang` does not know (Kazakh, Tajik…), or evidence for two.
    Unclear,
}

const SORANI: DetectedLanguage = DetectedLanguage::language("ckb", "kurdiska (sorani)");
const PASHTO: DetectedLanguage = DetectedLanguage::language("pus", "pashto");
const TIGRINYA: DetectedLanguage = DetectedLanguage::language("tir", "tigrinja");

/// The language of a non-Latin `text` in `script`, or its script, or `None` (a script with no
/// name here whose language `whatlang` cannot tell).
pub(super) fn detect(text: &str, script: Script) -> Option<DetectedLanguage> {
    let lower = text.to_lowercase();
    let narrowed = match script {
        Script::Arabic => arabic(&lower),
        Script::Cyrillic => cyrillic(&lower),
        Script::Ethiopic => ethiopic(&lower),
        Script::Hebrew => hebrew(&lower),
        Script::Devanagari => devanagari(&lower),
        _ => Narrowed::Among(script.langs()),
    };
    match narrowed {
        Narrowed::Is(language) => Some(language),
        Narrowed::Among([one]) => Some(from_lang(*one)),
        Narrowed::Among(langs) if !langs.is_empty() => {
            match Detector::with_allowlist(langs.to_vec()).detect(text) {
                Some(info) if info.confidence() >= SURE => Some(from_lang(info.lang())),
                _ => script_only(script),
            }
        }
        Narrowed::Among(_) | Narrowed::Unclear => script_only(script),
    }
}

/// The East Asian script of a text that mixes it with Latin letters ("日本語の本文がQuoted
/// Printableになっているもの"): one Chinese character or kana is a word or a syllable, so
/// counting characters, as `whatlang` does, lets a few English words outvote a Japanese message.
/// Here each counts as three Latin letters. `None` when the text is mostly Latin (a Swedish
/// message naming 王小明) or has no East Asian character.
pub(super) fn east_asian(text: &str) -> Option<Script> {
    let (mut han, mut kana, mut hangul, mut latin) = (0usize, 0usize, 0usize, 0usize);
    for c in text.chars() {
        match c {
            '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' => han += 1,
            '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' => kana += 1,
            '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' | '\u{AC00}'..='\u{D7AF}' => {
                hangul += 1
            }
            c if c.is_alphabetic() && c.is_ascii() || ('\u{00C0}'..='\u{024F}').contains(&c) => {
                latin += 1
            }
            _ => {}
        }
    }
    let east = han + kana + hangul;
    if east == 0 || 3 * east < latin {
        return None;
    }
    Some(if hangul >= han + kana {
        Script::Hangul
    } else if kana > 0 {
        Script::Hiragana
    } else {
        Script::Mandarin
    })
}

/// The script as the language, for a script several languages write.
fn script_only(script: Script) -> Option<DetectedLanguage> {
    let (code, sv_name) = match script {
        Script::Arabic => ("Arab", "arabisk skrift"),
        Script::Cyrillic => ("Cyrl", "kyrillisk skrift"),
        Script::Ethiopic => ("Ethi", "etiopisk skrift"),
        Script::Devanagari => ("Deva", "devanagari-skrift"),
        Script::Hebrew => ("Hebr", "hebreisk skrift"),
        _ => return None,
    };
    Some(DetectedLanguage {
        code,
        sv_name,
        script_only: true,
    })
}

fn has(text: &str, letters: &[char]) -> bool {
    text.chars().any(|c| letters.contains(&c))
}

/// Arabic script: Sorani, Pashto and Urdu each have letters of their own; Persian shares its
/// four extra letters (and its own kaf and yeh) with them but not with Arabic, which has ة ى
/// and its own kaf and yeh.
fn arabic(text: &str) -> Narrowed<'static> {
    const SORANI_LETTERS: &[char] = &['ێ', 'ۆ', 'ڵ', 'ڕ', 'ە'];
    const PASHTO_LETTERS: &[char] = &['ښ', 'ځ', 'څ', 'ډ', 'ړ', 'ږ', 'ګ', 'ۍ', 'ې', 'ټ', 'ڼ'];
    const URDU_LETTERS: &[char] = &['ٹ', 'ڈ', 'ڑ', 'ں', 'ے', 'ۓ', 'ھ'];
    const PERSIAN_LETTERS: &[char] = &['پ', 'چ', 'ژ', 'گ', 'ک', 'ی'];
    const ARABIC_LETTERS: &[char] = &['ة', 'ى', 'ي', 'ك'];
    // Sindhi, Uyghur and others write letters none of these use.
    const OTHERS: &[char] = &['ڄ', 'ڃ', 'ڦ', 'ڻ', 'ۇ', 'ۈ', 'ۋ', 'ڭ'];
    if has(text, OTHERS) {
        return Narrowed::Unclear;
    }
    if has(text, SORANI_LETTERS) {
        return Narrowed::Is(SORANI);
    }
    if has(text, PASHTO_LETTERS) {
        return Narrowed::Is(PASHTO);
    }
    if has(text, URDU_LETTERS) {
        return Narrowed::Is(from_lang(Lang::Urd));
    }
    match (has(text, PERSIAN_LETTERS), has(text, ARABIC_LETTERS)) {
        (true, false) => Narrowed::Is(from_lang(Lang::Pes)),
        (false, true) => Narrowed::Is(from_lang(Lang::Ara)),
        _ => Narrowed::Among(&[Lang::Ara, Lang::Pes, Lang::Urd]),
    }
}

/// Cyrillic: Ukrainian, Belarusian, Serbian and Macedonian have letters of their own; Russian
/// has ы э ё, which Bulgarian lacks (Belarusian has them too, but also ў).
fn cyrillic(text: &str) -> Narrowed<'static> {
    // Kazakh, Kyrgyz, Tajik, Mongolian, Tatar…: languages `whatlang` does not know.
    const OTHERS: &[char] = &[
        'ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'ӣ', 'ӯ', 'ҳ', 'ҷ', 'җ', 'ӊ',
    ];
    if has(text, OTHERS) {
        Narrowed::Unclear
    } else if has(text, &['ї', 'є', 'ґ']) {
        Narrowed::Is(from_lang(Lang::Ukr))
    } else if has(text, &['ў']) {
        Narrowed::Is(from_lang(Lang::Bel))
    } else if has(text, &['ђ', 'ћ']) {
        Narrowed::Is(from_lang(Lang::Srp))
    } else if has(text, &['ѓ', 'ќ', 'ѕ']) {
        Narrowed::Is(from_lang(Lang::Mkd))
    } else if has(text, &['ј', 'љ', 'њ', 'џ']) {
        Narrowed::Among(&[Lang::Srp, Lang::Mkd])
    } else if has(text, &['і']) {
        Narrowed::Among(&[Lang::Ukr, Lang::Bel])
    } else if has(text, &['ы', 'э', 'ё']) {
        Narrowed::Is(from_lang(Lang::Rus))
    } else {
        russian_or_bulgarian(text)
    }
}

/// Russian and Bulgarian share every letter but ы э ё; their commonest words differ ("это" and
/// "това", "сегодня" and "днес"), where the trigrams of a short text do not.
fn russian_or_bulgarian(text: &str) -> Narrowed<'static> {
    const RUSSIAN_WORDS: &[&str] = &[
        "мой",
        "моя",
        "мне",
        "меня",
        "могу",
        "может",
        "сегодня",
        "завтра",
        "пожалуйста",
        "спасибо",
        "здравствуйте",
        "помогите",
        "помочь",
        "что",
        "это",
        "где",
        "когда",
        "сейчас",
        "привет",
        "извините",
        "нет",
        "вы",
        "вас",
        "вам",
        "он",
        "она",
        "они",
        "мы",
        "нас",
        "сын",
        "дочь",
        "хочу",
        "нужна",
        "нужно",
        "нужен",
        "буду",
        "приду",
        "прийти",
        "был",
        "была",
        "есть",
        "уже",
        "только",
        "очень",
        "тоже",
        "если",
        "чтобы",
        "потому",
    ];
    const BULGARIAN_WORDS: &[&str] = &[
        "аз",
        "съм",
        "си",
        "сме",
        "сте",
        "са",
        "моят",
        "моята",
        "моето",
        "мога",
        "можеш",
        "днес",
        "утре",
        "благодаря",
        "моля",
        "какво",
        "къде",
        "кога",
        "здравейте",
        "здравей",
        "вкъщи",
        "ще",
        "това",
        "тази",
        "този",
        "вие",
        "ние",
        "той",
        "тя",
        "искам",
        "няма",
        "има",
        "вече",
        "ако",
        "защото",
        "беше",
        "бил",
        "била",
        "син",
        "дъщеря",
        "трябва",
        "помощ",
    ];
    by_words(
        text,
        &[
            (from_lang(Lang::Rus), RUSSIAN_WORDS, 0),
            (from_lang(Lang::Bul), BULGARIAN_WORDS, 0),
        ],
    )
    .map_or(Narrowed::Among(&[Lang::Rus, Lang::Bul]), Narrowed::Is)
}

/// Ethiopic script: `whatlang` knows only Amharic and calls every Tigrinya text Amharic.
/// Tigrinya writes ቐ (and its vowel forms) and ኣ, which Amharic does not use; with each
/// language's commonest words they decide, or nothing does.
fn ethiopic(text: &str) -> Narrowed<'static> {
    const TIGRINYA_WORDS: &[&str] = &[
        "እየ",
        "እዩ",
        "ኢዩ",
        "ኢየ",
        "ኣነ",
        "ኣሎ",
        "ኣሎኹ",
        "ከመይ",
        "ሎሚ",
        "ጽባሕ",
        "ምስ",
        "ናብ",
        "ንስኻ",
        "ንስኺ",
        "እንታይ",
        "የብለይን",
        "ኣይፋልን",
        "ሕጂ",
        "ወደይ",
        "ጓለይ",
        "ገዛ",
    ];
    const AMHARIC_WORDS: &[&str] = &[
        "ነው",
        "ናቸው",
        "እኔ",
        "አንተ",
        "አንቺ",
        "ዛሬ",
        "ነገ",
        "ምን",
        "እንዴት",
        "የለም",
        "አልችልም",
        "ይቅርታ",
        "እባክህ",
        "እባክሽ",
        "እባክዎ",
        "ወደ",
        "ግን",
        "አመሰግናለሁ",
        "ልጄ",
        "አለ",
        "ነበር",
    ];
    let letters =
        text.contains('ኣ') || text.chars().any(|c| ('\u{1250}'..='\u{125D}').contains(&c));
    by_words(
        text,
        &[
            (TIGRINYA, TIGRINYA_WORDS, usize::from(letters)),
            (from_lang(Lang::Amh), AMHARIC_WORDS, 0),
        ],
    )
    .map_or(Narrowed::Unclear, Narrowed::Is)
}

/// Hebrew script: Yiddish writes װ ױ ײ and a pointed alef (אַ אָ), and its words are Germanic
/// ("איז", "נישט"); Hebrew's commonest words are its own.
fn hebrew(text: &str) -> Narrowed<'static> {
    const YIDDISH_WORDS: &[&str] = &[
        "איז",
        "נישט",
        "ניט",
        "דער",
        "דאס",
        "און",
        "מיט",
        "פון",
        "אויף",
        "מיין",
        "זיך",
        "ביטע",
        "דאנק",
        "גוט",
        "היינט",
        "מארגן",
        "קען",
        "וויל",
        "האב",
        "בין",
    ];
    const HEBREW_WORDS: &[&str] = &[
        "אני",
        "לא",
        "של",
        "את",
        "עם",
        "זה",
        "היא",
        "הוא",
        "שלי",
        "תודה",
        "שלום",
        "יכול",
        "יכולה",
        "היום",
        "מחר",
        "רוצה",
        "צריך",
        "צריכה",
        "על",
        "גם",
        "אבל",
        "כן",
        "מה",
        "רבה",
        "בבקשה",
    ];
    let marked =
        has(text, &['װ', 'ױ', 'ײ']) || text.contains("א\u{05B7}") || text.contains("א\u{05B8}");
    by_words(
        text,
        &[
            (from_lang(Lang::Yid), YIDDISH_WORDS, usize::from(marked)),
            (from_lang(Lang::Heb), HEBREW_WORDS, 0),
        ],
    )
    .map_or(Narrowed::Among(&[Lang::Heb, Lang::Yid]), Narrowed::Is)
}

/// Devanagari: Hindi, Marathi and Nepali, told by their commonest words ("है", "आहे", "छ").
fn devanagari(text: &str) -> Narrowed<'static> {
    const HINDI_WORDS: &[&str] = &[
        "मैं",
        "है",
        "हैं",
        "नहीं",
        "मुझे",
        "में",
        "और",
        "क्या",
        "हूँ",
        "हूं",
        "था",
        "थी",
        "सकता",
        "सकती",
        "आप",
        "की",
        "चाहिए",
    ];
    const MARATHI_WORDS: &[&str] = &[
        "आहे",
        "आहेत",
        "नाही",
        "मी",
        "मला",
        "आणि",
        "तुम्ही",
        "आम्ही",
        "होते",
        "येणार",
    ];
    const NEPALI_WORDS: &[&str] = &[
        "छ",
        "छु",
        "छन्",
        "छैन",
        "म",
        "मलाई",
        "तपाईं",
        "तपाईंलाई",
        "र",
        "हुन्छ",
        "गर्न",
        "सक्दिन",
    ];
    by_words(
        text,
        &[
            (from_lang(Lang::Hin), HINDI_WORDS, 0),
            (from_lang(Lang::Mar), MARATHI_WORDS, 0),
            (from_lang(Lang::Nep), NEPALI_WORDS, 0),
        ],
    )
    .map_or(
        Narrowed::Among(&[Lang::Hin, Lang::Mar, Lang::Nep]),
        Narrowed::Is,
    )
}

/// The language whose commonest words occur most often in `text`, each counted once per
/// occurrence, plus its letter evidence (the third field); `None` when none occur or two tie.
fn by_words(
    text: &str,
    languages: &[(DetectedLanguage, &[&str], usize)],
) -> Option<DetectedLanguage> {
    let words: Vec<&str> = super::words(text).collect();
    let scores: Vec<usize> = languages
        .iter()
        .map(|(_, list, letters)| letters + words.iter().filter(|w| list.contains(w)).count())
        .collect();
    let best = *scores.iter().max()?;
    let mut winners = languages.iter().zip(&scores).filter(|(_, s)| **s == best);
    match (winners.next(), winners.next()) {
        (Some(((language, _, _), _)), None) if best > 0 => Some(*language),
        _ => None,
    }
}
