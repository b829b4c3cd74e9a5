//! Administration: the working-day calendar (importing a new year, overriding single days, the
//! deadline recomputation that follows, admin rows surviving a reopen, clearing back to shipped
//! data) and accounts (sign-in with lockout, who may create users, agreement dates). Attachments
//! are in `attachments.rs`.

mod common;

use chrono::{Duration, NaiveDate};
use common::*;
use minyi_core::model::*;
use minyi_core::usecases::accounts::{
    NewUser, bootstrap, create_user, needs_setup, record_agreement, sign_in, update_user,
};
use minyi_core::usecases::calendar_admin::{clear_day, import_year, set_day};
use minyi_core::usecases::record_feedback::{FeedbackInput, record_feedback};
use minyi_core::usecases::register::register;
use minyi_core::usecases::*;
use minyi_core::{ErrorCode, Store};
use minyi_demo::DEMO_PASSWORD;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn assert_clean(store: &Store) {
    let report = minyi_core::check::check(store).unwrap();
    assert!(report.ok(), "{:?}", report.problems);
}

const HOLIDAYS_2027: &str = r#"{
  "$schema": "https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/schema.json",
  "year": 2027,
  "papers": [],
  "days": [
    {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
    {"name": "春节", "date": "2027-02-06", "isOffDay": false},
    {"name": "春节", "date": "2027-02-08", "isOffDay": true},
    {"name": "春节", "date": "2027-02-09", "isOffDay": true}
  ]
}"#;

#[test]
fn importing_a_new_year_makes_it_known_and_silences_the_fallback_warning() {
    let mut env = common::env();
    let o = env.office.clone();
    let now = at("2026-12-28T10:00:00+08:00");
    let mut form = input(
        "walk_in",
        "complaint",
        "13812345678",
        "年底拖欠农民工工资。",
    );
    form.received_at = "2026-12-28T09:00:00+08:00".into();
    let clerk = Ctx::new(&o.clerk, now);
    let before = register(&mut env.store, &clerk, &form).unwrap();
    let warning = before.calendar_warning.expect("2027 is not known yet");
    assert!(
        warning.contains("2027") && warning.contains("周一至周五"),
        "{warning}"
    );
    // Mon-Fri fallback counts New Year's Day 2027 (a Friday) as a working day.
    assert_eq!(before.expected_feedback_date, day(2027, 1, 14));

    let e = import_year(&mut env.store, &clerk, HOLIDAYS_2027).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    let admin = Ctx::new(&o.admin, now);
    let e = import_year(&mut env.store, &admin, "{\"days\": 3}").unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Validation, Some("file"))
    );
    assert!(!env.store.calendar().is_known_year(2027));

    let r = import_year(&mut env.store, &admin, HOLIDAYS_2027).unwrap();
    assert_eq!(r.days_written, 4);
    assert!(env.store.calendar().is_known_year(2027));
    assert!(!env.store.calendar().is_working_day(day(2027, 1, 1)));
    assert!(
        env.store.calendar().is_working_day(day(2027, 2, 6)),
        "make-up Saturday"
    );
    form.content = "年底拖欠农民工工资，已经三个月了。".into();
    let after = register(&mut env.store, &clerk, &form).unwrap();
    assert_eq!(after.calendar_warning, None);
    assert_eq!(after.expected_feedback_date, day(2027, 1, 15));
    // Known after a reopen too.
    drop(env.store);
    let store = env.place.open().unwrap();
    assert!(store.calendar().is_known_year(2027));
    assert_clean(&store);
}

