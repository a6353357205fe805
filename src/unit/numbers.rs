//! Diary numbers coming back from the unit register. On a unit whose register hands out the
//! series the number comes back with the delivery ([`super::outbox`]); on a unit on the paper
//! diary the registrar records it later (`registrar set-dnr`), and the caseworker's store
//! fetches it at its next sync. Only then may the source be deleted (the diarium rule), so a
//! number must reach the item it belongs to, once, with an audit event.

use rusqlite::Connection;
use serde_json::json;

use super::UnitError;
use super::outbox::Delivered;
use crate::audit::{self, Action};
use crate::model::Act;
use crate::store::outbox as store_outbox;
use crate::store::{Store, items};

/// Writes a number from the unit register onto the local item and audits it, inside the
/// caller's transaction. `action` says whose number it is: the series' (delivery) or the
/// registrar's (fetched later). A number already on the item is never changed.
pub(super) fn write_number(
    tx: &Connection,
    act: &Act,
    item_id: i64,
    registration_id: i64,
    dnr: &str,
    action: Action,
) -> Result<(), UnitError> {
    if items::set_diarienummer(tx, item_id, dnr)? > 0 {
        audit::append(
            tx,
            act,
            Some(item_id),
            action,
            json!({
                "diarienummer": dnr,
                "unit_registration_id": registration_id,
            }),
        )?;
    }
    Ok(())
}

/// True when delivered registrations still wait for their number.
pub fn awaiting(store: &Store) -> Result<bool, UnitError> {
    Ok(!store_outbox::delivered_without_number(store.conn())?.is_empty())
}

/// Fetches the numbers the registrar has recorded for this store's delivered registrations
/// and writes each onto its item (one local transaction per item). Row-level security shows
/// the caseworker only their own registrations; the ids asked for are this store's.
pub fn fetch(
    store: &mut Store,
    client: &mut postgres::Client,
    act: &Act,
) -> Result<Vec<Delivered>, UnitError> {
    let waiting = store_outbox::delivered_without_number(store.conn())?;
    if waiting.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = waiting.iter().map(|(_, reg)| *reg).collect();
    let rows = client.query(
        "SELECT id, dnr FROM inkom.registrations WHERE id = ANY($1) AND dnr IS NOT NULL",
        &[&ids],
    )?;
    let mut back = Vec::new();
    for row in rows {
        let registration_id: i64 = row.get(0);
        let dnr: String = row.get(1);
        let Some((item_id, _)) = waiting.iter().find(|(_, reg)| *reg == registration_id) else {
            continue;
        };
        let tx = store.write()?;
        store_outbox::record_number(&tx, *item_id, &dnr)?;
        write_number(
            &tx,
            act,
            *item_id,
            registration_id,
            &dnr,
            Action::DiarienummerRecorded,
        )?;
        tx.commit()?;
        back.push(Delivered {
            item_id: *item_id,
            registration_id,
            dnr: Some(dnr),
        });
    }
    Ok(back)
}
