//! Batch printing from the list (诉求列表 → 批量打印登记表): the archive sheets of every appeal the
//! list's current filter matches, as one PDF, with progress and cancel.
//!
//! Why it is shaped so:
//! - The access to personal data is checked and logged for the whole batch in one transaction
//!   before any sheet is drawn (`begin_print_batch` in the core); the sheets are then fetched one
//!   at a time, each under the store's lock only for the few milliseconds its query takes, so the
//!   rest of the window keeps working while the PDF is laid out.
//! - A batch is capped at [`MAX_BATCH`] appeals: more is a Chinese message asking to narrow the
//!   filter, not a half-hour job.
//! - Cancel is a flag the running batch checks after every sheet; a cancelled or failed batch
//!   leaves no file (minyi-paper writes beside the target and renames at the end).
//! - One batch runs at a time per host ([`crate::Jobs`]).

use crate::command::Call;
use crate::host::{JobKind, JobProgress, Running, Target};
use minyi_core::queries::list::{ListFilter, matching_ids};
use minyi_core::queries::print::{batch_appeal, begin_print_batch};
use minyi_core::{CoreError, Result};
use minyi_paper::{AppealDocument, PaperError, archive_sheets_to_file};
use serde::{Deserialize, Serialize};
use std::ops::ControlFlow;
use ts_rs::TS;

/// At most this many appeals in one batch, unless the caller asks for fewer or more.
pub const MAX_BATCH: usize = 5_000;

/// The most a caller may ask for (the command line prints the archive of a year overnight).
pub const LARGEST_BATCH: usize = 20_000;

/// How many appeals a filter matches, for the dialog before printing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BatchCount {
    /// Matching appeals, counted up to `max + 1`.
    pub matched: u32,
    /// The most one batch prints.
    pub max: u32,
}

/// How a batch ended (a failure is an error instead).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BatchOutcome {
    /// The user cancelled; no file was written.
    pub cancelled: bool,
    /// Where the PDF is (when not cancelled): a path on the desktop, a download on the server.
    pub path: Option<String>,
    pub sheets: u32,
    pub pages: u32,
}

/// How many appeals `filter` matches for the signed-in user (counted up to `MAX_BATCH + 1`).
pub fn count(call: &Call<'_>, filter: &ListFilter) -> Result<BatchCount> {
    let ids = call.read(|s, c| matching_ids(s, c, filter, MAX_BATCH))?;
    Ok(BatchCount {
        matched: ids.len() as u32,
        max: MAX_BATCH as u32,
    })
}

/// Prints the archive sheets of every appeal `filter` matches into `target`, telling the host its
/// progress after each sheet, until done or until `running` is cancelled.
pub fn run(
    call: &Call<'_>,
    running: &Running<'_>,
    filter: &ListFilter,
    max: Option<u32>,
    target: &Target,
) -> Result<BatchOutcome> {
    let max = max.map_or(MAX_BATCH, |m| (m as usize).clamp(1, LARGEST_BATCH));
    let purpose = AppealDocument::ArchiveSheet
        .personal_data_purpose()
        .unwrap_or("打印诉求登记表");
    let batch = call.write(|s, c| begin_print_batch(s, c, filter, max, purpose))?;
    let org = call.read(|s, _| s.org_name())?;
    let details = batch
        .ids()
        .iter()
        .map(|&id| call.read(|s, c| batch_appeal(s, c, &batch, id)));
    let printed = archive_sheets_to_file(&org, details, &target.path, &mut |done, total| {
        if running.cancelled() {
            return ControlFlow::Break(());
        }
        call.host().progress(JobProgress {
            job: JobKind::BatchPrint,
            done: done as u64,
            total: total as u64,
        });
        ControlFlow::Continue(())
    });
    match printed {
        Ok(s) => Ok(BatchOutcome {
            cancelled: false,
            path: Some(target.shown.clone()),
            sheets: s.sheets as u32,
            pages: s.pages as u32,
        }),
        Err(PaperError::Cancelled) => Ok(BatchOutcome {
            cancelled: true,
            path: None,
            sheets: 0,
            pages: 0,
        }),
        Err(PaperError::Write) => Err(CoreError::storage(PaperError::Write.to_string())),
        Err(e) => Err(CoreError::invalid_state(e.to_string())),
    }
}
