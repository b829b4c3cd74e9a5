//! 导入: the import wizard's calls — the online channels, a look at the picked file, the import
//! itself with progress events and cancel, and opening or saving its report.

use crate::batch_import::{
    self, BatchImports, IMPORT_PROGRESS, ImportOutcome, ImportPreview, ImportProgress,
    ImportRequest,
};
use crate::state::AppState;
use crate::views::Choice;
use minyi_core::{CoreError, Result};
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Emitter, Manager, State};

/// The channels a batch may come from.
#[tauri::command]
pub async fn import_channels() -> Result<Vec<Choice>> {
    Ok(batch_import::channels())
}

/// Reads the picked file: its format, the proposed mapping and the first rows. Off the UI thread:
/// a big workbook takes a few seconds to read.
#[tauri::command]
pub async fn inspect_import(app: AppHandle, path: String) -> Result<ImportPreview> {
    tauri::async_runtime::spawn_blocking(move || {
        batch_import::inspect(&app.state::<AppState>(), Path::new(&path))
    })
    .await
    .map_err(|_| CoreError::storage("读取文件意外中止，请重试。"))?
}

/// Imports the batch, emitting `import-progress` after every chunk; open views reload after.
#[tauri::command]
pub async fn import_batch(app: AppHandle, request: ImportRequest) -> Result<ImportOutcome> {
    let worker = app.clone();
    let outcome = tauri::async_runtime::spawn_blocking(move || {
        let state = worker.state::<AppState>();
        let jobs = worker.state::<BatchImports>();
        let running = jobs.start()?;
        batch_import::run(&state, &running, &request, &mut |p: ImportProgress| {
            let _ = worker.emit(IMPORT_PROGRESS, p);
        })
    })
    .await
    .map_err(|_| {
        CoreError::storage("导入意外中止。已经导入的行已保存，重新导入同一文件会只导入其余的行。")
    })?;
    // Even a failed import may have committed its first chunks: let the lists reload either way.
    let _ = app.emit(super::DATA_CHANGED, ());
    outcome
}

/// Asks the running import to stop after its current chunk.
#[tauri::command]
pub async fn cancel_import(jobs: State<'_, BatchImports>) -> Result<bool> {
    Ok(jobs.cancel())
}

/// Opens an import report in the spreadsheet program.
#[tauri::command]
pub async fn open_import_report(
    app: AppHandle,
    state: State<'_, AppState>,
    report: String,
) -> Result<()> {
    let path = batch_import::own_report(state.data_dir(), &report)?;
    crate::api::open_path(&app, &path).map_err(|_| {
        CoreError::storage(format!(
            "没有找到能打开 Excel 文件的程序。导入报告保存在 {}，请安装 WPS 或 Excel，或点“另存导入报告”保存到别处。",
            path.display()
        ))
    })
}

/// Copies an import report to where the user chose.
#[tauri::command]
pub async fn save_import_report(
    state: State<'_, AppState>,
    report: String,
    save_to: String,
) -> Result<()> {
    batch_import::save_report(state.data_dir(), &report, &PathBuf::from(save_to))
}
