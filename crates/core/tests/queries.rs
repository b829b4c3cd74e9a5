//! The appeal list and search over a small office with appeals in every state: filters, sorts
//! and paging against counts made independently in the test; full-text search (trigram index for
//! 3+ characters, LIKE for shorter terms); hostile search input; phone/name search only for roles
//! that may see personal data. "My tasks" and the ledger are in `workbench.rs`.

mod common;
mod office;

use common::*;
use minyi_core::ErrorCode;
use minyi_core::model::*;
use minyi_core::queries::list::{AppealRow, ListFilter, SortKey, list, search};
use office::{TODAY, all, day, due_soon, overdue};
use std::collections::BTreeSet;

fn ids_of(page: &[AppealRow]) -> BTreeSet<i64> {
    page.iter().map(|r| r.id).collect()
}

/// A filter with one change from the default.
fn with(f: impl FnOnce(&mut ListFilter)) -> ListFilter {
    let mut filter = ListFilter::default();
    f(&mut filter);
    filter
}

#[test]
fn filters_return_exactly_the_matching_rows_and_totals() {
    let (env, ids) = office::build();
    let rows = all(&env, &ids);
    let o = &env.office;
    let ctx = Ctx::new(&o.office, at(TODAY));
    let dept0 = o.departments[0].0;
    type Pred = Box<dyn Fn(&Appeal) -> bool>;
    let in_dept0 = move |a: &Appeal| a.department_id == Some(dept0);
    let cases: Vec<(&str, ListFilter, Pred)> = vec![
        ("all", ListFilter::default(), Box::new(|_| true)),
        (
            "routed",
            with(|f| f.statuses = vec![Status::Routed]),
            Box::new(|a| a.status == Status::Routed),
        ),
        (
            "registered or accepted",
            with(|f| f.statuses = vec![Status::Registered, Status::Accepted]),
            Box::new(|a| matches!(a.status, Status::Registered | Status::Accepted)),
        ),
        (
            "complaints",
            with(|f| f.category = Some(Category::Complaint)),
            Box::new(|a| a.category == Category::Complaint),
        ),
        (
            "hotline",
            with(|f| f.channel = Some(Channel::Hotline)),
            Box::new(|a| a.channel == Channel::Hotline),
        ),
        (
            "department",
            with(|f| f.department_id = Some(dept0)),
            Box::new(in_dept0),
        ),
        (
            "received 16th to 20th",
            with(|f| (f.from, f.to) = (Some(day(11, 16)), Some(day(11, 20)))),
            Box::new(|a| (day(11, 16)..=day(11, 20)).contains(&a.received_at.date_naive())),
        ),
        ("overdue", with(|f| f.overdue = true), Box::new(overdue)),
        ("due soon", with(|f| f.due_soon = true), Box::new(due_soon)),
        (
            "major",
            with(|f| f.major = Some(true)),
            Box::new(|a| a.major),
        ),
        (
            "department and overdue",
            with(|f| (f.department_id, f.overdue) = (Some(dept0), true)),
            Box::new(move |a| in_dept0(a) && overdue(a)),
        ),
    ];
    for (what, filter, pred) in cases {
        let want: BTreeSet<i64> = rows.iter().filter(|a| pred(a)).map(|a| a.id).collect();
        assert!(
            !want.is_empty(),
            "{what}: the data set should exercise the filter"
        );
        let page = list(&env.store, &ctx, &filter).unwrap();
        assert_eq!(ids_of(&page.rows), want, "{what}");
        assert_eq!(page.total, Some(want.len() as i64), "{what}");
        assert!(!page.has_more, "{what}");
        for r in &page.rows {
            let a = rows.iter().find(|a| a.id == r.id).unwrap();
            assert_eq!(
                r.due.overdue,
                overdue(a),
                "{what}: flag of {}",
                a.reg_number
            );
            assert_eq!(
                r.due.due_soon,
                due_soon(a),
                "{what}: flag of {}",
                a.reg_number
            );
        }
    }
    // A handler sees only their department, whatever they ask for.
    let h = Ctx::new(&o.handlers[0], at(TODAY));
    let page = list(&env.store, &h, &ListFilter::default()).unwrap();
    let want: BTreeSet<i64> = rows.iter().filter(|a| in_dept0(a)).map(|a| a.id).collect();
    assert_eq!(ids_of(&page.rows), want);
    let other = with(|f| f.department_id = Some(o.departments[1].0));
    assert_eq!(list(&env.store, &h, &other).unwrap().total, Some(0));
}

