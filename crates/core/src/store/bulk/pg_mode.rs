//! Bulk-load mode on PostgreSQL: what a load sets aside before its first row and puts back after
//! its last — the big tables' secondary indexes and every foreign key dropped (as SQLite's side
//! drops its indexes and turns `foreign_keys` off), the stage-span trigger off (the loader writes
//! the runs itself), the identities at the next id — and the batches' transactions. Apart from
//! `pg.rs`, which turns rows into COPY streams: this is schema work, done once per load.
//!
//! Setting aside is one transaction (PostgreSQL's DDL is transactional); putting back tries every
//! statement whatever failed before it, and builds the indexes, checks the foreign keys and
//! gathers the statistics on one connection per core (see [`finish`]).

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
    client
        .batch_execute("ALTER TABLE events DISABLE TRIGGER events_stage_spans")
        .map_err(pg_err)?;
    let mut undo = vec!["ALTER TABLE events ENABLE TRIGGER events_stage_spans".to_string()];
    undo.extend(drop_secondary_indexes(
        client,
        Some(DEFERRED_TABLES),
        &["appeals_registered", "appeals_received"],
    )?);
    undo.extend(drop_foreign_keys(client)?);
    // The loader predicts the ids statements will get: every identity at the next id.
    set_identities(client)?;
    Ok(undo)
}

/// Drops the secondary indexes (those not backing a primary key or a unique constraint) of
/// `tables` — of every table of the schema when `None` — but those named in `keep`; answers their
/// definitions, to build them again. A load and a move of an office (`move_to_pg`) both build
/// their indexes once at the end instead of row by row.
pub(crate) fn drop_secondary_indexes(
    client: &mut postgres::Client,
    tables: Option<&[&str]>,
    keep: &[&str],
) -> Result<Vec<String>> {
    let rows = client
        .query(
            "SELECT ci.relname::text, pg_get_indexdef(i.indexrelid)
             FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid
             JOIN pg_class ct ON ct.oid = i.indrelid
             JOIN pg_namespace n ON n.oid = ci.relnamespace
             WHERE n.nspname = current_schema()
               AND ($1::text[] IS NULL OR ct.relname = ANY($1))
               AND NOT ci.relname = ANY($2)
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
             ORDER BY ci.relname",
            &[&tables, &keep],
        )
        .map_err(pg_err)?;
    let mut defs = Vec::with_capacity(rows.len());
    for r in rows {
        let name: String = r.get(0);
        client
            .batch_execute(&format!("DROP INDEX \"{name}\""))
            .map_err(pg_err)?;
        defs.push(r.get::<_, String>(1));
    }
    Ok(defs)
}

