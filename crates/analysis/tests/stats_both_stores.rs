//! The same statistics from both stores for the same data (decision 0014, §4 (D)): a demo office
//! is generated on SQLite, its rows copied as they are into a fresh PostgreSQL database, and the
//! period statistics, the weak links, the assessment and the row sources under them must come out
//! identical — SQLite folding inside its scan, PostgreSQL streaming rows folded in Rust.
//!
//! Runs only when `MINYI_TEST_PG` names a cluster (`make test-rust-pg`); otherwise it says so and
//! passes. The copy is this test's own (every table both stores have, triggers and foreign keys
//! off for the session, the shipped calendar replaced by the demo's), not `migrate-store`.

mod common;

use common::{d, demo};
use minyi_analysis::period::{Granularity, Period};
use minyi_analysis::stats::{StatsQuery, statistics};
use minyi_core::Store;
use minyi_core::model::{Category, Channel};
use minyi_core::queries::stats::{
    CohortFilter, count_appeals, department_names, fold_appeals, fold_run_days, fold_span_days,
    for_each_appeal, for_each_span,
};
use minyi_core::store::sql::types::Value;
use minyi_core::store::sql::{Connection, params_from_iter};

/// The tables of the SQLite file that the PostgreSQL schema has too, in the file's order.
fn shared_tables(from: &Connection, to: &Connection) -> Vec<String> {
    let mut st = from
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             ORDER BY name",
        )
        .unwrap();
    let names: Vec<String> = st
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    names
        .into_iter()
        .filter(|t| {
            let n: i64 = to
                .query_row(
                    "SELECT count(*) FROM information_schema.tables
                     WHERE table_schema = current_schema() AND table_name = ?1",
                    [t.as_str()],
                    |r| r.get(0),
                )
                .unwrap();
            n == 1
        })
        .collect()
}

/// Copies every row of every shared table from the SQLite store to the PostgreSQL one, replacing
/// what the latter held (its seeded calendar).
fn copy_rows(from: &Store, to: &mut Store) {
    let (src, dst) = (from.sql_layer_for_tests(), to.sql_layer_for_tests());
    let tables = shared_tables(src, dst);
    assert!(tables.len() > 30, "{tables:?}");
    dst.execute_batch(&format!(
        "BEGIN; SET LOCAL session_replication_role = replica; TRUNCATE {} CASCADE;",
        tables.join(", ")
    ))
    .unwrap();
    let mut copied = 0;
    for t in &tables {
        let mut st = src
            .prepare(&format!(
                "SELECT name FROM pragma_table_info('{t}') ORDER BY cid"
            ))
            .unwrap();
        let cols: Vec<String> = st
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let insert = format!(
            "INSERT INTO {t}({}) VALUES ({})",
            cols.join(", "),
            (1..=cols.len())
                .map(|i| format!("?{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut read = src
            .prepare(&format!("SELECT {} FROM {t}", cols.join(", ")))
            .unwrap();
        let mut rows = read.query([]).unwrap();
        let mut write = dst.prepare(&insert).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let values: Vec<Value> = (0..cols.len()).map(|i| r.get(i).unwrap()).collect();
            write.execute(params_from_iter(values)).unwrap();
            copied += 1;
        }
    }
    dst.execute_batch("COMMIT").unwrap();
    assert!(copied > 5_000, "{copied} rows");
    to.reload_calendar().unwrap();
}

#[test]
fn statistics_are_the_same_on_both_stores() {
    if !minyi_core::testing::on_postgres() {
        eprintln!("MINYI_TEST_PG is not set: the comparison with PostgreSQL is skipped");
        return;
    }
    let (_dir, sqlite) = demo(400);
    let pg_dir = tempfile::tempdir().unwrap();
    let (mut pg, _db) = minyi_core::testing::open_test_store(pg_dir.path());
    assert!(pg.is_postgres());
    copy_rows(&sqlite, &mut pg);
    let both = [&sqlite, &pg];
    let today = d("2026-11-27");

    let year = Period::new(d("2025-11-28"), d("2026-11-27")).unwrap();
    let mut queries = vec![StatsQuery {
        period: year,
        category: None,
        channel: None,
        department_id: None,
        granularity: None,
    }];
    queries.push(StatsQuery {
        period: Period::new(d("2024-01-01"), d("2026-11-27")).unwrap(),
        granularity: Some(Granularity::Month),
        ..queries[0].clone()
    });
    queries.push(StatsQuery {
        category: Some(Category::Complaint),
        ..queries[0].clone()
    });
    queries.push(StatsQuery {
        channel: Some(Channel::Hotline),
        department_id: Some(department_names(&sqlite).unwrap()[1].0),
        ..queries[0].clone()
    });
    for q in &queries {
        let [a, b] = both.map(|s| statistics(s, q, today).unwrap());
        assert!(a.total > 0, "{q:?}");
        assert_eq!(a, b, "{q:?}");
        let [a, b] = both.map(|s| minyi_analysis::weak_links::weak_links(s, q, today).unwrap());
        assert_eq!(a, b, "weak links {q:?}");
    }
    let [a, b] = both.map(|s| minyi_analysis::assessment::assessment(s, year, today).unwrap());
    assert_eq!(a, b, "assessment");

    // The row sources themselves, in the same order.
    let f = CohortFilter {
        from: d("2025-01-01"),
        to: d("2026-11-27"),
        category: None,
        channel: None,
        department_id: None,
    };
    let [a, b] = both.map(|s| {
        let mut v = Vec::new();
        for_each_appeal(s, &f, |r| v.push(r)).unwrap();
        v
    });
    assert!(a.len() > 100);
    assert_eq!(a, b, "appeals");
    let [a, b] = both.map(|s| fold_appeals(s, &f, Vec::new(), |v, r| v.push(r.clone())).unwrap());
    assert_eq!(a, b, "folded appeals");
    let [a, b] = both.map(|s| count_appeals(s, &f).unwrap());
    assert_eq!(a, b);
    let (first, last) = (1, 400);
    let [a, b] = both.map(|s| {
        let mut v = Vec::new();
        for_each_span(s, first, last, |r| v.push(r)).unwrap();
        v
    });
    assert!(a.len() > 800, "{}", a.len());
    assert_eq!(a, b, "spans");
    // Without ids the runs come in no promised order (PostgreSQL groups equal ones).
    let [a, b] = both.map(|s| {
        let mut v = fold_run_days(s, first, last, Vec::new(), |v, r| v.push(*r)).unwrap();
        v.sort_by_key(|r| {
            (
                r.stage.code(),
                r.started_day,
                r.due_day,
                r.ended_day,
                r.supervised,
            )
        });
        v
    });
    assert_eq!(a, b, "folded runs");
    let [a, b] =
        both.map(|s| fold_span_days(s, first, last, Vec::new(), |v, r| v.push(*r)).unwrap());
    assert_eq!(a, b, "folded runs with ids");
    let [a, b] = both.map(|s| department_names(s).unwrap());
    assert_eq!(a, b);
}
