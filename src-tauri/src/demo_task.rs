//! Demo data generated in the background at the first start, with progress events the first-run
//! screen shows. minyi-service refuses every other call meanwhile, in Chinese, instead of hanging
//! the window.

use crate::desktop::{DATA_CHANGED, Desktop};
use minyi_service::session::load_demo;
use minyi_service::{JobKind, JobProgress};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager};
use ts_rs::TS;

pub const DEMO_PROGRESS: &str = "demo-progress";
pub const DEMO_FINISHED: &str = "demo-finished";

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DemoFinished {
    pub ok: bool,
    pub message: String,
}

/// Generates `appeals` demo appeals into the new office on a background thread.
pub fn spawn(app: AppHandle, appeals: u64) {
    std::thread::spawn(move || {
        let desktop = app.state::<Desktop>();
        let mut last = 0;
        let result = load_demo(&desktop.office, appeals, &mut |done, total| {
            // Ten updates a run are enough for a progress bar.
            if done == total || done >= last + total / 10 {
                last = done;
                let p = JobProgress {
                    job: JobKind::Demo,
                    done,
                    total,
                };
                let _ = app.emit(DEMO_PROGRESS, p);
            }
        });
        let finished = match result {
            Ok(message) => DemoFinished { ok: true, message },
            Err(e) => DemoFinished {
                ok: false,
                message: format!("演示数据生成失败：{}", e.message),
            },
        };
        let _ = app.emit(DEMO_FINISHED, finished);
        let _ = app.emit(DATA_CHANGED, ());
    });
}
