//! Items, their attachments and registrations: the SQL and the mapping to [`crate::model`].
//!
//! These functions take a `&Connection` (a `Transaction` derefs to one) and check nothing about
//! the lifecycle: the rules live in [`crate::lifecycle`], which calls these inside one
//! transaction per user action.

use chrono::{DateTime, FixedOffset, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Store, StoreError};
use crate::model::{
    Act, Attachment, Channel, Class, Classification, Direction, Hold, Item, MailMarks, MessageIds,
    NewItem, Part, Prepared, Registration, SourceRef, State,
};

/// What `insert` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inserted {
    /// A new item with this id.
    New(i64),
    /// The same message was already stored as this item.
    Duplicate(i64),
}

/// Filter for [`Store::list`].
#[derive(Debug, Clone, Default)]
pub struct ItemFilter {
    /// Only items in this state.
    pub state: Option<State>,
    /// Only items of this class.
    pub class: Option<Class>,
    /// Only items that arrived at or after this instant.
    pub received_from: Option<DateTime<Utc>>,
    /// Only items that arrived before this instant.
    pub received_before: Option<DateTime<Utc>>,
}

/// How many rows an update touched; used to assert that a guarded update really happened.
pub type RowsChanged = usize;

/// The act columns an item has, one triple (`_at`, `_by`, `_name`: when, the login, the display
/// name then set) each.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ActColumn {
    Printed,
    SourceDeleted,
    Purged,
    Culled,
    Filed,
}

impl ActColumn {
    fn prefix(self) -> &'static str {
        match self {
            ActColumn::Printed => "printed",
            ActColumn::SourceDeleted => "source_deleted",
            ActColumn::Purged => "purged",
            ActColumn::Culled => "culled",
            ActColumn::Filed => "filed",
        }
    }
}

fn ts(t: &DateTime<FixedOffset>) -> String {
    t.to_rfc3339()
}

fn parse_ts(id: i64, field: &'static str, s: &str) -> Result<DateTime<FixedOffset>, StoreError> {
    DateTime::parse_from_rfc3339(s).map_err(|_| StoreError::Corrupt { id, field })
}

/// `value` as JSON, or NULL when `empty` (an absent list or mark set is stored as NULL).
fn json_unless(
    empty: bool,
    value: &impl serde::Serialize,
    field: &'static str,
) -> Result<Option<String>, StoreError> {
    if empty {
        return Ok(None);
    }
    serde_json::to_string(value)
        .map(Some)
        .map_err(|_| StoreError::Corrupt { id: 0, field })
}

/// Inserts a new item with its attachments, or reports the existing one with the same
/// fingerprint.
///
/// One statement per new item: the keyed fingerprint is computed inside the INSERT and the
/// unique index on it finds a duplicate (`ON CONFLICT DO NOTHING`, then one lookup for its id),
/// instead of a lookup before every insert (issue 15: import at the speed of the disk). No
/// `RETURNING`: it would run the statement in a savepoint with a statement journal; the new id
/// is the connection's last inserted rowid (a trigger's own inserts do not change it).
///
/// `plain_fingerprint` is [`NewItem::fingerprint`] of `item`; the caller has it already (it also
/// decides whether the message needs a [`record_taken`] of its own).
pub(crate) fn insert(
    conn: &Connection,
    item: &NewItem,
    prepared: &Prepared,
    act: &Act,
) -> Result<Inserted, StoreError> {
    let plain_fingerprint = prepared.fingerprint.as_str();
    let recipients = serde_json::to_string(&item.recipients).map_err(|_| StoreError::Corrupt {
        id: 0,
        field: "recipients",
    })?;
    let cc =
        serde_json::to_string(&item.cc).map_err(|_| StoreError::Corrupt { id: 0, field: "cc" })?;
    let mail_marks = json_unless(item.mail_marks.is_empty(), &item.mail_marks, "mail_marks")?;
    let bcc = json_unless(item.bcc.is_empty(), &item.bcc, "bcc")?;
    let source_notes = json_unless(item.source.notes.is_empty(), &item.source.notes, "notes")?;
    let sql = format!(
        "INSERT INTO items (fingerprint, state, channel, direction, sender, recipients,
             received_at, received_at_utc, subject, body, source_path, source_locator,
             source_sha256, imported_at, imported_by, parts, cc, page_address, body_html,
             mail_marks, source_notes, sent_at, drawn_up, message_id, in_reply_to, bcc)
         VALUES ({}(?1), 'imported', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,
             ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)
         ON CONFLICT (fingerprint) DO NOTHING",
        super::keyed::FINGERPRINT_FN
    );
    let inserted = conn.prepare_cached(&sql)?.execute(params![
        plain_fingerprint,
        item.channel.code(),
        item.direction.code(),
        item.sender,
        recipients,
        ts(&item.received_at),
        item.received_at.with_timezone(&Utc).to_rfc3339(),
        item.subject,
        item.body,
        item.source.path,
        item.source.locator,
        item.source.file_sha256,
        ts(&act.at),
        act.by,
        prepared.parts_json,
        cc,
        item.page_address,
        item.body_html,
        mail_marks,
        source_notes,
        item.sent_at.as_ref().map(ts),
        item.drawn_up,
        item.message_ids.id,
        item.message_ids.in_reply_to,
        bcc,
    ])?;
    let new_id = (inserted == 1).then(|| conn.last_insert_rowid());
    let Some(id) = new_id else {
        return match with_fingerprint(conn, plain_fingerprint)? {
            Some(existing) => Ok(Inserted::Duplicate(existing)),
            None => Err(StoreError::Corrupt {
                id: 0,
                field: "fingerprint",
            }),
        };
    };
    let mut stmt = conn.prepare_cached(
        "INSERT INTO attachments (item_id, position, name, mime, size, sha256, bytes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (pos, a) in item.attachments.iter().enumerate() {
        stmt.execute(params![
            id,
            pos as i64,
            a.name,
            a.mime,
            a.size as i64,
            a.sha256,
            a.bytes
        ])?;
    }
    Ok(Inserted::New(id))
}

