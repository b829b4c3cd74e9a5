//! The appellant's history on the detail page: the other appeals of the same phone, ID number, or
//! name and address, newest first with their outcomes; nothing at all (not even a count) for staff
//! who may not look people up; department staff see their department's appeals only; each viewing
//! is logged. And the registration form's likely duplicates also match on the ID number.

mod common;

use common::*;
use minyi_core::model::{Appellant, Category, Ctx};
use minyi_core::queries::history::{HistoryMatch, appellant_history};
use minyi_core::usecases::register::{RegisterInput, hints_for_form, register};

const ID: &str = "11010519491231002X";
const ADDRESS: &str = "云江市西湖区文三街道学院路88号3幢501室";

fn form(
    name: &str,
    phone: &str,
    id_number: Option<&str>,
    address: &str,
    day: &str,
) -> RegisterInput {
    RegisterInput {
        appellant: Appellant {
            name: name.into(),
            phone: Some(phone.into()),
            address: Some(address.into()),
            id_number: id_number.map(Into::into),
            ..Default::default()
        },
        channel: "walk_in".into(),
        category: "complaint".into(),
        subject: format!("{day} 的诉求"),
        content: format!("{day} 反映的情况：小区门口的路灯坏了，晚上出行不便，请尽快修理。"),
        received_at: format!("{day}T09:30:00+08:00"),
        ..Default::default()
    }
}

struct People {
    env: Env,
    /// The appeal whose page is open.
    base: i64,
    by_phone: i64,
    by_id: i64,
    by_name_and_address: i64,
    /// Same name, another address: someone else.
    namesake: i64,
}

fn people() -> People {
    let mut env = env();
    let clerk = env.office.clerk.clone();
    let now = at("2026-11-20T10:00:00+08:00");
    let mut reg = |f: RegisterInput| {
        register(&mut env.store, &Ctx::new(&clerk, now), &f)
            .unwrap()
            .appeal_id
    };
    let by_phone = reg(form(
        "李四",
        "13812345678",
        None,
        "云江市东湖路1号",
        "2026-11-10",
    ));
    let by_id = reg(form(
        "张三丰",
        "13900000001",
        Some(ID),
        "云江市南山路9号",
        "2026-11-12",
    ));
    let base = reg(form(
        "张三丰",
        "13812345678",
        Some(ID),
        ADDRESS,
        "2026-11-15",
    ));
    let by_name_and_address = reg(form("张三丰", "13900000002", None, ADDRESS, "2026-11-18"));
    let namesake = reg(form(
        "张三丰",
        "13900000003",
        None,
        "云江市北山路2号",
        "2026-11-19",
    ));
    People {
        env,
        base,
        by_phone,
        by_id,
        by_name_and_address,
        namesake,
    }
}

fn logged(env: &Env) -> Vec<(i64, String, String)> {
    let conn = env.store.sql_layer_for_tests();
    let mut st = conn
        .prepare("SELECT appeal_id, what, purpose FROM access_log WHERE what = 'appellant_history' ORDER BY id")
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn the_history_lists_the_same_persons_appeals_newest_first_and_each_viewing_is_logged() {
    let p = people();
    let now = at("2026-11-21T09:00:00+08:00");
    let h = appellant_history(&p.env.store, &Ctx::new(&p.env.office.office, now), p.base)
        .unwrap()
        .expect("the appeals office may look people up");
    let ids: Vec<i64> = h.appeals.iter().map(|e| e.appeal_id).collect();
    assert_eq!(
        ids,
        [p.by_name_and_address, p.by_id, p.by_phone],
        "newest first"
    );
    assert!(!ids.contains(&p.namesake) && !ids.contains(&p.base));
    assert!(!h.truncated);
    let [later, id, phone] = &h.appeals[..] else {
        unreachable!()
    };
    assert_eq!(later.matched_on, [HistoryMatch::NameAndAddress]);
    assert!(!later.earlier);
    assert_eq!(id.matched_on, [HistoryMatch::IdNumber]);
    assert!(id.earlier);
    assert_eq!(phone.matched_on, [HistoryMatch::Phone]);
    assert!(phone.earlier && phone.closing_result.is_none() && phone.satisfaction.is_none());
    assert_eq!(phone.subject, "2026-11-10 的诉求");
    // From another of the person's appeals, the base is found by all three ways at once.
    let h2 = appellant_history(&p.env.store, &Ctx::new(&p.env.office.office, now), p.by_id)
        .unwrap()
        .unwrap();
    let base = h2.appeals.iter().find(|e| e.appeal_id == p.base).unwrap();
    assert_eq!(base.matched_on, [HistoryMatch::IdNumber]);
    // Each viewing is one line of the access log, about the appeal viewed, without personal data.
    let log = logged(&p.env);
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].0, p.base);
    assert_eq!(log[0].2, "查看诉求人的历次诉求（3 件）");
    assert!(!log[0].2.contains("张三丰") && !log[0].2.contains("138"));
}

#[test]
fn staff_without_the_right_get_nothing_and_nothing_is_logged() {
    let p = people();
    let now = at("2026-11-21T09:00:00+08:00");
    // An intake clerk without the confidentiality agreement: no history, not even an empty one.
    let unsigned = &p.env.office.unsigned_clerk;
    assert_eq!(
        appellant_history(&p.env.store, &Ctx::new(unsigned, now), p.base).unwrap(),
        None
    );
    assert!(logged(&p.env).is_empty());
    // An appeal the user may not see at all is not found, as on the detail page.
    let handler = &p.env.office.handlers[0];
    let e = appellant_history(&p.env.store, &Ctx::new(handler, now), p.base).unwrap_err();
    assert_eq!(e.code, minyi_core::ErrorCode::NotFound);
    assert!(logged(&p.env).is_empty());
}

