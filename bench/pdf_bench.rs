//! PDF benchmark helper (not a test; run by `bench/pdf.sh`).
//!
//! `pdf_bench OUT_DIR [N]` builds N invented diarium items (default 1,000) and
//!
//! 1. renders one registration sheet per item with inkom's core
//!    ([`inkom::documents::registration_sheet`] + [`inkom::pdf::render`]) into `OUT_DIR/inkom/`,
//! 2. renders one diarielista with a row per item ([`inkom::lists::list_sheet`]),
//! 3. writes the equivalent HTML documents into `OUT_DIR/html/` for Chromium to print.
//!
//! Only steps 1 and 2 are timed (building the sheet, laying it out, writing the PDF file); the
//! timings are printed as one JSON object per line. Single-threaded, as the CLI renders.
//! `PDF_BENCH_ONLY=list` skips the sheets and renders the list once untimed first (for
//! profiling the list alone). `PDF_BENCH_TEXTS=multilingual` takes the message texts from the
//! multilingual test corpus (`tests/scripts/mod.rs`: Arabic, Persian, Thai, Chinese … one per
//! item) instead of the Swedish ones, for the multilingual batch figure.
//! Every person, number and address here is invented (PTS fiction numbers, example domains).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use inkom::documents::{SECRET_SENDER, registration_sheet};
use inkom::lists::{ListKind, list_sheet};
use inkom::model::{
    Act, Channel, Class, Classification, Direction, Item, Registration, SecrecyMarking,
    Sekretessbestammelse, SourceRef, State, local_time,
};
use inkom::pdf::render;
use inkom::store::Settings;

#[path = "../tests/scripts/mod.rs"]
mod scripts;

const ORGANISATION: &str = "Exempelby kommun, socialnämnden";
const UNIT: &str = "Individ- och familjeomsorgen";
const CASEWORKER: &str = "Karin Test";

const NAMES: [&str; 8] = [
    "Amira Haddad",
    "Jonas Berg",
    "Åsa Öberg",
    "Lena Al-Hassan",
    "Bo Ek",
    "Mikael Nyström",
    "Sara Lindqvist",
    "Olle Päärson",
];

const TEXTS: [&str; 4] = [
    "Hej! Jag undrar när vi kan ses nästa gång. Kan ni ringa mig på eftermiddagen?\n\nMvh",
    "Hej, jag skickar kvittona för april som vi pratade om. Hör av er om något saknas.",
    "Jag är orolig för grannens barn som är ensamma hemma på kvällarna.\nDe har varit \
     ensamma flera kvällar den här veckan och det hörs bråk i trapphuset.",
    "Tack för mötet i dag. Jag har bokat tid hos vårdcentralen på torsdag kl. 10.",
];

