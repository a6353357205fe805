//! The registration PDF: `inkom register` writes it into the store, `export` writes it to a file
//! again, `confirm-printed` and `confirm-filed` record that it is on paper. Kept apart because
//! these are the steps between a classified item and the moment its source may be deleted.

use std::path::{Path, PathBuf};

use inkom::lifecycle;
use inkom::path_text;
use inkom::store::Store;

use super::failure::Failure;
use super::open::act;
use super::out_file::output;
use super::print::report;

/// `inkom register ID [--out FILE] [--again]`; a store connected to the unit register also
/// publishes the registration there.
pub(super) fn register(
    store: &mut Store,
    id: i64,
    out: Option<PathBuf>,
    again: bool,
    json: bool,
    force: bool,
) -> Result<(), Failure> {
    let act = act(store)?;
    let target = out.as_ref().map(|o| output(store, o, force)).transpose()?;
    let item = if again {
        inkom::fidelity::reregister(store, id, &act)?
    } else {
        lifecycle::register(store, id, &act)?
    };
    if let Some(target) = target {
        lifecycle::export_pdf(store, id, target.path(), &act)?;
        target.keep();
    }
    // Issue 16: a store connected to the unit register publishes the registration.
    let unit_note = inkom::unit::publish::after_register(store, &act).map(|p| p.note_sv());
    let item = if unit_note.is_some() {
        store.item(id)?
    } else {
        item
    };
    let reg = item
        .registration
        .as_ref()
        .map(|r| r.designation.as_str())
        .unwrap_or("");
    let mut msg = format!("Objekt {id} registrerat som {reg}.");
    if let Some(lost) = inkom::fidelity::recorded(store.conn(), id)?
        && lost.count > 0
    {
        msg.push_str(&format!(
            " OBS: {} tecken ({}) kunde inte återges i utskriften — behåll källan.",
            lost.count, lost.scripts
        ));
    }
    // Said at print time, so the film is saved before anyone goes to delete the source.
    let off = lifecycle::off_paper(store.conn(), &item)?;
    if !off.is_empty() {
        msg.push_str(&format!(
            " OBS: utskriften återger inte {}. Spara och bevara det som \
             dokumenthanteringsplanen anger innan källan raderas (--ack-off-paper).",
            off.described_sv().join(", ")
        ));
    }
    if let Some(out) = &out {
        msg.push_str(&format!(" PDF skriven till {}.", path_text::display(out)));
    }
    msg.push_str(unit_note.as_deref().unwrap_or_default());
    report(&item, json, &msg)
}

/// `inkom export ID --out FILE`: the stored PDF, e.g. to print it again.
pub(super) fn export(
    store: &mut Store,
    id: i64,
    out: &Path,
    json: bool,
    force: bool,
) -> Result<(), Failure> {
    let act = act(store)?;
    let target = output(store, out, force)?;
    lifecycle::export_pdf(store, id, target.path(), &act)?;
    target.keep();
    let item = store.item(id)?;
    report(
        &item,
        json,
        &format!(
            "PDF för objekt {id} skriven till {}.",
            path_text::display(out)
        ),
    )
}

/// `inkom confirm-printed ID`.
pub(super) fn confirm_printed(store: &mut Store, id: i64, json: bool) -> Result<(), Failure> {
    let act = act(store)?;
    let item = lifecycle::confirm_printed(store, id, &act)?;
    report(&item, json, &format!("Objekt {id}: utskrift bekräftad."))
}

/// `inkom confirm-filed ID`: the personakt printout is in the client's akt.
pub(super) fn confirm_filed(store: &mut Store, id: i64, json: bool) -> Result<(), Failure> {
    let act = act(store)?;
    let item = lifecycle::confirm_filed(store, id, &act)?;
    report(
        &item,
        json,
        &format!("Objekt {id}: utskriften ligger i personakten. Källan får nu raderas."),
    )
}
