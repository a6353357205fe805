//! The inbox's queries: how many items match a filter, and one page of them, newest first,
//! reading only the columns a row shows (a preview, not the content), so a page costs the same
//! at 100 or 100,000 items (see `bench/desk.rs`). What a row means to the user (sender label,
//! overdue, the cut preview) is the desk's ([`crate::desk::inbox`]).

use rusqlite::{Connection, params_from_iter, types::Value};

use super::StoreError;
use crate::model::{Channel, Class, Direction, State};

/// Above this many hits a search page walks the arrival-order index and stops at the page's end
/// instead of sorting every hit (measured in bench/desk_bench.rs: 16,000 hits at 100,000 items).
const MANY_HITS: u32 = 1000;

/// Which items an inbox page holds. Every condition given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct InboxFilter {
    /// Items in one of these states; empty: any state.
    pub states: Vec<State>,
    /// Items of one of these classes; with [`InboxFilter::unclassified`] also those without a
    /// class. Neither given: any class.
    pub classes: Vec<Class>,
    /// Items without a class (only read when a class filter was given).
    pub unclassified: bool,
    /// An FTS5 query the item's indexed text must match.
    pub fts: Option<String>,
    /// Only diarium items registered and still awaiting a diary number (the registrar's queue).
    pub awaiting_dnr: bool,
    /// Only these item ids (passed as one JSON array, however many).
    pub ids: Option<Vec<i64>>,
}

impl InboxFilter {
    /// Whether a class filter was given.
    fn by_class(&self) -> bool {
        !self.classes.is_empty() || self.unclassified
    }

    /// The WHERE clause and its parameters.
    fn clause(&self) -> (String, Vec<Value>) {
        let mut clauses = vec!["1".to_string()];
        let mut params: Vec<Value> = Vec::new();
        let placeholders = |n: usize| vec!["?"; n].join(", ");
        if !self.states.is_empty() {
            clauses.push(format!("i.state IN ({})", placeholders(self.states.len())));
            params.extend(
                self.states
                    .iter()
                    .map(|s| Value::from(s.code().to_string())),
            );
        }
        if self.by_class() {
            let mut any = vec![format!("i.class IN ({})", placeholders(self.classes.len()))];
            if self.unclassified {
                any.push("i.class IS NULL".to_string());
            }
            clauses.push(format!("({})", any.join(" OR ")));
            params.extend(
                self.classes
                    .iter()
                    .map(|c| Value::from(c.code().to_string())),
            );
        }
        if let Some(fts) = &self.fts {
            clauses
                .push("i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)".to_string());
            params.push(Value::from(fts.clone()));
        }
        if self.awaiting_dnr {
            clauses.push(
                "i.class = 'diarium' AND r.item_id IS NOT NULL AND r.diarienummer IS NULL"
                    .to_string(),
            );
        }
        if let Some(ids) = &self.ids {
            clauses.push("i.id IN (SELECT value FROM json_each(?))".to_string());
            params.push(Value::from(serde_json::json!(ids).to_string()));
        }
        (clauses.join(" AND "), params)
    }
}

/// One inbox row as stored: the columns of [`crate::desk::views::InboxRow`] the store holds,
/// meaning what they mean there (documented once, there). The desk adds the sender's label from
/// the client register and whether the item is overdue, and cuts the preview; `preview` here is
/// the start of the subject and text (or page address, or description) as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InboxRecord {
    pub id: i64,
    pub received_at: String,
    pub channel: Channel,
    pub direction: Direction,
    pub sender: Option<String>,
    pub recipients: Vec<String>,
    pub cc: Vec<String>,
    pub bcc: Vec<String>,
    pub class: Option<Class>,
    pub state: State,
    pub designation: Option<String>,
    pub diarienummer: Option<String>,
    pub attachments: u32,
    pub thread_messages: u32,
    pub preview: String,
    pub held: bool,
    pub arendemening: Option<String>,
}

