//! The use cases: one module per user action of the SPEC's lifecycle and administration.
//!
//! Every function follows the same shape: open one IMMEDIATE transaction, load the appeal, check the
//! acting user's role and department ([`crate::access::authorize`]), check the appeal's status
//! allows the move, validate the input, change the state with [`crate::lifecycle`], write the row
//! and append one event (who, when, from, to, why, payload) — all or nothing. Illegal moves return
//! `InvalidState` with a Chinese sentence that says what must happen first.

pub mod accounts;
pub mod add_assist;
pub mod add_attachment;
pub mod add_progress;
pub mod advance_recommendation;
pub mod answer_directly;
pub mod approve;
pub mod audit;
pub mod audit_text;
pub mod batch;
pub mod calendar_admin;
pub mod close;
pub mod escalate;
pub mod extend_deadline;
pub mod follow_up;
pub mod grants;
pub mod import;
pub mod initial_review;
pub mod instruct;
pub mod issue_supervision;
pub mod link;
pub mod office_acts;
pub mod open_import_report;
pub mod override_assists;
pub mod portal_accounts;
pub mod portal_attach;
pub mod portal_rate;
pub mod portal_submit;
pub mod publish_disclosure;
pub mod reclassify;
pub mod record_archive;
pub mod record_feedback;
pub mod record_recommendation;
pub mod record_reward_penalty;
pub mod record_visit;
pub mod register;
pub mod register_form;
pub mod reminders_read;
pub mod reopen;
pub mod return_misrouted;
pub mod review;
pub mod route;
pub mod route_cohandled;
pub mod settings_admin;
pub mod stock_texts;
pub mod submit_assist_opinion;
pub mod submit_plan;
pub mod window_lock;

use crate::access::{Action, authorize};
use crate::error::{CoreError, Result};
use crate::lifecycle::{self, Allowances};
use crate::model::{Appeal, Category, Ctx, EventAction, Status};
use crate::store::sql::Connection;
use crate::store::{Store, appeals, counters, events, registry, search, settings};
use crate::time::{fmt_date_zh, fmt_ts};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What a lifecycle action returns: the appeal's new state and a sentence for the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    pub appeal_id: i64,
    pub reg_number: String,
    pub archive_number: Option<String>,
    pub status: Status,
    pub due_date: Option<NaiveDate>,
    /// e.g. "已分流至 城管科，办理期限 2026年12月3日".
    pub message: String,
}

impl Outcome {
    pub(crate) fn of(a: &Appeal, message: String) -> Self {
        Self {
            appeal_id: a.id,
            reg_number: a.reg_number.clone(),
            archive_number: a.archive_number.clone(),
            status: a.status,
            due_date: a.due_date,
            message,
        }
    }
}

/// Who the appeals office typed an entry for (the single-workstation office).
#[derive(
    Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct OnBehalf {
    pub department_id: Option<i64>,
    pub person: Option<String>,
}

/// The stage allowances in `store`'s settings (for callers outside core, which hold a store).
pub fn stage_allowances(store: &Store) -> Result<Allowances> {
    allowances(store.conn())
}

/// Reads the stage allowances from settings.
pub(crate) fn allowances(conn: &Connection) -> Result<Allowances> {
    use crate::model::Stage::*;
    Ok(Allowances {
        initial_review: settings::stage_days(conn, InitialReview)?,
        routing: settings::stage_days(conn, Routing)?,
        plan: settings::stage_days(conn, Plan)?,
        review: settings::stage_days(conn, Review)?,
        feedback: settings::stage_days(conn, Feedback)?,
        tracking_check: settings::stage_days(conn, Tracking)?,
    })
}

/// Loads an appeal and checks the actor may take `action` on it.
pub(crate) fn load(conn: &Connection, ctx: &Ctx<'_>, id: i64, action: Action) -> Result<Appeal> {
    let a = appeals::get(conn, id)?;
    // Someone who may not even view the appeal learns nothing about it.
    if authorize(ctx.actor, Action::ViewAppeal, a.department_id).is_err() {
        return Err(CoreError::not_found(
            "找不到该诉求，或它不在您的办理范围内。",
        ));
    }
    authorize(ctx.actor, action, a.department_id)?;
    unchanged_since_seen(conn, ctx, a.id)?;
    Ok(a)
}

