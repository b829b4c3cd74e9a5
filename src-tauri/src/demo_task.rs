//! Demo data generated in the background, with progress events the first-run screen shows.
//!
//! The generator needs the store to itself (it bulk-loads with relaxed pragmas), so the task
//! holds the store's lock and marks the state busy: other calls are refused with a Chinese
//! sentence instead of hanging the window.

use crate::state::AppState;
use minyi_core::Result;
use minyi_core::time::now_cst;
use minyi_demo::generate::{DemoOptions, generate};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager};
use ts_rs::TS;

pub const DEMO_PROGRESS: &str = "demo-progress";
pub const DEMO_FINISHED: &str = "demo-finished";

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DemoProgress {
    pub done: u64,
    pub total: u64,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DemoFinished {
    pub ok: bool,
    pub message: String,
}

/// Generates `appeals` demo appeals into the (empty) database on a background thread.
pub fn spawn(app: AppHandle, appeals: u64) -> Result<()> {
    app.state::<AppState>().begin_busy()?;
    std::thread::spawn(move || {
        let state = app.state::<AppState>();
        let result = {
            let mut store = state.store();
            let mut last = 0;
            generate(
                &mut store,
                &DemoOptions {
                    appeals,
                    seed: 1,
                    now: now_cst(),
                },
                &mut |done, total| {
                    // Ten updates a run are enough for a progress bar.
                    if done == total || done >= last + total / 10 {
                        last = done;
                        let _ = app.emit(DEMO_PROGRESS, DemoProgress { done, total });
                    }
                },
            )
        };
        state.end_busy();
        let finished = match result {
            Ok(s) => DemoFinished {
                ok: true,
                message: format!(
                    "已生成 {} 件演示诉求。演示账号的密码均为 {}。",
                    s.appeals,
                    minyi_demo::office::DEMO_PASSWORD
                ),
            },
            Err(e) => DemoFinished {
                ok: false,
                message: format!("演示数据生成失败：{}", e.message),
            },
        };
        let _ = app.emit(DEMO_FINISHED, finished);
        let _ = app.emit(crate::commands::DATA_CHANGED, ());
    });
    Ok(())
}
