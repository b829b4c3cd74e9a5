//! Bulk-load mode on PostgreSQL: what a load sets aside before its first row and puts back after
//! its last — the big tables' secondary indexes and every foreign key dropped (as SQLite's side
//! drops its indexes and turns `foreign_keys` off), the stage-span trigger off (the loader writes
//! the runs itself), the identities at the next id — and the batches' transactions. Apart from
//! `pg.rs`, which turns rows into COPY streams: this is schema work, done once per load.
//!
//! Setting aside is one transaction (PostgreSQL's DDL is transactional); putting back tries every
//! statement whatever failed before it, and builds the indexes on one connection per core.

use super::pg::pg_err;
use crate::error::{CoreError, Result};
use crate::store::sql::Connection;

/// The big tables whose secondary indexes a load drops and builds again at the end, the search
/// table's among them (the trigram and pairs GIN indexes are the costliest to keep up row by row).
const DEFERRED_TABLES: &[&str] = &[
    "appeals",
    "appellants",
    "plans",
    "feedbacks",
    "progress_reports",
    "tracking",
    "appeal_sketch",
    "appeal_search",
];

/// Enters bulk-load mode: drops the secondary indexes of the big tables (keeping the ones the
/// simulation's look-ups need, as on SQLite) and switches the stage-span trigger off (the loader
/// writes the runs itself). Answers the statements that undo it, for [`finish`].
pub(crate) fn begin(conn: &Connection) -> Result<Vec<String>> {
    let pg = conn
        .pg()
        .ok_or_else(|| CoreError::storage("批量写入的目标不是 PostgreSQL 数据库。"))?;
    let mut client = pg.client();
    // One transaction (PostgreSQL's DDL is transactional): either every object is set aside and
    // the undo list answered, or nothing is.
    client.batch_execute("BEGIN").map_err(pg_err)?;
    let undo = set_aside(&mut client);
    let end = if undo.is_ok() { "COMMIT" } else { "ROLLBACK" };
    client.batch_execute(end).map_err(pg_err)?;
    undo
}

/// Drops the secondary indexes and the foreign keys, switches the trigger off and sets the
/// identities; answers the statements that undo it, the trigger's first.
fn set_aside(client: &mut postgres::Client) -> Result<Vec<String>> {
    let tables: Vec<String> = DEFERRED_TABLES.iter().map(|t| t.to_string()).collect();
    let rows = client
        .query(
            "SELECT ci.relname::text, pg_get_indexdef(i.indexrelid)
             FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid
             JOIN pg_class ct ON ct.oid = i.indrelid
             JOIN pg_namespace n ON n.oid = ci.relnamespace
             WHERE n.nspname = current_schema() AND ct.relname = ANY($1)
               AND ci.relname NOT IN ('appeals_registered', 'appeals_received')
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
             ORDER BY ci.relname",
            &[&tables],
        )
        .map_err(pg_err)?;
    client
        .batch_execute("ALTER TABLE events DISABLE TRIGGER events_stage_spans")
        .map_err(pg_err)?;
    let mut undo = vec!["ALTER TABLE events ENABLE TRIGGER events_stage_spans".to_string()];
    for r in rows {
        let name: String = r.get(0);
        client
            .batch_execute(&format!("DROP INDEX \"{name}\""))
            .map_err(pg_err)?;
        undo.push(r.get::<_, String>(1));
    }
    undo.extend(drop_foreign_keys(client)?);
    // The loader predicts the ids statements will get: every identity at the next id.
    set_identities(client)?;
    Ok(undo)
}

/// Drops every foreign key of the schema for the load, as the SQLite side turns
/// `foreign_keys` off: PostgreSQL checks each copied row against its parents one by one (a lookup
/// per row and key, millions of them), while adding the constraint back at [`finish`] checks the
/// whole table in one join — and refuses the load's end if a row has no parent, so nothing the
/// checks would have caught gets in. Answers the statements that add them back, in the order they
/// were found.
fn drop_foreign_keys(client: &mut postgres::Client) -> Result<Vec<String>> {
    let rows = client
        .query(
            "SELECT ct.relname::text, c.conname::text, pg_get_constraintdef(c.oid)
             FROM pg_constraint c JOIN pg_class ct ON ct.oid = c.conrelid
             JOIN pg_namespace n ON n.oid = ct.relnamespace
             WHERE n.nspname = current_schema() AND c.contype = 'f'
             ORDER BY ct.relname, c.conname",
            &[],
        )
        .map_err(pg_err)?;
    let mut undo = Vec::with_capacity(rows.len());
    for r in rows {
        let (table, name, definition): (String, String, String) = (r.get(0), r.get(1), r.get(2));
        client
            .batch_execute(&format!(
                "ALTER TABLE \"{table}\" DROP CONSTRAINT \"{name}\""
            ))
            .map_err(pg_err)?;
        undo.push(format!(
            "ALTER TABLE \"{table}\" ADD CONSTRAINT \"{name}\" {definition}"
        ));
    }
    Ok(undo)
}

