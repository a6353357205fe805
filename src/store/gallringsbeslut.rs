//! The register of gallringsbeslut (guard rail 8): the decisions culling and purging cite.
//! Rows are only added, never changed or removed: an item culled under a decision keeps its
//! number, and the citation on it must stay true.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::StoreError;
use crate::model::{Act, Gallringsbeslut};

const COLUMNS: &str = "id, decided_by, decided_on, reference, plan_section";

fn from_row(r: &Row<'_>) -> Result<Gallringsbeslut, StoreError> {
    let id: i64 = r.get(0)?;
    let decided_on: String = r.get(2)?;
    Ok(Gallringsbeslut {
        id,
        decided_by: r.get(1)?,
        decided_on: NaiveDate::parse_from_str(&decided_on, "%Y-%m-%d").map_err(|_| {
            StoreError::Corrupt {
                id,
                field: "gallringsbeslut.decided_on",
            }
        })?,
        reference: r.get(3)?,
        plan_section: r.get(4)?,
    })
}

/// Whether a decision with this reference (case and surrounding space ignored) is registered.
pub(crate) fn reference_exists(conn: &Connection, reference: &str) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM gallringsbeslut WHERE reference = ?1 COLLATE NOCASE")?
        .query_row([reference.trim()], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Adds a decision (the fields already checked) and returns it with its number.
pub(crate) fn insert(
    conn: &Connection,
    decided_by: &str,
    decided_on: NaiveDate,
    reference: &str,
    plan_section: &str,
    act: &Act,
) -> Result<Gallringsbeslut, StoreError> {
    conn.prepare_cached(
        "INSERT INTO gallringsbeslut
             (decided_by, decided_on, reference, plan_section, added_at, added_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        decided_by,
        decided_on.format("%Y-%m-%d").to_string(),
        reference,
        plan_section,
        act.at.to_rfc3339(),
        act.by
    ])?;
    Ok(Gallringsbeslut {
        id: conn.last_insert_rowid(),
        decided_by: decided_by.to_string(),
        decided_on,
        reference: reference.to_string(),
        plan_section: plan_section.to_string(),
    })
}

/// Every decision, oldest first.
pub fn all(conn: &Connection) -> Result<Vec<Gallringsbeslut>, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM gallringsbeslut ORDER BY id"
    ))?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(from_row(r)?);
    }
    Ok(out)
}

/// The decision named by `text`: its number, or its reference (case and surrounding space
/// ignored).
pub(crate) fn find(conn: &Connection, text: &str) -> Result<Option<Gallringsbeslut>, StoreError> {
    let text = text.trim();
    let by_id = text.parse::<i64>().ok();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM gallringsbeslut
         WHERE id = ?1 OR reference = ?2 COLLATE NOCASE ORDER BY id LIMIT 1"
    ))?;
    let mut rows = stmt.query(params![by_id, text])?;
    rows.next()?.map(from_row).transpose()
}

/// Records which decision an item was culled or purged under: its number and its citation.
pub(crate) fn cite_on_item(
    conn: &Connection,
    item_id: i64,
    beslut: &Gallringsbeslut,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE items SET gallringsbeslut_id = ?2, cull_decision = ?3 WHERE id = ?1",
    )?
    .execute(params![item_id, beslut.id, beslut.citation()])?;
    Ok(())
}

/// Whether the register is empty (the demo and tests ask before adding one).
pub fn count(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("SELECT count(*) FROM gallringsbeslut", [], |r| r.get(0))?)
}
