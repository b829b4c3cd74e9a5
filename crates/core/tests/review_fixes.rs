//! Regression tests for defects found in review: links without direction, supervision of an
//! appeal in tracking, refused attachments leaving files behind, and lookups by phone or name.

mod common;

use common::*;
use minyi_core::model::*;
use minyi_core::queries::list::search;
use minyi_core::usecases::initial_review::{InitialReviewInput, initial_review};
use minyi_core::usecases::record_feedback::{FeedbackInput, record_feedback};
use minyi_core::usecases::register::{hints_for_form, register};
use minyi_core::usecases::*;

#[test]
fn a_link_has_no_direction() {
    let mut env = common::env();
    let a = registered(&mut env, "complaint", false);
    let b = registered(&mut env, "complaint", false);
    let clerk = env.office.clerk.clone();
    let ctx = Ctx::new(&clerk, at("2026-11-20T11:00:00+08:00"));
    link::link(&mut env.store, &ctx, a, b, LinkKind::Repeat).unwrap();
    let e = link::link(&mut env.store, &ctx, b, a, LinkKind::Repeat).unwrap_err();
    assert!(e.message.contains("已经关联"), "{}", e.message);
    assert_eq!(count(&env.store, "appeal_links"), 1);
}

#[test]
fn supervising_an_appeal_in_tracking_moves_the_ledger_check_date() {
    let mut env = common::env();
    let id = registered(&mut env, "complaint", false);
    let o = env.office.clone();
    let dept = o.departments[0].0;
    let t = |s: &str| at(&format!("2026-11-{s}+08:00"));
    let clerk = Ctx::new(&o.clerk, t("20T11:00:00"));
    initial_review(
        &mut env.store,
        &clerk,
        id,
        &InitialReviewInput::Accept {
            category: Category::Complaint,
            major: None,
            urgency: None,
            note: None,
        },
    )
    .unwrap();
    route::route(&mut env.store, &clerk, id, dept, None).unwrap();
    let handler = Ctx::new(&o.handlers[0], t("23T09:00:00"));
    let plan = PlanContent::Complaint {
        facts_found: "属实".into(),
        responsible_party: "某公司".into(),
        measures: "整改".into(),
    };
    submit_plan::submit_plan(&mut env.store, &handler, id, &plan, &OnBehalf::default()).unwrap();
    review::review(
        &mut env.store,
        &Ctx::new(&o.heads[0], t("23T10:00:00")),
        id,
        true,
        "",
    )
    .unwrap();
    let r = record_feedback(
        &mut env.store,
        &handler,
        id,
        &FeedbackInput {
            method: FeedbackMethod::PhoneCall,
            content: "已告知".into(),
            satisfaction: Satisfaction::Satisfied,
            responsible: None,
        },
    )
    .unwrap();
    assert_eq!(r.status, Status::Tracking);
    let new_due = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let office = Ctx::new(&o.office, t("24T10:00:00"));
    issue_supervision::issue_supervision(&mut env.store, &office, id, "整改进度慢", new_due)
        .unwrap();
    let line = minyi_core::testing::tracking(&env.store, id)
        .unwrap()
        .unwrap();
    assert_eq!(line.next_check_date, Some(new_due));
}

#[test]
fn a_refused_attachment_leaves_no_file_behind() {
    let mut env = common::env();
    let id = registered(&mut env, "complaint", false);
    let other_handler = env.office.handlers[3].clone();
    let ctx = Ctx::new(&other_handler, at("2026-11-20T11:00:00+08:00"));
    assert!(
        add_attachment::add_attachment(&mut env.store, &ctx, id, "scan.pdf", b"%PDF-1.4 not yours")
            .is_err()
    );
    let dir = env.dir.path().join("attachments");
    let files = std::fs::read_dir(&dir).map(|d| d.count()).unwrap_or(0);
    assert_eq!(files, 0, "nothing may be written for a refused upload");
}