/// Opens a batch: a transaction holding the office's write lock, committing without waiting for
/// the disk (a load that dies is started again on an empty database anyway).
pub(crate) fn begin_batch(conn: &Connection) -> Result<()> {
    conn.execute_batch(&format!(
        "BEGIN; SET LOCAL synchronous_commit = off; SELECT pg_advisory_xact_lock({});",
        crate::store::pg::WRITE_LOCK
    ))?;
    Ok(())
}

/// Leaves bulk-load mode: the dropped indexes built again (with more memory for the sorts), the
/// trigger on, every identity past the largest id written (the loader gives appeals their ids
/// itself), and fresh planner statistics.
pub(crate) fn finish(conn: &Connection, undo: &[String]) -> Result<()> {
    let pg = conn
        .pg()
        .ok_or_else(|| CoreError::storage("批量写入的目标不是 PostgreSQL 数据库。"))?;
    let (indexes, rest): (Vec<&String>, Vec<&String>) =
        undo.iter().partition(|sql| sql.starts_with("CREATE "));
    // Every statement is tried, whatever failed before it (a foreign key refused by an orphan
    // row must not leave the trigger off or the other keys away); the first failure is answered.
    let mut first_failure = match pg.url() {
        Some(url) => build_indexes(url, &indexes).err(),
        None => {
            let mut client = pg.client();
            indexes
                .iter()
                .map(|sql| run_with_memory(&mut client, sql))
                .fold(None, |first, r| first.or(r.err()))
        }
    };
    let mut client = pg.client();
    for sql in rest {
        if let Err(e) = client.batch_execute(sql) {
            first_failure = first_failure.or(Some(pg_err(e)));
        }
    }
    let settled =
        set_identities(&mut client).and_then(|()| client.batch_execute("ANALYZE").map_err(pg_err));
    match first_failure {
        Some(e) => Err(e),
        None => settled,
    }
}

/// Builds the dropped indexes again, on as many connections as the machine has cores (at most
/// four): PostgreSQL builds one GIN index on one core, and the two largest of a load (the
/// trigram index of the appeals' content and the index of the search rows' pairs) take about the
/// same time, minutes at a million appeals. Two builds on one table share its lock. The GIN
/// indexes go first, so the long builds start together and the short ones fill the gaps.
fn build_indexes(url: &str, statements: &[&String]) -> Result<()> {
    let mut queue: Vec<&String> = statements.to_vec();
    // Popped from the end: the GIN builds last in the vector.
    queue.sort_by_key(|sql| sql.contains("USING gin"));
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4)
        .min(queue.len());
    let queue = std::sync::Mutex::new(queue);
    std::thread::scope(|scope| {
        let builders: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| -> Result<()> {
                    let mut client = crate::store::pg::connect(url)?;
                    loop {
                        let next = queue.lock().ok().and_then(|mut q| q.pop());
                        let Some(sql) = next else { return Ok(()) };
                        run_with_memory(&mut client, sql)?;
                    }
                })
            })
            .collect();
        builders
            .into_iter()
            .map(|b| {
                b.join()
                    .unwrap_or_else(|_| Err(CoreError::storage("重建索引的线程意外退出，请重试。")))
            })
            .collect::<Result<Vec<()>>>()
    })?;
    Ok(())
}

/// Runs an index build with room for its sort (PostgreSQL's default is 64 MB).
fn run_with_memory(client: &mut postgres::Client, sql: &str) -> Result<()> {
    client
        .batch_execute(&format!(
            "SET maintenance_work_mem = '256MB'; {sql}; RESET maintenance_work_mem"
        ))
        .map_err(pg_err)
}

/// Sets every identity past the largest id in its table, so the next row gets the next id.
pub(crate) fn set_identities(client: &mut postgres::Client) -> Result<()> {
    for r in client
        .query(
            "SELECT c.relname::text, a.attname::text
             FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = current_schema() AND a.attidentity <> '' AND a.attnum > 0",
            &[],
        )
        .map_err(pg_err)?
    {
        let (table, column): (String, String) = (r.get(0), r.get(1));
        client
            .execute(
                &format!(
                    "SELECT setval(pg_get_serial_sequence($1, $2),
                                   coalesce((SELECT max(\"{column}\") FROM \"{table}\"), 0) + 1, false)"
                ),
                &[&format!("\"{table}\""), &column],
            )
            .map_err(pg_err)?;
    }
    Ok(())
}