#[test]
fn sorts_and_pages_follow_the_independent_order() {
    let (env, ids) = office::build();
    let rows = all(&env, &ids);
    let ctx = Ctx::new(&env.office.office, at(TODAY));
    let key = |a: &Appeal| (a.registered_at, a.id);
    let mut by_reg: Vec<&Appeal> = rows.iter().collect();
    by_reg.sort_by_key(|a| key(a));
    let mut by_due = by_reg.clone();
    by_due.sort_by_key(|a| (a.due_date.is_none(), a.due_date, a.id));
    let mut by_due_desc = by_reg.clone();
    by_due_desc.sort_by_key(|a| (a.due_date.is_none(), std::cmp::Reverse((a.due_date, a.id))));
    let asc: Vec<i64> = by_reg.iter().map(|a| a.id).collect();
    let desc: Vec<i64> = asc.iter().rev().copied().collect();
    for (sort, want) in [
        (SortKey::RegisteredAsc, asc),
        (SortKey::RegisteredDesc, desc),
        (SortKey::DueAsc, by_due.iter().map(|a| a.id).collect()),
        (SortKey::DueDesc, by_due_desc.iter().map(|a| a.id).collect()),
    ] {
        let mut got = Vec::new();
        for page in 0.. {
            let f = ListFilter {
                sort,
                page,
                page_size: 4,
                ..Default::default()
            };
            let p = list(&env.store, &ctx, &f).unwrap();
            assert_eq!(p.total, Some(rows.len() as i64), "{sort:?}");
            got.extend(p.rows.iter().map(|r| r.id));
            assert_eq!(p.has_more, got.len() < rows.len(), "{sort:?} page {page}");
            if !p.has_more {
                break;
            }
        }
        assert_eq!(got, want, "{sort:?}");
    }
}

#[test]
fn text_search_uses_the_index_for_long_terms_and_like_for_short_ones() {
    let (env, ids) = office::build();
    let rows = all(&env, &ids);
    let ctx = Ctx::new(&env.office.clerk, at(TODAY));
    let containing = |t: &str| -> BTreeSet<i64> {
        rows.iter()
            .filter(|a| a.subject.contains(t) || a.content.contains(t))
            .map(|a| a.id)
            .collect()
    };
    for term in ["垃圾分类", "低保申请", "小区电梯", "50%", "A_1"] {
        let p = search(&env.store, &ctx, term, 0, 50).unwrap();
        assert_eq!(ids_of(&p.rows), containing(term), "{term}");
        assert_eq!(
            p.total,
            Some(containing(term).len() as i64),
            "{term}: counted"
        );
    }
    // Short terms: LIKE scan, no total, the page says whether there is more.
    let many = containing("小区");
    assert!(many.len() > 3);
    let p = search(&env.store, &ctx, "小区", 0, 3).unwrap();
    assert_eq!((p.total, p.rows.len(), p.has_more), (None, 3, true));
    let p = search(&env.store, &ctx, "小区", 0, 50).unwrap();
    assert_eq!((ids_of(&p.rows), p.has_more), (many, false));
    let p = search(&env.store, &ctx, "狗", 0, 50).unwrap();
    assert_eq!((ids_of(&p.rows), p.total), (containing("狗"), None));
    // LIKE wildcards and the escape character match only themselves.
    for term in ["%", "_", "\\", "_1", "%，"] {
        let p = search(&env.store, &ctx, term, 0, 50).unwrap();
        assert_eq!(ids_of(&p.rows), containing(term), "{term:?}");
    }
    // Registration and archive numbers.
    let a = &rows[2];
    let number = a.archive_number.clone().unwrap();
    let p = search(&env.store, &ctx, &number, 0, 50).unwrap();
    assert_eq!(ids_of(&p.rows), BTreeSet::from([a.id]));
    let p = search(&env.store, &ctx, &a.reg_number, 0, 50).unwrap();
    assert_eq!(ids_of(&p.rows), BTreeSet::from([a.id]));
}