#[test]
fn a_day_off_recomputes_open_deadlines_but_not_closed_or_supervised_ones() {
    let mut env = common::env();
    let o = env.office.clone();
    let t = at("2026-11-20T11:00:00+08:00");
    let clerk = Ctx::new(&o.clerk, t);
    let dept = o.departments[0].0;
    // Registered Friday 20th: initial review due Tuesday 24th.
    let waiting = registered(&mut env, "complaint", false);
    // Routed on the 20th: plan due Friday 27th.
    let routed = registered(&mut env, "help", false);
    accept(&mut env.store, &o.clerk, routed, Category::Help, t);
    route::route(&mut env.store, &clerk, routed, dept, None).unwrap();
    // Routed, then supervised with a fixed due date (Thursday 26th).
    let supervised = registered(&mut env, "complaint", false);
    accept(&mut env.store, &o.clerk, supervised, Category::Complaint, t);
    route::route(&mut env.store, &clerk, supervised, dept, None).unwrap();
    let office = Ctx::new(&o.office, at("2026-11-23T09:00:00+08:00"));
    issue_supervision::issue_supervision(
        &mut env.store,
        &office,
        supervised,
        "加快办理",
        day(2026, 11, 26),
    )
    .unwrap();
    // Answered directly and closed.
    let closed = registered(&mut env, "consultation", false);
    answer_directly::answer_directly(&mut env.store, &clerk, closed, "可以办理").unwrap();
    let fb = FeedbackInput {
        method: FeedbackMethod::InPerson,
        content: "当面答复".into(),
        satisfaction: Satisfaction::Satisfied,
        responsible: None,
    };
    record_feedback(&mut env.store, &clerk, closed, &fb).unwrap();

    let due = |env: &Env, id| {
        minyi_core::testing::appeal(&env.store, id)
            .unwrap()
            .due_date
    };
    let recomputes = |env: &Env, id| {
        minyi_core::testing::events(&env.store, id)
            .unwrap()
            .into_iter()
            .filter(|e| e.action == EventAction::RecomputeDeadline)
            .collect::<Vec<_>>()
    };
    let admin = Ctx::new(&o.admin, at("2026-11-23T10:00:00+08:00"));
    let e = set_day(&mut env.store, &office, day(2026, 11, 23), true, "").unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    // A day after every running deadline changes nothing.
    let r = set_day(&mut env.store, &admin, day(2026, 12, 15), true, "单位活动").unwrap();
    assert_eq!(r.deadlines_recomputed, 0);

    // Monday 23rd off (e.g. a typhoon): both computed deadlines move by one working day.
    let r = set_day(&mut env.store, &admin, day(2026, 11, 23), true, "台风停工").unwrap();
    assert_eq!(r.deadlines_recomputed, 2, "{}", r.message);
    assert_eq!(due(&env, waiting), Some(day(2026, 11, 25)));
    assert_eq!(due(&env, routed), Some(day(2026, 11, 30)));
    assert_eq!(
        due(&env, supervised),
        Some(day(2026, 11, 26)),
        "fixed by supervision"
    );
    assert_eq!(due(&env, closed), None);
    let ev = recomputes(&env, waiting);
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].reason.as_deref(), Some("工作日历调整"));
    assert_eq!(ev[0].payload["oldDueDate"], "2026-11-24");
    assert_eq!(ev[0].payload["set"]["dueDate"], "2026-11-25");
    assert_eq!(ev[0].actor_id, o.admin.user_id);
    assert!(recomputes(&env, supervised).is_empty());
    assert!(recomputes(&env, closed).is_empty());
    assert_clean(&env.store);

    // Clearing the override puts the deadlines back, again with events.
    let r = clear_day(&mut env.store, &admin, day(2026, 11, 23)).unwrap();
    assert_eq!(r.deadlines_recomputed, 2);
    assert_eq!(due(&env, waiting), Some(day(2026, 11, 24)));
    assert_eq!(due(&env, routed), Some(day(2026, 11, 27)));
    assert_eq!(recomputes(&env, routed).len(), 2);
    assert_clean(&env.store);
}

