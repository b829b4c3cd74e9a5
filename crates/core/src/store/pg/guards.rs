//! The append-only guards of the three hash-chained logs on PostgreSQL: the baseline
//! (`migrations/pg/016_baseline.sql`) gives `events`, `security_log` and `access_log` each a row
//! trigger refusing UPDATE and DELETE (`<table>_append_only`) and a statement trigger refusing
//! TRUNCATE (`<table>_no_truncate`). The owner of the tables can disable or drop them — the
//! office's role cannot — so `check` asks whether they are still there and enabled. The catalogue
//! query lives here, beside the schema that creates the triggers, rather than in `check`.

use crate::error::Result;
use crate::store::sql::{Connection, params};

/// Whether both guards of `table` (in the store's schema) are present and fire for the office's
/// sessions: `tgenabled` `O` (origin and local, the default) or `A` (always). `D` is disabled, and
/// `R` (`ENABLE REPLICA TRIGGER`) fires only under `session_replication_role = replica` — never
/// for the office's sessions, so a guard switched to it guards nothing.
pub(crate) fn chain_guarded(conn: &Connection, table: &str) -> Result<bool> {
    let guarded: i64 = conn.query_row(
        "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
         WHERE c.relname = ?1 AND c.relnamespace = current_schema()::regnamespace
           AND t.tgname IN (?2, ?3) AND t.tgenabled IN ('O', 'A')",
        params![
            table,
            format!("{table}_append_only"),
            format!("{table}_no_truncate")
        ],
        |x| x.get(0),
    )?;
    Ok(guarded == 2)
}
