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
//! This module is the trail's meaning: what can happen ([`Action`]), what an event says, and
//! what a verification of the chain finds. The rows, the MAC and the sealing of an old unkeyed
//! chain are storage, in [`crate::store::audit`], which this module calls and which never calls
//! back.

use std::ops::ControlFlow;

use chrono::{DateTime, FixedOffset};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::model::Act;
use crate::store::StoreError;
pub use crate::store::audit::Sealed;
use crate::store::audit::{self as stored, GENESIS, StoredEvent};
use crate::store::items;
#[cfg(doc)]
use crate::store::items::ImportedDigest;

/// What happened. Stored as its code; new actions are added, never renamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Items were stored by an import: one event per imported file with the items' id range
    /// and an [`ImportedDigest`](crate::store::items::ImportedDigest) of them (before issue 15,
    /// one event per item, with its id).
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
    /// The passphrase that unlocks the store was changed (nothing of either passphrase is
    /// recorded).
    PassphraseChanged,
    /// The store's data key was sealed to the unit's recovery key (issue 16).
    SealedForRecovery,
    /// The store was opened with the unit's recovery key, read-only (issue 16).
    Recovered,
}

impl Action {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Action::Imported => stored::IMPORTED,
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
            Action::AuditKeyed => stored::AUDIT_KEYED,
            Action::AuditExported => "audit_exported",
            Action::Unclassified => "unclassified",
            Action::DiarienummerRecorded => "diarienummer_recorded",
            Action::FiledConfirmed => "filed_confirmed",
            Action::Held => "held",
            Action::Released => "released",
            Action::ListSentToPrinter => "list_sent_to_printer",
            Action::ReceivedCorrected => "received_corrected",
            Action::GallringsbeslutAdded => "gallringsbeslut_added",
            Action::PassphraseChanged => "passphrase_changed",
            Action::SealedForRecovery => "sealed_for_recovery",
            Action::Recovered => "recovered",
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

impl AuditEvent {
    /// The ids of the items an import's event stored (`None` for any other event, and for an
    /// older store's event per item, which names its item in `item_id`).
    pub fn imported_items(&self) -> Option<std::ops::RangeInclusive<i64>> {
        if self.action != Action::Imported.code() || self.item_id.is_some() {
            return None;
        }
        let items = ImportedItems::deserialize(&self.details).ok()?;
        Some(items.first_item..=items.last_item)
    }
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

/// Appends an event. Call it inside the same transaction as the change it records, so the
/// change and its trace commit or vanish together.
pub fn append(
    conn: &Connection,
    act: &Act,
    item_id: Option<i64>,
    action: Action,
    details: serde_json::Value,
) -> Result<i64, StoreError> {
    let details = with_display_name(details, act).to_string();
    stored::append_event(conn, act, item_id, action.code(), &details)
}

/// Appends a run of events in one transaction, moving the head record once at the end
/// ([`crate::store::audit::ChainWriter`]), with details serialised from a struct (an import's
/// event). [`Events::finish`] must run before the commit.
#[must_use = "the head record moves only in finish()"]
pub(crate) struct Events<'c>(stored::ChainWriter<'c>);

impl<'c> Events<'c> {
    /// Starts at the chain's current end.
    pub(crate) fn new(conn: &'c Connection) -> Result<Self, StoreError> {
        Ok(Events(stored::ChainWriter::new(conn)?))
    }

    /// Appends one event whose details are a struct, serialised as it is with the display name
    /// after its fields (no JSON value built per event: an import writes one per item, issue
    /// 15). The details must serialise to a JSON object.
    pub(crate) fn append<T: serde::Serialize>(
        &mut self,
        act: &Act,
        item_id: Option<i64>,
        action: Action,
        details: &T,
    ) -> Result<i64, StoreError> {
        #[derive(serde::Serialize)]
        struct Named<'a, T> {
            #[serde(flatten)]
            details: &'a T,
            #[serde(skip_serializing_if = "Option::is_none")]
            display_name: Option<&'a str>,
        }
        let details = serde_json::to_string(&Named {
            details,
            display_name: act.display_name.as_deref(),
        })
        .map_err(|_| StoreError::Corrupt {
            id: item_id.unwrap_or(0),
            field: "details",
        })?;
        self.0.append(act, item_id, action.code(), &details)
    }

