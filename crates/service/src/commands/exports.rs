//! Excel and report exports: the appeal ledger and the tracking ledger of a list's filter and the
//! assessment workbook (jobs with progress, one at a time), the statistics workbook and the
//! disclosure report. Each writes where the host says and answers where the file is.

use crate::assessment_export;
use crate::command::{Call, Command, Effect};
use crate::host::{JobKind, OutputKind, Target};
use crate::ledger_export::{self, ExportOutcome};
use crate::publishing::{self, DisclosureFormat};
use minyi_analysis::period::Period;
use minyi_analysis::stats::StatsQuery;
use minyi_core::Result;
use minyi_core::queries::ledger::LedgerFilter;
use minyi_core::queries::list::ListFilter;
use minyi_core::time::now_cst;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// `<stem>-<time>.<ext>`, where the host keeps exports.
fn target(call: &Call<'_>, stem: &str, ext: &str) -> Result<Target> {
    let stamp = now_cst().format("%Y%m%d-%H%M%S");
    call.output(OutputKind::Export, &format!("{stem}-{stamp}.{ext}"))
}

/// The appeal ledger (诉求台账) of the list's filter; personal data masked unless asked for (then
/// checked and logged).
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExportLedger {
    pub filter: ListFilter,
    pub personal_data: bool,
}

impl Command for ExportLedger {
    const NAME: &'static str = "export_ledger";
    const EFFECT: Effect = Effect::Read;
    type Output = ExportOutcome;
    fn run(self, call: &Call<'_>) -> Result<ExportOutcome> {
        let running = call.host().jobs().start(JobKind::Export)?;
        let to = target(call, "诉求台账", "xlsx")?;
        ledger_export::run(call, &self.filter, self.personal_data, &to, &running.flag())
    }
}

/// The tracking ledger (跟踪台账) of the ledger page's filter.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct ExportTracking {
    pub filter: LedgerFilter,
}

impl Command for ExportTracking {
    const NAME: &'static str = "export_tracking";
    const EFFECT: Effect = Effect::Read;
    type Output = ExportOutcome;
    fn run(self, call: &Call<'_>) -> Result<ExportOutcome> {
        let running = call.host().jobs().start(JobKind::Export)?;
        let to = target(call, "跟踪台账", "xlsx")?;
        ledger_export::run_tracking(call, &self.filter, &to, &running.flag())
    }
}

/// The assessment ranking workbook (考核排名) of a period.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct ExportAssessment {
    pub period: Period,
}

impl Command for ExportAssessment {
    const NAME: &'static str = "export_assessment";
    const EFFECT: Effect = Effect::Read;
    type Output = ExportOutcome;
    fn run(self, call: &Call<'_>) -> Result<ExportOutcome> {
        let _running = call.host().jobs().start(JobKind::Export)?;
        let to = target(call, "考核排名", "xlsx")?;
        assessment_export::run(call, self.period, &to)
    }
}

/// The statistics workbook (with its native charts) of the 统计分析 filter.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct ExportStats {
    pub query: StatsQuery,
}

impl Command for ExportStats {
    const NAME: &'static str = "export_stats";
    const EFFECT: Effect = Effect::Read;
    type Output = ExportOutcome;
    fn run(self, call: &Call<'_>) -> Result<ExportOutcome> {
        let to = target(call, "统计分析", "xlsx")?;
        publishing::export_stats(call, &self.query, &to)
    }
}

/// The disclosure report (信息公开) of a period as a PDF, a workbook or a web page.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct ExportDisclosure {
    pub period: Period,
    pub format: DisclosureFormat,
}

impl Command for ExportDisclosure {
    const NAME: &'static str = "export_disclosure";
    const EFFECT: Effect = Effect::Read;
    type Output = ExportOutcome;
    fn run(self, call: &Call<'_>) -> Result<ExportOutcome> {
        let to = target(call, "信息公开", self.format.extension())?;
        publishing::export_disclosure(call, self.period, self.format, &to)
    }
}

/// Asks the running ledger export to stop; it then ends with `cancelled` and leaves no file.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct CancelExport {}

impl Command for CancelExport {
    const NAME: &'static str = "cancel_export";
    const EFFECT: Effect = Effect::Read;
    type Output = bool;
    fn run(self, call: &Call<'_>) -> Result<bool> {
        Ok(call.host().jobs().cancel(JobKind::Export))
    }
}
