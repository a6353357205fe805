//! Outlook items that are not e-mails (a meeting request, an appointment, a task, a contact):
//! what Outlook shows above their text (when, where, due, the numbers) is read from their
//! fields, begins the item's text and its printout, and the chain of custody says where it came
//! from. Before, a meeting request printed as its subject alone and a contact as nothing.

use std::path::Path;

use crate::common;

use common::msg_file::{build_cfb, filetime, properties, utf16};
use common::{Inkom, s};
use inkom::import::msg::{
    Field, FieldValue, ItemFields, ItemKind, MsgAttachmentContent, TaskStatus, parse_msg,
};

const PT_LONG: u16 = 0x0003;
const PT_BOOLEAN: u16 = 0x000B;
const PT_SYSTIME: u16 = 0x0040;

/// PSETID_Appointment as a compound file stores it.
const PSETID_APPOINTMENT: [u8; 16] = [
    0x02, 0x20, 0x06, 0x00, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46,
];

const NOTE: &str = "raderna överst i texten (Outlook-objekt, tid, plats, uppgifter) är hämtade ur \
                    Outlook-objektets egna fält, som Outlook visar ovanför texten; tider i svensk tid";

fn unix(rfc3339: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .expect("valid time")
        .timestamp()
}

/// The named-property mapping of a file whose appointment properties are 0x8001 (start),
/// 0x8002 (end), 0x8003 (location) and 0x8004 (all day).
fn appointment_mapping() -> Vec<(String, Vec<u8>)> {
    let mut entries = Vec::new();
    for (index, lid) in [0x820Du32, 0x820E, 0x8208, 0x8215].into_iter().enumerate() {
        entries.extend_from_slice(&lid.to_le_bytes());
        // GUID index 3 (the first of the GUID stream), numbered name.
        entries.extend_from_slice(&(3u16 << 1).to_le_bytes());
        entries.extend_from_slice(&(index as u16 + 1).to_le_bytes());
    }
    vec![
        (
            "/__nameid_version1.0/__substg1.0_00020102".to_string(),
            PSETID_APPOINTMENT.to_vec(),
        ),
        (
            "/__nameid_version1.0/__substg1.0_00030102".to_string(),
            entries,
        ),
        (
            "/__nameid_version1.0/__substg1.0_00040102".to_string(),
            Vec::new(),
        ),
    ]
}

/// The streams of a message of `class` at `storage` ("" for the file's own) with the
/// appointment fields, a subject and a plain body; `header` as MS-OXMSG sets it.
fn message_streams(
    storage: &str,
    header: usize,
    class: &str,
    all_day: bool,
    (start, end): (&str, &str),
    location: &str,
) -> Vec<(String, Vec<u8>)> {
    vec![
        (
            format!("{storage}/__properties_version1.0"),
            properties(
                header,
                &[
                    (0x8001, PT_SYSTIME, filetime(unix(start))),
                    (0x8002, PT_SYSTIME, filetime(unix(end))),
                    (0x8004, PT_BOOLEAN, u64::from(all_day)),
                    (0x0E06, PT_SYSTIME, filetime(unix("2026-03-20T09:15:00Z"))),
                    (0x3FFD, PT_LONG, 65001),
                ],
            ),
        ),
        (format!("{storage}/__substg1.0_001A001F"), utf16(class)),
        (
            format!("{storage}/__substg1.0_0037001F"),
            utf16("Möte om ansökan"),
        ),
        (
            format!("{storage}/__substg1.0_1000001F"),
            utf16("Välkommen! Ta med kontoutdragen."),
        ),
        (
            format!("{storage}/__substg1.0_0C1F001F"),
            utf16("handlaggare@kommun.example"),
        ),
        (format!("{storage}/__substg1.0_8003001F"), utf16(location)),
    ]
}

fn build(streams: Vec<(String, Vec<u8>)>) -> Vec<u8> {
    let refs: Vec<(&str, Vec<u8>)> = streams
        .iter()
        .map(|(p, d)| (p.as_str(), d.clone()))
        .collect();
    build_cfb(&refs)
}

/// The streams of a meeting request for 30 March 2026, 10:00–11:30 Swedish summer time, with
/// the file's named-property mapping.
fn meeting_request_streams(location: &str) -> Vec<(String, Vec<u8>)> {
    let mut streams = message_streams(
        "",
        32,
        "IPM.Schedule.Meeting.Request",
        false,
        MEETING,
        location,
    );
    streams.extend(appointment_mapping());
    streams
}

