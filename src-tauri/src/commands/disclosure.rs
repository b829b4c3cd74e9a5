//! The 信息公开 screen's commands: the preview of what would be published for a period, and the
//! report written as PDF, Excel or web page — into `exports/` and opened, or where the user picked.
//! minyi-analysis checks the 编制信息公开 permission itself.

use crate::ledger_export::ExportOutcome;
use crate::publishing::{self, DisclosureFormat};
use crate::state::AppState;
use minyi_analysis::disclosure_text::DisclosureDocument;
use minyi_analysis::period::Period;
use minyi_core::Result;
use std::path::PathBuf;
use tauri::{AppHandle, Manager, State};

/// What would be published for `period`, worded as the files word it.
#[tauri::command]
pub async fn disclosure_preview(
    state: State<'_, AppState>,
    period: Period,
) -> Result<DisclosureDocument> {
    publishing::preview(&state, period)
}

/// Writes the disclosure report of `period` in `format`; without `saveTo` it goes to `exports/`
/// and opens in the system's program for that kind of file.
#[tauri::command]
pub async fn export_disclosure(
    app: AppHandle,
    period: Period,
    format: DisclosureFormat,
    save_to: Option<String>,
) -> Result<ExportOutcome> {
    let state = app.state::<AppState>();
    let target = match &save_to {
        Some(to) => PathBuf::from(to),
        None => publishing::exports_path(state.data_dir(), "信息公开", format.extension())?,
    };
    let outcome = publishing::export_disclosure(&state, period, format, &target)?;
    if save_to.is_none() {
        let kind = match format {
            DisclosureFormat::Xlsx => super::analysis::Written::Workbook,
            DisclosureFormat::Pdf | DisclosureFormat::Html => super::analysis::Written::Document,
        };
        super::analysis::open_written(&app, &outcome.path, kind)?;
    }
    Ok(outcome)
}
