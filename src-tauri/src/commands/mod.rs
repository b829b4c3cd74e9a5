//! The Tauri commands: one-line calls into minyi-core, grouped by domain.
//!
//! Every command is `async` so that Tauri runs it off the UI thread; every one returns
//! `Result<T, CoreError>`, which crosses to the window as `{ code, message, field? }`. After a write
//! succeeds, [`changed`] tells open views to refresh.

pub mod actions;
pub mod admin;
pub mod analysis;
pub mod appeals;
pub mod assessment;
pub mod batch;
pub mod disclosure;
pub mod export;
pub mod import;
pub mod paper;
pub mod session;
pub mod vocabulary;
pub mod work;

use minyi_core::Result;
use tauri::{AppHandle, Emitter};

/// The event open views listen to, to reload after any write.
pub const DATA_CHANGED: &str = "data-changed";

/// Passes a write's result through, announcing it when it succeeded.
pub fn changed<T>(app: &AppHandle, r: Result<T>) -> Result<T> {
    if r.is_ok() {
        let _ = app.emit(DATA_CHANGED, ());
    }
    r
}
