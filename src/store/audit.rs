//! The audit trail's storage: the chained rows of `audit_events`, the MAC'd head record in
//! `audit_head`, and the keyed MAC that links them.
//!
//! What the trail records and what a verification means live in [`crate::audit`], which calls
//! these functions; the store never calls back into it. The exact bytes each MAC covers are
//! fixed here ([`StoredEvent::canonical`], the head's text): changing them breaks every chain
//! already written.
//!
//! The MAC is computed by an SQL function, `inkom_audit_mac`, that [`install_mac`] puts on each
//! connection the store opens: the key stays in that function's closure (zeroed when the
//! connection closes), and appending keeps taking a plain connection.

use std::ops::ControlFlow;

use hmac::{Hmac, Mac};
use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use sha2::Sha256;

use super::{DataKey, StoreError};
use crate::model::Act;

/// The hash the first event links to.
pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The action code of the event that records the sealing of an unkeyed chain. The store writes
/// that event itself ([`seal_legacy_chain`]); [`crate::audit::Action::AuditKeyed`] stores this
/// code, so the two cannot drift apart.
pub(crate) const AUDIT_KEYED: &str = "audit_keyed";

/// The action code of an import's event. Since issue 15 one event records a whole import
/// (`item_id` NULL, the items' id range in its details as `first_item` and `last_item`) rather
/// than one per item; [`events`] finds it for each item of the range.
/// [`crate::audit::Action::Imported`] stores this code.
pub(crate) const IMPORTED: &str = "imported";

/// The SQL function computing the keyed MAC.
const MAC_FN: &str = "inkom_audit_mac";

/// Puts the keyed MAC function on a connection. It is `DIRECTONLY`: a trigger or view planted
/// in the file cannot call it to forge events on inkom's own connection.
pub(crate) fn install_mac(conn: &Connection, key: &DataKey) -> Result<(), StoreError> {
    let mac_key = key.derive("inkom audit chain v1");
    conn.create_scalar_function(
        MAC_FN,
        1,
        FunctionFlags::SQLITE_UTF8
            | FunctionFlags::SQLITE_DETERMINISTIC
            | FunctionFlags::SQLITE_DIRECTONLY,
        move |ctx| {
            let text = ctx
                .get_raw(0)
                .as_str()
                .map_err(|e| rusqlite::Error::UserFunctionError(Box::new(e)))?;
            let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(mac_key.as_ref())
                .map_err(|e| rusqlite::Error::UserFunctionError(Box::new(e)))?;
            mac.update(text.as_bytes());
            Ok(crate::model::hex_lower(&mac.finalize().into_bytes()))
        },
    )?;
    Ok(())
}

/// A JSON array is an unambiguous encoding of the fields. Serialised from the tuple directly
/// (the same bytes as a `json!` array, without building one per event: issue 15).
fn canonical(
    prev: &str,
    id: i64,
    at: &str,
    user: &str,
    item_id: Option<i64>,
    action: &str,
    details: &str,
) -> String {
    serde_json::to_string(&(prev, id, at, user, item_id, action, details))
        .unwrap_or_else(|_| unreachable!("strings and integers always serialise"))
}

/// The columns [`StoredEvent::read`] expects, in order.
const COLUMNS: &str = "id, at, user, item_id, action, details, prev_hash, hash";

/// An event's columns exactly as stored: what the MAC covers, before any parsing.
#[derive(Debug, Clone)]
pub(crate) struct StoredEvent {
    /// Position in the chain.
    pub id: i64,
    /// When, RFC 3339 as written.
    pub at: String,
    /// The OS login that acted.
    pub user: String,
    /// The item, if any.
    pub item_id: Option<i64>,
    /// The action code.
    pub action: String,
    /// The details, JSON text as written.
    pub details: String,
    /// The MAC of the event it links to.
    pub prev_hash: String,
    /// Its own MAC.
    pub hash: String,
}

