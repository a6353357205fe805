//! The import's notes as a caseworker reads them: the same note on many messages said once.
//!
//! A reader notes what it repaired or guessed per message ("meddelande 12: tidszonen i
//! brevhuvudet är skriven som ett namn (CET) …"), so a mailbox of 2,000 messages written by one
//! program gave 2,000 lines of the same words, and the one note that differed was lost among
//! them. Shown to a person (the CLI's summary, the app's), notes that differ only in the
//! message's number are one line naming the numbers ("meddelande 1–2000: …"); what an import
//! returns and records (`FileImport::skipped`, `--json`) keeps every line.

use crate::model::number_ranges;

/// `notes` with those of the form "PLACE N: NOTE" (`sms 4`, `meddelande 12`, `rad 7`) that share
/// their place's word and their note collected into one line at the first one's position:
/// "sms 4, 9, 12–20: tomt meddelande, hoppades över". Every other line stays as it is.
pub fn collapsed_notes(notes: &[String]) -> Vec<String> {
    let mut out: Vec<Line<'_>> = Vec::new();
    let mut groups: std::collections::HashMap<(&str, &str), usize> =
        std::collections::HashMap::new();
    for line in notes {
        let Some((word, n, note)) = numbered(line) else {
            out.push(Line::AsIs(line));
            continue;
        };
        match groups.get(&(word, note)).map(|&at| &mut out[at]) {
            Some(Line::Numbered { numbers, .. }) => numbers.push(n),
            _ => {
                groups.insert((word, note), out.len());
                out.push(Line::Numbered {
                    word,
                    numbers: vec![n],
                    note,
                });
            }
        }
    }
    out.into_iter()
        .map(|line| match line {
            Line::AsIs(line) => line.to_string(),
            Line::Numbered {
                word,
                numbers,
                note,
            } => format!("{word} {}: {note}", number_ranges(&numbers)),
        })
        .collect()
}

/// A line of the collapsed notes: as written, or one note with the numbers of its messages.
enum Line<'a> {
    AsIs(&'a str),
    Numbered {
        word: &'a str,
        numbers: Vec<i64>,
        note: &'a str,
    },
}

/// "WORD N: NOTE" split into its parts: a word of letters, a number, and the note.
fn numbered(line: &str) -> Option<(&str, i64, &str)> {
    let (place, note) = line.split_once(": ")?;
    let (word, n) = place.split_once(' ')?;
    if word.is_empty() || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    if n.is_empty() || !n.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((word, n.parse().ok()?, note))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &[&str]) -> Vec<String> {
        text.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_same_note_on_many_messages_is_one_line_naming_them() {
        let zone = "tidszonen i brevhuvudet är skriven som ett namn (CET): kontrollera den";
        let mut notes: Vec<String> = (1..=2000)
            .map(|n| format!("meddelande {n}: {zone}"))
            .collect();
        notes.insert(3, "meddelande 4: bilagan a.pdf saknas".to_string());
        notes.push("filen slutar mitt i ett meddelande".to_string());
        assert_eq!(
            collapsed_notes(&notes),
            lines(&[
                &format!("meddelande 1–2000: {zone}"),
                "meddelande 4: bilagan a.pdf saknas",
                "filen slutar mitt i ett meddelande",
            ])
        );
    }

    #[test]
    fn numbers_keep_their_gaps_and_words_their_kinds() {
        let notes = lines(&[
            "sms 4: tomt meddelande, hoppades över",
            "mms 4: tomt meddelande, hoppades över",
            "sms 9: tomt meddelande, hoppades över",
            "sms 10: tomt meddelande, hoppades över",
            "sms 11: tomt meddelande, hoppades över",
            "rad 2: okänd post, hoppades över",
        ]);
        assert_eq!(
            collapsed_notes(&notes),
            lines(&[
                "sms 4, 9–11: tomt meddelande, hoppades över",
                "mms 4: tomt meddelande, hoppades över",
                "rad 2: okänd post, hoppades över",
            ])
        );
    }

    #[test]
    fn lines_of_other_forms_stay_as_they_are() {
        let notes = lines(&[
            "3 meddelanden fanns redan i inkom: importerades inte igen",
            "bilaga 2: okänd",
            "meddelande x: y",
            "tråd, 3 meddelanden: sms 1 – sms 3: not",
        ]);
        assert_eq!(collapsed_notes(&notes), notes);
    }
}
