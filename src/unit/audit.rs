//! Verifying the unit's audit log: the chain is computed again here, outside the database, so a
//! row edited with the triggers dropped (only a superuser can) is named, not trusted.
//!
//! Each event's hash is SHA-256 over length-prefixed fields (`len:text`, lengths in bytes):
//! the previous hash, id, time (UTC, microseconds), actor, registration id, action, details —
//! exactly `inkom.audit_hash()` in `schema_v1.sql`. The head row (last id and hash) makes
//! events cut off the end visible too.

use postgres::Client;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::UnitError;

/// The hash the first event links to.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The result of walking the unit's chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitVerification {
    /// Events checked.
    pub events: u64,
    /// The first event that does not check out, if any.
    pub first_broken: Option<BrokenEvent>,
}

/// Where and why the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BrokenEvent {
    /// The first event id that does not check out.
    pub event_id: i64,
    /// Why, in English.
    pub reason: String,
}

fn field(out: &mut String, text: &str) {
    out.push_str(&text.len().to_string());
    out.push(':');
    out.push_str(text);
}

/// The event hash, as `inkom.audit_hash()` computes it.
pub fn event_hash(
    prev: &str,
    id: i64,
    at_utc: &str,
    actor: &str,
    registration_id: Option<i64>,
    action: &str,
    details: &str,
) -> String {
    let mut text = String::new();
    field(&mut text, prev);
    field(&mut text, &id.to_string());
    field(&mut text, at_utc);
    field(&mut text, actor);
    field(
        &mut text,
        &registration_id.map(|r| r.to_string()).unwrap_or_default(),
    );
    field(&mut text, action);
    field(&mut text, details);
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Walks the whole chain (registrar's read access) and names the first broken event.
pub fn verify(client: &mut Client) -> Result<UnitVerification, UnitError> {
    // One snapshot for the events and the head.
    let mut tx = client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()?;
    let rows = tx.query(
        "SELECT id, inkom.audit_time(at), actor, registration_id, action, details, prev_hash, hash
         FROM inkom.audit_events ORDER BY id",
        &[],
    )?;
    let head = tx.query_one("SELECT last_id, last_hash FROM inkom.audit_head", &[])?;
    tx.commit()?;
    let mut prev = GENESIS.to_string();
    let mut expected_id = 1i64;
    let mut events = 0u64;
    for r in &rows {
        let id: i64 = r.get(0);
        events += 1;
        let broken = |reason: &str| UnitVerification {
            events,
            first_broken: Some(BrokenEvent {
                event_id: id,
                reason: reason.to_string(),
            }),
        };
        if id != expected_id {
            return Ok(broken(&format!(
                "expected event {expected_id}, found {id} (events missing)"
            )));
        }
        let stored_prev: String = r.get(6);
        if stored_prev != prev {
            return Ok(broken("link to the previous event does not match"));
        }
        let hash = event_hash(&prev, id, r.get(1), r.get(2), r.get(3), r.get(4), r.get(5));
        let stored: String = r.get(7);
        if stored != hash {
            return Ok(broken("hash does not match the event's fields"));
        }
        prev = stored;
        expected_id += 1;
    }
    let (head_id, head_hash): (i64, String) = (head.get(0), head.get(1));
    if head_id != expected_id - 1 || head_hash != prev {
        return Ok(UnitVerification {
            events,
            first_broken: Some(BrokenEvent {
                event_id: expected_id,
                reason: format!("the log ends before event {head_id}, which the head records"),
            }),
        });
    }
    Ok(UnitVerification {
        events,
        first_broken: None,
    })
}
