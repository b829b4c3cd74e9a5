//! The statistics of a period as they cross to the app and the CLI's `--json`: plain counts and
//! rates (fractions 0–1, `None` when nothing was there to measure), each list in display order
//! with its Chinese label, so a screen or a workbook needs no second lookup.

use crate::period::{Granularity, Period};
use chrono::NaiveDate;
use minyi_core::model::{Category, Channel, Stage};
pub use minyi_core::queries::visits::VisitFigures;
use serde::{Deserialize, Serialize};

/// What the statistics cover: a period of receipt and optional filters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct StatsQuery {
    pub period: Period,
    #[serde(default)]
    pub category: Option<Category>,
    #[serde(default)]
    pub channel: Option<Channel>,
    #[serde(default)]
    pub department_id: Option<i64>,
    /// Trend buckets; weeks up to a quarter, months beyond when not given.
    #[serde(default)]
    pub granularity: Option<Granularity>,
}

/// One line of a breakdown: a stable key (code, or department id), its label and its count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct CountRow {
    pub key: String,
    pub label: String,
    pub count: i64,
}

/// Timeliness and duration of one stage, over the runs of that stage by the period's appeals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct StageFigures {
    pub stage: Stage,
    pub label: String,
    /// Runs of the stage that have ended.
    pub finished: i64,
    /// Ended runs that ended on or before their due date.
    pub on_time: i64,
    /// Ended runs that ended after their due date.
    pub late: i64,
    /// Runs still going whose due date has passed (they are late already).
    pub running_late: i64,
    /// Runs still going within their due date (not yet measurable).
    pub running: i64,
    /// on time ÷ (on time + late + running late); `None` for the tracking stage, whose due date
    /// is the next check rather than a deadline to finish by.
    pub on_time_rate: Option<f64>,
    /// Working days of the ended runs (start day not counted; a run that ends the day it
    /// started took 0 working days).
    pub average_working_days: Option<f64>,
    pub median_working_days: Option<f64>,
    /// Supervision notices issued during runs of this stage.
    pub supervision_notices: i64,
}

/// The appellants' answers (the latest answer of each appeal).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct SatisfactionFigures {
    pub satisfied: i64,
    pub basically_satisfied: i64,
    pub dissatisfied: i64,
    pub unreachable: i64,
    /// (satisfied + basically satisfied) ÷ those reached; unreachable appellants are not counted.
    pub rate: Option<f64>,
}

/// One point of the trend and the same point of the comparison period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct TrendPoint {
    pub label: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub count: i64,
    /// The bucket at the same place in the comparison period (`None` when that period has fewer).
    pub previous_count: Option<i64>,
}

/// Everything the statistics screen shows for a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Statistics {
    pub query: StatsQuery,
    pub previous_period: Period,
    /// Appeals received in the period (merged duplicates included).
    pub total: i64,
    pub previous_total: i64,
    pub by_category: Vec<CountRow>,
    pub by_channel: Vec<CountRow>,
    /// By the department currently handling (or last handling) the appeal; "未分流" for none.
    pub by_department: Vec<CountRow>,
    pub by_status: Vec<CountRow>,
    pub stages: Vec<StageFigures>,
    pub satisfaction: SatisfactionFigures,
    /// The return visits (回访) of the period's appeals, beside the feedback satisfaction.
    pub return_visits: VisitFigures,
    /// Appeals handled again in a new round at least once.
    pub reopened: i64,
    /// reopened ÷ (appeals closed or reopened).
    pub reopen_rate: Option<f64>,
    pub supervision_notices: i64,
    pub supervised_appeals: i64,
    pub escalated_appeals: i64,
    pub major_appeals: i64,
    pub granularity: Granularity,
    pub trend: Vec<TrendPoint>,
    /// Set when a year of the period has no holiday data: working days then assume Monday–Friday.
    pub calendar_warning: Option<String>,
}
