//! `assessment` and `export assessment` on a demo database: the JSON's routing counts agree with
//! the event log counted in SQL, the tables are Chinese, the workbook has its sheets and chart, and
//! a backwards period is refused with a sentence that says what to do.

mod common;

use common::*;
use minyi_core::model::EventAction;
use serde_json::Value;

#[test]
fn assessment_ranks_the_period_and_exports_it() {
    let (dir, db) = fresh();
    ok(&run(&db, &["demo", "--appeals", "400", "--seed", "3"]));
    let range = "a.received_at >= '2025-01-01' AND a.received_at < '2026-01-01'";

    let o = run(
        &db,
        &[
            "assessment",
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
            "--json",
        ],
    );
    ok(&o);
    let v: Value = serde_json::from_str(&o.stdout).unwrap();
    let sum = |rows: &Value, key: &str| -> i64 {
        rows.as_array()
            .unwrap()
            .iter()
            .map(|r| r["figures"][key].as_i64().unwrap())
            .sum()
    };
    let events = |action: EventAction| {
        count(
            &db,
            &format!(
                "SELECT count(*) FROM events e JOIN appeals a ON a.id = e.appeal_id
                 WHERE {range} AND e.action = '{}'",
                action.code()
            ),
        )
    };
    assert!(events(EventAction::Route) > 50);
    assert_eq!(sum(&v["departments"], "routed"), events(EventAction::Route));
    assert_eq!(sum(&v["people"], "routed"), events(EventAction::Route));
    assert_eq!(
        sum(&v["departments"], "returned"),
        events(EventAction::ReturnMisrouted)
    );
    let ranks: Vec<i64> = v["departments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rank"].as_i64().unwrap())
        .collect();
    assert_eq!(ranks[0], 1);
    assert!(ranks.windows(2).all(|p| p[0] <= p[1]), "{ranks:?}");
    let weights: i64 = v["weights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["weight"].as_i64().unwrap())
        .sum();
    assert_eq!(weights, 100);

    let o = run(
        &db,
        &["assessment", "--from", "2025-01-01", "--to", "2025-12-31"],
    );
    ok(&o);
    for heading in [
        "考核时段",
        "权重：",
        "部门排名",
        "人员排名",
        "综合得分",
        "城市管理局",
    ] {
        assert!(o.stdout.contains(heading), "{heading}:\n{}", o.stdout);
    }

    let out = dir.path().join("考核排名.xlsx");
    let o = run(
        &db,
        &[
            "export",
            "assessment",
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    ok(&o);
    assert!(o.stdout.contains("已导出考核排名"), "{}", o.stdout);
    let listing = std::process::Command::new("unzip")
        .arg("-l")
        .arg(&out)
        .output()
        .unwrap();
    let listing = String::from_utf8_lossy(&listing.stdout);
    assert!(listing.contains("xl/charts/chart1.xml"), "{listing}");
    assert!(
        listing.contains("xl/worksheets/sheet4.xml"),
        "four sheets: {listing}"
    );

    let o = run(
        &db,
        &["assessment", "--from", "2025-12-31", "--to", "2025-01-01"],
    );
    assert_ne!(o.code, 0);
    assert!(o.stderr.contains("结束日期早于开始日期"), "{}", o.stderr);
    let o = run(
        &db,
        &[
            "export",
            "assessment",
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
            "--out",
            "x.csv",
        ],
    );
    assert_ne!(o.code, 0);
    assert!(o.stderr.contains(".xlsx"), "{}", o.stderr);
}
