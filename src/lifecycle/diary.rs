//! What must be recorded before a registered item's source may go (guard rail 1): a diarium
//! item's diary number, from inkom's series or typed in from the registrar's paper diary, and
//! for personakt material the caseworker's word that the printout is filed in the akt.

use chrono::Datelike;
use serde_json::json;

use super::{LifecycleError, commit_with_event, machine};
use crate::audit::Action as Event;
use crate::model::{Act, Action, Item};
use crate::store::items::{self, ActColumn};
use crate::store::{Settings, Store};

/// Longest diary number accepted from the paper diary, in characters.
pub const MAX_DIARIENUMMER_CHARS: usize = 40;

/// Gives a registered diarium item the next number in the unit's diary series (the registrar's
/// act when the sheet was printed without one). A number, once given, is never changed.
pub fn assign_diarienummer(store: &mut Store, id: i64, act: &Act) -> Result<Item, LifecycleError> {
    let tx = store.write()?;
    let item = items::load(&tx, id, false)?;
    machine::check(&item, Action::AssignDnr)?;
    let series = Settings::load(&tx)?
        .diary_prefix
        .ok_or(LifecycleError::NoDiarySeries)?;
    let dnr = items::next_diarienummer(&tx, &series, act.at.year())?;
    items::set_diarienummer(&tx, id, &dnr)?;
    commit_with_event(
        tx,
        act,
        id,
        Event::DiarienummerAssigned,
        json!({ "diarienummer": dnr }),
    )?;
    Ok(store.item(id)?)
}

/// Where a recorded diary number came from; the audit event's details say which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DnrSource {
    /// Typed in from the registrar's paper diary (`inkom set-dnr`, the app).
    PaperDiary,
    /// Came back from the unit register (issue 16) for its registration with this id.
    UnitRegister {
        /// The registration's id in the unit register.
        registration_id: i64,
    },
}

/// Records the diary number the registrar wrote in the paper diary, e.g. `SN 2026/0042`, as
/// written (trimmed). No format is prescribed, so any one-line text of at most
/// [`MAX_DIARIENUMMER_CHARS`] characters is accepted. A number, once recorded, is never changed.
pub fn set_diarienummer(
    store: &mut Store,
    id: i64,
    diarienummer: &str,
    act: &Act,
) -> Result<Item, LifecycleError> {
    let tx = store.write()?;
    record_diarienummer(&tx, id, diarienummer, act, DnrSource::PaperDiary)?;
    tx.commit().map_err(crate::store::StoreError::from)?;
    Ok(store.item(id)?)
}

/// The one rule for recording a diary number that inkom did not allocate itself, inside the
/// caller's transaction: the manual `set-dnr` and the unit outbox's delivery (which marks its
/// row delivered in the same transaction) both come here, so both get the same checks (one
/// line, at most [`MAX_DIARIENUMMER_CHARS`] characters, a registered diarium item, never a
/// second number: [`LifecycleError::HasDiarienummer`]) and the same audit event,
/// `diarienummer_recorded`. Returns the number as recorded (trimmed). The caller commits.
pub fn record_diarienummer(
    tx: &rusqlite::Connection,
    id: i64,
    diarienummer: &str,
    act: &Act,
    source: DnrSource,
) -> Result<String, LifecycleError> {
    let dnr = diarienummer.trim();
    if dnr.is_empty() {
        return Err(LifecycleError::Empty("diarienummer"));
    }
    if dnr.chars().count() > MAX_DIARIENUMMER_CHARS || dnr.chars().any(char::is_control) {
        return Err(LifecycleError::BadDiarienummer(id));
    }
    let item = items::load(tx, id, false)?;
    machine::check(&item, Action::SetDnr)?;
    if let Some(other) = items::with_diarienummer(tx, dnr)? {
        return Err(LifecycleError::DiarienummerTaken {
            id,
            other,
            diarienummer: dnr.to_string(),
        });
    }
    items::set_diarienummer(tx, id, dnr)?;
    let details = match source {
        DnrSource::PaperDiary => json!({ "diarienummer": dnr }),
        DnrSource::UnitRegister { registration_id } => json!({
            "diarienummer": dnr,
            "source": "unit_register",
            "unit_registration_id": registration_id,
        }),
    };
    crate::audit::append(tx, act, Some(id), Event::DiarienummerRecorded, details)?;
    Ok(dnr.to_string())
}

/// Records the caseworker's confirmation that a personakt printout is filed in the client's
/// akt; only then may the source go.
pub fn confirm_filed(store: &mut Store, id: i64, act: &Act) -> Result<Item, LifecycleError> {
    let tx = store.write()?;
    let item = items::load(&tx, id, false)?;
    let next = machine::check(&item, Action::ConfirmFiled)?;
    items::record_act(&tx, id, ActColumn::Filed, Some(next), act)?;
    commit_with_event(tx, act, id, Event::FiledConfirmed, json!({}))?;
    Ok(store.item(id)?)
}
