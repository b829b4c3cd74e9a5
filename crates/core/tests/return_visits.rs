//! Return visits (回访, issue 20 §9): who enters the queue when an appeal is closed (every
//! complaint by default, a stable sample of the rest), each call as its own event, a reached call
//! with satisfaction completes the visit, the third unreached call closes it as 未联系上, the
//! statistics' figures, and the list's phones in full only for staff who may see personal data
//! (logged).

mod common;

use common::*;
use minyi_core::ErrorCode;
use minyi_core::check::check;
use minyi_core::model::*;
use minyi_core::queries::detail::PersonalData;
use minyi_core::queries::stats::CohortFilter;
use minyi_core::queries::visits::{VisitQuery, list_visits, visit_figures};
use minyi_core::store::settings::SettingKey;
use minyi_core::usecases::initial_review::{InitialReviewInput, initial_review};
use minyi_core::usecases::record_feedback::{FeedbackInput, record_feedback};
use minyi_core::usecases::record_visit::{VisitCall, record_visit, sampled};

/// Registers an appeal of `category`, rejects it, and closes it with a satisfied feedback (the
/// shortest way to 办结); returns its id.
fn closed(env: &mut Env, category: &str) -> i64 {
    let id = registered(env, category, false);
    let clerk = env.office.clerk.clone();
    let ctx = Ctx::new(&clerk, at("2026-11-20T11:00:00+08:00"));
    initial_review(
        &mut env.store,
        &ctx,
        id,
        &InitialReviewInput::Reject {
            reason: "不属于本单位受理范围".into(),
        },
    )
    .unwrap();
    let r = record_feedback(
        &mut env.store,
        &Ctx::new(&clerk, at("2026-11-20T14:00:00+08:00")),
        id,
        &FeedbackInput {
            method: FeedbackMethod::PhoneCall,
            content: "已电话告知不予受理的理由".into(),
            satisfaction: Satisfaction::BasicallySatisfied,
            responsible: None,
        },
    )
    .unwrap();
    assert_eq!(r.status, Status::Closed);
    id
}

fn visit_of(env: &Env, appeal_id: i64) -> Option<i64> {
    env.store
        .sql_layer_for_tests()
        .query_row(
            "SELECT id FROM return_visits WHERE appeal_id = ?1",
            [appeal_id],
            |r| r.get(0),
        )
        .ok()
}

fn call(reached: bool, satisfaction: Option<Satisfaction>, remark: &str) -> VisitCall {
    VisitCall {
        reached,
        satisfaction,
        remark: (!remark.is_empty()).then(|| remark.to_string()),
    }
}

fn november() -> CohortFilter {
    CohortFilter {
        from: "2026-11-01".parse().unwrap(),
        to: "2026-11-30".parse().unwrap(),
        category: None,
        channel: None,
        department_id: None,
    }
}

#[test]
fn the_sample_is_stable_and_follows_the_percentages() {
    let ids = 1..=10_000i64;
    assert!(ids.clone().all(|i| sampled(i, Category::Complaint, 100, 0)));
    assert!(!ids.clone().any(|i| sampled(i, Category::Help, 100, 0)));
    let tenth = ids
        .clone()
        .filter(|i| sampled(*i, Category::Suggestion, 100, 10))
        .count();
    assert!((850..=1150).contains(&tenth), "{tenth}");
    // The same appeal is in or out the same way every time, and a larger share keeps it in.
    for i in ids {
        let a = sampled(i, Category::Other, 100, 30);
        assert_eq!(a, sampled(i, Category::Other, 100, 30));
        if a {
            assert!(sampled(i, Category::Other, 100, 60));
        }
    }
}

#[test]
fn a_closed_complaint_enters_the_queue_and_others_by_the_setting() {
    let mut env = env();
    let complaint = closed(&mut env, "complaint");
    assert!(visit_of(&env, complaint).is_some());

    minyi_core::testing::set_setting(&env.store, SettingKey::VisitOtherPercent, "0").unwrap();
    let help = closed(&mut env, "help");
    assert_eq!(visit_of(&env, help), None);

    minyi_core::testing::set_setting(&env.store, SettingKey::VisitOtherPercent, "100").unwrap();
    let consultation = closed(&mut env, "consultation");
    assert!(visit_of(&env, consultation).is_some());

    minyi_core::testing::set_setting(&env.store, SettingKey::VisitComplaintPercent, "0").unwrap();
    let second = closed(&mut env, "complaint");
    assert_eq!(visit_of(&env, second), None);
    assert_eq!(count(&env.store, "return_visits"), 2);
}

