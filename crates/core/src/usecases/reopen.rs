//! Re-handling (重新办理): after a follow-up talk, or when a closed appeal comes back, the appeal
//! starts a new round with a department (the same one unless another is named).
//!
//! **Its return visit.** A closed appeal may be waiting in the return-visit queue (回访). Asking the
//! appellant how satisfied they are with a result that is being redone makes no sense, and the
//! visit must not stay open for ever either: one visit per appeal, so the open visit moves to the
//! new round (its calls kept), leaves the list while the appeal is handled, and is queued again
//! when the appeal is closed again (the sample is stable per appeal, see
//! [`super::record_visit::sampled`]). A finished visit stays with the round it judged.

use super::*;
use crate::model::{Ctx, EventAction, Status};
use crate::store::{Store, users, visits};

pub fn reopen(
    store: &mut Store,
    ctx: &Ctx<'_>,
    appeal_id: i64,
    department_id: Option<i64>,
    reason: &str,
) -> Result<Outcome> {
    store.write(|tx, cal| {
        let before = load(tx, ctx, appeal_id, Action::Reopen)?;
        require_status(
            &before,
            &[Status::Talked, Status::Closed],
            "只有沟通后或已办结的诉求可以重新办理",
        )?;
        if !before.category_confirmed {
            // Only a rejected (不予受理) appeal is closed without a confirmed category; handling
            // it now would skip initial review and leave it without an archive number.
            return Err(CoreError::invalid_state(
                "该诉求已决定不予受理，不能重新办理。如诉求人再次提出，请重新登记并与本诉求关联。",
            ));
        }
        let reason = text("reason", "重新办理的理由", reason, 2000)?;
        let dept_id = department_id
            .or(before.department_id)
            .ok_or_else(|| CoreError::field("departmentId", "请选择重新办理的承办部门。"))?;
        let dept = users::department(tx, dept_id)?;
        let allow = allowances(tx)?;
        let mut a = before.clone();
        a.round += 1;
        a.department_id = Some(dept_id);
        a.satisfaction = None;
        a.closed_at = None;
        lifecycle::enter(&mut a, Status::Routed, ctx.today(), &allow, cal);
        visits::hold_for_round(tx, a.id, a.round)?;
        commit(
            tx,
            ctx,
            &before,
            &mut a,
            EventAction::Reopen,
            Some(&reason),
            serde_json::json!({"departmentName": dept.name}),
            (None, None),
        )?;
        Ok(Outcome::of(
            &a,
            format!(
                "已转 {} 重新办理（第{}轮）{}。",
                dept.name,
                a.round,
                due_phrase(&a)
            ),
        ))
    })
}
