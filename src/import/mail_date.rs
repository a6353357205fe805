//! The time in an e-mail's `Date:` header and after a `Received:` header's `;`, read as mail
//! programs read it.
//!
//! RFC 5322 writes `Tue, 1 Dec 2026 10:00:00 +0100`. Besides the numeric offset it knows the
//! North American zone names (EST, PDT, …) and UT/GMT (section 4.3), and says any other name
//! is -0000, an unknown offset. Real mail writes other names too: a Swedish server `CET` or
//! `CEST`, a British one `BST`. Read as UTC, as mail-parser reads them, a Swedish mail's time
//! would be an hour or two wrong; Thunderbird reads the common ones at their offset, and so
//! does inkom, with a note asking the caseworker to check the time. A name nobody knows is read
//! as UTC, as the RFC says, with the same note.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone};

/// A header's time, and why it must be checked (its zone was written as a name, or no zone
/// was written); `note` is `None` when the header said the offset as the RFC says it.
pub(crate) struct HeaderTime {
    pub at: DateTime<FixedOffset>,
    pub note: Option<String>,
}

/// The zone names RFC 5322 defines (section 4.3), and UTC, which says the same as UT: exact,
/// so read without a note.
const RFC_ZONES: &[(&str, i32)] = &[
    ("UT", 0),
    ("UTC", 0),
    ("GMT", 0),
    ("Z", 0),
    ("EST", -5 * 3600),
    ("EDT", -4 * 3600),
    ("CST", -6 * 3600),
    ("CDT", -5 * 3600),
    ("MST", -7 * 3600),
    ("MDT", -6 * 3600),
    ("PST", -8 * 3600),
    ("PDT", -7 * 3600),
];

/// Zone names the RFC does not define that mail programs (Thunderbird's date reader, Outlook)
/// read at their offset: the Central European ones a Swedish server writes, and the common
/// names of other countries whose meaning is not in doubt (not IST or AST, which name zones
/// hours apart).
const OTHER_ZONES: &[(&str, i32)] = &[
    ("CET", 3600),
    ("MET", 3600),
    ("CEST", 2 * 3600),
    ("MEST", 2 * 3600),
    ("BST", 3600),
    ("WET", 0),
    ("WEST", 3600),
    ("EET", 2 * 3600),
    ("EEST", 3 * 3600),
    ("MSK", 3 * 3600),
    ("JST", 9 * 3600),
    ("KST", 9 * 3600),
    ("HKT", 8 * 3600),
    ("SGT", 8 * 3600),
    ("AEST", 10 * 3600),
    ("AEDT", 11 * 3600),
    ("NZST", 12 * 3600),
    ("NZDT", 13 * 3600),
    ("HST", -10 * 3600),
    ("AKST", -9 * 3600),
    ("AKDT", -8 * 3600),
];