fn main() {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().unwrap_or_else(|| usage()));
    let n: usize = args
        .next()
        .map_or(Ok(1000), |s| s.parse())
        .unwrap_or_else(|_| usage());
    let (inkom_dir, html_dir) = (out.join("inkom"), out.join("html"));
    for dir in [&inkom_dir, &html_dir] {
        std::fs::create_dir_all(dir).unwrap_or_else(|e| fail(&format!("{}: {e}", dir.display())));
    }
    let settings = Settings {
        organisation: Some(ORGANISATION.to_owned()),
        unit: Some(UNIT.to_owned()),
        diary_prefix: Some("SN".to_owned()),
        ..Settings::default()
    };
    let items: Vec<Item> = (0..n).map(item).collect();
    let registered = at("2026-11-23T10:15:00+01:00");
    let act = Act::new(registered, CASEWORKER.to_owned());

    // 1. Registration sheets.
    let only_list = std::env::var("PDF_BENCH_ONLY").is_ok_and(|v| v == "list");
    let started = Instant::now();
    for item in items.iter().filter(|_| !only_list) {
        let registration = item.registration.as_ref().unwrap_or_else(|| fail("no reg"));
        let sheet = registration_sheet(
            item,
            &settings,
            &registration.designation,
            registration.diarienummer.as_deref(),
            &act,
        );
        let pdf = render(&sheet).unwrap_or_else(|e| fail(&e.to_string()));
        write(&inkom_dir.join(format!("sheet-{:04}.pdf", item.id)), &pdf);
    }
    let sheets_s = started.elapsed().as_secs_f64();
    println!(r#"{{"engine":"inkom","what":"sheets","documents":{n},"seconds":{sheets_s:.4}}}"#);

    // 2. One diarielista with a row per item.
    let from = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let to = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap_or_default();
    if only_list {
        // Warm-up, as the sheets loop would have done.
        let sheet = list_sheet(ListKind::Diarium, &items, &settings, from, to, &act);
        render(&sheet).unwrap_or_else(|e| fail(&e.to_string()));
    }
    let started = Instant::now();
    let sheet = list_sheet(ListKind::Diarium, &items, &settings, from, to, &act);
    let pdf = render(&sheet).unwrap_or_else(|e| fail(&e.to_string()));
    write(&inkom_dir.join("diarielista.pdf"), &pdf);
    let list_s = started.elapsed().as_secs_f64();
    println!(r#"{{"engine":"inkom","what":"diarielista","documents":1,"seconds":{list_s:.4}}}"#);

    // 3. The same documents as HTML, for Chromium (not timed).
    for item in &items {
        write(
            &html_dir.join(format!("sheet-{:04}.html", item.id)),
            sheet_html(item).as_bytes(),
        );
    }
    write(
        &html_dir.join("diarielista.html"),
        list_html(&items, from, to, &act).as_bytes(),
    );
}

fn usage() -> ! {
    eprintln!("usage: pdf_bench OUT_DIR [N]");
    std::process::exit(2)
}

fn fail(message: &str) -> ! {
    eprintln!("pdf_bench: {message}");
    std::process::exit(1)
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())));
}

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| fail(&e.to_string()))
}

/// Invented item number `k`: an SMS (a fiction number 070-1740605…699), registered, every
/// third one secret with a secret sender.
fn multilingual() -> bool {
    std::env::var("PDF_BENCH_TEXTS").is_ok_and(|v| v == "multilingual")
}

