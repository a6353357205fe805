//! The first-run set-up: the unit's facts (organisation, authority, unit, diary series) and the
//! user's name, asked once when a store is new, so no sheet or log line says "okänd".
//!
//! The facts are ordinary settings ([`crate::store::Setting`]), each stored and audited through
//! [`crate::lifecycle::set_setting`] like a change on the settings screen; the set-up is only a
//! short form over them. It is due while the store holds no item and no setting — the same test
//! as [`super::views::SessionState::first_run`] — so a store set up once (or by the CLI, or the
//! demo) never asks again.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use super::session::{act, os_user, user_name};
use super::{DeskError, DeskResult};
use crate::lifecycle;
use crate::store::{Setting, Settings, Store, StoreError};

/// Longest accepted diary-series prefix: a short code such as "SN" or "IFO-BoU".
const MAX_PREFIX_CHARS: usize = 12;

/// What the set-up form starts from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct SetupView {
    /// The set-up is due: the store holds no item and no setting yet.
    pub needed: bool,
    /// Stored organisation, if any.
    pub organisation: Option<String>,
    /// Stored authority (nämnd), if any.
    pub authority: Option<String>,
    /// Stored unit, if any.
    pub unit: Option<String>,
    /// Stored diary series prefix, if any.
    pub diary_prefix: Option<String>,
    /// The display name to suggest: the `user` setting, else the OS login.
    pub user: String,
    /// The OS login name, shown so the user knows where the suggestion came from.
    pub os_user: Option<String>,
}

/// The set-up form as submitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct SetupInput {
    /// E.g. "Exempelby kommun". Required.
    pub organisation: String,
    /// The nämnd, e.g. "Socialnämnden". Optional.
    pub authority: String,
    /// E.g. "Individ- och familjeomsorgen". Required.
    pub unit: String,
    /// E.g. "SN". Optional: without it diary numbers are written by hand on the sheet.
    pub diary_prefix: String,
    /// The user's display name as printed (the audit names the OS login). Required.
    pub user: String,
}

/// Whether the set-up is due: no item and no setting in the store.
pub fn needed(conn: &Connection) -> Result<bool, StoreError> {
    Ok(crate::store::items::count(conn)? == 0 && Settings::load(conn)? == Settings::default())
}

/// The set-up form's starting values.
pub fn state(store: &Store) -> DeskResult<SetupView> {
    let conn = store.conn();
    let s = Settings::load(conn)?;
    Ok(SetupView {
        needed: needed(conn)?,
        user: user_name(&s),
        os_user: os_user(),
        organisation: s.organisation,
        authority: s.authority,
        unit: s.unit,
        diary_prefix: s.diary_prefix,
    })
}

/// Checks the form, then stores each fact as a setting (audited). Nothing is stored when a
/// field is refused.
pub fn complete(store: &mut Store, input: &SetupInput) -> DeskResult<SetupView> {
    let values = checked(input)?;
    let act = act(store.conn())?;
    let current = Settings::load(store.conn())?;
    for (setting, value) in values {
        if current.get(setting).unwrap_or("") != value {
            lifecycle::set_setting(store, setting, value, &act)?;
        }
    }
    state(store)
}

/// The settings to store, or the first field the user must correct.
fn checked(input: &SetupInput) -> DeskResult<[(Setting, &str); 5]> {
    let required = [
        (
            input.organisation.trim(),
            "organisation",
            "Ange organisationen, t.ex. kommunens namn.",
        ),
        (
            input.unit.trim(),
            "unit",
            "Ange enheten, t.ex. Individ- och familjeomsorgen.",
        ),
        (
            input.user.trim(),
            "user",
            "Ange ditt namn så som det ska stå på utskrifter. Loggen anger alltid din inloggning.",
        ),
    ];
    if let Some((_, key, sv)) = required.iter().find(|(v, _, _)| v.is_empty()) {
        return Err(DeskError::invalid(format!("setup: {key} is empty"), *sv));
    }
    let prefix = input.diary_prefix.trim();
    if !valid_prefix(prefix) {
        return Err(DeskError::invalid(
            "setup: diary prefix not accepted",
            format!(
                "Diarieseriens prefix får bara innehålla bokstäver, siffror och bindestreck \
                 (högst {MAX_PREFIX_CHARS} tecken), t.ex. SN."
            ),
        ));
    }
    Ok([
        (Setting::Organisation, input.organisation.trim()),
        (Setting::Authority, input.authority.trim()),
        (Setting::Unit, input.unit.trim()),
        (Setting::DiaryPrefix, prefix),
        (Setting::UserName, input.user.trim()),
    ])
}

