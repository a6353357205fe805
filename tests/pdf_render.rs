//! The printed PDF, checked from the outside with the tools a registrar's PC or CI has:
//! `pdftotext` (poppler-utils) for the text layer, `qpdf --check` for structure, `pdfinfo`.
//!
//! Set `INKOM_PDF_KEEP=/some/dir` to keep the rendered sample there for looking at it
//! (e.g. `pdftoppm -r 60 -png sample.pdf page`).

use std::io::Cursor;
use std::path::Path;
use std::process::Command;

use chrono::{DateTime, FixedOffset};
use inkom::pdf::{Block, PdfError, Sheet, render};

const ORGANISATION: &str = "Exempelby kommun";
const UNIT: &str = "Individ- och familjeomsorgen";
const DESIGNATION: &str = "INK-2026-00007";
const PERSON: &str = "Amira Haddad, 19870521-2382";
const SECRECY: &str =
    "SEKRETESS enligt 26 kap. 1 § OSL · Markerad 2026-03-02 av handläggare Eva Ek";

/// An unbroken 200-character URL: must wrap, never overflow.
fn long_url() -> String {
    let mut url = String::from("https://exempel.example/orosanmalan/");
    while url.len() < 200 {
        url.push_str("abcdefghijklmnopqrstuvwxyz0123456789");
    }
    url.truncate(200);
    url
}

/// About four pages of an SMS conversation with everything that tends to break: Swedish
/// letters, blank lines (also several in a row), a line that must wrap, a 200-character URL,
/// leading spaces, a tab, an emoji.
fn message() -> String {
    let mut text = String::from(
        "Hej!\n\
         Jag skriver angående min son Örjan (Ö, Ä, Å – öäå).\n\
         \n\
         Ärendet gäller ekonomiskt bistånd för april.\n\
         \n\
         \n\
         \n\
         Mvh Amira 👍\n",
    );
    text.push_str(&format!("Länk till intyget: {}\n", long_url()));
    text.push_str(
        "Den här raden är medvetet mycket lång så att den måste brytas av layouten, men \
         ordningen på orden och alla tecken som åäö och ÅÄÖ ska ändå komma tillbaka exakt \
         när texten extraheras ur PDF-filen.\n",
    );
    for n in 1..=150 {
        if n % 10 == 0 {
            text.push('\n');
        }
        text.push_str(&format!(
            "Rad {n}: Socialsekreteraren ringde tillbaka; vi bokade möte på förmiddagen.\n"
        ));
    }
    text.push_str("Slut på meddelandet – tack så mycket!");
    text
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        if (x / 20 + y / 20) % 2 == 0 {
            image::Rgb([30, 30, 30])
        } else {
            image::Rgb([220, 220, 220])
        }
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("encode png");
    out.into_inner()
}

fn created() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-03-02T14:05:09+01:00").expect("date")
}

fn sheet() -> Sheet {
    Sheet {
        title: "Personaktsutskrift".to_owned(),
        organisation: ORGANISATION.to_owned(),
        unit: UNIT.to_owned(),
        designation: DESIGNATION.to_owned(),
        running_header: Some(PERSON.to_owned()),
        facts: vec![
            ("Inkom".to_owned(), "2026-03-02 09:41".to_owned()),
            ("Avsändare".to_owned(), "070-174 06 05".to_owned()),
            (
                "Ärendemening".to_owned(),
                "SMS angående ekonomiskt bistånd".to_owned(),
            ),
            ("Klass".to_owned(), "Personaktsmaterial".to_owned()),
        ],
        fill_in: Vec::new(),
        secrecy: Some(SECRECY.to_owned()),
        landscape: false,
        blocks: vec![
            Block::Heading("Innehåll".to_owned()),
            Block::Fields(vec![
                ("Från".to_owned(), "070-174 06 05".to_owned()),
                ("Till".to_owned(), "Enhetens arbetstelefon".to_owned()),
                ("Datum".to_owned(), "2026-03-02 09:41".to_owned()),
            ]),
            Block::Text(message()),
            Block::Heading("Bilagor".to_owned()),
            Block::Image {
                bytes: png(800, 500),
                caption: "Skärmdump 1: konversationen i telefonen".to_owned(),
            },
        ],
        created: created(),
    }
}

fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} must be installed (poppler-utils, qpdf): {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write pdf");
    if let Ok(keep) = std::env::var("INKOM_PDF_KEEP") {
        std::fs::create_dir_all(&keep).expect("keep dir");
        std::fs::write(Path::new(&keep).join(name), bytes).expect("keep pdf");
    }
    path.to_str().expect("utf-8 path").to_owned()
}

