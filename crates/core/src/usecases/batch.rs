//! Batch operations from the list (issue 20 §7): route, close or file many selected appeals with
//! one input. There is no second copy of any rule here: every appeal goes through the very use
//! case of the single action ([`route::route`], [`close::close`], [`record_archive`]), in its own
//! transaction with its own event, so an appeal is either fully done or untouched. The report says,
//! per appeal, what happened — the failures with their registration number and the use case's
//! Chinese reason — and the caller may follow the progress and stop between appeals.
//!
//! An input the first appeal refuses as a field error (an empty closing text, a volume too long)
//! would be refused by every one of them: the batch then ends at once with that error, nothing
//! done, so the dialog marks the field instead of listing the same reason a hundred times.

use super::record_archive::{ArchiveInput, record_archive};
use super::*;
use crate::error::ErrorCode;
use crate::model::Ctx;
use std::ops::ControlFlow;

/// At most this many appeals in one batch action: more is a Chinese message asking to narrow the
/// selection (a thousand transactions take a few seconds; an office never closes more at once).
pub const MAX_BATCH_ACTION: usize = 1_000;

/// What to do to every selected appeal.
#[derive(
    Debug, Clone, PartialEq, Serialize, serde::Deserialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum BatchAction {
    /// 交办: route to a department, as [`route::route`].
    Route {
        department_id: i64,
        #[serde(default)]
        #[ts(optional = nullable)]
        note: Option<String>,
    },
    /// 办结 with one closing text, as [`close::close`].
    Close { summary: String },
    /// 纸质归档 into one volume, as [`record_archive`].
    Archive { input: ArchiveInput },
}

impl BatchAction {
    /// The verb for messages ("批量交办").
    pub fn label(&self) -> &'static str {
        match self {
            BatchAction::Route { .. } => "交办",
            BatchAction::Close { .. } => "办结",
            BatchAction::Archive { .. } => "归档",
        }
    }

    fn apply(&self, store: &mut Store, ctx: &Ctx<'_>, id: i64) -> Result<Outcome> {
        match self {
            BatchAction::Route {
                department_id,
                note,
            } => route::route(store, ctx, id, *department_id, note.as_deref()),
            BatchAction::Close { summary } => close::close(store, ctx, id, summary),
            BatchAction::Archive { input } => record_archive(store, ctx, id, input),
        }
    }
}

/// How one appeal of the batch went.
#[derive(
    Debug, Clone, PartialEq, Serialize, serde::Deserialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct BatchItem {
    pub appeal_id: i64,
    /// The registration number; `None` only for an appeal the user may not see.
    pub reg_number: Option<String>,
    pub ok: bool,
    /// The use case's sentence: what was done, or why not.
    pub message: String,
}

/// The whole batch: one item per appeal tried, in the order given.
#[derive(
    Debug, Clone, PartialEq, Serialize, serde::Deserialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct BatchReport {
    pub items: Vec<BatchItem>,
    pub succeeded: u32,
    pub failed: u32,
    /// Appeals not tried because the user stopped the batch.
    pub not_started: u32,
}

impl BatchReport {
    pub fn failures(&self) -> impl Iterator<Item = &BatchItem> {
        self.items.iter().filter(|i| !i.ok)
    }
}

impl BatchReport {
    fn new(total: usize) -> Self {
        Self {
            items: Vec::with_capacity(total),
            succeeded: 0,
            failed: 0,
            not_started: 0,
        }
    }

    /// Adds how one appeal went.
    pub fn push(&mut self, item: BatchItem) {
        if item.ok {
            self.succeeded += 1;
        } else {
            self.failed += 1;
        }
        self.items.push(item);
    }
}

/// The appeals of a batch: `ids` without repeats, in the order given, refused when empty or over
/// [`MAX_BATCH_ACTION`].
pub fn prepare(ids: &[i64], action: &BatchAction) -> Result<Vec<i64>> {
    let mut seen = std::collections::HashSet::new();
    let ids: Vec<i64> = ids.iter().copied().filter(|id| seen.insert(*id)).collect();
    if ids.is_empty() {
        return Err(CoreError::field(
            "ids",
            "没有选中任何诉求，请先在列表中勾选。",
        ));
    }
    if ids.len() > MAX_BATCH_ACTION {
        return Err(too_many(action, ids.len()));
    }
    Ok(ids)
}

/// The refusal of a selection over the limit.
pub fn too_many(action: &BatchAction, selected: usize) -> CoreError {
    CoreError::field(
        "ids",
        format!(
            "一次最多批量{} {MAX_BATCH_ACTION} 件诉求，当前选中了 {selected} 件。请缩小筛选范围后再操作。",
            action.label()
        ),
    )
}

/// Applies `action` to one appeal through its use case (one transaction). A refusal is an item
/// with the reason — except a field error on the `first` appeal, which is returned as the error of
/// the whole batch (see the module's note).
pub fn step(
    store: &mut Store,
    ctx: &Ctx<'_>,
    action: &BatchAction,
    id: i64,
    first: bool,
) -> Result<BatchItem> {
    match action.apply(store, ctx, id) {
        Ok(out) => Ok(BatchItem {
            appeal_id: id,
            reg_number: Some(out.reg_number),
            ok: true,
            message: out.message,
        }),
        Err(e) if first && e.code == ErrorCode::Validation => Err(e),
        Err(e) => {
            // The number of an appeal the user may not see is not told.
            let reg_number = if e.code == ErrorCode::NotFound {
                None
            } else {
                appeals::get(store.conn(), id).ok().map(|a| a.reg_number)
            };
            Ok(BatchItem {
                appeal_id: id,
                reg_number,
                ok: false,
                message: e.message,
            })
        }
    }
}

/// Applies `action` to each of `ids` ([`prepare`]d), one [`step`] each. `progress(done, total)` is
/// told after every appeal; `Break` stops before the next one. (The command surface runs the same
/// steps, each in its own turn among the office's writers.)
pub fn run(
    store: &mut Store,
    ctx: &Ctx<'_>,
    ids: &[i64],
    action: &BatchAction,
    progress: &mut dyn FnMut(usize, usize) -> ControlFlow<()>,
) -> Result<BatchReport> {
    let ids = prepare(ids, action)?;
    let total = ids.len();
    let mut report = BatchReport::new(total);
    for (i, &id) in ids.iter().enumerate() {
        report.push(step(store, ctx, action, id, i == 0)?);
        if progress(i + 1, total).is_break() {
            report.not_started = (total - i - 1) as u32;
            break;
        }
    }
    Ok(report)
}

/// An empty report for `total` appeals (the command surface fills it step by step).
pub fn report(total: usize) -> BatchReport {
    BatchReport::new(total)
}
