//! Feedback to the appellant (反馈) through the channel they used, with their satisfaction.
//!
//! Satisfied with measures to carry out → tracking ledger; satisfied with nothing to carry out
//! (a direct answer, a rejection notice, an unadopted suggestion) → closed; dissatisfied → a
//! follow-up talk; unreachable → the attempt is recorded and the appeal keeps waiting.

use super::*;
use crate::model::{Ctx, EventAction, FeedbackMethod, Satisfaction, Status};
use crate::store::{Store, handling};
use serde::Deserialize;

#[derive(
    Debug, Clone, PartialEq, Deserialize, serde::Serialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct FeedbackInput {
    pub method: FeedbackMethod,
    pub content: String,
    pub satisfaction: Satisfaction,
    /// Who carries out the measures (tracking), when known.
    #[serde(default)]
    pub responsible: Option<String>,
}

pub fn record_feedback(
    store: &mut Store,
    ctx: &Ctx<'_>,
    appeal_id: i64,
    input: &FeedbackInput,
) -> Result<Outcome> {
    store.write(|tx, cal| {
        let before = load(tx, ctx, appeal_id, Action::RecordFeedback)?;
        require_status(
            &before,
            &[Status::AwaitingFeedback, Status::Rejected],
            "该诉求还没有可以反馈的处理结果（需先经审核或审批）",
        )?;
        let content = text("content", "反馈内容", &input.content, 5000)?;
        let responsible = crate::validate::optional("responsible", "落实责任人", input.responsible.as_deref(), 100)?;
        let allow = allowances(tx)?;
        let now = now_text(ctx);
        let mut a = before.clone();
        handling::insert_feedback(tx, a.id, a.round, input.method, &content, input.satisfaction, ctx.actor.user_id, &now)?;
        let plan = handling::latest_plan(tx, a.id)?;
        let measures = plan.as_ref().map(|p| p.content.measures()).unwrap_or_default();
        lifecycle::record_feedback(&mut a, input.satisfaction, !measures.trim().is_empty(), ctx.now, &allow, cal);
        let msg = match a.status {
            _ if a.status == before.status => "已记录未能联系上诉求人，请稍后再次反馈".to_string(),
            Status::FollowUp => format!("诉求人不满意，请与其沟通并登记沟通情况{}", due_phrase(&a)),
            Status::Closed => "反馈已登记，诉求已办结".to_string(),
            _ => {
                let next = a.due_date;
                handling::upsert_tracking(tx, a.id, &measures, a.department_id, responsible.as_deref(), next, &now)?;
                format!("反馈已登记，已列入跟踪台账，下次检查 {}", next.map(crate::time::fmt_date_zh).unwrap_or_default())
            }
        };
        commit(
            tx,
            ctx,
            &before,
            &mut a,
            EventAction::RecordFeedback,
            None,
            serde_json::json!({"method": input.method.code(), "satisfaction": input.satisfaction.code()}),
            (None, None),
        )?;
        Ok(Outcome::of(&a, format!("{msg}。")))
    })
}
