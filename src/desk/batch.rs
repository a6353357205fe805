//! The mutating commands of the app, one core action each (several for the batch ones), each
//! returning the new item view(s) so the window never chains a refetch.
//!
//! A batch stops at the first refusal: the items before it stay done (each action is its own
//! transaction and audit event), and the error names the item that was refused.

use super::DeskResult;
use super::item_view::{deletion_place, view_of};
use super::session::act;
use super::views::{ClassificationInput, ItemView, OffPaperFileView, OffPaperView};
use crate::lifecycle::{self, public};
use crate::model::{Act, Item};
use crate::store::{Settings, Store};

/// Runs `action` on every id in order, collecting the new views.
fn each(
    store: &mut Store,
    ids: &[i64],
    mut action: impl FnMut(&mut Store, i64, &Act) -> Result<Item, lifecycle::LifecycleError>,
) -> DeskResult<Vec<ItemView>> {
    let act = act(store.conn())?;
    let mut views = Vec::with_capacity(ids.len());
    for &id in ids {
        let item = action(store, id, &act)?;
        views.push(view_of(store.conn(), &item)?);
    }
    Ok(views)
}

/// Classifies one item.
pub fn classify(store: &mut Store, id: i64, input: ClassificationInput) -> DeskResult<ItemView> {
    let act = act(store.conn())?;
    let settings = Settings::load(store.conn())?;
    let sender_is_client = public::sender_is_client(store, id)?;
    let new_client = input.new_client();
    let classification = input.into_classification(&settings, &act, sender_is_client)?;
    let item = lifecycle::classify_with(store, id, classification, new_client, &act)?;
    view_of(store.conn(), &item)
}

/// Registers an item again after a font was installed, while its printout lacks characters
/// (issue 12's fidelity gate): same designation, a new sheet to print.
pub fn reregister(store: &mut Store, id: i64) -> DeskResult<ItemView> {
    let act = act(store.conn())?;
    let item = crate::fidelity::reregister(store, id, &act)?;
    view_of(store.conn(), &item)
}

/// Undoes a classification (until registration).
pub fn unclassify(store: &mut Store, id: i64) -> DeskResult<ItemView> {
    let act = act(store.conn())?;
    let item = lifecycle::unclassify(store, id, &act)?;
    view_of(store.conn(), &item)
}

/// Registers several items (writes their PDFs). A store connected to the unit register then
/// publishes the diarium items through its outbox, as `inkom register` does
/// ([`crate::unit::publish`]); the views show a diary number that came back.
pub fn register(store: &mut Store, ids: &[i64]) -> DeskResult<Vec<ItemView>> {
    // Published even when a later item of the batch was refused: those before it stand.
    let registered = each(store, ids, lifecycle::register);
    let act = act(store.conn())?;
    let published = crate::unit::publish::after_register(store, &act).is_some();
    let views = registered?;
    if !published {
        return Ok(views);
    }
    views
        .iter()
        .map(|v| v.id)
        .map(|id| view_of(store.conn(), &store.item(id)?))
        .collect()
}

/// Confirms that several printouts were printed.
pub fn confirm_printed(store: &mut Store, ids: &[i64]) -> DeskResult<Vec<ItemView>> {
    each(store, ids, lifecycle::confirm_printed)
}

/// Gives several registered diarium items their diary numbers.
pub fn assign_dnr(store: &mut Store, ids: &[i64]) -> DeskResult<Vec<ItemView>> {
    each(store, ids, lifecycle::assign_diarienummer)
}

/// Culls several ringa items under one gallringsbeslut: `decision` is its number or reference,
/// empty for the unit's default (the only one, or the one the `cull_decision` setting names).
pub fn cull(store: &mut Store, ids: &[i64], decision: &str) -> DeskResult<Vec<ItemView>> {
    each(store, ids, |s, id, act| {
        lifecycle::cull(s, id, decision, act)
    })
}

/// Records the diary number the registrar entered in the paper diary.
pub fn set_dnr(store: &mut Store, id: i64, diarienummer: &str) -> DeskResult<ItemView> {
    let act = act(store.conn())?;
    let item = lifecycle::set_diarienummer(store, id, diarienummer, &act)?;
    view_of(store.conn(), &item)
}

