//! Statistics agree with the same figures counted independently: every appeal loaded one by one
//! through the core, every stage run replayed from its event log with plain loops and the
//! calendar's own day-by-day working-day count — not from the `stage_spans` table or the covering
//! index the statistics read. Demo data supplies a realistic office (every status, supervision,
//! reopened rounds, unreachable appellants) over three years.

mod common;

use chrono::{Datelike, NaiveDate};
use common::{d, demo, runs};
use minyi_analysis::period::{Granularity, Period};
use minyi_analysis::stats::{Statistics, StatsQuery, statistics, statistics_in_slices};
use minyi_core::Store;
use minyi_core::model::{Category, Channel, Satisfaction, Stage, Status};

use std::collections::HashMap;

fn count_of(rows: &[minyi_analysis::stats::CountRow], key: &str) -> i64 {
    rows.iter().find(|r| r.key == key).map_or(0, |r| r.count)
}

fn check_against_loops(store: &Store, s: &Statistics, today: NaiveDate) {
    let p = s.query.period;
    let cal = store.calendar();
    let max_id: i64 = store
        .sql_for_tests()
        .query_row("SELECT max(id) FROM appeals", [], |r| r.get(0))
        .unwrap();
    let (mut total, mut previous_total) = (0, 0);
    let mut by_cat: HashMap<&str, i64> = HashMap::new();
    let mut by_channel: HashMap<&str, i64> = HashMap::new();
    let mut by_status: HashMap<&str, i64> = HashMap::new();
    let mut by_dept: HashMap<String, i64> = HashMap::new();
    let mut sat: HashMap<Satisfaction, i64> = HashMap::new();
    let (mut reopened, mut reopen_base, mut notices, mut escalated) = (0, 0, 0, 0);
    // Per stage: on time, late, running late, working days of ended runs.
    let mut on_time: HashMap<Stage, i64> = HashMap::new();
    let mut late: HashMap<Stage, i64> = HashMap::new();
    let mut running_late: HashMap<Stage, i64> = HashMap::new();
    let mut days: HashMap<Stage, Vec<i64>> = HashMap::new();
    let mut months: HashMap<(i32, u32), i64> = HashMap::new();
    let mut previous_months: HashMap<(i32, u32), i64> = HashMap::new();
    for id in 1..=max_id {
        let a = minyi_core::testing::appeal(store, id).unwrap();
        let q = &s.query;
        if q.category.is_some_and(|c| c != a.category)
            || q.channel.is_some_and(|c| c != a.channel)
            || q.department_id
                .is_some_and(|dep| Some(dep) != a.department_id)
        {
            continue;
        }
        let received = a.received_at.date_naive();
        if s.previous_period.contains(received) {
            previous_total += 1;
            *previous_months
                .entry((received.year(), received.month()))
                .or_default() += 1;
        }
        if !p.contains(received) {
            continue;
        }
        total += 1;
        *months
            .entry((received.year(), received.month()))
            .or_default() += 1;
        *by_cat.entry(a.category.code()).or_default() += 1;
        *by_channel.entry(a.channel.code()).or_default() += 1;
        *by_status.entry(a.status.code()).or_default() += 1;
        *by_dept
            .entry(a.department_id.map(|i| i.to_string()).unwrap_or_default())
            .or_default() += 1;
        if let Some(x) = a.satisfaction {
            *sat.entry(x).or_default() += 1;
        }
        if a.round > 1 {
            reopened += 1;
        }
        if a.round > 1 || a.status == Status::Closed {
            reopen_base += 1;
        }
        notices += a.supervision_count;
        escalated += i64::from(a.escalated);
        let replayed = runs(store, id);
        let replayed_notices: i64 = replayed.iter().map(|r| r.notices).sum();
        assert_eq!(replayed_notices, a.supervision_count, "appeal {id}");
        for r in replayed {
            match (r.end, r.due) {
                (Some(end), due) => {
                    days.entry(r.stage)
                        .or_default()
                        .push(cal.working_days_between(r.start, end).value);
                    match due {
                        Some(due) if end <= due => *on_time.entry(r.stage).or_default() += 1,
                        Some(_) => *late.entry(r.stage).or_default() += 1,
                        None => {}
                    }
                }
                (None, Some(due)) if due < today => *running_late.entry(r.stage).or_default() += 1,
                _ => {}
            }
        }
    }
    assert!(total > 50, "the period holds a realistic number: {total}");
    assert_eq!(s.total, total);
    assert_eq!(s.previous_total, previous_total);
    for c in Category::ALL {
        assert_eq!(
            count_of(&s.by_category, c.code()),
            by_cat.get(c.code()).copied().unwrap_or(0)
        );
    }
    for c in Channel::ALL {
        assert_eq!(
            count_of(&s.by_channel, c.code()),
            by_channel.get(c.code()).copied().unwrap_or(0)
        );
    }
    for st in Status::ALL {
        assert_eq!(
            count_of(&s.by_status, st.code()),
            by_status.get(st.code()).copied().unwrap_or(0)
        );
    }
    assert_eq!(s.by_department.len(), by_dept.len());
    for (k, n) in &by_dept {
        assert_eq!(count_of(&s.by_department, k), *n, "department {k:?}");
    }
    assert_eq!(
        s.satisfaction.satisfied,
        sat.get(&Satisfaction::Satisfied).copied().unwrap_or(0)
    );
    assert_eq!(
        s.satisfaction.dissatisfied,
        sat.get(&Satisfaction::Dissatisfied).copied().unwrap_or(0)
    );
    assert_eq!(
        s.satisfaction.unreachable,
        sat.get(&Satisfaction::Unreachable).copied().unwrap_or(0)
    );
    assert_eq!(s.reopened, reopened);
    assert_eq!(s.reopen_rate, Some(reopened as f64 / reopen_base as f64));
    assert_eq!(s.supervision_notices, notices);
    assert_eq!(s.escalated_appeals, escalated);
    let mut finished_total = 0;
    for f in &s.stages {
        let g = |m: &HashMap<Stage, i64>| m.get(&f.stage).copied().unwrap_or(0);
        assert_eq!(f.on_time, g(&on_time), "{:?} on time", f.stage);
        assert_eq!(f.late, g(&late), "{:?} late", f.stage);
        assert_eq!(
            f.running_late,
            g(&running_late),
            "{:?} running late",
            f.stage
        );
        let mut v = days.get(&f.stage).cloned().unwrap_or_default();
        assert_eq!(f.finished, v.len() as i64, "{:?} finished", f.stage);
        finished_total += v.len();
        v.sort();
        if v.is_empty() {
            assert_eq!(f.median_working_days, None);
            continue;
        }
        let avg = v.iter().sum::<i64>() as f64 / v.len() as f64;
        assert!(
            (f.average_working_days.unwrap() - avg).abs() < 1e-9,
            "{:?}",
            f.stage
        );
        let median = (v[(v.len() - 1) / 2] + v[v.len() / 2]) as f64 / 2.0;
        assert_eq!(f.median_working_days, Some(median), "{:?}", f.stage);
    }
    assert!(
        finished_total > total as usize,
        "most appeals pass several stages"
    );
    if s.granularity == Granularity::Month {
        let previous = s.previous_period.buckets(Granularity::Month);
        for (i, point) in s.trend.iter().enumerate() {
            let m = (point.from.year(), point.from.month());
            assert_eq!(
                point.count,
                months.get(&m).copied().unwrap_or(0),
                "{}",
                point.label
            );
            // The comparison period's bucket of the same position, when it has one.
            let before = previous.get(i).map(|b| (b.from.year(), b.from.month()));
            assert_eq!(
                point.previous_count,
                before.map(|m| previous_months.get(&m).copied().unwrap_or(0)),
                "{} compared",
                point.label
            );
        }
    }
    if s.previous_period.buckets(s.granularity).len() == s.trend.len() {
        assert_eq!(
            s.trend.iter().filter_map(|t| t.previous_count).sum::<i64>(),
            s.previous_total,
            "the comparison trend adds up"
        );
    }
}

