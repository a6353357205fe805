//! The audit trail: an append-only, chained log of every state change and export.
//!
//! Each event holds the MAC of the previous event, and its own MAC covers that link and all its
//! fields, so editing, inserting or deleting a row in the middle breaks the chain at that row.
//! The MAC is HMAC-SHA256 under a key derived (HKDF) from the database key, so someone who edits
//! a row cannot hide it by recomputing plain hashes. A MAC'd head record (the last event's id and
//! MAC) makes cutting events off the end visible too. SQLite triggers refuse UPDATE and DELETE
//! on the table; the chain catches anyone who drops the triggers first. Details never hold
//! message content, only ids, classes, hashes and the words a user typed about where or why.
//!
//! The MAC is computed by an SQL function, `inkom_audit_mac`, that [`install_mac`] puts on each
//! connection the store opens: the key stays in that function's closure (zeroed when the
//! connection closes), and [`append`] keeps taking a plain connection.

use chrono::{DateTime, FixedOffset};
use hmac::{Hmac, Mac};
use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::model::Act;
use crate::store::{DataKey, StoreError};

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
    /// A list was made (diarielista, förteckning över handlingar av ringa betydelse). The code
    /// says "printed" for stores written before [`Action::ListSentToPrinter`]; it is shown as
    /// "skapad".
    ListPrinted,
    /// Clients were imported into the register from a CSV file.
    ClientsImported,
    /// A client was added to the register, or updated, by hand.
    ClientAdded,
    /// A client was removed from the register.
    ClientRemoved,
    /// An audit chain from before the keyed MAC was sealed with it (once, when an unencrypted
    /// database was encrypted).
    AuditKeyed,
    /// The audit log of a period was exported (for the information security officer).
    AuditExported,
    /// A classification was undone before registration.
    Unclassified,
    /// A diary number from the registrar's paper diary was recorded (issue 13).
    DiarienummerRecorded,
    /// The caseworker confirmed that a personakt printout is filed in the akt (issue 13).
    FiledConfirmed,
    /// An item was held (request for public documents, appeal) (issue 13).
    Held,
    /// A hold was released (issue 13).
    Released,
    /// A list made earlier ([`Action::ListPrinted`], which records its creation) was sent to
    /// the printer from the app.
    ListSentToPrinter,
    /// The date received (or drawn up) was corrected before registration, with a reason
    /// (issue 13, guard rail 4).
    ReceivedCorrected,
    /// A gallringsbeslut was added to the register (issue 13, guard rail 8).
    GallringsbeslutAdded,
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
            Action::ClientsImported => "clients_imported",
            Action::ClientAdded => "client_added",
            Action::ClientRemoved => "client_removed",
            Action::AuditKeyed => "audit_keyed",
            Action::AuditExported => "audit_exported",
            Action::Unclassified => "unclassified",
            Action::DiarienummerRecorded => "diarienummer_recorded",
            Action::FiledConfirmed => "filed_confirmed",
            Action::Held => "held",
            Action::Released => "released",
            Action::ListSentToPrinter => "list_sent_to_printer",
            Action::ReceivedCorrected => "received_corrected",
            Action::GallringsbeslutAdded => "gallringsbeslut_added",
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
    /// Events that were not signed when they happened but re-signed later from an unkeyed
    /// (plain SHA-256) chain, when an unencrypted database was encrypted. The keyed MAC proves
    /// only that they are unchanged since then; what they say is as good as the file they came
    /// from. `None` when every event was keyed as it was written.
    pub resigned_from_unkeyed: Option<Resigned>,
}

/// The events an `audit_keyed` event re-signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resigned {
    /// The last re-signed event (they run from event 1).
    pub last_event: i64,
    /// The `audit_keyed` event that re-signed them.
    pub sealed_by_event: i64,
}

/// Where and why the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BrokenLink {
    /// The first event that does not check out.
    pub event_id: i64,
    /// Why, in English (for logs and the JSON output).
    pub reason: String,
}

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
            Ok(hex::encode(mac.finalize().into_bytes()))
        },
    )?;
    Ok(())
}

/// A JSON array is an unambiguous encoding of the fields.
fn canonical(
    prev: &str,
    id: i64,
    at: &str,
    user: &str,
    item_id: Option<i64>,
    action: &str,
    details: &str,
) -> String {
    serde_json::json!([prev, id, at, user, item_id, action, details]).to_string()
}

/// The columns [`RawEvent::read`] expects, in order.
const RAW_COLUMNS: &str = "id, at, user, item_id, action, details, prev_hash, hash";

/// An event's columns exactly as stored: what the MAC covers, before any parsing.
struct RawEvent {
    id: i64,
    at: String,
    user: String,
    item_id: Option<i64>,
    action: String,
    details: String,
    prev_hash: String,
    hash: String,
}

