//! The `rewards_penalties` table (奖励/惩罚, §八(二)(三), migration 005): what was given to a
//! department or a person for an assessment period, and why.
//!
//! A row names exactly one target (the table's CHECK enforces it); lists join in the names so the
//! assessment page and the CLI show them without a second lookup.

use crate::error::Result;
use crate::model::RewardKind;
use crate::store::sql;
use crate::store::sql::{Connection, Row, params};
use crate::time::{fmt_date, parse_date, parse_ts};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// A recorded reward or penalty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct RewardPenaltyRecord {
    pub id: i64,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub department_id: Option<i64>,
    pub department: Option<String>,
    pub user_id: Option<i64>,
    pub user: Option<String>,
    /// The person's department, for a reward or penalty of a person.
    pub user_department: Option<String>,
    pub kind: RewardKind,
    pub reason: String,
    pub recorded_by: String,
    pub recorded_at: DateTime<FixedOffset>,
}

/// A new row, as the use case has checked it.
pub(crate) struct NewRewardPenaltyRow<'a> {
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub department_id: Option<i64>,
    pub user_id: Option<i64>,
    pub kind: RewardKind,
    pub reason: &'a str,
    pub recorded_by: i64,
    pub recorded_at: &'a str,
}

pub(crate) fn insert(conn: &Connection, r: &NewRewardPenaltyRow<'_>) -> Result<i64> {
    Ok(conn.prepare_cached(
        "INSERT INTO rewards_penalties(period_from, period_to, department_id, user_id, kind, reason,
                                       recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
    )?
    .query_row(params![
        fmt_date(r.period_from),
        fmt_date(r.period_to),
        r.department_id,
        r.user_id,
        r.kind,
        r.reason,
        r.recorded_by,
        r.recorded_at
    ], |r| r.get(0))?)
}

const COLS: &str = "x.id, x.period_from, x.period_to, x.department_id, d.name, x.user_id,
     u.display_name, ud.name, x.kind, x.reason, rb.display_name, x.recorded_at
     FROM rewards_penalties x
     LEFT JOIN departments d ON d.id = x.department_id
     LEFT JOIN users u ON u.id = x.user_id
     LEFT JOIN departments ud ON ud.id = u.department_id
     JOIN users rb ON rb.id = x.recorded_by";

fn from_row(r: &Row<'_>) -> sql::Result<RewardPenaltyRecord> {
    let date = |i: usize| -> sql::Result<NaiveDate> {
        Ok(parse_date(&r.get::<_, String>(i)?).unwrap_or_default())
    };
    Ok(RewardPenaltyRecord {
        id: r.get(0)?,
        period_from: date(1)?,
        period_to: date(2)?,
        department_id: r.get(3)?,
        department: r.get(4)?,
        user_id: r.get(5)?,
        user: r.get(6)?,
        user_department: r.get(7)?,
        kind: RewardKind::from_db(&r.get::<_, String>(8)?),
        reason: r.get(9)?,
        recorded_by: r.get(10)?,
        recorded_at: parse_ts(&r.get::<_, String>(11)?).unwrap_or_default(),
    })
}

pub(crate) fn get(conn: &Connection, id: i64) -> Result<RewardPenaltyRecord> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLS} WHERE x.id = ?1"))?
        .query_row([id], from_row)?)
}

/// The rewards and penalties whose period overlaps `from..=to`, newest first.
pub(crate) fn list(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<RewardPenaltyRecord>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} WHERE x.period_from <= ?2 AND x.period_to >= ?1
         ORDER BY x.recorded_at DESC, x.id DESC"
    ))?;
    let rows = stmt
        .query_map(params![fmt_date(from), fmt_date(to)], from_row)?
        .collect::<sql::Result<Vec<_>>>()?;
    Ok(rows)
}