impl StoredEvent {
    fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredEvent> {
        Ok(StoredEvent {
            id: r.get(0)?,
            at: r.get(1)?,
            user: r.get(2)?,
            item_id: r.get(3)?,
            action: r.get(4)?,
            details: r.get(5)?,
            prev_hash: r.get(6)?,
            hash: r.get(7)?,
        })
    }

    /// The text the MAC covers, linked to `prev`.
    fn canonical(&self, prev: &str) -> String {
        canonical(
            prev,
            self.id,
            &self.at,
            &self.user,
            self.item_id,
            &self.action,
            &self.details,
        )
    }
}

fn mac(conn: &Connection, text: &str) -> Result<String, StoreError> {
    let sql = format!("SELECT {MAC_FN}(?1)");
    Ok(conn.prepare_cached(&sql)?.query_row([text], |r| r.get(0))?)
}

/// Whether an event's stored MAC is the keyed MAC of its fields and the link it names.
pub(crate) fn mac_matches(conn: &Connection, e: &StoredEvent) -> Result<bool, StoreError> {
    Ok(mac(conn, &e.canonical(&e.prev_hash))? == e.hash)
}

/// The plain SHA-256 an unencrypted inkom chained events with; only read when sealing.
fn legacy_hash(canonical: &str) -> String {
    crate::model::sha256_hex(canonical.as_bytes())
}

fn head_text(last_id: i64, last_hash: &str) -> String {
    serde_json::json!(["head", last_id, last_hash]).to_string()
}

/// Records the chain's new end, MAC'd, in the same transaction as the event.
fn set_head(conn: &Connection, last_id: i64, last_hash: &str) -> Result<(), StoreError> {
    let head_mac = mac(conn, &head_text(last_id, last_hash))?;
    conn.prepare_cached(
        "INSERT INTO audit_head (singleton, last_id, last_hash, mac) VALUES (1, ?1, ?2, ?3)
         ON CONFLICT (singleton) DO UPDATE
         SET last_id = excluded.last_id, last_hash = excluded.last_hash, mac = excluded.mac",
    )?
    .execute(params![last_id, last_hash, head_mac])?;
    Ok(())
}

/// The head record: where inkom last saw the chain end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Head {
    /// The last event's id.
    pub last_id: i64,
    /// The last event's MAC.
    pub last_hash: String,
    /// Whether the record's own MAC checks out (false: it was edited).
    pub mac_ok: bool,
}

/// The head record, its MAC checked; `None` when there is none (a store without events, or
/// one whose head was deleted).
pub(crate) fn head(conn: &Connection) -> Result<Option<Head>, StoreError> {
    let row: Option<(i64, String, String)> = conn
        .query_row(
            "SELECT last_id, last_hash, mac FROM audit_head WHERE singleton = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((last_id, last_hash, head_mac)) = row else {
        return Ok(None);
    };
    let mac_ok = mac(conn, &head_text(last_id, &last_hash))? == head_mac;
    Ok(Some(Head {
        last_id,
        last_hash,
        mac_ok,
    }))
}

/// Appends an event with `details` (JSON text) as given, linked to the chain's last event,
/// and moves the head record to it. Call it inside the same transaction as the change it
/// records, so the change and its trace commit or vanish together.
pub(crate) fn append_event(
    conn: &Connection,
    act: &Act,
    item_id: Option<i64>,
    action: &str,
    details: &str,
) -> Result<i64, StoreError> {
    let mut chain = ChainWriter::new(conn)?;
    let id = chain.append(act, item_id, action, details)?;
    chain.finish()?;
    Ok(id)
}

