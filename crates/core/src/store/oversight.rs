//! Oversight records: supervision notices, escalations and deadline extensions.

use crate::error::Result;
use crate::model::Stage;
use crate::store::sql;
use crate::store::sql::{Connection, OptionalExtension, params};
use crate::time::{fmt_date, parse_date, parse_ts};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// A numbered supervision notice (督办通知).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct SupervisionRecord {
    pub id: i64,
    pub number: String,
    pub appeal_id: i64,
    pub department_id: Option<i64>,
    pub issued_by: i64,
    pub issued_at: DateTime<FixedOffset>,
    pub reason: String,
    pub stage: Option<Stage>,
    pub old_due_date: Option<NaiveDate>,
    pub new_due_date: NaiveDate,
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_supervision(
    conn: &Connection,
    number: &str,
    appeal_id: i64,
    department_id: Option<i64>,
    by: i64,
    at: &str,
    reason: &str,
    stage: Option<Stage>,
    old_due: Option<NaiveDate>,
    new_due: NaiveDate,
) -> Result<i64> {
    Ok(conn.prepare_cached(
        "INSERT INTO supervisions(number, appeal_id, department_id, issued_by, issued_at, reason, stage, old_due_date, new_due_date)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
    )?
    .query_row(params![number, appeal_id, department_id, by, at, reason, stage, old_due.map(fmt_date), fmt_date(new_due)], |r| r.get(0))?)
}

pub(crate) fn supervisions(conn: &Connection, appeal_id: i64) -> Result<Vec<SupervisionRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, number, appeal_id, department_id, issued_by, issued_at, reason, stage, old_due_date, new_due_date
         FROM supervisions WHERE appeal_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([appeal_id], |r| {
            Ok(SupervisionRecord {
                id: r.get(0)?,
                number: r.get(1)?,
                appeal_id: r.get(2)?,
                department_id: r.get(3)?,
                issued_by: r.get(4)?,
                issued_at: parse_ts(&r.get::<_, String>(5)?).unwrap_or_default(),
                reason: r.get(6)?,
                stage: r.get::<_, Option<String>>(7)?.map(|s| Stage::from_db(&s)),
                old_due_date: r
                    .get::<_, Option<String>>(8)?
                    .as_deref()
                    .and_then(parse_date),
                new_due_date: parse_date(&r.get::<_, String>(9)?).unwrap_or_default(),
            })
        })?
        .collect::<sql::Result<Vec<_>>>()?;
    Ok(rows)
}

/// An escalation to management and its instruction (批示).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct EscalationRecord {
    pub id: i64,
    pub escalated_by: i64,
    pub escalated_at: DateTime<FixedOffset>,
    pub reason: String,
    pub instruction: Option<String>,
    pub instructed_by: Option<i64>,
    pub instructed_at: Option<DateTime<FixedOffset>>,
}

pub(crate) fn insert_escalation(
    conn: &Connection,
    appeal_id: i64,
    by: i64,
    at: &str,
    reason: &str,
) -> Result<i64> {
    Ok(conn.prepare_cached("INSERT INTO escalations(appeal_id, escalated_by, escalated_at, reason) VALUES (?1, ?2, ?3, ?4) RETURNING id")?
        .query_row(params![appeal_id, by, at, reason], |r| r.get(0))?)
}

/// The escalation still waiting for management's instruction, if any.
pub(crate) fn open_escalation(conn: &Connection, appeal_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM escalations WHERE appeal_id = ?1 AND instruction IS NULL ORDER BY id DESC LIMIT 1",
            [appeal_id],
            |r| r.get(0),
        )
        .optional()?)
}

pub(crate) fn set_instruction(
    conn: &Connection,
    id: i64,
    text: &str,
    by: i64,
    at: &str,
) -> Result<()> {
    conn.prepare_cached("UPDATE escalations SET instruction = ?2, instructed_by = ?3, instructed_at = ?4 WHERE id = ?1")?.execute(params![id, text, by, at],)?;
    Ok(())
}

pub(crate) fn escalations(conn: &Connection, appeal_id: i64) -> Result<Vec<EscalationRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, escalated_by, escalated_at, reason, instruction, instructed_by, instructed_at
         FROM escalations WHERE appeal_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([appeal_id], |r| {
            Ok(EscalationRecord {
                id: r.get(0)?,
                escalated_by: r.get(1)?,
                escalated_at: parse_ts(&r.get::<_, String>(2)?).unwrap_or_default(),
                reason: r.get(3)?,
                instruction: r.get(4)?,
                instructed_by: r.get(5)?,
                instructed_at: r.get::<_, Option<String>>(6)?.as_deref().and_then(parse_ts),
            })
        })?
        .collect::<sql::Result<Vec<_>>>()?;
    Ok(rows)
}

/// A request to extend the current stage's deadline (延期).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ExtensionRecord {
    pub id: i64,
    pub appeal_id: i64,
    pub stage: Stage,
    pub days: i64,
    pub reason: String,
    pub requested_by: i64,
    pub requested_at: DateTime<FixedOffset>,
    pub status: String,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTime<FixedOffset>>,
    pub decision_note: Option<String>,
}

const EXT_COLS: &str = "id, appeal_id, stage, days, reason, requested_by, requested_at, status, decided_by, decided_at, decision_note";

fn ext_from_row(r: &sql::Row<'_>) -> sql::Result<ExtensionRecord> {
    Ok(ExtensionRecord {
        id: r.get(0)?,
        appeal_id: r.get(1)?,
        stage: Stage::from_db(&r.get::<_, String>(2)?),
        days: r.get(3)?,
        reason: r.get(4)?,
        requested_by: r.get(5)?,
        requested_at: parse_ts(&r.get::<_, String>(6)?).unwrap_or_default(),
        status: r.get(7)?,
        decided_by: r.get(8)?,
        decided_at: r.get::<_, Option<String>>(9)?.as_deref().and_then(parse_ts),
        decision_note: r.get(10)?,
    })
}

pub(crate) fn insert_extension(
    conn: &Connection,
    appeal_id: i64,
    stage: Stage,
    days: i64,
    reason: &str,
    by: i64,
    at: &str,
) -> Result<i64> {
    Ok(conn.prepare_cached(
        "INSERT INTO extensions(appeal_id, stage, days, reason, requested_by, requested_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
    )?
    .query_row(params![appeal_id, stage, days, reason, by, at], |r| r.get(0))?)
}

pub(crate) fn pending_extension(
    conn: &Connection,
    appeal_id: i64,
) -> Result<Option<ExtensionRecord>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {EXT_COLS} FROM extensions WHERE appeal_id = ?1 AND status = 'pending' ORDER BY id DESC LIMIT 1"
        ))?
        .query_row([appeal_id], ext_from_row)
        .optional()?)
}

pub(crate) fn decide_extension(
    conn: &Connection,
    id: i64,
    status: &str,
    by: i64,
    at: &str,
    note: Option<&str>,
) -> Result<()> {
    conn.execute(
        "UPDATE extensions SET status = ?2, decided_by = ?3, decided_at = ?4, decision_note = ?5 WHERE id = ?1",
        params![id, status, by, at, note],
    )?;
    Ok(())
}

pub(crate) fn extensions(conn: &Connection, appeal_id: i64) -> Result<Vec<ExtensionRecord>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {EXT_COLS} FROM extensions WHERE appeal_id = ?1 ORDER BY id"
    ))?;
    let rows = stmt
        .query_map([appeal_id], ext_from_row)?
        .collect::<sql::Result<Vec<_>>>()?;
    Ok(rows)
}
