//! End-to-end lifecycle paths through the use cases, checked against the stored state, the
//! timeline, the numbers and the integrity check.

mod common;

use common::*;
use minyi_core::ErrorCode;
use minyi_core::check::check;
use minyi_core::model::*;
use minyi_core::queries::detail::{PersonalData, detail};
use minyi_core::usecases::initial_review::{InitialReviewInput, initial_review};
use minyi_core::usecases::record_feedback::{FeedbackInput, record_feedback};
use minyi_core::usecases::*;

fn complaint_plan() -> PlanContent {
    PlanContent::Complaint {
        facts_found: "经现场核实，该工地确有夜间施工行为。".into(),
        responsible_party: "某建设工程有限公司".into(),
        measures: "责令停止夜间施工，22时后禁止作业，城管每周巡查。".into(),
    }
}

#[test]
fn major_complaint_walks_the_whole_lifecycle() {
    let mut env = common::env();
    let id = registered(&mut env, "complaint", true);
    let o = env.office.clone();
    let dept = o.departments[0].0;
    let t = |s: &str| at(&format!("2026-11-{s}+08:00"));

    // Registration: number, expected feedback date (20th + 13 working days = Dec 9).
    let a = minyi_core::testing::appeal(&env.store, id).unwrap();
    assert_eq!(a.reg_number, "20261120-0001");
    assert_eq!(a.status, Status::Registered);
    assert_eq!(a.due_date.unwrap().to_string(), "2026-11-24");
    assert_eq!(a.expected_feedback_date.to_string(), "2026-12-09");

    let ctx = Ctx::new(&o.clerk, t("20T11:00:00"));
    let r = initial_review(
        &mut env.store,
        &ctx,
        id,
        &InitialReviewInput::Accept {
            category: Category::Complaint,
            major: None,
            urgency: None,
            note: None,
        },
    )
    .unwrap();
    assert_eq!(r.archive_number.as_deref(), Some("TS-2026-000001"));
    assert_eq!(r.status, Status::Accepted);

    let r = route::route(&mut env.store, &ctx, id, dept, Some("请核实处理")).unwrap();
    assert_eq!(r.status, Status::Routed);
    assert!(r.message.contains("城市管理局"), "{}", r.message);
    // Friday 20th + 5 working days = Friday 27th.
    assert_eq!(r.due_date.unwrap().to_string(), "2026-11-27");

    let handler = Ctx::new(&o.handlers[0], t("23T09:00:00"));
    submit_plan::submit_plan(
        &mut env.store,
        &handler,
        id,
        &complaint_plan(),
        &OnBehalf::default(),
    )
    .unwrap();
    let head = Ctx::new(&o.heads[0], t("23T15:00:00"));
    let r = review::review(&mut env.store, &head, id, true, "同意").unwrap();
    assert_eq!(
        r.status,
        Status::AwaitingApproval,
        "major appeals go to management"
    );
    let mgmt = Ctx::new(&o.management, t("24T10:00:00"));
    let r = approve::approve(&mut env.store, &mgmt, id, true, "同意，抓紧落实").unwrap();
    assert_eq!(r.status, Status::AwaitingFeedback);

    let fb = |s: Satisfaction| FeedbackInput {
        method: FeedbackMethod::PhoneCall,
        content: "已电话告知处理结果".into(),
        satisfaction: s,
        responsible: None,
    };
    let r = record_feedback(
        &mut env.store,
        &handler,
        id,
        &fb(Satisfaction::Dissatisfied),
    )
    .unwrap();
    assert_eq!(r.status, Status::FollowUp);
    let office = Ctx::new(&o.office, t("25T10:00:00"));
    follow_up::follow_up(
        &mut env.store,
        &office,
        id,
        "认为处罚太轻",
        "解释了处罚依据，诉求人要求加强巡查",
    )
    .unwrap();
    let r = reopen::reopen(&mut env.store, &office, id, None, "加强巡查频次").unwrap();
    assert_eq!(r.status, Status::Routed);
    let a = minyi_core::testing::appeal(&env.store, id).unwrap();
    assert_eq!(a.round, 2);
    assert_eq!(a.department_id, Some(dept));

    submit_plan::submit_plan(
        &mut env.store,
        &handler,
        id,
        &complaint_plan(),
        &OnBehalf::default(),
    )
    .unwrap();
    review::review(&mut env.store, &head, id, true, "").unwrap();
    approve::approve(&mut env.store, &mgmt, id, true, "").unwrap();
    let r = record_feedback(&mut env.store, &handler, id, &fb(Satisfaction::Satisfied)).unwrap();
    assert_eq!(r.status, Status::Tracking);
    add_progress::add_progress(
        &mut env.store,
        &handler,
        id,
        "已连续两周夜间巡查，未发现施工",
        None,
        &OnBehalf::default(),
    )
    .unwrap();
    let r = close::close(&mut env.store, &office, id, "措施已落实，诉求人满意").unwrap();
    assert_eq!(r.status, Status::Closed);

    let d = detail(
        &env.store,
        &Ctx::new(&o.office, t("27T10:00:00")),
        id,
        PersonalData::Full,
    )
    .unwrap();
    let actions: Vec<&str> = d.timeline.iter().map(|e| e.event.action.code()).collect();
    assert_eq!(
        actions,
        [
            "register",
            "initial_review",
            "route",
            "submit_plan",
            "review_pass",
            "approve",
            "record_feedback",
            "follow_up",
            "reopen",
            "submit_plan",
            "review_pass",
            "approve",
            "record_feedback",
            "add_progress",
            "close",
        ]
    );
    assert_eq!(d.appellant.name, "张三丰");
    assert!(!d.personal_data_masked);
    assert!(d.tracking.unwrap().resolved_at.is_some());
    let report = check(&env.store).unwrap();
    assert!(report.ok(), "{:?}", report.problems);
}

