//! Encoded words (RFC 2047) that split a character between them, joined as mail programs join
//! them.
//!
//! RFC 2047 says each encoded word must hold whole characters, but senders that fold a long
//! subject or name by byte count cut a UTF-8 character in two: `=?UTF-8?B?QW5zww==?=
//! =?UTF-8?B?tmthbg==?=` is "Ansökan" with the "ö" split between the words. Read word by word
//! (as mail-parser reads them) each half is a U+FFFD; Thunderbird, Gmail and Apple Mail join the
//! bytes of adjacent words in the same charset before decoding, and show "Ansökan". Before
//! parsing, such a run of words in the message's header block is written as one encoded word
//! holding the joined bytes, so mail-parser gives the subject and the names as those programs
//! show them; the header blocks of its parts are rewritten so too ([`super::part_headers`]:
//! they name the attachments). Only runs whose joined bytes read without a fault in their charset, and whose
//! words do not each, are rewritten: the text is then the one the bytes and the charset give,
//! nothing guessed, so no note is made (as for [`super::charset_alias`]).

use std::borrow::Cow;

use base64::Engine;
use mail_parser::parsers::MessageStream;

/// One encoded word of a header: where it stands, its charset label (without an RFC 2231
/// language) and the bytes it holds.
struct Word<'a> {
    start: usize,
    end: usize,
    charset: &'a [u8],
    bytes: Vec<u8>,
}

/// `bytes` (a whole message) with every run of adjacent encoded words in its header block that
/// splits a character written as one encoded word; borrowed unchanged when there is none.
pub(crate) fn join_split_words(bytes: &[u8]) -> Cow<'_, [u8]> {
    super::eml::header_replaced(bytes, super::eml::header_end(bytes), joined_in)
}

/// The header block `header` (a message's or a MIME part's) with every run of adjacent encoded
/// words that splits a character written as one encoded word; `None` when there is none.
pub(crate) fn joined_in(header: &[u8]) -> Option<Vec<u8>> {
    let words = words_of(header);
    let mut out: Option<Vec<u8>> = None;
    let mut done = 0;
    let mut i = 0;
    while i < words.len() {
        let run = run_from(header, &words[i..]);
        if let Some(joined) = joined_word(run) {
            let out = out.get_or_insert_with(|| Vec::with_capacity(header.len()));
            out.extend_from_slice(&header[done..run[0].start]);
            out.extend_from_slice(joined.as_bytes());
            done = run[run.len() - 1].end;
        }
        i += run.len();
    }
    let mut out = out?;
    out.extend_from_slice(&header[done..]);
    Some(out)
}

/// The words from the first of `words` on that follow each other with only white space
/// (folding included) between them and have the first one's charset: at least that one.
fn run_from<'w, 'a>(header: &[u8], words: &'w [Word<'a>]) -> &'w [Word<'a>] {
    let mut len = 1;
    while let (Some(prev), Some(next)) = (words.get(len - 1), words.get(len)) {
        let between = &header[prev.end..next.start];
        if !between.iter().all(u8::is_ascii_whitespace)
            || !next.charset.eq_ignore_ascii_case(words[0].charset)
        {
            break;
        }
        len += 1;
    }
    &words[..len]
}

/// The run as one B-encoded word, when its joined bytes read in its charset and at least one
/// of its words does not on its own.
fn joined_word(run: &[Word<'_>]) -> Option<String> {
    if run.len() < 2 {
        return None;
    }
    let encoding = encoding_rs::Encoding::for_label(run[0].charset)?;
    let reads = |bytes: &[u8]| {
        encoding
            .decode_without_bom_handling_and_without_replacement(bytes)
            .is_some()
    };
    let joined: Vec<u8> = run.iter().flat_map(|w| w.bytes.iter().copied()).collect();
    if !reads(&joined) || run.iter().all(|w| reads(&w.bytes)) {
        return None;
    }
    Some(format!(
        "=?{}?B?{}?=",
        String::from_utf8_lossy(run[0].charset),
        base64::engine::general_purpose::STANDARD.encode(&joined)
    ))
}

/// Every well-formed encoded word in `header`, in order, decoded from its B or Q encoding by
/// mail-parser's own decoders.
fn words_of(header: &[u8]) -> Vec<Word<'_>> {
    let mut words = Vec::new();
    let mut at = 0;
    while let Some(found) = header[at..].windows(2).position(|w| w == b"=?") {
        let start = at + found;
        at = start + 2;
        let Some(word) = word_at(header, start) else {
            continue;
        };
        at = word.end;
        words.push(word);
    }
    words
}

