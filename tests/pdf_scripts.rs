//! Printouts in every script (issue 12): each line of the multilingual corpus must come out of
//! the PDF with no character drawn as a box and none lost from the text layer.
//!
//! Checked from the outside: `tests/pdf_glyphs.py` (fontTools + `mutool trace`) compares every
//! drawn glyph with the character map of the font it was drawn from; `pdftotext` (poppler) and
//! PyMuPDF (`pip install pymupdf`) give the text layer. CJK needs a system CJK font (Debian:
//! fonts-noto-cjk, installed by scripts/setup-debian.sh).
//! Set `INKOM_PDF_KEEP=DIR` to keep the PDFs (e.g. for `pdftoppm -r 80 -png`).

use crate::scripts;

use std::path::PathBuf;
use std::process::Command;

use chrono::{DateTime, FixedOffset};
use inkom::pdf::{Block, Sheet, Table, render_checked};

fn created() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-03-02T14:05:09+01:00").expect("date")
}

fn sheet(blocks: Vec<Block>) -> Sheet {
    Sheet {
        title: "Registreringsblad".to_owned(),
        organisation: "Exempelby kommun".to_owned(),
        unit: "Individ- och familjeomsorgen".to_owned(),
        designation: "INK-2026-00012".to_owned(),
        running_header: None,
        facts: vec![
            (
                "Avsändare".to_owned(),
                "ليلى حداد <leila.haddad@example.se>".to_owned(),
            ),
            ("Ärendemening".to_owned(), "Fråga om möte".to_owned()),
        ],
        fill_in: Vec::new(),
        secrecy: None,
        blocks,
        landscape: false,
        created: created(),
    }
}

/// The corpus: a heading per language (bold text in every script too) and its message.
fn corpus_sheet() -> Sheet {
    let mut blocks = Vec::new();
    for (language, text) in scripts::MESSAGES {
        blocks.push(Block::Subheading(format!("{language}: {text}")));
        blocks.push(Block::Text((*text).to_owned()));
    }
    sheet(blocks)
}

fn dir() -> (Option<tempfile::TempDir>, PathBuf) {
    match std::env::var_os("INKOM_PDF_KEEP") {
        Some(keep) => {
            let path = PathBuf::from(keep);
            std::fs::create_dir_all(&path).expect("keep dir");
            (None, path)
        }
        None => {
            let tmp = tempfile::tempdir().expect("tempdir");
            let path = tmp.path().to_path_buf();
            (Some(tmp), path)
        }
    }
}

fn output(program: &str, args: &[&str]) -> std::process::Output {
    Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} must be installed: {e}"))
}

fn text_of(program: &str, args: &[&str]) -> String {
    let out = output(program, args);
    assert!(out.status.success(), "{program} {args:?} failed");
    String::from_utf8(out.stdout).expect("utf-8")
}

/// Asserts that some line of `extracted` holds every character of `line` (as a multiset,
/// spaces aside): none lost or replaced; with `exact`, none added either. Returns whether the
/// line also came back in logical order.
fn line_comes_back(extracted: &str, line: &str, tool: &str, exact: bool) -> bool {
    let wanted = scripts::letters(line);
    let lines: Vec<&str> = extracted.lines().map(str::trim).collect();
    if lines.iter().any(|l| squash(l) == squash(line)) {
        return true;
    }
    let holds = |l: &&str| {
        let got = scripts::letters(l);
        if exact {
            return got == wanted;
        }
        let mut rest = got;
        wanted
            .iter()
            .all(|c| match rest.iter().position(|g| g == c) {
                Some(at) => {
                    rest.remove(at);
                    true
                }
                None => false,
            })
    };
    assert!(
        lines.iter().any(holds),
        "{tool} lost characters of the line {line:?}:\n{extracted}"
    );
    false
}

