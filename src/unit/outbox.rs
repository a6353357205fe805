//! The caseworker's outbox: registrations waiting to be published to the unit register.
//!
//! Offline first. Registering a diarium item never waits for the server: the item goes into
//! `unit_outbox` in the encrypted store with a random idempotency key, and [`sync`] delivers it
//! when the server can be reached. The server's `inkom.register()` answers a key it has seen
//! with the registration it made then, so a crash anywhere (after the server committed, before
//! the outbox recorded it) ends in the same single registration: delivered exactly once.
//! The diary number that comes back is written onto the local item in the same local
//! transaction that marks the row delivered, with an audit event.

use chrono::{DateTime, FixedOffset, Utc};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use serde_json::json;

use super::caseworker::{self, RegistrationFacts};
use super::{UnitError, UnitUrl};
use crate::audit::{self, Action};
use crate::model::Act;
use crate::store::{Store, items};

/// The unit register this store publishes to.
#[derive(Debug, Clone, Serialize)]
pub struct Connection {
    /// The address (no password).
    pub url: String,
    /// Since when: diarium items registered from then on are published.
    pub connected_at: DateTime<FixedOffset>,
}

/// Records the unit register this store publishes to. Refused while the store keeps its own
/// diary series (the `diary_prefix` setting): one document must never get two numbers.
pub fn connect(store: &mut Store, url: &UnitUrl, act: &Act) -> Result<Connection, UnitError> {
    let tx = store.write()?;
    let local_series = crate::store::Settings::load(&tx)?.diary_prefix;
    if local_series.is_some() {
        return Err(UnitError::LocalSeries);
    }
    tx.execute(
        "INSERT INTO unit_connection (singleton, url, connected_at) VALUES (1, ?1, ?2)
         ON CONFLICT (singleton) DO UPDATE SET url = excluded.url",
        params![url.as_str(), act.at.to_rfc3339()],
    )?;
    tx.commit()?;
    connection(store)?.ok_or(UnitError::NotConnected)
}

/// The unit register this store publishes to, if any.
pub fn connection(store: &Store) -> Result<Option<Connection>, UnitError> {
    let row: Option<(String, String)> = store
        .conn()
        .query_row(
            "SELECT url, connected_at FROM unit_connection WHERE singleton = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(row.and_then(|(url, at)| {
        Some(Connection {
            url,
            connected_at: DateTime::parse_from_rfc3339(&at).ok()?,
        })
    }))
}

fn random_key() -> Result<String, UnitError> {
    let mut key = [0u8; 16];
    getrandom::fill(&mut key).map_err(|e| UnitError::KeyStore(e.to_string()))?;
    Ok(hex::encode(key))
}

/// Puts every diarium item registered since connecting, without a diary number and not yet
/// in the outbox, into the outbox. Returns how many were added. Safe to call any time: an
/// item is in the outbox at most once (its id is the key), and it is derived from the store's
/// state, so a crash between registering and enqueueing loses nothing.
pub fn enqueue_pending(store: &mut Store) -> Result<usize, UnitError> {
    let Some(conn) = connection(store)? else {
        return Ok(0);
    };
    let candidates: Vec<i64> = {
        let mut stmt = store.conn().prepare(
            "SELECT r.item_id FROM registrations r JOIN items i ON i.id = r.item_id
                 WHERE i.class = 'diarium' AND r.diarienummer IS NULL
                   AND NOT EXISTS (SELECT 1 FROM unit_outbox o WHERE o.item_id = r.item_id)
                 ORDER BY r.item_id",
        )?;
        stmt.query_map([], |r| r.get(0))
            .and_then(|rows| rows.collect::<Result<Vec<i64>, _>>())?
    };
    let mut added = 0;
    for id in candidates {
        let item = store.item(id)?;
        let registered_since = item
            .registration
            .as_ref()
            .is_some_and(|r| r.registered_at >= conn.connected_at);
        if !registered_since {
            continue;
        }
        let facts = RegistrationFacts::of_item(&item)?;
        let Some(sheet) = store.registration_pdf(id)? else {
            continue;
        };
        let sha = item
            .registration
            .as_ref()
            .map(|r| r.pdf_sha256.clone())
            .unwrap_or_default();
        let facts_json =
            serde_json::to_string(&facts).map_err(|e| UnitError::Encoding(e.to_string()))?;
        let tx = store.write()?;
        added += tx.execute(
            "INSERT OR IGNORE INTO unit_outbox
                     (item_id, idempotency_key, facts, sheet, sheet_sha256, enqueued_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                id,
                random_key()?,
                facts_json,
                sheet,
                sha,
                Utc::now().to_rfc3339()
            ],
        )?;
        tx.commit()?;
    }
    Ok(added)
}

/// How the outbox stands.
#[derive(Debug, Clone, Serialize)]
pub struct OutboxStatus {
    /// The unit register, if connected.
    pub connection: Option<Connection>,
    /// Registrations waiting to be delivered.
    pub waiting: u64,
    /// Registrations delivered.
    pub delivered: u64,
    /// The last error of a waiting registration (English), if any.
    pub last_error: Option<String>,
}

