//! Screenshots and photos (PNG, JPEG, WebP): the picture is the item's only attachment, and the
//! item's time is when the picture was taken.
//!
//! The capture time is looked for, in order, in: EXIF `DateTimeOriginal` (+
//! `OffsetTimeOriginal`; JPEG APP1, PNG eXIf or the WebP `EXIF` chunk), PNG text `Creation Time`,
//! XMP (`exif:DateTimeOriginal`, `photoshop:DateCreated`, `xmp:CreateDate`; in a WebP its `XMP `
//! chunk), a date and time in the file name as phones and the Windows snipping tool write it
//! (`Screenshot_20261103-142233`, `Skärmbild 2026-11-03 094107`), and last the file's
//! modification time.
//!
//! A screenshot documenting an information search should say which page it shows. Where the
//! tool that took it recorded the address, it becomes the item's page address: a PNG text chunk
//! `Source` (or `URL`) holding an `http`/`https` address, else XMP `xmp:BaseURL`, `dc:source` or
//! `photoshop:Source`. Nothing is fetched; anything that is not a web address is ignored. The PNG `tIME` chunk is never used: it is the time the
//! picture was last *modified*, often by the tool that saved it. Times without an offset are
//! Europe/Stockholm local time.

use std::io::Cursor;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use image::{ImageFormat, ImageReader};

use super::common::{new_item, safe_name, sanitize_file_name, stockholm_local};
use super::{FileCtx, Format, ImportError};
use crate::model::{Attachment, Channel, Direction, NewItem};

/// Headroom for decoder bookkeeping beyond the pixel buffer.
const DECODE_SLACK_BYTES: u64 = 64 * 1024 * 1024;

