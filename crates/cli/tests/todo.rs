//! `todo` on a demo office: the queues of the account it runs as (the built-in `system` account,
//! the appeals office) with the window's counts, and `--slow` lists only appeals not yet overdue,
//! past the share of their stage, with no report in the stage.

mod common;

use common::*;
use serde_json::Value;

#[test]
fn todo_prints_the_queues_and_the_slow_appeals() {
    let (_dir, db) = fresh();
    ok(&run(&db, &["demo", "--appeals", "3000", "--seed", "1"]));
    let o = run(&db, &["todo", "--slow", "--json"]);
    ok(&o);
    let v: Value = serde_json::from_str(&o.stdout).unwrap();
    let kinds: Vec<&str> = v["queues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["kind"].as_str().unwrap())
        .collect();
    // The appeals office decides extensions and holds the talks with dissatisfied appellants.
    assert_eq!(kinds, ["extension", "followUp"], "{}", o.stdout);
    let follow_up = &v["queues"][1];
    assert_eq!(
        follow_up["count"].as_i64().unwrap(),
        count(
            &db,
            "SELECT count(*) FROM appeals WHERE status = 'follow_up'"
        )
    );
    // The demo may leave no talk pending on the day it is built for: then no date either.
    assert_eq!(
        follow_up["earliestDue"].as_str(),
        count_text(
            &db,
            "SELECT min(due_date) FROM appeals WHERE status = 'follow_up'"
        )
        .as_deref()
    );
    let slow = &v["slow"];
    assert_eq!(slow["sharePercent"].as_i64(), Some(50));
    let rows = slow["rows"].as_array().unwrap();
    assert_eq!(rows.len() as i64, slow["total"].as_i64().unwrap());
    for r in rows {
        let (used, allowed) = (
            r["daysUsed"].as_i64().unwrap(),
            r["daysAllowed"].as_i64().unwrap(),
        );
        assert!(allowed > 0 && used * 2 >= allowed, "{r}");
        assert!(!r["appeal"]["due"]["overdue"].as_bool().unwrap(), "{r}");
        let id = r["appeal"]["id"].as_i64().unwrap();
        let started = r["stageStartedOn"].as_str().unwrap();
        assert_eq!(
            count(
                &db,
                &format!(
                    "SELECT count(*) FROM progress_reports WHERE appeal_id = {id} AND substr(at, 1, 10) >= '{started}'"
                )
            ),
            0,
            "a report in the stage: not slow"
        );
    }

    let o = run(&db, &["todo", "--slow"]);
    ok(&o);
    for text in [
        "待我处理",
        "延期申请待审批",
        "不满意待沟通",
        "待办",
        "进度缓慢：本阶段期限已用去 50% 以上",
    ] {
        assert!(o.stdout.contains(text), "{text} missing:\n{}", o.stdout);
    }
    let o = run(&db, &["todo"]);
    ok(&o);
    assert!(!o.stdout.contains("进度缓慢"), "{}", o.stdout);
}

fn count_text(db: &std::path::Path, sql: &str) -> Option<String> {
    let c = minyi_core::testing::rusqlite::Connection::open(db).unwrap();
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}
