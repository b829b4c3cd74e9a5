//! `stats` and `hotspots` on a demo database: the JSON agrees with plain SQL counts, the tables are
//! Chinese, and bad input is refused with a message that says what to write instead.

mod common;

use common::*;
use serde_json::Value;

#[test]
fn stats_and_hotspots_report_the_period() {
    let (_dir, db) = fresh();
    ok(&run(&db, &["demo", "--appeals", "400", "--seed", "3"]));
    let range = "received_at >= '2025-01-01' AND received_at < '2026-01-01'";

    let o = run(
        &db,
        &[
            "stats",
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
            "--json",
        ],
    );
    ok(&o);
    let v: Value = serde_json::from_str(&o.stdout).unwrap();
    let total = count(&db, &format!("SELECT count(*) FROM appeals WHERE {range}"));
    assert!(total > 50, "a year of demo data: {total}");
    assert_eq!(v["total"], total);
    let by_status: i64 = v["byStatus"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["count"].as_i64().unwrap())
        .sum();
    assert_eq!(by_status, total);
    let closed = count(
        &db,
        &format!("SELECT count(*) FROM appeals WHERE {range} AND status = 'closed'"),
    );
    let row = v["byStatus"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "closed")
        .unwrap();
    assert_eq!(row["count"], closed);
    assert_eq!(v["granularity"], "month");
    assert_eq!(v["trend"].as_array().unwrap().len(), 12);

    let o = run(
        &db,
        &["stats", "--from", "2025-01-01", "--to", "2025-12-31"],
    );
    ok(&o);
    for heading in [
        "诉求总数",
        "按分类",
        "按渠道",
        "按承办部门",
        "各阶段办理情况",
        "满意率",
        "趋势",
    ] {
        assert!(
            o.stdout.contains(heading),
            "{heading} missing:\n{}",
            o.stdout
        );
    }

    let o = run(
        &db,
        &[
            "hotspots",
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
            "--json",
            "--limit",
            "5",
        ],
    );
    ok(&o);
    let h: Value = serde_json::from_str(&o.stdout).unwrap();
    let texts = count(
        &db,
        &format!("SELECT count(*) FROM appeals WHERE {range} AND status <> 'merged'"),
    );
    assert_eq!(h["appeals"], texts);
    let top = h["top"].as_array().unwrap();
    assert_eq!(top.len(), 5);
    for t in top {
        assert_eq!(
            t["appealIds"].as_array().unwrap().len() as i64,
            t["appeals"].as_i64().unwrap()
        );
    }
    let o = run(
        &db,
        &["hotspots", "--from", "2025-01-01", "--to", "2025-12-31"],
    );
    ok(&o);
    assert!(o.stdout.contains("本期突出的问题"), "{}", o.stdout);
    assert!(o.stdout.contains("代表诉求"), "{}", o.stdout);
}

#[test]
fn bad_periods_and_filters_are_refused_in_chinese() {
    let (_dir, db) = fresh();
    let o = run(
        &db,
        &["stats", "--from", "2025-13-01", "--to", "2025-12-31"],
    );
    assert_eq!(o.code, 1);
    assert!(
        o.stderr.contains("不是有效日期") && o.stderr.contains("YYYY-MM-DD"),
        "{}",
        o.stderr
    );
    let o = run(
        &db,
        &["stats", "--from", "2025-12-31", "--to", "2025-01-01"],
    );
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("结束日期早于开始日期"), "{}", o.stderr);
    let o = run(
        &db,
        &[
            "stats",
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
            "--department",
            "不存在的科",
        ],
    );
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("找不到承办部门"), "{}", o.stderr);
    let o = run(
        &db,
        &[
            "stats",
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
            "--category",
            "bogus",
        ],
    );
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("分类无效"), "{}", o.stderr);
}

#[test]
fn weak_links_rank_departments_and_stages_with_reasons() {
    let (_dir, db) = fresh();
    ok(&run(&db, &["demo", "--appeals", "400", "--seed", "3"]));
    let o = run(
        &db,
        &[
            "weak-links",
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
            "--json",
        ],
    );
    ok(&o);
    let v: Value = serde_json::from_str(&o.stdout).unwrap();
    let depts = v["departments"].as_array().unwrap();
    assert!(depts.len() >= 3, "{}", o.stdout);
    let rates: Vec<f64> = depts
        .iter()
        .map(|d| d["overdueRate"].as_f64().unwrap_or(-1.0))
        .collect();
    assert!(rates.windows(2).all(|p| p[0] >= p[1]), "{rates:?}");
    // Every appeal behind a row was received in the period.
    for d in depts {
        for id in d["appealIds"].as_array().unwrap() {
            let received = count(
                &db,
                &format!(
                    "SELECT count(*) FROM appeals WHERE id = {id} \
                     AND received_at >= '2025-01-01' AND received_at < '2026-01-01'"
                ),
            );
            assert_eq!(received, 1, "appeal {id} of {}", d["department"]);
        }
    }
    let first = &depts[0];
    let name = first["department"].as_str().unwrap();

    let o = run(
        &db,
        &["weak-links", "--from", "2025-01-01", "--to", "2025-12-31"],
    );
    ok(&o);
    for text in [
        "承办部门（最薄弱的在前）",
        "办理环节（最薄弱的在前）",
        "全办各环节超期率",
        name,
    ] {
        assert!(o.stdout.contains(text), "{text} missing:\n{}", o.stdout);
    }
    assert!(o.stdout.contains("次环节中超期"), "{}", o.stdout);

    // Without dates: this year up to today.
    let o = run(&db, &["weak-links", "--json"]);
    ok(&o);
    let v: Value = serde_json::from_str(&o.stdout).unwrap();
    assert!(
        v["query"]["period"]["from"]
            .as_str()
            .unwrap()
            .ends_with("-01-01")
    );

    let o = run(
        &db,
        &["weak-links", "--from", "2025-12-31", "--to", "2025-01-01"],
    );
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("结束日期早于开始日期"), "{}", o.stderr);
}
