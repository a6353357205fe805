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

/// Records the diary number the registrar wrote in the paper diary, e.g. `SN 2026/0042`, as
/// written (trimmed). No format is prescribed, so any one-line text of at most
/// [`MAX_DIARIENUMMER_CHARS`] characters is accepted. A number, once recorded, is never changed.
pub fn set_diarienummer(
    store: &mut Store,
    id: i64,
    diarienummer: &str,
    act: &Act,
) -> Result<Item, LifecycleError> {
    let dnr = diarienummer.trim();
    if dnr.is_empty() {
        return Err(LifecycleError::Empty("diarienummer"));
    }
    if dnr.chars().count() > MAX_DIARIENUMMER_CHARS || dnr.chars().any(char::is_control) {
        return Err(LifecycleError::BadDiarienummer(id));
    }
    let tx = store.write()?;
    let item = items::load(&tx, id, false)?;
    machine::check(&item, Action::SetDnr)?;
    items::set_diarienummer(&tx, id, dnr)?;
    commit_with_event(
        tx,
        act,
        id,
        Event::DiarienummerRecorded,
        json!({ "diarienummer": dnr }),
    )?;
    Ok(store.item(id)?)
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
