//! The app's side of the register of gallringsbeslut (guard rail 8): the settings screen
//! lists the register ([`super::views::SettingsView::gallringsbeslut`]) and adds to it here,
//! through the same core function as `inkom gallringsbeslut add`.

use chrono::NaiveDate;

use super::session::{act, settings};
use super::views::{GallringsbeslutInput, SettingsView};
use super::{DeskError, DeskResult};
use crate::lifecycle::{self, NewGallringsbeslut};
use crate::store::Store;

/// Adds a decision (audited) and returns the settings screen with the register. The only
/// decision in the register is the default by itself ([`lifecycle::gallring::applicable`]).
pub fn add(store: &mut Store, input: &GallringsbeslutInput) -> DeskResult<SettingsView> {
    let decided_on =
        NaiveDate::parse_from_str(input.decided_on.trim(), "%Y-%m-%d").map_err(|_| {
            DeskError::invalid(
                "gallringsbeslut: decided_on is not YYYY-MM-DD",
                "Ange beslutsdatumet som ÅÅÅÅ-MM-DD, t.ex. 2025-11-20.",
            )
        })?;
    let act = act(store.conn())?;
    let new = NewGallringsbeslut {
        decided_by: input.decided_by.clone(),
        decided_on,
        reference: input.reference.clone(),
        plan_section: input.plan_section.clone(),
    };
    lifecycle::gallring::add(store, &new, &act)?;
    settings(store)
}
