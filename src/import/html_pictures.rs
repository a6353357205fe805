//! Pictures written into an HTML body as `data:` URLs (`<img src="data:image/png;base64,…">`),
//! as some mail programs, web forms and signatures send them: the picture is part of the
//! message, but it is no MIME part, so it was no attachment. The sanitiser removes every URL
//! ([`super::html_clean`]) and the text rendering has no pictures, so the printout showed the
//! words around it ("Se bilden nedan:") and nothing, and the picture went with the source when
//! it was deleted. Each becomes an attachment `bild-N-i-texten.EXT`, which the printout draws
//! (or names, and the deletion gate holds back), with a note in the chain of custody.
//!
//! Base64 data is what mail programs write; its alphabet ends the value, so no HTML parser is
//! needed and nothing is fetched. Data that does not decode is kept as it stands under `.txt`.
//! Data without `;base64` (RFC 2397: percent-encoded; what web forms and editors write for an
//! SVG signature or drawing, `data:image/svg+xml;utf8,<svg …>`) runs to the quote that opened
//! the attribute (or the `)` of a CSS `url(`) and is read with its character references and
//! percent-escapes undone: nothing is dropped. The input is hostile: counts are bounded,
//! nothing panics.

use base64::Engine;

use super::common::{extension_for_mime, sanitize_file_name};
use crate::model::Attachment;

/// Most pictures taken from one body.
const MAX_PICTURES: usize = 200;

/// What introduces a picture, compared without regard to case.
const MARKER: &[u8] = b"data:image/";

/// One picture found in an HTML body: its MIME type and its bytes (or, when its data did not
/// decode, the data as written, under `text/plain`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DataPicture {
    pub mime: String,
    pub bytes: Vec<u8>,
}

/// The `data:image/…;base64,` pictures of `html`, in document order.
pub(crate) fn data_pictures(html: &str) -> Vec<DataPicture> {
    let bytes = html.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while found.len() < MAX_PICTURES {
        let Some(start) = find_marker(bytes, at) else {
            break;
        };
        let kind_start = start + MARKER.len();
        let kind_len = bytes[kind_start..]
            .iter()
            .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
            .count();
        let kind = &html[kind_start..kind_start + kind_len];
        // Parameters (`;charset=…`) up to the comma; only `;base64` data is read.
        let rest = &bytes[kind_start + kind_len..];
        let params_len = rest
            .iter()
            .take_while(|&&b| b != b',' && !matches!(b, b'"' | b'\'' | b'>' | b' '))
            .count();
        at = kind_start + kind_len + params_len;
        let params = &html[kind_start + kind_len..at];
        if rest.get(params_len) != Some(&b',') {
            continue;
        }
        let data_start = at + 1;
        let mime = format!("image/{}", kind.to_ascii_lowercase());
        if !params.to_ascii_lowercase().ends_with(";base64") {
            let opened_by = start.checked_sub(1).and_then(|i| bytes.get(i)).copied();
            let data_len = bytes[data_start..]
                .iter()
                .take_while(|&&b| match opened_by {
                    Some(quote @ (b'"' | b'\'')) => b != quote,
                    Some(b'(') => b != b')',
                    _ => !b.is_ascii_whitespace() && b != b'>',
                })
                .count();
            at = data_start + data_len;
            let written = super::html_text::decode_attribute_entities(&html[data_start..at]);
            let bytes: Vec<u8> = percent_encoding::percent_decode_str(&written).collect();
            if !bytes.is_empty() {
                found.push(DataPicture { mime, bytes });
            }
            continue;
        }
        let data_len = bytes[data_start..]
            .iter()
            .take_while(|&&b| {
                b.is_ascii_alphanumeric()
                    || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_')
                    || b.is_ascii_whitespace()
            })
            .count();
        at = data_start + data_len;
        let written = &html[data_start..at];
        let data: String = written
            .chars()
            .filter(|c| !c.is_ascii_whitespace())
            .collect();
        if data.is_empty() {
            continue;
        }
        found.push(match decode(&data) {
            Some(bytes) => DataPicture { mime, bytes },
            None => DataPicture {
                mime: "text/plain".to_string(),
                bytes: data.into_bytes(),
            },
        });
    }
    found
}

/// The next [`MARKER`] at or after `from`, without regard to case.
fn find_marker(bytes: &[u8], from: usize) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(MARKER.len())
        .position(|w| w.eq_ignore_ascii_case(MARKER))
        .map(|i| from + i)
}

