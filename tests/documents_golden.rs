//! Golden tests: the four printed documents (registreringsblad, personaktsutskrift, förteckning
//! över handlingar av ringa betydelse, diarielista), each from a fixed input with a fixed clock,
//! user and settings, checked against reference files in `tests/golden/`:
//!
//! - the text as `pdftotext` reads it (reading order), exactly: `<name>.txt`;
//! - page 1 rendered with `pdftoppm -r 30 -gray`, compared with `<name>.png` within a small mean
//!   pixel difference; on mismatch `<name>.failed.png` is written beside the reference;
//! - `qpdf --check`, PDF/A-2b identification (XMP `pdfaid:part` 2, conformance B) and an
//!   `/OutputIntents` entry, the document title and language `sv-SE`.
//!
//! Regenerate the references after an intended change with `INKOM_BLESS=1 cargo test --test
//! documents_golden`, then look at the PNGs before committing them. Set `INKOM_PDF_KEEP=DIR` to
//! keep the PDFs.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, NaiveDate};
use inkom::import::ImportLimits;
use inkom::import::select::Selection;
use inkom::lifecycle;
use inkom::lists::{self, ListKind};
use inkom::model::{Act, Classification, Item, SecrecyMarking, Sekretessbestammelse};
use inkom::personnummer::Personnummer;
use inkom::store::{ItemFilter, Setting, Store};

/// Largest accepted mean absolute difference per pixel (0–255) between the rendered page and
/// its reference: enough for antialiasing differences between poppler versions, far too little
/// for a moved block or a missing line.
const MAX_MEAN_DIFF: f64 = 2.0;

