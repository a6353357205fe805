//! The invented demo data set (`inkom-app --demo`): every class and every state at once, so a
//! newcomer sees each screen filled. All people, numbers and addresses are invented: phone
//! numbers in PTS's fiction range 070-1740605…699, Skatteverket's test personnummer, example
//! domains.
//!
//! The set is made the way a unit's own data is: source files are written into the data
//! directory's `demo-källor/` and imported, then taken along the road with the core's lifecycle
//! functions, so the audit trail and the registrations are real.

use std::path::{Path, PathBuf};

use super::session::act;
use super::{DeskError, DeskResult};
use crate::clients::Client;
use crate::import::ImportLimits;
use crate::import::select::Selection;
use crate::lifecycle;
use crate::model::{Classification, Item, SecrecyMarking, Sekretessbestammelse};
use crate::personnummer::Personnummer;
use crate::store::{ItemFilter, Setting, Store};

/// One invented SMS: (number, epoch milliseconds, 1 = in / 2 = out, text, contact name).
type Sms = (&'static str, i64, u8, &'static str, &'static str);

/// November 2026, Swedish office hours.
const DAY: i64 = 86_400_000;
const START: i64 = 1_793_520_000_000; // 2026-11-01 06:40 UTC

const SMS: &[Sms] = &[
    (
        "+46701740605",
        START + 2 * DAY,
        1,
        "Hej! Jag har skickat in ansökan om ekonomiskt bistånd för november nu. Fick ni den?",
        "Amira Haddad",
    ),
    (
        "+46701740605",
        START + 2 * DAY + 1_800_000,
        2,
        "Hej Amira, ja den kom in i morse. Jag återkommer när jag har gått igenom den. /Karin",
        "Amira Haddad",
    ),
    (
        "+46701740605",
        START + 2 * DAY + 3_000_000,
        1,
        "Tack! Hyran höjdes från 1 oktober, ny avi kommer med e-post.",
        "Amira Haddad",
    ),
    (
        "+46701740617",
        START + 3 * DAY,
        1,
        "Hej, det är Jonas Ek. Kan vi flytta mötet på torsdag till kl 14? Jag har läkartid på förmiddagen.",
        "Jonas Ek",
    ),
    (
        "+46701740617",
        START + 3 * DAY + 600_000,
        2,
        "Hej Jonas, kl 14 på torsdag går bra. Välkommen!",
        "Jonas Ek",
    ),
    (
        "+46701740648",
        START + 4 * DAY,
        1,
        "Jag vill vara anonym men jag är orolig för barnen i lägenheten bredvid. Det hörs bråk och skrik nästan varje kväll.",
        "",
    ),
    (
        "+46701740648",
        START + 4 * DAY + 900_000,
        1,
        "Det var värst i går kväll runt 23. Den minsta verkar vara ensam hemma ofta.",
        "",
    ),
    (
        "+46701740633",
        START + 5 * DAY,
        1,
        "Tack för i dag, vi ses på tisdag som vanligt!",
        "Lisa Berg",
    ),
    (
        "+46701740690",
        START + 6 * DAY,
        1,
        "Hej, jag kommer fem minuter sent i morgon.",
        "Omar Nilsson",
    ),
];

const MAIL_ELSA: &str = "From: =?UTF-8?Q?Margareta_Sj=C3=B6berg?= <rektor@skolan.example.se>\r
To: Socialtjanst <socialtjansten@kommun.example.se>\r
Subject: =?UTF-8?Q?Ang=C3=A5ende_Elsa?=\r
Date: Mon, 09 Nov 2026 10:12:00 +0100\r
Message-ID: <demo-elsa@skolan.example.se>\r
MIME-Version: 1.0\r
Content-Type: multipart/alternative; boundary=\"b1\"\r
\r
--b1\r
Content-Type: text/plain; charset=UTF-8\r
Content-Transfer-Encoding: 8bit\r
\r
Hej,\r
\r
Elsa i klass 4B har varit frånvarande nio dagar i oktober och verkar trött och hungrig när\r
hon kommer. Vi vill gärna ha ett möte med er om vad vi kan göra tillsammans. Ärendet är\r
angeläget.\r
\r
Vänliga hälsningar\r
Margareta Sjöberg, rektor\r
--b1\r
Content-Type: text/html; charset=UTF-8\r
Content-Transfer-Encoding: 8bit\r
\r
<html><body><p>Hej,</p><p>Elsa i klass 4B har varit frånvarande <b>nio dagar</b> i oktober och\r
verkar trött och hungrig när hon kommer. Vi vill gärna ha ett möte med er om vad vi kan göra\r
tillsammans. Ärendet är angeläget.</p><p>Vänliga hälsningar<br>Margareta Sjöberg, rektor</p>\r
<img src=\"https://spårning.example.com/p.gif\"><script>alert(1)</script></body></html>\r
--b1--\r
";

const MAIL_KONTAKT: &str = "From: Sven Lund <sven.lund@example.com>\r
To: Socialtjanst <socialtjansten@kommun.example.se>\r
Subject: =?UTF-8?Q?Ans=C3=B6kan_om_kontaktperson?=\r
Date: Tue, 10 Nov 2026 14:30:00 +0100\r
Message-ID: <demo-kontakt@example.com>\r
MIME-Version: 1.0\r
Content-Type: text/plain; charset=UTF-8\r
Content-Transfer-Encoding: 8bit\r
\r
Hej! Jag vill ansöka om en kontaktperson för min son. Hur går jag till väga?\r
Mvh Sven Lund\r
";

fn sms_xml() -> String {
    let mut xml = String::from(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"9\">\n",
    );
    for (number, date, kind, body, name) in SMS {
        xml.push_str(&format!(
            "  <sms protocol=\"0\" address=\"{number}\" date=\"{date}\" type=\"{kind}\" \
             body=\"{body}\" read=\"1\" status=\"-1\" contact_name=\"{name}\" />\n"
        ));
    }
    xml.push_str("</smses>\n");
    xml
}

/// A small screenshot-like picture (a chat bubble on a phone screen), as PNG.
fn screenshot_png() -> DeskResult<Vec<u8>> {
    let (w, h) = (360_u32, 640_u32);
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let bubble = (40..300).contains(&x) && (200..290).contains(&y);
        let bar = y < 56;
        if bar {
            image::Rgb([29, 78, 137])
        } else if bubble {
            image::Rgb([230, 236, 245])
        } else {
            image::Rgb([255, 255, 255])
        }
    });
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|e| {
            DeskError::invalid(
                format!("demo picture: {e}"),
                "Demobilden kunde inte skapas.",
            )
        })?;
    Ok(png)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> DeskResult<PathBuf> {
    let path = dir.join(name);
    std::fs::write(&path, bytes).map_err(|source| {
        DeskError::from(lifecycle::LifecycleError::Io {
            what: "writing",
            path: path.clone(),
            source,
        })
    })?;
    Ok(path)
}