#[test]
fn three_unreached_calls_close_the_visit_as_unreached() {
    let mut env = env();
    let id = closed(&mut env, "complaint");
    let visit = visit_of(&env, id).unwrap();
    let office = env.office.office.clone();
    let events_before = minyi_core::testing::events(&env.store, id).unwrap().len();
    for (n, day) in ["23", "24", "25"].iter().enumerate() {
        let ctx = Ctx::new(&office, at(&format!("2026-11-{day}T10:00:00+08:00")));
        let r = record_visit(&mut env.store, &ctx, visit, &call(false, None, "无人接听")).unwrap();
        assert_eq!(r.attempts, n as i64 + 1);
        if n < 2 {
            assert_eq!(r.status, VisitStatus::Open, "{}", r.message);
        } else {
            assert_eq!(r.status, VisitStatus::Unreached);
            assert!(r.message.contains("未联系上"), "{}", r.message);
        }
    }
    let ctx = Ctx::new(&office, at("2026-11-26T10:00:00+08:00"));
    let e = record_visit(
        &mut env.store,
        &ctx,
        visit,
        &call(true, Some(Satisfaction::Satisfied), ""),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);
    assert!(is_chinese(&e.message));

    // Each call is its own event of the appeal, which stays closed.
    let events = minyi_core::testing::events(&env.store, id).unwrap();
    assert_eq!(events.len(), events_before + 3);
    let last = events.last().unwrap();
    assert_eq!(last.action, EventAction::ReturnVisit);
    assert_eq!(last.to_status, Status::Closed);
    assert_eq!(count(&env.store, "return_visit_attempts"), 3);
    let f = visit_figures(&env.store, &november()).unwrap();
    assert_eq!((f.visits, f.unreached, f.attempts), (1, 1, 3));
    assert_eq!(f.reached_rate, Some(0.0));
    assert!(check(&env.store).unwrap().ok());
}

#[test]
fn a_reached_call_with_satisfaction_completes_the_visit_and_counts_in_the_figures() {
    let mut env = env();
    let a = closed(&mut env, "complaint");
    let b = closed(&mut env, "complaint");
    let office = env.office.office.clone();
    let ctx = Ctx::new(&office, at("2026-11-23T10:00:00+08:00"));
    let (va, vb) = (visit_of(&env, a).unwrap(), visit_of(&env, b).unwrap());

    let r = record_visit(&mut env.store, &ctx, va, &call(false, None, "")).unwrap();
    assert_eq!(r.status, VisitStatus::Open);
    // Reached, but they will answer later: still open, and it is not an unreached call.
    let r = record_visit(&mut env.store, &ctx, va, &call(true, None, "请明天再打")).unwrap();
    assert_eq!(r.status, VisitStatus::Open);
    let r = record_visit(
        &mut env.store,
        &ctx,
        va,
        &call(true, Some(Satisfaction::Satisfied), ""),
    )
    .unwrap();
    assert_eq!(r.status, VisitStatus::Completed);
    assert_eq!(r.attempts, 3);
    let r = record_visit(
        &mut env.store,
        &ctx,
        vb,
        &call(true, Some(Satisfaction::Dissatisfied), "认为整改不彻底"),
    )
    .unwrap();
    assert_eq!(r.status, VisitStatus::Completed);
    assert!(r.message.contains("不满意"), "{}", r.message);

    let f = visit_figures(&env.store, &november()).unwrap();
    assert_eq!((f.visits, f.completed, f.open, f.unreached), (2, 2, 0, 0));
    assert_eq!(
        (f.satisfied, f.basically_satisfied, f.dissatisfied),
        (1, 0, 1)
    );
    assert_eq!(f.attempts, 4);
    assert_eq!(f.reached_rate, Some(1.0));
    assert_eq!(f.satisfaction_rate, Some(0.5));
    // Another period has none.
    let mut october = november();
    october.from = "2026-10-01".parse().unwrap();
    october.to = "2026-10-31".parse().unwrap();
    assert_eq!(visit_figures(&env.store, &october).unwrap().visits, 0);
    assert!(check(&env.store).unwrap().ok());
}

