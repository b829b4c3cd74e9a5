//! The work queues: my tasks and the tracking ledger.

use crate::state::AppState;
use crate::views::LedgerPage;
use minyi_core::Result;
use minyi_core::queries::ledger::{LedgerFilter, ledger};
use minyi_core::queries::tasks::{Workbench, my_tasks as tasks};
use tauri::State;

#[tauri::command]
pub async fn my_tasks(state: State<'_, AppState>, limit: i64) -> Result<Workbench> {
    state.read(|s, c| tasks(s, c, limit))
}

#[tauri::command]
pub async fn tracking_ledger(
    state: State<'_, AppState>,
    filter: LedgerFilter,
) -> Result<LedgerPage> {
    state.read(|s, c| ledger(s, c, &filter).map(|(rows, total)| LedgerPage { rows, total }))
}