/// Refuses, naming who did what when, if the appeal changed since the user saw it (see
/// [`Ctx::seen`]); nothing is written then, since this runs before any change.
fn unchanged_since_seen(conn: &Connection, ctx: &Ctx<'_>, appeal_id: i64) -> Result<()> {
    let Some(seen) = ctx.seen.filter(|s| s.appeal_id == appeal_id) else {
        return Ok(());
    };
    let Some((id, actor_id, at, action)) = events::latest(conn, appeal_id)? else {
        return Ok(());
    };
    if id == seen.event_id {
        return Ok(());
    }
    let who = crate::store::users::get(conn, actor_id)
        .map(|u| u.display_name)
        .unwrap_or_else(|_| "其他工作人员".into());
    let when = crate::time::parse_ts(&at)
        .map(|t| t.format("%-m月%-d日 %H:%M").to_string())
        .unwrap_or_default();
    Err(CoreError::conflict(format!(
        "此诉求已由{who}于{when}{}，请刷新后再操作。",
        action.label()
    )))
}

/// Fails with `message` unless the appeal is in one of `allowed`.
pub(crate) fn require_status(a: &Appeal, allowed: &[Status], message: &str) -> Result<()> {
    if allowed.contains(&a.status) {
        Ok(())
    } else {
        Err(CoreError::invalid_state(format!(
            "{message}（当前状态：{}）",
            a.status.label()
        )))
    }
}

/// A required free-text reason or opinion.
pub(crate) fn text(field: &str, label: &str, s: &str, max: usize) -> Result<String> {
    crate::validate::required(field, label, s, max)
}

/// Validates an on-behalf entry: only meaningful when the office types for a department.
pub(crate) fn behalf(
    conn: &Connection,
    ctx: &Ctx<'_>,
    a: &Appeal,
    b: &OnBehalf,
) -> Result<(Option<i64>, Option<String>)> {
    let own_department = a.department_id == Some(ctx.actor.department_id);
    if own_department && b.department_id.is_none() {
        return Ok((None, None));
    }
    if !ctx.actor.has_role(crate::model::Role::AppealsOffice) {
        return Ok((None, None));
    }
    let dept = b.department_id.or(a.department_id);
    if let Some(d) = dept {
        crate::store::users::department(conn, d)?;
    }
    let person =
        crate::validate::optional("onBehalf.person", "承办人姓名", b.person.as_deref(), 50)?;
    Ok((dept, person))
}

/// Writes the new state and appends its event, in the caller's transaction.
#[allow(clippy::too_many_arguments)]
pub(crate) fn commit(
    conn: &Connection,
    ctx: &Ctx<'_>,
    before: &Appeal,
    after: &mut Appeal,
    action: EventAction,
    reason: Option<&str>,
    extra: Value,
    on_behalf: (Option<i64>, Option<&str>),
) -> Result<()> {
    after.updated_at = ctx.now;
    appeals::update_state(conn, after)?;
    events::append(
        conn,
        &events::NewEvent {
            appeal_id: after.id,
            at: ctx.now,
            actor_id: ctx.actor.user_id,
            action,
            from_status: Some(before.status),
            to_status: after.status,
            reason,
            payload: lifecycle::payload(Some(before), after, extra),
            on_behalf_department: on_behalf.0,
            on_behalf_person: on_behalf.1,
        },
    )?;
    if after.status == Status::Closed && before.status != Status::Closed {
        record_visit::enter_queue(conn, after, &now_text(ctx))?;
    }
    Ok(())
}

/// Issues the next archive number for `category` in the appeal's receipt year, supersedes the old
/// one, and re-indexes the numbers for search.
pub(crate) fn issue_archive_number(
    conn: &Connection,
    a: &mut Appeal,
    category: Category,
    now: &str,
) -> Result<String> {
    let year = a.received_at.year();
    let seq = counters::next(conn, &format!("archive:{}:{year}", category.archive_code()))?;
    let number = format!("{}-{year}-{seq:06}", category.archive_code());
    if let Some(old) = &a.archive_number {
        registry::supersede_archive_number(conn, old)?;
    }
    registry::insert_archive_number(conn, &number, a.id, category, year, seq, now)?;
    a.archive_number = Some(number.clone());
    a.category = category;
    a.category_confirmed = true;
    reindex(conn, a)?;
    Ok(number)
}

/// Refreshes an appeal's full-text entry (numbers include every archive number ever issued).
pub(crate) fn reindex(conn: &Connection, a: &Appeal) -> Result<()> {
    let appellant = appeals::get_appellant(conn, a.appellant_id)?;
    search::index(
        conn,
        a.id,
        &a.subject,
        &a.content,
        appellant.address.as_deref().unwrap_or(""),
        &search::numbers(conn, a.id, &a.reg_number)?,
    )
}

/// "办理期限 2026年12月3日" or empty.
pub(crate) fn due_phrase(a: &Appeal) -> String {
    a.due_date
        .map(|d| format!("，办理期限 {}", fmt_date_zh(d)))
        .unwrap_or_default()
}

pub(crate) fn now_text(ctx: &Ctx<'_>) -> String {
    fmt_ts(&ctx.now)
}