fn page_count(pdf: &str) -> usize {
    run("pdfinfo", &[pdf])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count")
}

/// Text of page `n` (1-based), as `pdftotext -layout` reads it.
fn page_text(pdf: &str, n: usize) -> String {
    let n = n.to_string();
    run("pdftotext", &["-layout", "-f", &n, "-l", &n, pdf, "-"])
}

/// Marks a page break in the extracted text.
const PAGE_BREAK: &str = "\u{c}<page break>";

/// Checks that `source` comes back from the extracted text exactly, line for line.
///
/// `pdftotext -layout` reconstructs lines and empty lines from the geometry. The only
/// normalisations, all forced by what a printed page is:
/// - header and footer lines and the form feed between pages are removed (they interrupt the
///   text at every page break), and empty lines directly before or after a page break are not
///   counted: the distance to the footer/header says nothing about the message;
/// - where the printer *wrapped* a long source line (soft wrap), pdftotext naturally returns
///   several lines: consecutive extracted lines are joined while they spell out a prefix of the
///   current source line (joined with the single space the wrap replaced, or with nothing
///   where a long word was broken);
/// - trailing whitespace of a line is ignored; runs of spaces, leading spaces and tabs are not
///   reproduced by pdftotext, so the sample has none. More than four empty lines in a row come
///   back as four (pdftotext's cap), so the sample has at most three.
///
/// Every character of every line, and every line break and empty line within a page, must match.
fn assert_text_comes_back(extracted: &[String], source: &str) {
    let source_lines: Vec<&str> = source.split('\n').collect();
    let first = source_lines[0];
    let mut k = extracted
        .iter()
        .position(|l| l == first)
        .unwrap_or_else(|| panic!("first line {first:?} not found in {extracted:#?}"));
    let context = |k: usize| extracted[k.saturating_sub(4)..(k + 4).min(extracted.len())].to_vec();
    let mut n = 0;
    while n < source_lines.len() {
        let want = source_lines[n].trim_end();
        if extracted.get(k).map(String::as_str) == Some(PAGE_BREAK) {
            k += 1;
            // Empty lines at a page break are not recoverable from the geometry.
            while n < source_lines.len() && source_lines[n].trim_end().is_empty() {
                n += 1;
            }
            continue;
        }
        let got = extracted.get(k).map(String::as_str).unwrap_or("<end>");
        let mut acc = got.to_owned();
        while acc != want && !acc.is_empty() && want.starts_with(acc.as_str()) {
            k += 1;
            if extracted.get(k).map(String::as_str) == Some(PAGE_BREAK) {
                k += 1;
            }
            let Some(next) = extracted.get(k) else { break };
            if want[acc.len()..].starts_with(' ') {
                acc.push(' ');
            }
            acc.push_str(next);
        }
        assert_eq!(
            acc,
            want,
            "source line {} differs; context: {:#?}",
            n + 1,
            context(k)
        );
        k += 1;
        n += 1;
    }
}

#[test]
fn message_text_survives_print_and_extraction() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bytes = render(&sheet()).expect("render");
    let pdf = write(dir.path(), "sample.pdf", &bytes);

    let pages = page_count(&pdf);
    assert!(
        (4..=8).contains(&pages),
        "expected about 4-6 pages, got {pages}"
    );

    let boilerplate = |line: &str| {
        [ORGANISATION, UNIT, PERSON, SECRECY]
            .iter()
            .any(|b| line.trim_start().starts_with(b))
            || line.contains(" av ") && line.trim_start().starts_with("Personaktsutskrift")
    };
    let mut body = Vec::new();
    for n in 1..=pages {
        let text = page_text(&pdf, n);
        // Every page carries the header, the secrecy box and "Sida n av N".
        for must in [ORGANISATION, UNIT, DESIGNATION, PERSON, SECRECY] {
            assert!(text.contains(must), "page {n} lacks {must:?}:\n{text}");
        }
        let footer = format!("Sida {n} av {pages}");
        assert!(text.contains(&footer), "page {n} lacks {footer:?}:\n{text}");
        let lines: Vec<String> = text
            .trim_matches('\u{c}')
            .lines()
            .map(|l| l.trim_end().to_owned())
            .filter(|l| !boilerplate(l))
            .collect();
        let start = lines
            .iter()
            .position(|l| !l.is_empty())
            .unwrap_or(lines.len());
        let end = lines
            .iter()
            .rposition(|l| !l.is_empty())
            .map_or(start, |e| e + 1);
        if n > 1 {
            body.push(PAGE_BREAK.to_owned());
        }
        body.extend_from_slice(&lines[start..end]);
    }
    assert_text_comes_back(&body, &message());
}

