//! Personnummer, phone numbers and e-mail addresses written in free text.
//!
//! A personnummer is flagged only when it is one: `YYMMDD-NNNN`, `YYYYMMDD-NNNN`, with `+`, a
//! space or nothing between the parts, a real date (day + 60 for a samordningsnummer) and a
//! matching Luhn digit ([`Personnummer::parse`]). What looks like one but is not is left alone:
//! dates (`2026-11-23`), diary numbers (`SN 2026/0042`). Ten digits starting with `0` without a
//! separator are a personnummer of someone born 2000–2009 (`0712319821`) or a phone number
//! (`0701740605`): they count as a personnummer when valid, unless the words just before say
//! phone ("ring", "tel", "mobil", "nummer"…) and not personnummer ("pnr", "personnummer").

use std::ops::Range;

use chrono::NaiveDate;

use crate::personnummer::Personnummer;

/// A valid personnummer or samordningsnummer found at a byte range.
pub(crate) fn personnummer(text: &str, today: NaiveDate) -> Vec<(Range<usize>, Personnummer)> {
    let b = text.as_bytes();
    let digits_from = |i: usize| b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let run = digits_from(i);
        if starts_clean(b, i)
            && let Some((end, p)) = candidate(text, i, run, today)
        {
            out.push((i..end, p));
            i = end;
            continue;
        }
        i += run;
    }
    out
}

/// Not glued to a word or to a number before it (`2026-11-23` holds no candidate at `11`).
fn starts_clean(b: &[u8], i: usize) -> bool {
    let Some(&prev) = i.checked_sub(1).map(|p| &b[p]) else {
        return true;
    };
    if prev.is_ascii_alphanumeric() || prev >= 0x80 {
        return false;
    }
    let joins = matches!(prev, b'-' | b'+' | b'/' | b'.' | b',');
    !(joins && i >= 2 && b[i - 2].is_ascii_digit())
}

fn candidate(text: &str, i: usize, run: usize, today: NaiveDate) -> Option<(usize, Personnummer)> {
    let b = text.as_bytes();
    let ends_clean = |end: usize| {
        let next = b.get(end);
        let after = b.get(end + 1);
        // Not followed by more digits, nor by a joiner and digits (a longer number).
        next.is_none_or(|c| !c.is_ascii_alphanumeric() && *c < 0x80)
            && !(matches!(next, Some(b'-' | b'+' | b'/')) && after.is_some_and(u8::is_ascii_digit))
    };
    let end = match run {
        12 | 10 => {
            if run == 10 && b[i] == b'0' && phone_context(text, i) {
                return None; // a phone number, written without separators
            }
            i + run
        }
        8 | 6 => {
            let sep = *b.get(i + run)?;
            if !matches!(sep, b'-' | b'+' | b' ') {
                return None;
            }
            let tail = b[i + run + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if tail != 4 {
                return None;
            }
            i + run + 5
        }
        _ => return None,
    };
    if !ends_clean(end) {
        return None;
    }
    let s = &text[i..end];
    if (run == 12 || run == 8) && !matches!(&s[..2], "18" | "19" | "20") {
        return None;
    }
    Personnummer::parse(s, today).ok().map(|p| (end, p))
}

/// True when the words just before byte `i` of `text` say a phone number follows, and
/// not a personnummer.
fn phone_context(text: &str, i: usize) -> bool {
    let mut from = i.saturating_sub(32);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = text[from..i].to_lowercase();
    let line = before.rsplit('\n').next().unwrap_or(&before);
    const PERSONNUMMER: &[&str] = &[
        "pnr",
        "personn",
        "pers.nr",
        "pers nr",
        "samordningsn",
        "född",
    ];
    const PHONE: &[&str] = &[
        "ring", "tel", "mobil", "sms", "nummer", "numret", "nr", "nå mig", "nås",
    ];
    if PERSONNUMMER.iter().any(|w| line.contains(w)) {
        return false;
    }
    PHONE.iter().any(|w| line.contains(w))
}

/// Phone-number-like runs (digits with spaces, hyphens and a leading `+`), with each run also
/// split at spaces, so "ring 070-174 06 33" and "0701740633, 0701740605" both give numbers to
/// look up. Seven to fifteen digits.
pub(crate) fn phone_candidates(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts =
            (b[i] == b'+' && b.get(i + 1).is_some_and(u8::is_ascii_digit)) || b[i].is_ascii_digit();
        if !starts || (i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] >= 0x80)) {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < b.len() {
            let c = b[end];
            let joins = matches!(c, b' ' | b'-') && b.get(end + 1).is_some_and(u8::is_ascii_digit);
            if c.is_ascii_digit() || joins {
                end += 1;
            } else {
                break;
            }
        }
        let run = i..end;
        let digits = |r: &Range<usize>| b[r.clone()].iter().filter(|c| c.is_ascii_digit()).count();
        if (7..=15).contains(&digits(&run)) {
            out.push(run.clone());
        }
        let mut start = run.start;
        for (k, &c) in b[run.clone()].iter().enumerate() {
            if c == b' ' {
                let part = start..run.start + k;
                if part != run && (7..=15).contains(&digits(&part)) {
                    out.push(part);
                }
                start = run.start + k + 1;
            }
        }
        if start != run.start {
            let part = start..run.end;
            if (7..=15).contains(&digits(&part)) {
                out.push(part);
            }
        }
        i = end;
    }
    out
}

