//! `check` on PostgreSQL reports a log whose append-only guards (`store::pg::guards`: the UPDATE
//! and DELETE trigger and the TRUNCATE trigger the baseline gives each chained log) are disabled,
//! switched to fire on replicas only, or dropped, naming the log, and is clean again once they are back. PostgreSQL only
//! (`MINYI_TEST_PG`); SQLite's triggers cannot be disabled.

use minyi_core::check::check;
use minyi_core::testing::TestPlace;

#[test]
fn a_disabled_or_dropped_guard_is_reported_by_its_log() {
    let Some(_) = minyi_core::testing::pg::cluster_or_skip("a_disabled_or_dropped_guard") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let place = TestPlace::new(dir.path());
    let store = place.open().unwrap();
    let clean = check(&store).unwrap();
    assert!(clean.ok(), "{:?}", clean.problems);
    let sql = store.sql_layer_for_tests();
    let reported = |store: &minyi_core::Store, name: &str| {
        let r = check(store).unwrap();
        r.problems
            .iter()
            .any(|p| p.starts_with(name) && p.contains("防篡改触发器缺失或被停用"))
    };

    sql.execute_batch("ALTER TABLE access_log DISABLE TRIGGER access_log_no_truncate")
        .unwrap();
    assert!(reported(&store, "个人信息访问记录"));
    assert!(!reported(&store, "事件日志"));
    sql.execute_batch("ALTER TABLE access_log ENABLE TRIGGER access_log_no_truncate")
        .unwrap();
    assert!(check(&store).unwrap().ok());

    // A guard that fires only on replicas guards nothing in the office's sessions.
    sql.execute_batch("ALTER TABLE security_log ENABLE REPLICA TRIGGER security_log_append_only")
        .unwrap();
    assert!(reported(&store, "安全日志"));
    sql.execute_batch("ALTER TABLE security_log ENABLE ALWAYS TRIGGER security_log_append_only")
        .unwrap();
    assert!(check(&store).unwrap().ok());

    sql.execute_batch("DROP TRIGGER events_append_only ON events")
        .unwrap();
    assert!(reported(&store, "事件日志"));
    assert!(!reported(&store, "安全日志"));
}
