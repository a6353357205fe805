//! The audit trail as the history screen shows it: per item or for the whole store, newest
//! first, and the chain check ("verifiera").

use rusqlite::Connection;

use super::DeskResult;
use super::item_view::event_view;
use super::views::{AuditPage, AuditVerifyView, BrokenLinkView};
use crate::audit;

/// One page of events, newest first.
pub fn audit_log(
    conn: &Connection,
    item_id: Option<i64>,
    offset: u32,
    limit: u32,
) -> DeskResult<AuditPage> {
    let events = audit::log(conn, item_id)?;
    let total = u32::try_from(events.len()).unwrap_or(u32::MAX);
    let events = events
        .into_iter()
        .rev()
        .skip(offset as usize)
        .take(limit as usize)
        .map(event_view)
        .collect();
    Ok(AuditPage { total, events })
}

/// Walks the hash chain.
pub fn audit_verify(conn: &Connection) -> DeskResult<AuditVerifyView> {
    let v = audit::verify(conn)?;
    Ok(AuditVerifyView {
        ok: v.first_broken.is_none(),
        events: u32::try_from(v.events).unwrap_or(u32::MAX),
        first_bad: v.first_broken.map(|b| BrokenLinkView {
            seq: b.event_id,
            reason: b.reason,
        }),
    })
}
