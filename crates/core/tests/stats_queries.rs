//! The statistics' row sources agree with each other: the appeals and stage runs folded inside
//! SQLite are exactly those the streaming visitors give, a fold leaves no function behind, and
//! SQLite's count of a cohort is the number of rows the visitor gives.

use chrono::{DateTime, NaiveDate};
use minyi_core::Store;
use minyi_core::model::{Category, Channel};
use minyi_core::queries::stats::{
    CohortFilter, RunDays, count_appeals, fold_appeals, fold_run_days, fold_span_days,
    for_each_appeal, for_each_span_days,
};
use minyi_demo::{DemoOptions, generate};

fn demo() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.db")).unwrap();
    let opts = DemoOptions {
        appeals: 300,
        seed: 5,
        now: DateTime::parse_from_rfc3339("2026-11-27T17:00:00+08:00").unwrap(),
    };
    generate(&mut store, &opts, &mut |_, _| {}).unwrap();
    (dir, store)
}

fn key(r: &RunDays) -> (String, i64, Option<i64>, Option<i64>, i64) {
    (
        r.stage.code().to_string(),
        r.started_day,
        r.due_day,
        r.ended_day,
        r.supervised,
    )
}

#[test]
fn folded_runs_are_the_streamed_runs_and_the_function_is_gone_afterwards() {
    let (_dir, store) = demo();
    let conn = store.sql_for_tests();
    for (first, last) in [(1, 300), (40, 41), (120, 260), (500, 600)] {
        let mut streamed = Vec::new();
        for_each_span_days(&store, first, last, |_, r| streamed.push(*r)).unwrap();
        let mut with_ids = Vec::new();
        for_each_span_days(&store, first, last, |id, r| with_ids.push((id, *r))).unwrap();
        let mut folded = fold_run_days(&store, first, last, Vec::new(), |v, r| v.push(*r)).unwrap();
        let folded_with_ids =
            fold_span_days(&store, first, last, Vec::new(), |v, r| v.push(*r)).unwrap();
        streamed.sort_by_key(key);
        folded.sort_by_key(key);
        assert_eq!(folded, streamed, "{first}..={last}");
        // Both in the scan's (appeal, run) order.
        assert_eq!(folded_with_ids, with_ids, "{first}..={last} with ids");
        if first == 1 {
            assert!(folded.len() > 600, "demo appeals pass several stages");
        }
    }
    let gone = conn.prepare("SELECT minyi_fold('plan', 1, 2, 3, 0)");
    assert!(
        gone.is_err(),
        "the fold's function exists only during the fold"
    );
}

#[test]
fn sqlite_counts_a_cohort_as_the_visitor_does() {
    let (_dir, store) = demo();
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let year = CohortFilter {
        from: d("2025-01-01"),
        to: d("2025-12-31"),
        category: None,
        channel: None,
        department_id: None,
    };
    for f in [
        year.clone(),
        CohortFilter {
            category: Some(Category::Complaint),
            ..year.clone()
        },
        CohortFilter {
            channel: Some(Channel::Hotline),
            from: d("2025-03-01"),
            to: d("2025-03-31"),
            ..year.clone()
        },
        CohortFilter {
            department_id: Some(2),
            ..year.clone()
        },
    ] {
        let mut visited = Vec::new();
        for_each_appeal(&store, &f, |a| visited.push(a)).unwrap();
        assert_eq!(
            count_appeals(&store, &f).unwrap(),
            visited.len() as i64,
            "{f:?}"
        );
        let folded = fold_appeals(&store, &f, Vec::new(), |v, a| v.push(a.clone())).unwrap();
        assert_eq!(folded, visited, "{f:?} folded");
    }
    let mut all = 0;
    for_each_appeal(&store, &year, |_| all += 1).unwrap();
    assert!(all > 50, "{all}");
}
