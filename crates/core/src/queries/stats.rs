//! The rows period statistics are computed from: one compact row per appeal received in a period,
//! and one row per stage run (`stage_spans`, kept by migration 003's trigger) of those appeals.
//!
//! These are streaming visitors rather than aggregates in SQL because the figures need the
//! working-day calendar (average and median working days), which lives in Rust; SQL only does
//! what it is good at here — an index range scan, and counting the rows of one. Both scans read
//! covering structures only (`appeals_stats`, the clustered `stage_spans`), so a year of a
//! million-appeal file is a few hundred thousand small index entries and two million spans of
//! integers. Nothing here is personal data.
//!
//! A year's statistics cross two million rows from SQLite into Rust, and each column of each
//! row costs a few calls into SQLite; so the visitors select only the columns their callers use
//! (a date that a caller knows from its query is not read back per row), take stored codes as
//! bytes; and the statistics' big passes are folded inside SQLite's own scan by an
//! application-defined function ([`fold_appeals`], [`fold_run_days`]) rather than returned row
//! by row.
//!
//! On PostgreSQL the same rows are streamed and folded in Rust by the same `step` (see `pg`).

use super::fold::{FOLD, bad, fold};
use crate::error::Result;
use crate::model::{Category, Channel, Satisfaction, Stage, Status};
use crate::store::Store;
use crate::store::sql::{self, Connection};
use crate::time::fmt_date;
pub use crate::time::{day_number, from_day_number};
use chrono::{Duration, NaiveDate};
use rusqlite::functions::Context;
use rusqlite::types::Type;
use rusqlite::{Row, params};

mod pg;

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

/// The fields of one appeal that statistics count. Not its date of receipt: a caller that needs
/// dates (a trend) visits one bucket of dates at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CohortRow {
    pub id: i64,
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

/// A text column's bytes, borrowed from the row (no allocation, no UTF-8 check: these loops run
/// for every row of a year, and what they read are ASCII codes). Column indices are those of
/// the statement just above each use.
#[inline]
fn bytes<'r>(r: &'r Row<'_>, i: usize) -> rusqlite::Result<&'r [u8]> {
    r.get_ref_unwrap(i)
        .as_bytes()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, Type::Text, Box::new(e)))
}

#[inline]
fn opt_bytes<'r>(r: &'r Row<'_>, i: usize) -> rusqlite::Result<Option<&'r [u8]>> {
    r.get_ref_unwrap(i)
        .as_bytes_or_null()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, Type::Text, Box::new(e)))
}

#[inline]
fn int(r: &Row<'_>, i: usize) -> rusqlite::Result<i64> {
    r.get_ref_unwrap(i)
        .as_i64()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, Type::Integer, Box::new(e)))
}

#[inline]
fn opt_int(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<i64>> {
    r.get_ref_unwrap(i)
        .as_i64_or_null()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, Type::Integer, Box::new(e)))
}

/// The cohort's rows of `appeals_stats`: the received range and the optional filters, as
/// parameters `?1`–`?5` of [`cohort_params`].
const COHORT_WHERE: &str = "FROM appeals INDEXED BY appeals_stats
     WHERE received_at >= ?1 AND received_at < ?2
       AND (?3 IS NULL OR category = ?3)
       AND (?4 IS NULL OR channel = ?4)
       AND (?5 IS NULL OR department_id = ?5)";

pub(crate) fn cohort_params(
    f: &CohortFilter,
) -> (String, String, Option<&str>, Option<&str>, Option<i64>) {
    // Received timestamps are RFC 3339 text in +08:00, so a CST date range is a text range.
    (
        fmt_date(f.from),
        fmt_date(f.to + Duration::days(1)),
        f.category.map(|c| c.code()),
        f.channel.map(|c| c.code()),
        f.department_id,
    )
}

/// The columns of an appeal that statistics count, in the order [`CohortRow`] lists them.
const APPEAL_COLUMNS: &str = "id, category, channel, department_id, status, satisfaction, round,
     supervision_count, escalated, major";

/// Visits every appeal of the cohort, in order of receipt.
pub fn for_each_appeal(
    store: &Store,
    f: &CohortFilter,
    mut visit: impl FnMut(CohortRow),
) -> Result<()> {
    let conn = match store.conn() {
        Connection::Sqlite(c) => c,
        Connection::Pg(p) => return pg::appeals(p, f, &mut visit),
    };
    let mut stmt = conn.prepare_cached(&format!("SELECT {APPEAL_COLUMNS} {COHORT_WHERE}"))?;
    let mut rows = stmt.query(cohort_params(f))?;
    while let Some(r) = rows.next()? {
        visit(CohortRow {
            id: int(r, 0)?,
            category: Category::from_db_bytes(bytes(r, 1)?),
            channel: Channel::from_db_bytes(bytes(r, 2)?),
            department_id: opt_int(r, 3)?,
            status: Status::from_db_bytes(bytes(r, 4)?),
            satisfaction: opt_bytes(r, 5)?.map(Satisfaction::from_db_bytes),
            round: int(r, 6)?,
            supervision_count: int(r, 7)?,
            escalated: int(r, 8)? != 0,
            major: int(r, 9)? != 0,
        });
    }
    Ok(())
}