/// The time in `text` (a `Date:` header's value, or what follows a `Received:` header's last
/// `;`), folding and comments left out: as RFC 5322 writes it (`1 Dec 2026 10:00:00 +0100`), as
/// Unix programs write asctime (`Thu Dec  3 10:15:00 2026`, a zone after the year or before
/// it), or as ISO 8601 with an offset. A time without a zone is Swedish time, with a note: a mail program shows it as the
/// reader's local time, and the unit reads it in Sweden (it used to give the file's time
/// instead). `None` when it is neither (then mail-parser's more forgiving reading is the
/// caller's fallback).
pub(crate) fn read(text: &str) -> Option<HeaderTime> {
    let text = without_comments(text).replace(',', " ");
    let mut words: Vec<&str> = text.split_whitespace().collect();
    // ISO 8601 with its offset, as some scripts write it (`2026-12-01T10:00:00+01:00`): exact.
    if words.len() <= 2
        && let Ok(at) = DateTime::parse_from_rfc3339(&words.join("T"))
    {
        return Some(HeaderTime { at, note: None });
    }
    if words.first().is_some_and(|w| is_day_name(w)) {
        words.remove(0);
    }
    let asctime = words.first().is_some_and(|w| month_of(w).is_some());
    let (day, month, year, time, zone) = match (asctime, &words[..]) {
        (true, &[month, day, time, after, ref rest @ ..]) => {
            match after.bytes().all(|b| b.is_ascii_digit()) {
                true => (day, month, after, time, rest.first().copied()),
                false => (day, month, *rest.first()?, time, Some(after)),
            }
        }
        (false, &[day, month, year, time, ref rest @ ..]) => {
            (day, month, year, time, rest.first().copied())
        }
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(year_of(year)?, month_of(month)?, day.parse().ok()?)?;
    let naive = date.and_time(time_of(time)?);
    Some(match zone {
        Some(zone) => {
            let (offset, note) = zone_of(zone)?;
            let at = FixedOffset::east_opt(offset)?
                .from_local_datetime(&naive)
                .single()?;
            HeaderTime { at, note }
        }
        None => HeaderTime {
            at: super::common::stockholm_local(naive)?,
            note: Some(NO_ZONE_NOTE.to_string()),
        },
    })
}

/// The note on a time written without a zone ([`read`]).
const NO_ZONE_NOTE: &str =
    crate::time_questioned!("tidszonen saknas i brevhuvudet; tiden lästes som svensk tid");

/// The offset a zone word names, and the note when it was a name the RFC does not define.
/// `None` for a word that is no zone (the text is then no date as the RFC writes it).
fn zone_of(word: &str) -> Option<(i32, Option<String>)> {
    if let Some(sign) = word.chars().next().filter(|c| *c == '+' || *c == '-') {
        let digits: String = word[1..].chars().filter(|c| *c != ':').collect();
        if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let hours: i32 = digits[..2].parse().ok()?;
        let minutes: i32 = digits[2..].parse().ok()?;
        let seconds = hours * 3600 + minutes * 60;
        return Some((if sign == '-' { -seconds } else { seconds }, None));
    }
    if word.is_empty() || !word.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let find = |zones: &[(&str, i32)]| {
        zones
            .iter()
            .find(|(name, _)| word.eq_ignore_ascii_case(name))
            .map(|(_, offset)| *offset)
    };
    if let Some(offset) = find(RFC_ZONES) {
        return Some((offset, None));
    }
    let name = word.to_ascii_uppercase();
    Some(match find(OTHER_ZONES) {
        Some(offset) => (
            offset,
            Some(format!(
                "tidszonen i brevhuvudet är skriven som ett namn ({name}), inte som en \
                 förskjutning; tiden lästes som {}, som e-postprogram läser den{}",
                offset_text(offset),
                crate::model::CHECK_THE_TIME
            )),
        ),
        // A zone's abbreviation has two to five letters; a longer word is named only as
        // unknown, not quoted (notes outlive a purge, and it may be anything the sender wrote).
        None => (
            0,
            Some(format!(
                "tidszonen i brevhuvudet är skriven som ett okänt namn{}; tiden lästes som UTC \
                 (+00:00){}",
                match name.len() {
                    ..=5 => format!(" ({name})"),
                    _ => String::new(),
                },
                crate::model::CHECK_THE_TIME
            )),
        ),
    })
}

/// `+01:00`, `-05:00`.
fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

fn is_day_name(word: &str) -> bool {
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        .iter()
        .any(|d| word.get(..3).is_some_and(|w| w.eq_ignore_ascii_case(d)))
        && word.chars().all(|c| c.is_ascii_alphabetic())
}

/// A month's number from its English name or its first three letters.
fn month_of(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    if word.len() < 3 || !word.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let i = MONTHS
        .iter()
        .position(|m| word[..3].eq_ignore_ascii_case(m))?;
    u32::try_from(i + 1).ok()
}

/// A year of four digits, or of two or three as RFC 5322 section 4.3 reads them: 00–49 is
/// 2000–2049, 50–99 is 1950–1999, three digits are years after 1900. (mail-parser reads a
/// Received header's two-digit year as 19xx: a mail that arrived in 2026 was dated 1926.)
fn year_of(word: &str) -> Option<i32> {
    if !(2..=4).contains(&word.len()) || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = word.parse().ok()?;
    Some(match word.len() {
        2 if year < 50 => 2000 + year,
        2 | 3 => 1900 + year,
        _ => year,
    })
}

/// `hh:mm` or `hh:mm:ss`.
fn time_of(word: &str) -> Option<NaiveTime> {
    let number = |f: &str| -> Option<u32> {
        (!f.is_empty() && f.len() <= 2 && f.bytes().all(|b| b.is_ascii_digit()))
            .then(|| f.parse().ok())
            .flatten()
    };
    let (hour, minute, second) = match word.split(':').collect::<Vec<_>>()[..] {
        [h, m] => (number(h)?, number(m)?, 0),
        [h, m, s] => (number(h)?, number(m)?, number(s)?),
        _ => return None,
    };
    NaiveTime::from_hms_opt(hour, minute, second)
}

/// `text` without its comments (parenthesised, nested, `\` quoting a character).
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if depth > 0 => {
                chars.next();
            }
            '(' => {
                depth += 1;
                out.push(' ');
            }
            ')' if depth > 0 => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::read;

    fn at(text: &str) -> Option<(String, bool)> {
        read(text).map(|t| (t.at.to_rfc3339(), t.note.is_some()))
    }

    #[test]
    fn zones_are_read_at_their_offsets() {
        for (text, expected, noted) in [
            (
                "Tue, 1 Dec 2026 10:00:00 +0100",
                "2026-12-01T10:00:00+01:00",
                false,
            ),
            ("1 Dec 2026 10:00 -0500", "2026-12-01T10:00:00-05:00", false),
            (
                "Tue, 1 Dec 2026 04:00:00 EST",
                "2026-12-01T04:00:00-05:00",
                false,
            ),
            (
                "Tue, 1 Sep 2026 01:00:00 pdt",
                "2026-09-01T01:00:00-07:00",
                false,
            ),
            (
                "Tue, 1 Dec 2026 09:00:00 UT",
                "2026-12-01T09:00:00+00:00",
                false,
            ),
            (
                "Tue, 1 Dec 2026 09:00:00 GMT",
                "2026-12-01T09:00:00+00:00",
                false,
            ),
            (
                "Tue, 1 Sep 2026 10:00:00 MEST (Mitteleuropäische Sommerzeit)",
                "2026-09-01T10:00:00+02:00",
                true,
            ),
            (
                "Tue, 1 Dec 2026 10:00:00 CET",
                "2026-12-01T10:00:00+01:00",
                true,
            ),
            (
                "Tue, 1 Sep 2026 09:00:00 BST",
                "2026-09-01T09:00:00+01:00",
                true,
            ),
            (
                "Tue, 1 Dec 2026 10:00:00 XYZ",
                "2026-12-01T10:00:00+00:00",
                true,
            ),
            (
                "1 Dec 26 10:00:00 +0100",
                "2026-12-01T10:00:00+01:00",
                false,
            ),
            (
                "1 Dec 49 10:00:00 +0100",
                "2049-12-01T10:00:00+01:00",
                false,
            ),
            (
                "Wed, 1 Dec 99 10:00:00 +0100",
                "1999-12-01T10:00:00+01:00",
                false,
            ),
            (
                "Thu, 1 Dec 105 10:00:00 +0100",
                "2005-12-01T10:00:00+01:00",
                false,
            ),
            (
                "2026-12-01T10:00:00+01:00",
                "2026-12-01T10:00:00+01:00",
                false,
            ),
            ("2026-12-01 09:00:00Z", "2026-12-01T09:00:00+00:00", false),
            // No zone, asctime: Swedish time, summer or winter.
            (
                "Tue, 1 Dec 2026 10:00:00",
                "2026-12-01T10:00:00+01:00",
                true,
            ),
            ("1 Sep 2026 10:00", "2026-09-01T10:00:00+02:00", true),
            (
                "Thu Dec  3 10:15:00 2026",
                "2026-12-03T10:15:00+01:00",
                true,
            ),
            (
                "Thu Dec  3 10:15:00 2026 +0000",
                "2026-12-03T10:15:00+00:00",
                false,
            ),
            (
                "Thu Dec  3 10:15:00 CET 2026",
                "2026-12-03T10:15:00+01:00",
                true,
            ),
            (
                "Tue,\r\n 1 Dec 2026 (kommentar) 10:00:00 +0100 (CET)",
                "2026-12-01T10:00:00+01:00",
                false,
            ),
        ] {
            assert_eq!(at(text), Some((expected.to_string(), noted)), "{text}");
        }
    }

    #[test]
    fn an_unknown_zone_is_quoted_only_when_it_is_as_short_as_an_abbreviation() {
        let note = |text: &str| read(text).and_then(|t| t.note).expect("a note");
        assert!(note("1 Dec 2026 10:00 xyz").contains("okänt namn (XYZ);"));
        let long = note("1 Dec 2026 10:00 Karinlund");
        assert!(
            long.contains("okänt namn;") && !long.contains("KARIN"),
            "{long}"
        );
    }

    #[test]
    fn what_is_no_rfc_date_is_left_to_the_parser() {
        for text in [
            "",
            "i morgon",
            "Tue, 1 Dec 2026 10:00:00 +01",
            "Tue, 32 Dec 2026 10:00:00 +0100",
            "Tue, 1 Dec 2026 25:00:00 +0100",
            "Tue, 1 Foo 2026 10:00:00 +0100",
            "Tue, 1 Dec 2026 10:00:00 Europe/Stockholm",
        ] {
            assert!(read(text).is_none(), "{text}");
        }
    }
}
