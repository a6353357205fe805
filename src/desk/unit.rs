//! The app and the unit's register on PostgreSQL (issue 16): the status bar's outbox figures,
//! "Synka nu", and the registrar view against the unit register on the registrar's own PC.
//!
//! Every rule is the core's ([`crate::unit`]): the same functions `inkom unit …` and
//! `inkom registrar …` call. The registrar's actions need the store only for the register's
//! address and who is acting ([`context`]); the network work then runs without holding the
//! store ([`UnitContext`]), so a slow server never blocks the rest of the window.

use std::cmp::Ordering;

use super::item_view::pdf_pages;
use super::lists::day;
use super::session::act;
use super::views::{
    PagesView, UnitMode, UnitQueueView, UnitRegistrationView, UnitStatusView, UnitSyncView,
};
use super::{DeskError, DeskResult};
use crate::lists::ListError;
use crate::model::Act;
use crate::store::{Settings, Store};
use crate::unit::registrar::{self, QueueRow};
use crate::unit::users::{self, UnitRole};
use crate::unit::{UnitError, UnitUrl, diarielista, outbox, refusal_sv};

/// Most registrations one queue view holds: the oldest this many (a unit's backlog is far
/// smaller; the CLI pages further).
pub const QUEUE_LIMIT: i64 = 1000;

/// What a registrar action needs from the store, read once under its lock.
#[derive(Debug, Clone)]
pub struct UnitContext {
    /// The unit register's address (no password).
    pub url: UnitUrl,
    /// Who acts, and when (for printed lists).
    pub act: Act,
    /// The authority and unit heading printed lists (settings), if set.
    pub organisation: Option<String>,
    /// The unit's name (settings), else the register's database.
    pub unit: Option<String>,
}

/// The store's unit connection and what printed lists need, or `None` when not connected.
pub fn context(store: &Store) -> DeskResult<Option<UnitContext>> {
    let Some(conn) = outbox::connection(store)? else {
        return Ok(None);
    };
    let settings = Settings::load(store.conn())?;
    Ok(Some(UnitContext {
        url: UnitUrl::parse(&conn.url)?,
        act: act(store.conn())?,
        organisation: settings.organisation,
        unit: settings.unit,
    }))
}

/// The status bar: connected, the login and unit, what waits; local only.
pub fn status(store: &Store) -> DeskResult<UnitStatusView> {
    let s = outbox::status(store)?;
    let url = match &s.connection {
        Some(c) => Some(UnitUrl::parse(&c.url)?),
        None => None,
    };
    Ok(UnitStatusView {
        connected: url.is_some(),
        login: url.as_ref().map(|u| u.login().to_string()),
        unit: url.as_ref().map(|u| u.database().to_string()),
        waiting: s.waiting,
        delivered: s.delivered,
        last_error: s.last_error.as_deref().map(outbox_error_sv),
    })
}

/// "Synka nu": delivers the outbox and fetches the numbers the registrar recorded, as
/// `inkom unit sync` does. With the register out of reach nothing fails: what waits, waits.
pub fn sync(store: &mut Store) -> DeskResult<UnitSyncView> {
    let act = act(store.conn())?;
    let report = outbox::sync(store, &act)?;
    let delivered = report.delivered.len() as u64;
    let numbers_back = report.dnrs_received.len() as u64;
    let offline = report.offline.is_some();
    let mut message = if offline {
        format!(
            "Enhetens register kan inte nås just nu; {} registrering(ar) väntar och skickas \
             när registret går att nå.",
            report.waiting
        )
    } else {
        format!(
            "Synkroniserat: {delivered} skickade, {numbers_back} diarienummer hämtade, {} väntar.",
            report.waiting
        )
    };
    if !report.dnr_conflicts.is_empty() {
        message.push_str(&format!(
            " {} diarienummer i enhetens register stämmer inte med numret här; numret här \
             ändras inte, registratorn behöver stämma av diarierna.",
            report.dnr_conflicts.len()
        ));
    }
    if let Some(refused) = &report.recovery_refused {
        message.push(' ');
        message.push_str(refused);
    }
    Ok(UnitSyncView {
        status: status(store)?,
        delivered,
        numbers_back,
        offline,
        message,
    })
}