/// What one import stored, as its single `imported` audit event records it: how many items, and
/// a SHA-256 over each item's id and keyed fingerprint in id order (`"{id} {fingerprint}\n"`).
/// The fingerprint covers the message's content hash and is kept after purge, so the digest of
/// a range stays checkable for as long as the store exists; an item edited, added to or removed
/// from the range no longer matches it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImportedDigest {
    /// Items with an id in the range.
    pub items: u64,
    /// The SHA-256, hex.
    pub sha256: String,
}

/// The [`ImportedDigest`] of the items with ids `first..=last` as they are stored now.
pub(crate) fn imported_digest(
    conn: &Connection,
    first: i64,
    last: i64,
) -> Result<ImportedDigest, StoreError> {
    use sha2::{Digest, Sha256};
    use std::io::Write;
    let mut stmt = conn.prepare_cached(
        "SELECT id, fingerprint FROM items WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
    )?;
    let mut rows = stmt.query([first, last])?;
    let mut hash = Sha256::new();
    let mut line = Vec::with_capacity(96);
    let mut items = 0;
    while let Some(row) = rows.next()? {
        line.clear();
        let id: i64 = row.get(0)?;
        let fingerprint = row.get_ref(1)?.as_str().map_err(|_| StoreError::Corrupt {
            id,
            field: "fingerprint",
        })?;
        // Writing into a Vec cannot fail.
        let _ = writeln!(line, "{id} {fingerprint}");
        hash.update(&line);
        items += 1;
    }
    Ok(ImportedDigest {
        items,
        sha256: crate::model::hex_lower(&hash.finalize()),
    })
}

/// Records that an import took this message (by its plain fingerprint) from a source file; the
/// store keeps only the keyed fingerprint. Not needed for a message stored (or found stored) as
/// an item with the same fingerprint: items are never deleted and keep their fingerprint after
/// purge, and [`is_in_store`] looks there too (a per-message import skips it so, issue 15).
/// Returns whether it is new: `false` when an import (this one or an earlier) recorded it.
pub(crate) fn record_taken(conn: &Connection, plain_fingerprint: &str) -> Result<bool, StoreError> {
    let sql = format!(
        "INSERT OR IGNORE INTO source_messages (message_key) VALUES ({}(?1))",
        super::keyed::FINGERPRINT_FN
    );
    Ok(conn.prepare_cached(&sql)?.execute([plain_fingerprint])? == 1)
}

/// Remembers `id` as the newest conversation item of the SMS thread `thread` ([`NewItem::thread`]),
/// by the thread's keyed key: a later import of the grown thread names it
/// ([`conversation_of`]).
pub(crate) fn record_conversation(
    conn: &Connection,
    thread: &str,
    id: i64,
) -> Result<(), StoreError> {
    let sql = format!(
        "INSERT INTO conversation_items (thread_key, item_id) VALUES ({}(?1), ?2)
         ON CONFLICT (thread_key) DO UPDATE SET item_id = max(item_id, excluded.item_id)",
        super::keyed::FINGERPRINT_FN
    );
    conn.prepare_cached(&sql)?
        .execute(rusqlite::params![thread, id])?;
    Ok(())
}

/// The newest conversation item of the SMS thread `thread`, if an import stored one (since
/// schema 17).
pub(crate) fn conversation_of(conn: &Connection, thread: &str) -> Result<Option<i64>, StoreError> {
    let sql = format!(
        "SELECT item_id FROM conversation_items WHERE thread_key = {}(?1)",
        super::keyed::FINGERPRINT_FN
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([thread], |r| r.get(0))
        .optional()?)
}

