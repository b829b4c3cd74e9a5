//! The PostgreSQL schema against the SQLite one (docs/decisions/0014-postgresql.md §2.3), on a real
//! cluster: `MINYI_TEST_PG` names it (`make test-rust-pg` starts a throw-away one); without it each
//! test prints that it is skipped and passes.
//!
//! * the baseline applies on an empty database, a second open changes nothing, several processes
//!   opening a new database at once all succeed (the advisory lock);
//! * every table, column (type class, NOT NULL, default), index (name, columns, uniqueness,
//!   partial or not), UNIQUE set, foreign key and CHECK of the SQLite schema exists on PostgreSQL,
//!   but for the FTS5 tables, which have no twin there;
//! * the derived rules give the same rows on both: the stage-span trigger for a sequence of events
//!   written with raw SQL, the shipped calendar and its revision;
//! * the chained logs refuse UPDATE, DELETE and TRUNCATE;
//! * a database that cannot serve Chinese search, one of a newer program and one of another
//!   program are refused, and left as they were.

use minyi_core::store::db;
use minyi_core::testing::pg::{self as tpg, TestDatabase};
use minyi_core::testing::postgres::{self, Client};
use minyi_core::{ErrorCode, Store};
use std::collections::{BTreeMap, BTreeSet};

/// SQLite tables with no PostgreSQL twin: the FTS5 table (and the shadow tables SQLite makes for
/// it) and its backlog (§2.4: pg_trgm's indexes and GIN's pending list take their place).
const SQLITE_ONLY_TABLES: &[&str] = &[
    "appeal_fts",
    "appeal_fts_config",
    "appeal_fts_data",
    "appeal_fts_docsize",
    "appeal_fts_idx",
    "fts_backlog",
];

/// PostgreSQL tables with no SQLite twin: search's (§3.2) and the schema version (SQLite keeps it
/// in `PRAGMA user_version`).
const PG_ONLY_TABLES: &[&str] = &["appeal_search", "schema_version"];

fn sqlite() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_memory(dir.path()).unwrap();
    (dir, store)
}

/// Opens `url` as the store does, answering the refusal (the client has no `Debug`).
fn refusal(url: &str) -> minyi_core::CoreError {
    match tpg::open(url) {
        Ok(_) => panic!("opened a database that should have been refused"),
        Err(e) => e,
    }
}

fn pg_version(c: &mut Client) -> i64 {
    c.query_one("SELECT version FROM schema_version", &[])
        .unwrap()
        .get(0)
}

fn pg_i64(c: &mut Client, sql: &str) -> i64 {
    c.query_one(sql, &[])
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .get(0)
}

fn pg_tables(c: &mut Client) -> BTreeSet<String> {
    c.query(
        "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema()",
        &[],
    )
    .unwrap()
    .iter()
    .map(|r| r.get(0))
    .collect()
}