/// The outbox's last error (English, as the core keeps it for logs) in Swedish.
fn outbox_error_sv(en: &str) -> String {
    if en.starts_with("unit register unreachable") {
        return "Enhetens register gick inte att nå vid senaste försöket.".to_string();
    }
    if let Some(rest) = en.strip_prefix("unit register refused (") {
        if rest.starts_with("42501") {
            return "Inloggningen har inte behörighet att registrera i enhetens register."
                .to_string();
        }
        let message = rest.split_once("): ").map(|(_, m)| m).unwrap_or_default();
        return format!(
            "Enhetens register nekade registreringen: {}.",
            refusal_sv(message)
        );
    }
    "Registreringen kunde inte skickas (se loggen).".to_string()
}

/// The registrar view: on a store connected with a registrar's login, the unit's queue sorted
/// by diary number; else the mode only, and the view works on the local store.
pub fn queue(ctx: Option<&UnitContext>) -> DeskResult<UnitQueueView> {
    let Some(ctx) = ctx else {
        return Ok(mode_only(UnitMode::Local));
    };
    let mut client = ctx.url.connect()?;
    match users::current_role(&mut client)? {
        Some(UnitRole::Registrar) => queue_with(ctx, &mut client),
        _ => Ok(mode_only(UnitMode::Caseworker)),
    }
}

fn mode_only(mode: UnitMode) -> UnitQueueView {
    UnitQueueView {
        mode,
        login: None,
        unit: None,
        rows: Vec::new(),
        truncated: false,
    }
}

