//! Assessment figures agree with the same counts made appeal by appeal in this test from the event
//! log and the appeal rows (a plain replay, independent of `stage_spans` and of the crate's
//! passes); scores follow from the figures and the weights of 设置; adopted recommendations count
//! for their owner; the difficult-issue lists agree with a plain scan of the appeals.

mod common;

use common::{d, demo};
use minyi_analysis::assessment::{AssessmentFigures, assessment, weighted};
use minyi_analysis::difficult::difficult_issues;
use minyi_analysis::period::Period;
use minyi_core::model::{Ctx, EventAction, RecommendationStatus, Satisfaction, Stage, Status};
use minyi_core::store::settings::SettingKey;

use minyi_core::usecases::advance_recommendation::advance_recommendation;
use minyi_core::usecases::record_recommendation::{NewRecommendation, record_recommendation};
use serde_json::Value;
use std::collections::HashMap;

/// One stage run replayed from the events, with both deadlines.
struct Run {
    stage: Stage,
    due: Option<chrono::NaiveDate>,
    due_now: Option<chrono::NaiveDate>,
    end: Option<chrono::NaiveDate>,
    notices: i64,
    department: Option<i64>,
}

fn date(v: Option<&Value>) -> Option<chrono::NaiveDate> {
    v.and_then(Value::as_str).map(d)
}

fn replay(evs: &[minyi_core::store::events::EventRecord]) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    let mut state = serde_json::Map::new();
    for e in evs {
        let set = e.payload["set"].as_object().cloned().unwrap_or_default();
        for (k, v) in &set {
            state.insert(k.clone(), v.clone());
        }
        if set.contains_key("stage") || set.contains_key("stageStartedOn") {
            if let Some(r) = out.last_mut().filter(|r| r.end.is_none()) {
                r.end = Some(e.at.date_naive());
            }
            if let Some(stage) = state.get("stage").and_then(Value::as_str) {
                let due = date(state.get("dueDate"));
                out.push(Run {
                    stage: Stage::parse(stage, "").unwrap(),
                    due,
                    due_now: due,
                    end: None,
                    notices: 0,
                    department: state.get("departmentId").and_then(Value::as_i64),
                });
            }
        } else if let Some(r) = out.last_mut().filter(|r| r.end.is_none()) {
            if set.contains_key("departmentId") {
                r.department = state.get("departmentId").and_then(Value::as_i64);
            }
            if set.contains_key("dueDate") {
                r.due_now = date(state.get("dueDate"));
                if e.action != EventAction::IssueSupervision {
                    r.due = r.due_now;
                }
            }
            r.notices += i64::from(e.action == EventAction::IssueSupervision);
        }
    }
    out
}

fn judged(
    end: Option<chrono::NaiveDate>,
    due: Option<chrono::NaiveDate>,
    today: chrono::NaiveDate,
) -> Option<bool> {
    match (end, due?) {
        (Some(end), due) => Some(end <= due),
        (None, due) if due < today => Some(false),
        (None, _) => None,
    }
}