fn act(at: &str) -> Act {
    Act::new(
        DateTime::parse_from_rfc3339(at).expect("time"),
        "Karin Test".to_owned(),
    )
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/synthetic")
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
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
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The four documents, rendered from one fixed store.
struct Documents {
    registreringsblad: Vec<u8>,
    personaktsutskrift: Vec<u8>,
    ringa: Vec<u8>,
    diarielista: Vec<u8>,
}

fn find(store: &Store, sender_prefix: &str) -> Item {
    store
        .list(&ItemFilter::default())
        .expect("list")
        .into_iter()
        .find(|i| {
            i.sender
                .as_deref()
                .is_some_and(|s| s.starts_with(sender_prefix))
        })
        .unwrap_or_else(|| panic!("no item from {sender_prefix}"))
}

fn documents() -> Documents {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open_with_passphrase(&dir.path().join("data"), "golden test passphrase")
        .expect("store");
    let setup = act("2026-11-01T08:00:00+01:00");
    for (setting, value) in [
        (Setting::Organisation, "Exempelby kommun, socialnämnden"),
        (Setting::Unit, "Individ- och familjeomsorgen"),
    ] {
        lifecycle::set_setting(&mut store, setting, value, &setup).expect("setting");
    }
    // The nämnd's gallringsbeslut the culling cites (issue 13, guard rail 8).
    let beslut = lifecycle::gallring::add(
        &mut store,
        &lifecycle::NewGallringsbeslut {
            decided_by: "Socialnämnden".to_owned(),
            decided_on: NaiveDate::from_ymd_opt(2025, 12, 1).expect("date"),
            reference: "SN 2025/0131 § 88".to_owned(),
            plan_section: "4.2 Handlingar av ringa betydelse".to_owned(),
        },
        &setup,
    )
    .expect("gallringsbeslut");
    lifecycle::set_setting(&mut store, Setting::CullDecision, &beslut.reference, &setup)
        .expect("setting");
    let import = act("2026-11-20T09:00:00+01:00");
    for file in [
        "sms/sms-backup-restore_sv_3-konversationer.xml",
        "email/sv_qp_iso-8859-1.eml",
        "screenshots/Skarmbild_2026-11-03_094107.png",
    ] {
        let copy = dir.path().join(Path::new(file).file_name().expect("name"));
        std::fs::copy(fixtures().join(file), &copy).expect("copy fixture");
        lifecycle::import_file(
            &mut store,
            &copy,
            &ImportLimits::default(),
            &Selection::default(),
            &import,
            &mut |_| {},
        )
        .expect("import");
    }

    let work = act("2026-11-23T10:15:00+01:00");
    // Registreringsblad: the neighbour's report of concern, secret, no diary series yet.
    let neighbour = find(&store, "+46701740648").id;
    let marking = SecrecyMarking {
        provision: Sekretessbestammelse::Socialtjanst,
        date: NaiveDate::from_ymd_opt(2026, 11, 23).expect("date"),
        authority: "Socialnämnden".to_owned(),
        unit: "Individ- och familjeomsorgen".to_owned(),
        set_by: "Karin Test".to_owned(),
    };
    let diarium = |description: &str, secrecy: Option<SecrecyMarking>| Classification::Diarium {
        description: description.to_owned(),
        sender_secret: secrecy.is_some(),
        secrecy,
    };
    lifecycle::classify(
        &mut store,
        neighbour,
        diarium("Orosanmälan, barn", Some(marking)),
        &work,
    )
    .expect("classify");
    lifecycle::register(&mut store, neighbour, &work).expect("register");

    // Personaktsutskrift: Amira's thread.
    let amira = find(&store, "+46701740605").id;
    let personnummer =
        Personnummer::parse("19870521-2382", work.at.date_naive()).expect("personnummer");
    lifecycle::classify(
        &mut store,
        amira,
        Classification::Personakt {
            client_name: "Amira Haddad".to_owned(),
            personnummer,
            secrecy: None,
        },
        &work,
    )
    .expect("classify");
    lifecycle::register(&mut store, amira, &work).expect("register");

    // With the diary series held by inkom, the e-mail gets its number at registration.
    lifecycle::set_setting(&mut store, Setting::DiaryPrefix, "SN", &setup).expect("prefix");
    let mail = find(&store, "Åsa Öberg").id;
    lifecycle::classify(
        &mut store,
        mail,
        diarium("Fråga om handläggningstid", None),
        &work,
    )
    .expect("classify");
    lifecycle::register(&mut store, mail, &work).expect("register");

    // Ringa: Jonas's thread (culled) and the screenshot (kept).
    let jonas = find(&store, "+46701740617").id;
    let note = |n: &str| Classification::Ringa {
        note: Some(n.to_owned()),
    };
    lifecycle::classify(&mut store, jonas, note("Bekräftelse på mötestid"), &work)
        .expect("classify");
    let screenshot = store
        .list(&ItemFilter::default())
        .expect("list")
        .into_iter()
        .find(|i| i.channel == inkom::model::Channel::Screenshot)
        .expect("screenshot")
        .id;
    lifecycle::classify(
        &mut store,
        screenshot,
        note("Kallelse till informationsmöte"),
        &work,
    )
    .expect("classify");
    let later = act("2026-11-30T16:00:00+01:00");
    lifecycle::confirm_source_deleted(&mut store, jonas, "tjänstetelefonen", false, &later)
        .expect("source deleted");
    lifecycle::cull(&mut store, jonas, "", &later).expect("cull");

    let from = NaiveDate::from_ymd_opt(2026, 10, 1).expect("date");
    let to = NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
    let print = act("2026-12-01T08:30:00+01:00");
    let ringa = lists::print_list(&mut store, ListKind::Ringa, from, to, &print).expect("ringa");
    let diarielista =
        lists::print_list(&mut store, ListKind::Diarium, from, to, &print).expect("diarielista");
    Documents {
        registreringsblad: store
            .registration_pdf(neighbour)
            .expect("pdf")
            .expect("stored"),
        personaktsutskrift: store.registration_pdf(amira).expect("pdf").expect("stored"),
        ringa: ringa.pdf,
        diarielista: diarielista.pdf,
    }
}

fn blessing() -> bool {
    std::env::var("INKOM_BLESS").is_ok_and(|v| v == "1")
}

/// Runs every check on one document; `title` is the expected PDF title.
fn check(name: &str, pdf_bytes: &[u8], title: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = dir.path().join(format!("{name}.pdf"));
    std::fs::write(&pdf, pdf_bytes).expect("write pdf");
    if let Ok(keep) = std::env::var("INKOM_PDF_KEEP") {
        std::fs::create_dir_all(&keep).expect("keep dir");
        std::fs::write(Path::new(&keep).join(format!("{name}.pdf")), pdf_bytes).expect("keep");
    }
    let pdf_s = pdf.to_str().expect("utf-8 path");

    // Structure and archival identification.
    let check = run("qpdf", &["--check", pdf_s]);
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "{name}: {check}"
    );
    let qdf = run("qpdf", &["--qdf", "--object-streams=disable", pdf_s, "-"]);
    assert!(
        qdf.contains("<pdfaid:part>2</pdfaid:part>")
            && qdf.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
        "{name}: XMP lacks the PDF/A-2b identification"
    );
    assert!(qdf.contains("/OutputIntents"), "{name}: no /OutputIntents");
    assert!(qdf.contains("/Lang (sv-SE)"), "{name}: document language");
    let info = run("pdfinfo", &[pdf_s]);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Title:") && l.trim_end().ends_with(title)),
        "{name}: title {title:?} expected:\n{info}"
    );

    // Text in reading order, exactly.
    let text = run("pdftotext", &[pdf_s, "-"]);
    let golden_text = golden_dir().join(format!("{name}.txt"));
    // Page 1 as a small grey image.
    let prefix = dir.path().join("page");
    run(
        "pdftoppm",
        &[
            "-r",
            "30",
            "-gray",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            pdf_s,
            prefix.to_str().expect("utf-8 path"),
        ],
    );
    let rendered = dir.path().join("page.png");
    let golden_png = golden_dir().join(format!("{name}.png"));
    if blessing() {
        std::fs::create_dir_all(golden_dir()).expect("golden dir");
        std::fs::write(&golden_text, &text).expect("bless text");
        std::fs::copy(&rendered, &golden_png).expect("bless png");
        eprintln!("blessed {name}");
        return;
    }
    let expected = std::fs::read_to_string(&golden_text).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; create it with INKOM_BLESS=1",
            golden_text.display()
        )
    });
    assert!(
        text == expected,
        "{name}: text differs from {}.\n--- expected\n{expected}\n--- got\n{text}",
        golden_text.display()
    );
    let got = image::open(&rendered).expect("rendered png").to_luma8();
    let want = image::open(&golden_png)
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e}; create it with INKOM_BLESS=1",
                golden_png.display()
            )
        })
        .to_luma8();
    let failed = golden_dir().join(format!("{name}.failed.png"));
    let diff = if got.dimensions() == want.dimensions() {
        let sum: u64 = got
            .pixels()
            .zip(want.pixels())
            .map(|(a, b)| u64::from(a[0].abs_diff(b[0])))
            .sum();
        sum as f64 / f64::from(got.width() * got.height()).max(1.0)
    } else {
        f64::INFINITY
    };
    if diff >= MAX_MEAN_DIFF {
        std::fs::copy(&rendered, &failed).expect("write failed png");
        panic!(
            "{name}: page 1 differs from {} (mean difference {diff:.2}, sizes {:?} vs {:?}); \
             see {}",
            golden_png.display(),
            got.dimensions(),
            want.dimensions(),
            failed.display()
        );
    }
    let _ = std::fs::remove_file(&failed);
}

#[test]
fn the_four_documents_match_their_references() {
    let docs = documents();
    check(
        "registreringsblad",
        &docs.registreringsblad,
        "Registreringsblad INK-2026-00001",
    );
    check(
        "personaktsutskrift",
        &docs.personaktsutskrift,
        "Personaktsutskrift INK-2026-00002",
    );
    check(
        "ringa",
        &docs.ringa,
        "Förteckning över handlingar av ringa betydelse 2026-10-01 – 2026-11-30",
    );
    check(
        "diarielista",
        &docs.diarielista,
        "Diarielista 2026-10-01 – 2026-11-30",
    );
}

#[test]
fn same_input_same_documents() {
    let a = documents();
    let b = documents();
    assert!(a.registreringsblad == b.registreringsblad);
    assert!(a.diarielista == b.diarielista);
}