/// Appends a run of events inside one transaction: the chain's end is read once, each event is
/// one INSERT that computes its own MAC, and the head record moves once, in [`ChainWriter::finish`].
/// One statement per event instead of five (find the end, MAC, insert, MAC the head, rewrite
/// the head); until issue 15 made an import one event, an import wrote one per item.
///
/// Nothing else may append to the chain in the same transaction while a writer is open, and
/// `finish` must run before the commit: events without their head record fail verification
/// ("written behind inkom's back"), which is what a forgotten `finish` should do.
#[must_use = "the head record moves only in finish()"]
pub(crate) struct ChainWriter<'c> {
    conn: &'c Connection,
    last_id: i64,
    last_hash: String,
    appended: bool,
}

impl<'c> ChainWriter<'c> {
    /// Starts at the chain's current end.
    pub(crate) fn new(conn: &'c Connection) -> Result<Self, StoreError> {
        let (last_id, last_hash): (i64, String) = conn
            .prepare_cached("SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1")?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .unwrap_or((0, GENESIS.to_string()));
        Ok(ChainWriter {
            conn,
            last_id,
            last_hash,
            appended: false,
        })
    }

    /// Appends one event linked to the previous one; returns its id.
    pub(crate) fn append(
        &mut self,
        act: &Act,
        item_id: Option<i64>,
        action: &str,
        details: &str,
    ) -> Result<i64, StoreError> {
        let id = self.last_id + 1;
        let at = act.at.to_rfc3339();
        let text = canonical(&self.last_hash, id, &at, &act.by, item_id, action, details);
        // The MAC first, then a plain INSERT: an INSERT … RETURNING runs in a statement
        // savepoint, which costs a statement journal per event and makes FTS5 flush the search
        // index's pending terms when the transaction has written any (issue 15).
        let hash = mac(self.conn, &text)?;
        self.conn
            .prepare_cached(
                "INSERT INTO audit_events (id, at, user, item_id, action, details, prev_hash, hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                id,
                at,
                act.by,
                item_id,
                action,
                details,
                self.last_hash,
                hash
            ])?;
        self.last_id = id;
        self.last_hash = hash;
        self.appended = true;
        Ok(id)
    }

    /// Moves the head record to the last event appended (nothing when none was).
    pub(crate) fn finish(self) -> Result<(), StoreError> {
        if self.appended {
            set_head(self.conn, self.last_id, &self.last_hash)?;
        }
        Ok(())
    }
}

/// Hands every event, oldest first, to `visit` until it breaks; returns what it broke with.
/// Streams the rows, so walking a long chain holds one event at a time.
pub(crate) fn walk_events<B>(
    conn: &Connection,
    mut visit: impl FnMut(StoredEvent) -> Result<ControlFlow<B>, StoreError>,
) -> Result<Option<B>, StoreError> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM audit_events ORDER BY id"))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        if let ControlFlow::Break(b) = visit(StoredEvent::read(r)?)? {
            return Ok(Some(b));
        }
    }
    Ok(None)
}

/// Events, oldest first, for one item or all, as stored. An item's events are those naming it
/// and the import event whose range holds it (older stores have an `imported` event per item,
/// which the first part finds).
pub(crate) fn events(
    conn: &Connection,
    item_id: Option<i64>,
) -> Result<Vec<StoredEvent>, StoreError> {
    let Some(item_id) = item_id else {
        let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM audit_events ORDER BY id"))?;
        let rows = stmt.query_map([], StoredEvent::read)?;
        return Ok(rows.collect::<Result<_, _>>()?);
    };
    // Both parts use the index on item_id (events without an item are few: settings, lists,
    // imports). An import event whose details are not JSON is taken into every item's
    // history, where reading it fails as any edited event does: reported, never left out.
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM audit_events WHERE item_id = ?1
         UNION ALL
         SELECT {COLUMNS} FROM audit_events
         WHERE item_id IS NULL AND action = ?2
           AND CASE WHEN json_valid(details)
                    THEN ?1 BETWEEN details ->> '$.first_item' AND details ->> '$.last_item'
                    ELSE 1 END
         ORDER BY id"
    ))?;
    let rows = stmt.query_map(params![item_id, IMPORTED], StoredEvent::read)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// What sealing an old, unkeyed chain found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sealed {
    /// Events in the old chain.
    pub legacy_events: u64,
    /// The old chain's last plain SHA-256 (keep it to compare with earlier printouts).
    pub legacy_head_sha256: String,
    /// The first event of the old chain that did not check out, if any. Sealing does not
    /// launder it: this stays on record in the sealing event.
    pub legacy_first_broken: Option<i64>,
}

