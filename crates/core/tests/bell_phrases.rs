//! The bell (issue 20 §8) and the stock texts (常用语, §11) over a real database file: each kind of
//! reminder reaches exactly the person it is for and nobody else, 全部已读 moves the mark and a
//! later event is unread again; stock texts are written only by the office and the administrator,
//! listed per kind and category, changed and removed.

mod common;

use chrono::{Duration, NaiveDate};
use common::*;
use minyi_core::ErrorCode;
use minyi_core::model::*;
use minyi_core::queries::reminders::{ReminderKind, Reminders, reminders};
use minyi_core::usecases::escalate::escalate;
use minyi_core::usecases::extend_deadline::{decide_extension, request_extension};
use minyi_core::usecases::instruct::instruct;
use minyi_core::usecases::issue_supervision::issue_supervision;
use minyi_core::usecases::reminders_read::mark_reminders_read;
use minyi_core::usecases::stock_texts::{
    StockTextInput, delete_stock_text, list_stock_texts, save_stock_text,
};

const NOON: &str = "2026-11-20T12:00:00+08:00";

fn bell(env: &Env, who: &Actor, now: &str) -> Reminders {
    reminders(&env.store, &Ctx::new(who, at(now)), 50).unwrap()
}

fn kinds(r: &Reminders, appeal: i64) -> Vec<(ReminderKind, String, bool)> {
    r.items
        .iter()
        .filter(|x| x.appeal_id == appeal)
        .map(|x| (x.kind, x.text.clone(), x.unread))
        .collect()
}

#[test]
fn routing_reminds_the_departments_handler_only() {
    let mut env = env();
    let id = routed(&mut env);
    let o = env.office.clone();
    let h0 = bell(&env, &o.handlers[0], NOON);
    assert_eq!(
        kinds(&h0, id),
        vec![(ReminderKind::NewTask, "分流：待制定处理方案".into(), true)]
    );
    assert_eq!(h0.unread, 1);
    assert!(!h0.items[0].reg_number.is_empty());
    // Another department's handler, the head (no plan to review yet) and the clerk who routed it
    // (their own act) hear nothing of it.
    for other in [&o.handlers[1], &o.heads[0], &o.clerk, &o.admin] {
        assert!(kinds(&bell(&env, other, NOON), id).is_empty());
    }
    // A week later, with no mark, the routing is no longer "new".
    let later = bell(&env, &o.handlers[0], "2026-11-27T12:00:00+08:00");
    assert_eq!(later.unread, 0);
}

#[test]
fn supervision_extension_and_escalation_reach_the_right_people() {
    let mut env = env();
    let id = routed(&mut env);
    let o = env.office.clone();
    let t = |m: i64| at("2026-11-20T13:00:00+08:00") + Duration::minutes(m);

    // The office supervises: the department's handler and head hear of it.
    issue_supervision(
        &mut env.store,
        &Ctx::new(&o.office, t(0)),
        id,
        "请加快办理",
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
    )
    .unwrap();
    for who in [&o.handlers[0], &o.heads[0]] {
        assert!(kinds(&bell(&env, who, NOON), id).contains(&(
            ReminderKind::Supervision,
            "收到督办通知".into(),
            true
        )));
    }
    assert!(
        !kinds(&bell(&env, &o.handlers[1], NOON), id)
            .iter()
            .any(|k| k.0 == ReminderKind::Supervision)
    );

    // The handler asks for an extension: those who decide it get a task.
    request_extension(
        &mut env.store,
        &Ctx::new(&o.handlers[0], t(1)),
        id,
        3,
        "需要现场勘查",
    )
    .unwrap();
    assert!(kinds(&bell(&env, &o.office, NOON), id).contains(&(
        ReminderKind::NewTask,
        "申请延期：待审批".into(),
        true
    )));
    // The office decides: the handler who asked hears the decision.
    decide_extension(&mut env.store, &Ctx::new(&o.office, t(2)), id, false, None).unwrap();
    assert!(kinds(&bell(&env, &o.handlers[0], NOON), id).contains(&(
        ReminderKind::Decision,
        "不同意延期".into(),
        true
    )));

    // The office escalates: management gets a task; its 批示 reaches the office that asked.
    escalate(
        &mut env.store,
        &Ctx::new(&o.office, t(3)),
        id,
        "多次督办仍无进展",
    )
    .unwrap();
    assert!(kinds(&bell(&env, &o.management, NOON), id).contains(&(
        ReminderKind::NewTask,
        "上报管理层：待批示".into(),
        true
    )));
    instruct(
        &mut env.store,
        &Ctx::new(&o.management, t(4)),
        id,
        "请住建局牵头",
    )
    .unwrap();
    let office = kinds(&bell(&env, &o.office, NOON), id);
    assert!(office.contains(&(ReminderKind::Decision, "管理层批示".into(), true)));
    // Nobody is reminded of their own act.
    assert!(
        !kinds(&bell(&env, &o.management, NOON), id)
            .iter()
            .any(|k| k.0 == ReminderKind::Decision)
    );
}

