//! WebP and HEIC pictures: WebP screenshots import like PNG and JPEG (size checked before any
//! decoding, capture time from EXIF or XMP); HEIC is refused with a clear "convert" message.

use std::path::{Path, PathBuf};

use inkom::import::*;
use inkom::model::{Channel, NewItem, sha256_hex};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures")
        .join(rel)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write temp file");
    path
}

fn parse(path: &Path) -> (Result<ParsedFile, ImportError>, Vec<NewItem>) {
    let mut items = Vec::new();
    let result = parse_file(path, &ImportLimits::default(), &mut |item| {
        items.push(item);
        Ok(())
    });
    (result, items)
}

/// A lossless WebP (simple format: one VP8L chunk) of `w`×`h` pixels.
fn simple_webp(w: u32, h: u32) -> Vec<u8> {
    let pixels: Vec<u8> = (0..w * h * 3).map(|i| (i % 251) as u8).collect();
    let mut out = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut out)
        .encode(&pixels, w, h, image::ExtendedColorType::Rgb8)
        .expect("encode webp");
    out
}

fn riff_chunk(fourcc: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = fourcc.to_vec();
    out.extend_from_slice(&u32::try_from(data.len()).expect("len").to_le_bytes());
    out.extend_from_slice(data);
    if data.len() % 2 == 1 {
        out.push(0);
    }
    out
}

/// An extended WebP: VP8X declaring `w`×`h`, the image chunks of `simple`, then `extra` chunks.
fn extended_webp(simple: &[u8], w: u32, h: u32, flags: u8, extra: &[Vec<u8>]) -> Vec<u8> {
    let mut vp8x = vec![flags, 0, 0, 0];
    vp8x.extend_from_slice(&(w - 1).to_le_bytes()[..3]);
    vp8x.extend_from_slice(&(h - 1).to_le_bytes()[..3]);
    let mut body = b"WEBP".to_vec();
    body.extend(riff_chunk(b"VP8X", &vp8x));
    body.extend_from_slice(&simple[12..]);
    for chunk in extra {
        body.extend_from_slice(chunk);
    }
    let mut out = b"RIFF".to_vec();
    out.extend_from_slice(&u32::try_from(body.len()).expect("len").to_le_bytes());
    out.extend(body);
    out
}

/// Little-endian TIFF with an Exif IFD holding DateTimeOriginal and OffsetTimeOriginal.
fn exif_tiff(time: &str, offset: &str) -> Vec<u8> {
    let mut t = b"II\x2A\x00\x08\x00\x00\x00".to_vec();
    // IFD0: one entry, the Exif IFD pointer (to offset 26).
    t.extend_from_slice(&1u16.to_le_bytes());
    t.extend_from_slice(&0x8769u16.to_le_bytes());
    t.extend_from_slice(&4u16.to_le_bytes());
    t.extend_from_slice(&1u32.to_le_bytes());
    t.extend_from_slice(&26u32.to_le_bytes());
    t.extend_from_slice(&0u32.to_le_bytes());
    // Exif IFD at 26: two ASCII entries with their data after the IFD (at 56).
    let time = format!("{time}\0");
    let offset = format!("{offset}\0");
    t.extend_from_slice(&2u16.to_le_bytes());
    for (tag, value, at) in [
        (0x9003u16, &time, 56u32),
        (0x9011u16, &offset, 56 + time.len() as u32),
    ] {
        t.extend_from_slice(&tag.to_le_bytes());
        t.extend_from_slice(&2u16.to_le_bytes());
        t.extend_from_slice(&(value.len() as u32).to_le_bytes());
        t.extend_from_slice(&at.to_le_bytes());
    }
    t.extend_from_slice(&0u32.to_le_bytes());
    assert_eq!(t.len(), 56);
    t.extend_from_slice(time.as_bytes());
    t.extend_from_slice(offset.as_bytes());
    t
}

#[test]
fn webp_screenshot_is_one_item() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bytes = simple_webp(40, 30);
    let path = write(dir.path(), "Screenshot_20261103-142233_Chrome.webp", &bytes);
    let (result, items) = parse(&path);
    let parsed = result.expect("imported");
    assert_eq!(parsed.format, Format::WebP);
    assert_eq!(items.len(), 1);
    let item = &items[0];
    assert_eq!(item.channel, Channel::Screenshot);
    // No metadata: the file name's time.
    assert_eq!(item.received_at.to_rfc3339(), "2026-11-03T14:22:33+01:00");
    assert_eq!(item.attachments.len(), 1);
    assert_eq!(item.attachments[0].mime, "image/webp");
    assert_eq!(item.attachments[0].bytes, bytes);
    assert_eq!(item.source.file_sha256, sha256_hex(&bytes));
    assert_eq!(item.page_address, None);
}

