//! Registration input validation and duplicate hints: every bad field is refused with a Chinese
//! message on the right field path that never echoes the bad value, `validate_all` reports all
//! problems in form order, nothing is written on error, anonymous appeals need no name or phone,
//! and likely duplicates are flagged by phone or near-identical content within the window only.

mod common;

use common::*;
use minyi_core::ErrorCode;
use minyi_core::Store;
use minyi_core::model::{Appellant, Ctx};
use minyi_core::usecases::register::{
    RegisterInput, hints_for_form, register, validate, validate_all,
};

const NOW: &str = "2026-11-20T10:00:00+08:00";

fn valid() -> RegisterInput {
    input(
        "walk_in",
        "complaint",
        "13812345678",
        "小区旁工地每天夜里十一点以后还在施工，噪音很大，影响休息。",
    )
}

fn letter() -> RegisterInput {
    let mut i = valid();
    i.channel = "letter".into();
    i.postmark_date = Some("2026-11-18".into());
    i
}

/// Everything that registration may write (the search index: FTS5's table and its backlog on
/// SQLite, the search rows on PostgreSQL).
fn written(store: &Store) -> [i64; 6] {
    let index: [&str; 2] = if minyi_core::testing::on_postgres() {
        ["appeal_search", "appeal_search"]
    } else {
        ["appeal_fts", "fts_backlog"]
    };
    [
        "appeals",
        "appellants",
        "events",
        "counters",
        index[0],
        index[1],
    ]
    .map(|t| count(store, t))
}

/// One bad field: how to break the form, the field path, and the value that must not be echoed.
struct Case {
    what: &'static str,
    input: RegisterInput,
    field: &'static str,
    bad: &'static str,
}

fn cases() -> Vec<Case> {
    let with = |f: &dyn Fn(&mut RegisterInput)| {
        let mut i = valid();
        f(&mut i);
        i
    };
    let letter_with = |f: &dyn Fn(&mut RegisterInput)| {
        let mut i = letter();
        f(&mut i);
        i
    };
    vec![
        Case {
            what: "mobile starting 12",
            input: with(&|i| i.appellant.phone = Some("12812345678".into())),
            field: "appellant.phone",
            bad: "12812345678",
        },
        Case {
            what: "landline too short",
            input: with(&|i| i.appellant.phone = Some("0571-12".into())),
            field: "appellant.phone",
            bad: "0571-12",
        },
        Case {
            what: "missing phone",
            input: with(&|i| i.appellant.phone = None),
            field: "appellant.phone",
            bad: "",
        },
        Case {
            what: "ID checksum",
            input: with(&|i| i.appellant.id_number = Some("110105194912310021".into())),
            field: "appellant.idNumber",
            bad: "110105194912310021",
        },
        Case {
            what: "e-mail",
            input: with(&|i| i.appellant.email = Some("zhangsan@".into())),
            field: "appellant.email",
            bad: "zhangsan@",
        },
        Case {
            what: "empty name",
            input: with(&|i| i.appellant.name = "   ".into()),
            field: "appellant.name",
            bad: "",
        },
        Case {
            what: "empty subject",
            input: with(&|i| i.subject = " ".into()),
            field: "subject",
            bad: "",
        },
        Case {
            what: "too-long content",
            input: with(&|i| i.content = "噪".repeat(20_001)),
            field: "content",
            bad: "噪噪噪噪噪噪噪噪",
        },
        Case {
            what: "received tomorrow",
            input: with(&|i| i.received_at = "2026-11-21T09:00:00+08:00".into()),
            field: "receivedAt",
            bad: "2026-11-21",
        },
        Case {
            what: "received time unreadable",
            input: with(&|i| i.received_at = "昨天下午三点".into()),
            field: "receivedAt",
            bad: "昨天下午三点",
        },
        Case {
            what: "letter without address",
            input: letter_with(&|i| i.appellant.address = None),
            field: "appellant.address",
            bad: "",
        },
        Case {
            what: "unknown channel",
            input: with(&|i| i.channel = "传真机".into()),
            field: "channel",
            bad: "传真机",
        },
        Case {
            what: "unknown category",
            input: with(&|i| i.category = "表扬信".into()),
            field: "category",
            bad: "表扬信",
        },
        Case {
            what: "postmark after receipt",
            input: letter_with(&|i| i.postmark_date = Some("2026-11-21".into())),
            field: "postmarkDate",
            bad: "2026-11-21",
        },
    ]
}