/// How many items match `filter`.
pub(crate) fn count(conn: &Connection, filter: &InboxFilter) -> Result<u32, StoreError> {
    match &filter.fts {
        // Every indexed row is a live item: the index alone can count.
        Some(fts)
            if filter.states.is_empty()
                && !filter.by_class()
                && !filter.awaiting_dnr
                && filter.ids.is_none() =>
        {
            Ok(conn
                .prepare_cached("SELECT count(*) FROM items_fts WHERE items_fts MATCH ?1")?
                .query_row([fts], |r| r.get(0))?)
        }
        _ => {
            let (clause, params) = filter.clause();
            Ok(conn
                .prepare_cached(&format!(
                    "SELECT count(*) FROM items i LEFT JOIN registrations r ON r.item_id = i.id
                     WHERE {clause}"
                ))?
                .query_row(params_from_iter(params.iter()), |r| r.get(0))?)
        }
    }
}

/// The page of `limit` items matching `filter` after the first `offset`, newest first.
/// `total` is what [`count`] gave: above [`MANY_HITS`] search hits the page walks the
/// arrival-order index instead of sorting them all.
pub(crate) fn page(
    conn: &Connection,
    filter: &InboxFilter,
    total: u32,
    offset: u32,
    limit: u32,
    preview_chars: usize,
) -> Result<Vec<InboxRecord>, StoreError> {
    let (clause, params) = filter.clause();
    let walk = if filter.fts.is_some() && total > MANY_HITS {
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
             CASE WHEN i.class = 'diarium' THEN json_extract(i.classification, '$.description') END,
             CASE WHEN i.direction = 'out' THEN i.recipients END,
             CASE WHEN i.direction = 'out' THEN i.cc END,
             CASE WHEN i.direction = 'out' THEN i.bcc END
         {from} WHERE {clause}
         ORDER BY i.received_at_utc DESC, i.id DESC LIMIT {limit} OFFSET {offset}",
        preview_chars * 4,
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(params.iter()))?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(record(r)?);
    }
    Ok(out)
}

fn record(r: &rusqlite::Row<'_>) -> Result<InboxRecord, StoreError> {
    let id: i64 = r.get(0)?;
    let corrupt = |field| StoreError::Corrupt { id, field };
    let class = match r.get::<_, Option<String>>(5)? {
        Some(c) => Some(Class::from_code(&c).ok_or(corrupt("class"))?),
        None => None,
    };
    Ok(InboxRecord {
        id,
        received_at: r.get(1)?,
        channel: Channel::from_code(&r.get::<_, String>(2)?).ok_or(corrupt("channel"))?,
        direction: Direction::from_code(&r.get::<_, String>(3)?).ok_or(corrupt("direction"))?,
        sender: r.get(4)?,
        recipients: addresses(r, 14, || corrupt("recipients"))?,
        cc: addresses(r, 15, || corrupt("cc"))?,
        bcc: addresses(r, 16, || corrupt("bcc"))?,
        class,
        state: State::from_code(&r.get::<_, String>(6)?).ok_or(corrupt("state"))?,
        designation: r.get(7)?,
        diarienummer: r.get(8)?,
        attachments: r.get(9)?,
        thread_messages: r.get(10)?,
        preview: r.get::<_, Option<String>>(11)?.unwrap_or_default(),
        held: r.get(12)?,
        arendemening: r.get(13)?,
    })
}

/// A JSON list of addresses in column `i` (NULL: none, as for an item received).
fn addresses(
    r: &rusqlite::Row<'_>,
    i: usize,
    corrupt: impl FnOnce() -> StoreError,
) -> Result<Vec<String>, StoreError> {
    match r.get::<_, Option<String>>(i)? {
        Some(json) => serde_json::from_str(&json).map_err(|_| corrupt()),
        None => Ok(Vec::new()),
    }
}