/// [`for_each_appeal`] folded into `state` by `step` inside SQLite's scan ([`super::fold`]),
/// for the statistics of a long period.
pub fn fold_appeals<S: Send + 'static>(
    store: &Store,
    f: &CohortFilter,
    state: S,
    step: fn(&mut S, &CohortRow),
) -> Result<S> {
    let conn = match store.conn() {
        Connection::Sqlite(c) => c,
        Connection::Pg(p) => {
            let mut state = state;
            pg::appeals(p, f, |a| step(&mut state, &a))?;
            return Ok(state);
        }
    };
    fold(
        conn,
        10,
        &format!("SELECT count({FOLD}({APPEAL_COLUMNS})) {COHORT_WHERE}"),
        cohort_params(f),
        |ctx| {
            let int = |i: usize| ctx.get_raw(i).as_i64().map_err(bad);
            let code = |i: usize| ctx.get_raw(i).as_bytes().map_err(bad);
            Ok(CohortRow {
                id: int(0)?,
                category: Category::from_db_bytes(code(1)?),
                channel: Channel::from_db_bytes(code(2)?),
                department_id: ctx.get_raw(3).as_i64_or_null().map_err(bad)?,
                status: Status::from_db_bytes(code(4)?),
                satisfaction: ctx
                    .get_raw(5)
                    .as_bytes_or_null()
                    .map_err(bad)?
                    .map(Satisfaction::from_db_bytes),
                round: int(6)?,
                supervision_count: int(7)?,
                escalated: int(8)? != 0,
                major: int(9)? != 0,
            })
        },
        state,
        step,
    )
}

/// How many appeals the cohort holds, counted by the database itself (a comparison period's trend
/// needs no more than that, one bucket at a time).
pub fn count_appeals(store: &Store, f: &CohortFilter) -> Result<i64> {
    let conn = store.conn();
    if let Some(p) = conn.pg() {
        return pg::count_appeals(p, f);
    }
    let mut stmt = conn.prepare_cached(&format!("SELECT count(*) {COHORT_WHERE}"))?;
    Ok(stmt.query_row(cohort_params(f), |r| r.get(0))?)
}

/// A stage run as stored: dates as day numbers (days since 1970-01-01), which the statistics'
/// working-day index takes directly — converting two million of them to dates and back costs
/// more than reading them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunDays {
    pub stage: Stage,
    pub started_day: i64,
    pub due_day: Option<i64>,
    pub ended_day: Option<i64>,
    pub supervised: i64,
}

/// The columns of a stage run every visitor reads, in this order.
const RUN_COLUMNS: &str = "stage, started_day, due_day, ended_day, supervised";

/// The run in the five columns from `at` on.
#[inline]
fn run_days(r: &Row<'_>, at: usize) -> rusqlite::Result<RunDays> {
    Ok(RunDays {
        stage: Stage::from_db_bytes(bytes(r, at)?),
        started_day: int(r, at + 1)?,
        due_day: opt_int(r, at + 2)?,
        ended_day: opt_int(r, at + 3)?,
        supervised: int(r, at + 4)?,
    })
}

/// Visits the stage runs of the appeals with ids in `first..=last` with their appeal's id, in
/// (appeal, run) order, as stored; the caller keeps those of its cohort (appeal ids follow
/// registration order, so a period's appeals sit in one id range with few strangers in it).
pub fn for_each_span_days(
    store: &Store,
    first: i64,
    last: i64,
    mut visit: impl FnMut(i64, &RunDays),
) -> Result<()> {
    let conn = match store.conn() {
        Connection::Sqlite(c) => c,
        Connection::Pg(p) => return pg::runs(p, first, last, |id, r, _| visit(id, r)),
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT appeal_id, {RUN_COLUMNS} FROM stage_spans WHERE appeal_id BETWEEN ?1 AND ?2"
    ))?;
    let mut rows = stmt.query(params![first, last])?;
    while let Some(r) = rows.next()? {
        visit(int(r, 0)?, &run_days(r, 1)?);
    }
    Ok(())
}

