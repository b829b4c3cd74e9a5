//! Escalation (上报, §五(二)2): when supervision brought no improvement, the office reports the
//! appeal to management, whose instruction is then recorded.

use super::*;
use crate::model::{Ctx, EventAction};
use crate::store::{Store, oversight};

pub fn escalate(store: &mut Store, ctx: &Ctx<'_>, appeal_id: i64, reason: &str) -> Result<Outcome> {
    store.write(|tx, _cal| {
        let before = load(tx, ctx, appeal_id, Action::Escalate)?;
        if before.status.is_final() {
            return Err(CoreError::invalid_state("该诉求已办结，不能上报。"));
        }
        if before.supervision_count == 0 {
            return Err(CoreError::invalid_state(
                "请先发出督办通知；督办后仍无明显改进的，才可上报管理层。",
            ));
        }
        if oversight::open_escalation(tx, before.id)?.is_some() {
            return Err(CoreError::conflict("该诉求已上报管理层，正在等待批示。"));
        }
        let reason = text("reason", "上报理由", reason, 2000)?;
        let mut a = before.clone();
        let id =
            oversight::insert_escalation(tx, a.id, ctx.actor.user_id, &now_text(ctx), &reason)?;
        a.escalated = true;
        commit(
            tx,
            ctx,
            &before,
            &mut a,
            EventAction::Escalate,
            Some(&reason),
            serde_json::json!({"escalationId": id}),
            (None, None),
        )?;
        Ok(Outcome::of(&a, "已上报管理层协调处理。".into()))
    })
}
