//! Batch printing of archive sheets from the list: count what the filter matches, print (open in
//! the system viewer, or save where the user chose) with progress events, cancel.

use crate::batch_print::{
    self, BATCH_PROGRESS, BatchCount, BatchOutcome, BatchPrints, BatchProgress,
};
use crate::state::AppState;
use minyi_core::queries::list::ListFilter;
use minyi_core::{CoreError, Result};
use std::path::PathBuf;
use tauri::{AppHandle, Emitter, Manager, State};

/// How many appeals the list's filter matches, for the batch dialog.
#[tauri::command]
pub async fn batch_print_count(
    state: State<'_, AppState>,
    filter: ListFilter,
) -> Result<BatchCount> {
    batch_print::count(&state, &filter)
}

/// Prints the archive sheets of every appeal `filter` matches into one PDF, emitting
/// `batch-print-progress` as it goes; without `saveTo` the PDF opens in the system viewer.
/// Runs on a blocking thread so the window stays responsive.
#[tauri::command]
pub async fn batch_print(
    app: AppHandle,
    filter: ListFilter,
    save_to: Option<String>,
) -> Result<BatchOutcome> {
    let worker = app.clone();
    let outcome = tauri::async_runtime::spawn_blocking(move || {
        let state = worker.state::<AppState>();
        let jobs = worker.state::<BatchPrints>();
        let running = jobs.start()?;
        let target = match &save_to {
            Some(to) => PathBuf::from(to),
            None => batch_print::viewer_path(state.data_dir())?,
        };
        // About a hundred events for a whole batch: a smooth bar without flooding the window.
        let mut shown = 0;
        batch_print::run(
            &state,
            &running,
            &filter,
            &target,
            &mut |p: BatchProgress| {
                if p.done == p.total || p.done >= shown + p.total.div_ceil(100) {
                    shown = p.done;
                    let _ = worker.emit(BATCH_PROGRESS, p);
                }
            },
        )
        .map(|o| (o, save_to.is_none()))
    })
    .await
    .map_err(|_| CoreError::storage("批量打印意外中止，没有生成文件。请重试。"))??;
    let (outcome, open) = outcome;
    if let (true, Some(path)) = (open, &outcome.path) {
        // The PDF is written either way; say where, so a machine without a viewer still has it.
        crate::api::open_path(&app, std::path::Path::new(path)).map_err(|_| {
            CoreError::storage(format!(
                "PDF 已生成，保存在 {path}，但没有找到能打开 PDF 的程序。请安装 PDF 阅读器，或到该位置打开文件。"
            ))
        })?;
    }
    Ok(outcome)
}

/// Asks the running batch to stop; it ends with `cancelled` and leaves no file.
#[tauri::command]
pub async fn cancel_batch_print(jobs: State<'_, BatchPrints>) -> Result<bool> {
    Ok(jobs.cancel())
}
