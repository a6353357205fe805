//! The registrar's printed lists (diarielista, förteckning över handlingar av ringa betydelse)
//! for a day or a period, with a page preview.

use chrono::NaiveDate;

use super::item_view::pdf_pages;
use super::session::act;
use super::views::PagesView;
use super::{DeskError, DeskResult};
use crate::lists::{self, ListKind};
use crate::store::Store;

/// Parses `ringa` / `diarium`.
pub fn kind(code: &str) -> DeskResult<ListKind> {
    match code {
        "ringa" => Ok(ListKind::Ringa),
        "diarium" => Ok(ListKind::Diarium),
        other => Err(DeskError::invalid(
            format!("unknown list kind {other:?}"),
            "Välj lista: ringa betydelse eller diarielista.",
        )),
    }
}

pub(crate) fn day(text: Option<&str>, default: NaiveDate) -> DeskResult<NaiveDate> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(default),
        Some(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| {
            DeskError::invalid(
                "date is not YYYY-MM-DD",
                format!("Datumet {t:?} går inte att läsa. Skriv det som ÅÅÅÅ-MM-DD."),
            )
        }),
    }
}

/// Records that a list's PDF was sent to the printer.
pub fn sent_to_printer(store: &mut Store, kind: ListKind, pdf: &[u8]) -> DeskResult<()> {
    let act = act(store.conn())?;
    lists::record_sent_to_printer(store, kind, pdf, &act)?;
    Ok(())
}

/// Renders (and audits) a list; returns its PDF and a page preview. No dates: today.
pub fn print_list(
    store: &mut Store,
    kind: ListKind,
    from: Option<&str>,
    to: Option<&str>,
) -> DeskResult<(Vec<u8>, PagesView)> {
    let act = act(store.conn())?;
    let today = act.at.date_naive();
    let from = day(from, today)?;
    let to = day(to, from.max(today))?;
    let printed = lists::print_list(store, kind, from, to, &act)?;
    let pages = pdf_pages(&printed.pdf)?;
    Ok((printed.pdf, pages))
}