#[test]
fn assessment_figures_agree_with_a_replay_of_every_appeal() {
    let (_dir, mut store) = demo(1500);
    let today = d("2026-11-27");
    let period = Period::new(d("2026-01-01"), d("2026-11-27")).unwrap();

    // Two recommendations owned by the first handling department; one adopted in the period.
    let office = store.actor(1).unwrap();
    let first_dept: i64 = store
        .sql_for_tests()
        .query_row(
            "SELECT department_id FROM users WHERE roles = 'handler' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let ctx = Ctx::new(&office, common_now());
    for title in ["联合夜查", "窗口延时服务"] {
        let r = record_recommendation(
            &mut store,
            &ctx,
            &NewRecommendation {
                title: title.into(),
                content: "每周两次。".into(),
                basis: "热点增长。".into(),
                owner_department_id: Some(first_dept),
                owner_user_id: None,
            },
        )
        .unwrap();
        if title == "联合夜查" {
            advance_recommendation(&mut store, &ctx, r.id, RecommendationStatus::Adopted).unwrap();
        }
    }

    let a = assessment(&store, period, today).unwrap();

    // The replay: the same credit rules, counted appeal by appeal.
    let dept_of: HashMap<i64, i64> = store
        .users()
        .unwrap()
        .into_iter()
        .map(|u| (u.id, u.department_id))
        .collect();
    let mut by_dept: HashMap<i64, AssessmentFigures> = HashMap::new();
    let mut by_user: HashMap<i64, AssessmentFigures> = HashMap::new();
    let max_id: i64 = store
        .sql_for_tests()
        .query_row("SELECT max(id) FROM appeals", [], |r| r.get(0))
        .unwrap();
    for id in 1..=max_id {
        let ap = minyi_core::testing::appeal(&store, id).unwrap();
        if !period.contains(ap.received_at.date_naive()) {
            continue;
        }
        let evs = minyi_core::testing::events(&store, id).unwrap();
        assert!(
            evs.iter().all(|e| e.on_behalf_person.is_none()),
            "the demo types nothing on behalf"
        );
        let mut reviewer = None;
        let mut routers = Vec::new();
        let mut handler = None;
        let mut last_router = None;
        for e in &evs {
            match e.action {
                EventAction::InitialReview | EventAction::Reject if reviewer.is_none() => {
                    reviewer = Some(e.actor_id)
                }
                EventAction::Route | EventAction::AnswerDirectly => {
                    routers.push(e.actor_id);
                    if e.action == EventAction::Route {
                        by_dept.entry(dept_of[&e.actor_id]).or_default().routed += 1;
                        by_user.entry(e.actor_id).or_default().routed += 1;
                        last_router = Some(e.actor_id);
                    }
                }
                EventAction::ReturnMisrouted => {
                    let r = last_router.expect("a return follows a routing");
                    by_dept.entry(dept_of[&r]).or_default().returned += 1;
                    by_user.entry(r).or_default().returned += 1;
                }
                EventAction::SubmitPlan => handler = Some(e.actor_id),
                _ => {}
            }
        }
        let mut k = 0;
        for r in replay(&evs) {
            let credited = match r.stage {
                Stage::InitialReview => reviewer,
                Stage::Routing => {
                    k += 1;
                    routers.get(k - 1).copied()
                }
                _ => {
                    let Some(dep) = r.department else { continue };
                    let h = handler.filter(|h| dept_of[h] == dep);
                    let add = |f: &mut AssessmentFigures| {
                        if r.stage != Stage::Tracking
                            && let Some(ok) = judged(r.end, r.due, today)
                        {
                            f.handling_measured += 1;
                            f.handling_on_time += i64::from(ok);
                        }
                        if r.notices > 0
                            && let Some(ok) = judged(r.end, r.due_now, today)
                        {
                            f.supervised += 1;
                            f.followed_through += i64::from(ok);
                        }
                    };
                    add(by_dept.entry(dep).or_default());
                    if let Some(h) = h {
                        add(by_user.entry(h).or_default());
                    }
                    continue;
                }
            };
            if let (Some(u), Some(ok)) = (credited, judged(r.end, r.due, today)) {
                for f in [
                    by_dept.entry(dept_of[&u]).or_default(),
                    by_user.entry(u).or_default(),
                ] {
                    f.intake_measured += 1;
                    f.intake_on_time += i64::from(ok);
                }
            }
        }
        if let Some(dep) = ap.department_id {
            let h = handler.filter(|h| dept_of[h] == dep);
            let add = |f: &mut AssessmentFigures| {
                if let Some(s) = ap.satisfaction.filter(|s| *s != Satisfaction::Unreachable) {
                    f.reached += 1;
                    f.satisfied += i64::from(s != Satisfaction::Dissatisfied);
                }
                f.closed_or_reopened += i64::from(ap.round > 1 || ap.status == Status::Closed);
                f.reopened += i64::from(ap.round > 1);
            };
            add(by_dept.entry(dep).or_default());
            if let Some(h) = h {
                add(by_user.entry(h).or_default());
            }
        }
    }
    // Assisting parts (the demo office co-handles a few appeals): the assisting department, and
    // its own staff member who gave the opinion.
    let mut st = store
        .sql_for_tests()
        .prepare(
            "SELECT s.department_id, substr(s.opinion_at, 1, 10), s.due_date, s.opinion_by
             FROM appeal_assists s JOIN appeals a ON a.id = s.appeal_id
             WHERE substr(a.received_at, 1, 10) BETWEEN '2026-01-01' AND '2026-11-27'
               AND s.status <> 'waived' AND s.on_behalf_person IS NULL",
        )
        .unwrap();
    let assists: Vec<(i64, Option<String>, String, Option<i64>)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (dept, answered, due, by) in assists {
        let Some(ok) = judged(answered.map(|s| d(&s)), Some(d(&due)), today) else {
            continue;
        };
        let credit = |f: &mut AssessmentFigures| {
            f.assists_measured += 1;
            f.assists_on_time += i64::from(ok);
        };
        credit(by_dept.entry(dept).or_default());
        if let Some(u) = by.filter(|u| dept_of.get(u) == Some(&dept)) {
            credit(by_user.entry(u).or_default());
        }
    }
    by_dept
        .entry(first_dept)
        .or_default()
        .recommendations_adopted += 1;

    // Compare everything but the average working days (a calendar figure, checked by stats).
    let plain = |f: &AssessmentFigures| AssessmentFigures {
        average_working_days: None,
        ..f.clone()
    };
    assert!(a.departments.len() >= 6, "{}", a.departments.len());
    for row in &a.departments {
        let want = by_dept
            .get(&row.department_id.unwrap())
            .cloned()
            .unwrap_or_default();
        assert_eq!(plain(&row.figures), want, "{}", row.name);
    }
    assert!(a.people.len() >= 6, "{}", a.people.len());
    for row in &a.people {
        let want = by_user
            .get(&row.user_id.unwrap())
            .cloned()
            .unwrap_or_default();
        assert_eq!(plain(&row.figures), want, "{}", row.name);
    }
    let total = |rows: &[_], f: fn(&AssessmentFigures) -> i64| -> i64 {
        let rows: &[minyi_analysis::assessment::AssessmentRow] = rows;
        rows.iter().map(|r| f(&r.figures)).sum()
    };
    assert!(
        total(&a.departments, |f| f.returned) > 0,
        "the demo mis-routes some appeals"
    );
    assert!(
        total(&a.departments, |f| f.supervised) > 0,
        "and supervises some"
    );
    assert_eq!(
        total(&a.departments, |f| f.routed),
        total(&a.people, |f| f.routed)
    );

    // Scores: the weights of 设置, each component 0–100, the ranking best first.
    let w = store.assessment_weights().unwrap();
    assert_eq!(a.weights.iter().map(|x| x.weight).collect::<Vec<_>>(), w);
    for row in a.departments.iter().chain(&a.people) {
        let s = &row.scores;
        assert!((weighted(s, &w).unwrap() - s.weighted).abs() < 1e-9);
        assert!((0.0..=100.0).contains(&s.weighted), "{}", row.name);
        if let Some(acc) = s.intake_accuracy {
            let f = &row.figures;
            let want = 100.0 * (f.routed - f.returned) as f64 / f.routed as f64;
            assert!((acc - want).abs() < 1e-9);
        }
    }
    let owner = a
        .departments
        .iter()
        .find(|r| r.department_id == Some(first_dept))
        .unwrap();
    assert_eq!(owner.scores.recommendations, Some(100.0));
    assert!(
        a.departments
            .iter()
            .filter(|r| r.department_id != Some(first_dept))
            .all(|r| r.scores.recommendations == Some(0.0))
    );
    for rows in [&a.departments, &a.people] {
        assert_eq!(rows[0].rank, 1);
        assert!(
            rows.windows(2)
                .all(|p| p[0].scores.weighted >= p[1].scores.weighted - 0.05
                    && p[0].rank <= p[1].rank)
        );
    }
    // The office's own department is judged on intake; handling departments are not.
    assert!(
        a.departments
            .iter()
            .any(|r| r.scores.intake_timeliness.is_some() && r.scores.efficiency.is_none())
    );
    assert!(
        a.departments
            .iter()
            .any(|r| r.scores.intake_timeliness.is_none() && r.scores.efficiency.is_some())
    );

    // A changed weight changes the scores accordingly.
    minyi_core::testing::set_setting(&store, SettingKey::WeightEfficiency, "100").unwrap();
    let b = assessment(&store, period, today).unwrap();
    let w2 = store.assessment_weights().unwrap();
    for row in &b.departments {
        assert!((weighted(&row.scores, &w2).unwrap() - row.scores.weighted).abs() < 1e-9);
    }
    let before: HashMap<Option<i64>, f64> = a
        .departments
        .iter()
        .map(|r| (r.department_id, r.scores.weighted))
        .collect();
    assert!(
        b.departments
            .iter()
            .any(|r| (r.scores.weighted - before[&r.department_id]).abs() > 0.01)
    );
}

fn common_now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339("2026-11-27T17:30:00+08:00").unwrap()
}

