//! The analysis screens' commands (统计分析, 热点问题): thin calls into minyi-analysis, which
//! checks the permission itself, so a role without it gets the same Chinese refusal as
//! everywhere else; and the drill-down from a figure to the appeals behind it.

use crate::state::AppState;
use minyi_analysis::hotspots::{HotspotQuery, Hotspots, hotspots_for};
use minyi_analysis::stats::{Statistics, StatsQuery, statistics_for};
use minyi_core::Result;
use minyi_core::queries::list::{AppealRow, Page};
use minyi_core::queries::rows::rows_by_ids;
use tauri::State;

/// The statistics of a period and filter, as of today (which decides what is already late).
#[tauri::command]
pub async fn statistics(state: State<'_, AppState>, query: StatsQuery) -> Result<Statistics> {
    state.read(|s, c| statistics_for(s, c.actor, &query, c.today()))
}

/// The topics most mentioned in a period and those growing fastest.
#[tauri::command]
pub async fn hotspots(state: State<'_, AppState>, query: HotspotQuery) -> Result<Hotspots> {
    state.read(|s, c| hotspots_for(s, c.actor, &query))
}

/// A page of the list rows of the given appeals (the appeals behind a topic), in that order.
#[tauri::command]
pub async fn appeal_rows(
    state: State<'_, AppState>,
    ids: Vec<i64>,
    page: i64,
    page_size: i64,
) -> Result<Page<AppealRow>> {
    state.read(|s, c| rows_by_ids(s, c, &ids, page, page_size))
}

/// Writes the statistics workbook of `query` (with its charts); without `saveTo` it goes to
/// `exports/` and opens in the spreadsheet program.
#[tauri::command]
pub async fn export_stats(
    app: tauri::AppHandle,
    query: StatsQuery,
    save_to: Option<String>,
) -> Result<crate::ledger_export::ExportOutcome> {
    use tauri::Manager;
    let state = app.state::<AppState>();
    let target = match &save_to {
        Some(to) => std::path::PathBuf::from(to),
        None => crate::publishing::exports_path(state.data_dir(), "统计分析", "xlsx")?,
    };
    let outcome = crate::publishing::export_stats(&state, &query, &target)?;
    if save_to.is_none() {
        open_written(&app, &outcome.path, Written::Workbook)?;
    }
    Ok(outcome)
}

/// What kind of file an export wrote, for the message when no program opens it.
#[derive(Clone, Copy)]
pub(crate) enum Written {
    Workbook,
    Document,
}

/// Opens a file just written into `exports/`; it is there either way, so a machine without a
/// program for it is told where it is and what to do.
pub(crate) fn open_written(app: &tauri::AppHandle, path: &str, kind: Written) -> Result<()> {
    crate::api::open_path(app, std::path::Path::new(path)).map_err(|_| {
        let (what, todo) = match kind {
            Written::Workbook => ("Excel 文件", "请安装 WPS 或 Excel，或到该位置打开文件。"),
            Written::Document => ("文件", "请到该位置用合适的软件打开。"),
        };
        minyi_core::CoreError::storage(format!(
            "{what}已导出，保存在 {path}，但没有找到能打开它的程序。{todo}"
        ))
    })
}
