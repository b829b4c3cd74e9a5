//! Excel export from the lists: the appeal ledger or the tracking ledger of the current filter,
//! with progress events; without `saveTo` the workbook goes to `exports/` and opens in the
//! system's spreadsheet program.

use crate::ledger_export::{self, EXPORT_PROGRESS, ExportOutcome, ExportProgress, LedgerExports};
use crate::state::AppState;
use minyi_core::queries::ledger::LedgerFilter;
use minyi_core::queries::list::ListFilter;
use minyi_core::{CoreError, Result};
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Emitter, Manager};

/// Runs an export `job` on a blocking thread (the window stays responsive), emitting
/// `ledger-export-progress` as it goes, into `save_to` or else `exports/<stem>-<time>.xlsx`, which
/// is then opened. Every workbook export with progress goes through here.
pub(crate) async fn run_export<F>(
    app: AppHandle,
    stem: &'static str,
    save_to: Option<String>,
    job: F,
) -> Result<ExportOutcome>
where
    F: FnOnce(
            &AppState,
            &LedgerExports,
            &Path,
            &mut dyn FnMut(ExportProgress),
        ) -> Result<ExportOutcome>
        + Send
        + 'static,
{
    let worker = app.clone();
    let opens = save_to.is_none();
    let outcome = tauri::async_runtime::spawn_blocking(move || {
        let state = worker.state::<AppState>();
        let jobs = worker.state::<LedgerExports>();
        let target = match &save_to {
            Some(to) => PathBuf::from(to),
            None => ledger_export::default_path(state.data_dir(), stem)?,
        };
        job(&state, &jobs, &target, &mut |p: ExportProgress| {
            let _ = worker.emit(EXPORT_PROGRESS, p);
        })
    })
    .await
    .map_err(|_| CoreError::storage("导出意外中止，没有生成文件。请重试。"))??;
    if opens {
        super::analysis::open_written(&app, &outcome.path, super::analysis::Written::Workbook)?;
    }
    Ok(outcome)
}

/// Exports the appeal ledger of `filter`.
#[tauri::command]
pub async fn export_ledger(
    app: AppHandle,
    filter: ListFilter,
    personal_data: bool,
    save_to: Option<String>,
) -> Result<ExportOutcome> {
    run_export(
        app,
        "诉求台账",
        save_to,
        move |state, jobs, target, progress| {
            ledger_export::run(state, jobs, &filter, personal_data, target, progress)
        },
    )
    .await
}

/// Exports the tracking ledger of `filter`.
#[tauri::command]
pub async fn export_tracking(
    app: AppHandle,
    filter: LedgerFilter,
    save_to: Option<String>,
) -> Result<ExportOutcome> {
    run_export(
        app,
        "跟踪台账",
        save_to,
        move |state, jobs, target, progress| {
            ledger_export::run_tracking(state, jobs, &filter, target, progress)
        },
    )
    .await
}