#[test]
fn structure_is_valid_and_pdfa() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bytes = render(&sheet()).expect("render");
    let pdf = write(dir.path(), "check.pdf", &bytes);
    let check = run("qpdf", &["--check", &pdf]);
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "{check}"
    );
    // PDF/A-2b identification in the XMP metadata (krilla's validator accepted the content).
    let xmp = String::from_utf8_lossy(&bytes);
    assert!(
        xmp.contains("pdfaid:part>2<") || xmp.contains("pdfaid:part=\"2\""),
        "not PDF/A-2"
    );
    let info = run("pdfinfo", &[&pdf]);
    assert!(info.contains("Personaktsutskrift INK-2026-00007"), "{info}");
    assert!(info.contains("595.276 x 841.89 pts (A4)"), "{info}");
}

#[test]
fn same_input_same_bytes() {
    let a = render(&sheet()).expect("render");
    let b = render(&sheet()).expect("render");
    assert!(a == b, "rendering is not deterministic");
}

#[test]
fn bad_image_is_an_error_not_a_panic() {
    let good = png(64, 64);
    for bytes in [
        Vec::new(),
        b"not an image at all".to_vec(),
        good[..good.len() / 2].to_vec(),
        vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F', 0],
        b"GIF89a\x01\x00\x01\x00".to_vec(),
    ] {
        let mut sheet = sheet();
        sheet.blocks = vec![Block::Image {
            bytes,
            caption: "trasig.png".to_owned(),
        }];
        let error = render(&sheet).expect_err("bad image must fail");
        assert!(
            matches!(error, PdfError::Image { number: 1, .. }),
            "{error:?}"
        );
        assert!(error.sv().contains("trasig.png"), "{}", error.sv());
    }
}

/// Every word on every page lies within the page margins (25 mm left, 18 mm elsewhere), as
/// `pdftotext -bbox` measures it; a little slack for the font's ascent above the line box.
fn assert_within_margins(pdf: &str) {
    const MM: f64 = 72.0 / 25.4;
    let html = run("pdftotext", &["-bbox", pdf, "-"]);
    let attr = |tag: &str, name: &str| -> f64 {
        let start = tag.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
        let rest = &tag[start..];
        rest[..rest.find('"').expect("quote")]
            .parse()
            .expect("number")
    };
    let mut words = 0;
    for tag in html.split("<word ").skip(1) {
        words += 1;
        let (x0, y0, x1, y1) = (
            attr(tag, "xMin"),
            attr(tag, "yMin"),
            attr(tag, "xMax"),
            attr(tag, "yMax"),
        );
        let word = &tag[tag.find('>').expect(">") + 1..tag.find("</word>").expect("</word>")];
        assert!(
            x0 >= 25.0 * MM - 0.5
                && x1 <= 595.276 - 18.0 * MM + 0.5
                && y0 >= 18.0 * MM - 4.0
                && y1 <= 841.89 - 18.0 * MM + 4.0,
            "{word:?} at ({x0}, {y0})–({x1}, {y1}) is outside the margins"
        );
    }
    assert!(words > 0, "no words found");
}

#[test]
fn nothing_leaves_the_margins() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = write(
        dir.path(),
        "margins.pdf",
        &render(&sheet()).expect("render"),
    );
    assert_within_margins(&pdf);
}

