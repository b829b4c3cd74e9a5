//! Links between appeals (duplicate / repeat / related) and merging: a merged appeal stops its own
//! lifecycle, points at the one it was merged into, and stays readable with its full history.

use super::*;
use crate::model::{Ctx, EventAction, LinkKind, Status};
use crate::store::{Store, handling, registry};

pub fn link(
    store: &mut Store,
    ctx: &Ctx<'_>,
    appeal_id: i64,
    other_id: i64,
    kind: LinkKind,
) -> Result<Outcome> {
    store.write(|tx, _cal| {
        let before = load(tx, ctx, appeal_id, Action::Link)?;
        let other = load(tx, ctx, other_id, Action::Link)?;
        if before.id == other.id {
            return Err(CoreError::field("otherId", "不能把诉求与它自己关联。"));
        }
        if !registry::insert_link(
            tx,
            before.id,
            other.id,
            kind,
            ctx.actor.user_id,
            &now_text(ctx),
        )? {
            return Err(CoreError::conflict("这两条诉求已经关联过了。"));
        }
        let mut a = before.clone();
        commit(
            tx,
            ctx,
            &before,
            &mut a,
            EventAction::Link,
            None,
            serde_json::json!({"otherId": other.id, "kind": kind.code()}),
            (None, None),
        )?;
        Ok(Outcome::of(
            &a,
            format!("已与 {} 关联为{}。", other.reg_number, kind.label()),
        ))
    })
}

pub fn merge(
    store: &mut Store,
    ctx: &Ctx<'_>,
    appeal_id: i64,
    into_id: i64,
    reason: &str,
) -> Result<Outcome> {
    store.write(|tx, cal| {
        let before = load(tx, ctx, appeal_id, Action::Link)?;
        let target = load(tx, ctx, into_id, Action::Link)?;
        if before.id == target.id {
            return Err(CoreError::field("intoId", "不能把诉求合并到它自己。"));
        }
        if before.status.is_final() {
            return Err(CoreError::invalid_state(
                "该诉求已办结或已合并，不能再合并。",
            ));
        }
        if target.status == Status::Merged {
            return Err(CoreError::invalid_state(
                "目标诉求本身已被合并，请合并到它所并入的诉求。",
            ));
        }
        let reason = text("reason", "合并理由", reason, 2000)?;
        let allow = allowances(tx)?;
        registry::insert_link(
            tx,
            before.id,
            target.id,
            crate::model::LinkKind::Duplicate,
            ctx.actor.user_id,
            &now_text(ctx),
        )?;
        if before.status == Status::Tracking {
            // The measures are followed under the appeal it joins; close this ledger line.
            handling::resolve_tracking(tx, before.id, &now_text(ctx))?;
        }
        let mut a = before.clone();
        a.merged_into = Some(target.id);
        lifecycle::enter(&mut a, Status::Merged, ctx.today(), &allow, cal);
        commit(
            tx,
            ctx,
            &before,
            &mut a,
            EventAction::Merge,
            Some(&reason),
            serde_json::json!({"intoId": target.id}),
            (None, None),
        )?;
        Ok(Outcome::of(&a, format!("已合并到 {}。", target.reg_number)))
    })
}
