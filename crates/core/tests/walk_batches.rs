//! The whole-table walks in keyset batches (`store::walk`: the three chain verifiers and
//! `check`'s replay of every appeal's events) find what one pass finds, whatever the batch size:
//! the same clean report on an intact office, the same first broken event and the same
//! inconsistent appeal after tampering — on the store the suite runs on (SQLite, or PostgreSQL
//! with `MINYI_TEST_PG`) — and a `migrate-store` whose verification walks in batches of a few
//! rows moves a demo office whole, and one whose source chain breaks late is refused before
//! anything is written (PostgreSQL only).
//!
//! The batch size is a per-thread knob (`testing::set_walk_batch`): each test sets its own, so
//! tests running side by side cannot turn each other's small batches back into the default.

use chrono::{DateTime, FixedOffset};
use minyi_core::Store;
use minyi_core::check::{CheckReport, check};
use minyi_core::model::Ctx;
use minyi_core::queries::detail::{PersonalData, detail};
use minyi_core::testing::{TestPlace, on_postgres, set_walk_batch};
use minyi_core::usecases::accounts::sign_in;
use minyi_demo::generate::{DemoOptions, generate};

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

/// A demo office of `appeals` appeals with rows in all three chains.
fn demo(store: &mut Store, appeals: u64) {
    let opts = DemoOptions {
        appeals,
        seed: 11,
        now: at("2026-12-01T00:00:00+08:00"),
    };
    generate(store, &opts, &mut |_, _| {}).unwrap();
    let office = minyi_demo::seed_office(store, opts.now).unwrap();
    let now = at("2026-12-01T09:00:00+08:00");
    for _ in 0..3 {
        sign_in(store, "jiedai", minyi_demo::DEMO_PASSWORD, now).unwrap();
        assert!(sign_in(store, "jiedai", "not-the-password", now).is_err());
    }
    let ctx = Ctx::new(&office.office, now);
    for id in 1..=5 {
        detail(store, &ctx, id, PersonalData::Full).unwrap();
    }
}

/// `check` at batch sizes of one row, a few rows, and the default; all must agree.
fn check_at_every_batch_size(store: &Store) -> CheckReport {
    let mut reports = Vec::new();
    for rows in [1, 7, 0] {
        set_walk_batch(rows);
        reports.push(check(store).unwrap());
    }
    set_walk_batch(0);
    assert_eq!(reports[0], reports[2], "batch of 1 row against the default");
    assert_eq!(
        reports[1], reports[2],
        "batch of 7 rows against the default"
    );
    reports.pop().unwrap()
}

/// `stmt` run around `table`'s append-only trigger (dropped on SQLite, disabled and enabled again
/// on PostgreSQL by the test cluster's superuser).
fn around_trigger(table: &str, stmt: &str) -> String {
    if on_postgres() {
        format!(
            "ALTER TABLE {table} DISABLE TRIGGER {table}_append_only; {stmt} \
             ALTER TABLE {table} ENABLE TRIGGER {table}_append_only;"
        )
    } else {
        format!("DROP TRIGGER {table}_append_only_update; {stmt}")
    }
}

