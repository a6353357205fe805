//! The registrar's side of the unit register: the queue, taking a registration, recording a
//! number from the paper diary, printing the sheet, marking it entered (införd i diariet), and
//! the unit's diarielista. Every action is a server function that appends to the unit's audit
//! log in the same transaction; reading the queue and the list is plain SELECT under
//! row-level security.

use chrono::{DateTime, FixedOffset, NaiveDate};
use postgres::Client;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::UnitError;

/// One row of the registrar's queue or list.
#[derive(Debug, Clone, Serialize)]
pub struct QueueRow {
    /// Id in the unit register.
    pub id: i64,
    /// Who published it (login).
    pub caseworker: String,
    /// When the authority got it.
    pub received_at: DateTime<FixedOffset>,
    /// When it was registered in the unit register.
    pub registered_at: DateTime<FixedOffset>,
    /// `inkommen`, `upprattad` or `expedierad`.
    pub direction: String,
    /// inkom's designation.
    pub designation: String,
    /// Sender or "Sekretess".
    pub sender: String,
    /// The public short description.
    pub arendemening: String,
    /// The secrecy marking's provision, if any (e.g. `26 kap. 1 § OSL`).
    pub secrecy: Option<String>,
    /// Diary number, once there is one.
    pub dnr: Option<String>,
    /// `queued`, `assigned` or `entered`.
    pub state: String,
    /// The registrar who took it.
    pub assigned_to: Option<String>,
    /// True while the sheet is still held (not yet purged after filing).
    pub has_sheet: bool,
}

const ROW_COLUMNS: &str = "r.id, r.caseworker, r.received_at, r.registered_at, r.direction,
    r.designation, r.sender, r.arendemening, r.secrecy ->> 'provision', r.dnr, r.state,
    r.assigned_to, r.state <> 'entered'";

fn row(r: &postgres::Row) -> QueueRow {
    let at =
        |i: usize| -> DateTime<FixedOffset> { r.get::<_, DateTime<chrono::Utc>>(i).fixed_offset() };
    QueueRow {
        id: r.get(0),
        caseworker: r.get(1),
        received_at: at(2),
        registered_at: at(3),
        direction: r.get(4),
        designation: r.get(5),
        sender: r.get(6),
        arendemening: r.get(7),
        secrecy: r.get(8),
        dnr: r.get(9),
        state: r.get(10),
        assigned_to: r.get(11),
        has_sheet: r.get(12),
    }
}

/// One page of the queue: registrations not yet entered, oldest first, after `after_id`.
pub fn queue(client: &mut Client, limit: i64, after_id: i64) -> Result<Vec<QueueRow>, UnitError> {
    Ok(client
        .query(
            &format!(
                "SELECT {ROW_COLUMNS} FROM inkom.registrations r
                 WHERE r.state <> 'entered'
                   AND ($2::bigint = 0 OR (r.registered_at, r.id) > (
                       SELECT registered_at, id FROM inkom.registrations WHERE id = $2::bigint))
                 ORDER BY r.registered_at, r.id LIMIT $1"
            ),
            &[&limit, &after_id],
        )?
        .iter()
        .map(row)
        .collect())
}

/// The registrar takes a registration.
pub fn assign(client: &mut Client, id: i64) -> Result<(), UnitError> {
    client.execute("SELECT inkom.assign($1)", &[&id])?;
    Ok(())
}

/// Records a number from the paper diary on a registration that has none.
pub fn set_dnr(client: &mut Client, id: i64, dnr: &str) -> Result<(), UnitError> {
    client.execute("SELECT inkom.set_dnr($1, $2)", &[&id, &dnr])?;
    Ok(())
}

/// Fetches the registration sheet to print it (audited on the server) and checks it against
/// the hash registered with it, so what is printed is what the caseworker registered.
pub fn sheet_for_print(client: &mut Client, id: i64) -> Result<Vec<u8>, UnitError> {
    let mut tx = client.transaction()?;
    let expected: String = tx
        .query_opt(
            "SELECT sheet_sha256 FROM inkom.registrations WHERE id = $1",
            &[&id],
        )?
        .ok_or_else(|| UnitError::Refused {
            code: "P0002".into(),
            message: format!("registration {id} not found"),
        })?
        .get(0);
    let pdf: Vec<u8> = tx
        .query_one("SELECT inkom.sheet_for_print($1)", &[&id])?
        .get(0);
    if hex::encode(Sha256::digest(&pdf)) != expected {
        // The transaction rolls back: no "printed" event for a sheet that was not handed out.
        return Err(UnitError::SheetMismatch(id));
    }
    tx.commit()?;
    Ok(pdf)
}

/// Marks a registration entered in the diary; the server purges its sheet.
pub fn entered(client: &mut Client, id: i64) -> Result<(), UnitError> {
    client.execute("SELECT inkom.entered($1)", &[&id])?;
    Ok(())
}

/// The registrations received in a period (inclusive, in the unit's time zone), in date
/// order: the unit's diarielista. Records that it was printed.
pub fn list(
    client: &mut Client,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<QueueRow>, UnitError> {
    let mut tx = client.transaction()?;
    let rows: Vec<QueueRow> = tx
        .query(
            &format!(
                "SELECT {ROW_COLUMNS} FROM inkom.registrations r, inkom.unit_settings s
                 WHERE r.received_at >= ($1::date)::timestamp AT TIME ZONE s.time_zone
                   AND r.received_at < ($2::date + 1)::timestamp AT TIME ZONE s.time_zone
                 ORDER BY r.received_at, r.id"
            ),
            &[&from, &to],
        )?
        .iter()
        .map(row)
        .collect();
    tx.execute(
        "SELECT inkom.list_printed($1, $2, $3)",
        &[&from, &to, &(rows.len() as i32)],
    )?;
    tx.commit()?;
    Ok(rows)
}