#[test]
fn looking_up_by_phone_needs_a_signed_agreement_and_is_logged() {
    let mut env = common::env();
    let id = registered(&mut env, "complaint", false);
    let o = env.office.clone();
    let now = at("2026-11-21T10:00:00+08:00");
    let unsigned = search(
        &env.store,
        &Ctx::new(&o.unsigned_clerk, now),
        "13812345678",
        0,
        20,
    )
    .unwrap();
    assert!(
        unsigned.rows.iter().all(|r| r.id != id),
        "no lookup by phone without an agreement"
    );
    assert_eq!(count(&env.store, "access_log"), 0);
    let signed = search(&env.store, &Ctx::new(&o.clerk, now), "13812345678", 0, 20).unwrap();
    assert!(signed.rows.iter().any(|r| r.id == id));
    assert_eq!(count(&env.store, "access_log"), 1);
    // A topic word that happens to look like a name matches nobody and is not logged.
    search(&env.store, &Ctx::new(&o.clerk, now), "噪音扰", 0, 20).unwrap();
    assert_eq!(count(&env.store, "access_log"), 1);
}

#[test]
fn an_extension_asked_for_a_stage_that_restarted_cannot_be_approved() {
    let mut env = common::env();
    let id = routed(&mut env);
    let o = env.office.clone();
    let handler = Ctx::new(&o.handlers[0], at("2026-11-23T09:00:00+08:00"));
    extend_deadline::request_extension(&mut env.store, &handler, id, 3, "需要现场复核").unwrap();
    let plan = PlanContent::Complaint {
        facts_found: "属实".into(),
        responsible_party: "某公司".into(),
        measures: "整改".into(),
    };
    submit_plan::submit_plan(&mut env.store, &handler, id, &plan, &OnBehalf::default()).unwrap();
    // Returned for rework the next day: the plan stage starts again.
    review::review(
        &mut env.store,
        &Ctx::new(&o.heads[0], at("2026-11-24T09:00:00+08:00")),
        id,
        false,
        "措施不具体",
    )
    .unwrap();
    let office = Ctx::new(&o.office, at("2026-11-24T10:00:00+08:00"));
    let e = extend_deadline::decide_extension(&mut env.store, &office, id, true, None).unwrap_err();
    assert_eq!(e.code, minyi_core::ErrorCode::InvalidState);
    extend_deadline::decide_extension(&mut env.store, &office, id, false, Some("阶段已重新开始"))
        .unwrap();
    assert!(minyi_core::check::check(&env.store).unwrap().ok());
}

#[test]
fn a_next_check_date_must_be_a_working_day() {
    let mut env = common::env();
    let id = routed(&mut env);
    let o = env.office.clone();
    let handler = Ctx::new(&o.handlers[0], at("2026-11-23T09:00:00+08:00"));
    let plan = PlanContent::Complaint {
        facts_found: "属实".into(),
        responsible_party: "某公司".into(),
        measures: "整改".into(),
    };
    submit_plan::submit_plan(&mut env.store, &handler, id, &plan, &OnBehalf::default()).unwrap();
    review::review(
        &mut env.store,
        &Ctx::new(&o.heads[0], at("2026-11-23T10:00:00+08:00")),
        id,
        true,
        "",
    )
    .unwrap();
    record_feedback(
        &mut env.store,
        &handler,
        id,
        &FeedbackInput {
            method: FeedbackMethod::PhoneCall,
            content: "已告知".into(),
            satisfaction: Satisfaction::Satisfied,
            responsible: None,
        },
    )
    .unwrap();
    let saturday = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let e = add_progress::add_progress(
        &mut env.store,
        &handler,
        id,
        "整改中",
        Some(saturday),
        &OnBehalf::default(),
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("nextCheck"));
    let monday = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    add_progress::add_progress(
        &mut env.store,
        &handler,
        id,
        "整改中",
        Some(monday),
        &OnBehalf::default(),
    )
    .unwrap();
}

