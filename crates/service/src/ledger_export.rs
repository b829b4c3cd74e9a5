//! Excel export of the lists (诉求列表 / 跟踪台账 → 导出 Excel): the appeal ledger (诉求台账) or
//! the tracking ledger (跟踪台账) of the list's current filter as an .xlsx file, with progress.
//!
//! Why it is shaped so:
//! - The export reads through its own connection to the database file, not the window's shared
//!   one: a ledger of a busy year takes seconds to write, and every other screen keeps working
//!   meanwhile (SQLite's WAL lets the reader see one consistent snapshot).
//! - Personal data is masked unless the user asks for it; the core then checks the right to see it
//!   and logs the export (minyi-sheets → `plan_appeal_ledger`). A handler's export holds their own
//!   department only, like their list.
//! - minyi-sheets saves beside the target and renames at the end, so a failed export leaves no
//!   half-written workbook. One export runs at a time ([`LedgerExports`]).
//! - Nothing here knows Tauri, so the tests drive it without a window.

use crate::state::{AppState, DB_FILE};
use minyi_core::model::Ctx;
use minyi_core::queries::detail::PersonalData;
use minyi_core::queries::ledger::LedgerFilter;
use minyi_core::queries::list::ListFilter;
use minyi_core::time::now_cst;
use minyi_core::{CoreError, Result, Store};
use minyi_sheets::appeal_ledger::export_appeal_ledger;
use minyi_sheets::tracking_ledger::export_tracking_ledger;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use ts_rs::TS;

/// The event that carries a running export's progress.
pub const EXPORT_PROGRESS: &str = "ledger-export-progress";

/// How far a running export has got: `done` of `total` rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ExportProgress {
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExportOutcome {
    pub path: String,
    #[ts(type = "number")]
    pub rows: u64,
    /// The file holds full personal data (the export was logged).
    pub personal_data: bool,
}

/// At most one export at a time (a second click while one runs is refused in Chinese).
#[derive(Default)]
pub struct LedgerExports {
    running: AtomicBool,
}

impl LedgerExports {
    pub(crate) fn start(&self) -> Result<Running<'_>> {
        if self.running.swap(true, Ordering::SeqCst) {
            return Err(CoreError::conflict(
                "正在导出另一份台账，请等它完成后再导出。",
            ));
        }
        Ok(Running(&self.running))
    }
}

pub(crate) struct Running<'a>(&'a AtomicBool);

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::SeqCst);
    }
}

/// Where a workbook named `stem` (诉求台账, 跟踪台账, 考核排名) goes when the user did not pick a
/// place: `exports/` in the data directory.
pub fn default_path(data_dir: &Path, stem: &str) -> Result<PathBuf> {
    crate::publishing::exports_path(data_dir, stem, "xlsx")
}

/// Exports the appeal ledger of `filter` to `target` as the signed-in user, calling `progress`
/// now and then.
pub fn run(
    state: &AppState,
    jobs: &LedgerExports,
    filter: &ListFilter,
    personal_data: bool,
    target: &Path,
    progress: &mut dyn FnMut(ExportProgress),
) -> Result<ExportOutcome> {
    state.check_idle()?;
    let _running = jobs.start()?;
    let store = Store::open(&state.data_dir().join(DB_FILE))?;
    store.stop_memory_map()?;
    let actor = state.actor(&store)?;
    let ctx = Ctx::new(&actor, now_cst());
    let personal = if personal_data {
        PersonalData::Full
    } else {
        PersonalData::Masked
    };
    let filter = ListFilter {
        page: 0,
        ..filter.clone()
    };
    let summary = export_appeal_ledger(
        &store,
        &ctx,
        &filter,
        personal,
        target,
        &mut |done, total| progress(ExportProgress { done, total }),
    )?;
    Ok(ExportOutcome {
        path: target.to_string_lossy().into_owned(),
        rows: summary.rows,
        personal_data: summary.personal_data,
    })
}

/// Exports the tracking ledger of `filter` (no personal data in it) to `target` as the signed-in
/// user; a handler's holds their own department only, like the ledger page.
pub fn run_tracking(
    state: &AppState,
    jobs: &LedgerExports,
    filter: &LedgerFilter,
    target: &Path,
    progress: &mut dyn FnMut(ExportProgress),
) -> Result<ExportOutcome> {
    state.check_idle()?;
    let _running = jobs.start()?;
    let store = Store::open(&state.data_dir().join(DB_FILE))?;
    store.stop_memory_map()?;
    let actor = state.actor(&store)?;
    let ctx = Ctx::new(&actor, now_cst());
    let rows = export_tracking_ledger(&store, &ctx, filter, target, &mut |done, total| {
        progress(ExportProgress { done, total })
    })?;
    Ok(ExportOutcome {
        path: target.to_string_lossy().into_owned(),
        rows,
        personal_data: false,
    })
}
