//! The assessment screens' commands (考核, 决策参考, and the difficult issues of 统计分析): thin
//! calls into minyi-analysis and minyi-core, which check the permissions themselves; writes
//! announce themselves so open views refresh.

use super::changed;
use crate::ledger_export::ExportOutcome;
use crate::state::AppState;
use minyi_analysis::assessment::{Assessment, assessment_for};
use minyi_analysis::difficult::{DifficultIssues, difficult_for};
use minyi_analysis::period::Period;
use minyi_core::Result;
use minyi_core::model::RecommendationStatus;
use minyi_core::queries::assessment_records::{self as records, AssessmentTargets};
use minyi_core::store::recommendations::RecommendationRecord;
use minyi_core::store::rewards::RewardPenaltyRecord;
use minyi_core::usecases::advance_recommendation::advance_recommendation as advance;
use minyi_core::usecases::record_recommendation::{
    NewRecommendation, record_recommendation as record_rec,
};
use minyi_core::usecases::record_reward_penalty::{
    NewRewardPenalty, record_reward_penalty as record_rp,
};
use tauri::{AppHandle, State};

/// The assessment of a period, as of today.
#[tauri::command]
pub async fn assessment(state: State<'_, AppState>, period: Period) -> Result<Assessment> {
    state.read(|s, c| assessment_for(s, c.actor, period, c.today()))
}

/// The difficult issues of a period.
#[tauri::command]
pub async fn difficult_issues(
    state: State<'_, AppState>,
    period: Period,
) -> Result<DifficultIssues> {
    state.read(|s, c| difficult_for(s, c.actor, period, c.today()))
}

/// The departments and people the assessment forms may name.
#[tauri::command]
pub async fn assessment_targets(state: State<'_, AppState>) -> Result<AssessmentTargets> {
    state.read(|s, c| records::assessment_targets(s, c.actor))
}

#[tauri::command]
pub async fn recommendations(
    state: State<'_, AppState>,
    status: Option<RecommendationStatus>,
) -> Result<Vec<RecommendationRecord>> {
    state.read(|s, c| records::recommendations(s, c.actor, status))
}

#[tauri::command]
pub async fn record_recommendation(
    app: AppHandle,
    state: State<'_, AppState>,
    input: NewRecommendation,
) -> Result<RecommendationRecord> {
    changed(&app, state.write(|s, c| record_rec(s, c, &input)))
}

#[tauri::command]
pub async fn advance_recommendation(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
    to: RecommendationStatus,
) -> Result<RecommendationRecord> {
    changed(&app, state.write(|s, c| advance(s, c, id, to)))
}

#[tauri::command]
pub async fn rewards_penalties(
    state: State<'_, AppState>,
    period: Period,
) -> Result<Vec<RewardPenaltyRecord>> {
    state.read(|s, c| records::rewards_penalties(s, c.actor, period.from, period.to))
}

#[tauri::command]
pub async fn record_reward_penalty(
    app: AppHandle,
    state: State<'_, AppState>,
    input: NewRewardPenalty,
) -> Result<RewardPenaltyRecord> {
    changed(&app, state.write(|s, c| record_rp(s, c, &input)))
}

/// Exports the assessment of `period`; without `saveTo` into `exports/`, then opened.
#[tauri::command]
pub async fn export_assessment(
    app: AppHandle,
    period: Period,
    save_to: Option<String>,
) -> Result<ExportOutcome> {
    super::export::run_export(
        app,
        "考核排名",
        save_to,
        move |state, jobs, target, progress| {
            crate::assessment_export::run(state, jobs, period, target, progress)
        },
    )
    .await
}
