//! Batch printing's data: the ids a list filter matches (same rows as the list, capped), and a
//! print batch that checks and logs the access to every appeal in one go before any is read.

mod common;

use common::*;
use minyi_core::ErrorCode;
use minyi_core::model::Ctx;
use minyi_core::queries::list::{ListFilter, SortKey, list, matching_ids};
use minyi_core::queries::print::{batch_appeal, begin_print_batch};

fn logged(env: &Env) -> i64 {
    env.store
        .sql_layer_for_tests()
        .query_row(
            "SELECT count(*) FROM access_log WHERE purpose = '批量测试'",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn matching_ids_are_the_lists_rows_in_its_order_capped_one_past_the_cap() {
    let mut env = env();
    let ids: Vec<i64> = (0..5)
        .map(|_| registered(&mut env, "complaint", false))
        .collect();
    let ctx = Ctx::new(&env.office.office, at("2026-11-21T10:00:00+08:00"));
    let filter = ListFilter {
        sort: SortKey::RegisteredAsc,
        ..Default::default()
    };
    let page: Vec<i64> = list(&env.store, &ctx, &filter)
        .unwrap()
        .rows
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(page, ids);
    assert_eq!(matching_ids(&env.store, &ctx, &filter, 100).unwrap(), ids);
    // One more than the cap tells "too many" apart from "exactly the cap".
    assert_eq!(
        matching_ids(&env.store, &ctx, &filter, 3).unwrap(),
        ids[..4]
    );
    assert_eq!(matching_ids(&env.store, &ctx, &filter, 5).unwrap(), ids);
    // A handler sees their own department only (none of these is routed yet).
    let handler = Ctx::new(&env.office.handlers[0], at("2026-11-21T10:00:00+08:00"));
    assert!(
        matching_ids(&env.store, &handler, &filter, 100)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_batch_logs_every_access_before_reading_and_refuses_too_many() {
    let mut env = env();
    let ids: Vec<i64> = (0..3)
        .map(|_| registered(&mut env, "complaint", false))
        .collect();
    let office = env.office.office.clone();
    let ctx = Ctx::new(&office, at("2026-11-21T10:00:00+08:00"));
    let all = ListFilter::default();

    let e = begin_print_batch(&mut env.store, &ctx, &all, 2, "批量测试").unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert!(e.message.contains("超过 2 件") && e.message.contains("缩小筛选范围"));
    assert_eq!(logged(&env), 0, "nothing logged for a refused batch");

    let batch = begin_print_batch(&mut env.store, &ctx, &all, 3, "批量测试").unwrap();
    assert_eq!(batch.len(), 3);
    assert_eq!(logged(&env), 3, "one line per appeal, before any is read");
    let d = batch_appeal(&env.store, &ctx, &batch, ids[1]).unwrap();
    assert_eq!(d.appellant.name, "张三丰");
    assert!(!d.personal_data_masked);
    assert_eq!(
        logged(&env),
        3,
        "reading a sheet of the batch logs nothing more"
    );

    // Only the appeals of the batch may be read through it.
    let other = registered(&mut env, "complaint", false);
    assert!(batch_appeal(&env.store, &ctx, &batch, other).is_err());
}

#[test]
fn a_batch_is_refused_to_staff_who_may_not_see_personal_data() {
    let mut env = env();
    registered(&mut env, "complaint", false);
    let unsigned = env.office.unsigned_clerk.clone();
    let ctx = Ctx::new(&unsigned, at("2026-11-21T10:00:00+08:00"));
    let e = begin_print_batch(&mut env.store, &ctx, &ListFilter::default(), 10, "批量测试")
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert_eq!(logged(&env), 0);
}
