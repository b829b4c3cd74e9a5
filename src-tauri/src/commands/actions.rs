//! The lifecycle actions of the detail page: each a one-line call into its use case, which checks
//! the user's role, department and the appeal's state, and writes in one transaction.

use super::changed;
use crate::state::AppState;
use chrono::NaiveDate;
use minyi_core::Result;
use minyi_core::model::{Category, LinkKind, PlanContent};
use minyi_core::usecases::initial_review::InitialReviewInput;
use minyi_core::usecases::record_feedback::FeedbackInput;
use minyi_core::usecases::*;
use tauri::{AppHandle, State};

#[tauri::command]
pub async fn initial_review(
    app: AppHandle,
    state: State<'_, AppState>,
    appeal_id: i64,
    input: InitialReviewInput,
) -> Result<Outcome> {
    changed(
        &app,
        state.write(|s, c| initial_review::initial_review(s, c, appeal_id, &input)),
    )
}

#[tauri::command]
pub async fn answer_directly(
    app: AppHandle,
    state: State<'_, AppState>,
    appeal_id: i64,
    answer: String,
) -> Result<Outcome> {
    changed(
        &app,
        state.write(|s, c| answer_directly::answer_directly(s, c, appeal_id, &answer)),
    )
}

#[tauri::command]
pub async fn route_appeal(
    app: AppHandle,
    state: State<'_, AppState>,
    appeal_id: i64,
    department_id: i64,
    note: Option<String>,
) -> Result<Outcome> {
    changed(
        &app,
        state.write(|s, c| route::route(s, c, appeal_id, department_id, note.as_deref())),
    )
}

#[tauri::command]
pub async fn return_misrouted(
    app: AppHandle,
    state: State<'_, AppState>,
    appeal_id: i64,
    reason: String,
    on_behalf: Option<OnBehalf>,
) -> Result<Outcome> {
    changed(
        &app,
        state.write(|s, c| {
            return_misrouted::return_misrouted(
                s,
                c,
                appeal_id,
                &reason,
                &on_behalf.unwrap_or_default(),
            )
        }),
    )
}

#[tauri::command]
pub async fn submit_plan(
    app: AppHandle,
    state: State<'_, AppState>,
    appeal_id: i64,
    plan: PlanContent,
    on_behalf: Option<OnBehalf>,
) -> Result<Outcome> {
    changed(
        &app,
        state.write(|s, c| {
            submit_plan::submit_plan(s, c, appeal_id, &plan, &on_behalf.unwrap_or_default())
        }),
    )
}

#[tauri::command]
pub async fn review_plan(
    app: AppHandle,
    state: State<'_, AppState>,
    appeal_id: i64,
    approve: bool,
    opinion: String,
) -> Result<Outcome> {
    changed(
        &app,
        state.write(|s, c| review::review(s, c, appeal_id, approve, &opinion)),
    )
}

#[tauri::command]
pub async fn approve_plan(
    app: AppHandle,
    state: State<'_, AppState>,
    appeal_id: i64,
    approve: bool,
    opinion: String,
) -> Result<Outcome> {
    changed(
        &app,
        state.write(|s, c| approve::approve(s, c, appeal_id, approve, &opinion)),
    )
}

#[tauri::command]
pub async fn record_feedback(
    app: AppHandle,
    state: State<'_, AppState>,
    appeal_id: i64,
    input: FeedbackInput,
) -> Result<Outcome> {
    changed(
        &app,
        state.write(|s, c| record_feedback::record_feedback(s, c, appeal_id, &input)),
    )
}

#[tauri::command]
pub async fn follow_up(
    app: AppHandle,
    state: State<'_, AppState>,
    appeal_id: i64,
    reason: String,
    talk: String,
) -> Result<Outcome> {
    changed(
        &app,
        state.write(|s, c| follow_up::follow_up(s, c, appeal_id, &reason, &talk)),
    )
}