#[test]
fn an_item_due_on_the_next_working_day_is_reminded_until_read_that_day() {
    let mut env = env();
    let id = routed(&mut env);
    let o = env.office.clone();
    let due = env
        .store
        .sql_layer_for_tests()
        .query_row("SELECT due_date FROM appeals WHERE id = ?1", [id], |r| {
            r.get::<_, String>(0)
        })
        .unwrap();
    let due = NaiveDate::parse_from_str(&due, "%Y-%m-%d").unwrap();
    // The working day before the due date.
    let mut day = due - Duration::days(1);
    while env.store.calendar().add_working_days(day, 1).value != due {
        day -= Duration::days(1);
    }
    let now = format!("{day}T09:00:00+08:00");
    let r = bell(&env, &o.handlers[0], &now);
    // The routing days ago is no longer new; the due date is.
    assert_eq!(
        kinds(&r, id),
        vec![
            (
                ReminderKind::DueTomorrow,
                "明天到期：制定处理方案".into(),
                true
            ),
            (ReminderKind::NewTask, "分流：待制定处理方案".into(), false),
        ]
    );
    assert_eq!(r.unread, 1);
    assert!(kinds(&bell(&env, &o.handlers[1], &now), id).is_empty());
    // Read today: read until the day is over; the day after, a new due date would be new again.
    mark_reminders_read(
        &mut env.store,
        &Ctx::new(&o.handlers[0], at(&now)),
        r.up_to_event,
    )
    .unwrap();
    let r = bell(&env, &o.handlers[0], &now);
    assert_eq!(r.unread, 0);
    assert!(!r.items[0].unread);
    // A week before, nothing is due tomorrow.
    let before = format!("{}T09:00:00+08:00", day - Duration::days(7));
    assert!(
        !kinds(&bell(&env, &o.handlers[0], &before), id)
            .iter()
            .any(|k| k.0 == ReminderKind::DueTomorrow)
    );
}

#[test]
fn all_read_marks_up_to_what_was_shown_and_later_events_are_new() {
    let mut env = env();
    let id = routed(&mut env);
    let o = env.office.clone();
    let shown = bell(&env, &o.handlers[0], NOON);
    assert_eq!(shown.unread, 1);
    // Something happens after the bell was shown, before 全部已读 is clicked.
    issue_supervision(
        &mut env.store,
        &Ctx::new(&o.office, at("2026-11-20T12:01:00+08:00")),
        id,
        "请加快办理",
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
    )
    .unwrap();
    mark_reminders_read(
        &mut env.store,
        &Ctx::new(&o.handlers[0], at(NOON)),
        shown.up_to_event,
    )
    .unwrap();
    let r = bell(&env, &o.handlers[0], NOON);
    assert_eq!(r.unread, 1, "{:?}", r.items);
    assert_eq!(
        kinds(&r, id),
        vec![
            (ReminderKind::Supervision, "收到督办通知".into(), true),
            (ReminderKind::NewTask, "分流：待制定处理方案".into(), false),
        ]
    );
    // The mark never moves back, and a mark past the log's head is cut to it.
    mark_reminders_read(&mut env.store, &Ctx::new(&o.handlers[0], at(NOON)), 1).unwrap();
    assert_eq!(bell(&env, &o.handlers[0], NOON).unread, 1);
    mark_reminders_read(
        &mut env.store,
        &Ctx::new(&o.handlers[0], at(NOON)),
        i64::MAX,
    )
    .unwrap();
    assert_eq!(bell(&env, &o.handlers[0], NOON).unread, 0);
    // Marks are per person: the head still has the supervision unread.
    assert_eq!(bell(&env, &o.heads[0], NOON).unread, 1);
}