fn meeting_request(location: &str) -> Vec<u8> {
    build(meeting_request_streams(location))
}

fn utc(rfc3339: &str) -> chrono::DateTime<chrono::Utc> {
    rfc3339.parse().expect("valid time")
}

/// Writes the compound file of `streams` and imports it.
fn import_streams(streams: Vec<(String, Vec<u8>)>) -> inkom::model::NewItem {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("objekt.msg");
    std::fs::write(&path, build(streams)).expect("write");
    import_one(&path)
}

/// 30 March 2026, 10:00–11:30 Swedish summer time.
const MEETING: (&str, &str) = ("2026-03-30T08:00:00Z", "2026-03-30T09:30:00Z");

fn import_one(path: &Path) -> inkom::model::NewItem {
    let mut items = Vec::new();
    inkom::import::parse_file(path, &inkom::import::ImportLimits::default(), &mut |item| {
        items.push(item);
        Ok(())
    })
    .expect("imports");
    assert_eq!(items.len(), 1, "{}", path.display());
    items.remove(0)
}

#[test]
fn a_meeting_request_is_read_with_its_time_and_place() {
    let m = parse_msg(&meeting_request("Socialkontoret, rum 3")).expect("parses");
    assert_eq!(
        m.item,
        Some(ItemFields {
            kind: ItemKind::MeetingRequest,
            fields: vec![
                (Field::Start, FieldValue::Time(utc("2026-03-30T08:00:00Z"))),
                (Field::End, FieldValue::Time(utc("2026-03-30T09:30:00Z"))),
                (
                    Field::Location,
                    FieldValue::Text("Socialkontoret, rum 3".to_string())
                ),
            ],
        })
    );
}

#[test]
fn the_printout_of_a_meeting_request_says_when_and_where() {
    let t = Inkom::new();
    // A place written in Tigrinya and Chinese beside the Swedish one reaches the paper too.
    let place = "Socialkontoret, rum 3 (ቤት ጽሕፈት ማሕበራዊ ጉዳይ · 社会服务办公室)";
    let path = t.write("mote.msg", &meeting_request(place));
    let id = t.import_first(&path);
    let item = t.ok(&["show", &id]);
    assert_eq!(
        item["body"].as_str(),
        Some(
            "Outlook-objekt: mötesinbjudan\nStart: 2026-03-30 10:00 svensk tid\n\
             Slut: 2026-03-30 11:30 svensk tid\nPlats: Socialkontoret, rum 3 (ቤት ጽሕፈት ማሕበራዊ \
             ጉዳይ · 社会服务办公室)\n\nVälkommen! Ta med kontoutdragen."
        ),
        "{item}"
    );
    let notes = item.to_string();
    assert!(notes.contains(NOTE), "{notes}");

    t.classify_diarium(&id, "Kallelse till möte");
    let pdf = t.files().join("mote.pdf");
    t.ok(&["register", &id, "--out", s(&pdf)]);
    if let Ok(keep) = std::env::var("INKOM_PDF_KEEP") {
        std::fs::create_dir_all(&keep).expect("keep dir");
        std::fs::copy(&pdf, Path::new(&keep).join("outlook-meeting.pdf")).expect("keep pdf");
    }
    let text = common::pdftotext(&pdf);
    for line in [
        "Outlook-objekt: mötesinbjudan",
        "Start: 2026-03-30 10:00 svensk tid",
        "Slut: 2026-03-30 11:30 svensk tid",
        "Plats: Socialkontoret, rum 3 (ቤት ጽሕፈት ማሕበራዊ ጉዳይ · 社会服务办公室)",
        "Välkommen! Ta med kontoutdragen.",
    ] {
        assert!(common::pdf_text_contains(&text, line), "{line}:\n{text}");
    }
    assert!(
        common::pdf_text_contains(
            &text,
            "Outlook-objektets egna fält, som Outlook visar ovanför texten"
        ),
        "{text}"
    );
    // Every character drawn, none as a replacement mark (the fidelity gate's warning).
    assert!(!text.contains("behåll källan"), "{text}");
}