fn find(items: &[Item], what: impl Fn(&Item) -> bool) -> DeskResult<i64> {
    items
        .iter()
        .find(|i| what(i))
        .map(|i| i.id)
        .ok_or_else(|| DeskError::invalid("demo item missing", "Demodata kunde inte skapas helt."))
}

/// Whether the sender is `number` (the export adds the contact's name: "+4670… (Name)").
fn sender_is(item: &Item, number: &str) -> bool {
    item.sender
        .as_deref()
        .is_some_and(|s| s.starts_with(number))
}

fn subject_starts(item: &Item, prefix: &str) -> bool {
    item.subject
        .as_deref()
        .is_some_and(|s| s.starts_with(prefix))
}

/// The reference of the demo's gallringsbeslut (an invented decision of an invented nämnd).
pub const DEMO_GALLRINGSBESLUT: &str = "SN 2025/0113 § 42";

/// The demo store's passphrase: the demo is invented data in a temporary directory, so it
/// opens without asking, and no entry is left in the user's OS key store.
pub const DEMO_PASSPHRASE: &str = "exempelby-demo-lösenfras";

/// Creates the store in `data_dir`, protected by [`DEMO_PASSPHRASE`], with the demo data set.
pub fn create(data_dir: &Path) -> DeskResult<Store> {
    let mut store = Store::open_with_passphrase(data_dir, DEMO_PASSPHRASE)?;
    fill(&mut store)?;
    Ok(store)
}

/// Fills a store that holds no item yet with the demo data set; leaves any other alone.
pub fn fill_if_empty(store: &mut Store) -> DeskResult<()> {
    if crate::store::items::count(store.conn())? == 0 {
        fill(store)
    } else {
        Ok(())
    }
}

