//! Publishing right after a registration: what `inkom register` and the app's "Registrera" both
//! do once a diarium item is registered in a store connected to the unit register. One place,
//! so the command line and the app cannot publish differently.
//!
//! The registration itself is local and already committed when this runs; publishing never
//! undoes it. The item goes through the outbox ([`super::outbox::sync`]): delivered now if the
//! server answers, else it waits for the next sync.

use serde::Serialize;

use super::outbox;
use crate::model::Act;
use crate::store::Store;

/// What became of the publication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Publication {
    /// Delivered now; the diary number when the unit's series hands them out.
    Delivered {
        /// The number that came back, if any.
        dnr: Option<String>,
    },
    /// Nothing was waiting (e.g. the item is not a diarium item).
    Nothing,
    /// The server could not be reached or refused: this many registrations wait.
    Waiting {
        /// Registrations waiting in the outbox.
        waiting: u64,
    },
    /// The outbox itself failed; the Swedish reason (the registration stands).
    Failed {
        /// Swedish, for the user.
        reason: String,
    },
}

impl Publication {
    /// The sentence added to the user's confirmation (starts with a space; empty when there is
    /// nothing to say).
    pub fn note_sv(&self) -> String {
        match self {
            Publication::Delivered { dnr: Some(dnr) } => {
                format!(" Skickat till enhetens register: diarienummer {dnr}.")
            }
            Publication::Delivered { dnr: None } => " Skickat till enhetens register.".to_string(),
            Publication::Nothing => String::new(),
            Publication::Waiting { waiting } => format!(
                " Enhetens register nås inte just nu; {waiting} registrering(ar) väntar och \
                 skickas senare."
            ),
            Publication::Failed { reason } => {
                format!(" Registreringen väntar på att skickas: {reason}")
            }
        }
    }
}

/// A connected store publishes the diarium items it just registered: enqueued at once (local),
/// delivered if the server answers, else they wait for the next sync. `None` when the store
/// is not connected to a unit register. Never fails: the items are registered locally
/// whatever the network does.
pub fn after_register(store: &mut Store, act: &Act) -> Option<Publication> {
    match outbox::connection(store) {
        Ok(Some(_)) => {}
        _ => return None,
    }
    Some(match outbox::sync(store, act) {
        Ok(r) if r.offline.is_none() && r.waiting == 0 => match r.delivered.last() {
            Some(d) => Publication::Delivered { dnr: d.dnr.clone() },
            None => Publication::Nothing,
        },
        Ok(r) => Publication::Waiting { waiting: r.waiting },
        Err(e) => {
            tracing::warn!(error = %e, "publishing to the unit register");
            Publication::Failed { reason: e.sv() }
        }
    })
}