/// The item with this (plain) fingerprint, if there is one.
pub(crate) fn with_fingerprint(
    conn: &Connection,
    plain_fingerprint: &str,
) -> Result<Option<i64>, StoreError> {
    let sql = format!(
        "SELECT id FROM items WHERE fingerprint = {}(?1)",
        super::keyed::FINGERPRINT_FN
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([plain_fingerprint], |r| r.get(0))
        .optional()?)
}

/// Is this message (by its plain fingerprint) recorded as taken ([`record_taken`]; looked for
/// only when `taken`), or an item of its own with an id up to `alone_up_to` (looked for only
/// when given)? The one lookup of "is this message in inkom" for the export-file check, the
/// import and its preview: one statement, the keyed fingerprint computed once.
pub(crate) fn held(
    conn: &Connection,
    plain_fingerprint: &str,
    taken: bool,
    alone_up_to: Option<i64>,
) -> Result<bool, StoreError> {
    let sql = format!(
        "SELECT (?2 AND EXISTS (SELECT 1 FROM source_messages WHERE message_key = k.v))
             OR (?3 IS NOT NULL AND EXISTS (SELECT 1 FROM items WHERE fingerprint = k.v AND id <= ?3))
         FROM (SELECT {}(?1) AS v) AS k",
        super::keyed::FINGERPRINT_FN
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![plain_fingerprint, taken, alone_up_to], |r| r.get(0))?)
}

/// Is this message (by its plain fingerprint) in inkom: taken by an import from some file, or
/// stored as an item of its own (also by an inkom that did not yet record what it took)?
pub(crate) fn is_in_store(conn: &Connection, plain_fingerprint: &str) -> Result<bool, StoreError> {
    held(conn, plain_fingerprint, true, Some(i64::MAX))
}

/// [`is_in_store`] for `message` (its `fingerprint` given), or under the fingerprint an older
/// inkom stored it by ([`NewItem::written_fingerprint`]: an SMS with its contact names).
pub(crate) fn message_in_store(
    conn: &Connection,
    message: &NewItem,
    fingerprint: &str,
) -> Result<bool, StoreError> {
    Ok(is_in_store(conn, fingerprint)?
        || match message.written_fingerprint() {
            Some(written) => is_in_store(conn, &written)?,
            None => false,
        })
}

const ITEM_COLUMNS: &str = "id, state, channel, direction, sender, recipients, received_at,
    subject, body, source_path, source_locator, source_sha256, imported_at, imported_by, class,
    classification, classified_at, classified_by, printed_at, printed_by, source_deleted_at,
    source_deleted_by, source_deleted_where, purged_at, purged_by, culled_at, culled_by,
    cull_decision, parts, cc, page_address, body_html, mail_marks, filed_at, filed_by,
    held_reason, held_at, held_by, source_notes, sent_at, drawn_up, message_id, in_reply_to,
    received_original, printed_name, source_deleted_name, purged_name, culled_name, filed_name, bcc";

fn act(
    id: i64,
    field: &'static str,
    at: Option<String>,
    by: Option<String>,
) -> Result<Option<Act>, StoreError> {
    match (at, by) {
        (Some(at), Some(by)) => Ok(Some(Act::new(parse_ts(id, field, &at)?, by))),
        (None, None) => Ok(None),
        _ => Err(StoreError::Corrupt { id, field }),
    }
}

/// An act recorded by [`record_act`], with the display name the user had set then.
fn named_act(
    id: i64,
    field: &'static str,
    at: Option<String>,
    by: Option<String>,
    name: Option<String>,
) -> Result<Option<Act>, StoreError> {
    Ok(act(id, field, at, by)?.map(|a| Act {
        display_name: name,
        ..a
    }))
}