#[test]
fn admin_days_survive_reopening_and_clearing_restores_the_shipped_value() {
    let mut env = common::env();
    let admin_actor = env.office.admin.clone();
    let admin = Ctx::new(&admin_actor, at("2026-09-01T10:00:00+08:00"));
    let national_day = day(2026, 10, 1);
    let year_end = day(2026, 12, 31);
    assert!(!env.store.calendar().is_working_day(national_day));
    set_day(&mut env.store, &admin, national_day, false, "值班").unwrap();
    set_day(&mut env.store, &admin, year_end, true, "年终盘点").unwrap();
    drop(env.store);

    // Reopening re-seeds shipped data, which must not overwrite the administrator's rows.
    let mut store = env.place.open().unwrap();
    assert!(store.calendar().is_working_day(national_day));
    assert!(!store.calendar().is_working_day(year_end));
    let listed = |store: &Store, d: NaiveDate| {
        store
            .listed_days(2026)
            .unwrap()
            .into_iter()
            .find(|x| x.date == d)
    };
    let row = listed(&store, national_day).unwrap();
    assert!(
        row.admin && !row.is_off_day && row.name == "值班",
        "{row:?}"
    );

    clear_day(&mut store, &admin, national_day).unwrap();
    assert!(
        !store.calendar().is_working_day(national_day),
        "shipped holiday again"
    );
    let row = listed(&store, national_day).unwrap();
    assert!(
        !row.admin && row.is_off_day && row.name == "国庆节",
        "{row:?}"
    );
    clear_day(&mut store, &admin, year_end).unwrap();
    assert!(
        store.calendar().is_working_day(year_end),
        "an ordinary Thursday"
    );
    assert_eq!(listed(&store, year_end), None);
    let e = clear_day(&mut store, &admin, year_end).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Validation, Some("date"))
    );
    drop(store);
    let store = env.place.open().unwrap();
    assert!(!store.calendar().is_working_day(national_day));
    assert!(store.calendar().is_working_day(year_end));
}

#[test]
fn wrong_passwords_lock_the_account_until_the_lock_passes() {
    let mut env = common::env();
    let t0 = at("2026-11-20T09:00:00+08:00");
    let me = sign_in(&mut env.store, "jiedai", DEMO_PASSWORD, t0).unwrap();
    assert_eq!(me.user_id, env.office.clerk.user_id);
    assert!(me.has_role(Role::IntakeClerk));
    let unknown = sign_in(&mut env.store, "nobody", DEMO_PASSWORD, t0).unwrap_err();
    assert_eq!(unknown.code, ErrorCode::Auth);
    assert!(
        unknown.message.contains("连续输错5次"),
        "{}",
        unknown.message
    );
    for _ in 1..=4 {
        let e = sign_in(&mut env.store, "jiedai", "wrong-password", t0).unwrap_err();
        assert_eq!((e.code, &e.message), (ErrorCode::Auth, &unknown.message));
    }
    let e = sign_in(&mut env.store, "jiedai", "wrong-password", t0).unwrap_err();
    assert_eq!(e.code, ErrorCode::Locked);
    assert!(
        is_chinese(&e.message) && e.message.contains("锁定"),
        "{}",
        e.message
    );
    // While locked even the right password is refused, with a Chinese message saying until when.
    let e = sign_in(
        &mut env.store,
        "jiedai",
        DEMO_PASSWORD,
        t0 + Duration::minutes(14),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Locked);
    assert!(
        is_chinese(&e.message) && e.message.contains("09:15"),
        "{}",
        e.message
    );
    // Other accounts are not affected.
    sign_in(&mut env.store, "bangongshi", DEMO_PASSWORD, t0).unwrap();
    // After the lock time the right password works and the count starts again: four more
    // wrong passwords are refused, the fifth locks.
    let t1 = t0 + Duration::minutes(16);
    sign_in(&mut env.store, "jiedai", DEMO_PASSWORD, t1).unwrap();
    for _ in 1..=4 {
        let e = sign_in(&mut env.store, "jiedai", "again-wrong", t1).unwrap_err();
        assert_eq!(e.code, ErrorCode::Auth);
    }
    let e = sign_in(&mut env.store, "jiedai", "again-wrong", t1).unwrap_err();
    assert_eq!(e.code, ErrorCode::Locked);
}

#[test]
fn an_unknown_name_a_wrong_password_and_a_deactivated_account_get_the_same_answer() {
    let mut env = common::env();
    let o = env.office.clone();
    let t0 = at("2026-11-20T09:00:00+08:00");
    let admin = Ctx::new(&o.admin, t0);
    let clerk = o.clerk.clone();
    update_user(
        &mut env.store,
        &admin,
        clerk.user_id,
        &clerk.display_name,
        clerk.department_id,
        &clerk.roles,
        false,
    )
    .unwrap();
    let answers: Vec<_> = [
        ("nobody", DEMO_PASSWORD),
        ("bangongshi", "wrong-password"),
        ("jiedai", DEMO_PASSWORD),
        ("jiedai", "wrong-password"),
    ]
    .into_iter()
    .map(|(name, password)| {
        let e = sign_in(&mut env.store, name, password, t0).unwrap_err();
        (e.code, e.message)
    })
    .collect();
    assert!(answers.iter().all(|a| a == &answers[0]), "{answers:#?}");
    assert_eq!(answers[0].0, ErrorCode::Auth);
    assert!(!answers[0].1.contains("停用"), "{}", answers[0].1);
}

