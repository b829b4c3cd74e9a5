//! The rule that the lead department's plan waits for every assisting opinion of its round
//! (会办), and the appeals office's way past it: it may let the lead submit without the opinions
//! still missing, giving a reason, which the event records. The departments concerned may still
//! send their opinion afterwards; assessment counts a missing one as late once its deadline passed.

use super::*;
use crate::model::{Ctx, EventAction, Status};
use crate::store::{Store, assists, assists::AssistStatus};

/// Fails, naming the assisting departments whose opinion is missing, if the plan of `a`'s round
/// must still wait for them.
pub(crate) fn require_assist_opinions(conn: &Connection, a: &Appeal) -> Result<()> {
    let missing: Vec<String> = assists::for_round(conn, a.id, a.round)?
        .into_iter()
        .filter(|s| s.status == AssistStatus::Pending)
        .map(|s| s.department_name)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(CoreError::invalid_state(format!(
        "协办部门（{}）的协办意见尚未提交，处理方案暂不能提交。请等待协办意见，或请诉求管理员说明理由后准许先提交方案。",
        missing.join("、")
    )))
}

/// Lets the lead submit its plan without the missing assisting opinions of the current round.
pub fn override_assists(
    store: &mut Store,
    ctx: &Ctx<'_>,
    appeal_id: i64,
    reason: &str,
) -> Result<Outcome> {
    store.write(|tx, _cal| {
        let before = load(tx, ctx, appeal_id, Action::OverrideAssists)?;
        require_status(
            &before,
            &[Status::Routed],
            "只有承办部门正在制定处理方案时才需要准许不等协办意见",
        )?;
        let missing: Vec<_> = assists::for_round(tx, before.id, before.round)?
            .into_iter()
            .filter(|s| s.status == AssistStatus::Pending)
            .collect();
        if missing.is_empty() {
            return Err(CoreError::invalid_state(
                "该诉求没有待提交的协办意见，承办部门可以直接提交处理方案。",
            ));
        }
        let reason = text("reason", "不等协办意见的理由", reason, 2000)?;
        assists::waive_pending(tx, before.id, before.round, &now_text(ctx))?;
        let names: Vec<&str> = missing.iter().map(|s| s.department_name.as_str()).collect();
        let mut a = before.clone();
        commit(
            tx,
            ctx,
            &before,
            &mut a,
            EventAction::OverrideAssists,
            Some(&reason),
            serde_json::json!({
                "assistIds": missing.iter().map(|s| s.id).collect::<Vec<_>>(),
                "departmentNames": names,
            }),
            (None, None),
        )?;
        Ok(Outcome::of(
            &a,
            format!(
                "已准许承办部门不等{}的协办意见提交处理方案。",
                names.join("、")
            ),
        ))
    })
}
