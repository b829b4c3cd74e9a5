//! Property test of the whole lifecycle: random sequences of actions (every use case that changes
//! an appeal, calendar edits, detail views and searches) by randomly chosen users over a few
//! appeals, with time moving forward through 2026. Refusals are expected; after every step:
//!
//! - `check` finds no problem (hash chain, every event's action an `EventAction`, replay = stored
//!   row, gapless archive numbers, due dates not before stage start, full-text row count);
//! - a refused action wrote nothing at all, and a successful one wrote exactly its events;
//! - no appeal is in an impossible state (see [`impossible_states`]);
//! - the personal-data access log never shrinks, and grows exactly when full data was shown.
//!
//! Steps are data ([`Step`]), interpreted against the current state, so a failure shrinks to a
//! short sequence that proptest prints. `Next` picks the natural next move for an appeal's status
//! and `Who::Natural` the user who would normally make it, so walks reach the deep states.
//! `PROPTEST_CASES` raises the number of cases (default 24).

mod common;
mod walk;

use chrono::Duration;
use common::*;
use minyi_core::model::*;
use minyi_core::{ErrorCode, Store};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use walk::world::{World, Wrote};
use walk::{Op, Step, Who, register_op, step};

fn fail(msg: String) -> TestCaseError {
    TestCaseError::fail(msg)
}

const TABLES: &[&str] = &[
    "settings",
    "counters",
    "departments",
    "users",
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
    "extensions",
    "appeal_links",
    "attachments",
    "access_log",
    "calendar_days",
    "calendar_years",
    "fts_backlog",
];

/// Every row of every table, as text.
fn dump(store: &Store) -> Vec<String> {
    // The FTS5 index and its backlog are SQLite's own (decision 0014 §2.4).
    let sqlite = !minyi_core::testing::on_postgres();
    let mut out = Vec::new();
    if sqlite {
        out.push(format!("fts {}", count(store, "appeal_fts")));
    }
    for t in TABLES.iter().filter(|t| sqlite || **t != "fts_backlog") {
        let mut stmt = store
            .sql_layer_for_tests()
            .prepare(&format!("SELECT * FROM {t} ORDER BY 1"))
            .unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                (0..n)
                    .map(|i| r.get::<_, rusqlite::types::Value>(i))
                    .collect::<Result<Vec<_>, _>>()
            })
            .unwrap();
        for r in rows {
            out.push(format!("{t} {:?}", r.unwrap()));
        }
    }
    out
}

/// Checks every appeal against the states no sequence of actions may produce.
fn impossible_states(store: &Store) -> Result<(), String> {
    let conn = store.sql_layer_for_tests();
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM appeals")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let n = |sql: &str, id: i64| -> i64 { conn.query_row(sql, [id], |r| r.get(0)).unwrap() };
    for id in ids {
        let a = minyi_core::testing::appeal(store, id).unwrap();
        let history: Vec<EventAction> = minyi_core::testing::events(store, id)
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .collect();
        let bad = |what: &str| {
            Err(format!(
                "{} ({:?}): {what}\n{a:#?}\nhistory {history:?}",
                a.reg_number, a.status
            ))
        };
        use Status::*;
        // The last event that decided who handles the appeal.
        let last_handover = history.iter().rev().find(|h| {
            matches!(
                h,
                EventAction::AnswerDirectly
                    | EventAction::Route
                    | EventAction::Reopen
                    | EventAction::ReturnMisrouted
            )
        });
        let answered_at_intake = last_handover.is_some_and(|h| *h == EventAction::AnswerDirectly);
        if matches!(
            a.status,
            Routed | PlanSubmitted | AwaitingApproval | Tracking
        ) && a.department_id.is_none()
        {
            return bad("handled without a department");
        }
        // After a direct answer the office itself talks with a dissatisfied appellant.
        if matches!(a.status, FollowUp | Talked) && a.department_id.is_none() && !answered_at_intake
        {
            return bad("follow-up without a department");
        }
        if matches!(a.status, Registered | Accepted) && a.department_id.is_some() {
            return bad("not routed but has a department");
        }
        if a.status == Registered && (a.archive_number.is_some() || a.category_confirmed) {
            return bad("registered with a confirmed category");
        }
        let handled = matches!(
            a.status,
            Accepted
                | Routed
                | PlanSubmitted
                | AwaitingApproval
                | AwaitingFeedback
                | FollowUp
                | Talked
                | Tracking
        );
        let rejected = history.contains(&EventAction::Reject);
        if (handled || (a.status == Closed && !rejected)) && !a.category_confirmed {
            return bad("handled without a confirmed category");
        }
        if a.archive_number.is_some() != a.category_confirmed {
            return bad("archive number and confirmed category disagree");
        }
        if a.archive_number
            .as_ref()
            .is_some_and(|n| !n.starts_with(a.category.archive_code()))
        {
            return bad("archive number of another category");
        }
        if (a.status == Closed) != a.closed_at.is_some() {
            return bad("closed_at disagrees with the status");
        }
        if a.status.is_final() && a.due_date.is_some() {
            return bad("final with a due date");
        }
        if (a.status == Merged) != a.merged_into.is_some() {
            return bad("merged_into disagrees with the status");
        }
        if a.stage != a.status.stage() || a.due_date.is_some() != a.stage.is_some() {
            return bad("stage or due date does not fit the status");
        }
        if a.round < 1 {
            return bad("round below 1");
        }
        if a.supervision_count != n("SELECT count(*) FROM supervisions WHERE appeal_id = ?1", id) {
            return bad("supervision count differs from the notices");
        }
        if a.escalated && a.supervision_count == 0 {
            return bad("escalated without supervision");
        }
        let open_tracking = n(
            "SELECT count(*) FROM tracking WHERE appeal_id = ?1 AND resolved_at IS NULL",
            id,
        );
        if (open_tracking == 1) != (a.status == Tracking) {
            return bad("the ledger line disagrees with the status");
        }
        if n(
            "SELECT count(*) FROM extensions WHERE appeal_id = ?1 AND status = 'pending'",
            id,
        ) > 1
        {
            return bad("more than one pending extension");
        }
    }
    Ok(())
}