/// Empty (no series), or letters, digits and inner hyphens: the prefix starts every diary
/// number ("SN 2026/12"), so spaces and punctuation would make numbers ambiguous.
fn valid_prefix(prefix: &str) -> bool {
    prefix.chars().count() <= MAX_PREFIX_CHARS
        && prefix.chars().all(|c| c.is_alphanumeric() || c == '-')
        && !prefix.starts_with('-')
        && !prefix.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> SetupInput {
        SetupInput {
            organisation: "Exempelby kommun".into(),
            authority: "Socialnämnden".into(),
            unit: "Individ- och familjeomsorgen".into(),
            diary_prefix: "SN".into(),
            user: "Lena Handläggare".into(),
        }
    }

    #[test]
    fn a_new_store_needs_set_up_and_is_set_up_once() {
        let dir = tempfile::tempdir().expect("ok");
        let mut store = Store::open_with_passphrase(dir.path(), "rätt häftklammer 42").expect("ok");
        let before = state(&store).expect("ok");
        assert!(before.needed);
        assert_eq!(before.organisation, None);

        let after = complete(&mut store, &input()).expect("ok");
        assert!(!after.needed);
        let s = Settings::load(store.conn()).expect("ok");
        assert_eq!(s.organisation.as_deref(), Some("Exempelby kommun"));
        assert_eq!(s.authority.as_deref(), Some("Socialnämnden"));
        assert_eq!(s.unit.as_deref(), Some("Individ- och familjeomsorgen"));
        assert_eq!(s.diary_prefix.as_deref(), Some("SN"));
        assert_eq!(s.user.as_deref(), Some("Lena Handläggare"));
        assert_eq!(
            s.heading().as_deref(),
            Some("Exempelby kommun, Socialnämnden")
        );
        let events = crate::audit::log(store.conn(), None)
            .expect("ok")
            .iter()
            .filter(|e| e.action == crate::audit::Action::SettingChanged.code())
            .count();
        assert_eq!(events, 5, "every stored fact is audited");
    }

    #[test]
    fn a_refused_field_stores_nothing() {
        let dir = tempfile::tempdir().expect("ok");
        let mut store = Store::open_with_passphrase(dir.path(), "rätt häftklammer 42").expect("ok");
        for bad in [
            SetupInput {
                unit: "  ".into(),
                ..input()
            },
            SetupInput {
                user: String::new(),
                ..input()
            },
            SetupInput {
                diary_prefix: "SN 2026".into(),
                ..input()
            },
            SetupInput {
                diary_prefix: "-SN".into(),
                ..input()
            },
        ] {
            let e = complete(&mut store, &bad).expect_err("refused");
            assert_eq!(e.code(), "invalid_input");
            assert!(!e.sv().contains('`'), "no command in a message: {}", e.sv());
            assert_eq!(
                Settings::load(store.conn()).expect("ok"),
                Settings::default()
            );
            assert!(state(&store).expect("ok").needed);
        }
    }

    #[test]
    fn optional_facts_may_stay_empty() {
        let dir = tempfile::tempdir().expect("ok");
        let mut store = Store::open_with_passphrase(dir.path(), "rätt häftklammer 42").expect("ok");
        let v = complete(
            &mut store,
            &SetupInput {
                authority: String::new(),
                diary_prefix: String::new(),
                ..input()
            },
        )
        .expect("ok");
        assert!(!v.needed);
        assert_eq!(v.diary_prefix, None);
        assert_eq!(v.authority, None);
        assert_eq!(
            Settings::load(store.conn())
                .expect("ok")
                .heading()
                .as_deref(),
            Some("Exempelby kommun")
        );
    }
}
