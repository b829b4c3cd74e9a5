//! The desktop's daily backup: while the app runs, a thread looks every hour whether the newest
//! backup is a day old (or the last one failed) and then backs the office up through
//! `Office::back_up_if_due`, the same call the office server makes. A failure is recorded beside
//! the database and shown on the administrators' workbench until a backup succeeds.

use crate::desktop::Desktop;
use std::time::Duration;
use tauri::{AppHandle, Manager};

/// The first look, a few minutes after starting (not while the window is loading).
const FIRST_CHECK: Duration = Duration::from_secs(5 * 60);
const CHECK_EVERY: Duration = Duration::from_secs(60 * 60);

/// Starts the thread; it looks for the office each round (it may still be upgrading).
pub fn start(handle: AppHandle) {
    std::thread::spawn(move || {
        std::thread::sleep(FIRST_CHECK);
        loop {
            // In 联网 mode the server backs up its own database; nothing is written here.
            if let Some(desktop) = handle.try_state::<Desktop>()
                && desktop.remote().is_none()
            {
                match desktop.office.back_up_if_due() {
                    Some(Ok(info)) => log::info!("daily backup {}", info.name),
                    Some(Err(e)) => log::warn!("daily backup failed: {}", e.message),
                    None => {}
                }
            }
            std::thread::sleep(CHECK_EVERY);
        }
    });
}