fn item_from_row(r: &Row<'_>) -> Result<Item, StoreError> {
    let id: i64 = r.get(0)?;
    let corrupt = |field| StoreError::Corrupt { id, field };
    let state = State::from_code(&r.get::<_, String>(1)?).ok_or(corrupt("state"))?;
    let channel = Channel::from_code(&r.get::<_, String>(2)?).ok_or(corrupt("channel"))?;
    let direction = Direction::from_code(&r.get::<_, String>(3)?).ok_or(corrupt("direction"))?;
    let recipients: Vec<String> =
        serde_json::from_str(&r.get::<_, String>(5)?).map_err(|_| corrupt("recipients"))?;
    let class = match r.get::<_, Option<String>>(14)? {
        Some(c) => Some(Class::from_code(&c).ok_or(corrupt("class"))?),
        None => None,
    };
    let classification: Option<Classification> = match r.get::<_, Option<String>>(15)? {
        Some(j) => Some(serde_json::from_str(&j).map_err(|_| corrupt("classification"))?),
        None => None,
    };
    let cc: Vec<String> =
        serde_json::from_str(&r.get::<_, String>(29)?).map_err(|_| corrupt("cc"))?;
    // NULL for an item stored before schema 21, or with no Bcc.
    let bcc: Vec<String> = match r.get::<_, Option<String>>(49)? {
        Some(j) => serde_json::from_str(&j).map_err(|_| corrupt("bcc"))?,
        None => Vec::new(),
    };
    let parts: Vec<Part> = match r.get::<_, Option<String>>(28)? {
        Some(j) => serde_json::from_str(&j).map_err(|_| corrupt("parts"))?,
        None => Vec::new(),
    };
    let mail_marks: MailMarks = match r.get::<_, Option<String>>(32)? {
        Some(j) => serde_json::from_str(&j).map_err(|_| corrupt("mail_marks"))?,
        None => MailMarks::default(),
    };
    Ok(Item {
        id,
        state,
        channel,
        direction,
        sender: r.get(4)?,
        recipients,
        cc,
        bcc,
        page_address: r.get(30)?,
        body_html: r.get(31)?,
        received_at: parse_ts(id, "received_at", &r.get::<_, String>(6)?)?,
        sent_at: match r.get::<_, Option<String>>(39)? {
            Some(t) => Some(parse_ts(id, "sent_at", &t)?),
            None => None,
        },
        drawn_up: r.get(40)?,
        message_ids: MessageIds {
            id: r.get(41)?,
            in_reply_to: r.get(42)?,
        },
        received_original: match r.get::<_, Option<String>>(43)? {
            Some(t) => Some(parse_ts(id, "received_original", &t)?),
            None => None,
        },
        subject: r.get(7)?,
        body: r.get(8)?,
        attachments: Vec::new(),
        parts,
        source: SourceRef {
            path: r.get::<_, Option<String>>(9)?.unwrap_or_default(),
            locator: r.get(10)?,
            file_sha256: r.get(11)?,
            notes: match r.get::<_, Option<String>>(38)? {
                Some(j) => serde_json::from_str(&j).map_err(|_| corrupt("source_notes"))?,
                None => Vec::new(),
            },
        },
        imported: act(id, "imported", r.get(12)?, r.get(13)?)?.ok_or(corrupt("imported"))?,
        class,
        classification,
        classified: act(id, "classified", r.get(16)?, r.get(17)?)?,
        registration: None,
        printed: named_act(id, "printed", r.get(18)?, r.get(19)?, r.get(44)?)?,
        source_deleted: named_act(id, "source_deleted", r.get(20)?, r.get(21)?, r.get(45)?)?,
        source_deleted_where: r.get(22)?,
        purged: named_act(id, "purged", r.get(23)?, r.get(24)?, r.get(46)?)?,
        culled: named_act(id, "culled", r.get(25)?, r.get(26)?, r.get(47)?)?,
        cull_decision: r.get(27)?,
        mail_marks,
        filed: named_act(id, "filed", r.get(33)?, r.get(34)?, r.get(48)?)?,
        hold: match (
            r.get::<_, Option<String>>(35)?,
            act(id, "held", r.get(36)?, r.get(37)?)?,
        ) {
            (Some(reason), Some(set)) => Some(Hold { reason, set }),
            (None, None) => None,
            _ => return Err(corrupt("held")),
        },
    })
}

/// Item `id`'s attachments with their content (empty bytes once purged or culled).
pub(crate) fn attachments_with_bytes(
    conn: &Connection,
    id: i64,
) -> Result<Vec<Attachment>, StoreError> {
    attachments(conn, id, true)
}

