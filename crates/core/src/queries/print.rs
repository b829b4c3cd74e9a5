//! The data behind printed documents: one appeal's detail, with the appellant in full only for
//! documents that carry personal data.
//!
//! Printing the archive sheet (民意诉求登记表) or the appellant's receipt puts the appellant's
//! personal data on paper, so it is the same kind of access as revealing it on screen (§七(二)): it
//! needs the right to see it, and it writes an access-log line naming the document. Documents for
//! departments (交办单, 督办通知单) use the masked data and log nothing.
//!
//! A batch (the archive sheets of every appeal a list filter matches) is one user action: the
//! right is checked and one access-log line per appeal is written in one transaction *before* any
//! appellant's data is read ([`begin_print_batch`]). The [`PrintBatch`] that returns is the proof
//! of that logging; [`batch_appeal`] reads one appeal of it in full without logging again, so the
//! caller can fetch and print them one at a time (and stop half-way) without holding them all.
//! Logging up front errs on the side of the log: a cancelled batch is logged in full.

use super::detail::{AppealDetail, PersonalData, detail, detail_by_number};
use super::list::{ListFilter, matching_ids};
use crate::access;
use crate::error::{CoreError, ErrorCode, Result};
use crate::model::Ctx;
use crate::store::{Store, appeals, registry};
use crate::time::fmt_ts;

/// Whether a printed document shows the appellant's personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintData {
    /// Masked personal data (documents that go to departments or stay inside the office).
    Masked,
    /// Full personal data; `purpose` goes into the access log (e.g. "打印诉求登记表").
    Full { purpose: &'static str },
}

/// The detail of the appeal with registration or archive number `number`, for printing.
pub fn appeal_for_print(
    store: &Store,
    ctx: &Ctx<'_>,
    number: &str,
    data: PrintData,
) -> Result<AppealDetail> {
    let d = detail_by_number(store, ctx, number, PersonalData::Masked)?;
    reveal(store, ctx, d, data)
}

/// As [`appeal_for_print`], by the appeal's id (used by batch printing).
pub fn appeal_for_print_by_id(
    store: &Store,
    ctx: &Ctx<'_>,
    appeal_id: i64,
    data: PrintData,
) -> Result<AppealDetail> {
    let d = detail(store, ctx, appeal_id, PersonalData::Masked)?;
    reveal(store, ctx, d, data)
}

fn reveal(
    store: &Store,
    ctx: &Ctx<'_>,
    mut d: AppealDetail,
    data: PrintData,
) -> Result<AppealDetail> {
    let PrintData::Full { purpose } = data else {
        return Ok(d);
    };
    if !access::may_see_personal_data(ctx.actor, d.appeal.department_id, ctx.today()) {
        return Err(CoreError::forbidden(
            "您没有查看诉求人个人信息的权限，不能打印含个人信息的文书。",
        ));
    }
    let conn = store.conn();
    registry::log_access(
        conn,
        &fmt_ts(&ctx.now),
        ctx.actor.user_id,
        Some(d.appeal.id),
        crate::model::AccessKind::Appellant,
        purpose,
    )?;
    d.appellant = appeals::get_appellant(conn, d.appeal.appellant_id)?;
    d.personal_data_masked = false;
    Ok(d)
}

/// The appeals of a batch print whose access has been checked and logged (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintBatch {
    /// In the list's order.
    ids: Vec<i64>,
}

impl PrintBatch {
    /// The appeals, in the order of the list they were chosen from.
    pub fn ids(&self) -> &[i64] {
        &self.ids
    }
    pub fn len(&self) -> usize {
        self.ids.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// The message when a filter matches more than `max` appeals.
pub fn too_many_for_batch(max: usize) -> CoreError {
    CoreError::new(
        ErrorCode::Validation,
        format!(
            "符合当前筛选条件的诉求超过 {max} 件，一次打印不了这么多。请缩小筛选范围（例如按收到日期、状态或承办部门筛选）后再打印。"
        ),
    )
}

/// Chooses the appeals `filter` matches (at most `max`, else [`too_many_for_batch`]), checks
/// that the actor may see the personal data of every one, and logs the access for each with
/// `purpose` — all in one transaction. Nothing is logged when any check fails.
pub fn begin_print_batch(
    store: &mut Store,
    ctx: &Ctx<'_>,
    filter: &ListFilter,
    max: usize,
    purpose: &str,
) -> Result<PrintBatch> {
    let ids = matching_ids(store, ctx, filter, max)?;
    if ids.len() > max {
        return Err(too_many_for_batch(max));
    }
    if ids.is_empty() {
        return Err(CoreError::new(
            ErrorCode::Validation,
            "没有符合条件的诉求，没有可打印的登记表。请调整筛选条件后再打印。",
        ));
    }
    let at = fmt_ts(&ctx.now);
    store.write(|tx, _| {
        for &id in &ids {
            let department = appeals::get(tx, id)?.department_id;
            if !access::may_see_personal_data(ctx.actor, department, ctx.today()) {
                return Err(CoreError::forbidden(
                    "您没有查看其中部分诉求的诉求人个人信息的权限，不能批量打印登记表。请缩小筛选范围到您有权查看的诉求。",
                ));
            }
            registry::log_access(tx, &at, ctx.actor.user_id, Some(id), crate::model::AccessKind::Appellant, purpose)?;
        }
        Ok(())
    })?;
    Ok(PrintBatch { ids })
}

/// One appeal of `batch` with the appellant in full. The access was logged when the batch
/// began; the right is checked again (cheap) in case the actor's roles changed meanwhile.
pub fn batch_appeal(
    store: &Store,
    ctx: &Ctx<'_>,
    batch: &PrintBatch,
    appeal_id: i64,
) -> Result<AppealDetail> {
    if !batch.ids.contains(&appeal_id) {
        return Err(CoreError::invalid_state(
            "这件诉求不在本次批量打印的范围内。",
        ));
    }
    let mut d = detail(store, ctx, appeal_id, PersonalData::Masked)?;
    if !access::may_see_personal_data(ctx.actor, d.appeal.department_id, ctx.today()) {
        return Err(CoreError::forbidden(
            "您没有查看诉求人个人信息的权限，不能打印含个人信息的文书。",
        ));
    }
    d.appellant = appeals::get_appellant(store.conn(), d.appeal.appellant_id)?;
    d.personal_data_masked = false;
    Ok(d)
}