fn walk(initial: &[Op], steps: &[Step]) -> Result<(), TestCaseError> {
    let mut w = World::new();
    let script: Vec<Step> = initial
        .iter()
        .map(|op| Step {
            who: Who::Clerk,
            op: op.clone(),
            minutes: 1,
        })
        .chain(steps.iter().cloned())
        .collect();
    let mut access_log = 0;
    for (i, step) in script.iter().enumerate() {
        w.now += Duration::minutes(step.minutes);
        let before = dump(&w.store);
        let events_before = count(&w.store, "events");
        let result = w.run(step);
        let at_step = || format!("step {i} {step:?} -> {:?}", result.as_ref().err());
        let events = count(&w.store, "events");
        let log = count(&w.store, "access_log");
        let differs = |o: &minyi_core::usecases::Outcome| {
            let a = minyi_core::testing::appeal(&w.store, o.appeal_id).unwrap();
            (a.status, a.due_date, &a.archive_number) != (o.status, o.due_date, &o.archive_number)
        };
        let problem = match &result {
            Err(e) if e.code == ErrorCode::Storage || !is_chinese(&e.message) => {
                Some("an unexpected kind of refusal")
            }
            Err(_) if dump(&w.store) != before => Some("a refused action wrote something"),
            Ok(Wrote::OneEvent(_)) if events != events_before + 1 => {
                Some("not exactly one event written")
            }
            Ok(Wrote::OneEvent(Some(o))) if differs(o) => Some("the outcome differs from the row"),
            Ok(Wrote::Events(n)) if events != events_before + *n as i64 => {
                Some("recomputed deadlines and events differ")
            }
            Ok(Wrote::Read { logged })
                if events != events_before || log != access_log + i64::from(*logged) =>
            {
                Some("a read wrote something, or did not log what it showed")
            }
            _ if log < access_log => Some("the access log shrank"),
            _ => None,
        };
        if let Some(p) = problem {
            return Err(fail(format!("{p}: {}", at_step())));
        }
        access_log = log;
        let report = minyi_core::check::check(&w.store).unwrap();
        if !report.ok() {
            return Err(fail(format!(
                "check: {:?} after {}",
                report.problems,
                at_step()
            )));
        }
        impossible_states(&w.store).map_err(|e| fail(format!("{e}\nafter {}", at_step())))?;
    }
    Ok(())
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24);
    let shrink = std::env::var("PROPTEST_MAX_SHRINK_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    ProptestConfig {
        cases,
        max_shrink_iters: shrink,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_walks_keep_every_invariant(
        initial in prop::collection::vec(register_op(), 3..=6),
        steps in prop::collection::vec(step(), 20..=60),
    ) {
        walk(&initial, &steps)?;
    }
}