/// Writes the demo sources into the store's data directory and takes them along the road.
fn fill(store: &mut Store) -> DeskResult<()> {
    let data_dir = store.data_dir().to_path_buf();
    let sources = data_dir.join("demo-källor");
    std::fs::create_dir_all(&sources).map_err(|source| {
        DeskError::from(lifecycle::LifecycleError::Io {
            what: "creating",
            path: sources.clone(),
            source,
        })
    })?;
    let files = [
        write(&sources, "sms-export.xml", sms_xml().as_bytes())?,
        write(&sources, "Angående Elsa.eml", MAIL_ELSA.as_bytes())?,
        write(
            &sources,
            "Ansökan om kontaktperson.eml",
            MAIL_KONTAKT.as_bytes(),
        )?,
        write(
            &sources,
            "Skarmbild_2026-11-11_094107.png",
            &screenshot_png()?,
        )?,
    ];
    let a = act(store.conn())?;
    for (setting, value) in [
        (Setting::Organisation, "Exempelby kommun"),
        (Setting::Authority, "Socialnämnden"),
        (Setting::Unit, "Individ- och familjeomsorgen"),
    ] {
        lifecycle::set_setting(store, setting, value, &a)?;
    }
    // The nämnd's gallringsbeslut that culling and the purge after printing cite (rule 8).
    let beslut = lifecycle::gallring::add(
        store,
        &lifecycle::NewGallringsbeslut {
            decided_by: "Socialnämnden".into(),
            decided_on: chrono::NaiveDate::from_ymd_opt(2025, 11, 20).unwrap_or_default(),
            reference: DEMO_GALLRINGSBESLUT.into(),
            plan_section: "4.2 Handlingar av ringa betydelse".into(),
        },
        &a,
    )?;
    lifecycle::set_setting(store, Setting::CullDecision, &beslut.reference, &a)?;
    for file in &files {
        lifecycle::import_file(
            store,
            file,
            &ImportLimits::default(),
            &Selection::default(),
            &a,
            &mut |_| {},
        )?;
    }
    let items = store.list(&ItemFilter::default())?;
    let today = a.at.date_naive();
    let pnr = |s: &str| Personnummer::parse(s, today).map_err(DeskError::from);
    let marking = |provision| SecrecyMarking {
        provision,
        date: today,
        authority: "Socialnämnden".into(),
        unit: "Individ- och familjeomsorgen".into(),
        set_by: a.who(),
    };

    // A small client register, so senders show their names and suggestions point to personakt.
    let register = [
        Client::new(
            "Amira Haddad",
            pnr("19121212-1212")?,
            ["070-174 06 05"],
            ["amira.haddad@example.se"],
        ),
        Client::new("Jonas Ek", pnr("19870521-2382")?, ["070-174 06 17"], [""]),
    ];
    crate::clients::import(store, &register, 0, &a)?;

    // Personakt material, the whole road: registered, printed, filed in the akt, source deleted
    // (and so purged).
    let amira = find(&items, |i| sender_is(i, "+46701740605"))?;
    lifecycle::classify(
        store,
        amira,
        Classification::Personakt {
            client_name: "Amira Haddad".into(),
            personnummer: pnr("19121212-1212")?,
            secrecy: Some(marking(Sekretessbestammelse::Socialtjanst)),
        },
        &a,
    )?;
    lifecycle::register(store, amira, &a)?;
    lifecycle::confirm_printed(store, amira, &a)?;
    lifecycle::confirm_filed(store, amira, &a)?;
    lifecycle::confirm_source_deleted(store, amira, "tjänstetelefonen", false, &a)?;

    // Personakt material, classified and waiting to be registered.
    let jonas = find(&items, |i| sender_is(i, "+46701740617"))?;
    lifecycle::classify(
        store,
        jonas,
        Classification::Personakt {
            client_name: "Jonas Ek".into(),
            personnummer: pnr("19870521-2382")?,
            secrecy: None,
        },
        &a,
    )?;

    // A secret report of concern: registered and printed, awaiting its diary number.
    let concern = find(&items, |i| sender_is(i, "+46701740648"))?;
    lifecycle::classify(
        store,
        concern,
        Classification::Diarium {
            description: "Orosanmälan, barn".into(),
            secrecy: Some(marking(Sekretessbestammelse::Anmalare)),
            sender_secret: true,
        },
        &a,
    )?;
    lifecycle::register(store, concern, &a)?;
    lifecycle::confirm_printed(store, concern, &a)?;

    // A public request, registered; the registrar gives it a number below.
    let contact = find(&items, |i| subject_starts(i, "Ansökan om kontaktperson"))?;
    lifecycle::classify(
        store,
        contact,
        Classification::Diarium {
            description: "Ansökan om kontaktperson".into(),
            secrecy: None,
            sender_secret: false,
        },
        &a,
    )?;
    lifecycle::register(store, contact, &a)?;
    lifecycle::set_setting(store, Setting::DiaryPrefix, "SN", &a)?;
    lifecycle::assign_diarienummer(store, contact, &a)?;

    // Ringa betydelse: one kept ordered, one already culled.
    let thanks = find(&items, |i| sender_is(i, "+46701740633"))?;
    lifecycle::classify(
        store,
        thanks,
        Classification::Ringa {
            note: Some("Bekräftelse på mötestid".into()),
        },
        &a,
    )?;
    let late = find(&items, |i| sender_is(i, "+46701740690"))?;
    lifecycle::classify(store, late, Classification::Ringa { note: None }, &a)?;
    lifecycle::confirm_source_deleted(store, late, "tjänstetelefonen", false, &a)?;
    lifecycle::cull(store, late, "", &a)?;
    // "Angående Elsa" and the screenshot stay unclassified, for the caseworker to try.
    Ok(())
}
