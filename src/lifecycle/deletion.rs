//! The end of the road: deleting the source and purging inkom's copy.
//!
//! Deletion comes last (DOMAIN.md): a diarium item's source goes once its diary number is
//! recorded, a personakt item's once the printout is filed in the akt, nothing while held. Once
//! the source of a personakt or diarium item is confirmed deleted, the content has no reason to
//! stay, so [`confirm_source_deleted`] purges it in the same transaction: the CLI and the app end
//! the road alike. The purge is gallring too and cites the unit's default gallringsbeslut
//! (guard rail 8); when the register has none (or several and no default), the content stays
//! until [`purge`] is asked with a decision. [`purge`] also ends items an earlier version left
//! in `source_deleted`.

use serde_json::json;

use super::export_file::{self, ACK_STATEMENT};
use super::{LifecycleError, gallring, machine, verified_pdf};
use crate::audit::{self, Action as Event};
use crate::documents::{self, OffPaper};
use crate::model::{Act, Action, Channel, Class, Classification, Gallringsbeslut, Item, State};
use crate::store::items::{self, ActColumn, Keep};
use crate::store::{Store, StoreError, keyed};

/// May this item's source be deleted now? The road and its guard rails first, then, for a
/// registered item, an intact registration PDF (what was printed is what was registered).
fn check_source_deletable(
    conn: &rusqlite::Connection,
    item: &Item,
) -> Result<State, LifecycleError> {
    let next = machine::check(item, Action::ConfirmSourceDeleted)?;
    if item.class != Some(Class::Ringa) {
        verified_pdf(conn, item)?;
        crate::fidelity::check_source_deletable(conn, item.id)?; // issue 12: the fidelity gate
    }
    Ok(next)
}

/// How the source of an item goes, beyond being confirmed deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FileDeletion {
    /// inkom deletes the imported file itself.
    pub delete_file: bool,
    /// The caseworker acknowledges that the file holds messages inkom never got and may go
    /// anyway: the export is a copy, the phone keeps the rest ([`ACK_STATEMENT`]; guard rail 2).
    pub ack_partial_export: bool,
    /// The caseworker confirms that the attachments the printout cannot hold (a film, a sound
    /// recording, a file inkom does not print, pages it did not draw) are kept apart as the dokumenthanteringsplan says
    /// ([`OFF_PAPER_STATEMENT`]); without it such a source is not deleted.
    pub ack_off_paper: bool,
}

/// What the printout of `item` names but cannot hold, as the deletion gate judges it: nothing
/// for a ringa item, which keeps its attachments in inkom until culled, nor once its content
/// is purged; otherwise [`documents::off_paper`] over its stored attachments and what its
/// registration recorded of the attachments it could not draw. The gate, the
/// app's delete dialog and the CLI's note at registration all ask here.
pub fn off_paper(conn: &rusqlite::Connection, item: &Item) -> Result<OffPaper, LifecycleError> {
    if item.class == Some(Class::Ringa) || item.purged.is_some() {
        return Ok(OffPaper::default());
    }
    let attachments = items::attachments_with_bytes(conn, item.id)?;
    let recorded = crate::fidelity::undrawn(conn, item.id)?;
    Ok(documents::off_paper(&attachments, recorded.as_deref()))
}

/// What the audit trail records when the source of an item whose printout does not hold all
/// its attachments is deleted: the caseworker's confirmation that they are kept apart.
pub const OFF_PAPER_STATEMENT: &str =
    "bilagorna som utskriften inte återger är bevarade enligt dokumenthanteringsplanen";

/// Records that the source (on the phone, in Outlook, on disk) was deleted, and with
/// `delete_file` deletes a file-based source itself. The file is deleted only when it is unchanged
/// since import and every item it holds may lose its source; all of them are then marked.
/// Every marked personakt or diarium item is purged in the same transaction.
pub fn confirm_source_deleted(
    store: &mut Store,
    id: i64,
    place: &str,
    delete_file: bool,
    act: &Act,
) -> Result<Item, LifecycleError> {
    let how = FileDeletion {
        delete_file,
        ..FileDeletion::default()
    };
    confirm_source_deleted_with(store, id, place, how, act)
}

