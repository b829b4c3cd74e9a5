//! 考核 → 导出 Excel: the assessment ranking workbook of a period, written through its own
//! connection like the ledger exports (a year's assessment of a large office takes seconds, and
//! the other screens keep working), one export at a time per host. The workbook is small, so
//! progress is two steps: computing, then written.

use crate::command::Call;
use crate::host::Target;
use crate::ledger_export::{ExportOutcome, reporter};
use minyi_analysis::period::Period;
use minyi_core::Result;
use minyi_core::model::Ctx;
use minyi_core::time::now_cst;
use minyi_sheets::assessment_book::export_assessment;

/// Writes the assessment of `period` to `target` as the caller (who must carry out assessment);
/// `rows` in the outcome counts the departments and people ranked.
pub fn run(call: &Call<'_>, period: Period, target: &Target) -> Result<ExportOutcome> {
    let (store, actor) = call.job_store()?;
    let ctx = Ctx::new(&actor, now_cst());
    let mut progress = reporter(call);
    progress(0, 1);
    let a = export_assessment(&store, &ctx, period.from, period.to, &target.path)?;
    progress(1, 1);
    Ok(ExportOutcome {
        path: target.shown.clone(),
        rows: (a.departments.len() + a.people.len()) as u64,
        personal_data: false,
        cancelled: false,
    })
}
