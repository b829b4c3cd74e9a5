//! Printed documents: write the PDF and open it in the system viewer, or save it where the user
//! chose.

use crate::printing::{PrintDocument, render, render_agreement, write_for_viewer, write_to};
use crate::state::AppState;
use minyi_core::Result;
use std::path::Path;
use tauri::{AppHandle, State};

/// Prints `document` of appeal `appealId`: without `saveTo` the PDF opens in the system viewer;
/// with it, the PDF is written there. `supervision` (a supervision number) picks which
/// supervision notice prints; without it the latest. Returns the file's path.
#[tauri::command]
pub async fn print_appeal(
    app: AppHandle,
    state: State<'_, AppState>,
    appeal_id: i64,
    document: PrintDocument,
    save_to: Option<String>,
    supervision: Option<String>,
) -> Result<String> {
    let (name, pdf) =
        state.read(|s, c| render(s, c, appeal_id, document, supervision.as_deref()))?;
    deliver(&app, &state, &name, &pdf, save_to)
}

/// Prints the confidentiality agreement of staff member `userId` (settings → users).
#[tauri::command]
pub async fn print_agreement(
    app: AppHandle,
    state: State<'_, AppState>,
    user_id: i64,
    save_to: Option<String>,
) -> Result<String> {
    let (name, pdf) = state.read(|s, c| render_agreement(s, c, user_id))?;
    deliver(&app, &state, &name, &pdf, save_to)
}

/// Saves the PDF where asked, or writes it into prints/ and opens it in the system viewer.
fn deliver(
    app: &AppHandle,
    state: &AppState,
    name: &str,
    pdf: &[u8],
    save_to: Option<String>,
) -> Result<String> {
    if let Some(to) = save_to {
        write_to(Path::new(&to), pdf)?;
        return Ok(to);
    }
    let path = write_for_viewer(state.data_dir(), name, pdf)?;
    let shown = path.to_string_lossy().into_owned();
    // The PDF is written either way; say where, so a machine without a PDF viewer still has it.
    crate::api::open_path(app, &path).map_err(|_| {
        minyi_core::CoreError::storage(format!(
            "PDF 已生成，保存在 {shown}，但没有找到能打开 PDF 的程序。请安装 PDF 阅读器，或到该位置打开文件。"
        ))
    })?;
    Ok(shown)
}