#[test]
fn two_character_terms_find_the_same_appeals_by_either_plan() {
    let (env, ids) = office::build();
    let rows = all(&env, &ids);
    let ctx = Ctx::new(&env.office.clerk, at(TODAY));
    // SQLite's LIKE ignores the case of ASCII letters, and so must PostgreSQL's search.
    let containing = |t: &str| -> BTreeSet<i64> {
        let t = t.to_ascii_lowercase();
        rows.iter()
            .filter(|a| {
                a.subject.to_ascii_lowercase().contains(&t)
                    || a.content.to_ascii_lowercase().contains(&t)
            })
            .map(|a| a.id)
            .collect()
    };
    let terms = ["小区", "电梯", "a_", "A_", "0%", "%，", "梯长", "龘龘"];
    let same = || {
        for t in terms {
            let p = search(&env.store, &ctx, t, 0, 200).unwrap();
            assert_eq!((ids_of(&p.rows), p.total), (containing(t), None), "{t}");
        }
    };
    assert!(containing("a_").len() == 1 && containing("小区").len() > 3);
    same();
    if minyi_core::testing::on_postgres() {
        // Without statistics every pair takes the pairs index; once the planner knows the pairs of
        // this small office, the common ones take the newest-first scan. Same appeals either way.
        assert!(!minyi_core::testing::search_pair_is_common(&env.store, "小区").unwrap());
        env.store
            .sql_layer_for_tests()
            .execute_batch("ANALYZE appeal_search")
            .unwrap();
        // (In a table this small every pair is "common": the planner never estimates less
        // than one row.)
        assert!(minyi_core::testing::search_pair_is_common(&env.store, "小区").unwrap());
        same();
    }
}

#[test]
fn hostile_search_input_is_harmless() {
    let (env, ids) = office::build();
    let ctx = Ctx::new(&env.office.office, at(TODAY));
    let terms = [
        "\"",
        "\"\"",
        "'",
        "''",
        "\\",
        "%%",
        "__",
        "%_\\",
        "a\"b",
        "\" OR \"1\"=\"1",
        "'; DROP TABLE appeals; --",
        "\"); DELETE FROM appeals; --",
        "SELECT * FROM users",
        "AND",
        "OR",
        "NOT",
        "NEAR(小区 施工)",
        "小区*",
        "^小区",
        "-小区",
        "{subject}:小区",
        "subject:小区",
        "小区 OR 1=1",
        "\u{0}",
        "　",
        "😀😀😀",
    ];
    for t in terms {
        match search(&env.store, &ctx, t, 0, 20) {
            Ok(p) => assert!(p.rows.len() <= ids.len(), "{t:?}"),
            Err(e) => panic!("{t:?}: {e:?}"),
        }
    }
    let e = search(&env.store, &ctx, &"长".repeat(101), 0, 20).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Validation, Some("text"))
    );
    assert_eq!(
        minyi_core::testing::count(&env.store, "appeals"),
        ids.len() as i64
    );
    assert!(minyi_core::check::check(&env.store).unwrap().ok());
}

#[test]
fn phone_and_name_search_only_for_roles_that_may_see_personal_data() {
    let (env, ids) = office::build();
    let o = &env.office;
    let now = at(TODAY);
    let tracked = ids[1]; // 李四光, department 0
    let phone = "139 1234 0001"; // typed with spaces
    let found = |who: &Actor, term: &str| -> BTreeSet<i64> {
        ids_of(
            &search(&env.store, &Ctx::new(who, now), term, 0, 50)
                .unwrap()
                .rows,
        )
    };
    for who in [&o.clerk, &o.office, &o.management, &o.handlers[0]] {
        assert_eq!(
            found(who, phone),
            BTreeSet::from([tracked]),
            "{}",
            who.display_name
        );
        assert_eq!(
            found(who, "李四光"),
            BTreeSet::from([tracked]),
            "{}",
            who.display_name
        );
    }
    // The administrator may list appeals but not match them by personal data; another
    // department's handler does not see the appeal at all.
    for who in [&o.admin, &o.handlers[1]] {
        assert!(found(who, phone).is_empty(), "{}", who.display_name);
        assert!(found(who, "李四光").is_empty(), "{}", who.display_name);
    }
}