#[test]
fn an_all_day_appointment_gives_its_days() {
    let mut streams = message_streams(
        "",
        32,
        "IPM.Appointment",
        true,
        // 1 June 2026, midnight to midnight in Sweden.
        ("2026-05-31T22:00:00Z", "2026-06-01T22:00:00Z"),
        "Hemma",
    );
    streams.extend(appointment_mapping());
    let item = import_streams(streams);
    assert!(
        item.body.starts_with(
            "Outlook-objekt: kalenderobjekt (möte eller avtalad tid)\nStart: 2026-06-01\n\
             Slut: 2026-06-01\nPlats: Hemma\n\n"
        ),
        "{}",
        item.body
    );
}

#[test]
fn an_html_body_begins_with_the_fields_escaped() {
    let mut streams = meeting_request_streams("Rum <script>alert(1)</script> & B");
    streams.push((
        "/__substg1.0_1013001F".to_string(),
        utf16("<html><body><p>Välkommen!</p></body></html>"),
    ));
    let item = import_streams(streams);
    let html = item.body_html.expect("an HTML body");
    assert!(
        html.starts_with("<p><b>Outlook-objekt:</b> mötesinbjudan<br>"),
        "{html}"
    );
    assert!(
        html.contains("<b>Plats:</b> Rum &lt;script&gt;alert(1)&lt;/script&gt; &amp; B"),
        "{html}"
    );
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("Välkommen!"), "{html}");
    assert!(
        item.body
            .contains("Plats: Rum <script>alert(1)</script> & B\n"),
        "{}",
        item.body
    );
}

#[test]
fn a_meeting_request_attached_to_an_e_mail_keeps_its_fields() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut streams = vec![
        (
            "/__properties_version1.0".to_string(),
            properties(
                32,
                &[(0x0E06, PT_SYSTIME, filetime(unix("2026-03-21T10:00:00Z")))],
            ),
        ),
        ("/__substg1.0_001A001F".to_string(), utf16("IPM.Note")),
        (
            "/__substg1.0_0037001F".to_string(),
            utf16("Vidarebefordrat"),
        ),
        (
            "/__substg1.0_1000001F".to_string(),
            utf16("Se bifogad kallelse."),
        ),
        (
            "/__attach_version1.0_#00000000/__properties_version1.0".to_string(),
            properties(8, &[(0x3705, PT_LONG, 5)]),
        ),
    ];
    streams.extend(message_streams(
        "/__attach_version1.0_#00000000/__substg1.0_3701000D",
        24,
        "IPM.Schedule.Meeting.Request",
        false,
        MEETING,
        "Socialkontoret, rum 3",
    ));
    streams.extend(appointment_mapping());
    let bytes = build(streams);

    let m = parse_msg(&bytes).expect("parses");
    assert_eq!(m.item, None, "the outer message is an e-mail");
    let MsgAttachmentContent::Message(inner) = &m.attachments[0].content else {
        panic!("an attached message: {:?}", m.attachments[0].content)
    };
    assert_eq!(
        inner.item.as_ref().map(|i| i.fields.len()),
        Some(3),
        "the file's mapping serves its attached messages"
    );

    let path = dir.path().join("fwd.msg");
    std::fs::write(&path, &bytes).expect("write");
    let item = import_one(&path);
    assert_eq!(item.body, "Se bifogad kallelse.");
    let text = String::from_utf8(item.attachments[0].bytes.clone()).expect("UTF-8");
    assert!(
        text.contains(
            "Ämne: Möte om ansökan\nOutlook-objekt: mötesinbjudan\n\
             Start: 2026-03-30 10:00 svensk tid\nSlut: 2026-03-30 11:30 svensk tid\n\
             Plats: Socialkontoret, rum 3\n"
        ),
        "{text}"
    );
}

#[test]
fn an_e_mail_with_calendar_properties_stays_an_e_mail() {
    // A follow-up flag or a forwarded invitation's leftovers on an ordinary mail are the unit's
    // own marks, not the sender's words.
    let mut streams = message_streams("", 32, "IPM.Note", false, MEETING, "Rum 3");
    streams.extend(appointment_mapping());
    let item = import_streams(streams);
    assert_eq!(item.body, "Välkommen! Ta med kontoutdragen.");
    assert!(!item.source.notes.iter().any(|n| n == NOTE));
}

