//! The statistics' rows on PostgreSQL (decision 0014, §4 (D)): the same rows as on SQLite are
//! streamed (`query_raw`: the binary rows decoded as they arrive, never a whole year's rows in
//! memory) and folded in Rust by the same `step`; the SQL is PostgreSQL's own here (`$N`, explicit
//! `ORDER BY` for the order SQLite's index and clustered table give) rather than the layer's
//! rewrite, since the layer fetches rows whole. The department names are the layer's shared SQL
//! on both stores. While a PostgreSQL scan streams, the store's connection is busy: a visitor must
//! not call into the store (none does — they fold plain values; a fold's `step` is a plain `fn`
//! and cannot).
//!
//! Measured (2,000,000 synthetic runs of 500,000 appeals, PostgreSQL 15 on the loaded 2-core
//! development machine, debug build): streaming every run into a fold takes 16–24 s, of which
//! the server's share is about 2.4 s (`COPY (…) TO '/dev/null'` of the same query); the rest is
//! the client's work per row, unoptimised in a debug build (`tokio-postgres` and
//! `postgres-protocol` at opt-level 0; a binary `COPY` read by hand was no faster, since the
//! server sends a message per row there too). So [`fold_run_days`](super::fold_run_days), the fold of an unfiltered
//! period, has PostgreSQL group equal runs and hand each group to `step` as many times as it
//! counts: the 200,000-appeal demo's 1,126,927 runs are 57,992 distinct, 19 times fewer rows;
//! the synthetic runs, which group much further, fold in 1.5–1.7 s (the server's aggregation).
//! [`fold_span_days`](super::fold_span_days) and the visitors, which need each run's appeal, still stream every row; a
//! release build's figures for them belong to the bench slice (decision 0014, §4, step 6).

use super::{CohortFilter, CohortRow, RunDays, cohort_params};
use crate::error::Result;
use crate::model::{Category, Channel, Satisfaction, Stage, Status};
use crate::store::sql::{self, PgConn};
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::ToSql as PgToSql;

/// [`COHORT_WHERE`](super::COHORT_WHERE) for PostgreSQL, which cannot infer a parameter's type
/// from `$3 IS NULL` alone: the optional filters are typed.
macro_rules! pg_cohort_where {
    () => {
        "FROM appeals
         WHERE received_at >= $1 AND received_at < $2
           AND ($3::text IS NULL OR category = $3)
           AND ($4::text IS NULL OR channel = $4)
           AND ($5::bigint IS NULL OR department_id = $5)"
    };
}

/// The cohort's appeals on PostgreSQL, in order of receipt: exactly the order SQLite's scan of
/// `appeals_stats` gives (its columns, NULL first as SQLite sorts it, then the id); PostgreSQL
/// walks the same index by `received_at` and sorts the rest incrementally.
const PG_APPEALS: &str = concat!(
    "SELECT id, category, channel, department_id, status, satisfaction, round,
            supervision_count, escalated, major ",
    pg_cohort_where!(),
    " ORDER BY received_at, category, channel, department_id NULLS FIRST, status,
              satisfaction NULLS FIRST, round, supervision_count, escalated, major, id"
);

/// The runs of an id range on PostgreSQL, in (appeal, run) order as SQLite's clustered table
/// gives them.
const PG_RUNS: &str = "SELECT appeal_id, stage, started_day, due_day, ended_day, supervised,
            department_id
     FROM stage_spans WHERE appeal_id BETWEEN $1 AND $2 ORDER BY appeal_id, seq";

/// The runs of an id range on PostgreSQL without appeal ids, equal runs counted once: the demo's
/// 1,126,927 runs are 57,992 distinct (stage, days, notices), so 19 times fewer rows cross
/// from the server (see the module docs). The order is not SQLite's (which `fold_run_days` does
/// not promise).
const PG_RUN_GROUPS: &str = "SELECT stage, started_day, due_day, ended_day, supervised, count(*)
     FROM stage_spans WHERE appeal_id BETWEEN $1 AND $2
     GROUP BY stage, started_day, due_day, ended_day, supervised";