/// The encoded word `=?charset?X?text?=` that begins at `start`, if one does.
fn word_at(header: &[u8], start: usize) -> Option<Word<'_>> {
    let rest = header.get(start + 2..)?;
    let label_len = rest.iter().take(64).position(|&b| b == b'?')?;
    let label = &rest[..label_len];
    if label.is_empty() || label.iter().any(|b| b.is_ascii_whitespace()) {
        return None;
    }
    // RFC 2231 section 5: `charset*language`.
    let charset = label.split(|&b| b == b'*').next().unwrap_or(label);
    let kind = *rest.get(label_len + 1)?;
    if rest.get(label_len + 2) != Some(&b'?') {
        return None;
    }
    let text_start = start + 2 + label_len + 3;
    let text = header.get(text_start..)?;
    // An encoded word holds no white space; mail-parser's decoders would read on past it.
    let text_end = text.windows(2).position(|w| w == b"?=")?;
    if text[..text_end].iter().any(|b| b.is_ascii_whitespace()) {
        return None;
    }
    let mut stream = MessageStream::new(&text[..text_end + 2]);
    let bytes = match kind {
        b'B' | b'b' => stream.decode_base64_word()?,
        b'Q' | b'q' => stream.decode_quoted_printable_word()?,
        _ => return None,
    };
    Some(Word {
        start,
        end: text_start + text_end + 2,
        charset,
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::join_split_words;

    fn joined(header: &str) -> String {
        let message = format!("{header}\r\n\r\nText =?UTF-8?B?QW5zww==?= =?UTF-8?B?tmthbg==?=\r\n");
        let out = join_split_words(message.as_bytes()).into_owned();
        let text = String::from_utf8(out).expect("ascii");
        let (head, body) = text.split_once("\r\n\r\n").expect("header block");
        assert_eq!(
            body, "Text =?UTF-8?B?QW5zww==?= =?UTF-8?B?tmthbg==?=\r\n",
            "the body is left alone"
        );
        head.to_string()
    }

    #[test]
    fn a_split_character_is_joined_into_one_word() {
        assert_eq!(
            joined("Subject: =?UTF-8?B?QW5zww==?=\r\n =?UTF-8?B?tmthbg==?="),
            "Subject: =?UTF-8?B?QW5zw7ZrYW4=?="
        );
        assert_eq!(
            joined("Subject: =?utf-8?Q?f=C3=B6r_=C3?= =?utf-8?Q?=85sa?= i dag"),
            "Subject: =?utf-8?B?ZsO2ciDDhXNh?= i dag"
        );
    }

    #[test]
    fn words_that_read_alone_are_left_as_they_are() {
        for header in [
            // Whole characters in each word.
            "Subject: =?UTF-8?B?w4VzYQ==?= =?UTF-8?B?w5ZiZXJn?=",
            // Other charsets: each read alone, as RFC 2047 says.
            "Subject: =?UTF-8?B?QW5zww==?= =?ISO-8859-1?Q?=B6kan?=",
            // Text between the words.
            "Subject: =?UTF-8?B?QW5zww==?= och =?UTF-8?B?tmthbg==?=",
            // Joined, the bytes still do not read: nothing to gain.
            "Subject: =?UTF-8?B?QW5zww==?= =?UTF-8?B?QQ==?=",
            // Not encoded words.
            "Subject: =? =?x?Z?abc?= =?UTF-8?B?w4 Vz?=",
        ] {
            assert_eq!(joined(header), header);
        }
    }
}
