//! Management's instruction (批示) on an escalated appeal.

use super::*;
use crate::model::{Ctx, EventAction};
use crate::store::{Store, oversight};

pub fn instruct(
    store: &mut Store,
    ctx: &Ctx<'_>,
    appeal_id: i64,
    instruction: &str,
) -> Result<Outcome> {
    store.write(|tx, _cal| {
        let before = load(tx, ctx, appeal_id, Action::Instruct)?;
        let Some(esc) = oversight::open_escalation(tx, before.id)? else {
            return Err(CoreError::invalid_state("该诉求没有待批示的上报事项。"));
        };
        let instruction = text("instruction", "批示内容", instruction, 5000)?;
        oversight::set_instruction(tx, esc, &instruction, ctx.actor.user_id, &now_text(ctx))?;
        let mut a = before.clone();
        commit(
            tx,
            ctx,
            &before,
            &mut a,
            EventAction::Instruct,
            Some(&instruction),
            serde_json::json!({"escalationId": esc}),
            (None, None),
        )?;
        Ok(Outcome::of(&a, "批示已记录。".into()))
    })
}
