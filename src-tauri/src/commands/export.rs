//! Excel export from the lists: the appeal ledger or the tracking ledger of the current filter,
//! with progress events; without `saveTo` the workbook goes to `exports/` and opens in the
//! system's spreadsheet program.

use crate::ledger_export::{self, EXPORT_PROGRESS, ExportOutcome, ExportProgress, LedgerExports};
use crate::state::AppState;
use minyi_core::queries::ledger::LedgerFilter;
use minyi_core::queries::list::ListFilter;
use minyi_core::{CoreError, Result};
use std::path::PathBuf;
use tauri::{AppHandle, Emitter, Manager};

/// Exports the appeal ledger of `filter`, emitting `ledger-export-progress` as it goes. Runs on
/// a blocking thread so the window stays responsive.
#[tauri::command]
pub async fn export_ledger(
    app: AppHandle,
    filter: ListFilter,
    personal_data: bool,
    save_to: Option<String>,
) -> Result<ExportOutcome> {
    let worker = app.clone();
    let opens = save_to.is_none();
    let outcome = tauri::async_runtime::spawn_blocking(move || {
        let state = worker.state::<AppState>();
        let jobs = worker.state::<LedgerExports>();
        let target = match &save_to {
            Some(to) => PathBuf::from(to),
            None => ledger_export::default_path(state.data_dir(), "诉求台账")?,
        };
        ledger_export::run(
            &state,
            &jobs,
            &filter,
            personal_data,
            &target,
            &mut |p: ExportProgress| {
                let _ = worker.emit(EXPORT_PROGRESS, p);
            },
        )
    })
    .await
    .map_err(|_| CoreError::storage("导出意外中止，没有生成文件。请重试。"))??;
    deliver(&app, outcome, opens)
}

/// Exports the tracking ledger of `filter`, emitting `ledger-export-progress` as it goes.
#[tauri::command]
pub async fn export_tracking(
    app: AppHandle,
    filter: LedgerFilter,
    save_to: Option<String>,
) -> Result<ExportOutcome> {
    let worker = app.clone();
    let opens = save_to.is_none();
    let outcome = tauri::async_runtime::spawn_blocking(move || {
        let state = worker.state::<AppState>();
        let jobs = worker.state::<LedgerExports>();
        let target = match &save_to {
            Some(to) => PathBuf::from(to),
            None => ledger_export::default_path(state.data_dir(), "跟踪台账")?,
        };
        ledger_export::run_tracking(&state, &jobs, &filter, &target, &mut |p: ExportProgress| {
            let _ = worker.emit(EXPORT_PROGRESS, p);
        })
    })
    .await
    .map_err(|_| CoreError::storage("导出意外中止，没有生成文件。请重试。"))??;
    deliver(&app, outcome, opens)
}

/// Opens a workbook written into `exports/`; the file is there either way, so a machine without
/// a spreadsheet program is told where it is.
pub(crate) fn deliver(
    app: &AppHandle,
    outcome: ExportOutcome,
    opens: bool,
) -> Result<ExportOutcome> {
    if opens {
        let path = outcome.path.clone();
        crate::api::open_path(app, std::path::Path::new(&path)).map_err(|_| {
            CoreError::storage(format!(
                "Excel 文件已导出，保存在 {path}，但没有找到能打开它的程序。请安装 WPS 或 Excel，或到该位置打开文件。"
            ))
        })?;
    }
    Ok(outcome)
}
