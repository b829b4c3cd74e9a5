//! Assisting departments (协办) of co-handled appeals (会办): one row per department asked to help
//! in one handling round, with its part, deadline, opinion and state (migration 012).

use crate::error::Result;
use crate::store::sql;
use crate::store::sql::{Connection, OptionalExtension, params};
use crate::time::{fmt_date, parse_date, parse_ts};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// Where an assisting department's part stands.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum AssistStatus {
    /// Asked, the opinion is not in yet.
    Pending,
    /// The opinion is in.
    Submitted,
    /// The appeals office let the lead submit its plan without this opinion.
    Waived,
}

impl AssistStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Submitted => "submitted",
            Self::Waived => "waived",
        }
    }

    fn from_db(s: &str) -> Self {
        match s {
            "submitted" => Self::Submitted,
            "waived" => Self::Waived,
            _ => Self::Pending,
        }
    }

    /// The state as the 会办 panel names it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "待提交",
            Self::Submitted => "已提交",
            Self::Waived => "不再等待",
        }
    }
}

/// One assisting department's part of a co-handled appeal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct AssistRecord {
    pub id: i64,
    pub appeal_id: i64,
    pub round: i64,
    pub department_id: i64,
    pub department_name: String,
    /// What the department is asked to do.
    pub part: String,
    pub due_date: NaiveDate,
    pub created_by: i64,
    pub created_at: DateTime<FixedOffset>,
    pub opinion: Option<String>,
    pub opinion_by: Option<i64>,
    pub opinion_by_name: Option<String>,
    pub opinion_at: Option<DateTime<FixedOffset>>,
    /// The person the appeals office typed the opinion for (the single-workstation office).
    pub on_behalf_person: Option<String>,
    pub status: AssistStatus,
    pub waived_at: Option<DateTime<FixedOffset>>,
}

const COLS: &str = "s.id, s.appeal_id, s.round, s.department_id, d.name, s.part, s.due_date, \
    s.created_by, s.created_at, s.opinion, s.opinion_by, u.display_name, s.opinion_at, \
    s.on_behalf_person, s.status, s.waived_at";

const FROM: &str = "FROM appeal_assists s JOIN departments d ON d.id = s.department_id \
    LEFT JOIN users u ON u.id = s.opinion_by";

fn record(r: &sql::Row<'_>) -> sql::Result<AssistRecord> {
    Ok(AssistRecord {
        id: r.get(0)?,
        appeal_id: r.get(1)?,
        round: r.get(2)?,
        department_id: r.get(3)?,
        department_name: r.get(4)?,
        part: r.get(5)?,
        due_date: parse_date(&r.get::<_, String>(6)?).unwrap_or_default(),
        created_by: r.get(7)?,
        created_at: parse_ts(&r.get::<_, String>(8)?).unwrap_or_default(),
        opinion: r.get(9)?,
        opinion_by: r.get(10)?,
        opinion_by_name: r.get(11)?,
        opinion_at: r
            .get::<_, Option<String>>(12)?
            .as_deref()
            .and_then(parse_ts),
        on_behalf_person: r.get(13)?,
        status: AssistStatus::from_db(&r.get::<_, String>(14)?),
        waived_at: r
            .get::<_, Option<String>>(15)?
            .as_deref()
            .and_then(parse_ts),
    })
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn insert(
    conn: &Connection,
    appeal_id: i64,
    round: i64,
    department_id: i64,
    part: &str,
    due: NaiveDate,
    by: i64,
    at: &str,
) -> Result<i64> {
    Ok(conn.prepare_cached(
        "INSERT INTO appeal_assists(appeal_id, round, department_id, part, due_date, created_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
    )?
    .query_row(params![appeal_id, round, department_id, part, fmt_date(due), by, at], |r| r.get(0))?)
}

/// Every assist of an appeal, all rounds, in the order they were asked for.
pub(crate) fn for_appeal(conn: &Connection, appeal_id: i64) -> Result<Vec<AssistRecord>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} {FROM} WHERE s.appeal_id = ?1 ORDER BY s.id"
    ))?;
    let rows = stmt
        .query_map([appeal_id], record)?
        .collect::<sql::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The assists of one round of an appeal.
pub(crate) fn for_round(
    conn: &Connection,
    appeal_id: i64,
    round: i64,
) -> Result<Vec<AssistRecord>> {
    Ok(for_appeal(conn, appeal_id)?
        .into_iter()
        .filter(|s| s.round == round)
        .collect())
}

/// The departments assisting on an appeal in its current round (any state): they may see it.
pub(crate) fn assisting_departments(conn: &Connection, appeal_id: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.department_id FROM appeal_assists s JOIN appeals a ON a.id = s.appeal_id
         WHERE s.appeal_id = ?1 AND s.round = a.round",
    )?;
    let rows = stmt
        .query_map([appeal_id], |r| r.get(0))?
        .collect::<sql::Result<Vec<i64>>>()?;
    Ok(rows)
}

/// The assist of `department_id` in `round` of an appeal, if asked for.
pub(crate) fn find(
    conn: &Connection,
    appeal_id: i64,
    round: i64,
    department_id: i64,
) -> Result<Option<AssistRecord>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {COLS} {FROM} WHERE s.appeal_id = ?1 AND s.round = ?2 AND s.department_id = ?3"
            ),
            params![appeal_id, round, department_id],
            record,
        )
        .optional()?)
}

pub(crate) fn set_opinion(
    conn: &Connection,
    id: i64,
    opinion: &str,
    by: i64,
    at: &str,
    on_behalf_person: Option<&str>,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE appeal_assists SET opinion = ?2, opinion_by = ?3, opinion_at = ?4, on_behalf_person = ?5,
             status = 'submitted'
         WHERE id = ?1",
    )?
    .execute(params![id, opinion, by, at, on_behalf_person])?;
    Ok(())
}

/// Marks the pending assists of a round as no longer waited for; returns how many.
pub(crate) fn waive_pending(
    conn: &Connection,
    appeal_id: i64,
    round: i64,
    at: &str,
) -> Result<usize> {
    Ok(conn
        .prepare_cached(
            "UPDATE appeal_assists SET status = 'waived', waived_at = ?3
             WHERE appeal_id = ?1 AND round = ?2 AND status = 'pending'",
        )?
        .execute(params![appeal_id, round, at])?)
}
