//! Asking an assisting department (协办) to help with a co-handled appeal (会办): the lead
//! department (主办) is the one the appeal is routed to; each assisting department gets its own
//! part (what it is asked to do) and its own deadline, and answers with its own opinion
//! ([`super::submit_assist_opinion`]). The lead's plan waits for those opinions
//! ([`super::override_assists`] lets the appeals office waive them, with a reason).
//!
//! The office asks while routing ([`super::route_cohandled`]) or later while the lead handles the
//! appeal (status 已分流, before the plan); each assisting department appends its own event.

use super::*;
use crate::calendar::WorkCalendar;
use crate::model::{Ctx, EventAction, Status};
use crate::store::{Store, assists, users};

/// One assisting department as the office asks for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct AssistInput {
    pub department_id: i64,
    /// What the department is asked to do (协办事项).
    pub part: String,
    /// The working day by which its opinion is due.
    pub due_date: NaiveDate,
}

/// Adds one assisting department to an appeal the lead department is handling.
pub fn add_assist(
    store: &mut Store,
    ctx: &Ctx<'_>,
    appeal_id: i64,
    input: &AssistInput,
) -> Result<Outcome> {
    store.write(|tx, cal| {
        let before = load(tx, ctx, appeal_id, Action::AddAssist)?;
        if matches!(before.status, Status::Registered | Status::Accepted) {
            return Err(CoreError::invalid_state(
                "该诉求尚未分流，请在分流时一并选择协办部门。",
            ));
        }
        require_status(
            &before,
            &[Status::Routed],
            "只有承办部门正在制定处理方案的诉求可以增加协办部门",
        )?;
        let name = add_in(tx, cal, ctx, &before, input, "")?;
        Ok(Outcome::of(
            &before,
            format!(
                "已请 {name} 协办，协办意见期限 {}。",
                fmt_date_zh(input.due_date)
            ),
        ))
    })
}

/// Validates and records one assist of `a` (already routed, in the caller's transaction) and
/// appends its event; returns the department's name. `field` prefixes the form fields named in
/// errors (`assists.0.` when routing with several).
pub(crate) fn add_in(
    tx: &Connection,
    cal: &WorkCalendar,
    ctx: &Ctx<'_>,
    a: &Appeal,
    input: &AssistInput,
    field: &str,
) -> Result<String> {
    authorize(ctx.actor, Action::AddAssist, a.department_id)?;
    let f = |name: &str| format!("{field}{name}");
    let dept = users::department(tx, input.department_id)?;
    if !dept.active {
        return Err(CoreError::field(
            &f("departmentId"),
            format!("{}已停用，请选择其他协办部门。", dept.name),
        ));
    }
    if a.department_id == Some(input.department_id) {
        return Err(CoreError::field(
            &f("departmentId"),
            format!("{}是该诉求的主办部门，不能同时作为协办部门。", dept.name),
        ));
    }
    if assists::find(tx, a.id, a.round, input.department_id)?.is_some() {
        return Err(CoreError::field(
            &f("departmentId"),
            format!("{}已是该诉求的协办部门，无需重复添加。", dept.name),
        ));
    }
    let part = text(&f("part"), "协办事项", &input.part, 1000)?;
    if input.due_date < ctx.today() {
        return Err(CoreError::field(
            &f("dueDate"),
            "协办期限不能早于今天，请重新选择。",
        ));
    }
    if !cal.is_working_day(input.due_date) {
        return Err(CoreError::field(
            &f("dueDate"),
            "协办期限是休息日，请选择一个工作日。",
        ));
    }
    let id = assists::insert(
        tx,
        a.id,
        a.round,
        input.department_id,
        &part,
        input.due_date,
        ctx.actor.user_id,
        &now_text(ctx),
    )?;
    let mut after = a.clone();
    commit(
        tx,
        ctx,
        a,
        &mut after,
        EventAction::AddAssist,
        None,
        serde_json::json!({
            "assistId": id,
            "departmentId": input.department_id,
            "departmentName": dept.name,
            "part": part,
            "dueDate": crate::time::fmt_date(input.due_date),
        }),
        (None, None),
    )?;
    Ok(dept.name)
}
