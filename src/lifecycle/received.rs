//! Correcting the date received (guard rail 4). The date an item came in is a register fact
//! (5 kap. 2 § OSL p. 1) that decides whether an appeal was in time, so it is never guessed
//! silently: when the importer's date is wrong (a screenshot of a received message carries the
//! time it was taken, not the message's; a file's modification time stood in for a missing
//! one), the caseworker corrects it before registration, with a reason. The correction is
//! audited (old and new date, reason) and written into the item's chain of custody, which the
//! registration sheet prints. After registration the date on the registration stands.
//!
//! A screenshot may at the same time be marked as drawn up by the unit (upprättad: it
//! documents an information search and is dated when it was made) or as received.

use chrono::{DateTime, FixedOffset};
use serde_json::json;

use super::{LifecycleError, commit_with_event, machine};
use crate::audit::Action as Event;
use crate::model::{Act, Action, Channel, DocumentKind, Item, local_time};
use crate::store::Store;
use crate::store::items;

/// A correction of the date received, as the caseworker gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedCorrection {
    /// The corrected date and time.
    pub at: DateTime<FixedOffset>,
    /// Why (printed in the chain of custody and audited).
    pub reason: String,
    /// For a screenshot: `Some(true)` marks it drawn up by the unit (upprättad), `Some(false)`
    /// received (inkommen); `None` keeps what it is.
    pub drawn_up: Option<bool>,
}

/// Reads a date and time as a Swedish user writes it, in Swedish time: `2026-11-03 14:22`,
/// `2026-11-03 14:22:05` or `2026-11-03T14:22`; an RFC 3339 time with its own offset is taken
/// as written.
pub fn parse_local_time(text: &str) -> Result<DateTime<FixedOffset>, LifecycleError> {
    crate::import::parse_swedish_time(text).ok_or(LifecycleError::BadReceivedTime)
}

/// Corrects item `id`'s date received (or drawn up, or sent) before it is registered.
/// Refused, with the store unchanged, after registration, for an empty reason, a date after the
/// correction itself, or a request to mark anything but a screenshot as drawn up.
pub fn set_received(
    store: &mut Store,
    id: i64,
    correction: &ReceivedCorrection,
    act: &Act,
) -> Result<Item, LifecycleError> {
    let reason = correction.reason.trim();
    if reason.is_empty() {
        return Err(LifecycleError::Empty("correction reason"));
    }
    if correction.at > act.at {
        return Err(LifecycleError::ReceivedInFuture(id));
    }
    let tx = store.write()?;
    let item = items::load(&tx, id, false)?;
    machine::check(&item, Action::SetReceived)?;
    let drawn_up = match correction.drawn_up {
        Some(d) if d != item.drawn_up && item.channel != Channel::Screenshot => {
            return Err(LifecycleError::NotScreenshot(id));
        }
        Some(d) => d,
        None => item.drawn_up,
    };
    let before = item.kind();
    let after = DocumentKind::of(item.direction, drawn_up);
    let mut notes = item.source.notes.clone();
    let mut note = format!(
        "{} rättat från {} till {} av {} {}: {reason}",
        after.date_label(),
        local_time(&item.received_at),
        local_time(&correction.at),
        act.by,
        local_time(&act.at),
    );
    if before != after {
        note.push_str(&format!(
            " (ändrad från {} till {})",
            before.sv(),
            after.sv()
        ));
    }
    notes.push(note);
    items::set_received(&tx, id, &correction.at, drawn_up, &notes)?;
    commit_with_event(
        tx,
        act,
        id,
        Event::ReceivedCorrected,
        json!({
            "from": item.received_at.to_rfc3339(),
            "to": correction.at.to_rfc3339(),
            "reason": reason,
            "kind": after,
            "previous_kind": before,
        }),
    )?;
    Ok(store.item(id)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_time_is_read_with_the_offset_of_its_season() {
        let winter = parse_local_time("2026-11-03 14:22").expect("winter");
        assert_eq!(winter.to_rfc3339(), "2026-11-03T14:22:00+01:00");
        let summer = parse_local_time("2026-06-03T14:22:05").expect("summer");
        assert_eq!(summer.to_rfc3339(), "2026-06-03T14:22:05+02:00");
        let given = parse_local_time("2026-11-03T13:22:00Z").expect("rfc 3339");
        assert_eq!(given.to_rfc3339(), "2026-11-03T13:22:00+00:00");
    }

    #[test]
    fn what_is_not_a_time_is_refused() {
        for bad in ["", "igår", "2026-11-03", "2026-13-03 10:00"] {
            assert!(
                matches!(parse_local_time(bad), Err(LifecycleError::BadReceivedTime)),
                "{bad:?}"
            );
        }
    }
}