#[test]
fn each_bad_field_is_refused_on_its_path_in_chinese_without_echo_and_writes_nothing() {
    let mut env = common::env();
    let now = at(NOW);
    let ctx_actor = env.office.clerk.clone();
    let ctx = Ctx::new(&ctx_actor, now);
    let before = written(&env.store);
    for c in cases() {
        let e = validate(&c.input, now).unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation, "{}", c.what);
        assert_eq!(
            e.field.as_deref(),
            Some(c.field),
            "{}: {}",
            c.what,
            e.message
        );
        assert!(is_chinese(&e.message), "{}: {}", c.what, e.message);
        if !c.bad.is_empty() {
            assert!(
                !e.message.contains(c.bad),
                "{}: message echoes the value: {}",
                c.what,
                e.message
            );
        }
        let all = validate_all(&c.input, now);
        assert_eq!(all.len(), 1, "{}: {all:?}", c.what);
        assert_eq!(all[0], e, "{}", c.what);
        let r = register(&mut env.store, &ctx, &c.input).unwrap_err();
        assert_eq!(r, e, "{}", c.what);
        assert_eq!(
            written(&env.store),
            before,
            "{}: something was written",
            c.what
        );
    }
    // The valid forms register, so the cases above failed for their one field only.
    assert!(validate_all(&valid(), now).is_empty());
    assert!(validate_all(&letter(), now).is_empty());
}

#[test]
fn validate_all_reports_every_problem_in_form_order() {
    let mut i = valid();
    i.appellant.name = String::new();
    i.appellant.phone = Some("12345".into());
    i.appellant.id_number = Some("123".into());
    i.channel = "fax".into();
    i.received_at = "2027-01-01T00:00:00+08:00".into();
    i.category = String::new();
    i.urgency = Some("火急".into());
    i.subject = String::new();
    i.content = String::new();
    let errors = validate_all(&i, at(NOW));
    let fields: Vec<&str> = errors.iter().filter_map(|e| e.field.as_deref()).collect();
    assert_eq!(
        fields,
        [
            "appellant.name",
            "appellant.phone",
            "appellant.idNumber",
            "channel",
            "receivedAt",
            "category",
            "urgency",
            "subject",
            "content",
        ]
    );
    assert!(errors.iter().all(|e| e.code == ErrorCode::Validation));
    assert!(errors.iter().all(|e| is_chinese(&e.message)));
    // `validate` returns the first of them.
    assert_eq!(validate(&i, at(NOW)).unwrap_err(), errors[0]);
}

#[test]
fn anonymous_appeals_need_no_name_or_phone() {
    let mut env = common::env();
    let ctx_actor = env.office.clerk.clone();
    let ctx = Ctx::new(&ctx_actor, at(NOW));
    let mut i = valid();
    i.appellant = Appellant {
        anonymous: true,
        ..Default::default()
    };
    let r = register(&mut env.store, &ctx, &i).unwrap();
    let a = minyi_core::testing::appeal(&env.store, r.appeal_id).unwrap();
    let who = minyi_core::testing::appellant(&env.store, a.appellant_id).unwrap();
    assert_eq!(who.name, "匿名");
    assert_eq!(who.phone, None);
    assert!(who.anonymous);
    // An anonymous letter needs no address either; a named letter needs no phone.
    let mut i = letter();
    i.appellant = Appellant {
        anonymous: true,
        ..Default::default()
    };
    register(&mut env.store, &ctx, &i).unwrap();
    let mut i = letter();
    i.appellant.phone = None;
    register(&mut env.store, &ctx, &i).unwrap();
    assert_eq!(count(&env.store, "appeals"), 3);
}

const NOISE: &str = "翠苑小区旁边的工地每天夜里十一点以后还在施工，噪音很大，严重影响居民休息，请有关部门尽快处理。";
const NOISE_AGAIN: &str =
    "翠苑小区旁边的工地每天夜里十一点以后还在施工，噪音很大，严重影响居民休息，请尽快处理。";
const LAMPS: &str = "学院路的路灯坏了三个月没人修，晚上出行很不方便，希望尽快修好。";
const FEES: &str = "物业公司今年擅自上调停车费，业主意见很大，请市场监管部门核查收费标准。";

fn register_at(env: &mut Env, phone: &str, content: &str, received: &str) -> (i64, Vec<i64>) {
    let clerk = env.office.clerk.clone();
    let mut i = input("hotline", "complaint", phone, content);
    i.received_at = format!("{received}T09:00:00+08:00");
    let ctx = Ctx::new(&clerk, at(&format!("{received}T10:00:00+08:00")));
    let r = register(&mut env.store, &ctx, &i).unwrap();
    for h in &r.likely_duplicates {
        // Hints carry numbers and subjects, never personal data.
        assert!(!format!("{h:?}").contains(phone));
    }
    (
        r.appeal_id,
        r.likely_duplicates.iter().map(|h| h.appeal_id).collect(),
    )
}

