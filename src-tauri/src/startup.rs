//! Opening the database when the app starts.
//!
//! Why it is shaped so: opening a file written by an older version upgrades it (migrations), and
//! on a big file one upgrade can take minutes (migration 003 derives the stage runs of a million
//! appeals from their events). Done inside Tauri's `setup`, that would keep the window from
//! appearing at all, and a user would think the app was broken. So an open that will upgrade runs
//! on a thread of its own while the window shows 正在升级数据库 with the time so far, asking
//! [`Startup`] through `startup_status`; the app's state is managed once it is ready. An open that
//! will not upgrade (the normal case) stays synchronous, so every command finds the state from
//! the first moment.

use serde::Serialize;
use std::sync::Mutex;
use std::time::Instant;
use ts_rs::TS;

/// Where opening the database stands at start-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StartupPhase {
    Ready,
    Upgrading,
    Failed,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StartupStatus {
    pub phase: StartupPhase,
    /// Seconds since the app started opening the database.
    pub seconds: u64,
    /// Why it failed (Chinese), when it did.
    pub message: Option<String>,
}

enum Phase {
    Ready,
    Upgrading,
    Failed(String),
}

/// Where opening the database stands.
pub struct Startup {
    began: Instant,
    phase: Mutex<Phase>,
}

impl Startup {
    /// The database is open.
    pub fn ready() -> Self {
        Self::with(Phase::Ready)
    }

    /// The database is being upgraded on another thread.
    pub fn upgrading() -> Self {
        Self::with(Phase::Upgrading)
    }

    fn with(phase: Phase) -> Self {
        Self {
            began: Instant::now(),
            phase: Mutex::new(phase),
        }
    }

    /// The upgrade finished and the state is managed.
    pub fn finish(&self) {
        *self.phase.lock().unwrap_or_else(|e| e.into_inner()) = Phase::Ready;
    }

    /// The upgrade failed; `message` (Chinese, from the core) is shown in the window.
    pub fn fail(&self, message: String) {
        *self.phase.lock().unwrap_or_else(|e| e.into_inner()) = Phase::Failed(message);
    }

    pub fn status(&self) -> StartupStatus {
        let (phase, message) = match &*self.phase.lock().unwrap_or_else(|e| e.into_inner()) {
            Phase::Ready => (StartupPhase::Ready, None),
            Phase::Upgrading => (StartupPhase::Upgrading, None),
            Phase::Failed(m) => (StartupPhase::Failed, Some(m.clone())),
        };
        StartupStatus {
            phase,
            seconds: self.began.elapsed().as_secs(),
            message,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_each_phase_with_the_failure_message() {
        let s = Startup::upgrading();
        assert_eq!(s.status().phase, StartupPhase::Upgrading);
        assert_eq!(s.status().message, None);
        s.fail("数据库升级到版本 3 失败，数据未被改动。".into());
        let failed = s.status();
        assert_eq!(failed.phase, StartupPhase::Failed);
        assert_eq!(
            failed.message.as_deref(),
            Some("数据库升级到版本 3 失败，数据未被改动。")
        );
        let s = Startup::upgrading();
        s.finish();
        assert_eq!(s.status().phase, StartupPhase::Ready);
        assert_eq!(Startup::ready().status().phase, StartupPhase::Ready);
    }
}
