//! Weak links agree with the same ranking counted appeal by appeal from the event log, and their
//! stage figures with the statistics' own.

mod common;

use common::{d, demo, runs};
use minyi_analysis::period::Period;
use minyi_analysis::stats::{StatsQuery, statistics};
use minyi_analysis::weak_links::weak_links;
use minyi_core::model::{Satisfaction, Stage};

use std::collections::HashMap;

#[test]
fn weak_links_rank_departments_by_their_own_overdue_stage_runs() {
    let (_dir, store) = demo(1500);
    let today = d("2026-11-27");
    let q = StatsQuery {
        period: Period::new(d("2025-01-01"), d("2026-11-27")).unwrap(),
        category: None,
        channel: None,
        department_id: None,
        granularity: None,
    };
    let w = weak_links(&store, &q, today).unwrap();
    // Counted appeal by appeal: runs with a deadline, ended or already late, per department.
    let mut measured: HashMap<i64, (i64, i64)> = HashMap::new();
    let mut dissatisfied: HashMap<i64, (i64, i64)> = HashMap::new();
    let max_id: i64 = store
        .sql_for_tests()
        .query_row("SELECT max(id) FROM appeals", [], |r| r.get(0))
        .unwrap();
    for id in 1..=max_id {
        let a = minyi_core::testing::appeal(&store, id).unwrap();
        if !q.period.contains(a.received_at.date_naive()) {
            continue;
        }
        if let (Some(dep), Some(s)) = (a.department_id, a.satisfaction) {
            let e = dissatisfied.entry(dep).or_default();
            if s != Satisfaction::Unreachable {
                e.0 += 1;
                e.1 += i64::from(s == Satisfaction::Dissatisfied);
            }
        }
        for r in runs(&store, id) {
            let (Some(dep), Some(due)) = (r.department, r.due) else {
                continue;
            };
            if r.stage == Stage::Tracking {
                continue;
            }
            let late = match r.end {
                Some(end) => end > due,
                None if due < today => true,
                None => continue,
            };
            let e = measured.entry(dep).or_default();
            e.0 += 1;
            e.1 += i64::from(late);
        }
    }
    assert!(w.departments.len() >= 5);
    for dl in &w.departments {
        let m = measured.get(&dl.department_id).copied().unwrap_or_default();
        assert_eq!((dl.measured, dl.overdue), m, "{}", dl.department);
        let s = dissatisfied
            .get(&dl.department_id)
            .copied()
            .unwrap_or_default();
        assert_eq!((dl.reached, dl.dissatisfied), s, "{}", dl.department);
    }
    assert!(w.departments.iter().any(|d| d.overdue > 0));
    let rates: Vec<f64> = w
        .departments
        .iter()
        .map(|d| d.overdue_rate.unwrap_or(-1.0))
        .collect();
    assert!(
        rates.windows(2).all(|p| p[0] >= p[1]),
        "weakest first: {rates:?}"
    );
    // The stage ranking agrees with the statistics' own stage figures.
    let s = statistics(&store, &q, today).unwrap();
    for sl in &w.stages {
        let f = s.stages.iter().find(|f| f.stage == sl.stage).unwrap();
        assert_eq!(
            sl.measured,
            f.on_time + f.late + f.running_late,
            "{:?}",
            sl.stage
        );
        assert_eq!(sl.overdue, f.late + f.running_late, "{:?}", sl.stage);
    }
}
