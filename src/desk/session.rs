//! Who is acting, the lock state the window starts from, and the settings screen.
//!
//! The acting person and the clock are read here, once per command, and passed down as an
//! [`Act`]; nothing deeper reads them (STYLE.md, audited actions).

use chrono::Utc;
use rusqlite::Connection;

use super::views::{Language, PassphraseChangeInput, SessionState, SettingsView};
use super::{DeskError, DeskResult};
use crate::lifecycle;
use crate::model::Act;
use crate::store::{Setting, Settings, Store, StoreError};

/// Default minutes without input before the app locks itself.
pub const DEFAULT_IDLE_LOCK_MINUTES: u32 = 10;

/// The longest idle time before the lock (issue 17): four hours. A longer value stored some
/// other way (`inkom settings set`, an edited store) is held to it, so the lock always comes.
pub const MAX_IDLE_LOCK_MINUTES: u32 = 240;

/// The operating-system login of the user running inkom: the passwd entry of the real user id
/// on Unix, the logon name on Windows (via `whoami`), and only when the OS cannot say, the
/// login variables of the environment. This, not a setting, is who the audit says acted.
pub fn os_user() -> Option<String> {
    whoami::username()
        .ok()
        .map(|u| u.trim().to_string())
        .filter(|u| !u.is_empty())
        .or_else(|| {
            ["USER", "USERNAME", "LOGNAME"]
                .into_iter()
                .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        })
}

/// The login, or "okänd" when not even the environment names one.
fn login() -> String {
    os_user().unwrap_or_else(|| "okänd".to_string())
}

/// The display name: the `user` setting when set and different from the login.
fn display_name(settings: &Settings, login: &str) -> Option<String> {
    settings
        .user
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty() && *n != login)
        .map(str::to_string)
}

/// The user as shown in the window: the display name (the `user` setting), else the OS login.
/// Only shown: the audit names the login ([`act`]).
pub fn user_name(settings: &Settings) -> String {
    let login = login();
    display_name(settings, &login).unwrap_or(login)
}

/// The person acting now, in Swedish local time: the OS login, with the display name beside it.
pub fn act(conn: &Connection) -> Result<Act, StoreError> {
    let settings = Settings::load(conn)?;
    let at = Utc::now()
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .fixed_offset();
    let by = login();
    Ok(Act {
        at,
        display_name: display_name(&settings, &by),
        by,
    })
}

fn idle_minutes(settings: &Settings) -> u32 {
    settings
        .idle_lock_minutes
        .as_deref()
        .and_then(|m| m.trim().parse().ok())
        .filter(|m| *m > 0)
        .map(|m: u32| m.min(MAX_IDLE_LOCK_MINUTES))
        .unwrap_or(DEFAULT_IDLE_LOCK_MINUTES)
}

/// The session as the window sees it with an open store.
pub fn unlocked(store: &Store, demo: bool) -> DeskResult<SessionState> {
    let settings = Settings::load(store.conn())?;
    Ok(SessionState {
        locked: false,
        needs_passphrase: false,
        first_run: super::setup::needed(store.conn())?,
        key_source: Some(store.key_source()),
        user: user_name(&settings),
        demo,
        language: Language::from_code(settings.language.as_deref().unwrap_or("sv")),
        idle_lock_minutes: idle_minutes(&settings),
    })
}

/// The session while locked: nothing from the store is shown, not even the user's name.
/// `needs_passphrase` comes from the last attempt to open the store (or how it was opened
/// before the lock); `first_run` from whether the data directory has a key yet.
pub fn locked(data_dir: &std::path::Path, demo: bool, needs_passphrase: bool) -> SessionState {
    SessionState {
        locked: true,
        needs_passphrase,
        first_run: !data_dir.join(crate::store::keys::KEY_FILE).exists(),
        key_source: None,
        user: String::new(),
        demo,
        language: Language::Sv,
        idle_lock_minutes: DEFAULT_IDLE_LOCK_MINUTES,
    }
}

/// The settings screen.
pub fn settings(store: &Store) -> DeskResult<SettingsView> {
    let s = Settings::load(store.conn())?;
    Ok(SettingsView {
        user: user_name(&s),
        login: login(),
        gallringsbeslut: lifecycle::gallring::list(store)?,
        provisions: super::classify::provisions(),
        idle_lock_minutes: idle_minutes(&s),
        language: Language::from_code(s.language.as_deref().unwrap_or("sv")),
        organisation: s.organisation,
        authority: s.authority,
        unit: s.unit,
        diary_prefix: s.diary_prefix,
        cull_decision: s.cull_decision,
    })
}

/// Changes one setting (audited) and returns the new settings screen. The lock time must be a
/// whole number of minutes from 1 to 240; the language `sv` or `en`.
pub fn set_setting(store: &mut Store, key: &str, value: &str) -> DeskResult<SettingsView> {
    let setting = Setting::from_key(key)?;
    match setting {
        Setting::IdleLockMinutes
            if !value
                .trim()
                .parse::<u32>()
                .is_ok_and(|m| (1..=MAX_IDLE_LOCK_MINUTES).contains(&m)) =>
        {
            return Err(DeskError::invalid(
                "idle_lock_minutes out of range",
                "Ange tiden till automatisk låsning i hela minuter, 1–240.",
            ));
        }
        Setting::Language if !matches!(value.trim(), "sv" | "en") => {
            return Err(DeskError::invalid(
                "language must be sv or en",
                "Språket kan vara svenska (sv) eller engelska (en).",
            ));
        }
        _ => {}
    }
    let act = act(store.conn())?;
    lifecycle::set_setting(store, setting, value, &act)?;
    settings(store)
}

/// Changes the passphrase that unlocks the store ([`lifecycle::change_passphrase`]). A wrong
/// current passphrase is said in the words of an open store; every other refusal (too short,
/// too easy, unchanged, a key in the OS key store) is the core's.
pub fn change_passphrase(store: &mut Store, input: &PassphraseChangeInput) -> DeskResult<()> {
    let act = act(store.conn())?;
    match lifecycle::change_passphrase(store, &input.current, &input.new, &act) {
        Err(lifecycle::LifecycleError::Store(StoreError::WrongPassphrase)) => {
            Err(DeskError::WrongCurrentPassphrase)
        }
        other => Ok(other?),
    }
}
