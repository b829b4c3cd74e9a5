//! The idle lock of a desk: after `lockout.idle_lock_minutes` without input (keyboard, mouse,
//! touch) the window's session is locked, and every call is refused with `window_locked` until
//! the same user gives their password again (or signs out).
//!
//! Why it is shaped so:
//! - The rule lives here, once, not in the shells: [`IdleClock`] is the rule on its own (a deadline
//!   from the last *input*, with the moment injected so tests set it), and [`DeskSession`] is the
//!   one signed-in user of a desk with its clock, which a transport asks before every call
//!   ([`DeskSession::admit`]). The window only draws the lock; a call after the deadline is
//!   refused here whatever the window shows.
//! - Only input keeps the window open. The window reports it ([`DeskSession::input`], at most
//!   about twice a minute); calls do not count, because open screens reload by themselves (after
//!   `data-changed`, on timers), and a screen nobody looks at must still lock.
//! - Time is taken twice ([`Moment`]): the monotonic clock, which the user cannot turn back, and
//!   the wall clock, which keeps running while the computer sleeps (the monotonic one does not on
//!   Linux and macOS). The window locks when either says the time is up, so closing a laptop's lid
//!   for the night does not skip the lock, and setting the system clock back does not either.
//! - Unlocking checks the password of the account that is signed in, under the lockout rule of
//!   signing in (core's `window_lock::unlock`): a guess at a locked window counts towards locking
//!   the account, and when it locks the account the session ends. The lock and the unlock are
//!   entries of the security log.
//! - The lock is the desk's, not the server's: `lockout.session_idle_minutes` ends a server
//!   session, this one keeps the session and asks for the password.

use crate::office::{Caller, Office, not_signed_in};
use crate::views::SessionInfo;
use minyi_core::store::settings::SettingKey;
use minyi_core::time::now_cst;
use minyi_core::usecases::window_lock;
use minyi_core::{CoreError, ErrorCode, Result, Store};
use serde::{Deserialize, Serialize};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};
use ts_rs::TS;

/// A moment on both clocks (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    pub instant: Instant,
    pub wall: SystemTime,
}

impl Moment {
    pub fn now() -> Self {
        Self {
            instant: Instant::now(),
            wall: SystemTime::now(),
        }
    }

    /// `d` later on both clocks (tests).
    pub fn after(self, d: Duration) -> Self {
        Self {
            instant: self.instant + d,
            wall: self.wall + d,
        }
    }

    /// The time from `earlier` to `self`: the longer of the two clocks' (a wall clock set back
    /// counts as nothing).
    fn since(self, earlier: Moment) -> Duration {
        let mono = self.instant.saturating_duration_since(earlier.instant);
        let wall = self.wall.duration_since(earlier.wall).unwrap_or_default();
        mono.max(wall)
    }
}

/// What the clock says of a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// Within the idle time.
    Open,
    /// The idle time ran out just now: this call is refused, and the lock is recorded.
    JustLocked,
    /// Locked since earlier.
    Locked,
}

/// The rule: a deadline `limit` after the last input.
#[derive(Debug, Clone, Copy)]
pub struct IdleClock {
    last_input: Moment,
    limit: Duration,
    locked: bool,
}

impl IdleClock {
    /// A clock that starts at `now` (a sign-in or an unlock).
    pub fn new(limit: Duration, now: Moment) -> Self {
        Self {
            last_input: now,
            limit,
            locked: false,
        }
    }

    /// Whether a call at `now` may run; once the deadline has passed the clock stays locked
    /// (input does not open it again: only [`IdleClock::new`] after the password).
    pub fn check(&mut self, now: Moment) -> Gate {
        if self.locked {
            return Gate::Locked;
        }
        if now.since(self.last_input) >= self.limit {
            self.locked = true;
            return Gate::JustLocked;
        }
        Gate::Open
    }

    /// The user used the window at `now`: the deadline moves, unless it had passed already.
    pub fn input(&mut self, now: Moment) -> Gate {
        let gate = self.check(now);
        if gate == Gate::Open {
            self.last_input = now;
        }
        gate
    }

    /// Locks at once (the user leaves the desk). Answers whether it was open.
    pub fn lock(&mut self) -> bool {
        !std::mem::replace(&mut self.locked, true)
    }

    /// The time left before the lock (zero once locked).
    pub fn remaining(&self, now: Moment) -> Duration {
        if self.locked {
            return Duration::ZERO;
        }
        self.limit.saturating_sub(now.since(self.last_input))
    }

    /// A new idle time (the setting changed); it counts from the last input.
    pub fn set_limit(&mut self, limit: Duration) {
        self.limit = limit;
    }

    pub fn limit(&self) -> Duration {
        self.limit
    }
}

/// What the window needs to draw the lock: whether it is locked, the idle time, and how long
/// until the lock (its own timer only shows it; the Rust side decides).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct IdleState {
    pub locked: bool,
    pub idle_minutes: u32,
    pub remaining_seconds: u32,
}

