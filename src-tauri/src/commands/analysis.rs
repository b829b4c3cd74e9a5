//! The analysis screens' commands (统计分析): thin calls into minyi-analysis, which checks the
//! permission itself, so a role without it gets the same Chinese refusal as everywhere else.

use crate::state::AppState;
use minyi_analysis::stats::{Statistics, StatsQuery, statistics_for};
use minyi_core::Result;
use tauri::State;

/// The statistics of a period and filter, as of today (which decides what is already late).
#[tauri::command]
pub async fn statistics(state: State<'_, AppState>, query: StatsQuery) -> Result<Statistics> {
    state.read(|s, c| statistics_for(s, c.actor, &query, c.today()))
}
