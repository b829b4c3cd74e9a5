//! Handling records: plans, feedback, the tracking ledger and progress reports.

use crate::error::Result;
use crate::model::{FeedbackMethod, PlanContent, Satisfaction};
use crate::store::sql;
use crate::store::sql::{Connection, OptionalExtension, params};
use crate::time::{fmt_date, parse_date, parse_ts};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// A submitted plan with its review state (`pending`, `returned`, `approved`, `rejected`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct PlanRecord {
    pub id: i64,
    pub round: i64,
    pub content: PlanContent,
    pub submitted_by: i64,
    pub submitted_at: DateTime<FixedOffset>,
    pub on_behalf_department: Option<i64>,
    pub on_behalf_person: Option<String>,
    pub review_status: String,
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_plan(
    conn: &Connection,
    appeal_id: i64,
    round: i64,
    content: &PlanContent,
    by: i64,
    at: &str,
    behalf_dept: Option<i64>,
    behalf_person: Option<&str>,
) -> Result<i64> {
    Ok(conn.prepare_cached(
        "INSERT INTO plans(appeal_id, round, content, submitted_by, submitted_at, on_behalf_department, on_behalf_person)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
    )?
    .query_row(params![appeal_id, round, serde_json::to_string(content)?, by, at, behalf_dept, behalf_person], |r| r.get(0))?)
}

pub(crate) fn set_plan_review(conn: &Connection, plan_id: i64, status: &str) -> Result<()> {
    conn.prepare_cached("UPDATE plans SET review_status = ?2 WHERE id = ?1")?
        .execute(params![plan_id, status])?;
    Ok(())
}

fn plan_from_row(r: &sql::Row<'_>) -> sql::Result<PlanRecord> {
    let content: String = r.get(2)?;
    Ok(PlanRecord {
        id: r.get(0)?,
        round: r.get(1)?,
        content: serde_json::from_str(&content).unwrap_or(PlanContent::Answer {
            answer: String::new(),
        }),
        submitted_by: r.get(3)?,
        submitted_at: parse_ts(&r.get::<_, String>(4)?).unwrap_or_default(),
        on_behalf_department: r.get(5)?,
        on_behalf_person: r.get(6)?,
        review_status: r.get(7)?,
    })
}

const PLAN_COLS: &str = "id, round, content, submitted_by, submitted_at, on_behalf_department, on_behalf_person, review_status";

/// The newest plan of an appeal.
pub(crate) fn latest_plan(conn: &Connection, appeal_id: i64) -> Result<Option<PlanRecord>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {PLAN_COLS} FROM plans WHERE appeal_id = ?1 ORDER BY id DESC LIMIT 1"
        ))?
        .query_row([appeal_id], plan_from_row)
        .optional()?)
}

pub(crate) fn plans(conn: &Connection, appeal_id: i64) -> Result<Vec<PlanRecord>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {PLAN_COLS} FROM plans WHERE appeal_id = ?1 ORDER BY id"
    ))?;
    let rows = stmt
        .query_map([appeal_id], plan_from_row)?
        .collect::<sql::Result<Vec<_>>>()?;
    Ok(rows)
}

/// A recorded feedback to the appellant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct FeedbackRecord {
    pub id: i64,
    pub round: i64,
    pub method: FeedbackMethod,
    pub content: String,
    pub satisfaction: Satisfaction,
    pub recorded_by: i64,
    pub recorded_at: DateTime<FixedOffset>,
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_feedback(
    conn: &Connection,
    appeal_id: i64,
    round: i64,
    method: FeedbackMethod,
    content: &str,
    satisfaction: Satisfaction,
    by: i64,
    at: &str,
) -> Result<i64> {
    Ok(conn.prepare_cached(
        "INSERT INTO feedbacks(appeal_id, round, method, content, satisfaction, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
    )?
    .query_row(params![appeal_id, round, method, content, satisfaction, by, at], |r| r.get(0))?)
}

pub(crate) fn feedbacks(conn: &Connection, appeal_id: i64) -> Result<Vec<FeedbackRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, round, method, content, satisfaction, recorded_by, recorded_at FROM feedbacks
         WHERE appeal_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([appeal_id], |r| {
            Ok(FeedbackRecord {
                id: r.get(0)?,
                round: r.get(1)?,
                method: FeedbackMethod::from_db(&r.get::<_, String>(2)?),
                content: r.get(3)?,
                satisfaction: Satisfaction::from_db(&r.get::<_, String>(4)?),
                recorded_by: r.get(5)?,
                recorded_at: parse_ts(&r.get::<_, String>(6)?).unwrap_or_default(),
            })
        })?
        .collect::<sql::Result<Vec<_>>>()?;
    Ok(rows)
}

