//! Routing (分流): hand an accepted appeal to the department that will handle it; the plan
//! deadline starts.

use super::*;
use crate::calendar::WorkCalendar;
use crate::model::{Ctx, EventAction, Status};
use crate::store::{Store, users};

pub fn route(
    store: &mut Store,
    ctx: &Ctx<'_>,
    appeal_id: i64,
    department_id: i64,
    note: Option<&str>,
) -> Result<Outcome> {
    store.write(|tx, cal| route_in(tx, cal, ctx, appeal_id, department_id, note))
}

/// The routing itself, in the caller's transaction (routing with assisting departments adds them
/// in the same one).
pub(crate) fn route_in(
    tx: &Connection,
    cal: &WorkCalendar,
    ctx: &Ctx<'_>,
    appeal_id: i64,
    department_id: i64,
    note: Option<&str>,
) -> Result<Outcome> {
    {
        let before = load(tx, ctx, appeal_id, Action::Route)?;
        if before.status == Status::Registered {
            return Err(CoreError::invalid_state(
                "该诉求尚未初审，请先完成初审（确认分类）再分流。",
            ));
        }
        require_status(
            &before,
            &[Status::Accepted, Status::Talked],
            "该诉求当前不能分流",
        )?;
        let dept = users::department(tx, department_id)?;
        if !dept.active {
            return Err(CoreError::field(
                "departmentId",
                "该部门已停用，请选择其他承办部门。",
            ));
        }
        let note = crate::validate::optional("note", "交办意见", note, 2000)?;
        let allow = allowances(tx)?;
        let mut a = before.clone();
        a.department_id = Some(department_id);
        if before.status == Status::Talked {
            a.round += 1;
        }
        lifecycle::enter(&mut a, Status::Routed, ctx.today(), &allow, cal);
        commit(
            tx,
            ctx,
            &before,
            &mut a,
            EventAction::Route,
            note.as_deref(),
            serde_json::json!({"departmentName": dept.name}),
            (None, None),
        )?;
        Ok(Outcome::of(
            &a,
            format!("已分流至 {}{}", dept.name, due_phrase(&a)),
        ))
    }
}
