//! Bare database operations that `minyi-cli bench` measures beside the real code paths, so that
//! the cost of our layers (checks, numbering, events, index, masking, the write lock) is visible:
//! the same rows inserted with nothing else around them, the same term looked up in the index
//! alone; and the reads that pick the department the bench lists and tell the database's size.
//!
//! Nothing here is used by the application itself; it lives in the store because it is SQL. Both
//! stores are measured by the same bench (decision 0014 §5): on PostgreSQL the bare insert is a
//! plain `BEGIN`/`COMMIT` without the advisory write lock, and the bare search is the `LIKE` query
//! pg_trgm's indexes answer themselves (no pair index, no backlog, no count).

use crate::error::Result;
use crate::store::Store;
use crate::store::appeals;
use crate::store::search::{fts_phrase, like_pattern, uses_index};
use crate::store::sql::{Connection, OptionalExtension, params};

/// The id the bench numbers its bare rows from: a million above the file's last appeal, far
/// above every appeal and appellant the bench's registrations add meanwhile.
pub fn first_free_id(store: &Store) -> Result<i64> {
    Ok(appeals::last_id(store.conn())? + 1_000_000)
}

/// The two rows a registration writes at the least (appellant and appeal), with made-up fixed
/// values where the real use case computes them.
#[derive(Debug, Clone)]
pub struct BareAppeal<'a> {
    /// Used for both rows; choose ids far above the file's ([`first_free_id`]; see
    /// [`delete_bare_appeals`]).
    pub id: i64,
    pub name: &'a str,
    pub phone: Option<&'a str>,
    pub address: Option<&'a str>,
    pub reg_number: &'a str,
    pub subject: &'a str,
    pub content: &'a str,
    /// Received, registered and updated (stored text form).
    pub at: &'a str,
}

/// Inserts the two rows of `a` in a transaction of their own, committed durably.
pub fn insert_bare_appeal(store: &Store, a: &BareAppeal<'_>) -> Result<()> {
    let conn = store.conn();
    // SQLite's write transaction takes the file's write lock up front as the real ones do;
    // PostgreSQL's plain BEGIN leaves out the advisory lock the real ones take (our layer's cost).
    conn.execute_batch(if conn.pg().is_some() {
        "BEGIN"
    } else {
        "BEGIN IMMEDIATE"
    })?;
    let written = (|| -> crate::store::sql::Result<()> {
        conn.prepare_cached(
            "INSERT INTO appellants(id, name, phone, address, anonymous) VALUES (?1, ?2, ?3, ?4, 0)",
        )?
        .execute(params![a.id, a.name, a.phone, a.address])?;
        conn.prepare_cached(
            "INSERT INTO appeals(id, reg_number, appellant_id, channel, category, category_confirmed, subject, content,
                urgency, major, received_at, registered_at, registered_by, status, round, stage, stage_started_on,
                stage_days, due_date, expected_feedback_date, supervision_count, escalated, updated_at)
             VALUES (?1, ?2, ?1, 'walk_in', 'complaint', 0, ?3, ?4, 'normal', 0, ?5, ?5, 1, 'registered', 1,
                'initial_review', '2026-11-27', 2, '2026-12-01', '2026-12-16', 0, 0, ?5)",
        )?
        .execute(params![a.id, a.reg_number, a.subject, a.content, a.at])?;
        conn.execute_batch("COMMIT")
    })();
    // The plain BEGIN above is not the layer's transaction, so the layer cannot say whether one
    // is open; a ROLLBACK without one is harmless on both stores.
    if written.is_err() {
        let _ = conn.execute_batch("ROLLBACK");
    }
    Ok(written?)
}

/// Removes the bare rows again: every appeal and appellant from `first_id` on.
pub fn delete_bare_appeals(store: &Store, first_id: i64) -> Result<()> {
    let conn = store.conn();
    if conn.pg().is_some() {
        return delete_bare_on_pg(conn, first_id);
    }
    // The bare rows have no children; with foreign keys on, SQLite would still look for them in
    // every child table, and `appeal_sketch` has no index by appeal (nothing else deletes
    // appeals), so each deleted row cost a scan of millions of rows.
    conn.execute_batch("PRAGMA foreign_keys = OFF")?;
    let cleaned = delete_from(conn, first_id);
    conn.execute_batch("PRAGMA foreign_keys = ON")?;
    cleaned
}

/// PostgreSQL's counterpart of turning foreign keys off: `session_replication_role = replica` for
/// the one transaction, which skips the foreign-key checks (a scan of `appeal_sketch` per deleted
/// appeal, as on SQLite) — a setting only a superuser, or a role granted it (PostgreSQL 15+: `GRANT
/// SET ON PARAMETER session_replication_role`), may make. Without that right the rows are deleted
/// with the checks: correct, only slow on a big database.
fn delete_bare_on_pg(conn: &Connection, first_id: i64) -> Result<()> {
    conn.execute_batch("BEGIN")?;
    let skipped = conn.execute_batch("SET LOCAL session_replication_role = replica");
    if skipped.is_err() {
        conn.execute_batch("ROLLBACK; BEGIN")?;
    }
    match delete_from(conn, first_id) {
        Ok(()) => Ok(conn.execute_batch("COMMIT")?),
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

/// Deletes the bare rows (appeals first: they reference their appellants).
fn delete_from(conn: &Connection, first_id: i64) -> Result<()> {
    conn.execute("DELETE FROM appeals WHERE id >= ?1", [first_id])?;
    conn.execute("DELETE FROM appellants WHERE id >= ?1", [first_id])?;
    Ok(())
}

/// The newest 50 appeals whose text holds `term`, straight from the trigram index (3 characters
/// or more) or a `LIKE` scan (shorter terms): how many were found.
pub fn bare_search(store: &Store, term: &str) -> Result<usize> {
    let conn = store.conn();
    if uses_index(term) && conn.pg().is_none() {
        let mut st = conn.prepare_cached(
            "SELECT rowid FROM appeal_fts WHERE appeal_fts MATCH ?1 ORDER BY rowid DESC LIMIT 50",
        )?;
        let rows = st.query_map([fts_phrase(term)], |r| r.get::<_, i64>(0))?;
        Ok(rows.count())
    } else {
        let mut st = conn.prepare_cached(
            "SELECT id FROM appeals WHERE subject LIKE ?1 ESCAPE '\\' OR content LIKE ?1 ESCAPE '\\' ORDER BY id DESC LIMIT 50",
        )?;
        let rows = st.query_map([like_pattern(term)], |r| r.get::<_, i64>(0))?;
        Ok(rows.count())
    }
}

/// The department with the most appeals waiting in `routed` (the bench's list filter), if any.
pub fn busiest_routed_department(store: &Store) -> Result<Option<i64>> {
    Ok(store
        .conn()
        .query_row(
            "SELECT department_id FROM appeals WHERE status = 'routed' AND department_id IS NOT NULL
             GROUP BY department_id ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?)
}

/// The database's size in bytes: the file with its write-ahead log, or PostgreSQL's own figure
/// for the database (tables, indexes and their TOAST; not the server's write-ahead log).
pub fn database_bytes(store: &Store) -> Result<u64> {
    let conn = store.conn();
    if conn.pg().is_some() {
        let n: i64 = conn.query_row("SELECT pg_database_size(current_database())", [], |r| {
            r.get(0)
        })?;
        return Ok(n.max(0) as u64);
    }
    let size = |p: &str| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    Ok(conn
        .path()
        .map(|p| size(p) + size(&format!("{p}-wal")))
        .unwrap_or(0))
}
