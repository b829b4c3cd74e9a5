//! The bulk loader on PostgreSQL (`store::bulk`, binary COPY): the demo generator fills a
//! PostgreSQL database with the same office, row for row in count and hash for hash in the event
//! log, as it fills an SQLite file from the same seed; the indexes, the foreign keys and the stage-span trigger are
//! back afterwards, `check` is clean, and a registration gets the next id.
//!
//! Run against a throw-away cluster (`MINYI_TEST_PG`, `make test-rust-pg`); without one the test
//! says it is skipped and passes.

use chrono::{DateTime, FixedOffset};
use minyi_core::Store;
use minyi_core::model::{Appellant, Ctx};
use minyi_core::testing::pg::{TestDatabase, cluster_or_skip};
use minyi_core::usecases::register::{RegisterInput, register};
use minyi_demo::generate::{DemoOptions, generate};

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

const TABLES: &[&str] = &[
    "appellants",
    "appeals",
    "archive_numbers",
    "events",
    "plans",
    "feedbacks",
    "tracking",
    "progress_reports",
    "supervisions",
    "escalations",
    "stage_spans",
    "appeal_sketch",
    "counters",
    "users",
    "departments",
    "stock_texts",
];

/// The tables whose rows the loader changes after writing them: columns, and the order.
const CHANGED_ROWS: &[(&str, &[&str], &str)] = &[
    (
        "plans",
        &[
            "id",
            "appeal_id",
            "round",
            "content",
            "submitted_by",
            "submitted_at",
            "on_behalf_department",
            "on_behalf_person",
            "review_status",
        ],
        "id",
    ),
    (
        "tracking",
        &[
            "appeal_id",
            "measures",
            "department_id",
            "responsible",
            "next_check_date",
            "started_at",
            "resolved_at",
        ],
        "appeal_id",
    ),
    (
        "escalations",
        &[
            "id",
            "appeal_id",
            "escalated_by",
            "escalated_at",
            "reason",
            "instruction",
            "instructed_by",
            "instructed_at",
        ],
        "id",
    ),
];

/// A query that both stores answer alike: each row as one text, its columns joined by `|`.
fn rows_as_text(table: &str, columns: &[&str], order: &str) -> String {
    let joined = columns
        .iter()
        .map(|c| format!("coalesce(CAST({c} AS TEXT), '-')"))
        .collect::<Vec<_>>()
        .join(" || '|' || ");
    format!("SELECT {joined} FROM {table} ORDER BY {order}")
}

/// The rows the loader changes after writing them (a plan's review, tracking resolved, an
/// escalation's instruction) are folded into the copied rows on PostgreSQL: the same rows, column
/// for column, as SQLite's statements left; and the demo wrote some of each change.
fn assert_changed_rows_alike(
    lite: &minyi_core::testing::rusqlite::Connection,
    post: &mut postgres::Client,
) {
    for (table, columns, order) in CHANGED_ROWS {
        let sql = rows_as_text(table, columns, order);
        let a: Vec<String> = lite
            .prepare(&sql)
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let b: Vec<String> = post
            .query(&sql, &[])
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        assert_eq!(a, b, "{table}");
    }
    for (sql, what) in [
        (
            "SELECT count(*) FROM plans WHERE review_status <> 'pending'",
            "reviewed plans",
        ),
        (
            "SELECT count(*) FROM tracking WHERE resolved_at IS NOT NULL",
            "resolved tracking",
        ),
        (
            "SELECT count(*) FROM escalations WHERE instruction IS NOT NULL",
            "instructions",
        ),
    ] {
        let n: i64 = post.query_one(sql, &[]).unwrap().get(0);
        assert!(n > 0, "the demo wrote no {what}");
    }
}

/// Every table the load filled was analysed: the planner's statistics, which the search plans
/// depend on, are there when the load ends.
fn assert_analysed(post: &mut postgres::Client) {
    for table in TABLES {
        let count = |post: &mut postgres::Client, sql: &str| -> i64 {
            post.query_one(sql, &[]).unwrap().get(0)
        };
        let rows = count(post, &format!("SELECT count(*) FROM {table}"));
        let analysed = count(
            post,
            &format!(
                "SELECT count(*) FROM pg_stats
                 WHERE schemaname = current_schema() AND tablename = '{table}'"
            ),
        );
        assert!(rows == 0 || analysed > 0, "{table} has no statistics");
    }
}

