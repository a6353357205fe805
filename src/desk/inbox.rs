//! The inbox: one page of items, newest first, filtered by state and class, searched with
//! FTS5 ([`super::search`]), or the registrar's queue of diarium items awaiting a diary number.
//!
//! One SQL statement per page reads only the columns a row shows (a preview, not the content),
//! so a page costs the same at 100 or 100,000 items (see `bench/desk.rs`).

use chrono::DateTime;
use rusqlite::{Connection, params_from_iter, types::Value};

use super::DeskResult;
use super::clients::{register, sender_label};
use super::search::fts_query;
use super::session::act;
use super::views::{ClassFilter, InboxPage, InboxQuery, InboxRow};
use crate::clients::ClientRegister;
use crate::lifecycle::overdue;
use crate::model::{Channel, Class, Direction, State};
use crate::store::{Settings, StoreError};

/// Longest preview, in characters.
pub const PREVIEW_CHARS: usize = 140;

/// Most rows one page may ask for.
pub const MAX_PAGE: u32 = 500;

/// Above this many hits a search page walks the arrival-order index and stops at the page's end
/// instead of sorting every hit (measured in bench/desk_bench.rs: 16,000 hits at 100,000 items).
const MANY_HITS: u32 = 1000;

/// The WHERE clause and its parameters for a query.
fn filter(query: &InboxQuery) -> (String, Vec<Value>) {
    let mut clauses = vec!["1".to_string()];
    let mut params: Vec<Value> = Vec::new();
    let placeholders = |n: usize| vec!["?"; n].join(", ");
    if !query.states.is_empty() {
        clauses.push(format!("i.state IN ({})", placeholders(query.states.len())));
        params.extend(
            query
                .states
                .iter()
                .map(|s| Value::from(s.code().to_string())),
        );
    }
    if !query.classes.is_empty() {
        let classes: Vec<Value> = query
            .classes
            .iter()
            .filter_map(|c| class_of(*c))
            .map(|c| Value::from(c.code().to_string()))
            .collect();
        let mut any = vec![format!("i.class IN ({})", placeholders(classes.len()))];
        if query.classes.contains(&ClassFilter::None) {
            any.push("i.class IS NULL".to_string());
        }
        clauses.push(format!("({})", any.join(" OR ")));
        params.extend(classes);
    }
    if let Some(fts) = query.text.as_deref().and_then(fts_query) {
        clauses.push("i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)".to_string());
        params.push(Value::from(fts));
    }
    if query.awaiting_dnr {
        clauses.push(
            "i.class = 'diarium' AND r.item_id IS NOT NULL AND r.diarienummer IS NULL".to_string(),
        );
    }
    (clauses.join(" AND "), params)
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
    let (clause, params) = filter(query);
    let fts = query.text.as_deref().and_then(fts_query);
    let text_only = query.states.is_empty() && query.classes.is_empty() && !query.awaiting_dnr;
    let total: u32 = match &fts {
        // Every indexed row is a live item: the index alone can count.
        Some(fts) if text_only => conn
            .prepare_cached("SELECT count(*) FROM items_fts WHERE items_fts MATCH ?1")
            .map_err(StoreError::from)?
            .query_row([fts], |r| r.get(0))
            .map_err(StoreError::from)?,
        _ => conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM items i LEFT JOIN registrations r ON r.item_id = i.id
                 WHERE {clause}"
            ))
            .map_err(StoreError::from)?
            .query_row(params_from_iter(params.iter()), |r| r.get(0))
            .map_err(StoreError::from)?,
    };
    let walk = if fts.is_some() && total > MANY_HITS {
        "INDEXED BY items_by_received"
    } else {
        ""
    };
    let from = format!("FROM items i {walk} LEFT JOIN registrations r ON r.item_id = i.id");
    let sql = format!(
        "SELECT i.id, i.received_at, i.channel, i.direction, i.sender, i.class, i.state,
             r.designation, r.diarienummer,
             (SELECT count(*) FROM attachments a WHERE a.item_id = i.id),
             coalesce(json_array_length(i.parts), 0),
             substr(concat_ws(' – ', i.subject,
                 coalesce(json_extract(i.parts, '$[#-1].text'), nullif(i.body, ''),
                     i.page_address, json_extract(i.classification, '$.description'))), 1, {}),
             i.held_reason IS NOT NULL,
             CASE WHEN i.class = 'diarium' THEN json_extract(i.classification, '$.description') END
         {from} WHERE {clause}
         ORDER BY i.received_at_utc DESC, i.id DESC LIMIT {} OFFSET {}",
        PREVIEW_CHARS * 4,
        limit.min(MAX_PAGE),
        offset
    );
    let mut stmt = conn.prepare_cached(&sql).map_err(StoreError::from)?;
    let mut rows = stmt
        .query(params_from_iter(params.iter()))
        .map_err(StoreError::from)?;
    let register = register(conn)?;
    let now = act(conn)?.at;
    let days = overdue::days(&Settings::load(conn)?);
    let mut out = Vec::new();
    while let Some(r) = rows.next().map_err(StoreError::from)? {
        let mut row = row(&register, r)?;
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

fn row(register: &ClientRegister, r: &rusqlite::Row<'_>) -> DeskResult<InboxRow> {
    let id: i64 = r.get(0).map_err(StoreError::from)?;
    let corrupt = |field| StoreError::Corrupt { id, field };
    let get_str = |i| r.get::<_, String>(i).map_err(StoreError::from);
    let class = match r.get::<_, Option<String>>(5).map_err(StoreError::from)? {
        Some(c) => Some(Class::from_code(&c).ok_or(corrupt("class"))?),
        None => None,
    };
    let sender: Option<String> = r.get(4).map_err(StoreError::from)?;
    Ok(InboxRow {
        id,
        received_at: get_str(1)?,
        channel: Channel::from_code(&get_str(2)?).ok_or(corrupt("channel"))?,
        direction: Direction::from_code(&get_str(3)?).ok_or(corrupt("direction"))?,
        sender_label: sender_label(register, sender.as_deref()),
        sender,
        class,
        state: State::from_code(&get_str(6)?).ok_or(corrupt("state"))?,
        designation: r.get(7).map_err(StoreError::from)?,
        diarienummer: r.get(8).map_err(StoreError::from)?,
        attachments: r.get(9).map_err(StoreError::from)?,
        thread_messages: r.get(10).map_err(StoreError::from)?,
        preview: preview(
            &r.get::<_, Option<String>>(11)
                .map_err(StoreError::from)?
                .unwrap_or_default(),
        ),
        overdue: false,
        held: r.get(12).map_err(StoreError::from)?,
        arendemening: r.get(13).map_err(StoreError::from)?,
    })
}