/// Drops every foreign key of the schema for the load, as the SQLite side turns
/// `foreign_keys` off: PostgreSQL checks each copied row against its parents one by one (a lookup
/// per row and key, millions of them), while checking the constraint at [`finish`] checks the
/// whole table in one join — and refuses the load's end if a row has no parent, so nothing the
/// checks would have caught gets in. Answers the statements that put them back, two per key in
/// the order they were found: adding it unchecked (`NOT VALID`, at once) and checking it
/// (`VALIDATE CONSTRAINT`), which locks the table less and so runs beside the index builds.
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
        // A key a failed load left unchecked says so in its definition; it is added unchecked
        // below either way.
        let definition = definition.trim_end_matches(" NOT VALID");
        client
            .batch_execute(&format!(
                "ALTER TABLE \"{table}\" DROP CONSTRAINT \"{name}\""
            ))
            .map_err(pg_err)?;
        undo.push(format!(
            "ALTER TABLE \"{table}\" ADD CONSTRAINT \"{name}\" {definition} NOT VALID"
        ));
        undo.push(format!(
            "ALTER TABLE \"{table}\" VALIDATE CONSTRAINT \"{name}\""
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

/// Leaves bulk-load mode: the trigger on, the foreign keys back unchecked, then on one connection
/// per core the dropped indexes built again (with more memory for the sorts), the foreign keys
/// checked and fresh planner statistics gathered, table by table; last every identity past the
/// largest id written (the loader gives appeals their ids itself).
///
/// Checking a key (`VALIDATE CONSTRAINT`) and `ANALYZE` lock their table against index builds on
/// it but not the tables it refers to, so those of the tables with no long build run while the
/// longest build (the appeals' content trigrams, minutes at a million appeals) still holds its
/// table; at its end only that table's own keys and statistics are left (decision 0014 §3.2,
/// "What the indexes cost a load").
pub(crate) fn finish(conn: &Connection, undo: &[String]) -> Result<()> {
    let pg = conn
        .pg()
        .ok_or_else(|| CoreError::storage("批量写入的目标不是 PostgreSQL 数据库。"))?;
    let (mut jobs, first): (Vec<String>, Vec<&String>) = {
        let (jobs, first): (Vec<&String>, Vec<&String>) =
            undo.iter().partition(|sql| job_table(sql).is_some());
        (jobs.into_iter().cloned().collect(), first)
    };
    // Every statement is tried, whatever failed before it (a foreign key refused by an orphan
    // row must not leave the trigger off or the other keys away); the first failure is answered.
    let mut first_failure = None;
    let mut client = pg.client();
    for sql in first {
        if let Err(e) = client.batch_execute(sql) {
            first_failure = first_failure.or(Some(pg_err(e)));
        }
    }
    match tables(&mut client) {
        Ok(names) => jobs.extend(names.iter().map(|t| format!("ANALYZE \"{t}\""))),
        Err(e) => first_failure = first_failure.or(Some(e)),
    }
    schedule(&mut jobs);
    let queue = std::sync::Mutex::new(jobs.iter().collect::<Vec<_>>());
    let mut failed = pg.url().and_then(|url| run_jobs(url, &queue));
    // What no worker took (none could connect, or there is no URL to connect with) runs here.
    let left = queue.into_inner().unwrap_or_default();
    for sql in left.into_iter().rev() {
        if let Err(e) = run_job(&mut client, sql) {
            failed = failed.or(Some(e));
        }
    }
    let settled = set_identities(&mut client);
    match first_failure.or(failed) {
        Some(e) => Err(e),
        None => settled,
    }
}

/// The tables of the schema, for their statistics.
fn tables(client: &mut postgres::Client) -> Result<Vec<String>> {
    Ok(client
        .query(
            "SELECT relname::text FROM pg_class
             WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'p')
             ORDER BY relname",
            &[],
        )
        .map_err(pg_err)?
        .iter()
        .map(|r| r.get(0))
        .collect())
}

/// The table a job of [`finish`]'s pool works on: an index build's, a key's being checked, an
/// `ANALYZE`'s; `None` for the statements that run before the pool.
fn job_table(sql: &str) -> Option<String> {
    let name = if let Some(rest) = sql.strip_prefix("CREATE ") {
        rest.split(" ON ")
            .nth(1)?
            .trim_start_matches("ONLY ")
            .split(' ')
            .next()?
    } else if sql.contains(" VALIDATE CONSTRAINT ") {
        sql.strip_prefix("ALTER TABLE ")?.split(' ').next()?
    } else {
        sql.strip_prefix("ANALYZE ")?
    };
    // Schema-qualified or not, quoted or not.
    let name = name.rsplit('.').next().unwrap_or(name).trim_matches('"');
    (!name.is_empty()).then(|| name.to_string())
}

/// Orders the pool's jobs, taken from the end: the GIN builds first, so the long ones start
/// together; then the other builds; then the keys and statistics of the tables no GIN build holds;
/// last those of the tables one does, which would wait for it.
fn schedule(jobs: &mut [String]) {
    let held: Vec<String> = jobs
        .iter()
        .filter(|sql| sql.contains("USING gin"))
        .filter_map(|sql| job_table(sql))
        .collect();
    jobs.sort_by_key(|sql| {
        if sql.starts_with("CREATE ") {
            if sql.contains("USING gin") { 3 } else { 2 }
        } else if job_table(sql).is_some_and(|t| held.contains(&t)) {
            0
        } else {
            1
        }
    });
}

/// Runs the jobs [`schedule`]d, on as many connections as the machine has cores (at most four):
/// PostgreSQL builds one GIN index on one core, and the two largest of a load (the trigram index
/// of the appeals' content and the index of the search rows' pairs) take minutes at a million
/// appeals. Two builds on one table share its lock. Every job is tried; the first failure is
/// answered.
fn run_jobs(url: &str, queue: &std::sync::Mutex<Vec<&String>>) -> Option<CoreError> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4)
        .min(queue.lock().map_or(1, |q| q.len()));
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| -> Option<CoreError> {
                    let mut client = match crate::store::pg::connect(url) {
                        Ok(c) => c,
                        Err(e) => return Some(e),
                    };
                    let mut first = None;
                    loop {
                        let next = queue.lock().ok().and_then(|mut q| q.pop());
                        let Some(sql) = next else { return first };
                        if let Err(e) = run_job(&mut client, sql) {
                            first = first.or(Some(e));
                        }
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join().unwrap_or_else(|_| {
                    Some(CoreError::storage("重建索引的线程意外退出，请重试。"))
                })
            })
            .fold(None, |first, failed| first.or(failed))
    })
}