#[test]
fn illegal_moves_are_refused_in_chinese_and_write_nothing() {
    let mut env = common::env();
    let id = registered(&mut env, "complaint", false);
    let o = env.office.clone();
    let handler = Ctx::new(&o.handlers[0], at("2026-11-20T11:00:00+08:00"));
    // Not routed yet: the handler cannot even see it.
    let e = submit_plan::submit_plan(
        &mut env.store,
        &handler,
        id,
        &complaint_plan(),
        &OnBehalf::default(),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    // The office may type plans for departments, but the appeal is not routed.
    let office = Ctx::new(&o.office, at("2026-11-20T11:00:00+08:00"));
    let e = submit_plan::submit_plan(
        &mut env.store,
        &office,
        id,
        &complaint_plan(),
        &OnBehalf::default(),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);
    assert_eq!(e.message, "该诉求尚未分流，不能提交处理方案。");
    let e = route::route(&mut env.store, &office, id, o.departments[0].0, None).unwrap_err();
    assert!(e.message.contains("尚未初审"));
    // A clerk may not close.
    let clerk = Ctx::new(&o.clerk, at("2026-11-20T11:00:00+08:00"));
    let e = close::close(&mut env.store, &clerk, id, "x").unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    let events: i64 = env
        .store
        .sql_layer_for_tests()
        .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(events, 1, "only the registration was written");
}

#[test]
fn consultation_answered_directly_closes_on_feedback() {
    let mut env = common::env();
    let id = registered(&mut env, "consultation", false);
    let o = env.office.clone();
    let clerk = Ctx::new(&o.clerk, at("2026-11-20T10:05:00+08:00"));
    let r = answer_directly::answer_directly(
        &mut env.store,
        &clerk,
        id,
        "办理居住证需携带身份证和租房合同。",
    )
    .unwrap();
    assert_eq!(r.status, Status::AwaitingFeedback);
    assert_eq!(r.archive_number.as_deref(), Some("ZX-2026-000001"));
    let r = record_feedback(
        &mut env.store,
        &clerk,
        id,
        &FeedbackInput {
            method: FeedbackMethod::InPerson,
            content: "当面答复".into(),
            satisfaction: Satisfaction::Satisfied,
            responsible: None,
        },
    )
    .unwrap();
    assert_eq!(r.status, Status::Closed);
    // A complaint cannot be answered directly.
    let other = registered(&mut env, "complaint", false);
    let e = answer_directly::answer_directly(&mut env.store, &clerk, other, "x").unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);
    assert!(check(&env.store).unwrap().ok());
}

#[test]
fn misrouted_appeal_is_returned_and_rerouted() {
    let mut env = common::env();
    let id = registered(&mut env, "help", false);
    let o = env.office.clone();
    let clerk = Ctx::new(&o.clerk, at("2026-11-20T10:05:00+08:00"));
    initial_review(
        &mut env.store,
        &clerk,
        id,
        &InitialReviewInput::Accept {
            category: Category::Help,
            major: None,
            urgency: None,
            note: None,
        },
    )
    .unwrap();
    route::route(&mut env.store, &clerk, id, o.departments[1].0, None).unwrap();
    // The wrong department's handler cannot return it; the right one can.
    let other = Ctx::new(&o.handlers[2], at("2026-11-23T09:00:00+08:00"));
    assert!(
        return_misrouted::return_misrouted(
            &mut env.store,
            &other,
            id,
            "不归我们",
            &OnBehalf::default()
        )
        .is_err()
    );
    let h = Ctx::new(&o.handlers[1], at("2026-11-23T09:00:00+08:00"));
    let e = return_misrouted::return_misrouted(&mut env.store, &h, id, "  ", &OnBehalf::default())
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("reason"));
    let r = return_misrouted::return_misrouted(
        &mut env.store,
        &h,
        id,
        "属于供水问题，应由水务集团办理",
        &OnBehalf::default(),
    )
    .unwrap();
    assert_eq!(r.status, Status::Accepted);
    let r = route::route(&mut env.store, &clerk, id, o.departments[8].0, None).unwrap();
    assert!(r.message.contains("水务集团"));
    assert!(check(&env.store).unwrap().ok());
}

