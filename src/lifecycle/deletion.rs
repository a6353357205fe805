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

use std::path::{Path, PathBuf};

use serde_json::json;

use super::{LifecycleError, gallring, machine, verified_pdf};
use crate::audit::{self, Action as Event};
use crate::model::{Act, Action, Class, Classification, Gallringsbeslut, Item, State};
use crate::store::items::{self, ActColumn, Keep};
use crate::store::{Store, StoreError};

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
    if place.trim().is_empty() {
        return Err(LifecycleError::Empty("where"));
    }
    let tx = store.write()?;
    let item = items::load(&tx, id, false)?;
    check_source_deletable(&tx, &item)?;
    let mut marked = vec![item.clone()];
    if delete_file {
        if Path::new(&item.source.path).is_dir() {
            return Err(LifecycleError::SourceIsFolder {
                id,
                path: PathBuf::from(&item.source.path),
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
    }
    for m in &marked {
        let next = machine::check(m, Action::ConfirmSourceDeleted)?;
        items::record_act(&tx, m.id, ActColumn::SourceDeleted, Some(next), act)?;
        items::set_source_deleted_where(&tx, m.id, place)?;
        audit::append(
            &tx,
            act,
            Some(m.id),
            Event::SourceDeleted,
            json!({ "where": place, "by_inkom": delete_file }),
        )?;
    }
    if delete_file {
        let path = PathBuf::from(&item.source.path);
        crate::source_file::delete_if_unchanged(&path, &item.source.file_sha256)
            .map_err(|e| e.for_item(id, &path))?;
        audit::append(
            &tx,
            act,
            Some(id),
            Event::SourceFileDeleted,
            // No path: it can hold a name, and it would outlive the purge (rule 9).
            json!({ "medium": "fil", "sha256": item.source.file_sha256 }),
        )?;
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
        },
        _ => Keep {
            sender: false,
            classification: false,
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
