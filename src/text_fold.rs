//! Folding text for matching: Unicode NFC composition, then lower case one character for one
//! character. The suggestion's word lists and the client register's name patterns are matched
//! against folded text, so both must fold identically; this module is theirs in common (and the
//! lifecycle's, which matches names against the register), so neither depends on the other.

/// Composes `s` to Unicode NFC and lower-cases it character by character: what every word list
/// and name pattern is matched against. Text from macOS and iOS can arrive decomposed ("ä" as
/// "a" + U+0308), which would otherwise match no list. A character whose lower case is more
/// than one character (rare: `İ`) is kept as it is.
pub fn fold(s: &str) -> String {
    nfc(s).into_iter().map(|(_, c)| fold_char(c)).collect()
}

/// NFC of `s`, each character with the byte offset in `s` of the character it came from (a
/// composed character: its first part), so a match can be mapped back to what was written.
pub(crate) fn nfc(s: &str) -> Vec<(usize, char)> {
    use unicode_normalization::char::{
        canonical_combining_class as ccc, compose, decompose_canonical,
    };
    use unicode_normalization::{IsNormalized, is_nfc_quick};
    if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        return s.char_indices().collect();
    }
    let mut d: Vec<(usize, char)> = Vec::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        decompose_canonical(c, |x| d.push((i, x)));
    }
    // Canonical order: each run of combining marks sorted (stably) by combining class.
    let mut k = 0;
    while k < d.len() {
        if ccc(d[k].1) == 0 {
            k += 1;
            continue;
        }
        let start = k;
        while k < d.len() && ccc(d[k].1) != 0 {
            k += 1;
        }
        d[start..k].sort_by_key(|x| ccc(x.1));
    }
    // Canonical composition (UAX #15): a mark joins the last starter unless blocked.
    let mut out: Vec<(usize, char)> = Vec::with_capacity(d.len());
    let mut starter: Option<usize> = None;
    let mut last: Option<u8> = None;
    for (i, c) in d {
        let class = ccc(c);
        if let Some(si) = starter {
            let blocked = last.is_some_and(|l| l == 0 || l >= class);
            if !blocked && let Some(composed) = compose(out[si].1, c) {
                out[si].1 = composed;
                continue;
            }
        }
        if class == 0 {
            starter = Some(out.len());
            last = None;
        } else {
            last = Some(class);
        }
        out.push((i, c));
    }
    out
}

/// `c` lower-cased, when its lower case is one character; otherwise `c` as it is, so folding
/// keeps one character for each character (the offset maps rely on it).
pub(crate) fn fold_char(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}