#[test]
fn searching_by_address_needs_the_personal_data_right_and_is_logged() {
    let mut env = common::env();
    let id = registered(&mut env, "complaint", false);
    let o = env.office.clone();
    let now = at("2026-11-21T10:00:00+08:00");
    // "学院路88号" is only in the appellant's address, not in the subject or content. Both the
    // index and the backlog (where a fresh registration waits) must keep it from the unsigned.
    let unsigned = search(
        &env.store,
        &Ctx::new(&o.unsigned_clerk, now),
        "学院路88号",
        0,
        20,
    )
    .unwrap();
    assert!(unsigned.rows.iter().all(|r| r.id != id), "address hidden");
    assert_eq!(count(&env.store, "access_log"), 0);
    let signed = search(&env.store, &Ctx::new(&o.clerk, now), "学院路88号", 0, 20).unwrap();
    assert!(signed.rows.iter().any(|r| r.id == id));
    assert_eq!(count(&env.store, "access_log"), 1);
    // Once indexed (not waiting in the backlog), the same holds.
    minyi_core::testing::drain_fts_backlog(&mut env.store).unwrap();
    let unsigned = search(
        &env.store,
        &Ctx::new(&o.unsigned_clerk, now),
        "学院路88号",
        0,
        20,
    )
    .unwrap();
    assert!(unsigned.rows.iter().all(|r| r.id != id), "address hidden");
    let signed = search(&env.store, &Ctx::new(&o.clerk, now), "学院路88号", 0, 20).unwrap();
    assert!(signed.rows.iter().any(|r| r.id == id));
    assert_eq!(count(&env.store, "access_log"), 2);
    // A word of the subject finds the appeal for everyone and touches no personal data.
    let topic = search(
        &env.store,
        &Ctx::new(&o.unsigned_clerk, now),
        "夜间施工",
        0,
        20,
    )
    .unwrap();
    assert!(topic.rows.iter().any(|r| r.id == id));
    assert_eq!(count(&env.store, "access_log"), 2);
}

#[test]
fn same_phone_hints_need_the_personal_data_right_and_are_logged_once() {
    let mut env = common::env();
    let first = registered(&mut env, "complaint", false);
    let o = env.office.clone();
    let now = at("2026-11-20T11:00:00+08:00");
    // The same person about something else: only the phone links the two.
    let other = input(
        "walk_in",
        "consultation",
        "138 1234 5678",
        "想咨询一下社区老年食堂的开放时间和办卡需要带哪些材料。",
    );
    let unsigned = hints_for_form(&env.store, &Ctx::new(&o.unsigned_clerk, now), &other).unwrap();
    assert!(
        unsigned.iter().all(|h| h.appeal_id != first),
        "no phone hint"
    );
    assert_eq!(count(&env.store, "access_log"), 0);
    let signed = hints_for_form(&env.store, &Ctx::new(&o.clerk, now), &other).unwrap();
    assert!(signed.iter().any(|h| h.appeal_id == first && h.same_phone));
    assert_eq!(count(&env.store, "access_log"), 1);
    // The form asks again while the clerk types: logged once per appeal and half hour.
    hints_for_form(&env.store, &Ctx::new(&o.clerk, now), &other).unwrap();
    assert_eq!(count(&env.store, "access_log"), 1);
    // Saving shows the hint to the clerk with the right (already logged) ...
    let saved = register(&mut env.store, &Ctx::new(&o.clerk, now), &other).unwrap();
    assert!(saved.likely_duplicates.iter().any(|h| h.appeal_id == first));
    assert_eq!(count(&env.store, "access_log"), 1);
    // ... and not to one without it.
    let again = register(&mut env.store, &Ctx::new(&o.unsigned_clerk, now), &other).unwrap();
    assert!(again.likely_duplicates.iter().all(|h| h.appeal_id != first));
}
