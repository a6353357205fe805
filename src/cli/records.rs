//! What the register records about an item beside its PDF: the diary number (`assign-dnr`,
//! `set-dnr`) and a corrected date received (`set-received`). Kept apart because each is a
//! registrar's correction or addition to the record, audited, and each prints the new value.

use inkom::lifecycle;
use inkom::model::local_time;
use inkom::store::Store;

use super::failure::Failure;
use super::open::act;
use super::print::report;

/// `inkom assign-dnr ID`: the next number of the unit's diary series.
pub(super) fn assign_dnr(store: &mut Store, id: i64, json: bool) -> Result<(), Failure> {
    let act = act(store)?;
    let item = lifecycle::assign_diarienummer(store, id, &act)?;
    let dnr = item
        .registration
        .as_ref()
        .and_then(|r| r.diarienummer.as_deref())
        .unwrap_or("");
    report(
        &item,
        json,
        &format!("Objekt {id} har fått diarienummer {dnr}."),
    )
}

/// `inkom set-dnr ID DIARIENUMMER`: the number the registrar wrote in the paper diary.
pub(super) fn set_dnr(
    store: &mut Store,
    id: i64,
    diarienummer: &str,
    json: bool,
) -> Result<(), Failure> {
    let act = act(store)?;
    let item = lifecycle::set_diarienummer(store, id, diarienummer, &act)?;
    report(
        &item,
        json,
        &format!("Objekt {id} har diarienummer {}.", diarienummer.trim()),
    )
}

/// `inkom set-received ID AT --reason TEXT [--upprattad|--inkommen]`: the new time, why, and
/// for a screenshot whether it is drawn up (upprättad) or received (inkommen).
pub(super) fn set_received(
    store: &mut Store,
    id: i64,
    at: &str,
    reason: String,
    upprattad: bool,
    inkommen: bool,
    json: bool,
) -> Result<(), Failure> {
    let act = act(store)?;
    let correction = lifecycle::ReceivedCorrection {
        at: lifecycle::received::parse_local_time(at)?,
        reason,
        drawn_up: (upprattad || inkommen).then_some(upprattad),
    };
    let item = lifecycle::set_received(store, id, &correction, &act)?;
    let kind = item.kind();
    report(
        &item,
        json,
        &format!(
            "Objekt {id} har rättats: {} {}.",
            kind.date_label(),
            local_time(&item.received_at)
        ),
    )
}
