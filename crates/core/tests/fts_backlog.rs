//! The full-text backlog (`store::fts_backlog`): registrations wait for the trigram index in
//! batches, and search finds every appeal all the same — while it waits, once its batch is
//! written, and after it got an archive number in between.
//!
//! On PostgreSQL there is no backlog (decision 0014, §2.4): a registration writes its search row
//! at once, and the same searches must find the same appeals; the checks of SQLite's batches and
//! query plans skip themselves there.

mod common;

use common::*;
use minyi_core::check::check;
use minyi_core::model::{Category, Ctx};
use minyi_core::queries::list::search;
use minyi_core::testing::{
    FTS_BACKLOG_BATCH as BATCH, FTS_BACKLOG_DRAIN_SQL, drain_fts_backlog, fts_backlog_contains,
    fts_backlog_len, fts_search_sql, on_postgres,
};
use minyi_core::usecases::register::register;
use std::collections::BTreeSet;

const NOW: &str = "2026-11-20T10:00:00+08:00";

/// The content of the i-th appeal: every third mentions a loose manhole cover, every fifth a
/// bus line with a Latin name in mixed case.
fn content(i: usize) -> String {
    let mut s = format!("第{i}号来件：小区门口道路破损，雨天积水严重。");
    if i.is_multiple_of(3) {
        s.push_str("路口井盖松动，夜间有行人绊倒。");
    }
    if i.is_multiple_of(5) {
        s.push_str("希望开通 Bus-K12 夜班线路。");
    }
    s
}

fn found(env: &Env, term: &str) -> BTreeSet<i64> {
    let ctx = Ctx::new(&env.office.clerk, at(NOW));
    search(&env.store, &ctx, term, 0, 200)
        .unwrap()
        .rows
        .iter()
        .map(|r| r.id)
        .collect()
}

#[test]
fn search_finds_every_appeal_whether_it_waits_for_the_index_or_not() {
    let mut env = env();
    let ctx_clerk = env.office.clerk.clone();
    let mut ids = Vec::new();
    let n = 2 * BATCH as usize + 7;
    for i in 0..n {
        let phone = format!("139{:08}", 10_000_000 + i);
        let r = register(
            &mut env.store,
            &Ctx::new(&ctx_clerk, at(NOW)),
            &input("walk_in", "complaint", &phone, &content(i)),
        )
        .unwrap();
        ids.push(r.appeal_id);
        let waiting = fts_backlog_len(&env.store).unwrap();
        let (expect_waiting, index) = if on_postgres() {
            (0, "appeal_search")
        } else {
            (((i + 1) % BATCH as usize) as i64, "appeal_fts")
        };
        assert_eq!(waiting, expect_waiting, "after {}", i + 1);
        let indexed = minyi_core::testing::count(&env.store, index);
        assert_eq!(indexed + waiting, (i + 1) as i64);
        // Checked at a few points, each on both sides of a batch.
        if [0, 30, 31, 32, 33, 64, n - 1].contains(&i) {
            let expect = |pred: &dyn Fn(usize) -> bool| -> BTreeSet<i64> {
                (0..=i).filter(|j| pred(*j)).map(|j| ids[j]).collect()
            };
            assert_eq!(
                found(&env, "井盖松动"),
                expect(&|j| j.is_multiple_of(3)),
                "at {i}"
            );
            // The trigram index ignores ASCII case, and so does LIKE.
            assert_eq!(
                found(&env, "bus-k12"),
                expect(&|j| j.is_multiple_of(5)),
                "at {i}"
            );
            assert_eq!(found(&env, "学院路88号"), expect(&|_| true), "at {i}");
            assert_eq!(found(&env, &r.reg_number), BTreeSet::from([r.appeal_id]));
        }
    }
    let report = check(&env.store).unwrap();
    assert!(report.ok(), "{:?}", report.problems);
}

#[test]
fn an_archive_number_issued_while_waiting_is_indexed_with_the_batch() {
    let mut env = env();
    let clerk = env.office.clerk.clone();
    let id = registered(&mut env, "complaint", false);
    if on_postgres() {
        // No backlog: the archive number is written into the appeal's search row at once.
        assert!(!fts_backlog_contains(&env.store, id).unwrap());
        accept(&mut env.store, &clerk, id, Category::Complaint, at(NOW));
        let number: String = env
            .store
            .sql_layer_for_tests()
            .query_row(
                "SELECT archive_number FROM appeals WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap();
        let numbers: String = env
            .store
            .sql_layer_for_tests()
            .query_row(
                "SELECT numbers FROM appeal_search WHERE appeal_id = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap();
        assert!(numbers.contains(&number), "{numbers}");
        assert_eq!(found(&env, &number), BTreeSet::from([id]));
        assert_eq!(drain_fts_backlog(&mut env.store).unwrap(), 0);
        let report = check(&env.store).unwrap();
        assert!(report.ok(), "{:?}", report.problems);
        return;
    }
    assert!(fts_backlog_contains(&env.store, id).unwrap());
    accept(&mut env.store, &clerk, id, Category::Complaint, at(NOW));
    let number: String = env
        .store
        .sql_for_tests()
        .query_row(
            "SELECT archive_number FROM appeals WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    // Re-indexing for the new number left the appeal waiting rather than indexing it twice.
    assert!(fts_backlog_contains(&env.store, id).unwrap());
    assert_eq!(count(&env.store, "appeal_fts"), 0);
    assert_eq!(found(&env, &number), BTreeSet::from([id]));

    let drained = drain_fts_backlog(&mut env.store).unwrap();
    assert_eq!(drained, 1);
    assert_eq!(fts_backlog_len(&env.store).unwrap(), 0);
    let by_index: i64 = env
        .store
        .sql_for_tests()
        .query_row(
            "SELECT rowid FROM appeal_fts WHERE appeal_fts MATCH ?1",
            [format!("\"{number}\"")],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(by_index, id);
    assert_eq!(found(&env, &number), BTreeSet::from([id]));
    let report = check(&env.store).unwrap();
    assert!(report.ok(), "{:?}", report.problems);
}

/// The query plans' lines (`EXPLAIN QUERY PLAN`).
fn plan(env: &Env, sql: &str) -> Vec<String> {
    let mut st = env
        .store
        .sql_for_tests()
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .unwrap();
    let n = st.parameter_count();
    let args = vec!["%井盖%"; n];
    st.query_map(rusqlite::params_from_iter(args), |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn the_backlog_drives_its_queries_instead_of_a_walk_over_all_appeals() {
    if on_postgres() {
        eprintln!(
            "skipped on PostgreSQL: SQLite's query plans of its FTS backlog, which PostgreSQL has not"
        );
        return;
    }
    let mut env = env();
    registered(&mut env, "complaint", false);
    // A file without statistics (most users' files): the planner took the appeals table, walked
    // in id order to save a sort, as the outer loop.
    for sql in [
        FTS_BACKLOG_DRAIN_SQL.to_string(),
        fts_search_sql("?1", "?2", 100),
    ] {
        let lines = plan(&env, &sql);
        assert!(lines.iter().any(|l| l == "SCAN b"), "{lines:?}");
        let walks_appeals = |l: &String| {
            let mut w = l.split_whitespace();
            w.next() == Some("SCAN") && matches!(w.next(), Some("a" | "ab"))
        };
        assert!(!lines.iter().any(walks_appeals), "{lines:?}");
    }
}
