//! What the search index (`items_fts`, migrations 4, 8 and 15) holds for an item's text, and the
//! same rules for what the user types (src/desk/search.rs).
//!
//! Two columns besides the text as written (`exact`):
//! * `folded`: the text with å/ä/æ → a, ö/ø → o, é/è → e, ü → u (either case, always to lower
//!   case, as the index's tokenizer folds case anyway), kept only when it differs from the
//!   text, so "angelagen" typed without diacritics finds "angelägen".
//! * `spaced`: for a text in a script written without spaces (Chinese, Japanese kana, Thai, Lao,
//!   Khmer, Myanmar), every such character as a word of its own, so a word typed in them is
//!   found as a phrase of characters; empty for every other text.
//!
//! Both are SQL functions on every connection the store opens ([`install`]), used by the view
//! the index triggers read. Until migration 15 they were SQL expressions (sixteen nested
//! `replace` calls and a character-class `GLOB` with a recursive split): identical output, but
//! a quarter of the time of importing a long conversation went into them.

use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;

use super::StoreError;

/// The SQL function giving an item text's `folded` column: [`folded`].
pub(crate) const FOLDED_FN: &str = "inkom_fts_folded";
/// The SQL function giving an item text's `spaced` column: [`spaced`].
pub(crate) const SPACED_FN: &str = "inkom_fts_spaced";

/// Letters the folded column replaces.
pub(crate) const FOLDED_LETTERS: &[char] = &[
    'å', 'ä', 'ö', 'æ', 'ø', 'é', 'è', 'ü', 'Å', 'Ä', 'Ö', 'Æ', 'Ø', 'É', 'È', 'Ü',
];

/// One letter as the folded column holds it.
pub(crate) fn fold_letter(c: char) -> char {
    match c {
        'å' | 'ä' | 'æ' | 'Å' | 'Ä' | 'Æ' => 'a',
        'ö' | 'ø' | 'Ö' | 'Ø' => 'o',
        'é' | 'è' | 'É' | 'È' => 'e',
        'ü' | 'Ü' => 'u',
        other => other,
    }
}

/// The words of `text` (as whitespace separates them) that hold a folded letter, with the
/// letters replaced; `""` when there are none. The other words are in `exact` as they are, and
/// search matches every typed word on its own in either column (`{exact folded}`, never a
/// phrase across words there), so this finds exactly what the whole text folded found, with
/// a third of the words to index in a Swedish text (issue 15: the index's share of an import).
/// No word the tokenizer sees spans whitespace, and folding keeps letters letters, so every
/// word holding a folded letter is tokenized as it was in the whole folded text.
pub(crate) fn folded(text: &str) -> String {
    if !text.contains(FOLDED_LETTERS) {
        return String::new();
    }
    let mut out = String::with_capacity(text.len() / 2);
    for word in text
        .split(char::is_whitespace)
        .filter(|w| w.contains(FOLDED_LETTERS))
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().map(fold_letter));
    }
    out
}

/// Characters of scripts written without spaces, indexed one by one in the `spaced` column:
/// CJK (with kana and compatibility forms), Thai, Lao, Myanmar, Khmer, halfwidth and fullwidth
/// forms.
pub(crate) fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}'
        | '\u{0E00}'..='\u{0EFF}'
        | '\u{1000}'..='\u{109F}'
        | '\u{1780}'..='\u{17FF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FFEF}')
}

