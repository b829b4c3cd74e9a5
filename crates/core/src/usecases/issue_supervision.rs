//! Supervision notices (督办通知, §五(二)1): for an overdue or slow appeal the office issues a
//! numbered notice (DB-2026-0001) to the department with a new due date for the current stage.

use super::*;
use crate::model::{Ctx, EventAction, Status};
use crate::store::{Store, counters, handling, oversight};
use chrono::{Datelike, NaiveDate};

pub fn issue_supervision(
    store: &mut Store,
    ctx: &Ctx<'_>,
    appeal_id: i64,
    reason: &str,
    new_due: NaiveDate,
) -> Result<Outcome> {
    store.write(|tx, cal| {
        let before = load(tx, ctx, appeal_id, Action::IssueSupervision)?;
        require_status(
            &before,
            &[
                Status::Routed,
                Status::PlanSubmitted,
                Status::AwaitingApproval,
                Status::AwaitingFeedback,
                Status::FollowUp,
                Status::Talked,
                Status::Tracking,
            ],
            "只有已交办、尚未办结的诉求可以督办",
        )?;
        let reason = text("reason", "督办事由", reason, 2000)?;
        if new_due < ctx.today() {
            return Err(CoreError::field("newDueDate", "新的办理期限不能早于今天。"));
        }
        if !cal.is_working_day(new_due) {
            return Err(CoreError::field(
                "newDueDate",
                "新的办理期限是休息日，请选择一个工作日。",
            ));
        }
        let year = ctx.today().year();
        let seq = counters::next(tx, &format!("supervision:{year}"))?;
        let number = format!("DB-{year}-{seq:04}");
        let mut a = before.clone();
        oversight::insert_supervision(
            tx,
            &number,
            a.id,
            a.department_id,
            ctx.actor.user_id,
            &now_text(ctx),
            &reason,
            a.stage,
            a.due_date,
            new_due,
        )?;
        if a.status == Status::Tracking {
            // In tracking the due date is the next check; the ledger must show the same date.
            handling::set_next_check(tx, a.id, new_due)?;
        }
        a.supervision_count += 1;
        lifecycle::set_fixed_due(&mut a, new_due);
        commit(
            tx,
            ctx,
            &before,
            &mut a,
            EventAction::IssueSupervision,
            Some(&reason),
            serde_json::json!({"number": number}),
            (None, None),
        )?;
        Ok(Outcome::of(
            &a,
            format!(
                "已发出督办通知 {number}，新的办理期限 {}。",
                crate::time::fmt_date_zh(new_due)
            ),
        ))
    })
}