#[test]
fn rows_by_ids_pages_in_the_given_order_and_keeps_a_handler_to_their_department() {
    use minyi_core::queries::rows::rows_by_ids;
    let (env, ids) = office::build();
    let appeals = all(&env, &ids);
    let o = &env.office;
    let office_ctx = Ctx::new(&o.office, at(TODAY));
    let wanted: Vec<i64> = ids.iter().rev().copied().collect();

    let first = rows_by_ids(&env.store, &office_ctx, &wanted, 0, 5).unwrap();
    assert_eq!(first.total, Some(wanted.len() as i64));
    assert_eq!(
        first.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        wanted[..5]
    );
    assert!(first.has_more);
    let last_page = (wanted.len() as i64 - 1) / 5;
    let last = rows_by_ids(&env.store, &office_ctx, &wanted, last_page, 5).unwrap();
    assert_eq!(last.rows.last().map(|r| r.id), wanted.last().copied());
    assert!(!last.has_more);

    let dept0 = o.departments[0].0;
    let handler = Ctx::new(&o.handlers[0], at(TODAY));
    let theirs: Vec<i64> = wanted
        .iter()
        .copied()
        .filter(|id| {
            appeals
                .iter()
                .any(|a| a.id == *id && a.department_id == Some(dept0))
        })
        .collect();
    assert!(!theirs.is_empty() && theirs.len() < wanted.len());
    let page = rows_by_ids(&env.store, &handler, &wanted, 0, 200).unwrap();
    assert_eq!(page.total, Some(theirs.len() as i64));
    assert_eq!(page.rows.iter().map(|r| r.id).collect::<Vec<_>>(), theirs);
}

#[test]
fn a_term_pages_through_its_newest_matches_whether_the_newest_appeals_fill_a_page_or_not() {
    // On PostgreSQL a page of a term looks among the newest appeals first (here, with 38 appeals,
    // the newest four) and among all of them when those do not fill it. Every page size must give
    // the newest-first order and the total the test computes itself, on both stores.
    let (mut env, _) = office::build();
    let clerk = Ctx::new(&env.office.clerk, at(TODAY));
    let mut all_ids = Vec::new();
    for i in 0..24 {
        let content = match i % 4 {
            0 => "路口井盖松动，夜里有人绊倒。",
            1 if i < 12 => "老城区自来水管道老化漏水。",
            _ => "公园长椅损坏无人维修。",
        };
        let form = input("hotline", "complaint", &format!("1380000{i:04}"), content);
        let id = minyi_core::usecases::register::register(&mut env.store, &clerk, &form)
            .unwrap()
            .appeal_id;
        all_ids.push((id, content));
    }
    let newest_first = |t: &str| -> Vec<i64> {
        let mut ids: Vec<i64> = all_ids
            .iter()
            .filter(|(_, c)| c.contains(t))
            .map(|(id, _)| *id)
            .collect();
        ids.sort_unstable_by(|a, b| b.cmp(a));
        ids
    };
    // Among the newest four: three of 长椅损 (enough for pages of one and two), one of 井盖松,
    // none of 自来水 (all older).
    let mut searches = 0;
    for term in ["长椅损", "井盖松", "自来水"] {
        let want = newest_first(term);
        for size in 1..=3 {
            let mut got = Vec::new();
            for page in 0.. {
                searches += 1;
                let p = search(&env.store, &clerk, term, page, size).unwrap();
                assert_eq!(p.total, Some(want.len() as i64), "{term}, {size} a page");
                got.extend(p.rows.iter().map(|r| r.id));
                if !p.has_more {
                    break;
                }
            }
            assert_eq!(got, want, "{term}, {size} a page");
        }
    }
    if minyi_core::testing::on_postgres() {
        // Some pages came from the newest appeals alone: fewer pages were read among all of them
        // than there were searches.
        let read_among_all: i64 = env
            .store
            .sql_layer_for_tests()
            .query_row(
                "SELECT coalesce(sum(custom_plans), 0)::bigint FROM pg_prepared_statements
                 WHERE statement LIKE '%a.reg_number%appeal_search sn%'
                   AND statement NOT LIKE '%st.id >%'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(read_among_all < searches, "{read_among_all} of {searches}");
    }
}