#[test]
fn a_call_is_checked_before_anything_is_written() {
    let mut env = env();
    let id = closed(&mut env, "complaint");
    let visit = visit_of(&env, id).unwrap();
    let office = env.office.office.clone();
    let ctx = Ctx::new(&office, at("2026-11-23T10:00:00+08:00"));
    let e = record_visit(
        &mut env.store,
        &ctx,
        visit,
        &call(false, Some(Satisfaction::Satisfied), ""),
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("satisfaction"));
    let e = record_visit(
        &mut env.store,
        &ctx,
        visit,
        &call(true, Some(Satisfaction::Unreachable), ""),
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("satisfaction"));
    // A handler may not record visits; a visit that does not exist is not found.
    let handler = Ctx::new(&env.office.handlers[0], at("2026-11-23T10:00:00+08:00"));
    let e = record_visit(&mut env.store, &handler, visit, &call(false, None, "")).unwrap_err();
    assert!(
        matches!(e.code, ErrorCode::Forbidden | ErrorCode::NotFound),
        "{e:?}"
    );
    let e = record_visit(&mut env.store, &ctx, 999, &call(false, None, "")).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert_eq!(count(&env.store, "return_visit_attempts"), 0);
}

#[test]
fn the_list_shows_phones_in_full_only_to_staff_who_may_see_personal_data_and_logs_it() {
    use minyi_core::usecases::accounts::{NewUser, create_user};
    let mut env = env();
    let id = closed(&mut env, "complaint");
    let now = at("2026-11-23T10:00:00+08:00");
    let office = env.office.office.clone();
    let logged = count(&env.store, "access_log");

    // Masked unless asked for, and then not logged.
    let list = list_visits(&env.store, &Ctx::new(&office, now), &VisitQuery::default()).unwrap();
    assert!(!list.personal_data_shown);
    assert_eq!(list.rows[0].phone.as_deref(), Some("138****5678"));
    assert_eq!(count(&env.store, "access_log"), logged);
    let full = VisitQuery {
        personal: PersonalData::Full,
        ..Default::default()
    };
    let list = list_visits(&env.store, &Ctx::new(&office, now), &full).unwrap();
    assert!(list.personal_data_shown);
    assert_eq!(list.total, 1);
    let row = &list.rows[0];
    assert_eq!(row.appeal_id, id);
    assert_eq!(row.phone.as_deref(), Some("13812345678"));
    assert_eq!(row.appellant_name, "张三丰");
    assert_eq!(
        row.feedback_satisfaction,
        Some(Satisfaction::BasicallySatisfied)
    );
    assert_eq!(count(&env.store, "access_log"), logged + 1);

    // An office member without a signed agreement sees masked data, and nothing is logged.
    let admin = env.office.admin.clone();
    create_user(
        &mut env.store,
        &Ctx::new(&admin, now),
        &NewUser {
            username: "bangong2".into(),
            display_name: "新同事".into(),
            department_id: env.office.office_department,
            roles: vec![Role::AppealsOffice],
            password: "Bangong-2026!".into(),
            agreement_signed_on: None,
        },
    )
    .unwrap();
    let unsigned =
        minyi_core::usecases::accounts::sign_in(&mut env.store, "bangong2", "Bangong-2026!", now)
            .unwrap();
    let list = list_visits(&env.store, &Ctx::new(&unsigned, now), &full).unwrap();
    assert!(!list.personal_data_shown);
    assert_eq!(list.rows[0].phone.as_deref(), Some("138****5678"));
    assert_eq!(list.rows[0].appellant_name, "张**");
    assert_eq!(count(&env.store, "access_log"), logged + 1);

    // Handlers have no visit list; finished visits are listed by their status.
    let e = list_visits(
        &env.store,
        &Ctx::new(&env.office.handlers[0], now),
        &VisitQuery::default(),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    let done = VisitQuery {
        status: Some(VisitStatus::Completed),
        ..Default::default()
    };
    assert_eq!(
        list_visits(&env.store, &Ctx::new(&office, now), &done)
            .unwrap()
            .total,
        0
    );
}

/// Handles the routed complaint `id` to 办结: plan, review, satisfied feedback, close, on `day`
/// of November 2026.
fn handle_and_close(env: &mut Env, id: i64, day: &str) {
    use minyi_core::usecases::{OnBehalf, close, review, submit_plan};
    let o = env.office.clone();
    let t = |h: &str| at(&format!("2026-11-{day}T{h}:00+08:00"));
    let plan = PlanContent::Complaint {
        facts_found: "经现场核实，该工地确有夜间施工行为。".into(),
        responsible_party: "某建设工程有限公司".into(),
        measures: "责令停止夜间施工，城管每周巡查。".into(),
    };
    let handler = Ctx::new(&o.handlers[0], t("09:00"));
    submit_plan::submit_plan(&mut env.store, &handler, id, &plan, &OnBehalf::default()).unwrap();
    let head = Ctx::new(&o.heads[0], t("10:00"));
    review::review(&mut env.store, &head, id, true, "同意").unwrap();
    let handler = Ctx::new(&o.handlers[0], t("11:00"));
    record_feedback(
        &mut env.store,
        &handler,
        id,
        &FeedbackInput {
            method: FeedbackMethod::PhoneCall,
            content: "已电话告知处理结果".into(),
            satisfaction: Satisfaction::Satisfied,
            responsible: None,
        },
    )
    .unwrap();
    let office = Ctx::new(&o.office, t("15:00"));
    let r = close::close(&mut env.store, &office, id, "措施已落实").unwrap();
    assert_eq!(r.status, Status::Closed);
}

#[test]
fn reopening_holds_the_open_visit_and_closing_again_queues_it_with_its_calls() {
    use minyi_core::usecases::reopen::reopen;
    let mut env = env();
    let id = routed(&mut env);
    handle_and_close(&mut env, id, "23");
    let visit = visit_of(&env, id).unwrap();
    let office = env.office.office.clone();
    let ctx = Ctx::new(&office, at("2026-11-24T10:00:00+08:00"));
    record_visit(&mut env.store, &ctx, visit, &call(false, None, "无人接听")).unwrap();

    // The appeal comes back: the visit stays the appeal's one visit, moved to round 2 and out of
    // the list, and takes no call while the appeal is handled again.
    let ctx = Ctx::new(&office, at("2026-11-24T15:00:00+08:00"));
    reopen(&mut env.store, &ctx, id, None, "诉求人反映夜间施工再次出现").unwrap();
    let (round, status): (i64, String) = env
        .store
        .sql_layer_for_tests()
        .query_row(
            "SELECT round, status FROM return_visits WHERE id = ?1",
            [visit],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((round, status.as_str()), (2, "open"));
    let open = list_visits(&env.store, &ctx, &VisitQuery::default()).unwrap();
    assert_eq!((open.total, open.rows.len()), (0, 0));
    let e = record_visit(&mut env.store, &ctx, visit, &call(true, None, "")).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);
    assert!(e.message.contains("重新办理"), "{}", e.message);

    // Closed again: the same visit is back in the queue, queued at the new closing, its first
    // call kept; still one visit for the appeal.
    handle_and_close(&mut env, id, "26");
    assert_eq!(count(&env.store, "return_visits"), 1);
    let ctx = Ctx::new(&office, at("2026-11-27T10:00:00+08:00"));
    let open = list_visits(&env.store, &ctx, &VisitQuery::default()).unwrap();
    assert_eq!(open.total, 1);
    let row = &open.rows[0];
    assert_eq!(
        (row.visit_id, row.attempts, row.unreached_attempts),
        (visit, 1, 1)
    );
    assert_eq!(
        row.queued_at,
        at("2026-11-26T15:00:00+08:00"),
        "queued again at the second closing"
    );
    let r = record_visit(
        &mut env.store,
        &ctx,
        visit,
        &call(true, Some(Satisfaction::Satisfied), ""),
    )
    .unwrap();
    assert_eq!((r.status, r.attempts), (VisitStatus::Completed, 2));
    assert!(check(&env.store).unwrap().ok());
}
