//! `check`'s consistency rules over the store's queries (`store::consistency`) find rows that
//! contradict each other — a due date before its stage began, a current archive number the
//! register does not hold — on the store the suite runs on (SQLite, or PostgreSQL with
//! `MINYI_TEST_PG`), and name nobody: counts only.

use chrono::DateTime;
use minyi_core::check::check;
use minyi_core::testing::TestPlace;
use minyi_demo::generate::{DemoOptions, generate};

#[test]
fn rows_that_contradict_each_other_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    let place = TestPlace::new(dir.path());
    let mut store = place.open().unwrap();
    let opts = DemoOptions {
        appeals: 60,
        seed: 5,
        now: DateTime::parse_from_rfc3339("2026-12-01T00:00:00+08:00").unwrap(),
    };
    generate(&mut store, &opts, &mut |_, _| {}).unwrap();
    let clean = check(&store).unwrap();
    assert!(clean.ok(), "{:?}", clean.problems);
    assert!(clean.appeals >= 60 && clean.events > clean.appeals);

    let sql = store.sql_layer_for_tests();
    let numbered: i64 = sql
        .query_row(
            "SELECT count(*) FROM appeals WHERE archive_number IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(numbered > 0, "the demo archives some appeals");
    sql.execute_batch(
        "UPDATE appeals SET due_date = '2000-01-03' WHERE id = (SELECT min(id) FROM appeals
             WHERE due_date IS NOT NULL AND stage_started_on IS NOT NULL);
         UPDATE appeals SET archive_number = archive_number || '-x' WHERE id = (SELECT min(id)
             FROM appeals WHERE archive_number IS NOT NULL);",
    )
    .unwrap();
    let damaged = check(&store).unwrap();
    for expected in [
        "有1条诉求的办理期限早于阶段开始日期。",
        "有1条诉求的归档编号与编号登记表不符。",
    ] {
        assert!(
            damaged.problems.iter().any(|p| p == expected),
            "{expected}: {:?}",
            damaged.problems
        );
    }
    assert_eq!(damaged.appeals, clean.appeals);
    assert_eq!(damaged.events, clean.events);
}