// Regressions first found by the walk, pinned down as plain tests.

/// Register → reject (不予受理) → tell the appellant (closed) → reopen used to route an appeal
/// that never passed initial review: no confirmed category, no archive number.
#[test]
fn a_rejected_appeal_closed_after_notice_cannot_be_reopened() {
    use minyi_core::usecases::initial_review::{InitialReviewInput, initial_review};
    use minyi_core::usecases::record_feedback::{FeedbackInput, record_feedback};
    use minyi_core::usecases::reopen::reopen;
    let mut env = common::env();
    let o = env.office.clone();
    let id = registered(&mut env, "complaint", false);
    let clerk = Ctx::new(&o.clerk, at("2026-11-20T11:00:00+08:00"));
    let reject = InitialReviewInput::Reject {
        reason: "属于司法程序处理的事项".into(),
    };
    initial_review(&mut env.store, &clerk, id, &reject).unwrap();
    let notice = FeedbackInput {
        method: FeedbackMethod::PhoneCall,
        content: "已告知不予受理及理由".into(),
        satisfaction: Satisfaction::Dissatisfied,
        responsible: None,
    };
    let r = record_feedback(&mut env.store, &clerk, id, &notice).unwrap();
    assert_eq!(r.status, Status::Closed);
    let office = Ctx::new(&o.office, at("2026-11-24T09:00:00+08:00"));
    let events = count(&env.store, "events");
    let e = reopen(
        &mut env.store,
        &office,
        id,
        Some(o.departments[0].0),
        "诉求人坚持",
    )
    .unwrap_err();
    assert_eq!(e.code, minyi_core::ErrorCode::InvalidState);
    assert!(e.message.contains("不予受理"), "{}", e.message);
    assert_eq!(count(&env.store, "events"), events);
    let a = minyi_core::testing::appeal(&env.store, id).unwrap();
    assert_eq!((a.status, a.department_id), (Status::Closed, None));
}

/// Merging an appeal whose measures were being tracked left its ledger line open for ever
/// (a merged appeal can never be closed).
#[test]
fn merging_a_tracked_appeal_closes_its_ledger_line() {
    use minyi_core::queries::ledger::{LedgerFilter, ledger};
    use minyi_core::usecases::record_feedback::{FeedbackInput, record_feedback};
    use minyi_core::usecases::{OnBehalf, link, review, route, submit_plan};
    let mut env = common::env();
    let o = env.office.clone();
    let t = at("2026-11-20T11:00:00+08:00");
    let (clerk, handler) = (Ctx::new(&o.clerk, t), Ctx::new(&o.handlers[0], t));
    let id = registered(&mut env, "complaint", false);
    let s = &mut env.store;
    accept(s, &o.clerk, id, Category::Complaint, t);
    route::route(s, &clerk, id, o.departments[0].0, None).unwrap();
    let plan = PlanContent::Complaint {
        facts_found: "属实".into(),
        responsible_party: "施工单位".into(),
        measures: "22时后停止施工".into(),
    };
    submit_plan::submit_plan(s, &handler, id, &plan, &OnBehalf::default()).unwrap();
    review::review(s, &Ctx::new(&o.heads[0], t), id, true, "").unwrap();
    let fb = FeedbackInput {
        method: FeedbackMethod::PhoneCall,
        content: "已告知".into(),
        satisfaction: Satisfaction::Satisfied,
        responsible: None,
    };
    let r = record_feedback(s, &handler, id, &fb).unwrap();
    assert_eq!(r.status, Status::Tracking);
    let other = registered(&mut env, "complaint", false);
    link::merge(&mut env.store, &clerk, id, other, "同一工地的重复诉求").unwrap();
    let office = Ctx::new(&o.office, t);
    let (open, n) = ledger(&env.store, &office, &LedgerFilter::default()).unwrap();
    assert_eq!((open.len(), n), (0, 0), "{open:?}");
    let all = LedgerFilter {
        include_resolved: true,
        ..Default::default()
    };
    let (rows, _) = ledger(&env.store, &office, &all).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].status, rows[0].resolved_at.is_some()),
        (Status::Merged, true)
    );
    assert!(minyi_core::check::check(&env.store).unwrap().ok());
}
