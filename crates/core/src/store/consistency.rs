//! The whole-office consistency queries `check` runs beside the chain walks: counts of rows that
//! contradict each other (an appeal without events, a current archive number the register does
//! not hold, a due date before its stage began) and the archive-number sequences per category and
//! year. Kept in the store, in the neutral SQL both databases run, so that `check` holds the rules
//! and their Chinese sentences and no SQL; each answers a count or a small summary, never rows.

use crate::error::Result;
use crate::store::sql::{self, Connection};

/// How many appeals and how many events the office holds.
pub(crate) fn sizes(conn: &Connection) -> Result<(i64, i64)> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM appeals), (SELECT count(*) FROM events)",
        [],
        |x| Ok((x.get(0)?, x.get(1)?)),
    )?)
}

/// Appeals that have no event at all (every appeal's registration is one).
pub(crate) fn appeals_without_events(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM appeals a WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.appeal_id = a.id)",
        [],
        |x| x.get(0),
    )?)
}

/// One category and year of the archive-number register: how many numbers, the lowest and
/// highest sequence number, how many distinct ones.
pub(crate) struct ArchiveSequence {
    pub category: String,
    pub year: i64,
    pub count: i64,
    pub min: i64,
    pub max: i64,
    pub distinct: i64,
}

/// The archive-number register summed up per (category, year).
pub(crate) fn archive_sequences(conn: &Connection) -> Result<Vec<ArchiveSequence>> {
    let mut stmt = conn.prepare(
        "SELECT category, year, count(*), min(seq), max(seq), count(DISTINCT seq) FROM archive_numbers GROUP BY category, year",
    )?;
    let groups = stmt
        .query_map([], |x| {
            Ok(ArchiveSequence {
                category: x.get(0)?,
                year: x.get(1)?,
                count: x.get(2)?,
                min: x.get(3)?,
                max: x.get(4)?,
                distinct: x.get(5)?,
            })
        })?
        .collect::<sql::Result<Vec<_>>>()?;
    Ok(groups)
}

/// Appeals whose current archive number is not the register's current number for them.
pub(crate) fn unregistered_archive_numbers(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM appeals a WHERE a.archive_number IS NOT NULL AND NOT EXISTS
           (SELECT 1 FROM archive_numbers n WHERE n.number = a.archive_number AND n.appeal_id = a.id AND n.superseded = 0)",
        [],
        |x| x.get(0),
    )?)
}

/// Appeals whose due date lies before the day their stage started.
pub(crate) fn due_before_stage_start(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM appeals WHERE due_date IS NOT NULL AND stage_started_on IS NOT NULL AND due_date < stage_started_on",
        [],
        |x| x.get(0),
    )?)
}