    /// Moves the head record to the last event appended.
    pub(crate) fn finish(self) -> Result<(), StoreError> {
        self.0.finish()
    }
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
    let mut prev = GENESIS.to_string();
    let mut expected_id = 1;
    let mut events = 0;
    let mut resigned: Option<Resigned> = None;
    let mut sealed = false;
    let mut imports = Coverage::default();
    let broken = stored::walk_events(conn, |e| {
        events += 1;
        let broken = |reason: &str| {
            Ok(ControlFlow::Break(BrokenLink {
                event_id: e.id,
                reason: reason.to_string(),
            }))
        };
        if e.id != expected_id {
            return broken(&format!("expected event {expected_id}, found {}", e.id));
        }
        if e.prev_hash != prev {
            return broken("does not link to the previous event");
        }
        if !stored::mac_matches(conn, &e)? {
            return broken("content does not match its MAC (edited)");
        }
        match import_checked(conn, &e)? {
            Import::Not => {}
            Import::Stored(items) => imports.add(items),
            Import::Mismatch(reason) => return broken(reason),
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
        Ok(ControlFlow::Continue(()))
    })?;
    let first_broken = match broken {
        Some(link) => Some(link),
        None => check_head(conn, expected_id - 1, &prev)?
            .or(imports.first_uncovered(conn)?.map(|id| {
                (
                    expected_id - 1,
                    format!("item {id} was stored by no import in the log (added outside inkom)"),
                )
            }))
            .map(|(event_id, reason)| BrokenLink { event_id, reason }),
    };
    Ok(Verification {
        events,
        first_broken,
        resigned_from_unkeyed: resigned,
    })
}

/// The details of an import's event (one per imported file): the file and what it stored.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ImportedDetails<'a> {
    /// The source file's SHA-256, so a later deletion can find the file.
    pub source_sha256: &'a str,
    /// The format inkom read it as.
    pub format: crate::import::Format,
    /// The items it stored.
    #[serde(flatten)]
    pub items: ImportedItems,
}

/// The items one import stored, as its event records them (the field names are also read by
/// the item-history query in [`crate::store::audit`], `details ->> '$.first_item'`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ImportedItems {
    /// How many.
    pub items: u64,
    /// The first one's id.
    pub first_item: i64,
    /// The last one's id; an import's items are `first_item..=last_item`.
    pub last_item: i64,
    /// [`ImportedDigest::sha256`] of them when they were stored.
    pub items_sha256: String,
}

impl ImportedItems {
    /// The items with ids `first..=last` as stored now.
    pub(crate) fn of(conn: &Connection, first: i64, last: i64) -> Result<Self, StoreError> {
        let digest = items::imported_digest(conn, first, last)?;
        Ok(ImportedItems {
            items: digest.items,
            first_item: first,
            last_item: last,
            items_sha256: digest.sha256,
        })
    }
}

/// What an event says about imported items.
enum Import {
    /// It is not an import's event.
    Not,
    /// It is, and these items are still what it recorded (an older store's event per item
    /// names its one item).
    Stored(std::ops::RangeInclusive<i64>),
    /// It is, and they are not: why.
    Mismatch(&'static str),
}

/// Whether an import event's items are still what it recorded: the same number, with the
/// same ids and fingerprints. An item edited, slipped into the range or removed from it breaks
/// the chain at the import's event.
fn import_checked(conn: &Connection, e: &StoredEvent) -> Result<Import, StoreError> {
    if e.action != Action::Imported.code() {
        return Ok(Import::Not);
    }
    if let Some(id) = e.item_id {
        return Ok(Import::Stored(id..=id)); // an older store's event per item
    }
    let Ok(recorded) = serde_json::from_str::<ImportedItems>(&e.details) else {
        return Ok(Import::Mismatch("the import event's details are invalid"));
    };
    let now = ImportedItems::of(conn, recorded.first_item, recorded.last_item)?;
    Ok(if now == recorded {
        Import::Stored(recorded.first_item..=recorded.last_item)
    } else {
        Import::Mismatch(
            "the items this import stored no longer match it (edited, added or removed)",
        )
    })
}

/// The items the log's imports stored. Every item comes from an import (items are never
/// deleted), so an item outside all of them was put into the store some other way.
#[derive(Default)]
struct Coverage(Vec<std::ops::RangeInclusive<i64>>);

impl Coverage {
    fn add(&mut self, items: std::ops::RangeInclusive<i64>) {
        self.0.push(items);
    }