/// Checks the picture (size first, then a full decode) and emits it as one item.
pub(crate) fn parse(
    ctx: &FileCtx<'_>,
    bytes: Vec<u8>,
    format: Format,
    on_item: &mut dyn FnMut(NewItem) -> Result<(), ImportError>,
) -> Result<Vec<String>, ImportError> {
    let (image_format, mime) = match format {
        Format::Png => (ImageFormat::Png, "image/png"),
        Format::Jpeg => (ImageFormat::Jpeg, "image/jpeg"),
        Format::WebP => (ImageFormat::WebP, "image/webp"),
        _ => return Err(ctx.unsupported(None)),
    };
    let image_err = |e: image::ImageError| ImportError::Image {
        path: ctx.path.to_path_buf(),
        reason: e.to_string(),
    };

    // Dimensions from the header only: a 30000×30000 header must be refused before any pixel
    // buffer is allocated. Read by hand first, because the JPEG decoder reports no size for a
    // header it cannot fully read, and such a file is still a too-large one.
    let (width, height) = header_dimensions(&bytes, format)
        .map(Ok)
        .unwrap_or_else(|| {
            ImageReader::with_format(Cursor::new(&bytes), image_format).into_dimensions()
        })
        .map_err(image_err)?;
    let pixels = u64::from(width) * u64::from(height);
    if pixels > ctx.limits.max_image_pixels {
        return Err(ImportError::TooManyPixels {
            path: ctx.path.to_path_buf(),
            width,
            height,
            limit: ctx.limits.max_image_pixels,
        });
    }
    if pixels == 0 {
        return Err(ImportError::Image {
            path: ctx.path.to_path_buf(),
            reason: "image has no pixels".to_string(),
        });
    }

    // Then prove that it decodes, within limits fitted to the size just checked.
    let mut reader = ImageReader::with_format(Cursor::new(&bytes), image_format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    limits.max_alloc = Some(pixels.saturating_mul(8).saturating_add(DECODE_SLACK_BYTES));
    reader.limits(limits);
    drop(reader.decode().map_err(image_err)?);

    let Embedded { time, page_address } = embedded(&bytes, format);
    let mut notes = Vec::new();
    let received_at = match time.or_else(|| file_name_time(&ctx.file_name())) {
        Some(time) => time,
        None => {
            notes.push(
                crate::time_questioned!(
                    "bilden saknar tidpunkt; tiden är filens ändringstid, inte när bilden togs"
                )
                .to_string(),
            );
            ctx.mtime_stockholm()
        }
    };

    let name = if ctx.file_name_is_unicode() {
        sanitize_file_name(&ctx.file_name(), 1)
    } else {
        // Its `\xHH` escapes are not path separators: made safe as one name (issue 17).
        safe_name(&ctx.file_name(), 1)
    };
    let mut source = ctx.source("");
    source.notes.clone_from(&notes);
    on_item(NewItem {
        // A screenshot that records the page it shows documents an information search: the
        // unit drew it up when it was taken (upprättad), nobody sent it. Without an address it
        // may as well show a received message; the caseworker can mark either (set-received).
        drawn_up: page_address.is_some(),
        attachments: vec![Attachment::new(name, mime, bytes)],
        page_address,
        ..new_item(Channel::Screenshot, Direction::In, received_at, source)
    })?;
    Ok(notes)
}

/// Width and height straight from the PNG IHDR or the JPEG SOF marker, with no decoder
/// involved; `None` when the header is not where it should be (the decoder then decides).
fn header_dimensions(bytes: &[u8], format: Format) -> Option<(u32, u32)> {
    match format {
        Format::Png => {
            if bytes.get(12..16)? != b"IHDR" {
                return None;
            }
            let w = u32::from_be_bytes(bytes.get(16..20)?.try_into().ok()?);
            let h = u32::from_be_bytes(bytes.get(20..24)?.try_into().ok()?);
            Some((w, h))
        }
        Format::Jpeg => jpeg_segments(bytes).find_map(|(marker, data)| {
            // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
            let is_sof = (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
            if !is_sof {
                return None;
            }
            let h = u16::from_be_bytes(data.get(1..3)?.try_into().ok()?);
            let w = u16::from_be_bytes(data.get(3..5)?.try_into().ok()?);
            Some((u32::from(w), u32::from(h)))
        }),
        Format::WebP => {
            let chunk = bytes.get(12..16)?;
            match chunk {
                // Extended: canvas size, 24 bits each, minus one.
                b"VP8X" => {
                    let le24 =
                        |b: &[u8]| u32::from(b[0]) | u32::from(b[1]) << 8 | u32::from(b[2]) << 16;
                    Some((le24(bytes.get(24..27)?) + 1, le24(bytes.get(27..30)?) + 1))
                }
                // Lossy: after the 3-byte frame tag and the start code 9D 01 2A.
                b"VP8 " => {
                    if bytes.get(23..26)? != [0x9D, 0x01, 0x2A] {
                        return None;
                    }
                    let w = u16::from_le_bytes(bytes.get(26..28)?.try_into().ok()?) & 0x3FFF;
                    let h = u16::from_le_bytes(bytes.get(28..30)?.try_into().ok()?) & 0x3FFF;
                    Some((u32::from(w), u32::from(h)))
                }
                // Lossless: signature 0x2F, then 14 bits each, minus one.
                b"VP8L" => {
                    if *bytes.get(20)? != 0x2F {
                        return None;
                    }
                    let bits = u32::from_le_bytes(bytes.get(21..25)?.try_into().ok()?);
                    Some(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// The payload of the first RIFF chunk `fourcc` in a WebP file.
fn webp_chunk<'a>(bytes: &'a [u8], fourcc: &[u8; 4]) -> Option<&'a [u8]> {
    let mut pos = 12usize;
    while let Some(header) = bytes.get(pos..pos + 8) {
        let len = usize::try_from(u32::from_le_bytes(header[4..8].try_into().ok()?)).ok()?;
        let data = bytes.get(pos + 8..(pos + 8).checked_add(len)?)?;
        if &header[..4] == fourcc {
            return Some(data);
        }
        // Chunks are padded to an even length.
        pos = pos.checked_add(8 + len + (len & 1))?;
    }
    None
}

/// The JPEG header segments (marker, payload) up to the start of the image data.
fn jpeg_segments(bytes: &[u8]) -> impl Iterator<Item = (u8, &[u8])> {
    let mut pos = 2usize; // after SOI
    std::iter::from_fn(move || {
        loop {
            if *bytes.get(pos)? != 0xFF {
                return None;
            }
            let mut marker_pos = pos + 1;
            while *bytes.get(marker_pos)? == 0xFF {
                marker_pos += 1;
            }
            let marker = *bytes.get(marker_pos)?;
            if marker == 0xD9 || marker == 0xDA {
                return None; // end of image, start of scan
            }
            if (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
                pos = marker_pos + 1;
                continue;
            }
            let len = usize::from(u16::from_be_bytes(
                bytes.get(marker_pos + 1..marker_pos + 3)?.try_into().ok()?,
            ));
            let data = bytes.get(marker_pos + 3..(marker_pos + 1 + len).max(marker_pos + 3))?;
            pos = marker_pos + 1 + len;
            return Some((marker, data));
        }
    })
}

/// What the picture says about itself beyond its pixels.
#[derive(Debug, Default)]
struct Embedded {
    /// When it was taken.
    time: Option<DateTime<FixedOffset>>,
    /// The web page it shows, when the tool that took it recorded the address.
    page_address: Option<String>,
}

/// The capture time and page address stored in the picture itself.
fn embedded(bytes: &[u8], format: Format) -> Embedded {
    let texts = match format {
        Format::Png => png_texts(bytes),
        Format::WebP => PngTexts {
            xmp: webp_chunk(bytes, b"XMP ").map(|x| String::from_utf8_lossy(x).into_owned()),
            ..PngTexts::default()
        },
        _ => PngTexts {
            xmp: jpeg_xmp(bytes),
            ..PngTexts::default()
        },
    };
    let exif = match format {
        Format::WebP => webp_chunk(bytes, b"EXIF").and_then(|data| {
            // The TIFF data, by some writers with the JPEG-style "Exif\0\0" before it.
            let tiff = data.strip_prefix(b"Exif\0\0").unwrap_or(data);
            exif::Reader::new().read_raw(tiff.to_vec()).ok()
        }),
        _ => exif::Reader::new()
            .read_from_container(&mut Cursor::new(bytes))
            .ok(),
    };
    let time = exif
        .as_ref()
        .and_then(exif_time)
        .or_else(|| texts.creation.as_deref().and_then(parse_time_text))
        .or_else(|| texts.xmp.as_deref().and_then(xmp_time));
    let page_address = texts
        .source
        .as_deref()
        .and_then(web_address)
        .or_else(|| texts.xmp.as_deref().and_then(xmp_page_address));
    Embedded { time, page_address }
}

/// Keywords of PNG text chunks that screenshot tools use for the address of the page shown.
/// `Source` is the PNG standard's "device used to create the image", so its value counts only
/// when it is a web address.
const PNG_ADDRESS_KEYWORDS: &[&str] = &["Source", "URL", "Url", "Page URL", "Page Address"];

/// XMP properties that hold the address of the page a screenshot shows.
const XMP_ADDRESS_KEYS: &[&str] = &["xmp:BaseURL", "dc:source", "photoshop:Source"];

/// The page address in an XMP packet, if one of [`XMP_ADDRESS_KEYS`] holds a web address.
fn xmp_page_address(xmp: &str) -> Option<String> {
    XMP_ADDRESS_KEYS
        .iter()
        .find_map(|key| xmp_value(xmp, key).as_deref().and_then(web_address))
}

/// Longest page address kept.
const MAX_ADDRESS_CHARS: usize = 2048;

/// `text` as a page address: an `http`/`https` URL without spaces or control characters, at
/// most [`MAX_ADDRESS_CHARS`] long. Anything else (a device name, a file path) is not one.
fn web_address(text: &str) -> Option<String> {
    let t = text.trim();
    let lower = t.get(..8).unwrap_or(t).to_ascii_lowercase();
    let has_scheme = lower.starts_with("https://") || lower.starts_with("http://");
    let clean = !t
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"'));
    let host_present = t.split_once("://").is_some_and(|(_, rest)| {
        rest.split(['/', '?', '#'])
            .next()
            .is_some_and(|h| !h.is_empty())
    });
    (has_scheme && clean && host_present && t.chars().count() <= MAX_ADDRESS_CHARS)
        .then(|| t.to_string())
}

/// EXIF DateTimeOriginal with OffsetTimeOriginal, else DateTimeDigitized with its offset.
/// The EXIF capture time of a picture in any container kamadak-exif reads (JPEG, PNG, HEIF).
pub(crate) fn exif_capture_time(bytes: &[u8]) -> Option<DateTime<FixedOffset>> {
    exif::Reader::new()
        .read_from_container(&mut Cursor::new(bytes))
        .ok()
        .as_ref()
        .and_then(exif_time)
}

fn exif_time(exif: &exif::Exif) -> Option<DateTime<FixedOffset>> {
    let ascii = |tag: exif::Tag| -> Option<String> {
        let field = exif.get_field(tag, exif::In::PRIMARY)?;
        match &field.value {
            exif::Value::Ascii(v) => {
                let s = String::from_utf8_lossy(v.first()?)
                    .trim_end_matches('\0')
                    .trim()
                    .to_string();
                (!s.is_empty()).then_some(s)
            }
            _ => None,
        }
    };
    [
        (exif::Tag::DateTimeOriginal, exif::Tag::OffsetTimeOriginal),
        (exif::Tag::DateTimeDigitized, exif::Tag::OffsetTimeDigitized),
    ]
    .into_iter()
    .find_map(|(time_tag, offset_tag)| {
        let naive = NaiveDateTime::parse_from_str(&ascii(time_tag)?, "%Y:%m:%d %H:%M:%S").ok()?;
        match ascii(offset_tag).and_then(|o| parse_offset(&o)) {
            Some(offset) => naive.and_local_timezone(offset).single(),
            None => stockholm_local(naive),
        }
    })
}

fn parse_offset(s: &str) -> Option<FixedOffset> {
    let s = s.trim();
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':')?;
    let secs = h.parse::<i32>().ok()? * 3600 + m.parse::<i32>().ok()? * 60;
    FixedOffset::east_opt(sign * secs)
}

/// The PNG text chunks inkom reads.
#[derive(Debug, Default)]
struct PngTexts {
    /// `Creation Time`.
    creation: Option<String>,
    /// The XMP packet (`XML:com.adobe.xmp`).
    xmp: Option<String>,
    /// The first web address among [`PNG_ADDRESS_KEYWORDS`].
    source: Option<String>,
}

/// The PNG `Creation Time` text, the XMP packet and a page address, from tEXt, zTXt and iTXt
/// chunks.
fn png_texts(bytes: &[u8]) -> PngTexts {
    const TEXT_LIMIT: usize = 1024 * 1024;
    let mut out = PngTexts::default();
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_ignore_text_chunk(false);
    let Ok(mut reader) = decoder.read_info() else {
        return out;
    };
    // Text chunks may follow the image data; finish() reads on to the end without decoding.
    let _ = reader.finish();
    let info = reader.info();
    let mut take = |keyword: &str, text: String| {
        if keyword.eq_ignore_ascii_case("Creation Time") && out.creation.is_none() {
            out.creation = Some(text);
        } else if keyword == "XML:com.adobe.xmp" && out.xmp.is_none() {
            out.xmp = Some(text);
        } else if PNG_ADDRESS_KEYWORDS.contains(&keyword) && out.source.is_none() {
            out.source = web_address(&text);
        }
    };
    for chunk in &info.uncompressed_latin1_text {
        take(&chunk.keyword, chunk.text.clone());
    }
    for chunk in &info.compressed_latin1_text {
        let mut chunk = chunk.clone();
        if chunk.decompress_text_with_limit(TEXT_LIMIT).is_ok()
            && let Ok(text) = chunk.get_text()
        {
            take(&chunk.keyword, text);
        }
    }
    for chunk in &info.utf8_text {
        let mut chunk = chunk.clone();
        if chunk.decompress_text_with_limit(TEXT_LIMIT).is_ok()
            && let Ok(text) = chunk.get_text()
        {
            take(&chunk.keyword, text);
        }
    }
    out
}

/// The XMP packet of a JPEG (APP1 with the XMP namespace).
fn jpeg_xmp(bytes: &[u8]) -> Option<String> {
    const XMP_NS: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
    jpeg_segments(bytes).find_map(|(marker, data)| {
        let packet = data.strip_prefix(XMP_NS).filter(|_| marker == 0xE1)?;
        Some(String::from_utf8_lossy(packet).into_owned())
    })
}

/// The capture time in an XMP packet.
fn xmp_time(xmp: &str) -> Option<DateTime<FixedOffset>> {
    [
        "exif:DateTimeOriginal",
        "photoshop:DateCreated",
        "xmp:CreateDate",
    ]
    .iter()
    .find_map(|key| xmp_value(xmp, key).as_deref().and_then(parse_time_text))
}

/// A simple property of an XMP packet, as an attribute (`xmp:CreateDate="…"`), an element
/// (`<xmp:CreateDate>…</xmp:CreateDate>`) or the first item of an element's list
/// (`<dc:source><rdf:Alt><rdf:li>…</rdf:li>…`), with the five XML entities decoded.
fn xmp_value(xmp: &str, key: &str) -> Option<String> {
    let attr = [format!("{key}=\""), format!("{key}='")]
        .into_iter()
        .find_map(|open| {
            let start = xmp.find(&open)? + open.len();
            let quote = open.chars().last()?;
            let end = xmp[start..].find(quote)?;
            Some(xmp[start..start + end].to_string())
        });
    let element = || {
        let open = format!("<{key}");
        let at = xmp.find(&open)? + open.len();
        // `<dc:source>` or `<dc:source xml:lang="…">`, not `<dc:sourceX>`.
        if !xmp[at..].starts_with(['>', ' ', '\t', '\r', '\n']) {
            return None;
        }
        let mut start = at + xmp[at..].find('>')? + 1;
        let close = format!("</{key}>");
        let end = start + xmp[start..].find(&close)?;
        // A list: take the first item's text.
        if let Some(li) = xmp[start..end].find("<rdf:li") {
            start += li;
            start += xmp[start..end].find('>')? + 1;
        }
        let stop = xmp[start..end].find('<').map_or(end, |i| start + i);
        Some(xmp[start..stop].to_string())
    };
    attr.or_else(element).map(|v| {
        v.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&")
    })
}

/// A time written as text: RFC 3339 / ISO 8601 (with or without seconds and offset), RFC 1123 /
/// 2822, or EXIF style `2026:11:03 14:22:33`. Without an offset it is Stockholm local time.
fn parse_time_text(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t);
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(s) {
        return Some(t);
    }
    for fmt in [
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%:z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(s, fmt) {
            return Some(t);
        }
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y:%m:%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(s, fmt) {
            return stockholm_local(naive);
        }
    }
    None
}

/// A date and time in a file name: `YYYYMMDD` or `YYYY-MM-DD`, a separator, then `HHMMSS` or
/// `HH.MM.SS`/`HH-MM-SS`/`HH:MM:SS`; not part of a longer run of digits. Stockholm local time.
fn file_name_time(name: &str) -> Option<DateTime<FixedOffset>> {
    let b = name.as_bytes();
    (0..b.len()).find_map(|start| {
        if start > 0 && b[start - 1].is_ascii_digit() {
            return None;
        }
        let mut p = start;
        let num = |p: &mut usize, n: usize| -> Option<u32> {
            let digits = b.get(*p..*p + n)?;
            if !digits.iter().all(u8::is_ascii_digit) {
                return None;
            }
            *p += n;
            std::str::from_utf8(digits).ok()?.parse().ok()
        };
        let skip = |p: &mut usize, seps: &[u8]| {
            if b.get(*p).is_some_and(|c| seps.contains(c)) {
                *p += 1;
            }
        };
        let year = num(&mut p, 4)?;
        skip(&mut p, b"-_.");
        let month = num(&mut p, 2)?;
        skip(&mut p, b"-_.");
        let day = num(&mut p, 2)?;
        skip(&mut p, b"-_ T");
        let hour = num(&mut p, 2)?;
        skip(&mut p, b"-.:");
        let minute = num(&mut p, 2)?;
        skip(&mut p, b"-.:");
        let second = num(&mut p, 2)?;
        if b.get(p).is_some_and(u8::is_ascii_digit) || !(1990..=2100).contains(&year) {
            return None;
        }
        let naive = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?
            .and_hms_opt(hour, minute, second)?;
        stockholm_local(naive)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rfc(t: Option<DateTime<FixedOffset>>) -> Option<String> {
        t.map(|t| t.to_rfc3339())
    }

    #[test]
    fn time_texts() {
        assert_eq!(
            rfc(parse_time_text("Tue, 03 Nov 2026 09:41:07 +0100")).as_deref(),
            Some("2026-11-03T09:41:07+01:00")
        );
        assert_eq!(
            rfc(parse_time_text("2026-07-03T09:41:07")).as_deref(),
            Some("2026-07-03T09:41:07+02:00")
        );
        assert_eq!(
            rfc(xmp_time(
                "<x><photoshop:DateCreated>2026-11-03T14:22</photoshop:DateCreated>"
            ))
            .as_deref(),
            Some("2026-11-03T14:22:00+01:00")
        );
        assert_eq!(
            rfc(xmp_time("<d xmp:CreateDate='2026-11-03T14:22:33+01:00'/>")).as_deref(),
            Some("2026-11-03T14:22:33+01:00")
        );
    }

    #[test]
    fn webp_lossy_header() {
        let mut b = b"RIFF\0\0\0\0WEBPVP8 \0\0\0\0".to_vec();
        b.extend_from_slice(&[0x10, 0x20, 0x00, 0x9D, 0x01, 0x2A]);
        b.extend_from_slice(&(1920u16 | 0x4000).to_le_bytes()); // scale bits are ignored
        b.extend_from_slice(&1080u16.to_le_bytes());
        assert_eq!(header_dimensions(&b, Format::WebP), Some((1920, 1080)));
        b[23] = 0;
        assert_eq!(header_dimensions(&b, Format::WebP), None);
        assert_eq!(header_dimensions(b"RIFF", Format::WebP), None);
    }

    #[test]
    fn page_addresses() {
        assert_eq!(
            web_address(" https://kvittra.example.com/a?b=1&c=2 ").as_deref(),
            Some("https://kvittra.example.com/a?b=1&c=2")
        );
        for bad in [
            "Pixel 8",
            "file:///C:/x.png",
            "https:///nohost",
            "javascript:alert(1)",
            "https://a.example/x y",
            "",
        ] {
            assert_eq!(web_address(bad), None, "{bad}");
        }
        let xmp = r#"<rdf:Description xmp:BaseURL="https://a.example/s?x=1&amp;y=2"/>"#;
        assert_eq!(
            xmp_page_address(xmp).as_deref(),
            Some("https://a.example/s?x=1&y=2")
        );
        let xmp = "<dc:source><rdf:Alt><rdf:li xml:lang=\"x-default\">https://b.example/p</rdf:li>\
                   </rdf:Alt></dc:source>";
        assert_eq!(
            xmp_page_address(xmp).as_deref(),
            Some("https://b.example/p")
        );
        let xmp = "<dc:source>https://c.example/</dc:source><dc:sourceX>no</dc:sourceX>";
        assert_eq!(xmp_page_address(xmp).as_deref(), Some("https://c.example/"));
        assert_eq!(xmp_page_address("<dc:source>Kamera</dc:source>"), None);
    }

    #[test]
    fn file_names() {
        let t = |n: &str| rfc(file_name_time(n));
        assert_eq!(
            t("Screenshot_20261103-142233_Messages.png").as_deref(),
            Some("2026-11-03T14:22:33+01:00")
        );
        assert_eq!(
            t("Skärmbild 2026-11-03 094107.png").as_deref(),
            Some("2026-11-03T09:41:07+01:00")
        );
        assert_eq!(
            t("IMG_20260704_101530.jpg").as_deref(),
            Some("2026-07-04T10:15:30+02:00")
        );
        assert_eq!(t("IMG_4711.png"), None);
        assert_eq!(t("scan-120261103142233.png"), None);
    }
}
