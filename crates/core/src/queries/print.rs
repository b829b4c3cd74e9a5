//! The data behind printed documents: one appeal's detail, with the appellant in full only for
//! documents that carry personal data.
//!
//! Printing the archive sheet (民意诉求登记表) or the appellant's receipt puts the appellant's
//! personal data on paper, so it is the same kind of access as revealing it on screen (§七(二)): it
//! needs the right to see it, and it writes an access-log line naming the document. Documents for
//! departments (交办单, 督办通知单) use the masked data and log nothing.

use super::detail::{AppealDetail, PersonalData, detail, detail_by_number};
use crate::access;
use crate::error::{CoreError, Result};
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
        "appellant",
        purpose,
    )?;
    d.appellant = appeals::get_appellant(conn, d.appeal.appellant_id)?;
    d.personal_data_masked = false;
    Ok(d)
}
