//! The unit outbox's tables in the local store (`unit_connection`, `unit_outbox`): which unit
//! register this store publishes to, and the registrations waiting to be delivered there. The
//! delivery itself (PostgreSQL, idempotency, retries) is [`crate::unit::outbox`]'s; this module
//! only reads and writes the local rows.

use rusqlite::{Connection, OptionalExtension, params};

use super::StoreError;

/// Records the unit register's address; the first connection's time stays (registrations
/// since then are published).
pub(crate) fn set_connection(conn: &Connection, url: &str, at: &str) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO unit_connection (singleton, url, connected_at) VALUES (1, ?1, ?2)
         ON CONFLICT (singleton) DO UPDATE SET url = excluded.url",
        params![url, at],
    )?;
    Ok(())
}

/// The unit register's address and since when (RFC 3339), if connected.
pub(crate) fn connection(conn: &Connection) -> Result<Option<(String, String)>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT url, connected_at FROM unit_connection WHERE singleton = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// The fingerprint of the unit's recovery key this store's data key is sealed to, if any
/// (issue 16).
pub(crate) fn recovery_fingerprint(conn: &Connection) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT recovery_fingerprint FROM unit_connection WHERE singleton = 1",
            [],
            |r| r.get(0),
        )
        .optional()?
        .flatten())
}

/// Pins the recovery key's fingerprint once the data key is sealed to it.
pub(crate) fn pin_recovery_fingerprint(
    conn: &Connection,
    fingerprint: &str,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE unit_connection SET recovery_fingerprint = ?1 WHERE singleton = 1",
        params![fingerprint],
    )?;
    Ok(())
}

/// Registered diarium items without a diary number that are not in the outbox yet, by id.
pub(crate) fn unqueued_diarium(conn: &Connection) -> Result<Vec<i64>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT r.item_id FROM registrations r JOIN items i ON i.id = r.item_id
             WHERE i.class = 'diarium' AND r.diarienummer IS NULL
               AND NOT EXISTS (SELECT 1 FROM unit_outbox o WHERE o.item_id = r.item_id)
             ORDER BY r.item_id",
    )?;
    let ids = stmt
        .query_map([], |r| r.get(0))?
        .collect::<Result<Vec<i64>, _>>()?;
    Ok(ids)
}

/// A registration to publish, as it enters the outbox.
pub(crate) struct Enqueued<'a> {
    pub(crate) item_id: i64,
    pub(crate) idempotency_key: &'a str,
    pub(crate) facts: &'a str,
    pub(crate) sheet: &'a [u8],
    pub(crate) sheet_sha256: &'a str,
    pub(crate) at: &'a str,
}

/// Puts a registration into the outbox unless it is there already (its item id is the key);
/// 1 when added, 0 when it was there.
pub(crate) fn enqueue(conn: &Connection, e: &Enqueued<'_>) -> Result<usize, StoreError> {
    Ok(conn.execute(
        "INSERT OR IGNORE INTO unit_outbox
                 (item_id, idempotency_key, facts, sheet, sheet_sha256, enqueued_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            e.item_id,
            e.idempotency_key,
            e.facts,
            e.sheet,
            e.sheet_sha256,
            e.at
        ],
    )?)
}

/// How the outbox stands: waiting, delivered, and the newest error of a waiting row.
pub(crate) fn counts(conn: &Connection) -> Result<(u64, u64, Option<String>), StoreError> {
    let (waiting, delivered, last_error): (i64, i64, Option<String>) = conn.query_row(
        "SELECT count(*) FILTER (WHERE delivered_at IS NULL),
                count(*) FILTER (WHERE delivered_at IS NOT NULL),
                (SELECT last_error FROM unit_outbox
                 WHERE delivered_at IS NULL AND last_error IS NOT NULL
                 ORDER BY item_id DESC LIMIT 1)
         FROM unit_outbox",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    Ok((
        u64::try_from(waiting).unwrap_or(0),
        u64::try_from(delivered).unwrap_or(0),
        last_error,
    ))
}

