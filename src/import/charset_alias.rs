//! Windows code-page names in MIME `charset=` labels that the MIME parser does not know.
//!
//! Mail written by Windows programs and scripts (Python's `cp932`, Java's `MS950`, …) labels
//! text with the Windows code-page name. These are the very encodings the WHATWG names cover
//! (`cp932` is Windows-31J, what `Shift_JIS` means to encoding_rs), but mail-parser knows only
//! the WHATWG labels, so such text would be read as UTF-8 and turn into replacement characters.
//! Before parsing, the label in `Content-Type` header lines (of the message and of its parts) is
//! replaced by the standard name of the same encoding. Only lines that begin with
//! `Content-Type:` (and their folded continuations) are looked at, so body text stays as sent
//! (a body line that itself begins with `Content-Type:` is the one, harmless, exception).

use std::borrow::Cow;

/// Windows code-page labels and the standard label of the same encoding.
const ALIASES: &[(&str, &str)] = &[
    ("cp932", "shift_jis"),
    ("ms-cp932", "shift_jis"),
    ("x-ms-cp932", "shift_jis"),
    ("cp949", "windows-949"),
    ("ms949", "windows-949"),
    ("cp950", "big5"),
    ("ms950", "big5"),
    ("cp874", "windows-874"),
    // The Windows code pages written without their hyphen, as some scripts write them.
    ("windows1250", "windows-1250"),
    ("windows1251", "windows-1251"),
    ("windows1252", "windows-1252"),
    ("windows1253", "windows-1253"),
    ("windows1254", "windows-1254"),
    ("windows1255", "windows-1255"),
    ("windows1256", "windows-1256"),
    ("windows1257", "windows-1257"),
    ("windows1258", "windows-1258"),
];

/// `bytes` with every aliased `charset=` label in a `Content-Type` header (or its folded
/// continuation lines) replaced; borrowed unchanged when there is none.
pub(crate) fn standard_charset_labels(bytes: &[u8]) -> Cow<'_, [u8]> {
    let mut out: Option<Vec<u8>> = None;
    let mut in_content_type = false;
    let mut done = 0;
    let mut offset = 0;
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        let start = offset;
        offset += line.len();
        if line.first().is_some_and(|b| *b == b' ' || *b == b'\t') {
            // A folded continuation keeps the header it continues.
        } else {
            in_content_type = line
                .get(..13)
                .is_some_and(|h| h.eq_ignore_ascii_case(b"content-type:"));
        }
        if !in_content_type {
            continue;
        }
        let Some((at, len, standard)) = aliased_label(line) else {
            continue;
        };
        let buf = out.get_or_insert_with(|| Vec::with_capacity(bytes.len() + 16));
        buf.extend_from_slice(&bytes[done..start + at]);
        buf.extend_from_slice(standard.as_bytes());
        done = start + at + len;
    }
    match out {
        None => Cow::Borrowed(bytes),
        Some(mut buf) => {
            buf.extend_from_slice(&bytes[done..]);
            Cow::Owned(buf)
        }
    }
}

/// Where in the line an aliased label stands (offset, length) and its standard name.
fn aliased_label(line: &[u8]) -> Option<(usize, usize, &'static str)> {
    let lower = line.to_ascii_lowercase();
    let key = b"charset=";
    let at = lower.windows(key.len()).position(|w| w == key)? + key.len();
    let at = at + usize::from(lower.get(at) == Some(&b'"'));
    let len = lower[at..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
        .count();
    let label = std::str::from_utf8(&lower[at..at + len]).ok()?;
    ALIASES
        .iter()
        .find(|(alias, _)| *alias == label)
        .map(|(_, standard)| (at, len, *standard))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_content_type_labels_change() {
        let mail = b"Subject: charset=cp932\r\nContent-Type: text/plain;\r\n\tcharset=\"CP932\"\r\n\r\ncharset=cp932 stays in the body\r\n";
        let got = standard_charset_labels(mail);
        assert_eq!(
            &got[..],
            &b"Subject: charset=cp932\r\nContent-Type: text/plain;\r\n\tcharset=\"shift_jis\"\r\n\r\ncharset=cp932 stays in the body\r\n"[..]
        );
        let plain = b"Content-Type: text/plain; charset=utf-8\n\nhej\n";
        assert!(matches!(standard_charset_labels(plain), Cow::Borrowed(_)));
    }
}
