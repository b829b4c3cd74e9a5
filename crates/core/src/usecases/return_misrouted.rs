//! Return of a mis-routed appeal (退回): the department says it is not theirs, with a reason; the
//! appeal goes back to the office to be routed again and the mis-routing counts against intake
//! accuracy in assessment.

use super::*;
use crate::model::{Ctx, EventAction, Status};
use crate::store::Store;

pub fn return_misrouted(
    store: &mut Store,
    ctx: &Ctx<'_>,
    appeal_id: i64,
    reason: &str,
    on_behalf: &OnBehalf,
) -> Result<Outcome> {
    store.write(|tx, cal| {
        let before = load(tx, ctx, appeal_id, Action::ReturnMisrouted)?;
        require_status(
            &before,
            &[Status::Routed],
            "只有已分流、尚未提交处理方案的诉求可以退回",
        )?;
        let reason = text("reason", "退回理由", reason, 2000)?;
        let (bd, bp) = behalf(tx, ctx, &before, on_behalf)?;
        let allow = allowances(tx)?;
        let mut a = before.clone();
        let from_department = a.department_id;
        a.department_id = None;
        lifecycle::enter(&mut a, Status::Accepted, ctx.today(), &allow, cal);
        commit(
            tx,
            ctx,
            &before,
            &mut a,
            EventAction::ReturnMisrouted,
            Some(&reason),
            serde_json::json!({"fromDepartmentId": from_department}),
            (bd.or(from_department), bp.as_deref()),
        )?;
        Ok(Outcome::of(
            &a,
            format!("已退回诉求管理部门重新分流{}。", due_phrase(&a)),
        ))
    })
}