/// [`confirm_source_deleted`] with the acknowledgement of guard rail 2: a file that holds
/// messages inkom never got (other conversations, messages left out by the import's selection)
/// is deleted only with `how.ack_partial_export`, which the audit trail records; without it the
/// refusal [`LifecycleError::ExportHasMore`] lists them and nothing changes.
pub fn confirm_source_deleted_with(
    store: &mut Store,
    id: i64,
    place: &str,
    how: FileDeletion,
    act: &Act,
) -> Result<Item, LifecycleError> {
    let delete_file = how.delete_file;
    if place.trim().is_empty() {
        return Err(LifecycleError::Empty("where"));
    }
    let tx = store.write()?;
    let item = items::load(&tx, id, false)?;
    check_source_deletable(&tx, &item)?;
    let mut marked = vec![item.clone()];
    let mut partial = None;
    // The file exactly as imported, a name that is not UTF-8 included.
    let source_path = crate::path_text::from_text(&item.source.path);
    if delete_file {
        if source_path.is_dir() {
            return Err(LifecycleError::SourceIsFolder {
                id,
                path: source_path,
            });
        }
        let others = items::same_source(&tx, &item)?;
        let blocking: Vec<i64> = others
            .iter()
            .filter(|o| o.source_deleted.is_none() && check_source_deletable(&tx, o).is_err())
            .map(|o| o.id)
            .collect();
        if !blocking.is_empty() {
            return Err(LifecycleError::SourceShared {
                id,
                others: blocking,
            });
        }
        marked.extend(others.into_iter().filter(|o| o.source_deleted.is_none()));
        let unhandled = export_file::unhandled(&tx, id, &source_path, &item.source.file_sha256)?;
        if !unhandled.is_empty() {
            if !how.ack_partial_export {
                return Err(LifecycleError::ExportHasMore { id, unhandled });
            }
            partial = Some(unhandled.messages);
        }
    }
    // Nothing the printout cannot hold goes with the source unless it is kept apart.
    let mut offs = Vec::with_capacity(marked.len());
    for m in &marked {
        let off = off_paper(&tx, m)?;
        if !off.is_empty() && !how.ack_off_paper {
            return Err(LifecycleError::OffPaper { id: m.id, off });
        }
        offs.push(off);
    }
    for (m, off) in marked.iter().zip(&offs) {
        let next = machine::check(m, Action::ConfirmSourceDeleted)?;
        items::record_act(&tx, m.id, ActColumn::SourceDeleted, Some(next), act)?;
        items::set_source_deleted_where(&tx, m.id, place)?;
        audit::append(
            &tx,
            act,
            Some(m.id),
            Event::SourceDeleted,
            source_deleted_details(place, delete_file, off),
        )?;
    }
    if delete_file {
        crate::source_file::delete_if_unchanged(&source_path, &item.source.file_sha256)
            .map_err(|e| e.for_item(id, &source_path))?;
        // No path: it can hold a name, and it would outlive the purge (rule 9). Its keyed hash
        // tells, with the key, which file it was.
        let mut details = json!({
            "medium": "fil",
            "sha256": item.source.file_sha256,
            "file_key": keyed::path_key(&tx, &item.source.path)?,
        });
        if let Some(messages) = partial {
            details["partial_export"] = json!({
                "acknowledged": ACK_STATEMENT,
                "messages_not_in_inkom": messages,
            });
        }
        audit::append(&tx, act, Some(id), Event::SourceFileDeleted, details)?;
    }
    // The purge is gallring: it cites the default decision, or waits for one.
    let beslut = match gallring::applicable(&tx, "") {
        Ok(b) => Some(b),
        Err(e) if gallring::is_missing(&e) => None,
        Err(e) => return Err(e),
    };
    let mut purged = false;
    for m in &marked {
        let now = items::load(&tx, m.id, false)?;
        if let Some(beslut) = &beslut
            && machine::check(&now, Action::Purge).is_ok()
        {
            purge_in(&tx, &now, beslut, act)?;
            purged = true;
        }
    }
    // The file is gone before this commit: if the commit failed, the registration still exists
    // and the user can confirm again; the reverse order could record a deletion that never was.
    tx.commit().map_err(StoreError::from)?;
    if purged {
        store.checkpoint()?;
    }
    Ok(store.item(id)?)
}

/// The `source_deleted` event's details: where, whether inkom deleted the file, and, for a
/// printout that does not hold every attachment, the confirmation that they are kept apart with
/// their checksums (no names: a file name can name a person and would outlive the purge).
fn source_deleted_details(place: &str, by_inkom: bool, off: &OffPaper) -> serde_json::Value {
    let mut details = json!({ "where": place, "by_inkom": by_inkom });
    if !off.is_empty() {
        details["off_paper"] = json!({
            "acknowledged": OFF_PAPER_STATEMENT,
            "sha256": off.files.iter().map(|f| f.sha256.as_str()).collect::<Vec<_>>(),
            "inner_files_left_out": off.inner_left_out,
        });
    }
    details
}

/// The medium a source was on, kept after purge in place of its path (rule 9): an SMS lives on
/// the work phone, an e-mail in Outlook, a screenshot as a file on the computer.
pub(crate) fn source_medium(channel: Channel) -> &'static str {
    match channel {
        Channel::Sms => "tjänstetelefon",
        Channel::Email => "Outlook",
        Channel::Screenshot => "fil",
    }
}

/// Removes content, attachments and PDF, keeping what 5 kap. 2 § OSL asks: date received,
/// designation, sender unless secret, and the description, and records the gallringsbeslut
/// the purge was made under. Inside the caller's transaction.
fn purge_in(
    conn: &rusqlite::Connection,
    item: &Item,
    beslut: &Gallringsbeslut,
    act: &Act,
) -> Result<(), LifecycleError> {
    let next = machine::check(item, Action::Purge)?;
    let keep = match &item.classification {
        Some(Classification::Diarium { sender_secret, .. }) => Keep {
            sender: !sender_secret,
            classification: true,
            medium: source_medium(item.channel),
        },
        _ => Keep {
            sender: false,
            classification: false,
            medium: source_medium(item.channel),
        },
    };
    items::remove_content(conn, item.id, keep)?;
    items::record_act(conn, item.id, ActColumn::Purged, Some(next), act)?;
    crate::store::gallringsbeslut::cite_on_item(conn, item.id, beslut)?;
    audit::append(
        conn,
        act,
        Some(item.id),
        Event::Purged,
        json!({ "decision": beslut.citation(), "gallringsbeslut_id": beslut.id }),
    )?;
    Ok(())
}

/// Purges an item whose source deletion is recorded but whose content is still held: one
/// confirmed while no gallringsbeslut applied, or one an earlier version left in
/// `source_deleted`. `decision` names the gallringsbeslut (empty: the unit's default).
pub fn purge(
    store: &mut Store,
    id: i64,
    decision: &str,
    act: &Act,
) -> Result<Item, LifecycleError> {
    let tx = store.write()?;
    let item = items::load(&tx, id, false)?;
    machine::check(&item, Action::Purge)?;
    let beslut = gallring::applicable(&tx, decision)?;
    purge_in(&tx, &item, &beslut, act)?;
    tx.commit().map_err(StoreError::from)?;
    store.checkpoint()?;
    Ok(store.item(id)?)
}