    /// The lowest item id that no import stored, if any.
    fn first_uncovered(mut self, conn: &Connection) -> Result<Option<i64>, StoreError> {
        self.0.sort_by_key(|r| *r.start());
        let mut ranges = self.0.into_iter().peekable();
        let mut covered_to = i64::MIN; // every id up to here is covered
        let mut stmt = conn.prepare("SELECT id FROM items ORDER BY id")?;
        let mut ids = stmt.query([])?;
        while let Some(row) = ids.next()? {
            let id: i64 = row.get(0)?;
            while id > covered_to {
                match ranges.next_if(|r| *r.start() <= id) {
                    Some(r) => covered_to = covered_to.max(*r.end()),
                    None => return Ok(Some(id)),
                }
            }
        }
        Ok(None)
    }
}

/// What an `audit_keyed` event re-signed. A store is sealed once, when it is encrypted, and
/// the sealing follows right after the events it re-signed; anything else is a chain that was
/// re-signed to hide what it held.
fn resigned_by(e: &StoredEvent, sealed_before: bool) -> Result<Resigned, &'static str> {
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
    let Some(head) = stored::head(conn)? else {
        return Ok((last_id > 0).then(|| {
            (
                last_id + 1,
                "the head record is missing: events after this point may have been removed"
                    .to_string(),
            )
        }));
    };
    if !head.mac_ok {
        return Ok(Some((
            last_id + 1,
            "the head record does not match its MAC (edited)".to_string(),
        )));
    }
    let (head_id, head_hash) = (head.last_id, head.last_hash);
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

/// Events, oldest first, for one item or all.
pub fn log(conn: &Connection, item_id: Option<i64>) -> Result<Vec<AuditEvent>, StoreError> {
    stored::events(conn, item_id)?
        .into_iter()
        .map(|e| {
            let corrupt = |field| StoreError::Corrupt { id: e.id, field };
            Ok(AuditEvent {
                id: e.id,
                at: DateTime::parse_from_rfc3339(&e.at).map_err(|_| corrupt("audit.at"))?,
                user: e.user,
                item_id: e.item_id,
                action: e.action,
                details: serde_json::from_str(&e.details).map_err(|_| corrupt("audit.details"))?,
                prev_hash: e.prev_hash,
                hash: e.hash,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn act() -> Act {
        let at = DateTime::parse_from_rfc3339("2026-11-02T10:00:00+01:00").expect("time");
        Act::new(at, "lena")
    }

    /// Imports in any order, overlapping or one item each (an older store's events), cover
    /// their ids; the first id none of them stored is named.
    #[test]
    fn coverage_names_the_first_item_no_import_stored() {
        let conn = Connection::open_in_memory().expect("db");
        conn.execute_batch("CREATE TABLE items (id INTEGER PRIMARY KEY);")
            .expect("table");
        let uncovered = |ids: &[i64], ranges: &[(i64, i64)]| {
            conn.execute("DELETE FROM items", []).expect("clear");
            for id in ids {
                conn.execute("INSERT INTO items (id) VALUES (?1)", [id])
                    .expect("item");
            }
            let mut c = Coverage::default();
            for (a, b) in ranges {
                c.add(*a..=*b);
            }
            c.first_uncovered(&conn).expect("query")
        };
        assert_eq!(uncovered(&[], &[]), None);
        assert_eq!(uncovered(&[1, 2, 3], &[(1, 3)]), None);
        assert_eq!(uncovered(&[1, 2, 3, 4], &[(3, 4), (1, 1), (2, 2)]), None);
        assert_eq!(uncovered(&[1, 2, 3, 4, 5], &[(1, 4), (2, 3)]), Some(5));
        assert_eq!(uncovered(&[1, 2, 3, 4, 5], &[(1, 2), (4, 5)]), Some(3));
        assert_eq!(uncovered(&[1, 7], &[(1, 5), (7, 7)]), None);
        assert_eq!(uncovered(&[1], &[]), Some(1));
    }

    /// An import's run of events is chained like single ones, and the head record catches up
    /// only at `finish`: until then the chain reads as written behind inkom's back.
    #[test]
    fn a_run_of_events_is_one_chain_and_the_head_moves_at_finish() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store =
            Store::open_with_passphrase(dir.path(), "rätt häftklammer 42").expect("open");
        let tx = store.write().expect("write");
        append(
            &tx,
            &act(),
            None,
            Action::SettingChanged,
            serde_json::json!({}),
        )
        .expect("one");
        let mut events = Events::new(&tx).expect("writer");
        let ids: Vec<i64> = (0..3)
            .map(|n| {
                let details = serde_json::json!({ "n": n });
                events.append(&act(), None, Action::SettingChanged, &details)
            })
            .collect::<Result<_, _>>()
            .expect("appended");
        assert_eq!(ids, [2, 3, 4]);
        let before = verify(&tx).expect("verify");
        assert_eq!(before.first_broken.map(|b| b.event_id), Some(2));
        events.finish().expect("finish");
        let after = verify(&tx).expect("verify");
        assert_eq!((after.events, after.first_broken), (4, None));
        append(
            &tx,
            &act(),
            None,
            Action::SettingChanged,
            serde_json::json!({}),
        )
        .expect("next");
        tx.commit().expect("commit");
        let v = verify(store.conn()).expect("verify");
        assert_eq!((v.events, v.first_broken), (5, None));
    }
}