/// Streams the rows of `query` with `params` into `each` (see the module docs: the connection is
/// busy meanwhile).
fn pg_stream(
    p: &PgConn,
    query: &str,
    params: &[&(dyn PgToSql + Sync)],
    mut each: impl FnMut(&postgres::Row) -> std::result::Result<(), postgres::Error>,
) -> Result<()> {
    let mut client = p.client();
    let mut run = |client: &mut postgres::Client| {
        let st = client.prepare(query)?;
        let mut rows = client.query_raw(&st, params.iter().copied())?;
        while let Some(r) = rows.next()? {
            each(&r)?;
        }
        Ok(())
    };
    run(&mut client).map_err(|e: postgres::Error| sql::Error::from(e).into())
}

/// [`for_each_appeal`](super::for_each_appeal) on PostgreSQL.
pub(super) fn appeals(
    p: &PgConn,
    f: &CohortFilter,
    mut visit: impl FnMut(CohortRow),
) -> Result<()> {
    let (from, to, category, channel, department) = cohort_params(f);
    pg_stream(
        p,
        PG_APPEALS,
        &[&from, &to, &category, &channel, &department],
        |r| {
            visit(CohortRow {
                id: r.try_get(0)?,
                category: Category::from_db_bytes(r.try_get::<_, &str>(1)?.as_bytes()),
                channel: Channel::from_db_bytes(r.try_get::<_, &str>(2)?.as_bytes()),
                department_id: r.try_get(3)?,
                status: Status::from_db_bytes(r.try_get::<_, &str>(4)?.as_bytes()),
                satisfaction: r
                    .try_get::<_, Option<&str>>(5)?
                    .map(|s| Satisfaction::from_db_bytes(s.as_bytes())),
                round: r.try_get(6)?,
                supervision_count: r.try_get(7)?,
                escalated: r.try_get::<_, i64>(8)? != 0,
                major: r.try_get::<_, i64>(9)? != 0,
            });
            Ok(())
        },
    )
}

/// A run's columns (`RUN_COLUMNS`' five) from column `at` of a streamed row, as the SQLite side's
/// `run_days` reads them.
fn run_days(r: &postgres::Row, at: usize) -> std::result::Result<RunDays, postgres::Error> {
    Ok(RunDays {
        stage: Stage::from_db_bytes(r.try_get::<_, &str>(at)?.as_bytes()),
        started_day: r.try_get(at + 1)?,
        due_day: r.try_get(at + 2)?,
        ended_day: r.try_get(at + 3)?,
        supervised: r.try_get(at + 4)?,
    })
}

/// The runs of `first..=last` on PostgreSQL, each with its appeal's id and department.
pub(super) fn runs(
    p: &PgConn,
    first: i64,
    last: i64,
    mut visit: impl FnMut(i64, &RunDays, Option<i64>),
) -> Result<()> {
    pg_stream(p, PG_RUNS, &[&first, &last], |r| {
        let run = run_days(r, 1)?;
        visit(r.try_get(0)?, &run, r.try_get(6)?);
        Ok(())
    })
}

/// The distinct runs of `first..=last` on PostgreSQL, each with how many runs it stands for.
pub(super) fn run_groups(
    p: &PgConn,
    first: i64,
    last: i64,
    mut visit: impl FnMut(&RunDays, i64),
) -> Result<()> {
    pg_stream(p, PG_RUN_GROUPS, &[&first, &last], |r| {
        let run = run_days(r, 0)?;
        visit(&run, r.try_get(5)?);
        Ok(())
    })
}

/// [`count_appeals`](super::count_appeals) on PostgreSQL.
pub(super) fn count_appeals(p: &PgConn, f: &CohortFilter) -> Result<i64> {
    let (from, to, category, channel, department) = cohort_params(f);
    let mut n = 0;
    pg_stream(
        p,
        concat!("SELECT count(*) ", pg_cohort_where!()),
        &[&from, &to, &category, &channel, &department],
        |r| {
            n = r.try_get(0)?;
            Ok(())
        },
    )?;
    Ok(n)
}
