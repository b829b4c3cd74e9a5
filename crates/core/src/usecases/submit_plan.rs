//! Submitting the handling plan (处理方案) with the category's content (§四(一)2): complaint —
//! facts, responsible party, measures; suggestion — feasibility, value, adopted or not, plan;
//! help — resources coordinated; consultation/other — the answer. Then it waits for review.

use super::*;
use crate::model::{Ctx, EventAction, PlanContent, Status};
use crate::store::{Store, handling};

fn check_plan(p: &PlanContent) -> Result<()> {
    let need = |field: &str, label: &str, v: &str| text(field, label, v, 10000).map(|_| ());
    match p {
        PlanContent::Complaint {
            facts_found,
            responsible_party,
            measures,
        } => {
            need("plan.factsFound", "调查核实的事实", facts_found)?;
            need("plan.responsibleParty", "责任主体", responsible_party)?;
            need("plan.measures", "处理措施", measures)
        }
        PlanContent::Suggestion {
            feasibility,
            value,
            adopted,
            implementation_plan,
        } => {
            need("plan.feasibility", "可行性评估", feasibility)?;
            need("plan.value", "价值评估", value)?;
            if *adopted {
                need(
                    "plan.implementationPlan",
                    "采纳后的实施计划",
                    implementation_plan,
                )?;
            }
            Ok(())
        }
        PlanContent::Help {
            resources_coordinated,
            ..
        } => need(
            "plan.resourcesCoordinated",
            "协调的资源和帮助",
            resources_coordinated,
        ),
        PlanContent::Answer { answer } => need("plan.answer", "答复内容", answer),
    }
}

pub fn submit_plan(
    store: &mut Store,
    ctx: &Ctx<'_>,
    appeal_id: i64,
    plan: &PlanContent,
    on_behalf: &OnBehalf,
) -> Result<Outcome> {
    store.write(|tx, cal| {
        let before = load(tx, ctx, appeal_id, Action::SubmitPlan)?;
        if matches!(before.status, Status::Registered | Status::Accepted) {
            return Err(CoreError::invalid_state(
                "该诉求尚未分流，不能提交处理方案。",
            ));
        }
        require_status(&before, &[Status::Routed], "该诉求当前不能提交处理方案")?;
        super::override_assists::require_assist_opinions(tx, &before)?;
        if !plan.fits(before.category) {
            return Err(CoreError::field(
                "plan",
                format!(
                    "处理方案的类型与诉求分类（{}）不符，请按该分类填写方案。",
                    before.category.label()
                ),
            ));
        }
        check_plan(plan)?;
        let (bd, bp) = behalf(tx, ctx, &before, on_behalf)?;
        let allow = allowances(tx)?;
        let mut a = before.clone();
        let plan_id = handling::insert_plan(
            tx,
            a.id,
            a.round,
            plan,
            ctx.actor.user_id,
            &now_text(ctx),
            bd,
            bp.as_deref(),
        )?;
        lifecycle::enter(&mut a, Status::PlanSubmitted, ctx.today(), &allow, cal);
        commit(
            tx,
            ctx,
            &before,
            &mut a,
            EventAction::SubmitPlan,
            None,
            serde_json::json!({"planId": plan_id}),
            (bd, bp.as_deref()),
        )?;
        Ok(Outcome::of(
            &a,
            format!("处理方案已提交，等待部门负责人审核{}。", due_phrase(&a)),
        ))
    })
}
