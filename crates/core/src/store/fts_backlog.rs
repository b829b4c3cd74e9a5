//! The full-text backlog: appeals registered one at a time that the trigram index has not taken
//! yet.
//!
//! Writing one appeal into `appeal_fts` costs FTS5 a segment of its own (flushed within the
//! registration's transaction) and, every sixteenth time, a merge of sixteen of them: about a third
//! of a registration's work. So a registration only records its appeal here ([`add`]), and the
//! registration that brings the backlog to [`BATCH`] writes all waiting appeals with one statement
//! ([`drain`]) — one segment for the batch, in the same transaction as the rest of that user action.
//!
//! Search must not miss a waiting appeal: `queries::list` adds the appeals of the backlog whose own
//! columns match the term by `LIKE` ([`matches_sql`]) to what the index finds. An appeal is in the
//! index or in the backlog, never both: the entry is made from the appeal's columns when it is
//! written, so re-indexing a waiting appeal (a new archive number) has nothing to do
//! ([`crate::store::search::index`]). Batch imports write their entries directly, already batched.
//!
//! On PostgreSQL there is no backlog (decision 0014, §2.4: GIN's pending list is PostgreSQL's own,
//! and searches see its entries at once): [`add`] writes the appeal's search row at once
//! (`search::pg`), and every other function here answers "empty" and writes nothing.

use crate::error::Result;
use crate::store::search;
use crate::store::sql::{self, Connection};

/// How many appeals wait before a registration writes them into the index. Bigger batches share
/// more of the segment; the registration that drains pays for all of them (about 2 ms for 32).
pub const BATCH: i64 = 32;

/// The waiting appeals whose text matches the `LIKE` pattern bound at `param` (escaped with `\`,
/// see [`search::like_pattern`]), as the index would match the same term: subject, content, the
/// appellant's address (`with_address`, see [`search::fts_query`]), every number ever issued.
/// CROSS JOIN: the backlog drives, or the planner, knowing nothing of this small table, may scan
/// all appeals instead.
pub(crate) fn matches_sql(param: &str, with_address: bool) -> String {
    let address = if with_address {
        format!("OR pb.address LIKE {param} ESCAPE '\\'")
    } else {
        String::new()
    };
    format!(
        "SELECT b.appeal_id FROM fts_backlog b
         CROSS JOIN appeals ab ON ab.id = b.appeal_id CROSS JOIN appellants pb ON pb.id = ab.appellant_id
         WHERE ab.subject LIKE {param} ESCAPE '\\' OR ab.content LIKE {param} ESCAPE '\\'
            {address} OR ab.reg_number LIKE {param} ESCAPE '\\'
            OR EXISTS (SELECT 1 FROM archive_numbers nb
                       WHERE nb.appeal_id = b.appeal_id AND nb.number LIKE {param} ESCAPE '\\')"
    )
}

/// Every appeal whose text contains the term: the index's matches (FTS5 phrase bound at `phrase`)
/// and the waiting appeals' (LIKE pattern bound at `pattern`), newest first, at most `cap`. The
/// compound's ORDER BY lets SQLite merge the index's rowid order with the few waiting ones
/// instead of sorting every match.
pub(crate) fn search_sql(phrase: &str, pattern: &str, cap: i64, with_address: bool) -> String {
    format!(
        "SELECT rowid AS id FROM appeal_fts WHERE appeal_fts MATCH {phrase}
         UNION ALL {}
         ORDER BY 1 DESC LIMIT {cap}",
        matches_sql(pattern, with_address)
    )
}

/// Records a newly registered appeal for the index; writes the batch when it is full. On
/// PostgreSQL, writes the appeal's search row.
pub(crate) fn add(conn: &Connection, appeal_id: i64) -> Result<()> {
    if conn.pg().is_some() {
        return search::pg::index_stored(conn, appeal_id);
    }
    conn.prepare_cached("INSERT INTO fts_backlog(appeal_id) VALUES (?1)")?
        .execute([appeal_id])?;
    if len(conn)? >= BATCH {
        drain(conn)?;
    }
    Ok(())
}

/// How many appeals wait.
pub(crate) fn len(conn: &Connection) -> Result<i64> {
    if conn.pg().is_some() {
        return Ok(0);
    }
    Ok(conn
        .prepare_cached("SELECT count(*) FROM fts_backlog")?
        .query_row([], |r| r.get(0))?)
}

/// How many appeals the search reaches: those in the index plus those waiting for it (`check`
/// compares it with the number of appeals); `None` when the index cannot be counted. On
/// PostgreSQL, the appeals with a search row.
pub(crate) fn searchable(conn: &Connection) -> Option<i64> {
    if conn.pg().is_some() {
        return conn
            .query_row("SELECT count(*) FROM appeal_search", [], |r| r.get(0))
            .ok();
    }
    conn.query_row(
        "SELECT (SELECT count(*) FROM appeal_fts) + (SELECT count(*) FROM fts_backlog)",
        [],
        |r| r.get(0),
    )
    .ok()
}

/// Whether the appeal waits for the index.
pub(crate) fn contains(conn: &Connection, appeal_id: i64) -> Result<bool> {
    if conn.pg().is_some() {
        return Ok(false);
    }
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM fts_backlog WHERE appeal_id = ?1)")?
        .query_row([appeal_id], |r| r.get(0))?)
}

/// The waiting appeals' columns, backlog first (CROSS JOIN, as in [`matches_sql`]: with the plain
/// join the planner walked all appeals in id order to save the sort).
#[doc(hidden)]
pub const DRAIN_SQL: &str =
    "SELECT a.id, a.subject, a.content, coalesce(p.address, ''), a.reg_number
     FROM fts_backlog b CROSS JOIN appeals a ON a.id = b.appeal_id
     CROSS JOIN appellants p ON p.id = a.appellant_id ORDER BY b.appeal_id";

/// Writes every waiting appeal into the index, as its columns are now; returns how many.
pub(crate) fn drain(conn: &Connection) -> Result<usize> {
    if conn.pg().is_some() {
        return Ok(0);
    }
    let mut st = conn.prepare_cached(DRAIN_SQL)?;
    let waiting = st
        .query_map([], |r| {
            Ok(search::NewEntry {
                appeal_id: r.get(0)?,
                subject: r.get(1)?,
                content: r.get(2)?,
                address: r.get(3)?,
                numbers: r.get(4)?,
            })
        })?
        .collect::<sql::Result<Vec<_>>>()?;
    let mut entries = Vec::with_capacity(waiting.len());
    for mut e in waiting {
        e.numbers = search::numbers(conn, e.appeal_id, &e.numbers)?;
        entries.push(e);
    }
    search::index_new_many(conn, &entries)?;
    conn.prepare_cached("DELETE FROM fts_backlog")?
        .execute([])?;
    Ok(entries.len())
}
