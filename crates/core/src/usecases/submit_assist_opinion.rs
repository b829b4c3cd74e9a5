//! An assisting department's opinion (协办意见) on its part of a co-handled appeal (会办), given
//! by that department's staff — or typed by the appeals office for it (the single-workstation
//! office; the event records both). The lead department's plan waits for these opinions.
//!
//! The assisting department is not the appeal's department, so the ordinary loader (which scopes
//! by the lead department) is not used: the appeal must be visible to the user as the lead's or an
//! assisting department's ([`crate::access::authorize_cohandled`]), and the opinion is authorised
//! against the assisting department itself.

use super::*;
use crate::access::authorize_cohandled;
use crate::model::{Ctx, EventAction};
use crate::store::{Store, appeals, assists, assists::AssistStatus};

/// Records the opinion of `department_id` (the user's own department when `None`).
pub fn submit_assist_opinion(
    store: &mut Store,
    ctx: &Ctx<'_>,
    appeal_id: i64,
    department_id: Option<i64>,
    opinion: &str,
    on_behalf_person: Option<&str>,
) -> Result<Outcome> {
    store.write(|tx, _cal| {
        let before = appeals::get(tx, appeal_id)?;
        let assisting = assists::assisting_departments(tx, before.id)?;
        if authorize_cohandled(
            ctx.actor,
            Action::ViewAppeal,
            before.department_id,
            &assisting,
        )
        .is_err()
        {
            return Err(CoreError::not_found(
                "找不到该诉求，或它不在您的办理范围内。",
            ));
        }
        let dept = department_id.unwrap_or(ctx.actor.department_id);
        let Some(assist) = assists::find(tx, before.id, before.round, dept)? else {
            return Err(CoreError::invalid_state(
                "该部门不是这件诉求本轮办理的协办部门，无需提交协办意见。",
            ));
        };
        authorize(ctx.actor, Action::SubmitAssistOpinion, Some(dept)).map_err(|_| {
            CoreError::forbidden(format!(
                "协办意见应由{}的工作人员提交，您不能代为提交。如需代填，请联系诉求管理员。",
                assist.department_name
            ))
        })?;
        unchanged_since_seen(tx, ctx, before.id)?;
        if before.status.is_final() {
            return Err(CoreError::invalid_state(format!(
                "该诉求已{}，不再需要协办意见。",
                before.status.label()
            )));
        }
        if assist.status == AssistStatus::Submitted {
            return Err(CoreError::invalid_state(format!(
                "{}的协办意见已经提交，不能重复提交。",
                assist.department_name
            )));
        }
        let opinion = text("opinion", "协办意见", opinion, 5000)?;
        // The office typing for the department names the person it typed for (optional).
        let typed_for = ctx.actor.department_id != dept;
        let person = if typed_for {
            crate::validate::optional("onBehalf.person", "协办人姓名", on_behalf_person, 50)?
        } else {
            None
        };
        assists::set_opinion(
            tx,
            assist.id,
            &opinion,
            ctx.actor.user_id,
            &now_text(ctx),
            person.as_deref(),
        )?;
        let mut a = before.clone();
        commit(
            tx,
            ctx,
            &before,
            &mut a,
            EventAction::SubmitAssistOpinion,
            None,
            serde_json::json!({
                "assistId": assist.id,
                "departmentId": dept,
                "departmentName": assist.department_name,
                "late": ctx.today() > assist.due_date,
            }),
            if typed_for {
                (Some(dept), person.as_deref())
            } else {
                (None, None)
            },
        )?;
        Ok(Outcome::of(
            &a,
            format!("{}的协办意见已提交。", assist.department_name),
        ))
    })
}
