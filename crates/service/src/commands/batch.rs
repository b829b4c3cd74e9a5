//! Batch work on the list's selection (issue 20 §7) and 纸质归档 (§13).
//!
//! [`BatchAct`] takes the ticked rows (or the whole filter, 全选筛选结果) and one action; every
//! appeal then goes through the single action's use case ([`minyi_core::usecases::batch::step`]),
//! each in its own turn among the office's writers, so other desks are never held up for the
//! whole batch and a failure touches only its own appeal. Progress goes to the host after every
//! appeal ([`JobKind::BatchAction`]); [`CancelBatchAct`] stops before the next one.

use crate::command::{Call, Command, Effect};
use crate::host::{JobKind, JobProgress};
use minyi_core::queries::archive::{ArchiveRecord, archive_record};
use minyi_core::queries::list::{ListFilter, matching_ids};
use minyi_core::usecases::Outcome;
use minyi_core::usecases::batch::{self, BatchAction, BatchReport, MAX_BATCH_ACTION};
use minyi_core::usecases::record_archive::{ArchiveInput, record_archive};
use minyi_core::{CoreError, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Applies one action to the selected appeals (`ids`), or to every appeal `filter` matches (at
/// most [`MAX_BATCH_ACTION`]), and reports how each went.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BatchAct {
    #[serde(default)]
    #[ts(optional = nullable)]
    pub ids: Option<Vec<i64>>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub filter: Option<ListFilter>,
    pub action: BatchAction,
}

impl Command for BatchAct {
    const NAME: &'static str = "batch_act";
    const EFFECT: Effect = Effect::Write;
    type Output = BatchReport;
    fn run(self, call: &Call<'_>) -> Result<BatchReport> {
        let ids = match (self.ids, self.filter) {
            (Some(ids), _) => ids,
            (None, Some(f)) => {
                let ids = call.read(|s, c| matching_ids(s, c, &f, MAX_BATCH_ACTION))?;
                if ids.len() > MAX_BATCH_ACTION {
                    return Err(batch::too_many(&self.action, ids.len()));
                }
                ids
            }
            (None, None) => {
                return Err(CoreError::field(
                    "ids",
                    "没有选中任何诉求，请先在列表中勾选。",
                ));
            }
        };
        let ids = batch::prepare(&ids, &self.action)?;
        let running = call.host().jobs().start(JobKind::BatchAction)?;
        let total = ids.len();
        let mut report = batch::report(total);
        for (i, &id) in ids.iter().enumerate() {
            if running.cancelled() {
                report.not_started = (total - i) as u32;
                break;
            }
            report.push(call.write(|s, c| batch::step(s, c, &self.action, id, i == 0))?);
            call.host().progress(JobProgress {
                job: JobKind::BatchAction,
                done: (i + 1) as u64,
                total: total as u64,
            });
        }
        Ok(report)
    }
}

/// Asks the running batch action to stop before its next appeal.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct CancelBatchAct {}

impl Command for CancelBatchAct {
    const NAME: &'static str = "cancel_batch_act";
    const EFFECT: Effect = Effect::Read;
    type Output = bool;
    fn run(self, call: &Call<'_>) -> Result<bool> {
        Ok(call.host().jobs().cancel(JobKind::BatchAction))
    }
}

/// 纸质归档 of one closed appeal (or a correction of its record).
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RecordArchive {
    pub appeal_id: i64,
    /// The appeal's `version` as the page showed it.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub seen: Option<i64>,
    pub input: ArchiveInput,
}

impl Command for RecordArchive {
    const NAME: &'static str = "record_archive";
    const EFFECT: Effect = Effect::Write;
    type Output = Outcome;
    fn run(self, call: &Call<'_>) -> Result<Outcome> {
        call.write_seeing(self.appeal_id, self.seen, |s, c| {
            record_archive(s, c, self.appeal_id, &self.input)
        })
    }
}

/// An appeal's archive record (`null` while not filed).
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct GetArchiveRecord {
    pub appeal_id: i64,
}

impl Command for GetArchiveRecord {
    const NAME: &'static str = "get_archive_record";
    const EFFECT: Effect = Effect::Read;
    type Output = Option<ArchiveRecord>;
    fn run(self, call: &Call<'_>) -> Result<Option<ArchiveRecord>> {
        call.read(|s, c| archive_record(s, c, self.appeal_id))
    }
}