/// Re-chains an audit trail written with plain SHA-256 (inkom before encryption) under the
/// keyed MAC, and records that in an `audit_keyed` event. Called once, by the encryption of an
/// unencrypted database ([`super::plaintext`]), never on an encrypted one: there, an unkeyed
/// chain is tampering. It lives in the store because the encryption calls it, and the store
/// must not call back into [`crate::audit`].
pub(crate) fn seal_legacy_chain(conn: &mut Connection) -> Result<Option<Sealed>, StoreError> {
    let tx = conn.transaction()?;
    let rows: Vec<StoredEvent> = tx
        .prepare(&format!("SELECT {COLUMNS} FROM audit_events ORDER BY id"))?
        .query_map([], StoredEvent::read)?
        .collect::<Result<_, _>>()?;
    let mut legacy_prev = GENESIS.to_string();
    let mut first_broken = None;
    let mut prev = GENESIS.to_string();
    tx.execute_batch(
        "DROP TRIGGER IF EXISTS audit_events_no_update;
         DROP TRIGGER IF EXISTS audit_events_no_delete;",
    )?;
    for (expected, e) in (1..).zip(&rows) {
        if first_broken.is_none()
            && (e.id != expected
                || e.prev_hash != legacy_prev
                || legacy_hash(&e.canonical(&e.prev_hash)) != e.hash)
        {
            first_broken = Some(e.id);
        }
        legacy_prev = e.hash.clone();
        let keyed = mac(&tx, &e.canonical(&prev))?;
        tx.execute(
            "UPDATE audit_events SET prev_hash = ?1, hash = ?2 WHERE id = ?3",
            params![prev, keyed, e.id],
        )?;
        prev = keyed;
    }
    tx.execute_batch(super::migrations::AUDIT_GUARDS)?;
    let sealed = Sealed {
        legacy_events: rows.len() as u64,
        legacy_head_sha256: legacy_prev,
        legacy_first_broken: first_broken,
    };
    let last_id = rows.last().map_or(0, |e| e.id);
    if last_id > 0 {
        set_head(&tx, last_id, &prev)?;
    }
    let act = Act::new(
        chrono::Utc::now()
            .with_timezone(&chrono_tz::Europe::Stockholm)
            .fixed_offset(),
        "inkom",
    );
    let details = serde_json::to_value(&sealed).map_err(|_| StoreError::Corrupt {
        id: 0,
        field: "audit seal",
    })?;
    append_event(&tx, &act, None, AUDIT_KEYED, &details.to_string())?;
    tx.commit()?;
    Ok(Some(sealed))
}

#[cfg(test)]
mod tests {
    use super::canonical;

    /// The text each MAC covers must stay byte for byte what the chains already written were
    /// MAC'd over: it was a `json!` array until issue 15 serialised the tuple directly.
    #[test]
    fn the_canonical_text_is_the_json_array_it_always_was() {
        let awkward = "\"citat\" \\ åäö 東京 سأتأخر \u{1}\u{1f}\t\n\u{2028} 😀 </script>";
        for item_id in [None, Some(0), Some(-1), Some(i64::MAX)] {
            for text in ["", "imported", awkward] {
                let ours = canonical(text, i64::MIN, text, text, item_id, text, text);
                let json_array =
                    serde_json::json!([text, i64::MIN, text, text, item_id, text, text])
                        .to_string();
                assert_eq!(ours, json_array);
            }
        }
    }
}
