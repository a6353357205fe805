//! The fidelity gate: a source is deleted only when its printout is a faithful copy.
//!
//! The registration PDF is what remains of a message once its source is deleted and inkom's
//! copy purged. When the PDF writer had to draw a replacement mark for a character (a script
//! without a font on this PC, a private-use character), the registration records how many
//! characters and which scripts ([`record`]), page 1 of the sheet says so, and
//! [`check_source_deletable`] refuses the deletion of the source until a re-registration
//! ([`reregister`], audited) has produced a complete printout.

use rusqlite::Connection;
use serde_json::json;

use crate::audit::{self, Action};
use crate::documents::{self, Undrawn};
use crate::lifecycle::LifecycleError;
use crate::model::{Act, Item, State, sha256_hex};
use crate::pdf;
use crate::store::items;
use crate::store::{Settings, Store, StoreError};

/// What a stored registration's printout lacks: zero characters for a faithful copy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recorded {
    /// Characters drawn as a replacement mark.
    pub count: u64,
    /// Their scripts in Swedish, e.g. "kinesiska tecken (han)".
    pub scripts: String,
}

/// Stores what the registration of item `id` could not print, next to its registration: the
/// characters drawn as a replacement mark, and what of its attachments was not drawn (`undrawn`
/// as the sheet was made, the pictures that could not be decoded as it was rendered).
pub(crate) fn record(
    conn: &Connection,
    id: i64,
    rendered: &pdf::Rendered,
    mut undrawn: Vec<Undrawn>,
) -> Result<(), StoreError> {
    let lost = &rendered.unprintable;
    items::set_unprintable(conn, id, lost.count as i64, &lost.scripts_sv())?;
    undrawn.extend(
        rendered
            .undrawn
            .iter()
            .map(|key| Undrawn::unreadable_picture(key)),
    );
    let json = serde_json::to_string(&undrawn).map_err(|_| StoreError::Corrupt {
        id,
        field: "undrawn",
    })?;
    items::set_undrawn(conn, id, &json)
}

/// What of item `id`'s attachments its registration printout did not draw, as recorded at
/// registration; `None` when it has no registration or one from before schema 19.
pub fn undrawn(conn: &Connection, id: i64) -> Result<Option<Vec<Undrawn>>, StoreError> {
    items::undrawn(conn, id)?
        .map(|json| {
            serde_json::from_str(&json).map_err(|_| StoreError::Corrupt {
                id,
                field: "undrawn",
            })
        })
        .transpose()
}

/// What item `id`'s registration printout lacks; `None` when it has no registration.
pub fn recorded(conn: &Connection, id: i64) -> Result<Option<Recorded>, StoreError> {
    Ok(
        items::unprintable(conn, id)?.map(|(count, scripts)| Recorded {
            count: u64::try_from(count).unwrap_or(0),
            scripts,
        }),
    )
}

/// The gate in `confirm_source_deleted`: refuses while the item's printout lacks characters.
pub fn check_source_deletable(conn: &Connection, id: i64) -> Result<(), LifecycleError> {
    match recorded(conn, id)? {
        Some(lost) if lost.count > 0 => Err(LifecycleError::IncompletePrintout {
            id,
            count: lost.count,
            scripts: lost.scripts,
        }),
        _ => Ok(()),
    }
}

/// Renders item `id`'s registration sheet again, after a font was installed: same designation
/// and diary number, a new PDF (the item goes back to "registered", since the new sheet must be
/// printed), the new count of missing characters, and an audit event naming the PDF it replaces.
/// Allowed only while the stored printout is incomplete and the source not yet deleted: a
/// complete registration is never rewritten.
pub fn reregister(store: &mut Store, id: i64, act: &Act) -> Result<Item, LifecycleError> {
    let tx = store.write()?;
    let item = items::load(&tx, id, true)?;
    let wrong_state = || LifecycleError::WrongState {
        id,
        state: item.state,
        action: crate::model::Action::Register,
    };
    if !matches!(item.state, State::Registered | State::Printed) || item.source_deleted.is_some() {
        return Err(wrong_state());
    }
    let (Some(reg), Some(lost)) = (&item.registration, recorded(&tx, id)?) else {
        return Err(wrong_state());
    };
    if lost.count == 0 {
        return Err(LifecycleError::PrintoutComplete(id));
    }
    let settings = Settings::load(&tx)?;
    let mut undrawn = Vec::new();
    let sheet = documents::registration_sheet_noting(
        &item,
        &settings,
        &reg.designation,
        reg.diarienummer.as_deref(),
        act,
        &mut undrawn,
    );
    let rendered =
        pdf::render_checked(&sheet).map_err(|source| LifecycleError::Pdf { id, source })?;
    let sha = sha256_hex(&rendered.pdf);
    items::replace_registration_pdf(&tx, id, &rendered.pdf, &sha)?;
    record(&tx, id, &rendered, undrawn)?;
    audit::append(
        &tx,
        act,
        Some(id),
        Action::Registered,
        json!({
            "again": true,
            "designation": reg.designation,
            "pdf_sha256": sha,
            "replaces_pdf_sha256": reg.pdf_sha256,
            "unprintable_before": lost.count,
            "unprintable": rendered.unprintable.count,
        }),
    )?;
    tx.commit().map_err(StoreError::from)?;
    Ok(store.item(id)?)
}
