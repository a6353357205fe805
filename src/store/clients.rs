//! The client register's table: one row per personnummer. The register is small (a unit's
//! clients), so it is read whole and indexed in memory ([`ClientRegister`]).

use rusqlite::{Connection, OptionalExtension, params};

use super::{Store, StoreError};
use crate::clients::{Client, ClientRegister};
use crate::model::Act;
use crate::personnummer::Personnummer;

/// Whether [`upsert`] added a client or replaced one with the same personnummer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upserted {
    /// A new row.
    Added,
    /// The row with this personnummer was replaced.
    Updated,
}

fn corrupt(field: &'static str) -> StoreError {
    StoreError::Corrupt { id: 0, field }
}

/// Adds a client, or replaces the one with the same personnummer (a re-import updates).
pub(crate) fn upsert(conn: &Connection, c: &Client, act: &Act) -> Result<Upserted, StoreError> {
    let pnr = c.personnummer.to_string();
    let exists = conn
        .prepare_cached("SELECT 1 FROM clients WHERE personnummer = ?1")?
        .query_row([&pnr], |_| Ok(()))
        .optional()?
        .is_some();
    let phones = serde_json::to_string(&c.phones).map_err(|_| corrupt("clients.phones"))?;
    let emails = serde_json::to_string(&c.emails).map_err(|_| corrupt("clients.emails"))?;
    conn.prepare_cached(
        "INSERT INTO clients (personnummer, name, phones, emails, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (personnummer) DO UPDATE SET
             name = excluded.name, phones = excluded.phones, emails = excluded.emails,
             updated_at = excluded.updated_at",
    )?
    .execute(params![pnr, c.name, phones, emails, act.at.to_rfc3339()])?;
    Ok(if exists {
        Upserted::Updated
    } else {
        Upserted::Added
    })
}

/// Removes a client; false when there was none with this personnummer.
pub(crate) fn remove(conn: &Connection, p: &Personnummer) -> Result<bool, StoreError> {
    Ok(conn.execute(
        "DELETE FROM clients WHERE personnummer = ?1",
        [p.to_string()],
    )? > 0)
}

/// Every client, ordered by name.
pub(crate) fn all(conn: &Connection) -> Result<Vec<Client>, StoreError> {
    let mut stmt =
        conn.prepare("SELECT personnummer, name, phones, emails FROM clients ORDER BY name")?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let personnummer: Personnummer = r
            .get::<_, String>(0)?
            .parse()
            .map_err(|_| corrupt("clients.personnummer"))?;
        out.push(Client {
            personnummer,
            name: r.get(1)?,
            phones: serde_json::from_str(&r.get::<_, String>(2)?)
                .map_err(|_| corrupt("clients.phones"))?,
            emails: serde_json::from_str(&r.get::<_, String>(3)?)
                .map_err(|_| corrupt("clients.emails"))?,
        });
    }
    Ok(out)
}

impl Store {
    /// The client register, indexed for suggestions.
    pub fn clients(&self) -> Result<ClientRegister, StoreError> {
        Ok(ClientRegister::new(all(self.conn())?))
    }
}
