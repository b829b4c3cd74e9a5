//! Progress reports (进展反馈) from the handling department (§五(一)2), while it handles the appeal
//! or while the tracking ledger follows its measures; a report may set the next check date.

use super::*;
use crate::model::{Ctx, EventAction, Status};
use crate::store::{Store, handling};
use chrono::NaiveDate;

pub fn add_progress(
    store: &mut Store,
    ctx: &Ctx<'_>,
    appeal_id: i64,
    content: &str,
    next_check: Option<NaiveDate>,
    on_behalf: &OnBehalf,
) -> Result<Outcome> {
    store.write(|tx, cal| {
        let before = load(tx, ctx, appeal_id, Action::AddProgress)?;
        require_status(
            &before,
            &[
                Status::Routed,
                Status::PlanSubmitted,
                Status::AwaitingApproval,
                Status::AwaitingFeedback,
                Status::Tracking,
            ],
            "该诉求当前不在办理或跟踪中，不能填报进展",
        )?;
        let content = text("content", "进展情况", content, 5000)?;
        let (bd, bp) = behalf(tx, ctx, &before, on_behalf)?;
        let mut a = before.clone();
        if let Some(d) = next_check {
            if before.status != Status::Tracking {
                return Err(CoreError::field(
                    "nextCheck",
                    "只有跟踪落实中的诉求可以设置下次检查日期。",
                ));
            }
            if d < ctx.today() {
                return Err(CoreError::field("nextCheck", "下次检查日期不能早于今天。"));
            }
            if !cal.is_working_day(d) {
                return Err(CoreError::field(
                    "nextCheck",
                    "下次检查日期是休息日，请选择一个工作日。",
                ));
            }
            handling::set_next_check(tx, a.id, d)?;
            lifecycle::set_fixed_due(&mut a, d);
        }
        let id = handling::insert_progress(
            tx,
            a.id,
            &now_text(ctx),
            &content,
            ctx.actor.user_id,
            bd,
            bp.as_deref(),
        )?;
        commit(
            tx,
            ctx,
            &before,
            &mut a,
            EventAction::AddProgress,
            None,
            serde_json::json!({"progressId": id}),
            (bd, bp.as_deref()),
        )?;
        Ok(Outcome::of(&a, "进展情况已登记。".into()))
    })
}
