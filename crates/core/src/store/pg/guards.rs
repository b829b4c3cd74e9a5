//! The append-only guards of the three hash-chained logs on PostgreSQL: the baseline
//! (`migrations/pg/016_baseline.sql`) gives `events`, `security_log` and `access_log` each a row
//! trigger refusing UPDATE and DELETE (`<table>_append_only`) and a statement trigger refusing
//! TRUNCATE (`<table>_no_truncate`). The owner of the tables can disable or drop them — the
//! office's role cannot — so `check` asks whether they are still there and enabled. The catalogue
//! query lives here, beside the schema that creates the triggers, rather than in `check`.

use crate::error::Result;
use crate::store::sql::{Connection, params};

/// Whether both guards of `table` are present and enabled (`tgenabled` other than `D`: a trigger
/// switched to fire on replicas only or always still fires for the office's sessions).
pub(crate) fn chain_guarded(conn: &Connection, table: &str) -> Result<bool> {
    let guarded: i64 = conn.query_row(
        "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
         WHERE c.relname = ?1 AND t.tgname IN (?2, ?3) AND t.tgenabled <> 'D'",
        params![
            table,
            format!("{table}_append_only"),
            format!("{table}_no_truncate")
        ],
        |x| x.get(0),
    )?;
    Ok(guarded == 2)
}