/// Base64 with or without padding, standard or URL-safe alphabet.
fn decode(data: &str) -> Option<Vec<u8>> {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    let config =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    [
        GeneralPurpose::new(&base64::alphabet::STANDARD, config),
        GeneralPurpose::new(&base64::alphabet::URL_SAFE, config),
    ]
    .iter()
    .find_map(|engine| engine.decode(data).ok())
    .filter(|bytes| !bytes.is_empty())
}

/// Adds the pictures of the HTML bodies `html` to `out` as "PREFIXbild-N-i-texten.EXT" and
/// returns the chain-of-custody note naming them; `None` when there are none.
pub(crate) fn take_pictures<'a>(
    html: impl IntoIterator<Item = &'a str>,
    prefix: &str,
    out: &mut Vec<Attachment>,
) -> Option<String> {
    let mut names = Vec::new();
    for picture in html.into_iter().flat_map(data_pictures) {
        let extension = match extension_for_mime(&picture.mime) {
            "" if picture.mime == "text/plain" => ".txt",
            "" => ".bin",
            known => known,
        };
        let name = sanitize_file_name(
            &format!("{prefix}bild-{}-i-texten{extension}", names.len() + 1),
            out.len() + 1,
        );
        names.push(name.clone());
        out.push(Attachment::new(name, picture.mime, picture.bytes));
    }
    pictures_note("HTML", &names)
}

/// The chain-of-custody note of the pictures of a message's `text_kind` text (HTML, RTF) taken
/// as attachments `names`; `None` for none.
pub(crate) fn pictures_note(text_kind: &str, names: &[String]) -> Option<String> {
    taken_note(
        names,
        &format!("meddelandets {text_kind}-text innehöll en bild; den är tagen med som bilaga"),
        &format!(
            "meddelandets {text_kind}-text innehöll {{n}} bilder; de är tagna med som bilagor"
        ),
    )
}

/// The one wording of every note on content taken from a message as attachments (pictures,
/// objects): `one` before a single name, `many` (with `{n}` for how many) before a list.
pub(crate) fn taken_note(names: &[String], one: &str, many: &str) -> Option<String> {
    match names {
        [] => None,
        [name] => Some(format!("{one}: {name}")),
        more => Some(format!(
            "{}: {}",
            many.replace("{n}", &more.len().to_string()),
            more.join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_are_read_in_order() {
        let html = "<p>Se:</p><IMG SRC=\"DATA:IMAGE/PNG;BASE64,iVBO\r\nRw==\">\
            <img src='data:image/jpeg;name=x.jpg;base64,/9j/'>\
            <img src=\"data:image/svg+xml;utf8,<svg width='2'>&amp;%C3%A5</svg>\">\
            <img src=\"data:image/gif;base64,\">\
            <div style=\"background:url(data:image/webp;base64,UklG)\">\
            <div style=\"background:url(data:image/svg+xml,%3Csvg/%3E)\">\
            <img src=data:image/svg+xml,%3Cg/%3E alt=x>";
        let found = data_pictures(html);
        let got: Vec<(&str, &[u8])> = found
            .iter()
            .map(|p| (p.mime.as_str(), p.bytes.as_slice()))
            .collect();
        assert_eq!(
            got,
            [
                ("image/png", &[0x89, 0x50, 0x4E, 0x47][..]),
                ("image/jpeg", &[0xFF, 0xD8, 0xFF][..]),
                ("image/svg+xml", "<svg width='2'>&å</svg>".as_bytes()),
                ("image/webp", &b"RIF"[..]),
                ("image/svg+xml", &b"<svg/>"[..]),
                ("image/svg+xml", &b"<g/>"[..]),
            ]
        );
    }

    #[test]
    fn data_that_does_not_decode_is_kept_as_written() {
        let found = data_pictures("<img src=\"data:image/png;base64,abcde\">");
        assert_eq!(
            found,
            [DataPicture {
                mime: "text/plain".to_string(),
                bytes: b"abcde".to_vec(),
            }]
        );
    }

    #[test]
    fn hostile_input_does_not_panic() {
        for html in [
            "data:image/",
            "data:image/png",
            "data:image/png;base64",
            "data:image/png;base64,",
            "DaTa:ImAgE/ö;base64,AAAA",
            "data:image/png;base64,====",
            "ödata:image/påg;base64,AAAA",
            "\"data:image/svg+xml,",
            "(data:image/svg+xml,%",
            "data:image/svg+xml,%E4%ZZ&#xFFFFFFFF;&#0;",
        ] {
            let _ = data_pictures(html);
        }
        let many = "<img src=\"data:image/png;base64,AAAA\">".repeat(500);
        assert_eq!(data_pictures(&many).len(), MAX_PICTURES);
    }
}