#[test]
fn likely_duplicates_are_flagged_by_phone_or_content_within_the_window() {
    let mut env = common::env();
    let (first, dups) = register_at(&mut env, "13812345678", NOISE, "2026-09-01");
    assert!(dups.is_empty());
    // Same phone, unrelated content, nine days later: flagged by phone.
    let (same_phone, dups) = register_at(&mut env, "13812345678", LAMPS, "2026-09-10");
    assert_eq!(dups, [first]);
    // Near-identical content from another phone: flagged by content (not the lamp appeal).
    let clerk = env.office.clerk.clone();
    let mut i = input("website", "complaint", "13900001111", NOISE_AGAIN);
    i.received_at = "2026-09-12T09:00:00+08:00".into();
    let r = register(
        &mut env.store,
        &Ctx::new(&clerk, at("2026-09-12T10:00:00+08:00")),
        &i,
    )
    .unwrap();
    let hints = &r.likely_duplicates;
    assert_eq!(hints.len(), 1, "{hints:?}");
    assert_eq!(hints[0].appeal_id, first);
    assert!(!hints[0].same_phone);
    assert!(hints[0].similarity.unwrap() >= 0.6);
    // Unrelated content from a third phone: nothing.
    let (_, dups) = register_at(&mut env, "13700002222", FEES, "2026-09-13");
    assert!(dups.is_empty(), "{dups:?}");
    // Same phone and same text, but more than 30 days after all of them: nothing.
    let (_, dups) = register_at(&mut env, "13812345678", NOISE, "2026-11-20");
    assert!(dups.is_empty(), "{dups:?}");
    assert_ne!(same_phone, first);
    assert_eq!(
        count(&env.store, "appeals"),
        5,
        "hints never block a registration"
    );
}

#[test]
fn the_form_sees_the_hints_registration_will_flag() {
    let mut env = common::env();
    let (first, _) = register_at(&mut env, "13812345678", NOISE, "2026-09-01");
    let clerk = env.office.clerk.clone();
    let ctx = Ctx::new(&clerk, at("2026-09-12T10:00:00+08:00"));
    // Near-identical content typed from another phone, receipt time not typed yet (counts as now).
    let mut form = input("website", "complaint", "13900001111", NOISE_AGAIN);
    form.received_at = String::new();
    let hints = hints_for_form(&env.store, &ctx, &form).unwrap();
    assert_eq!(
        hints.iter().map(|h| h.appeal_id).collect::<Vec<_>>(),
        [first]
    );
    assert!(!hints[0].same_phone);
    // The same phone, half typed content: found by phone only once the phone validates.
    let mut form = input("website", "complaint", "1381234", "夜间施工");
    form.received_at = String::new();
    assert!(hints_for_form(&env.store, &ctx, &form).unwrap().is_empty());
    form.appellant.phone = Some("13812345678".into());
    let hints = hints_for_form(&env.store, &ctx, &form).unwrap();
    assert_eq!(hints.len(), 1);
    assert!(hints[0].same_phone);
    // The form's lookup is what registration then flags.
    form.received_at = "2026-09-12T09:00:00+08:00".into();
    let before = hints_for_form(&env.store, &ctx, &form).unwrap();
    let r = register(&mut env.store, &ctx, &form).unwrap();
    assert_eq!(r.likely_duplicates, before);
    // Only those who may register see hints.
    let handler = env.office.handlers[0].clone();
    let e = hints_for_form(&env.store, &Ctx::new(&handler, ctx.now), &form).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
}

/// Issue 17: phones written as people write them are accepted, stored in one form, and so found
/// by phone (duplicate hints) whatever the spelling.
#[test]
fn phones_as_people_write_them_are_stored_normalised_and_found_again() {
    let mut env = common::env();
    let clerk = env.office.clerk.clone();
    let ctx = Ctx::new(&clerk, at(NOW));
    let contents = [NOISE, LAMPS, FEES];
    let mut first = None;
    for (n, typed) in [
        "+86 138 1234 5678",
        "138-1234-5678",
        "１３８１２３４５６７８",
    ]
    .into_iter()
    .enumerate()
    {
        let mut i = valid();
        i.appellant.phone = Some(typed.into());
        i.content = contents[n].into();
        let problems = validate_all(&i, at(NOW));
        assert!(problems.is_empty(), "{typed}: {problems:?}");
        let r = register(&mut env.store, &ctx, &i).unwrap();
        let a = minyi_core::testing::appeal(&env.store, r.appeal_id).unwrap();
        let who = minyi_core::testing::appellant(&env.store, a.appellant_id).unwrap();
        assert_eq!(who.phone.as_deref(), Some("13812345678"), "{typed}");
        match first {
            None => first = Some(r.appeal_id),
            Some(f) => assert!(
                r.likely_duplicates
                    .iter()
                    .any(|h| h.appeal_id == f && h.same_phone),
                "{typed}: the same phone as the first"
            ),
        }
    }
    // A landline keeps its area code's dash, full-width dash included.
    let mut i = valid();
    i.appellant.phone = Some("0571－86123456".into());
    let r = register(&mut env.store, &ctx, &i).unwrap();
    let a = minyi_core::testing::appeal(&env.store, r.appeal_id).unwrap();
    let who = minyi_core::testing::appellant(&env.store, a.appellant_id).unwrap();
    assert_eq!(who.phone.as_deref(), Some("0571-86123456"));
}