#[test]
fn the_demo_generator_fills_postgresql_as_it_fills_sqlite() {
    let Some(cluster) = cluster_or_skip("the_demo_generator_fills_postgresql") else {
        return;
    };
    let opts = DemoOptions {
        appeals: 600,
        seed: 11,
        now: at("2026-12-01T00:00:00+08:00"),
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("minyi.db");
    let on_sqlite = {
        let mut sqlite = Store::open(&file).unwrap();
        generate(&mut sqlite, &opts, &mut |_, _| {}).unwrap()
    };

    let db = TestDatabase::migrated(&cluster);
    let indexes = |db: &TestDatabase| -> i64 {
        db.connect()
            .query_one(
                "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema()",
                &[],
            )
            .unwrap()
            .get(0)
    };
    // The foreign keys, by table, name and definition: dropped for the load, the same ones back.
    let foreign_keys = |db: &TestDatabase| -> Vec<String> {
        db.connect()
            .query(
                "SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
                 FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace
                 ORDER BY 1",
                &[],
            )
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect()
    };
    let before = indexes(&db);
    let keys_before = foreign_keys(&db);
    assert!(keys_before.len() > 50, "{}", keys_before.len());
    let mut pg = Store::open_url(db.url(), dir.path()).unwrap();
    let mut reported = 0;
    let on_pg = generate(&mut pg, &opts, &mut |done, _| reported = done).unwrap();
    assert_eq!(on_pg.events, on_sqlite.events);
    assert_eq!(reported, 600);

    let lite = minyi_core::testing::rusqlite::Connection::open(&file).unwrap();
    let mut post = db.connect();
    let pg_count = |post: &mut postgres::Client, sql: &str| -> i64 {
        post.query_one(sql, &[]).unwrap().get(0)
    };
    for table in TABLES {
        let sql = format!("SELECT count(*) FROM {table}");
        let a: i64 = lite.query_row(&sql, [], |r| r.get(0)).unwrap();
        assert_eq!(a, pg_count(&mut post, &sql), "{table}");
    }
    assert_changed_rows_alike(&lite, &mut post);
    let head = "SELECT id, hash FROM events ORDER BY id DESC LIMIT 1";
    let a: (i64, String) = lite
        .query_row(head, [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    let row = post.query_one(head, &[]).unwrap();
    assert_eq!(
        a,
        (row.get(0), row.get(1)),
        "the same events, hash for hash"
    );
    let appeals = pg_count(&mut post, "SELECT count(*) FROM appeals");
    assert_eq!(
        pg_count(&mut post, "SELECT count(*) FROM appeal_search"),
        appeals
    );

    // The load's changes to the schema are undone.
    assert_eq!(indexes(&db), before);
    assert_eq!(foreign_keys(&db), keys_before);
    assert_analysed(&mut post);
    let enabled: String = db
        .connect()
        .query_one(
            "SELECT tgenabled::text FROM pg_trigger WHERE tgname = 'events_stage_spans'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(enabled, "O");
    let check = minyi_core::check::check(&pg).unwrap();
    assert!(check.ok(), "{:?}", check.problems);

    // The next registration continues the ids the load wrote.
    let office = minyi_demo::seed_office(&mut pg, opts.now).unwrap();
    let input = RegisterInput {
        appellant: Appellant {
            name: "张三丰".into(),
            phone: Some("13812345678".into()),
            ..Default::default()
        },
        channel: "walk_in".into(),
        category: "complaint".into(),
        subject: "载入之后的第一件诉求".into(),
        content: "小区旁工地每天夜里十一点以后还在施工，噪音很大，影响休息。".into(),
        received_at: "2026-12-01T09:30:00+08:00".into(),
        ..Default::default()
    };
    let ctx = Ctx::new(&office.clerk, at("2026-12-01T10:00:00+08:00"));
    let done = register(&mut pg, &ctx, &input).unwrap();
    assert_eq!(done.appeal_id, appeals + 1);
}
