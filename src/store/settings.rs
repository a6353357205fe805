//! Unit-wide settings: who the authority is (printed on every sheet), who the user is, the
//! diary-number prefix and the gallring decision culling refers to.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::StoreError;

/// A known setting. Only these keys are accepted, so a typo is an error, not a silent no-op.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// The organisation, e.g. "Exempelby kommun" (with older stores also the nämnd:
    /// "Exempelby kommun, socialnämnden").
    Organisation,
    /// The authority (nämnd) the unit answers to, e.g. "Socialnämnden"; printed after the
    /// organisation, see [`Settings::heading`].
    Authority,
    /// The unit, e.g. "Individ- och familjeomsorgen".
    Unit,
    /// The user's display name, printed on sheets beside the OS login. Only a display name:
    /// the audit trail names the OS login whatever this says (guard rail 7).
    UserName,
    /// Prefix of the unit's diary-number series, e.g. "SN".
    DiaryPrefix,
    /// The gallring decision culling of `ringa` items refers to, e.g.
    /// "Dokumenthanteringsplan SN 2025-12-01, § 4.2".
    CullDecision,
    /// Minutes without input before the app locks itself (default 10).
    IdleLockMinutes,
    /// The app's language, `sv` (default) or `en`.
    Language,
    /// Working days (Monday to Friday) an item may wait unhandled before it is flagged as
    /// overdue (default 1): registration must happen without delay (5 kap. 1 § OSL).
    OverdueDays,
    /// The unit's own e-mail addresses, comma-separated: a mail from one of them is the unit's
    /// own, sent (expedierad), not received (guard rail 5).
    UnitAddresses,
}

impl Setting {
    /// Every setting, in display order.
    pub const ALL: [Setting; 10] = [
        Setting::Organisation,
        Setting::Authority,
        Setting::Unit,
        Setting::UserName,
        Setting::DiaryPrefix,
        Setting::CullDecision,
        Setting::IdleLockMinutes,
        Setting::Language,
        Setting::OverdueDays,
        Setting::UnitAddresses,
    ];

    /// The key used on the command line and in the database.
    pub fn key(self) -> &'static str {
        match self {
            Setting::Organisation => "organisation",
            Setting::Authority => "authority",
            Setting::Unit => "unit",
            Setting::UserName => "user",
            Setting::DiaryPrefix => "diary_prefix",
            Setting::CullDecision => "cull_decision",
            Setting::IdleLockMinutes => "idle_lock_minutes",
            Setting::Language => "language",
            Setting::OverdueDays => "overdue_days",
            Setting::UnitAddresses => "unit_addresses",
        }
    }

    /// Parses a key.
    pub fn from_key(key: &str) -> Result<Setting, StoreError> {
        Setting::ALL
            .into_iter()
            .find(|s| s.key() == key)
            .ok_or_else(|| StoreError::UnknownSetting(key.to_string()))
    }
}

/// All settings, read together because a sheet needs several at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Settings {
    /// See [`Setting::Organisation`].
    pub organisation: Option<String>,
    /// See [`Setting::Authority`].
    pub authority: Option<String>,
    /// See [`Setting::Unit`].
    pub unit: Option<String>,
    /// See [`Setting::UserName`].
    pub user: Option<String>,
    /// See [`Setting::DiaryPrefix`].
    pub diary_prefix: Option<String>,
    /// See [`Setting::CullDecision`].
    pub cull_decision: Option<String>,
    /// See [`Setting::IdleLockMinutes`].
    pub idle_lock_minutes: Option<String>,
    /// See [`Setting::Language`].
    pub language: Option<String>,
    /// See [`Setting::OverdueDays`].
    pub overdue_days: Option<String>,
    /// See [`Setting::UnitAddresses`].
    pub unit_addresses: Option<String>,
}

impl Settings {
    /// Reads every setting.
    pub fn load(conn: &Connection) -> Result<Settings, StoreError> {
        let get = |s: Setting| -> Result<Option<String>, StoreError> {
            Ok(conn
                .query_row(
                    "SELECT value FROM settings WHERE key = ?1",
                    [s.key()],
                    |r| r.get(0),
                )
                .optional()?)
        };
        Ok(Settings {
            organisation: get(Setting::Organisation)?,
            authority: get(Setting::Authority)?,
            unit: get(Setting::Unit)?,
            user: get(Setting::UserName)?,
            diary_prefix: get(Setting::DiaryPrefix)?,
            cull_decision: get(Setting::CullDecision)?,
            idle_lock_minutes: get(Setting::IdleLockMinutes)?,
            language: get(Setting::Language)?,
            overdue_days: get(Setting::OverdueDays)?,
            unit_addresses: get(Setting::UnitAddresses)?,
        })
    }

    /// Stores one setting (an empty value removes it).
    pub fn set(conn: &Connection, setting: Setting, value: &str) -> Result<(), StoreError> {
        let value = value.trim();
        if value.is_empty() {
            conn.execute("DELETE FROM settings WHERE key = ?1", [setting.key()])?;
        } else {
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![setting.key(), value],
            )?;
        }
        Ok(())
    }

    /// The heading printed on every sheet: organisation and authority, e.g. "Exempelby
    /// kommun, Socialnämnden" (either alone when the other is unset).
    pub fn heading(&self) -> Option<String> {
        match (self.organisation.as_deref(), self.authority.as_deref()) {
            (Some(o), Some(a)) => Some(format!("{o}, {a}")),
            (Some(one), None) | (None, Some(one)) => Some(one.to_string()),
            (None, None) => None,
        }
    }

    /// The value of one setting.
    pub fn get(&self, setting: Setting) -> Option<&str> {
        match setting {
            Setting::Organisation => self.organisation.as_deref(),
            Setting::Authority => self.authority.as_deref(),
            Setting::Unit => self.unit.as_deref(),
            Setting::UserName => self.user.as_deref(),
            Setting::DiaryPrefix => self.diary_prefix.as_deref(),
            Setting::CullDecision => self.cull_decision.as_deref(),
            Setting::IdleLockMinutes => self.idle_lock_minutes.as_deref(),
            Setting::Language => self.language.as_deref(),
            Setting::OverdueDays => self.overdue_days.as_deref(),
            Setting::UnitAddresses => self.unit_addresses.as_deref(),
        }
    }
}