#[tauri::command]
pub async fn reopen_appeal(
    app: AppHandle,
    state: State<'_, AppState>,
    appeal_id: i64,
    department_id: Option<i64>,
    reason: String,
) -> Result<Outcome> {
    changed(
        &app,
        state.write(|s, c| reopen::reopen(s, c, appeal_id, department_id, &reason)),
    )
}

#[tauri::command]
pub async fn close_appeal(
    app: AppHandle,
    state: State<'_, AppState>,
    appeal_id: i64,
    summary: String,
) -> Result<Outcome> {
    changed(
        &app,
        state.write(|s, c| close::close(s, c, appeal_id, &summary)),
    )
}

#[tauri::command]
pub async fn add_progress(
    app: AppHandle,
    state: State<'_, AppState>,
    appeal_id: i64,
    content: String,
    next_check: Option<NaiveDate>,
    on_behalf: Option<OnBehalf>,
) -> Result<Outcome> {
    changed(
        &app,
        state.write(|s, c| {
            add_progress::add_progress(
                s,
                c,
                appeal_id,
                &content,
                next_check,
                &on_behalf.unwrap_or_default(),
            )
        }),
    )
}

#[tauri::command]
pub async fn issue_supervision(
    app: AppHandle,
    state: State<'_, AppState>,
    appeal_id: i64,
    reason: String,
    new_due: NaiveDate,
) -> Result<Outcome> {
    changed(
        &app,
        state.write(|s, c| issue_supervision::issue_supervision(s, c, appeal_id, &reason, new_due)),
    )
}

#[tauri::command]
pub async fn escalate(
    app: AppHandle,
    state: State<'_, AppState>,
    appeal_id: i64,
    reason: String,
) -> Result<Outcome> {
    changed(
        &app,
        state.write(|s, c| escalate::escalate(s, c, appeal_id, &reason)),
    )
}

#[tauri::command]
pub async fn instruct(
    app: AppHandle,
    state: State<'_, AppState>,
    appeal_id: i64,
    instruction: String,
) -> Result<Outcome> {
    changed(
        &app,
        state.write(|s, c| instruct::instruct(s, c, appeal_id, &instruction)),
    )
}

#[tauri::command]
pub async fn request_extension(
    app: AppHandle,
    state: State<'_, AppState>,
    appeal_id: i64,
    days: i64,
    reason: String,
) -> Result<Outcome> {
    changed(
        &app,
        state.write(|s, c| extend_deadline::request_extension(s, c, appeal_id, days, &reason)),
    )
}

#[tauri::command]
pub async fn decide_extension(
    app: AppHandle,
    state: State<'_, AppState>,
    appeal_id: i64,
    approve: bool,
    note: Option<String>,
) -> Result<Outcome> {
    changed(
        &app,
        state.write(|s, c| {
            extend_deadline::decide_extension(s, c, appeal_id, approve, note.as_deref())
        }),
    )
}

#[tauri::command]
pub async fn reclassify(
    app: AppHandle,
    state: State<'_, AppState>,
    appeal_id: i64,
    category: Category,
    reason: String,
) -> Result<Outcome> {
    changed(
        &app,
        state.write(|s, c| reclassify::reclassify(s, c, appeal_id, category, &reason)),
    )
}

#[tauri::command]
pub async fn link_appeals(
    app: AppHandle,
    state: State<'_, AppState>,
    appeal_id: i64,
    other_id: i64,
    kind: LinkKind,
) -> Result<Outcome> {
    changed(
        &app,
        state.write(|s, c| link::link(s, c, appeal_id, other_id, kind)),
    )
}

#[tauri::command]
pub async fn merge_appeals(
    app: AppHandle,
    state: State<'_, AppState>,
    appeal_id: i64,
    into_id: i64,
    reason: String,
) -> Result<Outcome> {
    changed(
        &app,
        state.write(|s, c| link::merge(s, c, appeal_id, into_id, &reason)),
    )
}
