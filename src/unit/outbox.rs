//! The caseworker's outbox: registrations waiting to be published to the unit register.
//!
//! Offline first. Registering a diarium item never waits for the server: the item goes into
//! `unit_outbox` in the encrypted store with a random idempotency key, and [`sync`] delivers it
//! when the server can be reached. The server's `inkom.register()` answers a key it has seen
//! with the registration it made then, so a crash anywhere (after the server committed, before
//! the outbox recorded it) ends in the same single registration: delivered exactly once.
//! The diary number that comes back (at once from the unit's series, or later from the
//! registrar's paper diary) is recorded on the local item through the lifecycle's one rule for
//! recorded numbers ([`lifecycle::record_diarienummer`]: same checks, same audit event
//! `diarienummer_recorded` as a manual `set-dnr`), in the same local transaction that marks
//! the row delivered. A number once recorded is never changed: when the item already has a
//! different one, the local number stays and the disagreement is reported
//! ([`DnrConflict`]) until the registrar has reconciled the two diaries.

use chrono::{DateTime, FixedOffset, Utc};
use serde::Serialize;

use super::caseworker::{self, RegistrationFacts};
use super::{UnitError, UnitUrl};
use crate::lifecycle::{self, DnrSource, LifecycleError};
use crate::model::Act;
use crate::store::Store;
use crate::store::outbox as store_outbox;

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
    refuse_local_series(&tx)?;
    store_outbox::set_connection(&tx, url.as_str(), &act.at.to_rfc3339())?;
    tx.commit()?;
    connection(store)?.ok_or(UnitError::NotConnected)
}

/// Refuses while the store keeps its own diary series (the `diary_prefix` setting): checked by
/// [`connect`] in its transaction, and by [`super::join::join`] before it saves a password.
pub fn refuse_local_series(conn: &rusqlite::Connection) -> Result<(), UnitError> {
    match crate::store::Settings::load(conn)?.diary_prefix {
        Some(_) => Err(UnitError::LocalSeries),
        None => Ok(()),
    }
}

/// The unit register this store publishes to, if any.
pub fn connection(store: &Store) -> Result<Option<Connection>, UnitError> {
    let row = store_outbox::connection(store.conn())?;
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
    let candidates = store_outbox::unqueued_diarium(store.conn())?;
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
        added += store_outbox::enqueue(
            &tx,
            &store_outbox::Enqueued {
                item_id: id,
                idempotency_key: &random_key()?,
                facts: &facts_json,
                sheet: &sheet,
                sheet_sha256: &sha,
                at: &Utc::now().to_rfc3339(),
            },
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
    /// Delivered registrations whose diary number in the unit register is not the local one.
    pub dnr_conflicts: Vec<DnrConflict>,
}

/// A delivered registration whose diary number in the unit register could not be recorded on
/// the local item, usually because the item already carries another number (typed in with
/// `set-dnr` while the registration waited in the outbox). The local number stays: a number,
/// once recorded, is never changed, and the source may already be gone on its strength. The
/// registrar must reconcile the two diaries; until then `unit status` and `unit sync` name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DnrConflict {
    /// Local item id.
    pub item_id: i64,
    /// Id in the unit register.
    pub registration_id: i64,
    /// The unit register's number.
    pub unit_dnr: String,
    /// The local item's number, if it has one.
    pub local_dnr: Option<String>,
}

