//! Weak links agree with the same ranking counted appeal by appeal from the event log, and their
//! stage figures with the statistics' own.

mod common;

use common::{d, demo, runs};
use minyi_analysis::period::Period;
use minyi_analysis::stats::{StatsQuery, statistics};
use minyi_analysis::weak_links::{weak_links, weak_links_for};
use minyi_core::model::{Actor, Role, Satisfaction, Stage};

use std::collections::{BTreeSet, HashMap};

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
    // The appeals that must be behind each department's row: overdue runs and dissatisfaction.
    let mut behind: HashMap<i64, BTreeSet<i64>> = HashMap::new();
    let mut cohort = BTreeSet::new();
    let max_id: i64 = store
        .sql_for_tests()
        .query_row("SELECT max(id) FROM appeals", [], |r| r.get(0))
        .unwrap();
    for id in 1..=max_id {
        let a = minyi_core::testing::appeal(&store, id).unwrap();
        if !q.period.contains(a.received_at.date_naive()) {
            continue;
        }
        cohort.insert(id);
        if let (Some(dep), Some(s)) = (a.department_id, a.satisfaction) {
            let e = dissatisfied.entry(dep).or_default();
            if s != Satisfaction::Unreachable {
                e.0 += 1;
                e.1 += i64::from(s == Satisfaction::Dissatisfied);
            }
            if s == Satisfaction::Dissatisfied {
                behind.entry(dep).or_default().insert(id);
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
            if late {
                behind.entry(dep).or_default().insert(id);
            }
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
        // The rows a click lists: every overdue or dissatisfied appeal, all of the period.
        let ids: BTreeSet<i64> = dl.appeal_ids.iter().copied().collect();
        assert_eq!(ids.len(), dl.appeal_ids.len(), "no appeal twice");
        assert!(ids.is_subset(&cohort), "{}", dl.department);
        let want = behind.get(&dl.department_id).cloned().unwrap_or_default();
        assert!(want.is_subset(&ids), "{}", dl.department);
        let weak = dl.overdue > 0 || dl.dissatisfied > 0 || dl.supervision_notices > 0;
        assert_eq!(!dl.reasons.is_empty(), weak, "{}", dl.department);
        assert_eq!(!dl.appeal_ids.is_empty(), weak, "{}", dl.department);
    }
    let worst = &w.departments[0];
    assert!(
        worst.reasons[0].contains(&format!("超期 {} 次", worst.overdue)),
        "{:?}",
        worst.reasons
    );
    assert!(w.overdue_rate.is_some() && w.rule.contains("超期率"));
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

#[test]
fn weak_links_are_refused_to_a_role_without_statistics() {
    let (_dir, store) = demo(50);
    let q = StatsQuery {
        period: Period::new(d("2026-01-01"), d("2026-11-27")).unwrap(),
        category: None,
        channel: None,
        department_id: None,
        granularity: None,
    };
    let handler = Actor {
        user_id: 1,
        display_name: "办理人".into(),
        department_id: 1,
        roles: vec![Role::Handler],
        agreement_signed_on: None,
    };
    let e = weak_links_for(&store, &handler, &q, d("2026-11-27")).unwrap_err();
    assert!(e.message.contains("统计"), "{}", e.message);
    let office = Actor {
        roles: vec![Role::Management],
        ..handler
    };
    let w = weak_links_for(&store, &office, &q, d("2026-11-27")).unwrap();
    assert_eq!(w.query, q);
}