#[test]
fn overdue_appeal_is_supervised_escalated_and_instructed() {
    let mut env = common::env();
    let id = routed(&mut env);
    let o = env.office.clone();
    let office = Ctx::new(&o.office, at("2026-12-02T09:00:00+08:00"));
    let e = escalate::escalate(&mut env.store, &office, id, "进展缓慢").unwrap_err();
    assert!(e.message.contains("先发出督办通知"));
    let new_due = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    let r = issue_supervision::issue_supervision(
        &mut env.store,
        &office,
        id,
        "超期未提交处理方案",
        new_due,
    )
    .unwrap();
    assert!(r.message.contains("DB-2026-0001"), "{}", r.message);
    assert_eq!(r.due_date, Some(new_due));
    let saturday = chrono::NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
    let e = issue_supervision::issue_supervision(&mut env.store, &office, id, "再次督办", saturday)
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("newDueDate"));
    escalate::escalate(&mut env.store, &office, id, "督办后仍未改进").unwrap();
    let mgmt = Ctx::new(&o.management, at("2026-12-03T09:00:00+08:00"));
    instruct::instruct(&mut env.store, &mgmt, id, "请城管局三日内办结并报告").unwrap();
    let e = instruct::instruct(&mut env.store, &mgmt, id, "再批").unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);
    assert!(check(&env.store).unwrap().ok());
}

#[test]
fn handler_cannot_see_another_departments_appeal() {
    let mut env = common::env();
    let id = routed(&mut env);
    let o = env.office.clone();
    let other = Ctx::new(&o.handlers[1], at("2026-11-21T10:00:00+08:00"));
    assert_eq!(
        detail(&env.store, &other, id, PersonalData::Full)
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
    let own = Ctx::new(&o.handlers[0], at("2026-11-21T10:00:00+08:00"));
    assert!(detail(&env.store, &own, id, PersonalData::Masked).is_ok());
    let page = minyi_core::queries::list::list(&env.store, &other, &Default::default()).unwrap();
    assert_eq!(page.total, Some(0));
}

#[test]
fn personal_data_is_masked_without_agreement_and_views_are_logged() {
    let mut env = common::env();
    let id = registered(&mut env, "complaint", false);
    let o = env.office.clone();
    let now = at("2026-11-21T10:00:00+08:00");
    let d = detail(
        &env.store,
        &Ctx::new(&o.unsigned_clerk, now),
        id,
        PersonalData::Full,
    )
    .unwrap();
    assert!(d.personal_data_masked);
    assert_eq!(d.appellant.name, "张**");
    assert_eq!(d.appellant.phone.as_deref(), Some("138****5678"));
    let d = detail(&env.store, &Ctx::new(&o.admin, now), id, PersonalData::Full).unwrap();
    assert!(
        d.personal_data_masked,
        "administrators see no appellant data by that role alone"
    );
    let logged = |env: &Env| -> i64 {
        env.store
            .sql_layer_for_tests()
            .query_row("SELECT count(*) FROM access_log", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(logged(&env), 0);
    let d = detail(
        &env.store,
        &Ctx::new(&o.clerk, now),
        id,
        PersonalData::Masked,
    )
    .unwrap();
    assert!(d.personal_data_masked && d.may_reveal);
    assert_eq!(logged(&env), 0);
    let d = detail(&env.store, &Ctx::new(&o.clerk, now), id, PersonalData::Full).unwrap();
    assert_eq!(d.appellant.phone.as_deref(), Some("13812345678"));
    assert_eq!(logged(&env), 1);
}

#[test]
fn an_event_action_this_program_does_not_know_is_reported_by_the_check() {
    let mut env = common::env();
    let id = registered(&mut env, "complaint", false);
    assert!(check(&env.store).unwrap().ok());
    // A well-chained event whose action is no `EventAction` code (written by hand, or by some
    // other program): the chain and the replay are fine, the action is not.
    let conn = env.store.sql_layer_for_tests();
    let (last, prev) = minyi_core::testing::event_head(&env.store).unwrap();
    let at = "2026-11-20T10:30:00+08:00";
    let hash = minyi_core::store::events::compute_hash(
        &prev,
        last + 1,
        id,
        at,
        1,
        "teleport",
        Some("registered"),
        "registered",
        None,
        "{\"set\":{}}",
        None,
        None,
    );
    conn.execute(
        "INSERT INTO events(id, appeal_id, at, actor_id, action, from_status, to_status, payload,
                            prev_hash, hash)
         VALUES (?1, ?2, ?3, 1, 'teleport', 'registered', 'registered', '{\"set\":{}}', ?4, ?5)",
        minyi_core::store::sql::params![last + 1, id, at, prev, hash],
    )
    .unwrap();
    let report = check(&env.store).unwrap();
    assert_eq!(
        report.problems,
        ["有1条事件记录的事件类型“teleport”无法识别。"]
    );
}