fn attachments(
    conn: &Connection,
    id: i64,
    with_bytes: bool,
) -> Result<Vec<Attachment>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, mime, size, sha256, CASE WHEN ?2 THEN bytes END
         FROM attachments WHERE item_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map(params![id, with_bytes], |r| {
        Ok(Attachment {
            name: r.get(0)?,
            mime: r.get(1)?,
            size: r.get::<_, i64>(2)? as u64,
            sha256: r.get(3)?,
            bytes: r.get::<_, Option<Vec<u8>>>(4)?.unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// An attachment as a list of an item's attachments shows it: no bytes, but whether they are
/// still stored (purge removes them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AttachmentEntry {
    /// The attachment's row id (to fetch its bytes with [`attachment_content`]).
    pub id: i64,
    /// File name.
    pub name: String,
    /// MIME type.
    pub mime: String,
    /// Size in bytes.
    pub size: u32,
    /// SHA-256, hex.
    pub sha256: String,
    /// Whether the bytes are still stored.
    pub stored: bool,
}

/// Item `id`'s attachments in their order, without their bytes: what the item view lists.
pub(crate) fn attachment_entries(
    conn: &Connection,
    id: i64,
) -> Result<Vec<AttachmentEntry>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, mime, size, sha256, bytes IS NOT NULL FROM attachments
         WHERE item_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(AttachmentEntry {
            id: r.get(0)?,
            name: r.get(1)?,
            mime: r.get(2)?,
            size: r.get(3)?,
            sha256: r.get(4)?,
            stored: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One attachment's content, for a preview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AttachmentContent {
    /// MIME type.
    pub mime: String,
    /// The bytes; `None` once purged.
    pub bytes: Option<Vec<u8>>,
}

/// One attachment's content by its row id; `None` when there is no such attachment. For a
/// preview, which must not load the whole item.
pub(crate) fn attachment_content(
    conn: &Connection,
    attachment_id: i64,
) -> Result<Option<AttachmentContent>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT mime, bytes FROM attachments WHERE id = ?1",
            [attachment_id],
            |r| {
                Ok(AttachmentContent {
                    mime: r.get(0)?,
                    bytes: r.get(1)?,
                })
            },
        )
        .optional()?)
}

/// How many items the store holds, in any state: zero means a fresh store (set-up, demo data).
pub(crate) fn count(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("SELECT count(*) FROM items", [], |r| r.get(0))?)
}

fn registration(conn: &Connection, id: i64) -> Result<Option<Registration>, StoreError> {
    let row = conn
        .query_row(
            "SELECT designation, registered_at, registered_by, pdf_sha256, pdf_size, diarienummer
             FROM registrations WHERE item_id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ))
            },
        )
        .optional()?;
    row.map(|(designation, at, by, pdf_sha256, size, diarienummer)| {
        Ok(Registration {
            designation,
            registered_at: parse_ts(id, "registered_at", &at)?,
            registered_by: by,
            pdf_sha256,
            pdf_size: size as u64,
            diarienummer,
        })
    })
    .transpose()
}

/// Loads one item; attachment bytes only when `with_bytes` (printing needs them, listing not).
pub(crate) fn load(conn: &Connection, id: i64, with_bytes: bool) -> Result<Item, StoreError> {
    let sql = format!("SELECT {ITEM_COLUMNS} FROM items WHERE id = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([id])?;
    let row = rows.next()?.ok_or(StoreError::NotFound(id))?;
    let mut item = item_from_row(row)?;
    item.attachments = attachments(conn, id, with_bytes)?;
    item.registration = registration(conn, id)?;
    Ok(item)
}

/// Items in arrival order, optionally filtered. Attachment metadata only.
pub(crate) fn list(conn: &Connection, filter: &ItemFilter) -> Result<Vec<Item>, StoreError> {
    let sql = format!(
        "SELECT {ITEM_COLUMNS} FROM items
         WHERE (?1 IS NULL OR state = ?1) AND (?2 IS NULL OR class = ?2)
           AND (?3 IS NULL OR received_at_utc >= ?3) AND (?4 IS NULL OR received_at_utc < ?4)
         ORDER BY received_at_utc, id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params![
        filter.state.map(State::code),
        filter.class.map(Class::code),
        filter.received_from.map(|t| t.to_rfc3339()),
        filter.received_before.map(|t| t.to_rfc3339()),
    ])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let mut item = item_from_row(row)?;
        item.attachments = attachments(conn, item.id, false)?;
        item.registration = registration(conn, item.id)?;
        out.push(item);
    }
    Ok(out)
}

/// Sets the classification and moves the item to `classified`.
pub(crate) fn set_classification(
    conn: &Connection,
    id: i64,
    classification: &Classification,
    act: &Act,
) -> Result<RowsChanged, StoreError> {
    let json = serde_json::to_string(classification).map_err(|_| StoreError::Corrupt {
        id,
        field: "classification",
    })?;
    Ok(conn.execute(
        "UPDATE items SET state = 'classified', class = ?2, classification = ?3,
             classified_at = ?4, classified_by = ?5
         WHERE id = ?1",
        params![id, classification.class().code(), json, ts(&act.at), act.by],
    )?)
}

/// Removes the classification and moves the item back to `imported` (undo before registration).
pub(crate) fn clear_classification(conn: &Connection, id: i64) -> Result<RowsChanged, StoreError> {
    Ok(conn.execute(
        "UPDATE items SET state = 'imported', class = NULL, classification = NULL,
             classified_at = NULL, classified_by = NULL
         WHERE id = ?1",
        [id],
    )?)
}

/// Records an act (printed, source deleted, purged, culled) and, when given, the new state.
pub(crate) fn record_act(
    conn: &Connection,
    id: i64,
    column: ActColumn,
    new_state: Option<State>,
    act: &Act,
) -> Result<RowsChanged, StoreError> {
    let p = column.prefix();
    let sql = format!(
        "UPDATE items SET {p}_at = ?2, {p}_by = ?3, {p}_name = ?5, state = coalesce(?4, state)
         WHERE id = ?1"
    );
    Ok(conn.execute(
        &sql,
        params![
            id,
            ts(&act.at),
            act.by,
            new_state.map(State::code),
            act.display_name
        ],
    )?)
}