/// An appeal's line in the tracking ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct TrackingRecord {
    pub appeal_id: i64,
    pub measures: String,
    pub department_id: Option<i64>,
    pub responsible: Option<String>,
    pub next_check_date: Option<NaiveDate>,
    pub started_at: DateTime<FixedOffset>,
    pub resolved_at: Option<DateTime<FixedOffset>>,
}

pub(crate) fn upsert_tracking(
    conn: &Connection,
    appeal_id: i64,
    measures: &str,
    department_id: Option<i64>,
    responsible: Option<&str>,
    next_check: Option<NaiveDate>,
    at: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO tracking(appeal_id, measures, department_id, responsible, next_check_date, started_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT(appeal_id) DO UPDATE SET measures = excluded.measures, department_id = excluded.department_id,
            responsible = excluded.responsible, next_check_date = excluded.next_check_date, resolved_at = NULL",
    )?
    .execute(params![appeal_id, measures, department_id, responsible, next_check.map(fmt_date), at])?;
    Ok(())
}

pub(crate) fn set_next_check(conn: &Connection, appeal_id: i64, date: NaiveDate) -> Result<()> {
    conn.prepare_cached("UPDATE tracking SET next_check_date = ?2 WHERE appeal_id = ?1")?
        .execute(params![appeal_id, fmt_date(date)])?;
    Ok(())
}

pub(crate) fn resolve_tracking(conn: &Connection, appeal_id: i64, at: &str) -> Result<()> {
    conn.prepare_cached("UPDATE tracking SET resolved_at = ?2 WHERE appeal_id = ?1")?
        .execute(params![appeal_id, at])?;
    Ok(())
}

pub(crate) fn tracking(conn: &Connection, appeal_id: i64) -> Result<Option<TrackingRecord>> {
    Ok(conn
        .prepare_cached(
            "SELECT appeal_id, measures, department_id, responsible, next_check_date, started_at, resolved_at
             FROM tracking WHERE appeal_id = ?1",
        )?
        .query_row([appeal_id], |r| {
            Ok(TrackingRecord {
                appeal_id: r.get(0)?,
                measures: r.get(1)?,
                department_id: r.get(2)?,
                responsible: r.get(3)?,
                next_check_date: r.get::<_, Option<String>>(4)?.as_deref().and_then(parse_date),
                started_at: parse_ts(&r.get::<_, String>(5)?).unwrap_or_default(),
                resolved_at: r.get::<_, Option<String>>(6)?.as_deref().and_then(parse_ts),
            })
        })
        .optional()?)
}

/// A progress report from the handling department.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ProgressRecord {
    pub id: i64,
    pub at: DateTime<FixedOffset>,
    pub content: String,
    pub reported_by: i64,
    pub on_behalf_department: Option<i64>,
    pub on_behalf_person: Option<String>,
}

pub(crate) fn insert_progress(
    conn: &Connection,
    appeal_id: i64,
    at: &str,
    content: &str,
    by: i64,
    behalf_dept: Option<i64>,
    behalf_person: Option<&str>,
) -> Result<i64> {
    Ok(conn.prepare_cached(
        "INSERT INTO progress_reports(appeal_id, at, content, reported_by, on_behalf_department, on_behalf_person)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
    )?
    .query_row(params![appeal_id, at, content, by, behalf_dept, behalf_person], |r| r.get(0))?)
}

pub(crate) fn progress(conn: &Connection, appeal_id: i64) -> Result<Vec<ProgressRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, content, reported_by, on_behalf_department, on_behalf_person FROM progress_reports
         WHERE appeal_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([appeal_id], |r| {
            Ok(ProgressRecord {
                id: r.get(0)?,
                at: parse_ts(&r.get::<_, String>(1)?).unwrap_or_default(),
                content: r.get(2)?,
                reported_by: r.get(3)?,
                on_behalf_department: r.get(4)?,
                on_behalf_person: r.get(5)?,
            })
        })?
        .collect::<sql::Result<Vec<_>>>()?;
    Ok(rows)
}
