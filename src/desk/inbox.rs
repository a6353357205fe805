//! The inbox: one page of items, newest first, filtered by state and class, searched with
//! FTS5 ([`super::search`]), or the registrar's queue of diarium items awaiting a diary number.
//!
//! The queries are the store's ([`crate::store::inbox`]): one SQL statement per page reads only
//! the columns a row shows, so a page costs the same at 100 or 100,000 items. This module turns
//! the user's query into the store's filter and a stored row into what the inbox shows.

use chrono::DateTime;
use rusqlite::Connection;

use super::DeskResult;
use super::clients::{register, sender_label};
use super::search::fts_query;
use super::session::act;
use super::views::{ClassFilter, InboxPage, InboxQuery, InboxRow};
use crate::clients::ClientRegister;
use crate::lifecycle::overdue;
use crate::model::Class;
use crate::store::inbox::{self as stored, InboxFilter, InboxRecord};
use crate::store::{Settings, StoreError};

/// Longest preview, in characters.
pub const PREVIEW_CHARS: usize = 140;

/// Most rows one page may ask for.
pub const MAX_PAGE: u32 = 500;

/// The store's filter for a query.
fn filter(query: &InboxQuery) -> InboxFilter {
    InboxFilter {
        states: query.states.clone(),
        classes: query.classes.iter().filter_map(|c| class_of(*c)).collect(),
        unclassified: query.classes.contains(&ClassFilter::None),
        fts: query.text.as_deref().and_then(fts_query),
        awaiting_dnr: query.awaiting_dnr,
        ids: query.ids.clone(),
    }
}

fn class_of(c: ClassFilter) -> Option<Class> {
    match c {
        ClassFilter::Personakt => Some(Class::Personakt),
        ClassFilter::Diarium => Some(Class::Diarium),
        ClassFilter::Ringa => Some(Class::Ringa),
        ClassFilter::None => None,
    }
}

/// Collapses whitespace and cuts at [`PREVIEW_CHARS`] characters (with an ellipsis).
pub fn preview(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= PREVIEW_CHARS {
        return collapsed;
    }
    let mut cut: String = collapsed.chars().take(PREVIEW_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// One page of the inbox.
pub fn inbox(
    conn: &Connection,
    query: &InboxQuery,
    offset: u32,
    limit: u32,
) -> DeskResult<InboxPage> {
    let filter = filter(query);
    let total = stored::count(conn, &filter)?;
    let records = stored::page(
        conn,
        &filter,
        total,
        offset,
        limit.min(MAX_PAGE),
        PREVIEW_CHARS,
    )?;
    let register = register(conn)?;
    let now = act(conn)?.at;
    let days = overdue::days(&Settings::load(conn)?);
    let mut out = Vec::with_capacity(records.len());
    for r in records {
        let mut row = row(&register, r);
        row.overdue = match DateTime::parse_from_rfc3339(&row.received_at) {
            Ok(received) => overdue::overdue(row.state, row.class, &received, &now, days),
            Err(_) => {
                return Err(StoreError::Corrupt {
                    id: row.id,
                    field: "received_at",
                }
                .into());
            }
        };
        out.push(row);
    }
    Ok(InboxPage { total, rows: out })
}

/// A stored row as the inbox shows it: the sender named from the client register, the
/// preview cut (overdue is set by the caller, which knows today).
fn row(register: &ClientRegister, r: InboxRecord) -> InboxRow {
    let sent_to = crate::model::sent_to(r.direction, &r.recipients, &r.cc, &r.bcc);
    InboxRow {
        id: r.id,
        received_at: r.received_at,
        channel: r.channel,
        direction: r.direction,
        sender_label: sender_label(register, r.sender.as_deref()),
        sender: r.sender,
        sent_to_label: sender_label(register, sent_to.first().map(String::as_str)),
        sent_to,
        class: r.class,
        state: r.state,
        designation: r.designation,
        diarienummer: r.diarienummer,
        attachments: r.attachments,
        thread_messages: r.thread_messages,
        preview: preview(&r.preview),
        overdue: false,
        held: r.held,
        arendemening: r.arendemening,
    }
}
