//! Review by the department head (审核): return the plan for rework, or pass it — to feedback, or
//! for major/complex appeals on to management approval within the same review allowance.

use super::*;
use crate::model::{Ctx, EventAction, Status};
use crate::store::{Store, handling};

pub fn review(
    store: &mut Store,
    ctx: &Ctx<'_>,
    appeal_id: i64,
    approve: bool,
    opinion: &str,
) -> Result<Outcome> {
    store.write(|tx, cal| {
        let before = load(tx, ctx, appeal_id, Action::Review)?;
        if before.status == Status::Routed {
            return Err(CoreError::invalid_state(
                "承办部门尚未提交处理方案，暂不能审核。",
            ));
        }
        require_status(
            &before,
            &[Status::PlanSubmitted],
            "该诉求当前没有待审核的处理方案",
        )?;
        let opinion = if approve {
            crate::validate::optional("opinion", "审核意见", Some(opinion), 2000)?
                .unwrap_or_else(|| "同意".into())
        } else {
            text("opinion", "退回修改的意见", opinion, 2000)?
        };
        let allow = allowances(tx)?;
        let plan = handling::latest_plan(tx, before.id)?;
        let mut a = before.clone();
        let (status, plan_status, msg) = match (approve, before.major) {
            (false, _) => (Status::Routed, "returned", "处理方案已退回承办部门修改"),
            (true, true) => (
                Status::AwaitingApproval,
                "reviewed",
                "审核通过，该诉求为重大复杂事项，已报管理层审批",
            ),
            (true, false) => (
                Status::AwaitingFeedback,
                "approved",
                "审核通过，请向诉求人反馈处理结果",
            ),
        };
        if let Some(p) = &plan {
            handling::set_plan_review(tx, p.id, plan_status)?;
        }
        lifecycle::enter(&mut a, status, ctx.today(), &allow, cal);
        let action = if approve {
            EventAction::ReviewPass
        } else {
            EventAction::ReviewReturn
        };
        commit(
            tx,
            ctx,
            &before,
            &mut a,
            action,
            Some(&opinion),
            serde_json::json!({"planId": plan.map(|p| p.id)}),
            (None, None),
        )?;
        Ok(Outcome::of(&a, format!("{msg}{}。", due_phrase(&a))))
    })
}
