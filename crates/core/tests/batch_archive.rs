//! Batch actions from the list (issue 20 §7) and 纸质归档 (§13): every appeal of a batch goes
//! through the single action's use case in its own transaction; a refused one is left exactly as
//! it was and named in the report. Filing is the appeals office's, on closed appeals only, and
//! moves the appeal out of the 待归档 filter into its volume's.

mod common;

use common::*;
use minyi_core::ErrorCode;
use minyi_core::model::{
    Category, Ctx, EventAction, FeedbackMethod, Retention, Satisfaction, Status,
};
use minyi_core::queries::archive::{ArchiveState, archive_record};
use minyi_core::queries::list::{ListFilter, matching_ids};
use minyi_core::usecases::batch::{self, BatchAction, MAX_BATCH_ACTION};
use minyi_core::usecases::initial_review::{InitialReviewInput, initial_review};
use minyi_core::usecases::record_archive::{ArchiveInput, record_archive};
use minyi_core::usecases::record_feedback::{FeedbackInput, record_feedback};
use std::ops::ControlFlow;

fn go(_: usize, _: usize) -> ControlFlow<()> {
    ControlFlow::Continue(())
}

/// A registered complaint, accepted (not yet routed) by the clerk.
fn accepted(env: &mut Env) -> i64 {
    let id = registered(env, "complaint", false);
    let clerk = env.office.clerk.clone();
    accept(
        &mut env.store,
        &clerk,
        id,
        Category::Complaint,
        at("2026-11-20T10:05:00+08:00"),
    );
    id
}

/// A rejected appeal whose appellant was told: closed on 2026-11-20.
fn closed(env: &mut Env) -> i64 {
    let id = registered(env, "complaint", false);
    let clerk = Ctx::new(&env.office.clerk, at("2026-11-20T10:05:00+08:00"));
    initial_review(
        &mut env.store,
        &clerk,
        id,
        &InitialReviewInput::Reject {
            reason: "不属于本单位受理范围".into(),
        },
    )
    .unwrap();
    let r = record_feedback(
        &mut env.store,
        &clerk,
        id,
        &FeedbackInput {
            method: FeedbackMethod::PhoneCall,
            content: "已电话告知不予受理的理由".into(),
            satisfaction: Satisfaction::Satisfied,
            responsible: None,
        },
    )
    .unwrap();
    assert_eq!(r.status, Status::Closed);
    id
}

fn input(volume: &str) -> ArchiveInput {
    ArchiveInput {
        volume: volume.into(),
        r#box: Some("12".into()),
        retention: Retention::Years10,
        archived_on: None,
    }
}

#[test]
fn a_batch_route_does_each_appeal_alone_and_leaves_a_refused_one_untouched() {
    let mut env = env();
    let a = accepted(&mut env);
    let b = registered(&mut env, "complaint", false); // not reviewed yet: cannot be routed
    let c = accepted(&mut env);
    let before_b = minyi_core::testing::appeal(&env.store, b).unwrap();
    let events_b = minyi_core::testing::events(&env.store, b).unwrap().len();
    let dept = env.office.departments[1].0;
    let ctx = Ctx::new(&env.office.clerk, at("2026-11-21T09:00:00+08:00"));
    let mut seen = Vec::new();
    let report = batch::run(
        &mut env.store,
        &ctx,
        &[a, b, c, a],
        &BatchAction::Route {
            department_id: dept,
            note: Some("请按期办理".into()),
        },
        &mut |done, total| {
            seen.push((done, total));
            ControlFlow::Continue(())
        },
    )
    .unwrap();
    assert_eq!(seen, vec![(1, 3), (2, 3), (3, 3)], "duplicates count once");
    assert_eq!(
        (report.succeeded, report.failed, report.not_started),
        (2, 1, 0)
    );
    let failed: Vec<_> = report.failures().collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].appeal_id, b);
    assert_eq!(
        failed[0].reg_number.as_deref(),
        Some(before_b.reg_number.as_str())
    );
    assert!(
        failed[0].message.contains("尚未初审"),
        "{}",
        failed[0].message
    );
    for id in [a, c] {
        let x = minyi_core::testing::appeal(&env.store, id).unwrap();
        assert_eq!((x.status, x.department_id), (Status::Routed, Some(dept)));
        let ev = minyi_core::testing::events(&env.store, id).unwrap();
        assert_eq!(
            ev.last().unwrap().action,
            EventAction::Route,
            "its own event"
        );
    }
    assert_eq!(
        minyi_core::testing::appeal(&env.store, b).unwrap(),
        before_b
    );
    assert_eq!(
        minyi_core::testing::events(&env.store, b).unwrap().len(),
        events_b
    );
}