/// E-mail addresses: words holding one `@` with something on both sides.
pub(crate) fn email_candidates(text: &str) -> Vec<Range<usize>> {
    let is_addr = |c: char| c.is_alphanumeric() || "._%+-@".contains(c);
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (is_addr(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let word = text[s..i].trim_end_matches('.');
                let end = s + word.len();
                if let Some((user, host)) = word.split_once('@')
                    && !user.is_empty()
                    && host.contains('.')
                    && !host.contains('@')
                {
                    out.push(s..end);
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
    }

    fn found(text: &str) -> Vec<String> {
        personnummer(text, today())
            .into_iter()
            .map(|(r, p)| format!("{}={p}", &text[r]))
            .collect()
    }

    #[test]
    fn every_common_spelling() {
        for (written, canonical) in [
            ("19121212-1212", "19121212-1212"),
            ("191212121212", "19121212-1212"),
            ("121212+1212", "19121212-1212"),
            ("121212-1212", "20121212-1212"),
            ("8503149828", "19850314-9828"),
            ("19121212 1212", "19121212-1212"),
            ("870521 2382", "19870521-2382"),
            ("20040863-9821", "20040863-9821"), // samordningsnummer
            ("0712319821", "20071231-9821"),    // born 2007, no separator
        ] {
            let text = format!("Pnr: {written}, tack.");
            assert_eq!(
                found(&text),
                [format!("{written}={canonical}")],
                "{written}"
            );
        }
    }

    #[test]
    fn invalid_dates_and_check_digits_are_not_flagged() {
        assert!(found("19121212-1213").is_empty(), "check digit");
        assert!(found("19870231-2380").is_empty(), "31 February");
        assert!(found("870521-2383").is_empty(), "check digit, short form");
    }

    #[test]
    fn phones_dates_and_diary_numbers_are_not_personnummer() {
        for text in [
            "ring 0701740605 eller 070-1740605 eller +46701740605",
            "mitt nummer: 0712319821",
            "0311234567",
            "mötet 2026-11-23 kl 10.00",
            "dnr SN 2026/0042 och 2026-00042",
            "kontonummer 1234-19121212-1212",
            "ordernr 1912121212123",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn phone_and_email_candidates() {
        let t = "Sms med 070-174 06 33 och 0701740605, mejl Amira.H@example.se.";
        let phones: Vec<&str> = phone_candidates(t).into_iter().map(|r| &t[r]).collect();
        assert!(phones.contains(&"070-174 06 33"));
        assert!(phones.contains(&"0701740605"));
        let mails: Vec<&str> = email_candidates(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(mails, ["Amira.H@example.se"]);
    }
}