fn queue_with(ctx: &UnitContext, client: &mut postgres::Client) -> DeskResult<UnitQueueView> {
    let rows = registrar::queue(client, QUEUE_LIMIT, 0)?;
    let truncated = rows.len() as i64 >= QUEUE_LIMIT;
    let mut rows: Vec<UnitRegistrationView> = rows.into_iter().map(row_view).collect();
    rows.sort_by(|a, b| match (&a.dnr, &b.dnr) {
        (Some(x), Some(y)) => dnr_order(x, y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        // The core's order: oldest registration first.
        (None, None) => Ordering::Equal,
    });
    Ok(UnitQueueView {
        mode: UnitMode::Registrar,
        login: Some(ctx.url.login().to_string()),
        unit: Some(ctx.url.database().to_string()),
        rows,
        truncated,
    })
}

fn row_view(r: QueueRow) -> UnitRegistrationView {
    UnitRegistrationView {
        id: r.id,
        caseworker: r.caseworker,
        received_at: r.received_at.to_rfc3339(),
        registered_at: r.registered_at.to_rfc3339(),
        direction: r.direction,
        designation: r.designation,
        sender: r.sender,
        arendemening: r.arendemening,
        secrecy: r.secrecy,
        dnr: r.dnr,
        state: r.state,
        assigned_to: r.assigned_to,
        has_sheet: r.has_sheet,
    }
}

/// Diary numbers in natural order: runs of digits compare as numbers, so `SN 2026/42` comes
/// before `SN 2026/100` whatever the padding (no format is prescribed).
pub fn dnr_order(a: &str, b: &str) -> Ordering {
    fn chunks(s: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut digits = None;
        for (i, c) in s.char_indices() {
            let d = c.is_ascii_digit();
            if digits.is_some_and(|was| was != d) {
                out.push((digits.unwrap_or(false), &s[start..i]));
                start = i;
            }
            digits = Some(d);
        }
        if start < s.len() {
            out.push((digits.unwrap_or(false), &s[start..]));
        }
        out
    }
    let (ca, cb) = (chunks(a), chunks(b));
    for (x, y) in ca.iter().zip(cb.iter()) {
        let ord = match (x, y) {
            ((true, nx), (true, ny)) => {
                let (tx, ty) = (nx.trim_start_matches('0'), ny.trim_start_matches('0'));
                tx.len().cmp(&ty.len()).then_with(|| tx.cmp(ty))
            }
            ((_, sx), (_, sy)) => sx.cmp(sy),
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    ca.len().cmp(&cb.len()).then_with(|| a.cmp(b))
}

/// The context or, without a unit connection, the Swedish refusal.
fn connected(ctx: Option<&UnitContext>) -> DeskResult<&UnitContext> {
    ctx.ok_or(DeskError::Unit(UnitError::NotConnected))
}

/// Runs one registrar action and answers with the queue as it stands after it.
fn act_then_queue(
    ctx: Option<&UnitContext>,
    action: impl FnOnce(&mut postgres::Client) -> Result<(), UnitError>,
) -> DeskResult<UnitQueueView> {
    let ctx = connected(ctx)?;
    let mut client = ctx.url.connect()?;
    action(&mut client)?;
    queue_with(ctx, &mut client)
}

/// The registrar takes a registration (`inkom registrar assign`).
pub fn assign(ctx: Option<&UnitContext>, id: i64) -> DeskResult<UnitQueueView> {
    act_then_queue(ctx, |c| registrar::assign(c, id))
}

/// Records a number from the paper diary (`inkom registrar set-dnr`).
pub fn set_dnr(ctx: Option<&UnitContext>, id: i64, dnr: &str) -> DeskResult<UnitQueueView> {
    act_then_queue(ctx, |c| registrar::set_dnr(c, id, dnr))
}

/// Införd i diariet (`inkom registrar entered`): the register purges the sheet.
pub fn entered(ctx: Option<&UnitContext>, id: i64) -> DeskResult<UnitQueueView> {
    act_then_queue(ctx, |c| registrar::entered(c, id))
}

/// The registration sheet to print (`inkom registrar print`; the hand-out is audited in the
/// unit's log and checked against its SHA-256), with its pages for the preview.
pub fn print_sheet(ctx: Option<&UnitContext>, id: i64) -> DeskResult<(Vec<u8>, PagesView)> {
    let ctx = connected(ctx)?;
    let pdf = registrar::sheet_for_print(&mut ctx.url.connect()?, id)?;
    let pages = pdf_pages(&pdf)?;
    Ok((pdf, pages))
}

/// The unit's diarielista for a period (`inkom registrar list`), with its pages. Empty dates
/// mean today.
pub fn diarielista(
    ctx: Option<&UnitContext>,
    from: Option<&str>,
    to: Option<&str>,
) -> DeskResult<(Vec<u8>, PagesView)> {
    let ctx = connected(ctx)?;
    let today = ctx.act.at.date_naive();
    let from = day(from, today)?;
    let to = day(to, from.max(today))?;
    if to < from {
        return Err(ListError::Period { from, to }.into());
    }
    let rows = registrar::list(&mut ctx.url.connect()?, from, to)?;
    let unit = ctx.unit.as_deref().unwrap_or(ctx.url.database());
    let pdf = diarielista::pdf(
        &rows,
        ctx.organisation.as_deref(),
        Some(unit),
        from,
        to,
        &ctx.act,
    )
    .map_err(ListError::from)?;
    let pages = pdf_pages(&pdf)?;
    Ok((pdf, pages))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diary_numbers_sort_naturally() {
        let mut v = vec![
            "SN 2026/100",
            "SN 2025/0999",
            "SN 2026/0042",
            "SN 2026/7",
            "2026-00003",
        ];
        v.sort_by(|a, b| dnr_order(a, b));
        assert_eq!(
            v,
            [
                "2026-00003",
                "SN 2025/0999",
                "SN 2026/7",
                "SN 2026/0042",
                "SN 2026/100"
            ]
        );
    }

    #[test]
    fn outbox_errors_read_in_swedish() {
        assert!(outbox_error_sv("unit register unreachable: connection refused").contains("nå"));
        assert!(
            outbox_error_sv("unit register refused (P0001): ärendemening contains a personnummer")
                .contains("personnummer")
        );
        assert!(outbox_error_sv("unreadable facts: eof").contains("loggen"));
    }
}