/// Confirms that several personakt printouts are filed in their akts.
pub fn confirm_filed(store: &mut Store, ids: &[i64]) -> DeskResult<Vec<ItemView>> {
    each(store, ids, lifecycle::confirm_filed)
}

/// Holds an item (request for public documents, appeal) for `reason`.
pub fn hold(store: &mut Store, id: i64, reason: &str) -> DeskResult<ItemView> {
    let act = act(store.conn())?;
    let item = lifecycle::hold(store, id, reason, &act)?;
    view_of(store.conn(), &item)
}

/// Corrects an item's date received before registration: `at` as the caseworker typed it
/// ("2026-11-03 14:22", Swedish time), with a reason; for a screenshot `drawn_up` marks it
/// drawn up by the unit (`Some(true)`) or received (`Some(false)`).
pub fn set_received(
    store: &mut Store,
    id: i64,
    at: &str,
    reason: &str,
    drawn_up: Option<bool>,
) -> DeskResult<ItemView> {
    let act = act(store.conn())?;
    let correction = lifecycle::ReceivedCorrection {
        at: lifecycle::received::parse_local_time(at)?,
        reason: reason.to_string(),
        drawn_up,
    };
    let item = lifecycle::set_received(store, id, &correction, &act)?;
    view_of(store.conn(), &item)
}

/// Releases an item's hold.
pub fn release(store: &mut Store, id: i64) -> DeskResult<ItemView> {
    let act = act(store.conn())?;
    let item = lifecycle::release(store, id, &act)?;
    view_of(store.conn(), &item)
}

/// What the printout of item `id` names but cannot hold, for the delete dialog to show before
/// the caseworker confirms (the core refuses the deletion without `ack_off_paper` while this is
/// not empty). Empty for a ringa item, which keeps its attachments until culled, and once the
/// content is purged.
pub fn off_paper(store: &Store, id: i64) -> DeskResult<OffPaperView> {
    let off = lifecycle::off_paper(store.conn(), &store.item(id)?)?;
    Ok(OffPaperView {
        files: off
            .files
            .into_iter()
            .map(|f| OffPaperFileView {
                name: f.name,
                kind: f.kind,
            })
            .collect(),
        inner_left_out: u32::try_from(off.inner_left_out).unwrap_or(u32::MAX),
    })
}

/// What the caseworker confirmed in the deletion dialog, each offered after the refusal that
/// asks for it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Acknowledged {
    /// The export file is a copy and the phone keeps the rest (guard rail 2).
    pub partial_export: bool,
    /// The attachments the printout cannot hold are kept apart.
    pub off_paper: bool,
}

/// Records the deletion of the source (deleting a file-based source when asked). The core
/// purges a personakt or diarium item's copy in the same step, as it does for the CLI; a ringa
/// item keeps its content (the ordered keep) until culled. A file holding messages inkom never
/// got is deleted only with `ack_partial_export` ("exporten är en kopia; telefonen har kvar
/// resten"); without it the refusal (`export_has_more`) lists them. A source whose printout
/// does not hold every attachment (a film, a sound recording) goes only with `ack_off_paper`
/// ("bilagorna som utskriften inte återger är bevarade"); without it the refusal
/// (`attachments_off_paper`) names them.
pub fn confirm_source_deleted(
    store: &mut Store,
    id: i64,
    delete_file: bool,
    ack: Acknowledged,
) -> DeskResult<ItemView> {
    let act = act(store.conn())?;
    let item = store.item(id)?;
    let mut place = deletion_place(&item);
    if delete_file && !item.source.path.is_empty() {
        // The path is not recorded: it can hold a name and would outlive the purge.
        place = format!("{place}; filen raderad av inkom");
    }
    let how = lifecycle::FileDeletion {
        delete_file,
        ack_partial_export: ack.partial_export,
        ack_off_paper: ack.off_paper,
    };
    let item = lifecycle::confirm_source_deleted_with(store, id, &place, how, &act)?;
    view_of(store.conn(), &item)
}

/// Purges an item whose source deletion is recorded but whose content is still kept (no
/// gallringsbeslut applied when the deletion was confirmed, or an earlier version kept it),
/// under the unit's default gallringsbeslut.
pub fn purge(store: &mut Store, id: i64) -> DeskResult<ItemView> {
    let act = act(store.conn())?;
    let item = lifecycle::purge(store, id, "", &act)?;
    view_of(store.conn(), &item)
}
