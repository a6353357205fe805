//! Search finds a word in every script of the multilingual corpus (issue 12), on a real store:
//! words in scripts without spaces (Chinese, Japanese, Thai) inside unspaced sentences, words with
//! combining marks (Hindi, Arabic, Persian with its zero-width non-joiner), right-to-left words.

use crate::desk_support;
use crate::scripts;

use desk_support::Desk;

#[test]
fn a_word_is_found_in_every_script() {
    let mut d = Desk::empty();
    let numbers: Vec<String> = (0..scripts::MESSAGES.len())
        .map(|n| format!("+467017406{:02}", 20 + n))
        .collect();
    let conversations: Vec<(&str, &str, Vec<&str>)> = scripts::MESSAGES
        .iter()
        .zip(&numbers)
        .map(|((language, text), number)| (number.as_str(), *language, vec![*text]))
        .collect();
    let xml = scripts::sms_xml(&conversations);
    let path = d.write("sms.xml", xml.as_bytes());
    let created = d.import(&path, false);
    assert_eq!(
        created.len(),
        scripts::MESSAGES.len(),
        "one item per language"
    );

    for (language, word) in scripts::SEARCH_WORDS {
        let n = scripts::MESSAGES
            .iter()
            .position(|(l, _)| l == language)
            .expect("language in corpus");
        let id = d.id_of(&numbers[n]);
        assert_eq!(d.search(word), vec![id], "{language}: {word}");
    }
    // One- and two-character words in Chinese and Japanese, inside the sentence.
    let chinese = d.id_of(&numbers[19]);
    assert_eq!(d.search("预约"), vec![chinese]);
    assert_eq!(d.search("谢"), vec![chinese]);
    let japanese = d.id_of(&numbers[20]);
    assert_eq!(d.search("予約"), vec![japanese]);
    // Characters that are not there find nothing; word order inside the phrase matters.
    assert!(d.search("天明").is_empty());
    // A Persian word with its zero-width non-joiner.
    let persian = d.id_of(&numbers[1]);
    assert_eq!(d.search("می\u{200C}آیم"), vec![persian]);
}
