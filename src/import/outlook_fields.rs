//! An Outlook item's own fields ([`ItemFields`]: a meeting's time and place, a task's due
//! date, a contact's numbers) as the lines the item's text begins with, in Swedish.
//!
//! Outlook shows these fields above an item's text and writes them there itself ("När:",
//! "Var:") when it sends a meeting request to someone outside Exchange. inkom does the same, so
//! the printout that replaces the source says when and where the meeting was, and the item's
//! chain of custody says the lines come from the fields, not from the sender's words.

use chrono::{DateTime, Duration, NaiveDate, Timelike, Utc};

use super::common::stockholm;
use super::msg::{Field, FieldValue, ItemFields, ItemKind, TaskStatus};

/// The chain-of-custody note of an item whose text begins with its fields.
pub(crate) const FIELDS_NOTE: &str = "raderna överst i texten (Outlook-objekt, tid, plats, \
    uppgifter) är hämtade ur Outlook-objektets egna fält, som Outlook visar ovanför texten; \
    tider i svensk tid";

/// The words of `body` after the lines an Outlook item's fields put before them ([`block`]),
/// when `notes` (the item's chain of custody) say it has them: what the sender wrote, for
/// telling its language (Swedish labels would make an English invitation look Swedish).
pub(crate) fn sender_text<'a>(body: &'a str, notes: &[String]) -> &'a str {
    if !notes.iter().any(|n| n == FIELDS_NOTE) || !body.starts_with(FIRST_LABEL) {
        return body;
    }
    // Every line of the block holds a label or an indented value; it ends at the first empty
    // line.
    body.split_once("\n\n").map_or("", |(_, rest)| rest)
}

/// The label of the first line of every block.
const FIRST_LABEL: &str = "Outlook-objekt: ";

/// The item's fields as (label, value) lines, the kind of item first.
pub(crate) fn lines(item: &ItemFields) -> Vec<(&'static str, String)> {
    let mut out = vec![(
        FIRST_LABEL.trim_end_matches(": "),
        kind(item.kind).to_string(),
    )];
    out.extend(
        item.fields
            .iter()
            .map(|(field, value)| (label(*field), text(value))),
    );
    out
}

