//! The `return_visits` and `return_visit_attempts` tables (migration 012): the return-visit queue
//! (回访) and every call made for it. The rules (who enters, when a visit ends) are in
//! [`crate::usecases::record_visit`]; the list and the statistics read them in
//! [`crate::queries::visits`].

use crate::error::{CoreError, Result};
use crate::model::{Satisfaction, VisitStatus};
use crate::store::sql;
use crate::store::sql::{Connection, OptionalExtension, params};

/// A visit as the use case needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Visit {
    pub id: i64,
    pub appeal_id: i64,
    pub status: VisitStatus,
    /// Calls made so far.
    pub attempts: i64,
    /// Calls that reached nobody.
    pub unreached: i64,
}

/// Puts an appeal's round in the queue; `false` when it is there already and finished. A visit
/// held open over a re-handling ([`hold_for_round`]) is queued again at `at`, its calls kept.
pub(crate) fn enqueue(conn: &Connection, appeal_id: i64, round: i64, at: &str) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "INSERT INTO return_visits(appeal_id, round, queued_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(appeal_id, round) DO UPDATE SET queued_at = excluded.queued_at
             WHERE return_visits.status = 'open'",
        )?
        .execute(params![appeal_id, round, at])?;
    Ok(n == 1)
}

/// Moves the appeal's open visit (if any) to `round`, the round a re-handling starts: one visit
/// per appeal, waiting (out of the list, see [`crate::queries::visits`]) until the appeal is
/// closed again and [`enqueue`] re-queues it. Returns whether there was one.
pub(crate) fn hold_for_round(conn: &Connection, appeal_id: i64, round: i64) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE return_visits SET round = ?2 WHERE appeal_id = ?1 AND status = 'open'",
        )?
        .execute(params![appeal_id, round])?;
    Ok(n > 0)
}

/// The visit `id`, with its calls counted.
pub(crate) fn get(conn: &Connection, id: i64) -> Result<Visit> {
    conn.prepare_cached(
        "SELECT v.id, v.appeal_id, v.status,
                (SELECT count(*) FROM return_visit_attempts t WHERE t.visit_id = v.id),
                (SELECT count(*) FROM return_visit_attempts t WHERE t.visit_id = v.id AND t.reached = 0)
         FROM return_visits v WHERE v.id = ?1",
    )?
    .query_row([id], |r| {
        Ok(Visit {
            id: r.get(0)?,
            appeal_id: r.get(1)?,
            status: VisitStatus::from_db(&r.get::<_, String>(2)?),
            attempts: r.get(3)?,
            unreached: r.get(4)?,
        })
    })
    .optional()?
    .ok_or_else(|| CoreError::not_found("找不到该回访记录，请刷新回访名单后再试。"))
}

/// Records one call.
pub(crate) fn insert_attempt(
    conn: &Connection,
    visit_id: i64,
    at: &str,
    user_id: i64,
    reached: bool,
    satisfaction: Option<Satisfaction>,
    remark: Option<&str>,
) -> Result<i64> {
    Ok(conn.prepare_cached(
        "INSERT INTO return_visit_attempts(visit_id, at, user_id, reached, satisfaction, remark)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
    )?
    .query_row(params![
        visit_id,
        at,
        user_id,
        reached,
        satisfaction,
        remark
    ], |r| r.get(0))?)
}

/// Ends a visit: completed with the appellant's satisfaction, or unreached.
pub(crate) fn finish(
    conn: &Connection,
    id: i64,
    status: VisitStatus,
    satisfaction: Option<Satisfaction>,
    at: &str,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE return_visits SET status = ?2, satisfaction = ?3, finished_at = ?4 WHERE id = ?1",
    )?
    .execute(params![id, status, satisfaction, at])?;
    Ok(())
}

/// Queues again at `at` the open visit held for the appeal's `round`, if there is one.
pub(crate) fn requeue_held(
    conn: &Connection,
    appeal_id: i64,
    round: i64,
    at: &str,
) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE return_visits SET queued_at = ?3
             WHERE appeal_id = ?1 AND round = ?2 AND status = 'open'",
        )?
        .execute(params![appeal_id, round, at])?;
    Ok(n > 0)
}

/// The closed appeals (id, closed_at) closed at or after `since`, oldest first, that have no visit
/// for their round: what a bulk load that skipped the closing hook would have queued.
pub(crate) fn closed_without_visit(conn: &Connection, since: &str) -> Result<Vec<(i64, String)>> {
    let mut st = conn.prepare_cached(
        "SELECT a.id, a.closed_at FROM appeals a
         WHERE a.status = 'closed' AND a.closed_at >= ?1
           AND NOT EXISTS (SELECT 1 FROM return_visits v
                           WHERE v.appeal_id = a.id AND v.round = a.round)
         ORDER BY a.closed_at, a.id",
    )?;
    let rows = st
        .query_map([since], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<sql::Result<Vec<_>>>()?;
    Ok(rows)
}