#[test]
fn a_damaged_mapping_costs_the_fields_not_the_message() {
    let mut streams = message_streams("", 32, "IPM.Appointment", false, MEETING, "Rum 3");
    // Entries pointing at a GUID the file does not hold, and a property index past the end.
    streams.push((
        "/__nameid_version1.0/__substg1.0_00020102".to_string(),
        vec![0xAB; 7],
    ));
    streams.push((
        "/__nameid_version1.0/__substg1.0_00030102".to_string(),
        [
            0x0D, 0x82, 0, 0, 0x08, 0, 0x01, 0, 0x0E, 0x82, 0, 0, 0x06, 0, 0xFF, 0xFF,
        ]
        .to_vec(),
    ));
    let item = import_streams(streams);
    assert_eq!(
        item.body,
        "Outlook-objekt: kalenderobjekt (möte eller avtalad tid)\n\n\
         Välkommen! Ta med kontoutdragen."
    );
}

fn realworld(name: &str) -> inkom::model::NewItem {
    import_one(&common::fixtures().join("realworld/msg").join(name))
}

#[test]
fn a_real_contact_card_is_no_longer_empty() {
    let item = realworld("hht_contact_ansi-cp932.msg");
    assert_eq!(
        item.body,
        "Outlook-objekt: kontakt\nNamn: Mr. イグザンプル ドット コム 殿\n\
         Företag: My work company\nBefattning: My position\nAvdelning: My division\n\
         Telefon, arbete: 06-0001-0002\nTelefon, hem: 06-0001-0001\n\
         Mobiltelefon: 080-0001-0001\nFax, arbete: 06-0001-0003\nE-post: test@example.com\n\
         Adress, arbete: 544-0001\n    Osaka\n    Osaka\n    Somewhere\n\
         Webbsida: https://example.com\nFödelsedag: 2000-01-01\n\n"
    );
    assert!(item.source.notes.iter().any(|n| n == NOTE));
}

#[test]
fn a_real_task_and_appointments_give_their_dates() {
    let task = realworld("poi_ipm-task.msg");
    assert!(
        task.body.starts_with(
            "Outlook-objekt: uppgift\nStartdatum: 2017-02-19\nFörfallodatum: 2017-03-10\n\
             Status: pågår\nSlutfört: 0 %\nÄgare: Allison, Timothy B.\n\n\
             Quick brown fox must do what he must"
        ),
        "{}",
        task.body
    );
    let m = parse_msg(
        &std::fs::read(common::fixtures().join("realworld/msg/poi_ipm-task.msg")).expect("read"),
    )
    .expect("parses");
    assert!(m.item.is_some_and(|i| i.fields.contains(&(
        Field::TaskStatus,
        FieldValue::Status(TaskStatus::InProgress)
    ))));

    // Made in Japan: every Friday 12:00–13:00 there, 04:00–05:00 in Sweden in winter.
    let recurring = realworld("hht_recurring-appointment_exceptions.msg");
    assert!(
        recurring.body.starts_with(
            "Outlook-objekt: kalenderobjekt (möte eller avtalad tid)\n\
             Start: 2023-01-06 04:00 svensk tid\nSlut: 2023-01-06 05:00 svensk tid\n\
             Upprepning: 金曜日 ごと、12:00 から 13:00\n\nChanges:\n"
        ),
        "{}",
        recurring.body
    );
    let appointment = realworld("hht_appointment_EST.msg");
    assert_eq!(
        appointment.body,
        "Outlook-objekt: kalenderobjekt (möte eller avtalad tid)\n\
         Start: 2022-12-04 14:00 svensk tid\nSlut: 2022-12-04 14:30 svensk tid\n\n"
    );
}

/// The Swedish lines of the fields do not make an Arabic invitation Swedish (they did, read
/// with it): its language is told from what the sender wrote, and the sheet names it for the
/// registrar, who may need an interpreter.
#[test]
fn the_language_is_told_from_the_senders_words() {
    let arabic = "مرحبا، أريد موعدا بخصوص طلبي";
    let mut streams = meeting_request_streams("Room 3");
    for (path, data) in &mut streams {
        if path == "/__substg1.0_1000001F" {
            *data = utf16(arabic);
        }
    }
    let t = Inkom::new();
    let path = t.write("invitation.msg", &build(streams));
    let id = t.import_first(&path);
    // The suggestion tells the language from the same words.
    let suggestion = t.ok(&["show", &id])["suggestion"].to_string();
    assert!(suggestion.contains("arabiska"), "{suggestion}");
    t.classify_diarium(&id, "Kallelse till möte");
    let pdf = t.files().join("invitation.pdf");
    t.ok(&["register", &id, "--out", s(&pdf)]);
    let text = common::pdftotext(&pdf);
    assert!(text.contains("Plats: Room 3"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("Språk") && l.contains("arabiska")),
        "{text}"
    );
}

