//! Direct answer (直接答复): a simple consultation answered at once by the intake staff (§四(一)1).
//! Confirms the category as consultation (issuing its ZX number if needed) and moves straight to
//! feedback.

use super::*;
use crate::model::{Category, Ctx, EventAction, PlanContent, Status};
use crate::store::{Store, handling};

pub fn answer_directly(
    store: &mut Store,
    ctx: &Ctx<'_>,
    appeal_id: i64,
    answer: &str,
) -> Result<Outcome> {
    store.write(|tx, cal| {
        let before = load(tx, ctx, appeal_id, Action::AnswerDirectly)?;
        require_status(
            &before,
            &[Status::Registered, Status::Accepted],
            "只有尚未分流的诉求才能直接答复",
        )?;
        let confirmed_other =
            before.category_confirmed && before.category != Category::Consultation;
        if confirmed_other
            || (!before.category_confirmed && before.category != Category::Consultation)
        {
            return Err(CoreError::invalid_state(
                "只有咨询类诉求可以直接答复；其他类别请分流至承办部门，或先将分类改为咨询。",
            ));
        }
        let answer = text("answer", "答复内容", answer, 5000)?;
        let allow = allowances(tx)?;
        let now = now_text(ctx);
        let mut a = before.clone();
        if !a.category_confirmed {
            issue_archive_number(tx, &mut a, Category::Consultation, &now)?;
        }
        let plan = PlanContent::Answer {
            answer: answer.clone(),
        };
        let plan_id = handling::insert_plan(
            tx,
            a.id,
            a.round,
            &plan,
            ctx.actor.user_id,
            &now,
            None,
            None,
        )?;
        handling::set_plan_review(tx, plan_id, "approved")?;
        lifecycle::enter(&mut a, Status::AwaitingFeedback, ctx.today(), &allow, cal);
        commit(
            tx,
            ctx,
            &before,
            &mut a,
            EventAction::AnswerDirectly,
            None,
            serde_json::json!({"planId": plan_id}),
            (None, None),
        )?;
        Ok(Outcome::of(
            &a,
            format!("已直接答复，请登记反馈结果{}。", due_phrase(&a)),
        ))
    })
}
