//! Closing (办结): when tracking shows the measures carried out, or after a follow-up talk with an
//! explanation to the appellant.

use super::*;
use crate::model::{Ctx, EventAction, Status};
use crate::store::{Store, handling};

pub fn close(store: &mut Store, ctx: &Ctx<'_>, appeal_id: i64, summary: &str) -> Result<Outcome> {
    store.write(|tx, cal| {
        let before = load(tx, ctx, appeal_id, Action::Close)?;
        require_status(
            &before,
            &[Status::Tracking, Status::Talked],
            "只有跟踪落实中或已沟通的诉求可以办结",
        )?;
        let label = if before.status == Status::Talked {
            "办结说明"
        } else {
            "落实情况"
        };
        let summary = text("summary", label, summary, 5000)?;
        let allow = allowances(tx)?;
        let mut a = before.clone();
        if before.status == Status::Tracking {
            handling::resolve_tracking(tx, a.id, &now_text(ctx))?;
        }
        lifecycle::enter(&mut a, Status::Closed, ctx.today(), &allow, cal);
        a.closed_at = Some(ctx.now);
        commit(
            tx,
            ctx,
            &before,
            &mut a,
            EventAction::Close,
            Some(&summary),
            serde_json::Value::Null,
            (None, None),
        )?;
        Ok(Outcome::of(&a, "诉求已办结。".into()))
    })
}