/// Every unspaced character of `text` with a space either side, other characters as they are.
pub(crate) fn spread(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if is_unspaced(c) {
            out.push(' ');
            out.push(c);
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// The `spaced` column: [`spread`] for a text holding an unspaced character, else `""`.
pub(crate) fn spaced(text: &str) -> String {
    if text.chars().any(is_unspaced) {
        spread(text)
    } else {
        String::new()
    }
}

/// Puts [`FOLDED_FN`] and [`SPACED_FN`] on a connection. Innocuous (no key, no side effect), so
/// the view the index triggers read may call them; NULL gives NULL.
pub(crate) fn install(conn: &Connection) -> Result<(), StoreError> {
    for (name, f) in [
        (FOLDED_FN, folded as fn(&str) -> String),
        (SPACED_FN, spaced as fn(&str) -> String),
    ] {
        super::text_function(
            conn,
            name,
            FunctionFlags::SQLITE_UTF8
                | FunctionFlags::SQLITE_DETERMINISTIC
                | FunctionFlags::SQLITE_INNOCUOUS,
            move |text| Ok(f(text)),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The columns as migrations 4 and 8 computed them in SQL, for comparison.
    const OLD_COLUMNS: &str = r#"
        SELECT CASE WHEN folded <> exact THEN folded ELSE '' END,
            CASE WHEN exact GLOB '*[⺀-鿿ぁ-ヿ฀-໿က-႟ក-៿豈-﫿＀-￯]*' THEN (
                SELECT group_concat(piece, '') FROM (
                    WITH RECURSIVE
                        chunks(k, rest, chunk) AS (
                            SELECT 0, exact, ''
                            UNION ALL
                            SELECT k + 1, substr(rest, 65), substr(rest, 1, 64)
                            FROM chunks WHERE rest <> ''),
                        n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 64)
                    SELECT CASE WHEN substr(chunk, i, 1) GLOB '[⺀-鿿ぁ-ヿ฀-໿က-႟ក-៿豈-﫿＀-￯]'
                                THEN ' ' || substr(chunk, i, 1) || ' '
                                ELSE substr(chunk, i, 1) END AS piece
                    FROM chunks JOIN n ON i <= length(chunk)
                    ORDER BY k, i))
            ELSE '' END
        FROM (SELECT ?1 AS exact,
            replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
            replace(replace(replace(replace(replace(replace(?1
                , 'å', 'a'), 'Å', 'a'), 'ä', 'a'), 'Ä', 'a'), 'ö', 'o'), 'Ö', 'o'), 'æ', 'a')
                , 'Æ', 'a'), 'ø', 'o'), 'Ø', 'o'), 'é', 'e'), 'É', 'e'), 'è', 'e'), 'È', 'e')
                , 'ü', 'u'), 'Ü', 'u') AS folded)
    "#;

    #[test]
    fn the_functions_give_what_the_old_sql_gave() {
        let conn = Connection::open_in_memory().expect("memory");
        let mut texts: Vec<String> = vec![
            String::new(),
            "Hej".into(),
            "Ångest, ÄNGEL, öl, Ørsted, Æsir, café, crème, Über, übung".into(),
            "明天下午三点见。Anna 070-174 06 05".into(),
            "พรุ่งนี้ เจอกัน ที่ สำนักงาน".into(),
            "東京ｶﾀｶﾅ ひらがな カタカナ 豈".into(),
            "ក្រុមហ៊ុន မြန်မာ ລາວ".into(),
            "x".repeat(64) + "明" + &"y".repeat(70) + "天",
            "मेरा नाम\nمرحبا\tשלום 🙂 e\u{301}".into(),
        ];
        for line in [
            "سلام، من فردا ساعت ۱۰ می‌آیم",
            "ሰላም ጽቡቕ መዓልቲ",
            "Xin chào, tôi sẽ đến lúc 10 giờ",
            "Γειά σου, Привіт, Здравствуйте",
            "こんにちは、明日の10時に伺います。",
            "我明天上午十点来办公室。",
        ] {
            texts.push(line.to_owned());
            // Across a chunk boundary of the old split (64 characters).
            texts.push(format!("{}{line}", "a".repeat(63)));
        }
        let mut stmt = conn.prepare(OLD_COLUMNS).expect("old sql");
        for text in &texts {
            let (old_folded, old_spaced): (String, String) = stmt
                .query_row([text], |r| Ok((r.get(0)?, r.get(1)?)))
                .expect("old columns");
            assert_eq!(
                index_words(&conn, text, &folded(text)),
                index_words(&conn, text, &old_folded),
                "folded of {text:?}"
            );
            assert!(folded(text).len() <= old_folded.len());
            assert_eq!(spaced(text), old_spaced, "spaced of {text:?}");
        }
    }

    /// The words the search index holds for a row with these `exact` and `folded` columns,
    /// whichever column: what `{exact folded} : "word"` can match. Read back from a real FTS5
    /// table with the index's tokenizer (migration 8).
    fn index_words(conn: &Connection, exact: &str, folded: &str) -> Vec<String> {
        conn.execute_batch(
            "DROP TABLE IF EXISTS words_vocab; DROP TABLE IF EXISTS words;
             CREATE VIRTUAL TABLE words USING fts5 (exact, folded,
                 tokenize = \"unicode61 remove_diacritics 0 categories 'L* N* Co M*'\");
             CREATE VIRTUAL TABLE words_vocab USING fts5vocab (words, row);",
        )
        .expect("fts5 table");
        conn.execute(
            "INSERT INTO words (exact, folded) VALUES (?1, ?2)",
            [exact, folded],
        )
        .expect("insert");
        conn.prepare("SELECT term FROM words_vocab ORDER BY term")
            .expect("vocab")
            .query_map([], |r| r.get(0))
            .expect("terms")
            .collect::<Result<_, _>>()
            .expect("terms")
    }

    /// A Swedish text's folded column holds only its words with å, ä or ö, folded: the rest are
    /// in `exact` already.
    #[test]
    fn the_folded_column_holds_the_words_that_fold() {
        assert_eq!(
            folded("Hej! Kan vi ses på mötet i morgon, kl. 14?\nMvh Åsa"),
            "pa motet asa"
        );
        assert_eq!(folded("Inga prickar här? Jo: här."), "har? har.");
        assert_eq!(folded("Nothing to fold"), "");
        assert_eq!(folded("café\u{a0}crème\u{3000}übung"), "cafe creme ubung");
    }

    /// Migration 8's character class was meant to end its CJK compatibility range at U+F900,
    /// but the character was stored composed (NFC turns U+F900 into U+8C48), so the SQL range
    /// ran from U+8C48 and took in Hangul, Yi and the private-use area too. Search never asked
    /// the `spaced` column for those (`desk::search` spaces only the intended class), so the
    /// index's old rows answer every query as the new ones do; the functions keep to the
    /// intended class.
    #[test]
    fn hangul_and_private_use_stay_words_as_the_query_side_always_had_them() {
        let conn = Connection::open_in_memory().expect("memory");
        let old: String = conn
            .query_row(OLD_COLUMNS, ["한국어 \u{E000}"], |r| r.get(1))
            .expect("old sql");
        assert_eq!(old, " 한  국  어   \u{E000} ");
        assert_eq!(spaced("한국어 \u{E000}"), "");
        assert_eq!(spaced("한국어 明"), "한국어  明 ");
    }

    #[test]
    fn null_stays_null_and_text_goes_through_sql() {
        let conn = Connection::open_in_memory().expect("memory");
        install(&conn).expect("functions");
        let (f, s, n): (String, String, Option<String>) = conn
            .query_row(
                &format!("SELECT {FOLDED_FN}('Åsa'), {SPACED_FN}('明天'), {FOLDED_FN}(NULL)"),
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .expect("query");
        assert_eq!((f.as_str(), s.as_str(), n), ("asa", " 明  天 ", None));
    }
}