#[test]
fn a_departments_handler_sees_only_the_departments_appeals_of_the_person() {
    let mut p = people();
    let clerk = p.env.office.clerk.clone();
    let dept = p.env.office.departments[0].0;
    let t = at("2026-11-20T11:00:00+08:00");
    for id in [p.base, p.by_phone] {
        accept(&mut p.env.store, &clerk, id, Category::Complaint, t);
        minyi_core::usecases::route::route(&mut p.env.store, &Ctx::new(&clerk, t), id, dept, None)
            .unwrap();
    }
    let handler = &p.env.office.handlers[0];
    let now = at("2026-11-21T09:00:00+08:00");
    let h = appellant_history(&p.env.store, &Ctx::new(handler, now), p.base)
        .unwrap()
        .unwrap();
    let ids: Vec<i64> = h.appeals.iter().map(|e| e.appeal_id).collect();
    assert_eq!(ids, [p.by_phone]);
    assert_eq!(
        h.appeals[0].department_name.as_deref(),
        Some(p.env.office.departments[0].1.as_str())
    );
    assert_eq!(logged(&p.env)[0].2, "查看诉求人的历次诉求（1 件）");
}

#[test]
fn the_registration_forms_hints_also_match_the_id_number_and_are_logged() {
    let p = people();
    let now = at("2026-11-20T11:00:00+08:00");
    // A new appeal of the same ID number, another phone and text: only the ID number links it.
    let mut again = form(
        "张三丰",
        "13900000009",
        Some("11010519491231002x"),
        "云江市西溪路5号",
        "2026-11-20",
    );
    again.content = "想咨询一下社区老年食堂的开放时间和办卡需要带哪些材料。".into();
    let hint_log = |env: &Env| -> Vec<String> {
        env.store
            .sql_layer_for_tests()
            .prepare("SELECT purpose FROM access_log WHERE what = 'duplicate_hint' ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    // Registering the people logged their same-phone hints already.
    let before = hint_log(&p.env).len();
    let hints = hints_for_form(&p.env.store, &Ctx::new(&p.env.office.clerk, now), &again).unwrap();
    let by_id: Vec<i64> = hints
        .iter()
        .filter(|h| h.same_id_number)
        .map(|h| h.appeal_id)
        .collect();
    assert_eq!(by_id, [p.base, p.by_id], "newest first");
    assert!(
        hints
            .iter()
            .filter(|h| h.same_id_number)
            .all(|h| !h.same_phone)
    );
    assert_eq!(
        hint_log(&p.env)[before..],
        ["登记时提示同一证件号码的诉求"; 2]
    );
    // The same phone and ID number: one hint, marked both ways.
    let mut both = form("张三丰", "13812345678", Some(ID), ADDRESS, "2026-11-20");
    both.content = again.content.clone();
    let hints = hints_for_form(&p.env.store, &Ctx::new(&p.env.office.office, now), &both).unwrap();
    let base: Vec<_> = hints.iter().filter(|h| h.appeal_id == p.base).collect();
    assert_eq!(base.len(), 1);
    assert!(base[0].same_phone && base[0].same_id_number);
    // Without the right: no hint by the person at all.
    let unsigned = &p.env.office.unsigned_clerk;
    let hints = hints_for_form(&p.env.store, &Ctx::new(unsigned, now), &again).unwrap();
    assert!(hints.iter().all(|h| !h.same_id_number && !h.same_phone));
    assert!(hints.iter().all(|h| h.appeal_id != p.by_id));
}

#[test]
fn a_closed_appeal_shows_its_closing_text_and_satisfaction() {
    use minyi_demo::{DemoOptions, generate};
    let dir = tempfile::tempdir().unwrap();
    let mut store = minyi_core::Store::open(&dir.path().join("demo.db")).unwrap();
    let now = at("2026-11-27T17:00:00+08:00");
    let opts = DemoOptions {
        appeals: 200,
        seed: 7,
        now,
    };
    generate(&mut store, &opts, &mut |_, _| {}).unwrap();
    let office = minyi_demo::seed_office(&mut store, now).unwrap();
    let q = |sql: &str| minyi_core::testing::query_i64(&store, sql);
    // A closed appeal with a closing text, and another appeal: the same person's, by phone.
    let closed = q(
        "SELECT appeal_id FROM events WHERE to_status = 'closed' AND reason IS NOT NULL
                    ORDER BY id DESC LIMIT 1",
    );
    let other = q(&format!("SELECT min(id) FROM appeals WHERE id <> {closed}"));
    store
        .sql_layer_for_tests()
        .execute(
            &format!(
                "UPDATE appellants SET phone = '13700000000' WHERE id IN
                 (SELECT appellant_id FROM appeals WHERE id IN ({closed}, {other}))"
            ),
            [],
        )
        .unwrap();
    let h = appellant_history(&store, &Ctx::new(&office.office, now), other)
        .unwrap()
        .unwrap();
    let e = h.appeals.iter().find(|e| e.appeal_id == closed).unwrap();
    let a = minyi_core::testing::appeal(&store, closed).unwrap();
    let text = minyi_core::testing::events(&store, closed)
        .unwrap()
        .into_iter()
        .rev()
        .find(|ev| ev.to_status == minyi_core::model::Status::Closed)
        .and_then(|ev| ev.reason);
    assert_eq!(e.status, minyi_core::model::Status::Closed);
    assert!(text.is_some());
    assert_eq!(e.closing_result, text);
    assert_eq!(e.satisfaction, a.satisfaction);
    assert_eq!(e.closed_at, a.closed_at);
    assert_eq!(e.matched_on, [HistoryMatch::Phone]);
}
