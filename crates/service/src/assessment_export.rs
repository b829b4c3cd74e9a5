//! 考核 → 导出 Excel: the assessment ranking workbook of a period, written through its own
//! connection like the ledger exports (a year's assessment of a large office takes seconds, and
//! the other screens keep working), one export at a time ([`LedgerExports`]). The workbook is
//! small, so progress is two steps: computing, then written. Nothing here knows Tauri.

use crate::ledger_export::{ExportOutcome, ExportProgress, LedgerExports};
use crate::state::{AppState, DB_FILE};
use minyi_analysis::period::Period;
use minyi_core::model::Ctx;
use minyi_core::time::now_cst;
use minyi_core::{Result, Store};
use minyi_sheets::assessment_book::export_assessment;
use std::path::Path;

/// Writes the assessment of `period` to `target` as the signed-in user (who must carry out
/// assessment); `rows` in the outcome counts the departments and people ranked.
pub fn run(
    state: &AppState,
    jobs: &LedgerExports,
    period: Period,
    target: &Path,
    progress: &mut dyn FnMut(ExportProgress),
) -> Result<ExportOutcome> {
    state.check_idle()?;
    let _running = jobs.start()?;
    let store = Store::open(&state.data_dir().join(DB_FILE))?;
    let actor = state.actor(&store)?;
    let ctx = Ctx::new(&actor, now_cst());
    progress(ExportProgress { done: 0, total: 1 });
    let a = export_assessment(&store, &ctx, period.from, period.to, target)?;
    progress(ExportProgress { done: 1, total: 1 });
    Ok(ExportOutcome {
        path: target.to_string_lossy().into_owned(),
        rows: (a.departments.len() + a.people.len()) as u64,
        personal_data: false,
    })
}