/// The lines as plain text, one `Label: value` each (a value of several lines goes on indented),
/// ending with an empty line.
pub(crate) fn block(lines: &[(&'static str, String)]) -> String {
    let mut out = String::new();
    for (label, value) in lines {
        out.push_str(label);
        out.push_str(": ");
        out.push_str(&indented(value));
        out.push('\n');
    }
    out.push('\n');
    out
}

/// A value's further lines indented under its label's line.
pub(crate) fn indented(value: &str) -> String {
    value.replace('\n', "\n    ")
}

/// The lines as an HTML paragraph to put before an HTML body, every value escaped.
pub(crate) fn block_html(lines: &[(&'static str, String)]) -> String {
    let rows: Vec<String> = lines
        .iter()
        .map(|(label, value)| {
            format!(
                "<b>{}:</b> {}",
                quick_xml::escape::escape(*label),
                quick_xml::escape::escape(value.as_str()).replace('\n', "<br>")
            )
        })
        .collect();
    format!("<p>{}</p>\n", rows.join("<br>\n"))
}

fn kind(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Appointment => "kalenderobjekt (möte eller avtalad tid)",
        ItemKind::MeetingRequest => "mötesinbjudan",
        ItemKind::MeetingCanceled => "inställt möte",
        ItemKind::MeetingAccepted => "svar på mötesinbjudan: accepterar",
        ItemKind::MeetingDeclined => "svar på mötesinbjudan: tackar nej",
        ItemKind::MeetingTentative => "svar på mötesinbjudan: preliminärt",
        ItemKind::Task => "uppgift",
        ItemKind::TaskRequest => "uppgiftsförfrågan",
        ItemKind::Contact => "kontakt",
        ItemKind::ContactGroup => "kontaktgrupp",
        ItemKind::StickyNote => "anteckning",
    }
}

fn label(field: Field) -> &'static str {
    match field {
        Field::Start => "Start",
        Field::End => "Slut",
        Field::Location => "Plats",
        Field::Recurrence => "Upprepning",
        Field::TaskStart => "Startdatum",
        Field::TaskDue => "Förfallodatum",
        Field::TaskStatus => "Status",
        Field::PercentComplete => "Slutfört",
        Field::TaskCompleted => "Slutförd den",
        Field::TaskOwner => "Ägare",
        Field::FullName => "Namn",
        Field::Company => "Företag",
        Field::JobTitle => "Befattning",
        Field::Department => "Avdelning",
        Field::BusinessPhone => "Telefon, arbete",
        Field::BusinessPhone2 => "Telefon, arbete 2",
        Field::HomePhone => "Telefon, hem",
        Field::HomePhone2 => "Telefon, hem 2",
        Field::MobilePhone => "Mobiltelefon",
        Field::OtherPhone => "Telefon, annan",
        Field::BusinessFax => "Fax, arbete",
        Field::HomeFax => "Fax, hem",
        Field::Email => "E-post",
        Field::WorkAddress => "Adress, arbete",
        Field::HomeAddress => "Adress, hem",
        Field::OtherAddress => "Adress, annan",
        Field::PostalAddress => "Postadress",
        Field::WebPage => "Webbsida",
        Field::InstantMessaging => "Snabbmeddelanden",
        Field::Birthday => "Födelsedag",
        Field::Member => "Medlem",
        Field::UnnamedMembers => "Medlemmar som filen inte namnger",
    }
}

fn text(value: &FieldValue) -> String {
    match value {
        FieldValue::Text(s) => s.clone(),
        FieldValue::Time(t) => format!("{} svensk tid", stockholm(*t).format("%Y-%m-%d %H:%M")),
        FieldValue::Day(t) => day(*t).format("%Y-%m-%d").to_string(),
        FieldValue::Status(s) => match s {
            TaskStatus::NotStarted => "inte påbörjad",
            TaskStatus::InProgress => "pågår",
            TaskStatus::Complete => "slutförd",
            TaskStatus::WaitingOnOthers => "väntar på någon annan",
            TaskStatus::Deferred => "uppskjuten",
        }
        .to_string(),
        FieldValue::Percent(p) => format!("{p} %"),
    }
}

/// The day a stored midnight stands for. Outlook stores a day as its midnight in the writer's
/// time zone, converted to UTC; in Swedish time that is within twelve hours of the right
/// midnight, so the nearest midnight is the day (an all-day meeting made in New York, 05:00
/// UTC, is still its own day, as is one made in Tokyo, 15:00 UTC the day before).
fn day(t: DateTime<Utc>) -> NaiveDate {
    let local = stockholm(t);
    if local.hour() >= 12 {
        (local + Duration::days(1)).date_naive()
    } else {
        local.date_naive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("valid time")
            .with_timezone(&Utc)
    }

    #[test]
    fn a_day_stored_in_any_time_zone_is_its_own_day() {
        // Midnight of 6 January 2023 in New York, Stockholm and Tokyo.
        for stored in [
            "2023-01-06T05:00:00Z",
            "2023-01-05T23:00:00Z",
            "2023-01-05T15:00:00Z",
        ] {
            assert_eq!(day(utc(stored)).to_string(), "2023-01-06", "{stored}");
        }
    }

    #[test]
    fn a_meeting_reads_as_outlook_shows_it() {
        let item = ItemFields {
            kind: ItemKind::MeetingRequest,
            fields: vec![
                (Field::Start, FieldValue::Time(utc("2026-03-30T08:00:00Z"))),
                (Field::End, FieldValue::Time(utc("2026-03-30T09:30:00Z"))),
                (
                    Field::Location,
                    FieldValue::Text("Rum 3 & <entré B>".to_string()),
                ),
            ],
        };
        let lines = lines(&item);
        assert_eq!(
            block(&lines),
            "Outlook-objekt: mötesinbjudan\nStart: 2026-03-30 10:00 svensk tid\n\
             Slut: 2026-03-30 11:30 svensk tid\nPlats: Rum 3 & <entré B>\n\n"
        );
        let html = block_html(&lines);
        assert!(
            html.contains("<b>Plats:</b> Rum 3 &amp; &lt;entré B&gt;"),
            "{html}"
        );
    }

    #[test]
    fn the_senders_words_are_told_from_the_fields_before_them() {
        let item = ItemFields {
            kind: ItemKind::Task,
            fields: vec![(
                Field::TaskOwner,
                FieldValue::Text("Ek, Anna\n\nHR".to_string()),
            )],
        };
        let body = block(&lines(&item)) + "Please call me.\n\nThanks";
        let noted = [FIELDS_NOTE.to_string()];
        assert_eq!(sender_text(&body, &noted), "Please call me.\n\nThanks");
        // Without the note the text is the sender's own, whatever it begins with.
        assert_eq!(sender_text(&body, &[]), body);
        assert_eq!(sender_text("Hej", &noted), "Hej");
    }

    #[test]
    fn a_value_of_several_lines_stays_under_its_label() {
        let lines = [("Adress, hem", "Storgatan 1\n123 45 Exempelby".to_string())];
        assert_eq!(
            block(&lines),
            "Adress, hem: Storgatan 1\n    123 45 Exempelby\n\n"
        );
        assert!(block_html(&lines).contains("Storgatan 1<br>123 45 Exempelby"));
    }
}
