//! The unit's diarielista from the unit register: every caseworker's registrations of a period
//! in date order, printed as the local lists are (src/lists.rs), for the paper diary.

use chrono::NaiveDate;

use super::registrar::QueueRow;
use crate::lists::PeriodSheet;
use crate::model::{Act, local_time};
use crate::pdf::{Sheet, Table};

/// The list as a [`Sheet`]. `authority` and `unit` head each page, as on the local lists.
pub fn sheet(
    rows: &[QueueRow],
    authority: Option<&str>,
    unit: Option<&str>,
    from: NaiveDate,
    to: NaiveDate,
    act: &Act,
) -> Sheet {
    let head = PeriodSheet {
        title: "Diarielista (enhetens register)",
        organisation: authority,
        unit,
        from,
        to,
        created: act.at,
    };
    let facts = vec![
        ("Period".to_string(), head.label()),
        ("Antal handlingar".to_string(), rows.len().to_string()),
        (
            "Utskriven".to_string(),
            format!("{} av {}", local_time(&act.at), act.who()),
        ),
    ];
    let table = Table {
        columns: vec![
            ("Diarienummer".to_string(), 1.3),
            ("Inkom".to_string(), 1.1),
            ("Avsändare".to_string(), 2.0),
            ("Ärendemening".to_string(), 2.8),
            ("Handläggare".to_string(), 1.1),
            ("Sekretess".to_string(), 1.3),
            ("Status".to_string(), 0.9),
        ],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    r.dnr.clone().unwrap_or_else(|| "–".to_string()),
                    local_time(&r.received_at),
                    r.sender.clone(),
                    r.arendemening.clone(),
                    r.caseworker.clone(),
                    r.secrecy.clone().unwrap_or_else(|| "–".to_string()),
                    state_sv(&r.state).to_string(),
                ]
            })
            .collect(),
    };
    let empty = rows.is_empty().then_some("Inga handlingar under perioden.");
    head.sheet(facts, table, empty)
}

/// The list as a PDF: what `inkom registrar list` writes and the app previews and prints.
pub fn pdf(
    rows: &[QueueRow],
    authority: Option<&str>,
    unit: Option<&str>,
    from: NaiveDate,
    to: NaiveDate,
    act: &Act,
) -> Result<Vec<u8>, crate::pdf::PdfError> {
    crate::pdf::render(&sheet(rows, authority, unit, from, to, act))
}

/// The registrar's state words.
pub fn state_sv(state: &str) -> &'static str {
    match state {
        "queued" => "Väntar",
        "assigned" => "Tilldelad",
        "entered" => "Införd",
        _ => "Okänd",
    }
}