impl IdleState {
    /// What the window draws of `clock` at `now`.
    pub fn of(clock: &IdleClock, now: Moment) -> Self {
        IdleState {
            locked: clock.remaining(now).is_zero(),
            idle_minutes: (clock.limit().as_secs() / 60) as u32,
            remaining_seconds: clock.remaining(now).as_secs().min(u32::MAX as u64) as u32,
        }
    }
}

/// The refusal of a call while the window is locked.
pub fn window_locked() -> CoreError {
    CoreError::new(
        ErrorCode::WindowLocked,
        "长时间无操作，窗口已锁定。请输入密码解锁后继续，或切换用户。",
    )
}

/// The idle time the settings ask for (1 to 240 minutes; a damaged value falls back to 15).
pub fn idle_limit(store: &Store) -> Result<Duration> {
    let minutes = store.setting_i64(SettingKey::IdleLockMinutes)?;
    let minutes = if (1..=240).contains(&minutes) {
        minutes
    } else {
        15
    };
    Ok(Duration::from_secs(minutes as u64 * 60))
}

#[derive(Debug, Clone, Copy)]
struct Signed {
    user_id: i64,
    clock: IdleClock,
}

/// The one signed-in user of a desk and their idle clock.
#[derive(Debug, Default)]
pub struct DeskSession {
    signed: Mutex<Option<Signed>>,
}

impl DeskSession {
    pub fn new() -> Self {
        Self::default()
    }

