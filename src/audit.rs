//! The audit trail: an append-only, hash-chained log of every state change and export.
//!
//! Each event holds the SHA-256 of the previous event, and its own hash covers that link and all
//! its fields, so editing, inserting or deleting a row in the middle breaks the chain at that
//! row. SQLite triggers refuse UPDATE and DELETE on the table; the chain catches anyone who
//! drops the triggers first. Details never hold message content, only ids, classes, hashes and
//! the words a user typed about where or why (never the text of a message).

use chrono::{DateTime, FixedOffset};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::model::Act;
use crate::store::StoreError;

/// The hash the first event links to.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened. Stored as its code; new actions are added, never renamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// An item was stored by an import.
    Imported,
    /// An item was classified for the first time.
    Classified,
    /// An item's classification was changed before registration.
    Reclassified,
    /// The registration PDF was written.
    Registered,
    /// A PDF left inkom as a file.
    Exported,
    /// The registrar gave a registered item its diary number.
    DiarienummerAssigned,
    /// Printing was confirmed.
    Printed,
    /// Deletion of the source was confirmed.
    SourceDeleted,
    /// inkom deleted the source file itself.
    SourceFileDeleted,
    /// Content was purged after the road ended.
    Purged,
    /// A `ringa` item was culled.
    Culled,
    /// A setting changed.
    SettingChanged,
    /// A list was printed (diarielista, förteckning över handlingar av ringa betydelse).
    ListPrinted,
    /// A classification was undone before registration.
    Unclassified,
}

impl Action {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Action::Imported => "imported",
            Action::Classified => "classified",
            Action::Reclassified => "reclassified",
            Action::Registered => "registered",
            Action::Exported => "exported",
            Action::DiarienummerAssigned => "diarienummer_assigned",
            Action::Printed => "printed",
            Action::SourceDeleted => "source_deleted",
            Action::SourceFileDeleted => "source_file_deleted",
            Action::Purged => "purged",
            Action::Culled => "culled",
            Action::SettingChanged => "setting_changed",
            Action::ListPrinted => "list_printed",
            Action::Unclassified => "unclassified",
        }
    }
}

/// One stored event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEvent {
    /// Position in the chain.
    pub id: i64,
    /// When.
    pub at: DateTime<FixedOffset>,
    /// Who.
    pub user: String,
    /// Which item, if any.
    pub item_id: Option<i64>,
    /// Action code.
    pub action: String,
    /// JSON details.
    pub details: serde_json::Value,
    /// Hash of the previous event.
    pub prev_hash: String,
    /// This event's hash.
    pub hash: String,
}

/// The result of walking the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// Events checked.
    pub events: u64,
    /// The first broken link, if any.
    pub first_broken: Option<BrokenLink>,
}

/// Where and why the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BrokenLink {
    /// The first event that does not check out.
    pub event_id: i64,
    /// Why, in English (for logs and the JSON output).
    pub reason: String,
}

fn event_hash(
    prev: &str,
    id: i64,
    at: &str,
    user: &str,
    item_id: Option<i64>,
    action: &str,
    details: &str,
) -> String {
    // A JSON array is an unambiguous encoding of the fields.
    let canonical = serde_json::json!([prev, id, at, user, item_id, action, details]).to_string();
    hex::encode(Sha256::digest(canonical.as_bytes()))
}

/// Appends an event. Call it inside the same transaction as the change it records, so the
/// change and its trace commit or vanish together.
pub fn append(
    conn: &Connection,
    act: &Act,
    item_id: Option<i64>,
    action: Action,
    details: serde_json::Value,
) -> Result<i64, StoreError> {
    let (last_id, prev): (i64, String) = conn
        .prepare_cached("SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, GENESIS.to_string()));
    let id = last_id + 1;
    let at = act.at.to_rfc3339();
    let details = details.to_string();
    let hash = event_hash(&prev, id, &at, &act.by, item_id, action.code(), &details);
    conn.prepare_cached(
        "INSERT INTO audit_events (id, at, user, item_id, action, details, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        id,
        at,
        act.by,
        item_id,
        action.code(),
        details,
        prev,
        hash
    ])?;
    Ok(id)
}

/// Walks the whole chain and names the first event that does not check out.
pub fn verify(conn: &Connection) -> Result<Verification, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, at, user, item_id, action, details, prev_hash, hash
         FROM audit_events ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let mut prev = GENESIS.to_string();
    let mut expected_id = 1;
    let mut events = 0;
    while let Some(r) = rows.next()? {
        events += 1;
        let id: i64 = r.get(0)?;
        let broken = |reason: &str| {
            Ok(Verification {
                events,
                first_broken: Some(BrokenLink {
                    event_id: id,
                    reason: reason.to_string(),
                }),
            })
        };
        if id != expected_id {
            return broken(&format!("expected event {expected_id}, found {id}"));
        }
        let stored_prev: String = r.get(6)?;
        if stored_prev != prev {
            return broken("does not link to the previous event");
        }
        let hash: String = r.get(7)?;
        let computed = event_hash(
            &stored_prev,
            id,
            &r.get::<_, String>(1)?,
            &r.get::<_, String>(2)?,
            r.get(3)?,
            &r.get::<_, String>(4)?,
            &r.get::<_, String>(5)?,
        );
        if computed != hash {
            return broken("content does not match its hash (edited)");
        }
        prev = hash;
        expected_id += 1;
    }
    Ok(Verification {
        events,
        first_broken: None,
    })
}

/// Events, oldest first, for one item or all.
pub fn log(conn: &Connection, item_id: Option<i64>) -> Result<Vec<AuditEvent>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, at, user, item_id, action, details, prev_hash, hash FROM audit_events
         WHERE ?1 IS NULL OR item_id = ?1 ORDER BY id",
    )?;
    let mut rows = stmt.query([item_id])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let corrupt = |field| StoreError::Corrupt { id, field };
        out.push(AuditEvent {
            id,
            at: DateTime::parse_from_rfc3339(&r.get::<_, String>(1)?)
                .map_err(|_| corrupt("audit.at"))?,
            user: r.get(2)?,
            item_id: r.get(3)?,
            action: r.get(4)?,
            details: serde_json::from_str(&r.get::<_, String>(5)?)
                .map_err(|_| corrupt("audit.details"))?,
            prev_hash: r.get(6)?,
            hash: r.get(7)?,
        });
    }
    Ok(out)
}
