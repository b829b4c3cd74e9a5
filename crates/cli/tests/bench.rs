//! `minyi-cli bench` on both stores: every figure is measured and printed (never asserted on
//! time), the appeals it registers stay as ordinary appeals, and its bare rows are gone again
//! afterwards. The PostgreSQL half runs when `MINYI_TEST_PG` names a test cluster (`make
//! test-rust-pg`), on a fresh database of its own.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

/// Fills `db` with a small demo, benches it with `samples` per figure and checks the report.
fn bench_on(db: &Path, store: &str) {
    ok(&run(db, &["demo", "--appeals", "300", "--seed", "3"]));
    let out = run(db, &["bench", "--samples", "6", "--json"]);
    ok(&out);
    let report: Value = serde_json::from_str(&out.stdout).expect("bench prints JSON");
    assert_eq!(report["store"], store);
    assert_eq!(report["appeals"], 300);
    assert!(report["databaseBytes"].as_u64().unwrap() > 0);
    let figures = report["figures"].as_array().unwrap();
    let names: Vec<&str> = figures
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert!(names[0].starts_with("登记一件诉求"), "{names:?}");
    assert!(names.iter().any(|n| n.starts_with("诉求列表一页")));
    assert!(names.iter().any(|n| n.starts_with("全文检索 3 字词")));
    assert!(names.iter().any(|n| n.starts_with("全文检索 2 字词")));
    for f in figures {
        assert_eq!(f["samples"], 6, "{f}");
        assert!(f["p50Ms"].as_f64().unwrap() <= f["maxMs"].as_f64().unwrap());
    }
    // The six registrations stay (ordinary appeals dated now); the bare rows do not.
    let again = run(db, &["bench", "--samples", "5", "--json"]);
    ok(&again);
    let report: Value = serde_json::from_str(&again.stdout).unwrap();
    assert_eq!(report["appeals"], 306);
}

#[test]
fn bench_measures_an_sqlite_file() {
    let dir = tempfile::tempdir().unwrap();
    bench_on(&dir.path().join("minyi.db"), "sqlite");
}

#[test]
fn bench_measures_a_postgresql_database_without_printing_its_url() {
    let Some(db) = minyi_core::testing::pg::fresh() else {
        eprintln!("MINYI_TEST_PG is not set: the PostgreSQL bench is not run");
        return;
    };
    bench_on(Path::new(db.url()), "postgresql");
    let text = run(Path::new(db.url()), &["bench", "--samples", "5"]);
    ok(&text);
    assert!(text.stdout.contains("PostgreSQL 数据库"), "{}", text.stdout);
    assert!(!text.stdout.contains(db.url()) && !text.stderr.contains(db.url()));
    assert!(!text.stdout.contains("postgres://"));
}