    fn signed(&self) -> MutexGuard<'_, Option<Signed>> {
        // A panic while holding the lock leaves two plain values: recovered, not propagated.
        self.signed.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Who is signed in, without asking the clock (for the window's status: its name and what
    /// the lock screen shows; it reads no appeal).
    pub fn caller(&self) -> Caller {
        match *self.signed() {
            Some(s) => Caller::Session(s.user_id),
            None => Caller::Nobody,
        }
    }

    /// `user_id` signed in (or set up the office) at `now`: the clock starts.
    pub fn begin(&self, office: &Office, user_id: i64, now: Moment) -> Result<()> {
        let limit = idle_limit(&*office.store()?)?;
        *self.signed() = Some(Signed {
            user_id,
            clock: IdleClock::new(limit, now),
        });
        Ok(())
    }

    /// Signed out (or switched user from the lock screen).
    pub fn end(&self) {
        *self.signed() = None;
    }

    /// The gate every call of the window passes: who calls, or `window_locked` once the idle
    /// time has run out. The first refusal records the lock in the security log.
    pub fn admit(&self, office: &Office, now: Moment) -> Result<Caller> {
        let (gate, signed) = {
            let mut guard = self.signed();
            let Some(s) = guard.as_mut() else {
                return Ok(Caller::Nobody);
            };
            (s.clock.check(now), *s)
        };
        match gate {
            Gate::Open => Ok(Caller::Session(signed.user_id)),
            Gate::JustLocked => {
                record_lock(office, &signed);
                Err(window_locked())
            }
            Gate::Locked => Err(window_locked()),
        }
    }

    /// The user used the window at `now`. The idle time is read again here, so a changed
    /// setting applies within the half minute the window reports input in. Refused with
    /// `window_locked` once the time has run out (input does not unlock).
    pub fn input(&self, office: &Office, now: Moment) -> Result<IdleState> {
        // Not while demo data is generated: it holds the desktop's one connection for a while.
        let limit = office
            .check_idle()
            .and_then(|_| office.store())
            .and_then(|s| idle_limit(&s));
        let (gate, signed) = {
            let mut guard = self.signed();
            let Some(s) = guard.as_mut() else {
                return Err(not_signed_in());
            };
            if let Ok(limit) = limit {
                s.clock.set_limit(limit);
            }
            (s.clock.input(now), *s)
        };
        if gate == Gate::JustLocked {
            record_lock(office, &signed);
        }
        if gate != Gate::Open {
            return Err(window_locked());
        }
        Ok(IdleState::of(&signed.clock, now))
    }

    /// Whether the window is locked and how long until it locks (the window asks when its own
    /// timer runs out; the lock is recorded if it happened just now).
    pub fn state(&self, office: &Office, now: Moment) -> Result<IdleState> {
        let (gate, signed) = {
            let mut guard = self.signed();
            let Some(s) = guard.as_mut() else {
                return Err(not_signed_in());
            };
            (s.clock.check(now), *s)
        };
        if gate == Gate::JustLocked {
            record_lock(office, &signed);
        }
        Ok(IdleState::of(&signed.clock, now))
    }

    /// Locks the window now (the user leaves the desk).
    pub fn lock_now(&self, office: &Office) -> Result<()> {
        let (newly, signed) = {
            let mut guard = self.signed();
            let Some(s) = guard.as_mut() else {
                return Err(not_signed_in());
            };
            (s.clock.lock(), *s)
        };
        if newly {
            record_lock(office, &signed);
        }
        Ok(())
    }

    /// Unlocks with the signed-in user's password; the clock starts again. A wrong password
    /// counts towards the account's lockout; when the account gets locked (`locked`) or may no
    /// longer sign in (`not_signed_in`), the session ends and the window goes to sign-in.
    pub fn unlock(&self, office: &Office, password: &str, now: Moment) -> Result<SessionInfo> {
        let Some(user_id) = self.signed().map(|s| s.user_id) else {
            return Err(not_signed_in());
        };
        office.check_idle()?;
        // No write turn: the password check takes a good part of a second by design (as
        // signing in, see `session::sign_in`).
        let mut store = office.store()?;
        match window_lock::unlock(&mut store, user_id, password, now_cst()) {
            Ok(actor) => {
                let limit = idle_limit(&store)?;
                let info = SessionInfo::of(&store, &actor)?;
                let mut guard = self.signed();
                match guard.as_mut() {
                    // Still the same user (nobody signed in or out meanwhile).
                    Some(s) if s.user_id == user_id => s.clock = IdleClock::new(limit, now),
                    _ => return Err(not_signed_in()),
                }
                Ok(info)
            }
            Err(e) => {
                if matches!(e.code, ErrorCode::Locked | ErrorCode::NotSignedIn) {
                    let mut guard = self.signed();
                    if guard.is_some_and(|s| s.user_id == user_id) {
                        *guard = None;
                    }
                }
                Err(e)
            }
        }
    }
}

/// Writes the lock to the security log. A failure to write it does not open the window: the
/// refusal matters more than its entry.
fn record_lock(office: &Office, signed: &Signed) {
    // Demo data being generated holds the desktop's one connection: the window is new and
    // nobody has worked in it yet, so the entry is left out rather than the window kept waiting.
    if office.check_idle().is_err() {
        return;
    }
    let minutes = (signed.clock.limit().as_secs() / 60) as i64;
    let _turn = office.write_turn();
    let _ = office.store().and_then(|mut store| {
        window_lock::record_lock(&mut store, signed.user_id, minutes, now_cst())
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: Duration = Duration::from_secs(60);

    #[test]
    fn a_call_just_before_the_deadline_passes_and_just_after_is_refused() {
        let t0 = Moment::now();
        let mut clock = IdleClock::new(15 * MINUTE, t0);
        let just_before = t0.after(15 * MINUTE - Duration::from_millis(1));
        assert_eq!(clock.check(just_before), Gate::Open);
        assert_eq!(clock.remaining(just_before), Duration::from_millis(1));
        assert_eq!(clock.check(t0.after(15 * MINUTE)), Gate::JustLocked);
        assert_eq!(clock.check(t0.after(15 * MINUTE)), Gate::Locked);
        // Locked stays locked: an input after the deadline does not open it again.
        assert_eq!(clock.input(t0.after(16 * MINUTE)), Gate::Locked);
        assert_eq!(clock.remaining(t0), Duration::ZERO);
    }

    #[test]
    fn input_moves_the_deadline_and_calls_do_not() {
        let t0 = Moment::now();
        let mut clock = IdleClock::new(15 * MINUTE, t0);
        // Calls (a screen reloading) at minute 10 and 14 do not count as input.
        assert_eq!(clock.check(t0.after(10 * MINUTE)), Gate::Open);
        assert_eq!(clock.input(t0.after(14 * MINUTE)), Gate::Open);
        assert_eq!(clock.check(t0.after(28 * MINUTE)), Gate::Open);
        assert_eq!(clock.remaining(t0.after(28 * MINUTE)), MINUTE);
        assert_eq!(clock.check(t0.after(29 * MINUTE)), Gate::JustLocked);
    }

    #[test]
    fn sleep_counts_by_the_wall_clock_and_a_clock_set_back_does_not_open() {
        let t0 = Moment::now();
        let mut clock = IdleClock::new(15 * MINUTE, t0);
        // Asleep for an hour: the monotonic clock stood still, the wall clock went on.
        let woke = Moment {
            instant: t0.instant + Duration::from_secs(1),
            wall: t0.wall + 60 * MINUTE,
        };
        assert_eq!(clock.check(woke), Gate::JustLocked);

        let mut clock = IdleClock::new(15 * MINUTE, t0);
        // The system clock set back a day: the monotonic clock still counts.
        let set_back = Moment {
            instant: t0.instant + 15 * MINUTE,
            wall: t0.wall - 24 * 60 * MINUTE,
        };
        assert_eq!(clock.check(set_back), Gate::JustLocked);
    }

    #[test]
    fn locking_at_once_and_a_shorter_idle_time() {
        let t0 = Moment::now();
        let mut clock = IdleClock::new(15 * MINUTE, t0);
        clock.set_limit(MINUTE);
        assert_eq!(clock.check(t0.after(MINUTE)), Gate::JustLocked);
        let mut clock = IdleClock::new(15 * MINUTE, t0);
        assert!(clock.lock());
        assert!(!clock.lock());
        assert_eq!(clock.check(t0), Gate::Locked);
    }
}