/// Records where the source was deleted.
pub(crate) fn set_source_deleted_where(
    conn: &Connection,
    id: i64,
    place: &str,
) -> Result<RowsChanged, StoreError> {
    Ok(conn.execute(
        "UPDATE items SET source_deleted_where = ?2 WHERE id = ?1",
        params![id, place],
    )?)
}

/// Corrects the date an item arrived (or was drawn up), whether it was drawn up, and its
/// chain-of-custody notes, which record the correction.
pub(crate) fn set_received(
    conn: &Connection,
    id: i64,
    at: &DateTime<FixedOffset>,
    drawn_up: bool,
    notes: &[String],
) -> Result<RowsChanged, StoreError> {
    let notes = json_unless(notes.is_empty(), &notes, "notes")?;
    Ok(conn.execute(
        "UPDATE items SET received_original = coalesce(received_original, received_at),
             received_at = ?2, received_at_utc = ?3, drawn_up = ?4, source_notes = ?5
         WHERE id = ?1",
        params![
            id,
            ts(at),
            at.with_timezone(&Utc).to_rfc3339(),
            drawn_up,
            notes
        ],
    )?)
}

/// The item whose e-mail `Message-ID` is `message_id` (the message a reply answers), if the
/// store holds it and has not purged it.
pub(crate) fn by_message_id(
    conn: &Connection,
    message_id: &str,
) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT id FROM items WHERE message_id = ?1 ORDER BY id LIMIT 1")?
        .query_row([message_id], |r| r.get(0))
        .optional()?)
}

/// Sets a hold (`Some`) or releases it (`None`).
pub(crate) fn set_hold(
    conn: &Connection,
    id: i64,
    hold: Option<&Hold>,
) -> Result<RowsChanged, StoreError> {
    Ok(conn.execute(
        "UPDATE items SET held_reason = ?2, held_at = ?3, held_by = ?4 WHERE id = ?1",
        params![
            id,
            hold.map(|h| h.reason.as_str()),
            hold.map(|h| ts(&h.set.at)),
            hold.map(|h| h.set.by.as_str())
        ],
    )?)
}

/// What removing content keeps, beyond received date, channel and designation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Keep {
    /// Keep the party: the sender, and for a sent document its recipients (false when secret).
    pub sender: bool,
    /// Keep the classification details (false for personakt: the client's identity goes).
    pub classification: bool,
    /// The medium the source was on ("tjänstetelefon", "Outlook", "fil"), kept in place of
    /// the path.
    pub medium: &'static str,
}

/// Removes an item's content: text, subject, source path, attachments and the registration
/// PDF. Metadata required by 5 kap. 2 § OSL stays: for a sent document (direction `out`) that
/// includes its recipients, who it was expedierad to (p. 3), unless the party is secret; a
/// received document's recipients (the unit itself) go. The source path (it can hold a name)
/// is replaced by its keyed hash and the medium (rule 9).
pub(crate) fn remove_content(conn: &Connection, id: i64, keep: Keep) -> Result<(), StoreError> {
    let sql = format!(
        "UPDATE items SET body = NULL, body_html = NULL, subject = NULL,
             recipients = CASE WHEN ?2 AND direction = 'out' THEN recipients ELSE '[]' END,
             cc = CASE WHEN ?2 AND direction = 'out' THEN cc ELSE '[]' END,
             bcc = CASE WHEN ?2 AND direction = 'out' THEN bcc END,
             page_address = NULL,
             source_path_key = coalesce(source_path_key, {path_key}(nullif(source_path, ''))),
             source_medium = coalesce(source_medium, ?4),
             source_path = NULL,
             parts = NULL, message_id = NULL, in_reply_to = NULL,
             sender = CASE WHEN ?2 THEN sender END,
             classification = CASE WHEN ?3 THEN classification END
         WHERE id = ?1",
        path_key = super::keyed::PATH_KEY_FN
    );
    conn.execute(
        &sql,
        params![id, keep.sender, keep.classification, keep.medium],
    )?;
    conn.execute("DELETE FROM attachments WHERE item_id = ?1", [id])?;
    conn.execute(
        "UPDATE registrations SET pdf = NULL WHERE item_id = ?1",
        [id],
    )?;
    Ok(())
}

