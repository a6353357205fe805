//! The idle lock as the core enforces it: the store is closed after a set time without a
//! command, whatever the window does.
//!
//! The window has its own timer on keyboard and mouse input and locks at once when it fires.
//! This clock is the guarantee behind it: a window that hangs, is left on a second screen, or
//! keeps one long import running cannot keep the key in memory. The window reports input with
//! a heartbeat at most once a [`HEARTBEAT`], so the core allows that much on top of the
//! setting before it locks on its own.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use super::session::DEFAULT_IDLE_LOCK_MINUTES;

/// The longest lock time a setting may ask for; anything above is taken as this.
pub const MAX_IDLE_LOCK_MINUTES: u32 = 240;

/// How often, at most, the window reports that someone is working.
pub const HEARTBEAT: Duration = Duration::from_secs(60);

/// When the last command came, and how long the store may stay open without one.
#[derive(Debug)]
pub struct IdleClock {
    last: Mutex<Instant>,
    minutes: AtomicU32,
}

impl Default for IdleClock {
    fn default() -> IdleClock {
        IdleClock::new(DEFAULT_IDLE_LOCK_MINUTES)
    }
}

impl IdleClock {
    /// A clock that starts now with `minutes` (clamped to 1..=[`MAX_IDLE_LOCK_MINUTES`]).
    pub fn new(minutes: u32) -> IdleClock {
        let clock = IdleClock {
            last: Mutex::new(Instant::now()),
            minutes: AtomicU32::new(DEFAULT_IDLE_LOCK_MINUTES),
        };
        clock.set_minutes(minutes);
        clock
    }

    /// Someone worked: a command, or the window's heartbeat.
    pub fn touch(&self) {
        *self.last.lock().unwrap_or_else(|p| p.into_inner()) = Instant::now();
    }

    /// Takes a new lock time from the settings. Zero is not "never": the core always locks,
    /// so a zero or an out-of-range value becomes the nearest allowed one.
    pub fn set_minutes(&self, minutes: u32) {
        self.minutes
            .store(minutes.clamp(1, MAX_IDLE_LOCK_MINUTES), Ordering::Relaxed);
    }

    /// The time without a command after which the core locks: the setting plus one heartbeat.
    pub fn limit(&self) -> Duration {
        Duration::from_secs(u64::from(self.minutes.load(Ordering::Relaxed)) * 60) + HEARTBEAT
    }

    /// Whether the store has been idle longer than [`IdleClock::limit`] at `now`.
    pub fn expired(&self, now: Instant) -> bool {
        let last = *self.last.lock().unwrap_or_else(|p| p.into_inner());
        now.saturating_duration_since(last) > self.limit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expires_after_the_setting_and_one_heartbeat_and_a_touch_restarts_it() {
        let clock = IdleClock::new(5);
        let start = Instant::now();
        assert!(!clock.expired(start + Duration::from_secs(5 * 60)));
        assert!(!clock.expired(start + Duration::from_secs(5 * 60) + HEARTBEAT / 2));
        assert!(clock.expired(start + Duration::from_secs(5 * 60) + HEARTBEAT * 2));
        clock.touch();
        let touched = Instant::now();
        assert!(!clock.expired(touched + Duration::from_secs(60)));
    }

    #[test]
    fn zero_and_huge_settings_are_clamped_never_off() {
        let clock = IdleClock::new(0);
        assert_eq!(clock.limit(), Duration::from_secs(60) + HEARTBEAT);
        clock.set_minutes(100_000);
        assert_eq!(
            clock.limit(),
            Duration::from_secs(u64::from(MAX_IDLE_LOCK_MINUTES) * 60) + HEARTBEAT
        );
    }
}
