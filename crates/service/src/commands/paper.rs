//! Printed documents: one appeal's document or a staff member's agreement as a PDF, and the
//! archive sheets of a whole list in one PDF (a job with progress and cancel). Each writes its PDF
//! where the host says and answers where it is.

use crate::batch_print::{self, BatchCount, BatchOutcome};
use crate::command::{Call, Command, Effect};
use crate::host::{JobKind, OutputKind, write_whole};
use crate::printing::{PrintDocument, render, render_agreement};
use chrono::NaiveDate;
use minyi_core::Result;
use minyi_core::queries::list::ListFilter;
use minyi_core::time::now_cst;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Prints `document` of an appeal. Documents with the appellant's data in full check the right to
/// see it and log the access. `supervision` (a supervision number such as DB-2026-0003) picks
/// which supervision notice prints; without it the latest.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PrintAppeal {
    pub appeal_id: i64,
    pub document: PrintDocument,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub supervision: Option<String>,
}

impl Command for PrintAppeal {
    const NAME: &'static str = "print_appeal";
    const EFFECT: Effect = Effect::Read;
    type Output = String;
    fn run(self, call: &Call<'_>) -> Result<String> {
        let (name, pdf) = call.read(|s, c| {
            render(
                s,
                c,
                self.appeal_id,
                self.document,
                self.supervision.as_deref(),
            )
        })?;
        let target = call.output(OutputKind::Print, &name)?;
        write_whole(&target.path, &pdf)?;
        Ok(target.shown)
    }
}

/// Prints the confidentiality agreement (保密协议) of a staff member, dated the day they signed it
/// (or `date`, or today when not yet signed).
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PrintAgreement {
    pub user_id: i64,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub date: Option<NaiveDate>,
}

impl Command for PrintAgreement {
    const NAME: &'static str = "print_agreement";
    const EFFECT: Effect = Effect::Read;
    type Output = String;
    fn run(self, call: &Call<'_>) -> Result<String> {
        let (name, pdf) = call.read(|s, c| render_agreement(s, c, self.user_id, self.date))?;
        let target = call.output(OutputKind::Print, &name)?;
        write_whole(&target.path, &pdf)?;
        Ok(target.shown)
    }
}

/// How many appeals the list's filter matches, for the batch dialog.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct BatchPrintCount {
    pub filter: ListFilter,
}

impl Command for BatchPrintCount {
    const NAME: &'static str = "batch_print_count";
    const EFFECT: Effect = Effect::Read;
    type Output = BatchCount;
    fn run(self, call: &Call<'_>) -> Result<BatchCount> {
        batch_print::count(call, &self.filter)
    }
}

/// Prints the archive sheets of every appeal the filter matches into one PDF, reporting progress;
/// cancelled, it leaves no file.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BatchPrint {
    pub filter: ListFilter,
    /// At most this many appeals (at most the batch limit); more matches are refused.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub max: Option<u32>,
}

impl Command for BatchPrint {
    const NAME: &'static str = "batch_print";
    const EFFECT: Effect = Effect::Read;
    type Output = BatchOutcome;
    fn run(self, call: &Call<'_>) -> Result<BatchOutcome> {
        let running = call.host().jobs().start(JobKind::BatchPrint)?;
        let stamp = now_cst().format("%Y%m%d-%H%M%S");
        let target = call.output(OutputKind::Print, &format!("批量登记表-{stamp}.pdf"))?;
        batch_print::run(call, &running, &self.filter, self.max, &target)
    }
}

/// Asks the running batch to stop; it then ends with `cancelled` and leaves no file.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct CancelBatchPrint {}

impl Command for CancelBatchPrint {
    const NAME: &'static str = "cancel_batch_print";
    const EFFECT: Effect = Effect::Read;
    type Output = bool;
    fn run(self, call: &Call<'_>) -> Result<bool> {
        Ok(call.host().jobs().cancel(JobKind::BatchPrint))
    }
}
