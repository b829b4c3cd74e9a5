//! The rows period statistics are computed from: one compact row per appeal received in a period,
//! and one row per stage run (`stage_spans`, kept by migration 003's trigger) of those appeals.
//!
//! These are streaming visitors rather than aggregates in SQL because the figures need the
//! working-day calendar (average and median working days), which lives in Rust; SQL only does
//! what it is good at here — an index range scan. Both scans read covering structures only
//! (`appeals_stats`, the clustered `stage_spans`), so a year of a million-appeal file is a few
//! hundred thousand small index entries and two million spans of integers. Nothing here is personal data.

use crate::error::Result;
use crate::model::{Category, Channel, Satisfaction, Stage, Status};
use crate::time::fmt_date;
use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::types::Type;
use rusqlite::{Connection, Row, params};

/// Which appeals a statistic covers: received from `from` to `to` (inclusive, CST dates), and
/// optionally only one category, channel or (current) department.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CohortFilter {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub category: Option<Category>,
    pub channel: Option<Channel>,
    pub department_id: Option<i64>,
}

/// The fields of one appeal that statistics count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CohortRow {
    pub id: i64,
    pub received_on: NaiveDate,
    pub category: Category,
    pub channel: Channel,
    pub department_id: Option<i64>,
    pub status: Status,
    pub satisfaction: Option<Satisfaction>,
    pub round: i64,
    pub supervision_count: i64,
    pub escalated: bool,
    pub major: bool,
}

/// One run of one stage of one appeal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpanRow {
    pub appeal_id: i64,
    pub stage: Stage,
    pub started_on: NaiveDate,
    /// The deadline the stage is measured against (extensions move it; supervision does not).
    pub due_date: Option<NaiveDate>,
    /// `None` while the stage is still running.
    pub ended_on: Option<NaiveDate>,
    /// Supervision notices issued during this run.
    pub supervised: i64,
    /// The department that held the appeal during this run (none before routing).
    pub department_id: Option<i64>,
}

/// Parses a stored `YYYY-MM-DD` (the first ten bytes of a date or timestamp) without the
/// general-purpose parser: this runs for every row of a year's statistics.
pub fn day(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

/// A text column borrowed from the row (no allocation: these loops run for every appeal of a year).
fn text<'r>(r: &'r Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    r.get_ref(i)?
        .as_str()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, Type::Text, Box::new(e)))
}

fn opt_text<'r>(r: &'r Row<'_>, i: usize) -> rusqlite::Result<Option<&'r str>> {
    r.get_ref(i)?
        .as_str_or_null()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, Type::Text, Box::new(e)))
}

/// Visits every appeal of the cohort, in order of receipt.
pub fn for_each_appeal(
    conn: &Connection,
    f: &CohortFilter,
    mut visit: impl FnMut(CohortRow),
) -> Result<()> {
    // Received timestamps are RFC 3339 text in +08:00, so a CST date range is a text range.
    let from = fmt_date(f.from);
    let until = fmt_date(f.to + Duration::days(1));
    let mut stmt = conn.prepare_cached(
        "SELECT id, received_at, category, channel, department_id, status, satisfaction, round,
                supervision_count, escalated, major
         FROM appeals INDEXED BY appeals_stats
         WHERE received_at >= ?1 AND received_at < ?2
           AND (?3 IS NULL OR category = ?3)
           AND (?4 IS NULL OR channel = ?4)
           AND (?5 IS NULL OR department_id = ?5)",
    )?;
    let mut rows = stmt.query(params![
        from,
        until,
        f.category.map(|c| c.code()),
        f.channel.map(|c| c.code()),
        f.department_id
    ])?;
    while let Some(r) = rows.next()? {
        let Some(received_on) = day(text(r, 1)?) else {
            continue;
        };
        visit(CohortRow {
            id: r.get(0)?,
            received_on,
            category: Category::from_db(text(r, 2)?),
            channel: Channel::from_db(text(r, 3)?),
            department_id: r.get(4)?,
            status: Status::from_db(text(r, 5)?),
            satisfaction: opt_text(r, 6)?.map(Satisfaction::from_db),
            round: r.get(7)?,
            supervision_count: r.get(8)?,
            escalated: r.get(9)?,
            major: r.get(10)?,
        });
    }
    Ok(())
}

/// The date of a `stage_spans` day number (days since 1970-01-01).
pub fn from_day_number(n: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(n + 719_163).ok()?)
}