/// Folds the stage runs of every appeal with an id in `first..=last` into `state`, by `step` for
/// each run, inside SQLite's scan ([`super::fold`]): [`for_each_span_days`] for a caller whose
/// cohort is every appeal of the range (a period without filters, usually), so no appeal id is
/// needed.
pub fn fold_run_days<S: Send + 'static>(
    store: &Store,
    first: i64,
    last: i64,
    state: S,
    step: fn(&mut S, &RunDays),
) -> Result<S> {
    let conn = match store.conn() {
        Connection::Sqlite(c) => c,
        Connection::Pg(p) => {
            let mut state = state;
            pg::run_groups(p, first, last, |r, n| {
                for _ in 0..n {
                    step(&mut state, r);
                }
            })?;
            return Ok(state);
        }
    };
    fold(
        conn,
        5,
        &format!(
            "SELECT count({FOLD}({RUN_COLUMNS})) FROM stage_spans
             WHERE appeal_id BETWEEN ?1 AND ?2"
        ),
        params![first, last],
        |ctx| fold_run(ctx, 0),
        state,
        step,
    )
}

/// [`for_each_span_days`] folded into `state` by `step` inside SQLite's scan ([`super::fold`]):
/// each run with its appeal's id, for a cohort with strangers in its id range (a filtered
/// period). [`fold_run_days`] is the lighter fold for a whole range.
pub fn fold_span_days<S: Send + 'static>(
    store: &Store,
    first: i64,
    last: i64,
    state: S,
    step: fn(&mut S, &(i64, RunDays)),
) -> Result<S> {
    let conn = match store.conn() {
        Connection::Sqlite(c) => c,
        Connection::Pg(p) => {
            let mut state = state;
            pg::runs(p, first, last, |id, r, _| step(&mut state, &(id, *r)))?;
            return Ok(state);
        }
    };
    fold(
        conn,
        6,
        &format!(
            "SELECT count({FOLD}(appeal_id, {RUN_COLUMNS})) FROM stage_spans
             WHERE appeal_id BETWEEN ?1 AND ?2"
        ),
        params![first, last],
        |ctx| Ok((ctx.get_raw(0).as_i64().map_err(bad)?, fold_run(ctx, 1)?)),
        state,
        step,
    )
}

/// The run in a fold's arguments from `at` on (in [`RUN_COLUMNS`] order).
fn fold_run(ctx: &Context<'_>, at: usize) -> rusqlite::Result<RunDays> {
    Ok(RunDays {
        stage: Stage::from_db_bytes(ctx.get_raw(at).as_bytes().map_err(bad)?),
        started_day: ctx.get_raw(at + 1).as_i64().map_err(bad)?,
        due_day: ctx.get_raw(at + 2).as_i64_or_null().map_err(bad)?,
        ended_day: ctx.get_raw(at + 3).as_i64_or_null().map_err(bad)?,
        supervised: ctx.get_raw(at + 4).as_i64().map_err(bad)?,
    })
}

/// [`for_each_span_days`] with the dates as dates and the run's department, for callers that
/// reason about dates and departments.
pub fn for_each_span(
    store: &Store,
    first: i64,
    last: i64,
    mut visit: impl FnMut(SpanRow),
) -> Result<()> {
    let conn = match store.conn() {
        Connection::Sqlite(c) => c,
        Connection::Pg(p) => {
            return pg::runs(p, first, last, |appeal_id, s, department_id| {
                if let Some(v) = span_row(appeal_id, s, department_id) {
                    visit(v);
                }
            });
        }
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT appeal_id, {RUN_COLUMNS}, department_id
         FROM stage_spans WHERE appeal_id BETWEEN ?1 AND ?2"
    ))?;
    let mut rows = stmt.query(params![first, last])?;
    while let Some(r) = rows.next()? {
        if let Some(v) = span_row(int(r, 0)?, &run_days(r, 1)?, opt_int(r, 6)?) {
            visit(v);
        }
    }
    Ok(())
}

/// A run with its dates as dates; `None` for a start day out of the calendar's range.
fn span_row(appeal_id: i64, s: &RunDays, department_id: Option<i64>) -> Option<SpanRow> {
    Some(SpanRow {
        appeal_id,
        stage: s.stage,
        started_on: from_day_number(s.started_day)?,
        due_date: s.due_day.and_then(from_day_number),
        ended_on: s.ended_day.and_then(from_day_number),
        supervised: s.supervised,
        department_id,
    })
}

/// Department names by id (retired departments included: old appeals still name them).
pub fn department_names(store: &Store) -> Result<Vec<(i64, String)>> {
    let conn = store.conn();
    let mut stmt = conn.prepare_cached("SELECT id, name FROM departments ORDER BY id")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<sql::Result<Vec<_>>>()?;
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