/// Runs a job of [`finish`]'s pool: an index build with room for its sort, the rest as they are
/// (a key's check would take the builds' memory for each of its hash tables).
fn run_job(client: &mut postgres::Client, sql: &str) -> Result<()> {
    if sql.starts_with("CREATE ") {
        run_with_memory(client, sql)
    } else {
        client.batch_execute(sql).map_err(pg_err)
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn each_job_is_known_by_its_table() {
        let build =
            "CREATE INDEX appeals_content_trgm ON public.appeals USING gin (content gin_trgm_ops)";
        assert_eq!(job_table(build).as_deref(), Some("appeals"));
        let check = "ALTER TABLE \"events\" VALIDATE CONSTRAINT \"events_appeal_id_fkey\"";
        assert_eq!(job_table(check).as_deref(), Some("events"));
        assert_eq!(
            job_table("ANALYZE \"tracking\"").as_deref(),
            Some("tracking")
        );
        for before_the_pool in [
            "ALTER TABLE events ENABLE TRIGGER events_stage_spans",
            "ALTER TABLE \"events\" ADD CONSTRAINT \"k\" FOREIGN KEY (appeal_id) REFERENCES appeals(id) NOT VALID",
        ] {
            assert_eq!(job_table(before_the_pool), None, "{before_the_pool}");
        }
    }

    #[test]
    fn the_gin_builds_go_first_and_the_work_their_tables_wait_for_last() {
        let mut jobs: Vec<String> = [
            "ANALYZE \"appeals\"",
            "ALTER TABLE \"events\" VALIDATE CONSTRAINT \"e\"",
            "CREATE INDEX a_due ON public.appeals USING btree (due_date)",
            "ALTER TABLE \"appeals\" VALIDATE CONSTRAINT \"a\"",
            "CREATE INDEX a_trgm ON public.appeals USING gin (content gin_trgm_ops)",
            "ANALYZE \"events\"",
        ]
        .map(String::from)
        .to_vec();
        schedule(&mut jobs);
        // Taken from the end.
        let order: Vec<&str> = jobs.iter().rev().map(String::as_str).collect();
        assert_eq!(
            order[0],
            "CREATE INDEX a_trgm ON public.appeals USING gin (content gin_trgm_ops)"
        );
        assert_eq!(
            order[1],
            "CREATE INDEX a_due ON public.appeals USING btree (due_date)"
        );
        let middle: BTreeSet<&str> = order[2..4].iter().copied().collect();
        let last: BTreeSet<&str> = order[4..].iter().copied().collect();
        assert_eq!(
            middle,
            BTreeSet::from([
                "ALTER TABLE \"events\" VALIDATE CONSTRAINT \"e\"",
                "ANALYZE \"events\""
            ])
        );
        assert_eq!(
            last,
            BTreeSet::from([
                "ALTER TABLE \"appeals\" VALIDATE CONSTRAINT \"a\"",
                "ANALYZE \"appeals\""
            ])
        );
    }
}
