//! Batch printing from the list (诉求列表 → 批量打印登记表): the archive sheets of every appeal the
//! list's current filter matches, as one PDF, with progress and cancel.
//!
//! Why it is shaped so:
//! - The access to personal data is checked and logged for the whole batch in one transaction
//!   before any sheet is drawn (`begin_print_batch` in the core); the sheets are then fetched one
//!   at a time, each under the store's lock only for the few milliseconds its query takes, so the
//!   rest of the window keeps working while the PDF is laid out.
//! - A batch is capped at [`MAX_BATCH`] appeals: more is a Chinese message asking to narrow the
//!   filter, not a half-hour job.
//! - Cancel is a flag the running batch checks after every sheet; a cancelled or failed batch
//!   leaves no file (minyi-paper writes beside the target and renames at the end).
//! - One batch runs at a time ([`BatchPrints`]); the functions here know nothing of Tauri, so the
//!   tests drive them without a window.

use crate::state::AppState;
use minyi_core::queries::list::{ListFilter, matching_ids};
use minyi_core::queries::print::{batch_appeal, begin_print_batch};
use minyi_core::store::settings;
use minyi_core::{CoreError, Result};
use minyi_paper::{AppealDocument, PaperError, archive_sheets_to_file};
use serde::Serialize;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use ts_rs::TS;

/// At most this many appeals in one batch.
pub const MAX_BATCH: usize = 5_000;

/// The event that carries a running batch's progress.
pub const BATCH_PROGRESS: &str = "batch-print-progress";

/// How far a running batch has got: `done` of `total` sheets laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BatchProgress {
    pub done: u32,
    pub total: u32,
}

/// How many appeals a filter matches, for the dialog before printing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BatchCount {
    /// Matching appeals, counted up to `max + 1`.
    pub matched: u32,
    /// The most one batch prints.
    pub max: u32,
}

/// How a batch ended (a failure is an error instead).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BatchOutcome {
    /// The user cancelled; no file was written.
    pub cancelled: bool,
    /// Where the PDF is (when not cancelled).
    pub path: Option<String>,
    pub sheets: u32,
    pub pages: u32,
}

/// The running batch, if any, and its cancel flag.
#[derive(Debug, Default)]
pub struct BatchPrints {
    running: Mutex<Option<Arc<AtomicBool>>>,
}

/// Marks a batch as running until dropped.
#[derive(Debug)]
pub struct Running<'a> {
    jobs: &'a BatchPrints,
    cancel: Arc<AtomicBool>,
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        *self.jobs.running.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

impl BatchPrints {
    /// Starts a batch, or refuses while another one runs.
    pub fn start(&self) -> Result<Running<'_>> {
        let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        if running.is_some() {
            return Err(CoreError::conflict(
                "已有一批登记表正在打印，请等它完成或取消后再开始新的一批。",
            ));
        }
        let cancel = Arc::new(AtomicBool::new(false));
        *running = Some(cancel.clone());
        Ok(Running { jobs: self, cancel })
    }

    /// Asks the running batch to stop; false when none runs.
    pub fn cancel(&self) -> bool {
        match &*self.running.lock().unwrap_or_else(|e| e.into_inner()) {
            Some(flag) => {
                flag.store(true, Ordering::SeqCst);
                true
            }
            None => false,
        }
    }
}

/// How many appeals `filter` matches for the signed-in user (counted up to `MAX_BATCH + 1`).
pub fn count(state: &AppState, filter: &ListFilter) -> Result<BatchCount> {
    let ids = state.read(|s, c| matching_ids(s, c, filter, MAX_BATCH))?;
    Ok(BatchCount {
        matched: ids.len() as u32,
        max: MAX_BATCH as u32,
    })
}

/// The file a batch for the viewer goes to: `<data dir>/prints/批量登记表-<time>.pdf`.
pub fn viewer_path(data_dir: &Path) -> Result<PathBuf> {
    let dir = data_dir.join("prints");
    std::fs::create_dir_all(&dir)
        .map_err(|_| CoreError::storage("无法写入打印文件，请检查数据目录的磁盘空间和权限。"))?;
    let stamp = minyi_core::time::now_cst().format("%Y%m%d-%H%M%S");
    Ok(dir.join(format!("批量登记表-{stamp}.pdf")))
}

/// Prints the archive sheets of every appeal `filter` matches into `target`, calling `progress`
/// after each sheet, until done or until `running` is cancelled.
pub fn run(
    state: &AppState,
    running: &Running<'_>,
    filter: &ListFilter,
    target: &Path,
    progress: &mut dyn FnMut(BatchProgress),
) -> Result<BatchOutcome> {
    let purpose = AppealDocument::ArchiveSheet
        .personal_data_purpose()
        .unwrap_or("打印诉求登记表");
    let batch = state.write(|s, c| begin_print_batch(s, c, filter, MAX_BATCH, purpose))?;
    let org = state.read(|s, _| settings::get(s.conn(), "org.name"))?;
    let details = batch
        .ids()
        .iter()
        .map(|&id| state.read(|s, c| batch_appeal(s, c, &batch, id)));
    let printed = archive_sheets_to_file(&org, details, target, &mut |done, total| {
        if running.cancel.load(Ordering::SeqCst) {
            return ControlFlow::Break(());
        }
        progress(BatchProgress {
            done: done as u32,
            total: total as u32,
        });
        ControlFlow::Continue(())
    });
    match printed {
        Ok(s) => Ok(BatchOutcome {
            cancelled: false,
            path: Some(target.to_string_lossy().into_owned()),
            sheets: s.sheets as u32,
            pages: s.pages as u32,
        }),
        Err(PaperError::Cancelled) => Ok(BatchOutcome {
            cancelled: true,
            path: None,
            sheets: 0,
            pages: 0,
        }),
        Err(PaperError::Write) => Err(CoreError::storage(PaperError::Write.to_string())),
        Err(e) => Err(CoreError::invalid_state(e.to_string())),
    }
}
