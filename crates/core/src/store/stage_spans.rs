//! Stage runs (`stage_spans`, migration 003) outside the trigger that normally keeps them: the
//! first run of a newly registered appeal ([`open_first`]; migration 007 keeps `register` events
//! out of the trigger), bulk insertion for the demo generator, which folds the same rule in Rust
//! while it simulates (the `spans` module of `minyi-demo`), and [`rebuild`], which derives every
//! run from the event log through the trigger's own rule — the reference the others are tested
//! against, and a repair.

use crate::error::Result;
use crate::model::Appeal;
use crate::store::sql::{Connection, params};
use crate::time::day_number;

/// The trigger that feeds each new event into the rule. A bulk load ([`super::bulk::BulkLoad`])
/// drops it while the demo generator loads (it writes the runs itself) and creates it again
/// afterwards.
pub const FEED_TRIGGER: &str = "events_stage_spans";

/// One stage run, dates as day numbers (days since 1970-01-01).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpanRow {
    pub appeal_id: i64,
    pub seq: i64,
    pub stage: String,
    pub department_id: Option<i64>,
    pub started_day: i64,
    pub due_day: Option<i64>,
    pub due_now_day: Option<i64>,
    pub ended_day: Option<i64>,
    pub supervised: i64,
}

/// Opens the first run of appeal `a`, just registered (its id set): what the trigger's rule derives
/// from the `register` event, whose `set` holds all of `a`'s tracked fields. Nothing when `a` has
/// no stage or start (as the rule). Call after inserting `a`, in the same transaction.
pub(crate) fn open_first(conn: &Connection, a: &Appeal) -> Result<()> {
    let (Some(stage), Some(started)) = (a.stage, a.stage_started_on) else {
        return Ok(());
    };
    let due = a.due_date.map(day_number);
    insert(
        conn,
        &SpanRow {
            appeal_id: a.id,
            seq: 1,
            stage: stage.code().to_string(),
            department_id: a.department_id,
            started_day: day_number(started),
            due_day: due,
            due_now_day: due,
            ended_day: None,
            supervised: 0,
        },
    )
}

/// Inserts a finished run (bulk loaders).
pub(crate) fn insert(conn: &Connection, s: &SpanRow) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO stage_spans(appeal_id, seq, stage, department_id, started_day, due_day,
                                 due_now_day, ended_day, supervised)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        s.appeal_id,
        s.seq,
        s.stage,
        s.department_id,
        s.started_day,
        s.due_day,
        s.due_now_day,
        s.ended_day,
        s.supervised
    ])?;
    Ok(())
}

/// Every run, in key order (tests compare the runs written with the runs derived).
#[cfg(any(test, feature = "testing"))]
pub(crate) fn all(conn: &Connection) -> Result<Vec<SpanRow>> {
    let mut st = conn.prepare(
        "SELECT appeal_id, seq, stage, department_id, started_day, due_day, due_now_day,
                ended_day, supervised
         FROM stage_spans ORDER BY appeal_id, seq",
    )?;
    let rows = st
        .query_map([], |r| {
            Ok(SpanRow {
                appeal_id: r.get(0)?,
                seq: r.get(1)?,
                stage: r.get(2)?,
                department_id: r.get(3)?,
                started_day: r.get(4)?,
                due_day: r.get(5)?,
                due_now_day: r.get(6)?,
                ended_day: r.get(7)?,
                supervised: r.get(8)?,
            })
        })?
        .collect::<crate::store::sql::Result<_>>()?;
    Ok(rows)
}

/// Derives every run again from the event log, oldest event first, through the trigger's rule
/// (the backfill of migration 003). Call inside a transaction. (The migration runs the same SQL;
/// this is for tests that check the trigger and the demo generator against it.) On PostgreSQL the
/// events go one by one, in id order, through the baseline's `minyi_stage_span_feed` — the
/// function its trigger calls — so the rebuild checks the ported rule as SQLite's checks its own.
#[cfg(any(test, feature = "testing"))]
pub(crate) fn rebuild(conn: &Connection) -> Result<()> {
    let sql = match conn {
        Connection::Sqlite(_) => {
            "DELETE FROM stage_spans;
             INSERT INTO stage_span_feed(appeal_id, at, action, payload)
             SELECT appeal_id, at, action, payload FROM events
             WHERE json_type(payload, '$.set.stage') IS NOT NULL
                OR json_type(payload, '$.set.stageStartedOn') IS NOT NULL
                OR json_type(payload, '$.set.dueDate') IS NOT NULL
                OR json_type(payload, '$.set.departmentId') IS NOT NULL
                OR action = 'issue_supervision'
             ORDER BY id;"
        }
        Connection::Pg(_) => {
            "DELETE FROM stage_spans;
             DO $$
             DECLARE e record;
             BEGIN
                 FOR e IN SELECT appeal_id, at, action, payload FROM events
                          WHERE payload::jsonb -> 'set' ?| ARRAY['stage', 'stageStartedOn',
                                                                 'dueDate', 'departmentId']
                             OR action = 'issue_supervision'
                          ORDER BY id
                 LOOP
                     PERFORM minyi_stage_span_feed(e.appeal_id, e.at, e.action, e.payload);
                 END LOOP;
             END $$;"
        }
    };
    conn.execute_batch(sql)?;
    Ok(())
}
