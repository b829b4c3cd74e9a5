//! On PostgreSQL every execution of a search statement is planned with its term
//! (`plan_cache_mode = force_custom_plan`, set at connect by `store::pg`; decision 0014 §3.2).
//! The store keeps the list's statements prepared, and after five executions PostgreSQL would
//! otherwise be free to switch to a generic plan chosen without the term — freezing whichever of
//! the trigram bitmap and the newest-first scan the first terms favoured. (A count read through
//! the bitmaps alone is planned once: with no other way left its plan is the same for every term,
//! `search::pg::with_bitmap_scans`.) Skipped on SQLite, which plans a statement once and has no
//! such choice to freeze.
//!
//! Also here: a term's total is counted through the indexes' bitmaps in any order, and not at all
//! when the page already holds every match; the search's GIN indexes keep a pending list
//! (migration 019), which the process merges in the background (`tests/pg_migrations.rs`).

mod common;

use common::*;
use minyi_core::model::Ctx;
use minyi_core::queries::list::{PG_SEARCH_COUNT_CAP, search};
use minyi_core::store::Store;
use minyi_core::usecases::register::register;

const NOW: &str = "2026-11-20T10:00:00+08:00";

fn plan_cache_mode(store: &Store) -> String {
    store
        .sql_layer_for_tests()
        .query_row("SHOW plan_cache_mode", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn every_connection_plans_each_execution_with_its_values() {
    if !minyi_core::testing::on_postgres() {
        return;
    }
    let env = env();
    assert_eq!(plan_cache_mode(&env.store), "force_custom_plan");
    // A second store on the same database: a new connection, set up the same way.
    assert_eq!(plan_cache_mode(&env.reopen()), "force_custom_plan");
}

#[test]
fn the_cached_search_statement_is_planned_for_each_term() {
    if !minyi_core::testing::on_postgres() {
        return;
    }
    let mut env = env();
    let clerk = env.office.clerk.clone();
    // "井盖松动" in every appeal, "路灯闪烁" in one.
    for i in 0..30 {
        let content = if i == 7 {
            "人行道上的井盖松动，路灯闪烁，晚上走路很危险。".to_string()
        } else {
            format!("第{i}号楼前的井盖松动，踩上去会晃，请尽快修理。")
        };
        register(
            &mut env.store,
            &Ctx::new(&clerk, at(NOW)),
            &input("walk_in", "complaint", &format!("139{i:08}"), &content),
        )
        .unwrap();
    }
    let ctx = Ctx::new(&clerk, at(NOW));
    // Rare first, then common, more than five times each: the same prepared statements (the
    // page, and the count of the common term, whose matches fill more than a page) with
    // different terms.
    for (term, want) in [("路灯闪烁", 1), ("井盖松动", 30)] {
        for _ in 0..7 {
            let p = search(&env.store, &ctx, term, 0, 10).unwrap();
            assert_eq!(p.total, Some(want), "{term}");
            assert!(!p.total_capped);
            assert_eq!(p.rows.len() as i64, want.min(10));
        }
    }
    // pg_prepared_statements counts, per prepared statement, the executions planned with their
    // values and those run on a generic plan. The search's statements read `appeal_search` (the
    // numbers' branch of the trigram driver).
    let plans: Vec<(bool, i64, i64)> = {
        let conn = env.store.sql_layer_for_tests();
        let mut st = conn
            .prepare_cached(
                "SELECT statement LIKE '%count(*)%', generic_plans, custom_plans
                 FROM pg_prepared_statements
                 WHERE statement LIKE '%appeal_search sn%' AND statement NOT LIKE '%pg_prepared%'
                 ORDER BY 1",
            )
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    // The page ran 14 times (never first among the newest appeals alone: three of them cannot
    // hold a page of ten); the count only for the common term (the rare one's page held its one
    // match, so it needed no count), walked newest first as the term is in every appeal.
    assert_eq!(plans, vec![(false, 0, 14), (true, 0, 7)]);
}

/// The totals of a term on every page, and past the last one, on both stores: counted where the
/// page does not hold the rest of the matches, known from the page where it does.
#[test]
fn every_page_of_a_term_carries_the_same_total() {
    let mut env = env();
    let clerk = env.office.clerk.clone();
    for i in 0..23 {
        register(
            &mut env.store,
            &Ctx::new(&clerk, at(NOW)),
            &input(
                "walk_in",
                "complaint",
                &format!("139{i:08}"),
                &format!("第{i}号楼前的井盖松动，踩上去会晃。"),
            ),
        )
        .unwrap();
    }
    let ctx = Ctx::new(&clerk, at(NOW));
    for (page, rows, has_more) in [(0, 10, true), (1, 10, true), (2, 3, false), (3, 0, false)] {
        let p = search(&env.store, &ctx, "井盖松动", page, 10).unwrap();
        assert_eq!(p.rows.len(), rows, "page {page}");
        assert_eq!(p.has_more, has_more, "page {page}");
        assert_eq!(p.total, Some(23), "page {page}");
        assert!(!p.total_capped);
    }
    let none = search(&env.store, &ctx, "龘龘龘", 0, 10).unwrap();
    assert_eq!((none.rows.len(), none.total), (0, Some(0)));
}

/// A term in one appeal in ten, more than a page of them: counted exactly on both stores — on
/// PostgreSQL through the trigram bitmaps, in any order (a count statement without `ORDER BY`),
/// where a term on nearly every appeal is counted by the newest-first walk.
#[test]
fn a_sparse_term_is_counted_through_the_bitmaps() {
    let mut env = env();
    let clerk = env.office.clerk.clone();
    for i in 0..100 {
        let content = if i % 10 == 3 {
            format!("第{i}号楼前的井盖松动，踩上去会晃。")
        } else {
            format!("第{i}号楼下的路面坑洼，雨天积水。")
        };
        register(
            &mut env.store,
            &Ctx::new(&clerk, at(NOW)),
            &input("walk_in", "complaint", &format!("139{i:08}"), &content),
        )
        .unwrap();
    }
    let ctx = Ctx::new(&clerk, at(NOW));
    let p = search(&env.store, &ctx, "井盖松动", 0, 5).unwrap();
    assert_eq!((p.rows.len(), p.total, p.has_more), (5, Some(10), true));
    let dense = search(&env.store, &ctx, "路面坑洼", 0, 5).unwrap();
    assert_eq!((dense.rows.len(), dense.total), (5, Some(90)));
    if !minyi_core::testing::on_postgres() {
        return;
    }
    let counts: Vec<(bool, i64, i64)> = {
        let conn = env.store.sql_layer_for_tests();
        let mut st = conn
            .prepare_cached(
                "SELECT statement LIKE '%ORDER BY%', generic_plans, custom_plans
                 FROM pg_prepared_statements
                 WHERE statement LIKE '%count(*)%appeal_search sn%'
                   AND statement NOT LIKE '%pg_prepared%' ORDER BY 1",
            )
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    // The sparse term's count without an order, on the plan made once for every term (bitmaps
    // being the only way left, `search::pg::with_bitmap_scans`); the dense one's walked, planned
    // with its term.
    assert_eq!(counts, vec![(false, 1, 0), (true, 0, 1)]);
}

#[test]
fn a_common_term_is_counted_up_to_the_cap_and_paged_past_it() {
    if !minyi_core::testing::on_postgres() {
        return;
    }
    let mut env = env();
    let clerk = env.office.clerk.clone();
    let n = PG_SEARCH_COUNT_CAP + 60;
    for i in 0..n {
        register(
            &mut env.store,
            &Ctx::new(&clerk, at(NOW)),
            &input(
                "walk_in",
                "complaint",
                &format!("139{i:08}"),
                &format!("第{i}号楼前的井盖松动，踩上去会晃。"),
            ),
        )
        .unwrap();
    }
    let ctx = Ctx::new(&clerk, at(NOW));
    let first = search(&env.store, &ctx, "井盖松动", 0, 50).unwrap();
    assert_eq!(first.total, Some(PG_SEARCH_COUNT_CAP));
    assert!(first.total_capped);
    assert!(first.has_more);
    // The page after the counted thousand: the oldest appeals, still found.
    let last = search(&env.store, &ctx, "井盖松动", PG_SEARCH_COUNT_CAP / 50, 50).unwrap();
    assert_eq!(last.rows.len(), 50);
    assert!(last.has_more);
    let beyond = search(
        &env.store,
        &ctx,
        "井盖松动",
        PG_SEARCH_COUNT_CAP / 50 + 1,
        50,
    )
    .unwrap();
    assert_eq!(beyond.rows.len(), 10);
    assert!(!beyond.has_more);
    let oldest = beyond.rows.last().unwrap().id;
    assert_eq!(
        oldest,
        env.store
            .sql_layer_for_tests()
            .query_row("SELECT min(id) FROM appeals", [], |r| r.get::<_, i64>(0))
            .unwrap()
    );
    // A term found fewer times than the cap is counted exactly.
    let few = search(&env.store, &ctx, "第7号楼", 0, 50).unwrap();
    assert!(!few.total_capped);
    assert!(few.total.unwrap() < PG_SEARCH_COUNT_CAP);

    // Six more, each after nine appeals without the term: its newest page is no longer dense, so
    // the total is read through the bitmaps, the subjects' and contents' counts first, the first
    // of which reaches the cap.
    for i in 0..60 {
        let content = if i % 10 == 9 {
            format!("新的{i}号楼前井盖松动。")
        } else {
            format!("新的{i}号楼下路面坑洼。")
        };
        register(
            &mut env.store,
            &Ctx::new(&clerk, at(NOW)),
            &input("walk_in", "complaint", &format!("138{i:08}"), &content),
        )
        .unwrap();
    }
    let sparse_head = search(&env.store, &ctx, "井盖松动", 0, 5).unwrap();
    assert_eq!(
        (sparse_head.total, sparse_head.total_capped),
        (Some(PG_SEARCH_COUNT_CAP), true)
    );
    let probed: i64 = env
        .store
        .sql_layer_for_tests()
        .query_row(
            "SELECT coalesce(sum(generic_plans), 0)::bigint FROM pg_prepared_statements
             WHERE statement LIKE 'SELECT CASE WHEN%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(probed, 1);
}

#[test]
fn the_search_indexes_keep_a_pending_list() {
    if !minyi_core::testing::on_postgres() {
        return;
    }
    let env = env();
    let conn = env.store.sql_layer_for_tests();
    let mut st = conn
        .prepare_cached(
            "SELECT c.relname::text, coalesce(array_to_string(c.reloptions, ','), '')
             FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
             JOIN pg_am am ON am.oid = c.relam
             WHERE am.amname = 'gin' ORDER BY 1",
        )
        .unwrap();
    let gin: Vec<(String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(gin.len(), 5, "{gin:?}");
    for (name, options) in gin {
        assert!(options.contains("fastupdate=on"), "{name}: {options}");
    }
}

#[test]
fn the_pairs_are_compared_by_their_bytes_and_found_through_their_index() {
    if !minyi_core::testing::on_postgres() {
        return;
    }
    let env = env();
    let conn = env.store.sql_layer_for_tests();
    // Migration 020: the column and its index compare under "C", not the database's C.UTF-8.
    let (column, index): (String, String) = conn
        .query_row(
            "SELECT (SELECT co.collname::text FROM pg_attribute a JOIN pg_collation co
                     ON co.oid = a.attcollation
                     WHERE a.attrelid = 'appeal_search'::regclass AND a.attname = 'grams'),
                    (SELECT co.collname::text FROM pg_index i JOIN pg_collation co
                     ON co.oid = i.indcollation[0]
                     WHERE i.indexrelid = 'appeal_search_grams'::regclass)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((column.as_str(), index.as_str()), ("C", "C"));
    // The query a rare two-character term is driven by still matches the index's collation:
    // with sequential scans off, its plan reads the pairs index.
    let plan = minyi_core::testing::search_pair_plan(&env.store, "停水").unwrap();
    assert!(plan.contains("appeal_search_grams"), "{plan}");
}

#[test]
fn the_appeals_ids_have_a_brin_index_of_small_ranges() {
    if !minyi_core::testing::on_postgres() {
        return;
    }
    let env = env();
    // Migration 021: the page of a term looks among the newest appeals first through it; ranges
    // of 32 pages keep it dearer than a rare term's trigram bitmaps in the planner's estimate, so
    // that those come first in the AND and its rows stay exact (the migration says why).
    let (method, options): (String, String) = env
        .store
        .sql_layer_for_tests()
        .query_row(
            "SELECT am.amname::text, array_to_string(c.reloptions, ',')
             FROM pg_class c JOIN pg_am am ON am.oid = c.relam
             WHERE c.relname = 'appeals_id_brin'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (method.as_str(), options.as_str()),
        ("brin", "pages_per_range=32")
    );
}