/// PSETID_Address as a compound file stores it.
const PSETID_ADDRESS: [u8; 16] = [
    0x04, 0x20, 0x06, 0x00, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46,
];

/// A one-off entry ID (MS-OXCDATA 2.2.5.1) of `name` <`address`>, in UTF-16 or 8-bit.
fn one_off(name: &str, address: &str, unicode: bool) -> Vec<u8> {
    let mut entry = vec![0u8; 4];
    entry.extend_from_slice(&[
        0x81, 0x2B, 0x1F, 0xA4, 0xBE, 0xA3, 0x10, 0x19, 0x9D, 0x6E, 0x00, 0xDD, 0x01, 0x0F, 0x54,
        0x02,
    ]);
    entry.extend_from_slice(&0u16.to_le_bytes());
    entry.extend_from_slice(&(if unicode { 0x8190u16 } else { 0x0190 }).to_le_bytes());
    for text in [name, "SMTP", address] {
        if unicode {
            entry.extend(utf16(text));
            entry.extend_from_slice(&[0, 0]);
        } else {
            entry.extend(encoding_rs::WINDOWS_1252.encode(text).0.iter());
            entry.push(0);
        }
    }
    entry
}

/// A multi-valued binary property of id `id` as MS-OXMSG stores it: a stream of lengths and
/// one stream per value.
fn multi_binary(id: u16, values: &[Vec<u8>]) -> Vec<(String, Vec<u8>)> {
    let mut lengths = Vec::new();
    let mut streams = Vec::new();
    for (n, value) in values.iter().enumerate() {
        lengths.extend_from_slice(&(value.len() as u32).to_le_bytes());
        lengths.extend_from_slice(&[0; 4]);
        streams.push((format!("/__substg1.0_{id:04X}1102-{n:08X}"), value.clone()));
    }
    streams.push((format!("/__substg1.0_{id:04X}1102"), lengths));
    streams
}

/// A contact group lists its members by name and address; one that only points into the
/// sender's address book is counted, not silently dropped.
#[test]
fn a_contact_group_names_its_members() {
    let mut streams = vec![
        (
            "/__properties_version1.0".to_string(),
            properties(
                32,
                &[
                    (0x0E06, PT_SYSTIME, filetime(unix("2026-03-20T09:15:00Z"))),
                    (0x3FFD, PT_LONG, 1252),
                ],
            ),
        ),
        ("/__substg1.0_001A001F".to_string(), utf16("IPM.DistList")),
        ("/__substg1.0_0037001F".to_string(), utf16("Nätverksmöte")),
    ];
    // 0x8001: the one-off members, 0x8002: the members.
    streams.extend(multi_binary(
        0x8001,
        &[
            one_off("Anna Testsson", "anna.testsson@example.se", true),
            one_off("Björn Ölund", "bjorn.olund@example.se", false),
        ],
    ));
    streams.extend(multi_binary(
        0x8002,
        &[vec![1; 24], vec![2; 24], vec![3; 24]],
    ));
    let mut entries = Vec::new();
    for (index, lid) in [0x8054u32, 0x8055].into_iter().enumerate() {
        entries.extend_from_slice(&lid.to_le_bytes());
        entries.extend_from_slice(&(3u16 << 1).to_le_bytes());
        entries.extend_from_slice(&(index as u16 + 1).to_le_bytes());
    }
    streams.extend([
        (
            "/__nameid_version1.0/__substg1.0_00020102".to_string(),
            PSETID_ADDRESS.to_vec(),
        ),
        (
            "/__nameid_version1.0/__substg1.0_00030102".to_string(),
            entries,
        ),
    ]);
    let item = import_streams(streams);
    assert_eq!(
        item.body,
        "Outlook-objekt: kontaktgrupp\nMedlem: Anna Testsson <anna.testsson@example.se>\n\
         Medlem: Björn Ölund <bjorn.olund@example.se>\nMedlemmar som filen inte namnger: 1\n\n"
    );
}
