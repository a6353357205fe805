//! Without delay (guard rail 12): a received document must be registered without delay
//! (5 kap. 1 § OSL). An item still waiting after N working days (the `overdue_days` setting,
//! default 1) is flagged in the inbox and by `inkom list --overdue`.
//!
//! Working days are Monday to Friday in Europe/Stockholm; public holidays are not known here
//! and count as working days (the flag then comes a day early, never late).

use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, Weekday};

use super::LifecycleError;
use crate::model::{Class, Item, State};
use crate::store::Settings;

/// Working days an item may wait when the setting is not set.
pub const DEFAULT_DAYS: u32 = 1;

/// Largest accepted setting.
pub const MAX_DAYS: u32 = 30;

/// Parses the `overdue_days` setting: a whole number of working days, 0 to [`MAX_DAYS`].
pub fn parse_days(value: &str) -> Result<u32, LifecycleError> {
    value
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|d| *d <= MAX_DAYS)
        .ok_or(LifecycleError::BadSetting {
            key: "overdue_days",
            sv: "Ange antal arbetsdagar innan en handling räknas som försenad som ett heltal 0–30.",
        })
}

/// The unit's limit in working days (the setting, or [`DEFAULT_DAYS`]).
pub fn days(settings: &Settings) -> u32 {
    settings
        .overdue_days
        .as_deref()
        .and_then(|v| parse_days(v).ok())
        .unwrap_or(DEFAULT_DAYS)
}

/// The last day on which an item that arrived on `received` is still in time: `days` working
/// days later (a Saturday's or Sunday's item counts from the Monday).
pub fn last_day(received: NaiveDate, days: u32) -> NaiveDate {
    let weekend = |d: NaiveDate| matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
    let next = |d: NaiveDate| d.checked_add_days(Days::new(1)).unwrap_or(d);
    let mut d = received;
    while weekend(d) {
        d = next(d);
    }
    for _ in 0..days {
        d = next(d);
        while weekend(d) {
            d = next(d);
        }
    }
    d
}

/// Whether an item in `state` of `class` still waits for what the law asks without delay:
/// classification, and for personakt and diarium material registration. Ringa items are
/// handled once classified.
pub fn waiting(state: State, class: Option<Class>) -> bool {
    match state {
        State::Imported => true,
        State::Classified => class != Some(Class::Ringa),
        _ => false,
    }
}

/// Whether an item that arrived at `received` and is in `state` of `class` waits past its
/// last day, seen at `now`. The inbox calls this with its row's columns.
pub fn overdue(
    state: State,
    class: Option<Class>,
    received: &DateTime<FixedOffset>,
    now: &DateTime<FixedOffset>,
    days: u32,
) -> bool {
    let local =
        |t: &DateTime<FixedOffset>| t.with_timezone(&chrono_tz::Europe::Stockholm).date_naive();
    waiting(state, class) && local(now) > last_day(local(received), days)
}

/// [`overdue`] for a loaded item.
pub fn is_overdue(item: &Item, now: &DateTime<FixedOffset>, days: u32) -> bool {
    overdue(item.state, item.class, &item.received_at, now, days)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn working_days_skip_the_weekend() {
        // 2026-11-02 is a Monday.
        assert_eq!(last_day(d("2026-11-02"), 1), d("2026-11-03"));
        assert_eq!(
            last_day(d("2026-11-06"), 1),
            d("2026-11-09"),
            "Friday → Monday"
        );
        assert_eq!(
            last_day(d("2026-11-07"), 1),
            d("2026-11-10"),
            "Saturday → Tuesday"
        );
        assert_eq!(
            last_day(d("2026-11-08"), 0),
            d("2026-11-09"),
            "Sunday, same day → Monday"
        );
        assert_eq!(last_day(d("2026-11-02"), 5), d("2026-11-09"));
        assert_eq!(last_day(d("2026-11-02"), 0), d("2026-11-02"));
    }

    #[test]
    fn the_setting_is_a_small_whole_number() {
        assert_eq!(parse_days(" 3 ").ok(), Some(3));
        for bad in ["-1", "31", "1.5", "en", ""] {
            assert!(parse_days(bad).is_err(), "{bad}");
        }
        assert_eq!(days(&Settings::default()), DEFAULT_DAYS);
    }
}