/// Stores a registration with its PDF and moves the item to `registered`.
pub(crate) fn insert_registration(
    conn: &Connection,
    id: i64,
    reg: &Registration,
    pdf: &[u8],
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO registrations (item_id, designation, registered_at, registered_by, pdf,
             pdf_sha256, pdf_size, diarienummer)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            id,
            reg.designation,
            ts(&reg.registered_at),
            reg.registered_by,
            pdf,
            reg.pdf_sha256,
            reg.pdf_size as i64,
            reg.diarienummer
        ],
    )?;
    conn.execute("UPDATE items SET state = 'registered' WHERE id = ?1", [id])?;
    Ok(())
}

/// The stored registration PDF, if it exists and has not been purged.
pub(crate) fn registration_pdf(conn: &Connection, id: i64) -> Result<Option<Vec<u8>>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT pdf FROM registrations WHERE item_id = ?1",
            [id],
            |r| r.get::<_, Option<Vec<u8>>>(0),
        )
        .optional()?
        .flatten())
}

/// Replaces a registration's PDF by a new rendering of the same sheet and moves the item back
/// to `registered`: the new sheet must be printed again ([`crate::fidelity::reregister`]).
pub(crate) fn replace_registration_pdf(
    conn: &Connection,
    id: i64,
    pdf: &[u8],
    sha256: &str,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE registrations SET pdf = ?2, pdf_sha256 = ?3, pdf_size = ?4 WHERE item_id = ?1",
        params![id, pdf, sha256, pdf.len() as i64],
    )?;
    conn.execute("UPDATE items SET state = 'registered' WHERE id = ?1", [id])?;
    Ok(())
}

/// Stores how many characters of a registration's printout were drawn as a replacement mark,
/// and their scripts (the fidelity gate, [`crate::fidelity`], reads them back).
pub(crate) fn set_unprintable(
    conn: &Connection,
    id: i64,
    count: i64,
    scripts: &str,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE registrations SET unprintable_count = ?2, unprintable_scripts = ?3
         WHERE item_id = ?1",
        params![id, count, scripts],
    )?;
    Ok(())
}

/// The count and scripts [`set_unprintable`] stored for item `id`'s registration; `None` when
/// it has no registration.
pub(crate) fn unprintable(conn: &Connection, id: i64) -> Result<Option<(i64, String)>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT unprintable_count, unprintable_scripts FROM registrations WHERE item_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// Stores what of the attachments a registration's printout did not draw, as JSON
/// ([`crate::fidelity`] writes and reads it).
pub(crate) fn set_undrawn(conn: &Connection, id: i64, json: &str) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE registrations SET undrawn = ?2 WHERE item_id = ?1",
        params![id, json],
    )?;
    Ok(())
}

/// What [`set_undrawn`] stored for item `id`'s registration; `None` when it has no
/// registration or was registered before schema 19 recorded it.
pub(crate) fn undrawn(conn: &Connection, id: i64) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT undrawn FROM registrations WHERE item_id = ?1",
            [id],
            |r| r.get::<_, Option<String>>(0),
        )
        .optional()?
        .flatten())
}

/// Hands out the next number in a diary series, e.g. `SN 2026/0042`: one more than the last one
/// handed out for this prefix and year, so numbers are never reused (even if a registration row
/// were lost) and each year starts over at 1. Call inside the transaction that stores the number.
pub(crate) fn next_diarienummer(
    conn: &Connection,
    prefix: &str,
    year: i32,
) -> Result<String, StoreError> {
    let n: i64 = conn.query_row(
        "INSERT INTO diary_series (prefix, year, last_number) VALUES (?1, ?2, 1)
         ON CONFLICT (prefix, year) DO UPDATE SET last_number = last_number + 1
         RETURNING last_number",
        params![prefix, year],
        |r| r.get(0),
    )?;
    Ok(format!("{prefix} {year}/{n:04}"))
}

/// Records a diary number on an existing registration.
pub(crate) fn set_diarienummer(
    conn: &Connection,
    id: i64,
    diarienummer: &str,
) -> Result<RowsChanged, StoreError> {
    Ok(conn.execute(
        "UPDATE registrations SET diarienummer = ?2 WHERE item_id = ?1 AND diarienummer IS NULL",
        params![id, diarienummer],
    )?)
}

/// The item whose registration carries this diary number, if one does.
pub(crate) fn with_diarienummer(
    conn: &Connection,
    diarienummer: &str,
) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT item_id FROM registrations WHERE diarienummer = ?1")?
        .query_row([diarienummer], |r| r.get(0))
        .optional()?)
}

/// How many registrations carry a designation starting with `prefix`; the next running number
/// in a series is this plus one (registrations are never deleted, so numbers are never reused).
pub(crate) fn count_designations(conn: &Connection, prefix: &str) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "SELECT count(*) FROM registrations WHERE substr(designation, 1, length(?1)) = ?1",
        [prefix],
        |r| r.get(0),
    )?)
}