#[test]
fn minimal_and_odd_sheets_render() {
    let odd = Sheet {
        title: "Titel ".repeat(100),
        organisation: "Organisation ".repeat(100),
        unit: String::new(),
        designation: "X".repeat(300),
        running_header: Some("Person ".repeat(200)),
        facts: vec![(String::new(), String::new())],
        fill_in: vec![String::new()],
        secrecy: Some("Sekretess ".repeat(300)),
        landscape: false,
        blocks: vec![
            Block::Text(String::new()),
            Block::Text("\n\n\r\n\t\u{0}\u{7}\u{feff}\u{202e}abc\u{2028}def".to_owned()),
            Block::Heading("x".repeat(2000)),
            Block::Fields(vec![("y".repeat(500), "z".repeat(5000))]),
            Block::Text("🇸🇪👨‍👩‍👧‍👦 مرحبا 你好 שלום".to_owned()),
            Block::Image {
                bytes: png(1, 4000),
                caption: String::new(),
            },
            Block::Image {
                bytes: png(4000, 1),
                caption: "\n".to_owned(),
            },
        ],
        created: created(),
    };
    let empty = Sheet {
        title: String::new(),
        organisation: String::new(),
        unit: String::new(),
        designation: String::new(),
        running_header: None,
        facts: Vec::new(),
        fill_in: Vec::new(),
        secrecy: None,
        landscape: false,
        blocks: Vec::new(),
        created: created(),
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = write(dir.path(), "odd.pdf", &render(&odd).expect("render"));
    run("qpdf", &["--check", &pdf]);
    assert_within_margins(&pdf);
    let pdf = write(dir.path(), "empty.pdf", &render(&empty).expect("render"));
    run("qpdf", &["--check", &pdf]);
    let text = run("pdftotext", &[&pdf, "-"]);
    assert!(text.contains("Sida 1 av 1"), "{text}");
}

#[test]
fn emoji_is_visible_and_extractable() {
    let mut sheet = sheet();
    sheet.blocks = vec![Block::Text("Tack 👍🏽 ses i morgon 🇸🇪!".to_owned())];
    let dir = tempfile::tempdir().expect("tempdir");
    let bytes = render(&sheet).expect("render");
    let pdf = write(dir.path(), "emoji.pdf", &bytes);
    // Drawn as U+FFFD (the fonts have no emoji), but the text layer keeps the original.
    let text = run("pdftotext", &[&pdf, "-"]);
    assert!(text.contains("Tack 👍🏽 ses i morgon 🇸🇪!"), "{text}");
}

#[test]
fn one_page_render_is_fast() {
    let mut sheet = sheet();
    sheet.blocks.truncate(2);
    sheet
        .blocks
        .push(Block::Text("Kort meddelande.".to_owned()));
    let start = std::time::Instant::now();
    let bytes = render(&sheet).expect("render");
    let elapsed = start.elapsed();
    eprintln!("one-page render: {elapsed:?}");
    assert!(!bytes.is_empty());
    // Generous bound for debug builds on shared CI cores; bench/pdf.sh measures release.
    assert!(elapsed.as_secs_f32() < 30.0, "one page took {elapsed:?}");
}

/// A JPEG stored 160×80 (blue top-left quadrant on red) that EXIF says to rotate 90° clockwise.
fn rotated_jpeg() -> Vec<u8> {
    use image::ImageEncoder;
    let img = image::RgbImage::from_fn(160, 80, |x, y| {
        if x < 80 && y < 40 {
            image::Rgb([0, 0, 255])
        } else {
            image::Rgb([255, 0, 0])
        }
    });
    // Minimal little-endian TIFF structure with one IFD entry: Orientation (0x0112) = 6.
    let exif = vec![
        0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0,
        0, 0,
    ];
    let mut out = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 95);
    encoder.set_exif_metadata(exif).expect("exif");
    encoder
        .write_image(img.as_raw(), 160, 80, image::ExtendedColorType::Rgb8)
        .expect("encode jpeg");
    out
}

#[test]
fn jpeg_exif_orientation_is_honoured() {
    let mut sheet = sheet();
    sheet.blocks = vec![Block::Image {
        bytes: rotated_jpeg(),
        caption: "Foto".to_owned(),
    }];
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = write(dir.path(), "rotated.pdf", &render(&sheet).expect("render"));
    let prefix = dir.path().join("page");
    run(
        "pdftoppm",
        &[
            "-r",
            "72",
            "-png",
            "-singlefile",
            &pdf,
            prefix.to_str().expect("path"),
        ],
    );
    let page = image::open(dir.path().join("page.png"))
        .expect("rendered page")
        .to_rgb8();
    let bbox = |want: fn(&image::Rgb<u8>) -> bool| {
        let mut b = (u32::MAX, u32::MAX, 0, 0);
        for (x, y, p) in page.enumerate_pixels() {
            if want(p) {
                b = (b.0.min(x), b.1.min(y), b.2.max(x), b.3.max(y));
            }
        }
        b
    };
    let red = bbox(|p| p[0] > 180 && p[1] < 80 && p[2] < 80);
    let blue = bbox(|p| p[2] > 180 && p[0] < 80 && p[1] < 80);
    // Displayed upright: 80×160 px at 96 dpi = 60×120 pt = 60×120 px at 72 dpi.
    let (w, h) = (red.2 - red.0 + 1, red.3 - red.1 + 1);
    assert!(
        (58..=62).contains(&w) && (118..=122).contains(&h),
        "image is {w}×{h}"
    );
    // The stored top-left corner ends up top-right.
    let mid_x = (red.0 + red.2) / 2;
    let mid_y = (red.1 + red.3) / 2;
    assert!(
        blue.0 >= mid_x - 1 && blue.3 <= mid_y + 1,
        "blue at {blue:?}, image {red:?}"
    );
}
