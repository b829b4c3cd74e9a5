//! Follow-up talk (沟通) with a dissatisfied appellant: the reason for dissatisfaction and what was
//! discussed are recorded; the office then re-handles (reopen) or closes with an explanation.

use super::*;
use crate::model::{Ctx, EventAction, Status};
use crate::store::Store;

pub fn follow_up(
    store: &mut Store,
    ctx: &Ctx<'_>,
    appeal_id: i64,
    reason: &str,
    talk: &str,
) -> Result<Outcome> {
    store.write(|tx, cal| {
        let before = load(tx, ctx, appeal_id, Action::FollowUp)?;
        require_status(
            &before,
            &[Status::FollowUp],
            "只有诉求人不满意的诉求需要登记沟通情况",
        )?;
        let reason = text("reason", "不满意的原因", reason, 2000)?;
        let talk = text("talk", "沟通情况", talk, 5000)?;
        let allow = allowances(tx)?;
        let mut a = before.clone();
        lifecycle::enter(&mut a, Status::Talked, ctx.today(), &allow, cal);
        commit(
            tx,
            ctx,
            &before,
            &mut a,
            EventAction::FollowUp,
            Some(&reason),
            serde_json::json!({"talk": talk}),
            (None, None),
        )?;
        Ok(Outcome::of(
            &a,
            format!(
                "沟通情况已登记，请决定重新办理或说明后办结{}。",
                due_phrase(&a)
            ),
        ))
    })
}