/// Counts what waits and what was delivered.
pub fn status(store: &Store) -> Result<OutboxStatus, UnitError> {
    let (waiting, delivered, last_error) = store_outbox::counts(store.conn())?;
    let dnr_conflicts = store_outbox::diarienummer_conflicts(store.conn())?
        .into_iter()
        .map(|m| DnrConflict {
            item_id: m.item_id,
            registration_id: m.registration_id,
            unit_dnr: m.unit_dnr,
            local_dnr: m.local_dnr,
        })
        .collect();
    Ok(OutboxStatus {
        connection: connection(store)?,
        waiting,
        delivered,
        last_error,
        dnr_conflicts,
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
    /// Diary numbers the registrar gave earlier deliveries since (paper diary), recorded now.
    pub dnrs_received: Vec<Delivered>,
    /// Numbers from the unit register that could not be recorded locally now.
    pub dnr_conflicts: Vec<DnrConflict>,
    /// Still waiting.
    pub waiting: u64,
    /// Why delivery stopped, if the server could not be reached (English).
    pub offline: Option<String>,
    /// Sealing the data key to the unit's recovery key, when it was needed now (issue 16).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovery: Option<super::recovery::Sealing>,
    /// Why it was refused (Swedish, for the user), e.g. a swapped recovery key. The
    /// deliveries stand; the seal waits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovery_refused: Option<String>,
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
        dnrs_received: Vec::new(),
        dnr_conflicts: Vec::new(),
        waiting: 0,
        offline: None,
        recovery: None,
        recovery_refused: None,
    };
    let pending = store_outbox::waiting(store.conn())?;
    // A store connected before the unit had a recovery key is sealed at its next sync.
    let seal = super::recovery::needs_sealing(store)?;
    let has_pending = !pending.is_empty();
    let awaiting = store_outbox::awaiting_diarienummer(store.conn())?;
    if has_pending || seal || !awaiting.is_empty() {
        match url.connect() {
            Ok(mut client) => {
                deliver_all(store, &mut client, pending, act, &mut report)?;
                if report.offline.is_none()
                    && let Err(e) = fetch_dnrs(store, &mut client, &awaiting, act, &mut report)
                {
                    if !e.is_transient() {
                        return Err(e);
                    }
                    report.offline = Some(e.to_string());
                }
                if seal && report.offline.is_none() {
                    match super::recovery::ensure_sealed(store, &mut client, act) {
                        Ok(s) => report.recovery = Some(s),
                        Err(e) if e.is_transient() => report.offline = Some(e.to_string()),
                        Err(e) => {
                            tracing::warn!(error = %e, "sealing for recovery");
                            report.recovery_refused = Some(e.sv());
                        }
                    }
                }
            }
            // Only the seal was due: it waits for the next sync; nothing else is offline.
            Err(e) if !has_pending => {
                report.recovery_refused = (!e.is_transient()).then(|| e.sv());
            }
            Err(e) if e.is_transient() => report.offline = Some(e.to_string()),
            Err(e) => return Err(e),
        }
    }
    report.waiting = status(store)?.waiting;
    Ok(report)
}

fn deliver_all(
    store: &mut Store,
    client: &mut postgres::Client,
    pending: Vec<store_outbox::Waiting>,
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
        match caseworker::publish(client, &p.idempotency_key, &facts, &p.sheet) {
            Ok(published) => {
                if let Some(conflict) = record_delivery(store, p.item_id, &published, act)? {
                    report.dnr_conflicts.push(conflict);
                }
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
    store_outbox::record_error(&tx, item_id, error)?;
    tx.commit()?;
    Ok(())
}

/// Marks the row delivered, drops its copy of the sheet, and records the diary number on the
/// item ([`record_unit_dnr`]): one local transaction. Returns the conflict, if the number could
/// not be recorded; the delivery stands either way (the unit register has it; sending it
/// again would only return the same answer).
fn record_delivery(
    store: &mut Store,
    item_id: i64,
    published: &caseworker::Published,
    act: &Act,
) -> Result<Option<DnrConflict>, UnitError> {
    let tx = store.write()?;
    store_outbox::mark_delivered(
        &tx,
        item_id,
        &Utc::now().to_rfc3339(),
        published.registration_id,
        published.dnr.as_deref(),
    )?;
    let conflict = match &published.dnr {
        Some(dnr) => record_unit_dnr(&tx, item_id, published.registration_id, dnr, act)?,
        None => None,
    };
    tx.commit()?;
    Ok(conflict)
}

/// Asks the unit register for the numbers the registrar has given earlier deliveries since
/// (paper diary: `registrar set-dnr`) and records each, one local transaction per item. Row-
/// level security shows the caseworker only their own registrations, which these are.
fn fetch_dnrs(
    store: &mut Store,
    client: &mut postgres::Client,
    awaiting: &[(i64, i64)],
    act: &Act,
    report: &mut SyncReport,
) -> Result<(), UnitError> {
    if awaiting.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = awaiting.iter().map(|(_, r)| *r).collect();
    let rows = client.query(
        "SELECT id, dnr FROM inkom.registrations WHERE id = ANY($1) AND dnr IS NOT NULL",
        &[&ids],
    )?;
    for row in rows {
        let registration_id: i64 = row.get(0);
        let dnr: String = row.get(1);
        let Some((item_id, _)) = awaiting.iter().find(|(_, r)| *r == registration_id) else {
            continue;
        };
        let tx = store.write()?;
        store_outbox::set_delivered_diarienummer(&tx, *item_id, &dnr)?;
        let conflict = record_unit_dnr(&tx, *item_id, registration_id, &dnr, act)?;
        tx.commit()?;
        match conflict {
            Some(c) => report.dnr_conflicts.push(c),
            None => report.dnrs_received.push(Delivered {
                item_id: *item_id,
                registration_id,
                dnr: Some(dnr),
            }),
        }
    }
    Ok(())
}

/// Records the unit register's number on the local item through the lifecycle's one rule
/// ([`lifecycle::record_diarienummer`]), inside the caller's transaction. The same number
/// already there is no change (and no second event). Any refusal of the rule (another number
/// already recorded, a number the rule does not accept) leaves the item as it is and comes
/// back as a [`DnrConflict`]; only a failing store aborts the transaction.
fn record_unit_dnr(
    tx: &rusqlite::Connection,
    item_id: i64,
    registration_id: i64,
    dnr: &str,
    act: &Act,
) -> Result<Option<DnrConflict>, UnitError> {
    let source = DnrSource::UnitRegister { registration_id };
    match lifecycle::record_diarienummer(tx, item_id, dnr, act, source) {
        Ok(_) => Ok(None),
        Err(LifecycleError::HasDiarienummer { diarienummer, .. }) if diarienummer == dnr.trim() => {
            Ok(None)
        }
        Err(LifecycleError::Store(e)) => Err(e.into()),
        Err(e) => {
            tracing::warn!(item_id, registration_id, error = %e,
                "diary number from the unit register not recorded locally");
            let local_dnr = match e {
                LifecycleError::HasDiarienummer { diarienummer, .. } => Some(diarienummer),
                _ => None,
            };
            Ok(Some(DnrConflict {
                item_id,
                registration_id,
                unit_dnr: dnr.to_string(),
                local_dnr,
            }))
        }
    }
}