/// Words separated by single spaces, without the bidi embedding marks extractors add.
fn squash(s: &str) -> String {
    s.replace(scripts::is_bidi_mark, "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_script_prints_with_its_own_font_and_comes_back_as_text() {
    let (_tmp, dir) = dir();
    let rendered = render_checked(&corpus_sheet()).expect("render");
    assert!(
        rendered.unprintable.is_empty(),
        "characters without a font: {:?}",
        rendered.unprintable
    );
    let pdf = dir.join("scripts.pdf");
    std::fs::write(&pdf, &rendered.pdf).expect("write");
    let pdf_s = pdf.to_str().expect("path");

    let (passed, report) = scripts::glyph_check(&pdf);
    assert!(passed, "glyphs drawn from fonts that lack them:\n{report}");

    let poppler = text_of("pdftotext", &["-layout", pdf_s, "-"]);
    // PyMuPDF (MuPDF 1.2x) reads /ActualText; Debian 12's mutool 1.21 does not, and gives a
    // glyph shared by two letters (Sorani ە and ه) as the first one.
    let mupdf = text_of(
        "python3",
        &[
            "-c",
            "import sys, pymupdf; print(''.join(p.get_text() for p in pymupdf.open(sys.argv[1])))",
            pdf_s,
        ],
    );
    let mut logical = Vec::new();
    for (language, line) in scripts::MESSAGES {
        let p = line_comes_back(&poppler, line, "pdftotext", true);
        let m = line_comes_back(&mupdf, line, "PyMuPDF", true);
        logical.push(format!("{language}: pdftotext {p}, PyMuPDF {m}"));
    }
    // Left-to-right scripts must come back exactly, in order.
    for (language, line) in scripts::MESSAGES {
        if !line.chars().any(|c| matches!(c, '\u{0590}'..='\u{08FF}')) {
            assert!(
                poppler.lines().any(|l| squash(l) == squash(line)),
                "pdftotext: {language} not in order:\n{poppler}"
            );
        }
    }
    eprintln!("logical order per line:\n{}", logical.join("\n"));
    assert!(!poppler.contains('\u{FFFD}') && !mupdf.contains('\u{FFFD}'));
}

#[test]
fn names_in_any_script_print_in_tables() {
    let (_tmp, dir) = dir();
    let rows = scripts::MESSAGES
        .iter()
        .enumerate()
        .map(|(n, (language, text))| {
            let sender: String = text.chars().take(18).collect();
            vec![
                format!("SN 2026/{:04}", n + 1),
                sender,
                (*language).to_owned(),
            ]
        })
        .collect();
    let mut sheet = sheet(vec![Block::Table(Table {
        columns: vec![
            ("Dnr".to_owned(), 1.0),
            ("Avsändare".to_owned(), 3.0),
            ("Ärendemening".to_owned(), 2.0),
        ],
        rows,
    })]);
    sheet.title = "Diarielista".to_owned();
    sheet.landscape = true;
    let rendered = render_checked(&sheet).expect("render");
    assert!(
        rendered.unprintable.is_empty(),
        "{:?}",
        rendered.unprintable
    );
    let pdf = dir.join("list.pdf");
    std::fs::write(&pdf, &rendered.pdf).expect("write");
    let (passed, report) = scripts::glyph_check(&pdf);
    assert!(passed, "{report}");
}

#[test]
fn a_character_no_font_has_is_counted_and_announced_on_page_one() {
    let (_tmp, dir) = dir();
    // U+E000 (private use): no font has it, on any PC.
    let sheet = sheet(vec![Block::Text(
        "Hej, här är koden \u{E000}\u{E001} som appen visade. شكرا".to_owned(),
    )]);
    let rendered = render_checked(&sheet).expect("render");
    assert_eq!(rendered.unprintable.count, 2);
    assert_eq!(rendered.unprintable.scripts_sv(), "privata tecken");
    let pdf = dir.join("gate.pdf");
    std::fs::write(&pdf, &rendered.pdf).expect("write");
    let pdf_s = pdf.to_str().expect("path");
    let page1 = text_of("pdftotext", &["-f", "1", "-l", "1", pdf_s, "-"]);
    assert!(
        squash(&page1).contains("2 tecken kunde inte återges — behåll källan (privata tecken)"),
        "{page1}"
    );
    // The text layer still holds the characters (so it cannot be the proof of fidelity) …
    let all = text_of("pdftotext", &[pdf_s, "-"]);
    assert!(all.contains('\u{E000}'), "{all}");
    // … and the glyph check sees the boxes.
    let (passed, report) = scripts::glyph_check(&pdf);
    assert!(!passed, "the glyph check must fail here: {report}");
    assert!(report.contains("U+E000"), "{report}");
}

/// The words pdftotext's `-bbox` finds: (text, xMin, xMax, yMin) in points. Right-to-left
/// words come in visual order, their letters reversed.
fn words(bbox_html: &str) -> Vec<(String, f32, f32, f32)> {
    let at = |line: &str, attr: &str| -> f32 {
        let start = line.find(&format!("{attr}=\"")).expect(attr) + attr.len() + 2;
        let end = start + line[start..].find('"').expect("quote");
        line[start..end].parse().expect("number")
    };
    bbox_html
        .lines()
        .filter(|l| l.contains("<word"))
        .map(|l| {
            let text = l[l.find('>').expect(">") + 1..l.rfind("</word>").expect("end")].to_owned();
            (text, at(l, "xMin"), at(l, "xMax"), at(l, "yMin"))
        })
        .collect()
}

fn is_arabic(word: &str) -> bool {
    word.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
}

#[test]
fn a_field_with_a_right_to_left_name_stays_beside_its_label() {
    let (_tmp, dir) = dir();
    let sheet = sheet(vec![
        Block::Fields(vec![(
            "Kontakt".to_owned(),
            "+46701740611 (ليلى حداد)".to_owned(),
        )]),
        Block::Text("مرحبا، أحتاج إلى موعد يوم الثلاثاء".to_owned()),
    ]);
    let pdf = dir.join("field.pdf");
    std::fs::write(&pdf, render_checked(&sheet).expect("render").pdf).expect("write");
    let words = words(&text_of(
        "pdftotext",
        &["-bbox", pdf.to_str().expect("path"), "-"],
    ));
    let find = |text: &str| {
        words
            .iter()
            .find(|w| w.0 == text)
            .unwrap_or_else(|| panic!("no {text:?} in {words:?}"))
    };
    // The field is part of the Swedish form: left to right, starting in the value column just
    // right of its label, the Arabic name after the number.
    let label = find("Kontakt");
    let number = find("+46701740611");
    let same_line = |y: f32| words.iter().filter(move |w| (w.3 - y).abs() < 1.0);
    assert!(
        number.1 > label.2 && number.1 < 250.0,
        "the number starts in the value column, not at the far margin: {number:?}"
    );
    let name: Vec<_> = same_line(number.3).filter(|w| is_arabic(&w.0)).collect();
    assert_eq!(name.len(), 2, "{words:?}");
    assert!(
        name.iter().all(|w| w.1 > number.2),
        "the name follows the number: {name:?}"
    );
    // The message itself is Arabic: right to left, against the right margin.
    let body_max = words
        .iter()
        .filter(|w| w.3 > number.3 + 10.0 && is_arabic(&w.0))
        .map(|w| w.2)
        .fold(0.0_f32, f32::max);
    assert!(
        body_max > 480.0,
        "an Arabic paragraph is right-aligned: {body_max}"
    );
}
