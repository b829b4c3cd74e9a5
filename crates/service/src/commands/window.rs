//! The idle lock of a desk in 联网 mode, on the office's side. The desk decides when its window
//! locks (its own clock, `idle_lock`); the office records the lock and checks the password that
//! unlocks it — the same entries of the security log, and the same lockout rule, as a desk in
//! 单机 mode writes into its own database (core's `window_lock`).

use crate::command::{Call, Command, Effect};
use crate::views::SessionInfo;
use minyi_core::Result;
use minyi_core::usecases::window_lock;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The caller's window locked after `idle_minutes` without input (0: they locked it themselves).
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RecordWindowLock {
    pub idle_minutes: u32,
}

impl Command for RecordWindowLock {
    const NAME: &'static str = "record_window_lock";
    const EFFECT: Effect = Effect::Quiet;
    type Output = ();
    fn run(self, call: &Call<'_>) -> Result<()> {
        call.write(|s, c| {
            window_lock::record_lock(s, c.actor.user_id, i64::from(self.idle_minutes), c.now)
        })
    }
}

/// Unlocks the caller's window with their password (a wrong one counts towards the lockout).
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct UnlockWindow {
    pub password: String,
}

impl Command for UnlockWindow {
    const NAME: &'static str = "unlock_window";
    const EFFECT: Effect = Effect::Quiet;
    type Output = SessionInfo;
    fn run(self, call: &Call<'_>) -> Result<SessionInfo> {
        call.write(|s, c| {
            let actor = window_lock::unlock(s, c.actor.user_id, &self.password, c.now)?;
            SessionInfo::of(s, &actor)
        })
    }
}
