//! Management approval (审批) of major/complex appeals after the department head's review.

use super::*;
use crate::model::{Ctx, EventAction, Status};
use crate::store::{Store, handling};

pub fn approve(
    store: &mut Store,
    ctx: &Ctx<'_>,
    appeal_id: i64,
    approve: bool,
    opinion: &str,
) -> Result<Outcome> {
    store.write(|tx, cal| {
        let before = load(tx, ctx, appeal_id, Action::Approve)?;
        require_status(
            &before,
            &[Status::AwaitingApproval],
            "该诉求当前不需要管理层审批",
        )?;
        let opinion = if approve {
            crate::validate::optional("opinion", "审批意见", Some(opinion), 2000)?
                .unwrap_or_else(|| "同意".into())
        } else {
            text("opinion", "不同意的理由和要求", opinion, 2000)?
        };
        let allow = allowances(tx)?;
        let plan = handling::latest_plan(tx, before.id)?;
        let mut a = before.clone();
        let (status, plan_status, msg) = if approve {
            (
                Status::AwaitingFeedback,
                "approved",
                "审批同意，请向诉求人反馈处理结果",
            )
        } else {
            (
                Status::Routed,
                "returned",
                "审批未同意，已退回承办部门重新制定方案",
            )
        };
        if let Some(p) = &plan {
            handling::set_plan_review(tx, p.id, plan_status)?;
        }
        lifecycle::enter(&mut a, status, ctx.today(), &allow, cal);
        let action = if approve {
            EventAction::Approve
        } else {
            EventAction::ApprovalReturn
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