impl RawEvent {
    fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawEvent> {
        Ok(RawEvent {
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
    Ok(conn
        .prepare_cached("SELECT inkom_audit_mac(?1)")?
        .query_row([text], |r| r.get(0))?)
}

/// The plain SHA-256 an unencrypted inkom chained events with; only read when sealing.
fn legacy_hash(canonical: &str) -> String {
    hex::encode(Sha256::digest(canonical.as_bytes()))
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
    let details = with_display_name(details, act).to_string();
    let hash = mac(
        conn,
        &canonical(&prev, id, &at, &act.by, item_id, action.code(), &details),
    )?;
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
    set_head(conn, id, &hash)?;
    Ok(id)
}

/// The event's details with the acting user's display name added (guard rail 7): the `user`
/// column is the OS login, and the name the user chose to be shown stands beside it, so a
/// changed display name never changes who the log says acted.
fn with_display_name(mut details: serde_json::Value, act: &Act) -> serde_json::Value {
    if let (Some(name), Some(map)) = (&act.display_name, details.as_object_mut()) {
        map.insert("display_name".to_string(), serde_json::json!(name));
    }
    details
}

/// Walks the whole chain and names the first event that does not check out.
pub fn verify(conn: &Connection) -> Result<Verification, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {RAW_COLUMNS} FROM audit_events ORDER BY id"
    ))?;
    let mut rows = stmt.query([])?;
    let mut prev = GENESIS.to_string();
    let mut expected_id = 1;
    let mut events = 0;
    let mut resigned: Option<Resigned> = None;
    let mut sealed = false;
    while let Some(r) = rows.next()? {
        events += 1;
        let e = RawEvent::read(r)?;
        let broken = |reason: &str| {
            Ok(Verification {
                events,
                first_broken: Some(BrokenLink {
                    event_id: e.id,
                    reason: reason.to_string(),
                }),
                resigned_from_unkeyed: resigned.clone(),
            })
        };
        if e.id != expected_id {
            return broken(&format!("expected event {expected_id}, found {}", e.id));
        }
        if e.prev_hash != prev {
            return broken("does not link to the previous event");
        }
        if mac(conn, &e.canonical(&e.prev_hash))? != e.hash {
            return broken("content does not match its MAC (edited)");
        }
        if e.action == Action::AuditKeyed.code() {
            match resigned_by(&e, sealed) {
                Ok(r) => resigned = (r.last_event > 0).then_some(r),
                Err(reason) => return broken(reason),
            }
            sealed = true;
        }
        prev = e.hash;
        expected_id += 1;
    }
    let last_id = expected_id - 1;
    let first_broken =
        check_head(conn, last_id, &prev)?.map(|(event_id, reason)| BrokenLink { event_id, reason });
    Ok(Verification {
        events,
        first_broken,
        resigned_from_unkeyed: resigned,
    })
}

/// What an `audit_keyed` event re-signed. A store is sealed once, when it is encrypted, and
/// the sealing follows right after the events it re-signed; anything else is a chain that was
/// re-signed to hide what it held.
fn resigned_by(e: &RawEvent, sealed_before: bool) -> Result<Resigned, &'static str> {
    if sealed_before {
        return Err("the chain was re-signed from an unkeyed chain a second time");
    }
    let details: serde_json::Value =
        serde_json::from_str(&e.details).map_err(|_| "the sealing event's details are invalid")?;
    let legacy = details["legacy_events"]
        .as_i64()
        .ok_or("the sealing event's details are invalid")?;
    if legacy != e.id - 1 {
        return Err("the sealing event does not follow the events it re-signed");
    }
    Ok(Resigned {
        last_event: legacy,
        sealed_by_event: e.id,
    })
}

/// Compares the chain's end with the MAC'd head record: events cut off the end leave the head
/// pointing past the last row.
fn check_head(
    conn: &Connection,
    last_id: i64,
    last_hash: &str,
) -> Result<Option<(i64, String)>, StoreError> {
    let head: Option<(i64, String, String)> = conn
        .query_row(
            "SELECT last_id, last_hash, mac FROM audit_head WHERE singleton = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((head_id, head_hash, head_mac)) = head else {
        return Ok((last_id > 0).then(|| {
            (
                last_id + 1,
                "the head record is missing: events after this point may have been removed"
                    .to_string(),
            )
        }));
    };
    if mac(conn, &head_text(head_id, &head_hash))? != head_mac {
        return Ok(Some((
            last_id + 1,
            "the head record does not match its MAC (edited)".to_string(),
        )));
    }
    Ok(if head_id > last_id {
        Some((
            last_id + 1,
            format!(
                "events {}–{head_id} are missing: the log was cut short",
                last_id + 1
            ),
        ))
    } else if head_id < last_id {
        Some((
            head_id + 1,
            "event written behind inkom's back (not in the head record)".to_string(),
        ))
    } else if head_hash != last_hash {
        Some((
            last_id,
            "the last event is not the one the head record names".to_string(),
        ))
    } else {
        None
    })
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
/// unencrypted database, never on an encrypted one: there, an unkeyed chain is tampering.
pub(crate) fn seal_legacy_chain(conn: &mut Connection) -> Result<Option<Sealed>, StoreError> {
    let tx = conn.transaction()?;
    let rows: Vec<RawEvent> = tx
        .prepare(&format!(
            "SELECT {RAW_COLUMNS} FROM audit_events ORDER BY id"
        ))?
        .query_map([], RawEvent::read)?
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
    tx.execute_batch(crate::store::AUDIT_GUARDS)?;
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
    append(&tx, &act, None, Action::AuditKeyed, details)?;
    tx.commit()?;
    Ok(Some(sealed))
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