/// A registration waiting to be delivered.
pub(crate) struct Waiting {
    pub(crate) item_id: i64,
    pub(crate) idempotency_key: String,
    pub(crate) facts: String,
    pub(crate) sheet: Vec<u8>,
}

/// The waiting registrations, oldest item first.
pub(crate) fn waiting(conn: &Connection) -> Result<Vec<Waiting>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT item_id, idempotency_key, facts, sheet FROM unit_outbox
             WHERE delivered_at IS NULL ORDER BY item_id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Waiting {
                item_id: r.get(0)?,
                idempotency_key: r.get(1)?,
                facts: r.get(2)?,
                sheet: r.get::<_, Option<Vec<u8>>>(3)?.unwrap_or_default(),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Counts a failed attempt and keeps its error (English) for the status.
pub(crate) fn record_error(conn: &Connection, item_id: i64, error: &str) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE unit_outbox SET attempts = attempts + 1, last_error = ?2 WHERE item_id = ?1",
        params![item_id, error],
    )?;
    Ok(())
}

/// Marks a waiting row delivered and drops its copy of the sheet.
pub(crate) fn mark_delivered(
    conn: &Connection,
    item_id: i64,
    at: &str,
    registration_id: i64,
    diarienummer: Option<&str>,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE unit_outbox SET delivered_at = ?2, registration_id = ?3, diarienummer = ?4,
             sheet = NULL, attempts = attempts + 1, last_error = NULL
         WHERE item_id = ?1 AND delivered_at IS NULL",
        params![item_id, at, registration_id, diarienummer],
    )?;
    Ok(())
}

/// Delivered registrations the unit register gave no diary number yet (the registrar takes
/// numbers from the paper diary), whose local item has none either: `(item_id,
/// registration_id)`, by item.
pub(crate) fn awaiting_diarienummer(conn: &Connection) -> Result<Vec<(i64, i64)>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT o.item_id, o.registration_id FROM unit_outbox o
             JOIN registrations r ON r.item_id = o.item_id
             WHERE o.delivered_at IS NOT NULL AND o.registration_id IS NOT NULL
               AND o.diarienummer IS NULL AND r.diarienummer IS NULL
             ORDER BY o.item_id",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Notes on a delivered row the diary number the unit register gave later.
pub(crate) fn set_delivered_diarienummer(
    conn: &Connection,
    item_id: i64,
    diarienummer: &str,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE unit_outbox SET diarienummer = ?2
         WHERE item_id = ?1 AND delivered_at IS NOT NULL AND diarienummer IS NULL",
        params![item_id, diarienummer],
    )?;
    Ok(())
}

/// A delivered registration whose number in the unit register is not the local item's.
pub(crate) struct NumberMismatch {
    pub(crate) item_id: i64,
    pub(crate) registration_id: i64,
    /// The unit register's number.
    pub(crate) unit_dnr: String,
    /// The local item's number, if any.
    pub(crate) local_dnr: Option<String>,
}

/// Delivered registrations whose diary number in the unit register differs from the local
/// item's (or could not be recorded locally), by item. Derived from the rows, so it stays
/// visible until someone acts.
pub(crate) fn diarienummer_conflicts(conn: &Connection) -> Result<Vec<NumberMismatch>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT o.item_id, o.registration_id, o.diarienummer, r.diarienummer FROM unit_outbox o
             JOIN registrations r ON r.item_id = o.item_id
             WHERE o.delivered_at IS NOT NULL AND o.diarienummer IS NOT NULL
               AND r.diarienummer IS DISTINCT FROM o.diarienummer
             ORDER BY o.item_id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(NumberMismatch {
                item_id: r.get(0)?,
                registration_id: r.get(1)?,
                unit_dnr: r.get(2)?,
                local_dnr: r.get(3)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}