#[test]
fn any_split_of_the_period_into_slices_gives_the_same_figures() {
    let (_dir, store) = demo(1500);
    let today = d("2026-11-27");
    let q = StatsQuery {
        period: Period::new(d("2025-03-10"), d("2026-11-27")).unwrap(),
        category: None,
        channel: None,
        department_id: None,
        granularity: None,
    };
    // Demo appeals are registered in order of receipt, so each slice's cohort is every appeal
    // of its id range: this test reads the stage runs without appeal ids, and the filtered
    // cohorts below read them with ids and check each.
    let (n, lo, hi): (i64, i64, i64) = store
        .sql_for_tests()
        .query_row(
            "SELECT count(*), min(id), max(id) FROM appeals
             WHERE received_at >= '2025-03-10' AND received_at < '2026-11-28'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(n, hi - lo + 1, "a whole id range");
    let one = statistics_in_slices(&store, &q, today, 1).unwrap();
    assert!(one.total > 500, "{}", one.total);
    for n in [2, 3, 4, 7] {
        let split = statistics_in_slices(&store, &q, today, n).unwrap();
        assert_eq!(split, one, "{n} slices");
    }
    check_against_loops(&store, &one, today);
}

#[test]
fn statistics_agree_with_counts_made_appeal_by_appeal() {
    let (_dir, store) = demo(2500);
    let today = d("2026-11-27");
    let q = StatsQuery {
        period: Period::new(d("2026-01-01"), d("2026-11-27")).unwrap(),
        category: None,
        channel: None,
        department_id: None,
        granularity: None,
    };
    let s = statistics(&store, &q, today).unwrap();
    assert_eq!(s.granularity, Granularity::Month);
    assert_eq!(s.trend.len(), 11);
    assert!(
        s.stages.iter().any(|f| f.late + f.running_late > 0),
        "some stage ran late"
    );
    assert!(
        s.supervision_notices > 0 && s.reopened > 0,
        "demo data has both"
    );
    check_against_loops(&store, &s, today);

    // The trend adds up to the totals of both periods.
    assert_eq!(s.trend.iter().map(|t| t.count).sum::<i64>(), s.total);
    let s2 = statistics(
        &store,
        &StatsQuery {
            period: Period::new(d("2025-06-01"), d("2025-06-30")).unwrap(),
            ..q.clone()
        },
        today,
    )
    .unwrap();
    assert_eq!(s2.granularity, Granularity::Week);
    assert_eq!(
        s2.previous_period,
        Period::new(d("2025-05-01"), d("2025-05-31")).unwrap()
    );
    check_against_loops(&store, &s2, today);
}

#[test]
fn filters_narrow_every_figure_to_their_appeals() {
    let (_dir, store) = demo(1500);
    let today = d("2026-11-27");
    let all = StatsQuery {
        period: Period::new(d("2025-01-01"), d("2026-11-27")).unwrap(),
        category: None,
        channel: None,
        department_id: None,
        granularity: Some(Granularity::Month),
    };
    let s = statistics(&store, &all, today).unwrap();
    let complaints = statistics(
        &store,
        &StatsQuery {
            category: Some(Category::Complaint),
            ..all.clone()
        },
        today,
    )
    .unwrap();
    assert_eq!(complaints.total, count_of(&s.by_category, "complaint"));
    assert_eq!(
        complaints.by_category.iter().map(|r| r.count).sum::<i64>(),
        complaints.total
    );
    assert_eq!(count_of(&complaints.by_category, "help"), 0);
    let busiest = s.by_department.iter().find(|r| !r.key.is_empty()).unwrap();
    let dept = statistics(
        &store,
        &StatsQuery {
            department_id: Some(busiest.key.parse().unwrap()),
            ..all.clone()
        },
        today,
    )
    .unwrap();
    assert_eq!(dept.total, busiest.count);
    assert_eq!(dept.by_department.len(), 1);
    assert_eq!(dept.by_department[0].label, busiest.label);
    let walk_in = statistics(
        &store,
        &StatsQuery {
            channel: Some(Channel::WalkIn),
            ..all
        },
        today,
    )
    .unwrap();
    assert_eq!(walk_in.total, count_of(&s.by_channel, "walk_in"));
    check_against_loops(&store, &walk_in, today);
}