/// Counts what waits and what was delivered.
pub fn status(store: &Store) -> Result<OutboxStatus, UnitError> {
    let (waiting, delivered, last_error): (i64, i64, Option<String>) = store.conn().query_row(
        "SELECT count(*) FILTER (WHERE delivered_at IS NULL),
                    count(*) FILTER (WHERE delivered_at IS NOT NULL),
                    (SELECT last_error FROM unit_outbox
                     WHERE delivered_at IS NULL AND last_error IS NOT NULL
                     ORDER BY item_id DESC LIMIT 1)
             FROM unit_outbox",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    Ok(OutboxStatus {
        connection: connection(store)?,
        waiting: waiting as u64,
        delivered: delivered as u64,
        last_error,
    })
}

/// One delivered registration.
#[derive(Debug, Clone, Serialize)]
pub struct Delivered {
    /// Local item id.
    pub item_id: i64,
    /// Id in the unit register.
    pub registration_id: i64,
    /// The diary number that came back, if the unit's series hands them out.
    pub dnr: Option<String>,
}

/// What a sync did.
#[derive(Debug, Clone, Serialize)]
pub struct SyncReport {
    /// Newly enqueued.
    pub enqueued: usize,
    /// Delivered now.
    pub delivered: Vec<Delivered>,
    /// Still waiting.
    pub waiting: u64,
    /// Why delivery stopped, if the server could not be reached (English).
    pub offline: Option<String>,
}

/// Enqueues what is pending, then delivers the outbox in order. Stops at the first sign that
/// the server is unreachable (the rest waits); a registration the server refuses keeps its
/// error and is tried again next time.
pub fn sync(store: &mut Store, act: &Act) -> Result<SyncReport, UnitError> {
    let conn = connection(store)?.ok_or(UnitError::NotConnected)?;
    let enqueued = enqueue_pending(store)?;
    let url = UnitUrl::parse(&conn.url)?;
    let mut report = SyncReport {
        enqueued,
        delivered: Vec::new(),
        waiting: 0,
        offline: None,
    };
    let pending = waiting_rows(store)?;
    if !pending.is_empty() {
        match url.connect() {
            Ok(mut client) => deliver_all(store, &mut client, pending, act, &mut report)?,
            Err(e) if e.is_transient() => report.offline = Some(e.to_string()),
            Err(e) => return Err(e),
        }
    }
    report.waiting = status(store)?.waiting;
    Ok(report)
}

struct Pending {
    item_id: i64,
    key: String,
    facts: String,
    sheet: Vec<u8>,
}

fn waiting_rows(store: &Store) -> Result<Vec<Pending>, UnitError> {
    let mut stmt = store.conn().prepare(
        "SELECT item_id, idempotency_key, facts, sheet FROM unit_outbox
             WHERE delivered_at IS NULL ORDER BY item_id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Pending {
                item_id: r.get(0)?,
                key: r.get(1)?,
                facts: r.get(2)?,
                sheet: r.get::<_, Option<Vec<u8>>>(3)?.unwrap_or_default(),
            })
        })
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())?;
    Ok(rows)
}

fn deliver_all(
    store: &mut Store,
    client: &mut postgres::Client,
    pending: Vec<Pending>,
    act: &Act,
    report: &mut SyncReport,
) -> Result<(), UnitError> {
    for p in pending {
        let facts: RegistrationFacts = match serde_json::from_str(&p.facts) {
            Ok(f) => f,
            Err(e) => {
                record_error(store, p.item_id, &format!("unreadable facts: {e}"))?;
                continue;
            }
        };
        match caseworker::publish(client, &p.key, &facts, &p.sheet) {
            Ok(published) => {
                record_delivery(store, p.item_id, &published, act)?;
                report.delivered.push(Delivered {
                    item_id: p.item_id,
                    registration_id: published.registration_id,
                    dnr: published.dnr,
                });
            }
            Err(e) if e.is_transient() => {
                report.offline = Some(e.to_string());
                return Ok(());
            }
            Err(e) => record_error(store, p.item_id, &e.to_string())?,
        }
    }
    Ok(())
}

fn record_error(store: &mut Store, item_id: i64, error: &str) -> Result<(), UnitError> {
    let tx = store.write()?;
    tx.execute(
        "UPDATE unit_outbox SET attempts = attempts + 1, last_error = ?2 WHERE item_id = ?1",
        params![item_id, error],
    )?;
    tx.commit()?;
    Ok(())
}

/// Marks the row delivered, drops its copy of the sheet, and writes the diary number onto
/// the item with an audit event: one local transaction.
fn record_delivery(
    store: &mut Store,
    item_id: i64,
    published: &caseworker::Published,
    act: &Act,
) -> Result<(), UnitError> {
    let tx = store.write()?;
    tx.execute(
        "UPDATE unit_outbox SET delivered_at = ?2, registration_id = ?3, diarienummer = ?4,
             sheet = NULL, attempts = attempts + 1, last_error = NULL
         WHERE item_id = ?1 AND delivered_at IS NULL",
        params![
            item_id,
            Utc::now().to_rfc3339(),
            published.registration_id,
            published.dnr
        ],
    )?;
    if let Some(dnr) = &published.dnr
        && items::set_diarienummer(&tx, item_id, dnr)? > 0
    {
        audit::append(
            &tx,
            act,
            Some(item_id),
            Action::DiarienummerAssigned,
            json!({
                "diarienummer": dnr,
                "unit_registration_id": published.registration_id,
            }),
        )?;
    }
    tx.commit()?;
    Ok(())
}
