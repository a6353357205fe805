//! Holds (guard rail 10): an item under a request for public documents or an appeal is not
//! culled, purged or deleted at its source until the hold is released. Both acts are audited
//! with the reason.

use serde_json::json;

use super::{LifecycleError, commit_with_event, machine};
use crate::audit::Action as Event;
use crate::model::{Act, Action, Hold, Item};
use crate::store::Store;
use crate::store::items;

/// Holds item `id` for `reason` (e.g. "Begäran om allmän handling 2026-11-20").
pub fn hold(store: &mut Store, id: i64, reason: &str, act: &Act) -> Result<Item, LifecycleError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(LifecycleError::Empty("reason"));
    }
    let tx = store.write()?;
    let item = items::load(&tx, id, false)?;
    machine::check(&item, Action::Hold)?;
    let h = Hold {
        reason: reason.to_string(),
        set: act.clone(),
    };
    items::set_hold(&tx, id, Some(&h))?;
    commit_with_event(tx, act, id, Event::Held, json!({ "reason": reason }))?;
    Ok(store.item(id)?)
}

/// Releases the hold on item `id`; the audit keeps the reason it was held for.
pub fn release(store: &mut Store, id: i64, act: &Act) -> Result<Item, LifecycleError> {
    let tx = store.write()?;
    let item = items::load(&tx, id, false)?;
    machine::check(&item, Action::Release)?;
    items::set_hold(&tx, id, None)?;
    let reason = item.hold.map(|h| h.reason);
    commit_with_event(tx, act, id, Event::Released, json!({ "reason": reason }))?;
    Ok(store.item(id)?)
}
