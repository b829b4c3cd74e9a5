//! Walks over a whole table in keyset batches (`WHERE key > last ORDER BY key LIMIT n`), for the
//! readers that visit every row: the three chain verifiers and `check`'s replay of every appeal's
//! events.
//!
//! Why batches: the PostgreSQL side of the layer (`sql/pg.rs`) fetches a statement's whole result
//! before handing rows out, so one `SELECT … FROM events ORDER BY id` held every event in memory —
//! a `migrate-store` of the 200,000-appeal demo peaked at 1.28 GB, and a city's tens of millions
//! of events would not fit. A batch of [`BATCH`] rows bounds that whatever the table's size. The
//! alternative, a streaming cursor in the layer (`query_raw`), would hold the client borrowed for
//! the life of the rows, and the replay runs other statements (the appeal's row) while it walks.
//!
//! The SQL is the neutral dialect, so both stores run the same walk; on SQLite, which streams
//! anyway, a batch costs one index seek per [`BATCH`] rows and the results are the same. Each
//! batch is a statement of its own: a caller that needs every batch to see the same database runs
//! the walk inside a transaction (`check` opens a read snapshot; `migrate-store` walks inside its
//! write transaction).
//!
//! Measured (`/usr/bin/time -v`, debug build) with `minyi-server migrate-store`, whose
//! verification walks the three chains on both stores and runs `check` on the moved office —
//! peak resident memory with one pass per walk, then in batches:
//!
//! | demo | events | rows moved | one pass | batches |
//! |---|---:|---:|---:|---:|
//! | 20,000 appeals | 145,709 | 443,277 | 146 MB | 32 MB |
//! | 100,000 appeals | 724,779 | 2,202,939 | 649 MB | 30 MB |
//!
//! (CPU time the same: 22 s and 18 s, 87 s and 84 s.) `minyi-cli check` of the 20,000-appeal
//! SQLite file: 5.5–7 s either way, the same within the noise of a shared machine.

use crate::error::Result;
use crate::store::sql::{self, Connection, params};

/// Rows per batch: small enough that a batch of events (about 1 kB each as PostgreSQL's rows) is a
/// few megabytes, large enough that the extra index seek per batch is lost in the noise.
pub(crate) const BATCH: i64 = 10_000;

#[cfg(any(test, feature = "testing"))]
thread_local! {
    static BATCH_FOR_TESTS: std::cell::Cell<i64> = const { std::cell::Cell::new(0) };
}

/// Sets the rows per batch for the calling thread (tests only: `0` restores [`BATCH`]), so that a
/// test's few hundred rows cross many batch boundaries. Per thread, so that tests running side by
/// side in one process do not change each other's batches.
#[cfg(any(test, feature = "testing"))]
pub fn set_batch_for_tests(rows: i64) {
    BATCH_FOR_TESTS.with(|b| b.set(rows));
}

fn batch() -> i64 {
    #[cfg(any(test, feature = "testing"))]
    {
        let n = BATCH_FOR_TESTS.with(|b| b.get());
        if n > 0 {
            return n;
        }
    }
    BATCH
}

/// Visits every row of `select` — `SELECT <columns> FROM <table>` with the integer key `id` as its
/// first column, no WHERE or ORDER — in id order, until `f` answers `false`.
pub(crate) fn by_id(
    conn: &Connection,
    select: &str,
    mut f: impl FnMut(&sql::Row<'_>) -> Result<bool>,
) -> Result<()> {
    let sql = format!("{select} WHERE id > ?1 ORDER BY id LIMIT ?2");
    let n = batch();
    let mut last = i64::MIN;
    loop {
        let mut st = conn.prepare_cached(&sql)?;
        let mut rows = st.query(params![last, n])?;
        let mut seen = 0;
        while let Some(r) = rows.next()? {
            seen += 1;
            last = r.get(0)?;
            if !f(&r)? {
                return Ok(());
            }
        }
        if seen < n {
            return Ok(());
        }
    }
}

/// [`by_id`] for a key of two integer columns, walked in their order: `key` names each and its
/// position in `select` (events by appeal: `appeal_id, id`, which the index `events_appeal` holds).
pub(crate) fn by_pair(
    conn: &Connection,
    select: &str,
    key: [(&str, usize); 2],
    mut f: impl FnMut(&sql::Row<'_>) -> Result<bool>,
) -> Result<()> {
    let [(a, i), (b, j)] = key;
    let sql = format!("{select} WHERE ({a}, {b}) > (?1, ?2) ORDER BY {a}, {b} LIMIT ?3");
    let n = batch();
    let mut last = (i64::MIN, i64::MIN);
    loop {
        let mut st = conn.prepare_cached(&sql)?;
        let mut rows = st.query(params![last.0, last.1, n])?;
        let mut seen = 0;
        while let Some(r) = rows.next()? {
            seen += 1;
            last = (r.get(i)?, r.get(j)?);
            if !f(&r)? {
                return Ok(());
            }
        }
        if seen < n {
            return Ok(());
        }
    }
}