/// A stage run as stored: dates as day numbers (days since 1970-01-01), which the statistics'
/// working-day index takes directly — converting two million of them to dates and back costs
/// more than reading them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpanDays {
    pub appeal_id: i64,
    pub stage: Stage,
    pub started_day: i64,
    pub due_day: Option<i64>,
    pub ended_day: Option<i64>,
    pub supervised: i64,
    pub department_id: Option<i64>,
}

/// The day number of a date, as `stage_spans` stores it.
pub fn day_number(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce()) - 719_163
}

/// Visits the stage runs of the appeals with ids in `first..=last`, in (appeal, run) order, as
/// stored; the caller keeps those of its cohort (appeal ids follow registration order, so a
/// period's appeals sit in one id range with few strangers in it).
pub fn for_each_span_days(
    conn: &Connection,
    first: i64,
    last: i64,
    mut visit: impl FnMut(&SpanDays),
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT appeal_id, stage, started_day, due_day, ended_day, supervised, department_id
         FROM stage_spans WHERE appeal_id BETWEEN ?1 AND ?2",
    )?;
    let mut rows = stmt.query(params![first, last])?;
    while let Some(r) = rows.next()? {
        visit(&SpanDays {
            appeal_id: r.get(0)?,
            stage: Stage::from_db(text(r, 1)?),
            started_day: r.get(2)?,
            due_day: r.get(3)?,
            ended_day: r.get(4)?,
            supervised: r.get(5)?,
            department_id: r.get(6)?,
        });
    }
    Ok(())
}

/// [`for_each_span_days`] with the dates as dates, for callers that reason about dates.
pub fn for_each_span(
    conn: &Connection,
    first: i64,
    last: i64,
    mut visit: impl FnMut(SpanRow),
) -> Result<()> {
    for_each_span_days(conn, first, last, |s| {
        let Some(started_on) = from_day_number(s.started_day) else {
            return;
        };
        visit(SpanRow {
            appeal_id: s.appeal_id,
            stage: s.stage,
            started_on,
            due_date: s.due_day.and_then(from_day_number),
            ended_on: s.ended_day.and_then(from_day_number),
            supervised: s.supervised,
            department_id: s.department_id,
        });
    })
}

/// The number of appeals of the cohort received on each day (only days with some), counted by
/// SQLite itself: a comparison period needs no more than that.
pub fn daily_counts(conn: &Connection, f: &CohortFilter) -> Result<Vec<(NaiveDate, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT substr(received_at, 1, 10), count(*)
         FROM appeals INDEXED BY appeals_stats
         WHERE received_at >= ?1 AND received_at < ?2
           AND (?3 IS NULL OR category = ?3)
           AND (?4 IS NULL OR channel = ?4)
           AND (?5 IS NULL OR department_id = ?5)
         GROUP BY 1",
    )?;
    let mut rows = stmt.query(params![
        fmt_date(f.from),
        fmt_date(f.to + Duration::days(1)),
        f.category.map(|c| c.code()),
        f.channel.map(|c| c.code()),
        f.department_id
    ])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        if let Some(d) = day(text(r, 0)?) {
            out.push((d, r.get(1)?));
        }
    }
    Ok(out)
}

/// Department names by id (retired departments included: old appeals still name them).
pub fn department_names(conn: &Connection) -> Result<Vec<(i64, String)>> {
    let mut stmt = conn.prepare_cached("SELECT id, name FROM departments ORDER BY id")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_days_parse_and_garbage_does_not() {
        assert_eq!(day("2026-02-14"), NaiveDate::from_ymd_opt(2026, 2, 14));
        assert_eq!(
            day("2026-11-20T09:30:00+08:00"),
            NaiveDate::from_ymd_opt(2026, 11, 20)
        );
        assert_eq!(day("2026-13-01"), None);
        assert_eq!(day("2026/01/01"), None);
        assert_eq!(day("20x6-01-01"), None);
        assert_eq!(day("2026-1-1"), None);
    }

    #[test]
    fn day_numbers_count_from_1970() {
        assert_eq!(from_day_number(0), NaiveDate::from_ymd_opt(1970, 1, 1));
        let d = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        assert_eq!(day_number(d), 20777);
        assert_eq!(from_day_number(day_number(d)), Some(d));
        // 2026-11-20, as migration 003's `julianday(d) - 2440587.5` stores it.
        assert_eq!(
            from_day_number(20777),
            NaiveDate::from_ymd_opt(2026, 11, 20)
        );
    }
}
