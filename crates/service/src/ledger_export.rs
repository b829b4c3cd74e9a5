//! Excel export of the lists (诉求列表 / 跟踪台账 → 导出 Excel): the appeal ledger (诉求台账) or
//! the tracking ledger (跟踪台账) of the list's current filter as an .xlsx file, with progress.
//!
//! Why it is shaped so:
//! - The export reads through its own connection to the database file, not the shared ones: a
//!   ledger of a busy year takes seconds to write, and every other screen keeps working meanwhile
//!   (SQLite's WAL lets the reader see one consistent snapshot).
//! - Personal data is masked unless the user asks for it; the core then checks the right to see it
//!   and logs the export (minyi-sheets → `plan_appeal_ledger`). A handler's export holds their own
//!   department only, like their list.
//! - minyi-sheets saves beside the target and renames at the end, so a failed export leaves no
//!   half-written workbook. One export runs at a time per host ([`crate::Jobs`]): the commands
//!   take the turn before they ask for a file. Cancelled (`cancel_export`), an export stops at its
//!   next batch of rows and writes no file.

use crate::command::Call;
use crate::host::{JobKind, JobProgress, Target};
use minyi_core::Result;
use minyi_core::model::Ctx;
use minyi_core::queries::detail::PersonalData;
use minyi_core::queries::ledger::LedgerFilter;
use minyi_core::queries::list::ListFilter;
use minyi_core::time::now_cst;
use minyi_sheets::appeal_ledger::export_appeal_ledger;
use minyi_sheets::tracking_ledger::export_tracking_ledger;
use serde::{Deserialize, Serialize};
use std::sync::atomic::AtomicBool;
use ts_rs::TS;

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExportOutcome {
    /// Where the file is: a path on the desktop, a download on the server.
    pub path: String,
    #[ts(type = "number")]
    pub rows: u64,
    /// The file holds full personal data (the export was logged).
    pub personal_data: bool,
    /// The user cancelled the export: no file was written.
    #[serde(default)]
    pub cancelled: bool,
}

/// Tells the host how far an export has got.
pub(crate) fn reporter<'a>(call: &'a Call<'_>) -> impl FnMut(u64, u64) + 'a {
    move |done, total| {
        call.host().progress(JobProgress {
            job: JobKind::Export,
            done,
            total,
        })
    }
}

/// Exports the appeal ledger of `filter` to `target` as the caller.
pub fn run(
    call: &Call<'_>,
    filter: &ListFilter,
    personal_data: bool,
    target: &Target,
    cancel: &AtomicBool,
) -> Result<ExportOutcome> {
    let (store, actor) = call.job_store()?;
    store.stop_memory_map()?;
    let ctx = Ctx::new(&actor, now_cst());
    let personal = if personal_data {
        PersonalData::Full
    } else {
        PersonalData::Masked
    };
    let filter = ListFilter {
        page: 0,
        ..filter.clone()
    };
    let summary = export_appeal_ledger(
        &store,
        &ctx,
        &filter,
        personal,
        &target.path,
        &mut reporter(call),
        Some(cancel),
    )?;
    Ok(ExportOutcome {
        path: target.shown.clone(),
        rows: summary.rows,
        personal_data: summary.personal_data,
        cancelled: summary.cancelled,
    })
}

/// Exports the tracking ledger of `filter` (no personal data in it) to `target` as the caller; a
/// handler's holds their own department only, like the ledger page.
pub fn run_tracking(
    call: &Call<'_>,
    filter: &LedgerFilter,
    target: &Target,
    cancel: &AtomicBool,
) -> Result<ExportOutcome> {
    let (store, actor) = call.job_store()?;
    store.stop_memory_map()?;
    let ctx = Ctx::new(&actor, now_cst());
    let rows = export_tracking_ledger(
        &store,
        &ctx,
        filter,
        &target.path,
        &mut reporter(call),
        Some(cancel),
    )?;
    Ok(ExportOutcome {
        path: target.shown.clone(),
        rows: rows.unwrap_or(0),
        personal_data: false,
        cancelled: rows.is_none(),
    })
}
