//! The `recommendations` table (决策参考, migration 005): improvement recommendations drawn from the
//! analysis, their owner and their status with the date and recorder of each step.
//!
//! Rows are read back with the names of the owner and of the recorders joined in, because every
//! screen and workbook that shows a recommendation shows those names; there are tens of rows a
//! year, not millions, so the joins cost nothing.

use crate::error::{CoreError, Result};
use crate::model::RecommendationStatus;
use crate::store::sql;
use crate::store::sql::{Connection, OptionalExtension, Row, params};
use crate::time::{fmt_date, parse_date, parse_ts};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// A recommendation as lists and forms show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct RecommendationRecord {
    pub id: i64,
    pub title: String,
    /// What is recommended.
    pub content: String,
    /// The finding of the analysis it rests on.
    pub basis: String,
    pub owner_department_id: Option<i64>,
    pub owner_department: Option<String>,
    pub owner_user_id: Option<i64>,
    pub owner_user: Option<String>,
    pub status: RecommendationStatus,
    pub proposed_on: NaiveDate,
    pub adopted_on: Option<NaiveDate>,
    pub done_on: Option<NaiveDate>,
    pub recorded_by: String,
    pub recorded_at: DateTime<FixedOffset>,
    pub adopted_by: Option<String>,
    pub done_by: Option<String>,
}

/// A new row, as the use case has checked it.
pub(crate) struct NewRecommendationRow<'a> {
    pub title: &'a str,
    pub content: &'a str,
    pub basis: &'a str,
    pub owner_department_id: Option<i64>,
    pub owner_user_id: Option<i64>,
    pub proposed_on: NaiveDate,
    pub recorded_by: i64,
    pub recorded_at: &'a str,
}

pub(crate) fn insert(conn: &Connection, r: &NewRecommendationRow<'_>) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "INSERT INTO recommendations(title, content, basis, owner_department_id, owner_user_id,
                                     status, proposed_on, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'proposed', ?6, ?7, ?8) RETURNING id",
        )?
        .query_row(
            params![
                r.title,
                r.content,
                r.basis,
                r.owner_department_id,
                r.owner_user_id,
                fmt_date(r.proposed_on),
                r.recorded_by,
                r.recorded_at
            ],
            |r| r.get(0),
        )?)
}

/// Moves a recommendation to `status` on `day`, recorded by `by` (the use case checked the move).
pub(crate) fn set_status(
    conn: &Connection,
    id: i64,
    status: RecommendationStatus,
    day: NaiveDate,
    by: i64,
) -> Result<()> {
    let sql = match status {
        RecommendationStatus::Adopted => {
            "UPDATE recommendations SET status = 'adopted', adopted_on = ?2, adopted_by = ?3 WHERE id = ?1"
        }
        RecommendationStatus::Done => {
            "UPDATE recommendations SET status = 'done', done_on = ?2, done_by = ?3 WHERE id = ?1"
        }
        RecommendationStatus::Proposed => {
            return Err(CoreError::invalid_state("建议不能退回已提出状态。"));
        }
    };
    conn.prepare_cached(sql)?
        .execute(params![id, fmt_date(day), by])?;
    Ok(())
}

const COLS: &str =
    "r.id, r.title, r.content, r.basis, r.owner_department_id, d.name, r.owner_user_id,
     ou.display_name, r.status, r.proposed_on, r.adopted_on, r.done_on, rb.display_name,
     r.recorded_at, ab.display_name, db.display_name
     FROM recommendations r
     LEFT JOIN departments d ON d.id = r.owner_department_id
     LEFT JOIN users ou ON ou.id = r.owner_user_id
     JOIN users rb ON rb.id = r.recorded_by
     LEFT JOIN users ab ON ab.id = r.adopted_by
     LEFT JOIN users db ON db.id = r.done_by";

fn from_row(r: &Row<'_>) -> sql::Result<RecommendationRecord> {
    let date = |i: usize| -> sql::Result<Option<NaiveDate>> {
        Ok(r.get::<_, Option<String>>(i)?
            .as_deref()
            .and_then(parse_date))
    };
    Ok(RecommendationRecord {
        id: r.get(0)?,
        title: r.get(1)?,
        content: r.get(2)?,
        basis: r.get(3)?,
        owner_department_id: r.get(4)?,
        owner_department: r.get(5)?,
        owner_user_id: r.get(6)?,
        owner_user: r.get(7)?,
        status: RecommendationStatus::from_db(&r.get::<_, String>(8)?),
        proposed_on: date(9)?.unwrap_or_default(),
        adopted_on: date(10)?,
        done_on: date(11)?,
        recorded_by: r.get(12)?,
        recorded_at: parse_ts(&r.get::<_, String>(13)?).unwrap_or_default(),
        adopted_by: r.get(14)?,
        done_by: r.get(15)?,
    })
}

pub(crate) fn get(conn: &Connection, id: i64) -> Result<RecommendationRecord> {
    conn.prepare_cached(&format!("SELECT {COLS} WHERE r.id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| CoreError::not_found("找不到这条决策参考建议，可能已被删除，请刷新列表。"))
}

/// Every recommendation, optionally of one status: open ones first (proposed, then adopted),
/// newest first within each.
pub(crate) fn list(
    conn: &Connection,
    status: Option<RecommendationStatus>,
) -> Result<Vec<RecommendationRecord>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} WHERE (CAST(?1 AS TEXT) IS NULL OR r.status = ?1)
         ORDER BY CASE r.status WHEN 'proposed' THEN 0 WHEN 'adopted' THEN 1 ELSE 2 END,
                  r.proposed_on DESC, r.id DESC"
    ))?;
    let rows = stmt
        .query_map([status.map(|s| s.code())], from_row)?
        .collect::<sql::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Recommendations adopted from `from` to `to` (inclusive), as (owner department, owner user):
/// what assessment counts for the owners.
pub(crate) fn adopted_owners(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(Option<i64>, Option<i64>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT owner_department_id, owner_user_id FROM recommendations
         WHERE adopted_on >= ?1 AND adopted_on <= ?2",
    )?;
    let rows = stmt
        .query_map(params![fmt_date(from), fmt_date(to)], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<sql::Result<Vec<_>>>()?;
    Ok(rows)
}