#[test]
fn difficult_issues_agree_with_a_plain_scan_of_the_appeals() {
    let (_dir, store) = demo(1500);
    let today = d("2026-11-27");
    let period = Period::new(d("2026-01-01"), d("2026-11-27")).unwrap();
    let di = difficult_issues(&store, period, today).unwrap();

    let max_id: i64 = store
        .sql_for_tests()
        .query_row("SELECT max(id) FROM appeals", [], |r| r.get(0))
        .unwrap();
    let mut open = Vec::new();
    let (mut reopened, mut escalated) = (0, 0);
    let mut phones: HashMap<String, i64> = HashMap::new();
    for id in 1..=max_id {
        let a = minyi_core::testing::appeal(&store, id).unwrap();
        if !period.contains(a.received_at.date_naive()) {
            continue;
        }
        if !a.status.is_final() {
            open.push((a.received_at, id));
        }
        reopened += i64::from(a.round > 1);
        escalated += i64::from(a.escalated);
        if a.status != Status::Merged
            && let Some(p) = minyi_core::testing::appellant(&store, a.appellant_id)
                .unwrap()
                .phone
        {
            *phones.entry(p).or_default() += 1;
        }
    }
    open.sort();
    assert_eq!(di.long_running.total, open.len() as i64);
    assert_eq!(di.reopened.total, reopened);
    assert_eq!(di.escalated.total, escalated);
    assert!(di.long_running.total > 0 && di.reopened.total > 0 && di.escalated.total > 0);
    let listed: Vec<i64> = di
        .long_running
        .appeals
        .iter()
        .map(|x| x.appeal_id)
        .collect();
    let want: Vec<i64> = open.iter().take(20).map(|(_, id)| *id).collect();
    assert_eq!(listed, want, "oldest open first");
    let days: Vec<i64> = di
        .long_running
        .appeals
        .iter()
        .map(|x| x.working_days_open.unwrap())
        .collect();
    assert!(days.windows(2).all(|p| p[0] >= p[1]), "{days:?}");
    assert!(di.reopened.appeals.iter().all(|x| x.round > 1));
    assert!(di.escalated.appeals.iter().all(|x| x.escalated));

    let repeats: Vec<i64> = {
        let mut v: Vec<i64> = phones.values().copied().filter(|n| *n >= 2).collect();
        v.sort_by(|a, b| b.cmp(a));
        v
    };
    assert_eq!(di.repeat_total, repeats.len() as i64);
    let counts: Vec<i64> = di.repeat_appellants.iter().map(|g| g.count).collect();
    assert_eq!(counts, repeats.iter().take(20).copied().collect::<Vec<_>>());
    for g in &di.repeat_appellants {
        assert_eq!(g.appeals.len() as i64, g.count);
        assert!(g.masked_phone.contains("****"), "masked");
        assert!(
            !phones.contains_key(&g.masked_phone),
            "never the full number"
        );
    }
}