#[test]
fn a_field_error_ends_the_batch_at_once_and_stopping_leaves_the_rest_untried() {
    let mut env = env();
    let ids: Vec<i64> = (0..3).map(|_| closed(&mut env)).collect();
    let office = Ctx::new(&env.office.office, at("2026-11-23T09:00:00+08:00"));
    let e = batch::run(
        &mut env.store,
        &office,
        &ids,
        &BatchAction::Archive { input: input("  ") },
        &mut go,
    )
    .unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Validation, Some("volume"))
    );
    assert_eq!(count(&env.store, "paper_archive"), 0);

    let report = batch::run(
        &mut env.store,
        &office,
        &ids,
        &BatchAction::Archive {
            input: input("2026-TS-001"),
        },
        &mut |done, _| {
            if done == 2 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        },
    )
    .unwrap();
    assert_eq!(
        (report.succeeded, report.failed, report.not_started),
        (2, 0, 1)
    );
    assert_eq!(count(&env.store, "paper_archive"), 2);

    let e = batch::run(
        &mut env.store,
        &office,
        &[],
        &BatchAction::Close {
            summary: "x".into(),
        },
        &mut go,
    )
    .unwrap_err();
    assert!(e.message.contains("没有选中"), "{}", e.message);
    let many: Vec<i64> = (1..=MAX_BATCH_ACTION as i64 + 1).collect();
    let e = batch::run(
        &mut env.store,
        &office,
        &many,
        &BatchAction::Close {
            summary: "x".into(),
        },
        &mut go,
    )
    .unwrap_err();
    assert!(
        e.message.contains("一次最多批量办结 1000 件"),
        "{}",
        e.message
    );
}

#[test]
fn a_batch_close_reports_each_state_refusal_in_chinese() {
    let mut env = env();
    let done = closed(&mut env);
    let open = accepted(&mut env);
    let office = Ctx::new(&env.office.office, at("2026-11-23T09:00:00+08:00"));
    let report = batch::run(
        &mut env.store,
        &office,
        &[done, open],
        &BatchAction::Close {
            summary: "经核实已处理完毕".into(),
        },
        &mut go,
    )
    .unwrap();
    assert_eq!((report.succeeded, report.failed), (0, 2));
    for item in &report.items {
        assert!(
            item.message
                .contains("只有跟踪落实中或已沟通的诉求可以办结"),
            "{}",
            item.message
        );
        assert!(item.reg_number.is_some());
    }
    // A clerk may not close at all: refused per appeal, nothing written.
    let clerk = Ctx::new(&env.office.clerk, at("2026-11-23T09:00:00+08:00"));
    let report = batch::run(
        &mut env.store,
        &clerk,
        &[open],
        &BatchAction::Close {
            summary: "x".into(),
        },
        &mut go,
    )
    .unwrap();
    assert_eq!(report.failed, 1);
    assert!(
        report.items[0].message.contains("办结"),
        "{}",
        report.items[0].message
    );
}