fn item(k: usize) -> Item {
    let id = i64::try_from(k + 1).unwrap_or(i64::MAX);
    let received =
        at("2026-01-02T08:00:00+01:00") + Duration::minutes(i64::try_from(k * 397).unwrap_or(0));
    let who = NAMES[k % NAMES.len()];
    let number = format!("+467017406{:02}", 5 + k % 95);
    let secret = k.is_multiple_of(3);
    let act = Act::new(received + Duration::hours(2), CASEWORKER.to_owned());
    Item {
        id,
        state: State::Registered,
        channel: Channel::Sms,
        direction: Direction::In,
        sender: Some(format!("{number} ({who})")),
        recipients: vec!["Enhetens arbetstelefon".to_owned()],
        cc: Vec::new(),
        bcc: Vec::new(),
        page_address: None,
        received_at: received,
        sent_at: None,
        drawn_up: false,
        message_ids: Default::default(),
        received_original: None,
        subject: None,
        body: Some(if multilingual() {
            let (_, text) = scripts::MESSAGES[k % scripts::MESSAGES.len()];
            format!("{text}\n\n{}", TEXTS[k % TEXTS.len()])
        } else {
            TEXTS[k % TEXTS.len()].to_owned()
        }),
        body_html: None,
        attachments: Vec::new(),
        parts: Vec::new(),
        source: SourceRef {
            path: "/home/karin/sms-backup.xml".to_owned(),
            locator: format!("sms {}", k + 1),
            file_sha256: format!("{:064x}", k * 7919 + 1),
            notes: Vec::new(),
        },
        imported: act.clone(),
        class: Some(Class::Diarium),
        classification: Some(Classification::Diarium {
            description: if secret {
                "Orosanmälan, barn".to_owned()
            } else {
                "Fråga om handläggningstid".to_owned()
            },
            secrecy: secret.then(|| SecrecyMarking {
                provision: Sekretessbestammelse::Socialtjanst,
                date: received.date_naive(),
                authority: "Socialnämnden".to_owned(),
                unit: UNIT.to_owned(),
                set_by: CASEWORKER.to_owned(),
            }),
            sender_secret: secret,
        }),
        classified: Some(act.clone()),
        registration: Some(Registration {
            designation: format!("INK-2026-{:05}", k + 1),
            registered_at: act.at,
            registered_by: CASEWORKER.to_owned(),
            pdf_sha256: String::new(),
            pdf_size: 0,
            diarienummer: Some(format!("SN 2026/{:04}", k + 1)),
        }),
        printed: None,
        source_deleted: None,
        source_deleted_where: None,
        purged: None,
        culled: None,
        cull_decision: None,
        mail_marks: Default::default(),
        filed: None,
        hold: None,
    }
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// Styles shared by the HTML documents: the same page geometry, fonts and sizes as inkom's
/// sheets (A4, 25/18 mm margins, Noto Sans 10–16 pt, grey header and footer rules).
const CSS: &str = "
body { font-family: 'Noto Sans', 'DejaVu Sans', sans-serif; font-size: 10.5pt; color: #000;
       margin: 0; }
.head { display: flex; justify-content: space-between; color: #3c3c3c; font-size: 9.5pt;
        border-bottom: 0.6pt solid #6e6e6e; padding-bottom: 6pt; margin-bottom: 12pt; }
.head b { font-size: 10pt; }
.secrecy { border: 0.9pt solid #000; padding: 5pt; font-weight: bold; font-size: 9.5pt;
           margin: 6pt 0 10pt; }
h1 { font-size: 16pt; margin: 0 0 8pt; }
h2 { font-size: 12pt; margin: 16pt 0 4pt; page-break-after: avoid; }
table.f td { vertical-align: top; font-size: 10pt; padding: 1pt 0; }
table.f td:first-child { font-weight: bold; width: 120pt; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; margin-top: 10pt; }
table.list { width: 100%; border-collapse: collapse; font-size: 9pt; margin-top: 8pt; }
table.list th { text-align: left; border-top: 0.8pt solid #000; border-bottom: 0.8pt solid #000;
                padding: 3pt 4pt; }
table.list td { border-bottom: 0.3pt solid #6e6e6e; padding: 3pt 4pt; vertical-align: top;
                white-space: pre-line; }
table.list tr { page-break-inside: avoid; }
";

fn fields(rows: &[(&str, String)]) -> String {
    let mut html = String::from("<table class=\"f\">");
    for (label, value) in rows {
        let _ = write!(
            html,
            "<tr><td>{}</td><td>{}</td></tr>",
            esc(label),
            esc(value)
        );
    }
    html.push_str("</table>");
    html
}

fn page(title: &str, landscape: bool, head: &str, body: &str) -> String {
    let orientation = if landscape { "A4 landscape" } else { "A4" };
    format!(
        "<!DOCTYPE html><html lang=\"sv-SE\"><head><meta charset=\"utf-8\"><title>{}</title>\
         <style>@page {{ size: {orientation}; margin: 18mm 18mm 22mm 25mm; }}{CSS}</style>\
         </head><body><div class=\"head\"><div><b>{}</b><br>{}</div><div><b>{}</b></div></div>\
         {body}</body></html>",
        esc(title),
        esc(ORGANISATION),
        esc(UNIT),
        esc(head)
    )
}

/// The registration sheet of `item` as HTML, with the same facts and blocks as inkom prints.
fn sheet_html(item: &Item) -> String {
    let registration = item.registration.as_ref().unwrap_or_else(|| fail("no reg"));
    let (description, secrecy, secret) = match &item.classification {
        Some(Classification::Diarium {
            description,
            secrecy,
            sender_secret,
        }) => (description.clone(), secrecy.clone(), *sender_secret),
        _ => (String::new(), None, false),
    };
    let sender = item.sender.clone().unwrap_or_default();
    let mut body = String::new();
    if let Some(marking) = &secrecy {
        let _ = write!(
            body,
            "<div class=\"secrecy\">{}</div>",
            esc(&marking.to_string())
        );
    }
    body.push_str("<h1>Registreringsblad</h1>");
    body.push_str(&fields(&[
        (
            "Diarienummer",
            registration.diarienummer.clone().unwrap_or_default(),
        ),
        ("Registrerings-id", registration.designation.clone()),
        ("Inkom", local_time(&item.received_at)),
        ("Handling", "SMS, inkommen".to_owned()),
        (
            "Avsändare",
            if secret {
                SECRET_SENDER.to_owned()
            } else {
                sender.clone()
            },
        ),
        ("Ärendemening", description),
        ("Klass", "Diarieföras".to_owned()),
        ("Handläggare", CASEWORKER.to_owned()),
    ]));
    body.push_str("<h2>Innehåll</h2>");
    body.push_str(&fields(&[
        ("Från", sender),
        ("Till", item.recipients.join(", ")),
        ("Datum", local_time(&item.received_at)),
    ]));
    let _ = write!(
        body,
        "<div class=\"text\">{}</div>",
        esc(item.body.as_deref().unwrap_or(""))
    );
    body.push_str("<h2>Spårbarhet</h2>");
    body.push_str(&fields(&[
        (
            "Importerad",
            format!("{} av {}", local_time(&item.imported.at), item.imported.by),
        ),
        (
            "Klassificerad",
            format!("{} av {}", local_time(&item.imported.at), CASEWORKER),
        ),
        ("Källfil, SHA-256", item.source.file_sha256.clone()),
        ("Plats i källfilen", item.source.locator.clone()),
        ("Registrerings-id", registration.designation.clone()),
    ]));
    page(
        &format!("Registreringsblad {}", registration.designation),
        false,
        &registration.designation,
        &body,
    )
}

/// The diarielista as HTML: a landscape table whose header row Chromium repeats on every page.
fn list_html(items: &[Item], from: NaiveDate, to: NaiveDate, act: &Act) -> String {
    let period = format!("{from} – {to}");
    let mut body = String::from("<h1>Diarielista</h1>");
    body.push_str(&fields(&[
        ("Period", period.clone()),
        ("Antal handlingar", items.len().to_string()),
        (
            "Utskriven",
            format!("{} av {}", local_time(&act.at), act.by),
        ),
    ]));
    body.push_str(
        "<table class=\"list\"><colgroup><col style=\"width:13%\"><col style=\"width:11%\">\
         <col style=\"width:22%\"><col style=\"width:28%\"><col style=\"width:12%\">\
         <col style=\"width:14%\"></colgroup><thead><tr><th>Diarienummer</th><th>Inkom</th>\
         <th>Avsändare</th><th>Ärendemening</th><th>Handläggare</th><th>Sekretess</th></tr>\
         </thead><tbody>",
    );
    for item in items {
        let registration = item.registration.as_ref().unwrap_or_else(|| fail("no reg"));
        let (description, secrecy, secret) = match &item.classification {
            Some(Classification::Diarium {
                description,
                secrecy,
                sender_secret,
            }) => (
                description.clone(),
                secrecy
                    .as_ref()
                    .map_or_else(|| "–".to_owned(), |s| s.provision.to_string()),
                *sender_secret,
            ),
            _ => (String::new(), "–".to_owned(), false),
        };
        let _ = write!(
            body,
            "<tr><td>{}\n{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(registration.diarienummer.as_deref().unwrap_or("–")),
            esc(&registration.designation),
            esc(&local_time(&item.received_at)),
            esc(if secret {
                "Sekretess"
            } else {
                item.sender.as_deref().unwrap_or("Okänd")
            }),
            esc(&description),
            esc(&registration.registered_by),
            esc(&secrecy),
        );
    }
    body.push_str("</tbody></table>");
    page(&format!("Diarielista {period}"), true, &period, &body)
}
