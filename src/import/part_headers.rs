//! The header blocks of a message's MIME parts, read as its own header block is read.
//!
//! Before a message is parsed, its header block is made readable as mail programs read it: raw
//! 8-bit bytes that are no UTF-8 read as Windows-1252 (`eml::decode_8bit_headers`), and encoded
//! words that split a character joined ([`super::encoded_words`]). A part's headers carry the
//! same faults, and there they name the attachment: `Content-Disposition: attachment;
//! filename="Ansökan.pdf"` with the "ö" as the Latin-1 byte 0xF6 was stored as
//! "Ans\u{FFFD}kan.pdf", and so was a name in encoded words that split the "ö". Where the parts begin and end is known only once the message is parsed,
//! so this takes the parsed message, repairs each part's header block in place, and the caller
//! parses the repaired bytes again. Bytes that read as UTF-8 are left as they are, as
//! Thunderbird leaves them.

use mail_parser::Message;

/// A message's bytes with its parts' header blocks repaired, and whether bytes had to be read
/// as Windows-1252 (a guess, said in a note).
pub(crate) struct Repaired {
    pub bytes: Vec<u8>,
    pub guessed_8bit: bool,
}

/// `message`'s bytes with every part's header block (not the message's own, which the caller
/// repaired before parsing, nor those inside an attached message, which is kept byte for byte)
/// read as UTF-8 when it is, else as Windows-1252, and its split encoded words joined. `None`
/// when no part's header block needed it.
pub(crate) fn repaired(message: &Message<'_>) -> Option<Repaired> {
    let raw = message.raw_message();
    let mut blocks: Vec<(usize, usize)> = message
        .parts
        .iter()
        .skip(1)
        .map(|p| (p.offset_header as usize, p.offset_body as usize))
        .filter(|(start, end)| start < end && *end <= raw.len())
        .collect();
    blocks.sort_unstable();
    let mut out: Option<Vec<u8>> = None;
    let mut guessed_8bit = false;
    let mut done = 0;
    for (start, end) in blocks {
        if start < done {
            continue;
        }
        let block = &raw[start..end];
        let decoded = super::eml::utf8_or_1252(block);
        let text = decoded.as_deref().unwrap_or(block);
        let joined = super::encoded_words::joined_in(text);
        if decoded.is_none() && joined.is_none() {
            continue;
        }
        guessed_8bit |= decoded.is_some();
        let out = out.get_or_insert_with(|| Vec::with_capacity(raw.len() + 64));
        out.extend_from_slice(&raw[done..start]);
        out.extend_from_slice(joined.as_deref().unwrap_or(text));
        done = end;
    }
    let mut bytes = out?;
    bytes.extend_from_slice(&raw[done..]);
    Some(Repaired {
        bytes,
        guessed_8bit,
    })
}

/// Whether the bytes after the message's own header block could hold a part header that
/// [`repaired`] would change: bytes that are no UTF-8, or the start of an encoded word. Most
/// messages hold neither, and are then parsed once. (`str::contains`, not a byte-by-byte scan:
/// this reads every byte of every message, a twentieth of importing a mailbox.)
pub(crate) fn may_need_repair(body: &[u8]) -> bool {
    match std::str::from_utf8(body) {
        Ok(text) => text.contains("=?"),
        Err(_) => true,
    }
}