fn single_i64(store: &Store, sql: &str) -> i64 {
    store
        .sql_layer_for_tests()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

#[test]
fn check_walks_in_batches_and_finds_what_one_pass_finds() {
    let dir = tempfile::tempdir().unwrap();
    let place = TestPlace::new(dir.path());
    let mut store = place.open().unwrap();
    demo(&mut store, 40);
    let events = single_i64(&store, "SELECT count(*) FROM events");
    assert!(events > 200, "{events} events");
    assert!(single_i64(&store, "SELECT count(*) FROM security_log") > 1);
    assert!(single_i64(&store, "SELECT count(*) FROM access_log") > 1);

    let clean = check_at_every_batch_size(&store);
    assert!(clean.ok(), "{:?}", clean.problems);
    assert_eq!(clean.events, events);

    // An event in the middle of the chain, past many batch boundaries, edited; and an appeal whose
    // status no longer follows from its events, among the later appeals.
    let broken = events / 2 + 3;
    let sql = store.sql_layer_for_tests();
    sql.execute_batch(&around_trigger(
        "events",
        &format!("UPDATE events SET reason = '改过' WHERE id = {broken};"),
    ))
    .unwrap();
    let appeal = 30;
    let reg: String = sql
        .query_row(
            "SELECT reg_number FROM appeals WHERE id = ?1",
            [appeal],
            |r| r.get(0),
        )
        .unwrap();
    sql.execute(
        "UPDATE appeals SET status = CASE WHEN status = 'closed' THEN 'registered' ELSE 'closed' END WHERE id = ?1",
        [appeal],
    )
    .unwrap();

    let damaged = check_at_every_batch_size(&store);
    let chain = format!("事件日志在第{broken}条处校验失败：记录被改动或删除过。");
    assert!(damaged.problems.contains(&chain), "{:?}", damaged.problems);
    assert!(
        damaged
            .problems
            .iter()
            .any(|p| p.contains(&reg) && p.contains("事件记录不一致")),
        "{:?}",
        damaged.problems
    );
    // Nothing else: the other chains and appeals walked across the same boundaries hold.
    assert_eq!(damaged.problems.len(), 2, "{:?}", damaged.problems);
}

#[test]
fn a_move_verified_in_batches_of_a_few_rows_arrives_whole() {
    let Some(cluster) = minyi_core::testing::pg::cluster_or_skip("a_move_verified_in_batches")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let place = TestPlace::sqlite(dir.path());
    let mut source = place.open().unwrap();
    demo(&mut source, 30);
    drop(source);
    let db = minyi_core::testing::pg::TestDatabase::empty(&cluster);
    let server_dir = tempfile::tempdir().unwrap();
    set_walk_batch(5);
    let report = minyi_core::store::move_to_pg::sqlite_to_pg(
        &place.sqlite_path(),
        db.url(),
        server_dir.path(),
        &mut |_| {},
    )
    .unwrap();
    set_walk_batch(0);
    assert!(report.check.ok(), "{:?}", report.check.problems);
    let moved = Store::open_url(db.url(), server_dir.path()).unwrap();
    let after = check_at_every_batch_size(&moved);
    assert!(after.ok(), "{:?}", after.problems);
    assert_eq!(after.events, report.check.events);
}

#[test]
fn a_source_whose_chain_breaks_past_many_batches_is_refused_before_anything_moves() {
    let Some(cluster) = minyi_core::testing::pg::cluster_or_skip("a_source_whose_chain_breaks")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let place = TestPlace::sqlite(dir.path());
    let mut source = place.open().unwrap();
    demo(&mut source, 20);
    let events = single_i64(&source, "SELECT count(*) FROM events");
    let broken = events - 4;
    source
        .sql_for_tests()
        .execute_batch(&format!(
            "DROP TRIGGER events_append_only_update; UPDATE events SET reason = '改过' WHERE id = {broken};"
        ))
        .unwrap();
    drop(source);
    let db = minyi_core::testing::pg::TestDatabase::empty(&cluster);
    let server_dir = tempfile::tempdir().unwrap();
    set_walk_batch(5);
    let refused = minyi_core::store::move_to_pg::sqlite_to_pg(
        &place.sqlite_path(),
        db.url(),
        server_dir.path(),
        &mut |_| {},
    )
    .unwrap_err();
    set_walk_batch(0);
    assert!(
        refused.message.starts_with(&format!(
            "原数据库的事件日志在第{broken}条处校验失败，未迁移任何数据。"
        )),
        "{}",
        refused.message
    );
    let appeals: i64 = db
        .connect()
        .query_one("SELECT count(*) FROM appeals", &[])
        .unwrap()
        .get(0);
    assert_eq!(appeals, 0);
}
