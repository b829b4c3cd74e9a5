//! Routing for co-handling (会办): the lead department (主办) gets the appeal as in
//! [`super::route`], and each assisting department (协办) its part and deadline as in
//! [`super::add_assist`] — all in one transaction, so a bad assisting line leaves the appeal
//! unrouted and the form as the user typed it. The routing and each assist append their own event.

use super::add_assist::{AssistInput, add_in};
use super::*;
use crate::model::Ctx;
use crate::store::{Store, appeals};

/// Routes to `department_id` with the assisting departments `assists` (none is a plain routing).
pub fn route_cohandled(
    store: &mut Store,
    ctx: &Ctx<'_>,
    appeal_id: i64,
    department_id: i64,
    note: Option<&str>,
    assists: &[AssistInput],
) -> Result<Outcome> {
    store.write(|tx, cal| {
        if !assists.is_empty() {
            // Refuse before routing, so a clerk without the right learns it at once.
            let a = appeals::get(tx, appeal_id)?;
            authorize(ctx.actor, Action::AddAssist, a.department_id)?;
        }
        let routed = super::route::route_in(tx, cal, ctx, appeal_id, department_id, note)?;
        if assists.is_empty() {
            return Ok(routed);
        }
        let mut names = Vec::new();
        for (i, input) in assists.iter().enumerate() {
            let a = appeals::get(tx, appeal_id)?;
            names.push(add_in(tx, cal, ctx, &a, input, &format!("assists.{i}."))?);
        }
        Ok(Outcome {
            message: format!("{}；协办部门：{}", routed.message, names.join("、")),
            ..routed
        })
    })
}
