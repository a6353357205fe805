//! A file name sent in RFC 2231 continuations, read as the RFC says and mail programs do.
//!
//! A long or non-ASCII name comes in numbered segments:
//! `filename*0*=iso-8859-1''L%E4karintyg%20f%F6r; filename*1*=%20%C5sa.pdf`. Only segment 0
//! names the charset, and a UTF-8 character may be split between two segments
//! (`...f%C3; filename*1*=%B6r...`): the percent-decoded bytes of the segments are joined
//! first and then read in segment 0's charset (RFC 2231 section 4.1). mail-parser reads each
//! segment apart, the later ones as UTF-8, which turns "Åsa" in Latin-1 and a split "ö" into
//! U+FFFD; this reads the raw header again when the name came in segments.

use std::borrow::Cow;

/// The value of parameter `name` (`filename`, `name`) in the raw header `value` when it came
/// in two or more RFC 2231 segments (`name*0`, `name*1*`, …); `None` when it did not, or the
/// segments do not start at 0.
pub(crate) fn continued_parameter(value: &str, name: &str) -> Option<String> {
    let mut segments: Vec<(u32, bool, String)> = parameters(value)
        .filter_map(|(key, text)| {
            let rest = strip_prefix_ignore_case(key.trim(), name)?.strip_prefix('*')?;
            let (number, encoded) = match rest.strip_suffix('*') {
                Some(number) => (number, true),
                None => (rest, false),
            };
            let number = number
                .bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| number.parse::<u32>().ok())??;
            Some((number, encoded, text))
        })
        .collect();
    if segments.len() < 2 {
        return None;
    }
    segments.sort_by_key(|(n, _, _)| *n);
    if segments[0].0 != 0 {
        return None;
    }
    let mut charset = None;
    let mut out = String::new();
    let mut pending: Vec<u8> = Vec::new();
    for (n, encoded, text) in &segments {
        if !encoded {
            out.push_str(&decoded(&pending, charset));
            pending.clear();
            out.push_str(text);
            continue;
        }
        let mut text = text.as_str();
        if *n == 0 {
            // `charset'language'text`; a segment without the two quotes names no charset.
            let mut fields = text.splitn(3, '\'');
            if let (Some(label), Some(_language), Some(rest)) =
                (fields.next(), fields.next(), fields.next())
            {
                charset = encoding_rs::Encoding::for_label(label.trim().as_bytes());
                text = rest;
            }
        }
        pending.extend(percent_encoding::percent_decode_str(text));
    }
    out.push_str(&decoded(&pending, charset));
    Some(out)
}

/// Bytes read in `charset`, UTF-8 when it names none (as mail-parser reads them).
fn decoded<'a>(bytes: &'a [u8], charset: Option<&'static encoding_rs::Encoding>) -> Cow<'a, str> {
    charset
        .unwrap_or(encoding_rs::UTF_8)
        .decode_without_bom_handling(bytes)
        .0
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// The `key=value` parameters of a raw MIME header value (after its first `;`), a quoted value
/// unquoted; folding and comments outside quotes are left to the caller's trimming.
fn parameters(value: &str) -> impl Iterator<Item = (&str, String)> {
    split_unquoted(value, ';')
        .into_iter()
        .skip(1)
        .filter_map(|param| {
            let (key, text) = param.split_once('=')?;
            let text = text.trim();
            let text = match text.strip_prefix('"') {
                Some(quoted) => {
                    let mut out = String::new();
                    let mut chars = quoted.chars();
                    while let Some(c) = chars.next() {
                        match c {
                            '\\' => out.extend(chars.next()),
                            '"' => break,
                            '\r' | '\n' => {}
                            c => out.push(c),
                        }
                    }
                    out
                }
                None => text.to_string(),
            };
            Some((key, text))
        })
}

/// `text` cut at every `sep` that is outside a quoted string.
fn split_unquoted(text: &str, sep: char) -> Vec<&str> {
    let mut pieces = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            c if c == sep && !quoted => {
                pieces.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    pieces.push(&text[start..]);
    pieces
}

#[cfg(test)]
mod tests {
    use super::continued_parameter;

    #[test]
    fn segments_are_joined_before_their_charset_is_read() {
        let latin1 = "attachment;\r\n filename*0*=iso-8859-1''L%E4karintyg%20f%F6r;\r\n \
                      filename*1*=%20%C5sa%20%D6berg.pdf";
        assert_eq!(
            continued_parameter(latin1, "filename").as_deref(),
            Some("Läkarintyg för Åsa Öberg.pdf")
        );
        let split = "attachment; FILENAME*1*=%B6r%20%C3%85sa.pdf; \
                     filename*0*=utf-8'sv'L%C3%A4karintyg%20f%C3";
        assert_eq!(
            continued_parameter(split, "filename").as_deref(),
            Some("Läkarintyg för Åsa.pdf")
        );
        let mixed = "attachment; filename*0*=iso-8859-1''L%E4karintyg%20f%F6r; \
                     filename*1=\" \\\"\u{c5}sa\\\"; x\"; filename*2*=%20%D6berg.pdf";
        assert_eq!(
            continued_parameter(mixed, "filename").as_deref(),
            Some("Läkarintyg för \"Åsa\"; x Öberg.pdf")
        );
    }

    #[test]
    fn a_name_in_one_piece_is_left_to_mail_parser() {
        for value in [
            "attachment; filename*=utf-8''L%C3%A4karintyg.pdf",
            "attachment; filename=\"a;b.pdf\"",
            "attachment; filename*1*=b; filename*2*=c",
            "attachment; filename*0x=a; filename*1=b",
        ] {
            assert_eq!(continued_parameter(value, "filename"), None, "{value}");
        }
    }
}
