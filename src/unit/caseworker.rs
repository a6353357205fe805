//! The caseworker's side of the unit register: publishing one registration, reading one's own.
//!
//! Publishing goes through `inkom.register()` on the server, which hands out the diary number
//! in the same transaction and is idempotent on the key, so the [`super::outbox`] may send the
//! same registration again after any crash or lost answer.

use chrono::{DateTime, FixedOffset, Utc};
use postgres::Client;
use serde::{Deserialize, Serialize};

use super::UnitError;
use crate::model::{Classification, Direction, Item, SecrecyMarking};

/// The public sender when the sender itself would reveal what is secret (DOMAIN.md).
pub const SECRET_SENDER: &str = "Sekretess";

/// The 5 kap. 2 § OSL facts of one registration, as published to the unit register. Nothing
/// else of the document leaves the caseworker's store, except the registration sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationFacts {
    /// When the authority got it.
    pub received_at: DateTime<FixedOffset>,
    /// `inkommen`, `upprattad` or `expedierad`.
    pub direction: String,
    /// inkom's designation (annan beteckning), e.g. `INK-2026-00007`.
    pub designation: String,
    /// From whom, or "Sekretess".
    pub sender: String,
    /// The public short description.
    pub arendemening: String,
    /// The secrecy marking, if any.
    pub secrecy: Option<SecrecyMarking>,
}

impl RegistrationFacts {
    /// The facts of a registered diarium item. Personakt material is not registered and
    /// ringa items stay local: both are refused.
    pub fn of_item(item: &Item) -> Result<RegistrationFacts, UnitError> {
        let Some(Classification::Diarium {
            description,
            secrecy,
            sender_secret,
        }) = &item.classification
        else {
            return Err(UnitError::NotPublishable {
                id: item.id,
                why: "not a diarium item",
            });
        };
        let Some(reg) = &item.registration else {
            return Err(UnitError::NotPublishable {
                id: item.id,
                why: "not registered yet",
            });
        };
        let sender = match (&item.sender, sender_secret) {
            (_, true) => SECRET_SENDER.to_string(),
            (Some(s), false) if !s.trim().is_empty() => s.clone(),
            _ => "Uppgift saknas".to_string(),
        };
        Ok(RegistrationFacts {
            received_at: item.received_at,
            direction: match item.direction {
                Direction::In => "inkommen",
                Direction::Out => "expedierad",
            }
            .to_string(),
            designation: reg.designation.clone(),
            sender,
            arendemening: description.clone(),
            secrecy: secrecy.clone(),
        })
    }
}

/// The server's answer to a publication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    /// The registration's id in the unit register.
    pub registration_id: i64,
    /// The diary number, when the unit's series hands them out (else the registrar sets one).
    pub dnr: Option<String>,
    /// False when the key had been used before: nothing new was registered.
    pub created: bool,
}

/// Publishes one registration. `key` is the outbox's idempotency key (32 hex digits).
pub fn publish(
    client: &mut Client,
    key: &str,
    facts: &RegistrationFacts,
    sheet: &[u8],
) -> Result<Published, UnitError> {
    // A marking of four strings always serialises.
    let secrecy: Option<String> = facts
        .secrecy
        .as_ref()
        .and_then(|s| serde_json::to_string(s).ok());
    let row = client.query_one(
        "SELECT registration_id, dnr, created FROM inkom.register($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8)",
        &[
            &key,
            &facts.received_at.with_timezone(&Utc),
            &facts.direction,
            &facts.designation,
            &facts.sender,
            &facts.arendemening,
            &secrecy,
            &sheet,
        ],
    )?;
    Ok(Published {
        registration_id: row.get(0),
        dnr: row.get(1),
        created: row.get(2),
    })
}

/// One of the caseworker's own registrations, as the register holds it.
#[derive(Debug, Clone, Serialize)]
pub struct OwnRegistration {
    /// Id in the unit register.
    pub id: i64,
    /// The diary number, once there is one.
    pub dnr: Option<String>,
    /// `queued`, `assigned` or `entered`.
    pub state: String,
    /// The designation.
    pub designation: String,
}

/// The registrations the signed-in caseworker may see (row-level security keeps it to their
/// own; this query asks for all of them to show that).
pub fn own_registrations(client: &mut Client) -> Result<Vec<OwnRegistration>, UnitError> {
    Ok(client
        .query(
            "SELECT id, dnr, state, designation FROM inkom.registrations ORDER BY id",
            &[],
        )?
        .iter()
        .map(|r| OwnRegistration {
            id: r.get(0),
            dnr: r.get(1),
            state: r.get(2),
            designation: r.get(3),
        })
        .collect())
}