#[test]
fn webp_capture_time_from_exif_and_xmp_and_page_address() {
    let dir = tempfile::tempdir().expect("tempdir");
    let simple = simple_webp(40, 30);

    // EXIF (flag 0x08) wins over the file name.
    let exif = riff_chunk(b"EXIF", &exif_tiff("2026:11:04 10:16:02", "+01:00"));
    let bytes = extended_webp(&simple, 40, 30, 0x08, &[exif]);
    let path = write(dir.path(), "Screenshot_20260101-000000.webp", &bytes);
    let (result, items) = parse(&path);
    result.expect("imported");
    assert_eq!(
        items[0].received_at.to_rfc3339(),
        "2026-11-04T10:16:02+01:00"
    );

    // The same with the "Exif\0\0" prefix some writers put first.
    let mut prefixed = b"Exif\0\0".to_vec();
    prefixed.extend(exif_tiff("2026:07:04 10:16:02", "+02:00"));
    let bytes = extended_webp(&simple, 40, 30, 0x08, &[riff_chunk(b"EXIF", &prefixed)]);
    let path = write(dir.path(), "b.webp", &bytes);
    let (result, items) = parse(&path);
    result.expect("imported");
    assert_eq!(
        items[0].received_at.to_rfc3339(),
        "2026-07-04T10:16:02+02:00"
    );

    // XMP (flag 0x04): the time and the page address.
    let xmp = riff_chunk(
        b"XMP ",
        b"<x:xmpmeta><rdf:RDF><rdf:Description xmp:CreateDate=\"2026-11-05T08:30:00\" \
          xmp:BaseURL=\"https://kvittra.example.com/tindra.sjoberg.exempel\"/></rdf:RDF>\
          </x:xmpmeta>",
    );
    let bytes = extended_webp(&simple, 40, 30, 0x04, &[xmp]);
    let path = write(dir.path(), "c.webp", &bytes);
    let (result, items) = parse(&path);
    result.expect("imported");
    assert_eq!(
        items[0].received_at.to_rfc3339(),
        "2026-11-05T08:30:00+01:00"
    );
    assert_eq!(
        items[0].page_address.as_deref(),
        Some("https://kvittra.example.com/tindra.sjoberg.exempel")
    );
}

#[test]
fn huge_declared_webp_is_refused_before_decoding() {
    let dir = tempfile::tempdir().expect("tempdir");
    let simple = simple_webp(4, 3);
    // An extended header declaring 30000×30000 over a tiny image.
    let bytes = extended_webp(&simple, 30_000, 30_000, 0, &[]);
    let path = write(dir.path(), "stor.webp", &bytes);
    let (result, items) = parse(&path);
    assert!(items.is_empty());
    match result {
        Err(ImportError::TooManyPixels { width, height, .. }) => {
            assert_eq!((width, height), (30_000, 30_000));
        }
        other => panic!("{other:?}"),
    }
    // A lossless header declaring 16384×16384 (its maximum): also over the limit.
    let mut bytes = simple.clone();
    let bits: u32 = 16383 | (16383 << 14) | (bytes[24] as u32 >> 4 & 0xF) << 28;
    bytes[21..25].copy_from_slice(&bits.to_le_bytes());
    let path = write(dir.path(), "stor2.webp", &bytes);
    let (result, _) = parse(&path);
    assert!(
        matches!(
            result,
            Err(ImportError::TooManyPixels {
                width: 16384,
                height: 16384,
                ..
            })
        ),
        "{result:?}"
    );
    // A truncated WebP: an image error, not a panic.
    let path = write(dir.path(), "kort.webp", &simple[..simple.len() / 2]);
    let (result, items) = parse(&path);
    assert!(
        matches!(result, Err(ImportError::Image { .. })),
        "{result:?}"
    );
    assert!(items.is_empty());
}

#[test]
fn heic_is_refused_with_a_convert_message() {
    let path = fixture("synthetic/screenshots/IMG_4711.HEIC");
    let (result, items) = parse(&path);
    assert!(items.is_empty());
    let e = result.expect_err("HEIC pixels cannot be decoded here");
    // The EXIF capture time is read (expected.json: 2026-11-04T10:16:02+01:00) even though
    // the pixels cannot be.
    let ImportError::Heic { taken, .. } = &e else {
        panic!("expected the HEIC refusal, got {e:?}");
    };
    assert_eq!(
        taken.map(|t| t.to_rfc3339()).as_deref(),
        Some("2026-11-04T10:16:02+01:00")
    );
    let sv = e.sv();
    assert!(
        sv.contains("IMG_4711.HEIC (tagen 2026-11-04 10:16:02)"),
        "{sv}"
    );
    assert!(sv.contains("Konvertera den till JPEG eller PNG"), "{sv}");
    assert!(e.to_string().contains("HEIC"), "{e}");
}