/// The item an earlier import made of what stands at `locator` in the file with this hash:
/// the same bytes at the same place are the same document, whatever the reader made of them
/// then. With an empty locator, the file itself when it is one document (an e-mail, an
/// Outlook message, a screenshot). A reader that now reads a body it could not read before (an
/// RTF-only Outlook message) gives another fingerprint; without this the document would be
/// stored, and could be registered, twice, and the check before inkom deletes the file would
/// not find it in inkom.
pub(crate) fn at_place(
    conn: &Connection,
    file_sha256: &str,
    locator: &str,
) -> Result<Option<i64>, StoreError> {
    if file_sha256.is_empty() {
        return Ok(None);
    }
    Ok(conn
        .prepare_cached(
            "SELECT id FROM items WHERE source_sha256 = ?1 AND source_locator = ?2 \
             ORDER BY id LIMIT 1",
        )?
        .query_row([file_sha256, locator], |r| r.get(0))
        .optional()?)
}

/// The item an earlier import made of this e-mail of a mailbox (an mbox message), whatever the
/// reader made of it then: the same message at the same place in the same file
/// ([`at_place`]), or by its `Message-ID` with the same sender, direction and time received
/// (a mailbox exported again with more messages). The fingerprint covers the text and the
/// attachments as read, so without this every reader that reads a message better (a signed
/// text, a cut part decoded, a picture in the HTML) would store it, and let it be registered,
/// twice when the mailbox is imported again.
pub(crate) fn same_mail(conn: &Connection, item: &NewItem) -> Result<Option<i64>, StoreError> {
    if item.channel != crate::model::Channel::Email || item.source.locator.is_empty() {
        return Ok(None);
    }
    if let Some(id) = at_place(conn, &item.source.file_sha256, &item.source.locator)? {
        return Ok(Some(id));
    }
    let Some(message_id) = item.message_ids.id.as_deref() else {
        return Ok(None);
    };
    Ok(conn
        .prepare_cached(
            "SELECT id FROM items WHERE message_id = ?1 AND channel = ?2 AND direction = ?3 \
             AND sender = ?4 AND received_at_utc = ?5 ORDER BY id LIMIT 1",
        )?
        .query_row(
            params![
                message_id,
                item.channel.code(),
                item.direction.code(),
                item.sender,
                item.received_at.with_timezone(&Utc).to_rfc3339(),
            ],
            |r| r.get(0),
        )
        .optional()?)
}

/// The other items imported from the same source file (same path and hash).
pub(crate) fn same_source(conn: &Connection, item: &Item) -> Result<Vec<Item>, StoreError> {
    let sql = format!(
        "SELECT {ITEM_COLUMNS} FROM items
         WHERE source_sha256 = ?1 AND source_path = ?2 AND id != ?3 ORDER BY id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params![item.source.file_sha256, item.source.path, item.id])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(item_from_row(row)?);
    }
    Ok(out)
}

/// What is left of a purged or culled item's source: the medium it was on and the keyed hash of
/// its path (rule 9). `(None, None)` before that.
pub(crate) fn source_trace(
    conn: &Connection,
    id: i64,
) -> Result<(Option<String>, Option<String>), StoreError> {
    conn.query_row(
        "SELECT source_medium, source_path_key FROM items WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .ok_or(StoreError::NotFound(id))
}

impl Store {
    /// The medium a purged or culled item's source was on ("tjänstetelefon", "Outlook", "fil")
    /// and the keyed hash of its path, which replace the path after purge (issue 13, rule 9).
    pub fn source_trace(&self, id: i64) -> Result<(Option<String>, Option<String>), StoreError> {
        source_trace(self.conn(), id)
    }

    /// One item with attachment metadata (no bytes).
    pub fn item(&self, id: i64) -> Result<Item, StoreError> {
        load(self.conn(), id, false)
    }

    /// One item with attachment bytes, for printing.
    pub fn item_with_content(&self, id: i64) -> Result<Item, StoreError> {
        load(self.conn(), id, true)
    }

    /// Items in arrival order.
    pub fn list(&self, filter: &ItemFilter) -> Result<Vec<Item>, StoreError> {
        list(self.conn(), filter)
    }

    /// The stored registration PDF of an item, if any.
    pub fn registration_pdf(&self, id: i64) -> Result<Option<Vec<u8>>, StoreError> {
        registration_pdf(self.conn(), id)
    }
}

/// Items of one class that arrived in the half-open interval `from..to`, in arrival order,
/// with attachment metadata (no bytes) and registration: the rows of a printed list
/// (diarielista, förteckning över handlingar av ringa betydelse).
pub(crate) fn received_between(
    conn: &Connection,
    class: Class,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Item>, StoreError> {
    list(
        conn,
        &ItemFilter {
            class: Some(class),
            received_from: Some(from),
            received_before: Some(to),
            ..ItemFilter::default()
        },
    )
}