fn input(kind: StockTextKind, category: Option<Category>, title: &str) -> StockTextInput {
    StockTextInput {
        id: None,
        kind,
        category,
        title: title.into(),
        body: format!("{title}的内容。"),
    }
}

#[test]
fn stock_texts_are_written_by_the_office_and_the_administrator_and_read_by_all() {
    let mut env = env();
    let o = env.office.clone();
    let now = at(NOON);
    let ctx = |a| Ctx::new(a, now);
    let general = save_stock_text(
        &mut env.store,
        &ctx(&o.office),
        &input(StockTextKind::Reply, None, "通用答复"),
    )
    .unwrap();
    assert_eq!(general.updated_by, o.office.display_name);
    let complaint = save_stock_text(
        &mut env.store,
        &ctx(&o.admin),
        &input(StockTextKind::Reply, Some(Category::Complaint), "投诉答复"),
    )
    .unwrap();
    save_stock_text(
        &mut env.store,
        &ctx(&o.office),
        &input(StockTextKind::Reply, Some(Category::Suggestion), "建议答复"),
    )
    .unwrap();
    save_stock_text(
        &mut env.store,
        &ctx(&o.office),
        &input(StockTextKind::Plan, Some(Category::Complaint), "投诉方案"),
    )
    .unwrap();
    // Those who fill in dialogs but do not own the wording may not write.
    for who in [&o.handlers[0], &o.heads[0], &o.clerk, &o.management] {
        let e = save_stock_text(
            &mut env.store,
            &ctx(who),
            &input(StockTextKind::Reply, None, "越权"),
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::Forbidden);
        assert!(is_chinese(&e.message));
        let e = delete_stock_text(&mut env.store, &ctx(who), general.id).unwrap_err();
        assert_eq!(e.code, ErrorCode::Forbidden);
    }
    // The picker of a complaint's reply: the general text first, then the complaint's.
    let titles = |store: &minyi_core::Store, kind, category| -> Vec<String> {
        list_stock_texts(store, &ctx(&o.handlers[0]), kind, category)
            .unwrap()
            .into_iter()
            .map(|t| t.title)
            .collect()
    };
    assert_eq!(
        titles(
            &env.store,
            Some(StockTextKind::Reply),
            Some(Category::Complaint)
        ),
        vec!["通用答复", "投诉答复"]
    );
    assert_eq!(
        titles(
            &env.store,
            Some(StockTextKind::Plan),
            Some(Category::Consultation)
        ),
        Vec::<String>::new()
    );
    assert_eq!(titles(&env.store, None, None).len(), 4);
    // Change and remove.
    let mut change = input(StockTextKind::Reply, Some(Category::Help), "求助答复");
    change.id = Some(complaint.id);
    let changed = save_stock_text(&mut env.store, &ctx(&o.office), &change).unwrap();
    assert_eq!(changed.id, complaint.id);
    assert_eq!(changed.category, Some(Category::Help));
    assert_eq!(
        titles(
            &env.store,
            Some(StockTextKind::Reply),
            Some(Category::Complaint)
        ),
        vec!["通用答复"]
    );
    delete_stock_text(&mut env.store, &ctx(&o.admin), general.id).unwrap();
    let e = delete_stock_text(&mut env.store, &ctx(&o.admin), general.id).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    change.id = Some(general.id);
    let e = save_stock_text(&mut env.store, &ctx(&o.office), &change).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert_eq!(count(&env.store, "stock_texts"), 3);
    // An empty title or body is refused under its field.
    let mut empty = input(StockTextKind::Other, None, " ");
    let e = save_stock_text(&mut env.store, &ctx(&o.office), &empty).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("title"));
    empty.title = "标题".into();
    empty.body = "".into();
    let e = save_stock_text(&mut env.store, &ctx(&o.office), &empty).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("body"));
}
