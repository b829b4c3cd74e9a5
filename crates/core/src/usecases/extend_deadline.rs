//! Deadline extensions (延期): the department (or the office for it) asks for more working days
//! with a reason; the office or management approves or refuses. Only an approved request moves the
//! due date, and both steps are events.

use super::*;
use crate::model::{Ctx, EventAction};
use crate::store::{Store, oversight};

pub fn request_extension(
    store: &mut Store,
    ctx: &Ctx<'_>,
    appeal_id: i64,
    days: i64,
    reason: &str,
) -> Result<Outcome> {
    store.write(|tx, _cal| {
        let before = load(tx, ctx, appeal_id, Action::RequestExtension)?;
        let Some(stage) = before
            .stage
            .filter(|_| !before.status.is_final() && before.due_date.is_some())
        else {
            return Err(CoreError::invalid_state(
                "该诉求当前没有正在计算的办理期限，无需延期。",
            ));
        };
        if !(1..=30).contains(&days) {
            return Err(CoreError::field("days", "延期天数应为1到30个工作日。"));
        }
        let reason = text("reason", "延期理由", reason, 2000)?;
        if oversight::pending_extension(tx, before.id)?.is_some() {
            return Err(CoreError::conflict(
                "该诉求已有一条待审批的延期申请，请等待审批结果。",
            ));
        }
        let id = oversight::insert_extension(
            tx,
            before.id,
            stage,
            days,
            &reason,
            ctx.actor.user_id,
            &now_text(ctx),
        )?;
        let mut a = before.clone();
        commit(
            tx,
            ctx,
            &before,
            &mut a,
            EventAction::RequestExtension,
            Some(&reason),
            serde_json::json!({"extensionId": id, "days": days}),
            (None, None),
        )?;
        Ok(Outcome::of(
            &a,
            format!("已提交延期{days}个工作日的申请，等待审批。"),
        ))
    })
}

pub fn decide_extension(
    store: &mut Store,
    ctx: &Ctx<'_>,
    appeal_id: i64,
    approve: bool,
    note: Option<&str>,
) -> Result<Outcome> {
    store.write(|tx, cal| {
        let before = load(tx, ctx, appeal_id, Action::DecideExtension)?;
        let Some(req) = oversight::pending_extension(tx, before.id)? else {
            return Err(CoreError::invalid_state("该诉求没有待审批的延期申请。"));
        };
        let note = crate::validate::optional("note", "审批意见", note, 2000)?;
        let mut a = before.clone();
        // The request is for the stage as it ran when asked; if that stage ended and started again
        // since (returned plan, new round), the request no longer applies.
        let restarted = a.stage_started_on.is_some_and(|d| d > req.requested_at.date_naive());
        let still_same_stage = a.stage == Some(req.stage) && !a.status.is_final() && !restarted;
        let msg = if approve && still_same_stage {
            if let Some(due) = a.due_date {
                a.due_date = Some(cal.add_working_days(due, req.days).value);
                a.stage_days = a.stage_days.map(|d| d + req.days);
            }
            format!("已同意延期{}个工作日{}。", req.days, due_phrase(&a))
        } else if approve {
            return Err(CoreError::invalid_state(
                "申请延期的办理阶段已经结束或重新开始，该申请不再适用；请选择“不同意”关闭它，如仍需延期请重新申请。",
            ));
        } else {
            "已不同意延期，办理期限不变。".to_string()
        };
        oversight::decide_extension(
            tx,
            req.id,
            if approve { "approved" } else { "refused" },
            ctx.actor.user_id,
            &now_text(ctx),
            note.as_deref(),
        )?;
        let action = if approve {
            EventAction::ApproveExtension
        } else {
            EventAction::RefuseExtension
        };
        commit(
            tx,
            ctx,
            &before,
            &mut a,
            action,
            note.as_deref(),
            serde_json::json!({"extensionId": req.id, "days": req.days}),
            (None, None),
        )?;
        Ok(Outcome::of(&a, msg))
    })
}