#[test]
fn filing_is_the_offices_on_closed_appeals_and_leaves_the_pending_list() {
    let mut env = env();
    let a = closed(&mut env);
    let b = closed(&mut env);
    let open = accepted(&mut env);
    let office = Ctx::new(&env.office.office, at("2026-11-23T09:00:00+08:00"));
    let pending = ListFilter {
        archive: Some(ArchiveState::Pending),
        ..Default::default()
    };
    assert_eq!(
        matching_ids(&env.store, &office, &pending, 100).unwrap(),
        vec![b, a]
    );

    // Only the appeals office files.
    let clerk = Ctx::new(&env.office.clerk, at("2026-11-23T09:00:00+08:00"));
    let e = record_archive(&mut env.store, &clerk, a, &input("2026-TS-001")).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    let handler = Ctx::new(&env.office.handlers[0], at("2026-11-23T09:00:00+08:00"));
    let e = record_archive(&mut env.store, &handler, a, &input("2026-TS-001")).unwrap_err();
    assert!(
        matches!(e.code, ErrorCode::Forbidden | ErrorCode::NotFound),
        "{e:?}"
    );
    // Only closed appeals.
    let e = record_archive(&mut env.store, &office, open, &input("2026-TS-001")).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);
    assert!(e.message.contains("只有已办结的诉求"), "{}", e.message);
    // Not in the future, not before closing.
    let mut early = input("2026-TS-001");
    early.archived_on = chrono::NaiveDate::from_ymd_opt(2026, 11, 19);
    let e = record_archive(&mut env.store, &office, a, &early).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("archivedOn"));
    assert_eq!(count(&env.store, "paper_archive"), 0);

    let before = minyi_core::testing::appeal(&env.store, a).unwrap();
    let out = record_archive(&mut env.store, &office, a, &input("2026-TS-001")).unwrap();
    assert!(
        out.message
            .contains("卷号 2026-TS-001，盒号 12，保管期限 定期10年"),
        "{}",
        out.message
    );
    let after = minyi_core::testing::appeal(&env.store, a).unwrap();
    assert_eq!(after.status, before.status, "filing changes no state");
    let ev = minyi_core::testing::events(&env.store, a).unwrap();
    assert_eq!(ev.last().unwrap().action, EventAction::PaperArchive);

    let rec = archive_record(&env.store, &office, a).unwrap().unwrap();
    assert_eq!(rec.volume, "2026-TS-001");
    assert_eq!(rec.r#box.as_deref(), Some("12"));
    assert_eq!(rec.retention, Retention::Years10);
    assert_eq!(rec.archived_on.to_string(), "2026-11-23");
    assert_eq!(rec.archived_by, env.office.office.user_id);
    assert!(archive_record(&env.store, &office, b).unwrap().is_none());

    assert_eq!(
        matching_ids(&env.store, &office, &pending, 100).unwrap(),
        vec![b]
    );
    let archived = ListFilter {
        archive: Some(ArchiveState::Archived),
        ..Default::default()
    };
    assert_eq!(
        matching_ids(&env.store, &office, &archived, 100).unwrap(),
        vec![a]
    );
    let volume = ListFilter {
        volume: Some("2026-TS-001".into()),
        ..Default::default()
    };
    assert_eq!(
        matching_ids(&env.store, &office, &volume, 100).unwrap(),
        vec![a]
    );

    // A correction replaces the record; the event keeps the previous volume.
    let mut fix = input("2026-TS-002");
    fix.retention = Retention::Permanent;
    record_archive(&mut env.store, &office, a, &fix).unwrap();
    assert_eq!(count(&env.store, "paper_archive"), 1);
    assert_eq!(
        archive_record(&env.store, &office, a)
            .unwrap()
            .unwrap()
            .retention,
        Retention::Permanent
    );
    let ev = minyi_core::testing::events(&env.store, a).unwrap();
    assert_eq!(ev.last().unwrap().payload["previousVolume"], "2026-TS-001");
    assert!(
        matching_ids(&env.store, &office, &volume, 100)
            .unwrap()
            .is_empty()
    );

    // A selection restricts the list to its rows; an empty one matches nothing.
    let picked = ListFilter {
        ids: Some(vec![a, open]),
        ..Default::default()
    };
    assert_eq!(
        matching_ids(&env.store, &office, &picked, 100).unwrap(),
        vec![open, a]
    );
    let none = ListFilter {
        ids: Some(vec![]),
        ..Default::default()
    };
    assert!(
        matching_ids(&env.store, &office, &none, 100)
            .unwrap()
            .is_empty()
    );
}
