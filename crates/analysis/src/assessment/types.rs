//! What an assessment looks like as it crosses to the app, the CLI's `--json` and the workbook:
//! the counts behind each row (so a reader can check a score by hand), the component scores on a
//! 0–100 scale (`None` where the row had nothing to measure), the weighted score and the rank.

use crate::period::Period;
use serde::{Deserialize, Serialize};

/// The counts behind one row.
#[derive(
    Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct AssessmentFigures {
    /// Initial reviews and routings that ended (or are overdue), and those on time.
    pub intake_measured: i64,
    pub intake_on_time: i64,
    /// Routings to a department, and those the department returned as mis-routed.
    pub routed: i64,
    pub returned: i64,
    /// Handling stage runs (plan, review, feedback) with a deadline that ended or are overdue,
    /// and those on time.
    pub handling_measured: i64,
    pub handling_on_time: i64,
    /// Assisting parts (协办) of co-handled appeals whose opinion came in or is overdue, and
    /// those in by their deadline; they count towards efficiency with the handling runs.
    pub assists_measured: i64,
    pub assists_on_time: i64,
    /// Working days of the handling stage runs that ended.
    pub average_working_days: Option<f64>,
    /// Appellants reached at feedback, and those satisfied or basically satisfied.
    pub reached: i64,
    pub satisfied: i64,
    /// Appeals closed or handled again, and those handled again.
    pub closed_or_reopened: i64,
    pub reopened: i64,
    /// Supervised stage runs whose new due date has come, and those finished by it.
    pub supervised: i64,
    pub followed_through: i64,
    /// Recommendations owned by the row and adopted in the period.
    pub recommendations_adopted: i64,
}

/// The component scores, 0–100, and the weighted score.
#[derive(
    Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct AssessmentScores {
    /// On-time share of initial reviews and routings.
    pub intake_timeliness: Option<f64>,
    /// 100 less the mis-routing rate.
    pub intake_accuracy: Option<f64>,
    /// On-time share of handling stage runs.
    pub efficiency: Option<f64>,
    /// The mean of the satisfaction rate and 100 less the reopen rate (what there is of them).
    pub quality: Option<f64>,
    /// Share of supervised runs finished by the new due date; 100 when a handler needed none.
    pub supervision: Option<f64>,
    /// Adopted recommendations against the most any row of the ranking had.
    pub recommendations: Option<f64>,
    /// Σ weight × score ÷ Σ weight over the components the row has.
    pub weighted: f64,
}

/// One department or person in the ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct AssessmentRow {
    /// 1 for the best; equal weighted scores (to one decimal) share a rank.
    pub rank: i64,
    /// The person's user id; `None` for a department, or for a person the appeals office typed
    /// work in for by name only.
    pub user_id: Option<i64>,
    pub department_id: Option<i64>,
    /// The department's or the person's name.
    pub name: String,
    /// The department (for a person, the one they belong to).
    pub department: String,
    pub figures: AssessmentFigures,
    pub scores: AssessmentScores,
}

/// One component's weight as set in 设置.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct AssessmentWeight {
    /// The setting's key (`assessment.weight.*`).
    pub key: String,
    pub label: String,
    pub weight: i64,
}

/// The assessment of a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Assessment {
    pub period: Period,
    pub weights: Vec<AssessmentWeight>,
    pub departments: Vec<AssessmentRow>,
    pub people: Vec<AssessmentRow>,
    /// Set when a year of the period has no holiday data.
    pub calendar_warning: Option<String>,
}
