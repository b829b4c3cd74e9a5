//! Registration and archive numbers under concurrent writers (several `Store`s on one file, as two
//! workstations or the GUI and the CLI would have): numbers are unique, archive numbers gapless per
//! category and year, a new file opened by several processes at once is migrated exactly once, and
//! re-classification issues a new number while the old one stays findable.

mod common;

use common::*;
use minyi_core::Store;
use minyi_core::check::check;
use minyi_core::model::{Category, Ctx};
use minyi_core::queries::list::search;
use minyi_core::store::db;
use minyi_core::testing::TestPlace;
use minyi_core::usecases::reclassify::reclassify;
use minyi_core::usecases::register::register;
use minyi_demo::seed_office;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Barrier;

const THREADS: usize = 4;
const PER_THREAD: usize = 12;

#[test]
fn concurrent_writers_draw_unique_gapless_numbers() {
    let dir = tempfile::tempdir().unwrap();
    // An SQLite file, or one PostgreSQL database under `make test-rust-pg` (several server
    // processes on one database: the advisory write lock keeps the numbers gapless there).
    let place = TestPlace::new(dir.path());
    let office = {
        let mut store = place.open().unwrap();
        seed_office(&mut store, at("2026-11-02T08:00:00+08:00")).unwrap()
    };
    let barrier = Barrier::new(THREADS);
    std::thread::scope(|s| {
        for t in 0..THREADS {
            let (place, office, barrier) = (&place, &office, &barrier);
            s.spawn(move || {
                let mut store = place.open().unwrap();
                barrier.wait();
                for i in 0..PER_THREAD {
                    let mut form = input(
                        "hotline",
                        "complaint",
                        "13812345678",
                        &format!("第{t}号工位登记的第{i}条诉求：楼道堆放杂物，存在消防隐患。"),
                    );
                    // Odd threads register letters received late in 2025: their archive
                    // numbers belong to 2025's sequences.
                    if t % 2 == 1 {
                        form.received_at = "2025-12-30T09:00:00+08:00".into();
                    }
                    let now = at("2026-11-20T10:00:00+08:00") + chrono::Duration::seconds(i as i64);
                    let ctx = Ctx::new(&office.clerk, now);
                    let id = register(&mut store, &ctx, &form).unwrap().appeal_id;
                    let category = Category::ALL[(t + i) % Category::ALL.len()];
                    accept(&mut store, &office.clerk, id, category, now);
                }
            });
        }
    });

    let store = place.open().unwrap();
    let n = THREADS * PER_THREAD;
    let mut reg_numbers = BTreeSet::new();
    let mut seqs: BTreeMap<(String, String), Vec<i64>> = BTreeMap::new();
    let ids: Vec<i64> = store
        .sql_layer_for_tests()
        .prepare("SELECT id FROM appeals")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(ids.len(), n);
    for id in ids {
        let a = minyi_core::testing::appeal(&store, id).unwrap();
        assert!(reg_numbers.insert(a.reg_number.clone()), "{}", a.reg_number);
        let number = a.archive_number.clone().unwrap();
        let parts: Vec<&str> = number.split('-').collect();
        assert_eq!(parts[0], a.category.archive_code());
        use chrono::Datelike;
        assert_eq!(parts[1], a.received_at.year().to_string());
        seqs.entry((parts[0].into(), parts[1].into()))
            .or_default()
            .push(parts[2].parse().unwrap());
    }
    // One registration counter per day: exactly 0001..=n, whatever the interleaving.
    let expected: BTreeSet<String> = (1..=n).map(|i| format!("20261120-{i:04}")).collect();
    assert_eq!(reg_numbers, expected);
    // Per category and year: exactly 1..=count.
    assert_eq!(seqs.len(), 2 * Category::ALL.len());
    for (key, mut v) in seqs {
        v.sort_unstable();
        let want: Vec<i64> = (1..=v.len() as i64).collect();
        assert_eq!(v, want, "{key:?}");
    }
    let report = check(&store).unwrap();
    assert!(report.ok(), "{:?}", report.problems);
}

#[test]
fn a_new_file_opened_by_several_writers_at_once_is_migrated_once() {
    // A file's own race; PostgreSQL's is tests/pg_schema.rs's (four connections at once).
    for round in 0..5 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("minyi.db");
        let barrier = Barrier::new(THREADS);
        let results: Vec<_> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..THREADS)
                .map(|_| {
                    let (path, barrier) = (&path, &barrier);
                    s.spawn(move || {
                        barrier.wait();
                        Store::open(path).map(|_| ())
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for r in results {
            assert!(r.is_ok(), "round {round}: {:?}", r.unwrap_err());
        }
        let store = Store::open(&path).unwrap();
        let v: i64 = store
            .sql_layer_for_tests()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, db::schema_version());
        assert!(check(&store).unwrap().ok());
    }
}

#[test]
fn reclassification_issues_a_new_number_and_the_old_one_stays_findable() {
    let mut env = common::env();
    let o = env.office.clone();
    let now = at("2026-11-20T11:00:00+08:00");
    let id = registered(&mut env, "complaint", false);
    accept(&mut env.store, &o.clerk, id, Category::Complaint, now);
    let ctx = Ctx::new(&o.clerk, now);
    let e = reclassify(&mut env.store, &ctx, id, Category::Complaint, "无变化").unwrap_err();
    assert_eq!(e.field.as_deref(), Some("category"));
    let r = reclassify(&mut env.store, &ctx, id, Category::Suggestion, "实为建议").unwrap();
    assert_eq!(r.archive_number.as_deref(), Some("JY-2026-000001"));

    let numbers = minyi_core::testing::archive_numbers(&env.store, id).unwrap();
    let flags: Vec<(&str, bool)> = numbers
        .iter()
        .map(|n| (n.number.as_str(), n.superseded))
        .collect();
    assert_eq!(flags, [("TS-2026-000001", true), ("JY-2026-000001", false)]);
    // The old number still leads to the appeal, by exact lookup and through the search box.
    assert_eq!(
        minyi_core::testing::appeal_id(&env.store, "TS-2026-000001").unwrap(),
        Some(id)
    );
    for who in [&o.clerk, &o.office, &o.management] {
        let page = search(&env.store, &Ctx::new(who, now), "TS-2026-000001", 0, 20).unwrap();
        let ids: Vec<i64> = page.rows.iter().map(|r| r.id).collect();
        assert_eq!(ids, [id]);
    }
    let page = search(&env.store, &ctx, "JY-2026-000001", 0, 20).unwrap();
    assert_eq!(page.rows.len(), 1);

    // A superseded number is never reused: the next complaint gets 000002.
    let other = registered(&mut env, "complaint", false);
    let r = accept(&mut env.store, &o.clerk, other, Category::Complaint, now);
    assert_eq!(r.archive_number.as_deref(), Some("TS-2026-000002"));
    // Back to complaint: a third number, the first two both kept.
    let r = reclassify(
        &mut env.store,
        &ctx,
        id,
        Category::Complaint,
        "复核后仍为投诉",
    )
    .unwrap();
    assert_eq!(r.archive_number.as_deref(), Some("TS-2026-000003"));
    assert_eq!(
        minyi_core::testing::appeal_id(&env.store, "JY-2026-000001").unwrap(),
        Some(id)
    );
    let report = check(&env.store).unwrap();
    assert!(report.ok(), "{:?}", report.problems);
}