fn sqlite_strings(store: &Store, sql: &str) -> Vec<String> {
    let conn = store.sql_for_tests();
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn sqlite_tables(store: &Store) -> Vec<String> {
    sqlite_strings(
        store,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
}

#[test]
fn the_baseline_applies_on_an_empty_database_and_a_second_open_changes_nothing() {
    let Some(cluster) = tpg::cluster_or_skip("the_baseline_applies_on_an_empty_database") else {
        return;
    };
    let db = TestDatabase::empty(&cluster);
    drop(tpg::open(db.url()).unwrap());
    let mut c = db.connect();
    assert_eq!(pg_version(&mut c), db::schema_version());
    assert_eq!(tpg::schema_version(), db::schema_version());
    assert!(pg_tables(&mut c).contains("appeals"));
    let revision = pg_i64(&mut c, "SELECT revision FROM calendar_revision");
    let days = pg_i64(&mut c, "SELECT count(*) FROM calendar_days");
    assert!(revision > 0 && days > 0, "the shipped calendar is seeded");

    drop(tpg::open(db.url()).unwrap());
    assert_eq!(pg_i64(&mut c, "SELECT count(*) FROM schema_version"), 1);
    assert_eq!(pg_version(&mut c), db::schema_version());
    assert_eq!(
        pg_i64(&mut c, "SELECT revision FROM calendar_revision"),
        revision,
        "a second open rewrites no calendar row"
    );
    assert_eq!(pg_i64(&mut c, "SELECT count(*) FROM calendar_days"), days);
}

#[test]
fn several_processes_opening_a_new_database_at_once_all_succeed() {
    let Some(cluster) = tpg::cluster_or_skip("several_processes_opening_at_once") else {
        return;
    };
    // Each thread a connection of its own, as each server process has; all start together.
    let db = TestDatabase::empty(&cluster);
    let url = db.url().to_string();
    let start = std::sync::Arc::new(std::sync::Barrier::new(4));
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            let start = start.clone();
            std::thread::spawn(move || {
                start.wait();
                tpg::open(&url).map(drop)
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap().unwrap();
    }
    let mut c = db.connect();
    assert_eq!(pg_version(&mut c), db::schema_version());
    assert_eq!(pg_i64(&mut c, "SELECT count(*) FROM schema_version"), 1);
    let (_dir, store) = sqlite();
    assert_eq!(
        pg_i64(&mut c, "SELECT count(*) FROM calendar_days"),
        minyi_core::testing::count(&store, "calendar_days")
    );
}

#[test]
fn a_clone_of_the_template_is_migrated_and_seeded() {
    let Some(_) = tpg::cluster_or_skip("a_clone_of_the_template_is_migrated") else {
        return;
    };
    // Two at once, from two threads: the template is made once, both clones work.
    let threads: Vec<_> = (0..2)
        .map(|_| std::thread::spawn(|| tpg::fresh().unwrap()))
        .collect();
    let dbs: Vec<TestDatabase> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert_ne!(dbs[0].name(), dbs[1].name());
    for db in &dbs {
        let mut c = db.connect();
        assert_eq!(pg_version(&mut c), db::schema_version());
        assert!(pg_i64(&mut c, "SELECT count(*) FROM calendar_days") > 0);
        drop(c);
        drop(tpg::open(db.url()).unwrap());
    }
    let name = dbs[0].name().to_string();
    let cluster = tpg::cluster_url().unwrap();
    drop(dbs);
    let mut admin = tpg::connect(&cluster);
    let left: i64 = admin
        .query_one(
            "SELECT count(*) FROM pg_database WHERE datname = $1",
            &[&name],
        )
        .unwrap()
        .get(0);
    assert_eq!(left, 0, "a test database is dropped with its handle");
}

#[test]
fn every_sqlite_table_and_column_exists_on_postgresql() {
    let Some(db) = tpg::fresh() else {
        tpg::cluster_or_skip("every_sqlite_table_and_column_exists_on_postgresql");
        return;
    };
    let mut c = db.connect();
    let (_dir, store) = sqlite();
    let sqlite_tables = sqlite_tables(&store);
    for t in SQLITE_ONLY_TABLES {
        assert!(
            sqlite_tables.contains(&t.to_string()),
            "{t} is listed as SQLite-only but SQLite has no such table"
        );
    }
    let shared: BTreeSet<String> = sqlite_tables
        .iter()
        .filter(|t| !SQLITE_ONLY_TABLES.contains(&t.as_str()))
        .cloned()
        .collect();
    let pg: BTreeSet<String> = pg_tables(&mut c)
        .into_iter()
        .filter(|t| !PG_ONLY_TABLES.contains(&t.as_str()))
        .collect();
    assert_eq!(shared, pg, "the tables of both stores");

    let mut compared = 0;
    for table in &shared {
        // (name, type class, NOT NULL, default) in column order.
        let conn = store.sql_for_tests();
        let mut stmt = conn
            .prepare(&format!("PRAGMA table_info({table})"))
            .unwrap();
        let sqlite_columns: Vec<(String, String, bool, Option<String>)> = stmt
            .query_map([], |r| {
                let ty: String = r.get(2)?;
                let class = match ty.as_str() {
                    "INTEGER" => "bigint",
                    "TEXT" => "text",
                    "BLOB" => "bytea",
                    other => panic!("{table}: SQLite type {other}"),
                };
                let not_null: bool = r.get(3)?;
                let primary_key: i64 = r.get(5)?;
                Ok((
                    r.get(1)?,
                    class.to_string(),
                    // PostgreSQL makes every primary key column NOT NULL.
                    not_null || primary_key > 0,
                    r.get(4)?,
                ))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let pg_columns: Vec<(String, String, bool, Option<String>)> = c
            .query(
                "SELECT column_name::text, data_type::text, is_nullable = 'NO', column_default::text
                 FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name = $1
                 ORDER BY ordinal_position",
                &[table],
            )
            .unwrap()
            .iter()
            .map(|r| {
                let default: Option<String> = r.get(3);
                // '1', '''pending''::text' → as SQLite writes them: 1, 'pending'.
                let default = default.map(|d| d.replace("::text", "").replace("::bigint", ""));
                (r.get(0), r.get(1), r.get(2), default)
            })
            .collect();
        assert_eq!(sqlite_columns, pg_columns, "the columns of {table}");
        compared += sqlite_columns.len();
    }
    assert!(compared > 250, "{compared} columns compared");
}

/// Every index of `table` by name: (columns in order, unique, partial).
type Indexes = BTreeMap<String, (Vec<String>, bool, bool)>;

fn sqlite_indexes(store: &Store) -> Indexes {
    let conn = store.sql_for_tests();
    let mut out = Indexes::new();
    let mut stmt = conn
        .prepare(
            "SELECT name, tbl_name, sql FROM sqlite_master
             WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex_%'",
        )
        .unwrap();
    let rows: Vec<(String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (name, _table, sql) in rows {
        let mut cols = conn.prepare(&format!("PRAGMA index_info({name})")).unwrap();
        let columns: Vec<String> = cols
            .query_map([], |r| r.get(2))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let unique = sql.to_uppercase().starts_with("CREATE UNIQUE");
        out.insert(name, (columns, unique, sql.contains(" WHERE ")));
    }
    out
}

fn pg_indexes(c: &mut Client) -> Indexes {
    c.query(
        "SELECT ic.relname::text,
                array(SELECT a.attname::text FROM unnest(i.indkey) WITH ORDINALITY k(attnum, n)
                      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                      ORDER BY k.n),
                i.indisunique, i.indpred IS NOT NULL
         FROM pg_index i
         JOIN pg_class ic ON ic.oid = i.indexrelid
         JOIN pg_namespace n ON n.oid = ic.relnamespace
         WHERE n.nspname = current_schema()",
        &[],
    )
    .unwrap()
    .iter()
    .map(|r| (r.get(0), (r.get(1), r.get(2), r.get(3))))
    .collect()
}

#[test]
fn every_sqlite_index_unique_key_foreign_key_and_check_exists_on_postgresql() {
    let Some(db) = tpg::fresh() else {
        tpg::cluster_or_skip("every_sqlite_index_exists_on_postgresql");
        return;
    };
    let mut c = db.connect();
    let (_dir, store) = sqlite();
    let pg = pg_indexes(&mut c);
    let sqlite = sqlite_indexes(&store);
    assert!(sqlite.len() > 35, "{} indexes", sqlite.len());
    for (name, index) in &sqlite {
        assert_eq!(pg.get(name), Some(index), "the index {name}");
    }

    // UNIQUE and PRIMARY KEY column sets, per table.
    let shared: Vec<String> = sqlite_tables(&store)
        .into_iter()
        .filter(|t| !SQLITE_ONLY_TABLES.contains(&t.as_str()))
        .collect();
    let conn = store.sql_for_tests();
    let mut sqlite_keys = BTreeSet::new();
    for table in &shared {
        let mut pk: Vec<(i64, String)> = conn
            .prepare(&format!("PRAGMA table_info({table})"))
            .unwrap()
            .query_map([], |r| Ok((r.get::<_, i64>(5)?, r.get::<_, String>(1)?)))
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap()
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .collect();
        pk.sort();
        if !pk.is_empty() {
            sqlite_keys.insert((table.clone(), pk.into_iter().map(|(_, c)| c).collect()));
        }
        let lists: Vec<(String, bool)> = conn
            .prepare(&format!("PRAGMA index_list({table})"))
            .unwrap()
            .query_map([], |r| Ok((r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for (index, unique) in lists {
            if unique {
                let columns: Vec<String> = conn
                    .prepare(&format!("PRAGMA index_info({index})"))
                    .unwrap()
                    .query_map([], |r| r.get(2))
                    .unwrap()
                    .collect::<Result<_, _>>()
                    .unwrap();
                sqlite_keys.insert((table.clone(), columns));
            }
        }
    }
    let pg_keys: BTreeSet<(String, Vec<String>)> = c
        .query(
            "SELECT t.relname::text,
                    array(SELECT a.attname::text FROM unnest(i.indkey) WITH ORDINALITY k(attnum, n)
                          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                          ORDER BY k.n)
             FROM pg_index i
             JOIN pg_class t ON t.oid = i.indrelid
             JOIN pg_namespace n ON n.oid = t.relnamespace
             WHERE n.nspname = current_schema() AND i.indisunique",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .filter(|(t, _): &(String, Vec<String>)| !PG_ONLY_TABLES.contains(&t.as_str()))
        .collect();
    assert_eq!(sqlite_keys, pg_keys, "the unique keys");

    // Foreign keys: (table, column, referenced table, referenced column).
    let mut sqlite_fks = BTreeSet::new();
    for table in &shared {
        let fks: Vec<(String, String, String)> = conn
            .prepare(&format!("PRAGMA foreign_key_list({table})"))
            .unwrap()
            .query_map([], |r| Ok((r.get(2)?, r.get(3)?, r.get(4)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for (to_table, from, to) in fks {
            sqlite_fks.insert((table.clone(), from, to_table, to));
        }
    }
    let pg_fks: BTreeSet<(String, String, String, String)> = c
        .query(
            "SELECT cl.relname::text, a.attname::text, rl.relname::text, ra.attname::text
             FROM pg_constraint k
             JOIN pg_class cl ON cl.oid = k.conrelid
             JOIN pg_class rl ON rl.oid = k.confrelid
             JOIN pg_namespace n ON n.oid = cl.relnamespace
             JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
             JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = k.confkey[1]
             WHERE k.contype = 'f' AND n.nspname = current_schema() AND cardinality(k.conkey) = 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
        .filter(|(t, ..): &(String, String, String, String)| !PG_ONLY_TABLES.contains(&t.as_str()))
        .collect();
    assert!(sqlite_fks.len() > 60, "{} foreign keys", sqlite_fks.len());
    assert_eq!(sqlite_fks, pg_fks, "the foreign keys");

    // CHECKs: as many per table as SQLite's, besides the 0/1 checks of the flags PostgreSQL adds.
    for table in &shared {
        let sql: String = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get(0),
            )
            .unwrap();
        // A 0/1 check SQLite has too (server_jobs.cancel_requested) counts with the flags.
        let sqlite_checks = sql.matches("CHECK").count() - sql.matches("IN (0, 1))").count();
        let defs: Vec<String> = c
            .query(
                "SELECT pg_get_constraintdef(k.oid) FROM pg_constraint k
                 JOIN pg_class cl ON cl.oid = k.conrelid
                 JOIN pg_namespace n ON n.oid = cl.relnamespace
                 WHERE k.contype = 'c' AND n.nspname = current_schema() AND cl.relname = $1",
                &[table],
            )
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        let flag = |d: &&String| d.ends_with("= ANY (ARRAY[(0)::bigint, (1)::bigint])))");
        let others = defs.iter().filter(|d| !flag(d)).count();
        assert_eq!(sqlite_checks, others, "the CHECKs of {table}: {defs:?}");
    }
}

/// Rows every store needs before events: departments, a user, appellants, appeals (ids far above
/// anything a test seeds). The same SQL runs on both stores.
const FIXTURE: &str = "
INSERT INTO departments(id, name) VALUES (901, '测试办'), (902, '测试局');
INSERT INTO users(id, username, display_name, department_id, roles, password_hash, created_at)
    VALUES (901, 'pg_schema_clerk', '测试员', 901, 'registrar', 'x', '2026-03-01T09:00:00+08:00');
INSERT INTO appellants(id, name) VALUES (901, '测试人');
INSERT INTO appeals(id, reg_number, appellant_id, channel, category, subject, content, urgency,
                    received_at, registered_at, registered_by, status, expected_feedback_date,
                    updated_at)
    VALUES (901, 'T-2026-000901', 901, 'hotline', 'complaint', '夜间施工噪音', '夜间施工噪音扰民',
            'normal', '2026-03-02T09:00:00+08:00', '2026-03-02T09:00:00+08:00', 901, 'handling',
            '2026-04-01', '2026-03-02T09:00:00+08:00'),
           (902, 'T-2026-000902', 901, 'hotline', 'complaint', '路灯不亮', '小区路灯不亮',
            'normal', '2026-03-05T09:00:00+08:00', '2026-03-05T09:00:00+08:00', 901, 'handling',
            '2026-04-01', '2026-03-05T09:00:00+08:00');
";

/// Events that exercise every branch of the stage-span rule: (appeal, date, action, payload).
const EVENTS: &[(i64, &str, &str, &str)] = &[
    // `register` is left to the program (it opens the first run itself): no run from it.
    (
        901,
        "2026-03-02",
        "register",
        r#"{"set":{"stage":"intake","stageStartedOn":"2026-03-02","dueDate":"2026-03-04"}}"#,
    ),
    // A stage start with everything: run 1.
    (
        901,
        "2026-03-03",
        "route",
        r#"{"set":{"stage":"handling","stageStartedOn":"2026-03-03","dueDate":"2026-03-17","departmentId":902}}"#,
    ),
    // An approved extension moves both due dates.
    (
        901,
        "2026-03-10",
        "approve_extension",
        r#"{"set":{"dueDate":"2026-03-24"}}"#,
    ),
    // A supervision notice moves only the current due date, and counts.
    (
        901,
        "2026-03-12",
        "issue_supervision",
        r#"{"set":{"dueDate":"2026-03-20"}}"#,
    ),
    (901, "2026-03-13", "issue_supervision", r#"{"note":"催办"}"#),
    // No `set` at all: not fed.
    (901, "2026-03-14", "report_progress", r#"{"note":"进展"}"#),
    // The department moves.
    (
        901,
        "2026-03-15",
        "transfer",
        r#"{"set":{"departmentId":901}}"#,
    ),
    // The next stage carries the department and the current due date over.
    (
        901,
        "2026-03-18",
        "submit_plan",
        r#"{"set":{"stage":"review","stageStartedOn":"2026-03-18"}}"#,
    ),
    // A due date set to JSON null clears both.
    (
        901,
        "2026-03-19",
        "recompute",
        r#"{"set":{"dueDate":null}}"#,
    ),
    // A restart of the same stage.
    (
        901,
        "2026-03-21",
        "restart",
        r#"{"set":{"stageStartedOn":"2026-03-21"}}"#,
    ),
    // Closing: the run ends, none opens.
    (901, "2026-03-25", "close", r#"{"set":{"stage":null}}"#),
    // Nothing runs any more: nothing moves.
    (
        901,
        "2026-03-26",
        "issue_supervision",
        r#"{"set":{"dueDate":"2026-03-30"}}"#,
    ),
    // No earlier run to carry a stage or a start from: no run.
    (
        902,
        "2026-03-05",
        "restart",
        r#"{"set":{"stageStartedOn":"2026-03-05"}}"#,
    ),
    (
        902,
        "2026-03-06",
        "route",
        r#"{"set":{"stage":"handling"}}"#,
    ),
    (
        902,
        "2026-03-07",
        "route",
        r#"{"set":{"stage":"handling","stageStartedOn":"2026-03-07","departmentId":901}}"#,
    ),
];

fn events_sql() -> String {
    let mut sql = String::new();
    for (i, (appeal, date, action, payload)) in EVENTS.iter().enumerate() {
        sql.push_str(&format!(
            "INSERT INTO events(id, appeal_id, at, actor_id, action, from_status, to_status, reason,
                                payload, prev_hash, hash)
             VALUES ({}, {appeal}, '{date}T10:00:00+08:00', 901, '{action}', 'handling', 'handling',
                     NULL, '{payload}', 'prev', 'hash');\n",
            i + 1
        ));
    }
    sql
}

type Span = (
    i64,
    i64,
    String,
    Option<i64>,
    i64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    i64,
);

const SPANS_SQL: &str =
    "SELECT appeal_id, seq, stage, department_id, started_day, due_day, due_now_day,
                                ended_day, supervised
                         FROM stage_spans WHERE appeal_id >= 901 ORDER BY appeal_id, seq";

fn day(date: &str) -> i64 {
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    (d - chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()).num_days()
}

#[test]
fn the_stage_span_trigger_gives_the_runs_sqlite_gives() {
    let Some(db) = tpg::fresh() else {
        tpg::cluster_or_skip("the_stage_span_trigger_gives_the_runs_sqlite_gives");
        return;
    };
    let (_dir, store) = sqlite();
    let conn = store.sql_for_tests();
    conn.execute_batch(FIXTURE).unwrap();
    conn.execute_batch(&events_sql()).unwrap();
    let sqlite: Vec<Span> = conn
        .prepare(SPANS_SQL)
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();

    let mut c = db.connect();
    c.batch_execute(FIXTURE).unwrap();
    c.batch_execute(&events_sql()).unwrap();
    let pg: Vec<Span> = c
        .query(SPANS_SQL, &[])
        .unwrap()
        .iter()
        .map(|r| {
            (
                r.get(0),
                r.get(1),
                r.get(2),
                r.get(3),
                r.get(4),
                r.get(5),
                r.get(6),
                r.get(7),
                r.get(8),
            )
        })
        .collect();

    let expected: Vec<Span> = vec![
        (
            901,
            1,
            "handling".into(),
            Some(901),
            day("2026-03-03"),
            Some(day("2026-03-24")),
            Some(day("2026-03-20")),
            Some(day("2026-03-18")),
            2,
        ),
        (
            901,
            2,
            "review".into(),
            Some(901),
            day("2026-03-18"),
            None,
            None,
            Some(day("2026-03-21")),
            0,
        ),
        (
            901,
            3,
            "review".into(),
            Some(901),
            day("2026-03-21"),
            None,
            None,
            Some(day("2026-03-25")),
            0,
        ),
        (
            902,
            1,
            "handling".into(),
            Some(901),
            day("2026-03-07"),
            None,
            None,
            None,
            0,
        ),
    ];
    assert_eq!(sqlite, expected, "SQLite's rule");
    assert_eq!(pg, sqlite, "PostgreSQL's port of the rule");
}

#[test]
fn the_chained_logs_refuse_update_delete_and_truncate() {
    let Some(db) = tpg::fresh() else {
        tpg::cluster_or_skip("the_chained_logs_refuse_update_delete_and_truncate");
        return;
    };
    let mut c = db.connect();
    c.batch_execute(FIXTURE).unwrap();
    c.batch_execute(&events_sql()).unwrap();
    c.batch_execute(
        "INSERT INTO security_log(id, at, actor_id, actor_label, action, detail, prev_hash, hash)
             VALUES (1, '2026-03-02T09:00:00+08:00', 901, '测试员', 'sign_in', '{}', 'p', 'h');
         INSERT INTO access_log(id, at, user_id, appeal_id, what, purpose, prev_hash, hash)
             VALUES (1, '2026-03-02T09:00:00+08:00', 901, 901, 'detail', '办理', 'p', 'h');",
    )
    .unwrap();
    for table in ["events", "security_log", "access_log"] {
        for sql in [
            format!("UPDATE {table} SET at = at || ' '"),
            format!("DELETE FROM {table}"),
            format!("TRUNCATE {table}"),
        ] {
            let e = c.batch_execute(&sql).unwrap_err();
            let db_error = e.as_db_error().unwrap_or_else(|| panic!("{sql}: {e}"));
            assert_eq!(
                db_error.code(),
                &postgres::error::SqlState::RESTRICT_VIOLATION,
                "{sql}"
            );
            assert_eq!(db_error.message(), format!("{table} is append-only"));
        }
    }
    // A TRUNCATE that reaches a log through a foreign key is refused too.
    assert!(c.batch_execute("TRUNCATE appeals CASCADE").is_err());
    assert_eq!(
        pg_i64(&mut c, "SELECT count(*) FROM events"),
        EVENTS.len() as i64
    );
    // The other tables are not append-only.
    c.batch_execute("UPDATE appeals SET subject = subject WHERE id = 901")
        .unwrap();
}

#[test]
fn the_shipped_calendar_and_its_revision_are_those_of_sqlite() {
    let Some(db) = tpg::fresh() else {
        tpg::cluster_or_skip("the_shipped_calendar_and_its_revision_are_those_of_sqlite");
        return;
    };
    let (_dir, store) = sqlite();
    let days_sql = "SELECT date || ' ' || is_off_day || ' ' || name || ' ' || source
                    FROM calendar_days ORDER BY date";
    let years_sql = "SELECT year || ' ' || source FROM calendar_years ORDER BY year";
    let mut c = db.connect();
    let pg_strings = |c: &mut Client, sql: &str| -> Vec<String> {
        c.query(sql, &[])
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect()
    };
    assert_eq!(
        sqlite_strings(&store, days_sql),
        pg_strings(&mut c, days_sql)
    );
    assert_eq!(
        sqlite_strings(&store, years_sql),
        pg_strings(&mut c, years_sql)
    );
    let revision = "SELECT revision FROM calendar_revision";
    assert_eq!(
        minyi_core::testing::query_i64(&store, revision),
        pg_i64(&mut c, revision)
    );

    // The revision triggers count like SQLite's: one per row inserted, updated or deleted.
    let before = pg_i64(&mut c, revision);
    c.batch_execute(
        "INSERT INTO calendar_days VALUES ('2040-01-02', 1, '测试', 'admin');
         UPDATE calendar_days SET name = '测试日' WHERE date = '2040-01-02';
         DELETE FROM calendar_days WHERE date = '2040-01-02';
         INSERT INTO calendar_years VALUES (2040, 'admin');
         DELETE FROM calendar_years WHERE year = 2040;",
    )
    .unwrap();
    assert_eq!(pg_i64(&mut c, revision), before + 5);
}

#[test]
fn a_database_whose_locale_hides_chinese_is_refused_and_left_empty() {
    let Some(cluster) = tpg::cluster_or_skip("a_database_whose_locale_hides_chinese_is_refused")
    else {
        return;
    };
    let db = TestDatabase::with_ctype(&cluster, "C");
    let e = refusal(db.url());
    assert_eq!(e.code, ErrorCode::Storage);
    assert_eq!(e.message, tpg::LOCALE_REFUSED);
    let mut c = db.connect();
    assert!(
        pg_tables(&mut c).is_empty(),
        "nothing of the migration is left"
    );
}

#[test]
fn a_database_not_in_utf8_is_refused() {
    let Some(cluster) = tpg::cluster_or_skip("a_database_not_in_utf8_is_refused") else {
        return;
    };
    let db =
        TestDatabase::with_options(&cluster, "ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C'");
    let e = refusal(db.url());
    assert!(
        e.message
            .starts_with("数据库的字符编码是 SQL_ASCII，不是 UTF-8"),
        "{}",
        e.message
    );
    assert!(pg_tables(&mut db.connect()).is_empty());
}

#[test]
fn a_database_of_a_newer_program_is_refused_untouched() {
    let Some(db) = tpg::fresh() else {
        tpg::cluster_or_skip("a_database_of_a_newer_program_is_refused_untouched");
        return;
    };
    let mut c = db.connect();
    let newer = db::schema_version() + 1;
    c.execute("UPDATE schema_version SET version = $1", &[&newer])
        .unwrap();
    let e = refusal(db.url());
    assert_eq!(e.code, ErrorCode::NewerDatabase);
    assert_eq!(
        e.message,
        format!(
            "该数据库由更新版本的民意诉求管理系统创建（数据版本 {newer}），本程序只支持到数据版本 {}。请升级程序后再打开，数据未被改动。",
            db::schema_version()
        )
    );
    assert_eq!(pg_version(&mut c), newer);
}

#[test]
fn a_database_of_another_program_is_refused_untouched() {
    let Some(cluster) = tpg::cluster_or_skip("a_database_of_another_program_is_refused") else {
        return;
    };
    let db = TestDatabase::empty(&cluster);
    let mut c = db.connect();
    c.batch_execute("CREATE TABLE users (login text PRIMARY KEY)")
        .unwrap();
    let e = refusal(db.url());
    assert!(
        e.message.starts_with("该数据库里已有其他程序的数据表"),
        "{}",
        e.message
    );
    assert_eq!(
        pg_tables(&mut c),
        BTreeSet::from(["users".to_string()]),
        "nothing added"
    );
}

#[test]
fn a_wrong_password_or_database_is_refused_in_chinese_without_the_url() {
    let Some(cluster) = tpg::cluster_or_skip("a_wrong_password_is_refused") else {
        return;
    };
    // postgres://minyi:PASSWORD@host:port/minyi → a wrong password, then a missing database.
    let at = cluster.rfind('@').unwrap();
    let colon = cluster[..at].rfind(':').unwrap();
    let wrong = format!("{}:wrong-pw-123{}", &cluster[..colon], &cluster[at..]);
    let e = refusal(&wrong);
    assert!(e.message.starts_with("数据库拒绝登录"), "{}", e.message);
    assert!(!e.message.contains("wrong-pw-123"));
    let e = refusal(&tpg::with_database(&cluster, "no_such_database_here"));
    assert!(
        e.message.starts_with("数据库服务器上没有这个数据库"),
        "{}",
        e.message
    );
    assert!(!e.message.contains("no_such_database_here"));
}
