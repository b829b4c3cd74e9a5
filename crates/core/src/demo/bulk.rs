//! Bulk-load mode for demo data: what is switched off while a million appeals are written, and
//! switched back on afterwards whatever happened, so the file always keeps its full schema.
//!
//! * No WAL double write, no fsync, a 1 GB page cache, foreign keys checked by `check` rather than
//!   per row. (The FTS index merges only when a level fills up — `automerge` is 0 — which also
//!   suits bulk loading.)
//! * Secondary indexes whose keys arrive in random order are dropped and built once at the end:
//!   a sort instead of a million random B-tree inserts.
//! * The trigger that derives stage runs from each event is dropped: the simulation writes the
//!   runs itself (`demo::spans`).

use crate::error::Result;
use crate::store::stage_spans::FEED_TRIGGER;
use rusqlite::Connection;

/// The schema objects dropped for the load, as `CREATE` statements to run again.
pub(super) struct Deferred(Vec<String>);

/// Enters bulk-load mode on an empty file.
pub(super) fn begin(conn: &Connection) -> Result<Deferred> {
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF; PRAGMA synchronous = OFF; PRAGMA journal_mode = DELETE;
         PRAGMA cache_size = -1048576;",
    )?;
    let dropped: Vec<(String, String, String)> = {
        let mut stmt = conn.prepare(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND (
                 (type = 'index'
                  AND tbl_name IN ('appeals', 'appellants', 'plans', 'feedbacks', 'progress_reports',
                                   'tracking', 'appeal_sketch')
                  AND name NOT IN ('appeals_registered', 'appeals_received'))
                 OR (type = 'trigger' AND name = ?1))",
        )?;
        stmt.query_map([FEED_TRIGGER], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    for (kind, name, _) in &dropped {
        let kind = if kind == "trigger" {
            "TRIGGER"
        } else {
            "INDEX"
        };
        conn.execute_batch(&format!("DROP {kind} {name}"))?;
    }
    Ok(Deferred(
        dropped.into_iter().map(|(_, _, sql)| sql).collect(),
    ))
}

/// Leaves bulk-load mode: the dropped objects again, the normal pragmas.
pub(super) fn finish(conn: &Connection, deferred: Deferred) -> Result<()> {
    for sql in &deferred.0 {
        conn.execute_batch(sql)?;
    }
    let restore = conn.execute_batch(
        "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA cache_size = -65536; PRAGMA optimize;",
    );
    crate::store::db::configure(conn)?;
    restore?;
    Ok(())
}
