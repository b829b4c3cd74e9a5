//! The appeals behind the difficult issues (难点, §六) of a period: those open longest, those
//! handled again, those escalated to management, and appellants who came back again and again.
//!
//! Each list is bounded (`limit`) and ordered in SQL; the total of each kind is counted beside it,
//! so a screen shows "the 20 longest of 1,234 open". Repeat appellants are grouped by phone number,
//! which leaves this module only masked: the number is a key here, never shown in full.

use super::stats::day;
use crate::error::Result;
use crate::mask;
use crate::model::{Category, Status};
use crate::store::Store;
use crate::store::sql;
use crate::store::sql::{Row, params};
use crate::time::fmt_date;
use chrono::{Duration, NaiveDate};

/// One appeal of a difficult-issue list (no appellant data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DifficultRow {
    pub appeal_id: i64,
    pub reg_number: String,
    pub archive_number: Option<String>,
    pub subject: String,
    pub category: Category,
    pub status: Status,
    pub department: Option<String>,
    pub received_on: NaiveDate,
    pub round: i64,
    pub supervision_count: i64,
    pub escalated: bool,
}

/// Which list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DifficultKind {
    /// Not closed or merged, oldest first.
    LongRunning,
    /// Handled in more than one round, most rounds first.
    Reopened,
    /// Reported to management, most supervised first.
    Escalated,
}

const COLS: &str = "a.id, a.reg_number, a.archive_number, a.subject, a.category, a.status, d.name,
     a.received_at, a.round, a.supervision_count, a.escalated
     FROM appeals a LEFT JOIN departments d ON d.id = a.department_id";

fn row(r: &Row<'_>) -> sql::Result<DifficultRow> {
    Ok(DifficultRow {
        appeal_id: r.get(0)?,
        reg_number: r.get(1)?,
        archive_number: r.get(2)?,
        subject: r.get(3)?,
        category: Category::from_db(&r.get::<_, String>(4)?),
        status: Status::from_db(&r.get::<_, String>(5)?),
        department: r.get(6)?,
        received_on: day(&r.get::<_, String>(7)?).unwrap_or_default(),
        round: r.get(8)?,
        supervision_count: r.get(9)?,
        escalated: r.get(10)?,
    })
}

/// The condition and order of each list.
fn shape(kind: DifficultKind) -> (&'static str, &'static str) {
    match kind {
        DifficultKind::LongRunning => (
            "a.status NOT IN ('closed', 'merged')",
            "a.received_at, a.id",
        ),
        DifficultKind::Reopened => ("a.round > 1", "a.round DESC, a.received_at, a.id"),
        DifficultKind::Escalated => (
            "a.escalated = 1",
            "a.supervision_count DESC, a.received_at, a.id",
        ),
    }
}

/// The first `limit` appeals of `kind` received from `from` to `to`, and how many there are.
pub fn difficult(
    store: &Store,
    kind: DifficultKind,
    from: NaiveDate,
    to: NaiveDate,
    limit: i64,
) -> Result<(Vec<DifficultRow>, i64)> {
    let conn = store.conn();
    let (cond, order) = shape(kind);
    let (lo, hi) = (fmt_date(from), fmt_date(to + Duration::days(1)));
    let total: i64 = conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM appeals a INDEXED BY appeals_stats
             WHERE a.received_at >= ?1 AND a.received_at < ?2 AND {cond}"
        ))?
        .query_row(params![lo, hi], |r| r.get(0))?;
    let rows = conn
        .prepare_cached(&format!(
            "SELECT {COLS} WHERE a.received_at >= ?1 AND a.received_at < ?2 AND {cond}
             ORDER BY {order} LIMIT ?3"
        ))?
        .query_map(params![lo, hi, limit], row)?
        .collect::<sql::Result<Vec<_>>>()?;
    Ok((rows, total))
}

/// An appellant (by phone number) with several appeals in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepeatGroup {
    /// The phone number masked (138****5678); the full number never leaves this module.
    pub masked_phone: String,
    pub count: i64,
    /// The group's appeals, oldest first.
    pub appeals: Vec<DifficultRow>,
}

/// The `limit` phone numbers with the most appeals (at least two) received from `from` to `to`,
/// and how many such numbers there are.
pub fn repeat_appellants(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    limit: i64,
) -> Result<(Vec<RepeatGroup>, i64)> {
    let conn = store.conn();
    let (lo, hi) = (fmt_date(from), fmt_date(to + Duration::days(1)));
    let grouped = "SELECT p.phone, count(*) AS n, min(a.id) AS first_id
         FROM appeals a JOIN appellants p ON p.id = a.appellant_id
         WHERE a.received_at >= ?1 AND a.received_at < ?2
           AND p.phone IS NOT NULL AND p.phone <> '' AND a.status <> 'merged'
         GROUP BY p.phone HAVING count(*) >= 2";
    let total: i64 = conn
        .prepare_cached(&format!("SELECT count(*) FROM ({grouped}) g"))?
        .query_row(params![lo, hi], |r| r.get(0))?;
    let top: Vec<(String, i64)> = conn
        .prepare_cached(&format!("{grouped} ORDER BY n DESC, first_id LIMIT ?3"))?
        .query_map(params![lo, hi, limit], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<sql::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} JOIN appellants p ON p.id = a.appellant_id
         WHERE p.phone = ?3 AND a.received_at >= ?1 AND a.received_at < ?2 AND a.status <> 'merged'
         ORDER BY a.received_at, a.id"
    ))?;
    let mut groups = Vec::with_capacity(top.len());
    for (phone, count) in top {
        let appeals = stmt
            .query_map(params![lo, hi, phone], row)?
            .collect::<sql::Result<Vec<_>>>()?;
        groups.push(RepeatGroup {
            masked_phone: mask::phone(&phone),
            count,
            appeals,
        });
    }
    Ok((groups, total))
}
