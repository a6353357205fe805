//! Guard rail 8: culling (gallring) cites a gallringsbeslut from the register.
//!
//! Culling a ringa item destroys a public document, and so does purging the electronic copy of
//! a printed one: both are gallring and lawful only under a decision that says who decided,
//! when, under which reference and which section of the dokumenthanteringsplan. The register
//! of those decisions is kept in the store; [`applicable`] picks the one an action cites.

use chrono::NaiveDate;
use serde_json::json;

use super::LifecycleError;
use crate::audit::{self, Action as Event};
use crate::model::{Act, Gallringsbeslut};
use crate::store::gallringsbeslut as register;
use crate::store::{Settings, Store, StoreError};

/// Longest accepted text in a field of a decision: one line on a printed list.
const MAX_FIELD_CHARS: usize = 200;

/// A decision as typed in, before it is checked and numbered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewGallringsbeslut {
    /// Who decided, e.g. "Socialnämnden".
    pub decided_by: String,
    /// The day of the decision.
    pub decided_on: NaiveDate,
    /// The reference, e.g. "SN 2025/0113 § 42".
    pub reference: String,
    /// The section of the dokumenthanteringsplan, e.g. "4.2 Handlingar av ringa betydelse".
    pub plan_section: String,
}

/// Adds a decision to the register, audited. Refused when a field is empty, longer than one
/// line, the date is after today, or the reference is already registered.
pub fn add(
    store: &mut Store,
    new: &NewGallringsbeslut,
    act: &Act,
) -> Result<Gallringsbeslut, LifecycleError> {
    let fields = [
        (new.decided_by.trim(), "decided_by"),
        (new.reference.trim(), "reference"),
        (new.plan_section.trim(), "plan_section"),
    ];
    for (value, field) in fields {
        if value.is_empty() {
            return Err(LifecycleError::BadGallringsbeslut(field));
        }
        if value.chars().count() > MAX_FIELD_CHARS || value.chars().any(char::is_control) {
            return Err(LifecycleError::BadGallringsbeslut(field));
        }
    }
    if new.decided_on > act.at.date_naive() {
        return Err(LifecycleError::BadGallringsbeslut("decided_on"));
    }
    let tx = store.write()?;
    if register::reference_exists(&tx, &new.reference)? {
        return Err(LifecycleError::GallringsbeslutExists(
            new.reference.trim().to_string(),
        ));
    }
    let beslut = register::insert(
        &tx,
        new.decided_by.trim(),
        new.decided_on,
        new.reference.trim(),
        new.plan_section.trim(),
        act,
    )?;
    audit::append(
        &tx,
        act,
        None,
        Event::GallringsbeslutAdded,
        json!({
            "gallringsbeslut_id": beslut.id,
            "decided_by": beslut.decided_by,
            "decided_on": beslut.decided_on.to_string(),
            "reference": beslut.reference,
            "plan_section": beslut.plan_section,
        }),
    )?;
    tx.commit().map_err(StoreError::from)?;
    Ok(beslut)
}

/// The decision an action cites. `requested` names one (its number or reference); empty means
/// the unit's default: the decision the `cull_decision` setting names, else the only one in
/// the register. Refused when the named decision is not registered, when the register is
/// empty, or when it holds several and none is the default.
pub fn applicable(
    conn: &rusqlite::Connection,
    requested: &str,
) -> Result<Gallringsbeslut, LifecycleError> {
    let requested = requested.trim();
    if !requested.is_empty() {
        return register::find(conn, requested)?
            .ok_or_else(|| LifecycleError::UnknownGallringsbeslut(requested.to_string()));
    }
    if let Some(default) = Settings::load(conn)?.cull_decision
        && let Some(beslut) = register::find(conn, &default)?
    {
        return Ok(beslut);
    }
    let mut all = register::all(conn)?;
    match all.len() {
        0 => Err(LifecycleError::NoGallringsbeslut),
        1 => Ok(all.remove(0)),
        n => Err(LifecycleError::ChooseGallringsbeslut(n)),
    }
}

/// Whether no decision applies by default (an empty register, or several and no default):
/// the refusals [`applicable`] gives when nothing is named, as opposed to a store failure.
pub(crate) fn is_missing(e: &LifecycleError) -> bool {
    matches!(
        e,
        LifecycleError::NoGallringsbeslut | LifecycleError::ChooseGallringsbeslut(_)
    )
}

/// Every decision in the register, oldest first.
pub fn list(store: &Store) -> Result<Vec<Gallringsbeslut>, LifecycleError> {
    Ok(register::all(store.conn())?)
}