#[test]
fn only_administrators_create_users_and_agreement_dates_cannot_be_in_the_future() {
    let mut env = common::env();
    let o = env.office.clone();
    let now = at("2026-11-20T09:00:00+08:00");
    let today = day(2026, 11, 20);
    let new_user = |name: &str, signed: Option<NaiveDate>| NewUser {
        username: name.into(),
        display_name: "新同事".into(),
        department_id: o.departments[0].0,
        roles: vec![Role::Handler],
        password: "a-long-password-1".into(),
        agreement_signed_on: signed,
    };
    for who in [&o.clerk, &o.office, &o.management, &o.heads[0]] {
        let e =
            create_user(&mut env.store, &Ctx::new(who, now), &new_user("x1", None)).unwrap_err();
        assert_eq!(e.code, ErrorCode::Forbidden, "{}", who.display_name);
        assert!(is_chinese(&e.message));
    }
    let users_before = count(&env.store, "users");
    let admin = Ctx::new(&o.admin, now);
    let tomorrow = today.succ_opt();
    let e = create_user(&mut env.store, &admin, &new_user("x2", tomorrow)).unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert_eq!(e.field.as_deref(), Some("agreementSignedOn"));
    assert!(is_chinese(&e.message));
    assert_eq!(count(&env.store, "users"), users_before, "nothing written");

    let id = create_user(&mut env.store, &admin, &new_user("x3", Some(today))).unwrap();
    // The agreement of a handler gives personal data: it waits for a second administrator.
    let me = sign_in(&mut env.store, "x3", "a-long-password-1", now).unwrap();
    assert_eq!((me.user_id, me.agreement_signed_on), (id, None));
    let second = second_admin(&mut env, now);
    let pending = grants::pending_grants(&env.store, &Ctx::new(&second, now)).unwrap();
    assert_eq!(pending.rows.len(), 1);
    let status =
        grants::confirm_grant(&mut env.store, &Ctx::new(&second, now), pending.rows[0].id).unwrap();
    assert_eq!(status, GrantStatus::Confirmed);
    let me = sign_in(&mut env.store, "x3", "a-long-password-1", now).unwrap();
    assert_eq!((me.user_id, me.agreement_signed_on), (id, Some(today)));
    let e = create_user(&mut env.store, &admin, &new_user("x3", None)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("username"));

    let e = record_agreement(&mut env.store, &admin, id, tomorrow).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Validation, Some("signedOn"))
    );
    let e =
        record_agreement(&mut env.store, &Ctx::new(&o.office, now), id, Some(today)).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    record_agreement(&mut env.store, &admin, id, None).unwrap();
    let me = sign_in(&mut env.store, "x3", "a-long-password-1", now).unwrap();
    assert_eq!(me.agreement_signed_on, None);
}

#[test]
fn the_first_administrator_cannot_have_signed_in_the_future_either() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _place) = minyi_core::testing::open_test_store(dir.path());
    let now = at("2026-11-20T23:30:00+08:00");
    let mut first = NewUser {
        username: "guanliyuan".into(),
        display_name: "管理员".into(),
        roles: vec![Role::AppealsOffice],
        password: "a-long-password-1".into(),
        agreement_signed_on: Some(day(2026, 11, 21)),
        ..Default::default()
    };
    let e = bootstrap(&mut store, now, "云江市民意诉求管理办公室", &first).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("agreementSignedOn"));
    assert!(needs_setup(&store).unwrap());
    first.agreement_signed_on = Some(day(2026, 11, 20));
    let me = bootstrap(&mut store, now, "云江市民意诉求管理办公室", &first).unwrap();
    assert!(me.has_role(Role::Administrator) && me.has_role(Role::AppealsOffice));
    assert!(!needs_setup(&store).unwrap());
}
